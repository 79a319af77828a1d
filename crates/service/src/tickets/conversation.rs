//! The conversation: replies and notes, the status rules a reply brings, and
//! the follow-up a customer's reply on a closed ticket opens.

use marketdesk_domain::access::Permission;
use marketdesk_domain::i18n::Lang;
use marketdesk_domain::ticket::CustomerReply;
use marketdesk_domain::{Channel, EmailAddress, MessageKind, Millis, TicketRef, TicketStatus};
use marketdesk_messages::tr;
use marketdesk_store::Conn;
use marketdesk_store::audit;
use marketdesk_store::people;
use marketdesk_store::tickets::{self as store, AttachmentRow, MessageRow, TicketRow};

use super::input::{Body, NewMessage, body};
use super::read::load_visible;
use super::update::{apply_status, entry, field_change};
use super::views::{AttachmentView, MessageView};
use crate::kernel::auth::actor_id;
use crate::kernel::identity::PersonSummary;
use crate::{Result, ServiceError, Services, Viewer, now_ms};

impl Services {
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
        // A seller's words reach a buyer: links reported as phishing or
        // off-platform payment are taken out first.
        let mut new = new;
        if viewer.role == marketdesk_domain::Role::Seller {
            let (body, masked) = self.without_reported_links(&new.body).await?;
            if masked {
                new.body = body;
                new.html = None;
            } else if let Some(html) = &new.html {
                let (html, masked) = self.without_reported_links(html).await?;
                if masked {
                    new.html = Some(html);
                }
            }
        }
        let kind = new.kind.unwrap_or(MessageKind::Public);
        if (kind == MessageKind::Note || new.status.is_some())
            && !viewer.may(Permission::WorkTickets)
        {
            return Err(ServiceError::forbidden(
                "write internal notes or set the status",
            ));
        }
        if new.cc.is_some() && !viewer.may(Permission::WorkTickets) {
            return Err(ServiceError::forbidden("choose who is in copy"));
        }
        let copied = new.cc.as_deref().map(copy_list).transpose()?;
        let mut content = body(
            &new.body,
            new.html.as_deref(),
            &new.attachments,
            self.settings.max_attachment_bytes,
        )?;
        content.email = new.email.clone();
        // Who may post here is known before any file is written.
        let held = {
            let mut conn = self.store.reader().await?;
            let t = load_visible(&mut conn, viewer, ticket_id).await?;
            if viewer.is_staff() && t.status.is_final() {
                return Err(ServiceError::TicketClosed(
                    TicketRef::from_id(t.id).to_string(),
                ));
            }
            t.assignee_id.is_some() && matches!(t.status, TicketStatus::New | TicketStatus::Open)
        };
        let staged = self.stage_attachments(&content.attachments).await?;
        let outcome = self
            .insert_reply(viewer, ticket_id, new, kind, (&content, copied.as_deref()))
            .await;
        staged.settle(&outcome).await;
        if let Ok(message) = &outcome {
            self.search_wake();
            // A message does not move the chat queue; taking a chat does.
            self.live_ticket(ticket_id, false);
            use marketdesk_domain::rules::Event;
            let event = if !viewer.is_staff() {
                Some(Event::CustomerReplied)
            } else if kind == MessageKind::Public {
                Some(Event::AgentReplied)
            } else {
                None
            };
            // A reply that opened a follow-up is that ticket's business.
            if let Some(event) = event
                && message.follow_up_ticket_id.is_none()
            {
                self.fire_triggers(ticket_id, &[event]).await;
            }
            if held {
                self.maybe_freed_up(ticket_id).await;
            }
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
        (content, copied): (&Body, Option<&[EmailAddress]>),
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
                if t.requester_id != viewer.person_id {
                    if t.first_response_at.is_none() {
                        t.first_response_at = Some(now);
                    }
                    // Answered: no reply waits any more.
                    t.awaiting_since = None;
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
        // A customer's reply after the first answer starts the next reply
        // clock (a follow-up is a new ticket: its first response counts).
        if !staff
            && kind == MessageKind::Public
            && follow_up.is_none()
            && t.first_response_at.is_some()
            && t.awaiting_since.is_none()
        {
            t.awaiting_since = Some(now);
        }
        if let Some(copied) = copied {
            set_copied(&mut tx, &t, copied, now).await?;
        }
        let (mut message, files) =
            insert_message(&mut tx, t.id, author, kind, channel, content, now).await?;
        if staff && kind == MessageKind::Public && t.requester_id != viewer.person_id {
            // Every public reply reaches the customer, by email when they are
            // not in the chat (see `ticket_mail`).
            message.email_addresses = crate::outbound::ticket_mail::mail_public_reply(
                &mut tx,
                &self.settings,
                &t,
                &message,
                now,
            )
            .await?;
        }
        if t.status == TicketStatus::Solved
            && audit_entries
                .iter()
                .any(|e| e.field.as_deref() == Some("status"))
        {
            crate::help::tell_outcome(&mut tx, &t, now).await?;
        }
        t.updated_at = now;
        self.save_ticket(&mut tx, &mut t).await?;
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
}

pub(crate) async fn insert_message(
    conn: &mut Conn,
    ticket_id: i64,
    author_id: Option<i64>,
    kind: MessageKind,
    channel: Channel,
    content: &Body,
    now: Millis,
) -> Result<(MessageRow, Vec<AttachmentRow>)> {
    let mut row = message_row(ticket_id, author_id, kind, channel, content, now);
    row.id = store::insert_message(conn, &row).await?;
    let files = insert_attachments(conn, row.id, attachment_rows(content, now)).await?;
    Ok((row, files))
}

/// The row of a message with `content` (its `id` not yet known).
pub(crate) fn message_row(
    ticket_id: i64,
    author_id: Option<i64>,
    kind: MessageKind,
    channel: Channel,
    content: &Body,
    now: Millis,
) -> MessageRow {
    MessageRow {
        id: 0,
        ticket_id,
        author_id,
        kind,
        channel,
        body_text: content.text.clone(),
        body_html: content.html.clone(),
        created_at: now,
        email_message_id: content.email.as_ref().map(|e| e.message_id.clone()),
        email_addresses: content
            .email
            .as_ref()
            .and_then(|e| serde_json::to_string(&e.addresses).ok()),
    }
}

/// The rows of `content`'s attachments (their message not yet known).
pub(crate) fn attachment_rows(content: &Body, now: Millis) -> Vec<AttachmentRow> {
    content
        .attachments
        .iter()
        .map(|a| AttachmentRow {
            id: 0,
            message_id: 0,
            filename: a.filename.clone(),
            content_type: a.content_type.clone(),
            size_bytes: a.bytes.len() as i64,
            sha256: a.sha256.clone(),
            created_at: now,
            content_id: a.content_id.clone(),
        })
        .collect()
}

/// Writes attachment rows of the message `message_id`, with their ids.
pub(crate) async fn insert_attachments(
    conn: &mut Conn,
    message_id: i64,
    mut files: Vec<AttachmentRow>,
) -> Result<Vec<AttachmentRow>> {
    for file in &mut files {
        file.message_id = message_id;
        file.id = store::insert_attachment(conn, file).await?;
    }
    Ok(files)
}

/// People in copy on one ticket, at most.
const MAX_COPIED: usize = 20;

/// Checks a copy list: addresses, each once, at most `MAX_COPIED`.
fn copy_list(list: &[String]) -> Result<Vec<EmailAddress>> {
    if list.len() > MAX_COPIED {
        return Err(ServiceError::field(
            "cc",
            format!("at most {MAX_COPIED} people in copy"),
        ));
    }
    let mut out: Vec<EmailAddress> = Vec::with_capacity(list.len());
    for address in list.iter().map(|a| a.trim()).filter(|a| !a.is_empty()) {
        let address = EmailAddress::parse(address)
            .map_err(|e| ServiceError::field("cc", format!("{address}: {e}")))?;
        if !out.contains(&address) {
            out.push(address);
        }
    }
    Ok(out)
}

/// Makes the ticket's copy list exactly `wanted` (people found by address,
/// or created as customers); the requester is never in copy of their own.
async fn set_copied(
    conn: &mut Conn,
    t: &TicketRow,
    wanted: &[EmailAddress],
    now: Millis,
) -> Result<()> {
    let mut keep = Vec::with_capacity(wanted.len());
    for address in wanted {
        let person = person_for_address(conn, address, &t.language, now)
            .await?
            .id;
        if person != t.requester_id {
            keep.push(person);
        }
    }
    for (person, _) in store::copied(conn, t.id).await? {
        if !keep.contains(&person) {
            store::remove_copied(conn, t.id, person).await?;
        }
    }
    for person in keep {
        store::add_copied(conn, t.id, person, now).await?;
    }
    Ok(())
}

/// The person with this address, created as a customer (named by the
/// address's local part) when there is none: someone put in copy.
pub(crate) async fn person_for_address(
    conn: &mut Conn,
    address: &EmailAddress,
    language: &str,
    now: Millis,
) -> Result<people::PersonRow> {
    if let Some(person) = people::find_by_email(conn, address.as_str()).await? {
        return Ok(person);
    }
    let id = people::insert(
        conn,
        &people::NewPerson {
            role: marketdesk_domain::Role::Customer,
            email: address.as_str(),
            name: address.as_str().split('@').next().unwrap_or("customer"),
            language,
            time_zone: "UTC",
            phone: None,
            password_hash: None,
            external_id: None,
            now,
        },
    )
    .await?;
    people::get(conn, id)
        .await?
        .ok_or(ServiceError::NotFound("person"))
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
        sla_clock_start: now,
        sla_paused_at: None,
        sla_policy: None,
        awaiting_since: None,
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

impl Services {
    /// Attaches an order's invoice to a ticket, as a reply or an internal note.
    pub async fn attach_invoice(
        &self,
        viewer: &Viewer,
        ticket_id: i64,
        order_ref: &str,
        public: bool,
    ) -> Result<MessageView> {
        use base64::Engine;
        if !viewer.may(Permission::WorkTickets) {
            return Err(ServiceError::forbidden("attach invoices"));
        }
        let pdf = self.invoice_pdf(viewer, order_ref).await?;
        let name: String = order_ref
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
            .collect();
        // Written in the ticket's language: the customer reads it.
        let lang = {
            let mut conn = self.store.reader().await?;
            store::get(&mut conn, ticket_id)
                .await?
                .map_or(Lang::En, |t| Lang::from_tag(&t.language))
        };
        let message = NewMessage {
            email: None,
            cc: None,
            body: tr!(lang, "care-invoice-attached", number = name),
            html: None,
            kind: Some(if public {
                MessageKind::Public
            } else {
                MessageKind::Note
            }),
            channel: None,
            attachments: vec![crate::kernel::attachments::AttachmentInput {
                content_id: None,
                filename: format!("invoice-{name}.pdf"),
                content_type: "application/pdf".into(),
                content_base64: base64::engine::general_purpose::STANDARD.encode(pdf),
            }],
            status: None,
        };
        self.add_message(viewer, ticket_id, message).await
    }
}
