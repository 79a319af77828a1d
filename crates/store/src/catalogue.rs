//! The shop's catalogue: product variants with SKU, attributes, price and
//! stock, as the platform feeds them.

use marketdesk_domain::Millis;

use crate::row::{int, json, text};
use crate::{Conn, Result};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VariantRow {
    pub sku: String,
    pub product: String,
    /// A JSON object of text values: {"size": "L", "colour": "navy"}.
    pub attributes: serde_json::Value,
    pub price_minor: i64,
    pub currency: String,
    pub stock: i64,
}

pub async fn upsert(conn: &mut Conn, v: &VariantRow, now: Millis) -> Result<()> {
    sqlx::query(
        "INSERT INTO product_variants (sku, product, attributes, price_minor, currency, stock, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (sku) DO UPDATE SET product = excluded.product, \
         attributes = excluded.attributes, price_minor = excluded.price_minor, currency = excluded.currency, \
         stock = excluded.stock, updated_at = excluded.updated_at",
    )
    .bind(&v.sku)
    .bind(&v.product)
    .bind(v.attributes.to_string())
    .bind(v.price_minor)
    .bind(&v.currency)
    .bind(v.stock)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Every variant of the product `sku` belongs to (empty when the SKU is
/// not in the catalogue).
pub async fn siblings_of(conn: &mut Conn, sku: &str) -> Result<Vec<VariantRow>> {
    let rows = sqlx::query(
        "SELECT * FROM product_variants WHERE product = (SELECT product FROM product_variants WHERE sku = $1) \
         ORDER BY sku LIMIT 500",
    )
    .bind(sku)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter().map(variant).collect()
}

/// One variant by its SKU.
pub async fn get(conn: &mut Conn, sku: &str) -> Result<Option<VariantRow>> {
    let row = sqlx::query("SELECT * FROM product_variants WHERE sku = $1")
        .bind(sku)
        .fetch_optional(&mut *conn)
        .await?;
    row.as_ref().map(variant).transpose()
}

fn variant(r: &sqlx::any::AnyRow) -> Result<VariantRow> {
    Ok(VariantRow {
        sku: text(r, "sku")?,
        product: text(r, "product")?,
        attributes: json(r, "attributes")?,
        price_minor: int(r, "price_minor")?,
        currency: text(r, "currency")?,
        stock: int(r, "stock")?,
    })
}
