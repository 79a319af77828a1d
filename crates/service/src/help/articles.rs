//! The help center: articles in several languages with a fallback, search,
//! "was this helpful?", and the searches that found nothing.

use marketdesk_domain::access::Permission;
use marketdesk_domain::help::ArticleStatus;
use marketdesk_domain::i18n::Lang;
use marketdesk_domain::text::{required_line, required_text};
use marketdesk_store::articles::{self as store, ArticleRow};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::kernel::html;
use crate::{Result, ServiceError, Services, Viewer, now_ms, rfc3339};

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ArticleText {
    pub language: String,
    pub title: String,
    pub body: String,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewArticle {
    /// The address of the article: a-z, 0-9 and '-'.
    pub slug: String,
    pub category: String,
    /// `draft` (not shown to customers) or `published`.
    pub status: String,
    pub translations: Vec<ArticleText>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ArticleView {
    pub slug: String,
    pub category: String,
    pub status: ArticleStatus,
    /// The language served (the asked one, else English, else any).
    pub language: String,
    pub title: String,
    pub body_html: String,
    pub updated_at: String,
    pub related: Vec<(String, String)>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SearchHit {
    pub slug: String,
    pub title: String,
    /// A sentence around the first match, escaped, with `<mark>` around matches.
    pub snippet_html: String,
    pub score: f32,
}

fn pick(a: &ArticleRow, lang: Lang) -> Option<&(String, String, String)> {
    let code = lang.code();
    a.translations
        .iter()
        .find(|t| Lang::from_tag(&t.0).code() == code)
        .or_else(|| a.translations.iter().find(|t| t.0 == "en"))
        .or_else(|| a.translations.first())
}

fn slug_ok(slug: &str) -> bool {
    (3..=80).contains(&slug.len())
        && slug
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

impl Services {
    /// Published articles, in `lang` where translated.
    pub async fn help_articles(&self, lang: Lang) -> Result<Vec<(String, String, String)>> {
        let mut conn = self.store.reader().await?;
        Ok(store::all(&mut conn, true)
            .await?
            .iter()
            .filter_map(|a| {
                pick(a, lang).map(|t| (a.category.clone(), a.slug.clone(), t.1.clone()))
            })
            .collect())
    }

    /// The articles people found most helpful, in `lang` where translated:
    /// (slug, title), at most `limit` (for the help center's front page).
    pub async fn popular_articles(
        &self,
        lang: Lang,
        limit: usize,
    ) -> Result<Vec<(String, String)>> {
        let mut conn = self.store.reader().await?;
        let ids = store::popular(&mut conn, i64::try_from(limit).unwrap_or(10)).await?;
        let all = store::all(&mut conn, true).await?;
        Ok(ids
            .iter()
            .filter_map(|id| all.iter().find(|a| a.id == *id))
            .filter_map(|a| pick(a, lang).map(|t| (a.slug.clone(), t.1.clone())))
            .collect())
    }

    pub async fn help_article(&self, slug: &str, lang: Lang) -> Result<ArticleView> {
        let mut conn = self.store.reader().await?;
        let all = store::all(&mut conn, true).await?;
        let article = all
            .iter()
            .find(|a| a.slug == slug)
            .ok_or(ServiceError::NotFound("article"))?;
        let (language, title, body) =
            pick(article, lang).ok_or(ServiceError::NotFound("article"))?;
        let related = all
            .iter()
            .filter(|a| a.category == article.category && a.slug != article.slug)
            .filter_map(|a| pick(a, lang).map(|t| (a.slug.clone(), t.1.clone())))
            .take(5)
            .collect();
        Ok(ArticleView {
            slug: article.slug.clone(),
            category: article.category.clone(),
            status: article.status,
            language: language.clone(),
            title: title.clone(),
            body_html: html::from_text(body),
            updated_at: rfc3339(article.updated_at),
            related,
        })
    }

    /// Finds published articles (in any language, the viewer's translation
    /// preferred); a search that finds nothing is recorded for the KB team.
    pub async fn help_search(&self, query: &str, lang: Lang) -> Result<Vec<SearchHit>> {
        let query_text = required_line("q", query, 200)?;
        let found = self
            .search_documents(marketdesk_search::SearchQuery {
                text: query_text.clone(),
                kinds: vec![marketdesk_search::DocKind::Article],
                language: None,
                category: None,
                status: None,
                staff: false,
                limit: 30,
                // A customer's whole question: ranked by how much of it matches.
                matching: marketdesk_search::Matching::AnyWord,
            })
            .await?;
        let mut hits: Vec<SearchHit> = Vec::new();
        for found in &found {
            let in_lang = Lang::from_tag(&found.language) == lang;
            match hits.iter_mut().find(|h| h.slug == found.id) {
                // One hit per article: the best score, the viewer's language.
                Some(hit) => {
                    if in_lang {
                        hit.title = found.title.clone();
                        hit.snippet_html = found.snippet_html.clone();
                    }
                }
                None => hits.push(SearchHit {
                    slug: found.id.clone(),
                    title: found.title.clone(),
                    snippet_html: found.snippet_html.clone(),
                    score: found.score,
                }),
            }
        }
        hits.truncate(10);
        if hits.is_empty() {
            let mut tx = self.store.begin().await?;
            store::record_miss(&mut tx, &query_text, lang.code(), now_ms()).await?;
            tx.commit().await?;
        }
        Ok(hits)
    }

    /// "Was this helpful?", with an optional reason.
    pub async fn article_feedback(
        &self,
        slug: &str,
        helpful: bool,
        reason: Option<&str>,
        lang: Lang,
    ) -> Result<()> {
        let reason = reason
            .filter(|r| !r.trim().is_empty())
            .map(|r| required_line("reason", r, 500))
            .transpose()?;
        let mut tx = self.store.begin().await?;
        let article = store::all(&mut tx, true)
            .await?
            .into_iter()
            .find(|a| a.slug == slug)
            .ok_or(ServiceError::NotFound("article"))?;
        store::add_feedback(
            &mut tx,
            article.id,
            helpful,
            reason.as_deref(),
            lang.code(),
            now_ms(),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Creates or replaces an article (supervisors, admins).
    pub async fn put_article(&self, viewer: &Viewer, new: NewArticle) -> Result<ArticleView> {
        if !viewer.may(Permission::EditHelp) {
            return Err(ServiceError::forbidden("edit the help center"));
        }
        if !slug_ok(&new.slug) {
            return Err(ServiceError::field(
                "slug",
                "3 to 80 characters: a-z, 0-9 and '-'",
            ));
        }
        let status = ArticleStatus::parse(&new.status)
            .map_err(|_| ServiceError::field("status", "must be draft or published"))?;
        let category = required_line("category", &new.category, 60)?;
        if new.translations.is_empty() {
            return Err(ServiceError::field(
                "translations",
                "give at least one language",
            ));
        }
        let mut texts = Vec::new();
        for t in &new.translations {
            let language = marketdesk_domain::LanguageTag::parse(&t.language)?;
            texts.push((
                language.as_str().to_string(),
                required_line("title", &t.title, 200)?,
                required_text("body", &t.body, 50_000)?,
            ));
        }
        let now = now_ms();
        let mut tx = self.store.begin().await?;
        let existing = store::all(&mut tx, false)
            .await?
            .into_iter()
            .find(|a| a.slug == new.slug);
        let id = match existing {
            Some(a) => {
                store::update(&mut tx, a.id, &category, status, now).await?;
                a.id
            }
            None => store::insert(&mut tx, &new.slug, &category, status, now).await?,
        };
        for (language, title, body) in &texts {
            store::put_translation(&mut tx, id, language, title, body).await?;
        }
        tx.commit().await?;
        self.search_wake();
        let lang = Lang::from_tag(&texts[0].0);
        let mut conn = self.store.reader().await?;
        let all = store::all(&mut conn, false).await?;
        let a = all
            .iter()
            .find(|a| a.id == id)
            .ok_or(ServiceError::NotFound("article"))?;
        let (language, title, body) = pick(a, lang).ok_or(ServiceError::NotFound("article"))?;
        Ok(ArticleView {
            slug: a.slug.clone(),
            category: a.category.clone(),
            status: a.status,
            language: language.clone(),
            title: title.clone(),
            body_html: html::from_text(body),
            updated_at: rfc3339(a.updated_at),
            related: vec![],
        })
    }

    /// Searches that found nothing, most frequent first (staff).
    pub async fn search_misses(&self, viewer: &Viewer) -> Result<Vec<(String, String, i64)>> {
        if !viewer.may(Permission::ReadHelpInsights) {
            return Err(ServiceError::forbidden("read search misses"));
        }
        let mut conn = self.store.reader().await?;
        Ok(store::misses(&mut conn, 100).await?)
    }
}

/// An article as its editors see it: every translation, draft or not, and
/// what readers said of it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct EditableArticle {
    pub slug: String,
    pub category: String,
    pub status: ArticleStatus,
    pub updated_at: String,
    /// (language, title, body)
    pub translations: Vec<(String, String, String)>,
    pub helpful: i64,
    pub not_helpful: i64,
    /// The reasons readers gave, newest first.
    pub reasons: Vec<String>,
}

impl Services {
    /// Every article with all its translations and feedback (supervisors, admins).
    pub async fn editable_articles(&self, viewer: &Viewer) -> Result<Vec<EditableArticle>> {
        if !viewer.may(Permission::EditHelp) {
            return Err(ServiceError::forbidden("edit the help center"));
        }
        let mut conn = self.store.reader().await?;
        let mut out = Vec::new();
        for a in store::all(&mut conn, false).await? {
            let (helpful, not_helpful, reasons) = store::feedback_of(&mut conn, a.id).await?;
            out.push(EditableArticle {
                slug: a.slug,
                category: a.category,
                status: a.status,
                updated_at: rfc3339(a.updated_at),
                translations: a.translations,
                helpful,
                not_helpful,
                reasons,
            });
        }
        Ok(out)
    }
}
