//! The data reports answer from (docs/METRICS.md): each ticket's facts,
//! the answers that ended a customer's wait, daily counts per dimension,
//! and the queue of tickets whose facts must be computed again (filled by
//! the triggers of migration 0039).

use marketdesk_domain::Millis;
use sqlx::any::AnyRow;

use crate::row::{int, opt_int, opt_text, text};
use crate::{Conn, Result};

/// A ticket whose facts are stale, with the count of marks seen: clearing
/// it succeeds only when no change marked it again meanwhile.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Dirty {
    pub ticket_id: i64,
    pub marks: i64,
}

pub async fn dirty(conn: &mut Conn, limit: i64) -> Result<Vec<Dirty>> {
    let rows = sqlx::query("SELECT ticket_id, marks FROM report_dirty ORDER BY ticket_id LIMIT $1")
        .bind(limit)
        .fetch_all(&mut *conn)
        .await?;
    rows.iter()
        .map(|r| {
            Ok(Dirty {
                ticket_id: int(r, "ticket_id")?,
                marks: int(r, "marks")?,
            })
        })
        .collect()
}

pub async fn clear_dirty(conn: &mut Conn, d: Dirty) -> Result<()> {
    sqlx::query("DELETE FROM report_dirty WHERE ticket_id = $1 AND marks = $2")
        .bind(d.ticket_id)
        .bind(d.marks)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Marks every ticket for a fresh computation (after a change of schedules
/// or SLA targets, or to rebuild).
pub async fn mark_all(conn: &mut Conn) -> Result<u64> {
    Ok(sqlx::query(
        "INSERT INTO report_dirty (ticket_id, marks) SELECT id, 1 FROM tickets WHERE true \
         ON CONFLICT (ticket_id) DO UPDATE SET marks = report_dirty.marks + 1",
    )
    .execute(&mut *conn)
    .await?
    .rows_affected())
}

pub async fn dirty_count(conn: &mut Conn) -> Result<i64> {
    Ok(sqlx::query_scalar("SELECT COUNT(*) FROM report_dirty")
        .fetch_one(&mut *conn)
        .await?)
}

/// A public message of a ticket: when, by whom, and whether its author is
/// staff.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicMessage {
    pub at: Millis,
    pub author_id: Option<i64>,
    pub author_role: Option<String>,
}

pub async fn public_messages(conn: &mut Conn, ticket_id: i64) -> Result<Vec<PublicMessage>> {
    let rows = sqlx::query(
        "SELECT m.created_at, m.author_id, p.role FROM messages m \
         LEFT JOIN people p ON p.id = m.author_id \
         WHERE m.ticket_id = $1 AND m.kind = 'public' ORDER BY m.created_at, m.id",
    )
    .bind(ticket_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(PublicMessage {
                at: int(r, "created_at")?,
                author_id: opt_int(r, "author_id")?,
                author_role: opt_text(r, "role")?,
            })
        })
        .collect()
}

/// A recorded change: (field, old, new, at), in the order made.
pub type Event = (String, Option<String>, Option<String>, Millis);

pub async fn events(conn: &mut Conn, ticket_id: i64) -> Result<Vec<Event>> {
    let rows = sqlx::query(
        "SELECT field, old_value, new_value, at FROM ticket_events WHERE ticket_id = $1 ORDER BY id",
    )
    .bind(ticket_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|r| {
            Ok((
                text(r, "field")?,
                opt_text(r, "old_value")?,
                opt_text(r, "new_value")?,
                int(r, "at")?,
            ))
        })
        .collect()
}

/// One ticket's facts as stored. Dimensions without a value are 0 or ''.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FactsRow {
    pub ticket_id: i64,
    pub channel: String,
    pub team_id: i64,
    pub assignee_id: i64,
    pub language: String,
    pub intent: String,
    pub tier: String,
    pub status: String,
    pub created_at: Millis,
    pub created_day: i64,
    pub first_reply_at: Option<Millis>,
    /// The desk's day of the first reply.
    pub first_reply_day: Option<i64>,
    pub first_reply_ms: Option<Millis>,
    pub first_reply_bh_ms: Option<Millis>,
    pub first_reply_met: Option<bool>,
    pub assignment_ms: Option<Millis>,
    pub solved_at: Option<Millis>,
    pub solved_day: Option<i64>,
    pub resolution_ms: Option<Millis>,
    pub resolution_bh_ms: Option<Millis>,
    pub resolution_met: Option<bool>,
    pub wait_ms: Option<Millis>,
    pub wait_bh_ms: Option<Millis>,
    pub reopens: i64,
    pub agent_replies: i64,
}

/// An answer that ended a customer's wait.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReplyRow {
    pub agent_id: i64,
    pub replied_at: Millis,
    /// The desk's day of the answer.
    pub day: i64,
    pub wait_ms: Millis,
    pub wait_bh_ms: Millis,
    pub met: bool,
}

fn opt_flag(row: &AnyRow, column: &'static str) -> Result<Option<bool>> {
    Ok(opt_int(row, column)?.map(|v| v != 0))
}

fn facts(r: &AnyRow) -> Result<FactsRow> {
    Ok(FactsRow {
        ticket_id: int(r, "ticket_id")?,
        channel: text(r, "channel")?,
        team_id: int(r, "team_id")?,
        assignee_id: int(r, "assignee_id")?,
        language: text(r, "language")?,
        intent: text(r, "intent")?,
        tier: text(r, "tier")?,
        status: text(r, "status")?,
        created_at: int(r, "created_at")?,
        created_day: int(r, "created_day")?,
        first_reply_at: opt_int(r, "first_reply_at")?,
        first_reply_day: opt_int(r, "first_reply_day")?,
        first_reply_ms: opt_int(r, "first_reply_ms")?,
        first_reply_bh_ms: opt_int(r, "first_reply_bh_ms")?,
        first_reply_met: opt_flag(r, "first_reply_met")?,
        assignment_ms: opt_int(r, "assignment_ms")?,
        solved_at: opt_int(r, "solved_at")?,
        solved_day: opt_int(r, "solved_day")?,
        resolution_ms: opt_int(r, "resolution_ms")?,
        resolution_bh_ms: opt_int(r, "resolution_bh_ms")?,
        resolution_met: opt_flag(r, "resolution_met")?,
        wait_ms: opt_int(r, "wait_ms")?,
        wait_bh_ms: opt_int(r, "wait_bh_ms")?,
        reopens: int(r, "reopens")?,
        agent_replies: int(r, "agent_replies")?,
    })
}

pub async fn facts_of(conn: &mut Conn, ticket_id: i64) -> Result<Option<FactsRow>> {
    let row = sqlx::query("SELECT * FROM report_tickets WHERE ticket_id = $1")
        .bind(ticket_id)
        .fetch_optional(&mut *conn)
        .await?;
    row.as_ref().map(facts).transpose()
}

const FACT_COLUMNS: &str = "ticket_id, channel, team_id, assignee_id, language, intent, tier, \
     status, created_at, created_day, first_reply_at, first_reply_ms, first_reply_bh_ms, \
     first_reply_met, assignment_ms, solved_at, solved_day, resolution_ms, resolution_bh_ms, \
     resolution_met, wait_ms, wait_bh_ms, reopens, agent_replies, first_reply_day";

/// `col = excluded.col` for each of `columns` but the first (the key).
fn replaced(columns: &str) -> String {
    columns
        .split(',')
        .map(str::trim)
        .skip(1)
        .map(|c| format!("{c} = excluded.{c}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Stores a ticket's facts and the answers that ended its customer's
/// waits, replacing what was there. Upserts: two nodes' jobs computing the
/// same ticket at once both succeed, the later one's facts standing.
pub async fn save_facts(conn: &mut Conn, f: &FactsRow, replies: &[ReplyRow]) -> Result<()> {
    sqlx::query(&format!(
        "INSERT INTO report_tickets ({FACT_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, \
         $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25) \
         ON CONFLICT (ticket_id) DO UPDATE SET {}",
        replaced(FACT_COLUMNS)
    ))
    .bind(f.ticket_id)
    .bind(&f.channel)
    .bind(f.team_id)
    .bind(f.assignee_id)
    .bind(&f.language)
    .bind(&f.intent)
    .bind(&f.tier)
    .bind(&f.status)
    .bind(f.created_at)
    .bind(f.created_day)
    .bind(f.first_reply_at)
    .bind(f.first_reply_ms)
    .bind(f.first_reply_bh_ms)
    .bind(f.first_reply_met.map(i64::from))
    .bind(f.assignment_ms)
    .bind(f.solved_at)
    .bind(f.solved_day)
    .bind(f.resolution_ms)
    .bind(f.resolution_bh_ms)
    .bind(f.resolution_met.map(i64::from))
    .bind(f.wait_ms)
    .bind(f.wait_bh_ms)
    .bind(f.reopens)
    .bind(f.agent_replies)
    .bind(f.first_reply_day)
    .execute(&mut *conn)
    .await?;
    sqlx::query("DELETE FROM report_replies WHERE ticket_id = $1")
        .bind(f.ticket_id)
        .execute(&mut *conn)
        .await?;
    for (seq, r) in replies.iter().enumerate() {
        sqlx::query(
            "INSERT INTO report_replies (ticket_id, seq, agent_id, replied_at, wait_ms, wait_bh_ms, met, day) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (ticket_id, seq) DO UPDATE SET \
             agent_id = excluded.agent_id, replied_at = excluded.replied_at, wait_ms = excluded.wait_ms, \
             wait_bh_ms = excluded.wait_bh_ms, met = excluded.met, day = excluded.day",
        )
        .bind(f.ticket_id)
        .bind(seq as i64)
        .bind(r.agent_id)
        .bind(r.replied_at)
        .bind(r.wait_ms)
        .bind(r.wait_bh_ms)
        .bind(i64::from(r.met))
        .bind(r.day)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

const DIMENSIONS: &str = "channel, team_id, assignee_id, language, intent, tier";

/// Counts one day again from the facts: tickets created that day, and those
/// last solved that day (with how many in one touch and how many reopened).
pub async fn refresh_day(conn: &mut Conn, day: i64) -> Result<()> {
    // One recount of a day at a time across nodes: a second waits for the
    // first to commit, then counts from what it wrote (counting over a
    // snapshot taken before would add its rows to the first one's).
    // SQLite has one writer at a time already.
    if conn.backend_name().eq_ignore_ascii_case("postgresql") {
        sqlx::query("SELECT pg_advisory_xact_lock(1789, CAST($1 AS INTEGER))")
            .bind(day)
            .execute(&mut *conn)
            .await?;
    }
    sqlx::query("DELETE FROM report_daily WHERE day = $1")
        .bind(day)
        .execute(&mut *conn)
        .await?;
    let upsert = format!(
        "ON CONFLICT (day, {DIMENSIONS}) DO UPDATE SET created = report_daily.created + excluded.created, \
         solved = report_daily.solved + excluded.solved, one_touch = report_daily.one_touch + excluded.one_touch, \
         reopened = report_daily.reopened + excluded.reopened"
    );
    sqlx::query(&format!(
        "INSERT INTO report_daily (day, {DIMENSIONS}, created, solved, one_touch, reopened) \
         SELECT created_day, {DIMENSIONS}, COUNT(*), 0, 0, 0 FROM report_tickets \
         WHERE created_day = $1 GROUP BY created_day, {DIMENSIONS} {upsert}"
    ))
    .bind(day)
    .execute(&mut *conn)
    .await?;
    sqlx::query(&format!(
        "INSERT INTO report_daily (day, {DIMENSIONS}, created, solved, one_touch, reopened) \
         SELECT solved_day, {DIMENSIONS}, 0, COUNT(*), \
         SUM(CASE WHEN agent_replies = 1 THEN 1 ELSE 0 END), \
         SUM(CASE WHEN reopens > 0 THEN 1 ELSE 0 END) FROM report_tickets \
         WHERE solved_day = $1 GROUP BY solved_day, {DIMENSIONS} {upsert}"
    ))
    .bind(day)
    .execute(&mut *conn)
    .await?;
    crate::report_runs::refresh_day_runs(conn, day).await
}

/// The days of a ticket's stored answers (their runs change with it).
pub async fn reply_days(conn: &mut Conn, ticket_id: i64) -> Result<Vec<i64>> {
    Ok(
        sqlx::query_scalar("SELECT DISTINCT day FROM report_replies WHERE ticket_id = $1")
            .bind(ticket_id)
            .fetch_all(&mut *conn)
            .await?,
    )
}

/// The first day with a ticket.
pub async fn first_day(conn: &mut Conn) -> Result<Option<i64>> {
    Ok(
        sqlx::query_scalar("SELECT MIN(created_day) FROM report_tickets")
            .fetch_one(&mut *conn)
            .await?,
    )
}

/// A dimension reports are grouped or filtered by: a column of both the
/// facts and the daily counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Dim {
    Channel,
    Team,
    Agent,
    Language,
    Intent,
    Tier,
}

impl Dim {
    pub const ALL: [Dim; 6] = [
        Dim::Channel,
        Dim::Team,
        Dim::Agent,
        Dim::Language,
        Dim::Intent,
        Dim::Tier,
    ];

    pub fn column(self) -> &'static str {
        match self {
            Dim::Channel => "channel",
            Dim::Team => "team_id",
            Dim::Agent => "assignee_id",
            Dim::Language => "language",
            Dim::Intent => "intent",
            Dim::Tier => "tier",
        }
    }

    fn numeric(self) -> bool {
        matches!(self, Dim::Team | Dim::Agent)
    }
}

/// Filters: each dimension at most once, with one value.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filters(pub Vec<(Dim, String)>);

/// What a grouped query groups by: a dimension, the day, or nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GroupBy {
    Total,
    Day,
    Dim(Dim),
}

/// Builds a `WHERE` clause's filter part; every value a bound parameter.
struct Sql {
    text: String,
    ints: Vec<(usize, i64)>,
    texts: Vec<(usize, String)>,
    next: usize,
}

impl Sql {
    fn new(text: String, first_free: usize) -> Sql {
        Sql {
            text,
            ints: vec![],
            texts: vec![],
            next: first_free,
        }
    }

    fn filter(&mut self, alias: &str, filters: &Filters) {
        self.filter_columns(filters, |dim| format!("{alias}{}", dim.column()));
    }

    fn filter_columns(&mut self, filters: &Filters, column: impl Fn(Dim) -> String) {
        for (dim, value) in &filters.0 {
            let n = self.next;
            self.next += 1;
            self.text.push_str(&format!(" AND {} = ${n}", column(*dim)));
            if dim.numeric() {
                self.ints.push((n, value.parse().unwrap_or(-1)));
            } else {
                self.texts.push((n, value.clone()));
            }
        }
    }

    /// Binds the filter values in placeholder order after `bind_first`.
    fn query<'q>(
        &'q self,
        first: impl FnOnce(
            sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>,
        ) -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>,
    ) -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>> {
        let mut q = first(sqlx::query(&self.text));
        let mut all: Vec<(usize, Result<i64, &str>)> = self
            .ints
            .iter()
            .map(|(n, v)| (*n, Ok(*v)))
            .chain(self.texts.iter().map(|(n, v)| (*n, Err(v.as_str()))))
            .collect();
        all.sort_by_key(|(n, _)| *n);
        for (_, value) in all {
            q = match value {
                Ok(v) => q.bind(v),
                Err(v) => q.bind(v),
            };
        }
        q
    }
}

fn group_expr(alias: &str, group: GroupBy, day: &str) -> String {
    match group {
        GroupBy::Total => "''".into(),
        GroupBy::Day => format!("CAST({alias}{day} AS TEXT)"),
        GroupBy::Dim(dim) => format!("CAST({alias}{} AS TEXT)", dim.column()),
    }
}

/// Daily counts summed per group between two days (inclusive).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Counts {
    pub created: i64,
    pub solved: i64,
    pub one_touch: i64,
    pub reopened: i64,
}

pub async fn counts(
    conn: &mut Conn,
    days: (i64, i64),
    filters: &Filters,
    group: GroupBy,
) -> Result<Vec<(String, Counts)>> {
    let key = group_expr("", group, "day");
    let mut sql = Sql::new(
        format!(
            "SELECT {key} AS k, CAST(SUM(created) AS BIGINT) AS created, \
             CAST(SUM(solved) AS BIGINT) AS solved, CAST(SUM(one_touch) AS BIGINT) AS one_touch, \
             CAST(SUM(reopened) AS BIGINT) AS reopened FROM report_daily WHERE day >= $1 AND day <= $2"
        ),
        3,
    );
    sql.filter("", filters);
    sql.text.push_str(" GROUP BY k");
    let rows = sql
        .query(|q| q.bind(days.0).bind(days.1))
        .fetch_all(&mut *conn)
        .await?;
    rows.iter()
        .map(|r| {
            Ok((
                text(r, "k")?,
                Counts {
                    created: int(r, "created")?,
                    solved: int(r, "solved")?,
                    one_touch: int(r, "one_touch")?,
                    reopened: int(r, "reopened")?,
                },
            ))
        })
        .collect()
}

/// A duration the reports take percentiles of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Measure {
    /// Of first replies made in the range.
    FirstReply,
    /// Of answers after the first made in the range.
    NextReply,
    /// Of tickets solved in the range.
    Resolution,
    /// Of tickets solved in the range.
    RequesterWait,
    /// Of tickets created in the range and assigned since.
    FirstAssignment,
}

/// One value of a measure: its group, calendar and business milliseconds,
/// and whether it met its target (first reply, next reply, resolution).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sample {
    pub key: String,
    pub ticket_id: i64,
    pub calendar: Millis,
    pub business: Millis,
    pub met: Option<bool>,
}

/// Where a measure's values come from: the group's key, `cal, bus, met
/// FROM … WHERE <range>`, and the column each filter compares.
struct MeasureSource {
    key: String,
    select_from: &'static str,
    alias: &'static str,
    measure: Measure,
}

impl MeasureSource {
    fn of(measure: Measure, group: GroupBy) -> MeasureSource {
        let (alias, select_from) = match measure {
            Measure::FirstReply => (
                "",
                "first_reply_ms AS cal, first_reply_bh_ms AS bus, first_reply_met AS met \
                 FROM report_tickets WHERE first_reply_at >= $1 AND first_reply_at < $2",
            ),
            Measure::Resolution => (
                "",
                "resolution_ms AS cal, resolution_bh_ms AS bus, resolution_met AS met \
                 FROM report_tickets WHERE solved_at >= $1 AND solved_at < $2",
            ),
            Measure::RequesterWait => (
                "",
                "wait_ms AS cal, wait_bh_ms AS bus, CAST(NULL AS BIGINT) AS met \
                 FROM report_tickets WHERE solved_at >= $1 AND solved_at < $2 AND wait_ms IS NOT NULL",
            ),
            Measure::FirstAssignment => (
                "",
                "assignment_ms AS cal, assignment_ms AS bus, CAST(NULL AS BIGINT) AS met \
                 FROM report_tickets WHERE created_at >= $1 AND created_at < $2 AND assignment_ms IS NOT NULL",
            ),
            Measure::NextReply => (
                "t.",
                "r.wait_ms AS cal, r.wait_bh_ms AS bus, r.met AS met FROM report_replies r \
                 JOIN report_tickets t ON t.ticket_id = r.ticket_id \
                 WHERE r.replied_at >= $1 AND r.replied_at < $2",
            ),
        };
        let source = MeasureSource {
            key: String::new(),
            select_from,
            alias,
            measure,
        };
        // A value counts on the day of its own instant (the runs' day).
        let key = match group {
            GroupBy::Total => "''".into(),
            GroupBy::Day => format!("CAST({} AS TEXT)", source.day_column()),
            GroupBy::Dim(dim) => format!("CAST({} AS TEXT)", source.column(dim)),
        };
        MeasureSource { key, ..source }
    }

    fn day_column(&self) -> &'static str {
        match self.measure {
            Measure::FirstReply => "first_reply_day",
            Measure::NextReply => "r.day",
            Measure::FirstAssignment => "created_day",
            Measure::Resolution | Measure::RequesterWait => "solved_day",
        }
    }

    fn column(&self, dim: Dim) -> String {
        match (self.measure, dim) {
            // An answer counts for the agent who wrote it.
            (Measure::NextReply, Dim::Agent) => "r.agent_id".into(),
            _ => format!("{}{}", self.alias, dim.column()),
        }
    }

    fn filter(&self, sql: &mut Sql, filters: &Filters) {
        sql.filter_columns(filters, |dim| self.column(dim));
    }
}

/// A measure in one group, computed by the database: how many values, how
/// many met their target of how many with one, and the values at the
/// 1-based ranks the asked percentiles need (calendar and business).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MeasureStats {
    pub key: String,
    pub count: i64,
    pub met: i64,
    pub decided: i64,
    pub calendar: Vec<(i64, i64)>,
    pub business: Vec<(i64, i64)>,
}

/// The ranks (1-based, of `n` values) whose values interpolate the `p`th
/// percentile: the floor and the ceiling of `p/100 · (n − 1)`, plus one.
fn rank_sql(p: i64) -> String {
    format!("((n - 1) * {p}) / 100 + 1, ((n - 1) * {p} + 99) / 100 + 1")
}

/// The days (inclusive) and the instants (from inclusive, to exclusive)
/// of a report's range; the instants are the days' bounds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    pub days: (i64, i64),
    pub instants: (Millis, Millis),
}

/// A measure per group with the values at the ranks of `percents`: from
/// the daily runs when the question fits them (no filter, or one on the
/// grouped dimension or with no dimension grouped), otherwise the
/// database sorts the range's values.
pub async fn measure_stats(
    conn: &mut Conn,
    measure: Measure,
    span: Span,
    filters: &Filters,
    group: GroupBy,
    percents: &[i64],
) -> Result<Vec<MeasureStats>> {
    if let Some(stats) =
        crate::report_runs::run_stats(conn, measure, span.days, filters, group, percents).await?
    {
        return Ok(stats);
    }
    sorted_measure_stats(conn, measure, span.instants, filters, group, percents).await
}

/// A measure per group, sorted by the database (two window functions); a
/// few rows per group come back.
async fn sorted_measure_stats(
    conn: &mut Conn,
    measure: Measure,
    range: (Millis, Millis),
    filters: &Filters,
    group: GroupBy,
    percents: &[i64],
) -> Result<Vec<MeasureStats>> {
    let source = MeasureSource::of(measure, group);
    let (key, select_from) = (&source.key, source.select_from);
    let mut sql = Sql::new(
        format!(
            "SELECT k, cal, bus, met, \
             ROW_NUMBER() OVER (PARTITION BY k ORDER BY cal) AS rc, \
             ROW_NUMBER() OVER (PARTITION BY k ORDER BY bus) AS rb, \
             COUNT(*) OVER (PARTITION BY k) AS n, \
             SUM(CASE WHEN met = 1 THEN 1 ELSE 0 END) OVER (PARTITION BY k) AS met_n, \
             COUNT(met) OVER (PARTITION BY k) AS decided \
             FROM (SELECT {key} AS k, {select_from}"
        ),
        3,
    );
    source.filter(&mut sql, filters);
    let ranks: Vec<String> = percents.iter().map(|p| rank_sql(*p)).collect();
    let ranks = ranks.join(", ");
    sql.text = format!(
        "SELECT k, n, met_n, decided, rc, cal, rb, bus FROM ({}) values_of_group) ranked \
         WHERE rc IN ({ranks}) OR rb IN ({ranks})",
        sql.text
    );
    let rows = sql
        .query(|q| q.bind(range.0).bind(range.1))
        .fetch_all(&mut *conn)
        .await?;
    let mut out: Vec<MeasureStats> = Vec::new();
    for r in &rows {
        let k = text(r, "k")?;
        let at = match out.iter().position(|s| s.key == k) {
            Some(at) => at,
            None => {
                out.push(MeasureStats {
                    key: k,
                    count: int(r, "n")?,
                    met: opt_int(r, "met_n")?.unwrap_or(0),
                    decided: int(r, "decided")?,
                    ..MeasureStats::default()
                });
                out.len() - 1
            }
        };
        let (rc, cal, rb, bus) = (
            int(r, "rc")?,
            int(r, "cal")?,
            int(r, "rb")?,
            opt_int(r, "bus")?.unwrap_or(0),
        );
        out[at].calendar.push((rc, cal));
        out[at].business.push((rb, bus));
    }
    Ok(out)
}

pub async fn samples(
    conn: &mut Conn,
    measure: Measure,
    range: (Millis, Millis),
    filters: &Filters,
    group: GroupBy,
) -> Result<Vec<Sample>> {
    let source = MeasureSource::of(measure, group);
    let mut sql = Sql::new(
        format!(
            "SELECT {} AS k, {}ticket_id AS ticket_id, {}",
            source.key, source.alias, source.select_from
        ),
        3,
    );
    source.filter(&mut sql, filters);
    let rows = sql
        .query(|q| q.bind(range.0).bind(range.1))
        .fetch_all(&mut *conn)
        .await?;
    rows.iter()
        .filter_map(|r| {
            let sample = (|| {
                Ok::<_, crate::StoreError>(Some(Sample {
                    key: text(r, "k")?,
                    ticket_id: int(r, "ticket_id")?,
                    calendar: match opt_int(r, "cal")? {
                        Some(v) => v,
                        None => return Ok(None),
                    },
                    business: opt_int(r, "bus")?.unwrap_or(0),
                    met: opt_flag(r, "met")?,
                }))
            })();
            sample.transpose()
        })
        .collect()
}

/// Unsolved tickets now: (group, ticket, created at).
pub async fn backlog(
    conn: &mut Conn,
    filters: &Filters,
    group: GroupBy,
) -> Result<Vec<(String, i64, Millis)>> {
    let key = group_expr("", group, "created_day");
    let mut sql = Sql::new(
        format!(
            "SELECT {key} AS k, ticket_id, created_at FROM report_tickets \
             WHERE status IN ('new', 'open', 'pending', 'on_hold')"
        ),
        1,
    );
    sql.filter("", filters);
    let rows = sql.query(|q| q).fetch_all(&mut *conn).await?;
    rows.iter()
        .map(|r| Ok((text(r, "k")?, int(r, "ticket_id")?, int(r, "created_at")?)))
        .collect()
}

/// Surveys sent in the range: (group, ticket, rating if answered).
/// The desk's day of an instant (its time zone is the service's).
pub type DayOf<'a> = dyn Fn(Millis) -> i64 + Sync + 'a;

/// A row's group: its `k`, or grouped by day the day of its `at`.
fn keyed(r: &AnyRow, group: GroupBy, day_of: &DayOf<'_>) -> Result<String> {
    match group {
        GroupBy::Day => Ok(day_of(int(r, "at")?).to_string()),
        _ => text(r, "k"),
    }
}

/// Grouped by day, by the day `day_of` the survey was sent.
pub async fn ratings(
    conn: &mut Conn,
    range: (Millis, Millis),
    filters: &Filters,
    group: GroupBy,
    day_of: &DayOf<'_>,
) -> Result<Vec<(String, i64, Option<i64>)>> {
    let key = group_expr("t.", group, "created_day");
    let mut sql = Sql::new(
        format!(
            "SELECT {key} AS k, s.created_at AS at, t.ticket_id, s.rating FROM surveys s \
             JOIN report_tickets t ON t.ticket_id = s.ticket_id \
             WHERE s.created_at >= $1 AND s.created_at < $2"
        ),
        3,
    );
    sql.filter("t.", filters);
    let rows = sql
        .query(|q| q.bind(range.0).bind(range.1))
        .fetch_all(&mut *conn)
        .await?;
    rows.iter()
        .map(|r| {
            Ok((
                keyed(r, group, day_of)?,
                int(r, "ticket_id")?,
                opt_int(r, "rating")?,
            ))
        })
        .collect()
}

/// Tickets created or solved (`solved`) between two days, for the list
/// behind a count: (group, ticket), at most `limit`.
pub async fn counted_tickets(
    conn: &mut Conn,
    days: (i64, i64),
    solved: bool,
    filters: &Filters,
    group: GroupBy,
    limit: i64,
) -> Result<Vec<(String, i64, i64, i64)>> {
    let day = if solved { "solved_day" } else { "created_day" };
    let key = group_expr("", group, day);
    let mut sql = Sql::new(
        format!(
            "SELECT {key} AS k, ticket_id, agent_replies, reopens FROM report_tickets \
             WHERE {day} >= $1 AND {day} <= $2"
        ),
        3,
    );
    sql.filter("", filters);
    // A number of this program, never a request's text.
    sql.text
        .push_str(&format!(" ORDER BY ticket_id LIMIT {}", limit.max(0)));
    let rows = sql
        .query(|q| q.bind(days.0).bind(days.1))
        .fetch_all(&mut *conn)
        .await?;
    rows.iter()
        .map(|r| {
            Ok((
                text(r, "k")?,
                int(r, "ticket_id")?,
                int(r, "agent_replies")?,
                int(r, "reopens")?,
            ))
        })
        .collect()
}

/// A ticket as the list behind a figure shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListedTicket {
    pub id: i64,
    pub subject: String,
    pub status: String,
    pub channel: String,
    pub created_at: Millis,
    pub solved_at: Option<Millis>,
}

pub async fn listed(conn: &mut Conn, ids: &[i64]) -> Result<Vec<ListedTicket>> {
    let mut out = Vec::with_capacity(ids.len());
    for chunk in ids.chunks(500) {
        let list = chunk
            .iter()
            .map(|id| id.to_string())
            .collect::<Vec<_>>()
            .join(",");
        // Ids are numbers this program read from the database.
        let rows = sqlx::query(&format!(
            "SELECT id, subject, status, channel, created_at, solved_at FROM tickets \
             WHERE id IN ({list}) ORDER BY id"
        ))
        .fetch_all(&mut *conn)
        .await?;
        for r in &rows {
            out.push(ListedTicket {
                id: int(r, "id")?,
                subject: text(r, "subject")?,
                status: text(r, "status")?,
                channel: text(r, "channel")?,
                created_at: int(r, "created_at")?,
                solved_at: opt_int(r, "solved_at")?,
            });
        }
    }
    Ok(out)
}

/// Quality reviews scored in the range: (group, ticket, score %).
/// Grouped by day, by the day `day_of` of the review.
pub async fn review_scores(
    conn: &mut Conn,
    range: (Millis, Millis),
    filters: &Filters,
    group: GroupBy,
    day_of: &DayOf<'_>,
) -> Result<Vec<(String, i64, i64)>> {
    let key = match group {
        // A review counts for the agent it reviewed.
        GroupBy::Dim(Dim::Agent) => "CAST(q.agent_id AS TEXT)".to_string(),
        _ => group_expr("t.", group, "created_day"),
    };
    let mut sql = Sql::new(
        format!(
            "SELECT {key} AS k, q.reviewed_at AS at, t.ticket_id, q.score_percent FROM quality_reviews q \
             JOIN report_tickets t ON t.ticket_id = q.ticket_id \
             WHERE q.reviewed_at >= $1 AND q.reviewed_at < $2"
        ),
        3,
    );
    sql.filter("t.", filters);
    let rows = sql
        .query(|q| q.bind(range.0).bind(range.1))
        .fetch_all(&mut *conn)
        .await?;
    rows.iter()
        .map(|r| {
            Ok((
                keyed(r, group, day_of)?,
                int(r, "ticket_id")?,
                opt_int(r, "score_percent")?.unwrap_or(0),
            ))
        })
        .collect()
}
