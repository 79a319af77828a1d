//! The community forum (docs/COMMUNITY.md): categories, threads, replies,
//! votes and an accepted answer; trust levels that limit what new accounts
//! may post; moderators who hide, lock, pin, move and ban; scam alerts
//! pinned on top; reports that go to the moderation queue; and a thread
//! taken to a private ticket when it concerns someone's order.

use std::collections::BTreeMap;
use std::net::IpAddr;

use marketdesk_domain::access::Permission;
use marketdesk_domain::forum::{
    self as rules, MAX_POST, MAX_TAGS, MAX_TITLE, Participation, PostAction, PostRefusal,
    ThreadAction, TrustLevel,
};
use marketdesk_domain::i18n::Lang;
use marketdesk_domain::moderation::{ReportReason, ReportSubject, links_in};
use marketdesk_domain::ticket::TicketRef;
use marketdesk_domain::{DAY_MS, HOUR_MS, Millis};
use marketdesk_search::{DocKind, Matching, SearchQuery};
use marketdesk_store::forum::{self as store, PostRow, ThreadFilter, ThreadFlag, ThreadRow};
use marketdesk_store::{audit, people};
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::{IntoParams, ToSchema};

use crate::kernel::auth::actor_id;
use crate::kernel::html;
use crate::kernel::limits::{self, Limit};
use crate::tickets::{MessageInput, NewTicket, RequesterInput};
use crate::trust::{NewReportInput, ReportReceipt};
use crate::{NotAllowed, Recovery, Result, ServiceError, Services, Viewer, now_ms, rfc3339};

/// Forum searches one client address may run a minute (across nodes).
const SEARCHES_PER_CLIENT: Limit = Limit {
    name: "forum_search_client",
    max: 120,
    window: 60_000,
};
/// Threads a listing page shows.
const PAGE: i64 = 30;
/// Posts a thread page shows.
const POSTS_SHOWN: i64 = 500;
/// Reports from different people that hide a post until a moderator looks.
const HIDE_AFTER_REPORTS: i64 = 3;

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ForumCategory {
    pub slug: String,
    /// In the reader's language.
    pub name: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ThreadSummary {
    pub id: i64,
    pub category: String,
    pub title: String,
    pub language: String,
    pub tags: Vec<String>,
    pub author: String,
    pub pinned: bool,
    /// A moderators' warning about a scam going round (pinned).
    pub scam_alert: bool,
    pub locked: bool,
    /// Only moderators see hidden threads.
    pub hidden: bool,
    /// An answer was accepted.
    pub answered: bool,
    pub replies: i64,
    pub created_at: String,
    pub last_post_at: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ForumPost {
    pub id: i64,
    pub author: String,
    pub author_id: i64,
    /// Written by the shop's staff.
    pub staff: bool,
    /// The words (empty when hidden, for anyone but moderators).
    pub text: String,
    /// Sanitized HTML, when the post was written in HTML.
    pub html: Option<String>,
    pub score: i64,
    /// The reader's own vote: 1, -1 or 0.
    pub my_vote: i64,
    pub hidden: bool,
    /// Why (moderators only).
    pub hidden_reason: Option<String>,
    pub accepted: bool,
    pub created_at: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RelatedArticle {
    pub slug: String,
    pub title: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ForumThread {
    pub thread: ThreadSummary,
    /// The opening post first.
    pub posts: Vec<ForumPost>,
    /// Help-center articles on the same question.
    pub related_articles: Vec<RelatedArticle>,
    /// The reader may reply (signed in, not banned, thread open).
    pub may_reply: bool,
    /// The reader may accept an answer (the thread's author or staff).
    pub may_accept: bool,
    /// The reader moderates.
    pub moderator: bool,
    /// The private ticket the thread was taken to (its author and staff see it).
    pub ticket: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize, IntoParams, ToSchema)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ThreadParams {
    /// A category's slug.
    pub category: Option<String>,
    pub tag: Option<String>,
    /// Words searched for (the same engine as the help center).
    pub q: Option<String>,
    /// 1 and on.
    pub page: Option<u32>,
    /// `en`, `es` or `zh`: category names in this language.
    pub lang: Option<String>,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewThreadInput {
    pub category: String,
    pub title: String,
    /// Plain text, or HTML (sanitized as messages are).
    pub body: String,
    #[serde(default)]
    pub tags: Vec<String>,
    /// The thread's language; the author's when absent.
    #[serde(default)]
    pub language: Option<String>,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReplyInput {
    pub body: String,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct VoteInput {
    /// 1 (helpful), -1 (not helpful), 0 (take the vote back).
    pub value: i64,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AcceptInput {
    /// The reply that answers the question; none takes the choice back.
    pub post_id: Option<i64>,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ThreadModerationInput {
    pub action: ThreadAction,
    /// Where to (`move`): a category's slug.
    #[serde(default)]
    pub category: Option<String>,
    #[serde(default)]
    pub reason: String,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PostModerationInput {
    pub action: PostAction,
    #[serde(default)]
    pub reason: String,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BanInput {
    pub person_id: i64,
    pub reason: String,
    /// How long; for good when absent.
    #[serde(default)]
    pub days: Option<u32>,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PostReportInput {
    pub reason: ReportReason,
    #[serde(default)]
    pub details: String,
    /// Who to tell the outcome, when not signed in.
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub language: Option<String>,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EscalationInput {
    /// The order it is about, when known.
    #[serde(default)]
    pub order_number: Option<String>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ForumBan {
    pub person_id: i64,
    pub name: String,
    pub reason: String,
    pub until: Option<String>,
    pub since: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ModeratedPost {
    pub post_id: i64,
    pub thread_id: i64,
    pub author: String,
    pub author_id: i64,
    pub text: String,
    pub hidden_reason: Option<String>,
}

/// The moderators' page: reported posts (their moderation items), hidden
/// posts and bans.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ForumModeration {
    pub reported: Vec<ReportedPost>,
    pub hidden: Vec<ModeratedPost>,
    pub bans: Vec<ForumBan>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ReportedPost {
    pub item_id: i64,
    pub reason: String,
    pub reports: i64,
    pub post: ModeratedPost,
}

/// The post's reference in the moderation queue.
pub fn post_reference(post_id: i64) -> String {
    format!("post-{post_id}")
}

fn post_of_reference(reference: &str) -> Option<i64> {
    reference.strip_prefix("post-")?.parse().ok()
}

fn names_of(json_text: &str) -> BTreeMap<String, String> {
    serde_json::from_str(json_text).unwrap_or_default()
}

fn category_name(names: &BTreeMap<String, String>, lang: Lang, slug: &str) -> String {
    names
        .get(lang.code())
        .or_else(|| names.get("en"))
        .cloned()
        .unwrap_or_else(|| slug.to_owned())
}

fn tags_of(kept: &str) -> Vec<String> {
    kept.split(',')
        .filter(|t| !t.is_empty())
        .map(str::to_owned)
        .collect()
}

fn summary(row: &ThreadRow) -> ThreadSummary {
    ThreadSummary {
        id: row.id,
        category: row.category_slug.clone(),
        title: row.title.clone(),
        language: row.language.clone(),
        tags: tags_of(&row.tags),
        author: row.author_name.clone(),
        pinned: row.pinned,
        scam_alert: row.scam_alert,
        locked: row.locked,
        hidden: row.hidden,
        answered: row.accepted_post_id.is_some(),
        replies: row.replies,
        created_at: rfc3339(row.created_at),
        last_post_at: rfc3339(row.last_post_at),
    }
}

fn moderated(post: PostRow) -> ModeratedPost {
    ModeratedPost {
        post_id: post.id,
        thread_id: post.thread_id,
        author: post.author_name,
        author_id: post.author_id,
        text: post.body_text,
        hidden_reason: post.hidden_reason,
    }
}

/// A post's words as checked and kept: the text (for search and links) and
/// the sanitized HTML when it was written in HTML.
struct Body {
    text: String,
    html: Option<String>,
    images: usize,
}

fn looks_like_html(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    [
        "<p", "<a ", "<img", "<br", "<b>", "<i>", "<div", "<ul", "<ol", "<strong", "<em",
        "<script", "<span", "<h",
    ]
    .iter()
    .any(|tag| lower.contains(tag))
}

fn body_of(text: &str) -> Result<Body> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Err(ServiceError::field("body", "must not be empty"));
    }
    // The limit holds before anything else is done with the words.
    if trimmed.len() > 4 * MAX_POST || trimmed.chars().count() > MAX_POST {
        return Err(ServiceError::field(
            "body",
            format!("at most {MAX_POST} characters"),
        ));
    }
    if !looks_like_html(trimmed) {
        return Ok(Body {
            text: trimmed.to_owned(),
            html: None,
            images: 0,
        });
    }
    let clean = html::sanitize(trimmed);
    let plain = html::to_plain(&clean);
    if plain.trim().is_empty() && !clean.contains("<img") {
        return Err(ServiceError::field("body", "must not be empty"));
    }
    Ok(Body {
        images: clean.matches("<img").count(),
        // Links kept in attributes count too.
        text: format!("{}{}", plain.trim(), hrefs_of(&clean)),
        html: Some(clean),
    })
}

/// The `href` and `src` addresses of sanitized HTML, each on a line of its
/// own, so link checks see them.
fn hrefs_of(clean: &str) -> String {
    let mut out = String::new();
    for attribute in ["href=\"", "src=\""] {
        for part in clean.split(attribute).skip(1) {
            if let Some(end) = part.find('"') {
                let url = &part[..end];
                if url.starts_with("http") && !out.contains(url) {
                    out.push('\n');
                    out.push_str(url);
                }
            }
        }
    }
    out
}

fn refusal(refused: PostRefusal) -> ServiceError {
    ServiceError::NotAllowed(match refused {
        PostRefusal::LinksNotYet => NotAllowed::ForumLinksNotYet,
        PostRefusal::TooManyLinks(_) => NotAllowed::ForumTooManyLinks,
        PostRefusal::ImagesNotYet => NotAllowed::ForumImagesNotYet,
    })
}

fn bounded_line(field: &'static str, text: &str, max: usize) -> Result<String> {
    let text = text.trim();
    if text.is_empty() {
        return Err(ServiceError::field(field, "must not be empty"));
    }
    if text.chars().count() > max {
        return Err(ServiceError::field(
            field,
            format!("at most {max} characters"),
        ));
    }
    if text.chars().any(char::is_control) {
        return Err(ServiceError::field(
            field,
            "no line breaks or control characters",
        ));
    }
    Ok(text.to_owned())
}

impl Services {
    /// The forum's categories, named in the reader's language.
    pub async fn forum_categories(&self, lang: Lang) -> Result<Vec<ForumCategory>> {
        let mut conn = self.store.reader().await?;
        Ok(store::categories(&mut conn)
            .await?
            .into_iter()
            .map(|c| ForumCategory {
                name: category_name(&names_of(&c.names), lang, &c.slug),
                slug: c.slug,
            })
            .collect())
    }

    /// Adds or renames a category (supervisors, with the help center).
    pub async fn put_forum_category(
        &self,
        viewer: &Viewer,
        slug: &str,
        names: BTreeMap<String, String>,
        position: i64,
    ) -> Result<ForumCategory> {
        if !viewer.may(Permission::EditHelp) {
            return Err(ServiceError::forbidden("edit the forum's categories"));
        }
        let slug = slug.trim();
        if slug.is_empty()
            || slug.len() > 60
            || !slug
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        {
            return Err(ServiceError::field(
                "slug",
                "lower-case letters, digits and dashes, at most 60",
            ));
        }
        if !names.contains_key("en") {
            return Err(ServiceError::field("names", "an English name at least"));
        }
        let mut kept = BTreeMap::new();
        for (lang, name) in names {
            if !matches!(lang.as_str(), "en" | "es" | "zh") {
                return Err(ServiceError::field("names", "languages en, es, zh"));
            }
            kept.insert(lang, bounded_line("names", &name, 80)?);
        }
        let mut tx = self.store.begin().await?;
        store::put_category(&mut tx, slug, &json!(kept).to_string(), position).await?;
        tx.commit().await?;
        Ok(ForumCategory {
            slug: slug.to_owned(),
            name: kept.get("en").cloned().unwrap_or_default(),
        })
    }

    async fn category_id(&self, slug: &str) -> Result<i64> {
        let mut conn = self.store.reader().await?;
        store::categories(&mut conn)
            .await?
            .into_iter()
            .find(|c| c.slug == slug.trim())
            .map(|c| c.id)
            .ok_or_else(|| ServiceError::field("category", "no such category"))
    }

    fn moderates(viewer: Option<&Viewer>) -> bool {
        viewer.is_some_and(|v| v.may(Permission::Moderate))
    }

    /// Threads: pinned first, then the latest activity; or what a search
    /// finds, best first. Hidden threads only for moderators.
    pub async fn forum_threads(
        &self,
        viewer: Option<&Viewer>,
        params: &ThreadParams,
        client: Option<IpAddr>,
    ) -> Result<Vec<ThreadSummary>> {
        let moderator = Self::moderates(viewer);
        let category_id = match params.category.as_deref().filter(|c| !c.is_empty()) {
            Some(slug) => Some(self.category_id(slug).await?),
            None => None,
        };
        let tag = match params.tag.as_deref().filter(|t| !t.is_empty()) {
            Some(tag) => Some(
                rules::normalize_tag(tag).ok_or_else(|| ServiceError::field("tag", "not a tag"))?,
            ),
            None => None,
        };
        let page = i64::from(params.page.unwrap_or(1).clamp(1, 1_000));
        if let Some(q) = params.q.as_deref().filter(|q| !q.trim().is_empty()) {
            let text = bounded_line("q", q, 200)?;
            if let Some(client) = client {
                self.take_limit(
                    SEARCHES_PER_CLIENT,
                    &limits::client_key(client),
                    Recovery::Wait,
                )
                .await?;
            }
            let hits = self
                .search_documents(SearchQuery {
                    text,
                    kinds: vec![DocKind::Thread],
                    language: None,
                    category: params.category.clone().filter(|c| !c.is_empty()),
                    status: None,
                    staff: false,
                    limit: 50,
                    matching: Matching::MostWords,
                })
                .await?;
            let mut ids: Vec<i64> = vec![];
            for hit in hits {
                if let Ok(id) = hit.id.parse::<i64>()
                    && !ids.contains(&id)
                {
                    ids.push(id);
                }
            }
            let mut conn = self.store.reader().await?;
            return Ok(store::threads_by_ids(&mut conn, &ids)
                .await?
                .iter()
                .filter(|t| moderator || !t.hidden)
                .filter(|t| {
                    tag.as_deref()
                        .is_none_or(|tag| tags_of(&t.tags).iter().any(|x| x == tag))
                })
                .map(summary)
                .collect());
        }
        let mut conn = self.store.reader().await?;
        let rows = store::threads(
            &mut conn,
            ThreadFilter {
                category_id,
                tag: tag.as_deref(),
                with_hidden: moderator,
            },
            PAGE,
            (page - 1) * PAGE,
        )
        .await?;
        Ok(rows.iter().map(summary).collect())
    }

    /// One thread with its posts, for anyone (hidden posts' words only for
    /// moderators); reported links are taken out of the words.
    pub async fn forum_thread(
        &self,
        viewer: Option<&Viewer>,
        id: i64,
        lang: Lang,
    ) -> Result<ForumThread> {
        let moderator = Self::moderates(viewer);
        let me = viewer.map(|v| v.person_id).filter(|id| *id != 0);
        let mut conn = self.store.reader().await?;
        let row = store::thread_by_id(&mut conn, id)
            .await?
            .filter(|t| moderator || !t.hidden)
            .ok_or(ServiceError::NotFound("thread"))?;
        let my_votes: BTreeMap<i64, i64> = match me {
            Some(me) => store::votes_of(&mut conn, id, me)
                .await?
                .into_iter()
                .collect(),
            None => BTreeMap::new(),
        };
        let banned = match me {
            Some(me) => store::ban_of(&mut conn, me, now_ms()).await?.is_some(),
            None => true,
        };
        let rows = store::posts_of(&mut conn, id, POSTS_SHOWN).await?;
        drop(conn);
        let mut posts = Vec::with_capacity(rows.len());
        for post in rows {
            let show_words = !post.hidden || moderator;
            let (text, html) = if show_words {
                let (text, changed) = self.without_reported_links(&post.body_text).await?;
                // HTML with a reported link is shown as its cleaned text.
                (text, post.body_html.filter(|_| !changed))
            } else {
                (String::new(), None)
            };
            let staff = marketdesk_domain::access::Role::parse(&post.author_role)
                .is_ok_and(|r| r.is_staff());
            posts.push(ForumPost {
                id: post.id,
                author: post.author_name,
                author_id: post.author_id,
                staff,
                text,
                html,
                score: post.score,
                my_vote: my_votes.get(&post.id).copied().unwrap_or(0),
                hidden: post.hidden,
                hidden_reason: post.hidden_reason.filter(|_| moderator),
                accepted: row.accepted_post_id == Some(post.id),
                created_at: rfc3339(post.created_at),
            });
        }
        let related_articles = self.related_articles(&row.title, lang).await?;
        let is_author = me == Some(row.author_id);
        let ticket = row
            .ticket_id
            .filter(|_| is_author || viewer.is_some_and(Viewer::is_staff))
            .map(|id| TicketRef::from_id(id).to_string());
        Ok(ForumThread {
            may_reply: me.is_some()
                && !banned
                && (!row.locked || moderator)
                && viewer
                    .is_some_and(|v| v.may(Permission::PostInCommunity) && v.order_scope.is_none()),
            may_accept: is_author || moderator,
            moderator,
            ticket,
            thread: summary(&row),
            posts,
            related_articles,
        })
    }

    async fn related_articles(&self, title: &str, lang: Lang) -> Result<Vec<RelatedArticle>> {
        let hits = self
            .search_documents(SearchQuery {
                text: title.to_owned(),
                kinds: vec![DocKind::Article],
                language: None,
                category: None,
                status: None,
                staff: false,
                limit: 12,
                matching: Matching::AnyWord,
            })
            .await?;
        let mut related: Vec<RelatedArticle> = vec![];
        for hit in hits {
            let in_lang = Lang::from_tag(&hit.language) == lang;
            let full = related.len() >= 3;
            match related.iter_mut().find(|r| r.slug == hit.id) {
                Some(r) if in_lang => r.title = hit.title,
                Some(_) => {}
                None if !full => related.push(RelatedArticle {
                    slug: hit.id,
                    title: hit.title,
                }),
                None => {}
            }
        }
        Ok(related)
    }

    /// Who may post, at which level; refused when banned or not a person.
    async fn poster(&self, viewer: &Viewer) -> Result<(people::PersonRow, TrustLevel)> {
        if !viewer.may(Permission::PostInCommunity)
            || viewer.person_id == 0
            || viewer.order_scope.is_some()
        {
            return Err(ServiceError::forbidden("post in the community"));
        }
        let now = now_ms();
        let mut conn = self.store.reader().await?;
        let person = people::get(&mut conn, viewer.person_id)
            .await?
            .ok_or(ServiceError::Unauthenticated)?;
        if store::ban_of(&mut conn, person.id, now).await?.is_some() {
            return Err(ServiceError::NotAllowed(NotAllowed::ForumBanned));
        }
        let (shown, hidden) = store::participation(&mut conn, person.id, now - 90 * DAY_MS).await?;
        let level = TrustLevel::of(
            Participation {
                staff: person.role.is_staff(),
                account_created_at: person.created_at,
                visible_posts: shown,
                recently_hidden: hidden,
            },
            now,
        );
        Ok((person, level))
    }

    /// The words checked against the author's level, reported links and the
    /// posting rate (shared across nodes).
    async fn checked_body(
        &self,
        person_id: i64,
        level: TrustLevel,
        text: &str,
        new_thread: bool,
    ) -> Result<Body> {
        let body = body_of(text)?;
        let own_host = self
            .settings
            .public_url
            .split("://")
            .nth(1)
            .unwrap_or_default()
            .split(['/', ':'])
            .next()
            .unwrap_or_default()
            .to_owned();
        let links = links_in(&body.text);
        let outside = links
            .iter()
            .filter(|l| !rules::is_own_link(l, &own_host))
            .count();
        rules::check_post(level, outside, body.images).map_err(refusal)?;
        if self.without_reported_links(&body.text).await?.1 {
            return Err(ServiceError::NotAllowed(NotAllowed::ForumUnsafeLink));
        }
        let limits = level.limits();
        let key = person_id.to_string();
        // The thread limit first: a refused thread does not use up a post.
        if new_thread {
            self.take_limit(
                Limit {
                    name: "forum_thread",
                    max: i64::from(limits.threads_per_hour),
                    window: HOUR_MS,
                },
                &key,
                Recovery::Wait,
            )
            .await?;
        }
        self.take_limit(
            Limit {
                name: "forum_post",
                max: i64::from(limits.posts_per_hour),
                window: HOUR_MS,
            },
            &key,
            Recovery::Wait,
        )
        .await?;
        Ok(body)
    }

    /// Starts a thread (signed-in customers, sellers and staff).
    pub async fn forum_new_thread(
        &self,
        viewer: &Viewer,
        input: NewThreadInput,
    ) -> Result<ThreadSummary> {
        let (person, level) = self.poster(viewer).await?;
        let title = bounded_line("title", &input.title, MAX_TITLE)?;
        let category_id = self.category_id(&input.category).await?;
        if input.tags.len() > MAX_TAGS {
            return Err(ServiceError::field("tags", format!("at most {MAX_TAGS}")));
        }
        let mut tags: Vec<String> = vec![];
        for tag in &input.tags {
            let tag = rules::normalize_tag(tag).ok_or_else(|| {
                ServiceError::field("tags", "letters, digits and dashes, at most 30")
            })?;
            if !tags.contains(&tag) {
                tags.push(tag);
            }
        }
        let language = match input.language.as_deref().filter(|l| !l.is_empty()) {
            Some(l) if matches!(l, "en" | "es" | "zh") => l.to_owned(),
            Some(_) => return Err(ServiceError::field("language", "one of en, es, zh")),
            None => Lang::from_tag(&person.language).code().to_owned(),
        };
        let body = self
            .checked_body(person.id, level, &input.body, true)
            .await?;
        let now = now_ms();
        let kept_tags = if tags.is_empty() {
            String::new()
        } else {
            format!(",{},", tags.join(","))
        };
        let mut tx = self.store.begin().await?;
        let id = store::insert_thread(
            &mut tx,
            &store::NewThread {
                category_id,
                author_id: person.id,
                title: &title,
                language: &language,
                tags: &kept_tags,
                now,
            },
        )
        .await?;
        store::insert_post(
            &mut tx,
            id,
            person.id,
            &body.text,
            body.html.as_deref(),
            now,
        )
        .await?;
        self.committed_thread(tx, id).await
    }

    /// Replies on a thread (not on a locked one, but for moderators).
    pub async fn forum_reply(
        &self,
        viewer: &Viewer,
        thread_id: i64,
        input: ReplyInput,
    ) -> Result<ForumPost> {
        let (person, level) = self.poster(viewer).await?;
        let moderator = viewer.may(Permission::Moderate);
        {
            let mut conn = self.store.reader().await?;
            let row = store::thread_by_id(&mut conn, thread_id)
                .await?
                .filter(|t| moderator || !t.hidden)
                .ok_or(ServiceError::NotFound("thread"))?;
            if row.locked && !moderator {
                return Err(ServiceError::NotAllowed(NotAllowed::ForumLocked));
            }
        }
        let body = self
            .checked_body(person.id, level, &input.body, false)
            .await?;
        let now = now_ms();
        let mut tx = self.store.begin().await?;
        let id = store::insert_post(
            &mut tx,
            thread_id,
            person.id,
            &body.text,
            body.html.as_deref(),
            now,
        )
        .await?;
        tx.commit().await?;
        self.search_wake();
        Ok(ForumPost {
            id,
            author: person.name,
            author_id: person.id,
            staff: person.role.is_staff(),
            text: body.text,
            html: body.html,
            score: 0,
            my_vote: 0,
            hidden: false,
            hidden_reason: None,
            accepted: false,
            created_at: rfc3339(now),
        })
    }

    /// A vote on a post (not one's own); returns the post's score.
    pub async fn forum_vote(&self, viewer: &Viewer, post_id: i64, input: VoteInput) -> Result<i64> {
        if !viewer.may(Permission::PostInCommunity)
            || viewer.person_id == 0
            || viewer.order_scope.is_some()
        {
            return Err(ServiceError::forbidden("vote in the community"));
        }
        if !(-1..=1).contains(&input.value) {
            return Err(ServiceError::field("value", "1, -1 or 0"));
        }
        let mut tx = self.store.begin().await?;
        let post = store::post_by_id(&mut tx, post_id)
            .await?
            .filter(|p| !p.hidden)
            .ok_or(ServiceError::NotFound("post"))?;
        if post.author_id == viewer.person_id {
            return Err(ServiceError::field("post_id", "not your own post"));
        }
        let score = store::vote(&mut tx, post_id, viewer.person_id, input.value).await?;
        tx.commit().await?;
        Ok(score)
    }

    /// The thread's author (or a moderator) marks the reply that answered.
    pub async fn forum_accept(
        &self,
        viewer: &Viewer,
        thread_id: i64,
        input: AcceptInput,
    ) -> Result<ThreadSummary> {
        if !viewer.may(Permission::PostInCommunity) {
            return Err(ServiceError::forbidden("accept an answer"));
        }
        let now = now_ms();
        let mut tx = self.store.begin().await?;
        let row = store::thread_by_id(&mut tx, thread_id)
            .await?
            .ok_or(ServiceError::NotFound("thread"))?;
        if row.author_id != viewer.person_id && !viewer.may(Permission::Moderate) {
            return Err(ServiceError::Forbidden(
                "only the thread's author or a moderator accepts an answer".into(),
            ));
        }
        if let Some(post_id) = input.post_id {
            let post = store::post_by_id(&mut tx, post_id)
                .await?
                .filter(|p| p.thread_id == thread_id && !p.hidden)
                .ok_or_else(|| {
                    ServiceError::field("post_id", "not a reply shown on this thread")
                })?;
            if store::first_post_id(&mut tx, thread_id).await? == Some(post.id) {
                return Err(ServiceError::field(
                    "post_id",
                    "the question is not its own answer",
                ));
            }
        }
        store::set_accepted(&mut tx, thread_id, input.post_id, now).await?;
        self.committed_thread(tx, thread_id).await
    }

    /// Commits a change to a thread and answers it as it now is (the search
    /// index reads it again).
    async fn committed_thread(
        &self,
        mut tx: marketdesk_store::Tx,
        id: i64,
    ) -> Result<ThreadSummary> {
        let row = store::thread_by_id(&mut tx, id)
            .await?
            .ok_or(ServiceError::NotFound("thread"))?;
        tx.commit().await?;
        self.search_wake();
        Ok(summary(&row))
    }

    async fn audit_forum(
        &self,
        conn: &mut marketdesk_store::Conn,
        viewer: &Viewer,
        subject_id: i64,
        action: &str,
        value: String,
        now: Millis,
    ) -> Result<()> {
        audit::record(
            conn,
            &audit::AuditEntry {
                id: 0,
                subject_type: "forum".into(),
                subject_id,
                ticket_id: None,
                actor_id: actor_id(viewer),
                action: action.into(),
                field: None,
                old_value: None,
                new_value: Some(value),
                created_at: now,
            },
        )
        .await?;
        Ok(())
    }

    /// A moderator pins (or marks as a scam alert), locks, hides or moves a thread.
    pub async fn forum_moderate_thread(
        &self,
        viewer: &Viewer,
        thread_id: i64,
        input: ThreadModerationInput,
    ) -> Result<ThreadSummary> {
        if !viewer.may(Permission::Moderate) {
            return Err(ServiceError::forbidden("moderate the community"));
        }
        let reason: String = input.reason.trim().chars().take(500).collect();
        let category_id = match (input.action, input.category.as_deref()) {
            (ThreadAction::Move, Some(slug)) => Some(self.category_id(slug).await?),
            (ThreadAction::Move, None) => {
                return Err(ServiceError::field("category", "where to move the thread"));
            }
            _ => None,
        };
        let now = now_ms();
        let mut tx = self.store.begin().await?;
        store::thread_by_id(&mut tx, thread_id)
            .await?
            .ok_or(ServiceError::NotFound("thread"))?;
        let set = |which, on| (which, on);
        let flags: Vec<(ThreadFlag, bool)> = match input.action {
            ThreadAction::Pin => vec![set(ThreadFlag::Pinned, true)],
            ThreadAction::Unpin => vec![
                set(ThreadFlag::Pinned, false),
                set(ThreadFlag::ScamAlert, false),
            ],
            ThreadAction::ScamAlert => vec![
                set(ThreadFlag::Pinned, true),
                set(ThreadFlag::ScamAlert, true),
            ],
            ThreadAction::Lock => vec![set(ThreadFlag::Locked, true)],
            ThreadAction::Unlock => vec![set(ThreadFlag::Locked, false)],
            ThreadAction::Hide => vec![set(ThreadFlag::Hidden, true)],
            ThreadAction::Show => vec![set(ThreadFlag::Hidden, false)],
            ThreadAction::Move => vec![],
        };
        for (which, on) in flags {
            store::set_thread_flag(&mut tx, thread_id, which, on, now).await?;
        }
        if let Some(category_id) = category_id {
            store::move_thread(&mut tx, thread_id, category_id, now).await?;
        }
        self.audit_forum(
            &mut tx,
            viewer,
            thread_id,
            &format!("thread_{}", input.action.as_str()),
            reason,
            now,
        )
        .await?;
        self.committed_thread(tx, thread_id).await
    }

    /// A moderator hides a post (or shows it again).
    pub async fn forum_moderate_post(
        &self,
        viewer: &Viewer,
        post_id: i64,
        input: PostModerationInput,
    ) -> Result<ModeratedPost> {
        if !viewer.may(Permission::Moderate) {
            return Err(ServiceError::forbidden("moderate the community"));
        }
        let reason: String = input.reason.trim().chars().take(500).collect();
        let now = now_ms();
        let hide = input.action == PostAction::Hide;
        let mut tx = self.store.begin().await?;
        store::post_by_id(&mut tx, post_id)
            .await?
            .ok_or(ServiceError::NotFound("post"))?;
        let reason_kept = if reason.is_empty() {
            "moderator".to_owned()
        } else {
            reason.clone()
        };
        store::set_post_hidden(
            &mut tx,
            post_id,
            hide,
            hide.then_some(reason_kept.as_str()),
            now,
        )
        .await?;
        self.audit_forum(
            &mut tx,
            viewer,
            post_id,
            &format!("post_{}", input.action.as_str()),
            reason,
            now,
        )
        .await?;
        let post = store::post_by_id(&mut tx, post_id)
            .await?
            .ok_or(ServiceError::NotFound("post"))?;
        tx.commit().await?;
        self.search_wake();
        Ok(moderated(post))
    }

    /// A moderator bans a person from posting (for some days or for good).
    pub async fn forum_ban(&self, viewer: &Viewer, input: BanInput) -> Result<ForumBan> {
        if !viewer.may(Permission::Moderate) {
            return Err(ServiceError::forbidden("moderate the community"));
        }
        let reason = bounded_line("reason", &input.reason, 500)?;
        if input.days.is_some_and(|d| d == 0 || d > 3_650) {
            return Err(ServiceError::field(
                "days",
                "from 1 to 3650, or none for good",
            ));
        }
        let now = now_ms();
        let until = input.days.map(|d| now + i64::from(d) * DAY_MS);
        let mut tx = self.store.begin().await?;
        let person = people::get(&mut tx, input.person_id)
            .await?
            .ok_or(ServiceError::NotFound("person"))?;
        if person.role.is_staff() {
            return Err(ServiceError::field(
                "person_id",
                "staff are not banned from the forum",
            ));
        }
        store::put_ban(&mut tx, person.id, &reason, until, viewer.person_id, now).await?;
        self.audit_forum(&mut tx, viewer, person.id, "ban", reason.clone(), now)
            .await?;
        tx.commit().await?;
        Ok(ForumBan {
            person_id: person.id,
            name: person.name,
            reason,
            until: until.map(rfc3339),
            since: rfc3339(now),
        })
    }

    /// Lifts a ban.
    pub async fn forum_lift_ban(&self, viewer: &Viewer, person_id: i64) -> Result<()> {
        if !viewer.may(Permission::Moderate) {
            return Err(ServiceError::forbidden("moderate the community"));
        }
        let now = now_ms();
        let mut tx = self.store.begin().await?;
        if !store::lift_ban(&mut tx, person_id).await? {
            return Err(ServiceError::NotFound("ban"));
        }
        self.audit_forum(&mut tx, viewer, person_id, "ban_lifted", String::new(), now)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Anyone reports a post: it joins the moderation queue (a reported
    /// phishing link is caught elsewhere too), and a post reported by three
    /// people is hidden until a moderator looks.
    pub async fn forum_report_post(
        &self,
        viewer: Option<&Viewer>,
        post_id: i64,
        input: PostReportInput,
        client: Option<IpAddr>,
    ) -> Result<ReportReceipt> {
        let post = {
            let mut conn = self.store.reader().await?;
            store::post_by_id(&mut conn, post_id)
                .await?
                .ok_or(ServiceError::NotFound("post"))?
        };
        let text: String = post.body_text.chars().take(2_000).collect();
        let receipt = self
            .file_report(
                viewer,
                NewReportInput {
                    subject: ReportSubject::Post,
                    reference: post_reference(post_id),
                    reason: input.reason,
                    details: input.details,
                    message_text: text,
                    email: input.email,
                    language: input.language,
                },
                client,
            )
            .await?;
        let now = now_ms();
        let mut tx = self.store.begin().await?;
        let reports = marketdesk_store::moderation::get_item(&mut tx, receipt.item_id)
            .await?
            .map_or(0, |item| item.reports);
        if reports >= HIDE_AFTER_REPORTS
            && store::set_post_hidden(&mut tx, post_id, true, Some("reported"), now).await?
        {
            tx.commit().await?;
            self.search_wake();
        }
        Ok(receipt)
    }

    /// A takedown of a reported post hides it (called with the decision).
    pub(crate) async fn take_down_post(
        &self,
        conn: &mut marketdesk_store::Conn,
        reference: &str,
        now: Millis,
    ) -> Result<()> {
        if let Some(post_id) = post_of_reference(reference) {
            store::set_post_hidden(conn, post_id, true, Some("takedown"), now).await?;
            self.search_wake();
        }
        Ok(())
    }

    /// Takes a thread to a private ticket (its author or staff): the ticket
    /// is the author's, with the opening post; the thread is locked and
    /// says so.
    pub async fn forum_escalate(
        &self,
        viewer: &Viewer,
        thread_id: i64,
        input: EscalationInput,
    ) -> Result<String> {
        if !viewer.may(Permission::PostInCommunity) {
            return Err(ServiceError::forbidden("take a thread to a ticket"));
        }
        let (row, opening, author) = {
            let mut conn = self.store.reader().await?;
            let row = store::thread_by_id(&mut conn, thread_id)
                .await?
                .ok_or(ServiceError::NotFound("thread"))?;
            let opening = store::posts_of(&mut conn, thread_id, 1)
                .await?
                .into_iter()
                .next()
                .ok_or(ServiceError::NotFound("post"))?;
            let author = people::get(&mut conn, row.author_id)
                .await?
                .ok_or(ServiceError::NotFound("person"))?;
            (row, opening, author)
        };
        if row.author_id != viewer.person_id && !viewer.may(Permission::WorkTickets) {
            return Err(ServiceError::Forbidden(
                "only the thread's author or staff take it to a private ticket".into(),
            ));
        }
        if let Some(ticket_id) = row.ticket_id {
            return Ok(TicketRef::from_id(ticket_id).to_string());
        }
        let order_numbers: Vec<String> = input
            .order_number
            .iter()
            .map(|n| n.trim().to_owned())
            .filter(|n| !n.is_empty())
            .collect();
        if order_numbers.iter().any(|n| n.chars().count() > 64) {
            return Err(ServiceError::field("order_number", "at most 64 characters"));
        }
        let lang = Lang::from_tag(&row.language);
        let link = format!(
            "{}/community/t/{}",
            self.settings.public_url.trim_end_matches('/'),
            row.id
        );
        let body = format!(
            "{}\n\n{}\n{link}",
            opening.body_text,
            marketdesk_messages::tr!(lang, "forum-escalated-from")
        );
        let ticket = self
            .create_ticket(
                &crate::kernel::auth::system_viewer(),
                NewTicket {
                    subject: row.title.clone(),
                    requester: Some(RequesterInput {
                        email: author.email.clone(),
                        name: Some(author.name.clone()),
                        language: Some(author.language.clone()),
                    }),
                    message: MessageInput {
                        body,
                        html: None,
                        attachments: vec![],
                        email: None,
                    },
                    channel: None,
                    priority: None,
                    language: Some(row.language.clone()),
                    tags: vec!["community".into()],
                    custom_fields: None,
                    order_numbers,
                    assignee_id: None,
                    team_id: None,
                    intent: None,
                },
            )
            .await?;
        let now = now_ms();
        let mut tx = self.store.begin().await?;
        let linked = store::set_ticket(&mut tx, thread_id, ticket.ticket.id, now).await?;
        self.audit_forum(
            &mut tx,
            viewer,
            thread_id,
            "thread_escalated",
            TicketRef::from_id(ticket.ticket.id).to_string(),
            now,
        )
        .await?;
        tx.commit().await?;
        if !linked {
            // Another request linked one first: that one stands.
            let mut conn = self.store.reader().await?;
            if let Some(existing) = store::thread_by_id(&mut conn, thread_id)
                .await?
                .and_then(|t| t.ticket_id)
            {
                return Ok(TicketRef::from_id(existing).to_string());
            }
        }
        self.search_wake();
        Ok(TicketRef::from_id(ticket.ticket.id).to_string())
    }

    /// The moderators' page: reported posts, hidden posts, bans.
    pub async fn forum_moderation(&self, viewer: &Viewer) -> Result<ForumModeration> {
        if !viewer.may(Permission::Moderate) {
            return Err(ServiceError::forbidden("moderate the community"));
        }
        let now = now_ms();
        let mut conn = self.store.reader().await?;
        let mut reported = vec![];
        for item in marketdesk_store::moderation::queue(&mut conn, 200).await? {
            if item.subject != ReportSubject::Post.as_str() {
                continue;
            }
            let Some(post_id) = post_of_reference(&item.subject_ref) else {
                continue;
            };
            if let Some(post) = store::post_by_id(&mut conn, post_id).await? {
                reported.push(ReportedPost {
                    item_id: item.id,
                    reason: item.reason,
                    reports: item.reports,
                    post: moderated(post),
                });
            }
        }
        let hidden = store::hidden_posts(&mut conn, 50)
            .await?
            .into_iter()
            .map(moderated)
            .collect();
        let bans = store::bans(&mut conn, now, 100)
            .await?
            .into_iter()
            .map(|b| ForumBan {
                person_id: b.person_id,
                name: b.person_name,
                reason: b.reason,
                until: b.until_at.map(rfc3339),
                since: rfc3339(b.created_at),
            })
            .collect();
        Ok(ForumModeration {
            reported,
            hidden,
            bans,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_posts_are_sanitized_and_their_links_seen() {
        let body =
            body_of("<p>Hi <script>alert(1)</script><a href=\"https://pay.example/x\">pay</a></p>")
                .unwrap();
        let html = body.html.unwrap();
        assert!(!html.contains("script"), "{html}");
        assert!(body.text.contains("https://pay.example/x"), "{}", body.text);
        assert_eq!(body.images, 0);
    }

    #[test]
    fn plain_posts_stay_text() {
        let body = body_of("  where is my parcel? 3 < 4  ").unwrap();
        assert_eq!(body.text, "where is my parcel? 3 < 4");
        assert!(body.html.is_none());
    }

    #[test]
    fn empty_and_oversized_posts_are_refused() {
        assert!(body_of("   ").is_err());
        assert!(body_of("<p> </p>").is_err());
        assert!(body_of(&"x".repeat(MAX_POST + 1)).is_err());
        assert!(body_of(&"x".repeat(MAX_POST)).is_ok());
    }

    #[test]
    fn references_name_posts() {
        assert_eq!(post_of_reference(&post_reference(42)), Some(42));
        assert_eq!(post_of_reference("MD-42"), None);
    }
}
