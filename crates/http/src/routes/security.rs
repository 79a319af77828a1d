//! Staff accounts' security (docs/SECURITY.md): a lost password reset by
//! mail, the second factor set up and turned off, the roles that must use
//! one, and one's sessions. What changes one's own account needs a
//! session (cookie or bearer session token): an API token alone cannot
//! turn a second factor off.

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use marketdesk_service::Viewer;
use marketdesk_service::accounts::{
    CodeInput, RecoveryCodes, SecondFactorRoles, SecondFactorStatus, SessionView,
};
use marketdesk_service::kernel::auth::SESSION_PREFIX;
use serde::Deserialize;
use utoipa::ToSchema;

use marketdesk_web::ClientAddr;

use super::auth::Accepted;
use crate::AppState;
use crate::extract::{ApiJson, ApiPath, Auth, credential};
use crate::problem::{ApiError, ApiResult, Problem};
use marketdesk_service::ErrorCode;

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PasswordResetRequest {
    pub email: String,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PasswordResetConfirm {
    pub token: String,
    pub password: String,
}

/// The session token this request came with, when it came with one.
fn session_token(headers: &HeaderMap) -> Option<String> {
    credential(headers)
        .map(|(token, _)| token)
        .filter(|t| t.starts_with(SESSION_PREFIX))
}

/// One's own account's security is changed from a session, not a token.
fn from_session(headers: &HeaderMap, viewer: &Viewer) -> ApiResult<String> {
    match session_token(headers) {
        Some(token) if viewer.is_staff() => Ok(token),
        _ => Err(ApiError::new(
            ErrorCode::Forbidden,
            "sign in as a staff member (a session, not an API token) to change your own security",
        )),
    }
}

/// Mails a password reset link to a staff account. Always 202, known
/// address or not; a client asking too often gets 429.
#[utoipa::path(post, path = "/api/v1/auth/password-reset", tag = "auth", request_body = PasswordResetRequest,
    responses((status = 202, body = Accepted), (status = 429, body = Problem)))]
pub async fn request_reset(
    State(state): State<AppState>,
    ClientAddr(client): ClientAddr,
    ApiJson(body): ApiJson<PasswordResetRequest>,
) -> ApiResult<(StatusCode, Json<Accepted>)> {
    state
        .services
        .request_password_reset(&body.email, client)
        .await?;
    Ok((
        StatusCode::ACCEPTED,
        Json(Accepted {
            status: "sent_if_known",
        }),
    ))
}

/// Sets a new password with a reset link's token (once, within the hour);
/// every session of the account ends.
#[utoipa::path(post, path = "/api/v1/auth/password-reset/confirm", tag = "auth", request_body = PasswordResetConfirm,
    responses((status = 204), (status = 422, body = Problem)))]
pub async fn confirm_reset(
    State(state): State<AppState>,
    ApiJson(body): ApiJson<PasswordResetConfirm>,
) -> ApiResult<StatusCode> {
    state
        .services
        .reset_password(&body.token, &body.password)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// One's second factor: on or off, required of one's role, recovery
/// codes left, the secret while it is being set up.
#[utoipa::path(get, path = "/api/v1/me/second-factor", tag = "auth", security(("bearer" = [])),
    responses((status = 200, body = SecondFactorStatus), (status = 403, body = Problem)))]
pub async fn status(
    State(state): State<AppState>,
    Auth(viewer): Auth,
    headers: HeaderMap,
) -> ApiResult<Json<SecondFactorStatus>> {
    from_session(&headers, &viewer)?;
    Ok(Json(state.services.second_factor_status(&viewer).await?))
}

/// Starts setting up a second factor: the secret for the app.
#[utoipa::path(post, path = "/api/v1/me/second-factor", tag = "auth", security(("bearer" = [])),
    responses((status = 200, body = SecondFactorStatus), (status = 403, body = Problem), (status = 409, body = Problem)))]
pub async fn begin(
    State(state): State<AppState>,
    Auth(viewer): Auth,
    headers: HeaderMap,
) -> ApiResult<Json<SecondFactorStatus>> {
    from_session(&headers, &viewer)?;
    Ok(Json(state.services.begin_second_factor(&viewer).await?))
}

/// Confirms the second factor with a code; answers the recovery codes once.
#[utoipa::path(post, path = "/api/v1/me/second-factor/confirm", tag = "auth", request_body = CodeInput, security(("bearer" = [])),
    responses((status = 200, body = RecoveryCodes), (status = 403, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn confirm(
    State(state): State<AppState>,
    Auth(viewer): Auth,
    headers: HeaderMap,
    ApiJson(body): ApiJson<CodeInput>,
) -> ApiResult<Json<RecoveryCodes>> {
    from_session(&headers, &viewer)?;
    Ok(Json(
        state.services.confirm_second_factor(&viewer, body).await?,
    ))
}

/// New recovery codes for the old ones, with a code from the app.
#[utoipa::path(post, path = "/api/v1/me/second-factor/recovery-codes", tag = "auth", request_body = CodeInput, security(("bearer" = [])),
    responses((status = 200, body = RecoveryCodes), (status = 403, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn recovery_codes(
    State(state): State<AppState>,
    Auth(viewer): Auth,
    headers: HeaderMap,
    ApiJson(body): ApiJson<CodeInput>,
) -> ApiResult<Json<RecoveryCodes>> {
    from_session(&headers, &viewer)?;
    Ok(Json(
        state.services.renew_recovery_codes(&viewer, body).await?,
    ))
}

/// Turns one's second factor off, with a code (not when the role requires it).
#[utoipa::path(post, path = "/api/v1/me/second-factor/removal", tag = "auth", request_body = CodeInput, security(("bearer" = [])),
    responses((status = 204), (status = 403, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn remove(
    State(state): State<AppState>,
    Auth(viewer): Auth,
    headers: HeaderMap,
    ApiJson(body): ApiJson<CodeInput>,
) -> ApiResult<StatusCode> {
    from_session(&headers, &viewer)?;
    state.services.remove_second_factor(&viewer, body).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// One's live sessions, newest first.
#[utoipa::path(get, path = "/api/v1/me/sessions", tag = "auth", security(("bearer" = [])),
    responses((status = 200, body = Vec<SessionView>), (status = 403, body = Problem)))]
pub async fn sessions(
    State(state): State<AppState>,
    Auth(viewer): Auth,
    headers: HeaderMap,
) -> ApiResult<Json<Vec<SessionView>>> {
    let current = from_session(&headers, &viewer)?;
    Ok(Json(
        state.services.my_sessions(&viewer, Some(&current)).await?,
    ))
}

/// Ends one of one's sessions.
#[utoipa::path(delete, path = "/api/v1/me/sessions/{id}", tag = "auth", params(("id" = String, Path)), security(("bearer" = [])),
    responses((status = 204), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn end_session(
    State(state): State<AppState>,
    Auth(viewer): Auth,
    headers: HeaderMap,
    ApiPath(id): ApiPath<String>,
) -> ApiResult<StatusCode> {
    from_session(&headers, &viewer)?;
    state.services.end_my_session(&viewer, &id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The roles that must sign in with a second factor (admins).
#[utoipa::path(get, path = "/api/v1/security/second-factor-roles", tag = "admin", security(("bearer" = [])),
    responses((status = 200, body = SecondFactorRoles), (status = 403, body = Problem)))]
pub async fn roles(
    State(state): State<AppState>,
    Auth(viewer): Auth,
) -> ApiResult<Json<SecondFactorRoles>> {
    Ok(Json(state.services.second_factor_roles(&viewer).await?))
}

/// Sets the roles that must sign in with a second factor (admins).
#[utoipa::path(put, path = "/api/v1/security/second-factor-roles", tag = "admin", request_body = SecondFactorRoles, security(("bearer" = [])),
    responses((status = 200, body = SecondFactorRoles), (status = 403, body = Problem), (status = 422, body = Problem)))]
pub async fn set_roles(
    State(state): State<AppState>,
    Auth(viewer): Auth,
    ApiJson(body): ApiJson<SecondFactorRoles>,
) -> ApiResult<Json<SecondFactorRoles>> {
    Ok(Json(
        state
            .services
            .set_second_factor_roles(&viewer, body)
            .await?,
    ))
}

/// Removes a staff member's second factor (phone and codes lost); their
/// sessions end (admins).
#[utoipa::path(delete, path = "/api/v1/agents/{id}/second-factor", tag = "admin", params(("id" = i64, Path)), security(("bearer" = [])),
    responses((status = 204), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn reset_of(
    State(state): State<AppState>,
    Auth(viewer): Auth,
    ApiPath(id): ApiPath<String>,
) -> ApiResult<StatusCode> {
    let id: i64 = id
        .parse()
        .map_err(|_| ApiError::not_found("staff member"))?;
    state.services.reset_second_factor_of(&viewer, id).await?;
    Ok(StatusCode::NO_CONTENT)
}
