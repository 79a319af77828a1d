//! What the accounts context answers: teams, tokens, tags and the audit log.

use marketdesk_store::audit::AuditEntry;
use marketdesk_store::people::TeamRow;
use serde::Serialize;
use utoipa::ToSchema;

use crate::rfc3339;

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TeamView {
    pub id: i64,
    pub name: String,
    pub description: String,
    pub member_ids: Vec<i64>,
    pub created_at: String,
    /// How the team picks an agent: round_robin, least_loaded, best_skill.
    pub routing: String,
    /// Told of breaches and escalations.
    pub lead_id: Option<i64>,
    /// Where tickets nobody took go after `overflow_after_minutes`.
    pub overflow_team_id: Option<i64>,
    pub overflow_after_minutes: Option<i64>,
    /// Where its tickets go when they reach the second line.
    pub escalation_team_id: Option<i64>,
}

impl From<&TeamRow> for TeamView {
    fn from(t: &TeamRow) -> Self {
        TeamView {
            id: t.id,
            name: t.name.clone(),
            description: t.description.clone(),
            member_ids: t.member_ids.clone(),
            created_at: rfc3339(t.created_at),
            routing: t.routing.clone(),
            lead_id: t.lead_id,
            overflow_team_id: t.overflow_team_id,
            overflow_after_minutes: t.overflow_after_minutes,
            escalation_team_id: t.escalation_team_id,
        }
    }
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AuditView {
    pub id: i64,
    pub subject_type: String,
    pub subject_id: i64,
    pub ticket_id: Option<i64>,
    /// Absent for changes the system made on its own (auto-close).
    pub actor_id: Option<i64>,
    pub action: String,
    pub field: Option<String>,
    pub old_value: Option<String>,
    pub new_value: Option<String>,
    pub created_at: String,
}

impl From<&AuditEntry> for AuditView {
    fn from(e: &AuditEntry) -> Self {
        AuditView {
            id: e.id,
            subject_type: e.subject_type.clone(),
            subject_id: e.subject_id,
            ticket_id: e.ticket_id,
            actor_id: e.actor_id,
            action: e.action.clone(),
            field: e.field.clone(),
            old_value: e.old_value.clone(),
            new_value: e.new_value.clone(),
            created_at: rfc3339(e.created_at),
        }
    }
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TagCount {
    pub tag: String,
    pub count: i64,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TokenView {
    pub id: i64,
    pub person_id: i64,
    pub name: String,
    pub scopes: Vec<String>,
    pub created_at: String,
    pub expires_at: Option<String>,
    pub revoked_at: Option<String>,
}

/// A token as created: the secret is shown this once and never stored.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct NewTokenView {
    #[serde(flatten)]
    pub token: TokenView,
    pub secret: String,
}
