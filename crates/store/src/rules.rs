//! Stored triggers and automations, and the automations' runs.

use marketdesk_domain::Millis;

use crate::row::{flag, int, text};
use crate::{Conn, Result, conflict_as};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleRow {
    pub id: i64,
    pub kind: String,
    pub name: String,
    pub position: i64,
    pub enabled: bool,
    /// The domain's `rules::Rule` as JSON.
    pub definition: String,
    pub created_at: Millis,
    pub updated_at: Millis,
}

fn rule(row: &sqlx::any::AnyRow) -> Result<RuleRow> {
    Ok(RuleRow {
        id: int(row, "id")?,
        kind: text(row, "kind")?,
        name: text(row, "name")?,
        position: int(row, "position")?,
        enabled: flag(row, "enabled")?,
        definition: text(row, "definition")?,
        created_at: int(row, "created_at")?,
        updated_at: int(row, "updated_at")?,
    })
}

/// All rules, in the order they run (position, then id).
pub async fn list(conn: &mut Conn) -> Result<Vec<RuleRow>> {
    let rows = sqlx::query("SELECT * FROM rules ORDER BY kind DESC, position, id")
        .fetch_all(&mut *conn)
        .await?;
    rows.iter().map(rule).collect()
}

pub async fn get(conn: &mut Conn, id: i64) -> Result<Option<RuleRow>> {
    let row = sqlx::query("SELECT * FROM rules WHERE id = $1")
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?;
    row.as_ref().map(rule).transpose()
}

/// Inserts a rule; a taken name is a conflict.
pub async fn insert(conn: &mut Conn, r: &RuleRow) -> Result<i64> {
    let id = sqlx::query_scalar(
        "INSERT INTO rules (kind, name, position, enabled, definition, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id",
    )
    .bind(r.kind.as_str())
    .bind(r.name.as_str())
    .bind(r.position)
    .bind(i64::from(r.enabled))
    .bind(r.definition.as_str())
    .bind(r.created_at)
    .fetch_one(&mut *conn)
    .await
    .map_err(conflict_as("a rule with this name exists"))?;
    Ok(id)
}

pub async fn update(conn: &mut Conn, r: &RuleRow) -> Result<bool> {
    let done = sqlx::query(
        "UPDATE rules SET kind = $2, name = $3, position = $4, enabled = $5, definition = $6, \
         updated_at = $7 WHERE id = $1",
    )
    .bind(r.id)
    .bind(r.kind.as_str())
    .bind(r.name.as_str())
    .bind(r.position)
    .bind(i64::from(r.enabled))
    .bind(r.definition.as_str())
    .bind(r.updated_at)
    .execute(&mut *conn)
    .await
    .map_err(conflict_as("a rule with this name exists"))?;
    Ok(done.rows_affected() > 0)
}

pub async fn delete(conn: &mut Conn, id: i64) -> Result<bool> {
    sqlx::query("DELETE FROM rule_runs WHERE rule_id = $1")
        .bind(id)
        .execute(&mut *conn)
        .await?;
    let done = sqlx::query("DELETE FROM rules WHERE id = $1")
        .bind(id)
        .execute(&mut *conn)
        .await?;
    Ok(done.rows_affected() > 0)
}

/// The ticket versions an automation already acted on: (ticket, updated_at).
pub async fn runs_of(
    conn: &mut Conn,
    rule_id: i64,
    ticket_ids: &[i64],
) -> Result<Vec<(i64, Millis)>> {
    if ticket_ids.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        "SELECT ticket_id, ticket_updated_at FROM rule_runs WHERE rule_id = $1 AND ticket_id IN ({})",
        crate::tickets::placeholders(2, ticket_ids.len())
    );
    let query = ticket_ids
        .iter()
        .fold(sqlx::query(&sql).bind(rule_id), |q, id| q.bind(*id));
    let rows = query.fetch_all(&mut *conn).await?;
    rows.iter()
        .map(|row| Ok((int(row, "ticket_id")?, int(row, "ticket_updated_at")?)))
        .collect()
}

/// Notes that an automation acted on a ticket's version; false when another
/// node did first.
pub async fn record_run(
    conn: &mut Conn,
    rule_id: i64,
    ticket_id: i64,
    seen_updated_at: Millis,
    new_updated_at: Millis,
    now: Millis,
) -> Result<bool> {
    // Claim: insert, or move the version on only from the one we read.
    let inserted = sqlx::query(
        "INSERT INTO rule_runs (rule_id, ticket_id, ticket_updated_at, ran_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (rule_id, ticket_id) DO UPDATE SET ticket_updated_at = excluded.ticket_updated_at, \
         ran_at = excluded.ran_at WHERE rule_runs.ticket_updated_at < $5",
    )
    .bind(rule_id)
    .bind(ticket_id)
    .bind(new_updated_at)
    .bind(now)
    .bind(seen_updated_at)
    .execute(&mut *conn)
    .await?;
    Ok(inserted.rows_affected() > 0)
}

/// Candidates for an automation: tickets in `statuses` created before
/// `created_before`, after id `after`, in id order.
pub async fn candidates(
    conn: &mut Conn,
    statuses: &[&str],
    created_before: Millis,
    after: i64,
    limit: i64,
) -> Result<Vec<i64>> {
    let sql = format!(
        "SELECT id FROM tickets WHERE status IN ({}) AND created_at < $1 AND id > $2 ORDER BY id LIMIT $3",
        statuses
            .iter()
            .map(|s| format!("'{s}'"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let ids = sqlx::query_scalar(&sql)
        .bind(created_before)
        .bind(after)
        .bind(limit)
        .fetch_all(&mut *conn)
        .await?;
    Ok(ids)
}
