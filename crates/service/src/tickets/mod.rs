//! Tickets: create, read, list, change, reply, merge, share with a seller,
//! and the auto-close job.

mod conversation;
mod create;
mod create_batch;
mod input;
mod read;
mod sharing;
mod update;
mod views;

pub(crate) use conversation::person_for_address;
pub use create_batch::CreateQueue;
pub use input::*;
pub use read::QueueCount;
pub use views::*;
