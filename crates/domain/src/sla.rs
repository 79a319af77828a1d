//! Service-level targets and their clocks: how long a ticket may wait for the
//! first answer and for its solution, by priority, and where each ticket
//! stands against them.
//!
//! Clocks count business hours (the shop's schedule, `[contact.business_hours]`)
//! or every hour (`hours = "calendar"`) from the ticket's creation: a ticket
//! written at 23:00 on a holiday starts counting at the next opening. The
//! resolution clock pauses while a ticket waits for the customer (pending)
//! or for someone else (on hold): each pause that ends moves the point it
//! counts from later by the counted time it lasted ([`pause_transition`]).
//! It restarts its count when a solved ticket is reopened, because the
//! customer's problem was not solved after all. The first response clock
//! does not pause: a ticket is answered or it is not.
//!
//! A team on a schedule of its own ([`TeamHours`]) has its tickets' clocks
//! count that schedule's hours: the ticket's current team decides.

use serde::{Deserialize, Serialize};

use crate::Millis;
use crate::business_hours::Schedule;
use crate::ticket::{Channel, Priority, TicketStatus};

const MINUTE_MS: Millis = 60_000;

/// Minutes allowed per priority.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PriorityMinutes {
    pub urgent: u32,
    pub high: u32,
    pub normal: u32,
    pub low: u32,
}

impl PriorityMinutes {
    pub fn of(&self, priority: Priority) -> u32 {
        match priority {
            Priority::Urgent => self.urgent,
            Priority::High => self.high,
            Priority::Normal => self.normal,
            Priority::Low => self.low,
        }
    }

    fn all(&self) -> [u32; 4] {
        [self.urgent, self.high, self.normal, self.low]
    }
}

/// The shop's targets (`[sla]` in the policy file).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields, default)]
pub struct SlaPolicy {
    /// Until the first public answer from someone other than the customer.
    pub first_response_minutes: PriorityMinutes,
    /// From a customer's reply (after the first answer) until the next
    /// public answer.
    pub next_reply_minutes: PriorityMinutes,
    /// Until the ticket is solved.
    pub resolution_minutes: PriorityMinutes,
    /// A running clock turns to "warning" when less than this share of its
    /// time is left, in percent.
    pub warning_percent: u8,
    /// Which hours the targets count.
    pub hours: SlaHours,
    /// What happens once when a clock breaches (besides the history and
    /// the `sla_breached` triggers).
    pub breach_actions: Vec<BreachAction>,
    /// Targets for some tickets, chosen by conditions: the first that
    /// matches a ticket applies; tickets none matches have the targets above.
    pub policies: Vec<ConditionalTargets>,
}

/// Targets for the tickets that match every condition given (an empty list
/// matches anything; within a list, any value matches). A target left out
/// is the default one.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields, default)]
pub struct ConditionalTargets {
    pub name: String,
    pub priorities: Vec<Priority>,
    pub channels: Vec<Channel>,
    /// Any of these tags.
    pub tags: Vec<String>,
    /// Team names.
    pub teams: Vec<String>,
    /// Membership tiers of the customer.
    pub tiers: Vec<String>,
    pub first_response_minutes: Option<PriorityMinutes>,
    pub next_reply_minutes: Option<PriorityMinutes>,
    pub resolution_minutes: Option<PriorityMinutes>,
}

/// What choosing a policy looks at.
#[derive(Debug, Clone, Copy)]
pub struct SlaFacts<'a> {
    pub priority: Priority,
    pub channel: Channel,
    pub tags: &'a [String],
    pub team: Option<&'a str>,
    pub tier: Option<&'a str>,
}

/// The three targets one ticket is held to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Targets {
    pub first_response: PriorityMinutes,
    pub next_reply: PriorityMinutes,
    pub resolution: PriorityMinutes,
}

/// What the desk does when a ticket's clock breaches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum BreachAction {
    /// To the second line (its team's escalation team, if it has one).
    Escalate,
    /// One step up: low → normal → high → urgent.
    RaisePriority,
    /// An email to the team's lead.
    NotifyLead,
    /// Taken from its agent and routed again.
    Reassign,
}

/// Which hours service-level targets count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum SlaHours {
    /// Only the shop's business hours: eight hours from Friday 18:00 is
    /// Monday afternoon.
    Business,
    /// Every hour of every day.
    Calendar,
}

/// The targets with the hours they count: what a ticket's clocks need.
#[derive(Debug, Clone, Copy)]
pub struct SlaRules<'a> {
    pub policy: &'a SlaPolicy,
    /// The default hours: tickets of no team or of a team without a
    /// schedule of its own.
    pub hours: &'a ClockHours,
    pub teams: &'a TeamHours,
}

impl SlaRules<'_> {
    /// The hours the clocks of a ticket of `team` count.
    pub fn hours_for(&self, team: Option<i64>) -> &ClockHours {
        match self.hours {
            ClockHours::Calendar => self.hours,
            ClockHours::Business(_) => self.teams.of(team).unwrap_or(self.hours),
        }
    }

    /// See [`clocks`]; `policy` is the ticket's conditional policy.
    pub fn clocks(&self, ticket: &TicketTimes, policy: Option<&str>, now: Millis) -> Vec<Clock> {
        clocks(
            self.policy,
            self.hours_for(ticket.team_id),
            &self.policy.targets(policy),
            ticket,
            now,
        )
    }

    /// See [`SlaPolicy::breach_cutoffs`]: per group of teams with the same
    /// hours.
    pub fn breach_cutoffs(&self, now: Millis) -> Vec<BreachCutoff> {
        self.per_hours(|hours| self.policy.breach_cutoffs(hours, now))
    }

    /// See [`SlaPolicy::clock_cutoffs`]: per group of teams with the same
    /// hours.
    pub fn clock_cutoffs(&self, now: Millis, kind: ClockKind, percent: u32) -> Vec<BreachCutoff> {
        self.per_hours(|hours| self.policy.clock_cutoffs(hours, now, kind, percent))
    }

    /// `cutoffs` of the default hours for the tickets of the teams without
    /// a schedule, then of each team schedule for its teams.
    fn per_hours(&self, cutoffs: impl Fn(&ClockHours) -> Vec<BreachCutoff>) -> Vec<BreachCutoff> {
        if matches!(self.hours, ClockHours::Calendar) || self.teams.groups.is_empty() {
            return cutoffs(self.hours);
        }
        let scheduled: Vec<i64> = self
            .teams
            .groups
            .iter()
            .flat_map(|(teams, _)| teams.iter().copied())
            .collect();
        let mut out = scoped(cutoffs(self.hours), &TeamScope::NoneOf(scheduled));
        for (teams, hours) in &self.teams.groups {
            out.extend(scoped(cutoffs(hours), &TeamScope::Only(teams.clone())));
        }
        out
    }
}

fn scoped(mut cutoffs: Vec<BreachCutoff>, scope: &TeamScope) -> Vec<BreachCutoff> {
    for cutoff in &mut cutoffs {
        cutoff.teams = scope.clone();
    }
    cutoffs
}

/// The hours of the teams on a schedule of their own: their tickets'
/// clocks count those instead of the default.
#[derive(Debug, Clone, Default)]
pub struct TeamHours {
    /// The teams sharing a schedule, with its hours.
    groups: Vec<(Vec<i64>, ClockHours)>,
}

impl TeamHours {
    /// Groups without a team are left out.
    pub fn new(groups: Vec<(Vec<i64>, ClockHours)>) -> Self {
        TeamHours {
            groups: groups
                .into_iter()
                .filter(|(teams, _)| !teams.is_empty())
                .collect(),
        }
    }

    /// The hours of `team`'s own schedule, if it has one.
    pub fn of(&self, team: Option<i64>) -> Option<&ClockHours> {
        let team = team?;
        self.groups
            .iter()
            .find(|(teams, _)| teams.contains(&team))
            .map(|(_, hours)| hours)
    }
}

/// Which tickets a cutoff is for, by their team.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum TeamScope {
    #[default]
    Any,
    /// Tickets of one of these teams.
    Only(Vec<i64>),
    /// Tickets of no team or of a team not among these.
    NoneOf(Vec<i64>),
}

/// The hours clocks count in, ready to compute with.
#[derive(Debug, Clone)]
pub enum ClockHours {
    Calendar,
    Business(Schedule),
}

impl ClockHours {
    /// The hours `policy` asks for, with `schedule` as the business hours.
    pub fn new(policy: &SlaPolicy, schedule: Schedule) -> Self {
        match policy.hours {
            SlaHours::Business => ClockHours::Business(schedule),
            SlaHours::Calendar => ClockHours::Calendar,
        }
    }

    /// When `allowed` counted time has passed since `start`. A schedule
    /// without open time within its horizon counts calendar time rather
    /// than never coming due.
    pub fn due(&self, start: Millis, allowed: Millis) -> Millis {
        match self {
            ClockHours::Business(schedule) => {
                schedule.add(start, allowed).unwrap_or(start + allowed)
            }
            ClockHours::Calendar => start + allowed,
        }
    }

    /// Counted time between `from` and `to`.
    pub fn between(&self, from: Millis, to: Millis) -> Millis {
        match self {
            ClockHours::Business(schedule) => schedule.open_between(from, to),
            ClockHours::Calendar => (to - from).max(0),
        }
    }

    /// The latest start whose `allowed` counted time has passed by `end`.
    pub fn started_before(&self, end: Millis, allowed: Millis) -> Millis {
        match self {
            ClockHours::Business(schedule) => {
                schedule.subtract(end, allowed).unwrap_or(end - allowed)
            }
            ClockHours::Calendar => end - allowed,
        }
    }
}

impl Default for SlaPolicy {
    fn default() -> Self {
        SlaPolicy {
            first_response_minutes: PriorityMinutes {
                urgent: 60,
                high: 4 * 60,
                normal: 8 * 60,
                low: 24 * 60,
            },
            next_reply_minutes: PriorityMinutes {
                urgent: 60,
                high: 4 * 60,
                normal: 8 * 60,
                low: 24 * 60,
            },
            resolution_minutes: PriorityMinutes {
                urgent: 8 * 60,
                high: 24 * 60,
                normal: 48 * 60,
                low: 96 * 60,
            },
            warning_percent: 25,
            hours: SlaHours::Business,
            breach_actions: vec![
                BreachAction::Escalate,
                BreachAction::RaisePriority,
                BreachAction::NotifyLead,
            ],
            policies: Vec::new(),
        }
    }
}

impl SlaPolicy {
    /// The name of the first conditional policy a ticket matches.
    pub fn choose(&self, facts: &SlaFacts<'_>) -> Option<&str> {
        let any = |list: &[String], value: Option<&str>| {
            list.is_empty() || value.is_some_and(|v| list.iter().any(|x| x.eq_ignore_ascii_case(v)))
        };
        self.policies
            .iter()
            .find(|p| {
                (p.priorities.is_empty() || p.priorities.contains(&facts.priority))
                    && (p.channels.is_empty() || p.channels.contains(&facts.channel))
                    && (p.tags.is_empty() || facts.tags.iter().any(|t| p.tags.contains(t)))
                    && any(&p.teams, facts.team)
                    && any(&p.tiers, facts.tier)
            })
            .map(|p| p.name.as_str())
    }

    /// The targets of the named policy (the defaults for none, or a name
    /// no longer in the file).
    pub fn targets(&self, name: Option<&str>) -> Targets {
        let chosen = name.and_then(|n| self.policies.iter().find(|p| p.name == n));
        Targets {
            first_response: chosen
                .and_then(|p| p.first_response_minutes)
                .unwrap_or(self.first_response_minutes),
            next_reply: chosen
                .and_then(|p| p.next_reply_minutes)
                .unwrap_or(self.next_reply_minutes),
            resolution: chosen
                .and_then(|p| p.resolution_minutes)
                .unwrap_or(self.resolution_minutes),
        }
    }

    /// Whether choosing needs the customer's tier (worth computing).
    pub fn uses_tiers(&self) -> bool {
        self.policies.iter().any(|p| !p.tiers.is_empty())
    }

    /// The first bad value, as (key, what is wrong), if any.
    pub fn problem(&self) -> Option<(&'static str, &'static str)> {
        if self.policies.len() > 50 {
            return Some(("sla.policies", "at most 50 policies"));
        }
        for (i, p) in self.policies.iter().enumerate() {
            let name = p.name.trim();
            if name.is_empty() || name.chars().count() > 60 {
                return Some((
                    "sla.policies.name",
                    "every policy has a name of 1 to 60 characters",
                ));
            }
            if self.policies[..i].iter().any(|q| q.name.trim() == name) {
                return Some(("sla.policies.name", "each policy name once"));
            }
            let targets = self.targets(Some(&p.name));
            for minutes in [
                targets.first_response,
                targets.next_reply,
                targets.resolution,
            ] {
                if minutes.all().contains(&0) {
                    return Some(("sla.policies", "every priority needs more than 0 minutes"));
                }
            }
            if (targets.first_response.all().iter())
                .zip(targets.resolution.all())
                .any(|(first, resolved)| *first > resolved)
            {
                return Some((
                    "sla.policies.first_response_minutes",
                    "must not be longer than the resolution target of the same priority",
                ));
            }
        }
        for (key, targets) in [
            ("sla.first_response_minutes", &self.first_response_minutes),
            ("sla.next_reply_minutes", &self.next_reply_minutes),
            ("sla.resolution_minutes", &self.resolution_minutes),
        ] {
            if targets.all().contains(&0) {
                return Some((key, "every priority needs more than 0 minutes"));
            }
        }
        if self.warning_percent > 100 {
            return Some(("sla.warning_percent", "must be at most 100"));
        }
        let resolution = self.resolution_minutes.all();
        if (self.first_response_minutes.all().iter())
            .zip(resolution)
            .any(|(first, resolved)| *first > resolved)
        {
            return Some((
                "sla.first_response_minutes",
                "must not be longer than the resolution target of the same priority",
            ));
        }
        None
    }

    /// For the "breaching" queue: per policy and priority, tickets created
    /// before the first time have missed the first response target if still
    /// unanswered, tickets created before the second time have missed
    /// resolution if still unsolved, and a customer's reply waiting since
    /// before the third has missed the next reply.
    pub fn breach_cutoffs(&self, hours: &ClockHours, now: Millis) -> Vec<BreachCutoff> {
        let mut all = Vec::new();
        for kind in [
            ClockKind::FirstResponse,
            ClockKind::NextReply,
            ClockKind::Resolution,
        ] {
            all.extend(self.clock_cutoffs(hours, now, kind, 100));
        }
        // One branch per (policy, priority): the three clocks together.
        let mut merged: Vec<BreachCutoff> = Vec::new();
        for c in all {
            match merged
                .iter_mut()
                .find(|m| m.policy == c.policy && m.priority == c.priority)
            {
                Some(m) => {
                    m.unanswered_created_before =
                        m.unanswered_created_before.max(c.unanswered_created_before);
                    m.unsolved_created_before =
                        m.unsolved_created_before.max(c.unsolved_created_before);
                    m.awaiting_since_before = m.awaiting_since_before.max(c.awaiting_since_before);
                }
                None => merged.push(c),
            }
        }
        merged
    }
}

impl SlaPolicy {
    /// For the warning and breach jobs: per policy and priority, the
    /// tickets whose `kind` clock has used `percent` of its time by `now`
    /// (100: breached), the other clocks left out.
    pub fn clock_cutoffs(
        &self,
        hours: &ClockHours,
        now: Millis,
        kind: ClockKind,
        percent: u32,
    ) -> Vec<BreachCutoff> {
        let before = |minutes: u32| {
            let allowed = Millis::from(minutes) * MINUTE_MS * Millis::from(percent) / 100;
            hours.started_before(now, allowed)
        };
        let names = std::iter::once(None).chain(self.policies.iter().map(|p| Some(p.name.clone())));
        let mut out = Vec::new();
        for name in names {
            let targets = self.targets(name.as_deref());
            for &priority in Priority::ALL {
                let mut cutoff = BreachCutoff {
                    teams: TeamScope::Any,
                    policy: name.clone(),
                    priority,
                    unanswered_created_before: Millis::MIN,
                    unsolved_created_before: Millis::MIN,
                    awaiting_since_before: Millis::MIN,
                };
                match kind {
                    ClockKind::FirstResponse => {
                        cutoff.unanswered_created_before =
                            before(targets.first_response.of(priority));
                    }
                    ClockKind::NextReply => {
                        cutoff.awaiting_since_before = before(targets.next_reply.of(priority));
                    }
                    ClockKind::Resolution => {
                        cutoff.unsolved_created_before = before(targets.resolution.of(priority));
                    }
                }
                out.push(cutoff);
            }
        }
        out
    }
}

/// See [`SlaPolicy::breach_cutoffs`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BreachCutoff {
    /// The tickets' teams (the hours the cutoff was counted in).
    pub teams: TeamScope,
    /// The conditional policy (none: the default targets).
    pub policy: Option<String>,
    pub priority: Priority,
    pub unanswered_created_before: Millis,
    pub unsolved_created_before: Millis,
    /// A customer's reply waiting since before this missed the next reply.
    pub awaiting_since_before: Millis,
}

/// Which target a clock measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ClockKind {
    FirstResponse,
    NextReply,
    Resolution,
}

impl ClockKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ClockKind::FirstResponse => "first_response",
            ClockKind::NextReply => "next_reply",
            ClockKind::Resolution => "resolution",
        }
    }
}

/// Where a clock stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ClockState {
    /// Running, with more than the warning share left.
    Ok,
    /// Running, little time left.
    Warning,
    /// Running and past due.
    Breached,
    /// Stopped in time.
    Met,
    /// Stopped after the due time.
    Missed,
    /// Waiting for the customer or someone else: not counting.
    Paused,
}

impl ClockState {
    pub fn as_str(self) -> &'static str {
        match self {
            ClockState::Ok => "ok",
            ClockState::Warning => "warning",
            ClockState::Breached => "breached",
            ClockState::Met => "met",
            ClockState::Missed => "missed",
            ClockState::Paused => "paused",
        }
    }

    pub fn is_running(self) -> bool {
        matches!(
            self,
            ClockState::Ok | ClockState::Warning | ClockState::Breached
        )
    }
}

/// One target of one ticket.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Clock {
    pub kind: ClockKind,
    pub state: ClockState,
    pub due_at: Millis,
    /// When a running clock turns to warning.
    pub warning_at: Millis,
    /// Time left while running (negative once breached); the margin by which
    /// it was met or missed once stopped.
    pub remaining_ms: Millis,
}

/// What the clocks need to know of a ticket.
#[derive(Debug, Clone, Copy)]
pub struct TicketTimes {
    /// Its team: a team's own schedule sets the hours its clocks count.
    pub team_id: Option<i64>,
    pub priority: Priority,
    pub status: TicketStatus,
    pub created_at: Millis,
    pub first_response_at: Option<Millis>,
    pub solved_at: Option<Millis>,
    pub closed_at: Option<Millis>,
    /// Where the resolution clock counts from (the creation, moved by
    /// pauses that ended).
    pub clock_start: Millis,
    /// When the current pause began.
    pub paused_at: Option<Millis>,
    /// Since when a customer's reply waits for an answer (after the first).
    pub awaiting_since: Option<Millis>,
}

/// Whether a ticket in `status` is waiting on someone other than the team.
pub fn pauses(status: TicketStatus) -> bool {
    matches!(status, TicketStatus::Pending | TicketStatus::OnHold)
}

/// The resolution clock's (start, pause) after a ticket's status went from
/// `before` to `after` at `now`: a pause begins on entering pending or on
/// hold, and on leaving them the start moves later by the counted time the
/// pause lasted. A reopened ticket (solved before) counts from its creation.
pub fn pause_transition(
    hours: &ClockHours,
    before: TicketStatus,
    after: TicketStatus,
    clock: (Millis, Option<Millis>),
    created_at: Millis,
    now: Millis,
) -> (Millis, Option<Millis>) {
    let (start, paused_at) = clock;
    let reopened = matches!(before, TicketStatus::Solved | TicketStatus::Closed)
        && !matches!(after, TicketStatus::Solved | TicketStatus::Closed);
    let start = if reopened { created_at } else { start };
    match (paused_at, pauses(after)) {
        (None, true) => (start, Some(now)),
        (Some(since), false) => (hours.due(start, hours.between(since, now)), None),
        (paused_at, _) => (start, paused_at),
    }
}

/// The first response and resolution clocks of a ticket at `now`, with the
/// next reply clock between them while a customer's reply waits.
pub fn clocks(
    policy: &SlaPolicy,
    hours: &ClockHours,
    targets: &Targets,
    ticket: &TicketTimes,
    now: Millis,
) -> Vec<Clock> {
    let done_at = match ticket.status {
        TicketStatus::Solved | TicketStatus::Closed => ticket
            .solved_at
            .or(ticket.closed_at)
            .or(Some(ticket.created_at)),
        _ => None,
    };
    // A ticket closed without any answer has no first response to wait for.
    let answered_at = ticket.first_response_at.or(done_at);
    let mut out = vec![clock(
        policy,
        hours,
        ClockKind::FirstResponse,
        targets.first_response.of(ticket.priority),
        ticket.created_at,
        answered_at,
        now,
    )];
    if let (Some(since), None) = (ticket.awaiting_since, done_at) {
        out.push(clock(
            policy,
            hours,
            ClockKind::NextReply,
            targets.next_reply.of(ticket.priority),
            since,
            None,
            now,
        ));
    }
    out.push(resolution_clock(
        policy, hours, targets, ticket, done_at, now,
    ));
    out
}

/// The resolution clock: counting from the ticket's clock start, paused
/// while it waits, stopped when solved.
fn resolution_clock(
    policy: &SlaPolicy,
    hours: &ClockHours,
    targets: &Targets,
    ticket: &TicketTimes,
    done_at: Option<Millis>,
    now: Millis,
) -> Clock {
    let minutes = targets.resolution.of(ticket.priority);
    match ticket.paused_at {
        // Solved while paused: the pause lasted until then.
        Some(since) if done_at.is_some() || pauses(ticket.status) => {
            let until = done_at.unwrap_or(now).max(since);
            let start = hours.due(ticket.clock_start, hours.between(since, until));
            let mut clock = clock(
                policy,
                hours,
                ClockKind::Resolution,
                minutes,
                start,
                done_at,
                now,
            );
            if done_at.is_none() {
                // Counted time left when the pause began, due if it ended now.
                let allowed = Millis::from(minutes) * MINUTE_MS;
                let left = allowed - hours.between(ticket.clock_start, since);
                clock.state = ClockState::Paused;
                clock.due_at = hours.due(now, left.max(0));
                clock.remaining_ms = clock.due_at - now;
            }
            clock
        }
        _ => clock(
            policy,
            hours,
            ClockKind::Resolution,
            minutes,
            ticket.clock_start,
            done_at,
            now,
        ),
    }
}

fn clock(
    policy: &SlaPolicy,
    hours: &ClockHours,
    kind: ClockKind,
    minutes: u32,
    started_at: Millis,
    stopped_at: Option<Millis>,
    now: Millis,
) -> Clock {
    let allowed = Millis::from(minutes) * MINUTE_MS;
    let due_at = hours.due(started_at, allowed);
    // Warning once less than the warning share of the counted time is left.
    let warning_at =
        hours.started_before(due_at, allowed * Millis::from(policy.warning_percent) / 100);
    let (state, remaining_ms) = match stopped_at {
        Some(at) if at <= due_at => (ClockState::Met, due_at - at),
        Some(at) => (ClockState::Missed, due_at - at),
        None => {
            let left = due_at - now;
            let state = if left < 0 {
                ClockState::Breached
            } else if now > warning_at {
                ClockState::Warning
            } else {
                ClockState::Ok
            };
            (state, left)
        }
    };
    Clock {
        kind,
        state,
        due_at,
        warning_at,
        remaining_ms,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const H: Millis = 60 * MINUTE_MS;

    fn times(priority: Priority, status: TicketStatus) -> TicketTimes {
        TicketTimes {
            team_id: None,
            priority,
            status,
            created_at: 1_000 * H,
            first_response_at: None,
            solved_at: None,
            closed_at: None,
            clock_start: 1_000 * H,
            paused_at: None,
            awaiting_since: None,
        }
    }

    /// The first response and resolution clocks under the default targets.
    fn clocks(policy: &SlaPolicy, hours: &ClockHours, t: &TicketTimes, now: Millis) -> [Clock; 2] {
        let all = super::clocks(policy, hours, &policy.targets(None), t, now);
        assert_eq!(all.len(), 2, "no reply waits: {all:?}");
        [all[0], all[1]]
    }

    fn vip_chat() -> SlaPolicy {
        SlaPolicy {
            policies: vec![ConditionalTargets {
                name: "VIP chat".into(),
                channels: vec![Channel::Chat],
                tags: vec!["vip".into()],
                first_response_minutes: Some(PriorityMinutes {
                    urgent: 5,
                    high: 10,
                    normal: 15,
                    low: 30,
                }),
                ..Default::default()
            }],
            ..SlaPolicy::default()
        }
    }

    #[test]
    fn the_first_matching_policy_sets_the_targets() {
        let policy = vip_chat();
        let facts = |channel, tags: &'static [String]| SlaFacts {
            priority: Priority::Normal,
            channel,
            tags,
            team: None,
            tier: None,
        };
        static VIP: std::sync::LazyLock<[String; 1]> =
            std::sync::LazyLock::new(|| ["vip".to_string()]);
        assert_eq!(
            policy.choose(&facts(Channel::Chat, &*VIP)),
            Some("VIP chat")
        );
        assert_eq!(policy.choose(&facts(Channel::Email, &*VIP)), None);
        assert_eq!(policy.choose(&facts(Channel::Chat, &[])), None);
        let targets = policy.targets(Some("VIP chat"));
        assert_eq!(targets.first_response.normal, 15);
        // What the policy leaves out is the default.
        assert_eq!(targets.resolution, SlaPolicy::default().resolution_minutes);
        assert_eq!(policy.targets(Some("gone")), policy.targets(None));
        let mut t = times(Priority::Normal, TicketStatus::Open);
        let first = super::clocks(&policy, &ClockHours::Calendar, &targets, &t, t.created_at)[0];
        assert_eq!(first.due_at, t.created_at + 15 * MINUTE_MS);
        // The next reply clock runs while the customer's reply waits.
        t.first_response_at = Some(t.created_at + H);
        t.awaiting_since = Some(t.created_at + 2 * H);
        let all = super::clocks(
            &policy,
            &ClockHours::Calendar,
            &targets,
            &t,
            t.created_at + 11 * H,
        );
        assert_eq!(all.len(), 3);
        assert_eq!(all[1].kind, ClockKind::NextReply);
        assert_eq!(
            all[1].due_at,
            t.created_at + 10 * H,
            "8 h normal next reply"
        );
        assert_eq!(all[1].state, ClockState::Breached);
        // Solved: no reply waits any more.
        t.status = TicketStatus::Solved;
        t.solved_at = Some(t.created_at + 12 * H);
        assert_eq!(
            super::clocks(
                &policy,
                &ClockHours::Calendar,
                &targets,
                &t,
                t.created_at + 13 * H
            )
            .len(),
            2
        );
    }

    #[test]
    fn breach_cutoffs_cover_every_policy_and_priority() {
        let policy = vip_chat();
        let cutoffs = policy.breach_cutoffs(&ClockHours::Calendar, 10_000 * H);
        assert_eq!(cutoffs.len(), 2 * Priority::ALL.len());
        let vip_normal = cutoffs
            .iter()
            .find(|c| c.policy.as_deref() == Some("VIP chat") && c.priority == Priority::Normal)
            .expect("a branch");
        assert_eq!(
            vip_normal.unanswered_created_before,
            10_000 * H - 15 * MINUTE_MS
        );
        assert_eq!(vip_normal.awaiting_since_before, 10_000 * H - 8 * H);
        let mut bad = vip_chat();
        bad.policies.push(bad.policies[0].clone());
        assert_eq!(bad.problem().map(|p| p.0), Some("sla.policies.name"));
    }

    #[test]
    fn an_unanswered_ticket_goes_from_ok_to_warning_to_breached() {
        let policy = SlaPolicy::default();
        let t = times(Priority::High, TicketStatus::New);
        let at = |hours_after: Millis| {
            clocks(
                &policy,
                &ClockHours::Calendar,
                &t,
                t.created_at + hours_after,
            )[0]
        };
        assert_eq!(at(0).state, ClockState::Ok);
        assert_eq!(at(0).due_at, t.created_at + 4 * H);
        assert_eq!(at(0).warning_at, t.created_at + 3 * H);
        // 4 h target, 25 %: warning in the last hour.
        assert_eq!(at(2 * H).state, ClockState::Ok);
        assert_eq!(at(3 * H + 1).state, ClockState::Warning);
        assert_eq!(at(4 * H).state, ClockState::Warning);
        let late = at(5 * H);
        assert_eq!(late.state, ClockState::Breached);
        assert_eq!(late.remaining_ms, -H);
    }

    #[test]
    fn an_answer_stops_the_first_clock_met_or_missed() {
        let policy = SlaPolicy::default();
        let mut t = times(Priority::Urgent, TicketStatus::Open);
        t.first_response_at = Some(t.created_at + 30 * MINUTE_MS);
        let [first, resolution] = clocks(&policy, &ClockHours::Calendar, &t, t.created_at + 10 * H);
        assert_eq!(first.state, ClockState::Met);
        assert_eq!(first.remaining_ms, 30 * MINUTE_MS);
        // Urgent resolution is 8 h; still open after 10 h.
        assert_eq!(resolution.state, ClockState::Breached);

        t.first_response_at = Some(t.created_at + 2 * H);
        assert_eq!(
            clocks(&policy, &ClockHours::Calendar, &t, t.created_at)[0].state,
            ClockState::Missed
        );
    }

    #[test]
    fn solving_stops_the_resolution_clock_and_reopening_restarts_it() {
        let policy = SlaPolicy::default();
        let mut t = times(Priority::Normal, TicketStatus::Solved);
        t.first_response_at = Some(t.created_at + H);
        t.solved_at = Some(t.created_at + 10 * H);
        let [_, resolution] = clocks(&policy, &ClockHours::Calendar, &t, t.created_at + 100 * H);
        assert_eq!(resolution.state, ClockState::Met);
        // Reopened: solved_at is cleared and the clock counts from creation.
        t.status = TicketStatus::Open;
        t.solved_at = None;
        (t.clock_start, t.paused_at) = pause_transition(
            &ClockHours::Calendar,
            TicketStatus::Solved,
            TicketStatus::Open,
            (t.clock_start + 5 * H, None),
            t.created_at,
            t.created_at + 100 * H,
        );
        let [_, resolution] = clocks(&policy, &ClockHours::Calendar, &t, t.created_at + 100 * H);
        assert_eq!(resolution.state, ClockState::Breached);
    }

    #[test]
    fn waiting_for_the_customer_pauses_the_resolution_clock() {
        let policy = SlaPolicy::default();
        let hours = ClockHours::Calendar;
        // Normal: 48 h to resolve. Answered at 1 h, pending from 2 h to 30 h.
        let mut t = times(Priority::Normal, TicketStatus::Open);
        t.first_response_at = Some(t.created_at + H);
        let moved = |t: &mut TicketTimes, to: TicketStatus, at: Millis| {
            (t.clock_start, t.paused_at) = pause_transition(
                &hours,
                t.status,
                to,
                (t.clock_start, t.paused_at),
                t.created_at,
                at,
            );
            t.status = to;
        };
        let c = t.created_at;
        moved(&mut t, TicketStatus::Pending, c + 2 * H);
        let [first, resolution] = clocks(&policy, &hours, &t, t.created_at + 60 * H);
        assert_eq!(
            first.state,
            ClockState::Met,
            "the first response does not pause"
        );
        assert_eq!(
            resolution.state,
            ClockState::Paused,
            "60 h in, but 58 of them waiting"
        );
        // 46 h were left when the pause began.
        assert_eq!(resolution.remaining_ms, 46 * H);
        moved(&mut t, TicketStatus::Open, c + 30 * H);
        assert_eq!(t.clock_start, t.created_at + 28 * H);
        assert_eq!(t.paused_at, None);
        let [_, resolution] = clocks(&policy, &hours, &t, t.created_at + 60 * H);
        assert_eq!(resolution.state, ClockState::Ok);
        assert_eq!(resolution.due_at, t.created_at + 76 * H);
        let [_, resolution] = clocks(&policy, &hours, &t, t.created_at + 77 * H);
        assert_eq!(resolution.state, ClockState::Breached);
        // Solved straight from pending: the pause lasted until then.
        let mut waiting = times(Priority::Normal, TicketStatus::Open);
        let w = waiting.created_at;
        moved(&mut waiting, TicketStatus::Pending, w + 10 * H);
        waiting.status = TicketStatus::Solved;
        waiting.solved_at = Some(waiting.created_at + 100 * H);
        let [_, resolution] = clocks(&policy, &hours, &waiting, waiting.created_at + 200 * H);
        assert_eq!(resolution.state, ClockState::Met);
    }

    #[test]
    fn a_ticket_closed_without_an_answer_does_not_breach_forever() {
        let policy = SlaPolicy::default();
        let mut t = times(Priority::Low, TicketStatus::Closed);
        t.closed_at = Some(t.created_at + H);
        let [first, resolution] =
            clocks(&policy, &ClockHours::Calendar, &t, t.created_at + 1_000 * H);
        assert!(!first.state.is_running() && !resolution.state.is_running());
    }

    #[test]
    fn cutoffs_follow_the_targets_of_each_priority() {
        let policy = SlaPolicy::default();
        let now = 5_000 * H;
        let cutoffs = policy.breach_cutoffs(&ClockHours::Calendar, now);
        assert_eq!(cutoffs.len(), 4);
        let urgent = cutoffs
            .iter()
            .find(|c| c.priority == Priority::Urgent)
            .unwrap();
        assert_eq!(urgent.unanswered_created_before, now - H);
        assert_eq!(urgent.unsolved_created_before, now - 8 * H);
    }

    /// Milliseconds of a Madrid local time.
    fn madrid(text: &str) -> Millis {
        let dt: jiff::civil::DateTime = text.parse().unwrap();
        dt.to_zoned(jiff::tz::TimeZone::get("Europe/Madrid").unwrap())
            .unwrap()
            .timestamp()
            .as_millisecond()
    }

    #[test]
    fn a_team_on_its_own_schedule_counts_its_hours() {
        let policy = SlaPolicy::default();
        let madrid_hours = ClockHours::new(
            &policy,
            crate::business_hours::BusinessHours::default()
                .schedule()
                .unwrap(),
        );
        // The Chinese team works 09:00-18:00 Shanghai time, every weekday.
        let mut shanghai = crate::business_hours::BusinessHours::always_open("Asia/Shanghai");
        for day in 1..=7 {
            *shanghai.day_mut(day) = if day <= 5 {
                vec!["09:00-18:00".into()]
            } else {
                Vec::new()
            };
        }
        let teams = TeamHours::new(vec![
            (
                vec![7],
                ClockHours::new(&policy, shanghai.schedule().unwrap()),
            ),
            (vec![], ClockHours::Calendar),
        ]);
        let rules = SlaRules {
            policy: &policy,
            hours: &madrid_hours,
            teams: &teams,
        };
        // Monday 2026-12-07 08:00 Madrid = 15:00 Shanghai.
        let mut t = times(Priority::Urgent, TicketStatus::New);
        t.created_at = madrid("2026-12-07T08:00");
        t.clock_start = t.created_at;
        let now = t.created_at;
        let first = |t: &TicketTimes| rules.clocks(t, None, now)[0];
        // Madrid opens at 09:00: one hour from then.
        assert_eq!(first(&t).due_at, madrid("2026-12-07T10:00"));
        t.team_id = Some(7);
        // Shanghai is open: one hour from now.
        assert_eq!(first(&t).due_at, madrid("2026-12-07T09:00"));
        t.team_id = Some(8);
        assert_eq!(first(&t).due_at, madrid("2026-12-07T10:00"));

        // The breach cutoffs: the default's for every team but 7, then 7's.
        let cutoffs = rules.breach_cutoffs(madrid("2026-12-07T09:30"));
        assert_eq!(cutoffs.len(), 8, "four priorities in each of two hours");
        let urgent = |scope: &TeamScope| {
            cutoffs
                .iter()
                .find(|c| c.priority == Priority::Urgent && &c.teams == scope)
                .unwrap()
                .unanswered_created_before
        };
        // Shanghai counted 16:30 back to 15:30; Madrid back to Saturday.
        assert_eq!(
            urgent(&TeamScope::Only(vec![7])),
            madrid("2026-12-07T08:30")
        );
        assert_eq!(
            urgent(&TeamScope::NoneOf(vec![7])),
            madrid("2026-12-05T13:30")
        );

        // Calendar hours ignore the teams' schedules.
        let calendar = SlaRules {
            policy: &policy,
            hours: &ClockHours::Calendar,
            teams: &teams,
        };
        assert!(
            calendar
                .breach_cutoffs(now)
                .iter()
                .all(|c| c.teams == TeamScope::Any)
        );
        assert_eq!(calendar.clocks(&t, None, now)[0].due_at, now + H);
    }

    #[test]
    fn a_holiday_night_email_starts_counting_at_the_next_opening() {
        let policy = SlaPolicy::default();
        let hours = ClockHours::new(
            &policy,
            crate::business_hours::BusinessHours::default()
                .schedule()
                .unwrap(),
        );
        // Monday 2026-12-07 23:00; Tuesday 8th is a holiday; open 09:00-20:00.
        let mut t = times(Priority::Normal, TicketStatus::New);
        t.created_at = madrid("2026-12-07T23:00");
        t.clock_start = t.created_at;
        let [first, resolution] = clocks(&policy, &hours, &t, madrid("2026-12-08T20:00"));
        // Eight business hours from Wednesday 09:00.
        assert_eq!(first.due_at, madrid("2026-12-09T17:00"));
        assert_eq!(first.state, ClockState::Ok, "a holiday does not count");
        // Warning in the last 25 %: the last two business hours.
        assert_eq!(first.warning_at, madrid("2026-12-09T15:00"));
        // 48 business hours: Wed–Fri 33 h, Saturday 4 h, Monday 11 h.
        assert_eq!(resolution.due_at, madrid("2026-12-14T20:00"));
        let [first, _] = clocks(&policy, &hours, &t, madrid("2026-12-09T17:00:01"));
        assert_eq!(first.state, ClockState::Breached);
        // The breached view's cutoff agrees with the clock.
        let cutoffs = policy.breach_cutoffs(&hours, madrid("2026-12-09T17:00:01"));
        let normal = cutoffs
            .iter()
            .find(|c| c.priority == Priority::Normal)
            .unwrap();
        assert!(t.created_at < normal.unanswered_created_before);
        let cutoffs = policy.breach_cutoffs(&hours, madrid("2026-12-09T16:59"));
        let normal = cutoffs
            .iter()
            .find(|c| c.priority == Priority::Normal)
            .unwrap();
        assert!(t.created_at >= normal.unanswered_created_before);
    }

    #[test]
    fn bad_targets_are_named() {
        let policy = SlaPolicy::default();
        assert_eq!(policy.problem(), None);
        let mut zero = policy.clone();
        zero.resolution_minutes.low = 0;
        assert_eq!(zero.problem().map(|p| p.0), Some("sla.resolution_minutes"));
        let mut percent = policy.clone();
        percent.warning_percent = 150;
        assert_eq!(percent.problem().map(|p| p.0), Some("sla.warning_percent"));
        let mut inverted = policy;
        inverted.resolution_minutes.high = 10;
        assert_eq!(
            inverted.problem().map(|p| p.0),
            Some("sla.first_response_minutes")
        );
    }
}
