//! Customers' account security (docs/TRUST.md, "Suspicious activity"):
//! the signals a platform reports, and the identity check an agent runs
//! before a frozen account is given back.

crate::wire_enum! {
    /// Something happened on the customer's marketplace account.
    pub enum SignalKind {
        NewCountry => "new_country",
        NewDevice => "new_device",
        EmailChanged => "email_changed",
        PhoneChanged => "phone_changed",
        PasswordChanged => "password_changed",
        PayoutChanged => "payout_changed",
    }
}

crate::wire_enum! {
    /// One question of the identity check.
    pub enum IdentityStep {
        /// The person named a past order's number and what it cost.
        PastOrder => "past_order",
        /// The postal code an order was delivered to.
        DeliveryPostcode => "delivery_postcode",
        /// The last four digits of the card of a past payment.
        PaymentCard => "payment_card",
        /// An identity document shown to the agent (not kept).
        DocumentSeen => "document_seen",
    }
}

impl IdentityStep {
    /// Questions only the account's owner can answer from their orders.
    pub fn about_orders(self) -> bool {
        matches!(
            self,
            IdentityStep::PastOrder | IdentityStep::DeliveryPostcode | IdentityStep::PaymentCard
        )
    }
}

/// Whether the steps answered right pass the check: two different ones,
/// at least one about the person's orders.
pub fn check_passes(passed: &[IdentityStep]) -> bool {
    let mut distinct: Vec<IdentityStep> = passed.to_vec();
    distinct.sort();
    distinct.dedup();
    distinct.len() >= 2 && distinct.iter().any(|s| s.about_orders())
}

#[cfg(test)]
mod tests {
    use super::*;
    use IdentityStep::*;

    #[test]
    fn two_different_steps_one_about_orders_pass() {
        assert!(!check_passes(&[]));
        assert!(!check_passes(&[PastOrder]));
        assert!(!check_passes(&[PastOrder, PastOrder]));
        assert!(check_passes(&[PastOrder, DeliveryPostcode]));
        assert!(check_passes(&[DocumentSeen, PaymentCard]));
    }
}
