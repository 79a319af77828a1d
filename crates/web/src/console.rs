//! The live chat console (docs/CHAT.md): chats waiting for a person and
//! the agent's own, in real time, over one WebSocket per console
//! (`/agent/chats/socket`, same origin, the staff session). The console
//! sends `{"open": id}`, `{"accept": id}`, `{"send": id, "text": "…"}`
//! and `{"typing": id}`; it receives `{"queue": {"waiting": […], "mine":
//! […]}}` when the queue moves, `{"lines": {"ticket": id, "lines": […]}}`
//! for the open conversation (each line once, in order), `{"typing":
//! {"ticket": id}}` while the customer types, and `{"error": "…"}`.

use askama::Template;
use axum::Router;
use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde::Deserialize;
use serde_json::json;
use tokio::sync::broadcast;

use marketdesk_service::Viewer;
use marketdesk_service::chat::{Accepted, ConsoleChat, LiveEvent};

use crate::agent::{Staff, agent_meta};
use crate::errors::error_text;
use crate::i18n::Tr;
use crate::portal::{LangParam, Meta, page};
use crate::{WebState, session};

pub fn routes() -> Router<WebState> {
    Router::new()
        .route("/agent/chats", get(console))
        .route("/agent/chats/socket", get(socket))
}

#[derive(Template)]
#[template(path = "agent/chats.html")]
struct Console {
    t: Tr,
    meta: Meta,
}

async fn console(
    State(state): State<WebState>,
    staff: Staff,
    headers: HeaderMap,
    Query(lang): Query<LangParam>,
) -> Response {
    let (_, csrf, name) = staff.into_parts();
    let t = session::language(&headers, lang.lang.as_deref());
    let template = Console {
        t,
        meta: agent_meta(t, t.s("chats-title"), None, name, csrf),
    };
    page(&state, &template, &lang, false)
}

async fn socket(
    State(state): State<WebState>,
    headers: HeaderMap,
    upgrade: WebSocketUpgrade,
) -> Response {
    // The session cookie rides along on a WebSocket from any site.
    if !crate::chat::same_origin(&headers) {
        return StatusCode::FORBIDDEN.into_response();
    }
    let Some((viewer, _)) = session::viewer(&state, &headers).await else {
        return StatusCode::UNAUTHORIZED.into_response();
    };
    if !viewer.is_staff() {
        return StatusCode::FORBIDDEN.into_response();
    }
    let t = session::language(&headers, None);
    crate::chat::bounded(upgrade).on_upgrade(move |ws| serve(ws, state, viewer, t))
}

/// What the console sends up.
#[derive(Deserialize, Default)]
#[serde(default)]
struct Command {
    open: Option<i64>,
    accept: Option<i64>,
    send: Option<i64>,
    text: Option<String>,
    typing: Option<i64>,
}

/// What woke a console's socket up.
enum Wake {
    Queue,
    Conversation,
    CustomerTyping,
    Command(Command),
    Closed,
}

/// A console's open conversation: its ticket, wake-ups and the last line sent.
struct Open {
    ticket: i64,
    events: broadcast::Receiver<LiveEvent>,
    last: i64,
}

/// The console refreshes its lists at least this often, wake-ups or not.
const FALLBACK_TICK: std::time::Duration = std::time::Duration::from_secs(30);

async fn serve(mut ws: WebSocket, state: WebState, viewer: Viewer, t: Tr) {
    let services = state.services.clone();
    let mut queue = services.live().follow_queue();
    let mut tick = tokio::time::interval(FALLBACK_TICK);
    let mut open: Option<Open> = None;
    let mut shown: Option<(Vec<ConsoleChat>, Vec<ConsoleChat>)> = None;
    let mut first = true;
    loop {
        let wake = if first {
            first = false;
            Wake::Queue
        } else {
            tokio::select! {
                _ = tick.tick() => Wake::Queue,
                Ok(()) = queue.changed() => Wake::Queue,
                event = next_event(&mut open) => match event {
                    Some(LiveEvent::Typing { customer: true, .. }) => Wake::CustomerTyping,
                    Some(LiveEvent::Typing { .. }) => continue,
                    _ => Wake::Conversation,
                },
                incoming = ws.recv() => match incoming {
                    Some(Ok(Message::Text(text))) => {
                        Wake::Command(serde_json::from_str(text.as_str()).unwrap_or_default())
                    }
                    Some(Ok(Message::Close(_))) | None | Some(Err(_)) => Wake::Closed,
                    Some(Ok(_)) => continue,
                },
            }
        };
        let mut frames = Vec::new();
        match wake {
            Wake::Closed => return,
            Wake::Queue => {}
            Wake::Conversation => {}
            Wake::CustomerTyping => {
                if let Some(open) = &open {
                    frames.push(json!({ "typing": { "ticket": open.ticket } }));
                }
            }
            Wake::Command(command) => match obey(&state, &viewer, command, &mut open, t).await {
                Ok(None) => {}
                Ok(Some(refusal)) => frames.push(json!({ "error": refusal })),
                Err(err) => frames.push(json!({ "error": error_text(t, &err) })),
            },
        }
        // The open conversation's new lines, each once.
        if let Some(open) = open.as_mut() {
            match services
                .console_lines(&viewer, open.ticket, open.last)
                .await
            {
                Ok(lines) => {
                    if let Some(newest) = lines.iter().map(|l| l.id).max() {
                        open.last = newest;
                        frames.push(json!({ "lines": { "ticket": open.ticket, "lines": lines } }));
                    }
                }
                Err(err) => frames.push(json!({ "error": error_text(t, &err) })),
            }
        }
        // The lists, when they changed.
        if let Ok(lists) = services.console_chats(&viewer).await
            && shown.as_ref() != Some(&lists)
        {
            frames.push(json!({ "queue": { "waiting": lists.0, "mine": lists.1 } }));
            shown = Some(lists);
        }
        if !crate::chat::send_frames(&mut ws, frames).await {
            return;
        }
    }
}

/// Does what the console asked.
async fn obey(
    state: &WebState,
    viewer: &Viewer,
    command: Command,
    open: &mut Option<Open>,
    t: Tr,
) -> Result<Option<String>, marketdesk_service::ServiceError> {
    let services = &state.services;
    if let Some(ticket) = command.open {
        // Readable by this agent, or an error before anything is followed.
        services.console_lines(viewer, ticket, i64::MAX).await?;
        *open = Some(Open {
            ticket,
            events: services.live().follow(ticket),
            last: 0,
        });
    }
    let mut refusal = None;
    if let Some(ticket) = command.accept {
        refusal = match services.accept_chat(viewer, ticket).await? {
            Accepted::Yours => None,
            Accepted::TakenBy(name) => {
                Some(t.with("chats-taken", &[("agent", name.as_str().into())]))
            }
            Accepted::AtCapacity(capacity) => {
                Some(t.with("chats-at-capacity", &[("capacity", capacity.into())]))
            }
            Accepted::Ended => Some(t.s("chats-ended").to_owned()),
        };
        if open.as_ref().is_none_or(|o| o.ticket != ticket) {
            *open = Some(Open {
                ticket,
                events: services.live().follow(ticket),
                last: 0,
            });
        }
    }
    if let (Some(ticket), Some(text)) = (command.send, command.text.as_deref()) {
        services.console_reply(viewer, ticket, text).await?;
    }
    if let Some(ticket) = command.typing {
        services.console_typing(viewer, ticket).await?;
    }
    Ok(refusal)
}

/// The next event of the open conversation; never, while none is open.
async fn next_event(open: &mut Option<Open>) -> Option<LiveEvent> {
    crate::chat::next_live_event(open.as_mut().map(|o| &mut o.events)).await
}
