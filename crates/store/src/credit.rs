//! Store credit as a ledger (issued lots, spends, expiries), the codes
//! customers spend it with, and sellers' payouts.

use marketdesk_domain::Millis;
use marketdesk_domain::ledger::{CreditEntryKind, CreditLot, HoldReason, PayoutStatus};
use sqlx::any::AnyRow;

use crate::row::{int, json, opt_int, opt_text, parsed, text};
use crate::{Conn, Result, conflict_as};

/// One line of a customer's ledger.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CreditEntry {
    pub id: i64,
    pub person_id: i64,
    pub kind: CreditEntryKind,
    /// Positive for issued credit, negative for what was used or expired.
    pub amount_minor: i64,
    pub currency: String,
    pub reason: String,
    pub refund_id: Option<i64>,
    /// For an issued lot: what is left of it.
    pub remaining_minor: i64,
    pub expires_at: Option<Millis>,
    /// For a spend: the order it paid for.
    pub order_number: Option<String>,
    /// For a spend: the platform's reference (unique).
    pub reference: Option<String>,
    pub created_at: Millis,
}

fn entry(r: &AnyRow) -> Result<CreditEntry> {
    Ok(CreditEntry {
        id: int(r, "id")?,
        person_id: int(r, "person_id")?,
        kind: parsed(r, "kind", CreditEntryKind::parse)?,
        amount_minor: int(r, "amount_minor")?,
        currency: text(r, "currency")?,
        reason: text(r, "reason")?,
        refund_id: opt_int(r, "refund_id")?,
        remaining_minor: int(r, "remaining_minor")?,
        expires_at: opt_int(r, "expires_at")?,
        order_number: opt_text(r, "order_number")?,
        reference: opt_text(r, "reference")?,
        created_at: int(r, "created_at")?,
    })
}

/// A new line of the ledger. An issued lot starts with all of it left.
pub struct NewEntry<'a> {
    pub person_id: i64,
    pub kind: CreditEntryKind,
    pub amount_minor: i64,
    pub currency: &'a str,
    pub reason: &'a str,
    pub refund_id: Option<i64>,
    pub expires_at: Option<Millis>,
    pub order_number: Option<&'a str>,
    pub reference: Option<&'a str>,
}

pub async fn insert(conn: &mut Conn, e: &NewEntry<'_>, now: Millis) -> Result<i64> {
    let remaining = if e.kind == CreditEntryKind::Issued {
        e.amount_minor
    } else {
        0
    };
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO store_credits (person_id, kind, amount_minor, currency, reason, refund_id, remaining_minor, expires_at, order_number, reference, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id",
    )
    .bind(e.person_id)
    .bind(e.kind.as_str())
    .bind(e.amount_minor)
    .bind(e.currency)
    .bind(e.reason)
    .bind(e.refund_id)
    .bind(remaining)
    .bind(e.expires_at)
    .bind(e.order_number)
    .bind(e.reference)
    .bind(now)
    .fetch_one(&mut *conn)
    .await
    .map_err(conflict_as("store credit reference"))?;
    Ok(id)
}

/// The newest lines of a person's ledger, newest first.
pub async fn entries(conn: &mut Conn, person_id: i64, limit: i64) -> Result<Vec<CreditEntry>> {
    let rows =
        sqlx::query("SELECT * FROM store_credits WHERE person_id = $1 ORDER BY id DESC LIMIT $2")
            .bind(person_id)
            .bind(limit)
            .fetch_all(&mut *conn)
            .await?;
    rows.iter().map(entry).collect()
}

/// The balance per currency (the sum of every line).
pub async fn balance(conn: &mut Conn, person_id: i64) -> Result<Vec<(String, i64)>> {
    let rows = sqlx::query(
        "SELECT currency, CAST(SUM(amount_minor) AS BIGINT) AS balance FROM store_credits WHERE person_id = $1 GROUP BY currency ORDER BY currency",
    )
    .bind(person_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|r| Ok((text(r, "currency")?, int(r, "balance")?)))
        .collect()
}

/// Issued lots in one currency with something left.
pub async fn open_lots(conn: &mut Conn, person_id: i64, currency: &str) -> Result<Vec<CreditLot>> {
    let rows = sqlx::query(
        "SELECT id, remaining_minor, expires_at FROM store_credits \
         WHERE person_id = $1 AND currency = $2 AND kind = 'issued' AND remaining_minor > 0 ORDER BY id",
    )
    .bind(person_id)
    .bind(currency)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(CreditLot {
                id: int(r, "id")?,
                remaining_minor: int(r, "remaining_minor")?,
                expires_at: opt_int(r, "expires_at")?,
            })
        })
        .collect()
}

/// Takes `amount` from what is left of a lot; false when less is left (a
/// concurrent spend took it first), so the caller rolls back.
pub async fn take_from_lot(conn: &mut Conn, lot_id: i64, amount: i64) -> Result<bool> {
    let done = sqlx::query(
        "UPDATE store_credits SET remaining_minor = remaining_minor - $1 WHERE id = $2 AND remaining_minor >= $1",
    )
    .bind(amount)
    .bind(lot_id)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// A spend already recorded under the platform's reference.
pub async fn by_reference(conn: &mut Conn, reference: &str) -> Result<Option<CreditEntry>> {
    let row = sqlx::query("SELECT * FROM store_credits WHERE reference = $1")
        .bind(reference)
        .fetch_optional(&mut *conn)
        .await?;
    row.as_ref().map(entry).transpose()
}

/// Lots whose expiry has come with credit left, oldest first.
pub async fn due_to_expire(conn: &mut Conn, now: Millis, limit: i64) -> Result<Vec<CreditEntry>> {
    let rows = sqlx::query(
        "SELECT * FROM store_credits WHERE kind = 'issued' AND remaining_minor > 0 \
         AND expires_at IS NOT NULL AND expires_at <= $1 ORDER BY expires_at, id LIMIT $2",
    )
    .bind(now)
    .bind(limit)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter().map(entry).collect()
}

/// The person's checkout code, if one was made.
pub async fn code_of(conn: &mut Conn, person_id: i64) -> Result<Option<String>> {
    Ok(
        sqlx::query_scalar("SELECT code FROM store_credit_codes WHERE person_id = $1")
            .bind(person_id)
            .fetch_optional(&mut *conn)
            .await?,
    )
}

/// Gives the person a checkout code; a code taken by someone else is a conflict.
pub async fn insert_code(conn: &mut Conn, person_id: i64, code: &str, now: Millis) -> Result<()> {
    sqlx::query(
        "INSERT INTO store_credit_codes (person_id, code, created_at) VALUES ($1, $2, $3) ON CONFLICT (person_id) DO NOTHING",
    )
    .bind(person_id)
    .bind(code)
    .bind(now)
    .execute(&mut *conn)
    .await
    .map_err(conflict_as("store credit code"))?;
    Ok(())
}

pub async fn person_by_code(conn: &mut Conn, code: &str) -> Result<Option<i64>> {
    Ok(
        sqlx::query_scalar("SELECT person_id FROM store_credit_codes WHERE code = $1")
            .bind(code)
            .fetch_optional(&mut *conn)
            .await?,
    )
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PayoutRow {
    pub id: i64,
    pub seller_id: i64,
    pub reference: String,
    pub amount_minor: i64,
    pub currency: String,
    pub status: PayoutStatus,
    pub expected_at: Option<Millis>,
    pub paid_at: Option<Millis>,
    pub holds: Vec<(HoldReason, String)>,
    pub order_numbers: Vec<String>,
    /// The bank's reason when it failed.
    pub failure: Option<String>,
    pub created_at: Millis,
    pub updated_at: Millis,
}

fn payout(r: &AnyRow) -> Result<PayoutRow> {
    let holds = json(r, "holds")?
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or_default()
        .iter()
        .map(|h| {
            HoldReason::parse(h["reason"].as_str().unwrap_or_default())
                .map(|reason| (reason, h["detail"].as_str().unwrap_or_default().to_string()))
                .map_err(|e| crate::StoreError::Corrupt {
                    column: "holds",
                    detail: e.to_string(),
                })
        })
        .collect::<Result<_>>()?;
    let numbers = json(r, "order_numbers")?;
    Ok(PayoutRow {
        id: int(r, "id")?,
        seller_id: int(r, "seller_id")?,
        reference: text(r, "reference")?,
        amount_minor: int(r, "amount_minor")?,
        currency: text(r, "currency")?,
        status: parsed(r, "status", PayoutStatus::parse)?,
        expected_at: opt_int(r, "expected_at")?,
        paid_at: opt_int(r, "paid_at")?,
        holds,
        order_numbers: numbers
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|v| v.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default(),
        failure: opt_text(r, "failure")?,
        created_at: int(r, "created_at")?,
        updated_at: int(r, "updated_at")?,
    })
}

/// Creates or replaces a payout by its reference (the platform's copy wins:
/// marketdesk never changes a payout itself).
pub async fn upsert_payout(conn: &mut Conn, p: &PayoutRow, now: Millis) -> Result<i64> {
    let holds: Vec<serde_json::Value> = p
        .holds
        .iter()
        .map(|(reason, detail)| serde_json::json!({"reason": reason.as_str(), "detail": detail}))
        .collect();
    let holds = serde_json::Value::from(holds).to_string();
    let numbers = serde_json::to_string(&p.order_numbers).unwrap_or_else(|_| "[]".into());
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO payouts (seller_id, reference, amount_minor, currency, status, expected_at, paid_at, holds, order_numbers, failure, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11) \
         ON CONFLICT (reference) DO UPDATE SET seller_id = excluded.seller_id, amount_minor = excluded.amount_minor, \
         currency = excluded.currency, status = excluded.status, expected_at = excluded.expected_at, paid_at = excluded.paid_at, \
         holds = excluded.holds, order_numbers = excluded.order_numbers, failure = excluded.failure, updated_at = excluded.updated_at \
         RETURNING id",
    )
    .bind(p.seller_id)
    .bind(&p.reference)
    .bind(p.amount_minor)
    .bind(&p.currency)
    .bind(p.status.as_str())
    .bind(p.expected_at)
    .bind(p.paid_at)
    .bind(holds)
    .bind(numbers)
    .bind(p.failure.as_deref())
    .bind(now)
    .fetch_one(&mut *conn)
    .await?;
    Ok(id)
}

/// A seller's payouts, newest first.
pub async fn payouts_of(conn: &mut Conn, seller_id: i64, limit: i64) -> Result<Vec<PayoutRow>> {
    let rows = sqlx::query(
        "SELECT * FROM payouts WHERE seller_id = $1 ORDER BY COALESCE(expected_at, created_at) DESC, id DESC LIMIT $2",
    )
    .bind(seller_id)
    .bind(limit)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter().map(payout).collect()
}

pub async fn payout_by_reference(conn: &mut Conn, reference: &str) -> Result<Option<PayoutRow>> {
    let row = sqlx::query("SELECT * FROM payouts WHERE reference = $1")
        .bind(reference)
        .fetch_optional(&mut *conn)
        .await?;
    row.as_ref().map(payout).transpose()
}
