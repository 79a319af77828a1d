//! What agents share: reply macros, the tags in use, and the audit log.

use marketdesk_domain::LanguageTag;
use marketdesk_domain::access::Permission;
use marketdesk_domain::text::required_line;
use marketdesk_store::audit::{self};
use marketdesk_store::people::{self};
use marketdesk_store::tickets;
use serde::Deserialize;
use utoipa::ToSchema;

use super::people::{audit_entry, require};
use super::views::{AuditView, TagCount};
use crate::kernel::page::{Page, PageRequest};
use crate::{Result, Services, Viewer, now_ms};

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewMacro {
    pub name: String,
    pub body: String,
    #[serde(default)]
    pub language: Option<String>,
}

#[derive(Debug, Clone, serde::Serialize, ToSchema)]
pub struct MacroView {
    pub id: i64,
    pub name: String,
    pub body: String,
    pub language: String,
}

impl Services {
    /// Canned replies (staff).
    pub async fn list_macros(&self, viewer: &Viewer) -> Result<Vec<MacroView>> {
        require(viewer, Permission::WorkTickets, "list macros")?;
        let mut conn = self.store.reader().await?;
        Ok(people::list_macros(&mut conn)
            .await?
            .into_iter()
            .map(|m| MacroView {
                id: m.id,
                name: m.name,
                body: m.body,
                language: m.language,
            })
            .collect())
    }

    /// Adds a canned reply (supervisors, admins).
    pub async fn create_macro(&self, viewer: &Viewer, new: NewMacro) -> Result<MacroView> {
        require(viewer, Permission::ManageMacros, "create macros")?;
        let name = required_line("name", &new.name, 100)?;
        let body = marketdesk_domain::text::required_text("body", &new.body, 10_000)?;
        let language = LanguageTag::parse(new.language.as_deref().unwrap_or("en"))?;
        let now = now_ms();
        let mut tx = self.store.begin().await?;
        let id = people::insert_macro(&mut tx, &name, &body, language.as_str(), now).await?;
        audit::record(&mut tx, &audit_entry(viewer, "macro", id, "created", now)).await?;
        tx.commit().await?;
        Ok(MacroView {
            id,
            name,
            body,
            language: language.as_str().to_string(),
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
