//! Each day's values of every measure, per group, as sorted packed runs
//! (domain `value_runs`, migration 0041): counted again with a day's
//! rollups; a report reads the runs of its days and takes exact percentiles
//! of their union, without sorting the range's tickets.

use std::collections::BTreeMap;

use marketdesk_domain::value_runs::{self, DamagedRun};
use sqlx::Row;

use crate::reports::{Dim, Filters, GroupBy, Measure, MeasureStats};
use crate::row::{int, opt_int, text};
use crate::{Conn, Result, StoreError};

impl Measure {
    pub const ALL: [Measure; 5] = [
        Measure::FirstReply,
        Measure::NextReply,
        Measure::Resolution,
        Measure::RequesterWait,
        Measure::FirstAssignment,
    ];

    fn stored_name(self) -> &'static str {
        match self {
            Measure::FirstReply => "first_reply",
            Measure::NextReply => "next_reply",
            Measure::Resolution => "resolution",
            Measure::RequesterWait => "requester_wait",
            Measure::FirstAssignment => "first_assignment",
        }
    }

    /// `channel, …, agent, cal, bus, met` of the values of one day.
    fn day_values_sql(self) -> &'static str {
        match self {
            Measure::FirstReply => {
                "SELECT channel, team_id, assignee_id AS agent, language, intent, tier, \
                 first_reply_ms AS cal, first_reply_bh_ms AS bus, first_reply_met AS met \
                 FROM report_tickets WHERE first_reply_day = $1 AND first_reply_ms IS NOT NULL"
            }
            Measure::NextReply => {
                "SELECT t.channel, t.team_id, r.agent_id AS agent, t.language, t.intent, t.tier, \
                 r.wait_ms AS cal, r.wait_bh_ms AS bus, r.met AS met FROM report_replies r \
                 JOIN report_tickets t ON t.ticket_id = r.ticket_id WHERE r.day = $1"
            }
            Measure::Resolution => {
                "SELECT channel, team_id, assignee_id AS agent, language, intent, tier, \
                 resolution_ms AS cal, resolution_bh_ms AS bus, resolution_met AS met \
                 FROM report_tickets WHERE solved_day = $1 AND resolution_ms IS NOT NULL"
            }
            Measure::RequesterWait => {
                "SELECT channel, team_id, assignee_id AS agent, language, intent, tier, \
                 wait_ms AS cal, wait_bh_ms AS bus, CAST(NULL AS BIGINT) AS met \
                 FROM report_tickets WHERE solved_day = $1 AND wait_ms IS NOT NULL"
            }
            Measure::FirstAssignment => {
                "SELECT channel, team_id, assignee_id AS agent, language, intent, tier, \
                 assignment_ms AS cal, assignment_ms AS bus, CAST(NULL AS BIGINT) AS met \
                 FROM report_tickets WHERE created_day = $1 AND assignment_ms IS NOT NULL"
            }
        }
    }
}

/// The runs' name of a dimension; `TOTAL` holds every value of a day.
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

const TOTAL: &str = "total";

/// The runs of unsolved tickets' creation times, by the day created: the
/// backlog's ages come from them (a ticket changing status recounts its
/// creation day).
const BACKLOG: &str = "backlog";

/// One group's values of a day, before packing.
#[derive(Default)]
struct Run {
    calendar: Vec<i64>,
    business: Vec<i64>,
    met: i64,
    decided: i64,
}

/// Counts one day's runs again from the facts (with the day's rollups).
pub async fn refresh_day_runs(conn: &mut Conn, day: i64) -> Result<()> {
    sqlx::query("DELETE FROM report_runs WHERE day = $1")
        .bind(day)
        .execute(&mut *conn)
        .await?;
    for measure in Measure::ALL {
        let rows = sqlx::query(measure.day_values_sql())
            .bind(day)
            .fetch_all(&mut *conn)
            .await?;
        let mut runs: BTreeMap<(&'static str, String), Run> = BTreeMap::new();
        for r in &rows {
            let Some(calendar) = opt_int(r, "cal")? else {
                continue;
            };
            let business = opt_int(r, "bus")?.unwrap_or(0);
            let met = opt_int(r, "met")?;
            for key in groups_of(r)? {
                let run = runs.entry(key).or_default();
                run.calendar.push(calendar);
                run.business.push(business);
                run.met += i64::from(met == Some(1));
                run.decided += i64::from(met.is_some());
            }
        }
        insert_runs(conn, measure.stored_name(), day, runs).await?;
    }
    let rows = sqlx::query(
        "SELECT channel, team_id, assignee_id AS agent, language, intent, tier, created_at AS cal \
         FROM report_tickets WHERE created_day = $1 AND status IN ('new', 'open', 'pending', 'on_hold')",
    )
    .bind(day)
    .fetch_all(&mut *conn)
    .await?;
    let mut runs: BTreeMap<(&'static str, String), Run> = BTreeMap::new();
    for r in &rows {
        let created = int(r, "cal")?;
        for key in groups_of(r)? {
            runs.entry(key).or_default().calendar.push(created);
        }
    }
    insert_runs(conn, BACKLOG, day, runs).await
}

/// The groups a value of a day counts in: all, and its value of each
/// dimension.
fn groups_of(r: &sqlx::any::AnyRow) -> Result<[(&'static str, String); 7]> {
    Ok([
        (TOTAL, String::new()),
        (dim_name(Dim::Channel), text(r, "channel")?),
        (dim_name(Dim::Team), int(r, "team_id")?.to_string()),
        (dim_name(Dim::Agent), int(r, "agent")?.to_string()),
        (dim_name(Dim::Language), text(r, "language")?),
        (dim_name(Dim::Intent), text(r, "intent")?),
        (dim_name(Dim::Tier), text(r, "tier")?),
    ])
}

async fn insert_runs(
    conn: &mut Conn,
    measure: &str,
    day: i64,
    runs: BTreeMap<(&'static str, String), Run>,
) -> Result<()> {
    for ((dim, value), mut run) in runs {
        sqlx::query(
            "INSERT INTO report_runs (measure, dim, day, value, count, met, decided, calendar, business) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (measure, dim, day, value) DO UPDATE SET \
             count = excluded.count, met = excluded.met, decided = excluded.decided, \
             calendar = excluded.calendar, business = excluded.business",
        )
        .bind(measure)
        .bind(dim)
        .bind(day)
        .bind(value)
        .bind(run.calendar.len() as i64)
        .bind(run.met)
        .bind(run.decided)
        .bind(value_runs::encode(&mut run.calendar))
        .bind(value_runs::encode(&mut run.business))
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// The creation times of the unsolved tickets now, per group, from their
/// runs; `None` when the runs cannot answer (as for `run_stats`). Grouped
/// by day, everything is one group.
pub async fn backlog_runs(
    conn: &mut Conn,
    filters: &Filters,
    group: GroupBy,
) -> Result<Option<BTreeMap<String, Vec<i64>>>> {
    let Some((dim, value)) = runs_for(filters, group) else {
        return Ok(None);
    };
    let mut sql =
        String::from("SELECT value, calendar FROM report_runs WHERE measure = $1 AND dim = $2");
    if value.is_some() {
        sql.push_str(" AND value = $3");
    }
    let mut query = sqlx::query(&sql).bind(BACKLOG).bind(dim);
    if let Some(value) = value {
        query = query.bind(value);
    }
    let rows = query.fetch_all(&mut *conn).await?;
    let mut groups: BTreeMap<String, Vec<i64>> = BTreeMap::new();
    for r in &rows {
        let key = match group {
            GroupBy::Dim(_) => text(r, "value")?,
            GroupBy::Total | GroupBy::Day => String::new(),
        };
        decode(r, "calendar", groups.entry(key).or_default())?;
    }
    Ok(Some(groups))
}

fn decode(r: &sqlx::any::AnyRow, column: &'static str, into: &mut Vec<i64>) -> Result<()> {
    value_runs::decode_into(&r.try_get::<Vec<u8>, _>(column)?, into).map_err(|e: DamagedRun| {
        StoreError::Corrupt {
            column,
            detail: e.to_string(),
        }
    })
}

/// Which runs answer a question: the dimension's and, filtered, one value.
fn runs_for(filters: &Filters, group: GroupBy) -> Option<(&'static str, Option<&str>)> {
    match (filters.0.as_slice(), group) {
        ([], GroupBy::Total | GroupBy::Day) => Some((TOTAL, None)),
        ([], GroupBy::Dim(dim)) => Some((dim_name(dim), None)),
        ([(dim, value)], GroupBy::Total | GroupBy::Day) => Some((dim_name(*dim), Some(value))),
        ([(dim, value)], GroupBy::Dim(grouped)) if grouped == *dim => {
            Some((dim_name(*dim), Some(value)))
        }
        _ => None,
    }
}

/// A group's values gathered from its runs.
#[derive(Default)]
struct Gathered {
    count: i64,
    met: i64,
    decided: i64,
    calendar: Vec<i64>,
    business: Vec<i64>,
}

/// A measure per group over days `days` (inclusive) from the runs; `None`
/// when the runs cannot answer (two filters, or a filter on another
/// dimension than the grouped one).
pub async fn run_stats(
    conn: &mut Conn,
    measure: Measure,
    days: (i64, i64),
    filters: &Filters,
    group: GroupBy,
    percents: &[i64],
) -> Result<Option<Vec<MeasureStats>>> {
    let Some((dim, value)) = runs_for(filters, group) else {
        return Ok(None);
    };
    let mut sql = String::from(
        "SELECT day, value, count, met, decided, calendar, business FROM report_runs \
         WHERE measure = $1 AND dim = $2 AND day >= $3 AND day <= $4",
    );
    if value.is_some() {
        sql.push_str(" AND value = $5");
    }
    let mut query = sqlx::query(&sql)
        .bind(measure.stored_name())
        .bind(dim)
        .bind(days.0)
        .bind(days.1);
    if let Some(value) = value {
        query = query.bind(value);
    }
    let rows = query.fetch_all(&mut *conn).await?;
    let mut groups: BTreeMap<String, Gathered> = BTreeMap::new();
    for r in &rows {
        let key = match group {
            GroupBy::Total => String::new(),
            GroupBy::Day => int(r, "day")?.to_string(),
            GroupBy::Dim(_) => text(r, "value")?,
        };
        let g = groups.entry(key).or_default();
        g.count += int(r, "count")?;
        g.met += int(r, "met")?;
        g.decided += int(r, "decided")?;
        decode(r, "calendar", &mut g.calendar)?;
        decode(r, "business", &mut g.business)?;
    }
    Ok(Some(
        groups
            .into_iter()
            .filter(|(_, g)| g.count > 0)
            .map(|(key, mut g)| MeasureStats {
                key,
                count: g.count,
                met: g.met,
                decided: g.decided,
                calendar: value_runs::ranked_values(&mut g.calendar, percents),
                business: value_runs::ranked_values(&mut g.business, percents),
            })
            .collect(),
    ))
}
