//! Asking when unsure (docs/ASSISTANT.md): when the best intent of a
//! message is not clearly ahead and the candidates would start different
//! errands, the chat asks one short question with them as buttons (and
//! "something else"), in the customer's language, instead of guessing. The
//! customer's choice is kept as a labelled example for retraining and the
//! errand starts from the message as first written.

use marketdesk_domain::i18n::Lang;
use marketdesk_messages::tr;
use marketdesk_store::chat::{self as store, ChatSession};
use serde_json::{Value, json};
use std::net::IpAddr;

use super::engine::flow_for;
use super::state::{ChatStep, lang_of, set, set_step, state_str};
use crate::{Result, Services, now_ms};

/// Messages customers labelled kept at most (the oldest stay; past the cap
/// new ones are not kept).
const MAX_LABELLED: i64 = 200_000;

/// An intent as the customer reads it.
pub(crate) fn intent_label(lang: Lang, intent: &str) -> &'static str {
    marketdesk_messages::text(lang, &format!("intent-{intent}"))
}

/// Whether the candidates would start different errands (asking between
/// two intents that do the same is no help).
pub(super) fn different_errands(candidates: &[String], text: &str) -> bool {
    let errand =
        |intent: &String| flow_for(intent, text).map_or_else(|| intent.clone(), str::to_owned);
    let first = candidates.first().map(errand);
    candidates.iter().map(errand).any(|e| Some(e) != first)
}

/// The question, with the candidates and "something else" as buttons.
pub(super) fn ask(s: &mut ChatSession, text: &str, candidates: &[String]) -> Vec<String> {
    let lang = lang_of(s);
    set(
        s,
        "unsure_text",
        text.chars().take(1_000).collect::<String>(),
    );
    set(s, "unsure_candidates", json!(candidates));
    set_step(s, Some(ChatStep::IntentChoice));
    let mut choices: Vec<&str> = candidates.iter().map(|i| intent_label(lang, i)).collect();
    choices.push(tr!(lang, "chat-unsure-none"));
    set(s, "choices", json!(choices));
    vec![tr!(lang, "chat-unsure-question").to_owned()]
}

/// Which candidate an answer names: its label (any case) or its number.
fn chosen<'a>(lang: Lang, candidates: &'a [String], answer: &str) -> Option<&'a String> {
    let answer = answer.trim().trim_end_matches(['.', '!', '。']);
    candidates.iter().enumerate().find_map(|(n, intent)| {
        let label = intent_label(lang, intent);
        (answer.eq_ignore_ascii_case(label) || answer == (n + 1).to_string()).then_some(intent)
    })
}

impl Services {
    /// The customer's choice: the errand starts; "something else": asked
    /// to say it another way; anything else is read as a new message.
    pub(super) async fn intent_chosen(
        &self,
        s: &mut ChatSession,
        text: &str,
        client: Option<IpAddr>,
    ) -> Result<Vec<String>> {
        let lang = lang_of(s);
        let candidates: Vec<String> = s
            .state
            .get("unsure_candidates")
            .and_then(|v| serde_json::from_value(v.clone()).ok())
            .unwrap_or_default();
        let first_words = state_str(s, "unsure_text").unwrap_or_default().to_owned();
        set_step(s, None);
        set(s, "unsure_candidates", Value::Null);
        set(s, "unsure_text", Value::Null);
        if let Some(intent) = chosen(lang, &candidates, text).cloned() {
            let mut tx = self.store.begin().await?;
            store::add_labelled_example(
                &mut tx,
                &first_words,
                &intent,
                lang.code(),
                "chat_choice",
                now_ms(),
                MAX_LABELLED,
            )
            .await?;
            tx.commit().await?;
            let mut prediction = marketdesk_assistant::analyze(&first_words);
            prediction.intent = intent;
            prediction.confidence = 1.0;
            return self
                .start_errand(s, &prediction, &first_words, client)
                .await;
        }
        if text.trim() == tr!(lang, "chat-unsure-none") {
            return Ok(vec![tr!(lang, "chat-unsure-say-again").to_owned()]);
        }
        Box::pin(self.converse(s, text, client)).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_choice_is_its_label_or_its_number() {
        let candidates = vec!["track_refund".to_owned(), "get_refund".to_owned()];
        let label = intent_label(Lang::En, "get_refund");
        assert_eq!(chosen(Lang::En, &candidates, label), Some(&candidates[1]));
        assert_eq!(
            chosen(Lang::En, &candidates, &label.to_uppercase()),
            Some(&candidates[1])
        );
        assert_eq!(chosen(Lang::En, &candidates, "1"), Some(&candidates[0]));
        assert_eq!(chosen(Lang::En, &candidates, "3"), None);
        assert_eq!(chosen(Lang::En, &candidates, "where is my parcel"), None);
    }

    #[test]
    fn errands_that_do_the_same_are_not_asked_between() {
        let same = vec!["track_order".to_owned(), "delivery_period".to_owned()];
        assert!(!different_errands(&same, "when does it come"));
        let different = vec!["track_refund".to_owned(), "delivery_period".to_owned()];
        assert!(different_errands(&different, "when does it come"));
    }

    #[test]
    fn every_intent_has_a_label_in_each_language() {
        for lang in [Lang::En, Lang::Es, Lang::Zh] {
            for intent in marketdesk_assistant::INTENTS {
                let id = format!("intent-{intent}");
                assert!(marketdesk_messages::exists(&id), "{id}");
                assert_ne!(marketdesk_messages::text(lang, &id), id, "{lang:?}: {id}");
            }
        }
    }
}
