//! What a party sees of a case: its state, whose turn, the deadlines in the
//! reader's own time zone, the thread and the files meant for them, the
//! order as evidence, and the steps they may take now.

use marketdesk_domain::Millis;
use marketdesk_domain::disputes::{Party, PayoutEffect};
use marketdesk_domain::seller_standards::Standing;
use marketdesk_store::disputes::{CaseRow, EvidenceRow, MessageRow};
use serde::Serialize;
use utoipa::ToSchema;

use super::BuyerFlagView;
use crate::commerce::OrderDetail;
use crate::rfc3339;

/// A deadline: the instant, and the wall time in the reader's zone.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CaseDeadline {
    pub at: String,
    /// Such as `2026-12-09 18:00 CET`, in the reader's time zone.
    pub local: String,
    pub passed: bool,
}

impl CaseDeadline {
    pub(crate) fn new(at: Millis, zone: &str, now: Millis) -> CaseDeadline {
        let local = jiff::Timestamp::from_millisecond(at)
            .ok()
            .and_then(|t| {
                let tz = jiff::tz::TimeZone::get(zone).ok()?;
                Some(t.to_zoned(tz).strftime("%Y-%m-%d %H:%M %Z").to_string())
            })
            .unwrap_or_else(|| rfc3339(at));
        CaseDeadline {
            at: rfc3339(at),
            local,
            passed: now > at,
        }
    }
}

/// The remedy on the table.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CaseOffer {
    pub remedy: String,
    pub amount_minor: Option<i64>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CaseMessageView {
    pub id: i64,
    /// `buyer`, `seller`, `platform` (or `system` for the case's own notes).
    pub party: String,
    pub author_id: Option<i64>,
    /// `everyone`, `buyer` (the platform and the buyer) or `seller`.
    pub visibility: String,
    /// The writer's language, as they wrote.
    pub language: String,
    pub body: String,
    pub created_at: String,
    /// Files sent with it (downloads only).
    pub files: Vec<CaseEvidence>,
}

/// A file either side sent.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CaseEvidence {
    pub id: i64,
    pub filename: String,
    pub content_type: String,
    pub size_bytes: i64,
    /// Download it here (the same rights as the case).
    pub url: String,
}

impl CaseEvidence {
    pub(crate) fn new(e: &EvidenceRow) -> CaseEvidence {
        CaseEvidence {
            id: e.id,
            filename: e.filename.clone(),
            content_type: e.content_type.clone(),
            size_bytes: e.size_bytes,
            url: format!("/api/v1/cases/{}/files/{}", e.case_id, e.id),
        }
    }
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CaseView {
    pub id: i64,
    pub order_number: String,
    pub buyer_id: i64,
    pub seller_id: i64,
    pub reason: String,
    pub status: String,
    /// Whose move it is: `buyer`, `seller`, `platform`, or none.
    pub turn: Option<String>,
    /// How the reader takes part: `buyer`, `seller` or `platform`.
    pub you_are: String,
    pub offer: Option<CaseOffer>,
    pub outcome: Option<String>,
    pub outcome_amount_minor: Option<i64>,
    pub currency: String,
    /// The seller's payout for the order: `held`, `released`, `reversed`.
    pub payout: PayoutEffect,
    pub opened_at: String,
    pub seller_due: CaseDeadline,
    pub decision_due: Option<CaseDeadline>,
    /// When the clock acts next: an unescalated case closes, or the
    /// appeal window ends.
    pub closes: Option<CaseDeadline>,
    pub appealed: bool,
    pub ticket_id: Option<i64>,
    /// The steps the reader may take now.
    pub steps: Vec<String>,
    pub messages: Vec<CaseMessageView>,
    /// The order as the reader may see it: its lines, shipments with their
    /// tracking scans and delivery, returns with their inspection.
    pub order: Option<OrderDetail>,
    /// The seller's listings as the buyer saw them when buying.
    pub listings: Vec<ListingSnapshot>,
    /// For the platform: the seller's standing and whether the buyer is
    /// flagged for cases ending against them.
    pub seller_standing: Option<Standing>,
    pub buyer_flag: Option<BuyerFlagView>,
    /// For the platform: what the buyer and the seller wrote on the
    /// order's tickets before the case.
    pub earlier_messages: Vec<EarlierMessageView>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct EarlierMessageView {
    pub ticket_id: i64,
    pub ticket_reference: String,
    /// `buyer` or `seller`.
    pub party: String,
    pub body: String,
    pub created_at: String,
}

/// A line's listing as bought, as the platform's feed gave it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ListingSnapshot {
    pub line_no: i64,
    #[schema(value_type = Object)]
    pub listing: serde_json::Value,
}

/// One page of cases.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CaseList {
    pub cases: Vec<CaseView>,
}

pub(crate) struct ViewParts<'a> {
    pub case: &'a CaseRow,
    pub order_number: String,
    pub party: Party,
    pub zone: &'a str,
    pub now: Millis,
    pub steps: Vec<String>,
    pub messages: Vec<(MessageRow, Vec<EvidenceRow>)>,
    pub order: Option<OrderDetail>,
    pub listings: Vec<ListingSnapshot>,
    pub seller_standing: Option<Standing>,
    pub buyer_flag: Option<BuyerFlagView>,
    pub earlier_messages: Vec<EarlierMessageView>,
}

pub(crate) fn case_view(p: ViewParts<'_>) -> CaseView {
    let c = p.case;
    let deadline = |at: Millis| CaseDeadline::new(at, p.zone, p.now);
    CaseView {
        id: c.id,
        order_number: p.order_number,
        buyer_id: c.buyer_id,
        seller_id: c.seller_id,
        reason: c.reason.clone(),
        status: c.status.clone(),
        turn: marketdesk_domain::disputes::CaseStatus::parse(&c.status)
            .ok()
            .and_then(|s| s.turn())
            .map(|t| t.as_str().to_string()),
        you_are: p.party.as_str().to_string(),
        offer: c.offer.as_ref().map(|remedy| CaseOffer {
            remedy: remedy.clone(),
            amount_minor: c.offer_amount_minor,
        }),
        outcome: c.outcome.clone(),
        outcome_amount_minor: c.outcome_amount_minor,
        currency: c.currency.clone(),
        payout: PayoutEffect::parse(&c.payout).unwrap_or(PayoutEffect::Held),
        opened_at: rfc3339(c.opened_at),
        seller_due: deadline(c.seller_due_at),
        decision_due: c.decision_due_at.map(deadline),
        closes: c.due_at.map(deadline),
        appealed: c.appealed,
        ticket_id: c.ticket_id,
        steps: p.steps,
        messages: p
            .messages
            .into_iter()
            .map(|(m, files)| CaseMessageView {
                id: m.id,
                party: m.party,
                author_id: m.author_id,
                visibility: m.visibility,
                language: m.language,
                body: m.body,
                created_at: rfc3339(m.created_at),
                files: files.iter().map(CaseEvidence::new).collect(),
            })
            .collect(),
        order: p.order,
        listings: p.listings,
        seller_standing: p.seller_standing,
        buyer_flag: p.buyer_flag,
        earlier_messages: p.earlier_messages,
    }
}
