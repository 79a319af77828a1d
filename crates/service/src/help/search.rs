//! Search over help-center articles and tickets.
//!
//! Every node keeps its own index (`<data>/search`) and the database stays
//! the source of truth: [`Services::search_follow`] reads the articles and
//! tickets changed since the index's watermark and replaces their documents.
//! `serve` runs it every half second, so a change made on any node is found
//! everywhere within a second; the node that writes wakes its follower right
//! after the commit, so its own changes are found within one round (tens of
//! milliseconds). Writes never wait for the index: under load one round
//! indexes many changes in one commit, instead of a commit per request.

use std::collections::HashMap;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, OnceLock};

use marketdesk_domain::access::Permission;
use marketdesk_domain::help::ArticleStatus;
use marketdesk_domain::text::required_line;
use marketdesk_domain::ticket::TicketRef;
use marketdesk_domain::{LanguageTag, Millis};
use marketdesk_search::{
    Analyzer, DocKind, IndexOptions, Matching, Replacement, SearchDocument, SearchHit, SearchIndex,
    SearchQuery, Visibility,
};
use marketdesk_store::articles::ArticleRow;
use marketdesk_store::forum::{self, ThreadRow};
use marketdesk_store::search::{self as store, TicketText};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::{Result, ServiceError, Services, Viewer, now_ms, rfc3339};

/// Rows stamped up to this long before a round read are read again in the
/// next: a transaction may commit after a later one, and nodes' clocks
/// differ a little.
const OVERLAP_MS: Millis = 5_000;
/// Tickets read (and indexed) per round of a catch-up.
const TICKET_PAGE: i64 = 500;

/// The index and how far it has followed the database.
#[derive(Default)]
pub struct SearchState {
    index: OnceLock<Arc<SearchIndex>>,
    follow: tokio::sync::Mutex<FollowState>,
    /// Set once a background task follows the database; until then (CLI,
    /// tests of the services alone) a search first follows it itself.
    followed_in_background: AtomicBool,
    /// Rung after this node's writes: the follower runs a round at once.
    wake: tokio::sync::Notify,
    /// When the last round finished (ms), for the index-lag metric.
    followed_at: std::sync::atomic::AtomicI64,
}

impl std::fmt::Debug for SearchState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SearchState").finish_non_exhaustive()
    }
}

#[derive(Debug, Default)]
struct FollowState {
    loaded: bool,
    watermark: Watermark,
    /// Records indexed within the overlap, with the version indexed, so the
    /// overlap does not index them again.
    recent: HashMap<(DocKind, i64), Millis>,
    /// When the previous round started reading (this node's clock; 0 before
    /// the first round).
    read_at: Millis,
}

impl FollowState {
    /// Where a round starts reading, given the last position seen: what
    /// committed late can only carry a stamp from shortly before the previous
    /// round read, so once writes stop, an idle round reads nothing again
    /// (it used to re-read the last five seconds of writes twice a second).
    fn since(&self, watermark: Millis) -> Millis {
        if self.read_at == 0 {
            watermark - OVERLAP_MS
        } else {
            watermark.min(self.read_at - OVERLAP_MS)
        }
    }
}

/// Kept in the index's own commit, so index and watermark never disagree.
#[derive(Debug, Default, Clone, Copy, Serialize, Deserialize)]
struct Watermark {
    articles: Millis,
    tickets: Millis,
    /// Forum threads (absent in an index made before the forum).
    #[serde(default)]
    threads: Millis,
}

/// `GET /api/v1/search` parameters.
#[derive(Debug, Clone, Default, Deserialize, IntoParams, ToSchema)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct SearchParams {
    /// The words searched for (1 to 200 characters).
    pub q: String,
    /// Comma-separated kinds: `article`, `ticket`, `thread` (community). Default: all the viewer may see.
    pub kind: Option<String>,
    /// Only documents in this language (`en`, `es`, `zh`, or a tag such as `zh-CN`).
    pub language: Option<String>,
    /// Only articles of this category.
    pub category: Option<String>,
    /// Only documents in this status (`published`, `draft`, `open`, `solved`, …).
    pub status: Option<String>,
    /// 1 to 100, default 20.
    pub limit: Option<u32>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SearchResult {
    /// `article` or `ticket`.
    pub kind: String,
    /// The article's slug or the ticket's id.
    pub id: String,
    /// The ticket's reference (`MD-1042`); none for articles.
    pub reference: Option<String>,
    pub title: String,
    /// The title, HTML-escaped, with `<mark>` around matches.
    pub title_html: String,
    /// A passage of the text, HTML-escaped, with `<mark>` around matches.
    pub snippet_html: String,
    pub language: String,
    pub status: String,
    pub category: Option<String>,
    pub updated_at: String,
    pub score: f32,
}

impl From<SearchHit> for SearchResult {
    fn from(hit: SearchHit) -> Self {
        let reference = match hit.kind {
            DocKind::Ticket => hit
                .id
                .parse::<i64>()
                .ok()
                .map(|id| TicketRef::from_id(id).to_string()),
            DocKind::Article | DocKind::Thread => None,
        };
        SearchResult {
            kind: hit.kind.as_str().to_string(),
            id: hit.id,
            reference,
            title: hit.title,
            title_html: hit.title_html,
            snippet_html: hit.snippet_html,
            language: hit.language,
            status: hit.status,
            category: hit.category,
            updated_at: rfc3339(hit.updated_at),
            score: hit.score,
        }
    }
}

fn article_documents(article: &ArticleRow) -> Vec<SearchDocument> {
    let visibility = if article.status == ArticleStatus::Published {
        Visibility::Public
    } else {
        Visibility::Staff
    };
    article
        .translations
        .iter()
        .map(|(language, title, body)| SearchDocument {
            kind: DocKind::Article,
            id: article.slug.clone(),
            language: language.clone(),
            title: title.clone(),
            body: body.clone(),
            category: Some(article.category.clone()),
            status: article.status.to_string(),
            updated_at: article.updated_at,
            visibility,
        })
        .collect()
}

fn ticket_document(ticket: &TicketText) -> SearchDocument {
    // The reference leads the body so "MD-1042" finds the ticket.
    let mut body = TicketRef::from_id(ticket.id).to_string();
    for message in &ticket.messages {
        body.push_str("\n\n");
        body.push_str(message);
    }
    SearchDocument {
        kind: DocKind::Ticket,
        id: ticket.id.to_string(),
        language: ticket.language.clone(),
        title: ticket.subject.clone(),
        body,
        category: None,
        status: ticket.status.clone(),
        updated_at: ticket.updated_at,
        visibility: Visibility::Staff,
    }
}

fn thread_documents(thread: &ThreadRow, texts: &[String]) -> Vec<SearchDocument> {
    if thread.hidden {
        return vec![];
    }
    vec![SearchDocument {
        kind: DocKind::Thread,
        id: thread.id.to_string(),
        language: thread.language.clone(),
        title: thread.title.clone(),
        body: texts.join("\n\n"),
        category: Some(thread.category_slug.clone()),
        status: if thread.accepted_post_id.is_some() {
            "answered"
        } else {
            "open"
        }
        .to_owned(),
        updated_at: thread.updated_at,
        visibility: Visibility::Public,
    }]
}

fn parse_kinds(text: Option<&str>) -> Result<Vec<DocKind>> {
    let Some(text) = text.filter(|t| !t.trim().is_empty()) else {
        return Ok(Vec::new());
    };
    text.split(',')
        .map(|kind| {
            DocKind::parse(kind.trim()).ok_or_else(|| {
                ServiceError::field("kind", "a comma-separated list of: article, ticket, thread")
            })
        })
        .collect()
}

fn parse_language(text: Option<&str>) -> Result<Option<Analyzer>> {
    let Some(text) = text.filter(|t| !t.trim().is_empty()) else {
        return Ok(None);
    };
    let tag = LanguageTag::parse(text.trim())?;
    let primary = tag.as_str().split('-').next().unwrap_or_default();
    if !matches!(primary, "en" | "es" | "zh") {
        return Err(ServiceError::field("language", "one of en, es, zh"));
    }
    Ok(Some(Analyzer::for_language(tag.as_str())))
}

impl Services {
    /// Opens (or creates) the index on disk; called once at start, before
    /// anything is searched. Without it an in-memory index is used.
    pub fn open_search_index(&self, dir: &Path) -> Result<()> {
        let index = SearchIndex::open_in_dir(dir, IndexOptions::default())?;
        self.search
            .index
            .set(Arc::new(index))
            .map_err(|_| anyhow::anyhow!("the search index was opened twice"))?;
        Ok(())
    }

    fn search_index(&self) -> Result<Arc<SearchIndex>> {
        if let Some(index) = self.search.index.get() {
            return Ok(index.clone());
        }
        let fresh = Arc::new(SearchIndex::in_memory()?);
        // Another task may have won the race: use whichever was stored.
        Ok(self.search.index.get_or_init(|| fresh).clone())
    }

    /// Marks the index as followed by a background task (see `serve`).
    pub fn search_followed_in_background(&self) {
        self.search
            .followed_in_background
            .store(true, Ordering::Relaxed);
    }

    /// When this node's index last caught up with the database (0: never).
    pub fn search_followed_at(&self) -> Millis {
        self.search.followed_at.load(Ordering::Relaxed)
    }

    /// Indexes what changed since the watermark; returns how many records
    /// were (re)indexed. Safe to call from several tasks: they take turns.
    pub async fn search_follow(&self) -> Result<usize> {
        let mut state = self.search.follow.lock().await;
        let index = self.search_index()?;
        if !state.loaded {
            let stored = index.watermark()?;
            state.watermark = stored
                .and_then(|text| serde_json::from_str(&text).ok())
                .unwrap_or_default();
            state.loaded = true;
        }
        let mut watermark = state.watermark;
        // Only rows this recent can come back within a later round's overlap
        // (a catch-up over a million old tickets remembers none of them).
        let read_at = now_ms();
        let remember_from = read_at - 2 * OVERLAP_MS;
        let mut pending: Vec<Replacement> = Vec::new();
        let mut indexed = 0;
        let mut conn = self.store.reader().await?;
        for article in store::articles_changed(&mut conn, state.since(watermark.articles)).await? {
            watermark.articles = watermark.articles.max(article.updated_at);
            if state.recent.get(&(DocKind::Article, article.id)) == Some(&article.updated_at) {
                continue;
            }
            if article.updated_at >= remember_from {
                state
                    .recent
                    .insert((DocKind::Article, article.id), article.updated_at);
            }
            pending.push(Replacement {
                kind: DocKind::Article,
                id: article.slug.clone(),
                documents: article_documents(&article),
            });
        }
        let mut threads_since = state.since(watermark.threads);
        loop {
            let page = forum::threads_changed(&mut conn, threads_since, TICKET_PAGE).await?;
            for (thread, texts) in &page {
                watermark.threads = watermark.threads.max(thread.updated_at);
                threads_since = threads_since.max(thread.updated_at);
                if state.recent.get(&(DocKind::Thread, thread.id)) == Some(&thread.updated_at) {
                    continue;
                }
                if thread.updated_at >= remember_from {
                    state
                        .recent
                        .insert((DocKind::Thread, thread.id), thread.updated_at);
                }
                pending.push(Replacement {
                    kind: DocKind::Thread,
                    id: thread.id.to_string(),
                    documents: thread_documents(thread, texts),
                });
            }
            // A page of one instant only could repeat: stop when it cannot move on.
            if (page.len() as i64) < TICKET_PAGE
                || page
                    .last()
                    .is_some_and(|(t, _)| t.updated_at < threads_since)
                || page.first().map(|(t, _)| t.updated_at) == page.last().map(|(t, _)| t.updated_at)
            {
                break;
            }
        }
        let mut after = (state.since(watermark.tickets), 0);
        loop {
            // Positions first (an index-only read); text only for what
            // changed since it was indexed, so the overlap costs little even
            // while thousands of tickets a second are written.
            let page = store::ticket_changes(&mut conn, after, TICKET_PAGE).await?;
            let mut changed = Vec::with_capacity(page.len());
            for &(id, updated_at) in &page {
                after = (updated_at, id);
                watermark.tickets = watermark.tickets.max(updated_at);
                if state.recent.get(&(DocKind::Ticket, id)) != Some(&updated_at) {
                    changed.push(id);
                }
            }
            for ticket in &store::tickets_with_text(&mut conn, &changed).await? {
                if ticket.updated_at >= remember_from {
                    state
                        .recent
                        .insert((DocKind::Ticket, ticket.id), ticket.updated_at);
                }
                pending.push(Replacement {
                    kind: DocKind::Ticket,
                    id: ticket.id.to_string(),
                    documents: vec![ticket_document(ticket)],
                });
            }
            // A long catch-up commits as it goes, so a restart resumes.
            if pending.len() >= TICKET_PAGE as usize || (page.len() as i64) < TICKET_PAGE {
                indexed += pending.len();
                write(&index, std::mem::take(&mut pending), watermark).await?;
                state.watermark = watermark;
            }
            if (page.len() as i64) < TICKET_PAGE {
                break;
            }
        }
        state.read_at = read_at;
        let oldest_kept = watermark
            .articles
            .min(watermark.tickets)
            .min(watermark.threads)
            - OVERLAP_MS;
        state
            .recent
            .retain(|_, updated_at| *updated_at >= oldest_kept);
        self.search
            .followed_at
            .store(now_ms(), std::sync::atomic::Ordering::Relaxed);
        Ok(indexed)
    }

    /// Right after this node's own write of an article or ticket: the
    /// follower indexes it in its next round, which starts at once.
    pub(crate) fn search_wake(&self) {
        self.search.wake.notify_one();
        // The same writes are what live pages show.
        self.announce_change();
    }

    /// Waits until this node wrote something searchable (for the follower).
    pub async fn search_changed(&self) {
        self.search.wake.notified().await;
    }

    pub(crate) async fn search_documents(&self, query: SearchQuery) -> Result<Vec<SearchHit>> {
        if !self.search.followed_in_background.load(Ordering::Relaxed) {
            self.search_follow().await?;
        }
        let index = self.search_index()?;
        tokio::task::spawn_blocking(move || index.search(&query))
            .await
            .map_err(|err| anyhow::anyhow!("search task failed: {err}"))?
            .map_err(ServiceError::from)
    }

    /// Searches articles and, for staff, tickets and drafts; customers only
    /// ever see published articles.
    pub async fn search(
        &self,
        viewer: &Viewer,
        params: &SearchParams,
    ) -> Result<Vec<SearchResult>> {
        // The public help-center search (`help_search`) needs no credential;
        // this one answers tickets and drafts, so it asks for a scope.
        if !viewer.may(Permission::ReadTickets) {
            return Err(ServiceError::forbidden("search"));
        }
        let text = required_line("q", &params.q, 200)?;
        let mut kinds = parse_kinds(params.kind.as_deref())?;
        let language = parse_language(params.language.as_deref())?;
        let limit = match params.limit {
            None => 20,
            Some(n @ 1..=100) => n as usize,
            Some(_) => return Err(ServiceError::field("limit", "from 1 to 100")),
        };
        let staff = viewer.is_staff();
        let may_read_tickets = staff && viewer.may(Permission::ReadTickets);
        if !may_read_tickets {
            if kinds.is_empty() {
                kinds = vec![DocKind::Article];
            }
            kinds.retain(|k| *k != DocKind::Ticket);
            if kinds.is_empty() {
                return Ok(Vec::new());
            }
        }
        let query = SearchQuery {
            text,
            kinds,
            language,
            category: params.category.clone().filter(|c| !c.is_empty()),
            status: params.status.clone().filter(|s| !s.is_empty()),
            staff,
            limit,
            matching: Matching::MostWords,
        };
        Ok(self
            .search_documents(query)
            .await?
            .into_iter()
            .map(SearchResult::from)
            .collect())
    }
}

async fn write(
    index: &Arc<SearchIndex>,
    batch: Vec<Replacement>,
    watermark: Watermark,
) -> Result<()> {
    let index = index.clone();
    let payload = serde_json::to_string(&watermark).unwrap_or_default();
    tokio::task::spawn_blocking(move || {
        if batch.is_empty() && index.watermark()?.as_deref() == Some(payload.as_str()) {
            return Ok(()); // nothing new: no commit
        }
        index.write(&batch, Some(&payload))
    })
    .await
    .map_err(|err| anyhow::anyhow!("search index task failed: {err}"))??;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::{FollowState, OVERLAP_MS};

    #[test]
    fn a_round_rereads_only_what_could_have_committed_late() {
        let mut state = FollowState::default();
        // First round (after a start): the overlap before the watermark.
        assert_eq!(state.since(100_000), 100_000 - OVERLAP_MS);
        // Writes going on: the previous round read at 100 s, so stamps from
        // 95 s on may still appear.
        state.read_at = 100_000;
        assert_eq!(state.since(99_900), 100_000 - OVERLAP_MS);
        // Writes stopped at 100 s and the last round read at 200 s: nothing
        // older than the watermark can appear any more.
        state.read_at = 200_000;
        assert_eq!(state.since(100_000), 100_000);
    }
}
