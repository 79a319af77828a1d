//! Help with customers' marketplace accounts (docs/TRUST.md, "Account
//! help"): actions asked of the platform and answered through ingest,
//! identity checks opened by agents, and identity documents reviewed then
//! deleted.

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use marketdesk_service::trust::{
    AccountActionInput, AccountActionResult, AccountActionView, DocumentReviewInput,
    IdentityCheckView, NewCheckInput,
};

use crate::AppState;
use crate::extract::{ApiJson, ApiPath, Auth};
use crate::problem::{ApiError, ApiResult, Problem};

fn id_of(id: &str, what: &'static str) -> ApiResult<i64> {
    id.parse().map_err(|_| ApiError::not_found(what))
}

/// Opens an identity check for a customer, by id or email (staff); answers
/// the open one if there is one.
#[utoipa::path(post, path = "/api/v1/identity-checks", tag = "trust", request_body = NewCheckInput, security(("bearer" = [])),
    responses((status = 201, body = IdentityCheckView), (status = 403, body = Problem), (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn open_check(
    State(state): State<AppState>,
    Auth(viewer): Auth,
    ApiJson(input): ApiJson<NewCheckInput>,
) -> ApiResult<(StatusCode, Json<IdentityCheckView>)> {
    Ok((
        StatusCode::CREATED,
        Json(state.services.open_identity_check(&viewer, input).await?),
    ))
}

/// Checks passed in the last week: their accounts may be helped (staff).
#[utoipa::path(get, path = "/api/v1/identity-checks/passed", tag = "trust", security(("bearer" = [])),
    responses((status = 200, body = Vec<IdentityCheckView>), (status = 403, body = Problem)))]
pub async fn passed(
    State(state): State<AppState>,
    Auth(viewer): Auth,
) -> ApiResult<Json<Vec<IdentityCheckView>>> {
    Ok(Json(state.services.passed_identity_checks(&viewer).await?))
}

/// Mails the customer a link to upload an identity document (48 hours).
#[utoipa::path(post, path = "/api/v1/identity-checks/{id}/document-request", tag = "trust", params(("id" = i64, Path)), security(("bearer" = [])),
    responses((status = 200, body = IdentityCheckView), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn request_document(
    State(state): State<AppState>,
    Auth(viewer): Auth,
    ApiPath(id): ApiPath<String>,
) -> ApiResult<Json<IdentityCheckView>> {
    let id = id_of(&id, "identity check")?;
    Ok(Json(
        state
            .services
            .request_identity_document(&viewer, id)
            .await?,
    ))
}

/// The uploaded document, while it waits for its review (staff; each look
/// is logged; never cached).
#[utoipa::path(get, path = "/api/v1/identity-checks/{id}/document", tag = "trust", params(("id" = i64, Path)), security(("bearer" = [])),
    responses((status = 200, content_type = "application/octet-stream"), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn document(
    State(state): State<AppState>,
    Auth(viewer): Auth,
    ApiPath(id): ApiPath<String>,
) -> ApiResult<Response> {
    let id = id_of(&id, "identity check")?;
    let (content_type, bytes) = state.services.identity_document(&viewer, id).await?;
    Ok(document_response(&content_type, bytes))
}

/// A document for a person's eyes only: shown inline, never stored by a
/// cache or sniffed as another type.
pub fn document_response(content_type: &str, bytes: Vec<u8>) -> Response {
    let mut response = bytes.into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_str(content_type)
            .unwrap_or(HeaderValue::from_static("application/octet-stream")),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(
        header::CONTENT_DISPOSITION,
        HeaderValue::from_static("inline; filename=\"identity-document\""),
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("default-src 'none'; img-src 'self'; object-src 'self'; sandbox"),
    );
    response
}

/// Records what the document showed; the file is deleted then and there.
#[utoipa::path(post, path = "/api/v1/identity-checks/{id}/document-review", tag = "trust", params(("id" = i64, Path)),
    request_body = DocumentReviewInput, security(("bearer" = [])),
    responses((status = 200, body = IdentityCheckView), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn review_document(
    State(state): State<AppState>,
    Auth(viewer): Auth,
    ApiPath(id): ApiPath<String>,
    ApiJson(input): ApiJson<DocumentReviewInput>,
) -> ApiResult<Json<IdentityCheckView>> {
    let id = id_of(&id, "identity check")?;
    Ok(Json(
        state
            .services
            .review_identity_document(&viewer, id, input)
            .await?,
    ))
}

/// Asks the platform to act on a customer's account (staff); what could
/// hand the account to someone else waits for a passed identity check.
#[utoipa::path(post, path = "/api/v1/customers/{id}/account-actions", tag = "trust", params(("id" = i64, Path)),
    request_body = AccountActionInput, security(("bearer" = [])),
    responses((status = 202, body = AccountActionView), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn request_action(
    State(state): State<AppState>,
    Auth(viewer): Auth,
    ApiPath(id): ApiPath<String>,
    ApiJson(input): ApiJson<AccountActionInput>,
) -> ApiResult<(StatusCode, Json<AccountActionView>)> {
    let id = id_of(&id, "customer")?;
    Ok((
        StatusCode::ACCEPTED,
        Json(
            state
                .services
                .request_account_action(&viewer, id, input)
                .await?,
        ),
    ))
}

/// A customer's account actions, the newest first (staff).
#[utoipa::path(get, path = "/api/v1/customers/{id}/account-actions", tag = "trust", params(("id" = i64, Path)), security(("bearer" = [])),
    responses((status = 200, body = Vec<AccountActionView>), (status = 403, body = Problem)))]
pub async fn actions_of(
    State(state): State<AppState>,
    Auth(viewer): Auth,
    ApiPath(id): ApiPath<String>,
) -> ApiResult<Json<Vec<AccountActionView>>> {
    let id = id_of(&id, "customer")?;
    Ok(Json(
        state.services.account_actions(&viewer, Some(id)).await?,
    ))
}

/// The platform's answer to an action (`done` or `failed`), once.
#[utoipa::path(post, path = "/api/v1/ingest/account-actions/{id}/result", tag = "ingest", params(("id" = i64, Path)),
    request_body = AccountActionResult, security(("bearer" = [])),
    responses((status = 200, body = AccountActionView), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn result(
    State(state): State<AppState>,
    Auth(viewer): Auth,
    ApiPath(id): ApiPath<String>,
    ApiJson(input): ApiJson<AccountActionResult>,
) -> ApiResult<Json<AccountActionView>> {
    let id = id_of(&id, "account action")?;
    Ok(Json(
        state
            .services
            .account_action_result(&viewer, id, input)
            .await?,
    ))
}
