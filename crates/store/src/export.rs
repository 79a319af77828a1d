//! A dump of every table as JSON lines: the export and the base for backups.

use serde_json::{Map, Value};
use sqlx::{Column, Row};

use crate::{Conn, Result};

/// Tables in an order that can be loaded back without breaking references.
pub const TABLES: &[&str] = &[
    "people",
    "teams",
    "team_members",
    "orders",
    "order_lines",
    "payments",
    "shipments",
    "shipment_lines",
    "tracking_events",
    "returns",
    "return_lines",
    "macros",
    "articles",
    "article_translations",
    "article_feedback",
    "search_misses",
    "tickets",
    "ticket_tags",
    "ticket_orders",
    "ticket_shares",
    "messages",
    "attachments",
    "promotions",
    "order_coupons",
    "refunds",
    "order_requests",
    "store_credits",
    "order_actions",
    "chat_sessions",
    "chat_messages",
    "audit_log",
    "webhook_deliveries",
    "api_tokens",
    "mail_outbox",
    "dispute_cases",
    "dispute_messages",
    "dispute_evidence",
    "seller_strikes",
    "seller_standings",
    "seller_notices",
    "buyer_flags",
];

/// Columns never exported: secrets stay in the instance.
const SECRET_COLUMNS: &[&str] = &["password_hash", "token_hash"];

/// Calls `emit` with `{"table": …, "row": {…}}` for every row of every table.
pub async fn dump(
    conn: &mut Conn,
    mut emit: impl FnMut(Value) -> std::io::Result<()>,
) -> Result<u64> {
    let mut count = 0;
    for table in TABLES {
        let sql = format!("SELECT * FROM {table}");
        let rows = sqlx::query(&sql).fetch_all(&mut *conn).await?;
        for row in rows {
            let mut object = Map::new();
            for (i, column) in row.columns().iter().enumerate() {
                let name = column.name();
                if SECRET_COLUMNS.contains(&name) {
                    continue;
                }
                object.insert(name.to_string(), cell(&row, i));
            }
            let line = serde_json::json!({ "table": table, "row": object });
            emit(line).map_err(sqlx::Error::Io)?;
            count += 1;
        }
    }
    Ok(count)
}

/// A cell as JSON. Our schema has only integers, text and nulls.
fn cell(row: &sqlx::any::AnyRow, i: usize) -> Value {
    if let Ok(v) = row.try_get::<Option<i64>, _>(i) {
        return v.map(Value::from).unwrap_or(Value::Null);
    }
    if let Ok(v) = row.try_get::<Option<String>, _>(i) {
        return v.map(Value::from).unwrap_or(Value::Null);
    }
    if let Ok(v) = row.try_get::<Option<f64>, _>(i) {
        return v.map(Value::from).unwrap_or(Value::Null);
    }
    Value::Null
}
