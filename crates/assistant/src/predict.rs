//! The built-in model and everything the assistant reads from one message.

use std::sync::OnceLock;

use crate::entities::extract_entities;
use crate::lang::detect_language;
use crate::sentiment::detect_sentiment;
use crate::{Model, Prediction};

/// The built-in model as `build.rs` trained and wrote it.
const BUILTIN_MODEL: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/builtin-model.bin"));

impl Model {
    /// The model trained from the shipped training data when the crate was
    /// built, read once (milliseconds) and shared afterwards.
    pub fn builtin() -> &'static Model {
        static MODEL: OnceLock<Model> = OnceLock::new();
        MODEL.get_or_init(|| {
            Model::from_static(BUILTIN_MODEL).expect("build.rs writes a model this crate reads")
        })
    }

    /// Everything the assistant understands of `text`.
    pub fn predict(&self, text: &str) -> Prediction {
        let rounded = |p: f32| (p * 10_000.0).round() / 10_000.0;
        let top = self.top(text, 3);
        let (intent, confidence) = top.first().copied().unwrap_or(("other", 0.0));
        Prediction {
            intent: intent.to_string(),
            confidence: rounded(confidence),
            language: detect_language(text).to_string(),
            entities: extract_entities(text),
            sentiment: detect_sentiment(text),
            alternatives: top
                .iter()
                .skip(1)
                .map(|(intent, p)| crate::Alternative {
                    intent: (*intent).to_string(),
                    confidence: rounded(*p),
                })
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::{Model, TrainOptions, builtin_training_data};

    #[test]
    fn the_embedded_model_is_the_one_the_shipped_data_trains() {
        let trained = Model::train(&builtin_training_data(), &TrainOptions::default());
        assert_eq!(Model::builtin(), &trained);
        assert!(
            Model::builtin().weights_borrowed(),
            "the embedded weights are read in place, not copied"
        );
    }
}
