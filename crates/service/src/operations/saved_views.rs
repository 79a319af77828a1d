//! Saved inbox views: an agent's own, or shared by a supervisor with every
//! agent; each a named set of the inbox's parameters (view, filters, sort,
//! columns), checked before it is stored.

use std::collections::BTreeMap;

use marketdesk_domain::access::Permission;
use marketdesk_domain::text::required_line;
use marketdesk_domain::{Channel, Priority, Tag};
use marketdesk_store::saved_views::{self as store, SavedViewRow};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::{Result, ServiceError, Services, Viewer, now_ms};

/// The inbox's built-in views a saved one starts from.
pub const VIEW_NAMES: [&str; 8] = [
    "open",
    "mine",
    "team",
    "unassigned",
    "waiting",
    "breaching",
    "escalated",
    "all",
];
/// The columns an inbox can show (the subject always shows).
pub const COLUMNS: [&str; 11] = [
    "reference",
    "requester",
    "status",
    "priority",
    "assignee",
    "team",
    "channel",
    "language",
    "intent",
    "sla",
    "updated",
];
/// Views one agent may keep, and shared views in all.
const MAX_VIEWS: i64 = 50;

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewSavedView {
    pub name: String,
    /// Shared with every agent (supervisors and admins only).
    #[serde(default)]
    pub shared: bool,
    /// `view`, `channel`, `intent`, `priority`, `tag`, `sort`, `cols`
    /// (comma-separated columns).
    pub params: BTreeMap<String, String>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SavedView {
    pub id: i64,
    pub name: String,
    pub shared: bool,
    pub params: BTreeMap<String, String>,
}

fn check_params(params: &BTreeMap<String, String>) -> Result<()> {
    for (key, value) in params {
        let ok = match key.as_str() {
            "view" => VIEW_NAMES.contains(&value.as_str()),
            "channel" => value.is_empty() || Channel::parse(value).is_ok(),
            "intent" => value.is_empty() || marketdesk_assistant::INTENTS.contains(&value.as_str()),
            "priority" => value.is_empty() || Priority::parse(value).is_ok(),
            "tag" => value.is_empty() || Tag::parse(value).is_ok(),
            "sort" => {
                let name = value.strip_prefix('-').unwrap_or(value);
                value.is_empty()
                    || marketdesk_store::tickets::TicketSort::NAMES
                        .iter()
                        .any(|(n, _)| *n == name)
            }
            "cols" => value
                .split(',')
                .filter(|c| !c.is_empty())
                .all(|c| COLUMNS.contains(&c)),
            _ => {
                return Err(ServiceError::field(
                    "params",
                    format!(
                        "'{}' is not a view parameter (view, channel, intent, priority, tag, sort, cols)",
                        key.chars().take(40).collect::<String>()
                    ),
                ));
            }
        };
        if !ok {
            return Err(ServiceError::field(
                "params",
                format!(
                    "{key}: '{}' is not a valid value",
                    value.chars().take(60).collect::<String>()
                ),
            ));
        }
    }
    Ok(())
}

fn view(row: &SavedViewRow) -> SavedView {
    SavedView {
        id: row.id,
        name: row.name.clone(),
        shared: row.owner_id.is_none(),
        params: serde_json::from_str(&row.params).unwrap_or_default(),
    }
}

impl Services {
    /// The viewer's own saved views and the shared ones.
    pub async fn saved_views(&self, viewer: &Viewer) -> Result<Vec<SavedView>> {
        if !viewer.may(Permission::WorkTickets) {
            return Err(ServiceError::forbidden("use the inbox"));
        }
        let mut conn = self.store.reader().await?;
        Ok(store::visible_to(&mut conn, viewer.person_id)
            .await?
            .iter()
            .map(view)
            .collect())
    }

    pub async fn save_view(&self, viewer: &Viewer, new: NewSavedView) -> Result<SavedView> {
        if !viewer.may(Permission::WorkTickets) {
            return Err(ServiceError::forbidden("use the inbox"));
        }
        if new.shared && !viewer.may(Permission::ManageTeams) {
            return Err(ServiceError::forbidden("share views"));
        }
        let name = required_line("name", &new.name, 60)?;
        check_params(&new.params)?;
        let owner = (!new.shared).then_some(viewer.person_id);
        let mut tx = self.store.begin().await?;
        if store::count_owned(&mut tx, owner).await? >= MAX_VIEWS {
            return Err(ServiceError::field(
                "name",
                format!("at most {MAX_VIEWS} saved views; delete one first"),
            ));
        }
        let mut row = SavedViewRow {
            id: 0,
            owner_id: owner,
            name,
            params: serde_json::to_string(&new.params).unwrap_or_else(|_| "{}".into()),
            created_at: now_ms(),
        };
        row.id = store::insert(&mut tx, &row).await?;
        tx.commit().await?;
        Ok(view(&row))
    }

    /// Deletes one's own view, or (supervisors) a shared one.
    pub async fn delete_view(&self, viewer: &Viewer, id: i64) -> Result<()> {
        if !viewer.may(Permission::WorkTickets) {
            return Err(ServiceError::forbidden("use the inbox"));
        }
        let mut tx = self.store.begin().await?;
        let row = store::get(&mut tx, id)
            .await?
            .ok_or(ServiceError::NotFound("view"))?;
        match row.owner_id {
            Some(owner) if owner == viewer.person_id => {}
            None if viewer.may(Permission::ManageTeams) => {}
            None => return Err(ServiceError::forbidden("delete shared views")),
            Some(_) => return Err(ServiceError::NotFound("view")),
        }
        store::delete(&mut tx, id).await?;
        tx.commit().await?;
        Ok(())
    }
}
