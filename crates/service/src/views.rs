//! What the API answers: JSON shapes with their OpenAPI schemas.
//! Times are RFC 3339 in UTC; money is integer minor units with a currency.

use marketdesk_domain::commerce::{
    OrderStatus, PaymentKind, PaymentMethod, ReturnReason, ReturnStatus, ShipmentStatus,
};
use marketdesk_domain::sla::{Clock, ClockKind, ClockState};
use marketdesk_domain::{Channel, MessageKind, Priority, Role, TicketRef, TicketStatus};
use marketdesk_store::audit::AuditEntry;
use marketdesk_store::commerce::{
    OrderLineRow, OrderRow, PaymentRow, ReturnRow, ShipmentRow, TrackingEventRow,
};
use marketdesk_store::people::{PersonRow, TeamRow};
use marketdesk_store::tickets::{AttachmentRow, MessageRow, TicketRow};
use serde::Serialize;
use utoipa::ToSchema;

use crate::rfc3339;

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PersonView {
    pub id: i64,
    pub role: Role,
    pub email: String,
    pub name: String,
    pub language: String,
    pub time_zone: String,
    pub phone: Option<String>,
    pub external_id: Option<String>,
    pub disabled: bool,
    pub created_at: String,
}

impl From<&PersonRow> for PersonView {
    fn from(p: &PersonRow) -> Self {
        PersonView {
            id: p.id,
            role: p.role,
            email: p.email.clone(),
            name: p.name.clone(),
            language: p.language.clone(),
            time_zone: p.time_zone.clone(),
            phone: p.phone.clone(),
            external_id: p.external_id.clone(),
            disabled: p.disabled,
            created_at: rfc3339(p.created_at),
        }
    }
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PersonSummary {
    pub id: i64,
    pub name: String,
    pub email: String,
    pub role: Role,
}

impl From<&PersonRow> for PersonSummary {
    fn from(p: &PersonRow) -> Self {
        PersonSummary {
            id: p.id,
            name: p.name.clone(),
            email: p.email.clone(),
            role: p.role,
        }
    }
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TeamView {
    pub id: i64,
    pub name: String,
    pub description: String,
    pub member_ids: Vec<i64>,
    pub created_at: String,
}

impl From<&TeamRow> for TeamView {
    fn from(t: &TeamRow) -> Self {
        TeamView {
            id: t.id,
            name: t.name.clone(),
            description: t.description.clone(),
            member_ids: t.member_ids.clone(),
            created_at: rfc3339(t.created_at),
        }
    }
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TicketView {
    pub id: i64,
    /// Human-readable reference, such as `MD-1042`; also accepted in place of the id.
    pub reference: String,
    pub subject: String,
    pub status: TicketStatus,
    pub priority: Priority,
    pub channel: Channel,
    pub requester: PersonSummary,
    pub assignee: Option<PersonSummary>,
    pub team_id: Option<i64>,
    pub language: String,
    pub tags: Vec<String>,
    #[schema(value_type = Object)]
    pub custom_fields: serde_json::Value,
    pub order_ids: Vec<i64>,
    /// What the assistant understood the first message to be about.
    pub intent: Option<String>,
    pub sentiment: Option<String>,
    pub merged_into_id: Option<i64>,
    pub follow_up_of_id: Option<i64>,
    pub created_at: String,
    pub updated_at: String,
    pub first_response_at: Option<String>,
    pub solved_at: Option<String>,
    pub closed_at: Option<String>,
    /// The service-level clocks: first response, then resolution.
    pub sla: Vec<SlaClockView>,
}

/// Where one service-level clock of a ticket stands.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SlaClockView {
    pub kind: ClockKind,
    pub state: ClockState,
    pub due_at: String,
    /// When a running clock turns to warning.
    pub warning_at: String,
    /// Seconds left while running (negative when breached); for a stopped
    /// clock, how early (positive) or late (negative) it stopped.
    pub remaining_seconds: i64,
}

impl SlaClockView {
    pub fn of(clock: &Clock) -> Self {
        SlaClockView {
            kind: clock.kind,
            state: clock.state,
            due_at: rfc3339(clock.due_at),
            warning_at: rfc3339(clock.warning_at),
            remaining_seconds: clock.remaining_ms / 1000,
        }
    }
}

impl TicketView {
    pub fn new(
        t: &TicketRow,
        requester: PersonSummary,
        assignee: Option<PersonSummary>,
        tags: Vec<String>,
        order_ids: Vec<i64>,
    ) -> Self {
        TicketView {
            id: t.id,
            reference: TicketRef::from_id(t.id).to_string(),
            subject: t.subject.clone(),
            status: t.status,
            priority: t.priority,
            channel: t.channel,
            requester,
            assignee,
            team_id: t.team_id,
            language: t.language.clone(),
            tags,
            custom_fields: t.custom_fields.clone(),
            order_ids,
            intent: t.intent.clone(),
            sentiment: t.sentiment.clone(),
            merged_into_id: t.merged_into_id,
            follow_up_of_id: t.follow_up_of_id,
            created_at: rfc3339(t.created_at),
            updated_at: rfc3339(t.updated_at),
            first_response_at: t.first_response_at.map(rfc3339),
            solved_at: t.solved_at.map(rfc3339),
            closed_at: t.closed_at.map(rfc3339),
            sla: Vec::new(),
        }
    }
}

/// A ticket with its conversation (internal notes only for staff).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TicketDetail {
    #[serde(flatten)]
    pub ticket: TicketView,
    pub messages: Vec<MessageView>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MessageView {
    pub id: i64,
    pub ticket_id: i64,
    pub kind: MessageKind,
    pub channel: Channel,
    pub author: Option<PersonSummary>,
    pub body_text: String,
    /// Sanitized HTML, safe to show.
    pub body_html: String,
    pub attachments: Vec<AttachmentView>,
    pub created_at: String,
    /// Set when a customer's reply to a closed ticket started a follow-up.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub follow_up_ticket_id: Option<i64>,
}

impl MessageView {
    pub fn new(
        m: &MessageRow,
        author: Option<PersonSummary>,
        attachments: Vec<AttachmentView>,
    ) -> Self {
        MessageView {
            id: m.id,
            ticket_id: m.ticket_id,
            kind: m.kind,
            channel: m.channel,
            author,
            body_text: m.body_text.clone(),
            body_html: m.body_html.clone(),
            attachments,
            created_at: rfc3339(m.created_at),
            follow_up_ticket_id: None,
        }
    }
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AttachmentView {
    pub id: i64,
    pub filename: String,
    pub content_type: String,
    pub size_bytes: i64,
    pub sha256: String,
    /// Where to download it (with the same credentials).
    pub url: String,
}

impl From<&AttachmentRow> for AttachmentView {
    fn from(a: &AttachmentRow) -> Self {
        AttachmentView {
            id: a.id,
            filename: a.filename.clone(),
            content_type: a.content_type.clone(),
            size_bytes: a.size_bytes,
            sha256: a.sha256.clone(),
            url: format!("/api/v1/attachments/{}", a.id),
        }
    }
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AuditView {
    pub id: i64,
    pub subject_type: String,
    pub subject_id: i64,
    pub ticket_id: Option<i64>,
    /// Absent for changes the system made on its own (auto-close).
    pub actor_id: Option<i64>,
    pub action: String,
    pub field: Option<String>,
    pub old_value: Option<String>,
    pub new_value: Option<String>,
    pub created_at: String,
}

impl From<&AuditEntry> for AuditView {
    fn from(e: &AuditEntry) -> Self {
        AuditView {
            id: e.id,
            subject_type: e.subject_type.clone(),
            subject_id: e.subject_id,
            ticket_id: e.ticket_id,
            actor_id: e.actor_id,
            action: e.action.clone(),
            field: e.field.clone(),
            old_value: e.old_value.clone(),
            new_value: e.new_value.clone(),
            created_at: rfc3339(e.created_at),
        }
    }
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TagCount {
    pub tag: String,
    pub count: i64,
}

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
        }
    }
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PaymentView {
    pub id: i64,
    pub kind: PaymentKind,
    pub method: PaymentMethod,
    pub status: String,
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
            status: p.status.clone(),
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
}

/// A new sign-in: the bearer token (also set as a cookie by the HTTP layer)
/// and the CSRF token to send with cookie-authenticated changes.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SessionGrant {
    pub token: String,
    pub csrf_token: String,
    pub expires_at: String,
    #[serde(skip)]
    pub expires_in_secs: i64,
    pub person: PersonView,
    /// For order-number sign-in: the one order this session may see.
    pub order_id: Option<i64>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TokenView {
    pub id: i64,
    pub person_id: i64,
    pub name: String,
    pub scopes: Vec<String>,
    pub created_at: String,
    pub expires_at: Option<String>,
    pub revoked_at: Option<String>,
}

/// A token as created: the secret is shown this once and never stored.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct NewTokenView {
    #[serde(flatten)]
    pub token: TokenView,
    pub secret: String,
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
    /// `pending_approval`, `completed` or `rejected`.
    pub status: String,
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
        let expected_by = (r.status == "completed" && r.destination == "original_method")
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
            status: r.status.clone(),
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
