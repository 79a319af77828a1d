//! When nobody can chat now, and after a chat (docs/CHAT.md): whether the
//! chat page offers the offline form (outside the hours, or nobody online),
//! the form's message as a ticket answered by email — and in this chat,
//! should the customer still be there — and the conversation's transcript
//! sent by email on request.

use std::net::IpAddr;

use serde::Deserialize;
use utoipa::ToSchema;

use marketdesk_domain::text::{required_line, required_text};
use marketdesk_domain::{Channel, EmailAddress};
use marketdesk_messages::tr;
use marketdesk_store::chat as store;
use marketdesk_store::{outbox, people};

use super::state::{customer_viewer, lang_of, set, state_str};
use crate::kernel::auth::system_viewer;
use crate::kernel::limits;
use crate::tickets::{MessageInput, NewMessage, NewTicket, RequesterInput};
use crate::{Recovery, Result, ServiceError, Services, now_ms};

/// The offline form of the chat page.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OfflineMessage {
    #[serde(default)]
    pub name: String,
    pub email: String,
    pub message: String,
}

impl Services {
    /// Whether a person can answer a chat now: people at work by the
    /// default hours and someone online.
    pub async fn chat_offline(&self) -> Result<bool> {
        if !self.business_hours.is_open(now_ms()) {
            return Ok(true);
        }
        Ok(!self.anyone_online().await?)
    }

    /// The offline form's message: a chat ticket for the email (or a line
    /// on the chat's ticket, when it has one), answered by email and in
    /// this chat. Answers what the chat says back.
    pub async fn leave_offline_message(
        &self,
        token: &str,
        form: OfflineMessage,
        client: Option<IpAddr>,
    ) -> Result<String> {
        let email = EmailAddress::parse(&form.email)?;
        let message = required_text("message", &form.message, 4000)?;
        let name = match form.name.trim() {
            "" => None,
            name => Some(required_line("name", name, 100)?),
        };
        let mut session = self.chat_session(token).await?;
        self.take_limit(limits::CHAT_LINES, &session.id.to_string(), Recovery::Wait)
            .await?;
        if let Some(client) = client {
            let key = limits::client_key(client);
            self.take_limit(limits::CHAT_STARTS, &key, Recovery::Wait)
                .await?;
        }
        let lang = lang_of(&session);
        let reference = match (session.ticket_id, session.person_id) {
            (Some(ticket), Some(person)) => {
                let viewer = customer_viewer(person, None);
                self.add_message(
                    &viewer,
                    ticket,
                    NewMessage {
                        body: message,
                        html: None,
                        kind: None,
                        channel: Some(Channel::Chat),
                        attachments: vec![],
                        status: None,
                        cc: None,
                        email: None,
                    },
                )
                .await?;
                marketdesk_domain::TicketRef::from_id(ticket).to_string()
            }
            _ => {
                let ticket = self
                    .create_ticket(
                        &system_viewer(),
                        NewTicket {
                            subject: tr!(lang, "chat-offline-subject").to_string(),
                            requester: Some(RequesterInput {
                                email: email.as_str().to_owned(),
                                name,
                                language: Some(session.language.clone()),
                            }),
                            message: MessageInput {
                                email: None,
                                body: message,
                                html: None,
                                attachments: vec![],
                            },
                            channel: Some(Channel::Chat),
                            priority: None,
                            language: Some(session.language.clone()),
                            tags: vec!["chat".into(), "offline".into()],
                            custom_fields: None,
                            order_numbers: vec![],
                            assignee_id: None,
                            team_id: None,
                            intent: None,
                        },
                    )
                    .await?;
                self.live_ticket(ticket.ticket.id, true);
                session.ticket_id = Some(ticket.ticket.id);
                session.person_id = Some(ticket.ticket.requester.id);
                // Everything after the form's message is relayed to the chat.
                let relayed = ticket.messages.last().map_or(0, |m| m.id);
                set(&mut session, "relayed", relayed);
                set(&mut session, "email", email.as_str());
                ticket.ticket.reference
            }
        };
        let answer = tr!(
            lang,
            "chat-offline-thanks",
            reference = reference,
            email = email.as_str().to_owned()
        )
        .to_string();
        let mut tx = self.store.begin().await?;
        store::add_message(&mut tx, session.id, "assistant", &answer, now_ms()).await?;
        store::save(&mut tx, &session, now_ms()).await?;
        tx.commit().await?;
        Ok(answer)
    }

    /// Sends the conversation so far by email: to `email`, else to the
    /// address the chat knows. Answers the address it went to.
    pub async fn email_chat_transcript(&self, token: &str, email: Option<&str>) -> Result<String> {
        let session = self.chat_session(token).await?;
        let known = match session.person_id {
            Some(person) => {
                let mut conn = self.store.reader().await?;
                people::get(&mut conn, person).await?.map(|p| p.email)
            }
            None => state_str(&session, "email").map(str::to_owned),
        };
        let address = match email.map(str::trim).filter(|e| !e.is_empty()) {
            Some(email) => EmailAddress::parse(email)?.as_str().to_owned(),
            None => known
                .filter(|e| EmailAddress::parse(e).is_ok())
                .ok_or_else(|| ServiceError::field("email", "the address to send it to"))?,
        };
        self.take_limit(
            limits::CHAT_TRANSCRIPTS,
            &session.id.to_string(),
            Recovery::Wait,
        )
        .await?;
        // The agent's latest lines first, then everything.
        let _ = self.chat_messages(token, 0).await?;
        let lang = lang_of(&session);
        let lines = {
            let mut conn = self.store.reader().await?;
            store::messages(&mut conn, session.id, 0).await?
        };
        let body = lines
            .iter()
            .map(|line| {
                let who = match line.sender.as_str() {
                    "customer" => tr!(lang, "chat-transcript-you"),
                    "agent" => tr!(lang, "chat-transcript-agent"),
                    _ => tr!(lang, "chat-transcript-assistant"),
                };
                format!("[{}] {who}: {}", time_of(line.created_at), line.body)
            })
            .collect::<Vec<_>>()
            .join("\n\n");
        let subject = tr!(
            lang,
            "chat-transcript-subject",
            shop = self.policy().shop.name.clone()
        )
        .to_string();
        let intro = tr!(lang, "chat-transcript-intro").to_string();
        let mut tx = self.store.begin().await?;
        outbox::enqueue(
            &mut tx,
            &address,
            &subject,
            &format!("{intro}\n\n{body}\n"),
            "chat_transcript",
            now_ms(),
        )
        .await?;
        tx.commit().await?;
        Ok(address)
    }
}

/// `2026-12-05 20:14 UTC` for a line's time.
fn time_of(at: marketdesk_domain::Millis) -> String {
    let text = crate::rfc3339(at);
    format!("{} UTC", text.get(..16).unwrap_or(&text).replace('T', " "))
}
