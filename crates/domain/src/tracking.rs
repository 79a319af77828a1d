//! Seeing shipment trouble before the customer does: from the label time,
//! the carrier's scans and the estimate, decide whether a parcel needs
//! attention and why. Thresholds come from the policy file.

use marketdesk_messages::tr;
use serde::{Deserialize, Serialize};

use crate::commerce::{ShipmentException, ShipmentStatus};
use crate::i18n::Lang;
use crate::{DAY_MS, Millis};

/// When a shipment counts as in trouble.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields, default)]
pub struct TrackingThresholds {
    /// Business days after the label without a first carrier scan.
    pub first_scan_business_days: u32,
    /// Days without a new scan, domestic parcels.
    pub stalled_days_domestic: u32,
    /// Days without a new scan, cross-border parcels.
    pub stalled_days_cross_border: u32,
    /// Business days past the estimated delivery date.
    pub late_business_days: u32,
    /// Failed delivery attempts before we step in.
    pub failed_attempts: u32,
    /// Days without delivery after which a parcel is presumed lost.
    pub lost_after_days_domestic: u32,
    pub lost_after_days_cross_border: u32,
    /// What a lost parcel gets, besides the carrier claim: sent again or
    /// refunded.
    pub lost_parcel: LostParcelRemedy,
}

crate::wire_enum! {
    /// What the shop does for a customer whose parcel is lost.
    pub enum LostParcelRemedy {
        /// A replacement parcel with the same items.
        Reship => "reship",
        /// What is left of the payment goes back.
        Refund => "refund",
    }
}

impl Default for TrackingThresholds {
    fn default() -> Self {
        TrackingThresholds {
            first_scan_business_days: 3,
            stalled_days_domestic: 3,
            stalled_days_cross_border: 7,
            late_business_days: 1,
            failed_attempts: 2,
            lost_after_days_domestic: 14,
            lost_after_days_cross_border: 30,
            lost_parcel: LostParcelRemedy::Reship,
        }
    }
}

/// What the tracking of one shipment shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShipmentFacts {
    pub status: ShipmentStatus,
    pub cross_border: bool,
    pub label_created_at: Millis,
    pub estimated_delivery_at: Option<Millis>,
    /// Carrier scans: (time, normalized status), any order.
    pub events: Vec<(Millis, ShipmentStatus)>,
    /// The carrier's exception, when `status` is `exception`.
    pub exception: Option<ShipmentException>,
}

/// Kinds of trouble, most serious first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Trouble {
    /// The carrier itself reports the parcel lost.
    ReportedLost,
    PresumedLost,
    Damaged,
    ReturnedToSender,
    CustomsHold,
    AddressIssue,
    RepeatedFailedAttempts,
    NoFirstScan,
    Stalled,
    PastEstimate,
}

impl Trouble {
    pub fn code(self) -> &'static str {
        match self {
            Trouble::ReportedLost => "reported_lost",
            Trouble::PresumedLost => "presumed_lost",
            Trouble::Damaged => "damaged",
            Trouble::ReturnedToSender => "returned_to_sender",
            Trouble::CustomsHold => "customs_hold",
            Trouble::AddressIssue => "address_issue",
            Trouble::RepeatedFailedAttempts => "repeated_failed_attempts",
            Trouble::NoFirstScan => "no_first_scan",
            Trouble::Stalled => "stalled",
            Trouble::PastEstimate => "past_estimate",
        }
    }

    /// Whether the parcel is lost: a claim is filed and the policy's remedy
    /// given without waiting for the customer.
    pub fn is_lost(self) -> bool {
        matches!(self, Trouble::ReportedLost | Trouble::PresumedLost)
    }

    /// A proactive message to the customer, in their language; for a lost
    /// parcel, with what was done about it.
    pub fn tell_customer(self, order_number: &str, lang: Lang, remedy: LostParcelRemedy) -> String {
        let what = self.what_happened(order_number, lang);
        if !self.is_lost() {
            return what;
        }
        let done = match remedy {
            LostParcelRemedy::Reship => tr!(lang, "tracking-lost-reship"),
            LostParcelRemedy::Refund => tr!(lang, "tracking-lost-refund"),
        };
        format!("{what} {done}")
    }

    fn what_happened(self, order_number: &str, lang: Lang) -> String {
        let order = order_number;
        match self {
            Trouble::ReportedLost => tr!(lang, "tracking-trouble-reported-lost", order = order),
            Trouble::PresumedLost => tr!(lang, "tracking-trouble-presumed-lost", order = order),
            Trouble::Damaged => tr!(lang, "tracking-trouble-damaged", order = order),
            Trouble::ReturnedToSender => {
                tr!(lang, "tracking-trouble-returned-to-sender", order = order)
            }
            Trouble::CustomsHold => tr!(lang, "tracking-trouble-customs-hold", order = order),
            Trouble::AddressIssue => tr!(lang, "tracking-trouble-address-issue", order = order),
            Trouble::RepeatedFailedAttempts => {
                tr!(lang, "tracking-trouble-failed-attempts", order = order)
            }
            Trouble::NoFirstScan => tr!(lang, "tracking-trouble-no-first-scan", order = order),
            Trouble::Stalled => tr!(lang, "tracking-trouble-stalled", order = order),
            Trouble::PastEstimate => tr!(lang, "tracking-trouble-past-estimate", order = order),
        }
    }
}

impl Trouble {
    /// What the team does next, for the internal note.
    pub fn next_step(self) -> &'static str {
        match self {
            Trouble::ReportedLost | Trouble::PresumedLost => {
                "File a carrier claim; reship or refund by policy."
            }
            Trouble::Damaged => {
                "Wait for the customer's photos, then file a carrier claim and send a replacement."
            }
            Trouble::ReturnedToSender => {
                "When it is back, reship (after checking the address) or refund, as the customer chooses."
            }
            Trouble::CustomsHold => {
                "Send customs the invoice and the customer's ID/tax number; follow the release."
            }
            Trouble::AddressIssue => {
                "The customer corrects the address on the order page; then ask the carrier to deliver again."
            }
            Trouble::RepeatedFailedAttempts => "Offer a new date or a pickup point (reschedule).",
            Trouble::NoFirstScan | Trouble::Stalled | Trouble::PastEstimate => {
                "Follow up with the carrier; consider reship, claim or compensation."
            }
        }
    }

    /// Serious enough to answer first (priority high).
    pub fn urgent(self) -> bool {
        matches!(
            self,
            Trouble::ReportedLost | Trouble::PresumedLost | Trouble::Damaged
        )
    }
}

/// Calendar milliseconds after `from` that cover `days` business days
/// (Monday to Friday, UTC).
pub fn business_days_after(from: Millis, days: u32) -> Millis {
    let mut at = from;
    let mut left = days;
    while left > 0 {
        at += DAY_MS;
        if !is_weekend(at) {
            left -= 1;
        }
    }
    at
}

fn is_weekend(at: Millis) -> bool {
    // 1970-01-01 was a Thursday: day 0 → Thursday.
    let weekday = (at.div_euclid(DAY_MS) + 3).rem_euclid(7); // 0 = Monday
    weekday >= 5
}

/// The most serious trouble of a shipment at `now`, if any. Delivered,
/// expired and already-flagged-exception parcels are left alone.
pub fn detect(facts: &ShipmentFacts, now: Millis, t: &TrackingThresholds) -> Option<Trouble> {
    use ShipmentStatus::*;
    if matches!(facts.status, Delivered | Expired | AvailableForPickup) {
        return None;
    }
    // What the carrier says happened comes before anything guessed from
    // silence: a damaged parcel is damaged, not "not moving".
    if facts.status == Exception {
        match facts.exception {
            Some(ShipmentException::Lost) => return Some(Trouble::ReportedLost),
            Some(ShipmentException::Damaged) => return Some(Trouble::Damaged),
            Some(ShipmentException::ReturnedToSender) => return Some(Trouble::ReturnedToSender),
            Some(ShipmentException::CustomsHold) => return Some(Trouble::CustomsHold),
            Some(ShipmentException::AddressIssue) => return Some(Trouble::AddressIssue),
            Some(ShipmentException::Delayed) | None => {}
        }
    }
    let scans: Vec<&(Millis, ShipmentStatus)> = facts
        .events
        .iter()
        .filter(|(at, status)| *at <= now && !matches!(status, Pending | InfoReceived))
        .collect();
    let last_scan = scans.iter().map(|(at, _)| *at).max();
    let lost_after = if facts.cross_border {
        t.lost_after_days_cross_border
    } else {
        t.lost_after_days_domestic
    };
    if now >= facts.label_created_at + i64::from(lost_after) * DAY_MS {
        return Some(Trouble::PresumedLost);
    }
    let failed = scans.iter().filter(|(_, s)| *s == AttemptFailed).count();
    if failed >= t.failed_attempts as usize {
        return Some(Trouble::RepeatedFailedAttempts);
    }
    let Some(last_scan) = last_scan else {
        let due = business_days_after(facts.label_created_at, t.first_scan_business_days);
        return (now >= due).then_some(Trouble::NoFirstScan);
    };
    let stalled_days = if facts.cross_border {
        t.stalled_days_cross_border
    } else {
        t.stalled_days_domestic
    };
    if now >= last_scan + i64::from(stalled_days) * DAY_MS {
        return Some(Trouble::Stalled);
    }
    if let Some(eta) = facts.estimated_delivery_at
        && now >= business_days_after(eta, t.late_business_days)
    {
        return Some(Trouble::PastEstimate);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use ShipmentStatus::*;

    // Monday 2026-11-02 00:00 UTC.
    const MONDAY: Millis = 1_793_577_600_000;

    fn facts(events: Vec<(Millis, ShipmentStatus)>) -> ShipmentFacts {
        ShipmentFacts {
            status: InTransit,
            cross_border: false,
            label_created_at: MONDAY,
            estimated_delivery_at: Some(MONDAY + 4 * DAY_MS),
            events,
            exception: None,
        }
    }

    #[test]
    fn a_carrier_exception_is_read_not_guessed() {
        let now = MONDAY + 6 * DAY_MS;
        // No scan for days and a damage report: damaged, never "stalled".
        let damaged = ShipmentFacts {
            status: Exception,
            exception: Some(ShipmentException::Damaged),
            ..facts(vec![(MONDAY + DAY_MS, InTransit)])
        };
        assert_eq!(
            detect(&damaged, now, &TrackingThresholds::default()),
            Some(Trouble::Damaged)
        );
        for (reason, trouble) in [
            (ShipmentException::Lost, Trouble::ReportedLost),
            (ShipmentException::CustomsHold, Trouble::CustomsHold),
            (ShipmentException::AddressIssue, Trouble::AddressIssue),
            (
                ShipmentException::ReturnedToSender,
                Trouble::ReturnedToSender,
            ),
        ] {
            let f = ShipmentFacts {
                status: Exception,
                exception: Some(reason),
                ..facts(vec![(MONDAY + 5 * DAY_MS, InTransit)])
            };
            assert_eq!(
                detect(&f, MONDAY + 5 * DAY_MS, &TrackingThresholds::default()),
                Some(trouble)
            );
            // Each kind has its own words, in every language.
            let reship = LostParcelRemedy::Reship;
            let en = trouble.tell_customer("SO-1", Lang::En, reship);
            assert_ne!(en, Trouble::Stalled.tell_customer("SO-1", Lang::En, reship));
            assert!(
                trouble
                    .tell_customer("SO-1", Lang::Zh, reship)
                    .contains("SO-1")
            );
        }
        // A delay is what the timing rules say it is.
        let delayed = ShipmentFacts {
            status: Exception,
            exception: Some(ShipmentException::Delayed),
            ..facts(vec![(MONDAY + 5 * DAY_MS, InTransit)])
        };
        assert_eq!(
            detect(
                &delayed,
                MONDAY + 5 * DAY_MS + crate::HOUR_MS,
                &TrackingThresholds::default()
            ),
            None
        );
    }

    #[test]
    fn weekends_are_skipped() {
        assert!(!is_weekend(MONDAY));
        assert!(is_weekend(MONDAY + 5 * DAY_MS));
        // Thursday + 3 business days = next Tuesday.
        assert_eq!(
            business_days_after(MONDAY + 3 * DAY_MS, 3),
            MONDAY + 8 * DAY_MS
        );
    }

    #[test]
    fn no_first_scan_after_three_business_days() {
        let t = TrackingThresholds::default();
        let f = facts(vec![(MONDAY, InfoReceived)]);
        assert_eq!(detect(&f, MONDAY + 3 * DAY_MS - 1, &t), None);
        assert_eq!(
            detect(&f, MONDAY + 3 * DAY_MS, &t),
            Some(Trouble::NoFirstScan)
        );
    }

    #[test]
    fn stalled_domestic_and_cross_border() {
        let t = TrackingThresholds::default();
        let mut f = facts(vec![(MONDAY + DAY_MS, InTransit)]);
        f.estimated_delivery_at = None;
        assert_eq!(detect(&f, MONDAY + 4 * DAY_MS - 1, &t), None);
        assert_eq!(detect(&f, MONDAY + 4 * DAY_MS, &t), Some(Trouble::Stalled));
        f.cross_border = true;
        assert_eq!(detect(&f, MONDAY + 4 * DAY_MS, &t), None);
        assert_eq!(detect(&f, MONDAY + 8 * DAY_MS, &t), Some(Trouble::Stalled));
    }

    #[test]
    fn late_after_the_estimate_by_a_business_day() {
        let t = TrackingThresholds::default();
        let f = facts(vec![
            (MONDAY + DAY_MS, InTransit),
            (MONDAY + 3 * DAY_MS, InTransit),
            (MONDAY + 5 * DAY_MS, OutForDelivery),
        ]);
        // Estimate Friday; one business day later is Monday.
        assert_eq!(detect(&f, MONDAY + 6 * DAY_MS, &t), None);
        assert_eq!(
            detect(&f, MONDAY + 7 * DAY_MS, &t),
            Some(Trouble::PastEstimate)
        );
    }

    #[test]
    fn two_failed_attempts_and_lost() {
        let t = TrackingThresholds::default();
        let f = facts(vec![
            (MONDAY + DAY_MS, AttemptFailed),
            (MONDAY + 2 * DAY_MS, AttemptFailed),
        ]);
        assert_eq!(
            detect(&f, MONDAY + 2 * DAY_MS, &t),
            Some(Trouble::RepeatedFailedAttempts)
        );
        let f = facts(vec![(MONDAY + DAY_MS, InTransit)]);
        assert_eq!(
            detect(&f, MONDAY + 14 * DAY_MS, &t),
            Some(Trouble::PresumedLost)
        );
    }

    #[test]
    fn delivered_parcels_are_fine() {
        let mut f = facts(vec![]);
        f.status = Delivered;
        assert_eq!(
            detect(&f, MONDAY + 100 * DAY_MS, &TrackingThresholds::default()),
            None
        );
    }

    #[test]
    fn messages_in_every_language() {
        for trouble in [
            Trouble::PresumedLost,
            Trouble::RepeatedFailedAttempts,
            Trouble::NoFirstScan,
            Trouble::Stalled,
            Trouble::PastEstimate,
        ] {
            for lang in Lang::ALL {
                let text = trouble.tell_customer("SO-1", *lang, LostParcelRemedy::Reship);
                assert!(text.contains("SO-1"));
            }
        }
    }

    #[test]
    fn a_lost_parcel_is_told_what_the_policy_gives() {
        let reship =
            Trouble::ReportedLost.tell_customer("SO-1", Lang::En, LostParcelRemedy::Reship);
        let refund =
            Trouble::ReportedLost.tell_customer("SO-1", Lang::En, LostParcelRemedy::Refund);
        assert!(reship.contains("sending your order again"), "{reship}");
        assert!(refund.contains("refunded"), "{refund}");
        // Other troubles do not depend on it.
        assert_eq!(
            Trouble::Damaged.tell_customer("SO-1", Lang::En, LostParcelRemedy::Reship),
            Trouble::Damaged.tell_customer("SO-1", Lang::En, LostParcelRemedy::Refund)
        );
    }
}
