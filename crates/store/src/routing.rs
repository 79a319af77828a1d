//! What routing reads and writes: agents' skills, capacity and presence,
//! their open load, the tickets waiting for an agent, and why each ticket
//! went where it went.

use marketdesk_domain::Millis;
use marketdesk_domain::routing::{Presence, Skill, SkillKind};

use crate::row::{int, opt_int, parsed, text};
use crate::tickets::placeholders;
use crate::{Conn, Result};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PresenceRow {
    pub person_id: i64,
    pub status: Presence,
    pub changed_at: Millis,
    pub active_at: Millis,
    pub last_assigned_at: Millis,
}

fn presence_row(row: &sqlx::any::AnyRow) -> Result<PresenceRow> {
    Ok(PresenceRow {
        person_id: int(row, "person_id")?,
        status: parsed(row, "status", Presence::parse)?,
        changed_at: int(row, "changed_at")?,
        active_at: int(row, "active_at")?,
        last_assigned_at: int(row, "last_assigned_at")?,
    })
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoutingRow {
    pub ticket_id: i64,
    pub person_id: i64,
    pub method: String,
    /// JSON list of `routing::Reason`.
    pub reasons: String,
    pub decided_at: Millis,
}

/// A ticket waiting for an agent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WaitingRow {
    pub id: i64,
    pub team_id: Option<i64>,
    pub created_at: Millis,
}

fn bind_ids<'q>(
    sql: &'q str,
    ids: &[i64],
) -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>> {
    ids.iter().fold(sqlx::query(sql), |q, id| q.bind(*id))
}

/// Skills of these people: (person id, skill).
pub async fn skills_of(conn: &mut Conn, ids: &[i64]) -> Result<Vec<(i64, Skill)>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        "SELECT person_id, kind, value, level FROM agent_skills WHERE person_id IN ({}) \
         ORDER BY person_id, kind, value",
        placeholders(1, ids.len())
    );
    let rows = bind_ids(&sql, ids).fetch_all(&mut *conn).await?;
    rows.iter()
        .map(|row| {
            Ok((
                int(row, "person_id")?,
                Skill {
                    kind: parsed(row, "kind", SkillKind::parse)?,
                    value: text(row, "value")?,
                    level: u8::try_from(int(row, "level")?).unwrap_or(1),
                },
            ))
        })
        .collect()
}

pub async fn set_skills(conn: &mut Conn, person_id: i64, skills: &[Skill]) -> Result<()> {
    sqlx::query("DELETE FROM agent_skills WHERE person_id = $1")
        .bind(person_id)
        .execute(&mut *conn)
        .await?;
    for skill in skills {
        sqlx::query(
            "INSERT INTO agent_skills (person_id, kind, value, level) VALUES ($1, $2, $3, $4)",
        )
        .bind(person_id)
        .bind(skill.kind.as_str())
        .bind(skill.value.as_str())
        .bind(i64::from(skill.level))
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// Capacities of these people: (person id, bucket, max open).
pub async fn capacity_of(conn: &mut Conn, ids: &[i64]) -> Result<Vec<(i64, String, i64)>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        "SELECT person_id, bucket, max_open FROM agent_capacity WHERE person_id IN ({})",
        placeholders(1, ids.len())
    );
    let rows = bind_ids(&sql, ids).fetch_all(&mut *conn).await?;
    rows.iter()
        .map(|row| {
            Ok((
                int(row, "person_id")?,
                text(row, "bucket")?,
                int(row, "max_open")?,
            ))
        })
        .collect()
}

pub async fn set_capacity(conn: &mut Conn, person_id: i64, buckets: &[(&str, u32)]) -> Result<()> {
    sqlx::query("DELETE FROM agent_capacity WHERE person_id = $1")
        .bind(person_id)
        .execute(&mut *conn)
        .await?;
    for (bucket, max) in buckets {
        sqlx::query("INSERT INTO agent_capacity (person_id, bucket, max_open) VALUES ($1, $2, $3)")
            .bind(person_id)
            .bind(*bucket)
            .bind(i64::from(*max))
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

pub async fn presence_of(conn: &mut Conn, ids: &[i64]) -> Result<Vec<PresenceRow>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        "SELECT person_id, status, changed_at, active_at, last_assigned_at FROM agent_presence \
         WHERE person_id IN ({})",
        placeholders(1, ids.len())
    );
    let rows = bind_ids(&sql, ids).fetch_all(&mut *conn).await?;
    rows.iter().map(presence_row).collect()
}

/// Sets what an agent says; setting it counts as activity.
pub async fn set_presence(
    conn: &mut Conn,
    person_id: i64,
    status: Presence,
    now: Millis,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO agent_presence (person_id, status, changed_at, active_at) \
         VALUES ($1, $2, $3, $3) ON CONFLICT (person_id) DO UPDATE \
         SET status = excluded.status, changed_at = excluded.changed_at, \
         active_at = excluded.active_at",
    )
    .bind(person_id)
    .bind(status.as_str())
    .bind(now)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Notes that an agent did something (keeps "online" from turning "away").
pub async fn touch_active(conn: &mut Conn, person_id: i64, now: Millis) -> Result<()> {
    sqlx::query("UPDATE agent_presence SET active_at = $2 WHERE person_id = $1 AND active_at < $2")
        .bind(person_id)
        .bind(now)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

pub async fn mark_assigned(conn: &mut Conn, person_id: i64, now: Millis) -> Result<()> {
    sqlx::query("UPDATE agent_presence SET last_assigned_at = $2 WHERE person_id = $1")
        .bind(person_id)
        .bind(now)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Open tickets (new or open) held by these agents: (agent, channel, count).
pub async fn open_load(conn: &mut Conn, ids: &[i64]) -> Result<Vec<(i64, String, i64)>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        "SELECT assignee_id, channel, COUNT(*) AS open FROM tickets \
         WHERE status IN ('new', 'open') AND assignee_id IS NOT NULL AND assignee_id IN ({}) \
         GROUP BY assignee_id, channel",
        placeholders(1, ids.len())
    );
    let rows = bind_ids(&sql, ids).fetch_all(&mut *conn).await?;
    rows.iter()
        .map(|row| {
            Ok((
                int(row, "assignee_id")?,
                text(row, "channel")?,
                int(row, "open")?,
            ))
        })
        .collect()
}

/// The oldest tickets waiting for an agent (new or open, unassigned).
pub async fn waiting(conn: &mut Conn, limit: i64) -> Result<Vec<WaitingRow>> {
    let rows = sqlx::query(
        "SELECT id, team_id, created_at FROM tickets \
         WHERE status IN ('new', 'open') AND assignee_id IS NULL ORDER BY id LIMIT $1",
    )
    .bind(limit)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|row| {
            Ok(WaitingRow {
                id: int(row, "id")?,
                team_id: opt_int(row, "team_id")?,
                created_at: int(row, "created_at")?,
            })
        })
        .collect()
}

/// Moves a team's unassigned tickets created before `before` to another
/// team; returns their ids.
pub async fn overflow(
    conn: &mut Conn,
    from_team: i64,
    to_team: i64,
    before: Millis,
    now: Millis,
    limit: i64,
) -> Result<Vec<i64>> {
    let ids: Vec<i64> = sqlx::query_scalar(
        "SELECT id FROM tickets WHERE status IN ('new', 'open') AND assignee_id IS NULL \
         AND team_id = $1 AND created_at < $2 ORDER BY id LIMIT $3",
    )
    .bind(from_team)
    .bind(before)
    .bind(limit)
    .fetch_all(&mut *conn)
    .await?;
    for id in &ids {
        sqlx::query(
            "UPDATE tickets SET team_id = $2, updated_at = $3 \
             WHERE id = $1 AND team_id = $4 AND assignee_id IS NULL",
        )
        .bind(*id)
        .bind(to_team)
        .bind(now)
        .bind(from_team)
        .execute(&mut *conn)
        .await?;
    }
    Ok(ids)
}

pub async fn record(conn: &mut Conn, row: &RoutingRow) -> Result<()> {
    sqlx::query(
        "INSERT INTO ticket_routing (ticket_id, person_id, method, reasons, decided_at) \
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (ticket_id) DO UPDATE \
         SET person_id = excluded.person_id, method = excluded.method, \
         reasons = excluded.reasons, decided_at = excluded.decided_at",
    )
    .bind(row.ticket_id)
    .bind(row.person_id)
    .bind(row.method.as_str())
    .bind(row.reasons.as_str())
    .bind(row.decided_at)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

pub async fn routing_of(conn: &mut Conn, ticket_id: i64) -> Result<Option<RoutingRow>> {
    let row = sqlx::query(
        "SELECT ticket_id, person_id, method, reasons, decided_at FROM ticket_routing \
         WHERE ticket_id = $1",
    )
    .bind(ticket_id)
    .fetch_optional(&mut *conn)
    .await?;
    row.map(|row| {
        Ok(RoutingRow {
            ticket_id: int(&row, "ticket_id")?,
            person_id: int(&row, "person_id")?,
            method: text(&row, "method")?,
            reasons: text(&row, "reasons")?,
            decided_at: int(&row, "decided_at")?,
        })
    })
    .transpose()
}

pub async fn set_team_routing(
    conn: &mut Conn,
    team_id: i64,
    method: &str,
    lead_id: Option<i64>,
    overflow: Option<(i64, i64)>,
) -> Result<()> {
    sqlx::query(
        "UPDATE teams SET routing = $2, lead_id = $3, overflow_team_id = $4, \
         overflow_after_minutes = $5 WHERE id = $1",
    )
    .bind(team_id)
    .bind(method)
    .bind(lead_id)
    .bind(overflow.map(|o| o.0))
    .bind(overflow.map(|o| o.1))
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Holds a ticket's row until the transaction ends (PostgreSQL; SQLite
/// writes one at a time anyway), so two nodes do not route it twice.
pub async fn lock_ticket(conn: &mut Conn, backend: crate::Backend, id: i64) -> Result<()> {
    let sql = match backend {
        crate::Backend::Postgres => "SELECT id FROM tickets WHERE id = $1 FOR UPDATE",
        crate::Backend::Sqlite => "SELECT id FROM tickets WHERE id = $1",
    };
    sqlx::query(sql).bind(id).fetch_optional(&mut *conn).await?;
    Ok(())
}

/// Whether any agent says they are online: routing's first, cheapest question.
pub async fn anyone_online(conn: &mut Conn) -> Result<bool> {
    let found: Option<i64> =
        sqlx::query_scalar("SELECT person_id FROM agent_presence WHERE status = 'online' LIMIT 1")
            .fetch_optional(&mut *conn)
            .await?;
    Ok(found.is_some())
}

/// The agents who say they are online (inactivity is judged by the caller).
pub async fn online(conn: &mut Conn) -> Result<Vec<PresenceRow>> {
    let rows = sqlx::query(
        "SELECT person_id, status, changed_at, active_at, last_assigned_at FROM agent_presence \
         WHERE status = 'online' ORDER BY person_id LIMIT 1000",
    )
    .fetch_all(&mut *conn)
    .await?;
    rows.iter().map(presence_row).collect()
}
