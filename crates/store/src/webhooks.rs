//! Outbound webhooks: events queued with the change that caused them, then
//! delivered (signed, retried) by a worker. The rows are the delivery log.

use marketdesk_domain::Millis;
use sqlx::any::AnyRow;

use crate::row::{int, opt_int, opt_text, text};
use crate::{Backend, Conn, Result};

/// Failed deliveries are retried this many times.
pub const MAX_ATTEMPTS: i64 = 10;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeliveryRow {
    pub id: i64,
    pub event_id: String,
    pub event_type: String,
    pub payload: String,
    pub target_url: String,
    pub attempts: i64,
    pub next_attempt_at: Millis,
    pub last_status_code: Option<i64>,
    pub last_error: Option<String>,
    pub delivered_at: Option<Millis>,
    pub created_at: Millis,
}

fn delivery(r: &AnyRow) -> Result<DeliveryRow> {
    Ok(DeliveryRow {
        id: int(r, "id")?,
        event_id: text(r, "event_id")?,
        event_type: text(r, "event_type")?,
        payload: text(r, "payload")?,
        target_url: text(r, "target_url")?,
        attempts: int(r, "attempts")?,
        next_attempt_at: int(r, "next_attempt_at")?,
        last_status_code: opt_int(r, "last_status_code")?,
        last_error: opt_text(r, "last_error")?,
        delivered_at: opt_int(r, "delivered_at")?,
        created_at: int(r, "created_at")?,
    })
}

pub async fn enqueue(
    conn: &mut Conn,
    event_id: &str,
    event_type: &str,
    payload: &str,
    target_url: &str,
    now: Millis,
) -> Result<i64> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO webhook_deliveries (event_id, event_type, payload, target_url, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(event_id)
    .bind(event_type)
    .bind(payload)
    .bind(target_url)
    .bind(now)
    .fetch_one(&mut *conn)
    .await?;
    Ok(id)
}

const QUEUE: crate::queue::Queue = crate::queue::Queue {
    table: "webhook_deliveries",
    done_column: "delivered_at",
    max_attempts: MAX_ATTEMPTS,
};

/// Leases due deliveries (see [`crate::queue::Queue::lease`]).
pub async fn lease_due(
    conn: &mut Conn,
    backend: Backend,
    now: Millis,
    lease_ms: Millis,
    limit: i64,
) -> Result<Vec<DeliveryRow>> {
    let rows = QUEUE.lease(conn, backend, now, lease_ms, limit).await?;
    let mut out: Vec<DeliveryRow> = rows.iter().map(delivery).collect::<Result<_>>()?;
    out.sort_by_key(|d| d.id);
    Ok(out)
}

pub async fn mark_delivered(conn: &mut Conn, id: i64, status: u16, now: Millis) -> Result<()> {
    sqlx::query(
        "UPDATE webhook_deliveries SET delivered_at = $1, attempts = attempts + 1, last_status_code = $2, last_error = NULL WHERE id = $3",
    )
    .bind(now)
    .bind(i64::from(status))
    .bind(id)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

pub async fn mark_failed(
    conn: &mut Conn,
    id: i64,
    status: Option<u16>,
    error: &str,
    retry_at: Millis,
) -> Result<()> {
    sqlx::query(
        "UPDATE webhook_deliveries SET attempts = attempts + 1, last_status_code = $1, last_error = $2, next_attempt_at = $3, \
         locked_until = 0 WHERE id = $4",
    )
    .bind(status.map(i64::from))
    .bind(error)
    .bind(retry_at)
    .bind(id)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// The delivery log, newest first.
pub async fn list(conn: &mut Conn, before: Option<i64>, limit: i64) -> Result<Vec<DeliveryRow>> {
    let rows =
        sqlx::query("SELECT * FROM webhook_deliveries WHERE id < $1 ORDER BY id DESC LIMIT $2")
            .bind(before.unwrap_or(i64::MAX))
            .bind(limit)
            .fetch_all(&mut *conn)
            .await?;
    rows.iter().map(delivery).collect()
}

/// Webhook events not yet delivered: how many, and since when the oldest waits.
pub async fn pending_summary(conn: &mut Conn) -> Result<(i64, Option<Millis>)> {
    let row: (i64, Option<i64>) = sqlx::query_as(
        "SELECT COUNT(*), MIN(created_at) FROM webhook_deliveries WHERE delivered_at IS NULL",
    )
    .fetch_one(&mut *conn)
    .await?;
    Ok(row)
}
