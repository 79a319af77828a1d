//! Changes that cost the customer more, waiting for the shop's platform.

use marketdesk_domain::Millis;
use marketdesk_domain::orders::{PendingChangeKind, PendingChangeState};
use sqlx::any::AnyRow;

use crate::row::{int, json, opt_int, parsed, text};
use crate::{Conn, Result};

#[derive(Debug, Clone, PartialEq)]
pub struct PendingChangeRow {
    pub id: i64,
    pub order_id: i64,
    pub kind: PendingChangeKind,
    pub line_no: Option<i64>,
    pub sku: String,
    pub title: String,
    pub attributes: serde_json::Value,
    pub quantity: i64,
    pub baseline_quantity: i64,
    pub unit_price_minor: i64,
    pub amount_due_minor: i64,
    pub currency: String,
    pub state: PendingChangeState,
    pub requested_by: Option<i64>,
    pub created_at: Millis,
    pub updated_at: Millis,
}

fn change(r: &AnyRow) -> Result<PendingChangeRow> {
    Ok(PendingChangeRow {
        id: int(r, "id")?,
        order_id: int(r, "order_id")?,
        kind: parsed(r, "kind", PendingChangeKind::parse)?,
        line_no: opt_int(r, "line_no")?,
        sku: text(r, "sku")?,
        title: text(r, "title")?,
        attributes: json(r, "attributes")?,
        quantity: int(r, "quantity")?,
        baseline_quantity: int(r, "baseline_quantity")?,
        unit_price_minor: int(r, "unit_price_minor")?,
        amount_due_minor: int(r, "amount_due_minor")?,
        currency: text(r, "currency")?,
        state: parsed(r, "state", PendingChangeState::parse)?,
        requested_by: opt_int(r, "requested_by")?,
        created_at: int(r, "created_at")?,
        updated_at: int(r, "updated_at")?,
    })
}

pub async fn insert(conn: &mut Conn, c: &PendingChangeRow) -> Result<i64> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO order_pending_changes (order_id, kind, line_no, sku, title, attributes, quantity, baseline_quantity, \
         unit_price_minor, amount_due_minor, currency, state, requested_by, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14) RETURNING id",
    )
    .bind(c.order_id)
    .bind(c.kind.as_str())
    .bind(c.line_no)
    .bind(&c.sku)
    .bind(&c.title)
    .bind(c.attributes.to_string())
    .bind(c.quantity)
    .bind(c.baseline_quantity)
    .bind(c.unit_price_minor)
    .bind(c.amount_due_minor)
    .bind(&c.currency)
    .bind(c.state.as_str())
    .bind(c.requested_by)
    .bind(c.created_at)
    .fetch_one(&mut *conn)
    .await?;
    Ok(id)
}

/// An order's changes, oldest first.
pub async fn of_order(conn: &mut Conn, order_id: i64) -> Result<Vec<PendingChangeRow>> {
    let rows = sqlx::query("SELECT * FROM order_pending_changes WHERE order_id = $1 ORDER BY id")
        .bind(order_id)
        .fetch_all(&mut *conn)
        .await?;
    rows.iter().map(change).collect()
}

/// Moves a change that is still pending to `state`.
pub async fn settle(
    conn: &mut Conn,
    id: i64,
    state: PendingChangeState,
    now: Millis,
) -> Result<bool> {
    let done = sqlx::query(
        "UPDATE order_pending_changes SET state = $1, updated_at = $2 WHERE id = $3 AND state = 'pending'",
    )
    .bind(state.as_str())
    .bind(now)
    .bind(id)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}
