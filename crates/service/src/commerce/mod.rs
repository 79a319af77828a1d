//! The shop's commerce data as customers and staff see it: orders, the
//! platform's ingest, the shipment watch, label and invoice PDFs, promotions
//! and membership.

mod catalogue;
mod documents;
mod ingest;
mod membership;
mod orders;
mod payouts;
mod pending_changes;

pub(crate) use orders::{COUPON, ledger_from, ledger_of};
mod promotions;
mod shipping;
mod views;

pub use catalogue::{IngestProduct, IngestProducts, IngestVariant, ProductsIngested};
pub(crate) use catalogue::{
    normalized as catalogue_normalized, same_variant as catalogue_same_variant,
};
pub use ingest::*;
pub use membership::*;
pub use payouts::*;
pub use pending_changes::PendingChangeView;
pub(crate) use pending_changes::settle_pending_changes;
pub use promotions::*;
pub use shipping::*;
pub use views::*;
