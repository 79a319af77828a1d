//! Satisfaction surveys: one per ticket, answered once.

use marketdesk_domain::Millis;

use crate::row::{int, opt_int, opt_text, text};
use crate::{Conn, Result};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SurveyRow {
    pub id: i64,
    pub ticket_id: i64,
    pub channel: String,
    pub language: String,
    pub created_at: Millis,
    pub expires_at: Millis,
    pub rating: Option<i64>,
    pub comment: Option<String>,
    pub answered_at: Option<Millis>,
}

fn survey(row: &sqlx::any::AnyRow) -> Result<SurveyRow> {
    Ok(SurveyRow {
        id: int(row, "id")?,
        ticket_id: int(row, "ticket_id")?,
        channel: text(row, "channel")?,
        language: text(row, "language")?,
        created_at: int(row, "created_at")?,
        expires_at: int(row, "expires_at")?,
        rating: opt_int(row, "rating")?,
        comment: opt_text(row, "comment")?,
        answered_at: opt_int(row, "answered_at")?,
    })
}

/// Asks for a ticket's rating, unless it was asked already: `None` then.
pub async fn insert_unless_asked(
    conn: &mut Conn,
    ticket_id: i64,
    token_hash: &str,
    channel: &str,
    language: &str,
    now: Millis,
    expires_at: Millis,
) -> Result<Option<i64>> {
    Ok(sqlx::query_scalar(
        "INSERT INTO surveys (ticket_id, token_hash, channel, language, created_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (ticket_id) DO NOTHING RETURNING id",
    )
    .bind(ticket_id)
    .bind(token_hash)
    .bind(channel)
    .bind(language)
    .bind(now)
    .bind(expires_at)
    .fetch_optional(&mut *conn)
    .await?)
}

pub async fn by_token_hash(conn: &mut Conn, token_hash: &str) -> Result<Option<SurveyRow>> {
    let row = sqlx::query("SELECT * FROM surveys WHERE token_hash = $1")
        .bind(token_hash)
        .fetch_optional(&mut *conn)
        .await?;
    row.as_ref().map(survey).transpose()
}

pub async fn of_ticket(conn: &mut Conn, ticket_id: i64) -> Result<Option<SurveyRow>> {
    let row = sqlx::query("SELECT * FROM surveys WHERE ticket_id = $1")
        .bind(ticket_id)
        .fetch_optional(&mut *conn)
        .await?;
    row.as_ref().map(survey).transpose()
}

/// Records the answer unless there is one: false when answered before.
pub async fn answer(
    conn: &mut Conn,
    id: i64,
    rating: i64,
    comment: Option<&str>,
    now: Millis,
) -> Result<bool> {
    let done = sqlx::query(
        "UPDATE surveys SET rating = $2, comment = $3, answered_at = $4 \
         WHERE id = $1 AND answered_at IS NULL",
    )
    .bind(id)
    .bind(rating)
    .bind(comment)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// A survey already answered (imported history, the demo's past).
pub async fn insert_answered(
    conn: &mut Conn,
    ticket_id: i64,
    channel: &str,
    language: &str,
    asked_at: Millis,
    rating: i64,
    answered_at: Millis,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO surveys (ticket_id, token_hash, channel, language, created_at, expires_at, rating, answered_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (ticket_id) DO NOTHING",
    )
    .bind(ticket_id)
    .bind(format!("imported:{ticket_id}"))
    .bind(channel)
    .bind(language)
    .bind(asked_at)
    .bind(asked_at + 14 * marketdesk_domain::DAY_MS)
    .bind(rating)
    .bind(answered_at)
    .execute(&mut *conn)
    .await?;
    Ok(())
}
