//! The quality programme (docs/METRICS.md, "Quality"): the scorecard, the
//! weekly samples and the reviewers' scores.

use axum::Json;
use axum::extract::State;
use marketdesk_service::reports::{CriterionView, ReviewScores, ReviewView};

use crate::AppState;
use crate::extract::{ApiJson, ApiPath, ApiQuery, Auth};
use crate::problem::{ApiError, ApiResult, Problem};

/// The scorecard's criteria, in order.
#[utoipa::path(get, path = "/api/v1/quality/criteria", tag = "reports", security(("bearer" = [])),
    responses((status = 200, body = Vec<CriterionView>), (status = 403, body = Problem)))]
pub async fn criteria(
    State(state): State<AppState>,
    Auth(viewer): Auth,
) -> ApiResult<Json<Vec<CriterionView>>> {
    Ok(Json(state.services.quality_criteria(&viewer).await?))
}

#[derive(serde::Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CriteriaInput {
    /// The criteria's names, in order (1–20, each at most 80 characters).
    pub criteria: Vec<String>,
}

/// The admin sets the scorecard (a criterion left out is retired; past
/// reviews keep its ratings).
#[utoipa::path(put, path = "/api/v1/quality/criteria", tag = "reports", security(("bearer" = [])),
    request_body = CriteriaInput,
    responses((status = 200, body = Vec<CriterionView>), (status = 403, body = Problem), (status = 422, body = Problem)))]
pub async fn set_criteria(
    State(state): State<AppState>,
    Auth(viewer): Auth,
    ApiJson(input): ApiJson<CriteriaInput>,
) -> ApiResult<Json<Vec<CriterionView>>> {
    Ok(Json(
        state
            .services
            .set_quality_criteria(&viewer, &input.criteria)
            .await?,
    ))
}

#[derive(serde::Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ReviewsQuery {
    /// `pending` or `done` (default: both; agents see their done ones).
    pub status: Option<String>,
    /// An agent's id.
    pub agent: Option<i64>,
}

/// Reviews, newest first: a reviewer sees everyone's, an agent their own.
#[utoipa::path(get, path = "/api/v1/quality/reviews", tag = "reports", params(ReviewsQuery), security(("bearer" = [])),
    responses((status = 200, body = Vec<ReviewView>), (status = 400, body = Problem), (status = 403, body = Problem)))]
pub async fn reviews(
    State(state): State<AppState>,
    Auth(viewer): Auth,
    ApiQuery(q): ApiQuery<ReviewsQuery>,
) -> ApiResult<Json<Vec<ReviewView>>> {
    let done = match q.status.as_deref() {
        None | Some("") => None,
        Some("pending") => Some(false),
        Some("done") => Some(true),
        Some(_) => return Err(ApiError::bad_request("status: `pending` or `done`")),
    };
    Ok(Json(
        state
            .services
            .quality_reviews(&viewer, done, q.agent)
            .await?,
    ))
}

fn review_id(id: &str) -> ApiResult<i64> {
    id.parse().map_err(|_| ApiError::not_found("review"))
}

/// One review with its ratings.
#[utoipa::path(get, path = "/api/v1/quality/reviews/{id}", tag = "reports", security(("bearer" = [])),
    params(("id" = i64, Path)),
    responses((status = 200, body = ReviewView), (status = 404, body = Problem)))]
pub async fn review(
    State(state): State<AppState>,
    Auth(viewer): Auth,
    ApiPath(id): ApiPath<String>,
) -> ApiResult<Json<ReviewView>> {
    Ok(Json(
        state
            .services
            .quality_review(&viewer, review_id(&id)?)
            .await?,
    ))
}

/// A reviewer scores a drawn conversation: every criterion 1–5 and an
/// optional comment, once (409 after), never their own.
#[utoipa::path(post, path = "/api/v1/quality/reviews/{id}", tag = "reports", security(("bearer" = [])),
    params(("id" = i64, Path)), request_body = ReviewScores,
    responses((status = 200, body = ReviewView), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn score(
    State(state): State<AppState>,
    Auth(viewer): Auth,
    ApiPath(id): ApiPath<String>,
    ApiJson(scores): ApiJson<ReviewScores>,
) -> ApiResult<Json<ReviewView>> {
    Ok(Json(
        state
            .services
            .score_review(&viewer, review_id(&id)?, scores)
            .await?,
    ))
}

#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct Drawn {
    /// Conversations drawn now (0: last week's sample was drawn before).
    pub drawn: usize,
}

/// Draws last week's sample now, if no node did yet (the desk draws it by
/// itself each week).
#[utoipa::path(post, path = "/api/v1/quality/samples", tag = "reports", security(("bearer" = [])),
    responses((status = 200, body = Drawn), (status = 403, body = Problem)))]
pub async fn draw(State(state): State<AppState>, Auth(viewer): Auth) -> ApiResult<Json<Drawn>> {
    Ok(Json(Drawn {
        drawn: state.services.draw_quality_sample_now(&viewer).await?,
    }))
}
