//! Buyer–seller cases (docs/DISPUTES.md): open, read, take a step, write
//! in the thread, download a file.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use marketdesk_service::disputes::{CaseList, CaseMessageInput, CaseStepInput, CaseView, NewCase};

use super::tickets::download;
use crate::AppState;
use crate::extract::{ApiJson, ApiPath, ApiQuery, Auth};
use crate::problem::{ApiError, ApiResult, Problem};

fn case_id(id: &str) -> ApiResult<i64> {
    id.parse().map_err(|_| ApiError::not_found("case"))
}

#[derive(serde::Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct CasesQuery {
    /// A status (`awaiting_seller`, `awaiting_buyer`, `disagreed`,
    /// `escalated`, `resolved`, `appealed`, `closed`), or `queue`: what
    /// waits for the platform's decision, nearest deadline first.
    pub status: Option<String>,
}

/// The viewer's cases: a buyer's, a seller's, or all for staff.
#[utoipa::path(get, path = "/api/v1/cases", tag = "cases", params(CasesQuery), security(("bearer" = [])),
    responses((status = 200, body = CaseList), (status = 400, body = Problem), (status = 403, body = Problem), (status = 422, body = Problem)))]
pub async fn list(
    State(state): State<AppState>,
    Auth(viewer): Auth,
    ApiQuery(q): ApiQuery<CasesQuery>,
) -> ApiResult<Json<CaseList>> {
    Ok(Json(
        state
            .services
            .list_cases(&viewer, q.status.as_deref())
            .await?,
    ))
}

/// A buyer opens a case on an order (within its window, after the steps
/// the policy asks for); the seller's payout for it is held.
#[utoipa::path(post, path = "/api/v1/cases", tag = "cases", request_body = NewCase, security(("bearer" = [])),
    responses((status = 201, body = CaseView), (status = 403, body = Problem), (status = 404, body = Problem),
        (status = 409, body = Problem), (status = 413, body = Problem), (status = 422, body = Problem)))]
pub async fn open(
    State(state): State<AppState>,
    Auth(viewer): Auth,
    ApiJson(input): ApiJson<NewCase>,
) -> ApiResult<(StatusCode, Json<CaseView>)> {
    Ok((
        StatusCode::CREATED,
        Json(state.services.open_case(&viewer, input).await?),
    ))
}

/// A case as the viewer may see it: the messages and files meant for them,
/// the deadlines in their time zone, the steps they may take.
#[utoipa::path(get, path = "/api/v1/cases/{id}", tag = "cases", params(("id" = i64, Path)), security(("bearer" = [])),
    responses((status = 200, body = CaseView), (status = 404, body = Problem)))]
pub async fn get(
    State(state): State<AppState>,
    Auth(viewer): Auth,
    ApiPath(id): ApiPath<String>,
) -> ApiResult<Json<CaseView>> {
    Ok(Json(state.services.get_case(&viewer, case_id(&id)?).await?))
}

/// A step: `offer`, `contest` (seller); `accept`, `reject`, `withdraw`
/// (buyer); `escalate`, `appeal` (either); `decide` (staff). A step out of
/// turn is 403, one the case's state does not allow 409.
#[utoipa::path(post, path = "/api/v1/cases/{id}/steps", tag = "cases", params(("id" = i64, Path)),
    request_body = CaseStepInput, security(("bearer" = [])),
    responses((status = 200, body = CaseView), (status = 403, body = Problem), (status = 404, body = Problem),
        (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn step(
    State(state): State<AppState>,
    Auth(viewer): Auth,
    ApiPath(id): ApiPath<String>,
    ApiJson(input): ApiJson<CaseStepInput>,
) -> ApiResult<Json<CaseView>> {
    Ok(Json(
        state
            .services
            .case_step(&viewer, case_id(&id)?, input)
            .await?,
    ))
}

/// A message in the case's thread, to everyone or to the platform alone,
/// with photos or documents.
#[utoipa::path(post, path = "/api/v1/cases/{id}/messages", tag = "cases", params(("id" = i64, Path)),
    request_body = CaseMessageInput, security(("bearer" = [])),
    responses((status = 200, body = CaseView), (status = 404, body = Problem), (status = 409, body = Problem),
        (status = 413, body = Problem), (status = 422, body = Problem)))]
pub async fn message(
    State(state): State<AppState>,
    Auth(viewer): Auth,
    ApiPath(id): ApiPath<String>,
    ApiJson(input): ApiJson<CaseMessageInput>,
) -> ApiResult<Json<CaseView>> {
    Ok(Json(
        state
            .services
            .case_message(&viewer, case_id(&id)?, input)
            .await?,
    ))
}

/// Downloads a file of the case (never shown inline).
#[utoipa::path(get, path = "/api/v1/cases/{id}/files/{file_id}", tag = "cases",
    params(("id" = i64, Path), ("file_id" = i64, Path)), security(("bearer" = [])),
    responses((status = 200, content_type = "application/octet-stream"), (status = 404, body = Problem)))]
pub async fn file(
    State(state): State<AppState>,
    Auth(viewer): Auth,
    ApiPath((id, file_id)): ApiPath<(String, String)>,
) -> ApiResult<Response> {
    let file_id: i64 = file_id.parse().map_err(|_| ApiError::not_found("file"))?;
    let (meta, bytes) = state
        .services
        .case_file(&viewer, case_id(&id)?, file_id)
        .await?;
    Ok(download(bytes, &meta.content_type, &meta.filename))
}
