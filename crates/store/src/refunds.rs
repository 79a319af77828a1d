//! Refunds (and their approval queue), store credit, and saved outcomes of
//! order actions.

use marketdesk_domain::Millis;
use marketdesk_domain::refunds::RefundStatus;
use sqlx::any::AnyRow;

use crate::row::{int, opt_int, opt_text, parsed, text};
use crate::{Conn, Result};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefundRow {
    pub id: i64,
    pub order_id: i64,
    pub ticket_id: Option<i64>,
    pub amount_minor: i64,
    pub currency: String,
    /// `original_method`, `store_credit` or `coupon` (compensation).
    pub destination: String,
    pub reason: String,
    pub status: RefundStatus,
    pub requested_by: Option<i64>,
    pub decided_by: Option<i64>,
    pub decision_note: Option<String>,
    pub payment_id: Option<i64>,
    /// For a compensation coupon: its code, once issued.
    pub coupon_code: Option<String>,
    /// Owed by the rules (a cancellation, a return), not a person's choice:
    /// it does not count toward anybody's limit.
    pub owed_by_policy: bool,
    pub created_at: Millis,
    pub updated_at: Millis,
}

fn refund(r: &AnyRow) -> Result<RefundRow> {
    Ok(RefundRow {
        id: int(r, "id")?,
        order_id: int(r, "order_id")?,
        ticket_id: opt_int(r, "ticket_id")?,
        amount_minor: int(r, "amount_minor")?,
        currency: text(r, "currency")?,
        destination: text(r, "destination")?,
        reason: text(r, "reason")?,
        status: parsed(r, "status", RefundStatus::parse)?,
        requested_by: opt_int(r, "requested_by")?,
        decided_by: opt_int(r, "decided_by")?,
        decision_note: opt_text(r, "decision_note")?,
        payment_id: opt_int(r, "payment_id")?,
        coupon_code: opt_text(r, "coupon_code")?,
        owed_by_policy: int(r, "owed_by_policy")? != 0,
        created_at: int(r, "created_at")?,
        updated_at: int(r, "updated_at")?,
    })
}

pub async fn insert(conn: &mut Conn, r: &RefundRow) -> Result<i64> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO refunds (order_id, ticket_id, amount_minor, currency, destination, reason, status, requested_by, decided_by, \
         decision_note, payment_id, coupon_code, owed_by_policy, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) RETURNING id",
    )
    .bind(r.order_id)
    .bind(r.ticket_id)
    .bind(r.amount_minor)
    .bind(&r.currency)
    .bind(&r.destination)
    .bind(&r.reason)
    .bind(r.status.as_str())
    .bind(r.requested_by)
    .bind(r.decided_by)
    .bind(r.decision_note.as_deref())
    .bind(r.payment_id)
    .bind(r.coupon_code.as_deref())
    .bind(i64::from(r.owed_by_policy))
    .bind(r.created_at)
    .bind(r.updated_at)
    .fetch_one(&mut *conn)
    .await?;
    Ok(id)
}

pub async fn update(conn: &mut Conn, r: &RefundRow) -> Result<()> {
    sqlx::query(
        "UPDATE refunds SET status = $1, decided_by = $2, decision_note = $3, payment_id = $4, coupon_code = $5, \
         updated_at = $6 WHERE id = $7",
    )
    .bind(r.status.as_str())
    .bind(r.decided_by)
    .bind(r.decision_note.as_deref())
    .bind(r.payment_id)
    .bind(r.coupon_code.as_deref())
    .bind(r.updated_at)
    .bind(r.id)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

pub async fn get(conn: &mut Conn, id: i64) -> Result<Option<RefundRow>> {
    let row = sqlx::query("SELECT * FROM refunds WHERE id = $1")
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?;
    row.as_ref().map(refund).transpose()
}

pub async fn of_order(conn: &mut Conn, order_id: i64) -> Result<Vec<RefundRow>> {
    let rows = sqlx::query("SELECT * FROM refunds WHERE order_id = $1 ORDER BY id")
        .bind(order_id)
        .fetch_all(&mut *conn)
        .await?;
    rows.iter().map(refund).collect()
}

/// What `person` moved on their own (requested and completed without anybody
/// else's approval): on `order_id` ever, and in `currency` on any order since
/// `since`. Refunds, store credit and compensation coupons alike.
pub async fn moved_without_approval(
    conn: &mut Conn,
    person: i64,
    order_id: i64,
    currency: &str,
    since: Millis,
) -> Result<(i64, i64)> {
    let on_order: i64 = sqlx::query_scalar(
        "SELECT CAST(COALESCE(SUM(amount_minor), 0) AS BIGINT) FROM refunds WHERE requested_by = $1 AND decided_by = $1 \
         AND status = 'completed' AND owed_by_policy = 0 AND order_id = $2",
    )
    .bind(person)
    .bind(order_id)
    .fetch_one(&mut *conn)
    .await?;
    let in_window: i64 = sqlx::query_scalar(
        "SELECT CAST(COALESCE(SUM(amount_minor), 0) AS BIGINT) FROM refunds WHERE requested_by = $1 AND decided_by = $1 \
         AND status = 'completed' AND owed_by_policy = 0 AND currency = $2 AND created_at >= $3",
    )
    .bind(person)
    .bind(currency)
    .bind(since)
    .fetch_one(&mut *conn)
    .await?;
    Ok((on_order, in_window))
}

/// Refunds with `status`, newest first, before the id `before` when given.
pub async fn with_status(
    conn: &mut Conn,
    status: RefundStatus,
    before: Option<i64>,
    limit: i64,
) -> Result<Vec<RefundRow>> {
    let rows = sqlx::query(
        "SELECT * FROM refunds WHERE status = $1 AND id < $2 ORDER BY id DESC LIMIT $3",
    )
    .bind(status.as_str())
    .bind(before.unwrap_or(i64::MAX))
    .bind(limit)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter().map(refund).collect()
}

/// A saved action outcome.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SavedAction {
    pub action: String,
    pub fingerprint: String,
    pub outcome: String,
}

pub async fn saved_action(
    conn: &mut Conn,
    order_id: i64,
    key: &str,
) -> Result<Option<SavedAction>> {
    let row = sqlx::query("SELECT action, fingerprint, outcome FROM order_actions WHERE order_id = $1 AND idempotency_key = $2")
        .bind(order_id)
        .bind(key)
        .fetch_optional(&mut *conn)
        .await?;
    row.map(|r| {
        Ok(SavedAction {
            action: text(&r, "action")?,
            fingerprint: text(&r, "fingerprint")?,
            outcome: text(&r, "outcome")?,
        })
    })
    .transpose()
}

#[allow(clippy::too_many_arguments)]
pub async fn save_action(
    conn: &mut Conn,
    order_id: i64,
    key: &str,
    action: &str,
    fingerprint: &str,
    outcome: &str,
    actor_id: Option<i64>,
    now: Millis,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO order_actions (order_id, idempotency_key, action, fingerprint, outcome, actor_id, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(order_id)
    .bind(key)
    .bind(action)
    .bind(fingerprint)
    .bind(outcome)
    .bind(actor_id)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Refunds of the order's payment waiting for approval, summed (coupons,
/// which are not refunds of the payment, left out).
pub async fn pending_sum(conn: &mut Conn, order_id: i64) -> Result<i64> {
    let total: i64 = sqlx::query_scalar(
        "SELECT CAST(COALESCE(SUM(amount_minor), 0) AS BIGINT) FROM refunds \
         WHERE order_id = $1 AND status = 'pending_approval' AND destination <> 'coupon'",
    )
    .bind(order_id)
    .fetch_one(&mut *conn)
    .await?;
    Ok(total)
}
