//! marketdesk's services: the domain rules applied to storage, with
//! authorization checked here, below every adapter.
//!
//! Each public method takes the [`Viewer`] acting and refuses what the domain's
//! access rules refuse; adapters (HTTP, pages, CLI) only translate.
//!
//! One folder per bounded context, each importing only from those before it
//! in this list: `kernel` (what every context stands on); `accounts`,
//! `help`, `commerce`, `outbound`, `reports`; `tickets`; `operations`
//! (routing, presence); `after_sales`; `chat`. A context's `mod.rs` re-exports its public types and answers.
//! New contexts (disputes, routing, automations, the forum) are new folders.

pub mod kernel;

pub mod accounts;
pub mod after_sales;
pub mod chat;
pub mod commerce;
pub mod disputes;
pub mod email;
pub mod help;
pub mod operations;
pub mod outbound;
pub mod phone;
pub mod reports;
pub mod tickets;
pub mod trust;

use std::path::PathBuf;
use std::time::{SystemTime, UNIX_EPOCH};

pub use kernel::error::{ErrorCode, NotAllowed, Recovery, RefusedBy, ServiceError};
pub use marketdesk_domain::access::Viewer;
use marketdesk_domain::policy::Policy;
use marketdesk_domain::ticket::AutoClosePolicy;
use marketdesk_domain::{HOUR_MS, Millis};
use marketdesk_store::Store;

pub type Result<T, E = ServiceError> = std::result::Result<T, E>;

pub const DEFAULT_MAIL_FROM: &str = "marketdesk <support@marketdesk.localhost>";

#[derive(Debug, Clone)]
pub struct Settings {
    pub data_dir: PathBuf,
    /// The address people reach this instance at, for links in emails.
    pub public_url: String,
    pub auto_close: AutoClosePolicy,
    pub staff_session_ttl: Millis,
    pub customer_session_ttl: Millis,
    pub magic_link_ttl: Millis,
    /// The largest attachment accepted, in bytes.
    pub max_attachment_bytes: usize,
    /// Where outgoing mail goes (`smtp://…`); without it mail stays queued.
    pub smtp_url: Option<String>,
    /// The sender of outgoing mail.
    pub mail_from: String,
    /// The shop's policies (limits, windows), checked at start.
    pub policy: Policy,
    /// Where order events are posted (the shop's platform); none: not sent.
    pub webhook_url: Option<String>,
    /// The HMAC-SHA256 key webhook signatures are made with.
    pub webhook_secret: String,
    /// How long an unfinished request holds its `Idempotency-Key`.
    pub idempotency_lease: Millis,
    /// The desk's mail addresses besides `mail_from`'s: mail to them is taken.
    pub mail_addresses: Vec<String>,
    /// The largest message the email channel accepts, in bytes.
    pub max_mail_bytes: usize,
    /// Answer a new email ticket with its reference.
    pub acknowledge_email: bool,
    /// Certificates (PEM) trusted besides the public roots, for mail
    /// servers with the shop's own certificate authority.
    pub mail_ca_file: Option<PathBuf>,
    /// Hosts that relay mail to the receiver (the shop's MX, a local
    /// Postfix): not counted against the per-client limit.
    pub mail_relays: Vec<std::net::IpAddr>,
    /// Messages one other client may give the SMTP receiver in an hour.
    pub max_mail_per_client_hour: i64,
    /// The shop's own wording of mail templates (`mail_templates`).
    pub mail_texts: std::sync::Arc<marketdesk_messages::Overrides>,
    /// Where attachment contents are kept (files, or the database).
    pub attachment_store: kernel::attachments::AttachmentStore,
    /// The telephony provider's (Twilio's) auth token: webhooks signed
    /// with it are the provider's; without it the voice webhook refuses.
    pub twilio_auth_token: Option<String>,
}

impl Settings {
    pub fn new(data_dir: PathBuf, public_url: String) -> Self {
        Settings {
            data_dir,
            public_url,
            auto_close: AutoClosePolicy::default(),
            staff_session_ttl: 12 * HOUR_MS,
            customer_session_ttl: 24 * HOUR_MS,
            magic_link_ttl: HOUR_MS / 2,
            max_attachment_bytes: 10 * 1024 * 1024,
            smtp_url: None,
            mail_from: DEFAULT_MAIL_FROM.to_string(),
            policy: Policy::default(),
            webhook_url: None,
            webhook_secret: String::new(),
            idempotency_lease: kernel::idempotency::DEFAULT_LEASE_MS,
            mail_addresses: Vec::new(),
            max_mail_bytes: email::DEFAULT_MAX_MAIL_BYTES,
            acknowledge_email: true,
            mail_ca_file: None,
            mail_relays: vec![
                std::net::Ipv4Addr::LOCALHOST.into(),
                std::net::Ipv6Addr::LOCALHOST.into(),
            ],
            max_mail_per_client_hour: kernel::limits::MAIL_PER_CLIENT.max,
            mail_texts: Default::default(),
            attachment_store: Default::default(),
            twilio_auth_token: None,
        }
    }
}

/// A snapshot of the node's work for operators (see `Services::operations`).
#[derive(Debug, Clone, Copy, Default)]
pub struct Operations {
    pub mail_pending: i64,
    pub mail_oldest_at: Option<Millis>,
    pub webhooks_pending: i64,
    pub webhooks_oldest_at: Option<Millis>,
    pub pools: marketdesk_store::PoolUse,
    /// When the search index last caught up (0: not yet).
    pub search_followed_at: Millis,
    /// New tickets committed together with others (group commit), and alone.
    pub tickets_committed_together: u64,
    pub tickets_committed_alone: u64,
}

/// Everything a request handler needs; cheap to clone.
#[derive(Debug, Clone)]
pub struct Services {
    /// Private: every read and write goes through a method that checks its
    /// rules. `raw_store` is the named way around them, for loaders and tests.
    store: Store,
    pub settings: std::sync::Arc<Settings>,
    /// The search index this node keeps, following the database.
    pub search: std::sync::Arc<help::SearchState>,
    /// Woken when this node stores received mail, so it is read at once.
    mail_arrived: std::sync::Arc<tokio::sync::Notify>,
    /// What this node fetches from IMAP mailboxes with.
    pub(crate) mailbox_watch: std::sync::Arc<email::MailboxWatch>,
    /// Bumped when a ticket or chat changes, here or (through PostgreSQL's
    /// LISTEN/NOTIFY) on another node: live pages wake on it.
    changes: std::sync::Arc<tokio::sync::watch::Sender<u64>>,
    /// The `NOTIFY` telling other nodes of changes: one in flight at most.
    change_notices: std::sync::Arc<kernel::change_notices::ChangeNotices>,
    /// Bearer credentials checked in the last seconds.
    pub(crate) credentials: std::sync::Arc<kernel::credential_cache::CredentialCache>,
    /// New tickets waiting to be committed together (group commit).
    pub(crate) create_queue: std::sync::Arc<tickets::CreateQueue>,
    /// The shop's business hours, checked and compiled once from the policy.
    business_hours: std::sync::Arc<marketdesk_domain::business_hours::Schedule>,
    /// The hours service-level clocks count, compiled once from the policy.
    pub(crate) clock_hours: std::sync::Arc<marketdesk_domain::sla::ClockHours>,
    /// This node's copy of the teams' own schedules.
    pub(crate) schedule_cache: std::sync::Arc<operations::ScheduleCache>,
    /// When each agent's activity was last written (presence).
    pub(crate) activity: std::sync::Arc<operations::ActivityMemory>,
    /// This node's copy of the enabled triggers and automations.
    pub(crate) rules_cache: std::sync::Arc<operations::RulesCache>,
    /// Whether any agent is online, for a second (asked per new ticket).
    pub(crate) online_memory: std::sync::Arc<operations::OnlineMemory>,
    /// This node's followers of live conversations and the chat queue.
    pub(crate) live: std::sync::Arc<chat::LiveHub>,
}

impl Services {
    pub fn new(store: Store, settings: Settings) -> Self {
        let business_hours = settings.policy.contact.schedule();
        let clock_hours =
            marketdesk_domain::sla::ClockHours::new(&settings.policy.sla, business_hours.clone());
        Services {
            business_hours: std::sync::Arc::new(business_hours),
            clock_hours: std::sync::Arc::new(clock_hours),
            schedule_cache: Default::default(),
            activity: Default::default(),
            rules_cache: Default::default(),
            online_memory: Default::default(),
            live: Default::default(),
            store,
            settings: std::sync::Arc::new(settings),
            search: Default::default(),
            mail_arrived: Default::default(),
            mailbox_watch: Default::default(),
            changes: std::sync::Arc::new(tokio::sync::watch::Sender::new(0)),
            change_notices: Default::default(),
            credentials: Default::default(),
            create_queue: Default::default(),
        }
    }

    /// After a committed change that may end or narrow a credential (a
    /// token revoked, a sign-out, an account disabled, frozen or given
    /// another role): no node serves it from its cache any more.
    pub(crate) fn credentials_changed(&self) {
        self.credentials.clear();
        if self.store.backend() == marketdesk_store::Backend::Postgres {
            let store = self.store.clone();
            tokio::spawn(async move {
                if let Err(err) = store.notify(marketdesk_store::CHANGE_CREDENTIALS).await {
                    tracing::warn!(error = %err, "NOTIFY of a credential change failed; other nodes forget it within seconds");
                }
            });
        }
    }

    /// Wakes when something live pages show has changed (a ticket, a chat),
    /// on this node or another.
    pub fn watch_changes(&self) -> tokio::sync::watch::Receiver<u64> {
        self.changes.subscribe()
    }

    /// After this node's own write of something live pages show: its pages
    /// wake at once, the other nodes' on their LISTEN connection.
    pub(crate) fn announce_change(&self) {
        self.changes.send_modify(|n| *n = n.wrapping_add(1));
        if self.store.backend() == marketdesk_store::Backend::Postgres
            && self.change_notices.wanted()
        {
            let store = self.store.clone();
            let notices = std::sync::Arc::clone(&self.change_notices);
            tokio::spawn(async move {
                loop {
                    if let Err(err) = store.notify_change().await {
                        tracing::debug!(error = %err, "NOTIFY of a change failed; other nodes poll");
                    }
                    if !notices.sent() {
                        break;
                    }
                }
            });
        }
    }

    /// Keeps this node's live pages awake to the other nodes' changes (a
    /// background task; returns at once on SQLite). Reconnects after errors.
    pub async fn follow_other_nodes(&self) {
        loop {
            let mut listener = match self.store.listen_changes().await {
                Ok(Some(listener)) => listener,
                Ok(None) => return,
                Err(err) => {
                    tracing::warn!(error = %err, "LISTEN for changes failed; retrying");
                    tokio::time::sleep(std::time::Duration::from_secs(2)).await;
                    continue;
                }
            };
            loop {
                match listener.recv().await {
                    Ok(note) if note.payload() == marketdesk_store::CHANGE_CREDENTIALS => {
                        self.credentials.clear();
                    }
                    Ok(note) if self.live_from_other_node(note.payload()) => {}
                    Ok(_) => self.changes.send_modify(|n| *n = n.wrapping_add(1)),
                    Err(err) => {
                        tracing::warn!(error = %err, "the LISTEN connection dropped; reconnecting");
                        break;
                    }
                }
            }
        }
    }
}

impl Services {
    /// The database without the service's rules — for data loaders (the demo
    /// shop) and tests that set up or inspect states; request paths use the
    /// methods, which check who may do what.
    pub fn raw_store(&self) -> &Store {
        &self.store
    }

    pub(crate) fn mail_wake(&self) {
        self.mail_arrived.notify_one();
    }

    /// Waits until this node stored received mail (for the mail worker).
    pub async fn mail_received(&self) {
        self.mail_arrived.notified().await;
    }

    /// Whether the database answers (the health check).
    pub async fn ping(&self) -> Result<()> {
        Ok(self.store.ping().await?)
    }

    /// What operators watch: the work queues' depth and age, the pools'
    /// use, and how far behind this node's search index is. Read for the
    /// metrics endpoint, whose token the adapter checks.
    pub async fn operations(&self) -> Result<Operations> {
        let mut conn = self.store.reader().await?;
        let mail = marketdesk_store::outbox::pending_summary(&mut conn).await?;
        let webhooks = marketdesk_store::webhooks::pending_summary(&mut conn).await?;
        drop(conn);
        Ok(Operations {
            mail_pending: mail.0,
            mail_oldest_at: mail.1,
            webhooks_pending: webhooks.0,
            webhooks_oldest_at: webhooks.1,
            pools: self.store.pool_use(),
            search_followed_at: self.search_followed_at(),
            tickets_committed_together: self.create_queue.written().0,
            tickets_committed_alone: self.create_queue.written().1,
        })
    }

    /// Hands SQLite's checkpoints to [`Services::checkpoint`] (see
    /// `Store::take_over_checkpoints`); nothing on PostgreSQL.
    pub async fn take_over_checkpoints(&self) -> Result<()> {
        Ok(self.store.take_over_checkpoints().await?)
    }

    /// Copies the write-ahead log into the database file; answers the pages
    /// the log held.
    pub async fn checkpoint(&self) -> Result<i64> {
        Ok(self.store.checkpoint().await?)
    }

    /// Closes the database connections (a CLI command's end, a server's stop).
    pub async fn close(&self) {
        self.store.close().await;
    }

    pub fn policy(&self) -> &Policy {
        &self.settings.policy
    }

    /// When people are at work (`[contact.business_hours]`), ready to compute with.
    pub fn business_hours(&self) -> &marketdesk_domain::business_hours::Schedule {
        &self.business_hours
    }

    /// The policy in force as `viewer` may read it: it is public (the policy
    /// pages show it to anyone, `GET /policy`), so everyone may.
    pub fn policy_for(&self, viewer: &Viewer) -> Result<&Policy> {
        let _ = viewer;
        Ok(&self.settings.policy)
    }

    /// The largest attachment accepted, in bytes.
    pub fn max_attachment_bytes(&self) -> usize {
        self.settings.max_attachment_bytes
    }
}

/// The current time in milliseconds since the epoch.
pub fn now_ms() -> Millis {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as Millis)
        .unwrap_or(0)
}

/// RFC 3339 in UTC, as every time in the API is written.
/// An amount for a sentence: "12.50 EUR".
pub(crate) fn money_text(minor: i64, currency: &str) -> String {
    match marketdesk_domain::Currency::parse(currency) {
        Ok(c) => format!(
            "{} {currency}",
            marketdesk_domain::Money::new(minor, c).decimal()
        ),
        Err(_) => format!("{minor} {currency}"),
    }
}

pub fn rfc3339(ms: Millis) -> String {
    let nanos = i128::from(ms) * 1_000_000;
    time::OffsetDateTime::from_unix_timestamp_nanos(nanos)
        .ok()
        .and_then(|t| {
            t.format(&time::format_description::well_known::Rfc3339)
                .ok()
        })
        .unwrap_or_default()
}
