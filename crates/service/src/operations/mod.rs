//! Running the desk: who takes which ticket (routing, presence, skills and
//! capacity), and where a team's waiting tickets overflow to.

mod agents;
mod routing;

pub(crate) use agents::ActivityMemory;
pub use agents::{AgentRouting, AgentRoutingInput, PresenceView, TeamRoutingInput};
pub use routing::RoutingView;
