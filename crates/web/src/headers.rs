//! Security headers on every answer: the Content-Security-Policy (no inline
//! script or style, images only from here), framing, sniffing, referrers, and
//! `Cache-Control: no-store` on whatever a signed-in person is shown.

use axum::extract::Request;
use axum::http::{HeaderMap, HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;

use crate::session;

/// The policy of every page. Remote images are not loaded (tracking pixels in
/// messages); `'self'` in `connect-src` also covers the chat's WebSocket.
const POLICY: &str = "default-src 'self'; script-src 'self'; style-src 'self'; \
    img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; \
    base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// The chat page may be framed by any site: the widget (`/widget.js`) opens it
/// in an iframe on the shop's own pages.
const CHAT_POLICY: &str = "default-src 'self'; script-src 'self'; style-src 'self'; \
    img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; \
    base-uri 'none'; form-action 'self'; frame-ancestors *";

/// Whether a path belongs to the chat the widget embeds.
fn embeddable(path: &str) -> bool {
    path == "/chat" || path.starts_with("/chat/")
}

/// Whether the request carries a credential, so the answer is personal.
fn signed_in(headers: &HeaderMap) -> bool {
    headers.contains_key(header::AUTHORIZATION)
        || session::cookie(headers, session::SESSION).is_some()
}

pub async fn security_headers(request: Request, next: Next) -> Response {
    let path = request.uri().path().to_string();
    // The sign-in and unlock links' pages carry their secret in the address:
    // never cached.
    let personal = signed_in(request.headers()) || path == "/auth/magic" || path == "/auth/unlock";
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    let policy = if embeddable(&path) {
        CHAT_POLICY
    } else {
        headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
        POLICY
    };
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(policy),
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("strict-origin-when-cross-origin"),
    );
    if personal && !headers.contains_key(header::CACHE_CONTROL) {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_chat_may_be_framed() {
        assert!(embeddable("/chat"));
        assert!(embeddable("/chat/returns/RMA-1/label.pdf"));
        assert!(!embeddable("/chatty"));
        assert!(!embeddable("/agent"));
    }
}
