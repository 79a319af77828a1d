//! What may happen to an order, and when. One place decides; the answer
//! carries the reason and the alternatives, in the customer's language.

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
    }
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
        use Lang::*;
        let what = change_noun(change, lang);
        match (self, lang) {
            (Refusal::AlreadyPacked, En) => format!(
                "Your order has already been packed, so the {what} can no longer be changed. You can refuse the delivery or return the item once it arrives."
            ),
            (Refusal::AlreadyPacked, Zh) => {
                format!("您的订单已经打包，无法再修改{what}。您可以拒收包裹，或在收货后申请退货。")
            }
            (Refusal::AlreadyPacked, Es) => format!(
                "Tu pedido ya está empaquetado, así que ya no se puede cambiar {what}. Puedes rechazar la entrega o devolver el artículo cuando llegue."
            ),
            (Refusal::AlreadyShipped, En) => format!(
                "Your order has already shipped, so the {what} can no longer be changed. You can refuse the delivery, and the refund starts once the parcel is back with us, or return the item after it arrives."
            ),
            (Refusal::AlreadyShipped, Zh) => format!(
                "您的订单已经发货，无法再修改{what}。您可以拒收包裹（包裹退回后即为您退款），或在收货后申请退货。"
            ),
            (Refusal::AlreadyShipped, Es) => format!(
                "Tu pedido ya se ha enviado, así que ya no se puede cambiar {what}. Puedes rechazar la entrega (el reembolso empieza cuando el paquete vuelva) o devolver el artículo cuando llegue."
            ),
            (Refusal::AlreadyDelivered | Refusal::Completed, En) => {
                format!(
                    "Your order has been delivered, so the {what} can no longer be changed. You can start a return instead."
                )
            }
            (Refusal::AlreadyDelivered | Refusal::Completed, Zh) => {
                format!("您的订单已送达，无法再修改{what}。您可以申请退货。")
            }
            (Refusal::AlreadyDelivered | Refusal::Completed, Es) => {
                format!(
                    "Tu pedido ya se ha entregado, así que ya no se puede cambiar {what}. Puedes iniciar una devolución."
                )
            }
            (Refusal::AlreadyCancelled, En) => {
                "This order has been cancelled; nothing more can be changed.".to_string()
            }
            (Refusal::AlreadyCancelled, Zh) => "该订单已取消，无法再做任何修改。".to_string(),
            (Refusal::AlreadyCancelled, Es) => {
                "Este pedido está cancelado; ya no se puede cambiar nada.".to_string()
            }
        }
    }
}

fn change_noun(change: OrderChange, lang: Lang) -> &'static str {
    use Lang::*;
    use OrderChange::*;
    match (change, lang) {
        (Address, En) => "delivery address",
        (Phone, En) => "phone number",
        (Items, En) => "items",
        (Variant, En) => "size or colour",
        (Quantity, En) => "quantity",
        (Cancel, En) => "order (cancellation)",
        (Address, Zh) => "收货地址",
        (Phone, Zh) => "联系电话",
        (Items, Zh) => "商品",
        (Variant, Zh) => "尺码或颜色",
        (Quantity, Zh) => "数量",
        (Cancel, Zh) => "订单（取消）",
        (Address, Es) => "la dirección de entrega",
        (Phone, Es) => "el teléfono",
        (Items, Es) => "los artículos",
        (Variant, Es) => "la talla o el color",
        (Quantity, Es) => "la cantidad",
        (Cancel, Es) => "el pedido (cancelación)",
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
