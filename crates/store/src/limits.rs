//! Fixed-window counters for the limits on the public doors, shared by every
//! node, and the one-time links that lift a staff account's password lock.
//!
//! Keys arrive hashed (fixed length); the table is kept small by the caller's
//! expiry job and refuses new keys past a cap, so its size is bounded.

use marketdesk_domain::Millis;

use crate::row::{int, text};
use crate::{Conn, Result};

/// A counter after a hit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Counter {
    pub count: i64,
    pub window_start: Millis,
}

/// Counts one hit on (`name`, `key`) in one statement: a window that ended
/// before `window_ends_before` starts afresh at `now`. A key not yet in the
/// table is only added while it holds fewer than `max_rows` rows; `None`
/// means the table is full.
pub async fn hit(
    conn: &mut Conn,
    name: &str,
    key: &str,
    now: Millis,
    window: Millis,
    max_rows: i64,
) -> Result<Option<Counter>> {
    let row = sqlx::query(
        "INSERT INTO rate_limits (name, key, window_start, count) \
         SELECT $1, $2, $3, 1 \
         WHERE (SELECT COUNT(*) FROM rate_limits) < $5 \
            OR EXISTS (SELECT 1 FROM rate_limits WHERE name = $1 AND key = $2) \
         ON CONFLICT (name, key) DO UPDATE SET \
           count = CASE WHEN rate_limits.window_start <= $4 THEN 1 ELSE rate_limits.count + 1 END, \
           window_start = CASE WHEN rate_limits.window_start <= $4 THEN $3 ELSE rate_limits.window_start END \
         RETURNING count, window_start",
    )
    .bind(name)
    .bind(key)
    .bind(now)
    .bind(now - window)
    .bind(max_rows)
    .fetch_optional(&mut *conn)
    .await?;
    row.map(|r| {
        Ok(Counter {
            count: int(&r, "count")?,
            window_start: int(&r, "window_start")?,
        })
    })
    .transpose()
}

/// The counter of (`name`, `key`), if any.
pub async fn get(conn: &mut Conn, name: &str, key: &str) -> Result<Option<Counter>> {
    let row =
        sqlx::query("SELECT count, window_start FROM rate_limits WHERE name = $1 AND key = $2")
            .bind(name)
            .bind(key)
            .fetch_optional(&mut *conn)
            .await?;
    row.map(|r| {
        Ok(Counter {
            count: int(&r, "count")?,
            window_start: int(&r, "window_start")?,
        })
    })
    .transpose()
}

/// Gives back one hit of (`name`, `key`) (an attempt that succeeded).
pub async fn release(conn: &mut Conn, name: &str, key: &str) -> Result<()> {
    sqlx::query(
        "UPDATE rate_limits SET count = count - 1 WHERE name = $1 AND key = $2 AND count > 0",
    )
    .bind(name)
    .bind(key)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Forgets the counter of (`name`, `key`).
pub async fn clear(conn: &mut Conn, name: &str, key: &str) -> Result<()> {
    sqlx::query("DELETE FROM rate_limits WHERE name = $1 AND key = $2")
        .bind(name)
        .bind(key)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Deletes the counters of `name` whose window started before `before`.
pub async fn expire(conn: &mut Conn, name: &str, before: Millis) -> Result<u64> {
    let done = sqlx::query("DELETE FROM rate_limits WHERE name = $1 AND window_start < $2")
        .bind(name)
        .bind(before)
        .execute(&mut *conn)
        .await?;
    Ok(done.rows_affected())
}

/// Deletes every counter, whatever its limit, whose window started before
/// `before` (limits made at run time, such as a forum member's, are not in
/// any list).
pub async fn expire_all(conn: &mut Conn, before: Millis) -> Result<u64> {
    let done = sqlx::query("DELETE FROM rate_limits WHERE window_start < $1")
        .bind(before)
        .execute(&mut *conn)
        .await?;
    Ok(done.rows_affected())
}

/// How many counters are kept.
pub async fn rows(conn: &mut Conn) -> Result<i64> {
    Ok(sqlx::query_scalar("SELECT COUNT(*) FROM rate_limits")
        .fetch_one(&mut *conn)
        .await?)
}

pub async fn insert_unlock_link(
    conn: &mut Conn,
    token_hash: &str,
    email: &str,
    now: Millis,
    expires_at: Millis,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO unlock_links (token_hash, email, created_at, expires_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(token_hash)
    .bind(email)
    .bind(now)
    .bind(expires_at)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// The email of an unused, unexpired unlock link (without using it).
pub async fn find_unlock_link(
    conn: &mut Conn,
    token_hash: &str,
    now: Millis,
) -> Result<Option<String>> {
    let row = sqlx::query(
        "SELECT email FROM unlock_links WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2",
    )
    .bind(token_hash)
    .bind(now)
    .fetch_optional(&mut *conn)
    .await?;
    row.map(|r| text(&r, "email")).transpose()
}

/// Uses an unlock link once: the email it unlocks, or `None` when the link is
/// unknown, used or expired.
pub async fn consume_unlock_link(
    conn: &mut Conn,
    token_hash: &str,
    now: Millis,
) -> Result<Option<String>> {
    let row = sqlx::query(
        "UPDATE unlock_links SET used_at = $2 WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2 RETURNING email",
    )
    .bind(token_hash)
    .bind(now)
    .fetch_optional(&mut *conn)
    .await?;
    row.map(|r| text(&r, "email")).transpose()
}

/// Deletes unlock links that expired before `before`.
pub async fn expire_unlock_links(conn: &mut Conn, before: Millis) -> Result<u64> {
    let done = sqlx::query("DELETE FROM unlock_links WHERE expires_at < $1")
        .bind(before)
        .execute(&mut *conn)
        .await?;
    Ok(done.rows_affected())
}
