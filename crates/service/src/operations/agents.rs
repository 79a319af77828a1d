//! Agents as routing sees them: presence (set by the agent, "away" after
//! inactivity), skills with levels and capacity per channel (set by
//! supervisors), and each team's method, lead and overflow.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use marketdesk_domain::Millis;
use marketdesk_domain::access::Permission;
use marketdesk_domain::routing::{
    Candidate, Capacity, Presence, RoutingMethod, Skill, check_skills,
};
use marketdesk_store::audit;
use marketdesk_store::people;
use marketdesk_store::routing as store;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::routing::{agent_capacity, capacity_from};
use crate::accounts::TeamView;
use crate::accounts::{audit_entry, require};
use crate::{Result, ServiceError, Services, Viewer, now_ms};

/// An agent's presence, as set and as it counts now.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PresenceView {
    pub person_id: i64,
    /// What the agent chose.
    pub status: String,
    /// What routing sees: "online" turns "away" after inactivity.
    pub effective: String,
    pub changed_at: Option<String>,
    pub active_at: Option<String>,
}

/// What routing knows of an agent.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AgentRouting {
    pub person_id: i64,
    pub presence: PresenceView,
    pub skills: Vec<Skill>,
    pub capacity: Capacity,
    /// Open tickets they hold now, by channel bucket.
    pub open: HashMap<String, u32>,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AgentRoutingInput {
    /// Replaces the agent's skills.
    #[serde(default)]
    pub skills: Option<Vec<Skill>>,
    /// Replaces the agent's capacity; a bucket left out has the policy's.
    #[serde(default)]
    pub capacity: Option<HashMap<String, u32>>,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TeamRoutingInput {
    /// round_robin, least_loaded or best_skill.
    pub routing: String,
    #[serde(default)]
    pub lead_id: Option<i64>,
    #[serde(default)]
    pub overflow_team_id: Option<i64>,
    #[serde(default)]
    pub overflow_after_minutes: Option<i64>,
    /// Where the team's tickets go when they reach the second line.
    #[serde(default)]
    pub escalation_team_id: Option<i64>,
}

/// Activity is written at most this often per agent.
const ACTIVITY_WRITE_EVERY: Duration = Duration::from_secs(60);
/// Agents whose last write is remembered; beyond it the memory restarts.
const ACTIVITY_MEMORY: usize = 10_000;

/// When each agent's activity was last written, to write it once a minute.
#[derive(Debug, Default)]
pub(crate) struct ActivityMemory(Mutex<HashMap<i64, Instant>>);

impl ActivityMemory {
    fn due(&self, person_id: i64) -> bool {
        let Ok(mut seen) = self.0.lock() else {
            return true;
        };
        let now = Instant::now();
        match seen.get(&person_id) {
            Some(at) if now.duration_since(*at) < ACTIVITY_WRITE_EVERY => false,
            _ => {
                if seen.len() >= ACTIVITY_MEMORY {
                    seen.clear();
                }
                seen.insert(person_id, now);
                true
            }
        }
    }
}

fn presence_view(
    person_id: i64,
    row: Option<&store::PresenceRow>,
    now: Millis,
    away: u32,
) -> PresenceView {
    let status = row.map_or(Presence::Offline, |r| r.status);
    let effective = match row {
        Some(r) => Candidate {
            id: person_id,
            presence: r.status,
            active_at: r.active_at,
            native_language: String::new(),
            skills: vec![],
            capacity: Capacity::default(),
            open: Default::default(),
            last_assigned_at: 0,
        }
        .presence_at(now, away),
        None => Presence::Offline,
    };
    PresenceView {
        person_id,
        status: status.as_str().into(),
        effective: effective.as_str().into(),
        changed_at: row.map(|r| crate::rfc3339(r.changed_at)),
        active_at: row.map(|r| crate::rfc3339(r.active_at)),
    }
}

impl Services {
    /// Sets an agent's presence: their own, or anyone's for supervisors.
    /// Coming online routes waiting tickets to them.
    pub async fn set_presence(
        &self,
        viewer: &Viewer,
        person_id: i64,
        status: &str,
    ) -> Result<PresenceView> {
        let status = Presence::parse(status)
            .map_err(|_| ServiceError::field("status", "online, away or offline"))?;
        require(viewer, Permission::WorkTickets, "take tickets")?;
        if person_id != viewer.person_id {
            require(
                viewer,
                Permission::ManageTeams,
                "set someone else's presence",
            )?;
        }
        let now = now_ms();
        let mut tx = self.store.begin().await?;
        let person = people::get(&mut tx, person_id)
            .await?
            .filter(|p| p.role.is_staff())
            .ok_or(ServiceError::NotFound("person"))?;
        store::set_presence(&mut tx, person.id, status, now).await?;
        let mut entry = audit_entry(viewer, "person", person.id, "presence", now);
        entry.new_value = Some(status.as_str().into());
        audit::record(&mut tx, &entry).await?;
        tx.commit().await?;
        self.online_memory.forget();
        if status == Presence::Online {
            self.route_waiting().await?;
        }
        self.presence(viewer, person_id).await
    }

    pub async fn presence(&self, viewer: &Viewer, person_id: i64) -> Result<PresenceView> {
        require(viewer, Permission::WorkTickets, "take tickets")?;
        if person_id != viewer.person_id {
            require(viewer, Permission::ReadStaff, "see presence")?;
        }
        let mut conn = self.store.reader().await?;
        let rows = store::presence_of(&mut conn, &[person_id]).await?;
        Ok(presence_view(
            person_id,
            rows.first(),
            now_ms(),
            self.policy().routing.away_after_minutes,
        ))
    }

    /// Notes that a staff member is at work (at most one write a minute),
    /// so "online" does not turn "away".
    pub async fn note_activity(&self, viewer: &Viewer) -> Result<()> {
        if !viewer.is_staff() || viewer.person_id == 0 || !self.activity.due(viewer.person_id) {
            return Ok(());
        }
        let mut tx = self.store.begin().await?;
        store::touch_active(&mut tx, viewer.person_id, now_ms()).await?;
        tx.commit().await?;
        Ok(())
    }

    /// What routing knows of an agent.
    pub async fn agent_routing(&self, viewer: &Viewer, person_id: i64) -> Result<AgentRouting> {
        require(viewer, Permission::ReadStaff, "see agents' skills")?;
        let mut conn = self.store.reader().await?;
        people::get(&mut conn, person_id)
            .await?
            .filter(|p| p.role.is_staff())
            .ok_or(ServiceError::NotFound("person"))?;
        let routing = &self.policy().routing;
        let presence = store::presence_of(&mut conn, &[person_id]).await?;
        let skills = store::skills_of(&mut conn, &[person_id]).await?;
        let capacity = agent_capacity(&mut conn, person_id, &routing.capacity).await?;
        let mut open = HashMap::new();
        for (_, channel, n) in store::open_load(&mut conn, &[person_id]).await? {
            let bucket =
                marketdesk_domain::Channel::parse(&channel).map_or("other", Capacity::bucket);
            *open.entry(bucket.to_string()).or_insert(0) += u32::try_from(n).unwrap_or(0);
        }
        Ok(AgentRouting {
            person_id,
            presence: presence_view(
                person_id,
                presence.first(),
                now_ms(),
                routing.away_after_minutes,
            ),
            skills: skills.into_iter().map(|(_, s)| s).collect(),
            capacity,
            open,
        })
    }

    /// Sets an agent's skills and capacity (supervisors).
    pub async fn set_agent_routing(
        &self,
        viewer: &Viewer,
        person_id: i64,
        input: AgentRoutingInput,
    ) -> Result<AgentRouting> {
        require(viewer, Permission::ManageTeams, "set agents' skills")?;
        let skills: Option<Vec<Skill>> = input.skills.map(|skills| {
            skills
                .into_iter()
                .map(|s| Skill {
                    value: s.value.trim().to_ascii_lowercase(),
                    ..s
                })
                .collect()
        });
        if let Some(skills) = &skills {
            check_skills(skills).map_err(|(i, message)| {
                ServiceError::field("skills", format!("skill {}: {message}", i + 1))
            })?;
        }
        let capacity = match &input.capacity {
            Some(buckets) => {
                let mut checked = Vec::new();
                for (bucket, max) in buckets {
                    if !matches!(bucket.as_str(), "chat" | "email" | "phone" | "other") {
                        return Err(ServiceError::field(
                            "capacity",
                            format!("{bucket}: the buckets are chat, email, phone and other"),
                        ));
                    }
                    if *max > 200 {
                        return Err(ServiceError::field(
                            "capacity",
                            format!("{bucket}: at most 200 open tickets"),
                        ));
                    }
                    checked.push((bucket.as_str(), *max));
                }
                Some(checked)
            }
            None => None,
        };
        let now = now_ms();
        let mut tx = self.store.begin().await?;
        people::get(&mut tx, person_id)
            .await?
            .filter(|p| p.role.is_staff())
            .ok_or(ServiceError::NotFound("person"))?;
        if let Some(skills) = &skills {
            store::set_skills(&mut tx, person_id, skills).await?;
            let mut entry = audit_entry(viewer, "person", person_id, "skills", now);
            entry.new_value = Some(
                skills
                    .iter()
                    .map(|s| format!("{}:{}:{}", s.kind.as_str(), s.value, s.level))
                    .collect::<Vec<_>>()
                    .join(" "),
            );
            audit::record(&mut tx, &entry).await?;
        }
        if let Some(capacity) = &capacity {
            store::set_capacity(&mut tx, person_id, capacity).await?;
            let mut entry = audit_entry(viewer, "person", person_id, "capacity", now);
            let shown = capacity_from(
                capacity.iter().map(|(b, n)| (*b, i64::from(*n))),
                &self.policy().routing.capacity,
            );
            entry.new_value = Some(format!(
                "chat={} email={} phone={} other={}",
                shown.chat, shown.email, shown.phone, shown.other
            ));
            audit::record(&mut tx, &entry).await?;
        }
        tx.commit().await?;
        self.online_memory.forget();
        self.agent_routing(viewer, person_id).await
    }

    /// Sets a team's routing method, lead and overflow (supervisors).
    pub async fn set_team_routing(
        &self,
        viewer: &Viewer,
        team_id: i64,
        input: TeamRoutingInput,
    ) -> Result<TeamView> {
        require(viewer, Permission::ManageTeams, "change teams")?;
        let method = RoutingMethod::parse(&input.routing).map_err(|_| {
            ServiceError::field("routing", "round_robin, least_loaded or best_skill")
        })?;
        let overflow = match (input.overflow_team_id, input.overflow_after_minutes) {
            (None, None) => None,
            (Some(to), Some(after)) if (1..=7 * 24 * 60).contains(&after) => {
                if to == team_id {
                    return Err(ServiceError::field(
                        "overflow_team_id",
                        "a team does not overflow into itself",
                    ));
                }
                Some((to, after))
            }
            (Some(_), Some(_)) => {
                return Err(ServiceError::field(
                    "overflow_after_minutes",
                    "between 1 and 10080 (a week)",
                ));
            }
            _ => {
                return Err(ServiceError::field(
                    "overflow_team_id",
                    "overflow needs both a team and minutes",
                ));
            }
        };
        let now = now_ms();
        let mut tx = self.store.begin().await?;
        let teams = people::list_teams(&mut tx).await?;
        let team = teams
            .iter()
            .find(|t| t.id == team_id)
            .ok_or(ServiceError::NotFound("team"))?;
        if let Some((to, _)) = overflow
            && !teams.iter().any(|t| t.id == to)
        {
            return Err(ServiceError::field(
                "overflow_team_id",
                format!("there is no team {to}"),
            ));
        }
        if let Some(to) = input.escalation_team_id
            && (to == team_id || !teams.iter().any(|t| t.id == to))
        {
            return Err(ServiceError::field(
                "escalation_team_id",
                format!("{to} is not another team"),
            ));
        }
        if let Some(lead) = input.lead_id {
            let person = people::get(&mut tx, lead).await?;
            if !person.is_some_and(|p| p.role.is_staff() && !p.disabled) {
                return Err(ServiceError::field(
                    "lead_id",
                    format!("{lead} is not an active staff member"),
                ));
            }
        }
        store::set_team_routing(&mut tx, team.id, method.as_str(), input.lead_id, overflow).await?;
        marketdesk_store::escalations::set_escalation_team(
            &mut tx,
            team.id,
            input.escalation_team_id,
        )
        .await?;
        let mut entry = audit_entry(viewer, "team", team.id, "routing", now);
        entry.new_value = Some(format!(
            "{} lead={:?} overflow={:?} escalation={:?}",
            method.as_str(),
            input.lead_id,
            overflow,
            input.escalation_team_id
        ));
        audit::record(&mut tx, &entry).await?;
        let updated = people::get_team(&mut tx, team.id)
            .await?
            .ok_or(ServiceError::NotFound("team"))?;
        tx.commit().await?;
        self.online_memory.forget();
        Ok(TeamView::from(&updated))
    }
}
