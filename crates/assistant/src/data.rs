//! Labelled examples: the JSONL format, and the data shipped with the crate.
//!
//! Training and evaluation data are one JSON object per line,
//! `{"text": "...", "intent": "...", "language": "en"}`, so a shop can export
//! its own labelled tickets in the same shape and retrain.
//!
//! The shipped data has three splits (see `data/generate.py` and
//! `data/frozen/README.md`): training (`data/train.jsonl`) and development
//! (`data/dev.jsonl`), both generated from the per-intent files
//! `data/intents/<intent>.toml`, and the frozen test split
//! (`data/frozen/test.jsonl`), written once and never tuned on. Published
//! accuracy is measured on the frozen split only.

use std::io::BufRead;
use std::path::Path;

use serde::{Deserialize, Serialize};

pub(crate) const TRAIN_JSONL: &str = include_str!("../data/train.jsonl");
pub(crate) const DEV_JSONL: &str = include_str!("../data/dev.jsonl");
pub(crate) const FROZEN_TEST_JSONL: &str = include_str!("../data/frozen/test.jsonl");

/// One labelled message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Example {
    pub text: String,
    pub intent: String,
    /// Language of `text` when known (`en`, `zh`, `es`, …); used for per-language
    /// reports, not for training.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
}

/// A data file that could not be read.
#[derive(Debug, thiserror::Error)]
pub enum DataError {
    #[error("reading examples: {0}")]
    Io(#[from] std::io::Error),
    #[error("line {line}: {source}")]
    Json {
        line: usize,
        #[source]
        source: serde_json::Error,
    },
}

/// Reads JSONL examples; blank lines and lines starting with `#` are skipped.
pub fn read_examples(reader: impl BufRead) -> Result<Vec<Example>, DataError> {
    let mut out = Vec::new();
    for (i, line) in reader.lines().enumerate() {
        let line = line?;
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let example = serde_json::from_str(line).map_err(|source| DataError::Json {
            line: i + 1,
            source,
        })?;
        out.push(example);
    }
    Ok(out)
}

/// Reads JSONL examples from a file.
pub fn load_examples(path: impl AsRef<Path>) -> Result<Vec<Example>, DataError> {
    let file = std::fs::File::open(path)?;
    read_examples(std::io::BufReader::new(file))
}

fn parse_embedded(text: &str) -> Vec<Example> {
    // The embedded files are checked by the tests, so a bad line cannot ship;
    // should one slip through it is skipped rather than failing at run time.
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .filter_map(|l| serde_json::from_str(l).ok())
        .collect()
}

/// The training examples shipped with the crate (English, Chinese, Spanish):
/// `data/train.jsonl`, generated from `data/intents/*.toml`.
pub fn builtin_training_data() -> Vec<Example> {
    parse_embedded(TRAIN_JSONL)
}

/// The held-out evaluation examples shipped with the crate: the frozen test
/// split `data/frozen/test.jsonl`, which no tuning looks at. Its accuracy is
/// the published one.
pub fn builtin_eval_data() -> Vec<Example> {
    parse_embedded(FROZEN_TEST_JSONL)
}

/// The development split (`data/dev.jsonl`): held out from training, and the
/// set to look at when changing the training data or the model's options.
pub fn builtin_dev_data() -> Vec<Example> {
    parse_embedded(DEV_JSONL)
}
