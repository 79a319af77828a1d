//! The chat: a page (also shown in the widget's frame) and its JSON calls.
//! The chat is identified by a secret in an HttpOnly cookie; calls need the
//! `X-Requested-With` header, which a cross-site form cannot send. Lines
//! travel over a WebSocket (`/chat/socket`, same origin only); the JSON
//! calls remain for browsers or proxies without one.

use std::net::IpAddr;

use askama::Template;
use axum::Json;
use axum::Router;
use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde::Deserialize;
use serde_json::json;

use marketdesk_service::ServiceError;
use marketdesk_service::chat::{ChatStatus, LiveEvent};

use crate::errors::error_text;
use crate::i18n::Tr;
use crate::portal::LangParam;
use crate::{ClientAddr, WebState, render, session};

const CHAT: &str = "md_chat";

pub fn routes(max_attachment_bytes: usize) -> Router<WebState> {
    // The JSON calls answer JSON even when the framework refuses a request
    // (a bad body or query): the chat page shows `error` to the customer.
    let calls = Router::new()
        .route("/chat/start", post(start))
        .route("/chat/send", post(send))
        .route("/chat/messages", get(messages))
        .route("/chat/offline", post(offline))
        .route("/chat/transcript", post(transcript))
        .route(
            "/chat/attachments",
            post(attach).layer(axum::extract::DefaultBodyLimit::max(
                max_attachment_bytes + 64 * 1024,
            )),
        )
        .layer(axum::middleware::map_response(json_refusals));
    Router::new()
        .route("/chat", get(page))
        .merge(calls)
        .route("/chat/socket", get(socket))
        .route("/chat/files/{id}", get(file))
        .route("/chat/returns/{rma}/label.pdf", get(label))
        .route("/widget.js", get(widget))
}

/// Turns a refusal that is not JSON (axum's plain-text rejections) into the
/// chat's `{"error": …}`, in words a customer understands.
async fn json_refusals(headers: HeaderMap, response: Response) -> Response {
    let is_json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    if !response.status().is_client_error() || is_json {
        return response;
    }
    let t = session::language(&headers, None);
    error(response.status(), t.s("chat-failed").into())
}

#[derive(Template)]
#[template(path = "portal/chat.html")]
struct ChatPage {
    t: Tr,
}

async fn page(
    State(state): State<WebState>,
    headers: HeaderMap,
    Query(lang): Query<LangParam>,
) -> Response {
    let t = session::language(&headers, lang.lang.as_deref());
    let mut response = render(&ChatPage { t });
    session::remember_language(&mut response, &state, lang.lang.as_deref());
    response
}

const WIDGET: &str = include_str!("../assets/widget.js");

async fn widget() -> Response {
    let mut response = WIDGET.into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/javascript; charset=utf-8"),
    );
    response
}

fn same_site_call(headers: &HeaderMap) -> bool {
    headers.get("x-requested-with").is_some()
}

/// What the chat tells a person when a line cannot be taken, in their
/// language; the real failure goes to the log.
fn chat_error(t: Tr, err: &ServiceError) -> String {
    match err {
        ServiceError::RateLimited { .. } => t.s("chat-slow-down").into(),
        ServiceError::InvalidField { .. } | ServiceError::Invalid(_) => t.s("chat-too-long").into(),
        ServiceError::Unauthenticated | ServiceError::NotFound(_) => t.s("chat-expired").into(),
        other => {
            tracing::warn!(error = %other, "chat");
            t.s("chat-failed").into()
        }
    }
}

fn error(status: StatusCode, detail: String) -> Response {
    (status, Json(json!({"error": detail}))).into_response()
}

#[derive(Deserialize)]
struct Start {
    #[serde(default)]
    language: Option<String>,
    /// The browser's IANA time zone.
    #[serde(default)]
    time_zone: Option<String>,
}

/// Starts a chat, or answers the current one's messages when it is still open.
async fn start(
    State(state): State<WebState>,
    headers: HeaderMap,
    ClientAddr(client): ClientAddr,
    Json(body): Json<Start>,
) -> Response {
    if !same_site_call(&headers) {
        return error(StatusCode::FORBIDDEN, "missing X-Requested-With".into());
    }
    // Nobody to answer now: the page offers the offline form too.
    let offline = state.services.chat_offline().await.unwrap_or(false);
    if let Some(token) = session::cookie(&headers, CHAT)
        && let Ok(messages) = state.services.chat_messages(&token, 0).await
    {
        return Json(json!({ "messages": messages, "offline": offline })).into_response();
    }
    let language = body
        .language
        .unwrap_or_else(|| session::language(&headers, None).tag().to_string());
    match state
        .services
        .start_chat(&language, body.time_zone.as_deref(), client)
        .await
    {
        Ok(started) => {
            let mut response =
                Json(json!({ "messages": started.messages, "offline": offline })).into_response();
            let secure = if state.secure_cookies { "; Secure" } else { "" };
            if let Ok(v) = HeaderValue::from_str(&format!(
                "{CHAT}={}; Path=/; HttpOnly; SameSite=Lax; Max-Age=86400{secure}",
                started.token
            )) {
                response.headers_mut().append(header::SET_COOKIE, v);
            }
            response
        }
        Err(ServiceError::RateLimited { .. }) => error(
            StatusCode::TOO_MANY_REQUESTS,
            session::language(&headers, None).s("chat-too-many").into(),
        ),
        Err(err) => error(
            StatusCode::INTERNAL_SERVER_ERROR,
            error_text(session::language(&headers, None), &err),
        ),
    }
}

#[derive(Deserialize)]
struct Send {
    text: String,
}

async fn send(
    State(state): State<WebState>,
    headers: HeaderMap,
    ClientAddr(client): ClientAddr,
    Json(body): Json<Send>,
) -> Response {
    let (t, token) = match chat_call(&headers) {
        Ok(call) => call,
        Err(refused) => return *refused,
    };
    if body.text.trim().is_empty() {
        return error(StatusCode::UNPROCESSABLE_ENTITY, t.s("chat-empty").into());
    }
    match state.services.chat_send(&token, &body.text, client).await {
        Ok(messages) => Json(json!({ "messages": messages })).into_response(),
        Err(err) => {
            let status = match err {
                ServiceError::RateLimited { .. } => StatusCode::TOO_MANY_REQUESTS,
                ServiceError::Unauthenticated | ServiceError::NotFound(_) => {
                    StatusCode::UNAUTHORIZED
                }
                _ => StatusCode::UNPROCESSABLE_ENTITY,
            };
            error(status, chat_error(t, &err))
        }
    }
}

/// The offline form: a ticket answered by email; the chat says so.
async fn offline(
    State(state): State<WebState>,
    headers: HeaderMap,
    ClientAddr(client): ClientAddr,
    Json(body): Json<marketdesk_service::chat::OfflineMessage>,
) -> Response {
    let (t, token) = match chat_call(&headers) {
        Ok(call) => call,
        Err(refused) => return *refused,
    };
    match state
        .services
        .leave_offline_message(&token, body, client)
        .await
    {
        Ok(_) => match state.services.chat_messages(&token, 0).await {
            Ok(messages) => Json(json!({ "messages": messages })).into_response(),
            Err(err) => error(StatusCode::UNAUTHORIZED, chat_error(t, &err)),
        },
        Err(err) => refused(t, &err),
    }
}

#[derive(Deserialize)]
struct TranscriptAsk {
    #[serde(default)]
    email: Option<String>,
}

/// The conversation by email.
async fn transcript(
    State(state): State<WebState>,
    headers: HeaderMap,
    Json(body): Json<TranscriptAsk>,
) -> Response {
    let (t, token) = match chat_call(&headers) {
        Ok(call) => call,
        Err(refused) => return *refused,
    };
    match state
        .services
        .email_chat_transcript(&token, body.email.as_deref())
        .await
    {
        Ok(address) => Json(json!({ "sent_to": address })).into_response(),
        Err(err) => refused(t, &err),
    }
}

/// The customer sends a file (multipart, field `file`), once a person has the chat.
async fn attach(
    State(state): State<WebState>,
    headers: HeaderMap,
    mut multipart: axum::extract::Multipart,
) -> Response {
    let (t, token) = match chat_call(&headers) {
        Ok(call) => call,
        Err(refused) => return *refused,
    };
    let mut file = None;
    loop {
        match multipart.next_field().await {
            Ok(Some(field)) if field.name() == Some("file") => {
                let name = field.file_name().unwrap_or("file").to_owned();
                let kind = field
                    .content_type()
                    .unwrap_or("application/octet-stream")
                    .to_owned();
                match field.bytes().await {
                    Ok(bytes) => file = Some((name, kind, bytes)),
                    Err(err) => {
                        return error(err.status(), t.s(crate::agent::upload_problem(err)).into());
                    }
                }
            }
            Ok(Some(_)) => {}
            Ok(None) => break,
            Err(err) => return error(err.status(), t.s(crate::agent::upload_problem(err)).into()),
        }
    }
    let Some((name, kind, bytes)) = file.filter(|(_, _, b)| !b.is_empty()) else {
        return error(
            StatusCode::UNPROCESSABLE_ENTITY,
            t.s("chat-attach-empty").into(),
        );
    };
    match state
        .services
        .chat_attach(&token, &name, &kind, &bytes)
        .await
    {
        Ok(Some(messages)) => Json(json!({ "messages": messages })).into_response(),
        Ok(None) => error(StatusCode::CONFLICT, t.s("chat-attach-later").into()),
        Err(err) => refused(t, &err),
    }
}

/// A file of the conversation (one an agent sent, or the customer's own).
async fn file(State(state): State<WebState>, headers: HeaderMap, Path(id): Path<i64>) -> Response {
    let Some(token) = session::cookie(&headers, CHAT) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    match state.services.chat_file(&token, id).await {
        Ok((row, bytes)) => {
            let disposition = format!(
                "attachment; filename=\"{}\"",
                row.filename.replace(['"', '\\', '\r', '\n'], "_")
            );
            let mut response = bytes.into_response();
            let headers = response.headers_mut();
            if let Ok(v) = HeaderValue::from_str(&row.content_type) {
                headers.insert(header::CONTENT_TYPE, v);
            }
            if let Ok(v) = HeaderValue::from_str(&disposition) {
                headers.insert(header::CONTENT_DISPOSITION, v);
            }
            headers.insert(
                header::X_CONTENT_TYPE_OPTIONS,
                HeaderValue::from_static("nosniff"),
            );
            response
        }
        Err(_) => StatusCode::NOT_FOUND.into_response(),
    }
}

/// A chat's JSON call from its own page: the reader's language and the
/// chat's secret, or the refusal to answer.
fn chat_call(headers: &HeaderMap) -> Result<(Tr, String), Box<Response>> {
    if !same_site_call(headers) {
        return Err(Box::new(error(
            StatusCode::FORBIDDEN,
            "missing X-Requested-With".into(),
        )));
    }
    let t = session::language(headers, None);
    match session::cookie(headers, CHAT) {
        Some(token) => Ok((t, token)),
        None => Err(Box::new(error(
            StatusCode::UNAUTHORIZED,
            t.s("chat-expired").into(),
        ))),
    }
}

/// A refused form of the chat page, in the customer's words.
fn refused(t: Tr, err: &ServiceError) -> Response {
    let status = match err {
        ServiceError::RateLimited { .. } => StatusCode::TOO_MANY_REQUESTS,
        ServiceError::Unauthenticated | ServiceError::NotFound(_) => StatusCode::UNAUTHORIZED,
        _ => StatusCode::UNPROCESSABLE_ENTITY,
    };
    let text = match err {
        ServiceError::Invalid(_) | ServiceError::InvalidField { .. } => error_text(t, err),
        other => chat_error(t, other),
    };
    error(status, text)
}

#[derive(Deserialize)]
struct After {
    #[serde(default)]
    after: i64,
}

async fn messages(
    State(state): State<WebState>,
    headers: HeaderMap,
    Query(q): Query<After>,
) -> Response {
    let Some(token) = session::cookie(&headers, CHAT) else {
        return error(
            StatusCode::UNAUTHORIZED,
            session::language(&headers, None)
                .s("chat-start-first")
                .into(),
        );
    };
    match state.services.chat_messages(&token, q.after).await {
        Ok(messages) => Json(json!({ "messages": messages })).into_response(),
        Err(err) => error(
            StatusCode::UNAUTHORIZED,
            error_text(session::language(&headers, None), &err),
        ),
    }
}

/// A socket looks for lines written elsewhere this often even without a
/// wake-up (a lost `NOTIFY`): the wake-ups, not this, carry the chat.
const FALLBACK_TICK: std::time::Duration = std::time::Duration::from_secs(30);

/// The customer's typing reaches the agent at most this often.
const TYPING_EVERY: std::time::Duration = std::time::Duration::from_secs(2);

/// The chat over a WebSocket: the customer's lines go up as
/// `{"text": "…"}` and `{"typing": true}` while they type; every new line
/// comes down as `{"messages": […]}` — the assistant's answers at once, an
/// agent's reply as it is written — with `{"status": {"agent": …}}` or
/// `{"status": {"position": …, "wait_minutes": …}}` when it changes and
/// `{"typing": "Ana"}` while the agent types.
async fn socket(
    State(state): State<WebState>,
    headers: HeaderMap,
    Query(q): Query<After>,
    ClientAddr(client): ClientAddr,
    upgrade: WebSocketUpgrade,
) -> Response {
    // The cookie rides along on a WebSocket from any site: only our own pages may open one.
    if !same_origin(&headers) {
        return error(
            StatusCode::FORBIDDEN,
            session::language(&headers, None)
                .s("error-forbidden")
                .into(),
        );
    }
    let Some(token) = session::cookie(&headers, CHAT) else {
        return error(
            StatusCode::UNAUTHORIZED,
            session::language(&headers, None)
                .s("chat-start-first")
                .into(),
        );
    };
    if let Err(err) = state.services.chat_messages(&token, i64::MAX).await {
        return error(
            StatusCode::UNAUTHORIZED,
            error_text(session::language(&headers, None), &err),
        );
    }
    let t = session::language(&headers, None);
    bounded(upgrade).on_upgrade(move |ws| converse(ws, state, token, q.after, client, t))
}

/// A line is at most 4,000 characters: a frame of more is refused before
/// it is read whole, and a socket keeps small buffers (thousands are open).
pub(crate) fn bounded(upgrade: WebSocketUpgrade) -> WebSocketUpgrade {
    upgrade
        .read_buffer_size(4 * 1024)
        .write_buffer_size(0)
        .max_message_size(64 * 1024)
        .max_frame_size(64 * 1024)
}

/// Whether the `Origin` of a request is the host it was sent to.
pub(crate) fn same_origin(headers: &HeaderMap) -> bool {
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok());
    let origin = headers.get(header::ORIGIN).and_then(|h| h.to_str().ok());
    match (origin, host) {
        (Some(origin), Some(host)) => origin
            .split_once("://")
            .is_some_and(|(_, rest)| rest == host),
        _ => false,
    }
}

/// What woke a chat socket up.
enum Wake {
    /// Read the lines and the status again.
    Tick,
    /// The queue moved: the status may have.
    Queue,
    AgentTyping(String),
    Line(String),
    CustomerTyping,
    Unreadable,
    Closed,
}

/// What the customer's socket sends up.
#[derive(Deserialize)]
struct Incoming {
    #[serde(default)]
    text: Option<String>,
    #[serde(default)]
    typing: bool,
}

async fn converse(
    mut ws: WebSocket,
    state: WebState,
    token: String,
    mut last: i64,
    client: Option<IpAddr>,
    t: Tr,
) {
    let services = state.services.clone();
    // Spread over the period, so thousands of sockets opened together do
    // not all look at once.
    let jitter = FALLBACK_TICK.mul_f64(rand::random::<f64>());
    let mut tick = tokio::time::interval_at(tokio::time::Instant::now() + jitter, FALLBACK_TICK);
    let mut queue = services.live().follow_queue();
    let mut first = true;
    // The conversation's wake-ups, once the chat has a ticket.
    let mut followed: Option<(i64, tokio::sync::broadcast::Receiver<LiveEvent>)> = None;
    let mut shown_status: Option<ChatStatus> = None;
    let mut typed_at: Option<tokio::time::Instant> = None;
    loop {
        if followed.is_none()
            && let Ok(Some(ticket)) = services.chat_ticket(&token).await
        {
            followed = Some((ticket, services.live().follow(ticket)));
        }
        // Only waiting happens inside the select: the waits are safe to drop,
        // and database work is never cancelled halfway.
        let wake = if std::mem::take(&mut first) {
            Wake::Tick
        } else {
            tokio::select! {
            _ = tick.tick() => Wake::Tick,
            Ok(()) = queue.changed(), if followed.is_some() => Wake::Queue,
            event = next_event(&mut followed) => match event {
                Some(LiveEvent::Typing { customer: false, name }) => Wake::AgentTyping(name),
                Some(LiveEvent::Typing { customer: true, .. }) => continue,
                _ => Wake::Tick,
            },
            incoming = ws.recv() => match incoming {
                Some(Ok(Message::Text(text))) => match serde_json::from_str::<Incoming>(text.as_str()) {
                    Ok(Incoming { text: Some(line), .. }) => Wake::Line(line),
                    Ok(Incoming { typing: true, .. }) => Wake::CustomerTyping,
                    _ => Wake::Unreadable,
                },
                Some(Ok(Message::Close(_))) | None | Some(Err(_)) => Wake::Closed,
                Some(Ok(_)) => continue,
            },
            }
        };
        let mut frames = Vec::new();
        let lines = match wake {
            Wake::Tick => Some(services.chat_messages(&token, last).await),
            Wake::Line(text) => Some(services.chat_send(&token, &text, client).await),
            Wake::Unreadable => Some(Err(ServiceError::field("text", "send {\"text\": \"…\"}"))),
            Wake::AgentTyping(name) => {
                frames.push(json!({ "typing": name }));
                None
            }
            Wake::CustomerTyping => {
                if let Some((ticket, _)) = &followed
                    && typed_at.is_none_or(|at| at.elapsed() >= TYPING_EVERY)
                {
                    typed_at = Some(tokio::time::Instant::now());
                    services.live_typing(*ticket, true, "");
                }
                None
            }
            Wake::Queue => None,
            Wake::Closed => return,
        };
        match lines {
            Some(Ok(lines)) => {
                let fresh: Vec<_> = lines.into_iter().filter(|l| l.id > last).collect();
                if let Some(newest) = fresh.iter().map(|l| l.id).max() {
                    last = newest;
                    frames.push(json!({ "messages": fresh }));
                }
            }
            Some(Err(err)) => frames.push(json!({ "error": chat_error(t, &err) })),
            None => {}
        }
        // Who answers, or the place in the queue: sent when it changes.
        if followed.is_some()
            && let Ok(status) = services.chat_status(&token).await
            && shown_status.as_ref() != Some(&status)
        {
            frames.push(json!({ "status": status }));
            shown_status = Some(status);
        }
        if !send_frames(&mut ws, frames).await {
            return;
        }
    }
}

/// Sends JSON frames in order; false once the socket is gone.
pub(crate) async fn send_frames(ws: &mut WebSocket, frames: Vec<serde_json::Value>) -> bool {
    for frame in frames {
        if ws
            .send(Message::Text(frame.to_string().into()))
            .await
            .is_err()
        {
            return false;
        }
    }
    true
}

/// The next event of the followed conversation; never, while there is none.
async fn next_event(
    followed: &mut Option<(i64, tokio::sync::broadcast::Receiver<LiveEvent>)>,
) -> Option<LiveEvent> {
    next_live_event(followed.as_mut().map(|(_, events)| events)).await
}

/// The next event of a conversation's wake-ups (a missed few count as a
/// change); never, without wake-ups or once they ended.
pub(crate) async fn next_live_event(
    events: Option<&mut tokio::sync::broadcast::Receiver<LiveEvent>>,
) -> Option<LiveEvent> {
    use tokio::sync::broadcast::error::RecvError;
    if let Some(events) = events {
        match events.recv().await {
            Ok(event) => return Some(event),
            Err(RecvError::Lagged(_)) => return Some(LiveEvent::Changed),
            Err(RecvError::Closed) => {}
        }
    }
    std::future::pending::<()>().await;
    None
}

async fn label(
    State(state): State<WebState>,
    headers: HeaderMap,
    Path(rma): Path<String>,
) -> Response {
    let Some(token) = session::cookie(&headers, CHAT) else {
        return error(
            StatusCode::UNAUTHORIZED,
            session::language(&headers, None)
                .s("chat-start-first")
                .into(),
        );
    };
    match state.services.chat_return_label(&token, &rma).await {
        Ok(bytes) => {
            let mut response = bytes.into_response();
            response.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/pdf"),
            );
            response
        }
        Err(_) => error(StatusCode::NOT_FOUND, "no such label".into()),
    }
}
