//! Payment problems told plainly: why a payment was declined, and whether an
//! order was charged twice.

use marketdesk_messages::tr;

use crate::i18n::Lang;
use crate::wire_enum;

wire_enum! {
    /// Where a chargeback (a card dispute) stands, in the payment providers'
    /// words.
    pub enum ChargebackStatus {
        /// The bank asked questions; not yet a chargeback.
        Inquiry => "inquiry",
        /// Evidence is due from the shop (and the seller) by the due date.
        NeedsResponse => "needs_response",
        /// Evidence was sent; the bank decides.
        UnderReview => "under_review",
        /// Decided for the shop: the money stays.
        Won => "won",
        /// Decided for the buyer: the money went back to them.
        Lost => "lost",
    }
}

wire_enum! {
    /// The reason the buyer's bank gave for a chargeback.
    pub enum ChargebackReason {
        Fraudulent => "fraudulent",
        ProductNotReceived => "product_not_received",
        ProductUnacceptable => "product_unacceptable",
        Duplicate => "duplicate",
        CreditNotProcessed => "credit_not_processed",
        Unrecognized => "unrecognized",
        SubscriptionCanceled => "subscription_canceled",
        General => "general",
    }
}

impl ChargebackStatus {
    /// Whether the seller can still help win it (evidence is wanted).
    pub fn wants_evidence(self) -> bool {
        matches!(
            self,
            ChargebackStatus::Inquiry | ChargebackStatus::NeedsResponse
        )
    }
}

/// A decline code explained: what happened and what to do.
pub fn explain_decline(code: &str, lang: Lang) -> String {
    let text = match code {
        "insufficient_funds" => tr!(lang, "payment-decline-insufficient-funds"),
        "expired_card" => tr!(lang, "payment-decline-expired-card"),
        "incorrect_cvc" | "invalid_cvc" => tr!(lang, "payment-decline-wrong-cvc"),
        "authentication_required" | "3ds_failed" => tr!(lang, "payment-decline-authentication"),
        "do_not_honor" | "card_declined" | "generic_decline" => {
            tr!(lang, "payment-decline-no-reason")
        }
        "lost_card" | "stolen_card" | "fraudulent" | "pickup_card" => {
            tr!(lang, "payment-decline-card-blocked")
        }
        "processing_error" | "try_again_later" => tr!(lang, "payment-decline-temporary"),
        _ => tr!(lang, "payment-decline-other"),
    };
    text.to_string()
}

/// The amount charged twice, if the captures of an order exceed its total by
/// more than what was already refunded.
pub fn duplicate_charge(order_total: i64, captures: &[i64], refunded: i64) -> Option<i64> {
    if captures.len() < 2 {
        return None;
    }
    let captured: i64 = captures.iter().sum();
    let excess = captured - order_total - refunded.max(0);
    (excess > 0).then_some(excess)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn declines_are_explained_in_every_language() {
        for code in [
            "insufficient_funds",
            "expired_card",
            "do_not_honor",
            "stolen_card",
            "unknown_thing",
        ] {
            for lang in Lang::ALL {
                assert!(explain_decline(code, *lang).len() > 10);
            }
        }
        assert!(explain_decline("insufficient_funds", Lang::Es).contains("fondos"));
        assert_ne!(
            explain_decline("expired_card", Lang::En),
            explain_decline("do_not_honor", Lang::En)
        );
    }

    #[test]
    fn duplicate_captures_are_found_once() {
        assert_eq!(duplicate_charge(5000, &[5000, 5000], 0), Some(5000));
        assert_eq!(duplicate_charge(5000, &[5000, 5000], 5000), None);
        assert_eq!(duplicate_charge(5000, &[5000], 0), None);
        assert_eq!(
            duplicate_charge(8000, &[5000, 3000], 0),
            None,
            "split captures are not duplicates"
        );
    }
}
