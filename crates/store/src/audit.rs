//! The audit trail: who changed what, when, from which value to which.

use marketdesk_domain::Millis;

use crate::many_rows::{AnyQuery, Insert};
use crate::row::{int, opt_int, opt_text, text};
use crate::{Conn, Result};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEntry {
    pub id: i64,
    /// `ticket`, `person`, `team`, `token`, `order`, …
    pub subject_type: String,
    pub subject_id: i64,
    /// The ticket this change belongs to, for the ticket's history.
    pub ticket_id: Option<i64>,
    /// `None` for changes the system made (auto-close).
    pub actor_id: Option<i64>,
    pub action: String,
    pub field: Option<String>,
    pub old_value: Option<String>,
    pub new_value: Option<String>,
    pub created_at: Millis,
}

pub async fn record(conn: &mut Conn, e: &AuditEntry) -> Result<()> {
    record_many(conn, std::slice::from_ref(e)).await
}

/// Records several entries with one statement per hundred.
pub async fn record_many(conn: &mut Conn, entries: &[AuditEntry]) -> Result<()> {
    crate::many_rows::insert_rows(conn, &inserting(entries)).await
}

/// The insert of `entries`, to run alone or with other tables' rows.
pub(crate) fn inserting(entries: &[AuditEntry]) -> Insert<'_, AuditEntry> {
    Insert {
        into: "audit_log (subject_type, subject_id, ticket_id, actor_id, action, field, old_value, new_value, created_at)",
        width: 9,
        tail: "",
        rows: entries,
        bind: bind_entry,
    }
}

fn bind_entry<'q>(query: AnyQuery<'q>, e: &'q AuditEntry) -> AnyQuery<'q> {
    query
        .bind(&e.subject_type)
        .bind(e.subject_id)
        .bind(e.ticket_id)
        .bind(e.actor_id)
        .bind(&e.action)
        .bind(e.field.as_deref())
        .bind(e.old_value.as_deref())
        .bind(e.new_value.as_deref())
        .bind(e.created_at)
}

/// Whether `actor` recorded `action` on a subject with a new value like
/// `value_like` (an SQL LIKE pattern).
pub async fn actor_recorded(
    conn: &mut Conn,
    subject: (&str, i64),
    actor: i64,
    action: &str,
    value_like: &str,
) -> Result<bool> {
    let found: Option<i64> = sqlx::query_scalar(
        "SELECT id FROM audit_log WHERE subject_type = $1 AND subject_id = $2 AND actor_id = $3 \
         AND action = $4 AND new_value LIKE $5 LIMIT 1",
    )
    .bind(subject.0)
    .bind(subject.1)
    .bind(actor)
    .bind(action)
    .bind(value_like)
    .fetch_optional(&mut *conn)
    .await?;
    Ok(found.is_some())
}

/// The history of one ticket, oldest first.
pub async fn for_ticket(conn: &mut Conn, ticket_id: i64) -> Result<Vec<AuditEntry>> {
    let rows = sqlx::query("SELECT * FROM audit_log WHERE ticket_id = $1 ORDER BY id")
        .bind(ticket_id)
        .fetch_all(&mut *conn)
        .await?;
    rows.iter().map(entry).collect()
}

/// The whole log, newest first, before the id `before` when given.
pub async fn list(conn: &mut Conn, before: Option<i64>, limit: i64) -> Result<Vec<AuditEntry>> {
    let rows = sqlx::query("SELECT * FROM audit_log WHERE id < $1 ORDER BY id DESC LIMIT $2")
        .bind(before.unwrap_or(i64::MAX))
        .bind(limit)
        .fetch_all(&mut *conn)
        .await?;
    rows.iter().map(entry).collect()
}

fn entry(row: &sqlx::any::AnyRow) -> Result<AuditEntry> {
    Ok(AuditEntry {
        id: int(row, "id")?,
        subject_type: text(row, "subject_type")?,
        subject_id: int(row, "subject_id")?,
        ticket_id: opt_int(row, "ticket_id")?,
        actor_id: opt_int(row, "actor_id")?,
        action: text(row, "action")?,
        field: opt_text(row, "field")?,
        old_value: opt_text(row, "old_value")?,
        new_value: opt_text(row, "new_value")?,
        created_at: int(row, "created_at")?,
    })
}
