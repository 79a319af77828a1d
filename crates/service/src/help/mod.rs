//! The help center: articles, the search (articles for everyone, tickets for
//! staff) and product feedback routed to the team it concerns.

mod articles;
mod feedback;
mod search;

pub use articles::*;
pub use feedback::*;
pub use search::*;
