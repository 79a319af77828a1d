//! Sellers' payouts, as the platform reports them: what a seller is paid,
//! when, and what holds it back — so "my payout never arrived" gets a real
//! answer in the chat, the portal and the API.

use marketdesk_domain::access::Permission;
use marketdesk_domain::i18n::Lang;
use marketdesk_domain::ledger::{HoldReason, PayoutStatus};
use marketdesk_domain::text::required_line;
use marketdesk_domain::{Currency, Role};
use marketdesk_messages::tr;
use marketdesk_store::credit::{self, PayoutRow};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::ingest::{IngestPerson, amount, time, upsert_person};
use crate::{Result, ServiceError, Services, Viewer, now_ms, rfc3339};

/// Payouts in one feed, at most.
const MAX_PAYOUTS: usize = 500;
/// Payouts shown to a seller at once.
const SHOWN_PAYOUTS: i64 = 50;

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct IngestPayouts {
    pub payouts: Vec<IngestPayout>,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct IngestPayout {
    /// The platform's id of the payout; the key of the upsert.
    pub reference: String,
    pub seller: IngestPerson,
    pub amount_minor: i64,
    pub currency: String,
    pub status: PayoutStatus,
    /// When the money should reach the seller's bank (RFC 3339).
    #[serde(default)]
    pub expected_at: Option<String>,
    #[serde(default)]
    pub paid_at: Option<String>,
    /// Why it is held back, when it is.
    #[serde(default)]
    pub holds: Vec<IngestHold>,
    /// The orders whose sales it pays.
    #[serde(default)]
    pub orders: Vec<String>,
    /// The bank's reason, when it failed.
    #[serde(default)]
    pub failure: Option<String>,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct IngestHold {
    pub reason: HoldReason,
    /// The platform's own words (shown to the seller as given).
    #[serde(default)]
    pub detail: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PayoutsIngested {
    pub payouts: usize,
}

/// A payout as its seller (or staff) sees it, with what happens next.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PayoutView {
    pub reference: String,
    pub seller_id: i64,
    pub amount_minor: i64,
    pub currency: String,
    pub status: PayoutStatus,
    pub expected_at: Option<String>,
    pub paid_at: Option<String>,
    /// Unpaid after its expected date.
    pub late: bool,
    pub holds: Vec<HoldView>,
    pub orders: Vec<String>,
    /// Open buyer–seller cases holding the seller's share of an order of
    /// this payout (docs/DISPUTES.md).
    pub case_holds: Vec<CaseHold>,
    pub failure: Option<String>,
    /// Where it stands and what happens next, in the viewer's language.
    pub explanation: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CaseHold {
    pub case_id: i64,
    pub order_number: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct HoldView {
    pub reason: HoldReason,
    pub detail: String,
    /// What releases it, in the viewer's language.
    pub next_step: String,
}

impl PayoutView {
    pub fn new(p: &PayoutRow, lang: Lang, now: marketdesk_domain::Millis) -> Self {
        let late = p.status.is_late(p.expected_at, now);
        PayoutView {
            reference: p.reference.clone(),
            seller_id: p.seller_id,
            amount_minor: p.amount_minor,
            currency: p.currency.clone(),
            status: p.status,
            expected_at: p.expected_at.map(rfc3339),
            paid_at: p.paid_at.map(rfc3339),
            late,
            holds: p
                .holds
                .iter()
                .map(|(reason, detail)| HoldView {
                    reason: *reason,
                    detail: detail.clone(),
                    next_step: hold_next_step(*reason, lang).to_string(),
                })
                .collect(),
            orders: p.order_numbers.clone(),
            case_holds: vec![],
            failure: p.failure.clone(),
            explanation: explain(p, late, lang),
        }
    }
}

fn day(ms: Option<marketdesk_domain::Millis>) -> String {
    ms.map(|at| rfc3339(at).chars().take(10).collect())
        .unwrap_or_default()
}

/// A payout's state in a sentence, with what happens next.
pub fn explain(p: &PayoutRow, late: bool, lang: Lang) -> String {
    let amount = crate::money_text(p.amount_minor, &p.currency);
    match p.status {
        _ if late => tr!(
            lang,
            "payout-late",
            amount = amount,
            day = day(p.expected_at)
        ),
        PayoutStatus::Pending => tr!(
            lang,
            "payout-pending",
            amount = amount,
            day = day(p.expected_at)
        ),
        PayoutStatus::InTransit => {
            tr!(
                lang,
                "payout-in-transit",
                amount = amount,
                day = day(p.expected_at)
            )
        }
        PayoutStatus::Paid => tr!(lang, "payout-paid", amount = amount, day = day(p.paid_at)),
        PayoutStatus::OnHold => tr!(lang, "payout-on-hold", amount = amount),
        PayoutStatus::Failed => tr!(
            lang,
            "payout-failed",
            amount = amount,
            failure = p.failure.clone().unwrap_or_default()
        ),
        PayoutStatus::Canceled => tr!(lang, "payout-canceled", amount = amount),
    }
}

/// What releases a hold, for the seller.
pub fn hold_next_step(reason: HoldReason, lang: Lang) -> &'static str {
    match reason {
        HoldReason::VerificationRequired => tr!(lang, "payout-hold-verification"),
        HoldReason::OpenDispute => tr!(lang, "payout-hold-dispute"),
        HoldReason::ReturnWindow => tr!(lang, "payout-hold-return-window"),
        HoldReason::BankDetails => tr!(lang, "payout-hold-bank-details"),
        HoldReason::RiskReview => tr!(lang, "payout-hold-risk-review"),
        HoldReason::AwaitingDelivery => tr!(lang, "payout-hold-awaiting-delivery"),
        HoldReason::Other => tr!(lang, "payout-hold-other"),
    }
}

impl Services {
    /// Creates or updates payouts by their reference (`commerce:write`).
    pub async fn ingest_payouts(
        &self,
        viewer: &Viewer,
        input: IngestPayouts,
    ) -> Result<PayoutsIngested> {
        if !viewer.may(Permission::IngestCommerce) {
            return Err(ServiceError::forbidden("ingest commerce data"));
        }
        if input.payouts.is_empty() || input.payouts.len() > MAX_PAYOUTS {
            return Err(ServiceError::field(
                "payouts",
                format!("1 to {MAX_PAYOUTS} per request"),
            ));
        }
        // Everything is checked before anything is written.
        let mut checked = Vec::new();
        for p in &input.payouts {
            let currency = Currency::parse(&p.currency)
                .map_err(|e| ServiceError::field("payouts.currency", e.to_string()))?;
            if p.holds.len() > 20 || p.orders.len() > 1000 {
                return Err(ServiceError::field(
                    "payouts.holds",
                    "at most 20 holds and 1000 orders per payout",
                ));
            }
            let mut holds = Vec::new();
            for h in &p.holds {
                if h.detail.chars().count() > 500 {
                    return Err(ServiceError::field(
                        "payouts.holds.detail",
                        "at most 500 characters",
                    ));
                }
                holds.push((h.reason, h.detail.trim().to_string()));
            }
            if p.status == PayoutStatus::OnHold && holds.is_empty() {
                return Err(ServiceError::field(
                    "payouts.holds",
                    "a payout on hold says why (at least one hold)",
                ));
            }
            let orders = p
                .orders
                .iter()
                .map(|n| required_line("payouts.orders", n, 64))
                .collect::<std::result::Result<Vec<_>, _>>()?;
            let failure = p
                .failure
                .as_deref()
                .map(|f| required_line("payouts.failure", f, 500))
                .transpose()?;
            checked.push(PayoutRow {
                id: 0,
                seller_id: 0,
                reference: required_line("payouts.reference", &p.reference, 128)?,
                amount_minor: amount("payouts.amount_minor", p.amount_minor)?,
                currency: currency.code().to_string(),
                status: p.status,
                expected_at: p
                    .expected_at
                    .as_deref()
                    .map(|t| time("payouts.expected_at", t))
                    .transpose()?,
                paid_at: p
                    .paid_at
                    .as_deref()
                    .map(|t| time("payouts.paid_at", t))
                    .transpose()?,
                holds,
                order_numbers: orders,
                failure,
                created_at: 0,
                updated_at: 0,
            });
        }
        let now = now_ms();
        let mut tx = self.store.begin().await?;
        for (row, input) in checked.iter_mut().zip(&input.payouts) {
            row.seller_id = upsert_person(&mut tx, &input.seller, Role::Seller, now)
                .await?
                .id;
            credit::upsert_payout(&mut tx, row, now).await?;
        }
        tx.commit().await?;
        Ok(PayoutsIngested {
            payouts: checked.len(),
        })
    }

    /// A seller's payouts, newest first (the seller, or staff).
    pub async fn payouts(
        &self,
        viewer: &Viewer,
        seller_id: i64,
        lang: Option<&str>,
    ) -> Result<Vec<PayoutView>> {
        let own = viewer.person_id == seller_id
            && viewer.role == Role::Seller
            && viewer.may(Permission::ReadOrders);
        if !own && !viewer.may(Permission::ReadCustomers) {
            return Err(ServiceError::NotFound("seller"));
        }
        let mut conn = self.store.reader().await?;
        let seller = marketdesk_store::people::get(&mut conn, seller_id)
            .await?
            .ok_or(ServiceError::NotFound("seller"))?;
        // The seller's own language unless the caller asks for another.
        let lang = Lang::from_tag(lang.unwrap_or(&seller.language));
        let now = now_ms();
        let held = marketdesk_store::disputes::held_orders(&mut conn, seller_id).await?;
        Ok(credit::payouts_of(&mut conn, seller_id, SHOWN_PAYOUTS)
            .await?
            .iter()
            .map(|p| {
                let mut view = PayoutView::new(p, lang, now);
                view.case_holds = held
                    .iter()
                    .filter(|(_, number)| p.order_numbers.contains(number))
                    .map(|(case_id, number)| CaseHold {
                        case_id: *case_id,
                        order_number: number.clone(),
                    })
                    .collect();
                view
            })
            .collect())
    }
}
