//! Full-text search over help-center articles and tickets (tantivy).
//!
//! One document per searchable text: an article translation, a ticket with
//! its messages. Each language has its own analyzer ([`Analyzer`]): English
//! and Spanish words are folded and stemmed, Chinese is indexed as character pairs.
//! A query is analyzed in each language asked for, forgives one typo in
//! words of five letters or more (two from nine), ranks exact words above
//! forgiven ones and answers snippets with the matches marked.
//!
//! The index is a follower: the database is the source of truth and the
//! caller writes batches of changed documents with an opaque watermark,
//! kept in the same commit, that says how far it has followed.

mod analysis;
mod background;
mod snippet;

use std::path::Path;
use std::sync::Mutex;

use tantivy::collector::TopDocs;
use tantivy::query::{
    BooleanQuery, BoostQuery, ConstScoreQuery, FuzzyTermQuery, Occur, Query, TermQuery,
};
use tantivy::schema::{
    Field, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions, Value,
};
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy, TantivyDocument, Term};

pub use analysis::Analyzer;

/// Bumped whenever the schema or an analyzer changes: an index written with
/// another version is dropped and rebuilt from the database.
const FORMAT_VERSION: u32 = 2;
/// Larger bodies are cut before indexing (a ticket with a pasted log).
const MAX_INDEXED_BODY_BYTES: usize = 64 * 1024;
pub const MAX_LIMIT: usize = 100;
/// Typo neighbours are searched only for query words found in fewer
/// documents than this (a misspelling, or a rare word).
const TYPO_NEIGHBOURS_BELOW_FREQUENCY: u64 = 50;
/// tantivy refuses less than 15 MB per indexing thread.
const WRITER_MEMORY_PER_THREAD_MIN: usize = 15_000_000;

#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    #[error("search index: {0}")]
    Index(#[from] tantivy::TantivyError),
    #[error("search index directory: {0}")]
    Io(#[from] std::io::Error),
    #[error("search index: a writer panicked earlier")]
    Poisoned,
}

pub type Result<T, E = SearchError> = std::result::Result<T, E>;

/// What a document is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DocKind {
    Article,
    Ticket,
    /// A community forum thread with its shown posts.
    Thread,
}

impl DocKind {
    pub fn as_str(self) -> &'static str {
        match self {
            DocKind::Article => "article",
            DocKind::Ticket => "ticket",
            DocKind::Thread => "thread",
        }
    }

    pub fn parse(text: &str) -> Option<DocKind> {
        match text {
            "article" => Some(DocKind::Article),
            "ticket" => Some(DocKind::Ticket),
            "thread" => Some(DocKind::Thread),
            _ => None,
        }
    }
}

/// Who may find a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Visibility {
    /// Anyone, customers included (published articles).
    Public,
    /// Staff only (tickets, drafts).
    Staff,
}

impl Visibility {
    fn as_str(self) -> &'static str {
        match self {
            Visibility::Public => "public",
            Visibility::Staff => "staff",
        }
    }
}

/// One searchable text.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchDocument {
    pub kind: DocKind,
    /// The article's slug, the ticket's number.
    pub id: String,
    /// A language tag; picks the analyzer.
    pub language: String,
    pub title: String,
    pub body: String,
    pub category: Option<String>,
    pub status: String,
    pub updated_at: i64,
    pub visibility: Visibility,
}

/// Everything indexed for one source record (an article has one document
/// per translation), replaced as a whole.
#[derive(Debug, Clone, PartialEq)]
pub struct Replacement {
    pub kind: DocKind,
    pub id: String,
    /// Empty: the record is no longer searchable.
    pub documents: Vec<SearchDocument>,
}

#[derive(Debug, Clone)]
pub struct SearchQuery {
    pub text: String,
    /// Empty: every kind.
    pub kinds: Vec<DocKind>,
    /// Only documents in this language (and the query read only in it).
    pub language: Option<Analyzer>,
    pub category: Option<String>,
    pub status: Option<String>,
    /// Staff see tickets and drafts; anyone else only public documents.
    pub staff: bool,
    pub limit: usize,
    /// Whether most query words must match (a search box) or any one may
    /// (a customer's whole question, ranked by how much of it matches).
    pub matching: Matching,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Matching {
    /// All words but one in three: "helicopter rental" does not find every
    /// page that says "rental".
    #[default]
    MostWords,
    AnyWord,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SearchHit {
    pub kind: DocKind,
    pub id: String,
    pub language: String,
    pub title: String,
    /// The title, HTML-escaped, with `<mark>` around matches.
    pub title_html: String,
    /// A passage of the body, HTML-escaped, with `<mark>` around matches.
    pub snippet_html: String,
    pub category: Option<String>,
    pub status: String,
    pub updated_at: i64,
    pub score: f32,
}

#[derive(Debug, Clone, Copy)]
pub struct IndexOptions {
    pub writer_threads: usize,
    pub writer_memory_bytes: usize,
}

impl Default for IndexOptions {
    fn default() -> Self {
        // One thread: small batches from the follower, the other core serves.
        IndexOptions {
            writer_threads: 1,
            writer_memory_bytes: 30_000_000,
        }
    }
}

#[derive(Clone, Copy)]
struct Fields {
    key: Field,
    kind: Field,
    id: Field,
    language: Field,
    analyzer: Field,
    title: Field,
    body: Field,
    category: Field,
    status: Field,
    visibility: Field,
    updated_at: Field,
    /// Per analyzer: (title, body), indexed only.
    text: [(Field, Field); 3],
}

fn schema() -> (Schema, Fields) {
    let mut builder = Schema::builder();
    let key = builder.add_text_field("key", STRING);
    let kind = builder.add_text_field("kind", STRING | STORED);
    let id = builder.add_text_field("id", STRING | STORED);
    let language = builder.add_text_field("language", STORED);
    let analyzer = builder.add_text_field("analyzer", STRING);
    let title = builder.add_text_field("title", STORED);
    let body = builder.add_text_field("body", STORED);
    let category = builder.add_text_field("category", STRING | STORED);
    let status = builder.add_text_field("status", STRING | STORED);
    let visibility = builder.add_text_field("visibility", STRING);
    let updated_at = builder.add_i64_field("updated_at", STORED);
    let text = Analyzer::ALL.map(|analyzer| {
        let options = TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(analyzer.tokenizer_name())
                // No phrase queries: frequencies are enough, positions cost.
                .set_index_option(IndexRecordOption::WithFreqs),
        );
        (
            builder.add_text_field(&format!("title_{}", analyzer.code()), options.clone()),
            builder.add_text_field(&format!("body_{}", analyzer.code()), options),
        )
    });
    let fields = Fields {
        key,
        kind,
        id,
        language,
        analyzer,
        title,
        body,
        category,
        status,
        visibility,
        updated_at,
        text,
    };
    (builder.build(), fields)
}

fn analyzer_slot(analyzer: Analyzer) -> usize {
    match analyzer {
        Analyzer::En => 0,
        Analyzer::Es => 1,
        Analyzer::Zh => 2,
    }
}

fn record_key(kind: DocKind, id: &str) -> String {
    format!("{}:{id}", kind.as_str())
}

#[derive(serde::Serialize, serde::Deserialize)]
struct CommitPayload {
    version: u32,
    watermark: Option<String>,
}

/// The index, its single writer and a reader refreshed after each write.
pub struct SearchIndex {
    fields: Fields,
    writer: Mutex<IndexWriter>,
    reader: IndexReader,
    watermark: Mutex<Option<String>>,
}

impl std::fmt::Debug for SearchIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SearchIndex").finish_non_exhaustive()
    }
}

impl SearchIndex {
    /// An index in memory (tests, tools), empty.
    pub fn in_memory() -> Result<SearchIndex> {
        let (schema, fields) = schema();
        Self::with_index(
            Index::create_in_ram(schema),
            fields,
            None,
            IndexOptions::default(),
        )
    }

    /// The index in `dir`, created when missing; one written by another
    /// format version is dropped (its watermark with it, so it is rebuilt).
    pub fn open_in_dir(dir: &Path, options: IndexOptions) -> Result<SearchIndex> {
        let (schema, fields) = schema();
        std::fs::create_dir_all(dir)?;
        let existing = Index::open_in_dir(dir).ok().and_then(|index| {
            let payload = index.load_metas().ok()?.payload?;
            let payload: CommitPayload = serde_json::from_str(&payload).ok()?;
            (payload.version == FORMAT_VERSION && index.schema() == schema)
                .then_some((index, payload.watermark))
        });
        let (index, watermark) = match existing {
            Some(found) => found,
            None => {
                std::fs::remove_dir_all(dir)?;
                std::fs::create_dir_all(dir)?;
                (Index::create_in_dir(dir, schema)?, None)
            }
        };
        Self::with_index(index, fields, watermark, options)
    }

    fn with_index(
        index: Index,
        fields: Fields,
        watermark: Option<String>,
        options: IndexOptions,
    ) -> Result<SearchIndex> {
        analysis::register(index.tokenizers());
        // The writer's merge threads start now, from this (lowered) thread.
        let writer = background::at_low_priority(|| {
            index.writer_with_num_threads(
                options.writer_threads.max(1),
                options
                    .writer_memory_bytes
                    .max(WRITER_MEMORY_PER_THREAD_MIN * options.writer_threads.max(1)),
            )
        })??;
        let reader = index
            .reader_builder()
            // Reloaded by `write` itself, so a write is visible when it returns.
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        Ok(SearchIndex {
            fields,
            writer: Mutex::new(writer),
            reader,
            watermark: Mutex::new(watermark),
        })
    }

    /// How far the index has followed its source, as last written.
    pub fn watermark(&self) -> Result<Option<String>> {
        Ok(self
            .watermark
            .lock()
            .map_err(|_| SearchError::Poisoned)?
            .clone())
    }

    /// The number of documents searchable now.
    pub fn document_count(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// The number of index segments searched (fewer is faster; merged in
    /// the background).
    pub fn segment_count(&self) -> usize {
        self.reader.searcher().segment_readers().len()
    }

    /// Replaces records and moves the watermark (when given) in one commit;
    /// the changes are searchable when this returns. Blocking.
    pub fn write(&self, replacements: &[Replacement], watermark: Option<&str>) -> Result<()> {
        // A commit starts the next indexing threads from the calling thread.
        background::at_low_priority(|| self.write_now(replacements, watermark))?
    }

    fn write_now(&self, replacements: &[Replacement], watermark: Option<&str>) -> Result<()> {
        let f = self.fields;
        let mut writer = self.writer.lock().map_err(|_| SearchError::Poisoned)?;
        for replacement in replacements {
            let key = record_key(replacement.kind, &replacement.id);
            writer.delete_term(Term::from_field_text(f.key, &key));
            for doc in &replacement.documents {
                writer.add_document(self.to_document(&key, doc))?;
            }
        }
        let mut stored = self.watermark.lock().map_err(|_| SearchError::Poisoned)?;
        let next = watermark.map(str::to_string).or_else(|| stored.clone());
        let payload = serde_json::to_string(&CommitPayload {
            version: FORMAT_VERSION,
            watermark: next.clone(),
        })
        .unwrap_or_default();
        let mut commit = writer.prepare_commit()?;
        commit.set_payload(&payload);
        commit.commit()?;
        *stored = next;
        drop(stored);
        drop(writer);
        self.reader.reload()?;
        Ok(())
    }

    fn to_document(&self, key: &str, doc: &SearchDocument) -> TantivyDocument {
        let f = self.fields;
        let analyzer = Analyzer::for_language(&doc.language);
        let (title_field, body_field) = f.text[analyzer_slot(analyzer)];
        let mut body_end = doc.body.len().min(MAX_INDEXED_BODY_BYTES);
        while !doc.body.is_char_boundary(body_end) {
            body_end -= 1;
        }
        let mut out = TantivyDocument::default();
        out.add_text(f.key, key);
        out.add_text(f.kind, doc.kind.as_str());
        out.add_text(f.id, &doc.id);
        out.add_text(f.language, &doc.language);
        out.add_text(f.analyzer, analyzer.code());
        out.add_text(f.title, &doc.title);
        out.add_text(f.body, &doc.body[..body_end]);
        if let Some(category) = &doc.category {
            out.add_text(f.category, category);
        }
        out.add_text(f.status, &doc.status);
        out.add_text(f.visibility, doc.visibility.as_str());
        out.add_i64(f.updated_at, doc.updated_at);
        out.add_text(title_field, &doc.title);
        out.add_text(body_field, &doc.body[..body_end]);
        out
    }

    /// The best matches, best first.
    pub fn search(&self, query: &SearchQuery) -> Result<Vec<SearchHit>> {
        let f = self.fields;
        let languages: Vec<Analyzer> = match query.language {
            Some(one) => vec![one],
            None => Analyzer::ALL.to_vec(),
        };
        let searcher = self.reader.searcher();
        let mut wanted: Vec<(Analyzer, Vec<String>, TextAnalyzer)> = Vec::new();
        let mut per_language: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for analyzer in languages {
            let mut text_analyzer = analyzer.build();
            let mut terms: Vec<String> = analysis::analyze(&mut text_analyzer, &query.text)
                .into_iter()
                .map(|t| t.0)
                .collect();
            terms.sort();
            terms.dedup();
            terms.truncate(12);
            if terms.is_empty() {
                continue;
            }
            let (title_field, body_field) = f.text[analyzer_slot(analyzer)];
            let mut groups: Vec<Box<dyn Query>> = Vec::with_capacity(terms.len());
            for term in &terms {
                let frequency = searcher.doc_freq(&Term::from_field_text(title_field, term))?
                    + searcher.doc_freq(&Term::from_field_text(body_field, term))?;
                // A frequent word is no typo, and its typo neighbours would
                // only add constant-scored documents to visit: exact only.
                let typos = frequency < TYPO_NEIGHBOURS_BELOW_FREQUENCY;
                groups.push(term_group(analyzer, title_field, body_field, term, typos));
            }
            let required = match query.matching {
                Matching::MostWords => groups.len() - groups.len() / 3,
                Matching::AnyWord => 1,
            };
            let words: Box<dyn Query> = if required == groups.len() {
                // Every word required: an intersection skips ahead faster.
                Box::new(BooleanQuery::intersection(groups))
            } else {
                Box::new(BooleanQuery::union_with_minimum_required_clauses(
                    groups, required,
                ))
            };
            per_language.push((Occur::Should, words));
            wanted.push((analyzer, terms, text_analyzer));
        }
        if per_language.is_empty() {
            return Ok(Vec::new());
        }
        let mut clauses: Vec<(Occur, Box<dyn Query>)> =
            vec![(Occur::Must, Box::new(BooleanQuery::new(per_language)))];
        let filter = |field: Field, values: &[&str]| -> (Occur, Box<dyn Query>) {
            let options: Vec<(Occur, Box<dyn Query>)> = values
                .iter()
                .map(|v| {
                    let term =
                        TermQuery::new(Term::from_field_text(field, v), IndexRecordOption::Basic);
                    (Occur::Should, Box::new(term) as Box<dyn Query>)
                })
                .collect();
            // Filters decide, they do not score.
            (
                Occur::Must,
                Box::new(ConstScoreQuery::new(
                    Box::new(BooleanQuery::new(options)),
                    0.0,
                )),
            )
        };
        if !query.kinds.is_empty() {
            let kinds: Vec<&str> = query.kinds.iter().map(|k| k.as_str()).collect();
            clauses.push(filter(f.kind, &kinds));
        }
        if let Some(language) = query.language {
            clauses.push(filter(f.analyzer, &[language.code()]));
        }
        if let Some(category) = &query.category {
            clauses.push(filter(f.category, &[category]));
        }
        if let Some(status) = &query.status {
            clauses.push(filter(f.status, &[status]));
        }
        if !query.staff {
            clauses.push(filter(f.visibility, &[Visibility::Public.as_str()]));
        }
        let limit = query.limit.clamp(1, MAX_LIMIT);
        let top = searcher.search(
            &BooleanQuery::new(clauses),
            &TopDocs::with_limit(limit).order_by_score(),
        )?;
        let mut hits = Vec::with_capacity(top.len());
        for (score, address) in top {
            let doc: TantivyDocument = searcher.doc(address)?;
            let text = |field: Field| {
                doc.get_first(field)
                    .and_then(|v| v.as_str().map(str::to_string))
                    .unwrap_or_default()
            };
            let language = text(f.language);
            let analyzer = Analyzer::for_language(&language);
            let body = text(f.body);
            let title = text(f.title);
            let (title_html, snippet_html) =
                match wanted.iter_mut().find(|(a, _, _)| *a == analyzer) {
                    Some((_, terms, text_analyzer)) => (
                        snippet::mark_whole(analyzer, text_analyzer, &title, terms),
                        snippet::highlight(analyzer, text_analyzer, &body, terms),
                    ),
                    None => {
                        let mut text_analyzer = analyzer.build();
                        (
                            snippet::mark_whole(analyzer, &mut text_analyzer, &title, &[]),
                            snippet::highlight(analyzer, &mut text_analyzer, &body, &[]),
                        )
                    }
                };
            let category = text(f.category);
            hits.push(SearchHit {
                kind: DocKind::parse(&text(f.kind)).unwrap_or(DocKind::Article),
                id: text(f.id),
                snippet_html,
                language,
                title,
                title_html,
                category: (!category.is_empty()).then_some(category),
                status: text(f.status),
                updated_at: doc
                    .get_first(f.updated_at)
                    .and_then(|v| v.as_i64())
                    .unwrap_or_default(),
                score,
            });
        }
        Ok(hits)
    }
}

/// The longest edit distance forgiven for a query term.
pub fn typo_distance(analyzer: Analyzer, term: &str) -> u8 {
    if !analyzer.allows_typos() {
        return 0;
    }
    match term.chars().count() {
        0..=4 => 0,
        5..=8 => 1,
        _ => 2,
    }
}

/// One query word: exact in title (weighted) or body, else within its typo
/// distance at a small constant score, so exact matches rank first.
fn term_group(
    analyzer: Analyzer,
    title: Field,
    body: Field,
    term: &str,
    typos: bool,
) -> Box<dyn Query> {
    let mut options: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    for (field, weight) in [(title, 2.0), (body, 1.0)] {
        let exact = Term::from_field_text(field, term);
        options.push((
            Occur::Should,
            Box::new(BoostQuery::new(
                Box::new(TermQuery::new(exact.clone(), IndexRecordOption::WithFreqs)),
                weight,
            )),
        ));
        let distance = if typos {
            typo_distance(analyzer, term)
        } else {
            0
        };
        if distance > 0 {
            options.push((
                Occur::Should,
                Box::new(BoostQuery::new(
                    Box::new(FuzzyTermQuery::new(exact, distance, true)),
                    0.1 * weight,
                )),
            ));
        }
    }
    Box::new(BooleanQuery::new(options))
}

#[cfg(test)]
mod tests;
