//! The agents' side of live chats (docs/CHAT.md): the chats waiting for a
//! person and an agent's own, accepting one within the agent's chat
//! capacity, the conversation's lines, replies; and for the customer,
//! who answers them and, while they wait, their place in the queue and an
//! expected wait from how long chats waited for a person lately.

use serde::Serialize;
use utoipa::ToSchema;

use marketdesk_domain::access::Permission;
use marketdesk_domain::routing::Capacity;
use marketdesk_domain::{Channel, MessageKind, TicketStatus};
use marketdesk_store::people;

use super::live::WaitingSnapshot;
use crate::kernel::auth::system_viewer;
use crate::operations::routing::agent_capacity;
use crate::tickets::{NewMessage, TicketQuery, TicketUpdate};
use crate::{Result, ServiceError, Services, Viewer, now_ms};

/// A chat in the console's lists.
#[derive(Debug, Clone, Serialize, ToSchema, PartialEq, Eq)]
pub struct ConsoleChat {
    pub ticket_id: i64,
    pub reference: String,
    pub customer: String,
    pub language: String,
    /// When it was handed to a person (RFC 3339).
    pub since: String,
    pub assignee: Option<String>,
}

/// A line of a conversation as the console shows it.
#[derive(Debug, Clone, Serialize, ToSchema, PartialEq, Eq)]
pub struct ConsoleLine {
    /// The ticket message's id: lines come in this order, each once.
    pub id: i64,
    /// `customer`, `agent` or `note` (for staff only).
    pub sender: String,
    pub author: String,
    pub body: String,
    pub at: String,
    /// Its files: (name, where to download them with the staff session).
    pub files: Vec<(String, String)>,
}

/// Where a customer's chat stands: who answers, or their place in the
/// queue and the expected wait.
#[derive(Debug, Clone, Default, Serialize, ToSchema, PartialEq, Eq)]
pub struct ChatStatus {
    /// The agent answering, once one took the chat.
    pub agent: Option<String>,
    /// 1 for the next chat to be taken, while waiting.
    pub position: Option<i64>,
    /// Expected minutes until a person answers, while waiting.
    pub wait_minutes: Option<i64>,
}

/// What accepting a chat came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Accepted {
    /// It is the agent's (now or already).
    Yours,
    /// Another agent took it first.
    TakenBy(String),
    /// The agent holds this many open chats, their capacity.
    AtCapacity(i64),
    /// Solved or closed meanwhile.
    Ended,
}

/// How many waiting chats the console and positions count at most.
const QUEUE_LIMIT: u32 = 100;
/// Waiting chats counted for positions at most (a later one is told this + 1).
const WAITING_COUNTED: i64 = 5000;
/// How long one read of the waiting chats answers positions.
const WAITING_FRESH: std::time::Duration = std::time::Duration::from_secs(5);
/// Minutes per chat ahead when no chat was answered in the last day.
const DEFAULT_CHAT_WAIT_MINUTES: i64 = 3;

impl Services {
    /// The chats waiting for a person (oldest first) and the viewer's own open ones.
    pub async fn console_chats(
        &self,
        viewer: &Viewer,
    ) -> Result<(Vec<ConsoleChat>, Vec<ConsoleChat>)> {
        if !viewer.may(Permission::WorkTickets) {
            return Err(ServiceError::forbidden("take chats"));
        }
        let list = |assignee: &str, status: &str| TicketQuery {
            status: Some(status.into()),
            channel: Some(Channel::Chat),
            assignee: Some(assignee.into()),
            limit: Some(QUEUE_LIMIT),
            ..Default::default()
        };
        let chat = |t: &crate::tickets::TicketView| ConsoleChat {
            ticket_id: t.id,
            reference: t.reference.clone(),
            customer: t.requester.name.clone(),
            language: t.language.clone(),
            since: t.created_at.clone(),
            assignee: t.assignee.as_ref().map(|a| a.name.clone()),
        };
        let mut waiting: Vec<ConsoleChat> = self
            .list_tickets(viewer, &list("none", "new,open"))
            .await?
            .items
            .iter()
            .map(chat)
            .collect();
        waiting.sort_by_key(|c| c.ticket_id);
        let mine = self
            .list_tickets(viewer, &list("me", "new,open,pending"))
            .await?
            .items
            .iter()
            .map(chat)
            .collect();
        Ok((waiting, mine))
    }

    /// The conversation's lines after `after` (a message id), for staff.
    pub async fn console_lines(
        &self,
        viewer: &Viewer,
        ticket_id: i64,
        after: i64,
    ) -> Result<Vec<ConsoleLine>> {
        if !viewer.may(Permission::WorkTickets) {
            return Err(ServiceError::forbidden("take chats"));
        }
        let detail = self.get_ticket(viewer, ticket_id).await?;
        let requester = detail.ticket.requester.id;
        Ok(detail
            .messages
            .into_iter()
            .filter(|m| m.id > after)
            .map(|m| {
                let sender = if m.kind == MessageKind::Note {
                    "note"
                } else if m.author.as_ref().is_some_and(|a| a.id == requester) {
                    "customer"
                } else {
                    "agent"
                };
                ConsoleLine {
                    id: m.id,
                    sender: sender.into(),
                    author: m.author.map(|a| a.name).unwrap_or_default(),
                    body: m.body_text,
                    at: m.created_at,
                    files: m
                        .attachments
                        .into_iter()
                        .map(|a| (a.filename, a.url))
                        .collect(),
                }
            })
            .collect())
    }

    /// Takes a waiting chat, within the agent's chat capacity; taking one's
    /// own again is fine.
    pub async fn accept_chat(&self, viewer: &Viewer, ticket_id: i64) -> Result<Accepted> {
        if !viewer.may(Permission::WorkTickets) {
            return Err(ServiceError::forbidden("take chats"));
        }
        let ticket = self.get_ticket(viewer, ticket_id).await?.ticket;
        if ticket.channel != Channel::Chat {
            return Err(ServiceError::field("ticket", "not a chat"));
        }
        match &ticket.assignee {
            Some(agent) if agent.id == viewer.person_id => return Ok(Accepted::Yours),
            Some(agent) => return Ok(Accepted::TakenBy(agent.name.clone())),
            None => {}
        }
        if !matches!(ticket.status, TicketStatus::New | TicketStatus::Open) {
            return Ok(Accepted::Ended);
        }
        let (held, capacity) = {
            let mut conn = self.store.reader().await?;
            let open = marketdesk_store::routing::open_load(&mut conn, &[viewer.person_id]).await?;
            let held: i64 = open
                .iter()
                .filter(|(_, channel, _)| {
                    Channel::parse(channel).map(Capacity::bucket).ok()
                        == Some(Capacity::bucket(Channel::Chat))
                })
                .map(|(_, _, n)| *n)
                .sum();
            let capacity =
                agent_capacity(&mut conn, viewer.person_id, &self.policy().routing.capacity)
                    .await?
                    .of(Channel::Chat);
            (held, i64::from(capacity))
        };
        if held >= capacity {
            return Ok(Accepted::AtCapacity(capacity));
        }
        let update = TicketUpdate {
            assignee_id: Some(Some(viewer.person_id)),
            status: Some(TicketStatus::Open),
            ..Default::default()
        };
        // Two agents accepting at once: the second sees the first's name.
        let backend = self.store.backend();
        {
            let mut tx = self.store.begin().await?;
            marketdesk_store::routing::lock_ticket(&mut tx, backend, ticket_id).await?;
            let current = marketdesk_store::tickets::get(&mut tx, ticket_id).await?;
            if let Some(other) = current.and_then(|t| t.assignee_id)
                && other != viewer.person_id
            {
                let name = people::get(&mut tx, other)
                    .await?
                    .map(|p| p.name)
                    .unwrap_or_default();
                return Ok(Accepted::TakenBy(name));
            }
            tx.commit().await?;
        }
        self.update_ticket(viewer, ticket_id, update).await?;
        Ok(Accepted::Yours)
    }

    /// An agent's line in a live chat: a public chat reply on its ticket,
    /// relayed to the customer's chat.
    pub async fn console_reply(&self, viewer: &Viewer, ticket_id: i64, text: &str) -> Result<()> {
        let text = marketdesk_domain::text::required_text("text", text, 4000)?;
        self.add_message(
            viewer,
            ticket_id,
            NewMessage {
                body: text,
                html: None,
                kind: Some(MessageKind::Public),
                channel: Some(Channel::Chat),
                attachments: vec![],
                status: None,
                cc: None,
                email: None,
            },
        )
        .await?;
        Ok(())
    }

    /// An agent types in a chat: the customer sees their name.
    pub async fn console_typing(&self, viewer: &Viewer, ticket_id: i64) -> Result<()> {
        if !viewer.may(Permission::WorkTickets) {
            return Err(ServiceError::forbidden("take chats"));
        }
        let name = {
            let mut conn = self.store.reader().await?;
            people::get(&mut conn, viewer.person_id)
                .await?
                .map(|p| p.name)
                .unwrap_or_default()
        };
        self.live_typing(ticket_id, false, &name);
        Ok(())
    }

    /// The ticket a customer's chat was handed over to, if it was.
    pub async fn chat_ticket(&self, token: &str) -> Result<Option<i64>> {
        Ok(self.chat_session(token).await?.ticket_id)
    }

    /// Where the customer's chat stands (after the hand-over).
    pub async fn chat_status(&self, token: &str) -> Result<ChatStatus> {
        let session = self.chat_session(token).await?;
        let Some(ticket_id) = session.ticket_id else {
            return Ok(ChatStatus::default());
        };
        let system = system_viewer();
        let ticket = self.get_ticket(&system, ticket_id).await?.ticket;
        if let Some(agent) = ticket.assignee {
            return Ok(ChatStatus {
                agent: Some(agent.name),
                ..Default::default()
            });
        }
        if !matches!(ticket.status, TicketStatus::New | TicketStatus::Open) {
            return Ok(ChatStatus::default());
        }
        let position = self.chat_position(ticket_id).await?;
        let per_chat = self
            .waiting_chats()
            .await?
            .recent_wait_ms
            .map(|ms| (ms + 59_999) / 60_000)
            .filter(|m| *m > 0)
            .unwrap_or(DEFAULT_CHAT_WAIT_MINUTES);
        Ok(ChatStatus {
            agent: None,
            position: Some(position),
            wait_minutes: Some((position * per_chat).clamp(1, 24 * 60)),
        })
    }

    /// The waiting chats, read once per move of the queue on this node
    /// (and at least every few seconds, for moves a lost `NOTIFY` hid).
    async fn waiting_chats(&self) -> Result<WaitingSnapshot> {
        let version = self.live.queue_version();
        if let Some(snapshot) = self.live.waiting_at(version, WAITING_FRESH) {
            return Ok(snapshot);
        }
        let mut conn = self.store.reader().await?;
        let tickets = marketdesk_store::chat::waiting_tickets(&mut conn, WAITING_COUNTED).await?;
        let recent_wait_ms =
            marketdesk_store::chat::average_wait_for_person(&mut conn, now_ms() - 24 * 3_600_000)
                .await?;
        let snapshot = WaitingSnapshot {
            version,
            read_at: std::time::Instant::now(),
            tickets: std::sync::Arc::new(tickets),
            recent_wait_ms,
        };
        self.live.remember_waiting(snapshot.clone());
        Ok(snapshot)
    }

    /// Waiting chats handed over before this one, plus one.
    pub(crate) async fn chat_position(&self, ticket_id: i64) -> Result<i64> {
        let waiting = self.waiting_chats().await?;
        Ok(waiting.tickets.iter().filter(|id| **id < ticket_id).count() as i64 + 1)
    }

    /// How many chats wait for a person now (the contact page).
    pub async fn chat_waiting(&self) -> Result<i64> {
        Ok(self.waiting_chats().await?.tickets.len() as i64)
    }
}
