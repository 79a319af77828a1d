//! Privacy requests (migration 0046): a person's data gathered for export,
//! and its erasure — personal data removed or replaced in people, tickets,
//! messages, attachments, chats, cases, reports, surveys and mail, while
//! the accounting records (orders, payments, refunds, store credit) stay.

use marketdesk_domain::Millis;
use serde_json::{Value, json};
use sqlx::any::AnyRow;

use crate::row::{int, opt_int, opt_text, text};
use crate::{Conn, Result};

/// Rows of one kind an export reads at most.
const EXPORT_ROWS: i64 = 5_000;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestRow {
    pub id: i64,
    pub person_id: i64,
    pub kind: String,
    pub status: String,
    pub requested_at: Millis,
    pub due_at: Millis,
    pub completed_at: Option<Millis>,
    pub completed_by: Option<i64>,
    pub download_until: Option<Millis>,
    pub note: Option<String>,
}

fn request(r: &AnyRow) -> Result<RequestRow> {
    Ok(RequestRow {
        id: int(r, "id")?,
        person_id: int(r, "person_id")?,
        kind: text(r, "kind")?,
        status: text(r, "status")?,
        requested_at: int(r, "requested_at")?,
        due_at: int(r, "due_at")?,
        completed_at: opt_int(r, "completed_at")?,
        completed_by: opt_int(r, "completed_by")?,
        download_until: opt_int(r, "download_until")?,
        note: opt_text(r, "note")?,
    })
}

const REQUEST_COLUMNS: &str = "id, person_id, kind, status, requested_at, due_at, completed_at, completed_by, download_until, note";

/// A new pending request; a second pending one of the same kind is a conflict.
pub async fn insert_request(
    conn: &mut Conn,
    person_id: i64,
    kind: &str,
    now: Millis,
    due_at: Millis,
) -> Result<i64> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO privacy_requests (person_id, kind, status, requested_at, due_at) \
         VALUES ($1, $2, 'pending', $3, $4) RETURNING id",
    )
    .bind(person_id)
    .bind(kind)
    .bind(now)
    .bind(due_at)
    .fetch_one(&mut *conn)
    .await
    .map_err(crate::conflict_as("a pending request of this kind"))?;
    Ok(id)
}

pub async fn get_request(conn: &mut Conn, id: i64) -> Result<Option<RequestRow>> {
    sqlx::query(&format!(
        "SELECT {REQUEST_COLUMNS} FROM privacy_requests WHERE id = $1"
    ))
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?
    .as_ref()
    .map(request)
    .transpose()
}

pub async fn requests_of(conn: &mut Conn, person_id: i64, limit: i64) -> Result<Vec<RequestRow>> {
    sqlx::query(&format!(
        "SELECT {REQUEST_COLUMNS} FROM privacy_requests WHERE person_id = $1 ORDER BY id DESC LIMIT $2"
    ))
    .bind(person_id)
    .bind(limit)
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(request)
    .collect()
}

/// Pending requests, the nearest deadline first.
pub async fn pending(conn: &mut Conn, limit: i64) -> Result<Vec<RequestRow>> {
    sqlx::query(&format!(
        "SELECT {REQUEST_COLUMNS} FROM privacy_requests WHERE status = 'pending' ORDER BY due_at, id LIMIT $1"
    ))
    .bind(limit)
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(request)
    .collect()
}

/// Completes a pending request once; false when it was completed already.
pub async fn complete(
    conn: &mut Conn,
    id: i64,
    by: Option<i64>,
    now: Millis,
    export_json: Option<&str>,
    download_until: Option<Millis>,
    note: &str,
) -> Result<bool> {
    let done = sqlx::query(
        "UPDATE privacy_requests SET status = 'done', completed_at = $2, completed_by = $3, \
         export_json = $4, download_until = $5, note = $6 WHERE id = $1 AND status = 'pending'",
    )
    .bind(id)
    .bind(now)
    .bind(by)
    .bind(export_json)
    .bind(download_until)
    .bind(note)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// An export's JSON while it may still be downloaded.
pub async fn export_json(conn: &mut Conn, id: i64, now: Millis) -> Result<Option<String>> {
    let row = sqlx::query(
        "SELECT export_json FROM privacy_requests WHERE id = $1 AND status = 'done' AND download_until > $2",
    )
    .bind(id)
    .bind(now)
    .fetch_optional(&mut *conn)
    .await?;
    Ok(match row {
        Some(r) => opt_text(&r, "export_json")?,
        None => None,
    })
}

/// Forgets exports past their download time.
pub async fn purge_exports(conn: &mut Conn, now: Millis) -> Result<u64> {
    Ok(sqlx::query(
        "UPDATE privacy_requests SET export_json = NULL WHERE export_json IS NOT NULL AND download_until <= $1",
    )
    .bind(now)
    .execute(&mut *conn)
    .await?
    .rows_affected())
}

async fn rows(conn: &mut Conn, sql: &str, person_id: i64) -> Result<Vec<AnyRow>> {
    Ok(sqlx::query(sql)
        .bind(person_id)
        .bind(EXPORT_ROWS)
        .fetch_all(&mut *conn)
        .await?)
}

/// Everything marketdesk holds about a person, as JSON.
pub async fn gather(conn: &mut Conn, person_id: i64) -> Result<Value> {
    let person = sqlx::query(
        "SELECT role, email, name, language, time_zone, phone, created_at FROM people WHERE id = $1",
    )
    .bind(person_id)
    .fetch_optional(&mut *conn)
    .await?;
    let person = match person {
        Some(p) => json!({
            "role": text(&p, "role")?, "email": text(&p, "email")?, "name": text(&p, "name")?,
            "language": text(&p, "language")?, "time_zone": text(&p, "time_zone")?,
            "phone": opt_text(&p, "phone")?, "created_at": int(&p, "created_at")?,
        }),
        None => Value::Null,
    };
    let orders = rows(
        conn,
        "SELECT number, status, currency, total_minor, shipping_address, phone, placed_at FROM orders \
         WHERE customer_id = $1 ORDER BY id LIMIT $2",
        person_id,
    )
    .await?
    .iter()
    .map(|r| {
        Ok(json!({
            "number": text(r, "number")?, "status": text(r, "status")?, "currency": text(r, "currency")?,
            "total_minor": int(r, "total_minor")?,
            "shipping_address": serde_json::from_str::<Value>(&text(r, "shipping_address")?).unwrap_or(Value::Null),
            "phone": opt_text(r, "phone")?, "placed_at": int(r, "placed_at")?,
        }))
    })
    .collect::<Result<Vec<_>>>()?;
    let tickets = rows(
        conn,
        "SELECT id, subject, status, channel, created_at FROM tickets WHERE requester_id = $1 ORDER BY id LIMIT $2",
        person_id,
    )
    .await?;
    let mut ticket_list = Vec::with_capacity(tickets.len());
    for t in &tickets {
        let id = int(t, "id")?;
        let messages = sqlx::query(
            "SELECT author_id, body_text, created_at FROM messages WHERE ticket_id = $1 AND kind = 'public' \
             ORDER BY id LIMIT $2",
        )
        .bind(id)
        .bind(EXPORT_ROWS)
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(|m| {
            Ok(json!({
                "from": if opt_int(m, "author_id")? == Some(person_id) { "you" } else { "support" },
                "text": text(m, "body_text")?, "at": int(m, "created_at")?,
            }))
        })
        .collect::<Result<Vec<_>>>()?;
        ticket_list.push(json!({
            "id": id, "subject": text(t, "subject")?, "status": text(t, "status")?,
            "channel": text(t, "channel")?, "created_at": int(t, "created_at")?, "messages": messages,
        }));
    }
    let chat_lines = rows(
        conn,
        "SELECT m.session_id, m.sender, m.body, m.created_at FROM chat_messages m \
         JOIN chat_sessions s ON s.id = m.session_id WHERE s.person_id = $1 ORDER BY m.id LIMIT $2",
        person_id,
    )
    .await?
    .iter()
    .map(|r| {
        Ok(json!({
            "chat": int(r, "session_id")?, "from": text(r, "sender")?, "text": text(r, "body")?,
            "at": int(r, "created_at")?,
        }))
    })
    .collect::<Result<Vec<_>>>()?;
    let case_messages = rows(
        conn,
        "SELECT case_id, body, created_at FROM dispute_messages WHERE author_id = $1 ORDER BY id LIMIT $2",
        person_id,
    )
    .await?
    .iter()
    .map(|r| Ok(json!({"case": int(r, "case_id")?, "text": text(r, "body")?, "at": int(r, "created_at")?})))
    .collect::<Result<Vec<_>>>()?;
    let reports = rows(
        conn,
        "SELECT r.reason, r.details, r.created_at, i.subject, i.subject_ref FROM moderation_reports r \
         JOIN moderation_items i ON i.id = r.item_id WHERE r.reporter_id = $1 ORDER BY r.id LIMIT $2",
        person_id,
    )
    .await?
    .iter()
    .map(|r| {
        Ok(json!({
            "subject": text(r, "subject")?, "reference": text(r, "subject_ref")?,
            "reason": text(r, "reason")?, "details": text(r, "details")?, "at": int(r, "created_at")?,
        }))
    })
    .collect::<Result<Vec<_>>>()?;
    let forum_posts = rows(
        conn,
        "SELECT f.thread_id, t.title, f.body_text, f.created_at FROM forum_posts f \
         JOIN forum_threads t ON t.id = f.thread_id WHERE f.author_id = $1 ORDER BY f.id LIMIT $2",
        person_id,
    )
    .await?
    .iter()
    .map(|r| {
        Ok(json!({
            "thread": int(r, "thread_id")?, "thread_title": text(r, "title")?,
            "text": text(r, "body_text")?, "at": int(r, "created_at")?,
        }))
    })
    .collect::<Result<Vec<_>>>()?;
    let ratings = rows(
        conn,
        "SELECT s.ticket_id, s.rating, s.comment, s.answered_at FROM surveys s JOIN tickets t ON t.id = s.ticket_id \
         WHERE t.requester_id = $1 AND s.rating IS NOT NULL ORDER BY s.id LIMIT $2",
        person_id,
    )
    .await?
    .iter()
    .map(|r| {
        Ok(json!({
            "ticket": int(r, "ticket_id")?, "rating": opt_int(r, "rating")?,
            "comment": opt_text(r, "comment")?, "at": opt_int(r, "answered_at")?,
        }))
    })
    .collect::<Result<Vec<_>>>()?;
    Ok(json!({
        "person": person, "orders": orders, "tickets": ticket_list, "chat_lines": chat_lines,
        "case_messages": case_messages, "reports": reports, "satisfaction_ratings": ratings,
        "forum_posts": forum_posts,
    }))
}

/// What an erasure changed, by kind of record.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Erased {
    pub messages: u64,
    pub attachments: u64,
    pub tickets: u64,
    pub chat_lines: u64,
    pub case_messages: u64,
    pub forum_posts: u64,
}

/// Erases a person's personal data. Their orders, payments, refunds and
/// store credit stay (accounting records), pointing at the erased person.
pub async fn erase(conn: &mut Conn, person_id: i64, words: &str, now: Millis) -> Result<Erased> {
    let email: Option<String> = sqlx::query_scalar("SELECT email FROM people WHERE id = $1")
        .bind(person_id)
        .fetch_optional(&mut *conn)
        .await?;
    let Some(email) = email else {
        return Ok(Erased::default());
    };
    let mut erased = Erased::default();
    let run = |sql: &'static str| sqlx::query(sql);
    // Which tickets change, so the search index reads them again.
    erased.tickets = run(
        "UPDATE tickets SET updated_at = $2 WHERE requester_id = $1 \
         OR id IN (SELECT ticket_id FROM messages WHERE author_id = $1)",
    )
    .bind(person_id)
    .bind(now)
    .execute(&mut *conn)
    .await?
    .rows_affected();
    run("UPDATE tickets SET subject = $2 WHERE requester_id = $1")
        .bind(person_id)
        .bind(words)
        .execute(&mut *conn)
        .await?;
    erased.attachments = run(
        "DELETE FROM attachments WHERE message_id IN (SELECT id FROM messages WHERE author_id = $1)",
    )
    .bind(person_id)
    .execute(&mut *conn)
    .await?
    .rows_affected();
    erased.messages =
        run("UPDATE messages SET body_text = $2, body_html = $2 WHERE author_id = $1")
            .bind(person_id)
            .bind(words)
            .execute(&mut *conn)
            .await?
            .rows_affected();
    erased.chat_lines = run(
        "UPDATE chat_messages SET body = $2 WHERE sender = 'customer' \
         AND session_id IN (SELECT id FROM chat_sessions WHERE person_id = $1)",
    )
    .bind(person_id)
    .bind(words)
    .execute(&mut *conn)
    .await?
    .rows_affected();
    run("UPDATE chat_sessions SET state = '{}' WHERE person_id = $1")
        .bind(person_id)
        .execute(&mut *conn)
        .await?;
    run("DELETE FROM dispute_evidence WHERE message_id IN (SELECT id FROM dispute_messages WHERE author_id = $1)")
        .bind(person_id)
        .execute(&mut *conn)
        .await?;
    erased.case_messages = run("UPDATE dispute_messages SET body = $2 WHERE author_id = $1")
        .bind(person_id)
        .bind(words)
        .execute(&mut *conn)
        .await?
        .rows_affected();
    // Their forum posts: the words go, the threads stay (others replied);
    // the search index reads the threads again.
    erased.forum_posts =
        run("UPDATE forum_posts SET body_text = $2, body_html = NULL WHERE author_id = $1")
            .bind(person_id)
            .bind(words)
            .execute(&mut *conn)
            .await?
            .rows_affected();
    run("UPDATE forum_threads SET updated_at = $2 WHERE id IN (SELECT thread_id FROM forum_posts WHERE author_id = $1)")
        .bind(person_id)
        .bind(now)
        .execute(&mut *conn)
        .await?;
    run("UPDATE identity_documents SET bytes = NULL, deleted_at = $2 WHERE person_id = $1 AND bytes IS NOT NULL")
        .bind(person_id)
        .bind(now)
        .execute(&mut *conn)
        .await?;
    run("UPDATE account_actions SET new_email = NULL WHERE person_id = $1")
        .bind(person_id)
        .execute(&mut *conn)
        .await?;
    run(
        "UPDATE surveys SET comment = NULL WHERE comment IS NOT NULL \
         AND ticket_id IN (SELECT id FROM tickets WHERE requester_id = $1)",
    )
    .bind(person_id)
    .execute(&mut *conn)
    .await?;
    let erased_email = format!("erased-{person_id}@erased.invalid");
    sqlx::query(
        "UPDATE moderation_reports SET reporter_email = $2, details = $3 WHERE reporter_id = $1 OR reporter_email = $4",
    )
    .bind(person_id)
    .bind(&erased_email)
    .bind(words)
    .bind(&email)
    .execute(&mut *conn)
    .await?;
    sqlx::query("UPDATE mail_outbox SET body_text = $2, subject = $2 WHERE to_address = $1")
        .bind(&email)
        .bind(words)
        .execute(&mut *conn)
        .await?;
    run("DELETE FROM sessions WHERE person_id = $1")
        .bind(person_id)
        .execute(&mut *conn)
        .await?;
    run("DELETE FROM magic_links WHERE person_id = $1")
        .bind(person_id)
        .execute(&mut *conn)
        .await?;
    sqlx::query(
        "UPDATE people SET name = $2, email = $3, phone = NULL, external_id = NULL, password_hash = NULL, \
         disabled = 1, updated_at = $4 WHERE id = $1",
    )
    .bind(person_id)
    .bind(words)
    .bind(&erased_email)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    Ok(erased)
}
