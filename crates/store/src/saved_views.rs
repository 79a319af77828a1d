//! Inbox views agents save (personal) or supervisors share.

use marketdesk_domain::Millis;

use crate::row::{int, opt_int, text};
use crate::{Conn, Result};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SavedViewRow {
    pub id: i64,
    /// None: shared with everyone.
    pub owner_id: Option<i64>,
    pub name: String,
    /// The view's parameters as a JSON object of strings.
    pub params: String,
    pub created_at: Millis,
}

/// A person's own views and the shared ones, shared first, by name.
pub async fn visible_to(conn: &mut Conn, person_id: i64) -> Result<Vec<SavedViewRow>> {
    let rows = sqlx::query(
        "SELECT id, owner_id, name, params, created_at FROM saved_views \
         WHERE owner_id IS NULL OR owner_id = $1 ORDER BY owner_id IS NOT NULL, name, id LIMIT 200",
    )
    .bind(person_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|row| {
            Ok(SavedViewRow {
                id: int(row, "id")?,
                owner_id: opt_int(row, "owner_id")?,
                name: text(row, "name")?,
                params: text(row, "params")?,
                created_at: int(row, "created_at")?,
            })
        })
        .collect()
}

pub async fn count_owned(conn: &mut Conn, owner_id: Option<i64>) -> Result<i64> {
    let n = match owner_id {
        Some(id) => {
            sqlx::query_scalar("SELECT COUNT(*) FROM saved_views WHERE owner_id = $1")
                .bind(id)
                .fetch_one(&mut *conn)
                .await?
        }
        None => {
            sqlx::query_scalar("SELECT COUNT(*) FROM saved_views WHERE owner_id IS NULL")
                .fetch_one(&mut *conn)
                .await?
        }
    };
    Ok(n)
}

pub async fn insert(conn: &mut Conn, row: &SavedViewRow) -> Result<i64> {
    let id = sqlx::query_scalar(
        "INSERT INTO saved_views (owner_id, name, params, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
    )
    .bind(row.owner_id)
    .bind(row.name.as_str())
    .bind(row.params.as_str())
    .bind(row.created_at)
    .fetch_one(&mut *conn)
    .await?;
    Ok(id)
}

pub async fn get(conn: &mut Conn, id: i64) -> Result<Option<SavedViewRow>> {
    let row =
        sqlx::query("SELECT id, owner_id, name, params, created_at FROM saved_views WHERE id = $1")
            .bind(id)
            .fetch_optional(&mut *conn)
            .await?;
    row.map(|row| {
        Ok(SavedViewRow {
            id: int(&row, "id")?,
            owner_id: opt_int(&row, "owner_id")?,
            name: text(&row, "name")?,
            params: text(&row, "params")?,
            created_at: int(&row, "created_at")?,
        })
    })
    .transpose()
}

pub async fn delete(conn: &mut Conn, id: i64) -> Result<()> {
    sqlx::query("DELETE FROM saved_views WHERE id = $1")
        .bind(id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}
