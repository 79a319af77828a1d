//! Names of the commerce records marketdesk keeps: orders, payments,
//! shipments, returns. The after-sales rules build on these.

use crate::wire_enum;

wire_enum! {
    /// Who cancelled an order, as the platform's feed says.
    pub enum Canceller {
        Seller => "seller",
        Buyer => "buyer",
        Platform => "platform",
    }
}

wire_enum! {
    pub enum OrderStatus {
        PendingPayment => "pending_payment",
        Paid => "paid",
        Processing => "processing",
        Packed => "packed",
        PartiallyShipped => "partially_shipped",
        Shipped => "shipped",
        Delivered => "delivered",
        Completed => "completed",
        Cancelled => "cancelled",
        OnHold => "on_hold",
    }
}

wire_enum! {
    /// Whether a payment event went through at the provider.
    pub enum PaymentStatus {
        Succeeded => "succeeded",
        Failed => "failed",
        Pending => "pending",
    }
}

wire_enum! {
    /// A payment event on an order.
    pub enum PaymentKind {
        Authorization => "authorization",
        Capture => "capture",
        Void => "void",
        Refund => "refund",
        Failure => "failure",
    }
}

wire_enum! {
    pub enum PaymentMethod {
        Card => "card",
        Paypal => "paypal",
        Alipay => "alipay",
        WechatPay => "wechat_pay",
        Bizum => "bizum",
        StoreCredit => "store_credit",
    }
}

wire_enum! {
    /// Normalized carrier status of a shipment or of one tracking event.
    pub enum ShipmentStatus {
        Pending => "pending",
        InfoReceived => "info_received",
        InTransit => "in_transit",
        OutForDelivery => "out_for_delivery",
        AttemptFailed => "attempt_failed",
        Delivered => "delivered",
        AvailableForPickup => "available_for_pickup",
        Exception => "exception",
        Expired => "expired",
    }
}

wire_enum! {
    pub enum ShipmentException {
        CustomsHold => "customs_hold",
        Lost => "lost",
        Damaged => "damaged",
        ReturnedToSender => "returned_to_sender",
        AddressIssue => "address_issue",
        Delayed => "delayed",
    }
}

wire_enum! {
    pub enum ReturnStatus {
        Requested => "requested",
        LabelIssued => "label_issued",
        InTransit => "in_transit",
        Received => "received",
        Inspected => "inspected",
        Refunded => "refunded",
        Rejected => "rejected",
        Cancelled => "cancelled",
    }
}

wire_enum! {
    pub enum ReturnReason {
        TooSmall => "too_small",
        TooLarge => "too_large",
        NotAsDescribed => "not_as_described",
        WrongItem => "wrong_item",
        Damaged => "damaged",
        Defective => "defective",
        ChangedMind => "changed_mind",
        Other => "other",
    }
}
