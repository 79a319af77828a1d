use base64::Engine;
use marketdesk_domain::access::Permission;
use marketdesk_domain::access::Viewer;
use marketdesk_domain::email::{Sender, reference_in_subject, sender_of};
use marketdesk_domain::i18n::Lang;
use marketdesk_domain::{Channel, EmailAddress, MINUTE_MS, Millis};
use marketdesk_messages::tr;
use marketdesk_store::inbound::{self, InboundMail, Received};
use marketdesk_store::outbox;
use marketdesk_store::people;
use marketdesk_store::tickets as store_tickets;
use serde::Serialize;
use utoipa::ToSchema;

use super::parse::{ParsedMail, parse};
use crate::kernel::attachments::AttachmentInput;
use crate::kernel::auth::system_viewer;
use crate::kernel::error::Recovery;
use crate::kernel::limits::AUTO_ANSWERS;
use crate::tickets::{
    EmailAddresses, EmailMeta, MessageInput, NewMessage, NewTicket, RequesterInput,
};
use crate::{Result, ServiceError, Services, now_ms};

/// How long a node holds a received message while reading it (a second or
/// so); after a crash another node takes it up once this runs out. A node
/// slower than this is caught by the Message-ID check, never a second ticket.
const LEASE_MS: Millis = MINUTE_MS / 2;

/// People in copy on one ticket, at most.
const MAX_COPIED: usize = 20;

/// Messages one node reads at once.
const READ_IN_PARALLEL: usize = 4;

/// The largest message accepted by default (25 MiB, as common providers).
pub const DEFAULT_MAX_MAIL_BYTES: usize = 25 * 1024 * 1024;

/// What one pass over the received mail did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct MailRun {
    pub processed: usize,
    pub failed: usize,
}

/// A received message held for a person to accept or delete.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SuspendedMail {
    pub id: i64,
    pub received_at: String,
    pub from: String,
    pub subject: String,
    /// `failed_authentication` or `spam`.
    pub reason: String,
}

/// A received message that could not be read, for the failed-mail list.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct FailedMail {
    pub id: i64,
    pub received_at: String,
    pub envelope_from: String,
    pub size_bytes: usize,
    pub attempts: i64,
    pub error: Option<String>,
}

impl Services {
    /// The desk's own addresses (settings and mailboxes): mail to any
    /// other is refused (550).
    pub fn desk_addresses(&self) -> Vec<String> {
        let mut out: Vec<String> = self
            .settings
            .mail_addresses
            .iter()
            .map(|a| a.to_lowercase())
            .chain(self.mailbox_addresses())
            .collect();
        if let Ok(from) = crate::outbound::mail::parse_from(&self.settings.mail_from) {
            out.push(from.email.to_string().to_lowercase());
        }
        out.sort();
        out.dedup();
        out
    }

    /// Whether mail for `address` is the desk's to take.
    pub fn accepts_recipient(&self, address: &str) -> bool {
        let address = address.trim().trim_matches(['<', '>']).to_lowercase();
        self.desk_addresses().contains(&address)
    }

    /// Whether SMTP client `client` may give another message now: counted
    /// per address (IPv6 per /64) across nodes; relays are not counted.
    /// `take` counts this message; without it, only looks.
    pub async fn mail_client_allowed(&self, client: std::net::IpAddr, take: bool) -> Result<bool> {
        if self.settings.mail_relays.contains(&client) {
            return Ok(true);
        }
        let limit = crate::kernel::limits::Limit {
            max: self.settings.max_mail_per_client_hour,
            ..crate::kernel::limits::MAIL_PER_CLIENT
        };
        let key = crate::kernel::limits::client_key(client);
        let outcome = if take {
            self.take_limit(limit, &key, Recovery::Wait).await
        } else {
            self.check_limits(&[(limit, &key)], Recovery::Wait).await
        };
        match outcome {
            Ok(()) => Ok(true),
            Err(ServiceError::RateLimited { .. }) => Ok(false),
            Err(err) => Err(err),
        }
    }

    /// Stores a received message exactly as it came, before anything reads
    /// it; once this returns, the message survives any crash.
    pub async fn receive_mail(&self, mail: &Received<'_>) -> Result<i64> {
        if mail.raw.len() > self.settings.max_mail_bytes {
            return Err(ServiceError::TooLarge(format!(
                "the message is larger than {} bytes",
                self.settings.max_mail_bytes
            )));
        }
        let mut tx = self.store.begin().await?;
        let id = inbound::insert(&mut tx, mail, now_ms()).await?;
        tx.commit().await?;
        self.mail_wake();
        Ok(id)
    }

    /// Reads the received mail that is due into tickets. Safe on every node
    /// at once: each message is leased to one.
    pub async fn process_mail(&self, now: Millis) -> Result<MailRun> {
        let due = {
            let mut tx = self.store.begin().await?;
            let due = inbound::lease_due(&mut tx, self.store.backend(), now, LEASE_MS, 20).await?;
            tx.commit().await?;
            due
        };
        // Messages are read a few at a time: parsing and triage use the
        // cores while another message's transaction holds the writer.
        let mut run = MailRun::default();
        let mut reading = tokio::task::JoinSet::new();
        let mut due = due.into_iter();
        loop {
            while reading.len() < READ_IN_PARALLEL {
                let Some(mail) = due.next() else { break };
                let services = self.clone();
                reading.spawn(async move {
                    let outcome = services.take_mail(&mail).await;
                    (mail, outcome)
                });
            }
            let Some(done) = reading.join_next().await else {
                break;
            };
            let (mail, outcome) = done.map_err(|e| {
                ServiceError::Unexpected(anyhow::anyhow!("reading a message stopped: {e}"))
            })?;
            match outcome {
                Ok((outcome, ticket)) => {
                    let mut tx = self.store.begin().await?;
                    inbound::mark_processed(&mut tx, mail.id, &outcome, ticket, now_ms()).await?;
                    tx.commit().await?;
                    run.processed += 1;
                }
                Err(err) => {
                    tracing::warn!(mail = mail.id, error = %err, "a received message could not be read");
                    let retry_at = now + crate::outbound::mail::retry_delay(mail.attempts);
                    let mut tx = self.store.begin().await?;
                    inbound::mark_failed(&mut tx, mail.id, &err.to_string(), retry_at).await?;
                    tx.commit().await?;
                    run.failed += 1;
                }
            }
        }
        Ok(run)
    }

    /// One message into the desk: a reply on its ticket, or a new ticket.
    /// Returns what became of it and the ticket. Running it again for the
    /// same message (after a crash) finds the message already there.
    async fn take_mail(&self, mail: &InboundMail) -> Result<(String, Option<i64>)> {
        let parsed = parse(&mail.raw, &mail.envelope_from);
        let sender = sender_of(&parsed.origin);
        let mut conn = self.store.reader().await?;
        if let Some((ticket, _)) =
            store_tickets::by_email_message_ids(&mut conn, std::slice::from_ref(&parsed.message_id))
                .await?
        {
            return Ok(("duplicate".into(), Some(ticket)));
        }
        if sender == Sender::Bounce {
            // A report about mail we sent: marked on the message it carried,
            // never a ticket of its own.
            drop(conn);
            return self.take_bounce(&parsed).await;
        }
        // Forged or flagged mail waits for a person, unless one accepted it.
        if let Some(suspicion) = parsed.suspicion
            && mail.outcome.as_deref() != Some("accepted")
        {
            return Ok((format!("suspended: {}", suspicion.code()), None));
        }
        let author = people::find_by_email(&mut conn, &parsed.from).await?;
        // On the ticket: its requester, or someone in copy on it.
        let on_ticket = async |conn: &mut marketdesk_store::Conn, ticket_id: i64| -> Result<bool> {
            let Some(person) = &author else {
                return Ok(false);
            };
            let Some(ticket) = store_tickets::get(conn, ticket_id).await? else {
                return Ok(false);
            };
            Ok(ticket.requester_id == person.id
                || store_tickets::copied(conn, ticket_id)
                    .await?
                    .iter()
                    .any(|(id, _)| *id == person.id))
        };
        let thread =
            match store_tickets::by_email_message_ids(&mut conn, &parsed.referenced).await? {
                Some((ticket, _)) => Some(ticket),
                None => match reference_in_subject(&parsed.subject) {
                    Some(reference) if on_ticket(&mut conn, reference.id()).await? => {
                        Some(reference.id())
                    }
                    _ => None,
                },
            };
        let thread = match thread {
            Some(ticket_id) if on_ticket(&mut conn, ticket_id).await? => Some(ticket_id),
            _ => None,
        };
        drop(conn);
        let attachments = self.attachments_of(&parsed);
        let lang = parsed
            .language
            .as_deref()
            .map(Lang::from_tag)
            .unwrap_or(Lang::En);
        let text = if parsed.text.trim().is_empty() {
            tr!(lang, "mail-no-text").to_string()
        } else {
            parsed.text.clone()
        };
        let email = EmailMeta {
            message_id: parsed.message_id.clone(),
            addresses: EmailAddresses {
                from: parsed.from.clone(),
                to: parsed.to.clone(),
                cc: parsed.cc.clone(),
            },
        };
        // A reply from someone on the ticket lands on it (a closed one
        // starts a follow-up, the usual rule); anyone else opens their own.
        if let (Some(ticket_id), Some(person)) = (thread, &author)
            && !person.role.is_staff()
        {
            let viewer = Viewer {
                person_id: person.id,
                role: person.role,
                scopes: person.role.default_scopes(),
                order_scope: None,
            };
            let view = self
                .add_message(
                    &viewer,
                    ticket_id,
                    NewMessage {
                        body: text,
                        html: parsed.html.clone(),
                        kind: None,
                        channel: Some(Channel::Email),
                        attachments,
                        status: None,
                        cc: None,
                        email: Some(email),
                    },
                )
                .await?;
            let landed = view.follow_up_ticket_id.unwrap_or(ticket_id);
            self.copy_in(landed, &parsed).await?;
            return Ok(("reply".into(), Some(landed)));
        }
        let subject = if parsed.subject.is_empty() {
            tr!(lang, "mail-no-subject").to_string()
        } else {
            parsed.subject.clone()
        };
        let created = self
            .create_ticket(
                &system_viewer(),
                NewTicket {
                    subject,
                    requester: Some(RequesterInput {
                        email: parsed.from.clone(),
                        name: parsed.from_name.clone(),
                        language: parsed.language.clone(),
                    }),
                    message: MessageInput {
                        body: text,
                        html: parsed.html.clone(),
                        attachments,
                        email: Some(email),
                    },
                    channel: Some(Channel::Email),
                    priority: None,
                    language: None,
                    tags: if sender == Sender::Machine {
                        vec!["automatic".into()]
                    } else {
                        vec![]
                    },
                    custom_fields: None,
                    order_numbers: vec![],
                    assignee_id: None,
                    team_id: None,
                    intent: None,
                },
            )
            .await?;
        let ticket_id = created.ticket.id;
        self.copy_in(ticket_id, &parsed).await?;
        if sender == Sender::Person && self.settings.acknowledge_email {
            self.acknowledge(ticket_id, &parsed).await?;
        }
        Ok(("ticket".into(), Some(ticket_id)))
    }

    /// Puts the other people the message was written to (To and Cc, not
    /// the desk, not its author) in copy on the ticket: they receive its
    /// replies, and their answers land on it.
    async fn copy_in(&self, ticket_id: i64, parsed: &ParsedMail) -> Result<()> {
        let desk = self.desk_addresses();
        let others: Vec<&String> = parsed
            .to
            .iter()
            .chain(&parsed.cc)
            .filter(|a| !desk.contains(a) && **a != parsed.from)
            .take(MAX_COPIED)
            .collect();
        if others.is_empty() {
            return Ok(());
        }
        let now = now_ms();
        let mut tx = self.store.begin().await?;
        let Some(ticket) = store_tickets::get(&mut tx, ticket_id).await? else {
            return Ok(());
        };
        let mut count = store_tickets::copied(&mut tx, ticket_id).await?.len();
        for address in others {
            if count >= MAX_COPIED {
                break;
            }
            let Ok(address) = EmailAddress::parse(address) else {
                continue;
            };
            let person =
                crate::tickets::person_for_address(&mut tx, &address, &ticket.language, now)
                    .await?;
            if person.id == ticket.requester_id || person.role.is_staff() {
                continue;
            }
            store_tickets::add_copied(&mut tx, ticket_id, person.id, now).await?;
            count += 1;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Marks the ticket message a delivery report is about as bounced.
    async fn take_bounce(&self, parsed: &ParsedMail) -> Result<(String, Option<i64>)> {
        let mut tx = self.store.begin().await?;
        let about = store_tickets::by_email_message_ids(&mut tx, &parsed.reported_ids).await?;
        let Some((ticket, message)) = about else {
            tx.rollback().await?;
            return Ok(("bounce: not ours".into(), None));
        };
        let reason = parsed
            .report_reason
            .clone()
            .unwrap_or_else(|| "the recipient's server returned it".into());
        outbox::mark_bounced(&mut tx, message, &reason).await?;
        tx.commit().await?;
        Ok(("bounce".into(), Some(ticket)))
    }

    /// The acknowledgement of a new ticket, at most a few an hour per
    /// address (an auto-responder on the other side stops there).
    async fn acknowledge(&self, ticket_id: i64, parsed: &ParsedMail) -> Result<()> {
        match self
            .take_limit(AUTO_ANSWERS, &parsed.from, Recovery::Wait)
            .await
        {
            Ok(()) => {}
            Err(ServiceError::RateLimited { .. }) => return Ok(()),
            Err(err) => return Err(err),
        }
        let mut tx = self.store.begin().await?;
        if let Some(ticket) = store_tickets::get(&mut tx, ticket_id).await? {
            crate::outbound::ticket_mail::mail_acknowledgement(
                &mut tx,
                &self.settings,
                &ticket,
                now_ms(),
            )
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// The message's parts as ticket attachments; one too large for the
    /// desk is left out (it stays in the stored raw message).
    fn attachments_of(&self, parsed: &ParsedMail) -> Vec<AttachmentInput> {
        parsed
            .attachments
            .iter()
            .filter(|part| {
                !part.bytes.is_empty() && part.bytes.len() <= self.settings.max_attachment_bytes
            })
            .map(|part| AttachmentInput {
                content_id: part.content_id.clone(),
                filename: part.filename.chars().take(200).collect(),
                content_type: part.content_type.chars().take(100).collect(),
                content_base64: base64::engine::general_purpose::STANDARD.encode(&part.bytes),
            })
            .collect()
    }

    /// Received messages that could not be read after every attempt (admins).
    pub async fn failed_mail(&self, viewer: &Viewer) -> Result<Vec<FailedMail>> {
        if !viewer.may(Permission::ManageMail) {
            return Err(ServiceError::forbidden("see failed mail"));
        }
        let mut conn = self.store.reader().await?;
        let rows = inbound::failed(&mut conn, 200).await?;
        Ok(rows
            .into_iter()
            .map(|m| FailedMail {
                id: m.id,
                received_at: crate::rfc3339(m.received_at),
                envelope_from: m.envelope_from,
                size_bytes: m.raw.len(),
                attempts: m.attempts,
                error: m.last_error,
            })
            .collect())
    }

    /// Mail held as forged or spam, for an agent to accept or delete.
    pub async fn suspended_mail(&self, viewer: &Viewer) -> Result<Vec<SuspendedMail>> {
        if !viewer.may(Permission::WorkTickets) {
            return Err(ServiceError::forbidden("see suspended mail"));
        }
        let mut conn = self.store.reader().await?;
        let rows = inbound::suspended(&mut conn, 200).await?;
        Ok(rows
            .into_iter()
            .map(|m| {
                let parsed = parse(&m.raw, &m.envelope_from);
                SuspendedMail {
                    id: m.id,
                    received_at: crate::rfc3339(m.received_at),
                    from: parsed.from,
                    subject: parsed.subject,
                    reason: m
                        .outcome
                        .as_deref()
                        .and_then(|o| o.strip_prefix("suspended: "))
                        .unwrap_or("suspended")
                        .to_string(),
                }
            })
            .collect())
    }

    /// An agent vouches for a held message: it is read into a ticket now.
    pub async fn accept_mail(&self, viewer: &Viewer, id: i64) -> Result<()> {
        self.decide_suspended(viewer, id, true).await
    }

    /// An agent deletes a held message (its bytes go).
    pub async fn discard_mail(&self, viewer: &Viewer, id: i64) -> Result<()> {
        self.decide_suspended(viewer, id, false).await
    }

    async fn decide_suspended(&self, viewer: &Viewer, id: i64, accept: bool) -> Result<()> {
        if !viewer.may(Permission::WorkTickets) {
            return Err(ServiceError::forbidden("decide on suspended mail"));
        }
        let mut tx = self.store.begin().await?;
        let done = if accept {
            inbound::accept(&mut tx, id).await?
        } else {
            inbound::discard(&mut tx, id).await?
        };
        if !done {
            return Err(ServiceError::NotFound("suspended mail"));
        }
        tx.commit().await?;
        if accept {
            self.mail_wake();
        }
        Ok(())
    }

    /// Puts failed messages (one, or all) back in the queue (admins).
    pub async fn retry_mail(&self, viewer: &Viewer, id: Option<i64>) -> Result<u64> {
        if !viewer.may(Permission::ManageMail) {
            return Err(ServiceError::forbidden("retry failed mail"));
        }
        let mut tx = self.store.begin().await?;
        let count = inbound::retry(&mut tx, id).await?;
        tx.commit().await?;
        self.mail_wake();
        Ok(count)
    }
}
