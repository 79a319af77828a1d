//! Request extractors that answer problem documents instead of axum's plain
//! text rejections, and the credential check.

use axum::body::Bytes;
use axum::extract::{FromRef, FromRequest, FromRequestParts, Path, Request};
use axum::http::request::Parts;
use axum::http::{HeaderMap, Method, StatusCode, header};
use marketdesk_service::ErrorCode;
use marketdesk_service::{ServiceError, Viewer};
use serde::de::DeserializeOwned;

use crate::AppState;
use crate::problem::ApiError;

pub const SESSION_COOKIE: &str = "md_session";
pub const CSRF_HEADER: &str = "x-csrf-token";

/// A JSON body: 415 without a JSON content type, 413 when too large, 400 when
/// not JSON (or not UTF-8), 422 when JSON of the wrong shape.
pub struct ApiJson<T>(pub T);

impl<S, T> FromRequest<S> for ApiJson<T>
where
    S: Send + Sync,
    T: DeserializeOwned,
{
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let json_type = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(';').next())
            .map(|v| {
                let v = v.trim();
                v.eq_ignore_ascii_case("application/json")
                    || (v.starts_with("application/") && v.ends_with("+json"))
            })
            .unwrap_or(false);
        if !json_type {
            return Err(ApiError::new(
                ErrorCode::UnsupportedMediaType,
                "send the body as JSON with Content-Type: application/json",
            ));
        }
        let bytes = Bytes::from_request(req, state).await.map_err(|rejection| {
            let status = rejection.status();
            if status == StatusCode::PAYLOAD_TOO_LARGE {
                ApiError::new(
                    ErrorCode::PayloadTooLarge,
                    "the request body is larger than this server accepts",
                )
            } else {
                ApiError::bad_request(format!("could not read the request body: {rejection}"))
            }
        })?;
        parse_json(&bytes).map(ApiJson)
    }
}

pub fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    // Check the syntax of the whole document first, so that broken JSON is a
    // 400 even when its first value already has the wrong type.
    if let Err(err) = serde_json::from_slice::<serde::de::IgnoredAny>(bytes) {
        return Err(ApiError::new(
            ErrorCode::InvalidJson,
            format!("the body is not valid JSON: {err}"),
        ));
    }
    serde_json::from_slice(bytes).map_err(|err| {
        use serde_json::error::Category;
        match err.classify() {
            Category::Data => ApiError::new(
                ErrorCode::InvalidRequestBody,
                format!("the JSON does not fit: {err}"),
            ),
            Category::Syntax | Category::Eof | Category::Io => ApiError::new(
                ErrorCode::InvalidJson,
                format!("the body is not valid JSON: {err}"),
            ),
        }
    })
}

/// Query parameters: 400 naming the parameter when they do not parse.
pub struct ApiQuery<T>(pub T);

impl<S, T> FromRequestParts<S> for ApiQuery<T>
where
    S: Send + Sync,
    T: DeserializeOwned,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let query = parts.uri.query().unwrap_or_default();
        serde_urlencoded::from_str(query)
            .map(ApiQuery)
            .map_err(|err| ApiError::bad_request(format!("invalid query parameters: {err}")))
    }
}

/// Path parameters: 400 problem document when a segment does not decode
/// (`%ff` is not UTF-8) or does not parse, instead of axum's plain text.
pub struct ApiPath<T>(pub T);

impl<S, T> FromRequestParts<S> for ApiPath<T>
where
    S: Send + Sync,
    T: DeserializeOwned + Send,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        Path::<T>::from_request_parts(parts, state)
            .await
            .map(|Path(value)| ApiPath(value))
            .map_err(|rejection| {
                ApiError::bad_request(format!("invalid path parameter: {}", rejection.body_text()))
            })
    }
}

/// The person making the request, from `Authorization: Bearer` or the session
/// cookie. Cookie-authenticated changes must carry the session's CSRF token.
pub struct Auth(pub Viewer);

impl<S> FromRequestParts<S> for Auth
where
    S: Send + Sync,
    AppState: FromRef<S>,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let app = AppState::from_ref(state);
        let (secret, from_cookie) =
            credential(&parts.headers).ok_or(ServiceError::Unauthenticated)?;
        let auth = app.services.authenticate(&secret).await?;
        // The cookie holds sessions only: an API token there has no CSRF token.
        if from_cookie && auth.csrf_token.as_deref().is_none_or(str::is_empty) {
            return Err(ServiceError::Unauthenticated.into());
        }
        if from_cookie && !matches!(parts.method, Method::GET | Method::HEAD | Method::OPTIONS) {
            let sent = parts.headers.get(CSRF_HEADER).and_then(|v| v.to_str().ok());
            if sent.is_none() || sent != auth.csrf_token.as_deref() {
                return Err(ServiceError::Csrf.into());
            }
        }
        // Staff at work stay "online" for routing (one write a minute at most).
        if let Err(err) = app.services.note_activity(&auth.viewer).await {
            tracing::warn!(error = %err, "noting activity failed");
        }
        Ok(Auth(auth.viewer))
    }
}

/// The bearer token, or else the session cookie (`true` when from the cookie).
pub fn credential(headers: &HeaderMap) -> Option<(String, bool)> {
    if let Some(value) = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
    {
        let token = value
            .strip_prefix("Bearer ")
            .or_else(|| value.strip_prefix("bearer "))?;
        return Some((token.trim().to_string(), false));
    }
    session_cookie(headers).map(|c| (c, true))
}

pub fn session_cookie(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == SESSION_COOKIE)
        .map(|(_, value)| value.to_string())
}
