//! The support metrics (docs/METRICS.md): what one ticket contributes to
//! them, computed from its history, and the statistics and date ranges the
//! reports use. A ticket's facts are recomputed whole whenever it changes,
//! so a late message or a reopening can never leave a stale figure.

use jiff::civil::Date;
use jiff::tz::TimeZone;

use crate::business_hours::Schedule;
use crate::sla::ClockHours;
use crate::{DAY_MS, Millis, TicketStatus};

/// Who wrote a public message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Speaker {
    /// The customer (or anyone who is not staff).
    Customer,
    /// A person of the staff (not the requester themself).
    Agent(i64),
    /// The assistant or an automation: neither answers nor waits.
    Automatic,
}

/// One public message of a ticket.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Said {
    pub at: Millis,
    pub by: Speaker,
}

/// One recorded change of a ticket.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    Status {
        at: Millis,
        from: TicketStatus,
        to: TicketStatus,
    },
    Assignee {
        at: Millis,
        to: Option<i64>,
    },
}

/// What the facts of a ticket are computed from.
#[derive(Debug, Clone, Copy)]
pub struct TicketHistory<'a> {
    pub created_at: Millis,
    /// The ticket's first public answer by the staff (what its SLA counts).
    pub first_response_at: Option<Millis>,
    pub status: TicketStatus,
    /// When it was last solved (kept when closed, cleared when reopened).
    pub solved_at: Option<Millis>,
    pub assignee_id: Option<i64>,
    /// Public messages, in the order written.
    pub messages: &'a [Said],
    /// Status and assignee changes, in the order made.
    pub changes: &'a [Change],
}

/// A duration counted both ways.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Span {
    /// Every hour of every day.
    pub calendar: Millis,
    /// Only the ticket's team's business hours.
    pub business: Millis,
}

/// An answer that ended a customer's wait after the first reply.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NextReply {
    pub at: Millis,
    pub agent_id: i64,
    pub waited: Span,
    /// Within the next reply target (counted in the SLA's hours).
    pub met: bool,
}

/// What one ticket contributes to the reports.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TicketFacts {
    /// Creation to the first public answer by the staff.
    pub first_reply: Option<(Millis, Span)>,
    pub next_replies: Vec<NextReply>,
    /// Creation to the first assignment to an agent.
    pub first_assignment: Option<Millis>,
    /// Solved (or closed after being solved): when, and creation to then.
    pub resolution: Option<(Millis, Span)>,
    /// Of a solved ticket: the time it spent new or open (waiting on the
    /// team), not pending or on hold.
    pub requester_wait: Option<Span>,
    /// How often it went from solved back to an open status.
    pub reopens: u32,
    /// Public messages by the staff.
    pub agent_replies: u32,
}

impl TicketFacts {
    /// Solved with exactly one public reply by the staff.
    pub fn one_touch(&self) -> bool {
        self.resolution.is_some() && self.agent_replies == 1
    }
}

/// The SLA targets the facts are held to: the hours its clocks count and
/// the next reply allowance for the ticket's priority.
#[derive(Debug, Clone, Copy)]
pub struct ReplyTarget<'a> {
    pub hours: &'a ClockHours,
    pub next_reply: Millis,
}

/// The facts of one ticket. `business` is its team's schedule (business
/// hours are counted in it whatever hours the SLA counts).
pub fn ticket_facts(
    history: &TicketHistory<'_>,
    business: &Schedule,
    target: ReplyTarget<'_>,
) -> TicketFacts {
    let span = |from: Millis, to: Millis| Span {
        calendar: (to - from).max(0),
        business: business.open_between(from, to),
    };
    let solved_at = match history.status {
        TicketStatus::Solved | TicketStatus::Closed => history.solved_at,
        _ => None,
    };
    let mut facts = TicketFacts {
        first_reply: history
            .first_response_at
            .map(|at| (at, span(history.created_at, at))),
        resolution: solved_at.map(|at| (at, span(history.created_at, at))),
        ..TicketFacts::default()
    };
    // Next replies: a customer's message after the first answer starts a
    // wait; the staff's next public message ends it.
    let mut waiting_since: Option<Millis> = None;
    for said in history.messages {
        match said.by {
            Speaker::Agent(agent_id) => {
                facts.agent_replies += 1;
                if let Some(since) = waiting_since.take() {
                    facts.next_replies.push(NextReply {
                        at: said.at,
                        agent_id,
                        waited: span(since, said.at),
                        met: said.at <= target.hours.due(since, target.next_reply),
                    });
                }
            }
            Speaker::Customer => {
                let answered = history.first_response_at.is_some_and(|at| at <= said.at);
                if answered && waiting_since.is_none() {
                    waiting_since = Some(said.at);
                }
            }
            Speaker::Automatic => {}
        }
    }
    let mut first_assignment = None;
    for change in history.changes {
        match *change {
            Change::Status { from, to, .. } => {
                if from == TicketStatus::Solved && !matches!(to, TicketStatus::Closed) {
                    facts.reopens += 1;
                }
            }
            Change::Assignee { at, to: Some(_) } if first_assignment.is_none() => {
                first_assignment = Some(at);
            }
            Change::Assignee { .. } => {}
        }
    }
    // An assignment made before changes were recorded counts from creation.
    if first_assignment.is_none() && history.assignee_id.is_some() {
        first_assignment = Some(history.created_at);
    }
    facts.first_assignment = first_assignment.map(|at| (at - history.created_at).max(0));
    facts.requester_wait = solved_at.map(|end| requester_wait(history, end, &span));
    facts
}

/// The time a ticket spent new or open between its creation and `end`.
fn requester_wait(
    history: &TicketHistory<'_>,
    end: Millis,
    span: &dyn Fn(Millis, Millis) -> Span,
) -> Span {
    let waits = |status: TicketStatus| matches!(status, TicketStatus::New | TicketStatus::Open);
    let mut status = history
        .changes
        .iter()
        .find_map(|c| match c {
            Change::Status { from, .. } => Some(*from),
            Change::Assignee { .. } => None,
        })
        .unwrap_or(TicketStatus::New);
    let mut since = history.created_at;
    let mut total = Span::default();
    let add = |from: Millis, to: Millis, total: &mut Span| {
        let to = to.min(end);
        if to > from {
            let s = span(from, to);
            total.calendar += s.calendar;
            total.business += s.business;
        }
    };
    for change in history.changes {
        if let Change::Status { at, to, .. } = *change {
            if at > end {
                break;
            }
            if waits(status) {
                add(since, at, &mut total);
            }
            status = to;
            since = at.max(since);
        }
    }
    if waits(status) {
        add(since, end, &mut total);
    }
    total
}

/// The `p`th percentile (0–100) of `values` by linear interpolation between
/// the closest ranks (the median of an even count is the mean of the two
/// middle values); `None` for no values. Sorts `values`.
pub fn percentile(values: &mut [Millis], p: f64) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_unstable();
    let rank = (p.clamp(0.0, 100.0) / 100.0) * (values.len() - 1) as f64;
    let low = rank.floor() as usize;
    let high = rank.ceil() as usize;
    let weight = rank - low as f64;
    Some(values[low] as f64 + (values[high] - values[low]) as f64 * weight)
}

/// A share as a fraction (0–1); `None` when nothing was counted.
pub fn share(part: u64, whole: u64) -> Option<f64> {
    (whole > 0).then(|| part as f64 / whole as f64)
}

/// The most days one report covers.
pub const MAX_RANGE_DAYS: i64 = 366;

/// Dates of the desk's calendar, inclusive, that a report covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateRange {
    pub from: Date,
    pub to: Date,
}

/// Why a date range cannot be reported on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum RangeError {
    #[error("`from` and `to` are dates: YYYY-MM-DD")]
    NotADate,
    #[error("`from` is after `to`")]
    Reversed,
    #[error("a report covers at most 366 days")]
    TooLong,
    #[error("the range ends after today")]
    Future,
    #[error("the range ends before the first ticket")]
    BeforeData,
}

impl DateRange {
    /// A range from its two dates as written, checked against today and the
    /// first day with data (`None`: no data yet).
    pub fn parse(
        from: &str,
        to: &str,
        today: Date,
        first_day: Option<Date>,
    ) -> Result<DateRange, RangeError> {
        let parse = |text: &str| {
            text.trim()
                .parse::<Date>()
                .map_err(|_| RangeError::NotADate)
        };
        let (from, to) = (parse(from)?, parse(to)?);
        if from > to {
            return Err(RangeError::Reversed);
        }
        let range = DateRange { from, to };
        if range.days() > MAX_RANGE_DAYS {
            return Err(RangeError::TooLong);
        }
        if to > today {
            return Err(RangeError::Future);
        }
        if first_day.is_some_and(|first| to < first) {
            return Err(RangeError::BeforeData);
        }
        Ok(range)
    }

    /// The last `days` days up to and including `today`.
    pub fn last_days(today: Date, days: i64) -> DateRange {
        let from = today
            .checked_sub(jiff::Span::new().days(days.clamp(1, MAX_RANGE_DAYS) - 1))
            .unwrap_or(today);
        DateRange { from, to: today }
    }

    pub fn days(&self) -> i64 {
        day_number(self.to) - day_number(self.from) + 1
    }

    /// The range of the same length just before this one.
    pub fn previous(&self) -> DateRange {
        let length = jiff::Span::new().days(self.days());
        DateRange {
            from: self.from.checked_sub(length).unwrap_or(self.from),
            to: self
                .from
                .checked_sub(jiff::Span::new().days(1))
                .unwrap_or(self.from),
        }
    }

    /// Its day numbers (see [`day_number`]), inclusive.
    pub fn day_numbers(&self) -> (i64, i64) {
        (day_number(self.from), day_number(self.to))
    }

    /// The instants it covers in `zone`: [start of `from`, start of the day
    /// after `to`).
    pub fn instants(&self, zone: &TimeZone) -> (Millis, Millis) {
        let start = |date: Date| {
            date.to_zoned(zone.clone())
                .map(|z| z.timestamp().as_millisecond())
                .unwrap_or(day_number(date) * DAY_MS)
        };
        let after = self.to.tomorrow().unwrap_or(self.to);
        (start(self.from), start(after))
    }
}

/// Days since 1970-01-01 of a calendar date: the key of the daily rollups.
pub fn day_number(date: Date) -> i64 {
    let epoch = Date::constant(1970, 1, 1);
    i64::from((date - epoch).get_days())
}

/// The calendar date of a day number.
pub fn date_of_day(day: i64) -> Date {
    Date::constant(1970, 1, 1)
        .checked_add(jiff::Span::new().days(day))
        .unwrap_or(Date::constant(1970, 1, 1))
}

/// The day number of `at` in `zone`.
pub fn local_day(zone: &TimeZone, at: Millis) -> i64 {
    let stamp = jiff::Timestamp::from_millisecond(at).unwrap_or(jiff::Timestamp::UNIX_EPOCH);
    day_number(zone.to_datetime(stamp).date())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::HOUR_MS;
    use crate::business_hours::BusinessHours;

    /// Monday to Friday 09:00–17:00 UTC; 2026-01-01 a holiday.
    fn office() -> Schedule {
        let mut hours = BusinessHours::always_open("UTC");
        for day in 1..=7u8 {
            *hours.day_mut(day) = if day <= 5 {
                vec!["09:00-17:00".into()]
            } else {
                vec![]
            };
        }
        hours.holidays = vec![crate::business_hours::Holiday {
            date: "2026-01-01".into(),
            name: "New Year".into(),
        }];
        hours.schedule().expect("valid hours")
    }

    fn at(date: &str, hour: i64) -> Millis {
        let date: Date = date.parse().expect("date");
        day_number(date) * DAY_MS + hour * HOUR_MS
    }

    const TARGET: ReplyTarget<'static> = ReplyTarget {
        hours: &ClockHours::Calendar,
        next_reply: 4 * HOUR_MS,
    };

    #[test]
    fn a_weekend_and_a_holiday_count_in_calendar_hours_only() {
        // Wednesday 2025-12-31 16:00, answered Friday 2026-01-02 10:00:
        // the holiday (Thursday) is closed, so 2 business hours.
        let history = TicketHistory {
            created_at: at("2025-12-31", 16),
            first_response_at: Some(at("2026-01-02", 10)),
            status: TicketStatus::Open,
            solved_at: None,
            assignee_id: None,
            messages: &[],
            changes: &[],
        };
        let facts = ticket_facts(&history, &office(), TARGET);
        let (_, span) = facts.first_reply.expect("answered");
        assert_eq!(span.calendar, 42 * HOUR_MS);
        assert_eq!(span.business, 2 * HOUR_MS);
        assert_eq!(facts.resolution, None);
        assert_eq!(facts.requester_wait, None);
    }

    #[test]
    fn next_replies_count_from_the_first_unanswered_customer_message() {
        let messages = [
            Said {
                at: at("2026-01-05", 9),
                by: Speaker::Customer,
            },
            Said {
                at: at("2026-01-05", 10),
                by: Speaker::Agent(7),
            },
            Said {
                at: at("2026-01-05", 11),
                by: Speaker::Customer,
            },
            Said {
                at: at("2026-01-05", 12),
                by: Speaker::Customer,
            },
            Said {
                at: at("2026-01-05", 13),
                by: Speaker::Automatic,
            },
            Said {
                at: at("2026-01-05", 16),
                by: Speaker::Agent(8),
            },
        ];
        let history = TicketHistory {
            created_at: at("2026-01-05", 9),
            first_response_at: Some(at("2026-01-05", 10)),
            status: TicketStatus::Open,
            solved_at: None,
            assignee_id: Some(7),
            messages: &messages,
            changes: &[],
        };
        let facts = ticket_facts(&history, &office(), TARGET);
        assert_eq!(facts.agent_replies, 2);
        assert_eq!(facts.next_replies.len(), 1);
        let reply = facts.next_replies[0];
        assert_eq!((reply.agent_id, reply.waited.calendar), (8, 5 * HOUR_MS));
        assert!(!reply.met, "5 hours is past the 4 hour target");
        assert_eq!(facts.first_assignment, Some(0));
    }

    #[test]
    fn requester_wait_leaves_out_pending_and_reopens_are_counted() {
        let created = at("2026-01-05", 9);
        let changes = [
            Change::Assignee {
                at: at("2026-01-05", 11),
                to: Some(3),
            },
            Change::Status {
                at: at("2026-01-05", 12),
                from: TicketStatus::New,
                to: TicketStatus::Pending,
            },
            Change::Status {
                at: at("2026-01-05", 15),
                from: TicketStatus::Pending,
                to: TicketStatus::Solved,
            },
            Change::Status {
                at: at("2026-01-06", 9),
                from: TicketStatus::Solved,
                to: TicketStatus::Open,
            },
            Change::Status {
                at: at("2026-01-06", 10),
                from: TicketStatus::Open,
                to: TicketStatus::Solved,
            },
        ];
        let history = TicketHistory {
            created_at: created,
            first_response_at: Some(at("2026-01-05", 12)),
            status: TicketStatus::Solved,
            solved_at: Some(at("2026-01-06", 10)),
            assignee_id: Some(3),
            messages: &[Said {
                at: at("2026-01-05", 12),
                by: Speaker::Agent(3),
            }],
            changes: &changes,
        };
        let facts = ticket_facts(&history, &office(), TARGET);
        assert_eq!(facts.reopens, 1);
        assert_eq!(facts.first_assignment, Some(2 * HOUR_MS));
        // New 09–12 (3 h) and open 09–10 the next day (1 h).
        assert_eq!(facts.requester_wait.map(|w| w.calendar), Some(4 * HOUR_MS));
        assert_eq!(
            facts.resolution.map(|(_, s)| s.calendar),
            Some(25 * HOUR_MS)
        );
        // Business: Monday 09–17 (8 h) and Tuesday 09–10 (1 h).
        assert_eq!(facts.resolution.map(|(_, s)| s.business), Some(9 * HOUR_MS));
        assert!(facts.one_touch());
    }

    #[test]
    fn percentiles_interpolate_between_ranks() {
        assert_eq!(percentile(&mut [], 50.0), None);
        assert_eq!(percentile(&mut [4, 1, 3, 2], 50.0), Some(2.5));
        assert_eq!(percentile(&mut [1, 2, 3, 4, 5], 50.0), Some(3.0));
        // numpy.percentile([10..100 step 10], 90) = 91.0
        let mut tens: Vec<Millis> = (1..=10).map(|n| n * 10).collect();
        assert_eq!(percentile(&mut tens, 90.0), Some(91.0));
        assert_eq!(share(0, 0), None);
        assert_eq!(share(1, 4), Some(0.25));
    }

    #[test]
    fn ranges_are_checked_and_have_a_previous_period() {
        let today: Date = "2026-03-10".parse().expect("date");
        let first: Date = "2025-06-01".parse().expect("date");
        let range = DateRange::parse("2026-03-02", "2026-03-08", today, Some(first)).expect("ok");
        assert_eq!(range.days(), 7);
        let previous = range.previous();
        assert_eq!(previous.from.to_string(), "2026-02-23");
        assert_eq!(previous.to.to_string(), "2026-03-01");
        let bad = |from: &str, to: &str| DateRange::parse(from, to, today, Some(first));
        assert_eq!(bad("2026-03-08", "2026-03-02"), Err(RangeError::Reversed));
        assert_eq!(bad("2026-03-01", "2026-03-11"), Err(RangeError::Future));
        assert_eq!(bad("2025-01-01", "2025-05-01"), Err(RangeError::BeforeData));
        assert_eq!(bad("2024-01-01", "2026-01-01"), Err(RangeError::TooLong));
        assert_eq!(bad("yesterday", "2026-01-01"), Err(RangeError::NotADate));
        let madrid = TimeZone::get("Europe/Madrid").expect("zone");
        let (start, end) = range.instants(&madrid);
        assert_eq!(end - start, 7 * DAY_MS);
        assert_eq!(start, at("2026-03-01", 23));
        assert_eq!(date_of_day(day_number(today)), today);
        assert_eq!(local_day(&madrid, start), day_number(range.from));
    }
}
