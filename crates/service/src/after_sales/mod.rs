//! After the sale: every change to an order and every movement of money,
//! through one action path.

mod actions;
mod care;
mod returns;

pub use actions::*;
pub use care::*;
pub use returns::*;
