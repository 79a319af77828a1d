//! Conditions: parsed once per check, evaluated against a ticket, and
//! compared with actions for the loop check.

use std::cmp::Ordering;

use super::{
    Action, Condition, Conditions, Field, MAX_HOURS, MAX_KEY, MAX_TEXT, MAX_TIER, Op, Sentiment,
    TicketFacts, Value,
};
use crate::text::{LanguageTag, Tag, ValidationError, required_line};
use crate::ticket::{Channel, Priority, TicketStatus};
use crate::{HOUR_MS, Millis};

#[derive(Debug, Clone, Copy)]
pub(super) enum Clock {
    Created,
    Updated,
    InStatus,
    Solved,
}

/// A condition with its value parsed, ready to evaluate.
#[derive(Debug)]
pub(super) enum Test {
    Status(TicketStatus),
    /// The ticket's priority compared with this one gives the ordering.
    Priority(Ordering, Priority),
    Channel(Channel),
    Language(LanguageTag),
    Intent(Option<String>),
    Sentiment(Sentiment),
    Team(Option<i64>),
    Assignee(Option<i64>),
    Tag(String),
    /// Lower case.
    Text(String),
    /// Key, and the value for `is`/`is_not` (none for `present`/`absent`).
    Custom(String, Option<String>),
    TierIs(u8),
    TierAtLeast(u8),
    Hours(Clock, Millis),
}

pub(super) struct Check {
    pub(super) test: Test,
    /// `is_not`, `not_contains`, `absent`, `less_than`.
    negate: bool,
}

/// Which part of a condition is wrong (`op`, `key`, `value`), and why.
type Problem = (&'static str, String);

pub(super) fn compile(c: &Condition) -> Result<Check, Problem> {
    use Op::*;
    let ops: &[Op] = match c.field {
        Field::Priority => &[Is, IsNot, Above, Below],
        Field::Tags | Field::SubjectOrBody => &[Contains, NotContains],
        Field::CustomField => &[Is, IsNot, Present, Absent],
        Field::EscalationTier => &[Is, AtLeast],
        Field::HoursSinceCreated
        | Field::HoursSinceUpdated
        | Field::HoursInStatus
        | Field::HoursSinceSolved => &[AtLeast, LessThan],
        _ => &[Is, IsNot],
    };
    let field = c.field;
    if !ops.contains(&c.op) {
        let names: Vec<&str> = ops.iter().map(|o| o.as_str()).collect();
        let names = names.join(", ");
        return Err(("op", format!("{field} takes {names}, not {}", c.op)));
    }
    let key = match (&c.key, field) {
        (Some(key), Field::CustomField) => {
            required_line("key", key, MAX_KEY).map_err(|e| ("key", e.to_string()))?
        }
        (None, Field::CustomField) => {
            return Err(("key", "custom_field needs the key of the field".into()));
        }
        (Some(_), _) => return Err(("key", format!("{field} takes no key"))),
        (None, _) => String::new(),
    };
    let bad = |e: ValidationError| ("value", e.to_string());
    let value = c.value.as_ref();
    let text = || match value {
        Some(Value::Text(t)) => Ok(t.as_str()),
        _ => Err(("value", format!("{field} needs a text value"))),
    };
    let number = |max: i64, what: &str| match value {
        Some(Value::Number(n)) if (0..=max).contains(n) => Ok(*n),
        _ => Err(("value", format!("{what} is a whole number from 0 to {max}"))),
    };
    let id = || match value {
        Some(Value::Number(n)) if *n > 0 => Ok(Some(*n)),
        Some(Value::Text(t)) if t == "none" => Ok(None),
        _ => Err(("value", format!("{field} needs an id or \"none\""))),
    };
    let hours = |clock| {
        Ok(Test::Hours(
            clock,
            number(MAX_HOURS, "hours")?.saturating_mul(HOUR_MS),
        ))
    };
    let test = match field {
        Field::Status => Test::Status(TicketStatus::parse(text()?).map_err(bad)?),
        Field::Priority => {
            let ordering = match c.op {
                Above => Ordering::Greater,
                Below => Ordering::Less,
                _ => Ordering::Equal,
            };
            Test::Priority(ordering, Priority::parse(text()?).map_err(bad)?)
        }
        Field::Channel => Test::Channel(Channel::parse(text()?).map_err(bad)?),
        Field::Language => Test::Language(LanguageTag::parse(text()?).map_err(bad)?),
        Field::Intent => Test::Intent(match text()? {
            "none" => None,
            t => Some(required_line("intent", t, MAX_KEY).map_err(bad)?),
        }),
        Field::Sentiment => Test::Sentiment(Sentiment::parse(text()?).map_err(bad)?),
        Field::TeamId => Test::Team(id()?),
        Field::AssigneeId => Test::Assignee(id()?),
        Field::Tags => Test::Tag(Tag::parse(text()?).map_err(bad)?.as_str().to_owned()),
        Field::SubjectOrBody => Test::Text(
            required_line("text", text()?, MAX_TEXT)
                .map_err(bad)?
                .to_lowercase(),
        ),
        Field::CustomField if matches!(c.op, Present | Absent) => match value {
            Some(_) => return Err(("value", format!("{} takes no value", c.op))),
            None => Test::Custom(key, None),
        },
        Field::CustomField => Test::Custom(
            key,
            Some(required_line("value", text()?, MAX_TEXT).map_err(bad)?),
        ),
        Field::EscalationTier => {
            let tier = u8::try_from(number(MAX_TIER.into(), "the tier")?).unwrap_or(MAX_TIER);
            if c.op == AtLeast {
                Test::TierAtLeast(tier)
            } else {
                Test::TierIs(tier)
            }
        }
        Field::HoursSinceCreated => hours(Clock::Created)?,
        Field::HoursSinceUpdated => hours(Clock::Updated)?,
        Field::HoursInStatus => hours(Clock::InStatus)?,
        Field::HoursSinceSolved => hours(Clock::Solved)?,
    };
    let negate = matches!(c.op, IsNot | NotContains | Absent | LessThan);
    Ok(Check { test, negate })
}

impl Check {
    fn holds(&self, f: &TicketFacts, now: Millis) -> bool {
        let positive = match &self.test {
            Test::Status(s) => f.status == *s,
            Test::Priority(ordering, p) => f.priority.cmp(p) == *ordering,
            Test::Channel(c) => f.channel == *c,
            // `en` covers `en-GB`; `en-GB` only itself.
            Test::Language(want) => LanguageTag::parse(&f.language).is_ok_and(|have| {
                have == *want || (!want.as_str().contains('-') && have.primary() == want.as_str())
            }),
            Test::Intent(i) => f.intent.as_deref().filter(|i| !i.is_empty()) == i.as_deref(),
            Test::Sentiment(s) => f
                .sentiment
                .as_deref()
                .is_some_and(|x| x.eq_ignore_ascii_case(s.as_str())),
            Test::Team(t) => f.team_id == *t,
            Test::Assignee(a) => f.assignee_id == *a,
            Test::Tag(t) => f.tags.contains(t),
            Test::Text(needle) => [&f.subject, &f.latest_message]
                .iter()
                .any(|hay| hay.to_lowercase().contains(needle.as_str())),
            Test::Custom(key, want) => {
                let have = f
                    .custom_fields
                    .get(key)
                    .map(|v| v.trim())
                    .filter(|v| !v.is_empty());
                want.as_ref()
                    .map_or(have.is_some(), |w| have == Some(w.as_str()))
            }
            Test::TierIs(tier) => f.escalation_tier == *tier,
            Test::TierAtLeast(tier) => f.escalation_tier >= *tier,
            // A ticket never solved is neither long nor recently solved.
            Test::Hours(clock, least) => match clock.start(f) {
                Some(start) => now.saturating_sub(start) >= *least,
                None => return false,
            },
        };
        positive != self.negate
    }
}

impl Clock {
    fn start(self, f: &TicketFacts) -> Option<Millis> {
        match self {
            Clock::Created => Some(f.created_at),
            Clock::Updated => Some(f.updated_at),
            Clock::InStatus => Some(f.status_since),
            Clock::Solved => f.solved_at,
        }
    }
}

/// Whether the conditions hold for the ticket at `now`. An invalid
/// condition never holds.
pub fn matches(conditions: &Conditions, facts: &TicketFacts, now: Millis) -> bool {
    let holds = |c: &Condition| compile(c).is_ok_and(|c| c.holds(facts, now));
    conditions.all.iter().all(holds)
        && (conditions.any.is_empty() || conditions.any.iter().any(holds))
}

/// Whether `condition` is false after `action`, whatever the ticket was
/// when the condition held (closed tickets aside: rules do not change them).
/// A rule with such a pair cannot fire again on its own change.
pub fn falsifies(action: &Action, condition: &Condition) -> bool {
    let Ok(Check { test, negate }) = compile(condition) else {
        return false;
    };
    let eq_fails = |equal: bool| equal == negate;
    match (action, &test) {
        (Action::SetStatus { value }, Test::Status(s)) => {
            let holds = |status: TicketStatus| (status == *s) != negate;
            // Some changes are refused (open -> closed): check every start.
            TicketStatus::ALL
                .iter()
                .filter(|from| !from.is_final())
                .all(|&from| {
                    let after = status_after(from, *value);
                    !holds(from) || !holds(after)
                })
        }
        (Action::SetStatus { value }, Test::Hours(Clock::Solved, _)) => {
            matches!(
                value,
                TicketStatus::Open | TicketStatus::Pending | TicketStatus::OnHold
            )
        }
        (Action::SetPriority { value }, Test::Priority(ordering, p)) => {
            eq_fails(value.cmp(p) == *ordering)
        }
        (Action::SetTeam { value }, Test::Team(t))
        | (Action::SetAssignee { value }, Test::Assignee(t)) => eq_fails(value == t),
        (Action::AddTags { tags }, Test::Tag(t)) => negate && has_tag(tags, t),
        (Action::RemoveTags { tags }, Test::Tag(t)) => !negate && has_tag(tags, t),
        (Action::SetCustomField { key, value }, Test::Custom(k, want)) if key.trim() == k => {
            let after = Some(value.trim()).filter(|v| !v.is_empty());
            match want {
                Some(w) => eq_fails(after == Some(w.as_str())),
                None => eq_fails(after.is_some()),
            }
        }
        // The tier after is at least `tier`.
        (Action::Escalate { tier, .. }, Test::TierIs(t)) => {
            if negate {
                *t == MAX_TIER && *tier == MAX_TIER
            } else {
                t < tier
            }
        }
        _ => false,
    }
}

fn has_tag(tags: &[String], tag: &str) -> bool {
    tags.iter()
        .any(|t| Tag::parse(t).is_ok_and(|t| t.as_str() == tag))
}

pub(super) fn status_after(from: TicketStatus, to: TicketStatus) -> TicketStatus {
    match from.change_to(to) {
        Ok(Some(change)) => change.to,
        _ => from,
    }
}
