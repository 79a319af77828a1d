//! Live chat's wake-ups (docs/CHAT.md): a conversation's sockets — the
//! customer's and the agents' with it open — wake when its ticket changes
//! or someone types, and the sockets that watch the queue (waiting
//! customers, agents' consoles) when a chat waits, is taken or ends. A
//! write wakes this node's sockets at once and, on PostgreSQL, the other
//! nodes' through `NOTIFY` (read back by `follow_other_nodes`). Nothing
//! polls: a socket sleeps until its conversation or the queue moves.

use std::collections::HashMap;
use std::sync::Mutex;

use tokio::sync::{broadcast, watch};

use crate::Services;

/// What happened to a conversation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LiveEvent {
    /// A message, an assignment, a status: read it again.
    Changed,
    /// Someone is typing: the customer, or an agent by name.
    Typing { customer: bool, name: String },
}

/// Conversations followed at most at once on a node (about 100 bytes
/// each); past it, new followers get no wake-ups and fall back to their
/// slow tick.
const MAX_TOPICS: usize = 200_000;

/// This node's followers of conversations and of the chat queue.
#[derive(Debug)]
pub struct LiveHub {
    topics: Mutex<HashMap<i64, broadcast::Sender<LiveEvent>>>,
    queue: watch::Sender<u64>,
    /// The waiting chats as last read, for the queue's version it was read
    /// at: thousands of waiting customers' sockets wake when the queue
    /// moves, and one read answers them all.
    waiting: Mutex<Option<WaitingSnapshot>>,
}

/// The waiting chats' tickets (oldest first) at one version of the queue.
#[derive(Debug, Clone)]
pub(crate) struct WaitingSnapshot {
    pub version: u64,
    pub read_at: std::time::Instant,
    pub tickets: std::sync::Arc<Vec<i64>>,
    /// Milliseconds chats waited for a person lately, on average.
    pub recent_wait_ms: Option<i64>,
}

impl Default for LiveHub {
    fn default() -> Self {
        LiveHub {
            topics: Mutex::default(),
            queue: watch::Sender::new(0),
            waiting: Mutex::default(),
        }
    }
}

impl LiveHub {
    /// Follows a conversation (its ticket).
    pub fn follow(&self, ticket_id: i64) -> broadcast::Receiver<LiveEvent> {
        let mut topics = self.topics.lock().unwrap_or_else(|p| p.into_inner());
        if topics.len() >= MAX_TOPICS {
            topics.retain(|_, sender| sender.receiver_count() > 0);
        }
        if let Some(sender) = topics.get(&ticket_id) {
            return sender.subscribe();
        }
        let (sender, receiver) = broadcast::channel(32);
        if topics.len() < MAX_TOPICS {
            topics.insert(ticket_id, sender);
        }
        receiver
    }

    /// Wakes the conversation's followers on this node.
    pub fn publish(&self, ticket_id: i64, event: LiveEvent) {
        let mut topics = self.topics.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(sender) = topics.get(&ticket_id)
            && sender.send(event).is_err()
        {
            // Nobody follows it any more.
            topics.remove(&ticket_id);
        }
    }

    /// Follows the chat queue: wakes when a chat waits, is taken or ends.
    pub fn follow_queue(&self) -> watch::Receiver<u64> {
        self.queue.subscribe()
    }

    /// The queue's version now.
    pub(crate) fn queue_version(&self) -> u64 {
        *self.queue.borrow()
    }

    /// The waiting chats read at `version`, if read in the last `fresh`.
    pub(crate) fn waiting_at(
        &self,
        version: u64,
        fresh: std::time::Duration,
    ) -> Option<WaitingSnapshot> {
        let waiting = self.waiting.lock().unwrap_or_else(|p| p.into_inner());
        waiting
            .as_ref()
            .filter(|w| w.version == version && w.read_at.elapsed() < fresh)
            .cloned()
    }

    pub(crate) fn remember_waiting(&self, snapshot: WaitingSnapshot) {
        *self.waiting.lock().unwrap_or_else(|p| p.into_inner()) = Some(snapshot);
    }

    pub fn queue_moved(&self) {
        self.queue.send_modify(|n| *n = n.wrapping_add(1));
    }

    /// Conversations followed now (for the metrics and the benchmark).
    pub fn followed(&self) -> usize {
        self.topics.lock().map(|t| t.len()).unwrap_or(0)
    }
}

/// The `NOTIFY` payloads of live events, read back on the other nodes.
const LIVE_PREFIX: &str = "live:";
const TYPING_PREFIX: &str = "typing:";
const QUEUE: &str = "queue";

/// A live event's payload on the changes channel, parsed: (ticket, event,
/// whether the queue moved too).
pub(crate) fn parse_payload(payload: &str) -> Option<(Option<i64>, Option<LiveEvent>, bool)> {
    if payload == QUEUE {
        return Some((None, None, true));
    }
    if let Some(rest) = payload.strip_prefix(LIVE_PREFIX) {
        let (id, chat) = rest.split_once(':')?;
        return Some((
            Some(id.parse().ok()?),
            Some(LiveEvent::Changed),
            chat == "1",
        ));
    }
    let rest = payload.strip_prefix(TYPING_PREFIX)?;
    let mut parts = rest.splitn(3, ':');
    let id = parts.next()?.parse().ok()?;
    let customer = parts.next()? == "c";
    let name = parts.next().unwrap_or_default().to_owned();
    Some((Some(id), Some(LiveEvent::Typing { customer, name }), false))
}

impl Services {
    /// Followers of conversations and of the chat queue, on this node.
    pub fn live(&self) -> &LiveHub {
        &self.live
    }

    /// After a committed change of a ticket: its conversation's followers
    /// wake here and on the other nodes; for a chat, the queue's too.
    pub(crate) fn live_ticket(&self, ticket_id: i64, chat: bool) {
        self.live.publish(ticket_id, LiveEvent::Changed);
        if chat {
            self.live.queue_moved();
        }
        self.tell_other_nodes(format!("{LIVE_PREFIX}{ticket_id}:{}", u8::from(chat)));
    }

    /// Someone types in a conversation (never stored).
    pub fn live_typing(&self, ticket_id: i64, customer: bool, name: &str) {
        let name: String = name.chars().filter(|c| *c != ':').take(60).collect();
        self.live.publish(
            ticket_id,
            LiveEvent::Typing {
                customer,
                name: name.clone(),
            },
        );
        let who = if customer { "c" } else { "a" };
        self.tell_other_nodes(format!("{TYPING_PREFIX}{ticket_id}:{who}:{name}"));
    }

    fn tell_other_nodes(&self, payload: String) {
        if self.store.backend() != marketdesk_store::Backend::Postgres {
            return;
        }
        let store = self.store.clone();
        tokio::spawn(async move {
            if let Err(err) = store.notify(&payload).await {
                tracing::debug!(error = %err, "NOTIFY of a live event failed; sockets fall back to their tick");
            }
        });
    }

    /// A live event another node announced: this node's followers wake.
    pub(crate) fn live_from_other_node(&self, payload: &str) -> bool {
        let Some((ticket, event, queue)) = parse_payload(payload) else {
            return false;
        };
        if let (Some(ticket), Some(event)) = (ticket, event) {
            self.live.publish(ticket, event);
        }
        if queue {
            self.live.queue_moved();
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn payloads_round_trip() {
        assert_eq!(
            parse_payload("live:42:1"),
            Some((Some(42), Some(LiveEvent::Changed), true))
        );
        assert_eq!(
            parse_payload("typing:7:a:Ana López"),
            Some((
                Some(7),
                Some(LiveEvent::Typing {
                    customer: false,
                    name: "Ana López".into()
                }),
                false
            ))
        );
        assert_eq!(parse_payload("queue"), Some((None, None, true)));
        assert_eq!(parse_payload(""), None);
        assert_eq!(parse_payload("live:x:1"), None);
    }

    #[tokio::test]
    async fn followers_wake_and_forgotten_topics_go() {
        let hub = LiveHub::default();
        let mut one = hub.follow(1);
        let mut other = hub.follow(2);
        hub.publish(1, LiveEvent::Changed);
        assert_eq!(one.recv().await.ok(), Some(LiveEvent::Changed));
        assert!(other.try_recv().is_err());
        drop(one);
        hub.publish(1, LiveEvent::Changed);
        assert_eq!(hub.followed(), 1);
        let mut queue = hub.follow_queue();
        hub.queue_moved();
        assert!(queue.changed().await.is_ok());
    }
}
