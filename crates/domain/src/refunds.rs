//! Money going back: how much may be refunded or voided, how an order
//! discount is shared between lines, and who may refund how much.
//! All amounts are integer minor units of the order's currency.

use thiserror::Error;

use crate::access::Role;

crate::wire_enum! {
    /// Where a refund (or compensation coupon) stands.
    pub enum RefundStatus {
        /// Above the requester's limit: waits for someone whose limit covers it.
        PendingApproval => "pending_approval",
        Completed => "completed",
        Rejected => "rejected",
    }
}

crate::wire_enum! {
    /// What an order action answers: done, or waiting for approval.
    pub enum ActionStatus {
        Done => "done",
        PendingApproval => "pending_approval",
        /// Asked of the shop's platform: made once the customer pays.
        AwaitingPayment => "awaiting_payment",
    }
}

/// The succeeded payment events of one order, summed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Ledger {
    pub authorized: i64,
    pub captured: i64,
    pub refunded: i64,
    pub voided: i64,
}

impl Ledger {
    /// What can still go back to the customer's payment method.
    pub fn refundable(&self) -> i64 {
        (self.captured - self.refunded).max(0)
    }

    /// Authorized money never captured, which cancelling releases.
    pub fn voidable(&self) -> i64 {
        (self.authorized - self.captured - self.voided).max(0)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum RefundError {
    #[error("a refund must be more than zero")]
    NotPositive,
    #[error("only {refundable} can still be refunded; {asked} was asked")]
    ExceedsRefundable { asked: i64, refundable: i64 },
}

/// Checks a refund against what was captured and already refunded.
pub fn check_refund(ledger: &Ledger, amount: i64) -> Result<(), RefundError> {
    if amount <= 0 {
        return Err(RefundError::NotPositive);
    }
    let refundable = ledger.refundable();
    if amount > refundable {
        return Err(RefundError::ExceedsRefundable {
            asked: amount,
            refundable,
        });
    }
    Ok(())
}

/// What cancelling part or all of an order gives back: `amount` of the
/// order's value is returned first from money not yet captured (a void),
/// then from captured money (a refund).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Settlement {
    pub void: i64,
    pub refund: i64,
}

pub fn settle_cancellation(ledger: &Ledger, amount: i64) -> Settlement {
    let amount = amount.max(0);
    let void = amount.min(ledger.voidable());
    let refund = (amount - void).min(ledger.refundable());
    Settlement { void, refund }
}

/// Shares an order-level discount between lines in proportion to their net
/// value, with largest remainders so the shares add up to the discount exactly.
pub fn allocate_discount(discount: i64, line_values: &[i64]) -> Vec<i64> {
    let total: i64 = line_values.iter().map(|v| (*v).max(0)).sum();
    if discount <= 0 || total <= 0 {
        return vec![0; line_values.len()];
    }
    let discount = discount.min(total);
    let mut shares: Vec<(usize, i64, i128)> = line_values
        .iter()
        .enumerate()
        .map(|(i, v)| {
            let exact = i128::from(discount) * i128::from((*v).max(0));
            let share = exact / i128::from(total);
            (i, share as i64, exact % i128::from(total))
        })
        .collect();
    let mut left = discount - shares.iter().map(|s| s.1).sum::<i64>();
    let mut by_remainder: Vec<usize> = (0..shares.len()).collect();
    by_remainder.sort_by(|a, b| shares[*b].2.cmp(&shares[*a].2).then(a.cmp(b)));
    for i in by_remainder {
        if left == 0 {
            break;
        }
        shares[i].1 += 1;
        left -= 1;
    }
    shares.into_iter().map(|s| s.1).collect()
}

/// How much each role may move on its own — refunds, store credit and
/// compensation together — on one order, and across orders in a day; above
/// either, the request waits for someone allowed to approve it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RefundLimits {
    pub agent: i64,
    pub supervisor: i64,
    pub agent_daily: i64,
    pub supervisor_daily: i64,
}

impl Default for RefundLimits {
    fn default() -> Self {
        RefundLimits {
            agent: 10_000,
            supervisor: 100_000,
            agent_daily: 50_000,
            supervisor_daily: 500_000,
        }
    }
}

/// What one person already moved without anybody's approval.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct AlreadyMoved {
    /// On this order, ever.
    pub on_order: i64,
    /// On every order, in the last 24 hours, in this currency.
    pub in_last_day: i64,
}

impl RefundLimits {
    /// The most `role` may move on one order without approval; `None` means no limit.
    pub fn limit_for(&self, role: Role) -> Option<i64> {
        match role {
            Role::Admin => None,
            Role::Supervisor => Some(self.supervisor),
            Role::Agent => Some(self.agent),
            Role::Customer | Role::Seller => Some(0),
        }
    }

    /// The most `role` may move in 24 hours across orders; `None` means no limit.
    pub fn daily_limit_for(&self, role: Role) -> Option<i64> {
        match role {
            Role::Admin => None,
            Role::Supervisor => Some(self.supervisor_daily),
            Role::Agent => Some(self.agent_daily),
            Role::Customer | Role::Seller => Some(0),
        }
    }

    /// Whether one request of `amount` alone is above `role`'s limit.
    pub fn needs_approval(&self, role: Role, amount: i64) -> bool {
        self.needs_approval_after(role, AlreadyMoved::default(), amount)
    }

    /// Whether `amount`, added to what the person already moved on their own,
    /// goes past the per-order or the daily limit: splitting a sum into small
    /// requests gets no further than asking for it at once.
    pub fn needs_approval_after(&self, role: Role, moved: AlreadyMoved, amount: i64) -> bool {
        let over = |limit: Option<i64>, before: i64| {
            limit.is_some_and(|limit| before.saturating_add(amount) > limit)
        };
        over(self.limit_for(role), moved.on_order)
            || over(self.daily_limit_for(role), moved.in_last_day)
    }

    /// Whether `role` may approve a refund of `amount` waiting in the queue.
    pub fn may_approve(&self, role: Role, amount: i64) -> bool {
        role.is_staff() && role != Role::Agent && !self.needs_approval(role, amount)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn refunds_stay_within_what_was_captured() {
        let ledger = Ledger {
            authorized: 5000,
            captured: 5000,
            refunded: 1200,
            voided: 0,
        };
        assert_eq!(check_refund(&ledger, 3800), Ok(()));
        assert_eq!(
            check_refund(&ledger, 3801),
            Err(RefundError::ExceedsRefundable {
                asked: 3801,
                refundable: 3800
            })
        );
        assert_eq!(check_refund(&ledger, 0), Err(RefundError::NotPositive));
    }

    #[test]
    fn cancellation_voids_before_refunding() {
        let authorized_only = Ledger {
            authorized: 5000,
            ..Default::default()
        };
        assert_eq!(
            settle_cancellation(&authorized_only, 5000),
            Settlement {
                void: 5000,
                refund: 0
            }
        );
        let captured = Ledger {
            authorized: 5000,
            captured: 5000,
            ..Default::default()
        };
        assert_eq!(
            settle_cancellation(&captured, 5000),
            Settlement {
                void: 0,
                refund: 5000
            }
        );
        assert_eq!(
            settle_cancellation(&captured, 1500),
            Settlement {
                void: 0,
                refund: 1500
            }
        );
    }

    #[test]
    fn discounts_are_shared_exactly() {
        assert_eq!(allocate_discount(1000, &[3000, 1000]), vec![750, 250]);
        assert_eq!(allocate_discount(100, &[100, 100, 100]), vec![34, 33, 33]);
        assert_eq!(allocate_discount(100, &[1, 1, 1]), vec![1, 1, 1]);
        assert_eq!(allocate_discount(0, &[10, 20]), vec![0, 0]);
        assert_eq!(allocate_discount(50, &[]), Vec::<i64>::new());
    }

    #[test]
    fn limits_by_role() {
        let limits = RefundLimits::default();
        assert!(!limits.needs_approval(Role::Agent, 10_000));
        assert!(limits.needs_approval(Role::Agent, 10_001));
        assert!(!limits.needs_approval(Role::Supervisor, 100_000));
        assert!(limits.needs_approval(Role::Supervisor, 100_001));
        assert!(!limits.needs_approval(Role::Admin, i64::MAX));
    }

    #[test]
    fn limits_count_what_was_already_moved() {
        let limits = RefundLimits::default();
        let on_order = |n| AlreadyMoved {
            on_order: n,
            in_last_day: n,
        };
        assert!(!limits.needs_approval_after(Role::Agent, on_order(0), 10_000));
        assert!(limits.needs_approval_after(Role::Agent, on_order(1), 10_000));
        assert!(!limits.needs_approval_after(Role::Agent, on_order(9_999), 1));
        // The daily total binds across orders even when each order is small.
        let day = AlreadyMoved {
            on_order: 0,
            in_last_day: 49_000,
        };
        assert!(!limits.needs_approval_after(Role::Agent, day, 1_000));
        assert!(limits.needs_approval_after(Role::Agent, day, 1_001));
        assert!(!limits.needs_approval_after(Role::Admin, on_order(i64::MAX), i64::MAX));
        assert!(limits.needs_approval_after(Role::Customer, AlreadyMoved::default(), 1));
        assert!(limits.may_approve(Role::Supervisor, 50_000));
        assert!(!limits.may_approve(Role::Supervisor, 500_000));
        assert!(!limits.may_approve(Role::Agent, 1));
        assert!(limits.may_approve(Role::Admin, 500_000));
    }

    proptest! {
        #[test]
        fn allocation_adds_up_and_never_exceeds_a_line(
            discount in 0i64..1_000_000,
            lines in proptest::collection::vec(0i64..500_000, 0..8),
        ) {
            let shares = allocate_discount(discount, &lines);
            prop_assert_eq!(shares.len(), lines.len());
            let total: i64 = lines.iter().sum();
            if total > 0 {
                prop_assert_eq!(shares.iter().sum::<i64>(), discount.min(total));
            }
            for (share, line) in shares.iter().zip(&lines) {
                prop_assert!(*share >= 0 && *share <= *line);
            }
        }

        #[test]
        fn no_split_moves_more_than_the_limits_without_approval(
            asks in proptest::collection::vec(1i64..40_000, 0..40),
            orders in proptest::collection::vec(0usize..4, 40),
        ) {
            let limits = RefundLimits::default();
            let mut per_order = [0i64; 4];
            let mut day = 0i64;
            for (ask, order) in asks.into_iter().zip(orders) {
                let moved = AlreadyMoved { on_order: per_order[order], in_last_day: day };
                if !limits.needs_approval_after(Role::Agent, moved, ask) {
                    per_order[order] += ask;
                    day += ask;
                }
                prop_assert!(per_order[order] <= limits.agent);
                prop_assert!(day <= limits.agent_daily);
            }
        }

        #[test]
        fn no_sequence_of_refunds_exceeds_the_capture(
            captured in 0i64..1_000_000,
            asks in proptest::collection::vec(-10i64..400_000, 0..12),
        ) {
            let mut ledger = Ledger { authorized: captured, captured, ..Default::default() };
            for ask in asks {
                if check_refund(&ledger, ask).is_ok() {
                    ledger.refunded += ask;
                }
                prop_assert!(ledger.refunded <= ledger.captured);
            }
        }

        #[test]
        fn settlement_never_gives_back_more_than_was_taken(
            authorized in 0i64..100_000, captured_part in 0i64..100_000, refunded_part in 0i64..100_000, amount in -10i64..300_000,
        ) {
            let captured = captured_part.min(authorized);
            let refunded = refunded_part.min(captured);
            let ledger = Ledger { authorized, captured, refunded, voided: 0 };
            let s = settle_cancellation(&ledger, amount);
            prop_assert!(s.void >= 0 && s.refund >= 0);
            prop_assert!(s.void <= ledger.voidable());
            prop_assert!(s.refund <= ledger.refundable());
            prop_assert!(s.void + s.refund <= amount.max(0));
        }
    }
}
