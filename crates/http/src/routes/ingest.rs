//! Ingest of the shop's commerce data (a token with `commerce:write`).

use axum::Json;
use axum::extract::State;
use marketdesk_service::after_sales::{CreditSpent, SpendCredit};
use marketdesk_service::commerce::{
    IngestBatch, IngestOrder, IngestPayouts, IngestProducts, IngestResult, OrderDetail,
    PayoutsIngested, ProductsIngested,
};
use serde::Serialize;
use utoipa::ToSchema;

use crate::AppState;
use crate::extract::{ApiJson, Auth};
use crate::problem::{ApiResult, Problem};

#[derive(Serialize, ToSchema)]
pub struct IngestAnswer {
    pub result: IngestResult,
    pub order: OrderDetail,
}

#[derive(Serialize, ToSchema)]
pub struct BatchAnswer {
    pub results: Vec<IngestResult>,
}

/// Creates or updates one order by its `external_id`, with its customer,
/// lines, payments and shipments. Replaying the same order changes nothing.
#[utoipa::path(post, path = "/api/v1/ingest/orders", tag = "ingest", request_body = IngestOrder, security(("bearer" = [])),
    responses((status = 200, body = IngestAnswer), (status = 403, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn order(
    State(s): State<AppState>,
    Auth(v): Auth,
    ApiJson(body): ApiJson<IngestOrder>,
) -> ApiResult<Json<IngestAnswer>> {
    let (result, order) = s.services.ingest_order(&v, body).await?;
    Ok(Json(IngestAnswer { result, order }))
}

/// Up to 500 orders; each is applied or rejected on its own.
#[utoipa::path(post, path = "/api/v1/ingest/orders/bulk", tag = "ingest", request_body = IngestBatch, security(("bearer" = [])),
    responses((status = 200, body = BatchAnswer), (status = 403, body = Problem), (status = 422, body = Problem)))]
pub async fn bulk(
    State(s): State<AppState>,
    Auth(v): Auth,
    ApiJson(body): ApiJson<IngestBatch>,
) -> ApiResult<Json<BatchAnswer>> {
    Ok(Json(BatchAnswer {
        results: s.services.ingest_batch(&v, body).await?,
    }))
}

/// Creates or updates the catalogue: products and their variants (SKU,
/// attributes, price, stock). Size and colour changes pick from it.
#[utoipa::path(post, path = "/api/v1/ingest/products", tag = "ingest", request_body = IngestProducts, security(("bearer" = [])),
    responses((status = 200, body = ProductsIngested), (status = 403, body = Problem), (status = 422, body = Problem)))]
pub async fn products(
    State(s): State<AppState>,
    Auth(v): Auth,
    ApiJson(body): ApiJson<IngestProducts>,
) -> ApiResult<Json<ProductsIngested>> {
    Ok(Json(s.services.ingest_products(&v, body).await?))
}

/// Records store credit spent at the shop's checkout, by the customer's
/// code or email. Takes from the credit that expires first; a spend above
/// the usable balance is refused whole (409); the same `reference` spends
/// once (a retry answers `replayed: true`).
#[utoipa::path(post, path = "/api/v1/ingest/store-credit", tag = "ingest", request_body = SpendCredit, security(("bearer" = [])),
    responses((status = 200, body = CreditSpent), (status = 403, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn spend_credit(
    State(s): State<AppState>,
    Auth(v): Auth,
    ApiJson(body): ApiJson<SpendCredit>,
) -> ApiResult<Json<CreditSpent>> {
    Ok(Json(s.services.spend_store_credit(&v, body).await?))
}

/// Creates or updates sellers' payouts by their `reference`: amount,
/// status, expected date, holds with their reasons, the orders paid for.
#[utoipa::path(post, path = "/api/v1/ingest/payouts", tag = "ingest", request_body = IngestPayouts, security(("bearer" = [])),
    responses((status = 200, body = PayoutsIngested), (status = 403, body = Problem), (status = 422, body = Problem)))]
pub async fn payouts(
    State(s): State<AppState>,
    Auth(v): Auth,
    ApiJson(body): ApiJson<IngestPayouts>,
) -> ApiResult<Json<PayoutsIngested>> {
    Ok(Json(s.services.ingest_payouts(&v, body).await?))
}
