//! People, teams, API tokens, macros, tags, the audit log, and staff
//! accounts' security (password reset, second factor, sessions).

mod export;
mod people;
mod security;
mod teams;
mod tokens;
mod views;
mod workspace;

pub use people::*;
pub use security::*;
pub use teams::*;
pub use tokens::*;
pub use views::*;
pub use workspace::*;
