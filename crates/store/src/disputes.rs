//! Buyer–seller cases, their three-party thread and their evidence
//! (migration 0042). A case changes only from the state it was read in
//! (`update_case` compares), so two steps at once never both count.

use marketdesk_domain::Millis;
use sqlx::any::AnyRow;

use crate::row::{flag, int, opt_int, opt_text, text};
use crate::{Conn, Result, conflict_as};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseRow {
    pub id: i64,
    pub order_id: i64,
    pub buyer_id: i64,
    pub seller_id: i64,
    pub ticket_id: Option<i64>,
    pub reason: String,
    pub status: String,
    pub currency: String,
    pub offer: Option<String>,
    pub offer_amount_minor: Option<i64>,
    pub outcome: Option<String>,
    pub outcome_amount_minor: Option<i64>,
    pub payout: String,
    pub opened_at: Millis,
    pub seller_due_at: Millis,
    pub escalated_at: Option<Millis>,
    pub decision_due_at: Option<Millis>,
    pub resolved_at: Option<Millis>,
    pub decided_by: Option<i64>,
    pub appealed: bool,
    /// The outcome's money and orders moved.
    pub executed: bool,
    pub due_at: Option<Millis>,
    pub updated_at: Millis,
}

fn case(r: &AnyRow) -> Result<CaseRow> {
    Ok(CaseRow {
        id: int(r, "id")?,
        order_id: int(r, "order_id")?,
        buyer_id: int(r, "buyer_id")?,
        seller_id: int(r, "seller_id")?,
        ticket_id: opt_int(r, "ticket_id")?,
        reason: text(r, "reason")?,
        status: text(r, "status")?,
        currency: text(r, "currency")?,
        offer: opt_text(r, "offer")?,
        offer_amount_minor: opt_int(r, "offer_amount_minor")?,
        outcome: opt_text(r, "outcome")?,
        outcome_amount_minor: opt_int(r, "outcome_amount_minor")?,
        payout: text(r, "payout")?,
        opened_at: int(r, "opened_at")?,
        seller_due_at: int(r, "seller_due_at")?,
        escalated_at: opt_int(r, "escalated_at")?,
        decision_due_at: opt_int(r, "decision_due_at")?,
        resolved_at: opt_int(r, "resolved_at")?,
        decided_by: opt_int(r, "decided_by")?,
        appealed: flag(r, "appealed")?,
        executed: flag(r, "executed")?,
        due_at: opt_int(r, "due_at")?,
        updated_at: int(r, "updated_at")?,
    })
}

const CASE_COLUMNS: &str = "order_id, buyer_id, seller_id, ticket_id, reason, status, currency, \
     offer, offer_amount_minor, outcome, outcome_amount_minor, payout, opened_at, seller_due_at, \
     escalated_at, decision_due_at, resolved_at, decided_by, appealed, executed, due_at, updated_at";

/// Opens a case; a second open case on the same order and seller is a
/// conflict.
pub async fn insert_case(conn: &mut Conn, c: &CaseRow) -> Result<i64> {
    let id: i64 = sqlx::query_scalar(&format!(
        "INSERT INTO dispute_cases ({CASE_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, \
         $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22) RETURNING id"
    ))
    .bind(c.order_id)
    .bind(c.buyer_id)
    .bind(c.seller_id)
    .bind(c.ticket_id)
    .bind(&c.reason)
    .bind(&c.status)
    .bind(&c.currency)
    .bind(&c.offer)
    .bind(c.offer_amount_minor)
    .bind(&c.outcome)
    .bind(c.outcome_amount_minor)
    .bind(&c.payout)
    .bind(c.opened_at)
    .bind(c.seller_due_at)
    .bind(c.escalated_at)
    .bind(c.decision_due_at)
    .bind(c.resolved_at)
    .bind(c.decided_by)
    .bind(i64::from(c.appealed))
    .bind(i64::from(c.executed))
    .bind(c.due_at)
    .bind(c.updated_at)
    .fetch_one(&mut *conn)
    .await
    .map_err(conflict_as("an open case on this order with this seller"))?;
    Ok(id)
}

/// Writes `c` over the stored case when it is still as `read` left it;
/// answers false when someone changed it meanwhile.
pub async fn update_case(conn: &mut Conn, c: &CaseRow, read: &CaseRow) -> Result<bool> {
    let done = sqlx::query(
        "UPDATE dispute_cases SET ticket_id = $1, status = $2, offer = $3, offer_amount_minor = $4, \
         outcome = $5, outcome_amount_minor = $6, payout = $7, escalated_at = $8, \
         decision_due_at = $9, resolved_at = $10, decided_by = $11, appealed = $12, due_at = $13, \
         updated_at = $14, executed = $15 WHERE id = $16 AND status = $17 AND updated_at = $18",
    )
    .bind(c.ticket_id)
    .bind(&c.status)
    .bind(&c.offer)
    .bind(c.offer_amount_minor)
    .bind(&c.outcome)
    .bind(c.outcome_amount_minor)
    .bind(&c.payout)
    .bind(c.escalated_at)
    .bind(c.decision_due_at)
    .bind(c.resolved_at)
    .bind(c.decided_by)
    .bind(i64::from(c.appealed))
    .bind(c.due_at)
    .bind(c.updated_at)
    .bind(i64::from(c.executed))
    .bind(c.id)
    .bind(&read.status)
    .bind(read.updated_at)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn get_case(conn: &mut Conn, id: i64) -> Result<Option<CaseRow>> {
    let row = sqlx::query("SELECT * FROM dispute_cases WHERE id = $1")
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?;
    row.as_ref().map(case).transpose()
}

/// Whose cases a list shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CaseOwner {
    Buyer(i64),
    Seller(i64),
    Everyone,
}

/// Cases, newest first, optionally in some statuses; at most `limit`.
pub async fn list_cases(
    conn: &mut Conn,
    owner: CaseOwner,
    statuses: &[&str],
    limit: i64,
) -> Result<Vec<CaseRow>> {
    let mut sql = String::from("SELECT * FROM dispute_cases WHERE 1 = 1");
    let mut next = 2;
    let person = match owner {
        CaseOwner::Buyer(id) => {
            sql.push_str(" AND buyer_id = $2");
            next = 3;
            Some(id)
        }
        CaseOwner::Seller(id) => {
            sql.push_str(" AND seller_id = $2");
            next = 3;
            Some(id)
        }
        CaseOwner::Everyone => None,
    };
    if !statuses.is_empty() {
        let marks: Vec<String> = (0..statuses.len())
            .map(|i| format!("${}", next + i))
            .collect();
        sql.push_str(&format!(" AND status IN ({})", marks.join(", ")));
    }
    sql.push_str(" ORDER BY id DESC LIMIT $1");
    let mut q = sqlx::query(&sql).bind(limit);
    if let Some(person) = person {
        q = q.bind(person);
    }
    for status in statuses {
        q = q.bind(*status);
    }
    let rows = q.fetch_all(&mut *conn).await?;
    rows.iter().map(case).collect()
}

/// Cases the clock acts on by `now`, oldest due first.
pub async fn due_cases(conn: &mut Conn, now: Millis, limit: i64) -> Result<Vec<CaseRow>> {
    let rows = sqlx::query(
        "SELECT * FROM dispute_cases WHERE due_at IS NOT NULL AND due_at <= $1 ORDER BY due_at LIMIT $2",
    )
    .bind(now)
    .bind(limit)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter().map(case).collect()
}

/// Recently delivered orders with a marketplace seller, newest first:
/// (number, buyer, buyer's language, a seller) — where a case may be opened.
pub async fn delivered_with_sellers(
    conn: &mut Conn,
    since: Millis,
    limit: i64,
) -> Result<Vec<(String, i64, String, i64)>> {
    let rows = sqlx::query(
        "SELECT o.number, o.customer_id, p.language, MIN(l.seller_id) AS seller_id FROM orders o \
         JOIN order_lines l ON l.order_id = o.id JOIN shipments s ON s.order_id = o.id \
         JOIN people p ON p.id = o.customer_id \
         WHERE s.delivered_at > $1 AND l.seller_id IS NOT NULL \
         GROUP BY o.id, o.number, o.customer_id, p.language ORDER BY o.id DESC LIMIT $2",
    )
    .bind(since)
    .bind(limit)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|r| {
            Ok((
                text(r, "number")?,
                int(r, "customer_id")?,
                text(r, "language")?,
                int(r, "seller_id")?,
            ))
        })
        .collect()
}

/// Links the platform's ticket for the case.
pub async fn set_ticket(conn: &mut Conn, id: i64, ticket_id: i64) -> Result<()> {
    sqlx::query("UPDATE dispute_cases SET ticket_id = $1 WHERE id = $2")
        .bind(ticket_id)
        .bind(id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Decided cases whose outcome has not moved yet (a failure to retry).
pub async fn unexecuted(conn: &mut Conn, before: Millis, limit: i64) -> Result<Vec<CaseRow>> {
    let rows = sqlx::query(
        "SELECT * FROM dispute_cases WHERE executed = 0 AND outcome IS NOT NULL AND resolved_at <= $1 \
         ORDER BY resolved_at LIMIT $2",
    )
    .bind(before)
    .bind(limit)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter().map(case).collect()
}

/// Records that a case's outcome moved.
pub async fn mark_executed(conn: &mut Conn, id: i64) -> Result<()> {
    sqlx::query("UPDATE dispute_cases SET executed = 1 WHERE id = $1")
        .bind(id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// A message the buyer or the seller wrote before the case, on a ticket
/// about its order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EarlierMessage {
    pub ticket_id: i64,
    pub author_id: i64,
    pub body: String,
    pub created_at: Millis,
}

/// The parties' own public messages on the order's tickets before
/// `before`, oldest first (at most `limit`, the newest kept).
pub async fn earlier_messages(
    conn: &mut Conn,
    c: &CaseRow,
    before: Millis,
    limit: i64,
) -> Result<Vec<EarlierMessage>> {
    let rows = sqlx::query(
        "SELECT m.ticket_id, m.author_id, m.body_text, m.created_at FROM messages m \
         WHERE m.ticket_id IN (SELECT ticket_id FROM ticket_orders WHERE order_id = $1) \
         AND m.kind = 'public' AND m.author_id IN ($2, $3) AND m.created_at < $4 \
         AND ($5 = 0 OR m.ticket_id <> $5) \
         ORDER BY m.created_at DESC, m.id DESC LIMIT $6",
    )
    .bind(c.order_id)
    .bind(c.buyer_id)
    .bind(c.seller_id)
    .bind(before)
    .bind(c.ticket_id.unwrap_or(0))
    .bind(limit)
    .fetch_all(&mut *conn)
    .await?;
    let mut found = rows
        .iter()
        .map(|r| {
            Ok(EarlierMessage {
                ticket_id: int(r, "ticket_id")?,
                author_id: int(r, "author_id")?,
                body: text(r, "body_text")?,
                created_at: int(r, "created_at")?,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    found.reverse();
    Ok(found)
}

/// The seller's cases holding their payout now: (case id, order number).
pub async fn held_orders(conn: &mut Conn, seller_id: i64) -> Result<Vec<(i64, String)>> {
    sqlx::query(
        "SELECT c.id, o.number FROM dispute_cases c JOIN orders o ON o.id = c.order_id \
         WHERE c.seller_id = $1 AND c.payout = 'held' ORDER BY c.id LIMIT 500",
    )
    .bind(seller_id)
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(|r| Ok((int(r, "id")?, text(r, "number")?)))
    .collect()
}

/// Cases closed against each seller (and all their cases) since `since`.
pub async fn seller_case_counts(
    conn: &mut Conn,
    seller_id: i64,
    since: Millis,
) -> Result<(i64, i64)> {
    let row = sqlx::query(
        "SELECT COUNT(*) AS all_cases, \
         COALESCE(SUM(CASE WHEN outcome IN ('full_refund', 'refund_after_return', 'partial_refund', 'replacement') \
         THEN 1 ELSE 0 END), 0) AS against FROM dispute_cases WHERE seller_id = $1 AND opened_at >= $2",
    )
    .bind(seller_id)
    .bind(since)
    .fetch_one(&mut *conn)
    .await?;
    Ok((int(&row, "all_cases")?, int(&row, "against")?))
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MessageRow {
    pub id: i64,
    pub case_id: i64,
    pub author_id: Option<i64>,
    pub party: String,
    pub visibility: String,
    pub language: String,
    pub body: String,
    pub created_at: Millis,
}

pub async fn insert_message(conn: &mut Conn, m: &MessageRow) -> Result<i64> {
    Ok(sqlx::query_scalar(
        "INSERT INTO dispute_messages (case_id, author_id, party, visibility, language, body, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(m.case_id)
    .bind(m.author_id)
    .bind(&m.party)
    .bind(&m.visibility)
    .bind(&m.language)
    .bind(&m.body)
    .bind(m.created_at)
    .fetch_one(&mut *conn)
    .await?)
}

/// A case's messages in the order written, only of `visibilities`.
pub async fn messages(
    conn: &mut Conn,
    case_id: i64,
    visibilities: &[&str],
) -> Result<Vec<MessageRow>> {
    let marks: Vec<String> = (0..visibilities.len())
        .map(|i| format!("${}", i + 2))
        .collect();
    if marks.is_empty() {
        return Ok(vec![]);
    }
    let sql = format!(
        "SELECT * FROM dispute_messages WHERE case_id = $1 AND visibility IN ({}) ORDER BY id",
        marks.join(", ")
    );
    let mut q = sqlx::query(&sql).bind(case_id);
    for v in visibilities {
        q = q.bind(*v);
    }
    let rows = q.fetch_all(&mut *conn).await?;
    rows.iter()
        .map(|r| {
            Ok(MessageRow {
                id: int(r, "id")?,
                case_id: int(r, "case_id")?,
                author_id: opt_int(r, "author_id")?,
                party: text(r, "party")?,
                visibility: text(r, "visibility")?,
                language: text(r, "language")?,
                body: text(r, "body")?,
                created_at: int(r, "created_at")?,
            })
        })
        .collect()
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EvidenceRow {
    pub id: i64,
    pub case_id: i64,
    pub message_id: i64,
    pub filename: String,
    pub content_type: String,
    pub size_bytes: i64,
    pub sha256: String,
    pub created_at: Millis,
}

pub async fn insert_evidence(conn: &mut Conn, e: &EvidenceRow) -> Result<i64> {
    Ok(sqlx::query_scalar(
        "INSERT INTO dispute_evidence (case_id, message_id, filename, content_type, size_bytes, sha256, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(e.case_id)
    .bind(e.message_id)
    .bind(&e.filename)
    .bind(&e.content_type)
    .bind(e.size_bytes)
    .bind(&e.sha256)
    .bind(e.created_at)
    .fetch_one(&mut *conn)
    .await?)
}

/// A case's evidence files, with the visibility of the message that
/// brought each.
pub async fn evidence(conn: &mut Conn, case_id: i64) -> Result<Vec<(EvidenceRow, String)>> {
    let rows = sqlx::query(
        "SELECT e.*, m.visibility FROM dispute_evidence e JOIN dispute_messages m ON m.id = e.message_id \
         WHERE e.case_id = $1 ORDER BY e.id",
    )
    .bind(case_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|r| {
            Ok((
                EvidenceRow {
                    id: int(r, "id")?,
                    case_id: int(r, "case_id")?,
                    message_id: int(r, "message_id")?,
                    filename: text(r, "filename")?,
                    content_type: text(r, "content_type")?,
                    size_bytes: int(r, "size_bytes")?,
                    sha256: text(r, "sha256")?,
                    created_at: int(r, "created_at")?,
                },
                text(r, "visibility")?,
            ))
        })
        .collect()
}

/// Counts a case's evidence files (each case holds a bounded number).
pub async fn evidence_count(conn: &mut Conn, case_id: i64) -> Result<i64> {
    Ok(
        sqlx::query_scalar("SELECT COUNT(*) FROM dispute_evidence WHERE case_id = $1")
            .bind(case_id)
            .fetch_one(&mut *conn)
            .await?,
    )
}
