//! Suspicious activity and identity checks (migration 0047). A "was this
//! you?" link is answered once; a person has one open identity check; a
//! check is decided once.

use marketdesk_domain::Millis;
use sqlx::any::AnyRow;

use crate::row::{int, opt_int, opt_text, text};
use crate::{Conn, Result};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignalRow {
    pub id: i64,
    pub person_id: i64,
    pub kind: String,
    pub detail: String,
    pub occurred_at: Millis,
    pub answer: Option<String>,
    pub answered_at: Option<Millis>,
    pub ticket_id: Option<i64>,
    pub created_at: Millis,
    pub expires_at: Millis,
}

fn signal(r: &AnyRow) -> Result<SignalRow> {
    Ok(SignalRow {
        id: int(r, "id")?,
        person_id: int(r, "person_id")?,
        kind: text(r, "kind")?,
        detail: text(r, "detail")?,
        occurred_at: int(r, "occurred_at")?,
        answer: opt_text(r, "answer")?,
        answered_at: opt_int(r, "answered_at")?,
        ticket_id: opt_int(r, "ticket_id")?,
        created_at: int(r, "created_at")?,
        expires_at: int(r, "expires_at")?,
    })
}

const SIGNAL_COLUMNS: &str = "id, person_id, kind, detail, occurred_at, answer, answered_at, ticket_id, created_at, expires_at";

#[allow(clippy::too_many_arguments)]
pub async fn insert_signal(
    conn: &mut Conn,
    person_id: i64,
    kind: &str,
    detail: &str,
    occurred_at: Millis,
    token_hash: &str,
    now: Millis,
    expires_at: Millis,
) -> Result<i64> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO account_signals (person_id, kind, detail, occurred_at, token_hash, created_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(person_id)
    .bind(kind)
    .bind(detail)
    .bind(occurred_at)
    .bind(token_hash)
    .bind(now)
    .bind(expires_at)
    .fetch_one(&mut *conn)
    .await?;
    Ok(id)
}

/// Signals of a person since `since`.
pub async fn signals_since(conn: &mut Conn, person_id: i64, since: Millis) -> Result<i64> {
    Ok(sqlx::query_scalar(
        "SELECT COUNT(*) FROM account_signals WHERE person_id = $1 AND created_at >= $2",
    )
    .bind(person_id)
    .bind(since)
    .fetch_one(&mut *conn)
    .await?)
}

pub async fn signal_by_token(conn: &mut Conn, token_hash: &str) -> Result<Option<SignalRow>> {
    sqlx::query(&format!(
        "SELECT {SIGNAL_COLUMNS} FROM account_signals WHERE token_hash = $1"
    ))
    .bind(token_hash)
    .fetch_optional(&mut *conn)
    .await?
    .as_ref()
    .map(signal)
    .transpose()
}

pub async fn signal_by_id(conn: &mut Conn, id: i64) -> Result<Option<SignalRow>> {
    sqlx::query(&format!(
        "SELECT {SIGNAL_COLUMNS} FROM account_signals WHERE id = $1"
    ))
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?
    .as_ref()
    .map(signal)
    .transpose()
}

/// A person's newest signal still waiting for an answer.
pub async fn waiting_signal(
    conn: &mut Conn,
    person_id: i64,
    now: Millis,
) -> Result<Option<SignalRow>> {
    sqlx::query(&format!(
        "SELECT {SIGNAL_COLUMNS} FROM account_signals WHERE person_id = $1 AND answer IS NULL \
         AND expires_at > $2 ORDER BY id DESC LIMIT 1"
    ))
    .bind(person_id)
    .bind(now)
    .fetch_optional(&mut *conn)
    .await?
    .as_ref()
    .map(signal)
    .transpose()
}

/// A person's latest signals.
pub async fn signals_of(conn: &mut Conn, person_id: i64, limit: i64) -> Result<Vec<SignalRow>> {
    sqlx::query(&format!(
        "SELECT {SIGNAL_COLUMNS} FROM account_signals WHERE person_id = $1 ORDER BY id DESC LIMIT $2"
    ))
    .bind(person_id)
    .bind(limit)
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(signal)
    .collect()
}

/// Records the answer once, while the link lives.
pub async fn answer_signal(conn: &mut Conn, id: i64, answer: &str, now: Millis) -> Result<bool> {
    let done = sqlx::query(
        "UPDATE account_signals SET answer = $2, answered_at = $3 WHERE id = $1 AND answer IS NULL AND expires_at > $3",
    )
    .bind(id)
    .bind(answer)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn set_signal_ticket(conn: &mut Conn, id: i64, ticket_id: i64) -> Result<()> {
    sqlx::query("UPDATE account_signals SET ticket_id = $2 WHERE id = $1")
        .bind(id)
        .bind(ticket_id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckRow {
    pub id: i64,
    pub person_id: i64,
    pub ticket_id: Option<i64>,
    pub reason: String,
    pub status: String,
    /// JSON list of the steps taken.
    pub steps: String,
    pub started_at: Millis,
    pub decided_by: Option<i64>,
    pub decided_at: Option<Millis>,
}

fn check(r: &AnyRow) -> Result<CheckRow> {
    Ok(CheckRow {
        id: int(r, "id")?,
        person_id: int(r, "person_id")?,
        ticket_id: opt_int(r, "ticket_id")?,
        reason: text(r, "reason")?,
        status: text(r, "status")?,
        steps: text(r, "steps")?,
        started_at: int(r, "started_at")?,
        decided_by: opt_int(r, "decided_by")?,
        decided_at: opt_int(r, "decided_at")?,
    })
}

/// Opens an identity check, or answers the one already open.
pub async fn open_check(
    conn: &mut Conn,
    person_id: i64,
    ticket_id: Option<i64>,
    reason: &str,
    now: Millis,
) -> Result<i64> {
    if let Some(open) = sqlx::query_scalar::<_, i64>(
        "SELECT id FROM identity_checks WHERE person_id = $1 AND status = 'open'",
    )
    .bind(person_id)
    .fetch_optional(&mut *conn)
    .await?
    {
        return Ok(open);
    }
    Ok(sqlx::query_scalar(
        "INSERT INTO identity_checks (person_id, ticket_id, reason, status, started_at) \
         VALUES ($1, $2, $3, 'open', $4) RETURNING id",
    )
    .bind(person_id)
    .bind(ticket_id)
    .bind(reason)
    .bind(now)
    .fetch_one(&mut *conn)
    .await?)
}

pub async fn get_check(conn: &mut Conn, id: i64) -> Result<Option<CheckRow>> {
    sqlx::query("SELECT * FROM identity_checks WHERE id = $1")
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?
        .as_ref()
        .map(check)
        .transpose()
}

/// Open checks, the oldest first.
pub async fn open_checks(conn: &mut Conn, limit: i64) -> Result<Vec<CheckRow>> {
    sqlx::query(
        "SELECT * FROM identity_checks WHERE status = 'open' ORDER BY started_at, id LIMIT $1",
    )
    .bind(limit)
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(check)
    .collect()
}

/// Writes the steps of an open check over the ones read.
pub async fn set_steps(conn: &mut Conn, id: i64, steps: &str, read: &str) -> Result<bool> {
    let done = sqlx::query(
        "UPDATE identity_checks SET steps = $2 WHERE id = $1 AND status = 'open' AND steps = $3",
    )
    .bind(id)
    .bind(steps)
    .bind(read)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Decides an open check once.
pub async fn decide_check(
    conn: &mut Conn,
    id: i64,
    status: &str,
    by: i64,
    now: Millis,
) -> Result<bool> {
    let done = sqlx::query(
        "UPDATE identity_checks SET status = $2, decided_by = $3, decided_at = $4 WHERE id = $1 AND status = 'open'",
    )
    .bind(id)
    .bind(status)
    .bind(by)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}
