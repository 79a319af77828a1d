//! The shop's catalogue, fed by its platform: products and their variants
//! (SKU, attributes, price, stock). Size and colour changes pick from it.

use marketdesk_domain::Currency;
use marketdesk_domain::access::Permission;
use marketdesk_domain::text::required_line;
use marketdesk_store::catalogue::{self, VariantRow};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use utoipa::ToSchema;

use crate::{Result, ServiceError, Services, Viewer, now_ms};

/// Products in one feed, at most.
const MAX_PRODUCTS: usize = 500;
/// Variants of one product, at most.
const MAX_VARIANTS: usize = 200;

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct IngestProducts {
    pub products: Vec<IngestProduct>,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct IngestProduct {
    /// The platform's id of the product (variants of one product share it).
    pub product: String,
    pub variants: Vec<IngestVariant>,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct IngestVariant {
    pub sku: String,
    /// Text values, such as {"size": "L", "colour": "navy"}.
    #[schema(value_type = Object)]
    pub attributes: Map<String, Value>,
    pub price_minor: i64,
    pub currency: String,
    pub stock: i64,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ProductsIngested {
    pub variants: usize,
}

impl Services {
    /// Creates or updates products and their variants (`commerce:write`).
    pub async fn ingest_products(
        &self,
        viewer: &Viewer,
        input: IngestProducts,
    ) -> Result<ProductsIngested> {
        if !viewer.may(Permission::IngestCommerce) {
            return Err(ServiceError::forbidden("ingest commerce data"));
        }
        if input.products.len() > MAX_PRODUCTS {
            return Err(ServiceError::field(
                "products",
                format!("at most {MAX_PRODUCTS} per request"),
            ));
        }
        // Everything is checked before anything is written.
        let mut rows = Vec::new();
        for product in &input.products {
            let id = required_line("products.product", &product.product, 64)?;
            if product.variants.is_empty() || product.variants.len() > MAX_VARIANTS {
                return Err(ServiceError::field(
                    "products.variants",
                    format!("1 to {MAX_VARIANTS} variants per product"),
                ));
            }
            for v in &product.variants {
                if v.attributes.is_empty()
                    || v.attributes.len() > 10
                    || v.attributes
                        .values()
                        .any(|x| x.as_str().is_none_or(|s| s.len() > 60))
                {
                    return Err(ServiceError::field(
                        "products.variants.attributes",
                        "1 to 10 attributes with short text values, such as {\"size\": \"L\"}",
                    ));
                }
                if v.price_minor < 0 || v.stock < 0 {
                    return Err(ServiceError::field(
                        "products.variants.price_minor",
                        "price and stock must not be negative",
                    ));
                }
                let currency = Currency::parse(&v.currency).map_err(|e| {
                    ServiceError::field("products.variants.currency", e.to_string())
                })?;
                rows.push(VariantRow {
                    sku: required_line("products.variants.sku", &v.sku, 64)?,
                    product: id.clone(),
                    attributes: Value::Object(normalized(&v.attributes)),
                    price_minor: v.price_minor,
                    currency: currency.code().to_string(),
                    stock: v.stock,
                });
            }
        }
        let now = now_ms();
        let mut tx = self.store.begin().await?;
        for row in &rows {
            catalogue::upsert(&mut tx, row, now).await?;
        }
        tx.commit().await?;
        Ok(ProductsIngested {
            variants: rows.len(),
        })
    }
}

/// Attribute names lower-cased and values trimmed, so `{"Size": " L"}`
/// and `{"size": "L"}` are the same variant.
pub(crate) fn normalized(attributes: &Map<String, Value>) -> Map<String, Value> {
    attributes
        .iter()
        .map(|(k, v)| {
            (
                k.trim().to_lowercase(),
                Value::from(v.as_str().unwrap_or_default().trim()),
            )
        })
        .collect()
}

/// Whether two attribute sets name the same variant (values compared
/// without regard to case).
pub(crate) fn same_variant(a: &Map<String, Value>, b: &Map<String, Value>) -> bool {
    a.len() == b.len()
        && a.iter().all(|(k, v)| {
            b.get(k).is_some_and(|w| {
                v.as_str()
                    .unwrap_or_default()
                    .eq_ignore_ascii_case(w.as_str().unwrap_or_default())
            })
        })
}
