//! What a chat remembers between messages (the session's JSON state) and
//! the small helpers every flow reads it with.

use marketdesk_domain::Role;
use marketdesk_domain::access::Viewer;
use marketdesk_domain::i18n::Lang;
use marketdesk_store::chat::ChatSession;
use serde_json::{Value, json};

pub(crate) fn lang_of(session: &ChatSession) -> Lang {
    Lang::from_tag(&session.language)
}

/// A clear yes, and nothing else: only that lets a flow act.
pub(crate) fn yes(text: &str) -> bool {
    marketdesk_domain::chat_answers::clear_yes(text)
}

/// A clear "no" ("no", "nope", "claro que no", "不是", "no fui yo").
pub(crate) fn no(text: &str) -> bool {
    marketdesk_domain::chat_answers::clear_no(text)
}

marketdesk_domain::wire_enum! {
    /// Where a conversation waits for the customer's next line.
    pub enum ChatStep {
        OrderNumber => "order_number",
        Email => "email",
        AddressConfirm => "address_confirm",
        RescheduleDate => "reschedule_date",
        RescheduleConfirm => "reschedule_confirm",
        CancelConfirm => "cancel_confirm",
        ChangeChoice => "change_choice",
        VariantLine => "variant_line",
        VariantValue => "variant_value",
        VariantConfirm => "variant_confirm",
        ReduceLine => "reduce_line",
        ReduceQuantity => "reduce_quantity",
        ReduceConfirm => "reduce_confirm",
        DisputeText => "dispute_text",
        /// Yes or no: the buyer wrote to the seller before the case.
        DisputeContacted => "dispute_contacted",
        /// Yes or no: a case rather than the return the order still allows.
        DisputeInsteadOfReturn => "dispute_instead_of_return",
        PasswordEmail => "password_email",
        ReturnLine => "return_line",
        ReturnReason => "return_reason",
        ReturnConfirm => "return_confirm",
        Csat => "csat",
        /// The address questions, one at a time; the answer is kept under
        /// the step's own name.
        AddressLine1 => "address_line1",
        AddressCity => "address_city",
        AddressPostalCode => "address_postal_code",
        AddressCountry => "address_country",
        /// Yes or no: "was this you?" about a signal on the account.
        SignalAnswer => "signal_answer",
        /// Which of two or three errands the last message meant.
        IntentChoice => "intent_choice",
    }
}

/// The step the conversation waits at, if any.
pub(crate) fn current_step(s: &ChatSession) -> Option<ChatStep> {
    state_str(s, "step").and_then(|text| ChatStep::parse(text).ok())
}

/// Waits at `step` for the next line, or at none.
pub(crate) fn set_step(s: &mut ChatSession, step: Option<ChatStep>) {
    set(
        s,
        "step",
        step.map_or(Value::Null, |st| Value::from(st.as_str())),
    );
}

pub(crate) fn state_str<'a>(s: &'a ChatSession, key: &str) -> Option<&'a str> {
    s.state.get(key).and_then(Value::as_str)
}

pub(crate) fn set(s: &mut ChatSession, key: &str, value: impl Into<Value>) {
    if !s.state.is_object() {
        s.state = json!({});
    }
    if let Some(map) = s.state.as_object_mut() {
        map.insert(key.to_string(), value.into());
    }
}

/// What checking an order number and email in the chat found.
pub(crate) enum Verification {
    Verified {
        person: i64,
        order: i64,
    },
    /// Not an order of that email (or no such order): counted.
    Mismatch,
    /// Too many failures for that order number, email or client address.
    Limited,
    /// The right pair, but the account is frozen for a security review.
    Frozen,
}

pub(crate) fn forget_identity(s: &mut ChatSession) {
    if let Some(map) = s.state.as_object_mut() {
        map.remove("order_number");
        map.remove("email");
    }
}

pub(crate) fn tried(s: &mut ChatSession, what: &str) {
    let mut list: Vec<Value> = s
        .state
        .get("tried")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    list.push(json!(what));
    set(s, "tried", Value::Array(list));
}

/// The customer, as the chat knows them after verification.
pub(crate) fn customer_viewer(person_id: i64, order_scope: Option<i64>) -> Viewer {
    Viewer {
        person_id,
        role: Role::Customer,
        scopes: Role::Customer.default_scopes(),
        order_scope,
    }
}

/// Remembers the lines offered and lists them numbered ("1. Linen shirt").
pub(crate) fn offer_lines(
    s: &mut ChatSession,
    lines: &[&crate::commerce::OrderLineView],
) -> String {
    set(
        s,
        "lines",
        Value::Array(lines.iter().map(|l| json!(l.id)).collect()),
    );
    lines
        .iter()
        .enumerate()
        .map(|(i, l)| format!("{}. {}", i + 1, l.title))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The line the customer picked by its number in the list offered.
pub(crate) fn picked_line(s: &ChatSession, text: &str) -> Option<i64> {
    let lines: Vec<i64> = s
        .state
        .get("lines")
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(Value::as_i64).collect())
        .unwrap_or_default();
    text.trim()
        .trim_end_matches(['.', '。'])
        .parse::<usize>()
        .ok()
        .and_then(|n| lines.get(n.wrapping_sub(1)).copied())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yes_and_no_in_three_languages() {
        for y in ["yes", "Sí", "si", "是", "好的", "确认", "ok"] {
            assert!(yes(y), "{y}");
        }
        for n in [
            "no",
            "不",
            "取消",
            "maybe",
            "ok wait, let me ask my wife first",
        ] {
            assert!(!yes(n), "{n}");
        }
    }
}
