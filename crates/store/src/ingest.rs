//! Lookups and updates for ingesting the shop's commerce data by the
//! platform's own ids, so replaying a feed changes nothing twice.

use marketdesk_domain::Millis;
use marketdesk_domain::commerce::ShipmentStatus;

use crate::commerce::{OrderLineRow, OrderRow, PaymentRow, ShipmentRow};
use crate::people::PersonRow;
use crate::{Conn, Result};

pub async fn person_by_external_id(
    conn: &mut Conn,
    external_id: &str,
) -> Result<Option<PersonRow>> {
    let id: Option<i64> = sqlx::query_scalar("SELECT id FROM people WHERE external_id = $1")
        .bind(external_id)
        .fetch_optional(&mut *conn)
        .await?;
    match id {
        Some(id) => crate::people::get(conn, id).await,
        None => Ok(None),
    }
}

pub async fn set_person_external_id(conn: &mut Conn, id: i64, external_id: &str) -> Result<()> {
    sqlx::query("UPDATE people SET external_id = $1 WHERE id = $2 AND external_id IS NULL")
        .bind(external_id)
        .bind(id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

pub async fn order_by_external_id(conn: &mut Conn, external_id: &str) -> Result<Option<OrderRow>> {
    let id: Option<i64> = sqlx::query_scalar("SELECT id FROM orders WHERE external_id = $1")
        .bind(external_id)
        .fetch_optional(&mut *conn)
        .await?;
    match id {
        Some(id) => crate::commerce::get_order(conn, id).await,
        None => Ok(None),
    }
}

/// Rewrites an existing line (same order and line number).
pub async fn update_line(conn: &mut Conn, l: &OrderLineRow) -> Result<()> {
    sqlx::query(
        "UPDATE order_lines SET sku = $1, title = $2, variant = $3, category = $4, quantity = $5, unit_price_minor = $6, \
         discount_minor = $7, seller_id = $8, final_sale = $9 WHERE order_id = $10 AND line_no = $11",
    )
    .bind(&l.sku)
    .bind(&l.title)
    .bind(l.variant.to_string())
    .bind(&l.category)
    .bind(l.quantity)
    .bind(l.unit_price_minor)
    .bind(l.discount_minor)
    .bind(l.seller_id)
    .bind(i64::from(l.final_sale))
    .bind(l.order_id)
    .bind(l.line_no)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

pub async fn set_customer(conn: &mut Conn, order_id: i64, customer_id: i64) -> Result<()> {
    sqlx::query("UPDATE orders SET customer_id = $1 WHERE id = $2")
        .bind(customer_id)
        .bind(order_id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// A payment of an order by the provider's reference.
pub async fn payment_by_reference(
    conn: &mut Conn,
    order_id: i64,
    reference: &str,
) -> Result<Option<(i64, String)>> {
    let row: Option<(i64, String)> = sqlx::query_as(
        "SELECT id, status FROM payments WHERE order_id = $1 AND provider_reference = $2",
    )
    .bind(order_id)
    .bind(reference)
    .fetch_optional(&mut *conn)
    .await?;
    Ok(row)
}

pub async fn update_payment(conn: &mut Conn, id: i64, p: &PaymentRow) -> Result<()> {
    sqlx::query(
        "UPDATE payments SET status = $1, amount_minor = $2, decline_code = $3 WHERE id = $4",
    )
    .bind(p.status.as_str())
    .bind(p.amount_minor)
    .bind(p.decline_code.as_deref())
    .bind(id)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

pub async fn shipment_by_tracking(
    conn: &mut Conn,
    carrier: &str,
    tracking_number: &str,
) -> Result<Option<ShipmentRow>> {
    let id: Option<i64> =
        sqlx::query_scalar("SELECT id FROM shipments WHERE carrier = $1 AND tracking_number = $2")
            .bind(carrier)
            .bind(tracking_number)
            .fetch_optional(&mut *conn)
            .await?;
    match id {
        Some(id) => crate::commerce::get_shipment(conn, id).await,
        None => Ok(None),
    }
}

pub async fn update_shipment(conn: &mut Conn, s: &ShipmentRow) -> Result<()> {
    sqlx::query(
        "UPDATE shipments SET status = $1, exception_reason = $2, cross_border = $3, estimated_delivery_at = $4, delivered_at = $5, \
         updated_at = $6 WHERE id = $7",
    )
    .bind(s.status.as_str())
    .bind(s.exception_reason.as_deref())
    .bind(i64::from(s.cross_border))
    .bind(s.estimated_delivery_at)
    .bind(s.delivered_at)
    .bind(s.updated_at)
    .bind(s.id)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

pub async fn event_exists(
    conn: &mut Conn,
    shipment_id: i64,
    occurred_at: Millis,
    status: ShipmentStatus,
) -> Result<bool> {
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM tracking_events WHERE shipment_id = $1 AND occurred_at = $2 AND status = $3")
        .bind(shipment_id)
        .bind(occurred_at)
        .bind(status.as_str())
        .fetch_one(&mut *conn)
        .await?;
    Ok(n > 0)
}

pub async fn set_order_external_id(
    conn: &mut Conn,
    order_id: i64,
    external_id: &str,
) -> Result<()> {
    sqlx::query("UPDATE orders SET external_id = $1 WHERE id = $2 AND external_id IS NULL")
        .bind(external_id)
        .bind(order_id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}
