//! Saved responses for `Idempotency-Key`, so a retried POST never acts twice.

use marketdesk_domain::Millis;

use crate::row::{opt_int, opt_text, text};
use crate::{Conn, Result};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Claim {
    /// First use of the key: go ahead, then [`complete`].
    Fresh,
    /// The key was used for this same request: answer the saved response.
    Replay {
        status: u16,
        content_type: String,
        body: String,
    },
    /// The same request is still being handled.
    InProgress,
    /// The request succeeded with a credential in its answer, which is never
    /// saved: a retry cannot get it again.
    Withheld { status: u16 },
    /// The key was used for a different request.
    Mismatch,
}

/// The content type saved in place of a response that carried a credential.
pub const WITHHELD: &str = "withheld";

/// Claims `key` for a request with `fingerprint` (a hash of method, path and
/// body), for `lease` milliseconds: a claim whose request never finished (its
/// node died) may be taken over once the lease ends.
pub async fn claim(
    conn: &mut Conn,
    scope: &str,
    key: &str,
    fingerprint: &str,
    now: Millis,
    lease: Millis,
) -> Result<Claim> {
    let inserted = sqlx::query(
        "INSERT INTO idempotency_keys (scope, key, fingerprint, created_at, lease_until) VALUES ($1, $2, $3, $4, $5) \
         ON CONFLICT DO NOTHING",
    )
    .bind(scope)
    .bind(key)
    .bind(fingerprint)
    .bind(now)
    .bind(now + lease)
    .execute(&mut *conn)
    .await?;
    if inserted.rows_affected() == 1 {
        return Ok(Claim::Fresh);
    }
    let row = sqlx::query(
        "SELECT fingerprint, status_code, content_type, response_body FROM idempotency_keys WHERE scope = $1 AND key = $2",
    )
    .bind(scope)
    .bind(key)
    .fetch_optional(&mut *conn)
    .await?;
    let Some(row) = row else {
        // Deleted between the two statements (an abandoned attempt): try again later.
        return Ok(Claim::InProgress);
    };
    if text(&row, "fingerprint")? != fingerprint {
        return Ok(Claim::Mismatch);
    }
    let content_type = opt_text(&row, "content_type")?;
    match (
        opt_int(&row, "status_code")?,
        opt_text(&row, "response_body")?,
    ) {
        (Some(status), _) if content_type.as_deref() == Some(WITHHELD) => Ok(Claim::Withheld {
            status: u16::try_from(status).unwrap_or(500),
        }),
        (Some(status), Some(body)) => Ok(Claim::Replay {
            status: u16::try_from(status).unwrap_or(500),
            content_type: content_type.unwrap_or_else(|| "application/json".into()),
            body,
        }),
        _ => {
            // Unfinished: take it over when its lease has ended, in one
            // statement so two retries cannot both take it.
            let taken = sqlx::query(
                "UPDATE idempotency_keys SET lease_until = $1 \
                 WHERE scope = $2 AND key = $3 AND status_code IS NULL AND lease_until <= $4",
            )
            .bind(now + lease)
            .bind(scope)
            .bind(key)
            .bind(now)
            .execute(&mut *conn)
            .await?;
            Ok(if taken.rows_affected() == 1 {
                Claim::Fresh
            } else {
                Claim::InProgress
            })
        }
    }
}

pub async fn complete(
    conn: &mut Conn,
    scope: &str,
    key: &str,
    status: u16,
    content_type: &str,
    body: &str,
) -> Result<()> {
    sqlx::query(
        "UPDATE idempotency_keys SET status_code = $1, content_type = $2, response_body = $3 WHERE scope = $4 AND key = $5",
    )
    .bind(i64::from(status))
    .bind(content_type)
    .bind(body)
    .bind(scope)
    .bind(key)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Forgets a claim whose request failed on our side, so a retry may run.
pub async fn abandon(conn: &mut Conn, scope: &str, key: &str) -> Result<()> {
    sqlx::query("DELETE FROM idempotency_keys WHERE scope = $1 AND key = $2")
        .bind(scope)
        .bind(key)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Drops saved responses older than `before`.
pub async fn expire(conn: &mut Conn, before: Millis) -> Result<u64> {
    let done = sqlx::query("DELETE FROM idempotency_keys WHERE created_at < $1")
        .bind(before)
        .execute(&mut *conn)
        .await?;
    Ok(done.rows_affected())
}
