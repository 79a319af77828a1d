//! After-sales actions on an order, and the refund approval queue.

use axum::Json;
use axum::extract::State;
use axum::http::HeaderMap;
use marketdesk_service::after_sales::{
    ActionOutcome, CancelOrder, ChangeAddress, ChangePhone, NewRefund, RefundDecision,
};
use marketdesk_service::commerce::RefundView;
use marketdesk_service::kernel::page::{Page, PageRequest};
use marketdesk_service::outbound::DeliveryView;
use serde::Deserialize;

use crate::AppState;
use crate::extract::{ApiJson, ApiPath, ApiQuery, Auth};
use crate::idempotency::HEADER;
use crate::problem::{ApiError, ApiResult, Problem};

/// The `Idempotency-Key`, also passed to the action so that the database
/// itself refuses to act twice.
fn key(headers: &HeaderMap) -> Option<String> {
    headers
        .get(HEADER)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
}

/// Changes the delivery address; refused (409, with the reason in the
/// customer's language) once the order is packed.
#[utoipa::path(post, path = "/api/v1/orders/{id}/address", tag = "orders", request_body = ChangeAddress, security(("bearer" = [])),
    params(("id" = String, Path, description = "Order id or number")),
    responses((status = 200, body = ActionOutcome), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn change_address(
    State(s): State<AppState>,
    Auth(v): Auth,
    headers: HeaderMap,
    ApiPath(id): ApiPath<String>,
    ApiJson(body): ApiJson<ChangeAddress>,
) -> ApiResult<Json<ActionOutcome>> {
    Ok(Json(
        s.services
            .change_address(&v, &id, body, key(&headers).as_deref())
            .await?,
    ))
}

/// Changes the contact phone; refused once the order is packed.
#[utoipa::path(post, path = "/api/v1/orders/{id}/phone", tag = "orders", request_body = ChangePhone, security(("bearer" = [])),
    params(("id" = String, Path, description = "Order id or number")),
    responses((status = 200, body = ActionOutcome), (status = 409, body = Problem)))]
pub async fn change_phone(
    State(s): State<AppState>,
    Auth(v): Auth,
    headers: HeaderMap,
    ApiPath(id): ApiPath<String>,
    ApiJson(body): ApiJson<ChangePhone>,
) -> ApiResult<Json<ActionOutcome>> {
    Ok(Json(
        s.services
            .change_phone(&v, &id, body, key(&headers).as_deref())
            .await?,
    ))
}

/// Cancels the order (or some lines) before it ships, with automatic refund.
#[utoipa::path(post, path = "/api/v1/orders/{id}/cancel", tag = "orders", request_body = CancelOrder, security(("bearer" = [])),
    params(("id" = String, Path, description = "Order id or number")),
    responses((status = 200, body = ActionOutcome), (status = 409, body = Problem)))]
pub async fn cancel(
    State(s): State<AppState>,
    Auth(v): Auth,
    headers: HeaderMap,
    ApiPath(id): ApiPath<String>,
    ApiJson(body): ApiJson<CancelOrder>,
) -> ApiResult<Json<ActionOutcome>> {
    Ok(Json(
        s.services
            .cancel_order(&v, &id, body, key(&headers).as_deref())
            .await?,
    ))
}

/// Refunds (staff); above the actor's policy limit it waits for approval.
#[utoipa::path(post, path = "/api/v1/orders/{id}/refunds", tag = "orders", request_body = NewRefund, security(("bearer" = [])),
    params(("id" = String, Path, description = "Order id or number")),
    responses((status = 200, body = ActionOutcome), (status = 403, body = Problem), (status = 422, body = Problem)))]
pub async fn refund(
    State(s): State<AppState>,
    Auth(v): Auth,
    headers: HeaderMap,
    ApiPath(id): ApiPath<String>,
    ApiJson(body): ApiJson<NewRefund>,
) -> ApiResult<Json<ActionOutcome>> {
    Ok(Json(
        s.services
            .refund(&v, &id, body, key(&headers).as_deref())
            .await?,
    ))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct RefundQuery {
    /// `pending_approval` (default: the approval queue), `completed` or `rejected`.
    pub status: Option<String>,
    pub limit: Option<u32>,
    pub cursor: Option<String>,
}

/// Refunds by status; `pending_approval` is the approval queue.
#[utoipa::path(get, path = "/api/v1/refunds", tag = "orders", params(RefundQuery), security(("bearer" = [])),
    responses((status = 200, body = Page<RefundView>), (status = 403, body = Problem)))]
pub async fn list_refunds(
    State(s): State<AppState>,
    Auth(v): Auth,
    ApiQuery(q): ApiQuery<RefundQuery>,
) -> ApiResult<Json<Page<RefundView>>> {
    let page = PageRequest::parse(q.limit, q.cursor.as_deref())?;
    let status = q.status.as_deref().unwrap_or("pending_approval");
    Ok(Json(s.services.list_refunds(&v, status, page).await?))
}

fn refund_id(raw: &str) -> ApiResult<i64> {
    raw.parse().map_err(|_| ApiError::not_found("refund"))
}

/// Approves a waiting refund (within the approver's own limit).
#[utoipa::path(post, path = "/api/v1/refunds/{id}/approve", tag = "orders", request_body = RefundDecision, security(("bearer" = [])),
    params(("id" = i64, Path)), responses((status = 200, body = ActionOutcome), (status = 403, body = Problem), (status = 409, body = Problem)))]
pub async fn approve(
    State(s): State<AppState>,
    Auth(v): Auth,
    ApiPath(id): ApiPath<String>,
    ApiJson(body): ApiJson<RefundDecision>,
) -> ApiResult<Json<ActionOutcome>> {
    Ok(Json(
        s.services
            .decide_refund(&v, refund_id(&id)?, true, body)
            .await?,
    ))
}

/// Rejects a waiting refund.
#[utoipa::path(post, path = "/api/v1/refunds/{id}/reject", tag = "orders", request_body = RefundDecision, security(("bearer" = [])),
    params(("id" = i64, Path)), responses((status = 200, body = ActionOutcome), (status = 403, body = Problem), (status = 409, body = Problem)))]
pub async fn reject(
    State(s): State<AppState>,
    Auth(v): Auth,
    ApiPath(id): ApiPath<String>,
    ApiJson(body): ApiJson<RefundDecision>,
) -> ApiResult<Json<ActionOutcome>> {
    Ok(Json(
        s.services
            .decide_refund(&v, refund_id(&id)?, false, body)
            .await?,
    ))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct LogQuery {
    pub limit: Option<u32>,
    pub cursor: Option<String>,
}

/// The outbound webhook delivery log (admins).
#[utoipa::path(get, path = "/api/v1/webhooks/deliveries", tag = "admin", params(LogQuery), security(("bearer" = [])),
    responses((status = 200, body = Page<DeliveryView>), (status = 403, body = Problem)))]
pub async fn deliveries(
    State(s): State<AppState>,
    Auth(v): Auth,
    ApiQuery(q): ApiQuery<LogQuery>,
) -> ApiResult<Json<Page<DeliveryView>>> {
    let page = PageRequest::parse(q.limit, q.cursor.as_deref())?;
    Ok(Json(s.services.list_webhook_deliveries(&v, page).await?))
}

/// The shop's policies as configured (public: shown to customers).
#[utoipa::path(get, path = "/api/v1/policy", tag = "orders",
    responses((status = 200, body = marketdesk_domain::policy::Policy)))]
pub async fn policy(State(s): State<AppState>) -> Json<marketdesk_domain::policy::Policy> {
    Json(s.services.policy().clone())
}

/// Runs the shipment watch now (it also runs every minute): parcels in
/// trouble get an on-hold ticket and the customer is told first.
#[utoipa::path(post, path = "/api/v1/shipments/watch", tag = "orders", security(("bearer" = [])),
    responses((status = 200, body = Vec<marketdesk_service::commerce::Detection>), (status = 403, body = Problem)))]
pub async fn watch_shipments(
    State(s): State<AppState>,
    Auth(v): Auth,
) -> ApiResult<Json<Vec<marketdesk_service::commerce::Detection>>> {
    Ok(Json(
        s.services
            .watch_shipments_as(&v, marketdesk_service::now_ms())
            .await?,
    ))
}
