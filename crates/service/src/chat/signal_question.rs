//! "Was this you?" in the chat (docs/TRUST.md, "Suspicious activity"):
//! once the customer is known in a chat (their order verified), a signal
//! about their account still waiting for an answer is asked there too,
//! with the two answers as buttons; the answer counts as the mailed
//! link's would ("no" locks the account, opens the urgent ticket and the
//! identity check).

use marketdesk_messages::tr;
use marketdesk_store::chat::{self as store, ChatSession};
use serde_json::Value;

use super::state::{ChatStep, current_step, lang_of, no, set, set_step, yes};
use crate::{Result, Services, now_ms};

impl Services {
    /// Asks about the customer's newest unanswered signal, once per chat
    /// and signal, when no question of another flow is pending.
    pub(super) async fn ask_about_signals(&self, s: &mut ChatSession) -> Result<()> {
        let Some(person) = s.person_id else {
            return Ok(());
        };
        // A pending rating gives way; another flow's question does not.
        if s.ticket_id.is_some() || current_step(s).is_some_and(|step| step != ChatStep::Csat) {
            return Ok(());
        }
        let Some(signal) = self.waiting_signal(person).await? else {
            return Ok(());
        };
        let asked: Vec<i64> = s
            .state
            .get("signals_asked")
            .and_then(|v| serde_json::from_value(v.clone()).ok())
            .unwrap_or_default();
        if asked.contains(&signal.id) {
            return Ok(());
        }
        let lang = lang_of(s);
        let what = match signal.kind {
            marketdesk_domain::account_security::SignalKind::NewCountry => {
                tr!(lang, "signal-new_country")
            }
            marketdesk_domain::account_security::SignalKind::NewDevice => {
                tr!(lang, "signal-new_device")
            }
            marketdesk_domain::account_security::SignalKind::EmailChanged => {
                tr!(lang, "signal-email_changed")
            }
            marketdesk_domain::account_security::SignalKind::PhoneChanged => {
                tr!(lang, "signal-phone_changed")
            }
            marketdesk_domain::account_security::SignalKind::PasswordChanged => {
                tr!(lang, "signal-password_changed")
            }
            marketdesk_domain::account_security::SignalKind::PayoutChanged => {
                tr!(lang, "signal-payout_changed")
            }
        };
        let when = to_the_minute(&signal.occurred_at);
        let question = tr!(
            lang,
            "chat-signal-question",
            what = what,
            detail = signal.detail.clone(),
            when = when
        );
        let choices = vec![
            tr!(lang, "signal-yes").to_owned(),
            tr!(lang, "signal-no").to_owned(),
        ];
        let mut with_this = asked;
        with_this.push(signal.id);
        set(s, "signals_asked", serde_json::json!(with_this));
        set(s, "signal_id", signal.id);
        set_step(s, Some(ChatStep::SignalAnswer));
        let mut tx = self.store.begin().await?;
        store::add_message_with_choices(&mut tx, s.id, "assistant", &question, &choices, now_ms())
            .await?;
        store::save(&mut tx, s, now_ms()).await?;
        tx.commit().await?;
        Ok(())
    }

    /// The customer's answer: yes, no, or asked again with the buttons.
    pub(super) async fn signal_answer(
        &self,
        s: &mut ChatSession,
        text: &str,
    ) -> Result<Vec<String>> {
        let lang = lang_of(s);
        let (Some(person), Some(signal)) = (
            s.person_id,
            s.state.get("signal_id").and_then(Value::as_i64),
        ) else {
            set_step(s, None);
            return Ok(vec![]);
        };
        let it_was_me = if text.trim() == tr!(lang, "signal-yes") || yes(text) {
            true
        } else if text.trim() == tr!(lang, "signal-no") || no(text) {
            false
        } else {
            set(
                s,
                "choices",
                serde_json::json!([tr!(lang, "signal-yes"), tr!(lang, "signal-no")]),
            );
            return Ok(vec![tr!(lang, "chat-signal-again").to_owned()]);
        };
        set_step(s, None);
        set(s, "signal_id", Value::Null);
        match self.answer_own_signal(person, signal, it_was_me).await {
            Ok(_) if it_was_me => Ok(vec![tr!(lang, "signal-thanks-yes").to_owned()]),
            Ok(_) => {
                // The account is locked: this chat no longer acts for it.
                s.person_id = None;
                s.order_id = None;
                super::state::forget_identity(s);
                Ok(vec![tr!(lang, "signal-thanks-no").to_owned()])
            }
            // Answered already (by the mailed link) or expired.
            Err(crate::ServiceError::Conflict(_)) => {
                Ok(vec![tr!(lang, "signal-answered").to_owned()])
            }
            Err(err) => Err(err),
        }
    }
}

/// "2026-12-06T07:19:12.442Z" as "2026-12-06 07:19 UTC".
fn to_the_minute(rfc: &str) -> String {
    match (rfc.get(..10), rfc.get(11..16)) {
        (Some(day), Some(time)) => format!("{day} {time} UTC"),
        _ => rfc.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn times_read_to_the_minute() {
        assert_eq!(
            super::to_the_minute("2026-12-06T07:19:12.442Z"),
            "2026-12-06 07:19 UTC"
        );
        assert_eq!(super::to_the_minute("soon"), "soon");
    }
}
