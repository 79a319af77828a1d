//! What may happen to an order, and when. One place decides; the answer
//! carries the reason and the alternatives, in the customer's language.

use marketdesk_messages::tr;

use crate::commerce::OrderStatus;
use crate::i18n::Lang;
use crate::wire_enum;

wire_enum! {
    /// An action on the one action path for orders and money: its name in
    /// the audit log, the saved outcome, the answer and the webhook event
    /// (`order.<name>`).
    pub enum OrderAction {
        AddressChanged => "address_changed",
        PhoneChanged => "phone_changed",
        VariantChanged => "variant_changed",
        Cancelled => "cancelled",
        Refunded => "refunded",
        RefundApproved => "refund_approved",
        RefundRejected => "refund_rejected",
        DeliveryRescheduled => "delivery_rescheduled",
        ReshipRequested => "reship_requested",
        ClaimFiled => "claim_filed",
        Compensated => "compensated",
        ReturnRequested => "return_requested",
        ReturnCarrierScan => "return_carrier_scan",
        ReturnReceived => "return_received",
        ReturnInspected => "return_inspected",
        /// An item added to an order, waiting for the customer's payment.
        ItemRequested => "item_requested",
    }
}

crate::wire_enum! {
    /// A change that costs the customer more (a dearer variant, an added
    /// item): asked here, paid and confirmed on the shop's platform.
    pub enum PendingChangeKind {
        Variant => "variant",
        AddItem => "add_item",
    }
}

crate::wire_enum! {
    /// Where a change that costs more stands.
    pub enum PendingChangeState {
        /// Sent to the platform; the customer has yet to pay the difference.
        Pending => "pending",
        /// The platform's feed shows it on the order.
        Confirmed => "confirmed",
        /// Replaced by a newer request for the same line.
        Replaced => "replaced",
        /// The order was packed, shipped or cancelled before it was paid.
        Lapsed => "lapsed",
    }
}

/// A pending change as the platform's feed can confirm it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingChangeFacts {
    pub kind: PendingChangeKind,
    /// The line a variant change is for.
    pub line_no: Option<i64>,
    pub sku: String,
    pub quantity: i64,
    /// Units of that SKU on the order when the item was asked for.
    pub baseline_quantity: i64,
}

/// What the platform's feed (its lines as (line number, SKU, quantity) and
/// the order's status) says of a pending change: confirmed when the order
/// now carries it, lapsed when it can no longer be made, still pending
/// otherwise (`None`).
pub fn settle_pending(
    change: &PendingChangeFacts,
    lines: &[(i64, &str, i64)],
    status: OrderStatus,
) -> Option<PendingChangeState> {
    let carried = match change.kind {
        PendingChangeKind::Variant => lines
            .iter()
            .any(|(no, sku, _)| Some(*no) == change.line_no && *sku == change.sku),
        PendingChangeKind::AddItem => {
            let units: i64 = lines
                .iter()
                .filter(|(_, sku, _)| *sku == change.sku)
                .map(|(_, _, q)| *q)
                .sum();
            units >= change.baseline_quantity + change.quantity
        }
    };
    if carried {
        return Some(PendingChangeState::Confirmed);
    }
    check_change(status, OrderChange::Items)
        .is_err()
        .then_some(PendingChangeState::Lapsed)
}

/// A change a customer or an agent asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OrderChange {
    Address,
    Phone,
    Items,
    Variant,
    Quantity,
    Cancel,
}

impl OrderChange {
    pub fn as_str(self) -> &'static str {
        match self {
            OrderChange::Address => "address",
            OrderChange::Phone => "phone",
            OrderChange::Items => "items",
            OrderChange::Variant => "variant",
            OrderChange::Quantity => "quantity",
            OrderChange::Cancel => "cancel",
        }
    }
}

/// Why a change is refused, with what the customer can do instead.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// Edits stop once the parcel is packed.
    AlreadyPacked,
    /// Cancelling stops once it has shipped.
    AlreadyShipped,
    AlreadyDelivered,
    AlreadyCancelled,
    /// Completed orders are closed; only returns within the window remain.
    Completed,
}

impl Refusal {
    pub fn code(self) -> &'static str {
        match self {
            Refusal::AlreadyPacked => "order_already_packed",
            Refusal::AlreadyShipped => "order_already_shipped",
            Refusal::AlreadyDelivered => "order_already_delivered",
            Refusal::AlreadyCancelled => "order_already_cancelled",
            Refusal::Completed => "order_completed",
        }
    }

    /// What the customer may do instead.
    pub fn alternatives(self) -> &'static [&'static str] {
        match self {
            Refusal::AlreadyPacked => &[
                "contact_support",
                "refuse_delivery",
                "return_after_delivery",
            ],
            Refusal::AlreadyShipped => &["refuse_delivery", "return_after_delivery"],
            Refusal::AlreadyDelivered | Refusal::Completed => &["return_item"],
            Refusal::AlreadyCancelled => &[],
        }
    }

    /// The reason, for the customer, in their language.
    pub fn explain(self, change: OrderChange, lang: Lang) -> String {
        let what = change_noun(change, lang);
        match self {
            Refusal::AlreadyPacked => tr!(lang, "order-refusal-already-packed", what = what),
            Refusal::AlreadyShipped => tr!(lang, "order-refusal-already-shipped", what = what),
            Refusal::AlreadyDelivered | Refusal::Completed => {
                tr!(lang, "order-refusal-already-delivered", what = what)
            }
            Refusal::AlreadyCancelled => tr!(lang, "order-refusal-already-cancelled").to_string(),
        }
    }
}

/// What `change` touches, as it reads inside a refusal.
fn change_noun(change: OrderChange, lang: Lang) -> &'static str {
    match change {
        OrderChange::Address => tr!(lang, "order-noun-address"),
        OrderChange::Phone => tr!(lang, "order-noun-phone"),
        OrderChange::Items => tr!(lang, "order-noun-items"),
        OrderChange::Variant => tr!(lang, "order-noun-variant"),
        OrderChange::Quantity => tr!(lang, "order-noun-quantity"),
        OrderChange::Cancel => tr!(lang, "order-noun-cancel"),
    }
}

/// Whether `change` is allowed for an order in `status`.
///
/// Address, phone, items, variant and quantity may change until the order is
/// packed; cancellation until it ships. An order on hold keeps the rules of
/// an unpacked one: the hold is ours, not the customer's.
pub fn check_change(status: OrderStatus, change: OrderChange) -> Result<(), Refusal> {
    use OrderStatus::*;
    let editable = matches!(status, PendingPayment | Paid | Processing | OnHold);
    match (status, change) {
        (Cancelled, _) => Err(Refusal::AlreadyCancelled),
        (Completed, _) => Err(Refusal::Completed),
        (Delivered, _) => Err(Refusal::AlreadyDelivered),
        (Shipped | PartiallyShipped, _) => Err(Refusal::AlreadyShipped),
        (Packed, OrderChange::Cancel) => Ok(()),
        (Packed, _) => Err(Refusal::AlreadyPacked),
        _ if editable => Ok(()),
        _ => Err(Refusal::AlreadyPacked),
    }
}

/// Statuses an order may move to from `from` (the shop's platform reports
/// them; marketdesk itself only cancels).
pub fn can_move(from: OrderStatus, to: OrderStatus) -> bool {
    use OrderStatus::*;
    if from == to {
        return true;
    }
    match from {
        PendingPayment => matches!(to, Paid | Cancelled | OnHold),
        Paid => matches!(to, Processing | Packed | Cancelled | OnHold),
        Processing => matches!(to, Packed | Cancelled | OnHold),
        Packed => matches!(to, PartiallyShipped | Shipped | Cancelled | OnHold),
        PartiallyShipped => matches!(to, Shipped | Delivered | OnHold),
        Shipped => matches!(to, Delivered | OnHold),
        Delivered => matches!(to, Completed),
        OnHold => matches!(to, Paid | Processing | Packed | Shipped | Cancelled),
        Completed | Cancelled => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use OrderStatus::*;

    #[test]
    fn a_pending_change_is_confirmed_by_the_feed_or_lapses() {
        let variant = PendingChangeFacts {
            kind: PendingChangeKind::Variant,
            line_no: Some(1),
            sku: "DRESS-OLIVE-L".into(),
            quantity: 1,
            baseline_quantity: 0,
        };
        let before = [(1, "DRESS-OLIVE-M", 1)];
        let after = [(1, "DRESS-OLIVE-L", 1)];
        assert_eq!(settle_pending(&variant, &before, Paid), None);
        assert_eq!(
            settle_pending(&variant, &after, Paid),
            Some(PendingChangeState::Confirmed)
        );
        assert_eq!(
            settle_pending(&variant, &before, Packed),
            Some(PendingChangeState::Lapsed)
        );
        assert_eq!(
            settle_pending(&variant, &after, Shipped),
            Some(PendingChangeState::Confirmed)
        );
        // The same SKU on another line is not this change.
        let elsewhere = [(1, "DRESS-OLIVE-M", 1), (2, "DRESS-OLIVE-L", 1)];
        assert_eq!(settle_pending(&variant, &elsewhere, Paid), None);

        let add = PendingChangeFacts {
            kind: PendingChangeKind::AddItem,
            line_no: None,
            sku: "SOCKS".into(),
            quantity: 2,
            baseline_quantity: 1,
        };
        assert_eq!(settle_pending(&add, &[(1, "SOCKS", 1)], Paid), None);
        assert_eq!(settle_pending(&add, &[(1, "SOCKS", 2)], Paid), None);
        assert_eq!(
            settle_pending(&add, &[(1, "SOCKS", 1), (2, "SOCKS", 2)], Processing),
            Some(PendingChangeState::Confirmed)
        );
        assert_eq!(
            settle_pending(&add, &[], Cancelled),
            Some(PendingChangeState::Lapsed)
        );
    }

    const EDITS: [OrderChange; 5] = [
        OrderChange::Address,
        OrderChange::Phone,
        OrderChange::Items,
        OrderChange::Variant,
        OrderChange::Quantity,
    ];

    #[test]
    fn edits_until_packed() {
        for status in [PendingPayment, Paid, Processing, OnHold] {
            for change in EDITS {
                assert_eq!(check_change(status, change), Ok(()), "{status} {change:?}");
            }
        }
        for change in EDITS {
            assert_eq!(check_change(Packed, change), Err(Refusal::AlreadyPacked));
            assert_eq!(check_change(Shipped, change), Err(Refusal::AlreadyShipped));
            assert_eq!(
                check_change(PartiallyShipped, change),
                Err(Refusal::AlreadyShipped)
            );
            assert_eq!(
                check_change(Delivered, change),
                Err(Refusal::AlreadyDelivered)
            );
        }
    }

    #[test]
    fn cancel_until_shipped() {
        for status in [PendingPayment, Paid, Processing, Packed, OnHold] {
            assert_eq!(
                check_change(status, OrderChange::Cancel),
                Ok(()),
                "{status}"
            );
        }
        assert_eq!(
            check_change(Shipped, OrderChange::Cancel),
            Err(Refusal::AlreadyShipped)
        );
        assert_eq!(
            check_change(Cancelled, OrderChange::Cancel),
            Err(Refusal::AlreadyCancelled)
        );
        assert_eq!(
            check_change(Completed, OrderChange::Cancel),
            Err(Refusal::Completed)
        );
    }

    #[test]
    fn refusals_explain_themselves_in_every_language() {
        for refusal in [
            Refusal::AlreadyPacked,
            Refusal::AlreadyShipped,
            Refusal::AlreadyDelivered,
        ] {
            for lang in Lang::ALL {
                let text = refusal.explain(OrderChange::Address, *lang);
                assert!(text.len() > 20, "{refusal:?} {lang:?}");
            }
        }
        assert!(
            Refusal::AlreadyShipped
                .explain(OrderChange::Cancel, Lang::Zh)
                .contains("拒收")
        );
        assert!(
            Refusal::AlreadyShipped
                .alternatives()
                .contains(&"refuse_delivery")
        );
    }

    #[test]
    fn terminal_statuses_go_nowhere() {
        for to in OrderStatus::ALL {
            if *to != Cancelled {
                assert!(!can_move(Cancelled, *to));
            }
            if *to != Completed {
                assert!(!can_move(Completed, *to));
            }
        }
        assert!(can_move(Packed, Cancelled));
        assert!(!can_move(Shipped, Cancelled));
        assert!(!can_move(Delivered, Shipped));
    }
}
