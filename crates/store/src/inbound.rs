//! Mail received, stored raw before anything reads it, and worked through
//! as a queue (see `crate::queue`): leased, then marked processed with what
//! became of it, or left with its error after too many attempts.

use marketdesk_domain::Millis;
use sqlx::Row;

use crate::row::{int, opt_int, opt_text, text};
use crate::{Backend, Conn, Result};

/// After this many failed attempts a message waits in the failed list for
/// an admin to retry it.
pub const MAX_ATTEMPTS: i64 = 5;

const QUEUE: crate::queue::Queue = crate::queue::Queue {
    table: "inbound_mail",
    done_column: "processed_at",
    max_attempts: MAX_ATTEMPTS,
};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InboundMail {
    pub id: i64,
    pub received_at: Millis,
    /// `smtp`, or the mailbox it was fetched from.
    pub source: String,
    pub envelope_from: String,
    /// The envelope recipients, comma-separated.
    pub envelope_to: String,
    pub raw: Vec<u8>,
    pub attempts: i64,
    pub last_error: Option<String>,
    pub outcome: Option<String>,
    pub ticket_id: Option<i64>,
    pub processed_at: Option<Millis>,
}

/// What arrived, before anything reads it.
pub struct Received<'a> {
    pub source: &'a str,
    pub envelope_from: &'a str,
    pub envelope_to: &'a [String],
    pub raw: &'a [u8],
}

pub async fn insert(conn: &mut Conn, mail: &Received<'_>, now: Millis) -> Result<i64> {
    let id = insert_keyed(conn, mail, None, now).await?;
    id.ok_or_else(|| crate::StoreError::Corrupt {
        column: "inbound_mail.id",
        detail: "no id returned".into(),
    })
}

/// Stores a message fetched from mailbox `mailbox_id`, where it is
/// `imap_key` (UIDVALIDITY:UID); `None` when it is stored already.
pub async fn insert_fetched(
    conn: &mut Conn,
    mail: &Received<'_>,
    mailbox_id: i64,
    imap_key: &str,
    now: Millis,
) -> Result<Option<i64>> {
    insert_keyed(conn, mail, Some((mailbox_id, imap_key)), now).await
}

async fn insert_keyed(
    conn: &mut Conn,
    mail: &Received<'_>,
    key: Option<(i64, &str)>,
    now: Millis,
) -> Result<Option<i64>> {
    let id: Option<i64> = sqlx::query_scalar(
        "INSERT INTO inbound_mail (received_at, source, envelope_from, envelope_to, raw, size_bytes, mailbox_id, imap_key) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING RETURNING id",
    )
    .bind(now)
    .bind(mail.source)
    .bind(mail.envelope_from)
    .bind(mail.envelope_to.join(","))
    .bind(mail.raw.to_vec())
    .bind(i64::try_from(mail.raw.len()).unwrap_or(i64::MAX))
    .bind(key.map(|(mailbox, _)| mailbox))
    .bind(key.map(|(_, imap_key)| imap_key))
    .fetch_optional(&mut *conn)
    .await?;
    Ok(id)
}

/// Which of `keys` mailbox `mailbox_id` has stored already.
pub async fn stored_keys(conn: &mut Conn, mailbox_id: i64, keys: &[String]) -> Result<Vec<String>> {
    let mut found = Vec::new();
    for chunk in keys.chunks(200) {
        let list = chunk
            .iter()
            .enumerate()
            .map(|(i, _)| format!("${}", i + 2))
            .collect::<Vec<_>>()
            .join(", ");
        let sql = format!(
            "SELECT imap_key FROM inbound_mail WHERE mailbox_id = $1 AND imap_key IN ({list})"
        );
        let mut query = sqlx::query_scalar::<_, String>(&sql).bind(mailbox_id);
        for key in chunk {
            query = query.bind(key);
        }
        found.extend(query.fetch_all(&mut *conn).await?);
    }
    Ok(found)
}

/// Leases up to `limit` messages waiting to be read.
pub async fn lease_due(
    conn: &mut Conn,
    backend: Backend,
    now: Millis,
    lease_ms: Millis,
    limit: i64,
) -> Result<Vec<InboundMail>> {
    QUEUE
        .lease_as(conn, backend, (now, lease_ms, limit), inbound, |m| m.id)
        .await
}

/// Done: what became of it (`ticket`, `reply`, `ignored: …`) and its ticket.
pub async fn mark_processed(
    conn: &mut Conn,
    id: i64,
    outcome: &str,
    ticket_id: Option<i64>,
    now: Millis,
) -> Result<()> {
    sqlx::query(
        "UPDATE inbound_mail SET processed_at = $1, outcome = $2, ticket_id = $3, attempts = attempts + 1, last_error = NULL WHERE id = $4",
    )
    .bind(now)
    .bind(outcome)
    .bind(ticket_id)
    .bind(id)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

pub async fn mark_failed(conn: &mut Conn, id: i64, error: &str, retry_at: Millis) -> Result<()> {
    QUEUE.fail(conn, id, error, retry_at).await
}

/// Messages that could not be read after every attempt, newest first.
pub async fn failed(conn: &mut Conn, limit: i64) -> Result<Vec<InboundMail>> {
    let rows = sqlx::query(
        "SELECT * FROM inbound_mail WHERE processed_at IS NULL AND attempts >= $1 ORDER BY id DESC LIMIT $2",
    )
    .bind(MAX_ATTEMPTS)
    .bind(limit)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter().map(inbound).collect()
}

/// Puts failed messages back in the queue (all, or one).
pub async fn retry(conn: &mut Conn, id: Option<i64>) -> Result<u64> {
    let done = sqlx::query(
        "UPDATE inbound_mail SET attempts = 0, next_attempt_at = 0, locked_until = 0 \
         WHERE processed_at IS NULL AND ($1 = 0 OR id = $1)",
    )
    .bind(id.unwrap_or(0))
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected())
}

pub async fn get(conn: &mut Conn, id: i64) -> Result<Option<InboundMail>> {
    let row = sqlx::query("SELECT * FROM inbound_mail WHERE id = $1")
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?;
    row.as_ref().map(inbound).transpose()
}

/// How many are still waiting to be read (not yet processed, not failed).
pub async fn waiting(conn: &mut Conn) -> Result<i64> {
    let row = sqlx::query(
        "SELECT COUNT(*) AS n FROM inbound_mail WHERE processed_at IS NULL AND attempts < $1",
    )
    .bind(MAX_ATTEMPTS)
    .fetch_one(&mut *conn)
    .await?;
    int(&row, "n")
}

fn inbound(r: &sqlx::any::AnyRow) -> Result<InboundMail> {
    Ok(InboundMail {
        id: int(r, "id")?,
        received_at: int(r, "received_at")?,
        source: text(r, "source")?,
        envelope_from: text(r, "envelope_from")?,
        envelope_to: text(r, "envelope_to")?,
        raw: r.try_get::<Vec<u8>, _>("raw")?,
        attempts: int(r, "attempts")?,
        last_error: opt_text(r, "last_error")?,
        outcome: opt_text(r, "outcome")?,
        ticket_id: opt_int(r, "ticket_id")?,
        processed_at: opt_int(r, "processed_at")?,
    })
}

/// How many received messages have been read (for the mail benchmark).
pub async fn processed(conn: &mut Conn) -> Result<i64> {
    let row = sqlx::query("SELECT COUNT(*) AS n FROM inbound_mail WHERE processed_at IS NOT NULL")
        .fetch_one(&mut *conn)
        .await?;
    int(&row, "n")
}

/// Messages held for a person to accept or delete, newest first.
pub async fn suspended(conn: &mut Conn, limit: i64) -> Result<Vec<InboundMail>> {
    let rows = sqlx::query(
        "SELECT * FROM inbound_mail WHERE processed_at IS NOT NULL AND outcome LIKE 'suspended%' ORDER BY id DESC LIMIT $1",
    )
    .bind(limit)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter().map(inbound).collect()
}

/// A held message goes back in the queue, to be read without the check.
pub async fn accept(conn: &mut Conn, id: i64) -> Result<bool> {
    let done = sqlx::query(
        "UPDATE inbound_mail SET processed_at = NULL, outcome = 'accepted', attempts = 0, next_attempt_at = 0, locked_until = 0 \
         WHERE id = $1 AND processed_at IS NOT NULL AND outcome LIKE 'suspended%'",
    )
    .bind(id)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// A held message is deleted: its bytes go, the row says what became of it.
pub async fn discard(conn: &mut Conn, id: i64) -> Result<bool> {
    let done = sqlx::query(
        "UPDATE inbound_mail SET outcome = 'deleted', raw = $1 WHERE id = $2 AND processed_at IS NOT NULL AND outcome LIKE 'suspended%'",
    )
    .bind(Vec::<u8>::new())
    .bind(id)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}
