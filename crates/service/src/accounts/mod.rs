//! People, teams, API tokens, macros, tags and the audit log.

mod export;
mod people;
mod teams;
mod tokens;
mod views;
mod workspace;

pub use people::*;
pub use teams::*;
pub use tokens::*;
pub use views::*;
pub use workspace::*;
