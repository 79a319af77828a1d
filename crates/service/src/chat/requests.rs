//! Several requests in one message (docs/ASSISTANT.md): "cancel my order
//! and refund the shipping" is split where the requests join; the first is
//! handled now and the others wait in the chat's state, each starting once
//! the one before needs no more answers.

use marketdesk_assistant::{Prediction, analyze, split_requests};
use marketdesk_store::chat::ChatSession;
use serde_json::{Value, json};

use super::engine::flow_for;
use super::state::{ChatStep, current_step, set};

/// Requests waiting at most (a message listing ten errands gets three).
const MAX_QUEUED: usize = 2;
/// How sure each part must be to count as a request of its own.
const SURE_ENOUGH: f32 = 0.3;

fn errand(p: &Prediction, text: &str) -> String {
    flow_for(&p.intent, text).map_or_else(|| p.intent.clone(), str::to_owned)
}

/// When a fresh message holds requests for different errands: queues all
/// but the first and answers the first with what it asks.
pub(super) fn queue_the_rest(
    s: &mut ChatSession,
    text: &str,
    asked: Option<ChatStep>,
) -> Option<(String, Prediction)> {
    if asked.is_some_and(|step| step != ChatStep::Csat) {
        return None;
    }
    let parts = split_requests(text);
    if parts.len() < 2 {
        return None;
    }
    let requests: Vec<(String, Prediction)> = parts
        .into_iter()
        .map(|part| {
            let p = analyze(&part);
            (part, p)
        })
        .filter(|(_, p)| {
            !matches!(p.intent.as_str(), "greeting" | "thanks" | "other")
                && p.confidence >= SURE_ENOUGH
        })
        .collect();
    let first = requests.first()?;
    let first_errand = errand(&first.1, &first.0);
    let rest: Vec<String> = requests
        .iter()
        .skip(1)
        .filter(|(part, p)| errand(p, part) != first_errand)
        .map(|(part, _)| part.clone())
        .take(MAX_QUEUED)
        .collect();
    if rest.is_empty() {
        return None;
    }
    set(s, "next_requests", json!(rest));
    Some(first.clone())
}

/// The next queued request, once the conversation waits for nothing but a
/// rating (and no person has taken it).
pub(super) fn next_request(s: &mut ChatSession) -> Option<String> {
    if s.ticket_id.is_some() || current_step(s).is_some_and(|step| step != ChatStep::Csat) {
        return None;
    }
    let mut queued: Vec<String> = s
        .state
        .get("next_requests")
        .and_then(|v| serde_json::from_value(v.clone()).ok())
        .unwrap_or_default();
    if queued.is_empty() {
        return None;
    }
    let next = queued.remove(0);
    set(
        s,
        "next_requests",
        if queued.is_empty() {
            Value::Null
        } else {
            json!(queued)
        },
    );
    Some(next)
}
