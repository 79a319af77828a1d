//! After the sale: every change to an order and every movement of money,
//! through one action path (`action_path.rs`) that each action uses and none
//! owns: address, cancellation, refunds and their approval, returns, and the
//! care beyond them (variant, reschedule, claims, payments, carrier requests).

mod action_path;
mod address;
mod cancel;
mod carrier_requests;
mod claims;
mod credit;
mod parcel_remedies;
mod payments;
mod pending;
mod refunds;
mod reschedule;
mod returns;
mod variant;
mod views;

pub use address::*;
pub use cancel::*;
pub use carrier_requests::*;
pub use claims::*;
pub use credit::*;
pub use parcel_remedies::ParcelChoice;
pub use payments::*;
pub use pending::AddItem;
pub use refunds::*;
pub use reschedule::*;
pub use returns::*;
pub use variant::*;
pub use views::*;
