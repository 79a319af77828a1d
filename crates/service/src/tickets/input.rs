//! What callers send to the tickets context, checked: new tickets and
//! messages, updates, merges, queries and message bodies.

use marketdesk_domain::text::required_text;
use marketdesk_domain::{Channel, MessageKind, Priority, Tag, TicketRef, TicketStatus};
use serde::{Deserialize, Deserializer};
use serde_json::{Map, Value};
use utoipa::ToSchema;

use crate::kernel::attachments::{AttachmentInput, DecodedAttachment, decode};
use crate::kernel::html;
use crate::{Result, ServiceError};

pub const MAX_BODY_CHARS: usize = 100_000;
pub(crate) const MAX_TAGS: usize = 30;
pub const MAX_ATTACHMENTS: usize = 10;

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewTicket {
    pub subject: String,
    /// Who asks. Staff must give it (the person is created when new);
    /// customers and sellers open tickets as themselves and may leave it out.
    #[serde(default)]
    pub requester: Option<RequesterInput>,
    pub message: MessageInput,
    #[serde(default)]
    pub channel: Option<Channel>,
    #[serde(default)]
    pub priority: Option<Priority>,
    #[serde(default)]
    pub language: Option<String>,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    #[schema(value_type = Option<Object>)]
    pub custom_fields: Option<Map<String, Value>>,
    /// Orders this ticket is about, by order number.
    #[serde(default)]
    pub order_numbers: Vec<String>,
    #[serde(default)]
    pub assignee_id: Option<i64>,
    #[serde(default)]
    pub team_id: Option<i64>,
    /// What the ticket is about, when the caller knows better than its
    /// first message says (the chat's errand before a hand-over): one of
    /// the assistant's intents. Staff only; otherwise the assistant decides.
    #[serde(default)]
    pub intent: Option<String>,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RequesterInput {
    pub email: String,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub language: Option<String>,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MessageInput {
    /// The message as plain text.
    pub body: String,
    /// Optional HTML version; it is sanitized before it is stored.
    #[serde(default)]
    pub html: Option<String>,
    #[serde(default)]
    pub attachments: Vec<AttachmentInput>,
    /// Set by the email channel, never by a client.
    #[serde(skip)]
    pub email: Option<EmailMeta>,
}

/// How a message came by email: its Message-ID and the addresses its
/// headers named. Set by the email channel only.
#[derive(Debug, Clone, Default)]
pub struct EmailMeta {
    pub message_id: String,
    pub addresses: EmailAddresses,
}

pub use marketdesk_domain::email::EmailAddresses;

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewMessage {
    pub body: String,
    #[serde(default)]
    pub html: Option<String>,
    /// `public` (default) or `note`; notes are for staff only.
    #[serde(default)]
    pub kind: Option<MessageKind>,
    #[serde(default)]
    pub channel: Option<Channel>,
    #[serde(default)]
    pub attachments: Vec<AttachmentInput>,
    /// Staff may set the status with the reply ("reply and set pending").
    #[serde(default)]
    pub status: Option<TicketStatus>,
    /// Staff: who else receives this ticket's public replies (addresses;
    /// replaces the ticket's copy list). Absent: the list stays.
    #[serde(default)]
    pub cc: Option<Vec<String>>,
    /// Set by the email channel, never by a client.
    #[serde(skip)]
    pub email: Option<EmailMeta>,
}

/// A partial update: absent fields stay as they are; `null` clears
/// `assignee_id` and `team_id`.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TicketUpdate {
    #[serde(default)]
    pub subject: Option<String>,
    #[serde(default)]
    pub status: Option<TicketStatus>,
    #[serde(default)]
    pub priority: Option<Priority>,
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<i64>)]
    pub assignee_id: Option<Option<i64>>,
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<i64>)]
    pub team_id: Option<Option<i64>>,
    #[serde(default)]
    pub language: Option<String>,
    /// Replaces all tags.
    #[serde(default)]
    pub tags: Option<Vec<String>>,
    #[serde(default)]
    pub add_tags: Vec<String>,
    #[serde(default)]
    pub remove_tags: Vec<String>,
    /// Merged into the existing fields; a `null` value removes a field.
    #[serde(default)]
    #[schema(value_type = Option<Object>)]
    pub custom_fields: Option<Map<String, Value>>,
    /// Links more orders to the ticket.
    #[serde(default)]
    pub link_order_numbers: Vec<String>,
}

/// Tells "absent" (outer `None`) from "null" (`Some(None)`).
fn present<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
    d: D,
) -> Result<Option<Option<T>>, D::Error> {
    Option::<T>::deserialize(d).map(Some)
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MergeRequest {
    /// The ticket that lives on; this one is closed into it.
    pub into_ticket_id: i64,
}

/// Filters of the ticket list, as query parameters.
#[derive(Debug, Clone, Default, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct TicketQuery {
    /// One status or several separated by commas (`open,pending`).
    pub status: Option<String>,
    pub priority: Option<Priority>,
    pub channel: Option<Channel>,
    /// An agent's id, `me`, or `none` for unassigned tickets.
    pub assignee: Option<String>,
    pub team_id: Option<i64>,
    pub requester_id: Option<i64>,
    pub tag: Option<String>,
    /// An intent of the assistant's taxonomy, such as `track_order`.
    pub intent: Option<String>,
    pub order_id: Option<i64>,
    /// `breached`: unsolved tickets past their first response or resolution target.
    pub sla: Option<String>,
    /// `mine`: tickets of the teams the viewer belongs to.
    pub team: Option<String>,
    /// `true`: only tickets escalated past the first line.
    pub escalated: Option<bool>,
    /// `updated`, `created`, `priority`, `status` or `subject`, ascending;
    /// with a leading `-`, descending. Sorted lists are one page (no cursor).
    pub sort: Option<String>,
    /// Page size, 1 to 100 (default 25).
    pub limit: Option<u32>,
    /// The `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

pub(crate) fn validate_tags(tags: &[String]) -> Result<Vec<String>> {
    if tags.len() > MAX_TAGS {
        return Err(ServiceError::field(
            "tags",
            format!("at most {MAX_TAGS} tags"),
        ));
    }
    let mut out: Vec<String> = tags
        .iter()
        .map(|t| Tag::parse(t).map(|t| t.as_str().to_string()))
        .collect::<Result<_, _>>()?;
    out.sort();
    out.dedup();
    Ok(out)
}

pub(crate) fn validate_custom_fields(fields: &Map<String, Value>, allow_null: bool) -> Result<()> {
    if fields.len() > 50 {
        return Err(ServiceError::field("custom_fields", "at most 50 fields"));
    }
    for (key, value) in fields {
        let key_ok = (1..=64).contains(&key.len())
            && key
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
        if !key_ok {
            return Err(ServiceError::field(
                "custom_fields",
                format!(
                    "'{}' is not a field name (a-z, 0-9, _)",
                    key.chars().take(64).collect::<String>()
                ),
            ));
        }
        let ok = match value {
            Value::String(s) => s.chars().count() <= 1000,
            Value::Number(_) | Value::Bool(_) => true,
            Value::Null => allow_null,
            Value::Array(_) | Value::Object(_) => false,
        };
        if !ok {
            return Err(ServiceError::field(
                "custom_fields",
                format!("'{key}' must be a string (up to 1000 characters), a number or a boolean"),
            ));
        }
    }
    Ok(())
}

/// A message body checked and turned into text and safe HTML.
pub(crate) struct Body {
    pub(crate) text: String,
    pub(crate) html: String,
    pub(crate) attachments: Vec<DecodedAttachment>,
    /// The Message-ID it arrived by email with (replies thread by it).
    pub(crate) email: Option<EmailMeta>,
}

pub(crate) fn body(
    text: &str,
    html_input: Option<&str>,
    attachments: &[AttachmentInput],
    max_bytes: usize,
) -> Result<Body> {
    let text = required_text("body", text, MAX_BODY_CHARS)?;
    if attachments.len() > MAX_ATTACHMENTS {
        return Err(ServiceError::field(
            "attachments",
            format!("at most {MAX_ATTACHMENTS} per message"),
        ));
    }
    let html = match html_input {
        Some(h) if h.chars().count() > MAX_BODY_CHARS * 2 => {
            return Err(ServiceError::field("html", "too long"));
        }
        Some(h) if !h.trim().is_empty() => html::sanitize(h),
        _ => html::from_text(&text),
    };
    let attachments = attachments
        .iter()
        .map(|a| decode(a, max_bytes))
        .collect::<Result<Vec<_>>>()?;
    Ok(Body {
        text,
        html,
        attachments,
        email: None,
    })
}

/// Resolves a path segment that is an id (`42`) or a reference (`MD-1042`).
pub fn parse_ticket_id(text: &str) -> Result<i64> {
    if let Ok(id) = text.parse::<i64>()
        && id > 0
    {
        return Ok(id);
    }
    TicketRef::parse(text)
        .map(TicketRef::id)
        .ok_or(ServiceError::NotFound("ticket"))
}
