//! Requests to the carrier or the warehouse (reschedule a delivery, reship,
//! carrier claims) and frozen accounts.

use marketdesk_domain::Millis;
use sqlx::any::AnyRow;

use crate::row::{int, json, opt_int, text};
use crate::{Conn, Result};

#[derive(Debug, Clone, PartialEq)]
pub struct OrderRequest {
    pub id: i64,
    pub order_id: i64,
    pub shipment_id: Option<i64>,
    /// `reschedule`, `reship` or `carrier_claim`.
    pub kind: String,
    /// `requested`, then `confirmed`, `filed`, `accepted`, `rejected`, `paid`…
    pub state: String,
    pub details: serde_json::Value,
    pub ticket_id: Option<i64>,
    pub created_by: Option<i64>,
    pub created_at: Millis,
    pub updated_at: Millis,
}

fn request(r: &AnyRow) -> Result<OrderRequest> {
    Ok(OrderRequest {
        id: int(r, "id")?,
        order_id: int(r, "order_id")?,
        shipment_id: opt_int(r, "shipment_id")?,
        kind: text(r, "kind")?,
        state: text(r, "state")?,
        details: json(r, "details")?,
        ticket_id: opt_int(r, "ticket_id")?,
        created_by: opt_int(r, "created_by")?,
        created_at: int(r, "created_at")?,
        updated_at: int(r, "updated_at")?,
    })
}

pub async fn insert(conn: &mut Conn, r: &OrderRequest) -> Result<i64> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO order_requests (order_id, shipment_id, kind, state, details, ticket_id, created_by, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
    )
    .bind(r.order_id)
    .bind(r.shipment_id)
    .bind(&r.kind)
    .bind(&r.state)
    .bind(r.details.to_string())
    .bind(r.ticket_id)
    .bind(r.created_by)
    .bind(r.created_at)
    .bind(r.updated_at)
    .fetch_one(&mut *conn)
    .await?;
    Ok(id)
}

/// Marks the open requests of `kind` for a parcel as replaced by a newer
/// one (a parcel has one delivery wish at a time); how many were open.
pub async fn replace_open(
    conn: &mut Conn,
    shipment_id: i64,
    kind: &str,
    open_state: &str,
    now: Millis,
) -> Result<u64> {
    let done = sqlx::query(
        "UPDATE order_requests SET state = 'replaced', updated_at = $1 \
         WHERE shipment_id = $2 AND kind = $3 AND state = $4",
    )
    .bind(now)
    .bind(shipment_id)
    .bind(kind)
    .bind(open_state)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected())
}

pub async fn of_order(conn: &mut Conn, order_id: i64) -> Result<Vec<OrderRequest>> {
    let rows = sqlx::query("SELECT * FROM order_requests WHERE order_id = $1 ORDER BY id")
        .bind(order_id)
        .fetch_all(&mut *conn)
        .await?;
    rows.iter().map(request).collect()
}

pub async fn get(conn: &mut Conn, id: i64) -> Result<Option<OrderRequest>> {
    let row = sqlx::query("SELECT * FROM order_requests WHERE id = $1")
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?;
    row.as_ref().map(request).transpose()
}

pub async fn set_state(
    conn: &mut Conn,
    id: i64,
    state: &str,
    details: &serde_json::Value,
    now: Millis,
) -> Result<()> {
    sqlx::query(
        "UPDATE order_requests SET state = $1, details = $2, updated_at = $3 WHERE id = $4",
    )
    .bind(state)
    .bind(details.to_string())
    .bind(now)
    .bind(id)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Freezes (or with `None` unfreezes) an account.
pub async fn set_frozen(conn: &mut Conn, person_id: i64, frozen_at: Option<Millis>) -> Result<()> {
    sqlx::query("UPDATE people SET frozen_at = $1 WHERE id = $2")
        .bind(frozen_at)
        .bind(person_id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

pub async fn frozen_at(conn: &mut Conn, person_id: i64) -> Result<Option<Millis>> {
    let at: Option<Option<i64>> = sqlx::query_scalar("SELECT frozen_at FROM people WHERE id = $1")
        .bind(person_id)
        .fetch_optional(&mut *conn)
        .await?;
    Ok(at.flatten())
}

/// Parcels flagged damaged whose customer has since sent a photo on the
/// trouble ticket, and for which no carrier claim exists yet: (shipment,
/// order number, ticket). Oldest first.
pub async fn damaged_with_photos(conn: &mut Conn, limit: i64) -> Result<Vec<(i64, String, i64)>> {
    let rows: Vec<(i64, String, i64)> = sqlx::query_as(
        "SELECT s.id, o.number, t.id FROM shipments s \
         JOIN orders o ON o.id = s.order_id \
         JOIN ticket_orders tor ON tor.order_id = o.id \
         JOIN tickets t ON t.id = tor.ticket_id \
         JOIN ticket_tags tt ON tt.ticket_id = t.id AND tt.tag = 'damaged' \
         WHERE s.flagged_trouble = 'damaged' \
         AND t.status IN ('new', 'open', 'pending', 'on_hold') \
         AND NOT EXISTS (SELECT 1 FROM order_requests r WHERE r.shipment_id = s.id AND r.kind = 'carrier_claim') \
         AND EXISTS (SELECT 1 FROM messages m JOIN attachments a ON a.message_id = m.id \
                     WHERE m.ticket_id = t.id AND m.author_id = t.requester_id \
                     AND a.content_type LIKE 'image/%' AND m.created_at >= s.flagged_at) \
         ORDER BY s.id LIMIT $1",
    )
    .bind(limit)
    .fetch_all(&mut *conn)
    .await?;
    Ok(rows)
}
