//! Returns: start one, follow it, the label, carrier and warehouse events.

use axum::Json;
use axum::extract::State;
use axum::http::HeaderMap;
use marketdesk_service::after_sales::{
    ActionOutcome, Inspection, NewReturn, ReturnCaseView, ReturnEvent,
};

use crate::AppState;
use crate::extract::{ApiJson, ApiPath, Auth};
use crate::idempotency::HEADER;
use crate::problem::{ApiResult, Problem};

/// Starts a return (customer or staff); answers the return with its label link.
#[utoipa::path(post, path = "/api/v1/orders/{id}/returns", tag = "returns", request_body = NewReturn, security(("bearer" = [])),
    params(("id" = String, Path, description = "Order id or number")),
    responses((status = 200, body = ActionOutcome), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn create(
    State(s): State<AppState>,
    Auth(v): Auth,
    headers: HeaderMap,
    ApiPath(id): ApiPath<String>,
    ApiJson(body): ApiJson<NewReturn>,
) -> ApiResult<Json<ActionOutcome>> {
    let key = headers.get(HEADER).and_then(|v| v.to_str().ok());
    Ok(Json(s.services.create_return(&v, &id, body, key).await?))
}

/// A return by RMA number.
#[utoipa::path(get, path = "/api/v1/returns/{rma}", tag = "returns", security(("bearer" = [])),
    params(("rma" = String, Path)), responses((status = 200, body = ReturnCaseView), (status = 404, body = Problem)))]
pub async fn get(
    State(s): State<AppState>,
    Auth(v): Auth,
    ApiPath(rma): ApiPath<String>,
) -> ApiResult<Json<ReturnCaseView>> {
    Ok(Json(s.services.get_return(&v, &rma).await?.0))
}

/// A carrier scan or the warehouse's receipt (staff or the shop's platform).
#[utoipa::path(post, path = "/api/v1/returns/{rma}/events", tag = "returns", request_body = ReturnEvent, security(("bearer" = [])),
    params(("rma" = String, Path)), responses((status = 200, body = ActionOutcome), (status = 409, body = Problem)))]
pub async fn event(
    State(s): State<AppState>,
    Auth(v): Auth,
    ApiPath(rma): ApiPath<String>,
    ApiJson(body): ApiJson<ReturnEvent>,
) -> ApiResult<Json<ActionOutcome>> {
    Ok(Json(s.services.return_event(&v, &rma, body).await?))
}

/// The warehouse's inspection; the refund follows by the return policy.
#[utoipa::path(post, path = "/api/v1/returns/{rma}/inspection", tag = "returns", request_body = Inspection, security(("bearer" = [])),
    params(("rma" = String, Path)), responses((status = 200, body = ActionOutcome), (status = 409, body = Problem)))]
pub async fn inspect(
    State(s): State<AppState>,
    Auth(v): Auth,
    ApiPath(rma): ApiPath<String>,
    ApiJson(body): ApiJson<Inspection>,
) -> ApiResult<Json<ActionOutcome>> {
    Ok(Json(s.services.inspect_return(&v, &rma, body).await?))
}
