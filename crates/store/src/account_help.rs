//! Help with customers' marketplace accounts (migration 0049): actions
//! asked of the platform (one of a kind waiting per person, answered once)
//! and identity documents kept only until they are reviewed.

use marketdesk_domain::Millis;
use sqlx::Row;
use sqlx::any::AnyRow;

use crate::row::{int, opt_int, opt_text, text};
use crate::{Conn, Result};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActionRow {
    pub id: i64,
    pub person_id: i64,
    pub check_id: Option<i64>,
    pub action: String,
    pub new_email: Option<String>,
    pub note: String,
    pub status: String,
    pub requested_by: Option<i64>,
    pub requested_at: Millis,
    pub result_note: Option<String>,
    pub result_at: Option<Millis>,
}

fn action(r: &AnyRow) -> Result<ActionRow> {
    Ok(ActionRow {
        id: int(r, "id")?,
        person_id: int(r, "person_id")?,
        check_id: opt_int(r, "check_id")?,
        action: text(r, "action")?,
        new_email: opt_text(r, "new_email")?,
        note: text(r, "note")?,
        status: text(r, "status")?,
        requested_by: opt_int(r, "requested_by")?,
        requested_at: int(r, "requested_at")?,
        result_note: opt_text(r, "result_note")?,
        result_at: opt_int(r, "result_at")?,
    })
}

pub struct NewAction<'a> {
    pub person_id: i64,
    pub check_id: Option<i64>,
    pub action: &'a str,
    pub new_email: Option<&'a str>,
    pub note: &'a str,
    pub requested_by: i64,
    pub now: Millis,
}

/// Records an action asked of the platform; a conflict when the same
/// action waits for this person already.
pub async fn insert_action(conn: &mut Conn, a: &NewAction<'_>) -> Result<i64> {
    sqlx::query_scalar(
        "INSERT INTO account_actions (person_id, check_id, action, new_email, note, status, requested_by, requested_at) \
         VALUES ($1, $2, $3, $4, $5, 'requested', $6, $7) RETURNING id",
    )
    .bind(a.person_id)
    .bind(a.check_id)
    .bind(a.action)
    .bind(a.new_email)
    .bind(a.note)
    .bind(a.requested_by)
    .bind(a.now)
    .fetch_one(&mut *conn)
    .await
    .map_err(crate::conflict_as("the same action waiting for the platform"))
}

pub async fn get_action(conn: &mut Conn, id: i64) -> Result<Option<ActionRow>> {
    sqlx::query("SELECT * FROM account_actions WHERE id = $1")
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?
        .as_ref()
        .map(action)
        .transpose()
}

/// A person's actions, the newest first.
pub async fn actions_of(conn: &mut Conn, person_id: i64, limit: i64) -> Result<Vec<ActionRow>> {
    sqlx::query("SELECT * FROM account_actions WHERE person_id = $1 ORDER BY id DESC LIMIT $2")
        .bind(person_id)
        .bind(limit)
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(action)
        .collect()
}

/// Everyone's latest actions, the newest first.
pub async fn recent_actions(conn: &mut Conn, limit: i64) -> Result<Vec<ActionRow>> {
    sqlx::query("SELECT * FROM account_actions ORDER BY id DESC LIMIT $1")
        .bind(limit)
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(action)
        .collect()
}

/// Actions asked for a person since a time (a bound per day).
pub async fn actions_since(conn: &mut Conn, person_id: i64, since: Millis) -> Result<i64> {
    Ok(sqlx::query_scalar(
        "SELECT COUNT(*) FROM account_actions WHERE person_id = $1 AND requested_at >= $2",
    )
    .bind(person_id)
    .bind(since)
    .fetch_one(&mut *conn)
    .await?)
}

/// The platform's answer, taken once.
pub async fn finish_action(
    conn: &mut Conn,
    id: i64,
    status: &str,
    note: &str,
    now: Millis,
) -> Result<bool> {
    Ok(sqlx::query(
        "UPDATE account_actions SET status = $2, result_note = $3, result_at = $4 \
         WHERE id = $1 AND status = 'requested'",
    )
    .bind(id)
    .bind(status)
    .bind(note)
    .bind(now)
    .execute(&mut *conn)
    .await?
    .rows_affected()
        == 1)
}

/// The person's latest identity check that is not failed: (id, status,
/// steps, started_at).
pub async fn latest_check(
    conn: &mut Conn,
    person_id: i64,
) -> Result<Option<crate::account_signals::CheckRow>> {
    let id: Option<i64> = sqlx::query_scalar(
        "SELECT id FROM identity_checks WHERE person_id = $1 AND status <> 'failed' ORDER BY id DESC LIMIT 1",
    )
    .bind(person_id)
    .fetch_optional(&mut *conn)
    .await?;
    match id {
        Some(id) => crate::account_signals::get_check(conn, id).await,
        None => Ok(None),
    }
}

/// Checks passed since a time, the newest first (their accounts may be
/// helped for a while after).
pub async fn passed_checks(
    conn: &mut Conn,
    since: Millis,
    limit: i64,
) -> Result<Vec<crate::account_signals::CheckRow>> {
    let ids: Vec<i64> = sqlx::query_scalar(
        "SELECT id FROM identity_checks WHERE status = 'passed' AND decided_at >= $1 ORDER BY decided_at DESC LIMIT $2",
    )
    .bind(since)
    .bind(limit)
    .fetch_all(&mut *conn)
    .await?;
    let mut rows = Vec::with_capacity(ids.len());
    for id in ids {
        if let Some(row) = crate::account_signals::get_check(conn, id).await? {
            rows.push(row);
        }
    }
    Ok(rows)
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentRow {
    pub id: i64,
    pub check_id: i64,
    pub person_id: i64,
    pub link_expires_at: Millis,
    pub content_type: Option<String>,
    pub size: Option<i64>,
    pub requested_at: Millis,
    pub uploaded_at: Option<Millis>,
    pub reviewed_at: Option<Millis>,
    pub deleted_at: Option<Millis>,
}

fn document(r: &AnyRow) -> Result<DocumentRow> {
    Ok(DocumentRow {
        id: int(r, "id")?,
        check_id: int(r, "check_id")?,
        person_id: int(r, "person_id")?,
        link_expires_at: int(r, "link_expires_at")?,
        content_type: opt_text(r, "content_type")?,
        size: opt_int(r, "size")?,
        requested_at: int(r, "requested_at")?,
        uploaded_at: opt_int(r, "uploaded_at")?,
        reviewed_at: opt_int(r, "reviewed_at")?,
        deleted_at: opt_int(r, "deleted_at")?,
    })
}

const DOCUMENT_COLUMNS: &str = "id, check_id, person_id, link_expires_at, content_type, size, \
     requested_at, uploaded_at, reviewed_at, deleted_at";

pub async fn request_document(
    conn: &mut Conn,
    check_id: i64,
    person_id: i64,
    token_hash: &str,
    now: Millis,
    expires_at: Millis,
) -> Result<i64> {
    Ok(sqlx::query_scalar(
        "INSERT INTO identity_documents (check_id, person_id, token_hash, link_expires_at, requested_at) \
         VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(check_id)
    .bind(person_id)
    .bind(token_hash)
    .bind(expires_at)
    .bind(now)
    .fetch_one(&mut *conn)
    .await?)
}

/// The document a link asks for.
pub async fn document_by_token(conn: &mut Conn, token_hash: &str) -> Result<Option<DocumentRow>> {
    sqlx::query(&format!(
        "SELECT {DOCUMENT_COLUMNS} FROM identity_documents WHERE token_hash = $1"
    ))
    .bind(token_hash)
    .fetch_optional(&mut *conn)
    .await?
    .as_ref()
    .map(document)
    .transpose()
}

/// A check's latest document request.
pub async fn document_of_check(conn: &mut Conn, check_id: i64) -> Result<Option<DocumentRow>> {
    sqlx::query(&format!(
        "SELECT {DOCUMENT_COLUMNS} FROM identity_documents WHERE check_id = $1 ORDER BY id DESC LIMIT 1"
    ))
    .bind(check_id)
    .fetch_optional(&mut *conn)
    .await?
    .as_ref()
    .map(document)
    .transpose()
}

/// Keeps the uploaded file, once per link and only while it works.
pub async fn store_document(
    conn: &mut Conn,
    id: i64,
    content_type: &str,
    bytes: &[u8],
    now: Millis,
) -> Result<bool> {
    Ok(sqlx::query(
        "UPDATE identity_documents SET content_type = $2, bytes = $3, size = $4, uploaded_at = $5 \
         WHERE id = $1 AND uploaded_at IS NULL AND link_expires_at > $5",
    )
    .bind(id)
    .bind(content_type)
    .bind(bytes.to_vec())
    .bind(i64::try_from(bytes.len()).unwrap_or(i64::MAX))
    .bind(now)
    .execute(&mut *conn)
    .await?
    .rows_affected()
        == 1)
}

/// The file, while it is kept.
pub async fn document_bytes(conn: &mut Conn, id: i64) -> Result<Option<(String, Vec<u8>)>> {
    let row = sqlx::query(
        "SELECT content_type, bytes FROM identity_documents WHERE id = $1 AND bytes IS NOT NULL",
    )
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?;
    match row {
        Some(r) => Ok(Some((
            text(&r, "content_type")?,
            r.try_get::<Vec<u8>, _>("bytes")?,
        ))),
        None => Ok(None),
    }
}

/// Deletes the file after its review; false when there was none to review.
pub async fn review_document(conn: &mut Conn, id: i64, now: Millis) -> Result<bool> {
    Ok(sqlx::query(
        "UPDATE identity_documents SET bytes = NULL, reviewed_at = $2, deleted_at = $2 \
         WHERE id = $1 AND bytes IS NOT NULL",
    )
    .bind(id)
    .bind(now)
    .execute(&mut *conn)
    .await?
    .rows_affected()
        == 1)
}

/// Deletes files nobody reviewed in time; returns how many.
pub async fn delete_unreviewed(
    conn: &mut Conn,
    uploaded_before: Millis,
    now: Millis,
) -> Result<u64> {
    Ok(sqlx::query(
        "UPDATE identity_documents SET bytes = NULL, deleted_at = $2 \
         WHERE bytes IS NOT NULL AND uploaded_at < $1",
    )
    .bind(uploaded_before)
    .bind(now)
    .execute(&mut *conn)
    .await?
    .rows_affected())
}
