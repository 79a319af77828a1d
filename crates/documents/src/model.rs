//! What the caller hands in: plain data, already formatted where formatting
//! depends on things this crate does not know (dates and time zones).

use serde::{Deserialize, Serialize};

/// A postal address as printed, one field a line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PostalAddress {
    pub name: String,
    pub line1: String,
    pub line2: Option<String>,
    pub city: String,
    pub region: Option<String>,
    pub postal_code: String,
    /// Country name or ISO code, printed as given.
    pub country: String,
}

impl PostalAddress {
    /// The lines to print: name, street lines, `postal_code city region`,
    /// country. Empty optional lines are left out.
    pub(crate) fn lines(&self) -> Vec<String> {
        let mut lines = vec![self.name.clone(), self.line1.clone()];
        if let Some(line2) = non_empty(&self.line2) {
            lines.push(line2.to_string());
        }
        let mut locality = format!("{} {}", self.postal_code.trim(), self.city.trim());
        if let Some(region) = non_empty(&self.region) {
            locality.push_str(", ");
            locality.push_str(region);
        }
        lines.push(locality.trim().to_string());
        lines.push(self.country.clone());
        lines.retain(|line| !line.trim().is_empty());
        lines
    }
}

fn non_empty(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

/// One article going back in the parcel.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LabelItem {
    pub sku: String,
    pub title: String,
    pub quantity: i64,
}

/// A return shipping label for one RMA.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReturnLabel {
    /// Printable ASCII (Code 128 set B), such as `RMA-20001`.
    pub rma: String,
    pub order_number: String,
    pub carrier: String,
    /// The customer's language tag (`en`, `zh-CN`, `es-MX`…); others fall
    /// back to English.
    pub language: String,
    /// The last day the label may be used, already formatted for the reader.
    pub expires_at: String,
    /// The customer sending the parcel back.
    pub from: PostalAddress,
    /// The warehouse receiving it.
    pub to: PostalAddress,
    pub items: Vec<LabelItem>,
}

/// One invoice line. Money is in minor units of the invoice's currency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvoiceLine {
    pub sku: String,
    pub title: String,
    pub variant: Option<String>,
    pub quantity: i64,
    pub unit_price_minor: i64,
    /// Discount on the whole line (not per unit).
    pub discount_minor: i64,
}

/// An invoice for one order. Money is in minor units of `currency`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Invoice {
    pub number: String,
    /// The date of issue, already formatted for the reader.
    pub issued_at: String,
    /// The customer's language tag (`en`, `zh-CN`, `es-MX`…); others fall
    /// back to English.
    pub language: String,
    /// ISO 4217 code such as `EUR` or `JPY`.
    pub currency: String,
    pub order_number: String,
    /// The shop: its name and address head the invoice.
    pub seller: PostalAddress,
    pub bill_to: PostalAddress,
    pub ship_to: PostalAddress,
    pub lines: Vec<InvoiceLine>,
    pub order_discount_minor: i64,
    pub shipping_minor: i64,
    pub tax_minor: i64,
    pub total_minor: i64,
    /// As it should read, such as `Visa •••• 4242` or `PayPal`.
    pub payment_method: String,
}
