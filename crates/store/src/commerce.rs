//! The shop's orders, lines, payments, shipments with tracking, and returns.
//!
//! Records only: the rules for changing them live in the domain crate and the
//! after-sales services.

use marketdesk_domain::Millis;
use marketdesk_domain::commerce::{
    OrderStatus, PaymentKind, PaymentMethod, PaymentStatus, ReturnReason, ReturnStatus,
    ShipmentStatus,
};
use sqlx::any::AnyRow;

use crate::row::{flag, int, json, opt_int, opt_text, parsed, text};
use crate::{Conn, Result, conflict_as};

#[derive(Debug, Clone, PartialEq)]
pub struct OrderRow {
    pub id: i64,
    pub number: String,
    pub external_id: Option<String>,
    pub customer_id: i64,
    pub status: OrderStatus,
    pub currency: String,
    pub subtotal_minor: i64,
    pub discount_minor: i64,
    pub shipping_minor: i64,
    pub tax_minor: i64,
    pub total_minor: i64,
    pub shipping_address: serde_json::Value,
    pub phone: Option<String>,
    pub placed_at: Millis,
    pub updated_at: Millis,
}

#[derive(Debug, Clone, PartialEq)]
pub struct OrderLineRow {
    pub id: i64,
    pub order_id: i64,
    pub line_no: i64,
    pub sku: String,
    pub title: String,
    pub variant: serde_json::Value,
    pub category: String,
    pub quantity: i64,
    pub unit_price_minor: i64,
    pub discount_minor: i64,
    pub seller_id: Option<i64>,
    pub final_sale: bool,
    /// Units cancelled before shipping (refunded, not to be shipped).
    pub cancelled_quantity: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaymentRow {
    pub id: i64,
    pub order_id: i64,
    pub kind: PaymentKind,
    pub method: PaymentMethod,
    /// `succeeded`, `failed` or `pending`.
    pub status: PaymentStatus,
    pub amount_minor: i64,
    pub currency: String,
    pub decline_code: Option<String>,
    pub provider_reference: String,
    pub created_at: Millis,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShipmentRow {
    pub id: i64,
    pub order_id: i64,
    pub carrier: String,
    pub tracking_number: String,
    pub status: ShipmentStatus,
    pub exception_reason: Option<String>,
    pub cross_border: bool,
    pub estimated_delivery_at: Option<Millis>,
    pub label_created_at: Millis,
    pub delivered_at: Option<Millis>,
    pub created_at: Millis,
    pub updated_at: Millis,
    /// The trouble the shipment watch last reported (`stalled`, …).
    pub flagged_trouble: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrackingEventRow {
    pub id: i64,
    pub shipment_id: i64,
    pub occurred_at: Millis,
    pub status: ShipmentStatus,
    pub location: String,
    pub description: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReturnRow {
    pub id: i64,
    pub rma: String,
    pub order_id: i64,
    pub status: ReturnStatus,
    pub reason: ReturnReason,
    pub note: String,
    pub created_at: Millis,
    pub updated_at: Millis,
}

pub async fn insert_order(conn: &mut Conn, o: &OrderRow) -> Result<i64> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO orders (number, external_id, customer_id, status, currency, subtotal_minor, discount_minor, shipping_minor, \
         tax_minor, total_minor, shipping_address, phone, placed_at, updated_at, number_digits) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) RETURNING id",
    )
    .bind(&o.number)
    .bind(o.external_id.as_deref())
    .bind(o.customer_id)
    .bind(o.status.as_str())
    .bind(&o.currency)
    .bind(o.subtotal_minor)
    .bind(o.discount_minor)
    .bind(o.shipping_minor)
    .bind(o.tax_minor)
    .bind(o.total_minor)
    .bind(o.shipping_address.to_string())
    .bind(o.phone.as_deref().map(crate::people::stored_phone))
    .bind(o.placed_at)
    .bind(o.updated_at)
    .bind(marketdesk_domain::phone::keypad_digits(&o.number))
    .fetch_one(&mut *conn)
    .await
    .map_err(conflict_as("an order with this number"))?;
    Ok(id)
}

/// A change marketdesk made to an order's `field` (`shipping_address`,
/// `phone`, `line:3:variant`), kept so an older feed does not undo it.
pub async fn record_local_change(
    conn: &mut Conn,
    order_id: i64,
    field: &str,
    value: &serde_json::Value,
    at: Millis,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO order_local_changes (order_id, field, value, changed_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (order_id, field) DO UPDATE SET value = excluded.value, changed_at = excluded.changed_at",
    )
    .bind(order_id)
    .bind(field)
    .bind(value.to_string())
    .bind(at)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// The changes marketdesk made to an order: (field, value, when).
pub async fn local_changes(
    conn: &mut Conn,
    order_id: i64,
) -> Result<Vec<(String, serde_json::Value, Millis)>> {
    let rows = sqlx::query(
        "SELECT field, value, changed_at FROM order_local_changes WHERE order_id = $1 ORDER BY field",
    )
    .bind(order_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|r| Ok((text(r, "field")?, json(r, "value")?, int(r, "changed_at")?)))
        .collect()
}

/// The platform has a newer word on `field`: the change is no longer kept.
pub async fn forget_local_change(conn: &mut Conn, order_id: i64, field: &str) -> Result<()> {
    sqlx::query("DELETE FROM order_local_changes WHERE order_id = $1 AND field = $2")
        .bind(order_id)
        .bind(field)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// A newer feed disagreed with a change marketdesk made.
pub async fn add_conflict(
    conn: &mut Conn,
    order_id: i64,
    field: &str,
    local: &serde_json::Value,
    platform: &serde_json::Value,
    at: Millis,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO order_conflicts (order_id, field, local_value, platform_value, detected_at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(order_id)
    .bind(field)
    .bind(local.to_string())
    .bind(platform.to_string())
    .bind(at)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// An order's conflicts: (field, marketdesk's value, the feed's, when), newest first.
/// A platform feed that disagreed with a change made here.
#[derive(Debug, Clone, PartialEq)]
pub struct ConflictRow {
    pub id: i64,
    pub field: String,
    pub local_value: serde_json::Value,
    pub platform_value: serde_json::Value,
    pub detected_at: Millis,
    pub handled_at: Option<Millis>,
    pub handled_by: Option<i64>,
}

pub async fn conflicts_of(conn: &mut Conn, order_id: i64) -> Result<Vec<ConflictRow>> {
    let rows = sqlx::query(
        "SELECT id, field, local_value, platform_value, detected_at, handled_at, handled_by FROM order_conflicts \
         WHERE order_id = $1 ORDER BY id DESC LIMIT 50",
    )
    .bind(order_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(ConflictRow {
                id: int(r, "id")?,
                field: text(r, "field")?,
                local_value: json(r, "local_value")?,
                platform_value: json(r, "platform_value")?,
                detected_at: int(r, "detected_at")?,
                handled_at: opt_int(r, "handled_at")?,
                handled_by: opt_int(r, "handled_by")?,
            })
        })
        .collect()
}

/// Marks a conflict of the order handled; false when there is no such
/// conflict or it was already handled.
pub async fn mark_conflict_handled(
    conn: &mut Conn,
    order_id: i64,
    conflict_id: i64,
    by: Option<i64>,
    now: Millis,
) -> Result<bool> {
    let done = sqlx::query(
        "UPDATE order_conflicts SET handled_at = $1, handled_by = $2 WHERE id = $3 AND order_id = $4 AND handled_at IS NULL",
    )
    .bind(now)
    .bind(by)
    .bind(conflict_id)
    .bind(order_id)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Notes that order `order_id` took `status` at `at` (its history).
pub async fn record_status(
    conn: &mut Conn,
    order_id: i64,
    status: OrderStatus,
    at: Millis,
) -> Result<()> {
    sqlx::query("INSERT INTO order_status_history (order_id, status, at) VALUES ($1, $2, $3)")
        .bind(order_id)
        .bind(status.as_str())
        .bind(at)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// The statuses an order took, oldest first (at most 100).
pub async fn status_history(conn: &mut Conn, order_id: i64) -> Result<Vec<(OrderStatus, Millis)>> {
    let rows = sqlx::query(
        "SELECT status, at FROM order_status_history WHERE order_id = $1 ORDER BY at, id LIMIT 100",
    )
    .bind(order_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|r| Ok((parsed(r, "status", OrderStatus::parse)?, int(r, "at")?)))
        .collect()
}

pub async fn insert_line(conn: &mut Conn, l: &OrderLineRow) -> Result<i64> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO order_lines (order_id, line_no, sku, title, variant, category, quantity, unit_price_minor, discount_minor, \
         seller_id, final_sale) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id",
    )
    .bind(l.order_id)
    .bind(l.line_no)
    .bind(&l.sku)
    .bind(&l.title)
    .bind(l.variant.to_string())
    .bind(&l.category)
    .bind(l.quantity)
    .bind(l.unit_price_minor)
    .bind(l.discount_minor)
    .bind(l.seller_id)
    .bind(i64::from(l.final_sale))
    .fetch_one(&mut *conn)
    .await?;
    Ok(id)
}

pub async fn insert_payment(conn: &mut Conn, p: &PaymentRow) -> Result<i64> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO payments (order_id, kind, method, status, amount_minor, currency, decline_code, provider_reference, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
    )
    .bind(p.order_id)
    .bind(p.kind.as_str())
    .bind(p.method.as_str())
    .bind(p.status.as_str())
    .bind(p.amount_minor)
    .bind(&p.currency)
    .bind(p.decline_code.as_deref())
    .bind(&p.provider_reference)
    .bind(p.created_at)
    .fetch_one(&mut *conn)
    .await?;
    Ok(id)
}

pub async fn insert_shipment(
    conn: &mut Conn,
    s: &ShipmentRow,
    lines: &[(i64, i64)],
) -> Result<i64> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO shipments (order_id, carrier, tracking_number, status, exception_reason, cross_border, estimated_delivery_at, \
         label_created_at, delivered_at, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id",
    )
    .bind(s.order_id)
    .bind(&s.carrier)
    .bind(&s.tracking_number)
    .bind(s.status.as_str())
    .bind(s.exception_reason.as_deref())
    .bind(i64::from(s.cross_border))
    .bind(s.estimated_delivery_at)
    .bind(s.label_created_at)
    .bind(s.delivered_at)
    .bind(s.created_at)
    .bind(s.updated_at)
    .fetch_one(&mut *conn)
    .await
    .map_err(conflict_as("a shipment with this tracking number"))?;
    insert_line_quantities(
        conn,
        "INSERT INTO shipment_lines (shipment_id, order_line_id, quantity) VALUES ($1, $2, $3)",
        id,
        lines,
    )
    .await?;
    Ok(id)
}

/// The (order line, quantity) pairs of a shipment or a return; `insert`
/// takes the parent's id, the line and the quantity, in that order.
async fn insert_line_quantities(
    conn: &mut Conn,
    insert: &'static str,
    parent_id: i64,
    lines: &[(i64, i64)],
) -> Result<()> {
    for (line_id, quantity) in lines {
        sqlx::query(insert)
            .bind(parent_id)
            .bind(*line_id)
            .bind(*quantity)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

pub async fn insert_tracking_event(conn: &mut Conn, e: &TrackingEventRow) -> Result<i64> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO tracking_events (shipment_id, occurred_at, status, location, description) VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(e.shipment_id)
    .bind(e.occurred_at)
    .bind(e.status.as_str())
    .bind(&e.location)
    .bind(&e.description)
    .fetch_one(&mut *conn)
    .await?;
    Ok(id)
}

pub async fn insert_return(conn: &mut Conn, r: &ReturnRow, lines: &[(i64, i64)]) -> Result<i64> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO returns (rma, order_id, status, reason, note, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(&r.rma)
    .bind(r.order_id)
    .bind(r.status.as_str())
    .bind(r.reason.as_str())
    .bind(&r.note)
    .bind(r.created_at)
    .bind(r.updated_at)
    .fetch_one(&mut *conn)
    .await
    .map_err(conflict_as("a return with this RMA number"))?;
    insert_line_quantities(
        conn,
        "INSERT INTO return_lines (return_id, order_line_id, quantity) VALUES ($1, $2, $3)",
        id,
        lines,
    )
    .await?;
    Ok(id)
}

fn order(row: &AnyRow) -> Result<OrderRow> {
    Ok(OrderRow {
        id: int(row, "id")?,
        number: text(row, "number")?,
        external_id: opt_text(row, "external_id")?,
        customer_id: int(row, "customer_id")?,
        status: parsed(row, "status", OrderStatus::parse)?,
        currency: text(row, "currency")?,
        subtotal_minor: int(row, "subtotal_minor")?,
        discount_minor: int(row, "discount_minor")?,
        shipping_minor: int(row, "shipping_minor")?,
        tax_minor: int(row, "tax_minor")?,
        total_minor: int(row, "total_minor")?,
        shipping_address: json(row, "shipping_address")?,
        phone: opt_text(row, "phone")?,
        placed_at: int(row, "placed_at")?,
        updated_at: int(row, "updated_at")?,
    })
}

pub async fn get_order(conn: &mut Conn, id: i64) -> Result<Option<OrderRow>> {
    let row = sqlx::query("SELECT * FROM orders WHERE id = $1")
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?;
    row.as_ref().map(order).transpose()
}

/// Orders whose number has these digits (`240101` finds `SO-240101`), a few at most.
pub async fn find_orders_by_digits(conn: &mut Conn, digits: &str) -> Result<Vec<OrderRow>> {
    let rows = sqlx::query("SELECT * FROM orders WHERE number_digits = $1 ORDER BY id LIMIT 5")
        .bind(digits)
        .fetch_all(&mut *conn)
        .await?;
    rows.iter().map(order).collect()
}

pub async fn find_order_by_number(conn: &mut Conn, number: &str) -> Result<Option<OrderRow>> {
    let row = sqlx::query("SELECT * FROM orders WHERE number = $1")
        .bind(number)
        .fetch_optional(&mut *conn)
        .await?;
    row.as_ref().map(order).transpose()
}

/// Orders, newest first; only a customer's, or only those with a seller's
/// listings, when asked.
pub async fn list_orders(
    conn: &mut Conn,
    customer_id: Option<i64>,
    seller_id: Option<i64>,
    before: Option<i64>,
    limit: i64,
) -> Result<Vec<OrderRow>> {
    let rows = sqlx::query(
        "SELECT * FROM orders o WHERE o.id < $1 AND ($2 = 0 OR o.customer_id = $3) \
         AND ($4 = 0 OR EXISTS (SELECT 1 FROM order_lines l WHERE l.order_id = o.id AND l.seller_id = $5)) \
         ORDER BY o.id DESC LIMIT $6",
    )
    .bind(before.unwrap_or(i64::MAX))
    .bind(i64::from(customer_id.is_some()))
    .bind(customer_id.unwrap_or(0))
    .bind(i64::from(seller_id.is_some()))
    .bind(seller_id.unwrap_or(0))
    .bind(limit)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter().map(order).collect()
}

pub async fn lines_of(conn: &mut Conn, order_id: i64) -> Result<Vec<OrderLineRow>> {
    let rows = sqlx::query("SELECT * FROM order_lines WHERE order_id = $1 ORDER BY line_no")
        .bind(order_id)
        .fetch_all(&mut *conn)
        .await?;
    rows.iter()
        .map(|r| {
            Ok(OrderLineRow {
                id: int(r, "id")?,
                order_id: int(r, "order_id")?,
                line_no: int(r, "line_no")?,
                sku: text(r, "sku")?,
                title: text(r, "title")?,
                variant: json(r, "variant")?,
                category: text(r, "category")?,
                quantity: int(r, "quantity")?,
                unit_price_minor: int(r, "unit_price_minor")?,
                discount_minor: int(r, "discount_minor")?,
                seller_id: opt_int(r, "seller_id")?,
                final_sale: flag(r, "final_sale")?,
                cancelled_quantity: int(r, "cancelled_quantity")?,
            })
        })
        .collect()
}

pub async fn payments_of(conn: &mut Conn, order_id: i64) -> Result<Vec<PaymentRow>> {
    let rows = sqlx::query("SELECT * FROM payments WHERE order_id = $1 ORDER BY id")
        .bind(order_id)
        .fetch_all(&mut *conn)
        .await?;
    rows.iter()
        .map(|r| {
            Ok(PaymentRow {
                id: int(r, "id")?,
                order_id: int(r, "order_id")?,
                kind: parsed(r, "kind", PaymentKind::parse)?,
                method: parsed(r, "method", PaymentMethod::parse)?,
                status: parsed(r, "status", PaymentStatus::parse)?,
                amount_minor: int(r, "amount_minor")?,
                currency: text(r, "currency")?,
                decline_code: opt_text(r, "decline_code")?,
                provider_reference: text(r, "provider_reference")?,
                created_at: int(r, "created_at")?,
            })
        })
        .collect()
}

/// Returns of an order that take back at least one line of this seller.
pub async fn return_ids_of_seller(
    conn: &mut Conn,
    order_id: i64,
    seller_id: i64,
) -> Result<Vec<i64>> {
    Ok(sqlx::query_scalar(
        "SELECT DISTINCT rl.return_id FROM return_lines rl JOIN order_lines l ON l.id = rl.order_line_id \
         WHERE l.order_id = $1 AND l.seller_id = $2",
    )
    .bind(order_id)
    .bind(seller_id)
    .fetch_all(&mut *conn)
    .await?)
}

/// Shipments of an order that carry a line of another seller and none of
/// this one's: what this seller is not shown.
pub async fn shipment_ids_of_others(
    conn: &mut Conn,
    order_id: i64,
    seller_id: i64,
) -> Result<Vec<i64>> {
    Ok(sqlx::query_scalar(
        "SELECT s.id FROM shipments s WHERE s.order_id = $1 \
         AND EXISTS (SELECT 1 FROM shipment_lines sl WHERE sl.shipment_id = s.id) \
         AND NOT EXISTS (SELECT 1 FROM shipment_lines sl JOIN order_lines l ON l.id = sl.order_line_id \
                         WHERE sl.shipment_id = s.id AND l.seller_id = $2)",
    )
    .bind(order_id)
    .bind(seller_id)
    .fetch_all(&mut *conn)
    .await?)
}

pub async fn shipments_of(
    conn: &mut Conn,
    order_id: i64,
) -> Result<Vec<(ShipmentRow, Vec<TrackingEventRow>)>> {
    let rows = sqlx::query("SELECT * FROM shipments WHERE order_id = $1 ORDER BY id")
        .bind(order_id)
        .fetch_all(&mut *conn)
        .await?;
    with_events(conn, &rows).await
}

/// Shipment rows, each with its tracking events.
async fn with_events(
    conn: &mut Conn,
    rows: &[AnyRow],
) -> Result<Vec<(ShipmentRow, Vec<TrackingEventRow>)>> {
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        let shipment = shipment(r)?;
        let events = events_of(conn, shipment.id).await?;
        out.push((shipment, events));
    }
    Ok(out)
}

pub async fn returns_of(conn: &mut Conn, order_id: i64) -> Result<Vec<ReturnRow>> {
    let rows = sqlx::query("SELECT * FROM returns WHERE order_id = $1 ORDER BY id")
        .bind(order_id)
        .fetch_all(&mut *conn)
        .await?;
    rows.iter()
        .map(|r| {
            Ok(ReturnRow {
                id: int(r, "id")?,
                rma: text(r, "rma")?,
                order_id: int(r, "order_id")?,
                status: parsed(r, "status", ReturnStatus::parse)?,
                reason: parsed(r, "reason", ReturnReason::parse)?,
                note: text(r, "note")?,
                created_at: int(r, "created_at")?,
                updated_at: int(r, "updated_at")?,
            })
        })
        .collect()
}

/// Sellers of an order's lines.
pub async fn seller_ids_of_order(conn: &mut Conn, order_id: i64) -> Result<Vec<i64>> {
    Ok(sqlx::query_scalar(
        "SELECT DISTINCT seller_id FROM order_lines WHERE order_id = $1 AND seller_id IS NOT NULL ORDER BY seller_id",
    )
    .bind(order_id)
    .fetch_all(&mut *conn)
    .await?)
}

/// Order ids among `ids` that exist.
pub async fn existing_order_ids(conn: &mut Conn, ids: &[i64]) -> Result<Vec<i64>> {
    let mut found = Vec::new();
    for id in ids {
        let hit: Option<i64> = sqlx::query_scalar("SELECT id FROM orders WHERE id = $1")
            .bind(*id)
            .fetch_optional(&mut *conn)
            .await?;
        found.extend(hit);
    }
    Ok(found)
}

/// Locks an order row for the rest of the transaction (PostgreSQL), so two
/// actions on one order are decided one after the other. SQLite writes are
/// serialized already.
pub async fn lock_order(
    conn: &mut Conn,
    backend: crate::Backend,
    id: i64,
) -> Result<Option<OrderRow>> {
    let sql = match backend {
        crate::Backend::Postgres => "SELECT * FROM orders WHERE id = $1 FOR UPDATE",
        crate::Backend::Sqlite => "SELECT * FROM orders WHERE id = $1",
    };
    let row = sqlx::query(sql).bind(id).fetch_optional(&mut *conn).await?;
    row.as_ref().map(order).transpose()
}

/// Writes the mutable fields of an order: status, address, phone, amounts.
pub async fn update_order(conn: &mut Conn, o: &OrderRow) -> Result<()> {
    // A status change is kept in the order's history, whoever makes it.
    let before: Option<String> = sqlx::query_scalar("SELECT status FROM orders WHERE id = $1")
        .bind(o.id)
        .fetch_optional(&mut *conn)
        .await?;
    if before.as_deref().is_some_and(|b| b != o.status.as_str()) {
        record_status(conn, o.id, o.status, o.updated_at).await?;
    }
    sqlx::query(
        "UPDATE orders SET status = $1, shipping_address = $2, phone = $3, subtotal_minor = $4, discount_minor = $5, \
         total_minor = $6, updated_at = $7 WHERE id = $8",
    )
    .bind(o.status.as_str())
    .bind(o.shipping_address.to_string())
    .bind(o.phone.as_deref().map(crate::people::stored_phone))
    .bind(o.subtotal_minor)
    .bind(o.discount_minor)
    .bind(o.total_minor)
    .bind(o.updated_at)
    .bind(o.id)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

pub async fn set_cancelled_quantity(conn: &mut Conn, line_id: i64, cancelled: i64) -> Result<()> {
    sqlx::query("UPDATE order_lines SET cancelled_quantity = $1 WHERE id = $2")
        .bind(cancelled)
        .bind(line_id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

fn shipment(r: &AnyRow) -> Result<ShipmentRow> {
    Ok(ShipmentRow {
        id: int(r, "id")?,
        order_id: int(r, "order_id")?,
        carrier: text(r, "carrier")?,
        tracking_number: text(r, "tracking_number")?,
        status: parsed(r, "status", ShipmentStatus::parse)?,
        exception_reason: opt_text(r, "exception_reason")?,
        cross_border: flag(r, "cross_border")?,
        estimated_delivery_at: opt_int(r, "estimated_delivery_at")?,
        label_created_at: int(r, "label_created_at")?,
        delivered_at: opt_int(r, "delivered_at")?,
        created_at: int(r, "created_at")?,
        updated_at: int(r, "updated_at")?,
        flagged_trouble: opt_text(r, "flagged_trouble")?,
    })
}

/// Shipments still on their way (not delivered, expired or waiting at a
/// pickup point), oldest first, after the id `after`.
pub async fn open_shipments(
    conn: &mut Conn,
    after: i64,
    limit: i64,
) -> Result<Vec<(ShipmentRow, Vec<TrackingEventRow>)>> {
    let rows = sqlx::query(
        "SELECT * FROM shipments WHERE id > $1 AND status NOT IN ('delivered', 'expired', 'available_for_pickup') ORDER BY id LIMIT $2",
    )
    .bind(after)
    .bind(limit)
    .fetch_all(&mut *conn)
    .await?;
    with_events(conn, &rows).await
}

pub async fn get_shipment(conn: &mut Conn, id: i64) -> Result<Option<ShipmentRow>> {
    let row = sqlx::query("SELECT * FROM shipments WHERE id = $1")
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?;
    row.as_ref().map(shipment).transpose()
}

/// Records what the shipment watch reported, and for a lost parcel the exception.
pub async fn flag_shipment(
    conn: &mut Conn,
    id: i64,
    trouble: &str,
    exception: Option<(&str, &str)>,
    now: Millis,
) -> Result<()> {
    match exception {
        Some((status, reason)) => {
            sqlx::query("UPDATE shipments SET flagged_trouble = $1, flagged_at = $2, status = $3, exception_reason = $4, updated_at = $2 WHERE id = $5")
                .bind(trouble)
                .bind(now)
                .bind(status)
                .bind(reason)
                .bind(id)
                .execute(&mut *conn)
                .await?;
        }
        None => {
            sqlx::query("UPDATE shipments SET flagged_trouble = $1, flagged_at = $2 WHERE id = $3")
                .bind(trouble)
                .bind(now)
                .bind(id)
                .execute(&mut *conn)
                .await?;
        }
    }
    Ok(())
}

/// The carrier scans of a shipment, oldest first.
pub async fn events_of(conn: &mut Conn, shipment_id: i64) -> Result<Vec<TrackingEventRow>> {
    let rows = sqlx::query(
        "SELECT * FROM tracking_events WHERE shipment_id = $1 ORDER BY occurred_at, id",
    )
    .bind(shipment_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|e| {
            Ok(TrackingEventRow {
                id: int(e, "id")?,
                shipment_id: int(e, "shipment_id")?,
                occurred_at: int(e, "occurred_at")?,
                status: parsed(e, "status", ShipmentStatus::parse)?,
                location: text(e, "location")?,
                description: text(e, "description")?,
            })
        })
        .collect()
}

/// A chargeback on a payment, as the provider reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaymentDispute {
    pub payment_id: i64,
    pub status: String,
    pub reason: String,
    pub due_at: Option<Millis>,
}

/// Records (or clears, with `None`) the chargeback on a payment.
pub async fn set_payment_dispute(
    conn: &mut Conn,
    payment_id: i64,
    dispute: Option<(&str, &str, Option<Millis>)>,
) -> Result<()> {
    let (status, reason, due) = match dispute {
        Some((s, r, d)) => (Some(s), Some(r), d),
        None => (None, None, None),
    };
    sqlx::query(
        "UPDATE payments SET dispute_status = $1, dispute_reason = $2, dispute_due_at = $3 WHERE id = $4",
    )
    .bind(status)
    .bind(reason)
    .bind(due)
    .bind(payment_id)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// The chargebacks on an order's payments.
pub async fn disputes_of(conn: &mut Conn, order_id: i64) -> Result<Vec<PaymentDispute>> {
    let rows = sqlx::query(
        "SELECT id, dispute_status, dispute_reason, dispute_due_at FROM payments \
         WHERE order_id = $1 AND dispute_status IS NOT NULL ORDER BY id",
    )
    .bind(order_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(PaymentDispute {
                payment_id: int(r, "id")?,
                status: text(r, "dispute_status")?,
                reason: opt_text(r, "dispute_reason")?.unwrap_or_default(),
                due_at: opt_int(r, "dispute_due_at")?,
            })
        })
        .collect()
}

/// An order's succeeded payment events summed by kind: the ledger without
/// reading every row (an order may carry thousands of them).
pub async fn payment_sums(conn: &mut Conn, order_id: i64) -> Result<Vec<(PaymentKind, i64)>> {
    let rows = sqlx::query(
        "SELECT kind, CAST(SUM(amount_minor) AS BIGINT) AS total FROM payments \
         WHERE order_id = $1 AND status = 'succeeded' GROUP BY kind",
    )
    .bind(order_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|r| Ok((parsed(r, "kind", PaymentKind::parse)?, int(r, "total")?)))
        .collect()
}

/// How the order was paid: the method of its first succeeded capture or
/// authorization.
pub async fn original_method(conn: &mut Conn, order_id: i64) -> Result<Option<PaymentMethod>> {
    let row = sqlx::query(
        "SELECT method FROM payments WHERE order_id = $1 AND status = 'succeeded' \
         AND kind IN ('capture', 'authorization') ORDER BY id LIMIT 1",
    )
    .bind(order_id)
    .fetch_optional(&mut *conn)
    .await?;
    row.as_ref()
        .map(|r| parsed(r, "method", PaymentMethod::parse))
        .transpose()
}
