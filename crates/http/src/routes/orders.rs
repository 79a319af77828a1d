use axum::Json;
use axum::extract::State;
use marketdesk_service::commerce::{OrderDetail, OrderView};
use marketdesk_service::kernel::page::{Page, PageRequest};
use serde::Deserialize;

use crate::AppState;
use crate::extract::{ApiPath, ApiQuery, Auth};
use crate::problem::{ApiResult, Problem};

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct OrderQuery {
    /// Only this customer's orders (staff).
    pub customer_id: Option<i64>,
    pub limit: Option<u32>,
    pub cursor: Option<String>,
}

/// Orders the caller may see, newest first.
#[utoipa::path(get, path = "/api/v1/orders", tag = "orders", params(OrderQuery), security(("bearer" = [])),
    responses((status = 200, body = Page<OrderView>), (status = 400, body = Problem)))]
pub async fn list(
    State(s): State<AppState>,
    Auth(v): Auth,
    ApiQuery(q): ApiQuery<OrderQuery>,
) -> ApiResult<Json<Page<OrderView>>> {
    let page = PageRequest::parse(q.limit, q.cursor.as_deref())?;
    Ok(Json(s.services.list_orders(&v, q.customer_id, page).await?))
}

/// An order by id or number, with lines, payments, shipments and returns.
#[utoipa::path(get, path = "/api/v1/orders/{id}", tag = "orders", security(("bearer" = [])),
    params(("id" = String, Path, description = "Order id or order number")),
    responses((status = 200, body = OrderDetail), (status = 404, body = Problem)))]
pub async fn get(
    State(s): State<AppState>,
    Auth(v): Auth,
    ApiPath(id): ApiPath<String>,
) -> ApiResult<Json<OrderDetail>> {
    Ok(Json(s.services.get_order(&v, &id).await?))
}

/// Marks a feed conflict handled once an agent has checked it with the
/// customer (staff); answers the order.
#[utoipa::path(post, path = "/api/v1/orders/{id}/conflicts/{conflict_id}/handled", tag = "orders",
    params(("id" = String, Path), ("conflict_id" = i64, Path)), security(("bearer" = [])),
    responses((status = 200, body = OrderDetail), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn conflict_handled(
    State(s): State<AppState>,
    Auth(v): Auth,
    ApiPath((id, conflict)): ApiPath<(String, String)>,
) -> ApiResult<Json<OrderDetail>> {
    let conflict: i64 = conflict
        .parse()
        .map_err(|_| crate::problem::ApiError::not_found("conflict"))?;
    Ok(Json(
        s.services.mark_conflict_handled(&v, &id, conflict).await?,
    ))
}
