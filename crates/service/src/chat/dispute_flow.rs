//! "Open a dispute" in the chat starts a real case on the chat's order
//! (docs/DISPUTES.md): what went wrong is read from the buyer's words, the
//! steps the policy asks first (writing to the seller, the return the
//! order still allows) are asked as yes-or-no questions, and the buyer
//! gets the case's number, the seller's deadline and its page. What no
//! case can take (outside the window, no order) goes to a person as before.

use marketdesk_domain::disputes::{CaseReason, reason_in_words, says_seller_contacted};
use marketdesk_messages::tr;
use marketdesk_store::chat::ChatSession;
use serde_json::Value;

use super::state::{ChatStep, customer_viewer, lang_of, set, set_step, state_str, yes};
use crate::disputes::NewCase;
use crate::{Result, ServiceError, Services};

impl Services {
    /// The buyer said what went wrong: a case, a question first, or a person.
    pub(super) async fn open_chat_case(
        &self,
        s: &mut ChatSession,
        text: &str,
    ) -> Result<Vec<String>> {
        // "是的", "👍" or "12345" tell the seller nothing: asked again.
        let words = text.trim();
        let says_something = words.chars().filter(|c| c.is_alphabetic()).count() >= 4
            && !yes(words)
            && !super::state::no(words);
        if !says_something {
            return Ok(vec![tr!(lang_of(s), "chat-case-say-more").to_string()]);
        }
        set(s, "dispute", words.to_string());
        let contacted = says_seller_contacted(text);
        self.try_chat_case(s, contacted, false).await
    }

    /// The answer to one of the case's questions.
    pub(super) async fn answer_case_question(
        &self,
        s: &mut ChatSession,
        step: ChatStep,
        text: &str,
    ) -> Result<Vec<String>> {
        let lang = lang_of(s);
        let agreed = yes(text);
        let flag =
            |s: &ChatSession, key: &str| s.state.get(key).and_then(Value::as_bool).unwrap_or(false);
        match step {
            ChatStep::DisputeContacted if agreed => {
                let declined = flag(s, "dispute_return_declined");
                self.try_chat_case(s, true, declined).await
            }
            ChatStep::DisputeContacted => {
                self.end_case_flow(s);
                Ok(vec![tr!(
                    lang,
                    "chat-case-write-to-seller",
                    link = self.case_form_link(s)
                )])
            }
            ChatStep::DisputeInsteadOfReturn if agreed => {
                let contacted = flag(s, "dispute_contacted");
                self.try_chat_case(s, contacted, true).await
            }
            _ => {
                self.end_case_flow(s);
                Ok(vec![tr!(lang, "chat-case-return-instead").to_string()])
            }
        }
    }

    fn end_case_flow(&self, s: &mut ChatSession) {
        set_step(s, None);
        set(s, "flow", Value::Null);
    }

    /// The portal's form for a case on the chat's order.
    fn case_form_link(&self, s: &ChatSession) -> String {
        format!(
            "{}/cases/new?order={}",
            self.settings.public_url.trim_end_matches('/'),
            state_str(s, "order_number").unwrap_or_default()
        )
    }

    async fn try_chat_case(
        &self,
        s: &mut ChatSession,
        contacted: bool,
        return_declined: bool,
    ) -> Result<Vec<String>> {
        let lang = lang_of(s);
        let (Some(person), Some(order_id)) = (s.person_id, s.order_id) else {
            set_step(s, None);
            return self.hand_over(s, "open_dispute").await;
        };
        set(s, "dispute_contacted", contacted);
        set(s, "dispute_return_declined", return_declined);
        let viewer = customer_viewer(person, Some(order_id));
        let detail = self.get_order(&viewer, &order_id.to_string()).await?;
        set(s, "order_number", detail.order.number.clone());
        let words = state_str(s, "dispute").unwrap_or_default().to_string();
        // An order not delivered yet can only be missing.
        let delivered = !detail.shipments.is_empty()
            && detail.shipments.iter().all(|sh| sh.delivered_at.is_some());
        let reason = match reason_in_words(&words) {
            _ if !delivered => CaseReason::NotReceived,
            Some(reason) => reason,
            None => CaseReason::NotAsDescribed,
        };
        let input = NewCase {
            order: order_id.to_string(),
            reason,
            description: words,
            seller_id: None,
            seller_contacted: contacted,
            return_declined,
            attachments: vec![],
        };
        match self.open_case(&viewer, input).await {
            Ok(case) => {
                self.end_case_flow(s);
                let link = format!(
                    "{}/cases/{}",
                    self.settings.public_url.trim_end_matches('/'),
                    case.id
                );
                Ok(vec![tr!(
                    lang,
                    "chat-case-opened",
                    id = case.id,
                    deadline = case.seller_due.local,
                    link = link
                )])
            }
            Err(ServiceError::InvalidField {
                field: "seller_contacted",
                ..
            }) => {
                set_step(s, Some(ChatStep::DisputeContacted));
                Ok(vec![tr!(lang, "chat-case-ask-contacted").to_string()])
            }
            Err(ServiceError::InvalidField {
                field: "return_declined",
                ..
            }) => {
                set_step(s, Some(ChatStep::DisputeInsteadOfReturn));
                Ok(vec![tr!(lang, "chat-case-ask-return").to_string()])
            }
            Err(ServiceError::InvalidField {
                field: "seller_id", ..
            }) => {
                self.end_case_flow(s);
                Ok(vec![tr!(
                    lang,
                    "chat-case-which-seller",
                    link = self.case_form_link(s)
                )])
            }
            Err(ServiceError::Conflict(_)) => {
                self.end_case_flow(s);
                let link = format!("{}/cases", self.settings.public_url.trim_end_matches('/'));
                Ok(vec![tr!(lang, "chat-case-already-open", link = link)])
            }
            // Outside the window, or anything else a case cannot take: a
            // person looks at it with the transcript.
            Err(_) => {
                set_step(s, None);
                self.hand_over(s, "open_dispute").await
            }
        }
    }
}
