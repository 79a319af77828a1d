//! Return cases: the return, its lines, label, scans and inspection.

use marketdesk_domain::Millis;
use marketdesk_domain::commerce::{ReturnReason, ReturnStatus};
use sqlx::any::AnyRow;

use crate::row::{int, json, opt_int, opt_text, parsed, text};
use crate::{Backend, Conn, Result, conflict_as};

#[derive(Debug, Clone, PartialEq)]
pub struct ReturnCase {
    pub id: i64,
    pub rma: String,
    pub order_id: i64,
    pub status: ReturnStatus,
    pub reason: ReturnReason,
    pub note: String,
    /// `refund`, `store_credit` or `exchange`.
    pub resolution: String,
    /// `drop_off` or `pickup`.
    pub method: String,
    pub label_expires_at: Option<Millis>,
    pub warehouse: serde_json::Value,
    pub carrier: Option<String>,
    pub tracking_number: Option<String>,
    pub inspection_outcome: Option<String>,
    pub inspection_note: Option<String>,
    pub inspection_photos: serde_json::Value,
    pub refund_id: Option<i64>,
    pub exchange_variant: Option<String>,
    pub ticket_id: Option<i64>,
    pub created_at: Millis,
    pub updated_at: Millis,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReturnLine {
    pub order_line_id: i64,
    pub quantity: i64,
    pub accepted_quantity: Option<i64>,
}

fn case(r: &AnyRow) -> Result<ReturnCase> {
    Ok(ReturnCase {
        id: int(r, "id")?,
        rma: text(r, "rma")?,
        order_id: int(r, "order_id")?,
        status: parsed(r, "status", ReturnStatus::parse)?,
        reason: parsed(r, "reason", ReturnReason::parse)?,
        note: text(r, "note")?,
        resolution: text(r, "resolution")?,
        method: text(r, "method")?,
        label_expires_at: opt_int(r, "label_expires_at")?,
        warehouse: json(r, "warehouse")?,
        carrier: opt_text(r, "carrier")?,
        tracking_number: opt_text(r, "tracking_number")?,
        inspection_outcome: opt_text(r, "inspection_outcome")?,
        inspection_note: opt_text(r, "inspection_note")?,
        inspection_photos: json(r, "inspection_photos")?,
        refund_id: opt_int(r, "refund_id")?,
        exchange_variant: opt_text(r, "exchange_variant")?,
        ticket_id: opt_int(r, "ticket_id")?,
        created_at: int(r, "created_at")?,
        updated_at: int(r, "updated_at")?,
    })
}

pub async fn insert(conn: &mut Conn, c: &ReturnCase, lines: &[ReturnLine]) -> Result<i64> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO returns (rma, order_id, status, reason, note, resolution, method, label_expires_at, warehouse, carrier, \
         exchange_variant, ticket_id, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id",
    )
    .bind(&c.rma)
    .bind(c.order_id)
    .bind(c.status.as_str())
    .bind(c.reason.as_str())
    .bind(&c.note)
    .bind(&c.resolution)
    .bind(&c.method)
    .bind(c.label_expires_at)
    .bind(c.warehouse.to_string())
    .bind(c.carrier.as_deref())
    .bind(c.exchange_variant.as_deref())
    .bind(c.ticket_id)
    .bind(c.created_at)
    .bind(c.updated_at)
    .fetch_one(&mut *conn)
    .await
    .map_err(conflict_as("a return with this RMA number"))?;
    for line in lines {
        sqlx::query(
            "INSERT INTO return_lines (return_id, order_line_id, quantity) VALUES ($1, $2, $3)",
        )
        .bind(id)
        .bind(line.order_line_id)
        .bind(line.quantity)
        .execute(&mut *conn)
        .await?;
    }
    Ok(id)
}

/// The return by RMA, locked for the transaction on PostgreSQL.
pub async fn by_rma(conn: &mut Conn, backend: Backend, rma: &str) -> Result<Option<ReturnCase>> {
    let sql = match backend {
        Backend::Postgres => "SELECT * FROM returns WHERE rma = $1 FOR UPDATE",
        Backend::Sqlite => "SELECT * FROM returns WHERE rma = $1",
    };
    let row = sqlx::query(sql)
        .bind(rma)
        .fetch_optional(&mut *conn)
        .await?;
    row.as_ref().map(case).transpose()
}

pub async fn of_order(conn: &mut Conn, order_id: i64) -> Result<Vec<ReturnCase>> {
    let rows = sqlx::query("SELECT * FROM returns WHERE order_id = $1 ORDER BY id")
        .bind(order_id)
        .fetch_all(&mut *conn)
        .await?;
    rows.iter().map(case).collect()
}

pub async fn lines(conn: &mut Conn, return_id: i64) -> Result<Vec<ReturnLine>> {
    let rows = sqlx::query("SELECT order_line_id, quantity, accepted_quantity FROM return_lines WHERE return_id = $1 ORDER BY order_line_id")
        .bind(return_id)
        .fetch_all(&mut *conn)
        .await?;
    rows.iter()
        .map(|r| {
            Ok(ReturnLine {
                order_line_id: int(r, "order_line_id")?,
                quantity: int(r, "quantity")?,
                accepted_quantity: opt_int(r, "accepted_quantity")?,
            })
        })
        .collect()
}

/// Marks the inspected return whose refund is `refund_id` as refunded (once
/// that refund, which waited for approval, is paid).
pub async fn mark_refunded(conn: &mut Conn, refund_id: i64, now: Millis) -> Result<()> {
    sqlx::query(
        "UPDATE returns SET status = 'refunded', updated_at = $2 WHERE refund_id = $1 AND status = 'inspected'",
    )
    .bind(refund_id)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

pub async fn update(conn: &mut Conn, c: &ReturnCase) -> Result<()> {
    sqlx::query(
        "UPDATE returns SET status = $1, tracking_number = $2, inspection_outcome = $3, inspection_note = $4, inspection_photos = $5, \
         refund_id = $6, updated_at = $7 WHERE id = $8",
    )
    .bind(c.status.as_str())
    .bind(c.tracking_number.as_deref())
    .bind(c.inspection_outcome.as_deref())
    .bind(c.inspection_note.as_deref())
    .bind(c.inspection_photos.to_string())
    .bind(c.refund_id)
    .bind(c.updated_at)
    .bind(c.id)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

pub async fn set_accepted(
    conn: &mut Conn,
    return_id: i64,
    order_line_id: i64,
    accepted: i64,
) -> Result<()> {
    sqlx::query("UPDATE return_lines SET accepted_quantity = $1 WHERE return_id = $2 AND order_line_id = $3")
        .bind(accepted)
        .bind(return_id)
        .bind(order_line_id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}
