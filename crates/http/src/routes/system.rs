use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
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
    match state.services.store.ping().await {
        Ok(()) => Ok(Json(Health {
            status: "ok",
            database: "reachable",
        })),
        Err(err) => {
            tracing::warn!(error = %err, "health check: database unreachable");
            Err(ApiError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "database_unreachable",
                "the database does not answer",
            ))
        }
    }
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
    crate::extract::Auth(_viewer): crate::extract::Auth,
    crate::extract::ApiJson(body): crate::extract::ApiJson<ClassifyRequest>,
) -> ApiResult<Json<marketdesk_assistant::Prediction>> {
    Ok(Json(state.services.classify(&body.text)?))
}
