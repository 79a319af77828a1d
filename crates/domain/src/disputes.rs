//! Buyer–seller cases (docs/DISPUTES.md): who may open one and when, whose
//! turn it is, what each party may do next, the deadlines, who sees which
//! message, and what an outcome does to the seller's payout. Every number
//! is a default of the `[disputes]` policy.

use jiff::ToSpan;
use jiff::civil::Weekday;
use jiff::tz::TimeZone;
use serde::{Deserialize, Serialize};

use crate::{DAY_MS, HOUR_MS, Millis};

crate::wire_enum! {
    /// What went wrong with the order.
    pub enum CaseReason {
        NotReceived => "not_received",
        NotAsDescribed => "not_as_described",
        Damaged => "damaged",
        WrongItem => "wrong_item",
        Counterfeit => "counterfeit",
    }
}

crate::wire_enum! {
    /// Where a case stands, and so whose turn it is.
    pub enum CaseStatus {
        /// Opened: the seller's turn to offer a remedy or contest.
        AwaitingSeller => "awaiting_seller",
        /// The seller offered a remedy: the buyer's turn.
        AwaitingBuyer => "awaiting_buyer",
        /// The seller contested or the buyer rejected the offer: either may
        /// escalate (the seller may still offer).
        Disagreed => "disagreed",
        /// The platform decides.
        Escalated => "escalated",
        /// An outcome stands; the platform's decision may be appealed once.
        Resolved => "resolved",
        /// A second decider looks at the platform's decision.
        Appealed => "appealed",
        /// Final.
        Closed => "closed",
    }
}

crate::wire_enum! {
    /// What a seller offers.
    pub enum Remedy {
        FullRefund => "full_refund",
        PartialRefund => "partial_refund",
        ReturnThenRefund => "return_then_refund",
        Replacement => "replacement",
    }
}

crate::wire_enum! {
    /// How a case ends.
    pub enum Outcome {
        FullRefund => "full_refund",
        RefundAfterReturn => "refund_after_return",
        PartialRefund => "partial_refund",
        Replacement => "replacement",
        SellerWins => "seller_wins",
        Withdrawn => "withdrawn",
        /// Nobody escalated in time.
        Expired => "expired",
    }
}

crate::wire_enum! {
    /// The three parties of a case.
    pub enum Party {
        Buyer => "buyer",
        Seller => "seller",
        Platform => "platform",
    }
}

crate::wire_enum! {
    /// Who reads a message: everyone, or the platform and one party.
    pub enum Visibility {
        Everyone => "everyone",
        Buyer => "buyer",
        Seller => "seller",
    }
}

crate::wire_enum! {
    /// What happens to the seller's payout for the order.
    pub enum PayoutEffect {
        /// Held while the case is open.
        Held => "held",
        /// Paid as planned.
        Released => "released",
        /// Taken back for what the buyer was refunded.
        Reversed => "reversed",
    }
}

impl Visibility {
    /// Whether `party` reads a message of this visibility.
    pub fn shown_to(self, party: Party) -> bool {
        matches!(
            (self, party),
            (_, Party::Platform)
                | (Visibility::Everyone, _)
                | (Visibility::Buyer, Party::Buyer)
                | (Visibility::Seller, Party::Seller)
        )
    }

    /// The visibilities a party may write with: everyone, or to the
    /// platform alone; the platform may write to anyone.
    pub fn writable_by(self, party: Party) -> bool {
        match party {
            Party::Platform => true,
            Party::Buyer => matches!(self, Visibility::Everyone | Visibility::Buyer),
            Party::Seller => matches!(self, Visibility::Everyone | Visibility::Seller),
        }
    }
}

impl Remedy {
    /// The outcome a remedy becomes when the buyer accepts it.
    pub fn outcome(self) -> Outcome {
        match self {
            Remedy::FullRefund => Outcome::FullRefund,
            Remedy::PartialRefund => Outcome::PartialRefund,
            Remedy::ReturnThenRefund => Outcome::RefundAfterReturn,
            Remedy::Replacement => Outcome::Replacement,
        }
    }
}

impl Outcome {
    /// What the outcome does to the seller's payout for the order.
    pub fn payout(self) -> PayoutEffect {
        match self {
            Outcome::FullRefund | Outcome::RefundAfterReturn | Outcome::PartialRefund => {
                PayoutEffect::Reversed
            }
            Outcome::Replacement | Outcome::SellerWins | Outcome::Withdrawn | Outcome::Expired => {
                PayoutEffect::Released
            }
        }
    }

    /// Outcomes the platform may decide (the others come from the parties
    /// or the clock).
    pub fn decidable(self) -> bool {
        !matches!(self, Outcome::Withdrawn | Outcome::Expired)
    }

    /// Whether the outcome needs an amount (a partial refund).
    pub fn needs_amount(self) -> bool {
        self == Outcome::PartialRefund
    }
}

/// The `[disputes]` policy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields, default)]
pub struct DisputePolicy {
    /// Business days (Monday–Friday in the seller's time zone) the seller
    /// has to answer a new case.
    pub seller_response_business_days: u32,
    /// Hours the platform takes to decide an escalated case.
    pub decision_hours: u32,
    /// Days after opening when a case nobody escalated closes itself.
    pub auto_close_days: u32,
    /// Days after a decision during which it may be appealed (once).
    pub appeal_days: u32,
    /// Not received: days after the estimated delivery date a case may be
    /// opened (from that date on).
    pub not_received_days: u32,
    /// Other reasons: days after delivery a case may be opened.
    pub after_delivery_days: u32,
    /// The buyer must have written to the seller first.
    pub seller_contact_first: bool,
}

impl Default for DisputePolicy {
    fn default() -> Self {
        DisputePolicy {
            seller_response_business_days: 3,
            decision_hours: 48,
            auto_close_days: 21,
            appeal_days: 30,
            not_received_days: 30,
            after_delivery_days: 30,
            seller_contact_first: true,
        }
    }
}

impl DisputePolicy {
    /// The first bad value, as (key, what is wrong).
    pub fn problem(&self) -> Option<(String, String)> {
        let checks: [(&str, u32, u32, u32); 6] = [
            (
                "seller_response_business_days",
                self.seller_response_business_days,
                1,
                30,
            ),
            ("decision_hours", self.decision_hours, 1, 720),
            ("auto_close_days", self.auto_close_days, 1, 365),
            ("appeal_days", self.appeal_days, 1, 365),
            ("not_received_days", self.not_received_days, 1, 365),
            ("after_delivery_days", self.after_delivery_days, 1, 365),
        ];
        checks
            .iter()
            .find(|(_, v, lo, hi)| v < lo || v > hi)
            .map(|(key, _, lo, hi)| (format!("disputes.{key}"), format!("between {lo} and {hi}")))
    }
}

/// What the platform knows of the order when a buyer opens a case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OrderState {
    /// The carrier's or the shop's estimated delivery.
    pub estimated_delivery_at: Option<Millis>,
    pub delivered_at: Option<Millis>,
    /// A return of the order could still be started.
    pub return_open: bool,
}

/// What the buyer says when opening.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Opening {
    pub reason: CaseReason,
    /// The buyer wrote to the seller first.
    pub seller_contacted: bool,
    /// The buyer saw the return path and wants a case anyway.
    pub return_declined: bool,
}

/// Why a case cannot be opened (yet).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum OpenRefusal {
    #[error("the order can be reported as not received from {from}")]
    TooEarly { from: Millis },
    #[error("the time to open a case ended at {until}")]
    TooLate { until: Millis },
    #[error("the order has not been delivered")]
    NotDelivered,
    #[error("write to the seller first")]
    ContactSellerFirst,
    #[error("a return solves this: start a return first")]
    ReturnFirst,
}

/// Whether a case may be opened now, and the steps the policy wants first.
pub fn may_open(
    policy: &DisputePolicy,
    order: OrderState,
    opening: Opening,
    now: Millis,
) -> Result<(), OpenRefusal> {
    match opening.reason {
        CaseReason::NotReceived => {
            // Even when the carrier says delivered, the buyer may say it is
            // not there: the window runs from the estimate all the same.
            let from = order
                .estimated_delivery_at
                .ok_or(OpenRefusal::NotDelivered)?;
            if now < from {
                return Err(OpenRefusal::TooEarly { from });
            }
            let until = from + i64::from(policy.not_received_days) * DAY_MS;
            if now > until {
                return Err(OpenRefusal::TooLate { until });
            }
        }
        _ => {
            let delivered = order.delivered_at.ok_or(OpenRefusal::NotDelivered)?;
            let until = delivered + i64::from(policy.after_delivery_days) * DAY_MS;
            if now > until {
                return Err(OpenRefusal::TooLate { until });
            }
            if order.return_open
                && !opening.return_declined
                && opening.reason != CaseReason::Counterfeit
            {
                return Err(OpenRefusal::ReturnFirst);
            }
        }
    }
    if policy.seller_contact_first && !opening.seller_contacted {
        return Err(OpenRefusal::ContactSellerFirst);
    }
    Ok(())
}

/// What went wrong, from a buyer's own words (English, Spanish, Chinese),
/// for a case opened from the chat; `None` when the words do not say.
pub fn reason_in_words(text: &str) -> Option<CaseReason> {
    let t = text.to_lowercase();
    let any = |words: &[&str]| words.iter().any(|w| t.contains(w));
    if any(&[
        "fake",
        "counterfeit",
        "replica",
        "not genuine",
        "not authentic",
        "falso",
        "falsificad",
        "imitación",
        "假货",
        "假的",
        "仿品",
        "山寨",
    ]) {
        Some(CaseReason::Counterfeit)
    } else if any(&[
        "wrong item",
        "wrong size",
        "wrong colo",
        "different item",
        "not what i ordered",
        "sent me the wrong",
        "equivocad",
        "otro artículo",
        "otro producto",
        "发错",
        "寄错",
        "不是我买的",
        "不是我订的",
    ]) {
        Some(CaseReason::WrongItem)
    } else if any(&[
        "damaged",
        "broken",
        "cracked",
        "smashed",
        "torn",
        "dañad",
        "roto",
        "rota",
        "estropead",
        "损坏",
        "坏了",
        "破了",
        "碎了",
        "摔坏",
    ]) {
        Some(CaseReason::Damaged)
    } else if any(&[
        "never arrived",
        "not arrived",
        "didn't arrive",
        "did not arrive",
        "hasn't arrived",
        "has not arrived",
        "not received",
        "never received",
        "didn't receive",
        "did not receive",
        "haven't received",
        "no llegó",
        "no ha llegado",
        "no me llegó",
        "no me ha llegado",
        "no recibí",
        "没收到",
        "未收到",
        "没到",
        "还没到",
        "没有收到",
    ]) {
        Some(CaseReason::NotReceived)
    } else if any(&[
        "not as described",
        "doesn't match",
        "does not match",
        "not like the photo",
        "different from the",
        "no es como",
        "no coincide",
        "distinto",
        "diferente",
        "与描述不符",
        "和描述不一样",
        "不符",
        "跟图片不一样",
    ]) {
        Some(CaseReason::NotAsDescribed)
    } else {
        None
    }
}

/// Whether a buyer's words say they already wrote to the seller.
pub fn says_seller_contacted(text: &str) -> bool {
    let t = text.to_lowercase();
    let seller = ["seller", "vendedor", "vendedora", "卖家", "商家"]
        .iter()
        .any(|w| t.contains(w));
    let wrote = [
        "wrote",
        "written",
        "contacted",
        "messaged",
        "asked",
        "emailed",
        "no answer",
        "no reply",
        "not answer",
        "not reply",
        "ignor",
        "escribí",
        "contacté",
        "pregunté",
        "mensaje",
        "no responde",
        "no contesta",
        "联系",
        "问了",
        "发了消息",
        "不回",
        "没回",
        "没有回复",
    ]
    .iter()
    .any(|w| t.contains(w));
    seller && wrote
}

/// `days` business days (Monday to Friday) after `at`, at the same wall
/// time in `zone`.
pub fn add_business_days(at: Millis, days: u32, zone: &TimeZone) -> Millis {
    let Ok(start) = jiff::Timestamp::from_millisecond(at) else {
        return at + i64::from(days) * DAY_MS;
    };
    let mut day = start.to_zoned(zone.clone());
    let mut left = days;
    while left > 0 {
        match day.checked_add(1.day()) {
            Ok(next) => day = next,
            Err(_) => return at + i64::from(days) * DAY_MS,
        }
        if !matches!(day.weekday(), Weekday::Saturday | Weekday::Sunday) {
            left -= 1;
        }
    }
    day.timestamp().as_millisecond()
}

/// A case's state as the rules need it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Case {
    pub status: CaseStatus,
    pub opened_at: Millis,
    /// When the seller must have answered.
    pub seller_due_at: Millis,
    /// The remedy on the table, while it is the buyer's turn.
    pub offer: Option<Remedy>,
    pub outcome: Option<Outcome>,
    /// When the outcome was reached, and whether the platform decided it.
    pub resolved_at: Option<Millis>,
    pub decided_by: Option<i64>,
    pub appealed: bool,
}

/// What someone does to a case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Offer(Remedy),
    Contest,
    Accept,
    Reject,
    Escalate,
    Withdraw,
    /// The platform's decision (by the person `by`).
    Decide {
        outcome: Outcome,
        by: i64,
    },
    Appeal,
    /// The clock: expiry of unescalated cases, end of the appeal window.
    Expire,
}

/// Why a step is not allowed now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum StepRefusal {
    #[error("it is not this party's turn")]
    NotYourTurn,
    #[error("the case is {0}")]
    WrongState(CaseStatus),
    #[error("the seller has until their deadline to answer")]
    SellerStillHasTime,
    #[error("the platform does not decide this outcome")]
    NotDecidable,
    #[error("an appeal is decided by someone other than the first decider")]
    SameDecider,
    #[error("only a platform decision may be appealed, once, within its window")]
    NoAppeal,
    #[error("nothing has expired yet")]
    NotDue,
}

/// The case after `step` by `party` at `now`, or why not.
pub fn apply(
    policy: &DisputePolicy,
    case: Case,
    party: Party,
    step: Step,
    now: Millis,
) -> Result<Case, StepRefusal> {
    use CaseStatus as S;
    let wrong = || StepRefusal::WrongState(case.status);
    let resolved = |outcome: Outcome, by: Option<i64>| Case {
        // A platform decision may be appealed; what the parties agree
        // (or withdraw, or leave to expire) is final.
        status: if by.is_some() { S::Resolved } else { S::Closed },
        offer: None,
        outcome: Some(outcome),
        resolved_at: Some(now),
        decided_by: by,
        ..case
    };
    match step {
        Step::Offer(remedy) => {
            need(party, Party::Seller)?;
            if !matches!(case.status, S::AwaitingSeller | S::Disagreed) {
                return Err(wrong());
            }
            Ok(Case {
                status: S::AwaitingBuyer,
                offer: Some(remedy),
                ..case
            })
        }
        Step::Contest => {
            need(party, Party::Seller)?;
            if !matches!(case.status, S::AwaitingSeller | S::AwaitingBuyer) {
                return Err(wrong());
            }
            Ok(Case {
                status: S::Disagreed,
                offer: None,
                ..case
            })
        }
        Step::Accept => {
            need(party, Party::Buyer)?;
            match (case.status, case.offer) {
                (S::AwaitingBuyer, Some(remedy)) => Ok(resolved(remedy.outcome(), None)),
                _ => Err(wrong()),
            }
        }
        Step::Reject => {
            need(party, Party::Buyer)?;
            if case.status != S::AwaitingBuyer {
                return Err(wrong());
            }
            Ok(Case {
                status: S::Disagreed,
                offer: None,
                ..case
            })
        }
        Step::Escalate => {
            if party == Party::Platform {
                return Err(StepRefusal::NotYourTurn);
            }
            match case.status {
                S::Disagreed => {}
                S::AwaitingSeller if party == Party::Buyer => {
                    if now < case.seller_due_at {
                        return Err(StepRefusal::SellerStillHasTime);
                    }
                }
                S::AwaitingSeller => return Err(StepRefusal::NotYourTurn),
                _ => return Err(wrong()),
            }
            Ok(Case {
                status: S::Escalated,
                offer: None,
                ..case
            })
        }
        Step::Withdraw => {
            need(party, Party::Buyer)?;
            if !case.status.is_open() {
                return Err(wrong());
            }
            Ok(resolved(Outcome::Withdrawn, None))
        }
        Step::Decide { outcome, by } => {
            need(party, Party::Platform)?;
            if !outcome.decidable() {
                return Err(StepRefusal::NotDecidable);
            }
            match case.status {
                S::Escalated => Ok(resolved(outcome, Some(by))),
                S::Appealed => {
                    if case.decided_by == Some(by) {
                        return Err(StepRefusal::SameDecider);
                    }
                    Ok(Case {
                        status: S::Closed,
                        ..resolved(outcome, Some(by))
                    })
                }
                _ => Err(wrong()),
            }
        }
        Step::Appeal => {
            if party == Party::Platform {
                return Err(StepRefusal::NotYourTurn);
            }
            let open_window = case
                .resolved_at
                .is_some_and(|at| now <= at + i64::from(policy.appeal_days) * DAY_MS);
            if case.status != S::Resolved
                || case.decided_by.is_none()
                || case.appealed
                || !open_window
            {
                return Err(StepRefusal::NoAppeal);
            }
            Ok(Case {
                status: S::Appealed,
                appealed: true,
                ..case
            })
        }
        Step::Expire => match due(policy, case) {
            Some(at) if now >= at => match case.status {
                S::Resolved => Ok(Case {
                    status: S::Closed,
                    ..case
                }),
                _ => Ok(resolved(Outcome::Expired, None)),
            },
            _ => Err(StepRefusal::NotDue),
        },
    }
}

fn need(party: Party, wanted: Party) -> Result<(), StepRefusal> {
    if party == wanted {
        Ok(())
    } else {
        Err(StepRefusal::NotYourTurn)
    }
}

impl CaseStatus {
    /// Not yet decided nor agreed.
    pub fn is_open(self) -> bool {
        matches!(
            self,
            CaseStatus::AwaitingSeller
                | CaseStatus::AwaitingBuyer
                | CaseStatus::Disagreed
                | CaseStatus::Escalated
        )
    }

    /// Whose move it is (the platform's for an escalated or appealed case).
    pub fn turn(self) -> Option<Party> {
        match self {
            CaseStatus::AwaitingSeller => Some(Party::Seller),
            CaseStatus::AwaitingBuyer => Some(Party::Buyer),
            CaseStatus::Escalated | CaseStatus::Appealed => Some(Party::Platform),
            _ => None,
        }
    }
}

/// When the clock acts on the case by itself: an unescalated case expires
/// `auto_close_days` after opening; a decision's appeal window ends.
pub fn due(policy: &DisputePolicy, case: Case) -> Option<Millis> {
    match case.status {
        CaseStatus::AwaitingSeller | CaseStatus::AwaitingBuyer | CaseStatus::Disagreed => {
            Some(case.opened_at + i64::from(policy.auto_close_days) * DAY_MS)
        }
        CaseStatus::Resolved => case
            .resolved_at
            .map(|at| at + i64::from(policy.appeal_days) * DAY_MS),
        _ => None,
    }
}

/// When the platform must have decided an escalated (or appealed) case.
pub fn decision_due(policy: &DisputePolicy, escalated_at: Millis) -> Millis {
    escalated_at + i64::from(policy.decision_hours) * HOUR_MS
}

/// The seller's payout for the order while the case is in `status`, and
/// after its outcome.
pub fn payout_effect(status: CaseStatus, outcome: Option<Outcome>) -> PayoutEffect {
    match outcome {
        Some(outcome) if !status.is_open() && status != CaseStatus::Appealed => outcome.payout(),
        _ => PayoutEffect::Held,
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_reason_from_the_buyers_words_in_three_languages() {
        assert_eq!(
            reason_in_words("The parcel never arrived"),
            Some(CaseReason::NotReceived)
        );
        assert_eq!(
            reason_in_words("El paquete no ha llegado"),
            Some(CaseReason::NotReceived)
        );
        assert_eq!(
            reason_in_words("我还没收到货"),
            Some(CaseReason::NotReceived)
        );
        assert_eq!(
            reason_in_words("the mug arrived broken"),
            Some(CaseReason::Damaged)
        );
        assert_eq!(
            reason_in_words("la taza llegó rota"),
            Some(CaseReason::Damaged)
        );
        assert_eq!(reason_in_words("杯子坏了"), Some(CaseReason::Damaged));
        assert_eq!(
            reason_in_words("they sent me the wrong size"),
            Some(CaseReason::WrongItem)
        );
        assert_eq!(
            reason_in_words("卖家发错了颜色"),
            Some(CaseReason::WrongItem)
        );
        assert_eq!(
            reason_in_words("this bag is a fake"),
            Some(CaseReason::Counterfeit)
        );
        assert_eq!(
            reason_in_words("es falsificado"),
            Some(CaseReason::Counterfeit)
        );
        assert_eq!(
            reason_in_words("the jacket is not as described"),
            Some(CaseReason::NotAsDescribed)
        );
        assert_eq!(
            reason_in_words("与描述不符"),
            Some(CaseReason::NotAsDescribed)
        );
        assert_eq!(reason_in_words("I am not happy"), None);
    }

    #[test]
    fn whether_the_buyer_says_they_wrote_to_the_seller() {
        assert!(says_seller_contacted(
            "I wrote to the seller twice, no answer"
        ));
        assert!(says_seller_contacted("el vendedor no responde"));
        assert!(says_seller_contacted("联系了卖家但是不回"));
        assert!(!says_seller_contacted("the item is broken"));
        assert!(!says_seller_contacted("I asked for a refund"));
    }

    use super::*;

    const NOW: Millis = 1_780_000_000_000;

    fn policy() -> DisputePolicy {
        DisputePolicy::default()
    }

    fn opened() -> Case {
        Case {
            status: CaseStatus::AwaitingSeller,
            opened_at: NOW,
            seller_due_at: NOW + 3 * DAY_MS,
            offer: None,
            outcome: None,
            resolved_at: None,
            decided_by: None,
            appealed: false,
        }
    }

    /// Every status × party × step: the allowed transitions and nothing else.
    #[test]
    fn every_transition_and_no_other() {
        use CaseStatus as S;
        let later = NOW + 4 * DAY_MS; // the seller's deadline has passed
        let at = |status: S| Case {
            status,
            offer: (status == S::AwaitingBuyer).then_some(Remedy::PartialRefund),
            outcome: matches!(status, S::Resolved | S::Appealed | S::Closed)
                .then_some(Outcome::SellerWins),
            resolved_at: matches!(status, S::Resolved | S::Appealed | S::Closed)
                .then_some(later - DAY_MS),
            decided_by: matches!(status, S::Resolved | S::Appealed).then_some(7),
            appealed: status == S::Appealed,
            ..opened()
        };
        let steps = [
            ("offer", Step::Offer(Remedy::FullRefund)),
            ("contest", Step::Contest),
            ("accept", Step::Accept),
            ("reject", Step::Reject),
            ("escalate", Step::Escalate),
            ("withdraw", Step::Withdraw),
            (
                "decide",
                Step::Decide {
                    outcome: Outcome::FullRefund,
                    by: 8,
                },
            ),
            ("appeal", Step::Appeal),
        ];
        let allowed: &[(S, Party, &str, S)] = &[
            (S::AwaitingSeller, Party::Seller, "offer", S::AwaitingBuyer),
            (S::Disagreed, Party::Seller, "offer", S::AwaitingBuyer),
            (S::AwaitingSeller, Party::Seller, "contest", S::Disagreed),
            (S::AwaitingBuyer, Party::Seller, "contest", S::Disagreed),
            (S::AwaitingBuyer, Party::Buyer, "accept", S::Closed),
            (S::AwaitingBuyer, Party::Buyer, "reject", S::Disagreed),
            (S::AwaitingSeller, Party::Buyer, "escalate", S::Escalated),
            (S::Disagreed, Party::Buyer, "escalate", S::Escalated),
            (S::Disagreed, Party::Seller, "escalate", S::Escalated),
            (S::AwaitingSeller, Party::Buyer, "withdraw", S::Closed),
            (S::AwaitingBuyer, Party::Buyer, "withdraw", S::Closed),
            (S::Disagreed, Party::Buyer, "withdraw", S::Closed),
            (S::Escalated, Party::Buyer, "withdraw", S::Closed),
            (S::Escalated, Party::Platform, "decide", S::Resolved),
            (S::Appealed, Party::Platform, "decide", S::Closed),
            (S::Resolved, Party::Buyer, "appeal", S::Appealed),
            (S::Resolved, Party::Seller, "appeal", S::Appealed),
        ];
        let mut seen = 0;
        for status in S::ALL {
            for party in Party::ALL {
                for (name, step) in steps {
                    let result =
                        apply(&policy(), at(*status), *party, step, later).map(|c| c.status);
                    let expected = allowed
                        .iter()
                        .find(|(from, who, what, _)| {
                            from == status && who == party && *what == name
                        })
                        .map(|(.., to)| *to);
                    match expected {
                        Some(to) => {
                            assert_eq!(result, Ok(to), "{status:?} {party:?} {name}");
                            seen += 1;
                        }
                        None => assert!(result.is_err(), "{status:?} {party:?} {name}: {result:?}"),
                    }
                }
            }
        }
        assert_eq!(seen, allowed.len());
        // The clock: an unescalated case expires, a resolved one closes at
        // the end of its appeal window; nothing else.
        for status in S::ALL {
            let result = apply(
                &policy(),
                at(*status),
                Party::Platform,
                Step::Expire,
                later + 400 * DAY_MS,
            )
            .map(|c| c.status);
            match status {
                S::AwaitingSeller | S::AwaitingBuyer | S::Disagreed | S::Resolved => {
                    assert_eq!(result, Ok(S::Closed), "{status:?}")
                }
                _ => assert!(result.is_err(), "{status:?}: {result:?}"),
            }
        }
    }

    fn step(case: Case, party: Party, step: Step, at: Millis) -> Case {
        apply(&policy(), case, party, step, at).unwrap_or_else(|e| panic!("{step:?}: {e}"))
    }

    #[test]
    fn not_received_opens_from_the_estimate_for_thirty_days() {
        let order = OrderState {
            estimated_delivery_at: Some(NOW),
            delivered_at: None,
            return_open: false,
        };
        let opening = Opening {
            reason: CaseReason::NotReceived,
            seller_contacted: true,
            return_declined: false,
        };
        assert_eq!(
            may_open(&policy(), order, opening, NOW - 1),
            Err(OpenRefusal::TooEarly { from: NOW })
        );
        assert_eq!(may_open(&policy(), order, opening, NOW), Ok(()));
        assert_eq!(
            may_open(&policy(), order, opening, NOW + 30 * DAY_MS),
            Ok(())
        );
        assert_eq!(
            may_open(&policy(), order, opening, NOW + 30 * DAY_MS + 1),
            Err(OpenRefusal::TooLate {
                until: NOW + 30 * DAY_MS
            })
        );
        let no_estimate = OrderState {
            estimated_delivery_at: None,
            ..order
        };
        assert_eq!(
            may_open(&policy(), no_estimate, opening, NOW),
            Err(OpenRefusal::NotDelivered)
        );
    }

    #[test]
    fn other_reasons_need_delivery_and_offer_the_return_and_the_seller_first() {
        let order = OrderState {
            estimated_delivery_at: Some(NOW - 5 * DAY_MS),
            delivered_at: Some(NOW - 2 * DAY_MS),
            return_open: true,
        };
        let mut opening = Opening {
            reason: CaseReason::NotAsDescribed,
            seller_contacted: false,
            return_declined: false,
        };
        assert_eq!(
            may_open(&policy(), order, opening, NOW),
            Err(OpenRefusal::ReturnFirst)
        );
        opening.return_declined = true;
        assert_eq!(
            may_open(&policy(), order, opening, NOW),
            Err(OpenRefusal::ContactSellerFirst)
        );
        opening.seller_contacted = true;
        assert_eq!(may_open(&policy(), order, opening, NOW), Ok(()));
        let relaxed = DisputePolicy {
            seller_contact_first: false,
            ..policy()
        };
        opening.seller_contacted = false;
        assert_eq!(may_open(&relaxed, order, opening, NOW), Ok(()));
        // A counterfeit is not something a return solves.
        let fake = Opening {
            reason: CaseReason::Counterfeit,
            seller_contacted: true,
            return_declined: false,
        };
        assert_eq!(may_open(&policy(), order, fake, NOW), Ok(()));
        assert_eq!(
            may_open(&policy(), order, fake, NOW + 29 * DAY_MS),
            Err(OpenRefusal::TooLate {
                until: NOW + 28 * DAY_MS
            })
        );
        let undelivered = OrderState {
            delivered_at: None,
            ..order
        };
        assert_eq!(
            may_open(&policy(), undelivered, fake, NOW),
            Err(OpenRefusal::NotDelivered)
        );
    }

    #[test]
    fn business_days_skip_the_weekend_in_the_sellers_zone() {
        let zone = TimeZone::get("Europe/Madrid").unwrap();
        // Friday 2026-12-04 18:00 in Madrid (17:00 UTC).
        let friday = jiff::civil::datetime(2026, 12, 4, 18, 0, 0, 0)
            .to_zoned(zone.clone())
            .unwrap()
            .timestamp()
            .as_millisecond();
        let due = add_business_days(friday, 3, &zone);
        let wednesday = jiff::civil::datetime(2026, 12, 9, 18, 0, 0, 0)
            .to_zoned(zone.clone())
            .unwrap()
            .timestamp()
            .as_millisecond();
        assert_eq!(due, wednesday);
        // The same instant is already Saturday 02:00 in Tokyo: Mon, Tue, Wed.
        let tokyo = TimeZone::get("Asia/Tokyo").unwrap();
        let due_tokyo = add_business_days(friday, 3, &tokyo);
        assert_eq!(due_tokyo, friday + 4 * DAY_MS);
    }

    #[test]
    fn offer_reject_escalate_decide_appeal_close() {
        let case = step(
            opened(),
            Party::Seller,
            Step::Offer(Remedy::PartialRefund),
            NOW,
        );
        assert_eq!(case.status, CaseStatus::AwaitingBuyer);
        assert_eq!(case.status.turn(), Some(Party::Buyer));
        assert_eq!(
            apply(&policy(), case, Party::Seller, Step::Accept, NOW),
            Err(StepRefusal::NotYourTurn)
        );
        let case = step(case, Party::Buyer, Step::Reject, NOW);
        assert_eq!(case.status, CaseStatus::Disagreed);
        let case = step(case, Party::Buyer, Step::Escalate, NOW);
        assert_eq!(case.status, CaseStatus::Escalated);
        assert_eq!(payout_effect(case.status, case.outcome), PayoutEffect::Held);
        assert_eq!(
            apply(
                &policy(),
                case,
                Party::Platform,
                Step::Decide {
                    outcome: Outcome::Withdrawn,
                    by: 7
                },
                NOW
            ),
            Err(StepRefusal::NotDecidable)
        );
        let decided = step(
            case,
            Party::Platform,
            Step::Decide {
                outcome: Outcome::RefundAfterReturn,
                by: 7,
            },
            NOW + HOUR_MS,
        );
        assert_eq!(decided.status, CaseStatus::Resolved);
        assert_eq!(
            payout_effect(decided.status, decided.outcome),
            PayoutEffect::Reversed
        );
        // Appeal: once, within the window, decided by another person.
        let late = NOW + HOUR_MS + 30 * DAY_MS + 1;
        assert_eq!(
            apply(&policy(), decided, Party::Seller, Step::Appeal, late),
            Err(StepRefusal::NoAppeal)
        );
        let appealed = step(decided, Party::Seller, Step::Appeal, NOW + DAY_MS);
        assert_eq!(appealed.status, CaseStatus::Appealed);
        assert_eq!(
            payout_effect(appealed.status, appealed.outcome),
            PayoutEffect::Held
        );
        assert_eq!(
            apply(
                &policy(),
                appealed,
                Party::Platform,
                Step::Decide {
                    outcome: Outcome::SellerWins,
                    by: 7
                },
                NOW + DAY_MS
            ),
            Err(StepRefusal::SameDecider)
        );
        let last = step(
            appealed,
            Party::Platform,
            Step::Decide {
                outcome: Outcome::SellerWins,
                by: 8,
            },
            NOW + DAY_MS,
        );
        assert_eq!(last.status, CaseStatus::Closed);
        // A decision nobody appeals closes when its window ends.
        assert_eq!(
            apply(
                &policy(),
                decided,
                Party::Platform,
                Step::Expire,
                NOW + DAY_MS
            ),
            Err(StepRefusal::NotDue)
        );
        let unappealed = step(decided, Party::Platform, Step::Expire, late);
        assert_eq!(
            (unappealed.status, unappealed.outcome),
            (CaseStatus::Closed, Some(Outcome::RefundAfterReturn))
        );
        assert_eq!(
            payout_effect(last.status, last.outcome),
            PayoutEffect::Released
        );
        assert_eq!(
            apply(&policy(), last, Party::Buyer, Step::Appeal, NOW + DAY_MS),
            Err(StepRefusal::NoAppeal)
        );
    }

    #[test]
    fn accepting_an_offer_settles_without_the_platform_and_cannot_be_appealed() {
        let case = step(
            opened(),
            Party::Seller,
            Step::Offer(Remedy::FullRefund),
            NOW,
        );
        let agreed = step(case, Party::Buyer, Step::Accept, NOW);
        assert_eq!(agreed.outcome, Some(Outcome::FullRefund));
        assert_eq!(agreed.status, CaseStatus::Closed);
        assert_eq!(
            payout_effect(agreed.status, agreed.outcome),
            PayoutEffect::Reversed
        );
        assert_eq!(
            apply(&policy(), agreed, Party::Buyer, Step::Appeal, NOW),
            Err(StepRefusal::NoAppeal)
        );
        // A replacement agreed closes at once and releases the payout.
        let case = step(
            opened(),
            Party::Seller,
            Step::Offer(Remedy::Replacement),
            NOW,
        );
        let replaced = step(case, Party::Buyer, Step::Accept, NOW);
        assert_eq!(replaced.status, CaseStatus::Closed);
        assert_eq!(
            payout_effect(replaced.status, replaced.outcome),
            PayoutEffect::Released
        );
    }

    #[test]
    fn the_buyer_escalates_a_silent_seller_only_after_the_deadline() {
        let case = opened();
        assert_eq!(
            apply(&policy(), case, Party::Buyer, Step::Escalate, NOW + DAY_MS),
            Err(StepRefusal::SellerStillHasTime)
        );
        assert_eq!(
            apply(&policy(), case, Party::Seller, Step::Escalate, NOW),
            Err(StepRefusal::NotYourTurn)
        );
        let escalated = step(case, Party::Buyer, Step::Escalate, NOW + 3 * DAY_MS);
        assert_eq!(escalated.status, CaseStatus::Escalated);
        assert_eq!(escalated.status.turn(), Some(Party::Platform));
        assert_eq!(decision_due(&policy(), NOW), NOW + 48 * HOUR_MS);
        // A contest lets the seller escalate too.
        let contested = step(opened(), Party::Seller, Step::Contest, NOW);
        assert_eq!(
            step(contested, Party::Seller, Step::Escalate, NOW).status,
            CaseStatus::Escalated
        );
        assert_eq!(
            apply(
                &policy(),
                escalated,
                Party::Seller,
                Step::Offer(Remedy::FullRefund),
                NOW
            ),
            Err(StepRefusal::WrongState(CaseStatus::Escalated))
        );
    }

    #[test]
    fn unescalated_cases_expire_and_withdrawn_ones_close() {
        let case = step(opened(), Party::Seller, Step::Contest, NOW);
        assert_eq!(
            apply(
                &policy(),
                case,
                Party::Platform,
                Step::Expire,
                NOW + 20 * DAY_MS
            ),
            Err(StepRefusal::NotDue)
        );
        let expired = step(case, Party::Platform, Step::Expire, NOW + 21 * DAY_MS);
        assert_eq!(
            (expired.status, expired.outcome),
            (CaseStatus::Closed, Some(Outcome::Expired))
        );
        let escalated = step(case, Party::Buyer, Step::Escalate, NOW);
        assert_eq!(due(&policy(), escalated), None);
        let withdrawn = step(escalated, Party::Buyer, Step::Withdraw, NOW);
        assert_eq!(
            (withdrawn.status, withdrawn.outcome),
            (CaseStatus::Closed, Some(Outcome::Withdrawn))
        );
        assert_eq!(
            apply(&policy(), withdrawn, Party::Buyer, Step::Withdraw, NOW),
            Err(StepRefusal::WrongState(CaseStatus::Closed))
        );
    }

    #[test]
    fn each_party_reads_only_what_is_meant_for_it() {
        use Visibility as V;
        for (v, buyer, seller) in [
            (V::Everyone, true, true),
            (V::Buyer, true, false),
            (V::Seller, false, true),
        ] {
            assert_eq!(v.shown_to(Party::Buyer), buyer, "{v:?}");
            assert_eq!(v.shown_to(Party::Seller), seller, "{v:?}");
            assert!(v.shown_to(Party::Platform));
        }
        assert!(!V::Seller.writable_by(Party::Buyer));
        assert!(!V::Buyer.writable_by(Party::Seller));
        assert!(V::Seller.writable_by(Party::Platform));
    }

    #[test]
    fn the_policy_refuses_out_of_range_values() {
        assert_eq!(policy().problem(), None);
        let bad = DisputePolicy {
            decision_hours: 0,
            ..policy()
        };
        assert_eq!(
            bad.problem(),
            Some(("disputes.decision_hours".into(), "between 1 and 720".into()))
        );
    }
}
