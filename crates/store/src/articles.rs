//! Help-center articles, their translations, feedback and unanswered searches.

use marketdesk_domain::Millis;
use marketdesk_domain::help::ArticleStatus;

use crate::row::{int, opt_text, parsed, text};
use crate::{Conn, Result, conflict_as};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArticleRow {
    pub id: i64,
    pub slug: String,
    pub category: String,
    pub status: ArticleStatus,
    pub updated_at: Millis,
    /// (language, title, body)
    pub translations: Vec<(String, String, String)>,
}

pub async fn insert(
    conn: &mut Conn,
    slug: &str,
    category: &str,
    status: ArticleStatus,
    now: Millis,
) -> Result<i64> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO articles (slug, category, status, created_at, updated_at) VALUES ($1, $2, $3, $4, $4) RETURNING id",
    )
    .bind(slug)
    .bind(category)
    .bind(status.as_str())
    .bind(now)
    .fetch_one(&mut *conn)
    .await
    .map_err(conflict_as("an article with this slug"))?;
    Ok(id)
}

pub async fn update(
    conn: &mut Conn,
    id: i64,
    category: &str,
    status: ArticleStatus,
    now: Millis,
) -> Result<()> {
    sqlx::query("UPDATE articles SET category = $1, status = $2, updated_at = $3 WHERE id = $4")
        .bind(category)
        .bind(status.as_str())
        .bind(now)
        .bind(id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

pub async fn put_translation(
    conn: &mut Conn,
    id: i64,
    language: &str,
    title: &str,
    body: &str,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO article_translations (article_id, language, title, body) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (article_id, language) DO UPDATE SET title = excluded.title, body = excluded.body",
    )
    .bind(id)
    .bind(language)
    .bind(title)
    .bind(body)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Every article (with all translations); `published_only` for the public.
pub async fn all(conn: &mut Conn, published_only: bool) -> Result<Vec<ArticleRow>> {
    let sql = if published_only {
        "SELECT * FROM articles WHERE status = 'published' ORDER BY category, slug"
    } else {
        "SELECT * FROM articles ORDER BY category, slug"
    };
    let rows = sqlx::query(sql).fetch_all(&mut *conn).await?;
    let translations = sqlx::query(
        "SELECT article_id, language, title, body FROM article_translations ORDER BY language",
    )
    .fetch_all(&mut *conn)
    .await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in &rows {
        let id = int(r, "id")?;
        let mut list = Vec::new();
        for t in &translations {
            if int(t, "article_id")? == id {
                list.push((text(t, "language")?, text(t, "title")?, text(t, "body")?));
            }
        }
        out.push(article_row(r, list)?);
    }
    Ok(out)
}

/// An `articles` row with its translations.
pub(crate) fn article_row(
    r: &sqlx::any::AnyRow,
    translations: Vec<(String, String, String)>,
) -> Result<ArticleRow> {
    Ok(ArticleRow {
        id: int(r, "id")?,
        slug: text(r, "slug")?,
        category: text(r, "category")?,
        status: parsed(r, "status", ArticleStatus::parse)?,
        updated_at: int(r, "updated_at")?,
        translations,
    })
}

pub async fn add_feedback(
    conn: &mut Conn,
    article_id: i64,
    helpful: bool,
    reason: Option<&str>,
    language: &str,
    now: Millis,
) -> Result<()> {
    sqlx::query("INSERT INTO article_feedback (article_id, helpful, reason, language, created_at) VALUES ($1, $2, $3, $4, $5)")
        .bind(article_id)
        .bind(i64::from(helpful))
        .bind(reason)
        .bind(language)
        .bind(now)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Published articles' ids, the most often found helpful first (then the
/// most recently updated), at most `limit`.
pub async fn popular(conn: &mut Conn, limit: i64) -> Result<Vec<i64>> {
    Ok(sqlx::query_scalar(
        "SELECT a.id FROM articles a LEFT JOIN article_feedback f ON f.article_id = a.id AND f.helpful = 1 \
         WHERE a.status = 'published' GROUP BY a.id, a.updated_at \
         ORDER BY COUNT(f.article_id) DESC, a.updated_at DESC, a.id LIMIT $1",
    )
    .bind(limit)
    .fetch_all(&mut *conn)
    .await?)
}

/// (helpful, not helpful, reasons given) per article.
pub async fn feedback_of(conn: &mut Conn, article_id: i64) -> Result<(i64, i64, Vec<String>)> {
    let rows = sqlx::query(
        "SELECT helpful, reason FROM article_feedback WHERE article_id = $1 ORDER BY id DESC",
    )
    .bind(article_id)
    .fetch_all(&mut *conn)
    .await?;
    let (mut yes, mut no, mut reasons) = (0, 0, Vec::new());
    for r in &rows {
        if int(r, "helpful")? != 0 {
            yes += 1;
        } else {
            no += 1;
        }
        if let Some(reason) = opt_text(r, "reason")? {
            reasons.push(reason);
        }
    }
    Ok((yes, no, reasons))
}

pub async fn record_miss(conn: &mut Conn, query: &str, language: &str, now: Millis) -> Result<()> {
    sqlx::query("INSERT INTO search_misses (query, language, created_at) VALUES ($1, $2, $3)")
        .bind(query)
        .bind(language)
        .bind(now)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Searches that found nothing, most frequent first.
pub async fn misses(conn: &mut Conn, limit: i64) -> Result<Vec<(String, String, i64)>> {
    let rows = sqlx::query(
        "SELECT query, language, CAST(COUNT(*) AS BIGINT) AS n FROM search_misses GROUP BY query, language ORDER BY n DESC, query LIMIT $1",
    )
    .bind(limit)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|r| Ok((text(r, "query")?, text(r, "language")?, int(r, "n")?)))
        .collect()
}
