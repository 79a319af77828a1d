//! People (customers, sellers, staff) and teams.

use marketdesk_domain::{Millis, Role};
use sqlx::any::AnyRow;

use crate::row::{flag, int, opt_int, opt_text, parsed, text};
use crate::{Conn, Result, conflict_as};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonRow {
    pub id: i64,
    pub role: Role,
    pub email: String,
    pub name: String,
    pub language: String,
    pub time_zone: String,
    pub phone: Option<String>,
    pub password_hash: Option<String>,
    pub external_id: Option<String>,
    pub disabled: bool,
    pub created_at: Millis,
    pub updated_at: Millis,
}

#[derive(Debug, Clone)]
pub struct NewPerson<'a> {
    pub role: Role,
    pub email: &'a str,
    pub name: &'a str,
    pub language: &'a str,
    pub time_zone: &'a str,
    pub phone: Option<&'a str>,
    pub password_hash: Option<&'a str>,
    pub external_id: Option<&'a str>,
    pub now: Millis,
}

const COLUMNS: &str = "id, role, email, name, language, time_zone, phone, password_hash, external_id, disabled, created_at, updated_at";

fn person(row: &AnyRow) -> Result<PersonRow> {
    Ok(PersonRow {
        id: int(row, "id")?,
        role: parsed(row, "role", Role::parse)?,
        email: text(row, "email")?,
        name: text(row, "name")?,
        language: text(row, "language")?,
        time_zone: text(row, "time_zone")?,
        phone: opt_text(row, "phone")?,
        password_hash: opt_text(row, "password_hash")?,
        external_id: opt_text(row, "external_id")?,
        disabled: flag(row, "disabled")?,
        created_at: int(row, "created_at")?,
        updated_at: int(row, "updated_at")?,
    })
}

const INSERT_PERSON: &str = "INSERT INTO people (role, email, name, language, time_zone, phone, password_hash, external_id, created_at, updated_at) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9)";

/// `sql` (an [`INSERT_PERSON`] with its ending) with `new`'s values bound.
fn person_insert<'q>(
    sql: &'q str,
    new: &NewPerson<'q>,
) -> sqlx::query::QueryScalar<'q, sqlx::Any, i64, sqlx::any::AnyArguments<'q>> {
    sqlx::query_scalar(sql)
        .bind(new.role.as_str())
        .bind(new.email)
        .bind(new.name)
        .bind(new.language)
        .bind(new.time_zone)
        .bind(new.phone.map(stored_phone))
        .bind(new.password_hash)
        .bind(new.external_id)
        .bind(new.now)
}

/// A phone number as kept: `+` and digits when it reads as one, so that a
/// caller's number finds the person.
pub(crate) fn stored_phone(number: &str) -> String {
    marketdesk_domain::phone::normalized_phone(number).unwrap_or_else(|| number.to_owned())
}

/// The people with this phone number (as kept), a few at most.
pub async fn find_by_phone(conn: &mut Conn, phone: &str) -> Result<Vec<PersonRow>> {
    let rows = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM people WHERE phone = $1 AND disabled = 0 ORDER BY id LIMIT 5"
    ))
    .bind(stored_phone(phone))
    .fetch_all(&mut *conn)
    .await?;
    rows.iter().map(person).collect()
}

pub async fn insert(conn: &mut Conn, new: &NewPerson<'_>) -> Result<i64> {
    let sql = format!("{INSERT_PERSON} RETURNING id");
    let id = person_insert(&sql, new)
        .fetch_one(&mut *conn)
        .await
        .map_err(conflict_as("a person with this email"))?;
    Ok(id)
}

/// Inserts a person unless one with this email exists already — also one
/// another transaction is inserting right now (PostgreSQL waits for it and
/// then does nothing): `None` then, and the caller reads that one.
pub async fn insert_unless_email_taken(
    conn: &mut Conn,
    new: &NewPerson<'_>,
) -> Result<Option<i64>> {
    let sql = format!("{INSERT_PERSON} ON CONFLICT (email) DO NOTHING RETURNING id");
    let id = person_insert(&sql, new)
        .fetch_optional(&mut *conn)
        .await
        .map_err(conflict_as("a person with this external id"))?;
    Ok(id)
}

/// Holds `id`'s row until the transaction ends (on PostgreSQL; SQLite's one
/// writer serializes anyway), so two of a person's actions on different
/// orders cannot both count the same daily allowance.
pub async fn lock(conn: &mut Conn, backend: crate::Backend, id: i64) -> Result<()> {
    let sql = match backend {
        crate::Backend::Postgres => "SELECT id FROM people WHERE id = $1 FOR UPDATE",
        crate::Backend::Sqlite => "SELECT id FROM people WHERE id = $1",
    };
    sqlx::query(sql).bind(id).fetch_optional(&mut *conn).await?;
    Ok(())
}

pub async fn get(conn: &mut Conn, id: i64) -> Result<Option<PersonRow>> {
    let sql = format!("SELECT {COLUMNS} FROM people WHERE id = $1");
    let row = sqlx::query(&sql)
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?;
    row.as_ref().map(person).transpose()
}

/// The people with these ids (those that exist), in one query.
pub async fn get_many(conn: &mut Conn, ids: &[i64]) -> Result<Vec<PersonRow>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        "SELECT {COLUMNS} FROM people WHERE id IN ({})",
        crate::tickets::placeholders(1, ids.len())
    );
    let mut query = sqlx::query(&sql);
    for id in ids {
        query = query.bind(*id);
    }
    let rows = query.fetch_all(&mut *conn).await?;
    rows.iter().map(person).collect()
}

pub async fn find_by_email(conn: &mut Conn, email: &str) -> Result<Option<PersonRow>> {
    let sql = format!("SELECT {COLUMNS} FROM people WHERE email = $1");
    let row = sqlx::query(&sql)
        .bind(email)
        .fetch_optional(&mut *conn)
        .await?;
    row.as_ref().map(person).transpose()
}

/// The people with these addresses (those that exist), in one query.
pub async fn find_by_emails(conn: &mut Conn, emails: &[&str]) -> Result<Vec<PersonRow>> {
    if emails.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        "SELECT {COLUMNS} FROM people WHERE email IN ({})",
        crate::tickets::placeholders(1, emails.len())
    );
    let mut query = sqlx::query(&sql).persistent(emails.len() == 1);
    for email in emails {
        query = query.bind(*email);
    }
    let rows = query.fetch_all(&mut *conn).await?;
    rows.iter().map(person).collect()
}

/// People with one of `roles`, newest first, before the id `before` when given.
pub async fn list(
    conn: &mut Conn,
    roles: &[Role],
    before: Option<i64>,
    limit: i64,
) -> Result<Vec<PersonRow>> {
    let placeholders: Vec<String> = (0..roles.len()).map(|i| format!("${}", i + 3)).collect();
    let sql = format!(
        "SELECT {COLUMNS} FROM people WHERE id < $1 AND role IN ({}) ORDER BY id DESC LIMIT $2",
        placeholders.join(", ")
    );
    let mut query = sqlx::query(&sql)
        .bind(before.unwrap_or(i64::MAX))
        .bind(limit);
    for role in roles {
        query = query.bind(role.as_str());
    }
    let rows = query.fetch_all(&mut *conn).await?;
    rows.iter().map(person).collect()
}

pub async fn set_password_hash(conn: &mut Conn, id: i64, hash: &str, now: Millis) -> Result<()> {
    sqlx::query("UPDATE people SET password_hash = $1, updated_at = $2 WHERE id = $3")
        .bind(hash)
        .bind(now)
        .bind(id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// A new sign-in address (the platform changed it); a conflict when
/// another person has it.
pub async fn set_email(conn: &mut Conn, id: i64, email: &str, now: Millis) -> Result<()> {
    sqlx::query("UPDATE people SET email = $1, updated_at = $2 WHERE id = $3")
        .bind(email)
        .bind(now)
        .bind(id)
        .execute(&mut *conn)
        .await
        .map_err(crate::conflict_as("a person with this email"))?;
    Ok(())
}

pub async fn update_profile(conn: &mut Conn, p: &PersonRow, now: Millis) -> Result<()> {
    sqlx::query(
        "UPDATE people SET role = $1, name = $2, language = $3, time_zone = $4, phone = $5, disabled = $6, updated_at = $7 WHERE id = $8",
    )
    .bind(p.role.as_str())
    .bind(&p.name)
    .bind(&p.language)
    .bind(&p.time_zone)
    .bind(p.phone.as_deref().map(stored_phone))
    .bind(i64::from(p.disabled))
    .bind(now)
    .bind(p.id)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TeamRow {
    pub id: i64,
    pub name: String,
    pub description: String,
    pub member_ids: Vec<i64>,
    pub created_at: Millis,
    /// How the team picks an agent (`routing::RoutingMethod`).
    pub routing: String,
    /// Told of breaches and escalations.
    pub lead_id: Option<i64>,
    /// Where unassigned tickets go after `overflow_after_minutes` waiting.
    pub overflow_team_id: Option<i64>,
    pub overflow_after_minutes: Option<i64>,
    /// Where tickets go when they reach the second line.
    pub escalation_team_id: Option<i64>,
}

pub async fn insert_team(
    conn: &mut Conn,
    name: &str,
    description: &str,
    now: Millis,
) -> Result<i64> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO teams (name, description, created_at) VALUES ($1, $2, $3) RETURNING id",
    )
    .bind(name)
    .bind(description)
    .bind(now)
    .fetch_one(&mut *conn)
    .await
    .map_err(conflict_as("a team with this name"))?;
    Ok(id)
}

pub async fn add_team_member(conn: &mut Conn, team_id: i64, person_id: i64) -> Result<()> {
    sqlx::query(
        "INSERT INTO team_members (team_id, person_id) VALUES ($1, $2) ON CONFLICT DO NOTHING",
    )
    .bind(team_id)
    .bind(person_id)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

pub async fn remove_team_member(conn: &mut Conn, team_id: i64, person_id: i64) -> Result<bool> {
    let done = sqlx::query("DELETE FROM team_members WHERE team_id = $1 AND person_id = $2")
        .bind(team_id)
        .bind(person_id)
        .execute(&mut *conn)
        .await?;
    Ok(done.rows_affected() > 0)
}

pub async fn list_teams(conn: &mut Conn) -> Result<Vec<TeamRow>> {
    let rows = sqlx::query(
        "SELECT id, name, description, created_at, routing, lead_id, overflow_team_id, \
         overflow_after_minutes, escalation_team_id FROM teams ORDER BY name",
    )
    .fetch_all(&mut *conn)
    .await?;
    let members = sqlx::query("SELECT team_id, person_id FROM team_members ORDER BY person_id")
        .fetch_all(&mut *conn)
        .await?;
    let mut teams = Vec::with_capacity(rows.len());
    for row in &rows {
        let id = int(row, "id")?;
        let mut member_ids = Vec::new();
        for m in &members {
            if int(m, "team_id")? == id {
                member_ids.push(int(m, "person_id")?);
            }
        }
        teams.push(TeamRow {
            id,
            name: text(row, "name")?,
            description: text(row, "description")?,
            member_ids,
            created_at: int(row, "created_at")?,
            routing: text(row, "routing")?,
            lead_id: opt_int(row, "lead_id")?,
            overflow_team_id: opt_int(row, "overflow_team_id")?,
            overflow_after_minutes: opt_int(row, "overflow_after_minutes")?,
            escalation_team_id: opt_int(row, "escalation_team_id")?,
        });
    }
    Ok(teams)
}

pub async fn get_team(conn: &mut Conn, id: i64) -> Result<Option<TeamRow>> {
    Ok(list_teams(conn).await?.into_iter().find(|t| t.id == id))
}

pub async fn teams_of(conn: &mut Conn, person_id: i64) -> Result<Vec<i64>> {
    let ids = sqlx::query_scalar(
        "SELECT team_id FROM team_members WHERE person_id = $1 ORDER BY team_id",
    )
    .bind(person_id)
    .fetch_all(&mut *conn)
    .await?;
    Ok(ids)
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MacroRow {
    pub id: i64,
    pub name: String,
    pub body: String,
    pub language: String,
    /// What it sets besides the text: rule actions as JSON.
    pub actions: String,
    /// The text in other languages: (language, body).
    pub translations: Vec<(String, String)>,
}

pub async fn insert_macro(
    conn: &mut Conn,
    name: &str,
    body: &str,
    language: &str,
    now: Millis,
) -> Result<i64> {
    let id: i64 = sqlx::query_scalar("INSERT INTO macros (name, body, language, created_at) VALUES ($1, $2, $3, $4) RETURNING id")
        .bind(name)
        .bind(body)
        .bind(language)
        .bind(now)
        .fetch_one(&mut *conn)
        .await
        .map_err(conflict_as("a macro with this name"))?;
    Ok(id)
}

pub async fn list_macros(conn: &mut Conn) -> Result<Vec<MacroRow>> {
    let rows = sqlx::query("SELECT id, name, body, language, actions FROM macros ORDER BY name")
        .fetch_all(&mut *conn)
        .await?;
    let versions = sqlx::query(
        "SELECT macro_id, language, body FROM macro_translations ORDER BY macro_id, language",
    )
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|r| {
            let id = int(r, "id")?;
            let mut translations = Vec::new();
            for v in &versions {
                if int(v, "macro_id")? == id {
                    translations.push((text(v, "language")?, text(v, "body")?));
                }
            }
            Ok(MacroRow {
                id,
                name: text(r, "name")?,
                body: text(r, "body")?,
                language: text(r, "language")?,
                actions: text(r, "actions")?,
                translations,
            })
        })
        .collect()
}

/// Sets what a macro does besides its text, and its other languages.
pub async fn set_macro_extras(
    conn: &mut Conn,
    id: i64,
    actions: &str,
    translations: &[(String, String)],
) -> Result<()> {
    sqlx::query("UPDATE macros SET actions = $2 WHERE id = $1")
        .bind(id)
        .bind(actions)
        .execute(&mut *conn)
        .await?;
    sqlx::query("DELETE FROM macro_translations WHERE macro_id = $1")
        .bind(id)
        .execute(&mut *conn)
        .await?;
    for (language, body) in translations {
        sqlx::query(
            "INSERT INTO macro_translations (macro_id, language, body) VALUES ($1, $2, $3)",
        )
        .bind(id)
        .bind(language.as_str())
        .bind(body.as_str())
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}
