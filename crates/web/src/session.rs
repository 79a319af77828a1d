//! Cookies of the pages: the session, the language, the CSRF token of forms
//! without a session, and one-shot notices after a redirect.

use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Redirect, Response};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use marketdesk_domain::i18n::Lang;
use marketdesk_service::Viewer;
use rand::RngCore;

use crate::WebState;
use crate::i18n::Tr;

pub const SESSION: &str = "md_session";
const LANG: &str = "md_lang";
const FORM_CSRF: &str = "md_form";
const NOTICE: &str = "md_notice";

pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(n, _)| *n == name)
        .map(|(_, v)| v.to_string())
}

fn set_cookie(response: &mut Response, value: String) {
    if let Ok(v) = HeaderValue::from_str(&value) {
        response.headers_mut().append(header::SET_COOKIE, v);
    }
}

fn attributes(state: &WebState, max_age: i64) -> String {
    let secure = if state.secure_cookies { "; Secure" } else { "" };
    format!("Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age}{secure}")
}

/// The viewer's language: `?lang=`, then the cookie, then Accept-Language.
pub fn language(headers: &HeaderMap, asked: Option<&str>) -> Tr {
    let tag = asked
        .map(str::to_string)
        .or_else(|| cookie(headers, LANG))
        .or_else(|| {
            headers
                .get(header::ACCEPT_LANGUAGE)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.split(',').next())
                .map(|v| v.split(';').next().unwrap_or_default().trim().to_string())
        })
        .unwrap_or_else(|| "en".into());
    Tr {
        lang: Lang::from_tag(&tag),
    }
}

/// Remembers a language asked for with `?lang=`.
pub fn remember_language(response: &mut Response, state: &WebState, asked: Option<&str>) {
    if let Some(tag) = asked.filter(|t| crate::i18n::LANGUAGES.iter().any(|(l, _)| l == t)) {
        set_cookie(
            response,
            format!("{LANG}={tag}; {}", attributes(state, 365 * 86_400)),
        );
    }
}

pub fn random_token() -> String {
    let mut bytes = [0u8; 24];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

/// A CSRF token for a form shown before there is a session (double submit:
/// the same value in a cookie and in the form).
pub fn form_token(headers: &HeaderMap) -> (String, bool) {
    match cookie(headers, FORM_CSRF) {
        Some(token) if token.len() >= 20 => (token, false),
        _ => (random_token(), true),
    }
}

pub fn set_form_token(response: &mut Response, state: &WebState, token: &str) {
    set_cookie(
        response,
        format!("{FORM_CSRF}={token}; {}", attributes(state, 3600)),
    );
}

/// A mailed link's token as sent back by a form, kept to the characters
/// tokens are made of, for the address to go back to.
pub fn link_token(sent: &str) -> String {
    sent.chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .take(100)
        .collect()
}

pub fn form_token_ok(headers: &HeaderMap, sent: &str) -> bool {
    cookie(headers, FORM_CSRF).is_some_and(|c| !sent.is_empty() && c == sent)
}

pub fn set_session(response: &mut Response, state: &WebState, token: &str, max_age: i64) {
    set_cookie(
        response,
        format!("{SESSION}={token}; {}", attributes(state, max_age)),
    );
}

pub fn clear_session(response: &mut Response, state: &WebState) {
    set_cookie(response, format!("{SESSION}=; {}", attributes(state, 0)));
}

/// A redirect that shows `notice` once on the next page.
pub fn redirect_with_notice(state: &WebState, to: &str, notice: &str) -> Response {
    redirect_with(state, to, &Notice::done(notice))
}

/// Back to `to` with an error to show (in the page's error style).
pub fn redirect_with_error(state: &WebState, to: &str, error: &str) -> Response {
    redirect_with(state, to, &Notice::error(error))
}

/// Back to `to` with a notice of either tone (an action's outcome).
pub fn redirect_after(state: &WebState, to: &str, notice: &Notice) -> Response {
    redirect_with(state, to, notice)
}

fn redirect_with(state: &WebState, to: &str, notice: &Notice) -> Response {
    let mut response = Redirect::to(to).into_response();
    let tone = if notice.error { 'e' } else { 'o' };
    let encoded = URL_SAFE_NO_PAD.encode(format!("{tone}{}", notice.text).as_bytes());
    set_cookie(
        &mut response,
        format!("{NOTICE}={encoded}; {}", attributes(state, 60)),
    );
    response
}

/// A line at the top of a page after an action: what was done, or what
/// went wrong (shown as an error, never in the colours of a success).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub text: String,
    pub error: bool,
}

impl Notice {
    pub fn done(text: impl Into<String>) -> Notice {
        Notice {
            text: text.into(),
            error: false,
        }
    }

    pub fn error(text: impl Into<String>) -> Notice {
        Notice {
            text: text.into(),
            error: true,
        }
    }
}

/// The notice left by the previous request, if any (cleared by `clear_notice`).
pub fn notice(headers: &HeaderMap) -> Option<Notice> {
    let raw = cookie(headers, NOTICE)?;
    let bytes = URL_SAFE_NO_PAD.decode(raw).ok()?;
    let text = String::from_utf8(bytes).ok()?;
    let mut chars = text.chars();
    let error = match chars.next()? {
        'e' => true,
        'o' => false,
        _ => return None,
    };
    let text = chars.as_str();
    (!text.is_empty()).then(|| Notice {
        text: text.to_string(),
        error,
    })
}

pub fn clear_notice(response: &mut Response, state: &WebState, had: bool) {
    if had {
        set_cookie(response, format!("{NOTICE}=; {}", attributes(state, 0)));
    }
}

/// The signed-in viewer and their session's CSRF token. Only a session
/// counts: an API token copied into the cookie has no CSRF token, so it
/// would let any form post through and is treated as no sign-in at all.
pub async fn viewer(state: &WebState, headers: &HeaderMap) -> Option<(Viewer, String)> {
    let token = cookie(headers, SESSION)?;
    let auth = state.services.authenticate(&token).await.ok()?;
    let csrf = auth.csrf_token.filter(|c| !c.is_empty())?;
    Some((auth.viewer, csrf))
}

/// Ends the session in the cookie, whatever the form sent: signing out must
/// work with a stale page too (the cookie is SameSite=Lax, so another site
/// cannot post it here).
pub async fn end_session(state: &WebState, headers: &HeaderMap, response: &mut Response) {
    if let Some(token) = cookie(headers, SESSION)
        && let Err(err) = state.services.logout(&token).await
    {
        tracing::warn!(error = %err, "ending a session failed");
    }
    clear_session(response, state);
}
