//! Who someone is, as answered to every context: a person, the short form
//! other answers embed, and a new session.

use marketdesk_domain::Role;
use marketdesk_store::people::PersonRow;
use serde::Serialize;
use utoipa::ToSchema;

use crate::rfc3339;

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PersonView {
    pub id: i64,
    pub role: Role,
    pub email: String,
    pub name: String,
    pub language: String,
    pub time_zone: String,
    pub phone: Option<String>,
    pub external_id: Option<String>,
    pub disabled: bool,
    pub created_at: String,
}

impl From<&PersonRow> for PersonView {
    fn from(p: &PersonRow) -> Self {
        PersonView {
            id: p.id,
            role: p.role,
            email: p.email.clone(),
            name: p.name.clone(),
            language: p.language.clone(),
            time_zone: p.time_zone.clone(),
            phone: p.phone.clone(),
            external_id: p.external_id.clone(),
            disabled: p.disabled,
            created_at: rfc3339(p.created_at),
        }
    }
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PersonSummary {
    pub id: i64,
    pub name: String,
    pub email: String,
    pub role: Role,
}

impl From<&PersonRow> for PersonSummary {
    fn from(p: &PersonRow) -> Self {
        PersonSummary {
            id: p.id,
            name: p.name.clone(),
            email: p.email.clone(),
            role: p.role,
        }
    }
}

/// A new sign-in: the bearer token (also set as a cookie by the HTTP layer)
/// and the CSRF token to send with cookie-authenticated changes.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SessionGrant {
    pub token: String,
    pub csrf_token: String,
    pub expires_at: String,
    #[serde(skip)]
    pub expires_in_secs: i64,
    pub person: PersonView,
    /// For order-number sign-in: the one order this session may see.
    pub order_id: Option<i64>,
}
