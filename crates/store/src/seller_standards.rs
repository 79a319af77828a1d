//! Seller standards (migration 0043): the figures of a seller's window,
//! strikes, the standing as last assessed, notices with their appeals, and
//! flagged buyers. A standing changes only from the one it was read as, a
//! notice is appealed and decided once, a buyer flagged once per new loss:
//! two nodes assessing at once never send two notices.

use marketdesk_domain::Millis;
use marketdesk_domain::seller_standards::{CaseAnswer, Figures, ShippedOrder};
use sqlx::any::AnyRow;

use crate::row::{int, opt_int, opt_text, text};
use crate::{Conn, Result};

/// Orders one assessment reads at most (the newest count first).
const MAX_ORDERS_READ: i64 = 50_000;
/// Cases one assessment reads at most.
const MAX_CASES_READ: i64 = 10_000;

const LOST_OUTCOMES: &str =
    "('full_refund', 'refund_after_return', 'partial_refund', 'replacement')";

fn count(n: i64) -> u32 {
    u32::try_from(n.max(0)).unwrap_or(u32::MAX)
}

/// The seller's figures: orders placed since `since`, cases opened or
/// decided since then, strikes given since `strikes_since`.
pub async fn figures(
    conn: &mut Conn,
    seller_id: i64,
    since: Millis,
    strikes_since: Millis,
) -> Result<Figures> {
    let orders = sqlx::query(
        "SELECT COUNT(*) AS orders, \
         COALESCE(SUM(CASE WHEN o.cancelled_by = 'seller' THEN 1 ELSE 0 END), 0) AS cancelled \
         FROM orders o WHERE o.placed_at >= $2 \
         AND o.id IN (SELECT order_id FROM order_lines WHERE seller_id = $1)",
    )
    .bind(seller_id)
    .bind(since)
    .fetch_one(&mut *conn)
    .await?;
    // A shipment without lines carries the whole order.
    let shipping = sqlx::query(
        "SELECT o.placed_at, (SELECT MIN(s.label_created_at) FROM shipments s \
           WHERE s.order_id = o.id AND ( \
             NOT EXISTS (SELECT 1 FROM shipment_lines sl WHERE sl.shipment_id = s.id) \
             OR EXISTS (SELECT 1 FROM shipment_lines sl JOIN order_lines l ON l.id = sl.order_line_id \
                        WHERE sl.shipment_id = s.id AND l.seller_id = $1))) AS shipped_at \
         FROM orders o WHERE o.placed_at >= $2 AND o.status <> 'cancelled' AND o.cancelled_by IS NULL \
         AND o.id IN (SELECT order_id FROM order_lines WHERE seller_id = $1 AND quantity > cancelled_quantity) \
         ORDER BY o.placed_at DESC LIMIT $3",
    )
    .bind(seller_id)
    .bind(since)
    .bind(MAX_ORDERS_READ)
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(|r| {
        Ok(ShippedOrder {
            placed_at: int(r, "placed_at")?,
            shipped_at: opt_int(r, "shipped_at")?,
        })
    })
    .collect::<Result<Vec<_>>>()?;
    let cases = sqlx::query(
        "SELECT opened_at, seller_answered_at FROM dispute_cases \
         WHERE seller_id = $1 AND opened_at >= $2 ORDER BY opened_at DESC LIMIT $3",
    )
    .bind(seller_id)
    .bind(since)
    .bind(MAX_CASES_READ)
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(|r| {
        Ok(CaseAnswer {
            opened_at: int(r, "opened_at")?,
            answered_at: opt_int(r, "seller_answered_at")?,
        })
    })
    .collect::<Result<Vec<_>>>()?;
    let lost: i64 = sqlx::query_scalar(&format!(
        "SELECT COUNT(*) FROM dispute_cases WHERE seller_id = $1 AND resolved_at >= $2 \
         AND decided_by IS NOT NULL AND outcome IN {LOST_OUTCOMES}"
    ))
    .bind(seller_id)
    .bind(since)
    .fetch_one(&mut *conn)
    .await?;
    let strikes: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM seller_strikes WHERE seller_id = $1 AND issued_at >= $2 \
         AND withdrawn_at IS NULL",
    )
    .bind(seller_id)
    .bind(strikes_since)
    .fetch_one(&mut *conn)
    .await?;
    Ok(Figures {
        orders: count(int(&orders, "orders")?),
        seller_cancellations: count(int(&orders, "cancelled")?),
        cases_lost: count(lost),
        shipping,
        cases,
        active_strikes: count(strikes),
    })
}

/// A buyer's cases opened since `since`, and those the platform decided
/// for the seller.
pub async fn buyer_record(conn: &mut Conn, buyer_id: i64, since: Millis) -> Result<(u32, u32)> {
    let row = sqlx::query(
        "SELECT COUNT(*) AS opened, COALESCE(SUM(CASE WHEN outcome = 'seller_wins' \
         AND decided_by IS NOT NULL THEN 1 ELSE 0 END), 0) AS lost \
         FROM dispute_cases WHERE buyer_id = $1 AND opened_at >= $2",
    )
    .bind(buyer_id)
    .bind(since)
    .fetch_one(&mut *conn)
    .await?;
    Ok((count(int(&row, "opened")?), count(int(&row, "lost")?)))
}

/// The seller's first answer on a case (a step or a message), once.
pub async fn mark_seller_answered(conn: &mut Conn, case_id: i64, at: Millis) -> Result<()> {
    sqlx::query(
        "UPDATE dispute_cases SET seller_answered_at = $2 WHERE id = $1 AND seller_answered_at IS NULL",
    )
    .bind(case_id)
    .bind(at)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

// --- Standings ---------------------------------------------------------

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StandingRow {
    pub seller_id: i64,
    pub standing: String,
    /// The last assessment, as JSON.
    pub assessment: String,
    pub assessed_at: Millis,
    pub changed_at: Millis,
}

fn standing(r: &AnyRow) -> Result<StandingRow> {
    Ok(StandingRow {
        seller_id: int(r, "seller_id")?,
        standing: text(r, "standing")?,
        assessment: text(r, "assessment")?,
        assessed_at: int(r, "assessed_at")?,
        changed_at: int(r, "changed_at")?,
    })
}

pub async fn get_standing(conn: &mut Conn, seller_id: i64) -> Result<Option<StandingRow>> {
    sqlx::query("SELECT * FROM seller_standings WHERE seller_id = $1")
        .bind(seller_id)
        .fetch_optional(&mut *conn)
        .await?
        .as_ref()
        .map(standing)
        .transpose()
}

/// Writes the assessment; the standing changes only when it still is
/// `from` (`None`: no row yet). Answers whether this call changed it.
pub async fn write_standing(
    conn: &mut Conn,
    row: &StandingRow,
    from: Option<&str>,
) -> Result<bool> {
    let done = match from {
        None => sqlx::query(
            "INSERT INTO seller_standings (seller_id, standing, assessment, assessed_at, changed_at) \
             VALUES ($1, $2, $3, $4, $5) ON CONFLICT (seller_id) DO NOTHING",
        )
        .bind(row.seller_id)
        .bind(&row.standing)
        .bind(&row.assessment)
        .bind(row.assessed_at)
        .bind(row.changed_at)
        .execute(&mut *conn)
        .await?,
        Some(from) => sqlx::query(
            "UPDATE seller_standings SET standing = $2, assessment = $3, assessed_at = $4, \
             changed_at = $5 WHERE seller_id = $1 AND standing = $6",
        )
        .bind(row.seller_id)
        .bind(&row.standing)
        .bind(&row.assessment)
        .bind(row.assessed_at)
        .bind(row.changed_at)
        .bind(from)
        .execute(&mut *conn)
        .await?,
    };
    Ok(done.rows_affected() == 1)
}

/// Sellers (people with the seller role) not assessed since `before`,
/// those never assessed first.
pub async fn stale_sellers(conn: &mut Conn, before: Millis, limit: i64) -> Result<Vec<i64>> {
    let rows = sqlx::query(
        "SELECT p.id FROM people p LEFT JOIN seller_standings s ON s.seller_id = p.id \
         WHERE p.role = 'seller' AND (s.assessed_at IS NULL OR s.assessed_at < $1) \
         ORDER BY COALESCE(s.assessed_at, 0), p.id LIMIT $2",
    )
    .bind(before)
    .bind(limit)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter().map(|r| int(r, "id")).collect()
}

/// A seller in the staff's list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SellerLine {
    pub row: StandingRow,
    pub name: String,
    pub email: String,
}

/// Assessed sellers, worst standing first (or of one standing), by id
/// after `after` within a standing.
pub async fn list_standings(
    conn: &mut Conn,
    only: Option<&str>,
    limit: i64,
) -> Result<Vec<SellerLine>> {
    let rows = sqlx::query(
        "SELECT s.*, p.name, p.email FROM seller_standings s JOIN people p ON p.id = s.seller_id \
         WHERE ($1 = '' OR s.standing = $1) \
         ORDER BY CASE s.standing WHEN 'suspended' THEN 0 WHEN 'restricted' THEN 1 \
         WHEN 'warning' THEN 2 ELSE 3 END, s.changed_at DESC, s.seller_id LIMIT $2",
    )
    .bind(only.unwrap_or(""))
    .bind(limit)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(SellerLine {
                row: standing(r)?,
                name: text(r, "name")?,
                email: text(r, "email")?,
            })
        })
        .collect()
}

// --- Notices -----------------------------------------------------------

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoticeRow {
    pub id: i64,
    pub seller_id: i64,
    pub standing: String,
    pub previous: String,
    pub cause: String,
    pub assessment: String,
    pub created_at: Millis,
    pub appeal: Option<String>,
    pub appealed_at: Option<Millis>,
    pub appeal_status: Option<String>,
    pub decided_by: Option<i64>,
    pub decided_at: Option<Millis>,
    pub decision_note: Option<String>,
}

fn notice(r: &AnyRow) -> Result<NoticeRow> {
    Ok(NoticeRow {
        id: int(r, "id")?,
        seller_id: int(r, "seller_id")?,
        standing: text(r, "standing")?,
        previous: text(r, "previous")?,
        cause: text(r, "cause")?,
        assessment: text(r, "assessment")?,
        created_at: int(r, "created_at")?,
        appeal: opt_text(r, "appeal")?,
        appealed_at: opt_int(r, "appealed_at")?,
        appeal_status: opt_text(r, "appeal_status")?,
        decided_by: opt_int(r, "decided_by")?,
        decided_at: opt_int(r, "decided_at")?,
        decision_note: opt_text(r, "decision_note")?,
    })
}

pub async fn insert_notice(conn: &mut Conn, n: &NoticeRow) -> Result<i64> {
    Ok(sqlx::query_scalar(
        "INSERT INTO seller_notices (seller_id, standing, previous, cause, assessment, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(n.seller_id)
    .bind(&n.standing)
    .bind(&n.previous)
    .bind(&n.cause)
    .bind(&n.assessment)
    .bind(n.created_at)
    .fetch_one(&mut *conn)
    .await?)
}

pub async fn get_notice(conn: &mut Conn, id: i64) -> Result<Option<NoticeRow>> {
    sqlx::query("SELECT * FROM seller_notices WHERE id = $1")
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?
        .as_ref()
        .map(notice)
        .transpose()
}

/// A seller's notices, newest first.
pub async fn notices(conn: &mut Conn, seller_id: i64, limit: i64) -> Result<Vec<NoticeRow>> {
    sqlx::query("SELECT * FROM seller_notices WHERE seller_id = $1 ORDER BY id DESC LIMIT $2")
        .bind(seller_id)
        .bind(limit)
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(notice)
        .collect()
}

/// Notices whose appeal waits for a decision, oldest first.
pub async fn pending_appeals(conn: &mut Conn, limit: i64) -> Result<Vec<NoticeRow>> {
    sqlx::query(
        "SELECT * FROM seller_notices WHERE appeal_status = 'pending' ORDER BY appealed_at, id LIMIT $1",
    )
    .bind(limit)
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(notice)
    .collect()
}

/// Records the seller's appeal; false when the notice was appealed already.
pub async fn appeal_notice(conn: &mut Conn, id: i64, text: &str, at: Millis) -> Result<bool> {
    let done = sqlx::query(
        "UPDATE seller_notices SET appeal = $2, appealed_at = $3, appeal_status = 'pending' \
         WHERE id = $1 AND appeal_status IS NULL",
    )
    .bind(id)
    .bind(text)
    .bind(at)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Decides a pending appeal; false when it was decided already.
pub async fn decide_appeal(
    conn: &mut Conn,
    id: i64,
    status: &str,
    by: i64,
    note: &str,
    at: Millis,
) -> Result<bool> {
    let done = sqlx::query(
        "UPDATE seller_notices SET appeal_status = $2, decided_by = $3, decision_note = $4, \
         decided_at = $5 WHERE id = $1 AND appeal_status = 'pending'",
    )
    .bind(id)
    .bind(status)
    .bind(by)
    .bind(note)
    .bind(at)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// The seller's latest notice an appeal lifted since `since`.
pub async fn last_lifted(
    conn: &mut Conn,
    seller_id: i64,
    since: Millis,
) -> Result<Option<NoticeRow>> {
    sqlx::query(
        "SELECT * FROM seller_notices WHERE seller_id = $1 AND appeal_status = 'lifted' \
         AND decided_at >= $2 ORDER BY decided_at DESC, id DESC LIMIT 1",
    )
    .bind(seller_id)
    .bind(since)
    .fetch_optional(&mut *conn)
    .await?
    .as_ref()
    .map(notice)
    .transpose()
}

// --- Strikes -----------------------------------------------------------

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StrikeRow {
    pub id: i64,
    pub seller_id: i64,
    pub reason: String,
    pub note: String,
    pub issued_by: i64,
    pub issued_at: Millis,
    pub withdrawn_by: Option<i64>,
    pub withdrawn_at: Option<Millis>,
}

fn strike(r: &AnyRow) -> Result<StrikeRow> {
    Ok(StrikeRow {
        id: int(r, "id")?,
        seller_id: int(r, "seller_id")?,
        reason: text(r, "reason")?,
        note: text(r, "note")?,
        issued_by: int(r, "issued_by")?,
        issued_at: int(r, "issued_at")?,
        withdrawn_by: opt_int(r, "withdrawn_by")?,
        withdrawn_at: opt_int(r, "withdrawn_at")?,
    })
}

pub async fn insert_strike(conn: &mut Conn, s: &StrikeRow) -> Result<i64> {
    Ok(sqlx::query_scalar(
        "INSERT INTO seller_strikes (seller_id, reason, note, issued_by, issued_at) \
         VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(s.seller_id)
    .bind(&s.reason)
    .bind(&s.note)
    .bind(s.issued_by)
    .bind(s.issued_at)
    .fetch_one(&mut *conn)
    .await?)
}

pub async fn get_strike(conn: &mut Conn, id: i64) -> Result<Option<StrikeRow>> {
    sqlx::query("SELECT * FROM seller_strikes WHERE id = $1")
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?
        .as_ref()
        .map(strike)
        .transpose()
}

/// A seller's strikes since `since`, newest first.
pub async fn strikes(
    conn: &mut Conn,
    seller_id: i64,
    since: Millis,
    limit: i64,
) -> Result<Vec<StrikeRow>> {
    sqlx::query(
        "SELECT * FROM seller_strikes WHERE seller_id = $1 AND issued_at >= $2 \
         ORDER BY issued_at DESC, id DESC LIMIT $3",
    )
    .bind(seller_id)
    .bind(since)
    .bind(limit)
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(strike)
    .collect()
}

/// Withdraws a strike; false when it was withdrawn already.
pub async fn withdraw_strike(conn: &mut Conn, id: i64, by: i64, at: Millis) -> Result<bool> {
    let done = sqlx::query(
        "UPDATE seller_strikes SET withdrawn_by = $2, withdrawn_at = $3 WHERE id = $1 AND withdrawn_at IS NULL",
    )
    .bind(id)
    .bind(by)
    .bind(at)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

// --- Flagged buyers ----------------------------------------------------

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuyerFlagRow {
    pub buyer_id: i64,
    pub name: String,
    pub email: String,
    pub cases_opened: i64,
    pub cases_lost: i64,
    pub flagged_at: Millis,
    pub status: String,
    pub reviewed_by: Option<i64>,
    pub reviewed_at: Option<Millis>,
    pub note: Option<String>,
}

/// Flags a buyer: a new flag, or a reviewed one whose losses grew since.
/// Answers whether this call flagged them.
pub async fn flag_buyer(
    conn: &mut Conn,
    buyer_id: i64,
    opened: u32,
    lost: u32,
    at: Millis,
) -> Result<bool> {
    let inserted = sqlx::query(
        "INSERT INTO buyer_flags (buyer_id, cases_opened, cases_lost, flagged_at, status) \
         VALUES ($1, $2, $3, $4, 'flagged') ON CONFLICT (buyer_id) DO NOTHING",
    )
    .bind(buyer_id)
    .bind(i64::from(opened))
    .bind(i64::from(lost))
    .bind(at)
    .execute(&mut *conn)
    .await?;
    if inserted.rows_affected() == 1 {
        return Ok(true);
    }
    let again = sqlx::query(
        "UPDATE buyer_flags SET status = 'flagged', cases_opened = $2, cases_lost = $3, \
         flagged_at = $4, reviewed_by = NULL, reviewed_at = NULL, note = NULL \
         WHERE buyer_id = $1 AND status = 'reviewed' AND cases_lost < $3",
    )
    .bind(buyer_id)
    .bind(i64::from(opened))
    .bind(i64::from(lost))
    .bind(at)
    .execute(&mut *conn)
    .await?;
    if again.rows_affected() == 1 {
        return Ok(true);
    }
    // Still flagged: keep its figures current.
    sqlx::query(
        "UPDATE buyer_flags SET cases_opened = $2, cases_lost = $3 WHERE buyer_id = $1 AND status = 'flagged'",
    )
    .bind(buyer_id)
    .bind(i64::from(opened))
    .bind(i64::from(lost))
    .execute(&mut *conn)
    .await?;
    Ok(false)
}

fn buyer_flag(r: &AnyRow) -> Result<BuyerFlagRow> {
    Ok(BuyerFlagRow {
        buyer_id: int(r, "buyer_id")?,
        name: text(r, "name")?,
        email: text(r, "email")?,
        cases_opened: int(r, "cases_opened")?,
        cases_lost: int(r, "cases_lost")?,
        flagged_at: int(r, "flagged_at")?,
        status: text(r, "status")?,
        reviewed_by: opt_int(r, "reviewed_by")?,
        reviewed_at: opt_int(r, "reviewed_at")?,
        note: opt_text(r, "note")?,
    })
}

/// Flagged buyers of one status, newest flag first.
pub async fn buyer_flags(conn: &mut Conn, status: &str, limit: i64) -> Result<Vec<BuyerFlagRow>> {
    sqlx::query(
        "SELECT f.*, p.name, p.email FROM buyer_flags f JOIN people p ON p.id = f.buyer_id \
         WHERE f.status = $1 ORDER BY f.flagged_at DESC, f.buyer_id LIMIT $2",
    )
    .bind(status)
    .bind(limit)
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(buyer_flag)
    .collect()
}

pub async fn get_buyer_flag(conn: &mut Conn, buyer_id: i64) -> Result<Option<BuyerFlagRow>> {
    sqlx::query(
        "SELECT f.*, p.name, p.email FROM buyer_flags f JOIN people p ON p.id = f.buyer_id \
         WHERE f.buyer_id = $1",
    )
    .bind(buyer_id)
    .fetch_optional(&mut *conn)
    .await?
    .as_ref()
    .map(buyer_flag)
    .transpose()
}

/// Marks a flag reviewed; false when it was not (or no longer) flagged.
pub async fn review_buyer_flag(
    conn: &mut Conn,
    buyer_id: i64,
    by: i64,
    note: &str,
    at: Millis,
) -> Result<bool> {
    let done = sqlx::query(
        "UPDATE buyer_flags SET status = 'reviewed', reviewed_by = $2, reviewed_at = $3, note = $4 \
         WHERE buyer_id = $1 AND status = 'flagged'",
    )
    .bind(buyer_id)
    .bind(by)
    .bind(at)
    .bind(note)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

// --- What the platform's feed says ---------------------------------------

/// Who cancelled the order (`seller`, `buyer`, `platform`), as the feed says.
pub async fn set_cancelled_by(conn: &mut Conn, order_id: i64, by: Option<&str>) -> Result<()> {
    sqlx::query("UPDATE orders SET cancelled_by = $2 WHERE id = $1")
        .bind(order_id)
        .bind(by)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

pub async fn cancelled_by(conn: &mut Conn, order_id: i64) -> Result<Option<String>> {
    let row = sqlx::query("SELECT cancelled_by FROM orders WHERE id = $1")
        .bind(order_id)
        .fetch_optional(&mut *conn)
        .await?;
    Ok(match row {
        Some(r) => opt_text(&r, "cancelled_by")?,
        None => None,
    })
}

/// The listing as the buyer saw it when buying (JSON), kept once: a later
/// feed does not rewrite what was bought.
pub async fn keep_listing(
    conn: &mut Conn,
    order_id: i64,
    line_no: i64,
    listing: &str,
) -> Result<()> {
    sqlx::query(
        "UPDATE order_lines SET listing = $3 WHERE order_id = $1 AND line_no = $2 AND listing IS NULL",
    )
    .bind(order_id)
    .bind(line_no)
    .bind(listing)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// The listings kept for an order's lines of one seller: (line no, JSON).
pub async fn listings(
    conn: &mut Conn,
    order_id: i64,
    seller_id: i64,
) -> Result<Vec<(i64, String)>> {
    sqlx::query(
        "SELECT line_no, listing FROM order_lines WHERE order_id = $1 AND seller_id = $2 \
         AND listing IS NOT NULL ORDER BY line_no",
    )
    .bind(order_id)
    .bind(seller_id)
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(|r| Ok((int(r, "line_no")?, text(r, "listing")?)))
    .collect()
}
