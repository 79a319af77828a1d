//! Seller standards (docs/DISPUTES.md, "Seller standards"): a seller's
//! standing and what it rests on, the staff's desk, strikes, appeals of
//! notices, flagged buyers.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use marketdesk_service::disputes::{
    AppealDecisionInput, BuyerFlagView, BuyerReviewInput, NewStrike, NoticeAppealInput,
    SellerStandards, StandardsDesk,
};

use crate::AppState;
use crate::extract::{ApiJson, ApiPath, ApiQuery, Auth};
use crate::problem::{ApiError, ApiResult, Problem};

fn id_of(id: &str, what: &'static str) -> ApiResult<i64> {
    id.parse().map_err(|_| ApiError::not_found(what))
}

#[derive(serde::Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct DeskQuery {
    /// Only sellers of this standing: `good`, `warning`, `restricted`,
    /// `suspended`.
    pub standing: Option<String>,
}

/// The standards desk (staff): sellers worst first, appeals waiting,
/// flagged buyers.
#[utoipa::path(get, path = "/api/v1/sellers/standards", tag = "cases", params(DeskQuery), security(("bearer" = [])),
    responses((status = 200, body = StandardsDesk), (status = 403, body = Problem), (status = 422, body = Problem)))]
pub async fn desk(
    State(state): State<AppState>,
    Auth(viewer): Auth,
    ApiQuery(q): ApiQuery<DeskQuery>,
) -> ApiResult<Json<StandardsDesk>> {
    Ok(Json(
        state
            .services
            .standards_desk(&viewer, q.standing.as_deref())
            .await?,
    ))
}

/// A seller's standing, readings, strikes and notices (`me` for one's own).
#[utoipa::path(get, path = "/api/v1/sellers/{id}/standards", tag = "cases", params(("id" = String, Path)),
    security(("bearer" = [])), responses((status = 200, body = SellerStandards), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn seller(
    State(state): State<AppState>,
    Auth(viewer): Auth,
    ApiPath(id): ApiPath<String>,
) -> ApiResult<Json<SellerStandards>> {
    let id = if id == "me" {
        viewer.person_id
    } else {
        id_of(&id, "seller")?
    };
    Ok(Json(state.services.seller_standards(&viewer, id).await?))
}

/// A strike for a seller (supervisors and admins); the standing follows.
#[utoipa::path(post, path = "/api/v1/sellers/{id}/strikes", tag = "cases", params(("id" = i64, Path)),
    request_body = NewStrike, security(("bearer" = [])),
    responses((status = 201, body = SellerStandards), (status = 403, body = Problem), (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn strike(
    State(state): State<AppState>,
    Auth(viewer): Auth,
    ApiPath(id): ApiPath<String>,
    ApiJson(input): ApiJson<NewStrike>,
) -> ApiResult<(StatusCode, Json<SellerStandards>)> {
    let id = id_of(&id, "seller")?;
    Ok((
        StatusCode::CREATED,
        Json(state.services.give_strike(&viewer, id, input).await?),
    ))
}

/// Withdraws a strike given in error.
#[utoipa::path(post, path = "/api/v1/strikes/{id}/withdrawal", tag = "cases", params(("id" = i64, Path)),
    security(("bearer" = [])),
    responses((status = 200, body = SellerStandards), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn withdraw_strike(
    State(state): State<AppState>,
    Auth(viewer): Auth,
    ApiPath(id): ApiPath<String>,
) -> ApiResult<Json<SellerStandards>> {
    let id = id_of(&id, "strike")?;
    Ok(Json(state.services.withdraw_strike(&viewer, id).await?))
}

/// The seller appeals a notice of their standing, once.
#[utoipa::path(post, path = "/api/v1/standing-notices/{id}/appeal", tag = "cases", params(("id" = i64, Path)),
    request_body = NoticeAppealInput, security(("bearer" = [])),
    responses((status = 200, body = SellerStandards), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn appeal(
    State(state): State<AppState>,
    Auth(viewer): Auth,
    ApiPath(id): ApiPath<String>,
    ApiJson(input): ApiJson<NoticeAppealInput>,
) -> ApiResult<Json<SellerStandards>> {
    let id = id_of(&id, "notice")?;
    Ok(Json(
        state.services.appeal_notice(&viewer, id, input).await?,
    ))
}

/// Staff decide an appeal: `upheld`, or `lifted` (the standing goes back).
#[utoipa::path(post, path = "/api/v1/standing-notices/{id}/decision", tag = "cases", params(("id" = i64, Path)),
    request_body = AppealDecisionInput, security(("bearer" = [])),
    responses((status = 200, body = SellerStandards), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn decide(
    State(state): State<AppState>,
    Auth(viewer): Auth,
    ApiPath(id): ApiPath<String>,
    ApiJson(input): ApiJson<AppealDecisionInput>,
) -> ApiResult<Json<SellerStandards>> {
    let id = id_of(&id, "notice")?;
    Ok(Json(
        state
            .services
            .decide_notice_appeal(&viewer, id, input)
            .await?,
    ))
}

/// Staff mark a flagged buyer reviewed.
#[utoipa::path(post, path = "/api/v1/flagged-buyers/{id}/review", tag = "cases", params(("id" = i64, Path)),
    request_body = BuyerReviewInput, security(("bearer" = [])),
    responses((status = 200, body = BuyerFlagView), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn review_buyer(
    State(state): State<AppState>,
    Auth(viewer): Auth,
    ApiPath(id): ApiPath<String>,
    ApiJson(input): ApiJson<BuyerReviewInput>,
) -> ApiResult<Json<BuyerFlagView>> {
    let id = id_of(&id, "flagged buyer")?;
    Ok(Json(
        state.services.review_buyer_flag(&viewer, id, input).await?,
    ))
}
