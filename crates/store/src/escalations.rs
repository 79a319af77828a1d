//! Escalations of tickets, their current tier, and the service-level
//! history (each clock's warning and breach, once).

use marketdesk_domain::Millis;

use crate::row::{int, opt_int, text};
use crate::{Conn, Result};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EscalationRow {
    pub id: i64,
    pub ticket_id: i64,
    pub tier: i64,
    pub reason: String,
    pub note: String,
    pub actor_id: Option<i64>,
    pub created_at: Millis,
}

pub async fn insert(conn: &mut Conn, row: &EscalationRow) -> Result<i64> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO ticket_escalations (ticket_id, tier, reason, note, actor_id, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(row.ticket_id)
    .bind(row.tier)
    .bind(row.reason.as_str())
    .bind(row.note.as_str())
    .bind(row.actor_id)
    .bind(row.created_at)
    .fetch_one(&mut *conn)
    .await?;
    sqlx::query(
        "INSERT INTO ticket_tiers (ticket_id, tier, updated_at) VALUES ($1, $2, $3) \
         ON CONFLICT (ticket_id) DO UPDATE SET tier = excluded.tier, updated_at = excluded.updated_at",
    )
    .bind(row.ticket_id)
    .bind(row.tier)
    .bind(row.created_at)
    .execute(&mut *conn)
    .await?;
    Ok(id)
}

pub async fn of_ticket(conn: &mut Conn, ticket_id: i64) -> Result<Vec<EscalationRow>> {
    let rows = sqlx::query(
        "SELECT id, ticket_id, tier, reason, note, actor_id, created_at FROM ticket_escalations \
         WHERE ticket_id = $1 ORDER BY id",
    )
    .bind(ticket_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|row| {
            Ok(EscalationRow {
                id: int(row, "id")?,
                ticket_id: int(row, "ticket_id")?,
                tier: int(row, "tier")?,
                reason: text(row, "reason")?,
                note: text(row, "note")?,
                actor_id: opt_int(row, "actor_id")?,
                created_at: int(row, "created_at")?,
            })
        })
        .collect()
}

/// The tier a ticket is at (1, the first line, when never escalated).
pub async fn tier_of(conn: &mut Conn, ticket_id: i64) -> Result<i64> {
    let tier: Option<i64> =
        sqlx::query_scalar("SELECT tier FROM ticket_tiers WHERE ticket_id = $1")
            .bind(ticket_id)
            .fetch_optional(&mut *conn)
            .await?;
    Ok(tier.unwrap_or(1))
}

/// Records a clock's event once; answers whether it was new.
pub async fn record_sla_event(
    conn: &mut Conn,
    ticket_id: i64,
    clock: &str,
    event: &str,
    at: Millis,
) -> Result<bool> {
    let done = sqlx::query(
        "INSERT INTO sla_events (ticket_id, clock, event, at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (ticket_id, clock, event) DO NOTHING",
    )
    .bind(ticket_id)
    .bind(clock)
    .bind(event)
    .bind(at)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() > 0)
}

/// A ticket's service-level history: (clock, event, at), oldest first.
pub async fn sla_events(conn: &mut Conn, ticket_id: i64) -> Result<Vec<(String, String, Millis)>> {
    let rows = sqlx::query(
        "SELECT clock, event, at FROM sla_events WHERE ticket_id = $1 ORDER BY at, clock",
    )
    .bind(ticket_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|row| Ok((text(row, "clock")?, text(row, "event")?, int(row, "at")?)))
        .collect()
}

/// Earlier tickets of a requester about the same intent since `since`,
/// among their last 20 (the requester index read backwards: bounded
/// whatever a requester's history); none when one of them was escalated
/// already (the second line has the repeat).
pub async fn earlier_same_intent(
    conn: &mut Conn,
    requester_id: i64,
    intent: &str,
    since: Millis,
    before_id: i64,
) -> Result<i64> {
    // One read: the last 20 with their tier.
    let rows = sqlx::query(
        "SELECT t.intent, t.created_at, COALESCE(tt.tier, 1) AS tier FROM tickets t \
         LEFT JOIN ticket_tiers tt ON tt.ticket_id = t.id \
         WHERE t.requester_id = $1 AND t.id < $2 ORDER BY t.id DESC LIMIT 20",
    )
    .bind(requester_id)
    .bind(before_id)
    .fetch_all(&mut *conn)
    .await?;
    let mut same = 0;
    for row in &rows {
        if crate::row::opt_text(row, "intent")?.as_deref() == Some(intent)
            && int(row, "created_at")? >= since
        {
            // Already with the second line about it: the repeat is theirs, once.
            if int(row, "tier")? > 1 {
                return Ok(0);
            }
            same += 1;
        }
    }
    Ok(same)
}

pub async fn set_escalation_team(conn: &mut Conn, team_id: i64, to: Option<i64>) -> Result<()> {
    sqlx::query("UPDATE teams SET escalation_team_id = $2 WHERE id = $1")
        .bind(team_id)
        .bind(to)
        .execute(&mut *conn)
        .await?;
    Ok(())
}
