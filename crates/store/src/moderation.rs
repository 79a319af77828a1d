//! Reports of listings, users and messages (migration 0045): one open item
//! per reported thing (a unique index), a report per person and item (a
//! unique key), a decision taken once, and the links reported messages
//! carried.

use marketdesk_domain::Millis;
use sqlx::any::AnyRow;

use crate::row::{int, opt_int, opt_text, text};
use crate::{Conn, Result, StoreError};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemRow {
    pub id: i64,
    pub subject: String,
    pub subject_ref: String,
    pub reason: String,
    pub severity: i64,
    pub reports: i64,
    pub excerpt: String,
    pub status: String,
    pub decision: Option<String>,
    pub decided_by: Option<i64>,
    pub decided_at: Option<Millis>,
    pub note: Option<String>,
    pub first_reported_at: Millis,
    pub updated_at: Millis,
}

fn item(r: &AnyRow) -> Result<ItemRow> {
    Ok(ItemRow {
        id: int(r, "id")?,
        subject: text(r, "subject")?,
        subject_ref: text(r, "subject_ref")?,
        reason: text(r, "reason")?,
        severity: int(r, "severity")?,
        reports: int(r, "reports")?,
        excerpt: text(r, "excerpt")?,
        status: text(r, "status")?,
        decision: opt_text(r, "decision")?,
        decided_by: opt_int(r, "decided_by")?,
        decided_at: opt_int(r, "decided_at")?,
        note: opt_text(r, "note")?,
        first_reported_at: int(r, "first_reported_at")?,
        updated_at: int(r, "updated_at")?,
    })
}

/// A report as it arrives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewReport<'a> {
    pub subject: &'a str,
    pub subject_ref: &'a str,
    pub reason: &'a str,
    pub severity: i64,
    pub excerpt: &'a str,
    pub reporter_key: &'a str,
    pub reporter_email: &'a str,
    pub reporter_id: Option<i64>,
    pub language: &'a str,
    pub details: &'a str,
    pub now: Millis,
}

/// What filing a report did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Filed {
    pub item_id: i64,
    /// The first report of this thing (a new item in the queue).
    pub new_item: bool,
    /// False when this person had reported it already (counted once).
    pub counted: bool,
}

async fn open_item(conn: &mut Conn, subject: &str, subject_ref: &str) -> Result<Option<ItemRow>> {
    sqlx::query("SELECT * FROM moderation_items WHERE subject = $1 AND subject_ref = $2 AND status = 'open'")
        .bind(subject)
        .bind(subject_ref)
        .fetch_optional(&mut *conn)
        .await?
        .as_ref()
        .map(item)
        .transpose()
}

/// Files a report on the open item of its thing (made when there is none);
/// the item keeps the most severe reason and counts each person once.
pub async fn file_report(conn: &mut Conn, r: &NewReport<'_>) -> Result<Filed> {
    let (item_id, new_item) = match open_item(conn, r.subject, r.subject_ref).await? {
        Some(existing) => (existing.id, false),
        None => {
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO moderation_items (subject, subject_ref, reason, severity, reports, excerpt, \
                 status, first_reported_at, updated_at) VALUES ($1, $2, $3, $4, 0, $5, 'open', $6, $6) \
                 RETURNING id",
            )
            .bind(r.subject)
            .bind(r.subject_ref)
            .bind(r.reason)
            .bind(r.severity)
            .bind(r.excerpt)
            .bind(r.now)
            .fetch_one(&mut *conn)
            .await
            .map_err(crate::conflict_as("an open report of this"))?;
            (id, true)
        }
    };
    let inserted = sqlx::query(
        "INSERT INTO moderation_reports (item_id, reporter_key, reporter_email, reporter_id, language, \
         reason, details, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
         ON CONFLICT (item_id, reporter_key) DO NOTHING",
    )
    .bind(item_id)
    .bind(r.reporter_key)
    .bind(r.reporter_email)
    .bind(r.reporter_id)
    .bind(r.language)
    .bind(r.reason)
    .bind(r.details)
    .bind(r.now)
    .execute(&mut *conn)
    .await?;
    let counted = inserted.rows_affected() == 1;
    if counted {
        sqlx::query(
            "UPDATE moderation_items SET reports = reports + 1, updated_at = $2, \
             reason = CASE WHEN $3 > severity THEN $4 ELSE reason END, \
             severity = CASE WHEN $3 > severity THEN $3 ELSE severity END, \
             excerpt = CASE WHEN excerpt = '' THEN $5 ELSE excerpt END WHERE id = $1",
        )
        .bind(item_id)
        .bind(r.now)
        .bind(r.severity)
        .bind(r.reason)
        .bind(r.excerpt)
        .execute(&mut *conn)
        .await?;
    }
    Ok(Filed {
        item_id,
        new_item,
        counted,
    })
}

pub async fn get_item(conn: &mut Conn, id: i64) -> Result<Option<ItemRow>> {
    sqlx::query("SELECT * FROM moderation_items WHERE id = $1")
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?
        .as_ref()
        .map(item)
        .transpose()
}

/// Open items, most severe first, then the most reported, then the oldest.
pub async fn queue(conn: &mut Conn, limit: i64) -> Result<Vec<ItemRow>> {
    sqlx::query(
        "SELECT * FROM moderation_items WHERE status = 'open' \
         ORDER BY severity DESC, reports DESC, first_reported_at, id LIMIT $1",
    )
    .bind(limit)
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(item)
    .collect()
}

/// Decided items, the latest first.
pub async fn decided(conn: &mut Conn, limit: i64) -> Result<Vec<ItemRow>> {
    sqlx::query(
        "SELECT * FROM moderation_items WHERE status = 'decided' ORDER BY decided_at DESC, id DESC LIMIT $1",
    )
    .bind(limit)
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(item)
    .collect()
}

/// Decides an open item, once; false when it was decided already.
pub async fn decide(
    conn: &mut Conn,
    id: i64,
    decision: &str,
    by: i64,
    note: &str,
    now: Millis,
) -> Result<bool> {
    let done = sqlx::query(
        "UPDATE moderation_items SET status = 'decided', decision = $2, decided_by = $3, note = $4, \
         decided_at = $5, updated_at = $5 WHERE id = $1 AND status = 'open'",
    )
    .bind(id)
    .bind(decision)
    .bind(by)
    .bind(note)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// The people who reported an item: (email, language), each once.
pub async fn reporters(conn: &mut Conn, item_id: i64) -> Result<Vec<(String, String)>> {
    sqlx::query(
        "SELECT reporter_email, language FROM moderation_reports WHERE item_id = $1 ORDER BY id",
    )
    .bind(item_id)
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(|r| Ok((text(r, "reporter_email")?, text(r, "language")?)))
    .collect()
}

/// The reports of an item, oldest first: (reason, details, at).
pub async fn reports_of(
    conn: &mut Conn,
    item_id: i64,
    limit: i64,
) -> Result<Vec<(String, String, Millis)>> {
    sqlx::query(
        "SELECT reason, details, created_at FROM moderation_reports WHERE item_id = $1 ORDER BY id LIMIT $2",
    )
    .bind(item_id)
    .bind(limit)
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(|r| Ok((text(r, "reason")?, text(r, "details")?, int(r, "created_at")?)))
    .collect()
}

/// Keeps links of a reported message (once each).
pub async fn keep_links(
    conn: &mut Conn,
    item_id: i64,
    links: &[String],
    now: Millis,
) -> Result<()> {
    for link in links {
        sqlx::query(
            "INSERT INTO reported_links (link, item_id, created_at) VALUES ($1, $2, $3) ON CONFLICT (link) DO NOTHING",
        )
        .bind(link)
        .bind(item_id)
        .bind(now)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// Forgets the links of an item found harmless.
pub async fn forget_links(conn: &mut Conn, item_id: i64) -> Result<()> {
    sqlx::query("DELETE FROM reported_links WHERE item_id = $1")
        .bind(item_id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Which of `links` were reported.
pub async fn reported_among(conn: &mut Conn, links: &[String]) -> Result<Vec<String>> {
    if links.is_empty() {
        return Ok(vec![]);
    }
    let placeholders: Vec<String> = (1..=links.len()).map(|i| format!("${i}")).collect();
    let sql = format!(
        "SELECT link FROM reported_links WHERE link IN ({})",
        placeholders.join(", ")
    );
    let mut query = sqlx::query(&sql);
    for link in links {
        query = query.bind(link);
    }
    query
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(|r| text(r, "link"))
        .collect()
}

/// A report filed twice at once on a new thing: the second insert of the
/// item loses the race, and files on the winner's item.
pub fn is_race(err: &StoreError) -> bool {
    matches!(err, StoreError::Conflict(_))
}
