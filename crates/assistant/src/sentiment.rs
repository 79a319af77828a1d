//! Coarse sentiment for triage: is this customer upset?
//!
//! A small hand-written lexicon per language is enough to put angry messages
//! first in a queue; it is not meant to read sarcasm. A negation just before a
//! positive word ("not happy", "no estoy contento", "不满意") counts as negative.

use std::collections::HashMap;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::features::fold;

/// Tone of a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Sentiment {
    Negative,
    Neutral,
    Positive,
}

/// Words and phrases (accents folded, lowercase) that signal frustration.
const NEGATIVE: &[&str] = &[
    // English
    "terrible",
    "awful",
    "worst",
    "horrible",
    "angry",
    "furious",
    "ridiculous",
    "unacceptable",
    "disappointed",
    "disappointing",
    "scam",
    "fraud",
    "useless",
    "pathetic",
    "disgusting",
    "joke",
    "never again",
    "fed up",
    "sick of",
    "wtf",
    "rubbish",
    "garbage",
    "incompetent",
    "annoyed",
    "frustrated",
    "frustrating",
    "upset",
    "shame",
    "lied",
    "liars",
    "stolen",
    "hate",
    "bad",
    "poor",
    "nightmare",
    "still waiting",
    "waste",
    // Spanish
    "pesimo",
    "pesima",
    "horrible",
    "fatal",
    "verguenza",
    "estafa",
    "estafadores",
    "harto",
    "harta",
    "inaceptable",
    "molesto",
    "molesta",
    "enojado",
    "enojada",
    "enfadado",
    "enfadada",
    "decepcionado",
    "decepcionada",
    "peor",
    "mierda",
    "nefasto",
    "ladrones",
    "inutiles",
    "inutil",
    "indignado",
    "indignada",
    "una burla",
    "malisimo",
    "mal servicio",
    "fraude",
    "cansado",
    "cansada",
    "sigo esperando",
    "basura",
    // Chinese
    "垃圾",
    "太差",
    "很差",
    "差评",
    "骗子",
    "气死",
    "坑人",
    "失望",
    "恶心",
    "离谱",
    "无语",
    "太慢",
    "不满",
    "生气",
    "愤怒",
    "投诉",
    "欺骗",
    "忽悠",
    "糟糕",
    "烂",
    "什么破",
    "搞什么",
    "受不了",
    "过分",
    "退钱",
    "一直没人",
    "等了好久",
];

/// Words that signal satisfaction.
const POSITIVE: &[&str] = &[
    // English
    "thanks",
    "thank",
    "thx",
    "great",
    "love",
    "awesome",
    "perfect",
    "excellent",
    "amazing",
    "happy",
    "appreciate",
    "wonderful",
    "fantastic",
    "good job",
    "well done",
    "helpful",
    "brilliant",
    "nice",
    "pleased",
    "quick",
    "fast",
    // Spanish
    "gracias",
    "genial",
    "excelente",
    "perfecto",
    "perfecta",
    "encanta",
    "encanto",
    "maravilla",
    "contento",
    "contenta",
    "feliz",
    "agradezco",
    "amable",
    "buenisimo",
    "rapido",
    "increible",
    "estupendo",
    // Chinese
    "谢谢",
    "感谢",
    "好评",
    "满意",
    "不错",
    "太棒",
    "很棒",
    "喜欢",
    "给力",
    "辛苦",
    "点赞",
    "很快",
    "开心",
    "完美",
];

const NEGATIONS: &[&str] = &[
    "not", "no", "never", "nada", "nunca", "ni", "isn't", "wasn't",
];

fn is_han_phrase(p: &str) -> bool {
    p.chars().any(crate::features::is_han)
}

/// A lexicon ready for counting: Chinese phrases (found as substrings), and
/// word sequences by their first word (found word by word). Split once: the
/// triage of every new ticket reads both lexicons.
struct Lexicon {
    han: Vec<&'static str>,
    by_first_word: HashMap<&'static str, Vec<Vec<&'static str>>>,
}

impl Lexicon {
    fn new(entries: &[&'static str]) -> Lexicon {
        let mut lexicon = Lexicon {
            han: Vec::new(),
            by_first_word: HashMap::new(),
        };
        for &entry in entries {
            if is_han_phrase(entry) {
                lexicon.han.push(entry);
            } else {
                let parts: Vec<&'static str> = entry.split(' ').collect();
                lexicon
                    .by_first_word
                    .entry(parts[0])
                    .or_default()
                    .push(parts);
            }
        }
        lexicon
    }
}

fn negative_lexicon() -> &'static Lexicon {
    static LEXICON: OnceLock<Lexicon> = OnceLock::new();
    LEXICON.get_or_init(|| Lexicon::new(NEGATIVE))
}

fn positive_lexicon() -> &'static Lexicon {
    static LEXICON: OnceLock<Lexicon> = OnceLock::new();
    LEXICON.get_or_init(|| Lexicon::new(POSITIVE))
}

/// Counts occurrences of lexicon entries: whole words (or word sequences) for
/// Latin scripts, substrings for Chinese.
fn hits(folded: &str, words: &[&str], lexicon: &Lexicon, negate: bool) -> usize {
    let mut n = 0;
    if folded.chars().any(crate::features::is_han) {
        for entry in &lexicon.han {
            let mut rest = folded;
            while let Some(pos) = rest.find(entry) {
                let before = rest[..pos].chars().next_back();
                let negated = matches!(before, Some('不' | '没'));
                // "不满意" is negative, not positive.
                if negated == negate {
                    n += 1;
                }
                rest = &rest[pos + entry.len()..];
            }
        }
    }
    for (i, word) in words.iter().enumerate() {
        let Some(phrases) = lexicon.by_first_word.get(word) else {
            continue;
        };
        for parts in phrases {
            if words[i..].starts_with(parts) {
                let negated = words[i.saturating_sub(2)..i]
                    .iter()
                    .any(|w| NEGATIONS.contains(w));
                if negated == negate {
                    n += 1;
                }
            }
        }
    }
    n
}

/// Coarse sentiment of `text`.
pub fn detect_sentiment(text: &str) -> Sentiment {
    let folded: String = text.chars().map(fold).collect();
    let words: Vec<&str> = folded
        .split(|c: char| !(c.is_alphanumeric() || c == '\'') || crate::features::is_han(c))
        .filter(|w| !w.is_empty())
        .collect();
    let mut negative = hits(&folded, &words, negative_lexicon(), false);
    // A negated positive word is negative; a negated negative word is not positive.
    negative += hits(&folded, &words, positive_lexicon(), true);
    let positive = hits(&folded, &words, positive_lexicon(), false);
    // Shouting and stacked exclamation marks.
    let letters = text.chars().filter(|c| c.is_alphabetic()).count();
    let upper = text.chars().filter(|c| c.is_uppercase()).count();
    if letters >= 12 && upper * 10 >= letters * 7 {
        negative += 1;
    }
    if text.contains("!!!") || text.contains("！！") || text.contains("???") {
        negative += 1;
    }
    match negative.cmp(&positive) {
        std::cmp::Ordering::Greater => Sentiment::Negative,
        std::cmp::Ordering::Less => Sentiment::Positive,
        std::cmp::Ordering::Equal if negative > 0 => Sentiment::Negative,
        std::cmp::Ordering::Equal => Sentiment::Neutral,
    }
}

#[cfg(test)]
mod tests {
    use super::{Sentiment, detect_sentiment};

    #[test]
    fn samples() {
        for (text, s) in [
            ("where is my order?", Sentiment::Neutral),
            (
                "This is RIDICULOUS, still waiting after 3 weeks",
                Sentiment::Negative,
            ),
            ("not happy with the service", Sentiment::Negative),
            ("thanks, great service!", Sentiment::Positive),
            ("¡Muchas gracias, todo perfecto!", Sentiment::Positive),
            ("Es una vergüenza, pésimo servicio", Sentiment::Negative),
            ("¿dónde está mi pedido?", Sentiment::Neutral),
            ("谢谢，很满意", Sentiment::Positive),
            ("太差了，我很不满意", Sentiment::Negative),
            ("我的快递到哪了", Sentiment::Neutral),
            // Phrases of several words, also at the very end of a message.
            ("I am fed up", Sentiment::Negative),
            ("fed", Sentiment::Neutral),
            ("good job, well done", Sentiment::Positive),
            ("it was not a good job", Sentiment::Negative),
            ("sigo esperando mi pedido", Sentiment::Negative),
            (
                "WHERE IS MY PACKAGE I PAID TWO WEEKS AGO",
                Sentiment::Negative,
            ),
        ] {
            assert_eq!(detect_sentiment(text), s, "{text}");
        }
    }
}
