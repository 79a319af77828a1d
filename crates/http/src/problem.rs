//! Errors as RFC 9457 problem documents (`application/problem+json`), each
//! with a stable `code`. The one table from error code to HTTP status is here.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use marketdesk_service::{ErrorCode, Recovery, ServiceError};
use serde::Serialize;

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Problem {
    /// `urn:marketdesk:problem:<code>`.
    #[serde(rename = "type")]
    pub kind: String,
    pub title: String,
    pub status: u16,
    /// What went wrong, for a person.
    pub detail: String,
    /// Stable machine-readable code.
    pub code: String,
    /// For refused order actions: what the customer can do instead.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub alternatives: Option<Vec<String>>,
    /// For `rate_limited` at a customer sign-in door: the way in that does
    /// not wait — a sign-in link by email.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sign_in_link: Option<SignInLinkOffer>,
}

/// Where to ask for a sign-in link by email instead of waiting.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct SignInLinkOffer {
    /// `POST`
    pub method: &'static str,
    /// `/api/v1/auth/magic-link`, with `{"email": "…"}`.
    pub href: &'static str,
}

const MAGIC_LINK_OFFER: SignInLinkOffer = SignInLinkOffer {
    method: "POST",
    href: "/api/v1/auth/magic-link",
};

pub fn status_of(code: ErrorCode) -> StatusCode {
    match code {
        ErrorCode::InvalidRequest | ErrorCode::InvalidCursor => StatusCode::BAD_REQUEST,
        ErrorCode::InvalidValue => StatusCode::UNPROCESSABLE_ENTITY,
        ErrorCode::Unauthenticated | ErrorCode::InvalidCredentials => StatusCode::UNAUTHORIZED,
        ErrorCode::Forbidden | ErrorCode::CsrfFailed | ErrorCode::AccountFrozen => {
            StatusCode::FORBIDDEN
        }
        ErrorCode::NotFound => StatusCode::NOT_FOUND,
        ErrorCode::Conflict
        | ErrorCode::TicketClosed
        | ErrorCode::InvalidStatusChange
        | ErrorCode::IdempotencyInProgress
        | ErrorCode::ActionRefused => StatusCode::CONFLICT,
        ErrorCode::IdempotencyKeyReused => StatusCode::UNPROCESSABLE_ENTITY,
        ErrorCode::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
        ErrorCode::RateLimited => StatusCode::TOO_MANY_REQUESTS,
        ErrorCode::Internal => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

/// An error answered to the client.
#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: &'static str,
    pub detail: String,
    pub alternatives: Option<Vec<String>>,
    /// For `rate_limited`: seconds until a retry may succeed.
    pub retry_after_secs: Option<u64>,
    pub sign_in_link: Option<SignInLinkOffer>,
}

impl ApiError {
    pub fn new(status: StatusCode, code: &'static str, detail: impl Into<String>) -> Self {
        ApiError {
            status,
            code,
            detail: detail.into(),
            alternatives: None,
            retry_after_secs: None,
            sign_in_link: None,
        }
    }

    pub fn bad_request(detail: impl Into<String>) -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            ErrorCode::InvalidRequest.as_str(),
            detail,
        )
    }

    pub fn not_found(what: &str) -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            ErrorCode::NotFound.as_str(),
            format!("{what} not found"),
        )
    }
}

impl From<ServiceError> for ApiError {
    fn from(err: ServiceError) -> Self {
        if let ServiceError::Refused {
            code,
            message,
            alternatives,
        } = err
        {
            let mut refused = ApiError::new(status_of(ErrorCode::ActionRefused), code, message);
            refused.alternatives = Some(alternatives);
            return refused;
        }
        let code = err.code();
        let (retry_after_secs, sign_in_link) = match &err {
            ServiceError::RateLimited {
                retry_after_secs,
                recovery,
            } => (
                Some(*retry_after_secs),
                (*recovery == Recovery::SignInLink).then_some(MAGIC_LINK_OFFER),
            ),
            _ => (None, None),
        };
        let detail = if code == ErrorCode::Internal {
            // The chain goes to the log, never to the client.
            tracing::error!(error = ?err, "request failed");
            "something went wrong on our side; the request was not applied".to_string()
        } else {
            err.to_string()
        };
        let mut error = ApiError::new(status_of(code), code.as_str(), detail);
        error.retry_after_secs = retry_after_secs;
        error.sign_in_link = sign_in_link;
        error
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let problem = Problem {
            kind: format!("urn:marketdesk:problem:{}", self.code),
            title: self
                .status
                .canonical_reason()
                .unwrap_or("Error")
                .to_string(),
            status: self.status.as_u16(),
            detail: self.detail,
            code: self.code.to_string(),
            alternatives: self.alternatives,
            sign_in_link: self.sign_in_link,
        };
        let body = serde_json::to_vec(&problem).unwrap_or_default();
        let mut response = (self.status, body).into_response();
        response.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/problem+json"),
        );
        if let Some(secs) = self.retry_after_secs
            && let Ok(value) = HeaderValue::from_str(&secs.to_string())
        {
            response.headers_mut().insert(header::RETRY_AFTER, value);
        }
        if self.status == StatusCode::UNAUTHORIZED {
            response.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Bearer realm=\"marketdesk\""),
            );
        }
        response
    }
}

pub type ApiResult<T> = Result<T, ApiError>;

/// The longest framework message copied into a problem's `detail`.
const MAX_DETAIL_CHARS: usize = 300;

/// Turns every error the framework answers on its own under `/api/v1` (a
/// rejection as plain text, an empty 405 or 413) into a problem document, so
/// clients parse one error shape. Problem documents pass through untouched.
pub async fn problem_layer(
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let response = next.run(request).await;
    let status = response.status();
    if !(status.is_client_error() || status.is_server_error()) || is_problem(&response) {
        return response;
    }
    let (parts, body) = response.into_parts();
    let text = axum::body::to_bytes(body, 64 * 1024)
        .await
        .map(|b| String::from_utf8_lossy(&b).into_owned())
        .unwrap_or_default();
    let detail: String = if text.trim().is_empty() {
        status.canonical_reason().unwrap_or("error").to_string()
    } else {
        text.trim().chars().take(MAX_DETAIL_CHARS).collect()
    };
    let mut problem = ApiError::new(status, framework_code(status), detail).into_response();
    for (name, value) in &parts.headers {
        // Keep what the framework said besides the body (Allow on a 405).
        if name != header::CONTENT_TYPE && name != header::CONTENT_LENGTH {
            problem.headers_mut().append(name.clone(), value.clone());
        }
    }
    problem
}

fn is_problem(response: &Response) -> bool {
    response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/problem+json"))
}

fn framework_code(status: StatusCode) -> &'static str {
    match status {
        StatusCode::NOT_FOUND => ErrorCode::NotFound.as_str(),
        StatusCode::METHOD_NOT_ALLOWED => "method_not_allowed",
        StatusCode::PAYLOAD_TOO_LARGE => "payload_too_large",
        StatusCode::UNSUPPORTED_MEDIA_TYPE => "unsupported_media_type",
        StatusCode::UNPROCESSABLE_ENTITY => ErrorCode::InvalidRequest.as_str(),
        s if s.is_server_error() => ErrorCode::Internal.as_str(),
        _ => ErrorCode::InvalidRequest.as_str(),
    }
}
