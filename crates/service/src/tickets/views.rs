//! What the tickets context answers: tickets with their service-level
//! clocks, messages and attachments.

use marketdesk_domain::sla::{Clock, ClockKind, ClockState};
use marketdesk_domain::{Channel, MessageKind, Priority, TicketRef, TicketStatus};
use marketdesk_store::tickets::{AttachmentRow, MessageRow, TicketRow};
use serde::Serialize;
use utoipa::ToSchema;

use crate::kernel::identity::PersonSummary;
use crate::rfc3339;

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
    /// The service-level clocks: first response, the next reply while a
    /// customer's reply waits, then resolution.
    pub sla: Vec<SlaClockView>,
    /// The conditional service-level policy the ticket is held to (none:
    /// the default targets).
    pub sla_policy: Option<String>,
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
            sla_policy: t.sla_policy.clone(),
        }
    }
}

/// A ticket with its conversation (internal notes only for staff).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TicketDetail {
    #[serde(flatten)]
    pub ticket: TicketView,
    /// People in copy: they receive its public replies by email, and their
    /// answers land on it.
    pub cc: Vec<String>,
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
    /// For staff: how the email carrying this message fared.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub delivery: Option<MailDelivery>,
    /// From, To and Cc, when it came or went by email.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<super::EmailAddresses>,
}

/// The delivery of the email that carries a message.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MailDelivery {
    /// `queued`, `sent`, `retrying` (an attempt failed), `failed` (gave up)
    /// or `bounced` (the recipient's server sent it back).
    pub status: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

impl MailDelivery {
    pub fn of(mail: &marketdesk_store::ticket_bundle::Delivery) -> MailDelivery {
        let bounced = mail
            .last_error
            .as_deref()
            .is_some_and(|e| e.starts_with("bounced"));
        let status = if bounced {
            "bounced"
        } else if mail.sent_at.is_some() {
            "sent"
        } else if mail.attempts >= marketdesk_store::outbox::MAX_ATTEMPTS {
            "failed"
        } else if mail.last_error.is_some() {
            "retrying"
        } else {
            "queued"
        };
        MailDelivery {
            status: status.into(),
            error: mail.last_error.clone().filter(|_| status != "sent"),
        }
    }
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
            body_html: inline_images(&m.body_html, &attachments),
            attachments,
            created_at: rfc3339(m.created_at),
            follow_up_ticket_id: None,
            delivery: None,
            email: m
                .email_addresses
                .as_deref()
                .and_then(|json| serde_json::from_str(json).ok()),
        }
    }
}

/// Points `cid:` images at the stored inline parts they name; a `cid:`
/// with no such part is left (the page shows nothing for it).
fn inline_images(html: &str, attachments: &[AttachmentView]) -> String {
    if !html.contains("cid:") {
        return html.to_string();
    }
    let mut out = html.to_string();
    for a in attachments {
        if let Some(cid) = &a.content_id {
            // As the sanitizer serialized the attribute.
            let escaped = cid.replace('&', "&amp;").replace('"', "&quot;");
            out = out.replace(
                &format!("src=\"cid:{escaped}\""),
                &format!("src=\"{}\"", a.url),
            );
        }
    }
    out
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
    /// An inline image's Content-ID (the HTML shows it in place).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub content_id: Option<String>,
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
            content_id: a.content_id.clone(),
        }
    }
}
