//! Quality reviews: the scorecard's criteria, the weekly samples and the
//! reviewers' ratings.

use marketdesk_domain::Millis;
use sqlx::any::AnyRow;

use crate::row::{int, opt_int, opt_text, text};
use crate::{Conn, Result};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Criterion {
    pub id: i64,
    pub name: String,
}

/// The active criteria, in order.
pub async fn criteria(conn: &mut Conn) -> Result<Vec<Criterion>> {
    let rows =
        sqlx::query("SELECT id, name FROM quality_criteria WHERE active = 1 ORDER BY position, id")
            .fetch_all(&mut *conn)
            .await?;
    rows.iter()
        .map(|r| {
            Ok(Criterion {
                id: int(r, "id")?,
                name: text(r, "name")?,
            })
        })
        .collect()
}

/// Makes `names` the scorecard, in order. Criteria are never deleted
/// (past reviews name them): a name kept keeps its row, others are
/// retired.
pub async fn set_criteria(conn: &mut Conn, names: &[String], now: Millis) -> Result<()> {
    sqlx::query("UPDATE quality_criteria SET active = 0")
        .execute(&mut *conn)
        .await?;
    for (position, name) in names.iter().enumerate() {
        let updated =
            sqlx::query("UPDATE quality_criteria SET active = 1, position = $1 WHERE name = $2")
                .bind(position as i64 + 1)
                .bind(name)
                .execute(&mut *conn)
                .await?
                .rows_affected();
        if updated == 0 {
            sqlx::query(
                "INSERT INTO quality_criteria (name, position, active, created_at) VALUES ($1, $2, 1, $3)",
            )
            .bind(name)
            .bind(position as i64 + 1)
            .bind(now)
            .execute(&mut *conn)
            .await?;
        }
    }
    Ok(())
}

/// Whether a week's sample was drawn.
pub async fn week_drawn(conn: &mut Conn, week_start: &str) -> Result<bool> {
    let drawn: Option<i64> =
        sqlx::query_scalar("SELECT drawn_at FROM quality_weeks WHERE week_start = $1")
            .bind(week_start)
            .fetch_optional(&mut *conn)
            .await?;
    Ok(drawn.is_some())
}

/// Claims the drawing of a week's sample: true for the first caller only.
pub async fn claim_week(conn: &mut Conn, week_start: &str, now: Millis) -> Result<bool> {
    Ok(sqlx::query(
        "INSERT INTO quality_weeks (week_start, drawn_at) VALUES ($1, $2) ON CONFLICT (week_start) DO NOTHING",
    )
    .bind(week_start)
    .bind(now)
    .execute(&mut *conn)
    .await?
    .rows_affected()
        == 1)
}

/// Conversations an agent solved between two instants and nobody reviews
/// yet, as (ticket, agent), at most `limit` per agent taken in id order.
pub async fn candidates(conn: &mut Conn, from: Millis, to: Millis) -> Result<Vec<(i64, i64)>> {
    let rows = sqlx::query(
        "SELECT t.ticket_id, t.assignee_id FROM report_tickets t \
         WHERE t.solved_at >= $1 AND t.solved_at < $2 AND t.assignee_id <> 0 \
         AND NOT EXISTS (SELECT 1 FROM quality_reviews q WHERE q.ticket_id = t.ticket_id) \
         ORDER BY t.ticket_id",
    )
    .bind(from)
    .bind(to)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|r| Ok((int(r, "ticket_id")?, int(r, "assignee_id")?)))
        .collect()
}

pub async fn insert_review(
    conn: &mut Conn,
    ticket_id: i64,
    agent_id: i64,
    week_start: &str,
    now: Millis,
) -> Result<bool> {
    Ok(sqlx::query(
        "INSERT INTO quality_reviews (ticket_id, agent_id, week_start, created_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (ticket_id) DO NOTHING",
    )
    .bind(ticket_id)
    .bind(agent_id)
    .bind(week_start)
    .bind(now)
    .execute(&mut *conn)
    .await?
    .rows_affected()
        == 1)
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewRow {
    pub id: i64,
    pub ticket_id: i64,
    pub subject: String,
    pub agent_id: i64,
    pub week_start: String,
    pub reviewer_id: Option<i64>,
    pub score_percent: Option<i64>,
    pub comment: Option<String>,
    pub created_at: Millis,
    pub reviewed_at: Option<Millis>,
}

fn review(r: &AnyRow) -> Result<ReviewRow> {
    Ok(ReviewRow {
        id: int(r, "id")?,
        ticket_id: int(r, "ticket_id")?,
        subject: text(r, "subject")?,
        agent_id: int(r, "agent_id")?,
        week_start: text(r, "week_start")?,
        reviewer_id: opt_int(r, "reviewer_id")?,
        score_percent: opt_int(r, "score_percent")?,
        comment: opt_text(r, "comment")?,
        created_at: int(r, "created_at")?,
        reviewed_at: opt_int(r, "reviewed_at")?,
    })
}

const REVIEW: &str = "SELECT q.id, q.ticket_id, t.subject, q.agent_id, q.week_start, q.reviewer_id, \
     q.score_percent, q.comment, q.created_at, q.reviewed_at FROM quality_reviews q \
     JOIN tickets t ON t.id = q.ticket_id";

/// Reviews, newest first: pending (`Some(false)`), done (`Some(true)`) or
/// all, of one agent or everyone's.
pub async fn reviews(
    conn: &mut Conn,
    done: Option<bool>,
    agent: Option<i64>,
    limit: i64,
) -> Result<Vec<ReviewRow>> {
    let done_clause = match done {
        Some(true) => " AND q.reviewed_at IS NOT NULL",
        Some(false) => " AND q.reviewed_at IS NULL",
        None => "",
    };
    let rows = sqlx::query(&format!(
        "{REVIEW} WHERE ($1 = 0 OR q.agent_id = $1){done_clause} ORDER BY q.id DESC LIMIT $2"
    ))
    .bind(agent.unwrap_or(0))
    .bind(limit)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter().map(review).collect()
}

pub async fn get_review(conn: &mut Conn, id: i64) -> Result<Option<ReviewRow>> {
    let row = sqlx::query(&format!("{REVIEW} WHERE q.id = $1"))
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?;
    row.as_ref().map(review).transpose()
}

/// A review's ratings: (criterion, its name, rating).
pub async fn ratings(conn: &mut Conn, review_id: i64) -> Result<Vec<(i64, String, i64)>> {
    let rows = sqlx::query(
        "SELECT r.criterion_id, c.name, r.rating FROM quality_ratings r \
         JOIN quality_criteria c ON c.id = r.criterion_id WHERE r.review_id = $1 ORDER BY c.position, c.id",
    )
    .bind(review_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|r| Ok((int(r, "criterion_id")?, text(r, "name")?, int(r, "rating")?)))
        .collect()
}

/// Records a review once: false when it was scored already.
pub async fn record(
    conn: &mut Conn,
    review_id: i64,
    reviewer_id: i64,
    ratings: &[(i64, u8)],
    score: u8,
    comment: Option<&str>,
    now: Millis,
) -> Result<bool> {
    let updated = sqlx::query(
        "UPDATE quality_reviews SET reviewer_id = $1, score_percent = $2, comment = $3, reviewed_at = $4 \
         WHERE id = $5 AND reviewed_at IS NULL",
    )
    .bind(reviewer_id)
    .bind(i64::from(score))
    .bind(comment)
    .bind(now)
    .bind(review_id)
    .execute(&mut *conn)
    .await?
    .rows_affected();
    if updated == 0 {
        return Ok(false);
    }
    for (criterion, rating) in ratings {
        sqlx::query(
            "INSERT INTO quality_ratings (review_id, criterion_id, rating) VALUES ($1, $2, $3)",
        )
        .bind(review_id)
        .bind(criterion)
        .bind(i64::from(*rating))
        .execute(&mut *conn)
        .await?;
    }
    Ok(true)
}
