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

/// The one table from error code to HTTP status.
pub fn status_of(code: ErrorCode) -> StatusCode {
    match code {
        ErrorCode::InvalidRequest | ErrorCode::InvalidCursor | ErrorCode::InvalidJson => {
            StatusCode::BAD_REQUEST
        }
        ErrorCode::InvalidValue | ErrorCode::InvalidRequestBody => StatusCode::UNPROCESSABLE_ENTITY,
        ErrorCode::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
        ErrorCode::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
        ErrorCode::IdempotencySecretWithheld => StatusCode::CONFLICT,
        ErrorCode::DatabaseUnreachable | ErrorCode::NotReady => StatusCode::SERVICE_UNAVAILABLE,
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
    /// From the code's row of `status_of`, except for what the framework
    /// answered on its own (its status is kept).
    pub status: StatusCode,
    pub code: ErrorCode,
    /// For a refused order action: the rule's reason (`order_already_packed`),
    /// sent as the problem's `code` instead of `action_refused`.
    pub reason: Option<&'static str>,
    pub detail: String,
    pub alternatives: Option<Vec<String>>,
    /// For `rate_limited`: seconds until a retry may succeed.
    pub retry_after_secs: Option<u64>,
    pub sign_in_link: Option<SignInLinkOffer>,
}

impl ApiError {
    pub fn new(code: ErrorCode, detail: impl Into<String>) -> Self {
        ApiError {
            status: status_of(code),
            code,
            reason: None,
            detail: detail.into(),
            alternatives: None,
            retry_after_secs: None,
            sign_in_link: None,
        }
    }

    pub fn bad_request(detail: impl Into<String>) -> Self {
        Self::new(ErrorCode::InvalidRequest, detail)
    }

    pub fn not_found(what: &str) -> Self {
        Self::new(ErrorCode::NotFound, format!("{what} not found"))
    }

    /// The code on the wire: a refusal's reason, or the error code.
    pub fn wire_code(&self) -> &'static str {
        self.reason.unwrap_or(self.code.as_str())
    }
}

impl From<ServiceError> for ApiError {
    fn from(err: ServiceError) -> Self {
        if let ServiceError::Refused {
            code,
            message,
            alternatives,
            ..
        } = err
        {
            let mut refused = ApiError::new(ErrorCode::ActionRefused, message);
            refused.reason = Some(code);
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
        let mut error = ApiError::new(code, detail);
        error.retry_after_secs = retry_after_secs;
        error.sign_in_link = sign_in_link;
        error
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let code = self.wire_code();
        let problem = Problem {
            kind: format!("urn:marketdesk:problem:{code}"),
            title: self
                .status
                .canonical_reason()
                .unwrap_or("Error")
                .to_string(),
            status: self.status.as_u16(),
            detail: self.detail,
            code: code.to_string(),
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
    let mut error = ApiError::new(framework_code(status), detail);
    // The framework chose the status; the code only names its kind.
    error.status = status;
    let mut problem = error.into_response();
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

fn framework_code(status: StatusCode) -> ErrorCode {
    match status {
        StatusCode::NOT_FOUND => ErrorCode::NotFound,
        StatusCode::METHOD_NOT_ALLOWED => ErrorCode::MethodNotAllowed,
        StatusCode::PAYLOAD_TOO_LARGE => ErrorCode::PayloadTooLarge,
        StatusCode::UNSUPPORTED_MEDIA_TYPE => ErrorCode::UnsupportedMediaType,
        StatusCode::UNPROCESSABLE_ENTITY => ErrorCode::InvalidRequestBody,
        s if s.is_server_error() => ErrorCode::Internal,
        _ => ErrorCode::InvalidRequest,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// docs/API.md's table of codes says what `status_of` does, for every
    /// code (a refused action answers with its rule's reason instead).
    #[test]
    fn every_code_is_documented_with_its_status() {
        let doc = include_str!("../../../docs/API.md");
        for code in ErrorCode::ALL {
            if *code == ErrorCode::ActionRefused {
                continue;
            }
            let row = doc
                .lines()
                .find(|l| l.starts_with(&format!("| `{}` |", code.as_str())))
                .unwrap_or_else(|| panic!("{} is not in docs/API.md", code.as_str()));
            let status = status_of(*code).as_u16().to_string();
            assert!(row.contains(&status), "{}: {row}", code.as_str());
        }
    }

    #[test]
    fn a_refusal_answers_with_its_reason() {
        let refused = ApiError::from(ServiceError::Refused {
            code: "order_already_packed",
            message: "packed".into(),
            alternatives: vec![],
            rule: marketdesk_service::RefusedBy::Order {
                refusal: marketdesk_domain::orders::Refusal::AlreadyPacked,
                change: marketdesk_domain::orders::OrderChange::Cancel,
            },
        });
        assert_eq!(refused.status, StatusCode::CONFLICT);
        assert_eq!(refused.wire_code(), "order_already_packed");
        assert_eq!(refused.code, ErrorCode::ActionRefused);
    }
}
