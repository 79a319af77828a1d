//! The support metrics (docs/METRICS.md): for a range of the desk's days,
//! filtered and grouped by channel, team, agent, language, intent or tier,
//! with the previous period of the same length beside them, and the
//! tickets behind every figure. Counts come from the daily rollups,
//! durations from each ticket's facts, never from a scan of all tickets.

use std::collections::{BTreeMap, BTreeSet};

use marketdesk_domain::access::Permission;
use marketdesk_domain::metrics::{self, DateRange, percentile, share};
use marketdesk_domain::ticket::Channel;
use marketdesk_domain::{DAY_MS, Millis};
use marketdesk_store::reports::{self as store, Dim, Filters, GroupBy, Measure, MeasureStats};
use marketdesk_store::{Conn, people};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::{Result, ServiceError, Services, Viewer, now_ms};

/// What a report is asked for, as written in a query string.
#[derive(Debug, Clone, Default, Deserialize, IntoParams, ToSchema)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ReportQuery {
    /// First day, `YYYY-MM-DD` in the desk's time zone (default: 6 days
    /// before `to`).
    pub from: Option<String>,
    /// Last day, inclusive (default: today).
    pub to: Option<String>,
    /// `email`, `chat`, `web`, `phone`, `api` or `social`.
    pub channel: Option<String>,
    /// A team's id.
    pub team: Option<String>,
    /// An agent's id (an agent sees only their own).
    pub agent: Option<String>,
    /// A language tag: `en`, `zh`, `es`.
    pub language: Option<String>,
    /// An intent of the assistant's taxonomy, such as `order_status`.
    pub intent: Option<String>,
    /// A membership tier's name.
    pub tier: Option<String>,
    /// Groups of the table: `channel`, `team`, `agent`, `language`,
    /// `intent`, `tier` or `day` (default: `team`).
    pub group: Option<String>,
    /// For the tickets behind a figure: which figure (`created`, `solved`,
    /// `first_reply`, `backlog`, …).
    pub figure: Option<String>,
    /// For the tickets behind a figure: the group's key (as in `groups`).
    pub key: Option<String>,
}

/// Percentiles of a duration, in seconds, in calendar and business hours.
#[derive(Debug, Clone, Default, PartialEq, Serialize, ToSchema)]
pub struct Durations {
    pub count: u64,
    pub median_seconds: Option<f64>,
    pub p90_seconds: Option<f64>,
    pub business_median_seconds: Option<f64>,
    pub business_p90_seconds: Option<f64>,
}

/// A part of a whole, and their share (absent when the whole is 0).
#[derive(Debug, Clone, Default, PartialEq, Serialize, ToSchema)]
pub struct Rate {
    pub count: u64,
    pub of: u64,
    pub rate: Option<f64>,
}

impl Rate {
    fn new(count: u64, of: u64) -> Rate {
        Rate {
            count,
            of,
            rate: share(count, of),
        }
    }
}

/// Unsolved tickets now, by age.
#[derive(Debug, Clone, Default, PartialEq, Serialize, ToSchema)]
pub struct Backlog {
    pub total: u64,
    pub under_1_day: u64,
    pub from_1_to_3_days: u64,
    pub from_3_to_7_days: u64,
    pub over_7_days: u64,
    pub median_age_seconds: Option<f64>,
}

/// Every figure of one group (or of all) over one period.
#[derive(Debug, Clone, Default, PartialEq, Serialize, ToSchema)]
pub struct Figures {
    pub created: u64,
    pub solved: u64,
    pub first_reply: Durations,
    pub next_reply: Durations,
    pub resolution: Durations,
    pub requester_wait: Durations,
    pub first_assignment: Durations,
    /// Share of first replies within the first response target.
    pub sla_first_reply: Rate,
    pub sla_next_reply: Rate,
    pub sla_resolution: Rate,
    /// Solved tickets solved with exactly one public reply.
    pub one_touch: Rate,
    /// Solved tickets that had been reopened.
    pub reopened: Rate,
    /// Surveys sent, answered (`response`), and answers of 4 or 5 (`csat`).
    pub surveys_sent: u64,
    pub response: Rate,
    pub csat: Rate,
    /// Quality reviews scored in the period, and their mean score (0–100).
    pub quality_reviews: u64,
    pub quality_score: Option<f64>,
    /// Now, not of the period (absent for the previous period).
    pub backlog: Option<Backlog>,
}

/// One row of a report's table.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct GroupFigures {
    /// The group's value as filtered by (`team` id, channel, `YYYY-MM-DD`…).
    pub key: String,
    /// Its name for people (a team's or agent's name).
    pub label: String,
    pub figures: Figures,
    pub previous: Figures,
}

/// The report of a range.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MetricsReport {
    pub from: String,
    pub to: String,
    pub previous_from: String,
    pub previous_to: String,
    /// The desk's time zone, whose days these are.
    pub time_zone: String,
    /// The filters applied, as (dimension, value).
    pub filters: BTreeMap<String, String>,
    pub group: String,
    pub total: Figures,
    pub previous: Figures,
    pub groups: Vec<GroupFigures>,
    /// Created and solved per day of the range.
    pub trend: Vec<DayCount>,
    /// Tickets whose facts are still being computed (0: all counted).
    pub pending_tickets: i64,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DayCount {
    pub date: String,
    pub created: u64,
    pub solved: u64,
}

/// A figure whose tickets can be listed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Figure {
    Created,
    Solved,
    OneTouch,
    Reopened,
    FirstReply,
    NextReply,
    Resolution,
    RequesterWait,
    FirstAssignment,
    SlaFirstReplyMissed,
    SlaResolutionMissed,
    Backlog,
    Rated,
    Unsatisfied,
    Reviewed,
}

impl Figure {
    pub const ALL: [(&'static str, Figure); 15] = [
        ("created", Figure::Created),
        ("solved", Figure::Solved),
        ("one_touch", Figure::OneTouch),
        ("reopened", Figure::Reopened),
        ("first_reply", Figure::FirstReply),
        ("next_reply", Figure::NextReply),
        ("resolution", Figure::Resolution),
        ("requester_wait", Figure::RequesterWait),
        ("first_assignment", Figure::FirstAssignment),
        ("sla_first_reply_missed", Figure::SlaFirstReplyMissed),
        ("sla_resolution_missed", Figure::SlaResolutionMissed),
        ("backlog", Figure::Backlog),
        ("rated", Figure::Rated),
        ("unsatisfied", Figure::Unsatisfied),
        ("reviewed", Figure::Reviewed),
    ];

    pub fn parse(text: &str) -> Option<Figure> {
        Figure::ALL
            .iter()
            .find(|(name, _)| *name == text)
            .map(|(_, f)| *f)
    }

    pub fn name(self) -> &'static str {
        Figure::ALL
            .iter()
            .find(|(_, f)| *f == self)
            .map(|(name, _)| *name)
            .unwrap_or("created")
    }
}

/// A ticket behind a figure, with its value for duration figures.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TicketBehind {
    pub id: i64,
    pub reference: String,
    pub subject: String,
    pub status: String,
    pub channel: String,
    pub created_at: String,
    pub solved_at: Option<String>,
    /// The duration this ticket contributed, in seconds (calendar).
    pub seconds: Option<f64>,
    pub business_seconds: Option<f64>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TicketsBehind {
    pub figure: String,
    pub from: String,
    pub to: String,
    /// The group the list is of, if any.
    pub key: Option<String>,
    /// All the tickets behind the figure; `tickets` lists the first
    /// [`MAX_LISTED`].
    pub total: u64,
    pub tickets: Vec<TicketBehind>,
}

/// At most this many tickets are listed behind one figure (and exported).
pub const MAX_LISTED: usize = 10_000;

/// A checked request: range, filters, grouping, and whose numbers (an
/// agent's own, for an agent).
#[derive(Debug, Clone)]
pub struct ReportScope {
    pub range: DateRange,
    pub filters: Filters,
    pub group: GroupBy,
    pub group_name: &'static str,
}

const GROUPS: [(&str, GroupBy); 7] = [
    ("channel", GroupBy::Dim(Dim::Channel)),
    ("team", GroupBy::Dim(Dim::Team)),
    ("agent", GroupBy::Dim(Dim::Agent)),
    ("language", GroupBy::Dim(Dim::Language)),
    ("intent", GroupBy::Dim(Dim::Intent)),
    ("tier", GroupBy::Dim(Dim::Tier)),
    ("day", GroupBy::Day),
];

fn seconds(ms: Option<f64>) -> Option<f64> {
    ms.map(|v| (v / 1000.0 * 1000.0).round() / 1000.0)
}

/// The percentiles the reports show.
const PERCENTS: [i64; 2] = [50, 90];

/// The `p`th percentile of `n` values from the values at its two ranks
/// (linear interpolation between the closest ranks, as `percentile`).
fn interpolated(points: &[(i64, i64)], n: i64, p: i64) -> Option<f64> {
    if n <= 0 {
        return None;
    }
    let scaled = (n - 1) * p;
    let (lo, hi) = marketdesk_domain::value_runs::percentile_ranks(n, p);
    let at = |rank: i64| points.iter().find(|(r, _)| *r == rank).map(|(_, v)| *v);
    let (low, high) = (at(lo)?, at(hi)?);
    let weight = (scaled % 100) as f64 / 100.0;
    Some(low as f64 + (high - low) as f64 * weight)
}

fn durations(stats: Option<&MeasureStats>) -> Durations {
    let Some(s) = stats else {
        return Durations::default();
    };
    Durations {
        count: s.count.max(0) as u64,
        median_seconds: seconds(interpolated(&s.calendar, s.count, 50)),
        p90_seconds: seconds(interpolated(&s.calendar, s.count, 90)),
        business_median_seconds: seconds(interpolated(&s.business, s.count, 50)),
        business_p90_seconds: seconds(interpolated(&s.business, s.count, 90)),
    }
}

fn attainment(stats: Option<&MeasureStats>) -> Rate {
    stats.map_or_else(Rate::default, |s| {
        Rate::new(s.met.max(0) as u64, s.decided.max(0) as u64)
    })
}

/// The creation times of the unsolved tickets now, per group (one group
/// when grouped by day): from the runs kept by creation day, or read from
/// the facts when the runs cannot answer.
async fn backlog_created(
    conn: &mut Conn,
    scope: &ReportScope,
) -> Result<BTreeMap<String, Vec<Millis>>> {
    if let Some(groups) =
        marketdesk_store::report_runs::backlog_runs(conn, &scope.filters, scope.group).await?
    {
        return Ok(groups);
    }
    let group = match scope.group {
        GroupBy::Day => GroupBy::Total,
        group => group,
    };
    let mut groups: BTreeMap<String, Vec<Millis>> = BTreeMap::new();
    for (key, _, created) in store::backlog(conn, &scope.filters, group).await? {
        groups.entry(key).or_default().push(created);
    }
    Ok(groups)
}

fn backlog_of(created: &[Millis], now: Millis) -> Backlog {
    let mut ages: Vec<Millis> = created.iter().map(|c| (now - c).max(0)).collect();
    let within = |lo: i64, hi: i64| {
        ages.iter()
            .filter(|a| **a >= lo * DAY_MS && **a < hi * DAY_MS)
            .count() as u64
    };
    let mut b = Backlog {
        total: ages.len() as u64,
        under_1_day: within(0, 1),
        from_1_to_3_days: within(1, 3),
        from_3_to_7_days: within(3, 7),
        over_7_days: within(7, i64::MAX / DAY_MS),
        median_age_seconds: None,
    };
    b.median_age_seconds = seconds(percentile(&mut ages, 50.0));
    b
}

/// Everything read for one period, keyed by group.
#[derive(Default)]
struct PeriodData {
    counts: BTreeMap<String, store::Counts>,
    /// Per measure: each group's, and all groups' together.
    stats: BTreeMap<Measure, (Vec<MeasureStats>, Option<MeasureStats>)>,
    ratings: Vec<(String, i64, Option<i64>)>,
    reviews: Vec<(String, i64, i64)>,
}

impl PeriodData {
    fn keys(&self) -> BTreeSet<String> {
        let mut keys: BTreeSet<String> = self.counts.keys().cloned().collect();
        for (groups, _) in self.stats.values() {
            keys.extend(groups.iter().map(|s| s.key.clone()));
        }
        keys.extend(self.ratings.iter().map(|(k, _, _)| k.clone()));
        keys.extend(self.reviews.iter().map(|(k, _, _)| k.clone()));
        keys
    }

    /// The figures of one group (`None`: of all).
    fn figures(&self, key: Option<&str>) -> Figures {
        let mine = |k: &str| key.is_none_or(|key| key == k);
        let stats = |m: Measure| -> Option<&MeasureStats> {
            let (groups, total) = self.stats.get(&m)?;
            match key {
                Some(key) => groups.iter().find(|s| s.key == key),
                None => total.as_ref(),
            }
        };
        let mut c = store::Counts::default();
        for (_, counts) in self.counts.iter().filter(|(k, _)| mine(k)) {
            c.created += counts.created;
            c.solved += counts.solved;
            c.one_touch += counts.one_touch;
            c.reopened += counts.reopened;
        }
        let ratings: Vec<Option<i64>> = self
            .ratings
            .iter()
            .filter(|(k, _, _)| mine(k))
            .map(|(_, _, r)| *r)
            .collect();
        let answered = ratings.iter().flatten().count() as u64;
        let satisfied = ratings.iter().flatten().filter(|r| **r >= 4).count() as u64;
        let (first, next, resolution) = (
            stats(Measure::FirstReply),
            stats(Measure::NextReply),
            stats(Measure::Resolution),
        );
        let solved = c.solved.max(0) as u64;
        let scores: Vec<i64> = self
            .reviews
            .iter()
            .filter(|(k, _, _)| mine(k))
            .map(|(_, _, s)| *s)
            .collect();
        Figures {
            quality_reviews: scores.len() as u64,
            quality_score: (!scores.is_empty())
                .then(|| scores.iter().sum::<i64>() as f64 / scores.len() as f64),
            created: c.created.max(0) as u64,
            solved,
            first_reply: durations(first),
            next_reply: durations(next),
            resolution: durations(resolution),
            requester_wait: durations(stats(Measure::RequesterWait)),
            first_assignment: durations(stats(Measure::FirstAssignment)),
            sla_first_reply: attainment(first),
            sla_next_reply: attainment(next),
            sla_resolution: attainment(resolution),
            one_touch: Rate::new(c.one_touch.max(0) as u64, solved),
            reopened: Rate::new(c.reopened.max(0) as u64, solved),
            surveys_sent: ratings.len() as u64,
            response: Rate::new(answered, ratings.len() as u64),
            csat: Rate::new(satisfied, answered),
            backlog: None,
        }
    }
}

impl Services {
    /// Checks a report's request for `viewer`: supervisors and admins see
    /// every figure; an agent only their own (the agent filter is theirs).
    pub async fn report_scope(&self, viewer: &Viewer, q: &ReportQuery) -> Result<ReportScope> {
        let everyone = viewer.may(Permission::ReadReports);
        if !everyone && !viewer.may(Permission::ReadOwnReports) {
            return Err(ServiceError::forbidden("read reports"));
        }
        self.catch_up_report_facts().await?;
        let mut conn = self.store.reader().await?;
        let today = self.business_hours().local_date(now_ms());
        let first_day = store::first_day(&mut conn).await?.map(metrics::date_of_day);
        let to = q.to.clone().unwrap_or_else(|| today.to_string());
        let from = match &q.from {
            Some(from) => from.clone(),
            None => match to.trim().parse::<jiff::civil::Date>() {
                Ok(to) => DateRange::last_days(to, 7).from.to_string(),
                Err(_) => to.clone(),
            },
        };
        let range = DateRange::parse(&from, &to, today, first_day)
            .map_err(|e| ServiceError::field("from", e.to_string()))?;
        let mut filters = Vec::new();
        if let Some(channel) = nonempty(&q.channel) {
            Channel::parse(channel).map_err(|_| ServiceError::field("channel", "not a channel"))?;
            filters.push((Dim::Channel, channel.to_string()));
        }
        if let Some(team) = nonempty(&q.team) {
            let id: i64 = team
                .parse()
                .map_err(|_| ServiceError::field("team", "a team's id"))?;
            if people::get_team(&mut conn, id).await?.is_none() {
                return Err(ServiceError::field("team", "no such team"));
            }
            filters.push((Dim::Team, id.to_string()));
        }
        let agent = match nonempty(&q.agent) {
            Some(agent) => {
                let id: i64 = agent
                    .parse()
                    .map_err(|_| ServiceError::field("agent", "an agent's id"))?;
                match people::get(&mut conn, id).await? {
                    Some(p) if p.role.is_staff() => Some(id),
                    _ => return Err(ServiceError::field("agent", "no such agent")),
                }
            }
            None => None,
        };
        let agent = if everyone {
            agent
        } else {
            match agent {
                Some(id) if id != viewer.person_id => {
                    return Err(ServiceError::forbidden("read another agent's figures"));
                }
                _ => Some(viewer.person_id),
            }
        };
        if let Some(id) = agent {
            filters.push((Dim::Agent, id.to_string()));
        }
        if let Some(language) = nonempty(&q.language) {
            marketdesk_domain::text::LanguageTag::parse(language)
                .map_err(|_| ServiceError::field("language", "a language tag such as `en`"))?;
            filters.push((Dim::Language, language.to_string()));
        }
        if let Some(intent) = nonempty(&q.intent) {
            let ok = intent.len() <= 60
                && intent
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b == b'_' || b.is_ascii_digit());
            if !ok {
                return Err(ServiceError::field(
                    "intent",
                    "an intent such as `order_status`",
                ));
            }
            filters.push((Dim::Intent, intent.to_string()));
        }
        if let Some(tier) = nonempty(&q.tier) {
            if !self
                .policy()
                .membership
                .tiers
                .iter()
                .any(|t| t.name == tier)
            {
                return Err(ServiceError::field("tier", "not a membership tier"));
            }
            filters.push((Dim::Tier, tier.to_string()));
        }
        let group_name = nonempty(&q.group).unwrap_or("team");
        let (group_name, group) = GROUPS
            .iter()
            .find(|(name, _)| *name == group_name)
            .copied()
            .ok_or_else(|| {
                ServiceError::field(
                    "group",
                    "channel, team, agent, language, intent, tier or day",
                )
            })?;
        Ok(ReportScope {
            range,
            filters: Filters(filters),
            group,
            group_name,
        })
    }

    /// The metrics of a range, with the previous period beside them.
    pub async fn metrics_report(&self, viewer: &Viewer, q: &ReportQuery) -> Result<MetricsReport> {
        let scope = self.report_scope(viewer, q).await?;
        let zone = self.business_hours().time_zone().clone();
        let mut conn = self.store.reader().await?;
        let current = period_data(&mut conn, &scope, scope.range, &zone).await?;
        let previous_range = scope.range.previous();
        let previous = period_data(&mut conn, &scope, previous_range, &zone).await?;
        let now = now_ms();
        let backlog = backlog_created(&mut conn, &scope).await?;
        let labels = self.group_labels(&mut conn, scope.group).await?;
        let trend_counts = store::counts(
            &mut conn,
            scope.range.day_numbers(),
            &scope.filters,
            GroupBy::Day,
        )
        .await?;
        let pending_tickets = store::dirty_count(&mut conn).await?;
        drop(conn);
        let mut total = current.figures(None);
        let all: Vec<Millis> = backlog.values().flatten().copied().collect();
        total.backlog = Some(backlog_of(&all, now));
        let mut keys = current.keys();
        keys.extend(previous.keys());
        if scope.group != GroupBy::Day {
            keys.extend(backlog.keys().cloned());
        } else {
            // A day outside the range only shows through the previous period.
            let (first, last) = scope.range.day_numbers();
            keys.retain(|k| k.parse::<i64>().is_ok_and(|d| d >= first && d <= last));
        }
        let groups = keys
            .into_iter()
            .map(|key| {
                let mut figures = current.figures(Some(&key));
                if scope.group != GroupBy::Day {
                    let created = backlog.get(&key).map_or(&[][..], Vec::as_slice);
                    figures.backlog = Some(backlog_of(created, now));
                }
                GroupFigures {
                    label: label_of(&labels, scope.group, &key),
                    previous: if scope.group == GroupBy::Day {
                        Figures::default()
                    } else {
                        previous.figures(Some(&key))
                    },
                    key: display_key(scope.group, &key),
                    figures,
                }
            })
            .collect();
        let by_day: BTreeMap<i64, store::Counts> = trend_counts
            .into_iter()
            .filter_map(|(k, c)| k.parse().ok().map(|d| (d, c)))
            .collect();
        let (first, last) = scope.range.day_numbers();
        let trend = (first..=last)
            .map(|day| {
                let c = by_day.get(&day).cloned().unwrap_or_default();
                DayCount {
                    date: metrics::date_of_day(day).to_string(),
                    created: c.created.max(0) as u64,
                    solved: c.solved.max(0) as u64,
                }
            })
            .collect();
        Ok(MetricsReport {
            from: scope.range.from.to_string(),
            to: scope.range.to.to_string(),
            previous_from: previous_range.from.to_string(),
            previous_to: previous_range.to.to_string(),
            time_zone: zone.iana_name().unwrap_or("UTC").to_string(),
            filters: scope
                .filters
                .0
                .iter()
                .map(|(d, v)| (dim_name(*d).to_string(), v.clone()))
                .collect(),
            group: scope.group_name.to_string(),
            total,
            previous: previous.figures(None),
            groups,
            trend,
            pending_tickets,
        })
    }

    /// The tickets behind one figure of a report (of one group, `key`).
    pub async fn tickets_behind(
        &self,
        viewer: &Viewer,
        q: &ReportQuery,
        figure: &str,
        key: Option<&str>,
    ) -> Result<TicketsBehind> {
        let scope = self.report_scope(viewer, q).await?;
        let figure = Figure::parse(figure).ok_or_else(|| {
            ServiceError::field("figure", "a figure of the report, such as `created`")
        })?;
        let zone = self.business_hours().time_zone().clone();
        let key = key
            .filter(|k| !k.is_empty())
            .map(|k| stored_key(scope.group, k));
        let (range, days) = (scope.range.instants(&zone), scope.range.day_numbers());
        let day_of = |at: Millis| metrics::local_day(&zone, at);
        let mut conn = self.store.reader().await?;
        let mine = |k: &str| key.as_deref().is_none_or(|key| key == k);
        // (ticket, calendar ms, business ms)
        let mut found: Vec<(i64, Option<Millis>, Option<Millis>)> = Vec::new();
        let limit = MAX_LISTED as i64 + 1;
        match figure {
            Figure::Created | Figure::Solved | Figure::OneTouch | Figure::Reopened => {
                let solved = figure != Figure::Created;
                for (k, id, replies, reopens) in store::counted_tickets(
                    &mut conn,
                    days,
                    solved,
                    &scope.filters,
                    scope.group,
                    i64::MAX / 2,
                )
                .await?
                {
                    let wanted = match figure {
                        Figure::OneTouch => replies == 1,
                        Figure::Reopened => reopens > 0,
                        _ => true,
                    };
                    if wanted && mine(&k) {
                        found.push((id, None, None));
                    }
                }
            }
            Figure::Backlog => {
                for (k, id, _) in store::backlog(&mut conn, &scope.filters, scope.group).await? {
                    if mine(&k) {
                        found.push((id, None, None));
                    }
                }
            }
            Figure::Reviewed => {
                for (k, id, _) in
                    store::review_scores(&mut conn, range, &scope.filters, scope.group, &day_of)
                        .await?
                {
                    if mine(&k) {
                        found.push((id, None, None));
                    }
                }
            }
            Figure::Rated | Figure::Unsatisfied => {
                for (k, id, rating) in
                    store::ratings(&mut conn, range, &scope.filters, scope.group, &day_of).await?
                {
                    let wanted = match figure {
                        Figure::Unsatisfied => rating.is_some_and(|r| r <= 3),
                        _ => rating.is_some(),
                    };
                    if wanted && mine(&k) {
                        found.push((id, None, None));
                    }
                }
            }
            _ => {
                let (measure, missed_only) = match figure {
                    Figure::FirstReply => (Measure::FirstReply, false),
                    Figure::NextReply => (Measure::NextReply, false),
                    Figure::Resolution => (Measure::Resolution, false),
                    Figure::RequesterWait => (Measure::RequesterWait, false),
                    Figure::SlaFirstReplyMissed => (Measure::FirstReply, true),
                    Figure::SlaResolutionMissed => (Measure::Resolution, true),
                    _ => (Measure::FirstAssignment, false),
                };
                for s in
                    store::samples(&mut conn, measure, range, &scope.filters, scope.group).await?
                {
                    if mine(&s.key) && (!missed_only || s.met == Some(false)) {
                        found.push((s.ticket_id, Some(s.calendar), Some(s.business)));
                    }
                }
            }
        }
        let total = found.len() as u64;
        found.sort_by_key(|(id, _, _)| *id);
        found.truncate(limit as usize - 1);
        let ids: Vec<i64> = found.iter().map(|(id, _, _)| *id).collect();
        let listed: BTreeMap<i64, store::ListedTicket> = store::listed(&mut conn, &ids)
            .await?
            .into_iter()
            .map(|t| (t.id, t))
            .collect();
        let tickets = found
            .iter()
            .filter_map(|(id, cal, bus)| {
                let t = listed.get(id)?;
                Some(TicketBehind {
                    id: t.id,
                    reference: marketdesk_domain::TicketRef::from_id(t.id).to_string(),
                    subject: t.subject.clone(),
                    status: t.status.clone(),
                    channel: t.channel.clone(),
                    created_at: crate::rfc3339(t.created_at),
                    solved_at: t.solved_at.map(crate::rfc3339),
                    seconds: cal.map(|v| v as f64 / 1000.0),
                    business_seconds: bus.map(|v| v as f64 / 1000.0),
                })
            })
            .collect();
        Ok(TicketsBehind {
            figure: figure.name().to_string(),
            from: scope.range.from.to_string(),
            to: scope.range.to.to_string(),
            key: key.map(|k| display_key(scope.group, &k)),
            total,
            tickets,
        })
    }

    /// Names for teams and agents.
    async fn group_labels(
        &self,
        conn: &mut Conn,
        group: GroupBy,
    ) -> Result<BTreeMap<String, String>> {
        Ok(match group {
            GroupBy::Dim(Dim::Team) => people::list_teams(conn)
                .await?
                .into_iter()
                .map(|t| (t.id.to_string(), t.name))
                .collect(),
            GroupBy::Dim(Dim::Agent) => people::list(
                conn,
                &[
                    marketdesk_domain::Role::Agent,
                    marketdesk_domain::Role::Supervisor,
                    marketdesk_domain::Role::Admin,
                ],
                None,
                10_000,
            )
            .await?
            .into_iter()
            .map(|p| (p.id.to_string(), p.name))
            .collect(),
            _ => BTreeMap::new(),
        })
    }
}

async fn period_data(
    conn: &mut Conn,
    scope: &ReportScope,
    range: DateRange,
    zone: &jiff::tz::TimeZone,
) -> Result<PeriodData> {
    let instants = range.instants(zone);
    let span = store::Span {
        days: range.day_numbers(),
        instants,
    };
    let mut data = PeriodData {
        counts: store::counts(conn, range.day_numbers(), &scope.filters, scope.group)
            .await?
            .into_iter()
            .collect(),
        ..PeriodData::default()
    };
    for measure in Measure::ALL {
        let groups =
            store::measure_stats(conn, measure, span, &scope.filters, scope.group, &PERCENTS)
                .await?;
        let total = store::measure_stats(
            conn,
            measure,
            span,
            &scope.filters,
            GroupBy::Total,
            &PERCENTS,
        )
        .await?
        .pop();
        data.stats.insert(measure, (groups, total));
    }
    let day_of = |at: Millis| metrics::local_day(zone, at);
    data.ratings = store::ratings(conn, instants, &scope.filters, scope.group, &day_of).await?;
    data.reviews =
        store::review_scores(conn, instants, &scope.filters, scope.group, &day_of).await?;
    Ok(data)
}

fn nonempty(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

fn dim_name(dim: Dim) -> &'static str {
    match dim {
        Dim::Channel => "channel",
        Dim::Team => "team",
        Dim::Agent => "agent",
        Dim::Language => "language",
        Dim::Intent => "intent",
        Dim::Tier => "tier",
    }
}

/// A group's key as shown and linked: a day as its date, no team as "".
fn display_key(group: GroupBy, key: &str) -> String {
    match group {
        GroupBy::Day => key
            .parse::<i64>()
            .map(|d| metrics::date_of_day(d).to_string())
            .unwrap_or_default(),
        GroupBy::Dim(Dim::Team | Dim::Agent) if key == "0" => "none".into(),
        _ => key.to_string(),
    }
}

/// The stored key of a group as linked.
fn stored_key(group: GroupBy, key: &str) -> String {
    match group {
        GroupBy::Day => key
            .parse::<jiff::civil::Date>()
            .map(|d| metrics::day_number(d).to_string())
            .unwrap_or_else(|_| "-".into()),
        GroupBy::Dim(Dim::Team | Dim::Agent) if key == "none" => "0".into(),
        _ => key.to_string(),
    }
}

fn label_of(labels: &BTreeMap<String, String>, group: GroupBy, key: &str) -> String {
    match labels.get(key) {
        Some(name) => name.clone(),
        None => display_key(group, key),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The database's ranks give the same percentiles as the definition.
    #[test]
    fn ranks_interpolate_as_the_definition() {
        for n in 1..=40i64 {
            let values: Vec<i64> = (0..n).map(|i| (i * 37 % 11) * 1000 + i).collect();
            let mut sorted = values.clone();
            sorted.sort_unstable();
            let points: Vec<(i64, i64)> = sorted
                .iter()
                .enumerate()
                .map(|(k, v)| (k as i64 + 1, *v))
                .collect();
            for p in [50, 90] {
                let mut copy = values.clone();
                let (ours, definition) = (
                    interpolated(&points, n, p).unwrap(),
                    marketdesk_domain::metrics::percentile(&mut copy, p as f64).unwrap(),
                );
                assert!((ours - definition).abs() < 1e-6, "n = {n}, p = {p}");
            }
        }
        assert_eq!(interpolated(&[], 0, 50), None);
    }
}
