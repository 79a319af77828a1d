//! API tokens, sign-in sessions and magic links. Only hashes of secrets are stored.

use marketdesk_domain::{Millis, Role};

use crate::row::{int, opt_int, parsed, text};
use crate::{Conn, Result, conflict_as};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenRow {
    pub id: i64,
    pub person_id: i64,
    pub name: String,
    pub scopes: String,
    pub created_at: Millis,
    pub expires_at: Option<Millis>,
    pub last_used_at: Option<Millis>,
    pub revoked_at: Option<Millis>,
}

pub async fn insert_token(
    conn: &mut Conn,
    person_id: i64,
    name: &str,
    token_hash: &str,
    scopes: &str,
    expires_at: Option<Millis>,
    now: Millis,
) -> Result<i64> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO api_tokens (person_id, name, token_hash, scopes, created_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(person_id)
    .bind(name)
    .bind(token_hash)
    .bind(scopes)
    .bind(now)
    .bind(expires_at)
    .fetch_one(&mut *conn)
    .await
    .map_err(conflict_as("a token with this value"))?;
    Ok(id)
}

/// Who a credential belongs to, as found by its hash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Credential {
    pub person_id: i64,
    pub role: Role,
    pub disabled: bool,
    pub scopes: Option<String>,
    pub token_id: Option<i64>,
    pub csrf_token: Option<String>,
    pub order_id: Option<i64>,
    /// When the token or session stops working (none: a token without expiry).
    pub expires_at: Option<Millis>,
}

/// A live (unrevoked, unexpired) API token by hash.
pub async fn find_token(
    conn: &mut Conn,
    token_hash: &str,
    now: Millis,
) -> Result<Option<Credential>> {
    let row = sqlx::query(
        "SELECT t.id, t.person_id, t.scopes, t.expires_at, p.role, (p.disabled + CASE WHEN p.frozen_at IS NULL THEN 0 ELSE 1 END) AS disabled FROM api_tokens t JOIN people p ON p.id = t.person_id \
         WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > $2)",
    )
    .bind(token_hash)
    .bind(now)
    .fetch_optional(&mut *conn)
    .await?;
    row.map(|r| {
        Ok(Credential {
            person_id: int(&r, "person_id")?,
            role: parsed(&r, "role", Role::parse)?,
            disabled: int(&r, "disabled")? != 0,
            scopes: Some(text(&r, "scopes")?),
            token_id: Some(int(&r, "id")?),
            csrf_token: None,
            order_id: None,
            expires_at: opt_int(&r, "expires_at")?,
        })
    })
    .transpose()
}

pub async fn list_tokens(conn: &mut Conn) -> Result<Vec<TokenRow>> {
    let rows = sqlx::query("SELECT * FROM api_tokens ORDER BY id")
        .fetch_all(&mut *conn)
        .await?;
    rows.iter()
        .map(|r| {
            Ok(TokenRow {
                id: int(r, "id")?,
                person_id: int(r, "person_id")?,
                name: text(r, "name")?,
                scopes: text(r, "scopes")?,
                created_at: int(r, "created_at")?,
                expires_at: opt_int(r, "expires_at")?,
                last_used_at: opt_int(r, "last_used_at")?,
                revoked_at: opt_int(r, "revoked_at")?,
            })
        })
        .collect()
}

pub async fn revoke_token(conn: &mut Conn, id: i64, now: Millis) -> Result<bool> {
    let done =
        sqlx::query("UPDATE api_tokens SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL")
            .bind(now)
            .bind(id)
            .execute(&mut *conn)
            .await?;
    Ok(done.rows_affected() > 0)
}

pub async fn token_hash_exists(conn: &mut Conn, token_hash: &str) -> Result<bool> {
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM api_tokens WHERE token_hash = $1")
        .bind(token_hash)
        .fetch_one(&mut *conn)
        .await?;
    Ok(n > 0)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionKind {
    Staff,
    Customer,
    OrderAccess,
}

impl SessionKind {
    fn as_str(self) -> &'static str {
        match self {
            SessionKind::Staff => "staff",
            SessionKind::Customer => "customer",
            SessionKind::OrderAccess => "order_access",
        }
    }
}

pub struct NewSession<'a> {
    pub token_hash: &'a str,
    pub person_id: i64,
    pub csrf_token: &'a str,
    pub kind: SessionKind,
    pub order_id: Option<i64>,
    pub now: Millis,
    pub expires_at: Millis,
}

pub async fn insert_session(conn: &mut Conn, s: &NewSession<'_>) -> Result<()> {
    sqlx::query(
        "INSERT INTO sessions (token_hash, person_id, csrf_token, kind, order_id, created_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(s.token_hash)
    .bind(s.person_id)
    .bind(s.csrf_token)
    .bind(s.kind.as_str())
    .bind(s.order_id)
    .bind(s.now)
    .bind(s.expires_at)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

pub async fn find_session(
    conn: &mut Conn,
    token_hash: &str,
    now: Millis,
) -> Result<Option<Credential>> {
    let row = sqlx::query(
        "SELECT s.person_id, s.csrf_token, s.order_id, s.expires_at, p.role, (p.disabled + CASE WHEN p.frozen_at IS NULL THEN 0 ELSE 1 END) AS disabled FROM sessions s JOIN people p ON p.id = s.person_id \
         WHERE s.token_hash = $1 AND s.expires_at > $2",
    )
    .bind(token_hash)
    .bind(now)
    .fetch_optional(&mut *conn)
    .await?;
    row.map(|r| {
        Ok(Credential {
            person_id: int(&r, "person_id")?,
            role: parsed(&r, "role", Role::parse)?,
            disabled: int(&r, "disabled")? != 0,
            scopes: None,
            token_id: None,
            csrf_token: Some(text(&r, "csrf_token")?),
            order_id: opt_int(&r, "order_id")?,
            expires_at: Some(int(&r, "expires_at")?),
        })
    })
    .transpose()
}

pub async fn delete_session(conn: &mut Conn, token_hash: &str) -> Result<()> {
    sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
        .bind(token_hash)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Ends every session of a person (when the account is disabled).
pub async fn delete_sessions_of(conn: &mut Conn, person_id: i64) -> Result<u64> {
    let done = sqlx::query("DELETE FROM sessions WHERE person_id = $1")
        .bind(person_id)
        .execute(&mut *conn)
        .await?;
    Ok(done.rows_affected())
}

pub async fn insert_magic_link(
    conn: &mut Conn,
    token_hash: &str,
    person_id: i64,
    now: Millis,
    expires_at: Millis,
) -> Result<()> {
    sqlx::query("INSERT INTO magic_links (token_hash, person_id, created_at, expires_at) VALUES ($1, $2, $3, $4)")
        .bind(token_hash)
        .bind(person_id)
        .bind(now)
        .bind(expires_at)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Marks an unused, unexpired magic link used and returns its person; a link
/// works once.
pub async fn consume_magic_link(
    conn: &mut Conn,
    token_hash: &str,
    now: Millis,
) -> Result<Option<i64>> {
    Ok(sqlx::query_scalar(
        "UPDATE magic_links SET used_at = $1 WHERE token_hash = $2 AND used_at IS NULL AND expires_at > $1 RETURNING person_id",
    )
    .bind(now)
    .bind(token_hash)
    .fetch_optional(&mut *conn)
    .await?)
}
