//! Triggers and automations: rules that change a ticket and ask for side
//! effects when their conditions hold.
//!
//! A trigger runs when something happens to a ticket (an [`Event`]); an
//! automation runs on a schedule and needs a time condition. [`validate`]
//! refuses a rule that would fire again on its own change (see
//! [`falsifies`]), and at run time each rule fires at most once per run
//! whatever that check said, so a run always ends. The engine sends nothing:
//! messages, notifications, webhooks and escalations come back as
//! [`Effect`]s for the service. Closed tickets are final: rules do not
//! change their fields.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::ticket::{Channel, Priority, TicketStatus};
use crate::{Millis, wire_enum};

mod condition;
mod run;
mod template;
#[cfg(test)]
mod tests;
mod validate;

pub use condition::{falsifies, matches};
pub use run::{apply, run_automation, run_triggers};
pub use template::{TEMPLATE_VARIABLES, TemplateError, render_template, template_variables};
pub use validate::validate;

pub const MAX_NAME: usize = 100;
pub const MAX_CONDITIONS: usize = 20;
pub const MAX_ACTIONS: usize = 10;
pub const MAX_TEXT: usize = 5000;
pub const MAX_TAGS: usize = 20;
/// Trigger rounds in one run: the event's, then cascades of the changes.
pub const MAX_ROUNDS: usize = 5;
/// Ten years: a longer wait is a typo.
pub const MAX_HOURS: i64 = 87_600;
pub const MAX_TIER: u8 = 3;
const MAX_KEY: usize = 64;

wire_enum! {
    pub enum RuleKind {
        /// Runs when an event happens to a ticket.
        Trigger => "trigger",
        /// Runs on a schedule over tickets whose time conditions hold.
        Automation => "automation",
    }
}

wire_enum! {
    /// What happened to a ticket, for triggers.
    pub enum Event {
        Created => "created",
        Updated => "updated",
        CustomerReplied => "customer_replied",
        AgentReplied => "agent_replied",
        StatusChanged => "status_changed",
        TagAdded => "tag_added",
        SlaWarning => "sla_warning",
        SlaBreached => "sla_breached",
        Escalated => "escalated",
    }
}

wire_enum! {
    /// What a condition looks at.
    pub enum Field {
        Status => "status",
        Priority => "priority",
        Channel => "channel",
        Language => "language",
        Intent => "intent",
        Sentiment => "sentiment",
        TeamId => "team_id",
        AssigneeId => "assignee_id",
        Tags => "tags",
        SubjectOrBody => "subject_or_body",
        CustomField => "custom_field",
        EscalationTier => "escalation_tier",
        HoursSinceCreated => "hours_since_created",
        HoursSinceUpdated => "hours_since_updated",
        HoursInStatus => "hours_in_status",
        HoursSinceSolved => "hours_since_solved",
    }
}

wire_enum! {
    pub enum Op {
        Is => "is",
        IsNot => "is_not",
        Above => "above",
        Below => "below",
        Contains => "contains",
        NotContains => "not_contains",
        Present => "present",
        Absent => "absent",
        AtLeast => "at_least",
        LessThan => "less_than",
    }
}

wire_enum! {
    pub enum Sentiment {
        Negative => "negative",
        Neutral => "neutral",
        Positive => "positive",
    }
}

wire_enum! {
    pub enum NotifyRole {
        TeamLead => "team_lead",
        Assignee => "assignee",
    }
}

/// A condition's value: a name, a text, an id, a tier or hours. Checked by
/// [`validate`] against its field, so a form can send what the user typed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(untagged)]
pub enum Value {
    Number(i64),
    Text(String),
}

impl From<&str> for Value {
    fn from(text: &str) -> Self {
        Value::Text(text.to_owned())
    }
}

impl From<i64> for Value {
    fn from(n: i64) -> Self {
        Value::Number(n)
    }
}

/// `{"field": "priority", "op": "is_not", "value": "urgent"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Condition {
    pub field: Field,
    /// Which custom field, for `custom_field` only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    pub op: Op,
    /// None for `present` and `absent`. Team and assignee take `"none"` for unassigned.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<Value>,
}

impl Condition {
    pub fn new(field: Field, op: Op, value: impl Into<Value>) -> Self {
        let value = Some(value.into());
        Condition {
            field,
            key: None,
            op,
            value,
        }
    }
}

/// Every `all` condition holds, and one of `any` if there are some.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields, default)]
pub struct Conditions {
    pub all: Vec<Condition>,
    pub any: Vec<Condition>,
}

/// Whom a notification goes to: a role on the ticket or a staff member's id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(untagged)]
pub enum Recipient {
    Role(NotifyRole),
    Person(i64),
}

/// What a rule does. Texts are templates (see [`render_template`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(tag = "action", rename_all = "snake_case", deny_unknown_fields)]
pub enum Action {
    SetPriority {
        value: Priority,
    },
    SetStatus {
        value: TicketStatus,
    },
    /// `null` leaves the ticket without a team.
    SetTeam {
        value: Option<i64>,
    },
    SetAssignee {
        value: Option<i64>,
    },
    AddTags {
        tags: Vec<String>,
    },
    RemoveTags {
        tags: Vec<String>,
    },
    /// An empty value removes the field.
    SetCustomField {
        key: String,
        value: String,
    },
    /// An email to the requester.
    SendEmail {
        subject: String,
        body: String,
    },
    /// A public reply on the ticket.
    Reply {
        body: String,
    },
    Notify {
        to: Recipient,
        text: String,
    },
    CallWebhook {
        event: String,
    },
    /// Raises the ticket's tier; never lowers it.
    Escalate {
        tier: u8,
        reason: String,
    },
}

impl Action {
    fn changes_fields(&self) -> bool {
        !matches!(
            self,
            Action::SendEmail { .. }
                | Action::Reply { .. }
                | Action::Notify { .. }
                | Action::CallWebhook { .. }
        )
    }

    /// The events this action's change can cause: what a trigger must not
    /// listen to unless the change also makes one of its conditions false.
    fn causes(&self) -> &'static [Event] {
        match self {
            Action::SetStatus { .. } => &[Event::Updated, Event::StatusChanged],
            Action::AddTags { .. } => &[Event::Updated, Event::TagAdded],
            Action::Escalate { .. } => &[Event::Updated, Event::Escalated],
            a if a.changes_fields() => &[Event::Updated],
            _ => &[],
        }
    }
}

/// A saved trigger or automation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    /// Given by the store; ignored when a rule is created.
    #[serde(default)]
    #[schema(read_only)]
    pub id: i64,
    pub name: String,
    pub kind: RuleKind,
    /// Triggers only.
    #[serde(default)]
    pub events: Vec<Event>,
    #[serde(default)]
    pub conditions: Conditions,
    pub actions: Vec<Action>,
    /// Lower runs first; ties by id.
    #[serde(default)]
    pub position: i32,
    #[serde(default = "enabled")]
    pub enabled: bool,
}

fn enabled() -> bool {
    true
}

/// What rules see of a ticket.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TicketFacts {
    pub id: i64,
    pub status: TicketStatus,
    pub priority: Priority,
    pub channel: Channel,
    pub language: String,
    pub intent: Option<String>,
    pub sentiment: Option<String>,
    pub team_id: Option<i64>,
    pub assignee_id: Option<i64>,
    pub tags: BTreeSet<String>,
    pub custom_fields: BTreeMap<String, String>,
    pub subject: String,
    pub latest_message: String,
    pub created_at: Millis,
    pub updated_at: Millis,
    /// When the ticket entered its current status.
    pub status_since: Millis,
    pub solved_at: Option<Millis>,
    pub escalation_tier: u8,
}

/// Something the service must do because a rule fired. Messages a rule
/// sends are not events: the service must not run triggers for them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Effect {
    pub rule_id: i64,
    pub kind: EffectKind,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum EffectKind {
    /// Templates, rendered by the service with the ticket's variables.
    SendEmail {
        subject: String,
        body: String,
    },
    Reply {
        body: String,
    },
    Notify {
        to: Recipient,
        text: String,
    },
    CallWebhook {
        event: String,
    },
    Escalate {
        tier: u8,
        reason: String,
    },
}

/// A field a rule changed, for the ticket's audit log. `tags` has one change
/// per tag added (`to`) or removed (`from`); custom fields are
/// `custom_fields.<key>`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct FieldChange {
    pub rule_id: i64,
    pub field: String,
    pub from: Option<String>,
    pub to: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TriggerRun {
    pub facts: TicketFacts,
    /// Rule ids in firing order, each at most once.
    pub fired: Vec<i64>,
    pub effects: Vec<Effect>,
    pub changes: Vec<FieldChange>,
    /// Rounds run, at most [`MAX_ROUNDS`].
    pub rounds: usize,
}

/// A rule that cannot be saved: where (`conditions.all[2].value`) and why.
#[derive(Debug, Clone, PartialEq, Eq, Error, Serialize)]
#[error("{path}: {message}")]
pub struct RuleError {
    pub path: String,
    pub message: String,
}

impl RuleError {
    fn new(path: impl Into<String>, message: impl ToString) -> Self {
        RuleError {
            path: path.into(),
            message: message.to_string(),
        }
    }
}
