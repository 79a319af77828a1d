//! The email channel, inbound: a received message is stored raw first
//! (`receive_mail`, what the SMTP receiver calls before it answers 250), then
//! read into a ticket or a reply on one (`process_mail`, a queue every node
//! works through). Threading: Message-ID / In-Reply-To / References first,
//! then `[MD-1042]` in the subject for a sender who is on that ticket, never
//! the subject alone. Outgoing ticket mail is `outbound::ticket_mail`.

mod imap;
mod inbound;
mod mailboxes;
mod parse;

pub use imap::ImapError;
pub use inbound::*;
pub use mailboxes::*;
