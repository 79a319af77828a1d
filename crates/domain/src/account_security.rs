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

crate::wire_enum! {
    /// What support asks the platform to do on a customer's marketplace
    /// account (marketdesk never sees or sets a shopper's password).
    pub enum AccountAction {
        /// The platform mails the customer a password-reset link.
        PasswordResetLink => "password_reset_link",
        /// The platform lifts a lock after failed sign-ins.
        Unlock => "unlock",
        /// The platform sends the address-verification mail again.
        ResendVerification => "resend_verification",
        /// The platform changes the sign-in email to a new, verified one.
        ChangeEmail => "change_email",
        /// The platform removes the second factor so it can be set up again.
        ResetSecondFactor => "reset_second_factor",
        /// The platform closes the account.
        CloseAccount => "close_account",
    }
}

impl AccountAction {
    /// Whether a passed identity check must come first: always on a locked
    /// or frozen account, and for what hands the account to whoever asks
    /// (a new email, no second factor) or cannot be undone (closing). A
    /// reset link or a verification mail goes to the address on file, so
    /// on an account in good standing it helps only its owner.
    pub fn needs_identity_check(self, locked_or_frozen: bool) -> bool {
        locked_or_frozen
            || matches!(
                self,
                AccountAction::Unlock
                    | AccountAction::ChangeEmail
                    | AccountAction::ResetSecondFactor
                    | AccountAction::CloseAccount
            )
    }
}

/// The kinds of identity document accepted, told by their first bytes
/// (never by the name or the declared type).
pub fn document_type(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("image/jpeg")
    } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("image/png")
    } else if bytes.starts_with(b"%PDF-") {
        Some("application/pdf")
    } else {
        None
    }
}

/// The largest identity document accepted, in bytes.
pub const MAX_DOCUMENT_BYTES: usize = 5 * 1024 * 1024;

#[cfg(test)]
mod tests {
    use super::*;
    use IdentityStep::*;

    #[test]
    fn risky_actions_need_a_passed_check() {
        use AccountAction::*;
        assert!(!PasswordResetLink.needs_identity_check(false));
        assert!(!ResendVerification.needs_identity_check(false));
        assert!(PasswordResetLink.needs_identity_check(true));
        for action in [Unlock, ChangeEmail, ResetSecondFactor, CloseAccount] {
            assert!(action.needs_identity_check(false), "{action}");
        }
    }

    #[test]
    fn documents_are_known_by_their_bytes() {
        assert_eq!(document_type(&[0xFF, 0xD8, 0xFF, 0xE0]), Some("image/jpeg"));
        assert_eq!(document_type(b"\x89PNG\r\n\x1a\nrest"), Some("image/png"));
        assert_eq!(document_type(b"%PDF-1.7"), Some("application/pdf"));
        assert_eq!(document_type(b"GIF89a"), None);
        assert_eq!(document_type(b"<svg"), None);
        assert_eq!(document_type(b""), None);
    }

    #[test]
    fn two_different_steps_one_about_orders_pass() {
        assert!(!check_passes(&[]));
        assert!(!check_passes(&[PastOrder]));
        assert!(!check_passes(&[PastOrder, PastOrder]));
        assert!(check_passes(&[PastOrder, DeliveryPostcode]));
        assert!(check_passes(&[DocumentSeen, PaymentCard]));
    }
}
