//! One analyzer per language: how text becomes index terms, the same way
//! for documents and for queries.

use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RemoveLongFilter, SimpleTokenizer, Stemmer,
    StopWordFilter, TextAnalyzer, Token, TokenStream, Tokenizer, TokenizerManager,
};

/// The languages the index analyzes; any other language is read as English
/// (plain words, folded), which still finds exact words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Analyzer {
    En,
    Es,
    Zh,
}

impl Analyzer {
    pub const ALL: [Analyzer; 3] = [Analyzer::En, Analyzer::Es, Analyzer::Zh];

    /// The analyzer for a language tag such as `en`, `es-MX` or `zh-Hans`.
    pub fn for_language(tag: &str) -> Analyzer {
        let primary = tag
            .split(['-', '_'])
            .next()
            .unwrap_or_default()
            .to_ascii_lowercase();
        match primary.as_str() {
            "es" => Analyzer::Es,
            "zh" => Analyzer::Zh,
            _ => Analyzer::En,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Analyzer::En => "en",
            Analyzer::Es => "es",
            Analyzer::Zh => "zh",
        }
    }

    /// The tokenizer name registered with the index.
    pub fn tokenizer_name(self) -> &'static str {
        match self {
            Analyzer::En => "md_en",
            Analyzer::Es => "md_es",
            Analyzer::Zh => "md_zh",
        }
    }

    /// Whether a typo may be forgiven in this language's terms: Chinese words
    /// are one or two characters, where one edit is another word.
    pub fn allows_typos(self) -> bool {
        !matches!(self, Analyzer::Zh)
    }

    pub fn build(self) -> TextAnalyzer {
        match self {
            Analyzer::En => western(Language::English, ENGLISH_STOP_WORDS),
            Analyzer::Es => western(Language::Spanish, SPANISH_STOP_WORDS),
            Analyzer::Zh => TextAnalyzer::builder(ChineseTokenizer)
                .filter(RemoveLongFilter::limit(40))
                .filter(LowerCaser)
                .filter(StopWordFilter::remove(
                    CHINESE_STOP_WORDS.iter().map(|w| w.to_string()),
                ))
                .build(),
        }
    }
}

// Short lists on purpose: words that carry no meaning in a support question
// ("how do I …", "¿cómo puedo …?") and would otherwise match every document.
const ENGLISH_STOP_WORDS: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "but", "by", "can", "do", "does", "for", "from",
    "how", "i", "if", "in", "is", "it", "me", "my", "of", "on", "or", "so", "that", "the", "this",
    "to", "was", "we", "what", "when", "where", "why", "will", "with", "you", "your",
];
const SPANISH_STOP_WORDS: &[&str] = &[
    "a", "al", "como", "con", "de", "del", "el", "en", "es", "la", "las", "lo", "los", "mi", "me",
    "no", "o", "para", "por", "que", "se", "su", "un", "una", "y", "yo", "puedo", "cual", "donde",
];
const CHINESE_STOP_WORDS: &[&str] = &[
    "的", "了", "吗", "呢", "吧", "啊", "是", "我", "你", "在", "和", "有", "怎么", "如何", "什么",
];

fn western(language: Language, stop_words: &[&str]) -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        // Stop words are removed before folding so "qué" and "que" both go.
        .filter(AsciiFoldingFilter)
        .filter(StopWordFilter::remove(
            stop_words.iter().map(|w| w.to_string()),
        ))
        .filter(Stemmer::new(language))
        .build()
}

/// Registers the analyzers under their tokenizer names.
pub fn register(manager: &TokenizerManager) {
    for analyzer in Analyzer::ALL {
        manager.register(analyzer.tokenizer_name(), analyzer.build());
    }
}

/// The terms `text` is indexed as (or queried for) in one language, with
/// their byte ranges in `text`.
pub fn analyze(analyzer: &mut TextAnalyzer, text: &str) -> Vec<(String, usize, usize)> {
    let mut stream = analyzer.token_stream(text);
    let mut out = Vec::new();
    while let Some(token) = stream.next() {
        out.push((token.text.clone(), token.offset_from, token.offset_to));
    }
    out
}

/// Chinese (and any CJK text) as overlapping character pairs — the CJK
/// bigram indexing of Lucene's `CJKAnalyzer` and Elasticsearch's `cjk`
/// analyzer: "我想申请退款" is 我想 想申 申请 请退 退款, so a query for
/// "退款" or "申请退款" finds it without a dictionary. A lone character
/// between non-CJK text stands for itself; Latin words and numbers in
/// Chinese text come out whole. (A dictionary segmenter, jieba, cost 30 MB
/// of memory per process and was the slowest part of indexing.)
#[derive(Clone, Default)]
pub struct ChineseTokenizer;

pub struct ChineseTokenStream {
    tokens: std::vec::IntoIter<Token>,
    current: Token,
}

/// Han ideographs, kana and hangul: written without spaces between words.
fn is_cjk(c: char) -> bool {
    matches!(u32::from(c),
        0x3040..=0x30FF // hiragana, katakana
        | 0x3400..=0x4DBF // CJK extension A
        | 0x4E00..=0x9FFF // CJK unified ideographs
        | 0xAC00..=0xD7AF // hangul syllables
        | 0xF900..=0xFAFF // CJK compatibility ideographs
        | 0x20000..=0x2FA1F) // CJK extensions B–F, compatibility supplement
}

impl Tokenizer for ChineseTokenizer {
    type TokenStream<'a> = ChineseTokenStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> ChineseTokenStream {
        let mut tokens: Vec<Token> = Vec::new();
        let mut push = |from: usize, to: usize| {
            tokens.push(Token {
                offset_from: from,
                offset_to: to,
                position: tokens.len(),
                text: text[from..to].to_string(),
                position_length: 1,
            });
        };
        // The byte offsets of the current run of CJK characters.
        let mut run: Vec<usize> = Vec::new();
        let mut word_start: Option<usize> = None;
        let flush_run = |run: &mut Vec<usize>, end: usize, push: &mut dyn FnMut(usize, usize)| {
            match run.len() {
                0 => {}
                1 => push(run[0], end),
                _ => {
                    for pair in run.windows(2) {
                        let to = pair[1] + text[pair[1]..].chars().next().map_or(0, char::len_utf8);
                        push(pair[0], to);
                    }
                }
            }
            run.clear();
        };
        for (at, c) in text.char_indices() {
            if is_cjk(c) {
                if let Some(start) = word_start.take() {
                    push(start, at);
                }
                run.push(at);
            } else if c.is_alphanumeric() {
                flush_run(&mut run, at, &mut push);
                word_start.get_or_insert(at);
            } else {
                flush_run(&mut run, at, &mut push);
                if let Some(start) = word_start.take() {
                    push(start, at);
                }
            }
        }
        flush_run(&mut run, text.len(), &mut push);
        if let Some(start) = word_start {
            push(start, text.len());
        }
        ChineseTokenStream {
            tokens: tokens.into_iter(),
            current: Token::default(),
        }
    }
}

impl TokenStream for ChineseTokenStream {
    fn advance(&mut self) -> bool {
        match self.tokens.next() {
            Some(token) => {
                self.current = token;
                true
            }
            None => false,
        }
    }

    fn token(&self) -> &Token {
        &self.current
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.current
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(analyzer: Analyzer, text: &str) -> Vec<String> {
        analyze(&mut analyzer.build(), text)
            .into_iter()
            .map(|t| t.0)
            .collect()
    }

    #[test]
    fn english_is_folded_and_stemmed() {
        assert_eq!(
            terms(Analyzer::En, "Refunds"),
            terms(Analyzer::En, "refund")
        );
        assert_eq!(
            terms(Analyzer::En, "How do I get refunds"),
            vec!["get", "refund"]
        );
    }

    #[test]
    fn spanish_plural_and_accent_meet() {
        assert_eq!(
            terms(Analyzer::Es, "devoluciones"),
            terms(Analyzer::Es, "devolución")
        );
    }

    #[test]
    fn chinese_is_segmented_with_offsets() {
        let text = "我想申请退款，谢谢";
        let tokens = analyze(&mut Analyzer::Zh.build(), text);
        let refund = tokens
            .iter()
            .find(|t| t.0 == "退款")
            .expect("退款 segmented");
        assert_eq!(&text[refund.1..refund.2], "退款");
    }

    #[test]
    fn chinese_is_indexed_as_character_pairs_latin_words_whole() {
        assert_eq!(
            terms(Analyzer::Zh, "订单SO-12查询，包"),
            ["订单", "so", "12", "查询", "包"]
        );
        assert_eq!(terms(Analyzer::Zh, "申请退款"), ["申请", "请退", "退款"]);
    }

    #[test]
    fn language_tags_pick_analyzers() {
        assert_eq!(Analyzer::for_language("es-MX"), Analyzer::Es);
        assert_eq!(Analyzer::for_language("zh-Hans"), Analyzer::Zh);
        assert_eq!(Analyzer::for_language("fr"), Analyzer::En);
    }
}
