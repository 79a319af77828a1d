//! Printable documents — return labels and invoices — rendered to PDF.
//!
//! A shop prints these for customers: a return label goes on the parcel, an
//! invoice goes with the order or into a ticket reply. Both must show the
//! customer's language, including Chinese, so fonts are found at run time
//! (Debian's `fonts-noto-cjk`) rather than committed or compiled in; see
//! [`Fonts`].
//!
//! The crate is pure rendering: plain data in, PDF bytes out. No database, no
//! HTTP, no clock. Rendering has two steps kept apart so each can be tested:
//! a layout step (`label`, `invoice`) places text, rules and barcode bars on
//! pages, and `pdf` writes those pages with subsetted, embedded fonts.

mod code128;
mod face;
mod fonts;
mod invoice;
mod label;
mod layout;
mod model;
mod pdf;
mod strings;

use std::path::PathBuf;

use marketdesk_domain::money::MoneyError;

pub use fonts::Fonts;
pub use model::{Invoice, InvoiceLine, LabelItem, PostalAddress, ReturnLabel};

/// Why a document could not be rendered.
#[derive(Debug, thiserror::Error)]
pub enum DocumentError {
    /// A currency code or an amount is unusable (for example a total that
    /// overflows).
    #[error(transparent)]
    Money(#[from] MoneyError),
    /// The RMA number cannot be drawn as a Code 128 barcode on the label.
    #[error("the RMA number cannot be printed as a barcode: {0}")]
    Barcode(String),
    /// A font file could not be read, parsed or subsetted.
    #[error("font {path}: {reason}")]
    Font { path: PathBuf, reason: String },
}

/// Renders a 4×6 in return shipping label as a one-page PDF.
///
/// Text the font cannot show (Chinese when no CJK font is installed) is
/// printed as `?`; see [`Fonts`].
pub fn return_label(label: &ReturnLabel, fonts: &Fonts) -> Result<Vec<u8>, DocumentError> {
    let faces = fonts.faces()?;
    let document = label::layout(label, &faces)?;
    pdf::write(&document, &faces)
}

/// Renders an A4 invoice as a PDF, on as many pages as its lines need.
///
/// Line totals are computed as `quantity × unit price − line discount`; the
/// order's discount, shipping, tax and total are printed as given. Text the
/// font cannot show is printed as `?`; see [`Fonts`].
pub fn invoice(invoice: &Invoice, fonts: &Fonts) -> Result<Vec<u8>, DocumentError> {
    let faces = fonts.faces()?;
    let document = invoice::layout(invoice, &faces)?;
    pdf::write(&document, &faces)
}

#[cfg(test)]
mod tests;
