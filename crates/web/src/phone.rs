//! The support number's voice webhooks (docs/POLICY.md, "The phone
//! line"): the telephony provider asks what to do with a call and gets
//! TwiML — the documented reply format of Twilio, which other providers
//! read too. The number's Voice URL is `<public_url>/webhooks/twilio/voice`
//! (`?lang=es`, `?team=2` for a number of one language or team); every
//! later step comes back to the absolute `action` URLs the answers name.
//!
//! Every request must carry the provider's signature (`X-Twilio-Signature`,
//! made with the account's auth token) and be new: otherwise 403 and
//! nothing recorded. Whatever else goes wrong, the caller hears a polite
//! goodbye, never an error page (a 5xx makes the provider play its own
//! error message).

use axum::Router;
use axum::extract::Request;
use axum::extract::{Path, Query, State};
use axum::http::{Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::any;
use marketdesk_domain::i18n::Lang;
use marketdesk_service::ServiceError;
use marketdesk_service::phone::{CallParams, CallStep, PhoneReply, Verb, WebhookCheck};
use serde::Deserialize;

use crate::{ClientAddr, WebState};

const MAX_WEBHOOK_BYTES: usize = 64 * 1024;

pub fn routes() -> Router<WebState> {
    Router::new()
        .route("/webhooks/twilio/voice", any(start))
        .route("/webhooks/twilio/voice/{step}", any(step))
}

#[derive(Debug, Deserialize)]
struct VoiceQuery {
    lang: Option<String>,
    team: Option<i64>,
    attempt: Option<u32>,
}

/// The request's form parameters (GET: the query), once its signature and
/// freshness are checked; `Err` is the 403 to answer.
async fn checked(state: &WebState, request: Request) -> Result<Vec<(String, String)>, Response> {
    let (parts, body) = request.into_parts();
    let (method, uri, headers) = (&parts.method, &parts.uri, &parts.headers);
    // The provider's form posts are small; anything bigger is not one.
    let Ok(body) = axum::body::to_bytes(body, MAX_WEBHOOK_BYTES).await else {
        return Err((StatusCode::PAYLOAD_TOO_LARGE, "a webhook is at most 64 KiB").into_response());
    };
    let body = &body;
    // Signed over the URL and, for a POST, its form parameters.
    let signed: Vec<(String, String)> = if *method == Method::POST {
        url::form_urlencoded::parse(body).into_owned().collect()
    } else {
        Vec::new()
    };
    let signature = headers
        .get("x-twilio-signature")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok());
    let path = uri.path_and_query().map_or("/", |p| p.as_str());
    let check = state
        .services
        .accept_twilio_request(host, path, &signed, signature)
        .await;
    match check {
        Ok(WebhookCheck::Accepted) => {}
        Ok(WebhookCheck::Forged) => {
            return Err((
                StatusCode::FORBIDDEN,
                "not signed by the telephony provider",
            )
                .into_response());
        }
        Ok(WebhookCheck::Replayed) => {
            return Err((StatusCode::FORBIDDEN, "this request was answered before").into_response());
        }
        Err(err) => {
            tracing::warn!(error = %err, "checking a voice webhook failed");
            return Err(goodbye(state));
        }
    }
    if *method == Method::POST {
        Ok(signed)
    } else {
        Ok(uri
            .query()
            .map(|q| {
                url::form_urlencoded::parse(q.as_bytes())
                    .into_owned()
                    .collect()
            })
            .unwrap_or_default())
    }
}

fn param<'a>(params: &'a [(String, String)], name: &str) -> &'a str {
    params
        .iter()
        .find(|(k, _)| k == name)
        .map_or("", |(_, v)| v.as_str())
}

fn number(params: &[(String, String)], name: &str) -> u32 {
    param(params, name).trim().parse().unwrap_or(0)
}

fn call_of(params: &[(String, String)]) -> CallParams {
    CallParams {
        call_sid: param(params, "CallSid").to_owned(),
        from: param(params, "From").to_owned(),
        to: param(params, "To").to_owned(),
    }
}

/// A new call: the number's Voice URL.
async fn start(
    State(state): State<WebState>,
    ClientAddr(client): ClientAddr,
    Query(query): Query<VoiceQuery>,
    request: Request,
) -> Response {
    let params = match checked(&state, request).await {
        Ok(params) => params,
        Err(refused) => return refused,
    };
    let step = CallStep::Start {
        lang: query.lang.as_deref().map(Lang::from_tag),
        team: query.team,
    };
    answer(
        &state,
        state
            .services
            .phone_call(call_of(&params), step, client)
            .await,
    )
}

/// A later step of a call, from an `action` URL of an earlier answer.
async fn step(
    State(state): State<WebState>,
    ClientAddr(client): ClientAddr,
    Path(name): Path<String>,
    Query(query): Query<VoiceQuery>,
    request: Request,
) -> Response {
    let params = match checked(&state, request).await {
        Ok(params) => params,
        Err(refused) => return refused,
    };
    let attempt = query.attempt.unwrap_or(1).clamp(1, 10);
    let digits = param(&params, "Digits")
        .chars()
        .take(64)
        .collect::<String>();
    let step = match name.as_str() {
        "language" => CallStep::Language { attempt, digits },
        "topic" => CallStep::Topic { attempt, digits },
        "order" => CallStep::Order { digits },
        "wait" => CallStep::Wait {
            position: number(&params, "QueuePosition"),
            queue_seconds: number(&params, "QueueTime"),
        },
        "wait-choice" => CallStep::WaitChoice { digits },
        "queued" => CallStep::Queued {
            result: param(&params, "QueueResult").chars().take(32).collect(),
            queue_seconds: number(&params, "QueueTime"),
        },
        "dialed" => CallStep::Dialed {
            status: param(&params, "DialCallStatus").chars().take(32).collect(),
        },
        "recorded" => CallStep::Recorded {
            url: Some(param(&params, "RecordingUrl").to_owned()).filter(|u| !u.is_empty()),
            seconds: number(&params, "RecordingDuration"),
        },
        "transcribed" => CallStep::Transcribed {
            text: param(&params, "TranscriptionText").to_owned(),
            completed: param(&params, "TranscriptionStatus") == "completed",
        },
        "status" => CallStep::Ended,
        _ => return goodbye(&state),
    };
    answer(
        &state,
        state
            .services
            .phone_call(call_of(&params), step, client)
            .await,
    )
}

fn answer(state: &WebState, reply: Result<PhoneReply, ServiceError>) -> Response {
    match reply {
        Ok(reply) => twiml(&reply),
        // Too many calls from the provider's side: the caller hears busy.
        Err(ServiceError::RateLimited { .. }) => twiml(&PhoneReply {
            verbs: vec![Verb::Reject],
        }),
        Err(err) => {
            tracing::warn!(error = %err, "a voice webhook failed");
            goodbye(state)
        }
    }
}

/// A polite goodbye, for calls the desk cannot go on with.
fn goodbye(state: &WebState) -> Response {
    twiml(&state.services.unknown_call())
}

/// The language a provider's text-to-speech reads `lang` in.
fn voice_language(lang: Lang) -> &'static str {
    match lang.code() {
        "es" => "es-ES",
        "zh" => "zh-CN",
        _ => "en-US",
    }
}

fn say(lang: Lang, text: &str) -> String {
    format!(
        "<Say language=\"{}\">{}</Say>",
        voice_language(lang),
        xml_escape(text)
    )
}

fn verb(verb: &Verb) -> String {
    match verb {
        Verb::Say(lang, text) => say(*lang, text),
        Verb::Gather {
            action,
            one_key,
            timeout_seconds,
            say: prompts,
        } => {
            let keys = if *one_key {
                "numDigits=\"1\"".to_owned()
            } else {
                "finishOnKey=\"#\"".to_owned()
            };
            let inner: String = prompts
                .iter()
                .map(|(lang, text)| say(*lang, text))
                .collect();
            format!(
                "<Gather input=\"dtmf\" {keys} timeout=\"{timeout_seconds}\" action=\"{}\" method=\"POST\">{inner}</Gather>",
                xml_escape(action)
            )
        }
        Verb::Redirect(url) => format!("<Redirect method=\"POST\">{}</Redirect>", xml_escape(url)),
        Verb::Enqueue {
            queue,
            wait_url,
            action,
        } => format!(
            "<Enqueue waitUrl=\"{}\" waitUrlMethod=\"POST\" action=\"{}\" method=\"POST\">{}</Enqueue>",
            xml_escape(wait_url),
            xml_escape(action),
            xml_escape(queue)
        ),
        Verb::Record {
            action,
            transcribe_callback,
            max_seconds,
        } => format!(
            "<Record action=\"{}\" method=\"POST\" maxLength=\"{max_seconds}\" playBeep=\"true\" finishOnKey=\"#\" transcribe=\"true\" transcribeCallback=\"{}\"/>",
            xml_escape(action),
            xml_escape(transcribe_callback)
        ),
        Verb::Dial { number, action } => format!(
            "<Dial timeout=\"30\" action=\"{}\" method=\"POST\">{}</Dial>",
            xml_escape(action),
            xml_escape(number)
        ),
        Verb::Leave => "<Leave/>".into(),
        Verb::Hangup => "<Hangup/>".into(),
        Verb::Reject => "<Reject reason=\"busy\"/>".into(),
    }
}

fn twiml(reply: &PhoneReply) -> Response {
    let verbs: String = reply.verbs.iter().map(verb).collect();
    let body =
        format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Response>{verbs}</Response>\n");
    (
        StatusCode::OK,
        [(header::CONTENT_TYPE, "text/xml; charset=utf-8")],
        body,
    )
        .into_response()
}

/// Text as XML character data or an attribute value.
fn xml_escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}
