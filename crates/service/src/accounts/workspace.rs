//! What agents share: reply macros, the tags in use, and the audit log.

use std::collections::BTreeMap;

use marketdesk_domain::access::Permission;
use marketdesk_domain::rules::{Action, TEMPLATE_VARIABLES, template_variables};
use marketdesk_domain::text::required_line;
use marketdesk_domain::{LanguageTag, Tag};
use marketdesk_store::audit::{self};
use marketdesk_store::people::{self};
use marketdesk_store::tickets;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::people::{audit_entry, require};
use super::views::{AuditView, TagCount};
use crate::kernel::page::{Page, PageRequest};
use crate::{Result, ServiceError, Services, Viewer, now_ms};

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewMacro {
    pub name: String,
    /// The text; `{{customer.name}}`, `{{order.number}}`, … are filled for
    /// the ticket it is used on.
    pub body: String,
    #[serde(default)]
    pub language: Option<String>,
    /// The text in other languages (language → text), chosen by the
    /// ticket's language.
    #[serde(default)]
    pub translations: BTreeMap<String, String>,
    /// What it sets besides the text: `set_priority`, `set_status`,
    /// `set_team`, `set_assignee`, `add_tags`, `remove_tags`,
    /// `set_custom_field` (as in rules).
    #[serde(default)]
    pub actions: Vec<Action>,
    /// Assigns the ticket to whoever applies the macro.
    #[serde(default)]
    pub assign_to_me: bool,
}

#[derive(Debug, Clone, serde::Serialize, ToSchema)]
pub struct MacroView {
    pub id: i64,
    pub name: String,
    pub body: String,
    pub language: String,
    pub translations: BTreeMap<String, String>,
    pub actions: Vec<Action>,
    pub assign_to_me: bool,
}

/// What a macro sets, as stored.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
struct MacroExtras {
    #[serde(default)]
    actions: Vec<Action>,
    #[serde(default)]
    assign_to_me: bool,
}

pub(crate) fn macro_view(m: people::MacroRow) -> MacroView {
    // Macros from before actions existed hold a bare list.
    let extras: MacroExtras = serde_json::from_str(&m.actions)
        .or_else(|_| {
            serde_json::from_str::<Vec<Action>>(&m.actions).map(|actions| MacroExtras {
                actions,
                assign_to_me: false,
            })
        })
        .unwrap_or_default();
    MacroView {
        id: m.id,
        name: m.name,
        body: m.body,
        language: m.language,
        translations: m.translations.into_iter().collect(),
        actions: extras.actions,
        assign_to_me: extras.assign_to_me,
    }
}

/// A macro's text in each language is a template with known variables.
fn check_template(field: &'static str, text: &str) -> Result<()> {
    template_variables(text).map(|_| ()).map_err(|e| {
        ServiceError::field(
            field,
            format!("{e} (known: {})", TEMPLATE_VARIABLES.join(", ")),
        )
    })
}

impl Services {
    /// Canned replies (staff).
    pub async fn list_macros(&self, viewer: &Viewer) -> Result<Vec<MacroView>> {
        require(viewer, Permission::WorkTickets, "list macros")?;
        let mut conn = self.store.reader().await?;
        Ok(people::list_macros(&mut conn)
            .await?
            .into_iter()
            .map(macro_view)
            .collect())
    }

    /// Adds a canned reply (supervisors, admins): its text, its other
    /// languages and the fields it sets, all checked first.
    pub async fn create_macro(&self, viewer: &Viewer, new: NewMacro) -> Result<MacroView> {
        require(viewer, Permission::ManageMacros, "create macros")?;
        let name = required_line("name", &new.name, 100)?;
        let body = marketdesk_domain::text::required_text("body", &new.body, 10_000)?;
        check_template("body", &body)?;
        let language = LanguageTag::parse(new.language.as_deref().unwrap_or("en"))?;
        if new.translations.len() > 10 {
            return Err(ServiceError::field("translations", "at most 10 languages"));
        }
        let mut translations = Vec::new();
        for (tag, text) in &new.translations {
            let tag = LanguageTag::parse(tag)?;
            let text = marketdesk_domain::text::required_text("translations", text, 10_000)?;
            check_template("translations", &text)?;
            if tag.as_str() != language.as_str() {
                translations.push((tag.as_str().to_string(), text));
            }
        }
        if new.actions.len() > 10 {
            return Err(ServiceError::field("actions", "at most 10 actions"));
        }
        let mut tx = self.store.begin().await?;
        for action in &new.actions {
            match action {
                Action::SetPriority { .. } | Action::SetStatus { .. } => {}
                Action::AddTags { tags } | Action::RemoveTags { tags } => {
                    for tag in tags {
                        Tag::parse(tag)?;
                    }
                }
                Action::SetCustomField { key, .. } if !key.trim().is_empty() && key.len() <= 64 => {
                }
                Action::SetTeam { value } => {
                    if let Some(id) = value
                        && people::get_team(&mut tx, *id).await?.is_none()
                    {
                        return Err(ServiceError::field(
                            "actions",
                            format!("there is no team {id}"),
                        ));
                    }
                }
                Action::SetAssignee { value } => {
                    if let Some(id) = value
                        && !people::get(&mut tx, *id)
                            .await?
                            .is_some_and(|p| p.role.is_staff() && !p.disabled)
                    {
                        return Err(ServiceError::field(
                            "actions",
                            format!("{id} is not an active staff member"),
                        ));
                    }
                }
                _ => {
                    return Err(ServiceError::field(
                        "actions",
                        "a macro sets fields: set_priority, set_status, set_team, set_assignee, add_tags, remove_tags, set_custom_field",
                    ));
                }
            }
        }
        let extras = MacroExtras {
            actions: new.actions.clone(),
            assign_to_me: new.assign_to_me,
        };
        let now = now_ms();
        let id = people::insert_macro(&mut tx, &name, &body, language.as_str(), now).await?;
        people::set_macro_extras(
            &mut tx,
            id,
            &serde_json::to_string(&extras).unwrap_or_else(|_| "{}".into()),
            &translations,
        )
        .await?;
        audit::record(&mut tx, &audit_entry(viewer, "macro", id, "created", now)).await?;
        tx.commit().await?;
        Ok(MacroView {
            id,
            name,
            body,
            language: language.as_str().to_string(),
            translations: translations.into_iter().collect(),
            actions: new.actions,
            assign_to_me: new.assign_to_me,
        })
    }

    pub async fn list_tags(&self, viewer: &Viewer) -> Result<Vec<TagCount>> {
        require(viewer, Permission::WorkTickets, "list tags")?;
        let mut conn = self.store.reader().await?;
        Ok(tickets::tag_counts(&mut conn)
            .await?
            .into_iter()
            .map(|(tag, count)| TagCount { tag, count })
            .collect())
    }

    pub async fn list_audit(&self, viewer: &Viewer, page: PageRequest) -> Result<Page<AuditView>> {
        require(viewer, Permission::ReadAudit, "read the audit log")?;
        let mut conn = self.store.reader().await?;
        let rows = audit::list(&mut conn, page.before_id, page.fetch_limit()).await?;
        Ok(page.finish(rows.iter().map(AuditView::from).collect(), |a| a.id))
    }
}
