//! What the commerce context answers: orders with lines, payments,
//! shipments, returns and refunds.
//! Times are RFC 3339 in UTC; money is integer minor units with a currency.

use marketdesk_domain::commerce::PaymentStatus;
use marketdesk_domain::commerce::{
    OrderStatus, PaymentKind, PaymentMethod, ReturnReason, ReturnStatus, ShipmentStatus,
};
use marketdesk_domain::payments::{ChargebackReason, ChargebackStatus};
use marketdesk_domain::refunds::RefundStatus;
use marketdesk_store::commerce::{
    OrderLineRow, OrderRow, PaymentRow, ReturnRow, ShipmentRow, TrackingEventRow,
};
use serde::Serialize;
use utoipa::ToSchema;

use crate::rfc3339;

#[derive(Debug, Clone, Serialize, serde::Deserialize, ToSchema)]
pub struct OrderView {
    pub id: i64,
    pub number: String,
    pub external_id: Option<String>,
    pub customer_id: i64,
    pub status: OrderStatus,
    pub currency: String,
    pub subtotal_minor: i64,
    pub discount_minor: i64,
    pub shipping_minor: i64,
    pub tax_minor: i64,
    pub total_minor: i64,
    #[schema(value_type = Object)]
    pub shipping_address: serde_json::Value,
    pub phone: Option<String>,
    pub placed_at: String,
    pub updated_at: String,
}

impl From<&OrderRow> for OrderView {
    fn from(o: &OrderRow) -> Self {
        OrderView {
            id: o.id,
            number: o.number.clone(),
            external_id: o.external_id.clone(),
            customer_id: o.customer_id,
            status: o.status,
            currency: o.currency.clone(),
            subtotal_minor: o.subtotal_minor,
            discount_minor: o.discount_minor,
            shipping_minor: o.shipping_minor,
            tax_minor: o.tax_minor,
            total_minor: o.total_minor,
            shipping_address: o.shipping_address.clone(),
            phone: o.phone.clone(),
            placed_at: rfc3339(o.placed_at),
            updated_at: rfc3339(o.updated_at),
        }
    }
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct OrderLineView {
    pub id: i64,
    pub line_no: i64,
    pub sku: String,
    pub title: String,
    #[schema(value_type = Object)]
    pub variant: serde_json::Value,
    pub category: String,
    pub quantity: i64,
    pub unit_price_minor: i64,
    pub discount_minor: i64,
    pub seller_id: Option<i64>,
    pub final_sale: bool,
    /// Units cancelled before shipping (refunded, not shipped).
    #[serde(default)]
    pub cancelled_quantity: i64,
}

impl From<&OrderLineRow> for OrderLineView {
    fn from(l: &OrderLineRow) -> Self {
        OrderLineView {
            id: l.id,
            line_no: l.line_no,
            sku: l.sku.clone(),
            title: l.title.clone(),
            variant: l.variant.clone(),
            category: l.category.clone(),
            quantity: l.quantity,
            unit_price_minor: l.unit_price_minor,
            discount_minor: l.discount_minor,
            seller_id: l.seller_id,
            final_sale: l.final_sale,
            cancelled_quantity: l.cancelled_quantity,
        }
    }
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PaymentView {
    pub id: i64,
    pub kind: PaymentKind,
    pub method: PaymentMethod,
    pub status: PaymentStatus,
    pub amount_minor: i64,
    pub currency: String,
    pub decline_code: Option<String>,
    pub provider_reference: String,
    pub created_at: String,
}

impl From<&PaymentRow> for PaymentView {
    fn from(p: &PaymentRow) -> Self {
        PaymentView {
            id: p.id,
            kind: p.kind,
            method: p.method,
            status: p.status,
            amount_minor: p.amount_minor,
            currency: p.currency.clone(),
            decline_code: p.decline_code.clone(),
            provider_reference: p.provider_reference.clone(),
            created_at: rfc3339(p.created_at),
        }
    }
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TrackingEventView {
    pub occurred_at: String,
    pub status: ShipmentStatus,
    pub location: String,
    /// The carrier's own words.
    pub description: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ShipmentView {
    pub id: i64,
    pub carrier: String,
    pub tracking_number: String,
    pub status: ShipmentStatus,
    pub exception_reason: Option<String>,
    pub cross_border: bool,
    pub estimated_delivery_at: Option<String>,
    pub delivered_at: Option<String>,
    pub events: Vec<TrackingEventView>,
}

impl ShipmentView {
    pub fn new(s: &ShipmentRow, events: &[TrackingEventRow]) -> Self {
        ShipmentView {
            id: s.id,
            carrier: s.carrier.clone(),
            tracking_number: s.tracking_number.clone(),
            status: s.status,
            exception_reason: s.exception_reason.clone(),
            cross_border: s.cross_border,
            estimated_delivery_at: s.estimated_delivery_at.map(rfc3339),
            delivered_at: s.delivered_at.map(rfc3339),
            events: events
                .iter()
                .map(|e| TrackingEventView {
                    occurred_at: rfc3339(e.occurred_at),
                    status: e.status,
                    location: e.location.clone(),
                    description: e.description.clone(),
                })
                .collect(),
        }
    }
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ReturnView {
    pub id: i64,
    pub rma: String,
    pub status: ReturnStatus,
    pub reason: ReturnReason,
    pub note: String,
    pub created_at: String,
}

impl From<&ReturnRow> for ReturnView {
    fn from(r: &ReturnRow) -> Self {
        ReturnView {
            id: r.id,
            rma: r.rma.clone(),
            status: r.status,
            reason: r.reason,
            note: r.note.clone(),
            created_at: rfc3339(r.created_at),
        }
    }
}

/// An order with everything support needs to answer about it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct OrderDetail {
    #[serde(flatten)]
    pub order: OrderView,
    pub lines: Vec<OrderLineView>,
    pub payments: Vec<PaymentView>,
    pub shipments: Vec<ShipmentView>,
    pub returns: Vec<ReturnView>,
    pub refunds: Vec<RefundView>,
    /// What can still go back to the customer's payment method: captured,
    /// less refunded and refunds waiting for approval (0 for a seller).
    pub refundable_minor: i64,
    /// Every status the order took, oldest first.
    pub history: Vec<StatusStep>,
    /// Set when a parcel is past its estimated delivery and not delivered.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub late_since: Option<String>,
    /// Where a newer platform feed disagreed with a change marketdesk
    /// made: the feed was taken; an agent should check with the customer.
    pub conflicts: Vec<OrderConflict>,
    /// Chargebacks the buyer's bank opened on the order's payments (sellers
    /// see them too: their lines are what is disputed).
    pub chargebacks: Vec<ChargebackView>,
    /// Changes that cost more (a dearer variant, an added item), asked of
    /// the platform: pending until paid, then confirmed, or lapsed.
    pub pending_changes: Vec<super::PendingChangeView>,
}

/// A chargeback on one of the order's payments.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ChargebackView {
    pub payment_id: i64,
    pub status: ChargebackStatus,
    pub reason: ChargebackReason,
    /// When evidence is due, while the bank waits for it.
    pub respond_by: Option<String>,
}

impl ChargebackView {
    /// The chargeback in a sentence for the order's parties: the bank's
    /// reason, where it stands, and the date evidence is due while wanted.
    pub fn explain(&self, order_number: &str, lang: marketdesk_domain::i18n::Lang) -> String {
        let reason = format!("chargeback-reason-{}", self.reason.as_str());
        let status = format!("chargeback-status-{}", self.status.as_str());
        let mut text = marketdesk_messages::tr!(
            lang,
            "chargeback-summary",
            order = order_number,
            reason = marketdesk_messages::text(lang, &reason),
            status = marketdesk_messages::text(lang, &status)
        );
        if let Some(day) = self
            .respond_by
            .as_deref()
            .filter(|_| self.status.wants_evidence())
        {
            text.push(' ');
            text.push_str(&marketdesk_messages::tr!(
                lang,
                "chargeback-respond-by",
                day = day.get(..10).unwrap_or(day)
            ));
        }
        text
    }

    /// Rows with a status or reason this version does not know are left out
    /// rather than failing the whole order.
    pub(crate) fn from_rows(rows: &[marketdesk_store::commerce::PaymentDispute]) -> Vec<Self> {
        rows.iter()
            .filter_map(|d| {
                Some(ChargebackView {
                    payment_id: d.payment_id,
                    status: ChargebackStatus::parse(&d.status).ok()?,
                    reason: ChargebackReason::parse(&d.reason).ok()?,
                    respond_by: d.due_at.map(rfc3339),
                })
            })
            .collect()
    }
}

/// A platform feed that disagreed with a change made here.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct OrderConflict {
    pub id: i64,
    /// `shipping_address`, `phone` or `line:<n>:variant`.
    pub field: String,
    /// What marketdesk had set.
    #[schema(value_type = Object)]
    pub ours: serde_json::Value,
    /// What the platform's newer feed says (now on the order).
    #[schema(value_type = Object)]
    pub platform: serde_json::Value,
    pub detected_at: String,
    /// Set once an agent has checked it with the customer.
    pub handled_at: Option<String>,
    pub handled_by: Option<i64>,
}

/// One status of an order's history.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct StatusStep {
    pub status: OrderStatus,
    pub at: String,
}

/// When the order's parcels should have arrived, if one is still on its
/// way after its estimated delivery.
pub(crate) fn late_since(
    order: &marketdesk_store::commerce::OrderRow,
    shipments: &[(
        marketdesk_store::commerce::ShipmentRow,
        Vec<marketdesk_store::commerce::TrackingEventRow>,
    )],
    now: marketdesk_domain::Millis,
) -> Option<String> {
    if matches!(
        order.status,
        OrderStatus::Delivered | OrderStatus::Completed | OrderStatus::Cancelled
    ) {
        return None;
    }
    shipments
        .iter()
        .filter(|(s, _)| s.status != marketdesk_domain::commerce::ShipmentStatus::Delivered)
        .filter_map(|(s, _)| s.estimated_delivery_at)
        .filter(|eta| *eta < now)
        .min()
        .map(rfc3339)
}

#[derive(Debug, Clone, Serialize, serde::Deserialize, ToSchema)]
pub struct RefundView {
    pub id: i64,
    pub order_id: i64,
    pub ticket_id: Option<i64>,
    pub amount_minor: i64,
    pub currency: String,
    /// `original_method`, `store_credit` or `coupon` (compensation).
    pub destination: String,
    pub reason: String,
    pub status: RefundStatus,
    /// For compensation: the coupon's code once it is issued.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub coupon_code: Option<String>,
    pub requested_by: Option<i64>,
    pub decided_by: Option<i64>,
    pub decision_note: Option<String>,
    pub created_at: String,
    /// For a completed refund to a card or wallet: the latest day it should
    /// reach the customer's account (the policy's business days).
    pub expected_by: Option<String>,
}

impl RefundView {
    pub fn new(
        r: &marketdesk_store::refunds::RefundRow,
        policy: &marketdesk_domain::policy::Policy,
    ) -> Self {
        let [_, max_days] = policy.refunds.expected_business_days;
        let expected_by = (r.status == RefundStatus::Completed
            && r.destination == "original_method")
            .then(|| r.updated_at + business_days_ms(max_days))
            .map(rfc3339);
        RefundView {
            id: r.id,
            order_id: r.order_id,
            ticket_id: r.ticket_id,
            amount_minor: r.amount_minor,
            currency: r.currency.clone(),
            destination: r.destination.clone(),
            reason: r.reason.clone(),
            status: r.status,
            coupon_code: r.coupon_code.clone(),
            requested_by: r.requested_by,
            decided_by: r.decided_by,
            decision_note: r.decision_note.clone(),
            created_at: rfc3339(r.created_at),
            expected_by,
        }
    }
}

/// Business days as calendar time, counting two weekend days per five.
fn business_days_ms(days: u32) -> i64 {
    let days = i64::from(days);
    (days + (days + 4) / 5 * 2) * marketdesk_domain::DAY_MS
}
