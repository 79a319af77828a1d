//! Outgoing email, queued in the database and delivered by a worker.

use marketdesk_domain::Millis;

use crate::row::{int, opt_int, text};
use crate::{Conn, Result};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MailRow {
    pub id: i64,
    pub to_address: String,
    pub subject: String,
    pub body_text: String,
    pub purpose: String,
    pub created_at: Millis,
    pub sent_at: Option<Millis>,
    pub attempts: i64,
    pub last_error: Option<String>,
    /// Threading headers (`message_id`, `in_reply_to`, `references`,
    /// `reply_to`), as JSON.
    pub headers: serde_json::Value,
    /// The ticket message this mail carries, if it carries one.
    pub message_id: Option<i64>,
}

/// A ticket message going out by email, with the headers that thread it.
pub struct TicketMail<'a> {
    pub to: &'a str,
    pub subject: &'a str,
    pub body: &'a str,
    pub purpose: &'a str,
    pub headers: &'a serde_json::Value,
    pub message_id: Option<i64>,
}

pub async fn enqueue_ticket_mail(
    conn: &mut Conn,
    mail: &TicketMail<'_>,
    now: Millis,
) -> Result<i64> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO mail_outbox (to_address, subject, body_text, purpose, created_at, headers, message_id) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(mail.to)
    .bind(mail.subject)
    .bind(mail.body)
    .bind(mail.purpose)
    .bind(now)
    .bind(mail.headers.to_string())
    .bind(mail.message_id)
    .fetch_one(&mut *conn)
    .await?;
    Ok(id)
}

/// Marks the mail carrying ticket message `message_id` as bounced: the
/// recipient's server sent back a delivery status notification.
pub async fn mark_bounced(conn: &mut Conn, message_id: i64, reason: &str) -> Result<u64> {
    let done = sqlx::query(
        "UPDATE mail_outbox SET last_error = $1, next_attempt_at = $2 WHERE message_id = $3",
    )
    .bind(format!("bounced: {reason}"))
    .bind(i64::MAX)
    .bind(message_id)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected())
}

/// The outgoing mail carrying each of a ticket's messages: (message id,
/// sent, attempts, last error), for the delivery status in the workspace.
pub async fn of_messages(conn: &mut Conn, ticket_id: i64) -> Result<Vec<MailRow>> {
    let rows = sqlx::query(
        "SELECT * FROM mail_outbox WHERE message_id IN (SELECT id FROM messages WHERE ticket_id = $1) ORDER BY id",
    )
    .bind(ticket_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter().map(mail).collect()
}

pub async fn enqueue(
    conn: &mut Conn,
    to: &str,
    subject: &str,
    body: &str,
    purpose: &str,
    now: Millis,
) -> Result<i64> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO mail_outbox (to_address, subject, body_text, purpose, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(to)
    .bind(subject)
    .bind(body)
    .bind(purpose)
    .bind(now)
    .fetch_one(&mut *conn)
    .await?;
    Ok(id)
}

/// Mail to `to`, newest first.
pub async fn to_address(conn: &mut Conn, to: &str) -> Result<Vec<MailRow>> {
    let rows = sqlx::query("SELECT * FROM mail_outbox WHERE to_address = $1 ORDER BY id DESC")
        .bind(to)
        .fetch_all(&mut *conn)
        .await?;
    rows.iter().map(mail).collect()
}

/// After this many failed attempts a message is left alone (and visible in
/// `last_error`).
pub const MAX_ATTEMPTS: i64 = 8;

const QUEUE: crate::queue::Queue = crate::queue::Queue {
    table: "mail_outbox",
    done_column: "sent_at",
    max_attempts: MAX_ATTEMPTS,
};

/// Leases up to `limit` messages that are due, for `lease_ms`, so that each
/// goes out once however many nodes run (see [`crate::queue::Queue::lease`]).
pub async fn lease_due(
    conn: &mut Conn,
    backend: crate::Backend,
    now: Millis,
    lease_ms: Millis,
    limit: i64,
) -> Result<Vec<MailRow>> {
    QUEUE
        .lease_as(conn, backend, (now, lease_ms, limit), mail, |m| m.id)
        .await
}

pub async fn mark_sent(conn: &mut Conn, id: i64, now: Millis) -> Result<()> {
    sqlx::query("UPDATE mail_outbox SET sent_at = $1, attempts = attempts + 1, last_error = NULL WHERE id = $2")
        .bind(now)
        .bind(id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Records a failed attempt and when to try again.
pub async fn mark_failed(conn: &mut Conn, id: i64, error: &str, retry_at: Millis) -> Result<()> {
    QUEUE.fail(conn, id, error, retry_at).await
}

fn mail(r: &sqlx::any::AnyRow) -> Result<MailRow> {
    Ok(MailRow {
        id: int(r, "id")?,
        to_address: text(r, "to_address")?,
        subject: text(r, "subject")?,
        body_text: text(r, "body_text")?,
        purpose: text(r, "purpose")?,
        created_at: int(r, "created_at")?,
        sent_at: opt_int(r, "sent_at")?,
        attempts: int(r, "attempts")?,
        last_error: crate::row::opt_text(r, "last_error")?,
        headers: crate::row::json(r, "headers")?,
        message_id: opt_int(r, "message_id")?,
    })
}

/// Mail waiting to be sent: how many, and since when the oldest waits.
pub async fn pending_summary(conn: &mut Conn) -> Result<(i64, Option<Millis>)> {
    let row: (i64, Option<i64>) =
        sqlx::query_as("SELECT COUNT(*), MIN(created_at) FROM mail_outbox WHERE sent_at IS NULL")
            .fetch_one(&mut *conn)
            .await?;
    Ok(row)
}
