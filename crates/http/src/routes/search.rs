//! Search over help-center articles and, for staff, tickets.

use axum::Json;
use axum::extract::State;
use marketdesk_service::help::{SearchParams, SearchResult};

use crate::AppState;
use crate::extract::{ApiQuery, Auth};
use crate::problem::{ApiResult, Problem};

/// Searches articles and tickets, best match first. Staff find tickets and
/// draft articles; customers only published articles. Stemming (English,
/// Spanish), Chinese word segmentation and one typo per long word; changes
/// are found within a second.
#[utoipa::path(get, path = "/api/v1/search", tag = "search", params(SearchParams), security(("bearer" = [])),
    responses((status = 200, body = Vec<SearchResult>), (status = 400, body = Problem), (status = 401, body = Problem), (status = 422, body = Problem)))]
pub async fn search(
    State(state): State<AppState>,
    Auth(viewer): Auth,
    ApiQuery(params): ApiQuery<SearchParams>,
) -> ApiResult<Json<Vec<SearchResult>>> {
    Ok(Json(state.services.search(&viewer, &params).await?))
}
