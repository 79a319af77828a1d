//! Store credit as a ledger: issued by refunds to store credit, spent at
//! the shop's checkout (the platform reports each spend, by the customer's
//! code or email, once per reference), expired by the policy's validity.

use marketdesk_domain::access::Permission;
use marketdesk_domain::ledger::{self, CreditEntryKind};
use marketdesk_domain::text::required_line;
use marketdesk_domain::{Currency, EmailAddress, Millis};
use marketdesk_store::Conn;
use marketdesk_store::credit::{self, CreditEntry, NewEntry};
use marketdesk_store::people;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::kernel::auth::new_secret;
use crate::{Result, ServiceError, Services, Viewer, now_ms, rfc3339};

/// Lines of the ledger shown at once.
const SHOWN_ENTRIES: i64 = 100;
/// Lots expired per transaction by the periodic job.
const EXPIRY_BATCH: i64 = 200;

/// A customer's store credit: balance per currency, the code to spend it
/// with at checkout, and the ledger's newest lines.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct StoreCreditView {
    pub person_id: i64,
    pub balances: Vec<CreditBalance>,
    /// Given at the shop's checkout to pay with the credit.
    pub code: Option<String>,
    pub entries: Vec<CreditEntryView>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CreditBalance {
    pub currency: String,
    pub balance_minor: i64,
    /// The soonest expiry among the credit left, and how much expires then.
    pub next_expiry: Option<String>,
    pub next_expiry_minor: i64,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CreditEntryView {
    pub id: i64,
    pub kind: CreditEntryKind,
    /// Positive when issued, negative when used or expired.
    pub amount_minor: i64,
    pub currency: String,
    pub reason: String,
    /// For issued credit: what is left of it, and when it expires.
    pub remaining_minor: i64,
    pub expires_at: Option<String>,
    /// For a spend: the order it paid for and the platform's reference.
    pub order_number: Option<String>,
    pub reference: Option<String>,
    pub created_at: String,
}

impl From<&CreditEntry> for CreditEntryView {
    fn from(e: &CreditEntry) -> Self {
        CreditEntryView {
            id: e.id,
            kind: e.kind,
            amount_minor: e.amount_minor,
            currency: e.currency.clone(),
            reason: e.reason.clone(),
            remaining_minor: e.remaining_minor,
            expires_at: e.expires_at.map(rfc3339),
            order_number: e.order_number.clone(),
            reference: e.reference.clone(),
            created_at: rfc3339(e.created_at),
        }
    }
}

/// A spend at the shop's checkout, reported by its platform.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SpendCredit {
    /// The customer's store-credit code, as entered at checkout…
    #[serde(default)]
    pub code: Option<String>,
    /// …or the customer's email address.
    #[serde(default)]
    pub customer_email: Option<String>,
    pub amount_minor: i64,
    pub currency: String,
    /// The order the credit paid for.
    pub order_number: String,
    /// The platform's id of this spend: a retried report spends once.
    pub reference: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CreditSpent {
    pub entry: CreditEntryView,
    /// What is left in that currency after the spend.
    pub balance_minor: i64,
    /// True when this reference had already been recorded (nothing moved).
    pub replayed: bool,
}

impl Services {
    /// A customer's store credit (the customer themself, or staff).
    pub async fn store_credit(&self, viewer: &Viewer, person_id: i64) -> Result<StoreCreditView> {
        // Credit is the account's: not shown to someone signed in with one
        // order's number and email.
        let own = viewer.person_id == person_id
            && !viewer.role.is_staff()
            && viewer.order_scope.is_none()
            && viewer.may(Permission::ReadOrders);
        if !own && !viewer.may(Permission::ReadCustomers) {
            return Err(ServiceError::NotFound("person"));
        }
        let mut conn = self.store.reader().await?;
        if people::get(&mut conn, person_id).await?.is_none() {
            return Err(ServiceError::NotFound("person"));
        }
        let now = now_ms();
        let mut balances = Vec::new();
        for (currency, balance) in credit::balance(&mut conn, person_id).await? {
            let lots = credit::open_lots(&mut conn, person_id, &currency).await?;
            let next = lots
                .iter()
                .filter(|l| l.expires_at.is_some_and(|at| at > now))
                .filter_map(|l| l.expires_at)
                .min();
            let next_expiry_minor = lots
                .iter()
                .filter(|l| next.is_some() && l.expires_at == next)
                .map(|l| l.remaining_minor)
                .sum();
            balances.push(CreditBalance {
                currency,
                balance_minor: balance,
                next_expiry: next.map(rfc3339),
                next_expiry_minor,
            });
        }
        Ok(StoreCreditView {
            person_id,
            balances,
            code: credit::code_of(&mut conn, person_id).await?,
            entries: credit::entries(&mut conn, person_id, SHOWN_ENTRIES)
                .await?
                .iter()
                .map(CreditEntryView::from)
                .collect(),
        })
    }

    /// Records credit spent at the shop's checkout (`commerce:write`). The
    /// spend takes from the lots that expire first; one above what can be
    /// used now is refused whole; the same reference spends once.
    pub async fn spend_store_credit(
        &self,
        viewer: &Viewer,
        input: SpendCredit,
    ) -> Result<CreditSpent> {
        if !viewer.may(Permission::IngestCommerce) {
            return Err(ServiceError::forbidden("ingest commerce data"));
        }
        let reference = required_line("reference", &input.reference, 128)?;
        let order_number = required_line("order_number", &input.order_number, 64)?;
        let currency = Currency::parse(&input.currency)
            .map_err(|e| ServiceError::field("currency", e.to_string()))?;
        if input.amount_minor <= 0 {
            return Err(ServiceError::field("amount_minor", "must be above 0"));
        }
        let mut tx = self.store.begin().await?;
        let person_id = match (&input.code, &input.customer_email) {
            (Some(code), None) => {
                let code = required_line("code", code, 40)?.to_uppercase();
                credit::person_by_code(&mut tx, &code)
                    .await?
                    .ok_or_else(|| ServiceError::field("code", "is not a store-credit code"))?
            }
            (None, Some(email)) => {
                let email = EmailAddress::parse(email)?;
                people::find_by_email(&mut tx, email.as_str())
                    .await?
                    .filter(|p| !p.role.is_staff())
                    .map(|p| p.id)
                    .ok_or_else(|| ServiceError::field("customer_email", "is not a customer"))?
            }
            _ => {
                return Err(ServiceError::field(
                    "code",
                    "give either code or customer_email",
                ));
            }
        };
        if let Some(done) = credit::by_reference(&mut tx, &reference).await? {
            // A retry of the same spend answers what was recorded; anything
            // else under that reference is a mistake, refused.
            if done.person_id != person_id
                || done.amount_minor != -input.amount_minor
                || done.currency != currency.code()
            {
                return Err(ServiceError::Conflict(format!(
                    "reference {reference} was recorded for another spend"
                )));
            }
            let balance = balance_in(&mut tx, person_id, currency.code()).await?;
            return Ok(CreditSpent {
                entry: CreditEntryView::from(&done),
                balance_minor: balance,
                replayed: true,
            });
        }
        let now = now_ms();
        let lots = credit::open_lots(&mut tx, person_id, currency.code()).await?;
        let taken = ledger::allocate(&lots, input.amount_minor, now).map_err(|short| {
            ServiceError::Conflict(format!(
                "the customer has {} {} of store credit to use; {} asked",
                short.available_minor,
                currency.code(),
                input.amount_minor
            ))
        })?;
        for (lot, amount) in taken {
            if !credit::take_from_lot(&mut tx, lot, amount).await? {
                return Err(ServiceError::Conflict(
                    "the store credit changed meanwhile; send the spend again".into(),
                ));
            }
        }
        let id = credit::insert(
            &mut tx,
            &NewEntry {
                person_id,
                kind: CreditEntryKind::Used,
                amount_minor: -input.amount_minor,
                currency: currency.code(),
                reason: "checkout",
                refund_id: None,
                expires_at: None,
                order_number: Some(&order_number),
                reference: Some(&reference),
            },
            now,
        )
        .await?;
        let balance = balance_in(&mut tx, person_id, currency.code()).await?;
        let entry = credit::by_reference(&mut tx, &reference)
            .await?
            .filter(|e| e.id == id)
            .ok_or(ServiceError::NotFound("store credit entry"))?;
        tx.commit().await?;
        Ok(CreditSpent {
            entry: CreditEntryView::from(&entry),
            balance_minor: balance,
            replayed: false,
        })
    }

    /// Expires what is left of lots past their date (the periodic job; safe
    /// on several nodes: a lot is emptied once). Returns the lots expired.
    pub async fn expire_store_credit(&self, now: Millis) -> Result<usize> {
        let mut expired = 0;
        loop {
            let mut tx = self.store.begin().await?;
            let due = credit::due_to_expire(&mut tx, now, EXPIRY_BATCH).await?;
            if due.is_empty() {
                return Ok(expired);
            }
            let lots: Vec<_> = due
                .iter()
                .map(|e| ledger::CreditLot {
                    id: e.id,
                    remaining_minor: e.remaining_minor,
                    expires_at: e.expires_at,
                })
                .collect();
            for (lot, amount) in ledger::expiring(&lots, now) {
                let Some(e) = due.iter().find(|e| e.id == lot) else {
                    continue;
                };
                if credit::take_from_lot(&mut tx, lot, amount).await? {
                    credit::insert(
                        &mut tx,
                        &NewEntry {
                            person_id: e.person_id,
                            kind: CreditEntryKind::Expired,
                            amount_minor: -amount,
                            currency: &e.currency,
                            reason: "expired",
                            refund_id: None,
                            expires_at: None,
                            order_number: None,
                            reference: None,
                        },
                        now,
                    )
                    .await?;
                    expired += 1;
                }
            }
            tx.commit().await?;
            if (due.len() as i64) < EXPIRY_BATCH {
                return Ok(expired);
            }
        }
    }
}

async fn balance_in(conn: &mut Conn, person_id: i64, currency: &str) -> Result<i64> {
    Ok(credit::balance(conn, person_id)
        .await?
        .into_iter()
        .find(|(c, _)| c == currency)
        .map_or(0, |(_, b)| b))
}

/// Issues credit to a customer (a refund to store credit): a lot that
/// expires by the policy, and the customer's checkout code if they had none.
pub(crate) async fn issue_credit(
    conn: &mut Conn,
    person_id: i64,
    refund: &marketdesk_store::refunds::RefundRow,
    valid_days: u32,
    now: Millis,
) -> Result<i64> {
    let id = credit::insert(
        conn,
        &NewEntry {
            person_id,
            kind: CreditEntryKind::Issued,
            amount_minor: refund.amount_minor,
            currency: &refund.currency,
            reason: &refund.reason,
            refund_id: Some(refund.id),
            expires_at: ledger::expiry(now, valid_days),
            order_number: None,
            reference: None,
        },
        now,
    )
    .await?;
    if credit::code_of(conn, person_id).await?.is_none() {
        let code = format!(
            "CREDIT-{}",
            new_secret("")
                .chars()
                .filter(char::is_ascii_alphanumeric)
                .take(10)
                .collect::<String>()
                .to_uppercase()
        );
        credit::insert_code(conn, person_id, &code, now).await?;
    }
    Ok(id)
}
