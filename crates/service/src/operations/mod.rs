//! Running the desk: who takes which ticket (routing, presence, skills and
//! capacity), where a team's waiting tickets overflow to, escalation and
//! what a breached service level sets off.

mod agents;
mod escalation;
mod macros;
pub(crate) mod routing;
mod rules;
mod saved_views;
mod schedules;

pub(crate) use agents::ActivityMemory;
pub use agents::{AgentRouting, AgentRoutingInput, PresenceView, TeamRoutingInput};
pub use escalation::{EscalationHistory, EscalationView, NewEscalation, SlaEventView, SlaWatch};
pub use macros::{AppliedMacro, MacroForTicket};
pub(crate) use routing::OnlineMemory;
pub use routing::RoutingView;
pub(crate) use rules::RulesCache;
pub use rules::{DryRun, DryRunTicket, RuleView};
pub use saved_views::{COLUMNS, NewSavedView, SavedView, VIEW_NAMES};
pub(crate) use schedules::ScheduleCache;
pub use schedules::{
    HoursInput, MAX_CALENDAR_BYTES, MAX_SCHEDULES, ScheduleInput, ScheduleTeam, ScheduleView, Sla,
    TeamSchedule,
};
