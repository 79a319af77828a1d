//! Macros on a ticket: the text in the ticket's language with its
//! variables filled (the customer's name, the order, its tracking link),
//! and the fields it sets, applied as the agent's own change.

use marketdesk_domain::access::Permission;
use marketdesk_domain::rules::{Action, render_template};
use marketdesk_store::people;
use serde::Serialize;
use serde_json::Value;
use utoipa::ToSchema;

use crate::accounts::{MacroView, macro_view};
use crate::tickets::{TicketUpdate, TicketView};
use crate::{Result, ServiceError, Services, Viewer};

/// A macro as it reads on one ticket.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MacroForTicket {
    pub id: i64,
    pub name: String,
    /// The text in the ticket's language (else the macro's own), filled in.
    pub body: String,
    pub language: String,
    /// What applying it sets besides the text: "priority: urgent".
    pub sets: Vec<String>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AppliedMacro {
    /// The text for the reply, filled in for this ticket.
    pub body: String,
    pub ticket: TicketView,
}

fn primary(tag: &str) -> &str {
    tag.split(['-', '_']).next().unwrap_or(tag)
}

/// The macro's text for a ticket in `language`: the matching version.
fn text_for(m: &MacroView, language: &str) -> (String, String) {
    if primary(&m.language).eq_ignore_ascii_case(primary(language)) {
        return (m.body.clone(), m.language.clone());
    }
    m.translations
        .iter()
        .find(|(tag, _)| primary(tag).eq_ignore_ascii_case(primary(language)))
        .map(|(tag, body)| (body.clone(), tag.clone()))
        .unwrap_or_else(|| (m.body.clone(), m.language.clone()))
}

fn summary(m: &MacroView) -> Vec<String> {
    let mut sets: Vec<String> = m
        .actions
        .iter()
        .map(|a| match a {
            Action::SetPriority { value } => format!("priority: {value}"),
            Action::SetStatus { value } => format!("status: {value}"),
            Action::SetTeam { value } => {
                format!("team: {}", value.map_or("—".into(), |v| v.to_string()))
            }
            Action::SetAssignee { value } => {
                format!("assignee: {}", value.map_or("—".into(), |v| v.to_string()))
            }
            Action::AddTags { tags } => format!("+{}", tags.join(" +")),
            Action::RemoveTags { tags } => format!("-{}", tags.join(" -")),
            Action::SetCustomField { key, value } => format!("{key}: {value}"),
            _ => String::new(),
        })
        .filter(|s| !s.is_empty())
        .collect();
    if m.assign_to_me {
        sets.push("assignee: me".into());
    }
    sets
}

impl Services {
    /// The macros as they read on a ticket, for the reply box.
    pub async fn macros_for_ticket(
        &self,
        viewer: &Viewer,
        ticket_id: i64,
    ) -> Result<Vec<MacroForTicket>> {
        if !viewer.may(Permission::WorkTickets) {
            return Err(ServiceError::forbidden("use macros"));
        }
        let mut conn = self.store.reader().await?;
        let t = crate::tickets::read::load_visible(&mut conn, viewer, ticket_id).await?;
        let mut vars = self.template_vars(&mut conn, &t).await?;
        if let Some(me) = people::get(&mut conn, viewer.person_id).await? {
            vars.insert("agent.name".into(), me.name);
        }
        let macros = people::list_macros(&mut conn).await?;
        Ok(macros
            .into_iter()
            .map(macro_view)
            .map(|m| {
                let (text, language) = text_for(&m, &t.language);
                MacroForTicket {
                    id: m.id,
                    name: m.name.clone(),
                    body: render_template(&text, &vars).unwrap_or(text),
                    language,
                    sets: summary(&m),
                }
            })
            .collect())
    }

    /// Applies a macro's fields to a ticket, as the agent's own change
    /// (audited, triggers run), and answers its text for the reply.
    pub async fn apply_macro(
        &self,
        viewer: &Viewer,
        ticket_id: i64,
        macro_id: i64,
    ) -> Result<AppliedMacro> {
        let for_ticket = self.macros_for_ticket(viewer, ticket_id).await?;
        let body = for_ticket
            .iter()
            .find(|m| m.id == macro_id)
            .map(|m| m.body.clone())
            .ok_or(ServiceError::NotFound("macro"))?;
        let m = {
            let mut conn = self.store.reader().await?;
            people::list_macros(&mut conn)
                .await?
                .into_iter()
                .map(macro_view)
                .find(|m| m.id == macro_id)
                .ok_or(ServiceError::NotFound("macro"))?
        };
        let mut update = TicketUpdate::default();
        let mut fields = serde_json::Map::new();
        for action in &m.actions {
            match action {
                Action::SetPriority { value } => update.priority = Some(*value),
                Action::SetStatus { value } => update.status = Some(*value),
                Action::SetTeam { value } => update.team_id = Some(*value),
                Action::SetAssignee { value } => update.assignee_id = Some(*value),
                Action::AddTags { tags } => update.add_tags.extend(tags.iter().cloned()),
                Action::RemoveTags { tags } => update.remove_tags.extend(tags.iter().cloned()),
                Action::SetCustomField { key, value } => {
                    fields.insert(key.clone(), Value::from(value.clone()));
                }
                _ => {}
            }
        }
        if m.assign_to_me {
            update.assignee_id = Some(Some(viewer.person_id));
        }
        if !fields.is_empty() {
            update.custom_fields = Some(fields);
        }
        let nothing_to_set = m.actions.is_empty() && !m.assign_to_me;
        let ticket = if nothing_to_set {
            self.get_ticket(viewer, ticket_id).await?.ticket
        } else {
            self.update_ticket(viewer, ticket_id, update).await?
        };
        Ok(AppliedMacro { body, ticket })
    }
}
