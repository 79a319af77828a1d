//! `Idempotency-Key` on POST: the first response is saved and answered again
//! to a retry of the same request, so a retry never acts twice.

use axum::body::{Body, to_bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use marketdesk_service::ErrorCode;
use marketdesk_service::kernel::idempotency::Claim;
use sha2::{Digest, Sha256};

use crate::AppState;
use crate::problem::ApiError;

pub const HEADER: &str = "idempotency-key";

/// Marks a response that carries a credential (a session or API token): it
/// is never saved for replay, so a retry with the same key cannot fetch the
/// credential again; the retry is told the first request succeeded.
#[derive(Debug, Clone, Copy)]
pub struct CarriesSecret;

pub async fn layer(State(state): State<AppState>, request: Request, next: Next) -> Response {
    if request.method() != Method::POST {
        return next.run(request).await;
    }
    let Some(key) = request.headers().get(HEADER) else {
        return next.run(request).await;
    };
    let key = match key.to_str() {
        Ok(k) if (1..=255).contains(&k.len()) && k.bytes().all(|b| b.is_ascii_graphic()) => {
            k.to_string()
        }
        _ => {
            return ApiError::bad_request(
                "Idempotency-Key must be 1 to 255 visible ASCII characters",
            )
            .into_response();
        }
    };
    // A key belongs to the credential that used it: two clients never share one.
    let credential = request
        .headers()
        .get(header::AUTHORIZATION)
        .or_else(|| request.headers().get(header::COOKIE))
        .map(|v| v.as_bytes().to_vec())
        .unwrap_or_default();
    let scope = hex::encode(Sha256::digest(&credential));
    let (parts, body) = request.into_parts();
    let bytes = match to_bytes(body, state.max_body_bytes).await {
        Ok(b) => b,
        Err(_) => {
            return ApiError::new(
                ErrorCode::PayloadTooLarge,
                "the request body is larger than this server accepts",
            )
            .into_response();
        }
    };
    let mut hasher = Sha256::new();
    hasher.update(parts.method.as_str());
    hasher.update([0]);
    hasher.update(parts.uri.path());
    hasher.update([0]);
    hasher.update(&bytes);
    let fingerprint = hex::encode(hasher.finalize());

    let services = &state.services;
    match services
        .claim_idempotency_key(&scope, &key, &fingerprint)
        .await
    {
        Err(err) => ApiError::from(err).into_response(),
        Ok(Claim::Mismatch) => ApiError::new(
            ErrorCode::IdempotencyKeyReused,
            "this Idempotency-Key was used for a different request",
        )
        .into_response(),
        Ok(Claim::Withheld { status }) => ApiError::new(
            ErrorCode::IdempotencySecretWithheld,
            format!(
                "the request with this Idempotency-Key succeeded ({status}); its answer held a credential, which is never stored: send a new request with a new key"
            ),
        )
        .into_response(),
        Ok(Claim::InProgress) => ApiError::new(
            ErrorCode::IdempotencyInProgress,
            "a request with this Idempotency-Key is still being handled; retry shortly",
        )
        .into_response(),
        Ok(Claim::Replay {
            status,
            content_type,
            body,
        }) => {
            let status = StatusCode::from_u16(status).unwrap_or(StatusCode::OK);
            let mut response = (status, body).into_response();
            if let Ok(ct) = HeaderValue::from_str(&content_type) {
                response.headers_mut().insert(header::CONTENT_TYPE, ct);
            }
            response
                .headers_mut()
                .insert("idempotent-replayed", HeaderValue::from_static("true"));
            response
        }
        Ok(Claim::Fresh) => {
            let response = next
                .run(Request::from_parts(parts, Body::from(bytes)))
                .await;
            let (parts, body) = response.into_parts();
            let Ok(body) = to_bytes(body, usize::MAX).await else {
                let _ = services.abandon_idempotency_key(&scope, &key).await;
                return StatusCode::INTERNAL_SERVER_ERROR.into_response();
            };
            let text = String::from_utf8_lossy(&body).into_owned();
            let saved = if parts.status.is_server_error() {
                // Our failure: let the client retry for real.
                services.abandon_idempotency_key(&scope, &key).await
            } else if parts.extensions.get::<CarriesSecret>().is_some() {
                services
                    .complete_idempotency_key(
                        &scope,
                        &key,
                        parts.status.as_u16(),
                        marketdesk_service::kernel::idempotency::WITHHELD,
                        "",
                    )
                    .await
            } else {
                let content_type = parts
                    .headers
                    .get(header::CONTENT_TYPE)
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or("application/json");
                services
                    .complete_idempotency_key(
                        &scope,
                        &key,
                        parts.status.as_u16(),
                        content_type,
                        &text,
                    )
                    .await
            };
            if let Err(err) = saved {
                tracing::error!(error = ?err, "saving an idempotent response failed");
            }
            Response::from_parts(parts, Body::from(body))
        }
    }
}
