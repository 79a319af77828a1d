//! Buyer–seller cases (docs/DISPUTES.md): a buyer opens a case on an
//! order, the seller answers with a remedy or contests, either escalates to
//! the platform, which decides; outcomes move money through the after-sales
//! actions, and the seller's payout is held meanwhile. One thread, three
//! parties, each message with who may read it.

mod cases;
mod outcomes;
mod standards;
mod views;

pub use standards::{
    AppealDecisionInput, BuyerFlagView, BuyerReviewInput, NewStrike, NoticeAppealInput, NoticeView,
    SellerStandards, SellerStandingLine, StandardsDesk, StrikeView, measure_name, reading_value,
    reading_words, standing_name,
};
pub use views::{
    CaseDeadline, CaseEvidence, CaseList, CaseMessageView, CaseOffer, CaseView, EarlierMessageView,
    ListingSnapshot,
};

use marketdesk_domain::disputes::{CaseReason, Outcome, Remedy, Visibility};
use serde::Deserialize;
use utoipa::ToSchema;

use crate::kernel::attachments::AttachmentInput;

/// Longest message or description in a case, in characters.
pub(crate) const MAX_CASE_TEXT: usize = 5_000;
/// Files one message may bring.
pub(crate) const MAX_FILES_PER_MESSAGE: usize = 5;
/// Files one case may hold in all.
pub(crate) const MAX_FILES_PER_CASE: i64 = 30;
/// Bytes of one evidence file.
pub(crate) const MAX_EVIDENCE_BYTES: usize = 10 * 1024 * 1024;
/// Messages one case may hold.
pub(crate) const MAX_MESSAGES_PER_CASE: usize = 500;

/// A buyer's case on an order.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewCase {
    /// The order's number (or id).
    pub order: String,
    pub reason: CaseReason,
    /// What happened, in the buyer's words.
    pub description: String,
    /// The seller the case is against, when the order has several.
    #[serde(default)]
    pub seller_id: Option<i64>,
    /// The buyer wrote to the seller first (the policy may ask for it).
    #[serde(default)]
    pub seller_contacted: bool,
    /// The buyer was offered a return and wants a case instead.
    #[serde(default)]
    pub return_declined: bool,
    /// Photos and documents (JPEG, PNG, WebP, GIF or PDF; checked by content).
    #[serde(default)]
    pub attachments: Vec<AttachmentInput>,
}

/// A step on a case: what a party does next.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CaseStepInput {
    /// `offer`, `contest` (seller); `accept`, `reject`, `withdraw` (buyer);
    /// `escalate`, `appeal` (buyer or seller); `decide` (platform).
    pub step: String,
    /// For `offer`.
    #[serde(default)]
    pub remedy: Option<Remedy>,
    /// For `decide`.
    #[serde(default)]
    pub outcome: Option<Outcome>,
    /// A partial refund's amount, in minor units of the order's currency.
    #[serde(default)]
    pub amount_minor: Option<i64>,
    /// Said to everyone with the step (optional).
    #[serde(default)]
    pub note: Option<String>,
}

/// A message in a case's thread.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CaseMessageInput {
    pub body: String,
    /// `everyone` (default), or `buyer` / `seller`: the platform and that
    /// party only. A party writes to everyone or to the platform alone.
    #[serde(default)]
    pub visibility: Option<Visibility>,
    #[serde(default)]
    pub attachments: Vec<AttachmentInput>,
}
