//! Store credit as a ledger, and sellers' payouts: the rules, no I/O.
//!
//! Credit is issued in lots (a refund to store credit, a goodwill gesture),
//! each with what is left of it and, by policy, an expiry. Spending takes
//! from the lot that expires first, so a customer never loses credit that a
//! different order of spending would have kept. What is left of a lot when
//! it expires becomes an `expired` entry: the balance is always the sum of
//! the entries.

use crate::{DAY_MS, Millis, wire_enum};

wire_enum! {
    /// What one line of a customer's store-credit ledger records.
    pub enum CreditEntryKind {
        /// Credit given (a refund to store credit, compensation).
        Issued => "issued",
        /// Credit spent on an order at the shop's checkout.
        Used => "used",
        /// What was left of a lot on its expiry date.
        Expired => "expired",
    }
}

/// One lot of issued credit, as far as spending and expiry care.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CreditLot {
    pub id: i64,
    pub remaining_minor: i64,
    pub expires_at: Option<Millis>,
}

/// A spend larger than the credit that can be used now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shortfall {
    pub available_minor: i64,
}

/// When credit issued at `issued_at` expires: `valid_days` after, or never
/// when the policy says 0.
pub fn expiry(issued_at: Millis, valid_days: u32) -> Option<Millis> {
    (valid_days > 0).then(|| issued_at.saturating_add(i64::from(valid_days) * DAY_MS))
}

fn usable(lot: &CreditLot, now: Millis) -> bool {
    lot.remaining_minor > 0 && lot.expires_at.is_none_or(|at| at > now)
}

/// Credit that can be spent at `now`.
pub fn available(lots: &[CreditLot], now: Millis) -> i64 {
    lots.iter()
        .filter(|l| usable(l, now))
        .map(|l| l.remaining_minor)
        .sum()
}

/// Which lots a spend of `amount_minor` takes from, and how much from each:
/// the soonest to expire first (lots that never expire last, older before
/// newer). All or nothing: a spend above what is usable is refused whole.
pub fn allocate(
    lots: &[CreditLot],
    amount_minor: i64,
    now: Millis,
) -> Result<Vec<(i64, i64)>, Shortfall> {
    let available_minor = available(lots, now);
    if amount_minor <= 0 || amount_minor > available_minor {
        return Err(Shortfall { available_minor });
    }
    let mut order: Vec<&CreditLot> = lots.iter().filter(|l| usable(l, now)).collect();
    order.sort_by_key(|l| (l.expires_at.unwrap_or(Millis::MAX), l.id));
    let mut left = amount_minor;
    let mut taken = Vec::new();
    for lot in order {
        if left == 0 {
            break;
        }
        let take = left.min(lot.remaining_minor);
        taken.push((lot.id, take));
        left -= take;
    }
    Ok(taken)
}

/// Lots whose expiry has come with credit left: (lot, amount that expires).
pub fn expiring(lots: &[CreditLot], now: Millis) -> Vec<(i64, i64)> {
    lots.iter()
        .filter(|l| l.remaining_minor > 0 && l.expires_at.is_some_and(|at| at <= now))
        .map(|l| (l.id, l.remaining_minor))
        .collect()
}

wire_enum! {
    /// Where a seller's payout is, in the words payment providers use.
    pub enum PayoutStatus {
        /// Scheduled; not yet sent to the bank.
        Pending => "pending",
        /// Sent; the bank has not confirmed it.
        InTransit => "in_transit",
        Paid => "paid",
        /// Held back for a reason (see its holds).
        OnHold => "on_hold",
        /// The bank refused it (wrong account details, closed account).
        Failed => "failed",
        Canceled => "canceled",
    }
}

wire_enum! {
    /// Why a payout is held back; each has its own next step for the seller.
    pub enum HoldReason {
        /// The seller's identity or bank account must be verified.
        VerificationRequired => "verification_required",
        /// A buyer's dispute or chargeback on one of the orders is open.
        OpenDispute => "open_dispute",
        /// The buyer can still return or report the item.
        ReturnWindow => "return_window",
        /// The bank details are missing or were refused.
        BankDetails => "bank_details",
        /// The platform's risk team is reviewing the account.
        RiskReview => "risk_review",
        /// The item has not been confirmed as delivered.
        AwaitingDelivery => "awaiting_delivery",
        Other => "other",
    }
}

impl PayoutStatus {
    /// Whether a seller asking "where is my payout" should be told it is
    /// late: still not paid after its expected date.
    pub fn is_late(self, expected_at: Option<Millis>, now: Millis) -> bool {
        matches!(self, PayoutStatus::Pending | PayoutStatus::InTransit)
            && expected_at.is_some_and(|at| at < now)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lot(id: i64, remaining: i64, expires_at: Option<Millis>) -> CreditLot {
        CreditLot {
            id,
            remaining_minor: remaining,
            expires_at,
        }
    }

    #[test]
    fn spending_takes_the_soonest_to_expire_first() {
        let lots = [
            lot(1, 500, None),
            lot(2, 300, Some(5_000)),
            lot(3, 200, Some(2_000)),
        ];
        assert_eq!(
            allocate(&lots, 600, 1_000),
            Ok(vec![(3, 200), (2, 300), (1, 100)])
        );
        assert_eq!(allocate(&lots, 150, 1_000), Ok(vec![(3, 150)]));
    }

    #[test]
    fn expired_and_empty_lots_are_not_spent() {
        let lots = [lot(1, 500, Some(1_000)), lot(2, 0, None), lot(3, 200, None)];
        assert_eq!(available(&lots, 1_000), 200);
        assert_eq!(
            allocate(&lots, 201, 1_000),
            Err(Shortfall {
                available_minor: 200
            })
        );
        assert_eq!(allocate(&lots, 200, 999), Ok(vec![(1, 200)]));
    }

    #[test]
    fn a_spend_is_positive_and_all_or_nothing() {
        let lots = [lot(1, 100, None)];
        assert!(allocate(&lots, 0, 0).is_err());
        assert!(allocate(&lots, -5, 0).is_err());
        assert!(allocate(&lots, 101, 0).is_err());
    }

    #[test]
    fn expiry_follows_the_policy() {
        assert_eq!(expiry(0, 0), None);
        assert_eq!(expiry(10, 365), Some(10 + 365 * DAY_MS));
        let lots = [
            lot(1, 50, Some(100)),
            lot(2, 0, Some(100)),
            lot(3, 70, None),
        ];
        assert_eq!(expiring(&lots, 100), vec![(1, 50)]);
        assert!(expiring(&lots, 99).is_empty());
    }

    #[test]
    fn a_payout_is_late_only_while_unpaid_past_its_date() {
        assert!(PayoutStatus::Pending.is_late(Some(10), 11));
        assert!(!PayoutStatus::Paid.is_late(Some(10), 11));
        assert!(!PayoutStatus::InTransit.is_late(Some(10), 10));
        assert!(!PayoutStatus::OnHold.is_late(None, 11));
    }
}
