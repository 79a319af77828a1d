//! What every context stands on: who is acting (auth), how often they may
//! knock (limits), paging, idempotency, message HTML, attachments and the
//! errors every use case answers with. Nothing here knows a context.

pub mod attachments;
pub mod auth;
pub mod change_notices;
pub(crate) mod conversation;
pub mod credential_cache;
pub(crate) mod error;
pub mod html;
pub mod idempotency;
pub mod identity;
pub mod limits;
pub mod page;
pub mod reported_links;
pub mod second_factor;
