//! Calls to the support number, as the provider's webhooks drove them, and
//! the webhook signatures already answered (replays are refused).

use marketdesk_domain::Millis;

use crate::row::{int, opt_int, opt_text, text};
use crate::{Conn, Result};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallRow {
    pub id: i64,
    pub call_sid: String,
    pub from_number: String,
    pub to_number: String,
    pub team_id: Option<i64>,
    pub language: String,
    pub topic: Option<String>,
    pub order_id: Option<i64>,
    pub person_id: Option<i64>,
    pub path: String,
    pub outcome: String,
    pub leave_reason: Option<String>,
    pub started_at: Millis,
    pub queued_at: Option<Millis>,
    pub wait_seconds: Option<i64>,
    pub recording_url: Option<String>,
    pub recording_seconds: Option<i64>,
    pub transcription: Option<String>,
    pub ticket_id: Option<i64>,
    pub updated_at: Millis,
}

fn call(row: &sqlx::any::AnyRow) -> Result<CallRow> {
    Ok(CallRow {
        id: int(row, "id")?,
        call_sid: text(row, "call_sid")?,
        from_number: text(row, "from_number")?,
        to_number: text(row, "to_number")?,
        team_id: opt_int(row, "team_id")?,
        language: text(row, "language")?,
        topic: opt_text(row, "topic")?,
        order_id: opt_int(row, "order_id")?,
        person_id: opt_int(row, "person_id")?,
        path: text(row, "path")?,
        outcome: text(row, "outcome")?,
        leave_reason: opt_text(row, "leave_reason")?,
        started_at: int(row, "started_at")?,
        queued_at: opt_int(row, "queued_at")?,
        wait_seconds: opt_int(row, "wait_seconds")?,
        recording_url: opt_text(row, "recording_url")?,
        recording_seconds: opt_int(row, "recording_seconds")?,
        transcription: opt_text(row, "transcription")?,
        ticket_id: opt_int(row, "ticket_id")?,
        updated_at: int(row, "updated_at")?,
    })
}

/// Records a new call; `None` when a call with this id exists already.
pub async fn insert(conn: &mut Conn, c: &CallRow) -> Result<Option<i64>> {
    let id = sqlx::query_scalar(
        "INSERT INTO calls (call_sid, from_number, to_number, team_id, language, topic, order_id, person_id, \
         path, outcome, started_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11) \
         ON CONFLICT (call_sid) DO NOTHING RETURNING id",
    )
    .bind(&c.call_sid)
    .bind(&c.from_number)
    .bind(&c.to_number)
    .bind(c.team_id)
    .bind(&c.language)
    .bind(c.topic.as_deref())
    .bind(c.order_id)
    .bind(c.person_id)
    .bind(&c.path)
    .bind(&c.outcome)
    .bind(c.started_at)
    .fetch_optional(&mut *conn)
    .await?;
    Ok(id)
}

pub async fn find(conn: &mut Conn, call_sid: &str) -> Result<Option<CallRow>> {
    let row = sqlx::query("SELECT * FROM calls WHERE call_sid = $1")
        .bind(call_sid)
        .fetch_optional(&mut *conn)
        .await?;
    row.as_ref().map(call).transpose()
}

pub async fn get(conn: &mut Conn, id: i64) -> Result<Option<CallRow>> {
    let row = sqlx::query("SELECT * FROM calls WHERE id = $1")
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?;
    row.as_ref().map(call).transpose()
}

/// Writes back everything a step may change.
pub async fn update(conn: &mut Conn, c: &CallRow) -> Result<()> {
    sqlx::query(
        "UPDATE calls SET language = $2, topic = $3, order_id = $4, person_id = $5, path = $6, outcome = $7, \
         leave_reason = $8, queued_at = $9, wait_seconds = $10, recording_url = $11, recording_seconds = $12, \
         transcription = $13, ticket_id = $14, updated_at = $15 WHERE id = $1",
    )
    .bind(c.id)
    .bind(&c.language)
    .bind(c.topic.as_deref())
    .bind(c.order_id)
    .bind(c.person_id)
    .bind(&c.path)
    .bind(&c.outcome)
    .bind(c.leave_reason.as_deref())
    .bind(c.queued_at)
    .bind(c.wait_seconds)
    .bind(c.recording_url.as_deref())
    .bind(c.recording_seconds)
    .bind(c.transcription.as_deref())
    .bind(c.ticket_id)
    .bind(c.updated_at)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Calls, newest first: a person's, or everyone's; before `before_id`.
pub async fn list(
    conn: &mut Conn,
    person_id: Option<i64>,
    outcome: Option<&str>,
    before_id: Option<i64>,
    limit: i64,
) -> Result<Vec<CallRow>> {
    let mut sql = String::from("SELECT * FROM calls WHERE 1 = 1");
    let mut n = 0;
    for (column, present) in [
        ("person_id =", person_id.is_some()),
        ("outcome =", outcome.is_some()),
        ("id <", before_id.is_some()),
    ] {
        if present {
            n += 1;
            sql.push_str(&format!(" AND {column} ${n}"));
        }
    }
    sql.push_str(&format!(" ORDER BY id DESC LIMIT ${}", n + 1));
    let mut query = sqlx::query(&sql);
    if let Some(person_id) = person_id {
        query = query.bind(person_id);
    }
    if let Some(outcome) = outcome {
        query = query.bind(outcome);
    }
    if let Some(before_id) = before_id {
        query = query.bind(before_id);
    }
    let rows = query.bind(limit).fetch_all(&mut *conn).await?;
    rows.iter().map(call).collect()
}

/// The average wait of the calls a person took since `since`, in seconds.
pub async fn average_answered_wait(conn: &mut Conn, since: Millis) -> Result<Option<i64>> {
    let average: Option<f64> = sqlx::query_scalar(
        "SELECT CAST(AVG(wait_seconds) AS DOUBLE PRECISION) FROM calls \
         WHERE outcome = 'answered' AND wait_seconds IS NOT NULL AND started_at >= $1",
    )
    .bind(since)
    .fetch_one(&mut *conn)
    .await?;
    Ok(average.map(|a| a.round() as i64))
}

/// The customer whose latest order has this phone number.
pub async fn customer_of_order_phone(conn: &mut Conn, phone: &str) -> Result<Option<i64>> {
    Ok(sqlx::query_scalar(
        "SELECT customer_id FROM orders WHERE phone = $1 ORDER BY id DESC LIMIT 1",
    )
    .bind(phone)
    .fetch_optional(&mut *conn)
    .await?)
}

/// Notes a webhook's signature as answered: false when it was already (a
/// replay). Signatures older than `forget_before` are pruned on the way.
pub async fn first_time_signed(
    conn: &mut Conn,
    signature: &str,
    now: Millis,
    forget_before: Millis,
) -> Result<bool> {
    sqlx::query("DELETE FROM webhook_signatures WHERE seen_at < $1")
        .bind(forget_before)
        .execute(&mut *conn)
        .await?;
    let inserted = sqlx::query(
        "INSERT INTO webhook_signatures (signature, seen_at) VALUES ($1, $2) \
         ON CONFLICT (signature) DO NOTHING",
    )
    .bind(signature)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    Ok(inserted.rows_affected() == 1)
}
