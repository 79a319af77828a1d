//! Staff accounts' security (migration 0044): password reset links, the
//! second factor with its recovery codes, the step between password and
//! code, the roles that must use a second factor, and a person's sessions.
//! Every secret is stored hashed except the TOTP secret, which the server
//! needs to compute codes. Each use is a compare-and-set: a link, a code,
//! a recovery code or a challenge works once, even on two nodes at once.

use marketdesk_domain::Millis;

use crate::row::{int, opt_int, opt_text, text};
use crate::{Conn, Result};

// --- Password resets -----------------------------------------------------

pub async fn insert_password_reset(
    conn: &mut Conn,
    token_hash: &str,
    person_id: i64,
    now: Millis,
    expires_at: Millis,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO password_resets (token_hash, person_id, created_at, expires_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(token_hash)
    .bind(person_id)
    .bind(now)
    .bind(expires_at)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// The person of a reset link still usable at `now`.
pub async fn find_password_reset(
    conn: &mut Conn,
    token_hash: &str,
    now: Millis,
) -> Result<Option<i64>> {
    let row = sqlx::query(
        "SELECT person_id FROM password_resets WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2",
    )
    .bind(token_hash)
    .bind(now)
    .fetch_optional(&mut *conn)
    .await?;
    row.map(|r| int(&r, "person_id")).transpose()
}

/// Uses a reset link once; answers its person, or nothing when it was
/// unknown, used or expired. Every other link of that person ends too.
pub async fn consume_password_reset(
    conn: &mut Conn,
    token_hash: &str,
    now: Millis,
) -> Result<Option<i64>> {
    let Some(person_id) = find_password_reset(conn, token_hash, now).await? else {
        return Ok(None);
    };
    let done = sqlx::query(
        "UPDATE password_resets SET used_at = $2 WHERE token_hash = $1 AND used_at IS NULL",
    )
    .bind(token_hash)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    if done.rows_affected() != 1 {
        return Ok(None);
    }
    sqlx::query("UPDATE password_resets SET used_at = $2 WHERE person_id = $1 AND used_at IS NULL")
        .bind(person_id)
        .bind(now)
        .execute(&mut *conn)
        .await?;
    Ok(Some(person_id))
}

// --- The second factor ---------------------------------------------------

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SecondFactorRow {
    pub person_id: i64,
    /// Base32.
    pub secret: String,
    pub confirmed_at: Option<Millis>,
    pub last_step: i64,
    pub created_at: Millis,
}

pub async fn second_factor(conn: &mut Conn, person_id: i64) -> Result<Option<SecondFactorRow>> {
    let row = sqlx::query("SELECT * FROM second_factors WHERE person_id = $1")
        .bind(person_id)
        .fetch_optional(&mut *conn)
        .await?;
    row.map(|r| {
        Ok(SecondFactorRow {
            person_id: int(&r, "person_id")?,
            secret: text(&r, "secret")?,
            confirmed_at: opt_int(&r, "confirmed_at")?,
            last_step: int(&r, "last_step")?,
            created_at: int(&r, "created_at")?,
        })
    })
    .transpose()
}

/// Starts (or restarts) setting up a second factor: a new secret, not yet
/// confirmed. A confirmed one is never replaced this way.
pub async fn begin_second_factor(
    conn: &mut Conn,
    person_id: i64,
    secret: &str,
    now: Millis,
) -> Result<bool> {
    sqlx::query("DELETE FROM second_factors WHERE person_id = $1 AND confirmed_at IS NULL")
        .bind(person_id)
        .execute(&mut *conn)
        .await?;
    let done = sqlx::query(
        "INSERT INTO second_factors (person_id, secret, created_at) VALUES ($1, $2, $3) \
         ON CONFLICT (person_id) DO NOTHING",
    )
    .bind(person_id)
    .bind(secret)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Records the time step a code was accepted at, once: a step at or
/// before the last accepted one is refused (a code is never used twice).
/// Confirms a second factor being set up.
pub async fn accept_step(conn: &mut Conn, person_id: i64, step: i64, now: Millis) -> Result<bool> {
    let done = sqlx::query(
        "UPDATE second_factors SET last_step = $2, confirmed_at = COALESCE(confirmed_at, $3) \
         WHERE person_id = $1 AND last_step < $2",
    )
    .bind(person_id)
    .bind(step)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Removes the second factor and its recovery codes.
pub async fn remove_second_factor(conn: &mut Conn, person_id: i64) -> Result<bool> {
    sqlx::query("DELETE FROM recovery_codes WHERE person_id = $1")
        .bind(person_id)
        .execute(&mut *conn)
        .await?;
    let done = sqlx::query("DELETE FROM second_factors WHERE person_id = $1")
        .bind(person_id)
        .execute(&mut *conn)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// Replaces the person's recovery codes with these (hashed).
pub async fn set_recovery_codes(conn: &mut Conn, person_id: i64, hashes: &[String]) -> Result<()> {
    sqlx::query("DELETE FROM recovery_codes WHERE person_id = $1")
        .bind(person_id)
        .execute(&mut *conn)
        .await?;
    for hash in hashes {
        sqlx::query("INSERT INTO recovery_codes (person_id, code_hash) VALUES ($1, $2)")
            .bind(person_id)
            .bind(hash)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// Uses a recovery code once.
pub async fn use_recovery_code(
    conn: &mut Conn,
    person_id: i64,
    hash: &str,
    now: Millis,
) -> Result<bool> {
    let done = sqlx::query(
        "UPDATE recovery_codes SET used_at = $3 WHERE person_id = $1 AND code_hash = $2 AND used_at IS NULL",
    )
    .bind(person_id)
    .bind(hash)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Recovery codes not used yet.
pub async fn recovery_codes_left(conn: &mut Conn, person_id: i64) -> Result<i64> {
    Ok(sqlx::query_scalar(
        "SELECT COUNT(*) FROM recovery_codes WHERE person_id = $1 AND used_at IS NULL",
    )
    .bind(person_id)
    .fetch_one(&mut *conn)
    .await?)
}

// --- Between password and code -------------------------------------------

pub async fn insert_challenge(
    conn: &mut Conn,
    token_hash: &str,
    person_id: i64,
    client: Option<&str>,
    now: Millis,
    expires_at: Millis,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO second_factor_challenges (token_hash, person_id, client, created_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(token_hash)
    .bind(person_id)
    .bind(client)
    .bind(now)
    .bind(expires_at)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Counts an attempt on a live challenge with fewer than `max_attempts`;
/// answers its person and client, or nothing (unknown, expired, spent).
pub async fn attempt_challenge(
    conn: &mut Conn,
    token_hash: &str,
    now: Millis,
    max_attempts: i64,
) -> Result<Option<(i64, Option<String>)>> {
    let done = sqlx::query(
        "UPDATE second_factor_challenges SET attempts = attempts + 1 \
         WHERE token_hash = $1 AND expires_at > $2 AND attempts < $3",
    )
    .bind(token_hash)
    .bind(now)
    .bind(max_attempts)
    .execute(&mut *conn)
    .await?;
    if done.rows_affected() != 1 {
        return Ok(None);
    }
    let row =
        sqlx::query("SELECT person_id, client FROM second_factor_challenges WHERE token_hash = $1")
            .bind(token_hash)
            .fetch_optional(&mut *conn)
            .await?;
    row.map(|r| Ok((int(&r, "person_id")?, opt_text(&r, "client")?)))
        .transpose()
}

pub async fn delete_challenge(conn: &mut Conn, token_hash: &str) -> Result<bool> {
    let done = sqlx::query("DELETE FROM second_factor_challenges WHERE token_hash = $1")
        .bind(token_hash)
        .execute(&mut *conn)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// Forgets challenges that ended before `before`.
pub async fn purge_challenges(conn: &mut Conn, before: Millis) -> Result<u64> {
    Ok(
        sqlx::query("DELETE FROM second_factor_challenges WHERE expires_at < $1")
            .bind(before)
            .execute(&mut *conn)
            .await?
            .rows_affected(),
    )
}

// --- Roles that must use a second factor ---------------------------------

pub async fn required_roles(conn: &mut Conn) -> Result<Vec<String>> {
    sqlx::query("SELECT role FROM second_factor_roles ORDER BY role")
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(|r| text(r, "role"))
        .collect()
}

pub async fn set_required_roles(conn: &mut Conn, roles: &[&str]) -> Result<()> {
    sqlx::query("DELETE FROM second_factor_roles")
        .execute(&mut *conn)
        .await?;
    for role in roles {
        sqlx::query("INSERT INTO second_factor_roles (role) VALUES ($1)")
            .bind(*role)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

// --- Sessions ------------------------------------------------------------

/// A live session: the first 16 hex digits of its hash name it (never the
/// token itself).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionLine {
    pub handle: String,
    pub kind: String,
    pub client: Option<String>,
    pub created_at: Millis,
    pub expires_at: Millis,
}

/// Length of a session's handle.
pub const HANDLE_LEN: usize = 16;

pub async fn sessions_of(
    conn: &mut Conn,
    person_id: i64,
    now: Millis,
    limit: i64,
) -> Result<Vec<(String, SessionLine)>> {
    sqlx::query(
        "SELECT token_hash, kind, client, created_at, expires_at FROM sessions \
         WHERE person_id = $1 AND expires_at > $2 ORDER BY created_at DESC LIMIT $3",
    )
    .bind(person_id)
    .bind(now)
    .bind(limit)
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(|r| {
        let hash = text(r, "token_hash")?;
        Ok((
            hash.clone(),
            SessionLine {
                handle: hash.chars().take(HANDLE_LEN).collect(),
                kind: text(r, "kind")?,
                client: opt_text(r, "client")?,
                created_at: int(r, "created_at")?,
                expires_at: int(r, "expires_at")?,
            },
        ))
    })
    .collect()
}

/// Ends the person's sessions whose hash starts with `handle`.
pub async fn end_session(conn: &mut Conn, person_id: i64, handle: &str) -> Result<u64> {
    if handle.len() != HANDLE_LEN || !handle.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Ok(0);
    }
    Ok(
        sqlx::query("DELETE FROM sessions WHERE person_id = $1 AND token_hash LIKE $2")
            .bind(person_id)
            .bind(format!("{handle}%"))
            .execute(&mut *conn)
            .await?
            .rows_affected(),
    )
}

/// Ends every session of the person but `keep` (a token hash).
pub async fn end_other_sessions(
    conn: &mut Conn,
    person_id: i64,
    keep: Option<&str>,
) -> Result<u64> {
    Ok(
        sqlx::query("DELETE FROM sessions WHERE person_id = $1 AND token_hash <> $2")
            .bind(person_id)
            .bind(keep.unwrap_or(""))
            .execute(&mut *conn)
            .await?
            .rows_affected(),
    )
}

/// Records where a session began.
pub async fn set_session_client(conn: &mut Conn, token_hash: &str, client: &str) -> Result<()> {
    sqlx::query("UPDATE sessions SET client = $2 WHERE token_hash = $1")
        .bind(token_hash)
        .bind(client)
        .execute(&mut *conn)
        .await?;
    Ok(())
}
