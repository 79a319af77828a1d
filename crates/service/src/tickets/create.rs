//! Opening a ticket: the requester found or created, its orders linked, the
//! first message triaged by the assistant, routed, audited — in one
//! transaction.

use std::collections::HashMap;

use marketdesk_domain::access::Permission;
use marketdesk_domain::i18n::Lang;
use marketdesk_domain::text::{required_line, required_text};
use marketdesk_domain::{
    Channel, EmailAddress, LanguageTag, MessageKind, Millis, Priority, Role, TicketStatus,
};
use marketdesk_store::people::{self, NewPerson, PersonRow};
use marketdesk_store::tickets::{self as store, AttachmentRow, NewTicketRows, TicketRow};
use marketdesk_store::{Conn, Tx, commerce};
use serde_json::{Map, Value};

use super::conversation::{attachment_rows, insert_attachments, message_row};
use super::input::{Body, NewTicket, body, validate_custom_fields, validate_tags};
use super::read::view_with_clocks;
use super::update::{check_assignee, entry};
use super::views::{AttachmentView, MessageView, TicketDetail};
use crate::kernel::identity::PersonSummary;
use crate::{Result, ServiceError, Services, Viewer, now_ms};

/// Finds orders by number that the viewer may attach to a ticket.
pub(crate) async fn resolve_orders(
    conn: &mut Conn,
    viewer: &Viewer,
    numbers: &[String],
) -> Result<Vec<i64>> {
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

impl Services {
    /// Opens a ticket with its first message. The whole ticket is written in
    /// one transaction, or nothing is.
    pub async fn create_ticket(&self, viewer: &Viewer, new: NewTicket) -> Result<TicketDetail> {
        let checked = self.check_new_ticket(viewer, new)?;
        // Triage: what the first message is about, for routing and reports.
        let mut triage =
            marketdesk_assistant::analyze(&format!("{}\n{}", checked.subject, checked.first.text));
        if let Some(intent) = &checked.intent {
            triage.intent = intent.clone();
        }
        // The files are written only now that the request passed its checks;
        // whatever fails below (an order that is not theirs, the database)
        // removes them again.
        let staged = self.stage_attachments(&checked.first.attachments).await?;
        let outcome = self.write_batched(viewer, checked, triage).await;
        staged.settle(&outcome).await;
        let detail = outcome?;
        self.search_wake();
        let mut refreshed = false;
        if self.new_ticket_has_sla_policy(&detail).await {
            match self.refresh_sla_policy(detail.ticket.id).await {
                Ok(changed) => refreshed = changed,
                Err(err) => tracing::warn!(error = %err, "choosing the SLA policy failed"),
            }
        }
        // Operations' turn: the assistant's escalation (a legal threat, a
        // repeat contact, an angry customer), then routing to an agent. The
        // ticket stands whatever they meet.
        let first = detail
            .messages
            .first()
            .map(|m| m.body_text.as_str())
            .unwrap_or_default();
        let text = format!("{}\n{first}", detail.ticket.subject);
        let escalated = match self.escalate_on_arrival(&detail.ticket, &text).await {
            Ok(escalated) => escalated,
            Err(err) => {
                tracing::warn!(error = %err, "escalating a new ticket failed");
                false
            }
        };
        // Escalated, the ticket changed: its triggers read it again.
        let fired = if escalated {
            self.fire_triggers(
                detail.ticket.id,
                &[marketdesk_domain::rules::Event::Created],
            )
            .await
        } else {
            self.fire_created(&detail).await
        };
        let mut routed = false;
        if detail.ticket.assignee.is_none() {
            // What escalation or a trigger changed is read again.
            let decided = if escalated || fired {
                self.route_ticket(detail.ticket.id).await
            } else {
                self.route_new_ticket(&detail.ticket).await
            };
            match decided {
                Ok(decision) => routed = decision.is_some(),
                Err(err) => tracing::warn!(error = %err, "routing a new ticket failed"),
            }
        }
        if escalated || fired || routed || refreshed {
            return self.get_ticket(viewer, detail.ticket.id).await;
        }
        let mut detail = detail;
        crate::tickets::read::hide_triage(viewer, &mut detail.ticket);
        Ok(detail)
    }

    /// Every field of a new ticket checked, in the order errors are reported,
    /// before anything is written.
    fn check_new_ticket(&self, viewer: &Viewer, new: NewTicket) -> Result<CheckedTicket> {
        if !viewer.may(Permission::CreateTicket) {
            return Err(ServiceError::forbidden("open tickets"));
        }
        let subject = required_line("subject", &new.subject, 250)?;
        let mut first = body(
            &new.message.body,
            new.message.html.as_deref(),
            &new.message.attachments,
            self.settings.max_attachment_bytes,
        )?;
        first.email = new.message.email.clone();
        let tags = validate_tags(&new.tags)?;
        let custom_fields = new.custom_fields.unwrap_or_default();
        validate_custom_fields(&custom_fields, false)?;
        let language = new
            .language
            .as_deref()
            .map(LanguageTag::parse)
            .transpose()?;
        let requester = CheckedRequester {
            email: new
                .requester
                .as_ref()
                .map(|r| EmailAddress::parse(&r.email))
                .transpose()?,
            name: new
                .requester
                .as_ref()
                .and_then(|r| r.name.as_deref())
                .map(|n| required_line("requester.name", n, 200))
                .transpose()?,
            language: new
                .requester
                .as_ref()
                .and_then(|r| r.language.as_deref())
                .map(LanguageTag::parse)
                .transpose()?,
        };
        let intent = match new.intent {
            Some(intent) if marketdesk_assistant::INTENTS.contains(&intent.as_str()) => {
                Some(intent)
            }
            Some(_) => {
                return Err(ServiceError::field(
                    "intent",
                    "one of the assistant's intents (docs/ASSISTANT.md)",
                ));
            }
            None => None,
        };
        if !viewer.is_staff()
            && (new.assignee_id.is_some()
                || new.team_id.is_some()
                || new.priority.is_some()
                || intent.is_some()
                || !tags.is_empty())
        {
            return Err(ServiceError::forbidden(
                "set the assignee, team, priority or tags of a ticket",
            ));
        }
        Ok(CheckedTicket {
            subject,
            first,
            tags,
            custom_fields,
            language,
            requester,
            channel: new.channel,
            priority: new.priority,
            order_numbers: new.order_numbers,
            assignee_id: new.assignee_id,
            team_id: new.team_id,
            intent,
        })
    }

    /// The checked ticket written: requester, orders, routing, the first
    /// message and the audit entry, committed together.
    pub(super) async fn write_new_ticket(&self, creation: Creation<'_>) -> Result<TicketDetail> {
        let mut tx = self.store.begin().await?;
        let mut details = self
            .write_new_tickets(&mut tx, &[creation])
            .await
            .map_err(|failed| failed.error)?;
        tx.commit().await?;
        details
            .pop()
            .ok_or_else(|| ServiceError::Unexpected(anyhow::anyhow!("a new ticket went missing")))
    }

    /// The rows of new tickets written in `tx` (not committed): each ticket
    /// resolved in turn (requester, assignee, orders, routing; a failure
    /// names its ticket), then all of them with one statement per table.
    pub(super) async fn write_new_tickets(
        &self,
        tx: &mut Tx,
        creations: &[Creation<'_>],
    ) -> std::result::Result<Vec<TicketDetail>, BatchFailure> {
        let tx = &mut **tx;
        let now = now_ms();
        let whole = |error: ServiceError| BatchFailure {
            ticket: None,
            error,
        };
        let mut known = KnownPeople::of(tx, creations).await.map_err(whole)?;
        let mut rows = Vec::with_capacity(creations.len());
        let mut parts = Vec::with_capacity(creations.len());
        for (at, creation) in creations.iter().enumerate() {
            let resolved = resolve_new_ticket(tx, creation, &mut known, now)
                .await
                .map_err(|error| BatchFailure {
                    ticket: Some(at),
                    error,
                })?;
            rows.push(resolved.rows);
            parts.push(resolved.parts);
        }
        store::insert_new(tx, &mut rows)
            .await
            .map_err(|e| whole(e.into()))?;
        let sla = self.sla().await.map_err(whole)?;
        let mut details = Vec::with_capacity(rows.len());
        for (rows, mut part) in rows.into_iter().zip(parts) {
            for order_id in &part.order_ids {
                store::link_order(tx, rows.ticket.id, *order_id)
                    .await
                    .map_err(|e| whole(e.into()))?;
            }
            let files =
                insert_attachments(tx, rows.message.id, std::mem::take(&mut part.attachments))
                    .await
                    .map_err(whole)?;
            details.push(new_ticket_detail(rows, files, part, sla.rules()));
        }
        Ok(details)
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
            self.save_ticket(&mut tx, &mut t).await?;
            tx.commit().await?;
            done += 1;
        }
        Ok(done)
    }

    /// Triage from words that came later than the first message (a
    /// voicemail's transcription): the assistant's intent and sentiment.
    pub(crate) async fn triage_again(&self, ticket_id: i64, text: &str) -> Result<()> {
        let triage = marketdesk_assistant::analyze(text);
        let mut tx = self.store.begin().await?;
        let Some(mut t) = store::get(&mut tx, ticket_id).await? else {
            return Ok(());
        };
        t.intent = Some(triage.intent);
        t.sentiment = Some(sentiment_name(triage.sentiment));
        self.save_ticket(&mut tx, &mut t).await?;
        tx.commit().await?;
        Ok(())
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
}

/// The wire name of a sentiment (`negative`, `neutral`, `positive`).
pub(crate) fn sentiment_name(sentiment: marketdesk_assistant::Sentiment) -> String {
    serde_json::to_value(sentiment)
        .ok()
        .and_then(|v| v.as_str().map(String::from))
        .unwrap_or_else(|| "neutral".into())
}

/// A new ticket whose fields passed their checks.
pub(super) struct CheckedTicket {
    subject: String,
    first: Body,
    tags: Vec<String>,
    custom_fields: Map<String, Value>,
    language: Option<LanguageTag>,
    requester: CheckedRequester,
    channel: Option<Channel>,
    priority: Option<Priority>,
    order_numbers: Vec<String>,
    assignee_id: Option<i64>,
    team_id: Option<i64>,
    intent: Option<String>,
}

/// Who the ticket is for, as staff named them.
struct CheckedRequester {
    email: Option<EmailAddress>,
    name: Option<String>,
    language: Option<LanguageTag>,
}

/// One ticket to create: who asks, what they asked for, what the assistant
/// read in it.
#[derive(Clone, Copy)]
pub(super) struct Creation<'a> {
    pub(super) viewer: &'a Viewer,
    pub(super) checked: &'a CheckedTicket,
    pub(super) triage: &'a marketdesk_assistant::Prediction,
}

/// Why new tickets were not written: one ticket's own error (`ticket` is
/// its index), or an error of the batch as a whole.
pub(super) struct BatchFailure {
    pub(super) ticket: Option<usize>,
    pub(super) error: ServiceError,
}

/// The rows of a new ticket, resolved against the database, before any is
/// written.
struct ResolvedTicket {
    rows: NewTicketRows,
    parts: NewTicketParts,
}

/// The rest of a new ticket: written after its rows, and answered.
struct NewTicketParts {
    requester: PersonRow,
    assignee: Option<PersonRow>,
    order_ids: Vec<i64>,
    attachments: Vec<AttachmentRow>,
}

/// Requesters of a batch by address: those staff named, read with one
/// query, and those the batch creates, so that two tickets for one new
/// customer share the person.
struct KnownPeople(HashMap<String, PersonRow>);

impl KnownPeople {
    async fn of(tx: &mut Conn, creations: &[Creation<'_>]) -> Result<KnownPeople> {
        let mut emails: Vec<&str> = creations
            .iter()
            .filter(|c| c.viewer.is_staff())
            .filter_map(|c| c.checked.requester.email.as_ref().map(EmailAddress::as_str))
            .collect();
        emails.sort_unstable();
        emails.dedup();
        let found = people::find_by_emails(tx, &emails).await?;
        Ok(KnownPeople(
            found.into_iter().map(|p| (p.email.clone(), p)).collect(),
        ))
    }
}

/// A new ticket's requester, assignee, orders, language and routing, read
/// in `tx`, and its rows (ids not yet known).
async fn resolve_new_ticket(
    tx: &mut Conn,
    creation: &Creation<'_>,
    known: &mut KnownPeople,
    now: Millis,
) -> Result<ResolvedTicket> {
    let Creation {
        viewer,
        checked,
        triage,
    } = *creation;
    let requester = requester_of(tx, viewer, checked, known, now).await?;
    let assignee = check_assignee(tx, checked.assignee_id, checked.team_id).await?;
    let order_ids =
        orders_of_new_ticket(tx, viewer, &checked.order_numbers, triage, requester.id).await?;
    let channel = checked.channel.unwrap_or(if viewer.is_staff() {
        Channel::Api
    } else {
        Channel::Web
    });
    let language = ticket_language(checked.language.clone(), &checked.first.text, &requester);
    let mut row = TicketRow {
        id: 0,
        subject: checked.subject.clone(),
        requester_id: requester.id,
        channel,
        status: TicketStatus::New,
        priority: checked.priority.unwrap_or(Priority::Normal),
        assignee_id: checked.assignee_id,
        team_id: checked.team_id,
        language,
        custom_fields: Value::Object(checked.custom_fields.clone()),
        merged_into_id: None,
        follow_up_of_id: None,
        created_at: now,
        updated_at: now,
        first_response_at: None,
        solved_at: None,
        closed_at: None,
        intent: Some(triage.intent.clone()),
        sentiment: Some(sentiment_name(triage.sentiment)),
        sla_clock_start: now,
        sla_paused_at: None,
        sla_policy: None,
        awaiting_since: None,
    };
    let mut tags = checked.tags.clone();
    route_feedback(tx, &mut row, &mut tags, triage, &checked.first.text).await?;
    let message = message_row(
        0,
        Some(requester.id),
        MessageKind::Public,
        channel,
        &checked.first,
        now,
    );
    let mut created = entry(viewer, 0, "created", now);
    created.new_value = Some(format!(
        "status={} priority={} channel={}",
        row.status, row.priority, row.channel
    ));
    Ok(ResolvedTicket {
        rows: NewTicketRows {
            ticket: row,
            message,
            tags,
            created,
        },
        parts: NewTicketParts {
            requester,
            assignee,
            order_ids,
            attachments: attachment_rows(&checked.first, now),
        },
    })
}

/// Staff name the requester, found by email or created as a customer;
/// anyone else opens the ticket as themselves.
async fn requester_of(
    tx: &mut Conn,
    viewer: &Viewer,
    checked: &CheckedTicket,
    known: &mut KnownPeople,
    now: Millis,
) -> Result<PersonRow> {
    let wanted = &checked.requester;
    if !viewer.is_staff() {
        let me = people::get(tx, viewer.person_id)
            .await?
            .ok_or(ServiceError::Unauthenticated)?;
        if wanted
            .email
            .as_ref()
            .is_some_and(|e| e.as_str() != me.email)
        {
            return Err(ServiceError::forbidden("open tickets for someone else"));
        }
        return Ok(me);
    }
    let email = wanted.email.as_ref().ok_or_else(|| {
        ServiceError::field(
            "requester",
            "staff must say who the ticket is for (requester.email)",
        )
    })?;
    if let Some(found) = known.0.get(email.as_str()) {
        return Ok(found.clone());
    }
    let fallback = email
        .as_str()
        .split('@')
        .next()
        .unwrap_or("customer")
        .to_string();
    let name = wanted.name.clone().unwrap_or(fallback);
    let lang = wanted.language.clone().or(checked.language.clone());
    // Two tickets for the same new customer at once (two nodes, two
    // transactions of a batch writer): the second finds the first's person.
    let inserted = people::insert_unless_email_taken(
        tx,
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
    let found = match inserted {
        Some(id) => people::get(tx, id).await?,
        None => people::find_by_email(tx, email.as_str()).await?,
    }
    .ok_or(ServiceError::NotFound("requester"))?;
    known.0.insert(found.email.clone(), found.clone());
    Ok(found)
}

/// The orders a new ticket is about: those named, else the requester's own
/// order a number in the message names; exactly the one order of an
/// order-number sign-in.
async fn orders_of_new_ticket(
    tx: &mut Conn,
    viewer: &Viewer,
    numbers: &[String],
    triage: &marketdesk_assistant::Prediction,
    requester_id: i64,
) -> Result<Vec<i64>> {
    let mut order_ids = resolve_orders(tx, viewer, numbers).await?;
    if order_ids.is_empty() {
        // An order number in the message links the requester's own order.
        for entity in triage
            .entities
            .iter()
            .filter(|e| e.kind == marketdesk_assistant::EntityKind::OrderNumber)
        {
            if let Some(order) = commerce::find_order_by_number(tx, &entity.value).await?
                && order.customer_id == requester_id
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
    Ok(order_ids)
}

/// The language asked for, else the one the customer wrote in, else theirs.
fn ticket_language(asked: Option<LanguageTag>, text: &str, requester: &PersonRow) -> String {
    asked.map(|l| l.as_str().to_string()).unwrap_or_else(|| {
        let written = marketdesk_assistant::detect_language(text);
        match written {
            "en" | "es" | "zh" if Lang::from_tag(&requester.language).code() != written => {
                written.to_string()
            }
            _ => requester.language.clone(),
        }
    })
}

/// Complaints and suggestions go to the department they are about.
async fn route_feedback(
    tx: &mut Conn,
    row: &mut TicketRow,
    tags: &mut Vec<String>,
    triage: &marketdesk_assistant::Prediction,
    text: &str,
) -> Result<()> {
    if !matches!(triage.intent.as_str(), "complaint" | "suggestion") {
        return Ok(());
    }
    let department = crate::help::department_of(&format!("{}\n{}", row.subject, text));
    tags.push(triage.intent.clone());
    tags.push(format!("dept:{department}"));
    if let Value::Object(fields) = &mut row.custom_fields {
        fields.insert("department".into(), Value::from(department));
    }
    if row.team_id.is_none() {
        row.team_id = crate::help::team_for(tx, department).await?;
    }
    Ok(())
}

/// What creating a ticket answers: the ticket as written, with its clocks.
fn new_ticket_detail(
    rows: NewTicketRows,
    files: Vec<AttachmentRow>,
    part: NewTicketParts,
    sla: marketdesk_domain::sla::SlaRules<'_>,
) -> TicketDetail {
    let requester = PersonSummary::from(&part.requester);
    let ticket = view_with_clocks(
        &rows.ticket,
        requester.clone(),
        part.assignee.as_ref().map(PersonSummary::from),
        rows.tags,
        part.order_ids,
        sla,
    );
    let messages = vec![MessageView::new(
        &rows.message,
        Some(requester),
        files.iter().map(AttachmentView::from).collect(),
    )];
    TicketDetail {
        ticket,
        cc: Vec::new(),
        messages,
    }
}
