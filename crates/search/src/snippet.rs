//! The passage shown under a hit: the part of the body with the most
//! matches, escaped, matches wrapped in `<mark>`.

use crate::analysis::{Analyzer, analyze};
use crate::typo_distance;
use tantivy::tokenizer::TextAnalyzer;

/// About this many bytes of body are shown.
const WINDOW_BYTES: usize = 200;

pub fn highlight(
    analyzer: Analyzer,
    text_analyzer: &mut TextAnalyzer,
    body: &str,
    query_terms: &[String],
) -> String {
    let matches = matches(analyzer, text_analyzer, body, query_terms);
    // The window starting a little before the match that gathers the most.
    let start = matches
        .iter()
        .map(|(from, _)| from.saturating_sub(WINDOW_BYTES / 4))
        .max_by_key(|start| {
            let count = matches
                .iter()
                .filter(|(from, to)| *from >= *start && *to <= start + WINDOW_BYTES)
                .count();
            // Ties go to the earliest window.
            (count, std::cmp::Reverse(*start))
        })
        .unwrap_or(0);
    let start = floor_boundary(body, start);
    let end = floor_boundary(body, (start + WINDOW_BYTES).min(body.len()));
    let mut out = String::new();
    if start > 0 {
        out.push('…');
    }
    mark_into(&mut out, body, &matches, start, end);
    if end < body.len() {
        out.push('…');
    }
    out
}

/// The whole of a short text (a title), escaped, matches marked.
pub fn mark_whole(
    analyzer: Analyzer,
    text_analyzer: &mut TextAnalyzer,
    text: &str,
    query_terms: &[String],
) -> String {
    let matches = matches(analyzer, text_analyzer, text, query_terms);
    let mut out = String::new();
    mark_into(&mut out, text, &matches, 0, text.len());
    out
}

/// Byte ranges of the words of `text` that match a query term.
fn matches(
    analyzer: Analyzer,
    text_analyzer: &mut TextAnalyzer,
    text: &str,
    query_terms: &[String],
) -> Vec<(usize, usize)> {
    if query_terms.is_empty() {
        return Vec::new();
    }
    analyze(text_analyzer, text)
        .into_iter()
        .filter(|(token, _, _)| {
            query_terms
                .iter()
                .any(|q| within(q, token, typo_distance(analyzer, q)))
        })
        .map(|(_, from, to)| (from, to))
        .collect()
}

fn mark_into(out: &mut String, text: &str, matches: &[(usize, usize)], start: usize, end: usize) {
    let mut at = start;
    for (from, to) in matches
        .iter()
        .filter(|(from, to)| *from >= start && *to <= end)
    {
        if *from < at {
            continue; // overlapping segments (Chinese search mode)
        }
        escape_into(out, &text[at..*from]);
        out.push_str("<mark>");
        escape_into(out, &text[*from..*to]);
        out.push_str("</mark>");
        at = *to;
    }
    escape_into(out, &text[at..end]);
}

fn floor_boundary(text: &str, mut at: usize) -> usize {
    at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fn escape_into(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
}

/// Whether two terms are at most `distance` edits apart (Levenshtein with
/// adjacent transpositions counted as one, like the index's fuzzy queries).
pub fn within(a: &str, b: &str, distance: u8) -> bool {
    if a == b {
        return true;
    }
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let limit = usize::from(distance);
    if a.len().abs_diff(b.len()) > limit {
        return false;
    }
    // Optimal string alignment distance over three rows.
    let mut before: Vec<usize> = vec![0; b.len() + 1];
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    let mut current = vec![0; b.len() + 1];
    for i in 1..=a.len() {
        current[0] = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (previous[j] + 1)
                .min(current[j - 1] + 1)
                .min(previous[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(before[j - 2] + 1);
            }
            current[j] = best;
        }
        std::mem::swap(&mut before, &mut previous);
        std::mem::swap(&mut previous, &mut current);
    }
    previous[b.len()] <= limit
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edit_distance_counts_typos() {
        assert!(within("refnd", "refund", 1));
        assert!(within("recieve", "receive", 1));
        assert!(!within("refnd", "rebound", 1));
        assert!(!within("cat", "car", 0));
    }

    #[test]
    fn matches_are_marked_and_text_escaped() {
        let html = highlight(
            Analyzer::En,
            &mut Analyzer::En.build(),
            "Use <b>this</b> form & ask for your refund.",
            &["refund".to_string()],
        );
        assert_eq!(
            html,
            "Use &lt;b&gt;this&lt;/b&gt; form &amp; ask for your <mark>refund</mark>."
        );
    }

    #[test]
    fn titles_are_marked_whole() {
        let html = mark_whole(
            Analyzer::Zh,
            &mut Analyzer::Zh.build(),
            "退款需要多久？",
            &["退款".to_string()],
        );
        assert_eq!(html, "<mark>退款</mark>需要多久？");
    }

    #[test]
    fn long_bodies_show_the_passage_with_the_match() {
        let body = format!("{} The parcel was lost.", "Nothing here. ".repeat(40));
        let html = highlight(
            Analyzer::En,
            &mut Analyzer::En.build(),
            &body,
            &["parcel".to_string()],
        );
        assert!(html.starts_with('…'), "{html}");
        assert!(html.contains("<mark>parcel</mark>"), "{html}");
    }
}
