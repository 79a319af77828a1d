//! Measuring a model on held-out examples.
//!
//! "Accuracy" alone hides the languages and intents that fail, so the report
//! breaks it down per language and per intent (and intent × language), lists
//! the most frequent confusions, checks language detection against the labels,
//! and times the predictions. It serialises to JSON for machines and renders
//! as Markdown for people.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::time::Instant;

use serde::{Deserialize, Serialize};

use crate::data::Example;
use crate::lang::detect_language;
use crate::model::Model;

/// Correct out of total.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct Score {
    pub correct: usize,
    pub total: usize,
    pub accuracy: f64,
}

impl Score {
    fn add(&mut self, ok: bool) {
        self.total += 1;
        if ok {
            self.correct += 1;
        }
        self.accuracy = self.correct as f64 / self.total as f64;
    }
}

/// One intent's score, overall and per language.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct IntentScore {
    pub all: Score,
    pub by_language: BTreeMap<String, Score>,
}

/// A frequent mistake: `expected` taken for `predicted`, `count` times.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Confusion {
    pub expected: String,
    pub predicted: String,
    pub count: usize,
}

/// Accuracy of a model on a set of labelled examples.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Report {
    pub overall: Score,
    /// By the examples' labelled language (`unknown` when unlabelled).
    pub per_language: BTreeMap<String, Score>,
    pub per_intent: BTreeMap<String, IntentScore>,
    /// Most frequent confusions, at most 25, most frequent first.
    pub confusions: Vec<Confusion>,
    /// `detect_language` against the labelled language, where labelled.
    pub language_detection: Score,
    /// Mean time to classify one message (features, intent, language,
    /// entities, sentiment), in microseconds.
    pub mean_latency_us: f64,
}

/// Classifies every example with `model` and scores the result.
pub fn evaluate(model: &Model, examples: &[Example]) -> Report {
    let mut overall = Score::default();
    let mut per_language: BTreeMap<String, Score> = BTreeMap::new();
    let mut per_intent: BTreeMap<String, IntentScore> = BTreeMap::new();
    let mut confusions: BTreeMap<(String, String), usize> = BTreeMap::new();
    let mut language_detection = Score::default();
    let started = Instant::now();
    let mut predictions = Vec::with_capacity(examples.len());
    for e in examples {
        predictions.push(model.predict(&e.text));
    }
    let elapsed = started.elapsed();
    for (e, p) in examples.iter().zip(&predictions) {
        let ok = p.intent == e.intent;
        let lang = e.language.clone().unwrap_or_else(|| "unknown".to_string());
        overall.add(ok);
        per_language.entry(lang.clone()).or_default().add(ok);
        let intent = per_intent.entry(e.intent.clone()).or_default();
        intent.all.add(ok);
        intent.by_language.entry(lang).or_default().add(ok);
        if !ok {
            *confusions
                .entry((e.intent.clone(), p.intent.clone()))
                .or_default() += 1;
        }
        if let Some(l) = &e.language {
            language_detection.add(detect_language(&e.text) == l);
        }
    }
    let mut confusions: Vec<Confusion> = confusions
        .into_iter()
        .map(|((expected, predicted), count)| Confusion {
            expected,
            predicted,
            count,
        })
        .collect();
    confusions.sort_by_key(|c| std::cmp::Reverse(c.count));
    confusions.truncate(25);
    let mean_latency_us = if examples.is_empty() {
        0.0
    } else {
        elapsed.as_secs_f64() * 1e6 / examples.len() as f64
    };
    Report {
        overall,
        per_language,
        per_intent,
        confusions,
        language_detection,
        mean_latency_us,
    }
}

fn pct(s: &Score) -> String {
    if s.total == 0 {
        "–".to_string()
    } else {
        format!("{:.1}%", s.accuracy * 100.0)
    }
}

impl Report {
    /// The report as Markdown tables.
    pub fn to_markdown(&self) -> String {
        let mut out = String::new();
        let languages: Vec<&String> = self.per_language.keys().collect();
        let _ = writeln!(
            out,
            "Overall intent accuracy: **{}** ({}/{}). Language detection: {} ({}/{}). \
             Mean latency: {:.1} µs per message.\n",
            pct(&self.overall),
            self.overall.correct,
            self.overall.total,
            pct(&self.language_detection),
            self.language_detection.correct,
            self.language_detection.total,
            self.mean_latency_us
        );
        out.push_str(
            "## Per language\n\n| language | accuracy | correct | total |\n|---|---|---|---|\n",
        );
        for (lang, s) in &self.per_language {
            let _ = writeln!(out, "| {lang} | {} | {} | {} |", pct(s), s.correct, s.total);
        }
        out.push_str("\n## Per intent\n\n| intent | all |");
        for l in &languages {
            let _ = write!(out, " {l} |");
        }
        out.push_str("\n|---|---|");
        for _ in &languages {
            out.push_str("---|");
        }
        out.push('\n');
        for (intent, s) in &self.per_intent {
            let _ = write!(out, "| {intent} | {} |", pct(&s.all));
            for l in &languages {
                let cell = s.by_language.get(*l).map_or_else(|| "–".to_string(), pct);
                let _ = write!(out, " {cell} |");
            }
            out.push('\n');
        }
        out.push_str(
            "\n## Most frequent confusions\n\n| expected | predicted | count |\n|---|---|---|\n",
        );
        for c in &self.confusions {
            let _ = writeln!(out, "| {} | {} | {} |", c.expected, c.predicted, c.count);
        }
        out
    }
}
