use axum::Json;
use axum::extract::State;
use marketdesk_service::ErrorCode;
use serde::Serialize;

use crate::AppState;
use crate::problem::{ApiError, ApiResult};

#[derive(Serialize, utoipa::ToSchema)]
pub struct Health {
    pub status: &'static str,
    pub database: &'static str,
}

/// 200 when the service can reach its database, 503 otherwise.
#[utoipa::path(get, path = "/healthz", tag = "system",
    responses((status = 200, body = Health), (status = 503, body = crate::problem::Problem)))]
pub async fn healthz(State(state): State<AppState>) -> ApiResult<Json<Health>> {
    match state.services.ping().await {
        Ok(()) => Ok(Json(Health {
            status: "ok",
            database: "reachable",
        })),
        Err(err) => {
            tracing::warn!(error = %err, "health check: database unreachable");
            Err(ApiError::new(
                ErrorCode::DatabaseUnreachable,
                "the database does not answer",
            ))
        }
    }
}

/// Liveness: the process answers (no dependency checked), for an
/// orchestrator deciding whether to restart it.
#[utoipa::path(get, path = "/livez", tag = "system", responses((status = 200, body = Object)))]
pub async fn livez() -> Json<serde_json::Value> {
    Json(serde_json::json!({"status": "alive"}))
}

/// Readiness: the database answers and this node's search index has caught
/// up at least once, so a load balancer may send it traffic.
#[utoipa::path(get, path = "/readyz", tag = "system",
    responses((status = 200, body = Object), (status = 503, body = crate::problem::Problem)))]
pub async fn readyz(State(state): State<AppState>) -> ApiResult<Json<serde_json::Value>> {
    if let Err(err) = state.services.ping().await {
        tracing::warn!(error = %err, "readiness: database unreachable");
        return Err(ApiError::new(
            ErrorCode::DatabaseUnreachable,
            "the database does not answer",
        ));
    }
    if state.services.search_followed_at() == 0 {
        return Err(ApiError::new(
            ErrorCode::NotReady,
            "the search index is still catching up",
        ));
    }
    Ok(Json(serde_json::json!({"status": "ready"})))
}

#[derive(serde::Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ClassifyRequest {
    pub text: String,
}

/// What the assistant understands of one message: intent (the taxonomy's
/// names), confidence, language, entities and sentiment.
#[utoipa::path(post, path = "/api/v1/assistant/classify", tag = "assistant", request_body = ClassifyRequest, security(("bearer" = [])),
    responses((status = 200, body = Object, description = "{intent, confidence, language, entities: [{type, value}], sentiment}"), (status = 422, body = crate::problem::Problem)))]
pub async fn classify(
    State(state): State<AppState>,
    crate::extract::Auth(viewer): crate::extract::Auth,
    crate::extract::ApiJson(body): crate::extract::ApiJson<ClassifyRequest>,
) -> ApiResult<Json<marketdesk_assistant::Prediction>> {
    Ok(Json(state.services.classify(&viewer, &body.text)?))
}

#[derive(serde::Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct SearchQuery {
    pub q: String,
    /// `en`, `zh-CN`, `es`…; English otherwise.
    pub lang: Option<String>,
}

/// Searches the help center (public). A search that finds nothing is recorded.
#[utoipa::path(get, path = "/api/v1/help/search", tag = "help", params(SearchQuery),
    responses((status = 200, body = Vec<marketdesk_service::help::SearchHit>), (status = 422, body = crate::problem::Problem)))]
pub async fn help_search(
    State(state): State<AppState>,
    crate::extract::ApiQuery(q): crate::extract::ApiQuery<SearchQuery>,
) -> ApiResult<Json<Vec<marketdesk_service::help::SearchHit>>> {
    let lang = marketdesk_domain::i18n::Lang::from_tag(q.lang.as_deref().unwrap_or("en"));
    Ok(Json(state.services.help_search(&q.q, lang).await?))
}

/// Creates or replaces a help-center article (supervisors, admins).
#[utoipa::path(post, path = "/api/v1/help/articles", tag = "help", request_body = marketdesk_service::help::NewArticle, security(("bearer" = [])),
    responses((status = 200, body = marketdesk_service::help::ArticleView), (status = 403, body = crate::problem::Problem), (status = 422, body = crate::problem::Problem)))]
pub async fn put_article(
    State(state): State<AppState>,
    crate::extract::Auth(viewer): crate::extract::Auth,
    crate::extract::ApiJson(body): crate::extract::ApiJson<marketdesk_service::help::NewArticle>,
) -> ApiResult<Json<marketdesk_service::help::ArticleView>> {
    Ok(Json(state.services.put_article(&viewer, body).await?))
}

#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct Miss {
    pub query: String,
    pub language: String,
    pub count: i64,
}

/// Searches that found nothing, most frequent first (staff): what to write next.
#[utoipa::path(get, path = "/api/v1/help/misses", tag = "help", security(("bearer" = [])),
    responses((status = 200, body = Vec<Miss>), (status = 403, body = crate::problem::Problem)))]
pub async fn help_misses(
    State(state): State<AppState>,
    crate::extract::Auth(viewer): crate::extract::Auth,
) -> ApiResult<Json<Vec<Miss>>> {
    let misses = state.services.search_misses(&viewer).await?;
    Ok(Json(
        misses
            .into_iter()
            .map(|(query, language, count)| Miss {
                query,
                language,
                count,
            })
            .collect(),
    ))
}

#[derive(serde::Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ReportQuery {
    /// How many days back (1–365, default 30).
    pub days: Option<u32>,
}

/// Self-service: conversations the assistant resolved (no hand-over, no
/// return of the customer within 72 hours), by flow, and the hand-over rate.
#[utoipa::path(get, path = "/api/v1/reports/self-service", tag = "assistant", params(ReportQuery), security(("bearer" = [])),
    responses((status = 200, body = marketdesk_service::reports::SelfServiceReport), (status = 403, body = crate::problem::Problem)))]
pub async fn self_service(
    State(state): State<AppState>,
    crate::extract::Auth(viewer): crate::extract::Auth,
    crate::extract::ApiQuery(q): crate::extract::ApiQuery<ReportQuery>,
) -> ApiResult<Json<marketdesk_service::reports::SelfServiceReport>> {
    Ok(Json(
        state
            .services
            .self_service_report(&viewer, q.days.unwrap_or(30))
            .await?,
    ))
}
