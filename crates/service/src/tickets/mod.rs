//! Tickets: create, read, list, change, reply, merge, share with a seller,
//! and the auto-close job.

mod conversation;
mod create;
mod input;
mod read;
mod sharing;
mod update;
mod views;

pub(crate) use conversation::person_for_address;
pub use input::*;
pub use views::*;
