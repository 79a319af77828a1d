//! Privacy requests (docs/TRUST.md, "Privacy"): one's data exported or
//! erased; admins carry out erasures.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use marketdesk_service::trust::{PrivacyRequestInput, PrivacyRequestView};

use super::tickets::download;
use crate::AppState;
use crate::extract::{ApiJson, ApiPath, Auth};
use crate::problem::{ApiError, ApiResult, Problem};

fn id_of(id: &str) -> ApiResult<i64> {
    id.parse().map_err(|_| ApiError::not_found("request"))
}

/// Asks for one's data (`export`: ready at once) or its erasure (`erasure`:
/// carried out by an admin within 30 days).
#[utoipa::path(post, path = "/api/v1/me/privacy-requests", tag = "trust", request_body = PrivacyRequestInput, security(("bearer" = [])),
    responses((status = 201, body = PrivacyRequestView), (status = 403, body = Problem), (status = 409, body = Problem)))]
pub async fn request(
    State(state): State<AppState>,
    Auth(viewer): Auth,
    ApiJson(input): ApiJson<PrivacyRequestInput>,
) -> ApiResult<(StatusCode, Json<PrivacyRequestView>)> {
    Ok((
        StatusCode::CREATED,
        Json(state.services.request_privacy(&viewer, input).await?),
    ))
}

/// One's privacy requests, newest first.
#[utoipa::path(get, path = "/api/v1/me/privacy-requests", tag = "trust", security(("bearer" = [])),
    responses((status = 200, body = Vec<PrivacyRequestView>), (status = 403, body = Problem)))]
pub async fn mine(
    State(state): State<AppState>,
    Auth(viewer): Auth,
) -> ApiResult<Json<Vec<PrivacyRequestView>>> {
    Ok(Json(state.services.my_privacy_requests(&viewer).await?))
}

/// Downloads one's export (JSON), within a week of asking.
#[utoipa::path(get, path = "/api/v1/me/privacy-requests/{id}/export", tag = "trust", params(("id" = i64, Path)), security(("bearer" = [])),
    responses((status = 200, content_type = "application/json"), (status = 404, body = Problem)))]
pub async fn export(
    State(state): State<AppState>,
    Auth(viewer): Auth,
    ApiPath(id): ApiPath<String>,
) -> ApiResult<Response> {
    let id = id_of(&id)?;
    let bytes = state.services.privacy_export(&viewer, id).await?;
    Ok(download(
        bytes,
        "application/json",
        &format!("my-data-{id}.json"),
    ))
}

/// Pending privacy requests, the nearest deadline first (admins).
#[utoipa::path(get, path = "/api/v1/privacy-requests", tag = "trust", security(("bearer" = [])),
    responses((status = 200, body = Vec<PrivacyRequestView>), (status = 403, body = Problem)))]
pub async fn queue(
    State(state): State<AppState>,
    Auth(viewer): Auth,
) -> ApiResult<Json<Vec<PrivacyRequestView>>> {
    Ok(Json(state.services.privacy_queue(&viewer).await?))
}

/// Carries out an erasure (admins), once.
#[utoipa::path(post, path = "/api/v1/privacy-requests/{id}/erasure", tag = "trust", params(("id" = i64, Path)), security(("bearer" = [])),
    responses((status = 200, body = PrivacyRequestView), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn erase(
    State(state): State<AppState>,
    Auth(viewer): Auth,
    ApiPath(id): ApiPath<String>,
) -> ApiResult<Json<PrivacyRequestView>> {
    Ok(Json(
        state
            .services
            .carry_out_erasure(&viewer, id_of(&id)?)
            .await?,
    ))
}
