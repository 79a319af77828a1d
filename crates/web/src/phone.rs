//! The support number's voice webhook (docs/POLICY.md, "Business hours"):
//! the telephony provider asks what to do with a call and gets TwiML — the
//! documented reply format of Twilio, which other providers read too — that
//! greets the caller in their language with the hours of the number's team,
//! puts them through while people are at work (`phone_forward_to`), and
//! otherwise says when people are back and how to reach us meanwhile.
//!
//! The number's Voice URL at the provider is
//! `<public_url>/webhooks/twilio/voice` (`?lang=es`, `?lang=zh&team=2` for
//! a number of one language or team). Requests must carry the provider's
//! signature (`X-Twilio-Signature`, made with the account's auth token):
//! without it, 403 and nothing said.

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use marketdesk_domain::i18n::Lang;
use marketdesk_service::phone::PhoneGreeting;
use serde::Deserialize;

use crate::{ClientAddr, WebState};

pub fn routes() -> Router<WebState> {
    Router::new().route("/webhooks/twilio/voice", get(voice).post(voice))
}

#[derive(Debug, Deserialize)]
struct VoiceQuery {
    lang: Option<String>,
    team: Option<i64>,
}

async fn voice(
    State(state): State<WebState>,
    ClientAddr(client): ClientAddr,
    Query(query): Query<VoiceQuery>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    // Signed over the URL and, for a POST, its form parameters.
    let params: Vec<(String, String)> = if method == Method::POST {
        url::form_urlencoded::parse(&body).into_owned().collect()
    } else {
        Vec::new()
    };
    let signature = headers
        .get("x-twilio-signature")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let path = uri.path_and_query().map_or("/", |p| p.as_str());
    if !state
        .services
        .twilio_request_valid(path, &params, signature)
    {
        return (
            StatusCode::FORBIDDEN,
            "not signed by the telephony provider",
        )
            .into_response();
    }
    let lang = Lang::from_tag(query.lang.as_deref().unwrap_or("en"));
    match state
        .services
        .phone_greeting(lang, query.team, client)
        .await
    {
        Ok(greeting) => twiml(StatusCode::OK, &say(lang, &greeting)),
        // Too many calls, or the desk cannot answer: the caller hears busy.
        Err(err) => {
            tracing::warn!(error = %err, "the phone greeting failed");
            twiml(StatusCode::OK, "<Reject reason=\"busy\"/>")
        }
    }
}

/// The language a provider's text-to-speech reads `lang` in.
fn voice_language(lang: Lang) -> &'static str {
    match lang.code() {
        "es" => "es-ES",
        "zh" => "zh-CN",
        _ => "en-US",
    }
}

fn say(lang: Lang, greeting: &PhoneGreeting) -> String {
    let language = voice_language(lang);
    let mut verbs = format!(
        "<Say language=\"{language}\">{}</Say>",
        xml_text(&greeting.greeting)
    );
    if let Some(number) = &greeting.forward_to {
        verbs.push_str(&format!("<Dial timeout=\"30\">{}</Dial>", xml_text(number)));
    }
    verbs.push_str(&format!(
        "<Say language=\"{language}\">{}</Say><Hangup/>",
        xml_text(&greeting.farewell)
    ));
    verbs
}

fn twiml(status: StatusCode, verbs: &str) -> Response {
    let body =
        format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Response>{verbs}</Response>\n");
    (
        status,
        [(header::CONTENT_TYPE, "text/xml; charset=utf-8")],
        body,
    )
        .into_response()
}

/// Text as XML character data (the shop's name, an email address).
fn xml_text(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}
