use axum::Json;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use marketdesk_service::accounts::AuditView;
use marketdesk_service::kernel::page::Page;
use marketdesk_service::tickets::{
    MergeRequest, MessageView, NewMessage, NewTicket, TicketDetail, TicketQuery, TicketUpdate,
    TicketView, parse_ticket_id,
};

use crate::AppState;
use crate::extract::{ApiJson, ApiPath, ApiQuery, Auth};
use crate::problem::{ApiError, ApiResult, Problem};

fn ticket_id(text: &str) -> ApiResult<i64> {
    Ok(parse_ticket_id(text)?)
}

/// Opens a ticket with its first message.
#[utoipa::path(post, path = "/api/v1/tickets", tag = "tickets", request_body = NewTicket, security(("bearer" = [])),
    params(("Idempotency-Key" = Option<String>, Header, description = "Retries with the same key return the first answer")),
    responses((status = 201, body = TicketDetail), (status = 401, body = Problem), (status = 422, body = Problem)))]
pub async fn create(
    State(state): State<AppState>,
    Auth(viewer): Auth,
    ApiJson(body): ApiJson<NewTicket>,
) -> ApiResult<Response> {
    let detail = state.services.create_ticket(&viewer, body).await?;
    let location = format!("/api/v1/tickets/{}", detail.ticket.id);
    let mut response = (StatusCode::CREATED, Json(detail)).into_response();
    if let Ok(value) = HeaderValue::from_str(&location) {
        response.headers_mut().insert(header::LOCATION, value);
    }
    Ok(response)
}

/// Tickets the caller may see, newest first.
#[utoipa::path(get, path = "/api/v1/tickets", tag = "tickets", params(TicketQuery), security(("bearer" = [])),
    responses((status = 200, body = Page<TicketView>), (status = 400, body = Problem)))]
pub async fn list(
    State(state): State<AppState>,
    Auth(viewer): Auth,
    ApiQuery(query): ApiQuery<TicketQuery>,
) -> ApiResult<Json<Page<TicketView>>> {
    Ok(Json(state.services.list_tickets(&viewer, &query).await?))
}

/// A ticket with its conversation.
#[utoipa::path(get, path = "/api/v1/tickets/{id}", tag = "tickets", security(("bearer" = [])),
    params(("id" = String, Path, description = "Ticket id or reference such as MD-1042")),
    responses((status = 200, body = TicketDetail), (status = 404, body = Problem)))]
pub async fn get(
    State(state): State<AppState>,
    Auth(viewer): Auth,
    ApiPath(id): ApiPath<String>,
) -> ApiResult<Json<TicketDetail>> {
    Ok(Json(
        state.services.get_ticket(&viewer, ticket_id(&id)?).await?,
    ))
}

/// Changes status, priority, assignee, team, tags, subject, language or custom fields.
#[utoipa::path(patch, path = "/api/v1/tickets/{id}", tag = "tickets", request_body = TicketUpdate, security(("bearer" = [])),
    params(("id" = String, Path, description = "Ticket id or reference")),
    responses((status = 200, body = TicketView), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn update(
    State(state): State<AppState>,
    Auth(viewer): Auth,
    ApiPath(id): ApiPath<String>,
    ApiJson(body): ApiJson<TicketUpdate>,
) -> ApiResult<Json<TicketView>> {
    Ok(Json(
        state
            .services
            .update_ticket(&viewer, ticket_id(&id)?, body)
            .await?,
    ))
}

/// The conversation of a ticket.
#[utoipa::path(get, path = "/api/v1/tickets/{id}/messages", tag = "tickets", security(("bearer" = [])),
    params(("id" = String, Path, description = "Ticket id or reference")),
    responses((status = 200, body = Vec<MessageView>), (status = 404, body = Problem)))]
pub async fn messages(
    State(state): State<AppState>,
    Auth(viewer): Auth,
    ApiPath(id): ApiPath<String>,
) -> ApiResult<Json<Vec<MessageView>>> {
    Ok(Json(
        state
            .services
            .get_ticket(&viewer, ticket_id(&id)?)
            .await?
            .messages,
    ))
}

/// Adds a public reply or an internal note.
#[utoipa::path(post, path = "/api/v1/tickets/{id}/messages", tag = "tickets", request_body = NewMessage, security(("bearer" = [])),
    params(("id" = String, Path, description = "Ticket id or reference")),
    responses((status = 201, body = MessageView), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn add_message(
    State(state): State<AppState>,
    Auth(viewer): Auth,
    ApiPath(id): ApiPath<String>,
    ApiJson(body): ApiJson<NewMessage>,
) -> ApiResult<(StatusCode, Json<MessageView>)> {
    let message = state
        .services
        .add_message(&viewer, ticket_id(&id)?, body)
        .await?;
    Ok((StatusCode::CREATED, Json(message)))
}

/// Merges this ticket into another; this one is closed.
#[utoipa::path(post, path = "/api/v1/tickets/{id}/merge", tag = "tickets", request_body = MergeRequest, security(("bearer" = [])),
    params(("id" = String, Path, description = "The ticket to merge away")),
    responses((status = 200, body = TicketView), (status = 409, body = Problem)))]
pub async fn merge(
    State(state): State<AppState>,
    Auth(viewer): Auth,
    ApiPath(id): ApiPath<String>,
    ApiJson(body): ApiJson<MergeRequest>,
) -> ApiResult<Json<TicketView>> {
    Ok(Json(
        state
            .services
            .merge_tickets(&viewer, ticket_id(&id)?, body.into_ticket_id)
            .await?,
    ))
}

/// The customer's satisfaction rating of this ticket, asked when it was
/// first solved (404 while it was never asked).
#[utoipa::path(get, path = "/api/v1/tickets/{id}/rating", tag = "tickets", security(("bearer" = [])),
    params(("id" = String, Path, description = "Ticket id or reference")),
    responses((status = 200, body = marketdesk_service::tickets::RatingView), (status = 404, body = Problem)))]
pub async fn rating(
    State(state): State<AppState>,
    Auth(viewer): Auth,
    ApiPath(id): ApiPath<String>,
) -> ApiResult<Json<marketdesk_service::tickets::RatingView>> {
    Ok(Json(
        state
            .services
            .ticket_rating(&viewer, ticket_id(&id)?)
            .await?,
    ))
}

#[derive(serde::Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RatingInput {
    /// 1 (very poor) to 5 (very good).
    pub rating: i64,
    /// Optional, at most 2,000 characters.
    #[serde(default)]
    pub comment: String,
}

#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct RatingRecorded {
    /// A poor rating reopened the ticket with its team's lead.
    pub reopened: bool,
}

/// The requester rates their own solved ticket — the survey the email
/// links to, answered once (409 when answered already or expired).
#[utoipa::path(post, path = "/api/v1/tickets/{id}/rating", tag = "tickets", security(("bearer" = [])),
    params(("id" = String, Path, description = "Ticket id or reference")), request_body = RatingInput,
    responses((status = 200, body = RatingRecorded), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn rate(
    State(state): State<AppState>,
    Auth(viewer): Auth,
    ApiPath(id): ApiPath<String>,
    crate::extract::ApiJson(input): crate::extract::ApiJson<RatingInput>,
) -> ApiResult<Json<RatingRecorded>> {
    use marketdesk_service::tickets::SurveyAnswer;
    let answer = state
        .services
        .rate_own_ticket(&viewer, ticket_id(&id)?, input.rating, &input.comment)
        .await?;
    match answer {
        SurveyAnswer::Recorded { reopened } => Ok(Json(RatingRecorded { reopened })),
        SurveyAnswer::AlreadyAnswered => Err(ApiError::new(
            marketdesk_service::ErrorCode::Conflict,
            "this ticket was rated already",
        )),
        SurveyAnswer::Expired => Err(ApiError::new(
            marketdesk_service::ErrorCode::Conflict,
            "the survey of this ticket has expired",
        )),
    }
}

/// Who changed what on this ticket, oldest first.
#[utoipa::path(get, path = "/api/v1/tickets/{id}/audit", tag = "tickets", security(("bearer" = [])),
    params(("id" = String, Path, description = "Ticket id or reference")),
    responses((status = 200, body = Vec<AuditView>), (status = 403, body = Problem)))]
pub async fn audit(
    State(state): State<AppState>,
    Auth(viewer): Auth,
    ApiPath(id): ApiPath<String>,
) -> ApiResult<Json<Vec<AuditView>>> {
    Ok(Json(
        state
            .services
            .ticket_audit(&viewer, ticket_id(&id)?)
            .await?,
    ))
}

/// Downloads an attachment.
#[utoipa::path(get, path = "/api/v1/attachments/{id}", tag = "tickets", security(("bearer" = [])),
    params(("id" = i64, Path)), responses((status = 200, content_type = "application/octet-stream"), (status = 404, body = Problem)))]
pub async fn attachment(
    State(state): State<AppState>,
    Auth(viewer): Auth,
    ApiPath(id): ApiPath<String>,
) -> ApiResult<Response> {
    let id: i64 = id.parse().map_err(|_| ApiError::not_found("attachment"))?;
    let (meta, bytes) = state.services.get_attachment(&viewer, id).await?;
    Ok(download(bytes, &meta.content_type, &meta.filename))
}

/// A stored file served as a download, never rendered inline: uploaded
/// HTML must not run here.
pub(crate) fn download(bytes: Vec<u8>, content_type: &str, filename: &str) -> Response {
    let mut response = bytes.into_response();
    let headers = response.headers_mut();
    let content_type = HeaderValue::from_str(content_type)
        .unwrap_or(HeaderValue::from_static("application/octet-stream"));
    headers.insert(header::CONTENT_TYPE, content_type);
    if let Ok(v) = HeaderValue::from_str(&content_disposition(filename)) {
        headers.insert(header::CONTENT_DISPOSITION, v);
    }
    headers.insert(
        "x-content-type-options",
        HeaderValue::from_static("nosniff"),
    );
    response
}

#[derive(serde::Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ShareRequest {
    /// A seller of a line of one of the ticket's orders.
    pub seller_id: i64,
}

/// Shares the ticket with a seller of one of its orders (staff): from now on
/// they see it and its public messages, and may reply. Sellers never see a
/// buyer's ticket only because it names an order with their item.
#[utoipa::path(post, path = "/api/v1/tickets/{id}/shares", tag = "tickets", request_body = ShareRequest, security(("bearer" = [])),
    params(("id" = String, Path, description = "Ticket id or reference")),
    responses((status = 204), (status = 403, body = Problem), (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn share(
    State(state): State<AppState>,
    Auth(viewer): Auth,
    ApiPath(id): ApiPath<String>,
    ApiJson(body): ApiJson<ShareRequest>,
) -> ApiResult<StatusCode> {
    state
        .services
        .share_ticket(&viewer, ticket_id(&id)?, body.seller_id)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Stops sharing the ticket with a seller (staff).
#[utoipa::path(delete, path = "/api/v1/tickets/{id}/shares/{seller_id}", tag = "tickets", security(("bearer" = [])),
    params(("id" = String, Path, description = "Ticket id or reference"), ("seller_id" = i64, Path)),
    responses((status = 204), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn unshare(
    State(state): State<AppState>,
    Auth(viewer): Auth,
    ApiPath((id, seller_id)): ApiPath<(String, String)>,
) -> ApiResult<StatusCode> {
    let seller_id: i64 = seller_id
        .parse()
        .map_err(|_| ApiError::not_found("seller"))?;
    state
        .services
        .unshare_ticket(&viewer, ticket_id(&id)?, seller_id)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `attachment` with the name twice (RFC 6266): an ASCII `filename` for old
/// clients (other letters become `_`) and the exact UTF-8 name in `filename*`
/// (RFC 8187 percent-encoding).
pub(crate) fn content_disposition(name: &str) -> String {
    let ascii: String = name
        .chars()
        .filter(|c| !c.is_control())
        .map(|c| match c {
            ' ' => ' ',
            '"' | '\\' => '_',
            c if c.is_ascii_graphic() => c,
            _ => '_',
        })
        .collect();
    let mut encoded = String::with_capacity(name.len() * 3);
    for byte in name.bytes() {
        // attr-char of RFC 8187: letters, digits and !#$&+-.^_`|~ stay as they are.
        if byte.is_ascii_alphanumeric() || b"!#$&+-.^_`|~".contains(&byte) {
            encoded.push(byte as char);
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}")
}

#[cfg(test)]
mod tests {
    use super::content_disposition;

    #[test]
    fn names_keep_their_letters_in_filename_star() {
        assert_eq!(
            content_disposition("résumé 简历.pdf"),
            "attachment; filename=\"r_sum_ __.pdf\"; filename*=UTF-8''r%C3%A9sum%C3%A9%20%E7%AE%80%E5%8E%86.pdf"
        );
        assert_eq!(
            content_disposition("a\"b\\c\n.txt"),
            "attachment; filename=\"a_b_c.txt\"; filename*=UTF-8''a%22b%5Cc%0A.txt"
        );
    }
}
