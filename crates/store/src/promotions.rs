//! Stored promotions and the coupon codes of orders.

use marketdesk_domain::Millis;

use crate::row::text;
use crate::{Conn, Result};

/// Creates or replaces a promotion definition (`kind` is `threshold` or `coupon`).
pub async fn put(
    conn: &mut Conn,
    kind: &str,
    key: &str,
    definition: &str,
    now: Millis,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO promotions (kind, key, definition, created_at, updated_at) VALUES ($1, $2, $3, $4, $4) \
         ON CONFLICT (kind, key) DO UPDATE SET definition = excluded.definition, updated_at = excluded.updated_at",
    )
    .bind(kind)
    .bind(key)
    .bind(definition)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Definitions of one kind, by key.
pub async fn all(conn: &mut Conn, kind: &str) -> Result<Vec<(String, String)>> {
    let rows = sqlx::query("SELECT key, definition FROM promotions WHERE kind = $1 ORDER BY key")
        .bind(kind)
        .fetch_all(&mut *conn)
        .await?;
    rows.iter()
        .map(|r| Ok((text(r, "key")?, text(r, "definition")?)))
        .collect()
}

pub async fn add_order_coupon(conn: &mut Conn, order_id: i64, code: &str) -> Result<()> {
    sqlx::query(
        "INSERT INTO order_coupons (order_id, code) VALUES ($1, $2) ON CONFLICT DO NOTHING",
    )
    .bind(order_id)
    .bind(code)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

pub async fn order_coupons(conn: &mut Conn, order_id: i64) -> Result<Vec<String>> {
    Ok(
        sqlx::query_scalar("SELECT code FROM order_coupons WHERE order_id = $1 ORDER BY code")
            .bind(order_id)
            .fetch_all(&mut *conn)
            .await?,
    )
}

/// How often a code was used on orders placed before `before` (all customers,
/// and this customer), not counting `order_id` itself.
pub async fn coupon_uses_before(
    conn: &mut Conn,
    code: &str,
    customer_id: i64,
    order_id: i64,
    before: Millis,
) -> Result<(i64, i64)> {
    let all: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM order_coupons c JOIN orders o ON o.id = c.order_id WHERE c.code = $1 AND o.id <> $2 AND o.placed_at < $3 AND o.status <> 'cancelled'",
    )
    .bind(code)
    .bind(order_id)
    .bind(before)
    .fetch_one(&mut *conn)
    .await?;
    let mine: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM order_coupons c JOIN orders o ON o.id = c.order_id WHERE c.code = $1 AND o.id <> $2 AND o.placed_at < $3 \
         AND o.status <> 'cancelled' AND o.customer_id = $4",
    )
    .bind(code)
    .bind(order_id)
    .bind(before)
    .bind(customer_id)
    .fetch_one(&mut *conn)
    .await?;
    Ok((all, mine))
}
