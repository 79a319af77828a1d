//! Giving waiting tickets to agents: on creation, on a chat hand-over, when
//! an agent comes online or frees up, and every minute for what is left;
//! each decision kept with its reasons for the agent's queue.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use marketdesk_domain::routing::{
    Candidate, Capacity, Decision, Reason, RoutingMethod, SkillKind, Work, choose,
};
use marketdesk_domain::{Channel, MINUTE_MS, Millis, Role, TicketStatus};
use marketdesk_store::Conn;
use marketdesk_store::audit;
use marketdesk_store::people::{self, TeamRow};
use marketdesk_store::routing::{self as store, RoutingRow};
use serde::Serialize;
use utoipa::ToSchema;

use crate::kernel::auth::system_viewer;
use crate::tickets::update::{entry, field_change};
use crate::{Result, Services, Viewer, now_ms};

/// How many waiting tickets one routing round looks at.
const ROUND: i64 = 50;

/// Why a ticket is with its agent.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RoutingView {
    pub agent_id: i64,
    pub method: String,
    pub reasons: Vec<Reason>,
    pub decided_at: String,
}

impl Services {
    /// Gives a waiting ticket (new or open, nobody's) to the agent who fits
    /// best, if one is online with room; answers the decision.
    /// Routes a ticket just created, unless a moment ago no agent could
    /// take work like it (its team, language and channel): then it waits
    /// like the ones before it, without reading the agents' load again.
    pub(crate) async fn route_new_ticket(
        &self,
        t: &crate::tickets::TicketView,
    ) -> Result<Option<Decision>> {
        if t.assignee.is_some() || !self.anyone_online().await? {
            return Ok(None);
        }
        let key = NoAgentKey::of(t.team_id, &t.language, t.channel);
        if self.online_memory.nobody_for(&key) {
            return Ok(None);
        }
        self.route_ticket(t.id).await
    }

    pub async fn route_ticket(&self, ticket_id: i64) -> Result<Option<Decision>> {
        let routing = &self.policy().routing;
        if !routing.enabled {
            return Ok(None);
        }
        let now = now_ms();
        if !self.anyone_online().await? {
            return Ok(None);
        }
        let mut conn = self.store.reader().await?;
        let Some(ticket) = marketdesk_store::tickets::get(&mut conn, ticket_id).await? else {
            return Ok(None);
        };
        if ticket.assignee_id.is_some()
            || !matches!(ticket.status, TicketStatus::New | TicketStatus::Open)
        {
            return Ok(None);
        }
        let known = self.online_agents(&mut conn).await?;
        let (teams, everyone) = (&known.0, &known.1);
        let team = ticket
            .team_id
            .and_then(|id| teams.iter().find(|t| t.id == id));
        // The cached agents of the team, with their load read now.
        let mut candidates: Vec<Candidate> = everyone
            .iter()
            .filter(|c| team.is_none_or(|t| t.member_ids.contains(&c.id)))
            .cloned()
            .collect();
        let ids: Vec<i64> = candidates.iter().map(|c| c.id).collect();
        let load = store::open_load(&mut conn, &ids).await?;
        for c in &mut candidates {
            for (_, channel, n) in load.iter().filter(|(id, _, _)| *id == c.id) {
                let bucket = Channel::parse(channel).map_or("other", Capacity::bucket);
                *c.open.entry(bucket).or_insert(0) += u32::try_from(*n).unwrap_or(u32::MAX);
            }
        }
        let wants_tier = candidates
            .iter()
            .any(|c| c.skills.iter().any(|s| s.kind == SkillKind::Tier));
        drop(conn);
        let tier = if wants_tier {
            self.membership(&system_viewer(), ticket.requester_id, None)
                .await
                .ok()
                .and_then(|m| m.tier)
        } else {
            None
        };
        let work = Work {
            channel: ticket.channel,
            language: ticket.language.clone(),
            topic: ticket.intent.clone().filter(|i| i != "other"),
            tier,
        };
        let method = team
            .and_then(|t| RoutingMethod::parse(&t.routing).ok())
            .unwrap_or(RoutingMethod::LeastLoaded);
        let Ok(decision) = choose(&work, &candidates, method, now, routing.away_after_minutes)
        else {
            let key = NoAgentKey::of(ticket.team_id, &ticket.language, ticket.channel);
            self.online_memory.remember_nobody(key);
            return Ok(None);
        };
        let assigned = self.assign_routed(ticket_id, &decision, teams, now).await?;
        Ok(assigned.then_some(decision))
    }

    /// Writes a decision, unless the ticket was taken or the agent filled
    /// up meanwhile (another node, another request).
    async fn assign_routed(
        &self,
        ticket_id: i64,
        decision: &Decision,
        teams: &[TeamRow],
        now: Millis,
    ) -> Result<bool> {
        let backend = self.store.backend();
        let mut tx = self.store.begin().await?;
        store::lock_ticket(&mut tx, backend, ticket_id).await?;
        people::lock(&mut tx, backend, decision.agent_id).await?;
        let Some(mut t) = marketdesk_store::tickets::get(&mut tx, ticket_id).await? else {
            return Ok(false);
        };
        if t.assignee_id.is_some() || !matches!(t.status, TicketStatus::New | TicketStatus::Open) {
            return Ok(false);
        }
        let open = store::open_load(&mut tx, &[decision.agent_id]).await?;
        let held = open
            .iter()
            .filter(|(_, channel, _)| {
                Channel::parse(channel).map(Capacity::bucket).ok()
                    == Some(Capacity::bucket(t.channel))
            })
            .map(|(_, _, n)| *n)
            .sum::<i64>();
        let capacity = agent_capacity(&mut tx, decision.agent_id, &self.policy().routing.capacity)
            .await?
            .of(t.channel);
        if held >= i64::from(capacity) {
            return Ok(false);
        }
        let system = system_viewer();
        let before_team = t.team_id;
        t.assignee_id = Some(decision.agent_id);
        // A ticket of no team joins the agent's first team.
        if t.team_id.is_none() {
            t.team_id = teams
                .iter()
                .filter(|team| team.member_ids.contains(&decision.agent_id))
                .map(|team| team.id)
                .min();
        }
        t.updated_at = now;
        self.save_ticket(&mut tx, &mut t).await?;
        let reasons = serde_json::to_string(&decision.reasons).unwrap_or_else(|_| "[]".into());
        let mut routed = entry(&system, t.id, "routed", now);
        routed.new_value = Some(format!("{} {}", decision.method.as_str(), reasons));
        audit::record(&mut tx, &routed).await?;
        audit::record(
            &mut tx,
            &field_change(
                &system,
                t.id,
                "assignee_id",
                None,
                Some(decision.agent_id.to_string()),
                now,
            ),
        )
        .await?;
        if before_team != t.team_id {
            audit::record(
                &mut tx,
                &field_change(
                    &system,
                    t.id,
                    "team_id",
                    None,
                    t.team_id.map(|id| id.to_string()),
                    now,
                ),
            )
            .await?;
        }
        store::record(
            &mut tx,
            &RoutingRow {
                ticket_id: t.id,
                person_id: decision.agent_id,
                method: decision.method.as_str().into(),
                reasons,
                decided_at: now,
            },
        )
        .await?;
        store::mark_assigned(&mut tx, decision.agent_id, now).await?;
        tx.commit().await?;
        self.search_wake();
        self.live_ticket(t.id, t.channel == Channel::Chat);
        Ok(true)
    }

    /// Routes the oldest waiting tickets; answers how many found an agent.
    /// Run when an agent comes online or frees up, and every minute.
    pub async fn route_waiting(&self) -> Result<usize> {
        if !self.policy().routing.enabled {
            return Ok(0);
        }
        if !self.anyone_online().await? {
            return Ok(0);
        }
        let waiting = {
            let mut conn = self.store.reader().await?;
            store::waiting(&mut conn, ROUND).await?
        };
        let mut routed = 0;
        for ticket in waiting {
            if self.route_ticket(ticket.id).await?.is_some() {
                routed += 1;
            }
        }
        Ok(routed)
    }

    /// The teams and the online agents (skills, capacity; no load), for a
    /// second: routing asks on every new ticket.
    async fn online_agents(&self, conn: &mut Conn) -> Result<Arc<(Vec<TeamRow>, Vec<Candidate>)>> {
        if let Some(known) = self.online_memory.agents() {
            return Ok(known);
        }
        let teams = people::list_teams(conn).await?;
        let mut agents = candidates(conn, None, &self.policy().routing.capacity).await?;
        // The load changes with every assignment: read at each decision.
        for agent in &mut agents {
            agent.open.clear();
        }
        let known = Arc::new((teams, agents));
        self.online_memory.put_agents(known.clone());
        Ok(known)
    }

    /// The online agent with the skills for a call in `language` about
    /// `intent`, room in their phone capacity and a phone number to ring:
    /// (their id, the number). None: the call waits in the queue.
    pub(crate) async fn agent_for_call(
        &self,
        language: &str,
        intent: Option<&str>,
        team: Option<i64>,
    ) -> Result<Option<(i64, String)>> {
        let routing = &self.policy().routing;
        if !routing.enabled || !self.anyone_online().await? {
            return Ok(None);
        }
        let mut conn = self.store.reader().await?;
        let teams = people::list_teams(&mut conn).await?;
        let team = team.and_then(|id| teams.iter().find(|t| t.id == id));
        let mut agents = candidates(&mut conn, team, &routing.capacity).await?;
        let ids: Vec<i64> = agents.iter().map(|a| a.id).collect();
        let phones: HashMap<i64, String> = people::get_many(&mut conn, &ids)
            .await?
            .into_iter()
            .filter_map(|p| {
                let number = marketdesk_domain::phone::normalized_phone(p.phone.as_deref()?)?;
                number.starts_with('+').then_some((p.id, number))
            })
            .collect();
        agents.retain(|a| phones.contains_key(&a.id));
        let work = Work {
            channel: Channel::Phone,
            language: language.to_owned(),
            topic: intent.map(str::to_owned),
            tier: None,
        };
        let method = team
            .and_then(|t| RoutingMethod::parse(&t.routing).ok())
            .unwrap_or(RoutingMethod::BestSkill);
        Ok(
            choose(&work, &agents, method, now_ms(), routing.away_after_minutes)
                .ok()
                .and_then(|decision| {
                    phones
                        .get(&decision.agent_id)
                        .map(|number| (decision.agent_id, number.clone()))
                }),
        )
    }

    /// Whether any agent says they are online: asked on every new ticket,
    /// so remembered for a second (at once after a change on this node).
    pub(crate) async fn anyone_online(&self) -> Result<bool> {
        if let Some(known) = self.online_memory.get() {
            return Ok(known);
        }
        let mut conn = self.store.reader().await?;
        let online = store::anyone_online(&mut conn).await?;
        self.online_memory.put(online);
        Ok(online)
    }

    /// After an agent's ticket left their open load (answered and pending,
    /// solved, given to someone else): the waiting tickets get a chance.
    /// Failures are logged; the minute job tries again.
    pub(crate) async fn maybe_freed_up(&self, ticket_id: i64) {
        self.online_memory.forget_nobody();
        let still_held = async {
            let mut conn = self.store.reader().await?;
            let t = marketdesk_store::tickets::get(&mut conn, ticket_id).await?;
            Ok::<_, crate::ServiceError>(t.is_some_and(|t| {
                t.assignee_id.is_some()
                    && matches!(t.status, TicketStatus::New | TicketStatus::Open)
            }))
        };
        match still_held.await {
            Ok(true) => {}
            Ok(false) => {
                if let Err(err) = self.route_waiting().await {
                    tracing::warn!(error = %err, "routing waiting tickets failed");
                }
            }
            Err(err) => tracing::warn!(error = %err, "routing waiting tickets failed"),
        }
    }

    /// Moves tickets that waited too long for an agent of their team to
    /// the team's overflow team; answers how many moved.
    pub async fn overflow_waiting(&self, now: Millis) -> Result<usize> {
        let mut tx = self.store.begin().await?;
        let teams = people::list_teams(&mut tx).await?;
        let system = system_viewer();
        let mut moved = 0;
        for team in &teams {
            let (Some(to), Some(after)) = (team.overflow_team_id, team.overflow_after_minutes)
            else {
                continue;
            };
            let before = now - after * MINUTE_MS;
            for id in store::overflow(&mut tx, team.id, to, before, now, ROUND).await? {
                let mut change = field_change(
                    &system,
                    id,
                    "team_id",
                    Some(team.id.to_string()),
                    Some(to.to_string()),
                    now,
                );
                change.action = "overflowed".into();
                audit::record(&mut tx, &change).await?;
                moved += 1;
            }
        }
        tx.commit().await?;
        Ok(moved)
    }

    /// Why a ticket is with its agent, when routing put it there.
    pub async fn ticket_routing(&self, viewer: &Viewer, id: i64) -> Result<Option<RoutingView>> {
        let mut conn = self.store.reader().await?;
        let ticket = crate::tickets::read::load_visible(&mut conn, viewer, id).await?;
        if !viewer.is_staff() {
            return Ok(None);
        }
        let Some(row) = store::routing_of(&mut conn, id).await? else {
            return Ok(None);
        };
        // Only the current assignment's reasons are worth showing.
        if ticket.assignee_id != Some(row.person_id) {
            return Ok(None);
        }
        Ok(Some(RoutingView {
            agent_id: row.person_id,
            method: row.method,
            reasons: serde_json::from_str(&row.reasons).unwrap_or_default(),
            decided_at: crate::rfc3339(row.decided_at),
        }))
    }
}

/// An agent's capacity: their own per channel bucket, else the policy's.
pub(crate) async fn agent_capacity(
    conn: &mut Conn,
    person_id: i64,
    default: &Capacity,
) -> Result<Capacity> {
    let rows = store::capacity_of(conn, &[person_id]).await?;
    Ok(capacity_from(
        rows.iter().map(|(_, b, n)| (b.as_str(), *n)),
        default,
    ))
}

pub(crate) fn capacity_from<'a>(
    rows: impl Iterator<Item = (&'a str, i64)>,
    default: &Capacity,
) -> Capacity {
    let mut capacity = *default;
    for (bucket, max) in rows {
        let max = u32::try_from(max).unwrap_or(0);
        match bucket {
            "chat" => capacity.chat = max,
            "email" => capacity.email = max,
            "phone" => capacity.phone = max,
            _ => capacity.other = max,
        }
    }
    capacity
}

/// The agents who may take a ticket of `team` (all agents and supervisors
/// when it has none), as routing sees them.
async fn candidates(
    conn: &mut Conn,
    team: Option<&TeamRow>,
    default: &Capacity,
) -> Result<Vec<Candidate>> {
    // Who says they are online, then which of them may take it: most
    // staff are offline at any time, so this reads few rows.
    let online = store::online(conn).await?;
    let ids: Vec<i64> = online.iter().map(|p| p.person_id).collect();
    let staff: Vec<_> = people::get_many(conn, &ids)
        .await?
        .into_iter()
        .filter(|p| {
            matches!(p.role, Role::Agent | Role::Supervisor)
                && !p.disabled
                && team.is_none_or(|t| t.member_ids.contains(&p.id))
        })
        .collect();
    let presence: Vec<_> = online
        .into_iter()
        .filter(|p| staff.iter().any(|s| s.id == p.person_id))
        .collect();
    if presence.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<i64> = presence.iter().map(|p| p.person_id).collect();
    let skills = store::skills_of(conn, &ids).await?;
    let capacity = store::capacity_of(conn, &ids).await?;
    let load = store::open_load(conn, &ids).await?;
    Ok(presence
        .iter()
        .filter_map(|p| {
            let person = staff.iter().find(|s| s.id == p.person_id)?;
            let mut open = BTreeMap::new();
            for (_, channel, n) in load.iter().filter(|(id, _, _)| *id == p.person_id) {
                let bucket = Channel::parse(channel).map_or("other", Capacity::bucket);
                *open.entry(bucket).or_insert(0) += u32::try_from(*n).unwrap_or(u32::MAX);
            }
            Some(Candidate {
                id: p.person_id,
                presence: p.status,
                active_at: p.active_at,
                native_language: person.language.clone(),
                skills: skills
                    .iter()
                    .filter(|(id, _)| *id == p.person_id)
                    .map(|(_, s)| s.clone())
                    .collect(),
                capacity: capacity_from(
                    capacity
                        .iter()
                        .filter(|(id, _, _)| *id == p.person_id)
                        .map(|(_, b, n)| (b.as_str(), *n)),
                    default,
                ),
                open,
                last_assigned_at: p.last_assigned_at,
            })
        })
        .collect())
}

type Agents = Arc<(Vec<TeamRow>, Vec<Candidate>)>;

/// "Is anyone online?" and who, remembered for a second on this node (at
/// once forgotten after a change here; another node's within the second).
#[derive(Debug, Default)]
pub(crate) struct OnlineMemory {
    anyone: std::sync::Mutex<Option<(std::time::Instant, bool)>>,
    agents: std::sync::Mutex<Option<(std::time::Instant, Agents)>>,
    /// Work no online agent could take (all full, or none speaks its
    /// language), and since when.
    nobody: std::sync::Mutex<HashMap<NoAgentKey, std::time::Instant>>,
}

/// Work as routing sees it: its team, language and capacity bucket.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct NoAgentKey {
    team: Option<i64>,
    language: String,
    bucket: &'static str,
}

impl NoAgentKey {
    fn of(team: Option<i64>, language: &str, channel: Channel) -> Self {
        NoAgentKey {
            team,
            language: language.chars().take(16).collect(),
            bucket: Capacity::bucket(channel),
        }
    }
}

/// Kinds of work remembered as unroutable at once; beyond it the memory
/// starts over.
const NOBODY_MEMORY: usize = 1_000;

impl OnlineMemory {
    const FOR: std::time::Duration = std::time::Duration::from_secs(1);

    fn get(&self) -> Option<bool> {
        let guard = self.anyone.lock().ok()?;
        let (at, online) = (*guard)?;
        (at.elapsed() < Self::FOR).then_some(online)
    }

    fn put(&self, online: bool) {
        if let Ok(mut guard) = self.anyone.lock() {
            *guard = Some((std::time::Instant::now(), online));
        }
    }

    fn agents(&self) -> Option<Agents> {
        let guard = self.agents.lock().ok()?;
        let (at, agents) = guard.as_ref()?;
        (at.elapsed() < Self::FOR).then(|| agents.clone())
    }

    fn put_agents(&self, agents: Agents) {
        if let Ok(mut guard) = self.agents.lock() {
            *guard = Some((std::time::Instant::now(), agents));
        }
    }

    fn nobody_for(&self, key: &NoAgentKey) -> bool {
        self.nobody
            .lock()
            .ok()
            .and_then(|nobody| nobody.get(key).copied())
            .is_some_and(|at| at.elapsed() < Self::FOR)
    }

    fn remember_nobody(&self, key: NoAgentKey) {
        if let Ok(mut nobody) = self.nobody.lock() {
            if nobody.len() >= NOBODY_MEMORY {
                nobody.clear();
            }
            nobody.insert(key, std::time::Instant::now());
        }
    }

    /// An agent freed up or came online here: work waits no longer.
    pub(crate) fn forget_nobody(&self) {
        if let Ok(mut nobody) = self.nobody.lock() {
            nobody.clear();
        }
    }

    pub(crate) fn forget(&self) {
        self.forget_nobody();
        if let Ok(mut guard) = self.anyone.lock() {
            *guard = None;
        }
        if let Ok(mut guard) = self.agents.lock() {
            *guard = None;
        }
    }
}
