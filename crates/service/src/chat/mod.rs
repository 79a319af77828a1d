//! The chat assistant: it understands each message, asks only for what is
//! missing, verifies who the customer is (order number + email) before it
//! shows or changes anything, confirms before acting, does the after-sales
//! actions through the same services as everyone, and hands the conversation
//! to a person — with the transcript, intent, entities, order and what was
//! tried — when asked, when it fails twice, or when the customer is upset.
//!
//! `engine.rs` carries the conversation, `order_flows.rs` the address and
//! return flows, `flows.rs` the flows beyond them, `seller_flows.rs` the
//! sellers' payouts and chargebacks, `handover.rs` the hand-over to a person, `state.rs` what a chat remembers,
//! `signal_question.rs` "was this you?" asked in the chat, `unsure.rs` the
//! question asked when the assistant is not sure what a message meant,
//! `requests.rs` several requests in one message handled in turn,
//! `live.rs` the wake-ups of live conversations, `console.rs` the agents' side of them.

mod console;
mod dispute_flow;
mod engine;
mod files;
mod flows;
mod handover;
mod live;
mod offline;
mod order_flows;
mod quantity_flow;
mod requests;
mod seller_flows;
mod signal_question;
mod state;
mod unsure;
mod views;

pub use console::*;
pub use handover::{back_at_work, opening_hours};
pub use live::{LiveEvent, LiveHub};
pub use offline::OfflineMessage;
pub use views::*;
