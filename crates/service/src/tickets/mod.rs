//! Tickets: create, read, list, change, reply, merge, and the auto-close job.

mod views;

pub use views::*;

use std::collections::HashMap;

use marketdesk_domain::access::{Permission, TicketFacts};
use marketdesk_domain::i18n::Lang;
use marketdesk_domain::sla::{self, SlaPolicy, TicketTimes};
use marketdesk_domain::text::{required_line, required_text};
use marketdesk_domain::ticket::CustomerReply;
use marketdesk_domain::{
    Channel, EmailAddress, LanguageTag, MessageKind, Millis, Priority, Role, Tag, TicketRef,
    TicketStatus,
};
use marketdesk_store::audit::{self, AuditEntry};
use marketdesk_store::people::{self, NewPerson, PersonRow};
use marketdesk_store::tickets::{
    self as store, AttachmentRow, MessageRow, TicketFilter, TicketRow,
};
use marketdesk_store::{Conn, commerce};
use serde::{Deserialize, Deserializer};
use serde_json::{Map, Value};
use utoipa::ToSchema;

use crate::accounts::AuditView;
use crate::kernel::attachments::{AttachmentInput, DecodedAttachment, decode};
use crate::kernel::auth::actor_id;
use crate::kernel::html;
use crate::kernel::identity::PersonSummary;
use crate::kernel::page::{Page, PageRequest};
use crate::{Result, ServiceError, Services, Viewer, now_ms};

const MAX_BODY_CHARS: usize = 100_000;
const MAX_TAGS: usize = 30;
const MAX_ATTACHMENTS: usize = 10;

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
}

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
    /// Page size, 1 to 100 (default 25).
    pub limit: Option<u32>,
    /// The `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

fn validate_tags(tags: &[String]) -> Result<Vec<String>> {
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

fn validate_custom_fields(fields: &Map<String, Value>, allow_null: bool) -> Result<()> {
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
struct Body {
    text: String,
    html: String,
    attachments: Vec<DecodedAttachment>,
}

fn body(
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
    })
}

fn entry(viewer: &Viewer, ticket_id: i64, action: &str, now: Millis) -> AuditEntry {
    AuditEntry {
        id: 0,
        subject_type: "ticket".into(),
        subject_id: ticket_id,
        ticket_id: Some(ticket_id),
        actor_id: actor_id(viewer),
        action: action.into(),
        field: None,
        old_value: None,
        new_value: None,
        created_at: now,
    }
}

fn field_change(
    viewer: &Viewer,
    ticket_id: i64,
    field: &str,
    old: Option<String>,
    new: Option<String>,
    now: Millis,
) -> AuditEntry {
    AuditEntry {
        field: Some(field.into()),
        old_value: old,
        new_value: new,
        ..entry(viewer, ticket_id, "updated", now)
    }
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

async fn facts(conn: &mut Conn, t: &TicketRow) -> Result<TicketFacts> {
    Ok(TicketFacts {
        requester_id: t.requester_id,
        shared_with: store::shares_of(conn, t.id)
            .await?
            .into_iter()
            .map(|(seller, _)| seller)
            .collect(),
        order_ids: store::order_ids_of(conn, t.id).await?,
    })
}

/// Loads a ticket the viewer may see; one they may not is "not found".
async fn load_visible(conn: &mut Conn, viewer: &Viewer, id: i64) -> Result<TicketRow> {
    let ticket = store::get(conn, id)
        .await?
        .ok_or(ServiceError::NotFound("ticket"))?;
    if viewer.is_staff() && viewer.may(Permission::ReadTickets) {
        return Ok(ticket);
    }
    if viewer.can_see_ticket(&facts(conn, &ticket).await?) {
        Ok(ticket)
    } else {
        Err(ServiceError::NotFound("ticket"))
    }
}

/// People by id, loaded once per request.
struct PeopleCache(HashMap<i64, Option<PersonRow>>);

impl PeopleCache {
    fn new() -> Self {
        PeopleCache(HashMap::new())
    }

    async fn get(&mut self, conn: &mut Conn, id: i64) -> Result<Option<&PersonRow>> {
        if let std::collections::hash_map::Entry::Vacant(slot) = self.0.entry(id) {
            slot.insert(people::get(conn, id).await?);
        }
        Ok(self.0.get(&id).and_then(Option::as_ref))
    }

    async fn summary(&mut self, conn: &mut Conn, id: Option<i64>) -> Result<Option<PersonSummary>> {
        match id {
            Some(id) => Ok(self.get(conn, id).await?.map(PersonSummary::from)),
            None => Ok(None),
        }
    }
}

async fn ticket_view(
    conn: &mut Conn,
    cache: &mut PeopleCache,
    t: &TicketRow,
    tags: Vec<String>,
    sla: &SlaPolicy,
) -> Result<TicketView> {
    let requester = cache
        .summary(conn, Some(t.requester_id))
        .await?
        .ok_or(ServiceError::NotFound("requester"))?;
    let assignee = cache.summary(conn, t.assignee_id).await?;
    let order_ids = store::order_ids_of(conn, t.id).await?;
    let mut view = TicketView::new(t, requester, assignee, tags, order_ids);
    let times = TicketTimes {
        priority: t.priority,
        status: t.status,
        created_at: t.created_at,
        first_response_at: t.first_response_at,
        solved_at: t.solved_at,
        closed_at: t.closed_at,
    };
    let now = now_ms();
    view.sla = sla::clocks(sla, &times, now)
        .iter()
        .map(SlaClockView::of)
        .collect();
    Ok(view)
}

/// A seller a ticket was shared with (and who did not open it): they see
/// what was written from the moment it was shared, and their own messages —
/// not what the buyer told support before — and none of the triage.
struct SharedSeller {
    person_id: i64,
    since: Millis,
}

impl SharedSeller {
    async fn of(conn: &mut Conn, viewer: &Viewer, t: &TicketRow) -> Result<Option<Self>> {
        if viewer.role != Role::Seller || t.requester_id == viewer.person_id {
            return Ok(None);
        }
        let share = store::shares_of(conn, t.id)
            .await?
            .into_iter()
            .find(|(seller, _)| *seller == viewer.person_id);
        // Not shared: `load_visible` has already refused; see nothing anyway.
        Ok(Some(SharedSeller {
            person_id: viewer.person_id,
            since: share.map_or(Millis::MAX, |(_, at)| at),
        }))
    }

    fn sees(&self, m: &MessageRow) -> bool {
        m.created_at >= self.since || m.author_id == Some(self.person_id)
    }

    /// Tags, fields, intent and sentiment are support's reading of the
    /// buyer; the buyer's address is theirs to give (the seller has the
    /// order's shipping address).
    fn trim(view: &mut TicketView) {
        view.tags.clear();
        view.custom_fields = Value::Object(Map::new());
        view.intent = None;
        view.sentiment = None;
        view.requester.email.clear();
    }
}

async fn messages_view(
    conn: &mut Conn,
    cache: &mut PeopleCache,
    ticket_id: i64,
    with_notes: bool,
    seller: Option<&SharedSeller>,
) -> Result<Vec<MessageView>> {
    let mut messages = store::messages(conn, ticket_id, with_notes).await?;
    if let Some(seller) = seller {
        messages.retain(|m| seller.sees(m));
    }
    let attachments = store::attachments_of_ticket(conn, ticket_id).await?;
    let mut out = Vec::with_capacity(messages.len());
    for m in &messages {
        let author = cache.summary(conn, m.author_id).await?;
        let files = attachments
            .iter()
            .filter(|a| a.message_id == m.id)
            .map(AttachmentView::from)
            .collect();
        out.push(MessageView::new(m, author, files));
    }
    Ok(out)
}

/// Finds orders by number that the viewer may attach to a ticket.
async fn resolve_orders(conn: &mut Conn, viewer: &Viewer, numbers: &[String]) -> Result<Vec<i64>> {
    if numbers.len() > 20 {
        return Err(ServiceError::field("order_numbers", "at most 20 orders"));
    }
    let mut ids = Vec::new();
    for number in numbers {
        let order = commerce::find_order_by_number(conn, number.trim()).await?;
        let allowed = match &order {
            Some(o) if viewer.is_staff() => true,
            Some(o) => viewer.can_see_order(&marketdesk_domain::access::OrderFacts {
                order_id: o.id,
                customer_id: o.customer_id,
                seller_ids: commerce::seller_ids_of_order(conn, o.id).await?,
            }),
            None => false,
        };
        match order {
            Some(o) if allowed => ids.push(o.id),
            _ => {
                return Err(ServiceError::field(
                    "order_numbers",
                    format!(
                        "no order '{}' that you may refer to",
                        number.chars().take(40).collect::<String>()
                    ),
                ));
            }
        }
    }
    ids.sort_unstable();
    ids.dedup();
    Ok(ids)
}

async fn check_assignee(conn: &mut Conn, assignee: Option<i64>, team: Option<i64>) -> Result<()> {
    if let Some(id) = assignee {
        match people::get(conn, id).await? {
            Some(p) if p.role.is_staff() && !p.disabled => {}
            _ => {
                return Err(ServiceError::field(
                    "assignee_id",
                    format!("{id} is not an active agent"),
                ));
            }
        }
    }
    if let Some(id) = team
        && people::get_team(conn, id).await?.is_none()
    {
        return Err(ServiceError::field(
            "team_id",
            format!("there is no team {id}"),
        ));
    }
    Ok(())
}

impl Services {
    /// Opens a ticket with its first message. The whole ticket is written in
    /// one transaction, or nothing is.
    pub async fn create_ticket(&self, viewer: &Viewer, new: NewTicket) -> Result<TicketDetail> {
        if !viewer.may(Permission::CreateTicket) {
            return Err(ServiceError::forbidden("open tickets"));
        }
        let subject = required_line("subject", &new.subject, 250)?;
        let first = body(
            &new.message.body,
            new.message.html.as_deref(),
            &new.message.attachments,
            self.settings.max_attachment_bytes,
        )?;
        let tags = validate_tags(&new.tags)?;
        let custom_fields = new.custom_fields.unwrap_or_default();
        validate_custom_fields(&custom_fields, false)?;
        let language = new
            .language
            .as_deref()
            .map(LanguageTag::parse)
            .transpose()?;
        let requester_email = new
            .requester
            .as_ref()
            .map(|r| EmailAddress::parse(&r.email))
            .transpose()?;
        let requester_name = new
            .requester
            .as_ref()
            .and_then(|r| r.name.as_deref())
            .map(|n| required_line("requester.name", n, 200))
            .transpose()?;
        let requester_language = new
            .requester
            .as_ref()
            .and_then(|r| r.language.as_deref())
            .map(LanguageTag::parse)
            .transpose()?;
        let staff = viewer.is_staff();
        if !staff
            && (new.assignee_id.is_some()
                || new.team_id.is_some()
                || new.priority.is_some()
                || !tags.is_empty())
        {
            return Err(ServiceError::forbidden(
                "set the assignee, team, priority or tags of a ticket",
            ));
        }
        // Triage: what the first message is about, for routing and reports.
        let triage = marketdesk_assistant::analyze(&format!("{}\n{}", subject, first.text));
        // The files are written only now that the request passed its checks;
        // whatever fails below (an order that is not theirs, the database)
        // removes them again.
        let staged = self.stage_attachments(&first.attachments).await?;
        let outcome: Result<TicketDetail> = async {
            let now = now_ms();
            let mut tx = self.store.begin().await?;
            let requester = if staff {
                let email = requester_email.ok_or_else(|| {
                    ServiceError::field(
                        "requester",
                        "staff must say who the ticket is for (requester.email)",
                    )
                })?;
                match people::find_by_email(&mut tx, email.as_str()).await? {
                    Some(p) => p,
                    None => {
                        let fallback = email
                            .as_str()
                            .split('@')
                            .next()
                            .unwrap_or("customer")
                            .to_string();
                        let name = requester_name.unwrap_or(fallback);
                        let lang = requester_language.clone().or(language.clone());
                        let id = people::insert(
                            &mut tx,
                            &NewPerson {
                                role: Role::Customer,
                                email: email.as_str(),
                                name: &name,
                                language: lang.as_ref().map(|l| l.as_str()).unwrap_or("en"),
                                time_zone: "UTC",
                                phone: None,
                                password_hash: None,
                                external_id: None,
                                now,
                            },
                        )
                        .await?;
                        people::get(&mut tx, id)
                            .await?
                            .ok_or(ServiceError::NotFound("requester"))?
                    }
                }
            } else {
                let me = people::get(&mut tx, viewer.person_id)
                    .await?
                    .ok_or(ServiceError::Unauthenticated)?;
                if requester_email
                    .as_ref()
                    .is_some_and(|e| e.as_str() != me.email)
                {
                    return Err(ServiceError::forbidden("open tickets for someone else"));
                }
                me
            };
            check_assignee(&mut tx, new.assignee_id, new.team_id).await?;
            let mut order_ids = resolve_orders(&mut tx, viewer, &new.order_numbers).await?;
            if order_ids.is_empty() {
                // An order number in the message links the requester's own order.
                for entity in triage
                    .entities
                    .iter()
                    .filter(|e| e.kind == marketdesk_assistant::EntityKind::OrderNumber)
                {
                    if let Some(order) =
                        commerce::find_order_by_number(&mut tx, &entity.value).await?
                        && order.customer_id == requester.id
                    {
                        order_ids.push(order.id);
                    }
                }
                order_ids.dedup();
            }
            if let Some(scoped) = viewer.order_scope {
                // Signed in with an order number: the ticket is about that order.
                if order_ids.iter().any(|id| *id != scoped) {
                    return Err(ServiceError::field(
                        "order_numbers",
                        "you are signed in for one order only",
                    ));
                }
                order_ids = vec![scoped];
            }
            let channel = new
                .channel
                .unwrap_or(if staff { Channel::Api } else { Channel::Web });
            let mut row = TicketRow {
                id: 0,
                subject,
                requester_id: requester.id,
                channel,
                status: TicketStatus::New,
                priority: new.priority.unwrap_or(Priority::Normal),
                assignee_id: new.assignee_id,
                team_id: new.team_id,
                // The language asked for, else the one the customer wrote in, else theirs.
                language: language.map(|l| l.as_str().to_string()).unwrap_or_else(|| {
                    let written = marketdesk_assistant::detect_language(&first.text);
                    match written {
                        "en" | "es" | "zh"
                            if Lang::from_tag(&requester.language).code() != written =>
                        {
                            written.to_string()
                        }
                        _ => requester.language.clone(),
                    }
                }),
                custom_fields: Value::Object(custom_fields),
                merged_into_id: None,
                follow_up_of_id: None,
                created_at: now,
                updated_at: now,
                first_response_at: None,
                solved_at: None,
                closed_at: None,
                intent: Some(triage.intent.clone()),
                sentiment: Some(sentiment_name(triage.sentiment)),
            };
            // Complaints and suggestions go to the department they are about.
            let mut tags = tags;
            if matches!(triage.intent.as_str(), "complaint" | "suggestion") {
                let department =
                    crate::help::department_of(&format!("{}\n{}", row.subject, first.text));
                tags.push(triage.intent.clone());
                tags.push(format!("dept:{department}"));
                if let Value::Object(fields) = &mut row.custom_fields {
                    fields.insert("department".into(), Value::from(department));
                }
                if row.team_id.is_none() {
                    row.team_id = crate::help::team_for(&mut tx, department).await?;
                }
            }
            row.id = store::insert(&mut tx, &row).await?;
            store::set_tags(&mut tx, row.id, &tags).await?;
            for order_id in &order_ids {
                store::link_order(&mut tx, row.id, *order_id).await?;
            }
            let message = insert_message(
                &mut tx,
                row.id,
                Some(requester.id),
                MessageKind::Public,
                channel,
                &first,
                now,
            )
            .await?;
            let mut created = entry(viewer, row.id, "created", now);
            created.new_value = Some(format!(
                "status={} priority={} channel={}",
                row.status, row.priority, row.channel
            ));
            audit::record(&mut tx, &created).await?;

            let mut cache = PeopleCache::new();
            cache.0.insert(requester.id, Some(requester.clone()));
            let ticket = ticket_view(&mut tx, &mut cache, &row, tags, &self.policy().sla).await?;
            let author = Some(PersonSummary::from(&requester));
            let messages = vec![MessageView::new(
                &message.0,
                author,
                message.1.iter().map(AttachmentView::from).collect(),
            )];
            tx.commit().await?;
            Ok(TicketDetail { ticket, messages })
        }
        .await;
        staged.settle(&outcome).await;
        if outcome.is_ok() {
            self.search_wake();
        }
        outcome
    }

    /// A ticket with its conversation; notes only for staff.
    pub async fn get_ticket(&self, viewer: &Viewer, id: i64) -> Result<TicketDetail> {
        let mut conn = self.store.reader().await?;
        let row = load_visible(&mut conn, viewer, id).await?;
        let tags = store::tags_of(&mut conn, &[row.id])
            .await?
            .remove(&row.id)
            .unwrap_or_default();
        let mut cache = PeopleCache::new();
        let mut ticket = ticket_view(&mut conn, &mut cache, &row, tags, &self.policy().sla).await?;
        let seller = SharedSeller::of(&mut conn, viewer, &row).await?;
        if seller.is_some() {
            SharedSeller::trim(&mut ticket);
        }
        let mut messages = messages_view(
            &mut conn,
            &mut cache,
            row.id,
            viewer.can_see_notes(),
            seller.as_ref(),
        )
        .await?;
        if seller.is_some() {
            for author in messages.iter_mut().filter_map(|m| m.author.as_mut()) {
                if author.id != viewer.person_id {
                    author.email.clear();
                }
            }
        }
        Ok(TicketDetail { ticket, messages })
    }

    pub async fn list_tickets(
        &self,
        viewer: &Viewer,
        query: &TicketQuery,
    ) -> Result<Page<TicketView>> {
        let page = PageRequest::parse(query.limit, query.cursor.as_deref())?;
        let mut filter = ticket_filter(viewer, query, &self.policy().sla)?;
        filter.before_id = page.before_id;
        let mut conn = self.store.reader().await?;
        filter.team_ids = viewer_teams(&mut conn, viewer, query).await?;
        let rows = store::list(&mut conn, &filter, page.fetch_limit()).await?;
        let ids: Vec<i64> = rows.iter().map(|t| t.id).collect();
        let mut tags = store::tags_of(&mut conn, &ids).await?;
        let mut cache = PeopleCache::new();
        let mut views = Vec::with_capacity(rows.len());
        for row in &rows {
            let t = tags.remove(&row.id).unwrap_or_default();
            let mut view = ticket_view(&mut conn, &mut cache, row, t, &self.policy().sla).await?;
            if viewer.role == Role::Seller && row.requester_id != viewer.person_id {
                SharedSeller::trim(&mut view);
            }
            views.push(view);
        }
        Ok(page.finish(views, |t| t.id))
    }

    /// How many tickets a query matches, all pages together (queue counts).
    pub async fn count_tickets(&self, viewer: &Viewer, query: &TicketQuery) -> Result<i64> {
        let mut filter = ticket_filter(viewer, query, &self.policy().sla)?;
        let mut conn = self.store.reader().await?;
        filter.team_ids = viewer_teams(&mut conn, viewer, query).await?;
        Ok(store::count(&mut conn, &filter).await?)
    }

    /// Changes a ticket's fields, each change recorded in the audit trail.
    pub async fn update_ticket(
        &self,
        viewer: &Viewer,
        id: i64,
        update: TicketUpdate,
    ) -> Result<TicketView> {
        if !viewer.may(Permission::WorkTickets) {
            return Err(ServiceError::forbidden("change tickets"));
        }
        let subject = update
            .subject
            .as_deref()
            .map(|s| required_line("subject", s, 250))
            .transpose()?;
        let language = update
            .language
            .as_deref()
            .map(LanguageTag::parse)
            .transpose()?;
        let replace_tags = update.tags.as_deref().map(validate_tags).transpose()?;
        let add_tags = validate_tags(&update.add_tags)?;
        let remove_tags = validate_tags(&update.remove_tags)?;
        if let Some(fields) = &update.custom_fields {
            validate_custom_fields(fields, true)?;
        }
        let now = now_ms();
        let mut tx = self.store.begin().await?;
        let mut t = load_visible(&mut tx, viewer, id).await?;
        if t.status.is_final() {
            return Err(ServiceError::TicketClosed(
                TicketRef::from_id(t.id).to_string(),
            ));
        }
        let before = t.clone();
        let mut changes = Vec::new();
        if let Some(subject) = subject {
            t.subject = subject;
        }
        if let Some(priority) = update.priority {
            t.priority = priority;
        }
        if let Some(language) = language {
            t.language = language.as_str().to_string();
        }
        if let Some(assignee) = update.assignee_id {
            t.assignee_id = assignee;
        }
        if let Some(team) = update.team_id {
            t.team_id = team;
        }
        check_assignee(
            &mut tx,
            update.assignee_id.flatten(),
            update.team_id.flatten(),
        )
        .await?;
        if let Some(status) = update.status {
            apply_status(&mut t, status, now)?;
        }
        if let Some(fields) = update.custom_fields
            && let Value::Object(existing) = &mut t.custom_fields
        {
            for (k, v) in fields {
                if v.is_null() {
                    existing.remove(&k);
                } else {
                    existing.insert(k, v);
                }
            }
            if existing.len() > 50 {
                return Err(ServiceError::field("custom_fields", "at most 50 fields"));
            }
        }
        let str_opt = |v: Option<i64>| v.map(|v| v.to_string());
        let diffs: [(&str, Option<String>, Option<String>); 7] = [
            (
                "subject",
                Some(before.subject.clone()),
                Some(t.subject.clone()),
            ),
            (
                "status",
                Some(before.status.to_string()),
                Some(t.status.to_string()),
            ),
            (
                "priority",
                Some(before.priority.to_string()),
                Some(t.priority.to_string()),
            ),
            (
                "assignee_id",
                str_opt(before.assignee_id),
                str_opt(t.assignee_id),
            ),
            ("team_id", str_opt(before.team_id), str_opt(t.team_id)),
            (
                "language",
                Some(before.language.clone()),
                Some(t.language.clone()),
            ),
            (
                "custom_fields",
                Some(before.custom_fields.to_string()),
                Some(t.custom_fields.to_string()),
            ),
        ];
        for (field, old, new) in diffs {
            if old != new {
                changes.push(field_change(viewer, t.id, field, old, new, now));
            }
        }
        let old_tags = store::tags_of(&mut tx, &[t.id])
            .await?
            .remove(&t.id)
            .unwrap_or_default();
        let mut tags = replace_tags.unwrap_or_else(|| old_tags.clone());
        tags.extend(add_tags);
        tags.retain(|tag| !remove_tags.contains(tag));
        tags.sort();
        tags.dedup();
        if tags.len() > MAX_TAGS {
            return Err(ServiceError::field(
                "tags",
                format!("at most {MAX_TAGS} tags"),
            ));
        }
        if tags != old_tags {
            store::set_tags(&mut tx, t.id, &tags).await?;
            changes.push(field_change(
                viewer,
                t.id,
                "tags",
                Some(old_tags.join(" ")),
                Some(tags.join(" ")),
                now,
            ));
        }
        for order_id in resolve_orders(&mut tx, viewer, &update.link_order_numbers).await? {
            store::link_order(&mut tx, t.id, order_id).await?;
            changes.push(field_change(
                viewer,
                t.id,
                "orders",
                None,
                Some(order_id.to_string()),
                now,
            ));
        }
        if !changes.is_empty() {
            t.updated_at = now;
            store::update(&mut tx, &t).await?;
            if before.status != TicketStatus::Solved && t.status == TicketStatus::Solved {
                crate::help::tell_outcome(&mut tx, &t, now).await?;
            }
            for change in &changes {
                audit::record(&mut tx, change).await?;
            }
        }
        let mut cache = PeopleCache::new();
        let view = ticket_view(&mut tx, &mut cache, &t, tags, &self.policy().sla).await?;
        tx.commit().await?;
        self.search_wake();
        Ok(view)
    }

    /// Adds a reply or an internal note, applying the status rules: a
    /// customer's reply reopens a waiting or solved ticket, and on a closed one
    /// starts a linked follow-up ticket.
    pub async fn add_message(
        &self,
        viewer: &Viewer,
        ticket_id: i64,
        new: NewMessage,
    ) -> Result<MessageView> {
        if !viewer.may(Permission::ReplyToTicket) {
            return Err(ServiceError::forbidden("reply to tickets"));
        }
        let kind = new.kind.unwrap_or(MessageKind::Public);
        if (kind == MessageKind::Note || new.status.is_some())
            && !viewer.may(Permission::WorkTickets)
        {
            return Err(ServiceError::forbidden(
                "write internal notes or set the status",
            ));
        }
        let content = body(
            &new.body,
            new.html.as_deref(),
            &new.attachments,
            self.settings.max_attachment_bytes,
        )?;
        // Who may post here is known before any file is written.
        {
            let mut conn = self.store.reader().await?;
            let t = load_visible(&mut conn, viewer, ticket_id).await?;
            if viewer.is_staff() && t.status.is_final() {
                return Err(ServiceError::TicketClosed(
                    TicketRef::from_id(t.id).to_string(),
                ));
            }
        }
        let staged = self.stage_attachments(&content.attachments).await?;
        let outcome = self
            .insert_reply(viewer, ticket_id, new, kind, &content)
            .await;
        staged.settle(&outcome).await;
        if outcome.is_ok() {
            self.search_wake();
        }
        outcome
    }

    /// The transaction of `add_message`, once its files are staged.
    async fn insert_reply(
        &self,
        viewer: &Viewer,
        ticket_id: i64,
        new: NewMessage,
        kind: MessageKind,
        content: &Body,
    ) -> Result<MessageView> {
        let staff = viewer.is_staff();
        let now = now_ms();
        let mut tx = self.store.begin().await?;
        let mut t = load_visible(&mut tx, viewer, ticket_id).await?;
        let author = actor_id(viewer);
        let mut audit_entries = Vec::new();
        let mut follow_up = None;
        let channel = new
            .channel
            .unwrap_or(if staff { t.channel } else { Channel::Web });
        if staff {
            if t.status.is_final() {
                return Err(ServiceError::TicketClosed(
                    TicketRef::from_id(t.id).to_string(),
                ));
            }
            let old = t.status;
            if kind == MessageKind::Public {
                if t.first_response_at.is_none() && t.requester_id != viewer.person_id {
                    t.first_response_at = Some(now);
                }
                if let Some(change) = t.status.after_staff_reply() {
                    apply_status(&mut t, change.to, now)?;
                }
            }
            if let Some(status) = new.status {
                apply_status(&mut t, status, now)?;
            }
            if t.status != old {
                audit_entries.push(field_change(
                    viewer,
                    t.id,
                    "status",
                    Some(old.to_string()),
                    Some(t.status.to_string()),
                    now,
                ));
            }
        } else {
            match t.status.after_customer_reply() {
                CustomerReply::Unchanged => {}
                CustomerReply::Reopen(change) => {
                    apply_status(&mut t, change.to, now)?;
                    audit_entries.push(field_change(
                        viewer,
                        t.id,
                        "status",
                        Some(change.from.to_string()),
                        Some(change.to.to_string()),
                        now,
                    ));
                }
                CustomerReply::FollowUp => {
                    let id = open_follow_up(&mut tx, viewer, &t, channel, now).await?;
                    follow_up = Some(id);
                    t = store::get(&mut tx, id)
                        .await?
                        .ok_or(ServiceError::NotFound("ticket"))?;
                }
            }
        }
        let (message, files) =
            insert_message(&mut tx, t.id, author, kind, channel, content, now).await?;
        if t.status == TicketStatus::Solved
            && audit_entries
                .iter()
                .any(|e| e.field.as_deref() == Some("status"))
        {
            crate::help::tell_outcome(&mut tx, &t, now).await?;
        }
        t.updated_at = now;
        store::update(&mut tx, &t).await?;
        let mut added = entry(
            viewer,
            t.id,
            if kind == MessageKind::Note {
                "note_added"
            } else {
                "reply_added"
            },
            now,
        );
        added.new_value = Some(message.id.to_string());
        audit_entries.push(added);
        for e in &audit_entries {
            audit::record(&mut tx, e).await?;
        }
        let author_summary = match author {
            Some(id) => people::get(&mut tx, id)
                .await?
                .as_ref()
                .map(PersonSummary::from),
            None => None,
        };
        tx.commit().await?;
        let mut view = MessageView::new(
            &message,
            author_summary,
            files.iter().map(AttachmentView::from).collect(),
        );
        view.follow_up_ticket_id = follow_up;
        Ok(view)
    }

    /// Merges ticket `source` into `into`: its messages, tags and orders move,
    /// and it is closed with a pointer to the ticket that lives on.
    pub async fn merge_tickets(
        &self,
        viewer: &Viewer,
        source: i64,
        into: i64,
    ) -> Result<TicketView> {
        if !viewer.may(Permission::WorkTickets) {
            return Err(ServiceError::forbidden("merge tickets"));
        }
        if source == into {
            return Err(ServiceError::field(
                "into_ticket_id",
                "a ticket cannot be merged into itself",
            ));
        }
        let now = now_ms();
        let mut tx = self.store.begin().await?;
        let mut from = load_visible(&mut tx, viewer, source).await?;
        let mut target = store::get(&mut tx, into).await?.ok_or_else(|| {
            ServiceError::field("into_ticket_id", format!("there is no ticket {into}"))
        })?;
        for t in [&from, &target] {
            if t.status.is_final() {
                return Err(ServiceError::TicketClosed(
                    TicketRef::from_id(t.id).to_string(),
                ));
            }
        }
        store::move_contents(&mut tx, from.id, target.id).await?;
        let old_status = from.status;
        from.status = TicketStatus::Closed;
        from.merged_into_id = Some(target.id);
        from.closed_at = Some(now);
        from.updated_at = now;
        store::update(&mut tx, &from).await?;
        let note = format!(
            "{} was merged into this ticket.",
            TicketRef::from_id(from.id)
        );
        let content = Body {
            html: html::from_text(&note),
            text: note,
            attachments: vec![],
        };
        insert_message(
            &mut tx,
            target.id,
            actor_id(viewer),
            MessageKind::Note,
            target.channel,
            &content,
            now,
        )
        .await?;
        target.updated_at = now;
        store::update(&mut tx, &target).await?;
        let mut merged = field_change(
            viewer,
            from.id,
            "status",
            Some(old_status.to_string()),
            Some("closed".into()),
            now,
        );
        merged.action = "merged".into();
        merged.new_value = Some(format!(
            "closed, merged into {}",
            TicketRef::from_id(target.id)
        ));
        audit::record(&mut tx, &merged).await?;
        let mut received = entry(viewer, target.id, "merged_from", now);
        received.new_value = Some(TicketRef::from_id(from.id).to_string());
        audit::record(&mut tx, &received).await?;
        let tags = store::tags_of(&mut tx, &[target.id])
            .await?
            .remove(&target.id)
            .unwrap_or_default();
        let mut cache = PeopleCache::new();
        let view = ticket_view(&mut tx, &mut cache, &target, tags, &self.policy().sla).await?;
        tx.commit().await?;
        self.search_wake();
        Ok(view)
    }

    /// Records that a staff member has the ticket open, and answers who
    /// else had it open in the last 30 seconds (collision warning).
    pub async fn viewing(&self, viewer: &Viewer, id: i64) -> Result<Vec<String>> {
        if !viewer.may(Permission::WorkTickets) {
            return Err(ServiceError::forbidden("work tickets"));
        }
        let now = now_ms();
        let mut tx = self.store.begin().await?;
        store::get(&mut tx, id)
            .await?
            .ok_or(ServiceError::NotFound("ticket"))?;
        store::seen(&mut tx, id, viewer.person_id, now).await?;
        let others = store::other_viewers(&mut tx, id, viewer.person_id, now - 30_000).await?;
        tx.commit().await?;
        Ok(others)
    }

    /// Triage of tickets that have none yet (demo data, imports): the
    /// assistant reads each first message. Answers how many were triaged.
    pub async fn triage_untriaged(&self) -> Result<usize> {
        let ids: Vec<i64> = {
            let mut conn = self.store.reader().await?;
            store::untriaged(&mut conn, 5000).await?
        };
        let mut done = 0;
        for id in ids {
            let mut tx = self.store.begin().await?;
            let Some(mut t) = store::get(&mut tx, id).await? else {
                continue;
            };
            let first = store::messages(&mut tx, id, false)
                .await?
                .into_iter()
                .next();
            let text = format!(
                "{}\n{}",
                t.subject,
                first.map(|m| m.body_text).unwrap_or_default()
            );
            let triage = marketdesk_assistant::analyze(&text);
            t.intent = Some(triage.intent);
            t.sentiment = Some(sentiment_name(triage.sentiment));
            store::update(&mut tx, &t).await?;
            tx.commit().await?;
            done += 1;
        }
        Ok(done)
    }

    /// What the assistant understands of a message (anyone who may read tickets).
    pub fn classify(
        &self,
        viewer: &Viewer,
        text: &str,
    ) -> Result<marketdesk_assistant::Prediction> {
        if !viewer.may(Permission::ReadTickets) {
            return Err(ServiceError::forbidden("classify messages"));
        }
        let text = required_text("text", text, 10_000)?;
        Ok(marketdesk_assistant::analyze(&text))
    }

    /// The history of a ticket (staff).
    pub async fn ticket_audit(&self, viewer: &Viewer, id: i64) -> Result<Vec<AuditView>> {
        if !viewer.may(Permission::WorkTickets) {
            return Err(ServiceError::forbidden("read a ticket's history"));
        }
        let mut conn = self.store.reader().await?;
        load_visible(&mut conn, viewer, id).await?;
        Ok(audit::for_ticket(&mut conn, id)
            .await?
            .iter()
            .map(AuditView::from)
            .collect())
    }

    /// An attachment's metadata and bytes, if the viewer may see its message.
    pub async fn get_attachment(
        &self,
        viewer: &Viewer,
        id: i64,
    ) -> Result<(AttachmentRow, Vec<u8>)> {
        let mut conn = self.store.reader().await?;
        let (attachment, ticket_id, kind) = store::get_attachment(&mut conn, id)
            .await?
            .ok_or(ServiceError::NotFound("attachment"))?;
        load_visible(&mut conn, viewer, ticket_id)
            .await
            .map_err(|_| ServiceError::NotFound("attachment"))?;
        if kind == MessageKind::Note && !viewer.can_see_notes() {
            return Err(ServiceError::NotFound("attachment"));
        }
        let ticket = store::get(&mut conn, ticket_id)
            .await?
            .ok_or(ServiceError::NotFound("attachment"))?;
        // Files are written with their message: its time is theirs.
        if let Some(seller) = SharedSeller::of(&mut conn, viewer, &ticket).await?
            && attachment.created_at < seller.since
        {
            return Err(ServiceError::NotFound("attachment"));
        }
        drop(conn);
        let bytes = self.read_attachment_file(&attachment.sha256).await?;
        Ok((attachment, bytes))
    }

    /// The sellers of the lines of a ticket's orders, and whether the ticket
    /// is shared with each (staff: whom they could ask in).
    pub async fn ticket_sellers(
        &self,
        viewer: &Viewer,
        ticket_id: i64,
    ) -> Result<Vec<(PersonSummary, bool)>> {
        if !viewer.may(Permission::WorkTickets) {
            return Err(ServiceError::forbidden("share tickets with sellers"));
        }
        let mut conn = self.store.reader().await?;
        let t = load_visible(&mut conn, viewer, ticket_id).await?;
        let shared: Vec<i64> = store::shares_of(&mut conn, t.id)
            .await?
            .into_iter()
            .map(|(seller, _)| seller)
            .collect();
        let mut out = Vec::new();
        for seller in store::seller_ids_of(&mut conn, t.id).await? {
            if let Some(person) = people::get(&mut conn, seller).await? {
                out.push((PersonSummary::from(&person), shared.contains(&seller)));
            }
        }
        Ok(out)
    }

    /// Shares a ticket with a seller of one of its orders (staff), so they
    /// can help: they see it, the public messages from now on, and may reply.
    pub async fn share_ticket(
        &self,
        viewer: &Viewer,
        ticket_id: i64,
        seller_id: i64,
    ) -> Result<()> {
        self.change_share(viewer, ticket_id, seller_id, true).await
    }

    /// Stops sharing a ticket with a seller (staff).
    pub async fn unshare_ticket(
        &self,
        viewer: &Viewer,
        ticket_id: i64,
        seller_id: i64,
    ) -> Result<()> {
        self.change_share(viewer, ticket_id, seller_id, false).await
    }

    async fn change_share(
        &self,
        viewer: &Viewer,
        ticket_id: i64,
        seller_id: i64,
        shared: bool,
    ) -> Result<()> {
        if !viewer.may(Permission::WorkTickets) {
            return Err(ServiceError::forbidden("share tickets with sellers"));
        }
        let now = now_ms();
        let mut tx = self.store.begin().await?;
        let mut t = load_visible(&mut tx, viewer, ticket_id).await?;
        let changed = if shared {
            if !store::seller_ids_of(&mut tx, t.id)
                .await?
                .contains(&seller_id)
            {
                return Err(ServiceError::field(
                    "seller_id",
                    "is not a seller of a line of this ticket's orders",
                ));
            }
            store::share(&mut tx, t.id, seller_id, actor_id(viewer), now).await?
        } else {
            store::unshare(&mut tx, t.id, seller_id).await?
        };
        if changed {
            let mut e = entry(
                viewer,
                t.id,
                if shared {
                    "shared_with_seller"
                } else {
                    "unshared_with_seller"
                },
                now,
            );
            e.new_value = Some(seller_id.to_string());
            audit::record(&mut tx, &e).await?;
            t.updated_at = now;
            store::update(&mut tx, &t).await?;
        }
        tx.commit().await?;
        if changed {
            self.search_wake();
        }
        Ok(())
    }

    /// Closes solved tickets whose waiting time is over. Safe to run on
    /// several nodes at once: each ticket is closed by one transaction.
    pub async fn close_due_tickets(&self, now: Millis) -> Result<usize> {
        let due = {
            let mut conn = self.store.reader().await?;
            store::solved_before(&mut conn, self.settings.auto_close.solved_before(now), 500)
                .await?
        };
        let system = crate::kernel::auth::system_viewer();
        let mut closed = 0;
        for id in due {
            let mut tx = self.store.begin().await?;
            let Some(mut t) = store::get(&mut tx, id).await? else {
                continue;
            };
            if t.status != TicketStatus::Solved
                || !t
                    .solved_at
                    .is_some_and(|s| self.settings.auto_close.is_due(s, now))
            {
                continue;
            }
            apply_status(&mut t, TicketStatus::Closed, now)?;
            t.updated_at = now;
            store::update(&mut tx, &t).await?;
            let mut e = field_change(
                &system,
                id,
                "status",
                Some("solved".into()),
                Some("closed".into()),
                now,
            );
            e.action = "auto_closed".into();
            audit::record(&mut tx, &e).await?;
            tx.commit().await?;
            closed += 1;
        }
        Ok(closed)
    }
}

/// Applies a status change through the domain rules, keeping the timestamps true.
fn apply_status(t: &mut TicketRow, to: TicketStatus, now: Millis) -> Result<()> {
    let Some(change) = t.status.change_to(to)? else {
        return Ok(());
    };
    t.status = change.to;
    match change.to {
        TicketStatus::Solved => t.solved_at = Some(now),
        TicketStatus::Closed => t.closed_at = Some(now),
        _ => t.solved_at = None,
    }
    Ok(())
}

async fn insert_message(
    conn: &mut Conn,
    ticket_id: i64,
    author_id: Option<i64>,
    kind: MessageKind,
    channel: Channel,
    content: &Body,
    now: Millis,
) -> Result<(MessageRow, Vec<AttachmentRow>)> {
    let mut row = MessageRow {
        id: 0,
        ticket_id,
        author_id,
        kind,
        channel,
        body_text: content.text.clone(),
        body_html: content.html.clone(),
        created_at: now,
    };
    row.id = store::insert_message(conn, &row).await?;
    let mut files = Vec::with_capacity(content.attachments.len());
    for a in &content.attachments {
        let mut file = AttachmentRow {
            id: 0,
            message_id: row.id,
            filename: a.filename.clone(),
            content_type: a.content_type.clone(),
            size_bytes: a.bytes.len() as i64,
            sha256: a.sha256.clone(),
            created_at: now,
        };
        file.id = store::insert_attachment(conn, &file).await?;
        files.push(file);
    }
    Ok((row, files))
}

/// A new ticket for a customer who wrote on a closed one.
async fn open_follow_up(
    conn: &mut Conn,
    viewer: &Viewer,
    closed: &TicketRow,
    channel: Channel,
    now: Millis,
) -> Result<i64> {
    let row = TicketRow {
        id: 0,
        status: TicketStatus::New,
        channel,
        follow_up_of_id: Some(closed.id),
        merged_into_id: None,
        assignee_id: closed.assignee_id,
        created_at: now,
        updated_at: now,
        first_response_at: None,
        solved_at: None,
        closed_at: None,
        ..closed.clone()
    };
    let id = store::insert(conn, &row).await?;
    for order_id in store::order_ids_of(conn, closed.id).await? {
        store::link_order(conn, id, order_id).await?;
    }
    let mut created = entry(viewer, id, "created", now);
    created.field = Some("follow_up_of_id".into());
    created.new_value = Some(TicketRef::from_id(closed.id).to_string());
    audit::record(conn, &created).await?;
    Ok(id)
}

/// The wire name of a sentiment (`negative`, `neutral`, `positive`).
pub(crate) fn sentiment_name(sentiment: marketdesk_assistant::Sentiment) -> String {
    serde_json::to_value(sentiment)
        .ok()
        .and_then(|v| v.as_str().map(String::from))
        .unwrap_or_else(|| "neutral".into())
}

/// The store filter for a ticket query, narrowed to what the viewer may see.
/// The viewer's teams when the query asks for `team=mine`.
async fn viewer_teams(
    conn: &mut Conn,
    viewer: &Viewer,
    query: &TicketQuery,
) -> Result<Option<Vec<i64>>> {
    match query.team.as_deref() {
        None | Some("") => Ok(None),
        Some("mine") => Ok(Some(people::teams_of(conn, viewer.person_id).await?)),
        Some(_) => Err(ServiceError::field("team", "the one value is 'mine'")),
    }
}

fn ticket_filter(viewer: &Viewer, query: &TicketQuery, sla: &SlaPolicy) -> Result<TicketFilter> {
    if !viewer.may(Permission::ReadTickets) {
        return Err(ServiceError::forbidden("read tickets"));
    }
    let mut filter = TicketFilter {
        priority: query.priority,
        channel: query.channel,
        team_id: query.team_id,
        requester_id: query.requester_id,
        order_id: query.order_id,
        ..Default::default()
    };
    if let Some(list) = &query.status {
        filter.statuses = list
            .split(',')
            .map(|s| TicketStatus::parse(s.trim()))
            .collect::<Result<_, _>>()?;
    }
    if let Some(tag) = &query.tag {
        filter.tag = Some(Tag::parse(tag)?.as_str().to_string());
    }
    if let Some(intent) = &query.intent {
        if !marketdesk_assistant::INTENTS.contains(&intent.as_str()) {
            return Err(ServiceError::field(
                "intent",
                format!(
                    "'{}' is not an intent of the taxonomy",
                    intent.chars().take(40).collect::<String>()
                ),
            ));
        }
        filter.intent = Some(intent.clone());
    }
    match query.sla.as_deref() {
        None | Some("") => {}
        Some("breached") => filter.sla_breached = sla.breach_cutoffs(now_ms()),
        Some(_) => return Err(ServiceError::field("sla", "the one value is 'breached'")),
    }
    filter.assignee_id = match query.assignee.as_deref() {
        None => None,
        Some("none") => Some(None),
        Some("me") => Some(Some(viewer.person_id)),
        Some(id) => Some(Some(id.parse().map_err(|_| {
            ServiceError::field("assignee", "must be an id, 'me' or 'none'")
        })?)),
    };
    if !viewer.is_staff() {
        match viewer.role {
            Role::Seller if viewer.order_scope.is_none() => {
                filter.visible_to_seller = Some(viewer.person_id)
            }
            _ => filter.requester_id = Some(viewer.person_id),
        }
        if let Some(order_id) = viewer.order_scope {
            filter.order_id = Some(order_id);
        }
    }
    Ok(filter)
}
