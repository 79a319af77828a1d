//! A ticket with everything its page shows, in one query.
//!
//! Reading a ticket used to take a query per part (the ticket, its tags,
//! orders, shares, copies, people, messages, attachments, deliveries): each
//! a round trip to the database — on SQLite a hand-over to the connection's
//! thread and back — so a read cost ten of them. Here the parts are
//! aggregated as JSON arrays in columns of the ticket's row, so a read is one
//! round trip whatever the ticket holds. The SQL differs only in the names of
//! the JSON functions (`json_group_array`/`json_object` on SQLite,
//! `json_agg`/`json_build_object` on PostgreSQL); every subquery reads by an
//! indexed ticket or message id.

use marketdesk_domain::{Channel, MessageKind, Millis, Role};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use sqlx::any::AnyRow;

use crate::people::PersonRow;
use crate::row::text;
use crate::tickets::{AttachmentRow, COLUMNS, MessageRow, TicketRow, ticket};
use crate::{Conn, Result, StoreError};

/// The state of the email that carries a message (the last one per message).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Delivery {
    /// The outbox entry.
    pub id: i64,
    pub message_id: i64,
    pub sent_at: Option<Millis>,
    pub attempts: i64,
    pub last_error: Option<String>,
}

/// A ticket and the rows around it.
#[derive(Debug, Clone)]
pub struct TicketBundle {
    pub ticket: TicketRow,
    pub tags: Vec<String>,
    pub order_ids: Vec<i64>,
    /// Sellers it is shared with, and since when.
    pub shares: Vec<(i64, Millis)>,
    /// People in copy and their addresses, in the order added.
    pub copied: Vec<(i64, String)>,
    /// The requester, the assignee and every author of a message.
    pub people: Vec<PersonRow>,
    pub messages: Vec<MessageRow>,
    pub attachments: Vec<AttachmentRow>,
    /// Mails carrying the messages, oldest first (only with notes: staff).
    pub deliveries: Vec<Delivery>,
}

#[derive(Clone, Copy)]
enum Dialect {
    Sqlite,
    Postgres,
}

impl Dialect {
    fn of(conn: &Conn) -> Dialect {
        if conn.backend_name().eq_ignore_ascii_case("postgresql") {
            Dialect::Postgres
        } else {
            Dialect::Sqlite
        }
    }

    /// A JSON array of `value` over `rest` (`FROM … WHERE …`), ordered.
    /// A JSON array of `value` over the rows of `rest`, in no particular
    /// order: each part is sorted after parsing, because an ORDER BY inside
    /// the aggregate made SQLite build a temporary b-tree per part (nine per
    /// read, a third of the query's time, and a page-cache lock shared by
    /// every connection).
    fn array(self, value: &str, rest: &str) -> String {
        match self {
            Dialect::Sqlite => format!("(SELECT json_group_array({value}) {rest})"),
            Dialect::Postgres => {
                format!("(SELECT COALESCE(json_agg({value})::text, '[]') {rest})")
            }
        }
    }

    /// A JSON object of `fields` (name and SQL expression).
    fn object(self, fields: &[(&str, &str)]) -> String {
        let pairs = fields
            .iter()
            .map(|(name, expr)| format!("'{name}', {expr}"))
            .collect::<Vec<_>>()
            .join(", ");
        match self {
            Dialect::Sqlite => format!("json_object({pairs})"),
            Dialect::Postgres => format!("json_build_object({pairs})"),
        }
    }
}

/// The statement for a dialect, with or without notes: built once per
/// process (formatting it took a few per cent of a read).
fn cached_bundle_sql(dialect: Dialect, with_notes: bool) -> &'static str {
    use std::sync::OnceLock;
    static STATEMENTS: [OnceLock<String>; 4] = [const { OnceLock::new() }; 4];
    let slot = match (dialect, with_notes) {
        (Dialect::Sqlite, false) => 0,
        (Dialect::Sqlite, true) => 1,
        (Dialect::Postgres, false) => 2,
        (Dialect::Postgres, true) => 3,
    };
    STATEMENTS[slot].get_or_init(|| bundle_sql(dialect, with_notes))
}

fn bundle_sql(dialect: Dialect, with_notes: bool) -> String {
    let d = dialect;
    let kinds = if with_notes {
        ""
    } else {
        " AND m.kind = 'public'"
    };
    let person = d.object(&[
        ("id", "p.id"),
        ("role", "p.role"),
        ("email", "p.email"),
        ("name", "p.name"),
        ("language", "p.language"),
        ("time_zone", "p.time_zone"),
        ("phone", "p.phone"),
        ("external_id", "p.external_id"),
        ("disabled", "p.disabled"),
        ("created_at", "p.created_at"),
        ("updated_at", "p.updated_at"),
    ]);
    let message = d.object(&[
        ("id", "m.id"),
        ("author_id", "m.author_id"),
        ("kind", "m.kind"),
        ("channel", "m.channel"),
        ("body_text", "m.body_text"),
        ("body_html", "m.body_html"),
        ("created_at", "m.created_at"),
        ("email_message_id", "m.email_message_id"),
        ("email_addresses", "m.email_addresses"),
    ]);
    let attachment = d.object(&[
        ("id", "a.id"),
        ("message_id", "a.message_id"),
        ("filename", "a.filename"),
        ("content_type", "a.content_type"),
        ("size_bytes", "a.size_bytes"),
        ("sha256", "a.sha256"),
        ("created_at", "a.created_at"),
        ("content_id", "a.content_id"),
    ]);
    let delivery = d.object(&[
        ("id", "o.id"),
        ("message_id", "o.message_id"),
        ("sent_at", "o.sent_at"),
        ("attempts", "o.attempts"),
        ("last_error", "o.last_error"),
    ]);
    let share = d.object(&[("seller_id", "s.seller_id"), ("at", "s.shared_at")]);
    let copy = d.object(&[
        ("person_id", "c.person_id"),
        ("email", "cp.email"),
        ("at", "c.added_at"),
    ]);
    let deliveries = if with_notes {
        d.array(
            &delivery,
            &format!(
                "FROM mail_outbox o JOIN messages m ON m.id = o.message_id \
                 WHERE m.ticket_id = t.id{kinds}"
            ),
        )
    } else {
        "'[]'".into()
    };
    format!(
        "SELECT {COLUMNS}, \
         {tags} AS tags_json, {orders} AS orders_json, {shares} AS shares_json, \
         {copies} AS copied_json, {people} AS people_json, {messages} AS messages_json, \
         {attachments} AS attachments_json, {deliveries} AS deliveries_json \
         FROM tickets t WHERE t.id = $1",
        tags = d.array("g.tag", "FROM ticket_tags g WHERE g.ticket_id = t.id"),
        orders = d.array(
            "r.order_id",
            "FROM ticket_orders r WHERE r.ticket_id = t.id"
        ),
        shares = d.array(&share, "FROM ticket_shares s WHERE s.ticket_id = t.id"),
        copies = d.array(
            &copy,
            "FROM ticket_cc c JOIN people cp ON cp.id = c.person_id WHERE c.ticket_id = t.id"
        ),
        people = d.array(
            &person,
            // Driven from the few ids, so each person is an index lookup
            // (an OR over `p.id` made PostgreSQL scan every person).
            &format!(
                "FROM (SELECT t.requester_id AS pid UNION ALL SELECT t.assignee_id \
                 UNION ALL SELECT m.author_id FROM messages m WHERE m.ticket_id = t.id{kinds}) ids \
                 JOIN people p ON p.id = ids.pid"
            )
        ),
        messages = d.array(
            &message,
            &format!("FROM messages m WHERE m.ticket_id = t.id{kinds}")
        ),
        attachments = d.array(
            &attachment,
            &format!(
                "FROM attachments a JOIN messages m ON m.id = a.message_id \
                 WHERE m.ticket_id = t.id{kinds}"
            )
        ),
    )
}

/// The ticket `id` with its parts; notes (and their files and mails) only
/// `with_notes`. `None` when there is no such ticket.
pub async fn ticket_bundle(
    conn: &mut Conn,
    id: i64,
    with_notes: bool,
) -> Result<Option<TicketBundle>> {
    let sql = cached_bundle_sql(Dialect::of(conn), with_notes);
    let Some(row) = sqlx::query(sql).bind(id).fetch_optional(&mut *conn).await? else {
        return Ok(None);
    };
    let ticket = ticket(&row)?;
    let mut tags: Vec<String> = parts(&row, "tags_json")?;
    tags.sort_unstable();
    let mut order_ids: Vec<i64> = parts(&row, "orders_json")?;
    order_ids.sort_unstable();
    let mut shares: Vec<ShareJson> = parts(&row, "shares_json")?;
    shares.sort_unstable_by_key(|s| s.seller_id);
    let mut copied: Vec<CopyJson> = parts(&row, "copied_json")?;
    copied.sort_unstable_by_key(|c| (c.at, c.person_id));
    // The requester, the assignee and every author: once each.
    let mut people: Vec<PersonJson> = parts(&row, "people_json")?;
    people.sort_unstable_by_key(|p| p.id);
    people.dedup_by_key(|p| p.id);
    let mut messages: Vec<MessageJson> = parts(&row, "messages_json")?;
    messages.sort_unstable_by_key(|m| m.id);
    let mut attachments: Vec<AttachmentJson> = parts(&row, "attachments_json")?;
    attachments.sort_unstable_by_key(|a| a.id);
    let mut deliveries: Vec<Delivery> = parts(&row, "deliveries_json")?;
    deliveries.sort_unstable_by_key(|d| d.id);
    Ok(Some(TicketBundle {
        tags,
        order_ids,
        shares: shares.into_iter().map(|s| (s.seller_id, s.at)).collect(),
        copied: copied.into_iter().map(|c| (c.person_id, c.email)).collect(),
        people: people
            .into_iter()
            .map(PersonJson::into_row)
            .collect::<Result<_>>()?,
        messages: messages
            .into_iter()
            .map(|m| m.into_row(ticket.id))
            .collect::<Result<_>>()?,
        attachments: attachments
            .into_iter()
            .map(AttachmentJson::into_row)
            .collect(),
        deliveries,
        ticket,
    }))
}

fn parts<T: DeserializeOwned>(row: &AnyRow, column: &'static str) -> Result<Vec<T>> {
    let json = text(row, column)?;
    serde_json::from_str(&json).map_err(|e| StoreError::Corrupt {
        column,
        detail: e.to_string(),
    })
}

fn corrupt(column: &'static str) -> impl FnOnce(marketdesk_domain::ValidationError) -> StoreError {
    move |e| StoreError::Corrupt {
        column,
        detail: e.to_string(),
    }
}

#[derive(Deserialize)]
struct ShareJson {
    seller_id: i64,
    at: Millis,
}

#[derive(Deserialize)]
struct CopyJson {
    person_id: i64,
    email: String,
    at: Millis,
}

#[derive(Deserialize)]
struct PersonJson {
    id: i64,
    role: String,
    email: String,
    name: String,
    language: String,
    time_zone: String,
    phone: Option<String>,
    external_id: Option<String>,
    disabled: i64,
    created_at: Millis,
    updated_at: Millis,
}

impl PersonJson {
    /// The person, without their password hash (a page never needs it).
    fn into_row(self) -> Result<PersonRow> {
        Ok(PersonRow {
            id: self.id,
            role: Role::parse(&self.role).map_err(corrupt("role"))?,
            email: self.email,
            name: self.name,
            language: self.language,
            time_zone: self.time_zone,
            phone: self.phone,
            password_hash: None,
            external_id: self.external_id,
            disabled: self.disabled != 0,
            created_at: self.created_at,
            updated_at: self.updated_at,
        })
    }
}

#[derive(Deserialize)]
struct MessageJson {
    id: i64,
    author_id: Option<i64>,
    kind: String,
    channel: String,
    body_text: String,
    body_html: String,
    created_at: Millis,
    email_message_id: Option<String>,
    email_addresses: Option<String>,
}

impl MessageJson {
    fn into_row(self, ticket_id: i64) -> Result<MessageRow> {
        Ok(MessageRow {
            id: self.id,
            ticket_id,
            author_id: self.author_id,
            kind: MessageKind::parse(&self.kind).map_err(corrupt("kind"))?,
            channel: Channel::parse(&self.channel).map_err(corrupt("channel"))?,
            body_text: self.body_text,
            body_html: self.body_html,
            created_at: self.created_at,
            email_message_id: self.email_message_id,
            email_addresses: self.email_addresses,
        })
    }
}

#[derive(Deserialize)]
struct AttachmentJson {
    id: i64,
    message_id: i64,
    filename: String,
    content_type: String,
    size_bytes: i64,
    sha256: String,
    created_at: Millis,
    content_id: Option<String>,
}

impl AttachmentJson {
    fn into_row(self) -> AttachmentRow {
        AttachmentRow {
            id: self.id,
            message_id: self.message_id,
            filename: self.filename,
            content_type: self.content_type,
            size_bytes: self.size_bytes,
            sha256: self.sha256,
            created_at: self.created_at,
            content_id: self.content_id,
        }
    }
}
