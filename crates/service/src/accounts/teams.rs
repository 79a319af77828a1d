//! Teams and their members.

use marketdesk_domain::access::Permission;
use marketdesk_domain::text::required_line;
use marketdesk_store::audit::{self};
use marketdesk_store::people::{self};
use serde::Deserialize;
use utoipa::ToSchema;

use super::people::{audit_entry, require};
use super::views::TeamView;
use crate::{Result, ServiceError, Services, Viewer, now_ms};

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewTeam {
    pub name: String,
    #[serde(default)]
    pub description: String,
}

impl Services {
    pub async fn create_team(&self, viewer: &Viewer, new: NewTeam) -> Result<TeamView> {
        require(viewer, Permission::ManageTeams, "create teams")?;
        let name = required_line("name", &new.name, 100)?;
        if new.description.chars().count() > 1000 {
            return Err(ServiceError::field(
                "description",
                "at most 1000 characters",
            ));
        }
        let now = now_ms();
        let mut tx = self.store.begin().await?;
        let id = people::insert_team(&mut tx, &name, new.description.trim(), now).await?;
        let mut entry = audit_entry(viewer, "team", id, "created", now);
        entry.new_value = Some(name);
        audit::record(&mut tx, &entry).await?;
        let team = people::get_team(&mut tx, id)
            .await?
            .ok_or(ServiceError::NotFound("team"))?;
        tx.commit().await?;
        Ok(TeamView::from(&team))
    }

    pub async fn list_teams(&self, viewer: &Viewer) -> Result<Vec<TeamView>> {
        require(viewer, Permission::ReadStaff, "list teams")?;
        let mut conn = self.store.reader().await?;
        Ok(people::list_teams(&mut conn)
            .await?
            .iter()
            .map(TeamView::from)
            .collect())
    }

    /// Adds (or with `member: false` removes) a staff member to a team.
    pub async fn set_team_member(
        &self,
        viewer: &Viewer,
        team_id: i64,
        person_id: i64,
        member: bool,
    ) -> Result<TeamView> {
        require(viewer, Permission::ManageTeams, "change teams")?;
        let now = now_ms();
        let mut tx = self.store.begin().await?;
        people::get_team(&mut tx, team_id)
            .await?
            .ok_or(ServiceError::NotFound("team"))?;
        let person = people::get(&mut tx, person_id)
            .await?
            .ok_or(ServiceError::NotFound("person"))?;
        if !person.role.is_staff() {
            return Err(ServiceError::field(
                "person_id",
                "only agents, supervisors and admins join teams",
            ));
        }
        let changed = if member {
            people::add_team_member(&mut tx, team_id, person_id).await?;
            true
        } else {
            people::remove_team_member(&mut tx, team_id, person_id).await?
        };
        if changed {
            let mut entry = audit_entry(
                viewer,
                "team",
                team_id,
                if member {
                    "member_added"
                } else {
                    "member_removed"
                },
                now,
            );
            entry.new_value = Some(person_id.to_string());
            audit::record(&mut tx, &entry).await?;
        }
        let team = people::get_team(&mut tx, team_id)
            .await?
            .ok_or(ServiceError::NotFound("team"))?;
        tx.commit().await?;
        Ok(TeamView::from(&team))
    }
}
