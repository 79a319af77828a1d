//! Promotions on file, and the explanation of an order's discounts.

use axum::Json;
use axum::extract::State;
use marketdesk_domain::promotions::{Coupon, Explanation, ThresholdOffer};
use marketdesk_service::commerce::Catalogue;
use serde::Deserialize;

use crate::AppState;
use crate::extract::{ApiJson, ApiPath, ApiQuery, Auth};
use crate::problem::{ApiResult, Problem};

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct LangQuery {
    /// Language of the explanation (`en`, `zh`, `es`); the customer's by default.
    pub lang: Option<String>,
}

/// Line by line: how each discount of the order was computed, and why each
/// coupon that did not apply did not (expired, minimum spend and by how much,
/// not combinable, out of scope, usage limit, a better offer won).
#[utoipa::path(get, path = "/api/v1/orders/{id}/discounts", tag = "orders", params(("id" = String, Path), LangQuery), security(("bearer" = [])),
    responses((status = 200, body = Object, description = "The explanation"), (status = 404, body = Problem)))]
pub async fn explain(
    State(s): State<AppState>,
    Auth(v): Auth,
    ApiPath(id): ApiPath<String>,
    ApiQuery(q): ApiQuery<LangQuery>,
) -> ApiResult<Json<Explanation>> {
    Ok(Json(
        s.services
            .explain_discounts(&v, &id, q.lang.as_deref())
            .await?,
    ))
}

/// Threshold offers and coupons on file (staff).
#[utoipa::path(get, path = "/api/v1/promotions", tag = "orders", security(("bearer" = [])),
    responses((status = 200, body = Object), (status = 403, body = Problem)))]
pub async fn list(State(s): State<AppState>, Auth(v): Auth) -> ApiResult<Json<Catalogue>> {
    Ok(Json(s.services.promotions(&v).await?))
}

/// Creates or replaces a threshold offer (supervisors and admins).
#[utoipa::path(post, path = "/api/v1/promotions/thresholds", tag = "orders", request_body = Object, security(("bearer" = [])),
    responses((status = 200, body = Object), (status = 403, body = Problem), (status = 422, body = Problem)))]
pub async fn put_threshold(
    State(s): State<AppState>,
    Auth(v): Auth,
    ApiJson(body): ApiJson<ThresholdOffer>,
) -> ApiResult<Json<ThresholdOffer>> {
    Ok(Json(s.services.put_threshold(&v, body).await?))
}

/// Creates or replaces a coupon (supervisors and admins).
#[utoipa::path(post, path = "/api/v1/promotions/coupons", tag = "orders", request_body = Object, security(("bearer" = [])),
    responses((status = 200, body = Object), (status = 403, body = Problem), (status = 422, body = Problem)))]
pub async fn put_coupon(
    State(s): State<AppState>,
    Auth(v): Auth,
    ApiJson(body): ApiJson<Coupon>,
) -> ApiResult<Json<Coupon>> {
    Ok(Json(s.services.put_coupon(&v, body).await?))
}
