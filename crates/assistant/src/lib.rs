//! Understanding one customer message: language, intent, entities, sentiment.
//!
//! The assistant has to answer at any hour, in the customer's language, and
//! route what it cannot answer. It therefore needs to know *what* a message is
//! about (one intent from the taxonomy in the product brief, whose names are
//! part of the interface), *which* order, parcel, email, phone, amount or date
//! it mentions, and roughly *how* the customer feels — all in well under a
//! millisecond and without a network service.
//!
//! The classifier is deliberately small: feature hashing (word and character
//! n-grams, Chinese character uni- and bigrams) feeding a multinomial logistic
//! regression trained with AdaGrad. The built-in model is trained when the
//! crate is built (`build.rs`, about a second) from the labelled examples
//! shipped in `data/train.jsonl` (generated from one phrase file per intent,
//! `data/intents/<intent>.toml`) and embedded in the binary, so a node
//! answers from its first request; a shop can retrain it from its own
//! labelled tickets with [`Model::train`] and keep the result with
//! [`Model::save`].
//!
//! There is no I/O here except reading and writing model and data files through
//! functions that take paths or readers/writers.

mod data;
mod entities;
mod eval;
mod features;
mod intents;
mod lang;
mod model;
mod predict;
mod requests;
mod sentiment;

use serde::{Deserialize, Serialize};

pub use data::{
    DataError, Example, builtin_dev_data, builtin_eval_data, builtin_training_data, load_examples,
    read_examples,
};
pub use entities::{Entity, EntityKind, extract_entities};
pub use eval::{Confusion, IntentScore, Report, Score, evaluate};
pub use intents::INTENTS;
pub use lang::detect_language;
pub use model::{Model, ModelError, TrainOptions};
pub use requests::split_requests;
pub use sentiment::{Sentiment, detect_sentiment};

/// What the assistant understood of one message. Serialized, this is the
/// line `marketdesk assistant classify` prints:
/// `{"intent": "...", "confidence": 0.93, "language": "en", "entities": [...], "sentiment": "neutral"}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Prediction {
    /// One of the model's labels; for the built-in model one of [`INTENTS`].
    pub intent: String,
    /// Probability the model gives to `intent`, between 0 and 1.
    pub confidence: f32,
    /// `en`, `zh`, `es`, or another short code / `other` when unsure.
    pub language: String,
    /// Order numbers, tracking numbers, emails, phones, amounts and dates, in
    /// the order they appear.
    pub entities: Vec<Entity>,
    /// Coarse tone, for triage.
    pub sentiment: Sentiment,
    /// The next most likely intents with their probabilities (best first):
    /// what a caller asks between when the best is not clearly ahead.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub alternatives: Vec<Alternative>,
}

/// A runner-up intent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Alternative {
    pub intent: String,
    pub confidence: f32,
}

/// The intents to ask the customer to choose between, when the best guess
/// is not clearly ahead: the best under 0.5 with the next within half of
/// it, or the best under 0.3 (barely sure of anything) with the next at
/// 0.05 or more. Greetings, thanks and "other" are never offered; fewer
/// than two left means there is nothing to ask.
pub fn unsure_between(prediction: &Prediction) -> Option<Vec<String>> {
    const SURE: f32 = 0.5;
    const CLOSE: f32 = 0.5;
    const LOW: f32 = 0.3;
    const PLAUSIBLE: f32 = 0.05;
    let best = prediction.confidence;
    if best >= SURE {
        return None;
    }
    let offered = |intent: &str| !matches!(intent, "greeting" | "thanks" | "other");
    let mut candidates: Vec<String> = Vec::new();
    if offered(&prediction.intent) {
        candidates.push(prediction.intent.clone());
    }
    for alt in &prediction.alternatives {
        let close = alt.confidence >= best * CLOSE;
        let plausible_when_unsure = best < LOW && alt.confidence >= PLAUSIBLE;
        if (close || plausible_when_unsure) && offered(&alt.intent) && candidates.len() < 3 {
            candidates.push(alt.intent.clone());
        }
    }
    (candidates.len() >= 2 && candidates[0] == prediction.intent).then_some(candidates)
}

/// Understands one message with the built-in model.
pub fn analyze(text: &str) -> Prediction {
    Model::builtin().predict(text)
}

#[cfg(test)]
mod unsure_tests {
    use super::*;

    fn prediction(best: (&str, f32), rest: &[(&str, f32)]) -> Prediction {
        Prediction {
            intent: best.0.into(),
            confidence: best.1,
            language: "en".into(),
            entities: vec![],
            sentiment: Sentiment::Neutral,
            alternatives: rest
                .iter()
                .map(|(i, c)| Alternative {
                    intent: (*i).into(),
                    confidence: *c,
                })
                .collect(),
        }
    }

    #[test]
    fn asks_only_when_the_best_is_not_clearly_ahead() {
        let sure = prediction(("cancel_order", 0.8), &[("change_order", 0.1)]);
        assert_eq!(unsure_between(&sure), None);
        let far_ahead = prediction(("cancel_order", 0.4), &[("change_order", 0.1)]);
        assert_eq!(unsure_between(&far_ahead), None);
        // Barely sure of anything: the runners-up are offered even when not close.
        let low = prediction(
            ("track_refund", 0.2),
            &[
                ("get_refund", 0.08),
                ("other", 0.07),
                ("payment_issue", 0.03),
            ],
        );
        assert_eq!(
            unsure_between(&low),
            Some(vec!["track_refund".into(), "get_refund".into()])
        );
        let low_alone = prediction(("track_refund", 0.2), &[("get_refund", 0.04)]);
        assert_eq!(unsure_between(&low_alone), None);
        let close = prediction(
            ("track_refund", 0.3),
            &[
                ("get_refund", 0.25),
                ("check_refund_policy", 0.16),
                ("other", 0.2),
            ],
        );
        assert_eq!(
            unsure_between(&close),
            Some(vec![
                "track_refund".into(),
                "get_refund".into(),
                "check_refund_policy".into()
            ])
        );
        let social = prediction(("greeting", 0.3), &[("thanks", 0.25)]);
        assert_eq!(unsure_between(&social), None);
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;
    use std::time::Instant;

    use super::*;

    /// The taxonomy of the product brief, copied by hand: if either list
    /// changes, this test makes someone look at both.
    const TAXONOMY: &str = "track_order delivery_period delivery_options change_order \
        change_shipping_address set_up_shipping_address cancel_order check_cancellation_fee \
        place_order reschedule_delivery item_not_received item_damaged wrong_item customs_issue \
        return_item exchange_item get_refund track_refund check_refund_policy \
        payment_issue unauthorized_charge check_payment_methods check_invoice get_invoice \
        promotion_question membership_question \
        create_account registration_problems recover_password account_locked \
        security_concern edit_account switch_account delete_account \
        open_dispute report_listing seller_payout \
        contact_customer_service contact_human_agent complaint review \
        suggestion newsletter_subscription \
        greeting thanks other";

    #[test]
    fn intents_are_the_taxonomy() {
        let taxonomy: Vec<&str> = TAXONOMY.split_whitespace().collect();
        assert_eq!(INTENTS, taxonomy.as_slice());
        let unique: BTreeSet<&str> = INTENTS.iter().copied().collect();
        assert_eq!(unique.len(), INTENTS.len());
    }

    /// Per-language accuracy the frozen test split honestly supports: the
    /// product target (see `builtin_model_is_accurate_in_each_language`).
    const FROZEN_TARGET: f64 = 0.90;

    fn check_data(name: &str, text: &str, examples: &[Example], min_per_cell: usize) {
        let lines = text.lines().filter(|l| !l.trim().is_empty()).count();
        assert_eq!(examples.len(), lines, "{name}: every line parses");
        for e in examples {
            assert!(
                INTENTS.contains(&e.intent.as_str()),
                "{name}: unknown intent {}",
                e.intent
            );
            let lang = e.language.as_deref().unwrap_or("");
            assert!(
                ["en", "zh", "es"].contains(&lang),
                "{name}: language of {}",
                e.text
            );
            assert!(!e.text.trim().is_empty());
        }
        for intent in INTENTS {
            for lang in ["en", "zh", "es"] {
                let n = examples
                    .iter()
                    .filter(|e| e.intent == *intent && e.language.as_deref() == Some(lang))
                    .count();
                assert!(n >= min_per_cell, "{name}: {intent}/{lang} has only {n}");
            }
        }
    }

    #[test]
    fn shipped_data_is_complete() {
        check_data("train", data::TRAIN_JSONL, &builtin_training_data(), 25);
        check_data("dev", data::DEV_JSONL, &builtin_dev_data(), 8);
        check_data("test", data::FROZEN_TEST_JSONL, &builtin_eval_data(), 6);
    }

    #[test]
    fn every_intent_has_one_phrase_file() {
        // data/generate.py reads data/intents/<intent>.toml; the file names are
        // the labels it writes, so they must be the taxonomy, one file each.
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/data/intents");
        let mut files: Vec<String> = std::fs::read_dir(dir)
            .expect("data/intents")
            .map(|entry| {
                entry
                    .expect("entry")
                    .file_name()
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        files.sort();
        let mut expected: Vec<String> = INTENTS.iter().map(|i| format!("{i}.toml")).collect();
        expected.sort();
        assert_eq!(files, expected);
    }

    fn normalized(text: &str) -> String {
        text.chars()
            .map(features::fold)
            .filter(|c| c.is_alphanumeric())
            .collect()
    }

    fn shared_texts(held_out: &[Example], other: &[Example]) -> Vec<String> {
        let other: BTreeSet<String> = other.iter().map(|e| normalized(&e.text)).collect();
        held_out
            .iter()
            .filter(|e| other.contains(&normalized(&e.text)))
            .map(|e| e.text.clone())
            .collect()
    }

    #[test]
    fn dev_and_test_are_held_out() {
        let train = builtin_training_data();
        let dev = builtin_dev_data();
        let test = builtin_eval_data();
        let in_train = shared_texts(&test, &train);
        assert!(
            in_train.is_empty(),
            "test texts also in train: {in_train:?}"
        );
        let in_dev = shared_texts(&test, &dev);
        assert!(in_dev.is_empty(), "test texts also in dev: {in_dev:?}");
        let dev_in_train = shared_texts(&dev, &train);
        assert!(
            dev_in_train.is_empty(),
            "dev texts also in train: {dev_in_train:?}"
        );
    }

    #[test]
    fn builtin_model_is_accurate_in_each_language() {
        let started = Instant::now();
        let model = Model::builtin();
        let trained = started.elapsed();
        let report = evaluate(model, &builtin_eval_data());
        eprintln!(
            "built-in model: trained in {trained:?}, frozen test accuracy {:.3}",
            report.overall.accuracy
        );
        // Measured on the frozen test split, which no tuning looks at (see
        // data/frozen/README.md and EVALUATION.md): English 97.8%, Chinese
        // 94.2%, Spanish 93.8% when it was frozen, so it supports the product
        // target of > 90% per language. Training is deterministic: a change
        // that drops a language under it fails here.
        for lang in ["en", "zh", "es"] {
            let score = report.per_language[lang];
            assert!(
                score.accuracy > FROZEN_TARGET,
                "{lang}: {:.3} ({}/{})",
                score.accuracy,
                score.correct,
                score.total
            );
        }
        assert!(report.language_detection.accuracy > 0.97);
        assert_eq!(model.labels().len(), INTENTS.len());
    }

    #[test]
    fn save_and_load_round_trip() {
        let model = Model::builtin();
        let path = std::env::temp_dir().join(format!(
            "marketdesk-assistant-{}-model.bin",
            std::process::id()
        ));
        model.save(&path).expect("save");
        let loaded = Model::load(&path).expect("load");
        std::fs::remove_file(&path).expect("remove");
        assert_eq!(&loaded, model);
        let text = "where is my order SO-240101";
        assert_eq!(loaded.predict(text), model.predict(text));

        assert!(Model::read_from(&b"nope"[..]).is_err());
        let mut bytes = Vec::new();
        model.write_to(&mut bytes).expect("write");
        bytes.truncate(bytes.len() / 2);
        assert!(Model::read_from(bytes.as_slice()).is_err());
    }

    #[test]
    fn training_is_deterministic_and_retrainable() {
        let data: Vec<Example> = builtin_training_data()
            .into_iter()
            .filter(|e| e.language.as_deref() == Some("en"))
            .filter(|e| ["cancel_order", "track_order", "thanks"].contains(&e.intent.as_str()))
            .collect();
        let options = TrainOptions::default();
        let a = Model::train(&data, &options);
        let b = Model::train(&data, &options);
        assert_eq!(a, b);
        assert_eq!(a.labels(), ["track_order", "cancel_order", "thanks"]);
        assert_eq!(a.predict_intent("please cancel my order").0, "cancel_order");
        // A shop's own label that is not in the taxonomy is kept, after it.
        let mut custom = data.clone();
        custom.push(Example {
            text: "do you sell gift wrap".to_string(),
            intent: "gift_wrap".to_string(),
            language: None,
        });
        let c = Model::train(&custom, &options);
        assert_eq!(c.labels().last().map(String::as_str), Some("gift_wrap"));
        // No examples: a model that answers "other" with no confidence.
        let empty = Model::train(&[], &options);
        assert_eq!(empty.predict_intent("hello"), ("other", 0.0));
    }

    #[test]
    fn prediction_json_shape() {
        let p = analyze("Where is my order SO-240101? I paid $30");
        let json = serde_json::to_value(&p).expect("serialize");
        let object = json.as_object().expect("object");
        let keys: Vec<&str> = object.keys().map(String::as_str).collect();
        assert_eq!(
            keys.iter().copied().collect::<BTreeSet<_>>(),
            BTreeSet::from([
                "intent",
                "confidence",
                "language",
                "entities",
                "sentiment",
                "alternatives"
            ])
        );
        // The runner-ups, best first, below the best.
        let alternatives = json["alternatives"].as_array().expect("alternatives");
        assert_eq!(alternatives.len(), 2);
        assert!(alternatives[0]["confidence"].as_f64() <= json["confidence"].as_f64());
        assert!(alternatives[1]["confidence"].as_f64() <= alternatives[0]["confidence"].as_f64());
        assert_eq!(json["intent"], "track_order");
        assert_eq!(json["language"], "en");
        let confidence = json["confidence"].as_f64().expect("number");
        assert!((0.0..=1.0).contains(&confidence));
        assert_eq!(
            json["entities"],
            serde_json::json!([
                {"type": "order_number", "value": "SO-240101"},
                {"type": "amount", "value": "$30"}
            ])
        );
        assert_eq!(json["sentiment"], "neutral");
        let line = serde_json::to_string(&p).expect("line");
        assert!(!line.contains('\n'));
        let back: Prediction = serde_json::from_str(&line).expect("deserialize");
        assert_eq!(back, p);
    }

    #[test]
    fn report_renders() {
        let model = Model::builtin();
        let examples = &builtin_eval_data()[..20];
        let report = evaluate(model, examples);
        assert_eq!(report.overall.total, 20);
        let md = report.to_markdown();
        assert!(md.contains("| track_order |"));
        let json = serde_json::to_string(&report).expect("json");
        assert!(json.contains("per_intent"));
    }
}
