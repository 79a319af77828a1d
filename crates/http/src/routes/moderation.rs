//! Reports of listings, users and messages (docs/TRUST.md): anyone files
//! one; staff decide them from the moderation queue.

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use marketdesk_service::trust::{
    DecisionInput, ModerationItem, ModerationQueue, NewReportInput, ReportReceipt,
};

use marketdesk_web::ClientAddr;

use crate::AppState;
use crate::extract::{ApiJson, ApiPath, Auth, credential};
use crate::problem::{ApiError, ApiResult, Problem};

/// Files a report: anyone, with an email for the outcome, or signed in with
/// a bearer token (the account's email). The same person reporting the
/// same thing again is counted once (`counted: false`).
#[utoipa::path(post, path = "/api/v1/reports", tag = "trust", request_body = NewReportInput,
    responses((status = 202, body = ReportReceipt), (status = 401, body = Problem), (status = 422, body = Problem), (status = 429, body = Problem)))]
pub async fn file(
    State(state): State<AppState>,
    ClientAddr(client): ClientAddr,
    headers: HeaderMap,
    ApiJson(input): ApiJson<NewReportInput>,
) -> ApiResult<(StatusCode, Json<ReportReceipt>)> {
    // A bearer token says who reports; a cookie is not read here (a form
    // of another site could send it).
    let viewer = match credential(&headers).filter(|(_, from_cookie)| !from_cookie) {
        Some((token, _)) => Some(state.services.authenticate(&token).await?.viewer),
        None => None,
    };
    let receipt = state
        .services
        .file_report(viewer.as_ref(), input, client)
        .await?;
    Ok((StatusCode::ACCEPTED, Json(receipt)))
}

/// The moderation queue (most severe, most reported, oldest first) and the
/// latest decisions (staff).
#[utoipa::path(get, path = "/api/v1/moderation", tag = "trust", security(("bearer" = [])),
    responses((status = 200, body = ModerationQueue), (status = 403, body = Problem)))]
pub async fn queue(
    State(state): State<AppState>,
    Auth(viewer): Auth,
) -> ApiResult<Json<ModerationQueue>> {
    Ok(Json(state.services.moderation_queue(&viewer).await?))
}

/// Decides a report: `takedown`, `warning` or `dismiss`, once; the platform
/// gets `moderation.decided`, every reporter the outcome by mail.
#[utoipa::path(post, path = "/api/v1/moderation/{id}/decision", tag = "trust", params(("id" = i64, Path)),
    request_body = DecisionInput, security(("bearer" = [])),
    responses((status = 200, body = ModerationItem), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn decide(
    State(state): State<AppState>,
    Auth(viewer): Auth,
    ApiPath(id): ApiPath<String>,
    ApiJson(input): ApiJson<DecisionInput>,
) -> ApiResult<Json<ModerationItem>> {
    let id: i64 = id.parse().map_err(|_| ApiError::not_found("report"))?;
    Ok(Json(
        state.services.decide_report(&viewer, id, input).await?,
    ))
}
