//! IMAP mailboxes the desk fetches from, and the progress through each:
//! held by one node at a time, the last UID taken recorded in the same
//! transaction as the message it took.

use marketdesk_domain::Millis;

use crate::row::{int, opt_int, opt_text, text};
use crate::{Conn, Result};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MailboxRow {
    pub id: i64,
    pub address: String,
    /// With its credentials: never shown.
    pub imap_url: String,
    /// `flag` or `move`.
    pub after_fetch: String,
    pub processed_folder: Option<String>,
    /// OAuth settings as JSON (token URL, client, refresh token), when the
    /// mailbox signs in with XOAUTH2.
    pub oauth: Option<String>,
    pub uid_validity: Option<i64>,
    pub last_uid: i64,
    /// `new`, `ok` or `error`.
    pub status: String,
    pub last_error: Option<String>,
    pub warning: Option<String>,
    pub failures: i64,
    pub next_attempt_at: Millis,
    pub last_checked_at: Option<Millis>,
    pub messages_taken: i64,
    pub created_at: Millis,
}

pub struct NewMailboxRow<'a> {
    pub address: &'a str,
    pub imap_url: &'a str,
    pub after_fetch: &'a str,
    pub processed_folder: Option<&'a str>,
    pub oauth: Option<&'a str>,
}

/// Adds a mailbox; `None` when one with that address exists.
pub async fn insert(
    conn: &mut Conn,
    mailbox: &NewMailboxRow<'_>,
    now: Millis,
) -> Result<Option<i64>> {
    let id: Option<i64> = sqlx::query_scalar(
        "INSERT INTO mailboxes (address, imap_url, after_fetch, processed_folder, oauth, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (address) DO NOTHING RETURNING id",
    )
    .bind(mailbox.address)
    .bind(mailbox.imap_url)
    .bind(mailbox.after_fetch)
    .bind(mailbox.processed_folder)
    .bind(mailbox.oauth)
    .bind(now)
    .fetch_optional(&mut *conn)
    .await?;
    Ok(id)
}

pub async fn list(conn: &mut Conn) -> Result<Vec<MailboxRow>> {
    let rows = sqlx::query("SELECT * FROM mailboxes ORDER BY address LIMIT 500")
        .fetch_all(&mut *conn)
        .await?;
    rows.iter().map(mailbox).collect()
}

pub async fn get(conn: &mut Conn, id: i64) -> Result<Option<MailboxRow>> {
    let row = sqlx::query("SELECT * FROM mailboxes WHERE id = $1")
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?;
    row.as_ref().map(mailbox).transpose()
}

pub async fn delete(conn: &mut Conn, id: i64) -> Result<bool> {
    let done = sqlx::query("DELETE FROM mailboxes WHERE id = $1")
        .bind(id)
        .execute(&mut *conn)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// The mailboxes' addresses, which the SMTP receiver takes mail for too.
pub async fn addresses(conn: &mut Conn) -> Result<Vec<String>> {
    Ok(
        sqlx::query_scalar("SELECT address FROM mailboxes ORDER BY address LIMIT 500")
            .fetch_all(&mut *conn)
            .await?,
    )
}

/// Takes up to `limit` mailboxes no node holds and that are due, for
/// `node` until `until`.
pub async fn lease(
    conn: &mut Conn,
    node: &str,
    now: Millis,
    until: Millis,
    limit: i64,
) -> Result<Vec<MailboxRow>> {
    let rows = sqlx::query(
        "UPDATE mailboxes SET locked_until = $1, locked_by = $2 WHERE locked_until <= $3 AND id IN \
         (SELECT id FROM mailboxes WHERE locked_until <= $3 AND next_attempt_at <= $3 ORDER BY id LIMIT $4) \
         RETURNING *",
    )
    .bind(until)
    .bind(node)
    .bind(now)
    .bind(limit)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter().map(mailbox).collect()
}

/// Keeps holding a mailbox; false when it is gone or another node has it.
pub async fn renew(conn: &mut Conn, id: i64, node: &str, until: Millis) -> Result<bool> {
    let done =
        sqlx::query("UPDATE mailboxes SET locked_until = $1 WHERE id = $2 AND locked_by = $3")
            .bind(until)
            .bind(id)
            .bind(node)
            .execute(&mut *conn)
            .await?;
    Ok(done.rows_affected() == 1)
}

/// A pass went well: the server answered and every new message is stored.
pub async fn mark_checked(
    conn: &mut Conn,
    id: i64,
    warning: Option<&str>,
    now: Millis,
) -> Result<()> {
    sqlx::query(
        "UPDATE mailboxes SET status = 'ok', last_error = NULL, warning = $1, failures = 0, last_checked_at = $2 WHERE id = $3",
    )
    .bind(warning)
    .bind(now)
    .bind(id)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// The server failed: shown on the mailbox, tried again at `retry_at`, and
/// released for whichever node is free then.
pub async fn mark_failed(
    conn: &mut Conn,
    id: i64,
    error: &str,
    retry_at: Millis,
    now: Millis,
) -> Result<()> {
    sqlx::query(
        "UPDATE mailboxes SET status = 'error', last_error = $1, failures = failures + 1, next_attempt_at = $2, \
         locked_until = 0, locked_by = NULL, last_checked_at = $3 WHERE id = $4",
    )
    .bind(error)
    .bind(retry_at)
    .bind(now)
    .bind(id)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Lets go of a mailbox (this node stops).
pub async fn release(conn: &mut Conn, id: i64, node: &str) -> Result<()> {
    sqlx::query(
        "UPDATE mailboxes SET locked_until = 0, locked_by = NULL WHERE id = $1 AND locked_by = $2",
    )
    .bind(id)
    .bind(node)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// The folder was recreated (its UIDVALIDITY changed): UIDs start again.
pub async fn reset_uids(conn: &mut Conn, id: i64, uid_validity: i64) -> Result<()> {
    sqlx::query("UPDATE mailboxes SET uid_validity = $1, last_uid = 0 WHERE id = $2")
        .bind(uid_validity)
        .bind(id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Records that every UID up to `uid` has been looked at (called in the
/// transaction that stores the message, or for one left behind).
pub async fn advance(conn: &mut Conn, id: i64, uid: i64, taken: bool) -> Result<()> {
    sqlx::query(
        "UPDATE mailboxes SET last_uid = CASE WHEN last_uid > $1 THEN last_uid ELSE $1 END, \
         messages_taken = messages_taken + $2 WHERE id = $3",
    )
    .bind(uid)
    .bind(i64::from(taken))
    .bind(id)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

fn mailbox(r: &sqlx::any::AnyRow) -> Result<MailboxRow> {
    Ok(MailboxRow {
        id: int(r, "id")?,
        address: text(r, "address")?,
        imap_url: text(r, "imap_url")?,
        after_fetch: text(r, "after_fetch")?,
        processed_folder: opt_text(r, "processed_folder")?,
        oauth: opt_text(r, "oauth")?,
        uid_validity: opt_int(r, "uid_validity")?,
        last_uid: int(r, "last_uid")?,
        status: text(r, "status")?,
        last_error: opt_text(r, "last_error")?,
        warning: opt_text(r, "warning")?,
        failures: int(r, "failures")?,
        next_attempt_at: int(r, "next_attempt_at")?,
        last_checked_at: opt_int(r, "last_checked_at")?,
        messages_taken: int(r, "messages_taken")?,
        created_at: int(r, "created_at")?,
    })
}

/// Due at once (an admin tested it successfully).
pub async fn retry_now(conn: &mut Conn, id: i64) -> Result<()> {
    sqlx::query("UPDATE mailboxes SET next_attempt_at = 0 WHERE id = $1")
        .bind(id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Lets go of every mailbox `node` holds.
pub async fn release_all(conn: &mut Conn, node: &str) -> Result<()> {
    sqlx::query("UPDATE mailboxes SET locked_until = 0, locked_by = NULL WHERE locked_by = $1")
        .bind(node)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// The provider rotated the refresh token: keep the new one.
pub async fn set_oauth(conn: &mut Conn, id: i64, oauth: &str) -> Result<()> {
    sqlx::query("UPDATE mailboxes SET oauth = $1 WHERE id = $2")
        .bind(oauth)
        .bind(id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}
