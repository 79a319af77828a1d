use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use marketdesk_service::kernel::auth::LoginOutcome;
use marketdesk_service::kernel::identity::{PersonView, SessionGrant};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use marketdesk_web::ClientAddr;

use crate::AppState;
use crate::extract::{ApiJson, Auth, SESSION_COOKIE, session_cookie};
use crate::problem::{ApiResult, Problem};

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LoginRequest {
    pub email: String,
    pub password: String,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MagicLinkRequest {
    pub email: String,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RedeemRequest {
    pub token: String,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OrderAccessRequest {
    pub order_number: String,
    pub email: String,
}

#[derive(Serialize, ToSchema)]
pub struct Accepted {
    pub status: &'static str,
}

/// The session as JSON, and as an HttpOnly cookie for browsers.
fn with_cookie(state: &AppState, grant: SessionGrant) -> Response {
    let secure = if state.secure_cookies { "; Secure" } else { "" };
    let cookie = format!(
        "{SESSION_COOKIE}={}; Path=/; HttpOnly; SameSite=Lax; Max-Age={}{secure}",
        grant.token, grant.expires_in_secs
    );
    let mut response = Json(grant).into_response();
    response
        .extensions_mut()
        .insert(crate::idempotency::CarriesSecret);
    if let Ok(value) = HeaderValue::from_str(&cookie) {
        response.headers_mut().append(header::SET_COOKIE, value);
    }
    response
}

/// Staff sign-in with email and password.
#[utoipa::path(post, path = "/api/v1/auth/login", tag = "auth", request_body = LoginRequest,
    responses((status = 200, body = SessionGrant), (status = 202, description = "the account has a second factor: send its code with the challenge", body = SecondFactorNeeded),
        (status = 401, body = Problem),
        (status = 403, description = "`account_frozen`, or a role that must use a second factor without one set up", body = Problem),
        (status = 429, description = "`rate_limited`: too many wrong passwords for this email; a staff account's owner is mailed a link that lifts the lock", body = Problem)))]
pub async fn login(
    State(state): State<AppState>,
    ClientAddr(client): ClientAddr,
    ApiJson(body): ApiJson<LoginRequest>,
) -> ApiResult<Response> {
    match state
        .services
        .login(&body.email, &body.password, client, false)
        .await?
    {
        LoginOutcome::Signed(grant) => Ok(with_cookie(&state, *grant)),
        LoginOutcome::SecondFactor { challenge } => Ok((
            StatusCode::ACCEPTED,
            Json(SecondFactorNeeded {
                second_factor_required: true,
                challenge,
            }),
        )
            .into_response()),
    }
}

/// The answer to a right password on an account with a second factor.
#[derive(Serialize, ToSchema)]
pub struct SecondFactorNeeded {
    pub second_factor_required: bool,
    /// Send it with the code to `POST /api/v1/auth/second-factor` within
    /// five minutes (five tries).
    pub challenge: String,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SecondFactorRequest {
    pub challenge: String,
    /// The six digits of the authenticator app, or a recovery code.
    pub code: String,
}

/// The second step of a staff sign-in: the app's code or a recovery code.
#[utoipa::path(post, path = "/api/v1/auth/second-factor", tag = "auth", request_body = SecondFactorRequest,
    responses((status = 200, body = SessionGrant), (status = 403, description = "`account_frozen`", body = Problem),
        (status = 422, description = "a wrong or used code, or an expired sign-in", body = Problem)))]
pub async fn second_factor(
    State(state): State<AppState>,
    ApiJson(body): ApiJson<SecondFactorRequest>,
) -> ApiResult<Response> {
    let grant = state
        .services
        .complete_second_factor(&body.challenge, &body.code)
        .await?;
    Ok(with_cookie(&state, grant))
}

/// Ends the current session (cookie or bearer session token).
#[utoipa::path(post, path = "/api/v1/auth/logout", tag = "auth", responses((status = 204)))]
pub async fn logout(State(state): State<AppState>, headers: HeaderMap) -> ApiResult<Response> {
    // Both the bearer session and the cookie's end: the answer clears the
    // cookie, so its session must not outlive it. No CSRF token is needed to
    // end one's own session.
    let bearer = crate::extract::credential(&headers)
        .filter(|(_, from_cookie)| !from_cookie)
        .map(|(t, _)| t);
    for token in bearer.into_iter().chain(session_cookie(&headers)) {
        state.services.logout(&token).await?;
    }
    let mut response = StatusCode::NO_CONTENT.into_response();
    let expired = format!("{SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0");
    if let Ok(value) = HeaderValue::from_str(&expired) {
        response.headers_mut().append(header::SET_COOKIE, value);
    }
    Ok(response)
}

/// Emails a one-time sign-in link to a customer or seller. Always 202, known
/// address or not.
#[utoipa::path(post, path = "/api/v1/auth/magic-link", tag = "auth", request_body = MagicLinkRequest,
    responses((status = 202, body = Accepted), (status = 422, body = Problem)))]
pub async fn magic_link(
    State(state): State<AppState>,
    ApiJson(body): ApiJson<MagicLinkRequest>,
) -> ApiResult<(StatusCode, Json<Accepted>)> {
    state.services.request_magic_link(&body.email).await?;
    Ok((
        StatusCode::ACCEPTED,
        Json(Accepted {
            status: "sent_if_known",
        }),
    ))
}

/// Exchanges a magic link's token for a session.
#[utoipa::path(post, path = "/api/v1/auth/magic-link/redeem", tag = "auth", request_body = RedeemRequest,
    responses((status = 200, body = SessionGrant), (status = 422, body = Problem),
        (status = 403, description = "`account_frozen`", body = Problem)))]
pub async fn redeem(
    State(state): State<AppState>,
    ApiJson(body): ApiJson<RedeemRequest>,
) -> ApiResult<Response> {
    let grant = state.services.redeem_magic_link(&body.token).await?;
    Ok(with_cookie(&state, grant))
}

/// Signs a customer in to one order with its number and their email.
#[utoipa::path(post, path = "/api/v1/auth/order-access", tag = "auth", request_body = OrderAccessRequest,
    responses((status = 200, body = SessionGrant), (status = 401, body = Problem),
        (status = 403, description = "`account_frozen`", body = Problem),
        (status = 422, description = "an order number longer than 64 characters or an invalid email", body = Problem),
        (status = 429, description = "`rate_limited`: too many failures for this order number, email or client address; `sign_in_link` says where to ask for a sign-in link by email", body = Problem)))]
pub async fn order_access(
    State(state): State<AppState>,
    ClientAddr(client): ClientAddr,
    ApiJson(body): ApiJson<OrderAccessRequest>,
) -> ApiResult<Response> {
    let grant = state
        .services
        .order_access(&body.order_number, &body.email, client)
        .await?;
    Ok(with_cookie(&state, grant))
}

/// Who the credential belongs to.
#[utoipa::path(get, path = "/api/v1/me", tag = "auth", security(("bearer" = [])),
    responses((status = 200, body = PersonView), (status = 401, body = Problem)))]
pub async fn me(State(state): State<AppState>, Auth(viewer): Auth) -> ApiResult<Json<PersonView>> {
    Ok(Json(state.services.me(&viewer).await?))
}
