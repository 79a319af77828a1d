//! The email channel's adapters. `smtp` is a receiver an MX or a relay
//! delivers to: it takes mail for the desk's addresses only, and answers
//! `250` after DATA only once the raw message is stored by the service.
//! Like `http`, it translates and calls the services; no rules here.

mod session;
pub mod smtp;

pub use smtp::{SmtpReceiver, TlsSetupError, tls_acceptor};
