//! Who takes a ticket: the online agents who speak its language and have
//! room for one more conversation on its channel, narrowed to those with
//! the skills it needs (its topic, the customer's tier), then picked by the
//! team's method. Every choice carries the reasons an agent sees in their
//! queue ("speaks 中文, handles refunds, 1 of 3 chats").

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::ticket::Channel;
use crate::{MINUTE_MS, Millis, wire_enum};

wire_enum! {
    /// What an agent told the desk, or what their inactivity says.
    pub enum Presence {
        Online => "online",
        Away => "away",
        Offline => "offline",
    }
}

wire_enum! {
    /// How a team picks among the agents who can take a ticket.
    pub enum RoutingMethod {
        /// The agent who was given a ticket longest ago.
        RoundRobin => "round_robin",
        /// The agent with the smallest share of their capacity in use.
        LeastLoaded => "least_loaded",
        /// The agent whose skill levels fit the ticket best.
        BestSkill => "best_skill",
    }
}

wire_enum! {
    /// What a skill is about. Languages are required; the others prefer.
    pub enum SkillKind {
        Language => "language",
        /// One of the assistant's intents, such as `refund_status`.
        Topic => "topic",
        /// A membership tier, such as `gold`.
        Tier => "tier",
        Channel => "channel",
    }
}

/// Levels run from 1 (can help) to 3 (expert, or native speaker).
pub const MAX_SKILL_LEVEL: u8 = 3;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Skill {
    #[schema(value_type = String, example = "language")]
    #[serde(with = "skill_kind_name")]
    pub kind: SkillKind,
    pub value: String,
    pub level: u8,
}

mod skill_kind_name {
    use super::SkillKind;
    use serde::{Deserialize, Deserializer, Serializer, de::Error};

    pub fn serialize<S: Serializer>(kind: &SkillKind, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(kind.as_str())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<SkillKind, D::Error> {
        let text = String::deserialize(d)?;
        SkillKind::parse(&text).map_err(D::Error::custom)
    }
}

/// How many open conversations (new or open tickets) an agent holds at
/// once, per channel. Phone, web, API and community share `other`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields, default)]
pub struct Capacity {
    pub chat: u32,
    pub email: u32,
    pub phone: u32,
    pub other: u32,
}

impl Default for Capacity {
    fn default() -> Self {
        Capacity {
            chat: 3,
            email: 10,
            phone: 1,
            other: 10,
        }
    }
}

impl Capacity {
    pub fn of(&self, channel: Channel) -> u32 {
        match channel {
            Channel::Chat => self.chat,
            Channel::Email => self.email,
            Channel::Phone => self.phone,
            _ => self.other,
        }
    }

    /// The bucket a channel's conversations count in.
    pub fn bucket(channel: Channel) -> &'static str {
        match channel {
            Channel::Chat => "chat",
            Channel::Email => "email",
            Channel::Phone => "phone",
            _ => "other",
        }
    }
}

/// The routing settings of the policy file (`[routing]`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields, default)]
pub struct RoutingPolicy {
    /// Whether new tickets and hand-overs are given to agents at all.
    pub enabled: bool,
    /// An online agent who did nothing for this long counts as away.
    pub away_after_minutes: u32,
    /// The capacity of agents who have none of their own.
    pub capacity: Capacity,
}

impl Default for RoutingPolicy {
    fn default() -> Self {
        RoutingPolicy {
            enabled: true,
            away_after_minutes: 15,
            capacity: Capacity::default(),
        }
    }
}

/// What is to be routed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Work {
    pub channel: Channel,
    /// The ticket's language (`zh`, `es`, …).
    pub language: String,
    /// The assistant's intent, when it found one.
    pub topic: Option<String>,
    pub tier: Option<String>,
}

/// An agent as routing sees them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    pub id: i64,
    pub presence: Presence,
    /// The last time they did something in the workspace.
    pub active_at: Millis,
    /// Their own language counts as native when no language skill is set.
    pub native_language: String,
    pub skills: Vec<Skill>,
    pub capacity: Capacity,
    /// Open conversations they hold, by [`Capacity::bucket`].
    pub open: BTreeMap<&'static str, u32>,
    /// When they were last given a ticket (0 when never).
    pub last_assigned_at: Millis,
}

impl Candidate {
    /// Their presence now: "online" turns to "away" after inactivity.
    pub fn presence_at(&self, now: Millis, away_after_minutes: u32) -> Presence {
        let idle_limit = Millis::from(away_after_minutes) * MINUTE_MS;
        match self.presence {
            Presence::Online if away_after_minutes > 0 && now - self.active_at > idle_limit => {
                Presence::Away
            }
            other => other,
        }
    }

    fn level(&self, kind: SkillKind, value: &str) -> Option<u8> {
        let own = self
            .skills
            .iter()
            .filter(|s| s.kind == kind && s.value.eq_ignore_ascii_case(value))
            .map(|s| s.level)
            .max();
        let languages_set = self.skills.iter().any(|s| s.kind == SkillKind::Language);
        match (kind, own) {
            (SkillKind::Language, None) if !languages_set => primary(&self.native_language)
                .eq_ignore_ascii_case(primary(value))
                .then_some(MAX_SKILL_LEVEL),
            (SkillKind::Language, None) => self
                .skills
                .iter()
                .filter(|s| {
                    s.kind == kind && primary(&s.value).eq_ignore_ascii_case(primary(value))
                })
                .map(|s| s.level)
                .max(),
            _ => own,
        }
    }

    fn open_on(&self, channel: Channel) -> u32 {
        self.open
            .get(Capacity::bucket(channel))
            .copied()
            .unwrap_or(0)
    }

    /// Share of the capacity in use, in thousandths (to compare without floats).
    fn load_permille(&self, channel: Channel) -> u64 {
        let max = u64::from(self.capacity.of(channel).max(1));
        u64::from(self.open_on(channel)) * 1000 / max
    }
}

/// `zh-CN` speaks `zh`.
fn primary(tag: &str) -> &str {
    tag.split(['-', '_']).next().unwrap_or(tag)
}

/// Why an agent was chosen: shown in their queue and kept with the ticket.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(tag = "reason", rename_all = "snake_case")]
pub enum Reason {
    Online,
    Speaks {
        language: String,
        level: u8,
    },
    Handles {
        topic: String,
        level: u8,
    },
    ServesTier {
        tier: String,
        level: u8,
    },
    WorksChannel {
        channel: String,
        level: u8,
    },
    HasRoom {
        open: u32,
        capacity: u32,
        channel: String,
    },
    LeastLoaded,
    LongestWithoutTicket,
    BestSkillMatch {
        score: u32,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Decision {
    pub agent_id: i64,
    #[schema(value_type = String)]
    #[serde(with = "method_name")]
    pub method: RoutingMethod,
    pub reasons: Vec<Reason>,
}

mod method_name {
    use super::RoutingMethod;
    use serde::{Deserialize, Deserializer, Serializer, de::Error};

    pub fn serialize<S: Serializer>(m: &RoutingMethod, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(m.as_str())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<RoutingMethod, D::Error> {
        let text = String::deserialize(d)?;
        RoutingMethod::parse(&text).map_err(D::Error::custom)
    }
}

/// Why nobody was chosen: the ticket waits in its team's queue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoAgent {
    NobodyOnline,
    NobodySpeaks,
    NobodyHasRoom,
}

/// Picks the agent for `work` among `candidates`, or says why none fits.
pub fn choose(
    work: &Work,
    candidates: &[Candidate],
    method: RoutingMethod,
    now: Millis,
    away_after_minutes: u32,
) -> Result<Decision, NoAgent> {
    let online: Vec<&Candidate> = candidates
        .iter()
        .filter(|c| c.presence_at(now, away_after_minutes) == Presence::Online)
        .collect();
    if online.is_empty() {
        return Err(NoAgent::NobodyOnline);
    }
    let speaking: Vec<&Candidate> = online
        .into_iter()
        .filter(|c| c.level(SkillKind::Language, &work.language).is_some())
        .collect();
    if speaking.is_empty() {
        return Err(NoAgent::NobodySpeaks);
    }
    let mut pool: Vec<&Candidate> = speaking
        .into_iter()
        .filter(|c| c.open_on(work.channel) < c.capacity.of(work.channel))
        .collect();
    if pool.is_empty() {
        return Err(NoAgent::NobodyHasRoom);
    }
    // The preferred skills narrow the pool when someone has them.
    let channel = work.channel.as_str();
    let preferences = [
        (SkillKind::Topic, work.topic.as_deref()),
        (SkillKind::Tier, work.tier.as_deref()),
        (SkillKind::Channel, Some(channel)),
    ];
    for (kind, value) in preferences {
        let Some(value) = value else { continue };
        let skilled: Vec<&Candidate> = pool
            .iter()
            .copied()
            .filter(|c| c.level(kind, value).is_some())
            .collect();
        if !skilled.is_empty() {
            pool = skilled;
        }
    }
    let score = |c: &Candidate| -> u32 {
        let language = c.level(SkillKind::Language, &work.language).unwrap_or(0);
        let others = preferences
            .iter()
            .filter_map(|(kind, value)| c.level(*kind, (*value)?))
            .sum::<u8>();
        u32::from(language) + u32::from(others)
    };
    let load = |c: &Candidate| c.load_permille(work.channel);
    let chosen = match method {
        RoutingMethod::RoundRobin => pool.iter().min_by_key(|c| (c.last_assigned_at, c.id)),
        RoutingMethod::LeastLoaded => pool
            .iter()
            .min_by_key(|c| (load(c), c.last_assigned_at, c.id)),
        RoutingMethod::BestSkill => pool.iter().min_by_key(|c| {
            (
                std::cmp::Reverse(score(c)),
                load(c),
                c.last_assigned_at,
                c.id,
            )
        }),
    }
    .copied()
    .ok_or(NoAgent::NobodyHasRoom)?;
    Ok(Decision {
        agent_id: chosen.id,
        method,
        reasons: reasons_for(chosen, work, method, score(chosen)),
    })
}

fn reasons_for(c: &Candidate, work: &Work, method: RoutingMethod, score: u32) -> Vec<Reason> {
    let mut reasons = vec![Reason::Online];
    if let Some(level) = c.level(SkillKind::Language, &work.language) {
        reasons.push(Reason::Speaks {
            language: work.language.clone(),
            level,
        });
    }
    if let Some(topic) = &work.topic
        && let Some(level) = c.level(SkillKind::Topic, topic)
    {
        reasons.push(Reason::Handles {
            topic: topic.clone(),
            level,
        });
    }
    if let Some(tier) = &work.tier
        && let Some(level) = c.level(SkillKind::Tier, tier)
    {
        reasons.push(Reason::ServesTier {
            tier: tier.clone(),
            level,
        });
    }
    if let Some(level) = c.level(SkillKind::Channel, work.channel.as_str()) {
        reasons.push(Reason::WorksChannel {
            channel: work.channel.as_str().into(),
            level,
        });
    }
    reasons.push(Reason::HasRoom {
        open: c.open_on(work.channel),
        capacity: c.capacity.of(work.channel),
        channel: Capacity::bucket(work.channel).into(),
    });
    reasons.push(match method {
        RoutingMethod::RoundRobin => Reason::LongestWithoutTicket,
        RoutingMethod::LeastLoaded => Reason::LeastLoaded,
        RoutingMethod::BestSkill => Reason::BestSkillMatch { score },
    });
    reasons
}

/// Checks a set of skills an admin gives an agent.
pub fn check_skills(skills: &[Skill]) -> Result<(), (usize, &'static str)> {
    if skills.len() > 50 {
        return Err((50, "at most 50 skills"));
    }
    for (i, skill) in skills.iter().enumerate() {
        if skill.level == 0 || skill.level > MAX_SKILL_LEVEL {
            return Err((i, "level is 1, 2 or 3"));
        }
        let value = skill.value.trim();
        if value.is_empty()
            || value.len() > 40
            || !value
                .chars()
                .all(|ch| ch.is_ascii_alphanumeric() || matches!(ch, '_' | '-'))
        {
            return Err((i, "value is a short name of letters, digits, '_' or '-'"));
        }
        if skill.kind == SkillKind::Channel && Channel::parse(value).is_err() {
            return Err((
                i,
                "a channel skill names a channel: chat, email, phone, web, api, community",
            ));
        }
        if skills[..i]
            .iter()
            .any(|s| s.kind == skill.kind && s.value.eq_ignore_ascii_case(value))
        {
            return Err((i, "each skill once"));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests;
