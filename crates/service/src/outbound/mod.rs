//! What leaves the instance: the mail outbox over SMTP (ticket replies
//! threaded by their headers) and signed webhook deliveries to the shop's
//! platform.

pub mod mail;
pub(crate) mod ticket_mail;
mod webhooks;

pub use webhooks::*;
