//! Care actions on orders, payment problems, and printable documents.

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use marketdesk_service::after_sales::{
    ActionOutcome, AddItem, CareRequest, ChangeVariant, ParcelChoice, PaymentReport, Reschedule,
    UnauthorizedCharge,
};
use marketdesk_service::tickets::TicketView;

use crate::AppState;
use crate::extract::{ApiJson, ApiPath, ApiQuery, Auth};
use crate::idempotency::HEADER;
use crate::problem::{ApiError, ApiResult, Problem};
use crate::routes::promotions::LangQuery;

fn key(headers: &HeaderMap) -> Option<&str> {
    headers.get(HEADER).and_then(|v| v.to_str().ok())
}

/// Changes the size or colour of a line (until the order is packed).
#[utoipa::path(post, path = "/api/v1/orders/{id}/variant", tag = "orders", request_body = ChangeVariant, security(("bearer" = [])),
    params(("id" = String, Path)), responses((status = 200, body = ActionOutcome), (status = 409, body = Problem)))]
pub async fn variant(
    State(s): State<AppState>,
    Auth(v): Auth,
    headers: HeaderMap,
    ApiPath(id): ApiPath<String>,
    ApiJson(body): ApiJson<ChangeVariant>,
) -> ApiResult<Json<ActionOutcome>> {
    Ok(Json(
        s.services
            .change_variant(&v, &id, body, key(&headers))
            .await?,
    ))
}

/// Adds an item of the catalogue before the order is packed: asked of the
/// shop's platform (`order.change_requested`), made when the customer has
/// paid and the platform's feed shows it (`status: awaiting_payment`).
#[utoipa::path(post, path = "/api/v1/orders/{id}/items", tag = "orders", request_body = AddItem, security(("bearer" = [])),
    params(("id" = String, Path)), responses((status = 200, body = ActionOutcome), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn add_item(
    State(s): State<AppState>,
    Auth(v): Auth,
    headers: HeaderMap,
    ApiPath(id): ApiPath<String>,
    ApiJson(body): ApiJson<AddItem>,
) -> ApiResult<Json<ActionOutcome>> {
    Ok(Json(
        s.services.add_item(&v, &id, body, key(&headers)).await?,
    ))
}

/// The customer's choice for a parcel the carrier returns to the shop:
/// `reship` or `refund`, once per parcel.
#[utoipa::path(post, path = "/api/v1/orders/{id}/parcel-choice", tag = "orders", request_body = ParcelChoice, security(("bearer" = [])),
    params(("id" = String, Path)), responses((status = 200, body = ActionOutcome), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn parcel_choice(
    State(s): State<AppState>,
    Auth(v): Auth,
    ApiPath(id): ApiPath<String>,
    ApiJson(body): ApiJson<ParcelChoice>,
) -> ApiResult<Json<ActionOutcome>> {
    Ok(Json(s.services.choose_parcel_remedy(&v, &id, body).await?))
}

/// A new delivery date or a pickup point after a missed delivery.
#[utoipa::path(post, path = "/api/v1/orders/{id}/reschedule", tag = "orders", request_body = Reschedule, security(("bearer" = [])),
    params(("id" = String, Path)), responses((status = 200, body = ActionOutcome), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn reschedule(
    State(s): State<AppState>,
    Auth(v): Auth,
    headers: HeaderMap,
    ApiPath(id): ApiPath<String>,
    ApiJson(body): ApiJson<Reschedule>,
) -> ApiResult<Json<ActionOutcome>> {
    Ok(Json(
        s.services
            .reschedule_delivery(&v, &id, body, key(&headers))
            .await?,
    ))
}

/// Staff: reship, carrier claim, or compensation coupon.
#[utoipa::path(post, path = "/api/v1/orders/{id}/care", tag = "orders", request_body = CareRequest, security(("bearer" = [])),
    params(("id" = String, Path)), responses((status = 200, body = ActionOutcome), (status = 403, body = Problem), (status = 422, body = Problem)))]
pub async fn care(
    State(s): State<AppState>,
    Auth(v): Auth,
    headers: HeaderMap,
    ApiPath(id): ApiPath<String>,
    ApiJson(body): ApiJson<CareRequest>,
) -> ApiResult<Json<ActionOutcome>> {
    Ok(Json(
        s.services
            .care_request(&v, &id, body, key(&headers))
            .await?,
    ))
}

/// Declines explained, double charges found, refunds with dates and bank references.
#[utoipa::path(get, path = "/api/v1/orders/{id}/payments", tag = "orders", params(("id" = String, Path), LangQuery), security(("bearer" = [])),
    responses((status = 200, body = PaymentReport), (status = 404, body = Problem)))]
pub async fn payments(
    State(s): State<AppState>,
    Auth(v): Auth,
    ApiPath(id): ApiPath<String>,
    ApiQuery(q): ApiQuery<LangQuery>,
) -> ApiResult<Json<PaymentReport>> {
    Ok(Json(
        s.services
            .payment_report(&v, &id, q.lang.as_deref())
            .await?,
    ))
}

/// "I did not make this purchase": freezes the account for review and opens an urgent ticket.
#[utoipa::path(post, path = "/api/v1/orders/{id}/unauthorized-charge", tag = "orders", request_body = UnauthorizedCharge, security(("bearer" = [])),
    params(("id" = String, Path)), responses((status = 201, body = TicketView), (status = 404, body = Problem)))]
pub async fn unauthorized(
    State(s): State<AppState>,
    Auth(v): Auth,
    ApiPath(id): ApiPath<String>,
    ApiJson(body): ApiJson<UnauthorizedCharge>,
) -> ApiResult<(StatusCode, Json<TicketView>)> {
    Ok((
        StatusCode::CREATED,
        Json(s.services.report_unauthorized_charge(&v, &id, body).await?),
    ))
}

/// Ends a security review (supervisors).
#[utoipa::path(post, path = "/api/v1/customers/{id}/unfreeze", tag = "people", params(("id" = i64, Path)), security(("bearer" = [])),
    responses((status = 204), (status = 403, body = Problem), (status = 409, body = Problem)))]
pub async fn unfreeze(
    State(s): State<AppState>,
    Auth(v): Auth,
    ApiPath(id): ApiPath<String>,
) -> ApiResult<StatusCode> {
    let id: i64 = id.parse().map_err(|_| ApiError::not_found("person"))?;
    s.services.unfreeze(&v, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

fn pdf(bytes: Vec<u8>, filename: &str) -> Response {
    let mut response = bytes.into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/pdf"),
    );
    if let Ok(v) = HeaderValue::from_str(&format!("inline; filename=\"{filename}\"")) {
        headers.insert(header::CONTENT_DISPOSITION, v);
    }
    response
}

/// The return label as PDF (RMA barcode, return address).
#[utoipa::path(get, path = "/api/v1/returns/{rma}/label", tag = "returns", params(("rma" = String, Path)), security(("bearer" = [])),
    responses((status = 200, content_type = "application/pdf"), (status = 404, body = Problem)))]
pub async fn label(
    State(s): State<AppState>,
    Auth(v): Auth,
    ApiPath(rma): ApiPath<String>,
) -> ApiResult<Response> {
    let bytes = s.services.return_label_pdf(&v, &rma).await?;
    let name: String = rma
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect();
    Ok(pdf(bytes, &format!("{name}.pdf")))
}

/// The invoice as PDF, in the customer's language.
#[utoipa::path(get, path = "/api/v1/orders/{id}/invoice", tag = "orders", params(("id" = String, Path)), security(("bearer" = [])),
    responses((status = 200, content_type = "application/pdf"), (status = 404, body = Problem)))]
pub async fn invoice(
    State(s): State<AppState>,
    Auth(v): Auth,
    ApiPath(id): ApiPath<String>,
) -> ApiResult<Response> {
    let bytes = s.services.invoice_pdf(&v, &id).await?;
    let name: String = id
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect();
    Ok(pdf(bytes, &format!("invoice-{name}.pdf")))
}

/// A customer's membership: tier, points available and pending, benefits, next tier.
#[utoipa::path(get, path = "/api/v1/customers/{id}/membership", tag = "people", params(("id" = i64, Path), LangQuery), security(("bearer" = [])),
    responses((status = 200, body = marketdesk_service::commerce::Membership), (status = 404, body = Problem)))]
pub async fn membership(
    State(s): State<AppState>,
    Auth(v): Auth,
    ApiPath(id): ApiPath<String>,
    ApiQuery(q): ApiQuery<LangQuery>,
) -> ApiResult<Json<marketdesk_service::commerce::Membership>> {
    let id: i64 = id.parse().map_err(|_| ApiError::not_found("person"))?;
    Ok(Json(
        s.services.membership(&v, id, q.lang.as_deref()).await?,
    ))
}

/// Requests to carriers and warehouses for an order (reschedules, reships, claims).
#[utoipa::path(get, path = "/api/v1/orders/{id}/requests", tag = "orders", params(("id" = String, Path)), security(("bearer" = [])),
    responses((status = 200, body = Vec<marketdesk_service::after_sales::RequestView>), (status = 404, body = Problem)))]
pub async fn requests(
    State(s): State<AppState>,
    Auth(v): Auth,
    ApiPath(id): ApiPath<String>,
) -> ApiResult<Json<Vec<marketdesk_service::after_sales::RequestView>>> {
    Ok(Json(s.services.order_requests(&v, &id).await?))
}

/// Moves a request along as the carrier answers (staff).
#[utoipa::path(post, path = "/api/v1/requests/{id}", tag = "orders", request_body = marketdesk_service::after_sales::RequestUpdate, params(("id" = i64, Path)),
    security(("bearer" = [])), responses((status = 200, body = marketdesk_service::after_sales::RequestView), (status = 409, body = Problem)))]
pub async fn update_request(
    State(s): State<AppState>,
    Auth(v): Auth,
    ApiPath(id): ApiPath<String>,
    ApiJson(body): ApiJson<marketdesk_service::after_sales::RequestUpdate>,
) -> ApiResult<Json<marketdesk_service::after_sales::RequestView>> {
    let id: i64 = id.parse().map_err(|_| ApiError::not_found("request"))?;
    Ok(Json(s.services.update_request(&v, id, body).await?))
}

#[derive(serde::Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AttachInvoice {
    pub order: String,
    /// Send it to the customer (default) or keep it as an internal note.
    #[serde(default = "yes")]
    pub public: bool,
}

fn yes() -> bool {
    true
}

/// Attaches an order's invoice PDF to a ticket.
#[utoipa::path(post, path = "/api/v1/tickets/{id}/invoice", tag = "tickets", request_body = AttachInvoice, params(("id" = String, Path)),
    security(("bearer" = [])), responses((status = 201, body = marketdesk_service::tickets::MessageView), (status = 404, body = Problem)))]
pub async fn attach_invoice(
    State(s): State<AppState>,
    Auth(v): Auth,
    ApiPath(id): ApiPath<String>,
    ApiJson(body): ApiJson<AttachInvoice>,
) -> ApiResult<(StatusCode, Json<marketdesk_service::tickets::MessageView>)> {
    let ticket = marketdesk_service::tickets::parse_ticket_id(&id)?;
    Ok((
        StatusCode::CREATED,
        Json(
            s.services
                .attach_invoice(&v, ticket, &body.order, body.public)
                .await?,
        ),
    ))
}
