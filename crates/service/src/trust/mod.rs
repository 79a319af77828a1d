//! Trust (docs/TRUST.md): reports of listings, users and messages from
//! anyone, a moderation queue ordered by severity and repeats, decisions
//! sent to the platform as events and to every reporter in their language,
//! and the links of reported messages kept to be caught again; privacy
//! requests (one's data exported, or erased); suspicious activity and
//! identity checks; the community forum.

mod account_help;
mod forum;
mod privacy;
mod reports;
mod signals;

pub use account_help::*;
pub use forum::*;
pub use privacy::*;
pub use reports::*;
pub use signals::*;
