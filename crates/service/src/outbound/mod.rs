//! What leaves the instance: the mail outbox over SMTP and signed webhook
//! deliveries to the shop's platform.

pub mod mail;
mod webhooks;

pub use webhooks::*;
