//! The flows about the order itself: a new delivery address asked field by
//! field, and a return (item, reason, label) — each read back and done
//! only on a yes.

use marketdesk_domain::commerce::ReturnReason;
use marketdesk_domain::i18n::Lang;
use marketdesk_messages::tr;
use marketdesk_store::chat::ChatSession;
use serde_json::Value;

use super::state::{ChatStep, customer_viewer, lang_of, set, set_step, state_str, yes};
use crate::after_sales::{Address, ChangeAddress, NewReturn, Resolution, ReturnLineInput};
use crate::{Result, ServiceError, Services};
use marketdesk_domain::chat_answers::country_code;

/// The answers a flow collects, forgotten when it ends or is left.
const FLOW_KEYS: [&str; 5] = [
    "address_line1",
    "address_city",
    "address_postal_code",
    "address_country",
    "flow",
];

pub(super) fn forget_flow(s: &mut ChatSession) {
    if let Some(map) = s.state.as_object_mut() {
        for key in FLOW_KEYS {
            map.remove(key);
        }
    }
}

/// An answer to an address question, checked: a street with a few
/// characters, a city with letters, a postal code with a digit, a country
/// by its code or name. `None` asks again.
pub(super) fn address_answer(step: ChatStep, text: &str) -> Option<String> {
    let text = text.trim();
    let len = text.chars().count();
    use marketdesk_domain::chat_answers::{clear_no, leaves_the_flow};
    // "yes", "对的", "算了，不用了" answer no address question.
    let a_yes_or_no = yes(text) || clear_no(text) || leaves_the_flow(text);
    // An address has no markup: "<script>" is somebody testing, not a street.
    let a_yes_or_no = a_yes_or_no || text.contains(['<', '>']);
    match step {
        // A street has a name: "12345" alone is no street.
        ChatStep::AddressLine1 => {
            (3..=200).contains(&len) && !a_yes_or_no && text.chars().any(char::is_alphabetic)
        }
        ChatStep::AddressCity => {
            (2..=100).contains(&len) && !a_yes_or_no && text.chars().any(char::is_alphabetic)
        }
        ChatStep::AddressPostalCode => {
            (2..=12).contains(&len)
                && text
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == ' ' || c == '-')
                && text.chars().any(|c| c.is_ascii_digit())
        }
        ChatStep::AddressCountry => return country_code(text),
        _ => false,
    }
    .then(|| text.to_owned())
}

/// The question asked again after an answer that does not fit.
pub(super) fn address_again(lang: marketdesk_domain::i18n::Lang, step: ChatStep) -> &'static str {
    match step {
        ChatStep::AddressLine1 => tr!(lang, "chat-address-again-street"),
        ChatStep::AddressCity => tr!(lang, "chat-address-again-city"),
        ChatStep::AddressPostalCode => tr!(lang, "chat-address-again-postal"),
        _ => tr!(lang, "chat-address-again-country"),
    }
}

impl Services {
    pub(super) fn next_address_question(&self, s: &mut ChatSession) -> Result<Vec<String>> {
        let lang = lang_of(s);
        let questions = [
            (
                ChatStep::AddressLine1,
                tr!(lang, "chat-what-new-street-number").to_string(),
            ),
            (
                ChatStep::AddressCity,
                tr!(lang, "chat-which-city").to_string(),
            ),
            (
                ChatStep::AddressPostalCode,
                tr!(lang, "chat-postal-code").to_string(),
            ),
            (
                ChatStep::AddressCountry,
                tr!(lang, "chat-country-two-letters-such-as").to_string(),
            ),
        ];
        for (step, question) in questions {
            if state_str(s, step.as_str()).is_none() {
                set_step(s, Some(step));
                return Ok(vec![question]);
            }
        }
        set_step(s, Some(ChatStep::AddressConfirm));
        let summary = format!(
            "{}, {} {}, {}",
            state_str(s, "address_line1").unwrap_or_default(),
            state_str(s, "address_postal_code").unwrap_or_default(),
            state_str(s, "address_city").unwrap_or_default(),
            state_str(s, "address_country")
                .unwrap_or_default()
                .to_uppercase()
        );
        Ok(vec![tr!(
            lang,
            "chat-will-change-delivery-address-summary",
            summary = summary
        )])
    }

    pub(super) async fn finish_address(&self, s: &mut ChatSession) -> Result<Vec<String>> {
        let (Some(person), Some(order_id)) = (s.person_id, s.order_id) else {
            return Ok(vec![]);
        };
        let viewer = customer_viewer(person, Some(order_id));
        let field = |k: &str| state_str(s, k).unwrap_or_default().to_string();
        let input = ChangeAddress {
            address: Address {
                name: field("address_name"),
                line1: field("address_line1"),
                line2: None,
                city: field("address_city"),
                region: None,
                postal_code: field("address_postal_code"),
                country: field("address_country"),
            },
            ticket_id: None,
        };
        let lang = lang_of(s);
        // The customer reads the order rules' refusal in their language,
        // never a developer's message.
        let reply = match self
            .change_address(&viewer, &order_id.to_string(), input, None)
            .await
        {
            Ok(outcome) => outcome.message,
            Err(ServiceError::Refused { message, .. }) => message,
            Err(ServiceError::InvalidField { .. } | ServiceError::Invalid(_)) => {
                tr!(lang, "chat-address-not-valid").to_string()
            }
            Err(err) => {
                tracing::warn!(error = %err, "a chat's address change failed");
                tr!(lang, "chat-could-not-change-address").to_string()
            }
        };
        forget_flow(s);
        Ok(vec![reply])
    }

    pub(super) async fn finish_chat_return(&self, s: &mut ChatSession) -> Result<Vec<String>> {
        let lang = lang_of(s);
        let (Some(person), Some(order_id)) = (s.person_id, s.order_id) else {
            return Ok(vec![]);
        };
        let viewer = customer_viewer(person, Some(order_id));
        let line = s
            .state
            .get("line")
            .and_then(Value::as_i64)
            .unwrap_or_default();
        let reason = ReturnReason::parse(state_str(s, "reason").unwrap_or("other"))
            .unwrap_or(ReturnReason::Other);
        let input = NewReturn {
            lines: vec![ReturnLineInput {
                line_id: line,
                quantity: 1,
            }],
            reason,
            resolution: Resolution::Refund,
            exchange_variant: None,
            method: None,
            note: None,
            ticket_id: None,
        };
        set(s, "flow", Value::Null);
        Ok(
            match self
                .create_return(&viewer, &order_id.to_string(), input, None)
                .await
            {
                Ok(outcome) => {
                    let rma = outcome
                        .return_case
                        .as_ref()
                        .map(|r| r.rma.clone())
                        .unwrap_or_default();
                    set(s, "rma", rma.clone());
                    vec![
                        outcome.message,
                        tr!(lang, "chat-label-chat-returns-rma-label", rma = rma),
                    ]
                }
                Err(ServiceError::Refused { message, .. }) => vec![message],
                Err(err) => vec![err.to_string()],
            },
        )
    }

    /// The return label of a return made in this chat.
    pub async fn chat_return_label(&self, token: &str, rma: &str) -> Result<Vec<u8>> {
        let session = self.chat_session(token).await?;
        let (Some(person), Some(order_id)) = (session.person_id, session.order_id) else {
            return Err(ServiceError::NotFound("return"));
        };
        self.return_label_pdf(&customer_viewer(person, Some(order_id)), rma)
            .await
    }
}

pub(crate) fn item_number_please(lang: Lang) -> String {
    tr!(lang, "chat-please-answer-with-number-item").to_string()
}

pub(crate) fn reasons_question(lang: Lang) -> String {
    tr!(lang, "chat-why-are-returning-too-small").to_string()
}

/// A return reason as the customer chose it, in their language.
pub(crate) fn reason_name(reason: ReturnReason, lang: Lang) -> &'static str {
    match reason {
        ReturnReason::TooSmall => tr!(lang, "chat-reason-too-small"),
        ReturnReason::TooLarge => tr!(lang, "chat-reason-too-large"),
        ReturnReason::NotAsDescribed => tr!(lang, "chat-reason-not-as-described"),
        ReturnReason::Damaged => tr!(lang, "chat-reason-damaged"),
        ReturnReason::ChangedMind => tr!(lang, "chat-reason-changed-mind"),
        _ => tr!(lang, "chat-reason-other"),
    }
}

pub(crate) fn pick_reason(text: &str) -> ReturnReason {
    let t = text.trim().to_lowercase();
    match t.chars().next() {
        Some('1') => ReturnReason::TooSmall,
        Some('2') => ReturnReason::TooLarge,
        Some('3') => ReturnReason::NotAsDescribed,
        Some('4') => ReturnReason::Damaged,
        Some('5') => ReturnReason::ChangedMind,
        _ if t.contains("small") || t.contains("pequeñ") || t.contains("小") => {
            ReturnReason::TooSmall
        }
        _ if t.contains("large")
            || t.contains("big")
            || t.contains("grande")
            || t.contains("大") =>
        {
            ReturnReason::TooLarge
        }
        _ if t.contains("damag") || t.contains("dañad") || t.contains("坏") => {
            ReturnReason::Damaged
        }
        _ => ReturnReason::Other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reasons_by_number_or_words() {
        assert_eq!(pick_reason("1"), ReturnReason::TooSmall);
        assert_eq!(pick_reason("4."), ReturnReason::Damaged);
        assert_eq!(pick_reason("me queda grande"), ReturnReason::TooLarge);
        assert_eq!(pick_reason("whatever"), ReturnReason::Other);
    }
}
