//! Trust (docs/TRUST.md): reports of listings, users and messages from
//! anyone, a moderation queue ordered by severity and repeats, decisions
//! sent to the platform as events and to every reporter in their language,
//! and the links of reported messages kept to be caught again.

mod reports;

pub use reports::*;
