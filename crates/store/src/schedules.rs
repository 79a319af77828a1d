//! Stored business-hour schedules and the teams that work them.

use marketdesk_domain::Millis;

use crate::row::{int, text};
use crate::{Conn, Result, conflict_as};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScheduleRow {
    pub id: i64,
    pub name: String,
    /// The domain's `business_hours::BusinessHours` as JSON.
    pub definition: String,
    pub created_at: Millis,
    pub updated_at: Millis,
}

fn schedule(row: &sqlx::any::AnyRow) -> Result<ScheduleRow> {
    Ok(ScheduleRow {
        id: int(row, "id")?,
        name: text(row, "name")?,
        definition: text(row, "definition")?,
        created_at: int(row, "created_at")?,
        updated_at: int(row, "updated_at")?,
    })
}

/// Every schedule, by name.
pub async fn list(conn: &mut Conn) -> Result<Vec<ScheduleRow>> {
    let rows = sqlx::query("SELECT * FROM schedules ORDER BY name, id")
        .fetch_all(&mut *conn)
        .await?;
    rows.iter().map(schedule).collect()
}

pub async fn get(conn: &mut Conn, id: i64) -> Result<Option<ScheduleRow>> {
    let row = sqlx::query("SELECT * FROM schedules WHERE id = $1")
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?;
    row.as_ref().map(schedule).transpose()
}

pub async fn count(conn: &mut Conn) -> Result<i64> {
    Ok(sqlx::query_scalar("SELECT COUNT(*) FROM schedules")
        .fetch_one(&mut *conn)
        .await?)
}

/// Inserts a schedule; a taken name is a conflict.
pub async fn insert(conn: &mut Conn, name: &str, definition: &str, now: Millis) -> Result<i64> {
    let id = sqlx::query_scalar(
        "INSERT INTO schedules (name, definition, created_at, updated_at) \
         VALUES ($1, $2, $3, $3) RETURNING id",
    )
    .bind(name)
    .bind(definition)
    .bind(now)
    .fetch_one(&mut *conn)
    .await
    .map_err(conflict_as("a schedule with this name exists"))?;
    Ok(id)
}

pub async fn update(
    conn: &mut Conn,
    id: i64,
    name: &str,
    definition: &str,
    now: Millis,
) -> Result<bool> {
    let done = sqlx::query(
        "UPDATE schedules SET name = $2, definition = $3, updated_at = $4 WHERE id = $1",
    )
    .bind(id)
    .bind(name)
    .bind(definition)
    .bind(now)
    .execute(&mut *conn)
    .await
    .map_err(conflict_as("a schedule with this name exists"))?;
    Ok(done.rows_affected() > 0)
}

/// Deletes a schedule; its teams go back to the default hours.
pub async fn delete(conn: &mut Conn, id: i64) -> Result<bool> {
    sqlx::query("UPDATE teams SET schedule_id = NULL WHERE schedule_id = $1")
        .bind(id)
        .execute(&mut *conn)
        .await?;
    let done = sqlx::query("DELETE FROM schedules WHERE id = $1")
        .bind(id)
        .execute(&mut *conn)
        .await?;
    Ok(done.rows_affected() > 0)
}

/// Makes `team_ids` (and only them) work schedule `id`; a team on another
/// schedule moves to this one.
pub async fn set_teams(conn: &mut Conn, id: i64, team_ids: &[i64]) -> Result<()> {
    sqlx::query("UPDATE teams SET schedule_id = NULL WHERE schedule_id = $1")
        .bind(id)
        .execute(&mut *conn)
        .await?;
    if team_ids.is_empty() {
        return Ok(());
    }
    let sql = format!(
        "UPDATE teams SET schedule_id = $1 WHERE id IN ({})",
        crate::tickets::placeholders(2, team_ids.len())
    );
    team_ids
        .iter()
        .fold(sqlx::query(&sql).bind(id), |q, team| q.bind(*team))
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// (team, schedule) for every team on a schedule of its own.
pub async fn team_schedules(conn: &mut Conn) -> Result<Vec<(i64, i64)>> {
    let rows =
        sqlx::query("SELECT id, schedule_id FROM teams WHERE schedule_id IS NOT NULL ORDER BY id")
            .fetch_all(&mut *conn)
            .await?;
    rows.iter()
        .map(|row| Ok((int(row, "id")?, int(row, "schedule_id")?)))
        .collect()
}
