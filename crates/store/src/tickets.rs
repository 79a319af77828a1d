//! Tickets, their tags and linked orders, messages and attachments.

use std::collections::BTreeMap;

use marketdesk_domain::sla::{BreachCutoff, TeamScope};
use marketdesk_domain::{Channel, MessageKind, Millis, Priority, TicketStatus};
use sqlx::any::AnyRow;

use crate::audit::AuditEntry;
use crate::many_rows::{AnyQuery, Insert};
use crate::row::{int, json, opt_int, opt_text, parsed, text};
use crate::{Conn, Result};

#[derive(Debug, Clone, PartialEq)]
pub struct TicketRow {
    pub id: i64,
    pub subject: String,
    pub requester_id: i64,
    pub channel: Channel,
    pub status: TicketStatus,
    pub priority: Priority,
    pub assignee_id: Option<i64>,
    pub team_id: Option<i64>,
    pub language: String,
    pub custom_fields: serde_json::Value,
    pub merged_into_id: Option<i64>,
    pub follow_up_of_id: Option<i64>,
    pub created_at: Millis,
    pub updated_at: Millis,
    pub first_response_at: Option<Millis>,
    pub solved_at: Option<Millis>,
    pub closed_at: Option<Millis>,
    /// The assistant's reading of the first message (taxonomy intent name).
    pub intent: Option<String>,
    /// `negative`, `neutral` or `positive`.
    pub sentiment: Option<String>,
    /// Where the resolution clock counts from: the creation, moved later by
    /// the counted time of every pause that ended.
    pub sla_clock_start: Millis,
    /// When the current pause of the resolution clock began (pending, on hold).
    pub sla_paused_at: Option<Millis>,
    /// The conditional service-level policy it is held to (none: default).
    pub sla_policy: Option<String>,
    /// Since when a customer's reply waits for the next answer.
    pub awaiting_since: Option<Millis>,
}

pub(crate) const COLUMNS: &str = "t.id, t.subject, t.requester_id, t.channel, t.status, t.priority, t.assignee_id, t.team_id, \
     t.language, t.custom_fields, t.merged_into_id, t.follow_up_of_id, t.created_at, t.updated_at, \
     t.first_response_at, t.solved_at, t.closed_at, t.intent, t.sentiment, t.sla_clock_start, t.sla_paused_at, \
     t.sla_policy, t.awaiting_since";

pub(crate) fn ticket(row: &AnyRow) -> Result<TicketRow> {
    Ok(TicketRow {
        id: int(row, "id")?,
        subject: text(row, "subject")?,
        requester_id: int(row, "requester_id")?,
        channel: parsed(row, "channel", Channel::parse)?,
        status: parsed(row, "status", TicketStatus::parse)?,
        priority: parsed(row, "priority", Priority::parse)?,
        assignee_id: opt_int(row, "assignee_id")?,
        team_id: opt_int(row, "team_id")?,
        language: text(row, "language")?,
        custom_fields: json(row, "custom_fields")?,
        merged_into_id: opt_int(row, "merged_into_id")?,
        follow_up_of_id: opt_int(row, "follow_up_of_id")?,
        created_at: int(row, "created_at")?,
        updated_at: int(row, "updated_at")?,
        first_response_at: opt_int(row, "first_response_at")?,
        solved_at: opt_int(row, "solved_at")?,
        closed_at: opt_int(row, "closed_at")?,
        intent: crate::row::opt_text(row, "intent")?,
        sentiment: crate::row::opt_text(row, "sentiment")?,
        // Written with every ticket since migration 0028, which set it on
        // older ones; the creation is where a clock without one starts.
        sla_clock_start: match opt_int(row, "sla_clock_start")? {
            Some(start) => start,
            None => int(row, "created_at")?,
        },
        sla_paused_at: opt_int(row, "sla_paused_at")?,
        sla_policy: opt_text(row, "sla_policy")?,
        awaiting_since: opt_int(row, "awaiting_since")?,
    })
}

/// Inserts a ticket row as given (its `id` is ignored) and returns the new id.
pub async fn insert(conn: &mut Conn, t: &TicketRow) -> Result<i64> {
    let query = sqlx::query(
        "INSERT INTO tickets (subject, status, priority, assignee_id, team_id, language, custom_fields, merged_into_id, \
         updated_at, first_response_at, solved_at, closed_at, intent, sentiment, sla_clock_start, sla_paused_at, \
         sla_policy, awaiting_since, requester_id, channel, follow_up_of_id, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22) RETURNING id",
    );
    let row = bind_ticket_columns(query, t).fetch_one(&mut *conn).await?;
    int(&row, "id")
}

/// Binds every column of `t` but its id: those [`update`] writes, then
/// `requester_id, channel, follow_up_of_id, created_at`.
fn bind_ticket_columns<'q>(query: AnyQuery<'q>, t: &'q TicketRow) -> AnyQuery<'q> {
    bind_mutable_columns(query, t)
        .bind(t.requester_id)
        .bind(t.channel.as_str())
        .bind(t.follow_up_of_id)
        .bind(t.created_at)
}

/// Binds the columns a ticket's changes write: `subject, status, priority,
/// assignee_id, team_id, language, custom_fields, merged_into_id,
/// updated_at, first_response_at, solved_at, closed_at, intent, sentiment,
/// sla_clock_start, sla_paused_at, sla_policy, awaiting_since`.
fn bind_mutable_columns<'q>(query: AnyQuery<'q>, t: &'q TicketRow) -> AnyQuery<'q> {
    query
        .bind(&t.subject)
        .bind(t.status.as_str())
        .bind(t.priority.as_str())
        .bind(t.assignee_id)
        .bind(t.team_id)
        .bind(&t.language)
        .bind(t.custom_fields.to_string())
        .bind(t.merged_into_id)
        .bind(t.updated_at)
        .bind(t.first_response_at)
        .bind(t.solved_at)
        .bind(t.closed_at)
        .bind(t.intent.as_deref())
        .bind(t.sentiment.as_deref())
        .bind(t.sla_clock_start)
        .bind(t.sla_paused_at)
        .bind(t.sla_policy.as_deref())
        .bind(t.awaiting_since)
}

/// A new ticket's rows: the ticket, its first message, its tags and the
/// audit entry of its creation.
#[derive(Debug, Clone)]
pub struct NewTicketRows {
    pub ticket: TicketRow,
    pub message: MessageRow,
    pub tags: Vec<String>,
    pub created: AuditEntry,
}

/// Writes new tickets with their first messages, tags and audit entries —
/// one statement per table on SQLite, one in all on PostgreSQL — and sets
/// the ids of the tickets and messages (and the ticket the message and the
/// entry belong to).
pub async fn insert_new(conn: &mut Conn, new: &mut [NewTicketRows]) -> Result<()> {
    let ids = crate::many_rows::new_ids(conn, &["tickets", "messages"], new.len()).await?;
    for ((rows, ticket), message) in new.iter_mut().zip(&ids[0]).zip(&ids[1]) {
        rows.ticket.id = *ticket;
        rows.message.id = *message;
        rows.message.ticket_id = *ticket;
        rows.created.subject_id = *ticket;
        rows.created.ticket_id = Some(*ticket);
    }
    let new = &*new;
    let tags: Vec<(i64, String)> = new
        .iter()
        .flat_map(|rows| rows.tags.iter().map(|tag| (rows.ticket.id, tag.clone())))
        .collect();
    let created: Vec<AuditEntry> = new.iter().map(|rows| rows.created.clone()).collect();
    crate::many_rows::insert_together(
        conn,
        &[
            &Insert {
                into: "tickets (id, subject, status, priority, assignee_id, team_id, language, custom_fields, \
                       merged_into_id, updated_at, first_response_at, solved_at, closed_at, intent, sentiment, \
                       sla_clock_start, sla_paused_at, sla_policy, awaiting_since, requester_id, channel, \
                       follow_up_of_id, created_at)",
                width: 23,
                tail: "",
                rows: new,
                bind: bind_new_ticket,
            },
            &Insert {
                into: "messages (id, ticket_id, author_id, kind, channel, body_text, body_html, created_at, \
                       email_message_id, email_addresses)",
                width: 10,
                tail: "",
                rows: new,
                bind: bind_new_message,
            },
            &Insert {
                into: "ticket_tags (ticket_id, tag)",
                width: 2,
                tail: "ON CONFLICT DO NOTHING",
                rows: &tags,
                bind: bind_tag,
            },
            &crate::audit::inserting(&created),
        ],
    )
    .await
}

fn bind_new_ticket<'q>(query: AnyQuery<'q>, rows: &'q NewTicketRows) -> AnyQuery<'q> {
    bind_ticket_columns(query.bind(rows.ticket.id), &rows.ticket)
}

fn bind_new_message<'q>(query: AnyQuery<'q>, rows: &'q NewTicketRows) -> AnyQuery<'q> {
    bind_message_columns(query.bind(rows.message.id), &rows.message)
}

/// Binds every column of `m` but its id: `ticket_id, author_id, kind,
/// channel, body_text, body_html, created_at, email_message_id,
/// email_addresses`.
fn bind_message_columns<'q>(query: AnyQuery<'q>, m: &'q MessageRow) -> AnyQuery<'q> {
    query
        .bind(m.ticket_id)
        .bind(m.author_id)
        .bind(m.kind.as_str())
        .bind(m.channel.as_str())
        .bind(&m.body_text)
        .bind(&m.body_html)
        .bind(m.created_at)
        .bind(&m.email_message_id)
        .bind(&m.email_addresses)
}

fn bind_tag<'q>(query: AnyQuery<'q>, (ticket, tag): &'q (i64, String)) -> AnyQuery<'q> {
    query.bind(*ticket).bind(tag)
}

/// Writes every mutable column of `t`.
pub async fn update(conn: &mut Conn, t: &TicketRow) -> Result<()> {
    let query = sqlx::query(
        "UPDATE tickets SET subject = $1, status = $2, priority = $3, assignee_id = $4, team_id = $5, language = $6, \
         custom_fields = $7, merged_into_id = $8, updated_at = $9, first_response_at = $10, solved_at = $11, closed_at = $12, \
         intent = $13, sentiment = $14, sla_clock_start = $15, sla_paused_at = $16, sla_policy = $17, \
         awaiting_since = $18 WHERE id = $19",
    );
    bind_mutable_columns(query, t)
        .bind(t.id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// The stored status of a ticket (what a change is a change from).
pub async fn status_of(conn: &mut Conn, id: i64) -> Result<Option<TicketStatus>> {
    let row = sqlx::query("SELECT status FROM tickets WHERE id = $1")
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?;
    row.as_ref()
        .map(|row| parsed(row, "status", TicketStatus::parse))
        .transpose()
}

pub async fn get(conn: &mut Conn, id: i64) -> Result<Option<TicketRow>> {
    let sql = format!("SELECT {COLUMNS} FROM tickets t WHERE t.id = $1");
    let row = sqlx::query(&sql)
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?;
    row.as_ref().map(ticket).transpose()
}

/// Which tickets a list returns. Empty fields do not filter.
#[derive(Debug, Clone, Default)]
pub struct TicketFilter {
    pub statuses: Vec<TicketStatus>,
    pub priority: Option<Priority>,
    pub channel: Option<Channel>,
    /// `Some(None)` asks for unassigned tickets.
    pub assignee_id: Option<Option<i64>>,
    pub team_id: Option<i64>,
    pub requester_id: Option<i64>,
    pub tag: Option<String>,
    /// The assistant's intent of the first message.
    pub intent: Option<String>,
    pub order_id: Option<i64>,
    /// Restricts to what a seller may see: tickets they opened or shared with them
    /// with their listings.
    pub visible_to_seller: Option<i64>,
    /// Only tickets of these teams (`Some(vec![])` matches nothing).
    pub team_ids: Option<Vec<i64>>,
    /// When not empty: only unsolved tickets past a service-level target.
    pub sla_breached: Vec<BreachCutoff>,
    /// Only tickets without this (clock, event) in their service-level
    /// history: what the warning and breach jobs have not acted on yet.
    pub without_sla_event: Option<(&'static str, &'static str)>,
    /// Only tickets escalated past the first line.
    pub escalated: bool,
    /// Another order than newest first: one page, no cursor.
    pub sort: Option<(TicketSort, bool)>,
    /// Ids below this (the cursor).
    pub before_id: Option<i64>,
}

/// The orders a ticket list can be sorted in (the flag: descending).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TicketSort {
    Updated,
    Created,
    Priority,
    Status,
    Subject,
}

impl TicketSort {
    pub const NAMES: [(&'static str, TicketSort); 5] = [
        ("updated", TicketSort::Updated),
        ("created", TicketSort::Created),
        ("priority", TicketSort::Priority),
        ("status", TicketSort::Status),
        ("subject", TicketSort::Subject),
    ];

    fn expression(self) -> &'static str {
        match self {
            TicketSort::Updated => "t.updated_at",
            TicketSort::Created => "t.id",
            TicketSort::Priority => {
                "CASE t.priority WHEN 'urgent' THEN 4 WHEN 'high' THEN 3 WHEN 'normal' THEN 2 ELSE 1 END"
            }
            TicketSort::Status => {
                "CASE t.status WHEN 'new' THEN 1 WHEN 'open' THEN 2 WHEN 'pending' THEN 3 \
                 WHEN 'on_hold' THEN 4 WHEN 'solved' THEN 5 ELSE 6 END"
            }
            TicketSort::Subject => "LOWER(t.subject)",
        }
    }
}

pub async fn list(conn: &mut Conn, f: &TicketFilter, limit: i64) -> Result<Vec<TicketRow>> {
    let (sql, binds) = list_sql(f);
    let rows = bind_list(sqlx::query(&sql), f, limit, binds)
        .fetch_all(&mut *conn)
        .await?;
    rows.iter().map(ticket).collect()
}

/// How the database would run [`list`] for `f` (SQLite's `EXPLAIN QUERY
/// PLAN` details, one per step): tests hold the inbox views to their
/// indexes with it, so that a view does not come to read every row again.
#[doc(hidden)]
pub async fn list_plan(conn: &mut Conn, f: &TicketFilter) -> Result<Vec<String>> {
    let (sql, binds) = list_sql(f);
    let sql = format!("EXPLAIN QUERY PLAN {sql}");
    let rows = bind_list(sqlx::query(&sql), f, 25, binds)
        .fetch_all(&mut *conn)
        .await?;
    rows.iter().map(|row| text(row, "detail")).collect()
}

fn bind_list<'q>(
    query: AnyQuery<'q>,
    f: &TicketFilter,
    limit: i64,
    binds: Vec<Bind>,
) -> AnyQuery<'q> {
    let mut query = query.bind(f.before_id.unwrap_or(i64::MAX)).bind(limit);
    for b in binds {
        query = match b {
            Bind::Int(v) => query.bind(v),
            Bind::Text(v) => query.bind(v),
        };
    }
    query
}

/// The SQL of [`list`] and the values of its `$3…`.
fn list_sql(f: &TicketFilter) -> (String, Vec<Bind>) {
    let (clauses, statuses, binds) = conditions(f);
    let (from, order) = source(f);
    let sql = if let Some((sort, descending)) = f.sort {
        // Sorting reads every matching ticket: asked for, on one page.
        let clauses = with_statuses(&clauses, &statuses);
        let direction = if descending { "DESC" } else { "ASC" };
        format!(
            "SELECT {COLUMNS} FROM {from} WHERE {clauses} ORDER BY {} {direction}, t.id DESC LIMIT $2",
            sort.expression()
        )
    } else if statuses.len() > 1 {
        // One branch per status, each reading its (status, id) index
        // backwards and stopping at a page: with `status IN (…)` SQLite
        // gathered and sorted every matching ticket (all unsolved ones for
        // the breached-SLA view), a cost that followed the queue's size.
        let branches: Vec<String> = statuses
            .iter()
            .enumerate()
            .map(|(k, status)| {
                format!(
                    "SELECT id FROM (SELECT {order} AS id FROM {from} WHERE {clauses} \
                     AND t.status = {status} ORDER BY {order} DESC LIMIT $2) AS branch{k}"
                )
            })
            .collect();
        format!(
            "SELECT {COLUMNS} FROM tickets t WHERE t.id IN ({}) ORDER BY t.id DESC LIMIT $2",
            branches.join(" UNION ALL ")
        )
    } else {
        let clauses = with_statuses(&clauses, &statuses);
        format!("SELECT {COLUMNS} FROM {from} WHERE {clauses} ORDER BY {order} DESC LIMIT $2")
    };
    (sql, binds)
}

/// How many tickets the filter matches (the cursor is ignored), counting no
/// further than `at_most`: the queue counts next to the inbox views, whose
/// cost must not grow with the number of tickets in a queue.
pub async fn count(conn: &mut Conn, f: &TicketFilter, at_most: i64) -> Result<i64> {
    let (clauses, statuses, binds) = conditions(f);
    let clauses = with_statuses(&clauses, &statuses);
    let (from, _) = source(f);
    // $1 is the cursor (at its maximum), $2 the limit, as in `list`.
    let sql =
        format!("SELECT COUNT(*) FROM (SELECT 1 FROM {from} WHERE {clauses} LIMIT $2) AS matched");
    let mut query = sqlx::query_scalar::<_, i64>(&sql)
        .bind(i64::MAX)
        .bind(at_most);
    for b in binds {
        query = match b {
            Bind::Int(v) => query.bind(v),
            Bind::Text(v) => query.bind(v),
        };
    }
    Ok(query.fetch_one(&mut *conn).await?)
}

/// The tables a filter reads and the id column its pages are ordered by.
/// With a tag, the tag's index leads (`ticket_tags (tag, ticket_id)` read
/// backwards): a page then costs the same for a tag on ten tickets or on
/// half a million, where testing every ticket for the tag (a scan) or
/// sorting every tagged ticket would follow the table's size.
fn source(f: &TicketFilter) -> (&'static str, &'static str) {
    if f.tag.is_some() {
        (
            "ticket_tags g JOIN tickets t ON t.id = g.ticket_id",
            "g.ticket_id",
        )
    } else {
        ("tickets t", "t.id")
    }
}

/// `clauses` narrowed to one of `statuses` (SQL values), when any.
fn with_statuses(clauses: &str, statuses: &[String]) -> String {
    if statuses.is_empty() {
        clauses.to_owned()
    } else {
        format!("{clauses} AND t.status IN ({})", statuses.join(", "))
    }
}

/// The WHERE conditions of a filter but its statuses, `$1` being the cursor
/// and `$2` kept for the limit; the statuses it allows (placeholders or
/// literals; none: any); and the values for `$3…` in placeholder order (the
/// Any driver binds positionally).
fn conditions(f: &TicketFilter) -> (String, Vec<String>, Vec<Bind>) {
    let mut clauses: Vec<String> = vec!["t.id < $1".into()];
    let mut ints: Vec<(usize, i64)> = Vec::new();
    let mut texts: Vec<(usize, String)> = Vec::new();
    let mut n = 2; // $1 is the cursor, $2 the limit
    let mut next = || {
        n += 1;
        n
    };
    let mut statuses = Vec::new();
    for s in &f.statuses {
        let i = next();
        texts.push((i, s.as_str().into()));
        statuses.push(format!("${i}"));
    }
    if let Some(p) = f.priority {
        let i = next();
        texts.push((i, p.as_str().into()));
        clauses.push(format!("t.priority = ${i}"));
    }
    if let Some(c) = f.channel {
        let i = next();
        texts.push((i, c.as_str().into()));
        clauses.push(format!("t.channel = ${i}"));
    }
    match f.assignee_id {
        Some(Some(a)) => {
            let i = next();
            ints.push((i, a));
            clauses.push(format!("t.assignee_id = ${i}"));
        }
        Some(None) => clauses.push("t.assignee_id IS NULL".into()),
        None => {}
    }
    for (value, column) in [(f.team_id, "t.team_id"), (f.requester_id, "t.requester_id")] {
        if let Some(v) = value {
            let i = next();
            ints.push((i, v));
            clauses.push(format!("{column} = ${i}"));
        }
    }
    if let Some(tag) = &f.tag {
        let i = next();
        texts.push((i, tag.clone()));
        // `g` is joined by `source`.
        clauses.push(format!("g.tag = ${i} AND g.ticket_id < $1"));
    }
    if let Some(intent) = &f.intent {
        let i = next();
        texts.push((i, intent.clone()));
        clauses.push(format!("t.intent = ${i}"));
    }
    if let Some(order_id) = f.order_id {
        let i = next();
        ints.push((i, order_id));
        clauses.push(format!(
            "EXISTS (SELECT 1 FROM ticket_orders o WHERE o.ticket_id = t.id AND o.order_id = ${i})"
        ));
    }
    if let Some(seller) = f.visible_to_seller {
        let (a, b) = (next(), next());
        ints.push((a, seller));
        ints.push((b, seller));
        clauses.push(format!(
            "(t.requester_id = ${a} OR EXISTS (SELECT 1 FROM ticket_shares s \
             WHERE s.ticket_id = t.id AND s.seller_id = ${b}))"
        ));
    }
    if let Some(teams) = &f.team_ids {
        if teams.is_empty() {
            clauses.push("1 = 0".into());
        } else {
            let mut ps = Vec::with_capacity(teams.len());
            for team in teams {
                let i = next();
                ints.push((i, *team));
                ps.push(format!("${i}"));
            }
            clauses.push(format!("t.team_id IN ({})", ps.join(", ")));
        }
    }
    if let Some((clock, event)) = f.without_sla_event {
        // Fixed names from the code, never input.
        clauses.push(format!(
            "NOT EXISTS (SELECT 1 FROM sla_events e WHERE e.ticket_id = t.id \
             AND e.clock = '{clock}' AND e.event = '{event}')"
        ));
    }
    if f.escalated {
        clauses.push("t.id IN (SELECT tt.ticket_id FROM ticket_tiers tt WHERE tt.tier > 1)".into());
    }
    if !f.sla_breached.is_empty() {
        // Past the first response target while unanswered, or past the
        // resolution target while unsolved and not paused (its clock counts
        // from `sla_clock_start`, moved by the pauses that ended); one
        // branch per priority.
        let mut branches = Vec::with_capacity(f.sla_breached.len());
        for cutoff in &f.sla_breached {
            let (p, policy, unanswered, unsolved, awaiting) =
                (next(), next(), next(), next(), next());
            texts.push((p, cutoff.priority.as_str().into()));
            texts.push((policy, cutoff.policy.clone().unwrap_or_default()));
            ints.push((unanswered, cutoff.unanswered_created_before));
            ints.push((unsolved, cutoff.unsolved_created_before));
            ints.push((awaiting, cutoff.awaiting_since_before));
            // Team ids are numbers, never text: written into the SQL.
            let ids = |teams: &[i64]| {
                teams
                    .iter()
                    .map(i64::to_string)
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            let teams = match &cutoff.teams {
                TeamScope::Any => String::new(),
                TeamScope::NoneOf(teams) if teams.is_empty() => String::new(),
                TeamScope::Only(teams) if teams.is_empty() => " AND 1 = 0".into(),
                TeamScope::Only(teams) => format!(" AND t.team_id IN ({})", ids(teams)),
                TeamScope::NoneOf(teams) => format!(
                    " AND (t.team_id IS NULL OR t.team_id NOT IN ({}))",
                    ids(teams)
                ),
            };
            branches.push(format!(
                "(t.priority = ${p} AND COALESCE(t.sla_policy, '') = ${policy}{teams} \
                 AND ((t.first_response_at IS NULL AND t.created_at < ${unanswered}) \
                 OR (t.sla_paused_at IS NULL AND COALESCE(t.sla_clock_start, t.created_at) < ${unsolved}) \
                 OR (t.awaiting_since IS NOT NULL AND t.awaiting_since < ${awaiting})))"
            ));
        }
        const UNSOLVED: [&str; 4] = ["'new'", "'open'", "'pending'", "'on_hold'"];
        if statuses.is_empty() {
            statuses = UNSOLVED.iter().map(|s| (*s).to_owned()).collect();
        } else {
            clauses.push(format!("t.status IN ({})", UNSOLVED.join(", ")));
        }
        clauses.push(format!("({})", branches.join(" OR ")));
    }
    let mut binds: Vec<(usize, Bind)> = ints.into_iter().map(|(i, v)| (i, Bind::Int(v))).collect();
    binds.extend(texts.into_iter().map(|(i, v)| (i, Bind::Text(v))));
    binds.sort_by_key(|(i, _)| *i);
    (
        clauses.join(" AND "),
        statuses,
        binds.into_iter().map(|(_, b)| b).collect(),
    )
}

enum Bind {
    Int(i64),
    Text(String),
}

/// Replaces the tags of a ticket.
pub async fn set_tags(conn: &mut Conn, ticket_id: i64, tags: &[String]) -> Result<()> {
    sqlx::query("DELETE FROM ticket_tags WHERE ticket_id = $1")
        .bind(ticket_id)
        .execute(&mut *conn)
        .await?;
    add_tags(conn, ticket_id, tags).await
}

/// Adds tags to a ticket that has none yet (a new one): no delete first.
pub async fn add_tags(conn: &mut Conn, ticket_id: i64, tags: &[String]) -> Result<()> {
    for tag in tags {
        sqlx::query(
            "INSERT INTO ticket_tags (ticket_id, tag) VALUES ($1, $2) ON CONFLICT DO NOTHING",
        )
        .bind(ticket_id)
        .bind(tag)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// Tags of each of `ids`, sorted.
pub async fn tags_of(conn: &mut Conn, ids: &[i64]) -> Result<BTreeMap<i64, Vec<String>>> {
    per_ticket(conn, ids, "ticket_tags", "tag", |row| text(row, "tag")).await
}

/// `column` of the rows of `table` belonging to each of `ids`, in the
/// column's order, in one query (every id is a key, with an empty list when
/// it has none).
async fn per_ticket<T>(
    conn: &mut Conn,
    ids: &[i64],
    table: &str,
    column: &str,
    value: impl Fn(&sqlx::any::AnyRow) -> Result<T>,
) -> Result<BTreeMap<i64, Vec<T>>> {
    let mut map: BTreeMap<i64, Vec<T>> = ids.iter().map(|id| (*id, Vec::new())).collect();
    if ids.is_empty() {
        return Ok(map);
    }
    let sql = format!(
        "SELECT ticket_id, {column} FROM {table} WHERE ticket_id IN ({}) ORDER BY {column}",
        placeholders(1, ids.len())
    );
    let mut query = sqlx::query(&sql);
    for id in ids {
        query = query.bind(*id);
    }
    for row in query.fetch_all(&mut *conn).await? {
        map.entry(int(&row, "ticket_id")?)
            .or_default()
            .push(value(&row)?);
    }
    Ok(map)
}

/// Every tag in use with the number of tickets carrying it.
pub async fn tag_counts(conn: &mut Conn) -> Result<Vec<(String, i64)>> {
    let rows =
        sqlx::query("SELECT tag, COUNT(*) AS n FROM ticket_tags GROUP BY tag ORDER BY n DESC, tag")
            .fetch_all(&mut *conn)
            .await?;
    rows.iter()
        .map(|r| Ok((text(r, "tag")?, int(r, "n")?)))
        .collect()
}

pub async fn link_order(conn: &mut Conn, ticket_id: i64, order_id: i64) -> Result<()> {
    sqlx::query(
        "INSERT INTO ticket_orders (ticket_id, order_id) VALUES ($1, $2) ON CONFLICT DO NOTHING",
    )
    .bind(ticket_id)
    .bind(order_id)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

pub async fn order_ids_of(conn: &mut Conn, ticket_id: i64) -> Result<Vec<i64>> {
    Ok(sqlx::query_scalar(
        "SELECT order_id FROM ticket_orders WHERE ticket_id = $1 ORDER BY order_id",
    )
    .bind(ticket_id)
    .fetch_all(&mut *conn)
    .await?)
}

/// The orders linked to each of these tickets, in one query (every id is a
/// key, with no orders when none is linked).
pub async fn order_ids_for(conn: &mut Conn, ids: &[i64]) -> Result<BTreeMap<i64, Vec<i64>>> {
    per_ticket(conn, ids, "ticket_orders", "order_id", |row| {
        int(row, "order_id")
    })
    .await
}

/// Sellers of the lines of the orders linked to a ticket.
pub async fn seller_ids_of(conn: &mut Conn, ticket_id: i64) -> Result<Vec<i64>> {
    Ok(sqlx::query_scalar(
        "SELECT DISTINCT l.seller_id FROM ticket_orders o JOIN order_lines l ON l.order_id = o.order_id \
         WHERE o.ticket_id = $1 AND l.seller_id IS NOT NULL ORDER BY l.seller_id",
    )
    .bind(ticket_id)
    .fetch_all(&mut *conn)
    .await?)
}

/// Sellers the ticket is shared with, and since when.
pub async fn shares_of(conn: &mut Conn, ticket_id: i64) -> Result<Vec<(i64, Millis)>> {
    let rows = sqlx::query(
        "SELECT seller_id, shared_at FROM ticket_shares WHERE ticket_id = $1 ORDER BY seller_id",
    )
    .bind(ticket_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|r| Ok((int(r, "seller_id")?, int(r, "shared_at")?)))
        .collect()
}

/// Shares the ticket with a seller; `false` when it already was.
pub async fn share(
    conn: &mut Conn,
    ticket_id: i64,
    seller_id: i64,
    shared_by: Option<i64>,
    now: Millis,
) -> Result<bool> {
    let done = sqlx::query(
        "INSERT INTO ticket_shares (ticket_id, seller_id, shared_by, shared_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (ticket_id, seller_id) DO NOTHING",
    )
    .bind(ticket_id)
    .bind(seller_id)
    .bind(shared_by)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() > 0)
}

/// Stops sharing the ticket with a seller; `false` when it was not.
pub async fn unshare(conn: &mut Conn, ticket_id: i64, seller_id: i64) -> Result<bool> {
    let done = sqlx::query("DELETE FROM ticket_shares WHERE ticket_id = $1 AND seller_id = $2")
        .bind(ticket_id)
        .bind(seller_id)
        .execute(&mut *conn)
        .await?;
    Ok(done.rows_affected() > 0)
}

/// Solved tickets whose time to close has come, oldest first.
pub async fn solved_before(conn: &mut Conn, solved_before: Millis, limit: i64) -> Result<Vec<i64>> {
    Ok(sqlx::query_scalar(
        "SELECT id FROM tickets WHERE status = 'solved' AND solved_at <= $1 ORDER BY solved_at LIMIT $2",
    )
    .bind(solved_before)
    .bind(limit)
    .fetch_all(&mut *conn)
    .await?)
}

/// Moves messages, tags and orders of `source` onto `target`.
pub async fn move_contents(conn: &mut Conn, source: i64, target: i64) -> Result<()> {
    sqlx::query("UPDATE messages SET ticket_id = $1 WHERE ticket_id = $2")
        .bind(target)
        .bind(source)
        .execute(&mut *conn)
        .await?;
    for table in ["ticket_tags", "ticket_orders"] {
        let column = if table == "ticket_tags" {
            "tag"
        } else {
            "order_id"
        };
        let sql = format!(
            "INSERT INTO {table} (ticket_id, {column}) SELECT $1, {column} FROM {table} WHERE ticket_id = $2 ON CONFLICT DO NOTHING"
        );
        sqlx::query(&sql)
            .bind(target)
            .bind(source)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MessageRow {
    pub id: i64,
    pub ticket_id: i64,
    pub author_id: Option<i64>,
    pub kind: MessageKind,
    pub channel: Channel,
    pub body_text: String,
    pub body_html: String,
    pub created_at: Millis,
    /// The Message-ID it came or went by email with (threading key).
    pub email_message_id: Option<String>,
    /// Its From, To and Cc (JSON), when it came or went by email.
    pub email_addresses: Option<String>,
}

pub async fn insert_message(conn: &mut Conn, m: &MessageRow) -> Result<i64> {
    let query = sqlx::query(
        "INSERT INTO messages (ticket_id, author_id, kind, channel, body_text, body_html, created_at, email_message_id, email_addresses) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
    );
    let row = bind_message_columns(query, m).fetch_one(&mut *conn).await?;
    int(&row, "id")
}

/// Sets the From, To and Cc (JSON) a message went out by email with.
pub async fn set_email_addresses(conn: &mut Conn, message_id: i64, addresses: &str) -> Result<()> {
    sqlx::query("UPDATE messages SET email_addresses = $1 WHERE id = $2")
        .bind(addresses)
        .bind(message_id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// The people in copy on a ticket, with their addresses, in the order added.
pub async fn copied(conn: &mut Conn, ticket_id: i64) -> Result<Vec<(i64, String)>> {
    let rows = sqlx::query(
        "SELECT c.person_id, p.email FROM ticket_cc c JOIN people p ON p.id = c.person_id \
         WHERE c.ticket_id = $1 ORDER BY c.added_at, c.person_id LIMIT 100",
    )
    .bind(ticket_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|r| Ok((int(r, "person_id")?, text(r, "email")?)))
        .collect()
}

/// Puts a person in copy on a ticket (nothing when they are already).
pub async fn add_copied(
    conn: &mut Conn,
    ticket_id: i64,
    person_id: i64,
    now: Millis,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO ticket_cc (ticket_id, person_id, added_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
    )
    .bind(ticket_id)
    .bind(person_id)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Takes a person out of copy on a ticket.
pub async fn remove_copied(conn: &mut Conn, ticket_id: i64, person_id: i64) -> Result<()> {
    sqlx::query("DELETE FROM ticket_cc WHERE ticket_id = $1 AND person_id = $2")
        .bind(ticket_id)
        .bind(person_id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Sets the Message-ID a message went out by email with.
pub async fn set_email_message_id(conn: &mut Conn, message_id: i64, email_id: &str) -> Result<()> {
    sqlx::query("UPDATE messages SET email_message_id = $1 WHERE id = $2")
        .bind(email_id)
        .bind(message_id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// The ticket of the first message carrying one of these Message-IDs, and
/// that message's id.
pub async fn by_email_message_ids(conn: &mut Conn, ids: &[String]) -> Result<Option<(i64, i64)>> {
    for id in ids {
        let row = sqlx::query(
            "SELECT id, ticket_id FROM messages WHERE email_message_id = $1 ORDER BY id LIMIT 1",
        )
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?;
        if let Some(row) = row {
            return Ok(Some((int(&row, "ticket_id")?, int(&row, "id")?)));
        }
    }
    Ok(None)
}

pub async fn messages(
    conn: &mut Conn,
    ticket_id: i64,
    with_notes: bool,
) -> Result<Vec<MessageRow>> {
    let sql = if with_notes {
        "SELECT * FROM messages WHERE ticket_id = $1 ORDER BY id"
    } else {
        "SELECT * FROM messages WHERE ticket_id = $1 AND kind = 'public' ORDER BY id"
    };
    let rows = sqlx::query(sql)
        .bind(ticket_id)
        .fetch_all(&mut *conn)
        .await?;
    rows.iter()
        .map(|row| {
            Ok(MessageRow {
                id: int(row, "id")?,
                ticket_id: int(row, "ticket_id")?,
                author_id: opt_int(row, "author_id")?,
                kind: parsed(row, "kind", MessageKind::parse)?,
                channel: parsed(row, "channel", Channel::parse)?,
                body_text: text(row, "body_text")?,
                body_html: text(row, "body_html")?,
                created_at: int(row, "created_at")?,
                email_message_id: opt_text(row, "email_message_id")?,
                email_addresses: opt_text(row, "email_addresses")?,
            })
        })
        .collect()
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttachmentRow {
    pub id: i64,
    pub message_id: i64,
    pub filename: String,
    pub content_type: String,
    pub size_bytes: i64,
    pub sha256: String,
    pub created_at: Millis,
    /// An inline image's Content-ID (mail), without angle brackets.
    pub content_id: Option<String>,
}

pub async fn insert_attachment(conn: &mut Conn, a: &AttachmentRow) -> Result<i64> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO attachments (message_id, filename, content_type, size_bytes, sha256, created_at, content_id) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(a.message_id)
    .bind(&a.filename)
    .bind(&a.content_type)
    .bind(a.size_bytes)
    .bind(&a.sha256)
    .bind(a.created_at)
    .bind(&a.content_id)
    .fetch_one(&mut *conn)
    .await?;
    Ok(id)
}

/// Whether any attachment row names the file with this content hash.
pub async fn attachment_file_in_use(conn: &mut Conn, sha256: &str) -> Result<bool> {
    let found: Option<i64> = sqlx::query_scalar(
        "SELECT id FROM attachments WHERE sha256 = $1 \
             UNION ALL SELECT id FROM dispute_evidence WHERE sha256 = $1 LIMIT 1",
    )
    .bind(sha256)
    .fetch_optional(&mut *conn)
    .await?;
    Ok(found.is_some())
}

fn attachment(row: &AnyRow) -> Result<AttachmentRow> {
    Ok(AttachmentRow {
        id: int(row, "id")?,
        message_id: int(row, "message_id")?,
        filename: text(row, "filename")?,
        content_type: text(row, "content_type")?,
        size_bytes: int(row, "size_bytes")?,
        sha256: text(row, "sha256")?,
        content_id: opt_text(row, "content_id")?,
        created_at: int(row, "created_at")?,
    })
}

/// Attachments of the messages of a ticket.
pub async fn attachments_of_ticket(conn: &mut Conn, ticket_id: i64) -> Result<Vec<AttachmentRow>> {
    let rows = sqlx::query(
        "SELECT a.* FROM attachments a JOIN messages m ON m.id = a.message_id WHERE m.ticket_id = $1 ORDER BY a.id",
    )
    .bind(ticket_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter().map(attachment).collect()
}

/// Attachments of one message, in the order they were added.
pub async fn attachments_of_message(
    conn: &mut Conn,
    message_id: i64,
) -> Result<Vec<AttachmentRow>> {
    let rows = sqlx::query("SELECT * FROM attachments WHERE message_id = $1 ORDER BY id")
        .bind(message_id)
        .fetch_all(&mut *conn)
        .await?;
    rows.iter().map(attachment).collect()
}

/// An attachment with the ticket and the kind of the message it belongs to.
pub async fn get_attachment(
    conn: &mut Conn,
    id: i64,
) -> Result<Option<(AttachmentRow, i64, MessageKind)>> {
    let row = sqlx::query(
        "SELECT a.*, m.ticket_id, m.kind FROM attachments a JOIN messages m ON m.id = a.message_id WHERE a.id = $1",
    )
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?;
    row.map(|r| {
        Ok((
            attachment(&r)?,
            int(&r, "ticket_id")?,
            parsed(&r, "kind", MessageKind::parse)?,
        ))
    })
    .transpose()
}

pub(crate) fn placeholders(first: usize, count: usize) -> String {
    (first..first + count)
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Notes that `person_id` has the ticket open now.
pub async fn seen(conn: &mut Conn, ticket_id: i64, person_id: i64, now: Millis) -> Result<()> {
    sqlx::query(
        "INSERT INTO ticket_viewers (ticket_id, person_id, seen_at) VALUES ($1, $2, $3) \
         ON CONFLICT (ticket_id, person_id) DO UPDATE SET seen_at = excluded.seen_at",
    )
    .bind(ticket_id)
    .bind(person_id)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Names of the other people who had the ticket open since `since`.
pub async fn other_viewers(
    conn: &mut Conn,
    ticket_id: i64,
    person_id: i64,
    since: Millis,
) -> Result<Vec<String>> {
    Ok(sqlx::query_scalar(
        "SELECT p.name FROM ticket_viewers v JOIN people p ON p.id = v.person_id \
         WHERE v.ticket_id = $1 AND v.person_id <> $2 AND v.seen_at >= $3 ORDER BY p.name",
    )
    .bind(ticket_id)
    .bind(person_id)
    .bind(since)
    .fetch_all(&mut *conn)
    .await?)
}

/// Tickets the assistant has not read yet, oldest first.
pub async fn untriaged(conn: &mut Conn, limit: i64) -> Result<Vec<i64>> {
    Ok(
        sqlx::query_scalar("SELECT id FROM tickets WHERE intent IS NULL ORDER BY id LIMIT $1")
            .bind(limit)
            .fetch_all(&mut *conn)
            .await?,
    )
}

/// Training examples from the shop's own tickets: the first public message of
/// every ticket an agent tagged `intent:<name>`, with the ticket's language.
pub async fn labelled_first_messages(conn: &mut Conn) -> Result<Vec<(String, String, String)>> {
    let rows = sqlx::query(
        "SELECT g.tag, t.language, (SELECT m.body_text FROM messages m WHERE m.ticket_id = t.id AND m.kind = 'public' ORDER BY m.id LIMIT 1) AS body \
         FROM ticket_tags g JOIN tickets t ON t.id = g.ticket_id WHERE g.tag LIKE 'intent:%' ORDER BY t.id",
    )
    .fetch_all(&mut *conn)
    .await?;
    let mut out = Vec::new();
    for r in &rows {
        let Some(body) = crate::row::opt_text(r, "body")? else {
            continue;
        };
        let tag = text(r, "tag")?;
        let language = text(r, "language")?;
        let primary = language.split('-').next().unwrap_or("en").to_string();
        out.push((body, tag.trim_start_matches("intent:").to_string(), primary));
    }
    Ok(out)
}

/// Stores an attachment's bytes under their hash; when they are already
/// there, refreshes their time so the sweep's grace period covers the
/// request about to name them.
pub async fn put_blob(conn: &mut Conn, sha256: &str, bytes: &[u8], now: Millis) -> Result<()> {
    sqlx::query(
        "INSERT INTO attachment_blobs (sha256, bytes, created_at) VALUES ($1, $2, $3) \
         ON CONFLICT (sha256) DO UPDATE SET created_at = excluded.created_at",
    )
    .bind(sha256)
    .bind(bytes.to_vec())
    .bind(now)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

pub async fn get_blob(conn: &mut Conn, sha256: &str) -> Result<Option<Vec<u8>>> {
    Ok(
        sqlx::query_scalar("SELECT bytes FROM attachment_blobs WHERE sha256 = $1")
            .bind(sha256)
            .fetch_optional(&mut *conn)
            .await?,
    )
}

/// Removes stored bytes older than `before` that no attachment names (left
/// by requests that failed). Answers how many went.
pub async fn sweep_blobs(conn: &mut Conn, before: Millis) -> Result<u64> {
    let done = sqlx::query(
        "DELETE FROM attachment_blobs WHERE created_at < $1 \
         AND NOT EXISTS (SELECT 1 FROM attachments a WHERE a.sha256 = attachment_blobs.sha256) \
         AND NOT EXISTS (SELECT 1 FROM dispute_evidence e WHERE e.sha256 = attachment_blobs.sha256)",
    )
    .bind(before)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected())
}
