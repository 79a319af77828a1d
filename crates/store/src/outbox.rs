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
    rows.iter()
        .map(|r| {
            Ok(MailRow {
                id: int(r, "id")?,
                to_address: text(r, "to_address")?,
                subject: text(r, "subject")?,
                body_text: text(r, "body_text")?,
                purpose: text(r, "purpose")?,
                created_at: int(r, "created_at")?,
                sent_at: opt_int(r, "sent_at")?,
            })
        })
        .collect()
}
