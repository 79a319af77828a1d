//! Printable documents: the return label and the invoice, as PDF.
//!
//! The CJK-capable font (tens of MB) is loaded on first use, not at start, so
//! an idle server stays small.

use std::sync::OnceLock;

use marketdesk_documents::{Fonts, Invoice, InvoiceLine, LabelItem, PostalAddress, ReturnLabel};
use marketdesk_domain::commerce::PaymentKind;
use marketdesk_store::{commerce, people};
use serde_json::Value;

use crate::{Result, ServiceError, Services, Viewer, rfc3339};

fn fonts() -> &'static Fonts {
    static FONTS: OnceLock<Fonts> = OnceLock::new();
    FONTS.get_or_init(Fonts::load)
}

fn field(address: &Value, key: &str) -> String {
    address[key].as_str().unwrap_or_default().to_string()
}

fn optional(address: &Value, key: &str) -> Option<String> {
    address[key]
        .as_str()
        .filter(|s| !s.is_empty())
        .map(String::from)
}

/// An address kept as JSON (orders, warehouses) for printing.
fn postal(address: &Value) -> PostalAddress {
    PostalAddress {
        name: field(address, "name"),
        line1: field(address, "line1"),
        line2: optional(address, "line2"),
        city: field(address, "city"),
        region: optional(address, "region"),
        postal_code: field(address, "postal_code"),
        country: field(address, "country"),
    }
}

fn date(ms: i64) -> String {
    rfc3339(ms).chars().take(10).collect()
}

impl Services {
    /// The return label of a return the viewer may see.
    pub async fn return_label_pdf(&self, viewer: &Viewer, rma: &str) -> Result<Vec<u8>> {
        let (case, order, meta) = self.get_return(viewer, rma).await?;
        let label = ReturnLabel {
            rma: case.rma.clone(),
            order_number: order.number.clone(),
            carrier: case
                .carrier
                .clone()
                .unwrap_or_else(|| "Standard Post".into()),
            language: meta["language"].as_str().unwrap_or("en").to_string(),
            expires_at: case
                .label_expires_at
                .as_deref()
                .map(|t| t.chars().take(10).collect())
                .unwrap_or_default(),
            from: postal(&order.shipping_address),
            to: postal(&case.return_address),
            items: case
                .lines
                .iter()
                .map(|l| LabelItem {
                    sku: l.sku.clone(),
                    title: l.title.clone(),
                    quantity: l.quantity,
                })
                .collect(),
        };
        marketdesk_documents::return_label(&label, fonts())
            .map_err(|e| ServiceError::Unexpected(anyhow::anyhow!("return label: {e}")))
    }

    /// The invoice of an order the viewer may see, in its customer's language.
    pub async fn invoice_pdf(&self, viewer: &Viewer, order_ref: &str) -> Result<Vec<u8>> {
        let detail = self.whole_order(viewer, order_ref).await?;
        let mut conn = self.store.reader().await?;
        let order = commerce::get_order(&mut conn, detail.order.id)
            .await?
            .ok_or(ServiceError::NotFound("order"))?;
        let language = people::get(&mut conn, order.customer_id)
            .await?
            .map(|c| c.language)
            .unwrap_or_else(|| "en".into());
        let shop = &self.policy().shop;
        let seller = PostalAddress {
            name: shop.name.clone(),
            line1: shop.line1.clone(),
            line2: None,
            city: shop.city.clone(),
            region: None,
            postal_code: shop.postal_code.clone(),
            country: shop.country.clone(),
        };
        let method = detail
            .payments
            .iter()
            .find(|p| p.kind == PaymentKind::Capture || p.kind == PaymentKind::Authorization)
            .map(|p| p.method.to_string())
            .unwrap_or_default();
        let address = postal(&order.shipping_address);
        let invoice = Invoice {
            number: format!("INV-{}", order.number),
            issued_at: date(order.placed_at),
            language,
            currency: order.currency.clone(),
            order_number: order.number.clone(),
            seller,
            bill_to: address.clone(),
            ship_to: address,
            lines: detail
                .lines
                .iter()
                .map(|l| InvoiceLine {
                    sku: l.sku.clone(),
                    title: l.title.clone(),
                    variant: l.variant.as_object().filter(|v| !v.is_empty()).map(|v| {
                        v.iter()
                            .map(|(k, v)| format!("{k}: {}", v.as_str().unwrap_or_default()))
                            .collect::<Vec<_>>()
                            .join(", ")
                    }),
                    quantity: l.quantity,
                    unit_price_minor: l.unit_price_minor,
                    discount_minor: l.discount_minor,
                })
                .collect(),
            order_discount_minor: order.discount_minor,
            shipping_minor: order.shipping_minor,
            tax_minor: order.tax_minor,
            total_minor: order.total_minor,
            payment_method: method,
        };
        marketdesk_documents::invoice(&invoice, fonts())
            .map_err(|e| ServiceError::Unexpected(anyhow::anyhow!("invoice: {e}")))
    }
}
