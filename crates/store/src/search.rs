//! What the search index follows: articles and tickets changed since a
//! point, read in (updated_at, id) order so a catch-up can page through
//! many rows stamped with the same time.

use std::collections::BTreeMap;

use marketdesk_domain::Millis;
use sqlx::any::AnyRow;

use crate::articles::{ArticleRow, article_row};
use crate::row::{int, text};
use crate::{Conn, Result};

/// A ticket as the index sees it: its subject and every message, notes too
/// (tickets are found by staff only).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TicketText {
    pub id: i64,
    pub subject: String,
    pub language: String,
    pub status: String,
    pub updated_at: Millis,
    pub messages: Vec<String>,
}

/// Articles changed at or after `since`, with every translation.
pub async fn articles_changed(conn: &mut Conn, since: Millis) -> Result<Vec<ArticleRow>> {
    let rows = sqlx::query(
        "SELECT id, slug, category, status, updated_at FROM articles WHERE updated_at >= $1 ORDER BY updated_at, id",
    )
    .bind(since)
    .fetch_all(&mut *conn)
    .await?;
    with_translations(conn, &rows).await
}

/// One article with every translation.
pub async fn article(conn: &mut Conn, id: i64) -> Result<Option<ArticleRow>> {
    let rows =
        sqlx::query("SELECT id, slug, category, status, updated_at FROM articles WHERE id = $1")
            .bind(id)
            .fetch_all(&mut *conn)
            .await?;
    Ok(with_translations(conn, &rows).await?.pop())
}

async fn with_translations(conn: &mut Conn, rows: &[AnyRow]) -> Result<Vec<ArticleRow>> {
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        let id = int(r, "id")?;
        let translations = sqlx::query(
            "SELECT language, title, body FROM article_translations WHERE article_id = $1 ORDER BY language",
        )
        .bind(id)
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(|t| Ok((text(t, "language")?, text(t, "title")?, text(t, "body")?)))
        .collect::<Result<Vec<_>>>()?;
        out.push(article_row(r, translations)?);
    }
    Ok(out)
}

/// One ticket as the index sees it.
pub async fn ticket(conn: &mut Conn, id: i64) -> Result<Option<TicketText>> {
    let rows =
        sqlx::query("SELECT id, subject, language, status, updated_at FROM tickets WHERE id = $1")
            .bind(id)
            .fetch_all(&mut *conn)
            .await?;
    let mut tickets = with_messages(conn, &rows, 1).await?;
    Ok(tickets.pop())
}

/// Up to `limit` (`id`, `updated_at`) of tickets changed after the position
/// (`updated_at`, `id`), in that order: read from the index alone, so the
/// follower can skip what it indexed already before reading any text.
pub async fn ticket_changes(
    conn: &mut Conn,
    after: (Millis, i64),
    limit: i64,
) -> Result<Vec<(i64, Millis)>> {
    let rows = sqlx::query(
        "SELECT id, updated_at FROM tickets \
         WHERE updated_at > $1 OR (updated_at = $1 AND id > $2) ORDER BY updated_at, id LIMIT $3",
    )
    .bind(after.0)
    .bind(after.1)
    .bind(limit)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|r| Ok((int(r, "id")?, int(r, "updated_at")?)))
        .collect()
}

/// The tickets with these ids (at most a few hundred), with their messages.
pub async fn tickets_with_text(conn: &mut Conn, ids: &[i64]) -> Result<Vec<TicketText>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        "SELECT id, subject, language, status, updated_at FROM tickets WHERE id IN ({}) ORDER BY id",
        crate::tickets::placeholders(1, ids.len())
    );
    let mut query = sqlx::query(&sql);
    for id in ids {
        query = query.bind(*id);
    }
    let rows = query.fetch_all(&mut *conn).await?;
    let limit = i64::try_from(ids.len()).unwrap_or(i64::MAX);
    with_messages(conn, &rows, limit).await
}

async fn with_messages(conn: &mut Conn, rows: &[AnyRow], limit: i64) -> Result<Vec<TicketText>> {
    let mut tickets = Vec::with_capacity(rows.len());
    for r in rows {
        tickets.push(TicketText {
            id: int(r, "id")?,
            subject: text(r, "subject")?,
            language: text(r, "language")?,
            status: text(r, "status")?,
            updated_at: int(r, "updated_at")?,
            messages: Vec::new(),
        });
    }
    let (Some(first), Some(last)) = (
        tickets.iter().map(|t| t.id).min(),
        tickets.iter().map(|t| t.id).max(),
    ) else {
        return Ok(tickets);
    };
    // One range query instead of one per ticket; rows outside the page are skipped.
    let mut bodies: BTreeMap<i64, Vec<String>> = BTreeMap::new();
    if last - first < 10 * limit.max(1) {
        let messages = sqlx::query(
            "SELECT ticket_id, body_text FROM messages WHERE ticket_id >= $1 AND ticket_id <= $2 ORDER BY ticket_id, id",
        )
        .bind(first)
        .bind(last)
        .fetch_all(&mut *conn)
        .await?;
        for m in &messages {
            bodies
                .entry(int(m, "ticket_id")?)
                .or_default()
                .push(text(m, "body_text")?);
        }
    } else {
        for t in &tickets {
            let messages =
                sqlx::query("SELECT body_text FROM messages WHERE ticket_id = $1 ORDER BY id")
                    .bind(t.id)
                    .fetch_all(&mut *conn)
                    .await?;
            for m in &messages {
                bodies.entry(t.id).or_default().push(text(m, "body_text")?);
            }
        }
    }
    for t in &mut tickets {
        t.messages = bodies.remove(&t.id).unwrap_or_default();
    }
    Ok(tickets)
}
