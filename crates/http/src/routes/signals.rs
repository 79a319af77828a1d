//! Suspicious activity (docs/TRUST.md): the platform reports account
//! signals; staff run identity checks on the accounts locked after a "no".

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use marketdesk_service::trust::{
    CheckDecisionInput, CheckStepInput, IdentityCheckView, SignalInput, SignalView,
};

use crate::AppState;
use crate::extract::{ApiJson, ApiPath, Auth};
use crate::problem::{ApiError, ApiResult, Problem};

fn id_of(id: &str) -> ApiResult<i64> {
    id.parse()
        .map_err(|_| ApiError::not_found("identity check"))
}

/// The platform reports something that happened on a customer's account;
/// the customer is asked "was this you?" by mail.
#[utoipa::path(post, path = "/api/v1/ingest/account-signals", tag = "ingest", request_body = SignalInput, security(("bearer" = [])),
    responses((status = 201, body = SignalView), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn ingest(
    State(state): State<AppState>,
    Auth(viewer): Auth,
    ApiJson(input): ApiJson<SignalInput>,
) -> ApiResult<(StatusCode, Json<SignalView>)> {
    Ok((
        StatusCode::CREATED,
        Json(state.services.ingest_signal(&viewer, input).await?),
    ))
}

/// Open identity checks, the oldest first (staff).
#[utoipa::path(get, path = "/api/v1/identity-checks", tag = "trust", security(("bearer" = [])),
    responses((status = 200, body = Vec<IdentityCheckView>), (status = 403, body = Problem)))]
pub async fn list(
    State(state): State<AppState>,
    Auth(viewer): Auth,
) -> ApiResult<Json<Vec<IdentityCheckView>>> {
    Ok(Json(state.services.identity_checks(&viewer).await?))
}

/// Records one step of an identity check (staff); each step is logged.
#[utoipa::path(post, path = "/api/v1/identity-checks/{id}/steps", tag = "trust", params(("id" = i64, Path)),
    request_body = CheckStepInput, security(("bearer" = [])),
    responses((status = 200, body = IdentityCheckView), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn step(
    State(state): State<AppState>,
    Auth(viewer): Auth,
    ApiPath(id): ApiPath<String>,
    ApiJson(input): ApiJson<CheckStepInput>,
) -> ApiResult<Json<IdentityCheckView>> {
    Ok(Json(
        state
            .services
            .identity_check_step(&viewer, id_of(&id)?, input)
            .await?,
    ))
}

/// Decides an identity check (supervisors): passed gives the account back.
#[utoipa::path(post, path = "/api/v1/identity-checks/{id}/decision", tag = "trust", params(("id" = i64, Path)),
    request_body = CheckDecisionInput, security(("bearer" = [])),
    responses((status = 200, body = IdentityCheckView), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn decide(
    State(state): State<AppState>,
    Auth(viewer): Auth,
    ApiPath(id): ApiPath<String>,
    ApiJson(input): ApiJson<CheckDecisionInput>,
) -> ApiResult<Json<IdentityCheckView>> {
    Ok(Json(
        state
            .services
            .decide_identity_check(&viewer, id_of(&id)?, input)
            .await?,
    ))
}
