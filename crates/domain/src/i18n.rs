//! The languages marketdesk speaks to people in; their sentences live in
//! the message catalogue (`marketdesk-messages`).

pub use marketdesk_messages::Lang;
