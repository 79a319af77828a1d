//! IMAP mailboxes: added by admins (the connection tested first), and
//! watched by whichever node holds each one — new messages are stored raw
//! (with their UID, in the same transaction that records progress) and then
//! marked read or moved, so each is taken once, across restarts and nodes.
//! IDLE where the server has it, a poll where it does not; a server that
//! fails is retried with backoff and its error shown on the mailbox.

use std::collections::HashSet;
use std::sync::Mutex;
use std::time::Duration;

use marketdesk_domain::access::{Permission, Viewer};
use marketdesk_domain::mailbox::{AfterFetch, ImapUrl, retry_after};
use marketdesk_domain::{EmailAddress, Millis};
use marketdesk_store::inbound::{self, Received};
use marketdesk_store::mailboxes::{self as store, MailboxRow, NewMailboxRow};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::imap::{self, Credentials, ImapError, Session, bounded, collect};
use crate::{Result, ServiceError, Services, now_ms};

/// How long a node holds a mailbox without renewing; a node that died lets
/// another take over after this.
const LEASE_MS: Millis = 45_000;
/// One IDLE (or, without IDLE, the pause between polls) before the node
/// renews its hold and looks again.
const WATCH_CYCLE: Duration = Duration::from_secs(20);
/// Mailboxes one node watches at once.
const WATCHED_PER_NODE: usize = 32;
/// Messages taken in one pass; more are taken on the next, at once.
const PASS_LIMIT: usize = 100;
/// The folder messages are moved to when none is named.
pub const DEFAULT_PROCESSED_FOLDER: &str = "Processed";

/// This node's share of the mailbox work.
#[derive(Debug)]
pub struct MailboxWatch {
    node: String,
    /// The mailboxes' addresses, for the SMTP receiver (refreshed every
    /// few seconds from the database).
    addresses: Mutex<Vec<String>>,
    changed: tokio::sync::Notify,
}

impl Default for MailboxWatch {
    fn default() -> Self {
        MailboxWatch {
            node: format!("{:016x}", rand::random::<u64>()),
            addresses: Mutex::new(Vec::new()),
            changed: tokio::sync::Notify::new(),
        }
    }
}

/// A mailbox to add.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewMailbox {
    /// The address customers write to; mail is fetched from it.
    pub address: String,
    /// `imap://user:password@host:993/INBOX` (TLS unless `?tls=starttls`
    /// or `?tls=none`). With `oauth`, no password.
    pub imap: String,
    /// `flag` (mark read, the default) or `move`.
    #[serde(default)]
    pub after_fetch: Option<String>,
    /// The folder for `move` (created when missing): `Processed` if none.
    #[serde(default)]
    pub processed_folder: Option<String>,
    /// Sign in with XOAUTH2 instead of a password.
    #[serde(default)]
    pub oauth: Option<OAuthSettings>,
    /// Test the connection before saving (default true).
    #[serde(default)]
    pub check: Option<bool>,
}

/// An OAuth client that turns a refresh token into access tokens.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct OAuthSettings {
    /// The provider's token endpoint, e.g.
    /// `https://login.microsoftonline.com/common/oauth2/v2.0/token`.
    pub token_url: String,
    pub client_id: String,
    #[serde(default)]
    pub client_secret: Option<String>,
    pub refresh_token: String,
}

/// A mailbox as admins see it: never its password or tokens.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MailboxView {
    pub id: i64,
    pub address: String,
    /// The IMAP URL with the password replaced by `***`.
    pub imap: String,
    pub folder: String,
    /// `password` or `xoauth2`.
    pub sign_in: String,
    /// `flag` or `move`.
    pub after_fetch: String,
    pub processed_folder: Option<String>,
    /// `new` (not reached yet), `ok` or `error`.
    pub status: String,
    pub error: Option<String>,
    /// Something taken note of without stopping (a message too large).
    pub warning: Option<String>,
    /// Failures in a row; the next try waits longer each time.
    pub failures: i64,
    pub next_attempt_at: Option<String>,
    pub last_checked_at: Option<String>,
    pub messages_taken: i64,
}

/// What testing a mailbox's connection found.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MailboxCheck {
    pub ok: bool,
    /// Messages in the folder, when it could be opened.
    pub messages: Option<u32>,
    pub error: Option<String>,
}

/// Where a watched mailbox is, kept by the node watching it.
struct Progress {
    id: i64,
    address: String,
    folder: String,
    after: AfterFetch,
    uid_validity: Option<i64>,
    last_uid: i64,
}

impl Services {
    /// Adds a mailbox to fetch from (admins). The connection is tested
    /// first unless `check` is false: a typo is refused, not stored.
    pub async fn add_mailbox(&self, viewer: &Viewer, input: NewMailbox) -> Result<MailboxView> {
        if !viewer.may(Permission::ManageMail) {
            return Err(ServiceError::forbidden("add mailboxes"));
        }
        let address = EmailAddress::parse(&input.address)?;
        if input.imap.len() > 2000 {
            return Err(field("imap", "is longer than 2000 characters".into()));
        }
        let url = ImapUrl::parse(&input.imap).map_err(|e| field("imap", e.to_string()))?;
        let after = match input.after_fetch.as_deref().unwrap_or("flag") {
            "flag" => AfterFetch::Flag,
            "move" => AfterFetch::Move(
                input
                    .processed_folder
                    .clone()
                    .filter(|f| !f.trim().is_empty())
                    .unwrap_or_else(|| DEFAULT_PROCESSED_FOLDER.into()),
            ),
            other => {
                return Err(field(
                    "after_fetch",
                    format!("must be flag or move, not {other}"),
                ));
            }
        };
        if let AfterFetch::Move(folder) = &after
            && (folder.chars().count() > 200 || folder.chars().any(char::is_control))
        {
            return Err(field("processed_folder", "is not a folder name".into()));
        }
        let oauth = match &input.oauth {
            Some(oauth) => {
                check_oauth(oauth)?;
                Some(serde_json::to_string(oauth).map_err(anyhow::Error::from)?)
            }
            None => {
                if url.password.is_none() {
                    return Err(field(
                        "imap",
                        "has no password (imap://user:password@host/INBOX), and no oauth is given"
                            .into(),
                    ));
                }
                None
            }
        };
        if input.check.unwrap_or(true) {
            let credentials = self
                .credentials(&url, oauth.as_deref(), None)
                .await
                .map_err(|e| field("imap", e.to_string()))?;
            self.probe(&url, &credentials)
                .await
                .map_err(|e| field("imap", e.to_string()))?;
        }
        let mut tx = self.store.begin().await?;
        let id = store::insert(
            &mut tx,
            &NewMailboxRow {
                address: address.as_str(),
                imap_url: &url.to_url(),
                after_fetch: after.code(),
                processed_folder: match &after {
                    AfterFetch::Move(folder) => Some(folder),
                    AfterFetch::Flag => None,
                },
                oauth: oauth.as_deref(),
            },
            now_ms(),
        )
        .await?
        .ok_or_else(|| {
            ServiceError::Conflict(format!("a mailbox for {} exists already", address.as_str()))
        })?;
        let row = store::get(&mut tx, id)
            .await?
            .ok_or(ServiceError::NotFound("mailbox"))?;
        audit_mailbox(&mut tx, viewer, id, "mailbox_added", &row.address).await?;
        tx.commit().await?;
        self.mailbox_watch.changed.notify_one();
        Ok(view(&row))
    }

    /// Every mailbox, with how fetching from it goes (admins).
    pub async fn mailboxes(&self, viewer: &Viewer) -> Result<Vec<MailboxView>> {
        if !viewer.may(Permission::ManageMail) {
            return Err(ServiceError::forbidden("see mailboxes"));
        }
        let mut conn = self.store.reader().await?;
        Ok(store::list(&mut conn).await?.iter().map(view).collect())
    }

    /// Stops fetching from a mailbox and forgets it (admins); the mail
    /// already taken stays.
    pub async fn delete_mailbox(&self, viewer: &Viewer, id: i64) -> Result<()> {
        if !viewer.may(Permission::ManageMail) {
            return Err(ServiceError::forbidden("delete mailboxes"));
        }
        let mut tx = self.store.begin().await?;
        let row = store::get(&mut tx, id)
            .await?
            .ok_or(ServiceError::NotFound("mailbox"))?;
        store::delete(&mut tx, id).await?;
        audit_mailbox(&mut tx, viewer, id, "mailbox_deleted", &row.address).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Connects to a saved mailbox now and says what the server said
    /// (admins); a mailbox waiting after failures is tried again at once.
    pub async fn check_mailbox(&self, viewer: &Viewer, id: i64) -> Result<MailboxCheck> {
        if !viewer.may(Permission::ManageMail) {
            return Err(ServiceError::forbidden("test mailboxes"));
        }
        let mut conn = self.store.reader().await?;
        let row = store::get(&mut conn, id)
            .await?
            .ok_or(ServiceError::NotFound("mailbox"))?;
        drop(conn);
        let outcome = match ImapUrl::parse(&row.imap_url) {
            Ok(url) => match self.credentials(&url, row.oauth.as_deref(), Some(id)).await {
                Ok(credentials) => self.probe(&url, &credentials).await,
                Err(err) => Err(err),
            },
            Err(err) => Err(ImapError::Other(err.to_string())),
        };
        let mut tx = self.store.begin().await?;
        let check = match outcome {
            Ok(messages) => {
                store::retry_now(&mut tx, id).await?;
                MailboxCheck {
                    ok: true,
                    messages: Some(messages),
                    error: None,
                }
            }
            Err(err) => MailboxCheck {
                ok: false,
                messages: None,
                error: Some(err.to_string()),
            },
        };
        tx.commit().await?;
        self.mailbox_watch.changed.notify_one();
        Ok(check)
    }

    /// The mailboxes' addresses, as last read.
    pub(crate) fn mailbox_addresses(&self) -> Vec<String> {
        self.mailbox_watch
            .addresses
            .lock()
            .map(|list| list.clone())
            .unwrap_or_default()
    }

    async fn refresh_mailbox_addresses(&self) -> Result<()> {
        let mut conn = self.store.reader().await?;
        let list: Vec<String> = store::addresses(&mut conn)
            .await?
            .into_iter()
            .map(|a| a.to_lowercase())
            .collect();
        if let Ok(mut addresses) = self.mailbox_watch.addresses.lock() {
            *addresses = list;
        }
        Ok(())
    }

    /// Watches the mailboxes this node can hold, until the task is
    /// dropped (its watchers with it). Every node runs one.
    pub async fn watch_mailboxes(&self) {
        let mut watching = tokio::task::JoinSet::new();
        let mut held: HashSet<i64> = HashSet::new();
        loop {
            while let Some(done) = watching.try_join_next() {
                if let Ok(id) = done {
                    held.remove(&id);
                }
            }
            if let Err(err) = self.refresh_mailbox_addresses().await {
                tracing::warn!(error = %err, "reading the mailboxes failed");
            }
            let room = WATCHED_PER_NODE.saturating_sub(held.len());
            if room > 0 {
                match self.lease_mailboxes(room).await {
                    Ok(rows) => {
                        for row in rows {
                            if held.insert(row.id) {
                                let services = self.clone();
                                watching.spawn(async move {
                                    let id = row.id;
                                    services.watch_mailbox(row).await;
                                    id
                                });
                            }
                        }
                    }
                    Err(err) => tracing::warn!(error = %err, "taking up mailboxes failed"),
                }
            }
            tokio::select! {
                _ = tokio::time::sleep(Duration::from_secs(5)) => {}
                _ = self.mailbox_watch.changed.notified() => {}
            }
        }
    }

    /// Lets go of every mailbox this node holds (a clean stop), so another
    /// node — or this one restarted — takes them up at once.
    pub async fn release_mailboxes(&self) -> Result<()> {
        let mut tx = self.store.begin().await?;
        store::release_all(&mut tx, &self.mailbox_watch.node).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn lease_mailboxes(&self, room: usize) -> Result<Vec<MailboxRow>> {
        let now = now_ms();
        let mut tx = self.store.begin().await?;
        let rows = store::lease(
            &mut tx,
            &self.mailbox_watch.node,
            now,
            now + LEASE_MS,
            i64::try_from(room).unwrap_or(1),
        )
        .await?;
        tx.commit().await?;
        Ok(rows)
    }

    /// One mailbox, while this node holds it: connect, take what is new,
    /// wait (IDLE or a pause), again. A failure is recorded and the mailbox
    /// let go until its next try.
    async fn watch_mailbox(&self, row: MailboxRow) {
        let id = row.id;
        if let Err(err) = self.watch_mailbox_until_error(row).await {
            tracing::warn!(mailbox = id, error = %err, "fetching from a mailbox failed");
            let result = async {
                let mut tx = self.store.begin().await?;
                let failures = self.mailbox_failures(&mut tx, id).await?;
                let now = now_ms();
                store::mark_failed(
                    &mut tx,
                    id,
                    &err.to_string(),
                    now + retry_after(failures),
                    now,
                )
                .await?;
                tx.commit().await?;
                Ok::<(), ServiceError>(())
            }
            .await;
            if let Err(err) = result {
                tracing::warn!(mailbox = id, error = %err, "recording a mailbox failure failed");
            }
        }
    }

    async fn mailbox_failures(&self, tx: &mut marketdesk_store::Tx, id: i64) -> Result<u32> {
        let row = store::get(tx, id).await?;
        Ok(row.map_or(0, |r| u32::try_from(r.failures + 1).unwrap_or(u32::MAX)))
    }

    async fn watch_mailbox_until_error(
        &self,
        row: MailboxRow,
    ) -> std::result::Result<(), ImapError> {
        let url = ImapUrl::parse(&row.imap_url).map_err(|e| ImapError::Other(e.to_string()))?;
        let credentials = self
            .credentials(&url, row.oauth.as_deref(), Some(row.id))
            .await?;
        let mut session =
            imap::open(&url, &credentials, self.settings.mail_ca_file.as_deref()).await?;
        let idle = bounded(session.capabilities()).await?.has_str("IDLE");
        let mut progress = Progress {
            id: row.id,
            address: row.address.clone(),
            folder: url.folder.clone(),
            after: match row.after_fetch.as_str() {
                "move" => AfterFetch::Move(
                    row.processed_folder
                        .clone()
                        .unwrap_or_else(|| DEFAULT_PROCESSED_FOLDER.into()),
                ),
                _ => AfterFetch::Flag,
            },
            uid_validity: row.uid_validity,
            last_uid: row.last_uid,
        };
        loop {
            let (warning, more) = self.take_new(&mut session, &mut progress).await?;
            let held = async {
                let mut tx = self.store.begin().await?;
                store::mark_checked(&mut tx, progress.id, warning.as_deref(), now_ms()).await?;
                let held = store::renew(
                    &mut tx,
                    progress.id,
                    &self.mailbox_watch.node,
                    now_ms() + LEASE_MS,
                )
                .await?;
                tx.commit().await?;
                Ok::<bool, ServiceError>(held)
            }
            .await
            .map_err(|e| ImapError::Other(e.to_string()))?;
            if !held {
                // Deleted, or another node has it now.
                let _ = bounded(session.logout()).await;
                return Ok(());
            }
            if more {
                continue;
            }
            session = if idle {
                wait_idle(session).await?
            } else {
                tokio::time::sleep(WATCH_CYCLE).await;
                bounded(session.noop()).await?;
                session
            };
        }
    }

    /// Takes the messages that arrived since the last pass. Returns a
    /// warning to show (messages left behind) and whether more are waiting.
    async fn take_new(
        &self,
        session: &mut Session,
        progress: &mut Progress,
    ) -> std::result::Result<(Option<String>, bool), ImapError> {
        let folder = progress.folder.clone();
        let selected = bounded(session.select(&folder))
            .await
            .map_err(|e| ImapError::NoFolder(folder.clone(), e.to_string()))?;
        let validity = selected.uid_validity.map(i64::from);
        let first_pass = progress.uid_validity.is_none();
        if validity != progress.uid_validity {
            if let Some(validity) = validity {
                self.mailbox_step(
                    |tx, id| Box::pin(store::reset_uids(tx, id, validity)),
                    progress.id,
                )
                .await?;
            }
            progress.uid_validity = validity;
            progress.last_uid = 0;
        }
        // The first time (and after the folder was recreated) only unread
        // messages are taken: a mailbox added with years of read mail does
        // not turn them all into tickets. After that, every new UID.
        let query = if progress.last_uid == 0 {
            "UNSEEN".to_string()
        } else {
            format!("UID {}:*", progress.last_uid + 1)
        };
        let mut uids: Vec<u32> = bounded(session.uid_search(&query))
            .await?
            .into_iter()
            .filter(|uid| i64::from(*uid) > progress.last_uid)
            .collect();
        uids.sort_unstable();
        let more = uids.len() > PASS_LIMIT;
        uids.truncate(PASS_LIMIT);
        let mut warning = None;
        let mut taken = Vec::new();
        if !uids.is_empty() {
            let set = uid_set(&uids);
            let sizes: Vec<(u32, u32)> =
                collect(bounded(session.uid_fetch(&set, "RFC822.SIZE")).await?)
                    .await?
                    .iter()
                    .filter_map(|f| Some((f.uid?, f.size?)))
                    .collect();
            for uid in &uids {
                let size = sizes.iter().find(|(u, _)| u == uid).map(|(_, s)| *s);
                let too_large = size.is_some_and(|s| s as usize > self.settings.max_mail_bytes);
                if too_large {
                    warning = Some(format!(
                        "message UID {uid} ({} bytes) is larger than max_mail_bytes; it was left in the mailbox",
                        size.unwrap_or(0)
                    ));
                    self.mailbox_step(
                        |tx, id| Box::pin(store::advance(tx, id, i64::from(*uid), false)),
                        progress.id,
                    )
                    .await?;
                    continue;
                }
                let fetched =
                    collect(bounded(session.uid_fetch(uid.to_string(), "BODY.PEEK[]")).await?)
                        .await?;
                let raw = fetched
                    .iter()
                    .find(|f| f.uid == Some(*uid))
                    .and_then(|f| f.body())
                    .map(<[u8]>::to_vec);
                let stored = match raw {
                    Some(raw) => self.store_fetched(progress, *uid, &raw).await?,
                    // Gone meanwhile (deleted by someone else): nothing to take.
                    None => {
                        self.mailbox_step(
                            |tx, id| Box::pin(store::advance(tx, id, i64::from(*uid), false)),
                            progress.id,
                        )
                        .await?;
                        false
                    }
                };
                progress.last_uid = progress.last_uid.max(i64::from(*uid));
                if stored {
                    taken.push(*uid);
                }
            }
        }
        if !taken.is_empty() {
            self.mark_taken(session, &progress.after, &taken).await?;
            self.mail_wake();
        }
        if first_pass && !more {
            // Read mail older than this stays where it is.
            if let Some(next) = selected.uid_next {
                let before_next = i64::from(next) - 1;
                if before_next > progress.last_uid {
                    self.mailbox_step(
                        |tx, id| Box::pin(store::advance(tx, id, before_next, false)),
                        progress.id,
                    )
                    .await?;
                    progress.last_uid = before_next;
                }
            }
        }
        Ok((warning, more))
    }

    /// Stores one fetched message and records its UID as taken, together.
    async fn store_fetched(
        &self,
        progress: &Progress,
        uid: u32,
        raw: &[u8],
    ) -> std::result::Result<bool, ImapError> {
        let key = format!("{}:{uid}", progress.uid_validity.unwrap_or(0));
        let source = format!("imap:{}", progress.address);
        let to = [progress.address.clone()];
        let sender = super::parse::envelope_sender(raw);
        let result = async {
            let mut tx = self.store.begin().await?;
            let stored = inbound::insert_fetched(
                &mut tx,
                &Received {
                    source: &source,
                    envelope_from: &sender,
                    envelope_to: &to,
                    raw,
                },
                progress.id,
                &key,
                now_ms(),
            )
            .await?;
            store::advance(&mut tx, progress.id, i64::from(uid), stored.is_some()).await?;
            tx.commit().await?;
            Ok::<bool, ServiceError>(stored.is_some())
        }
        .await;
        result.map_err(|e| ImapError::Other(e.to_string()))
    }

    /// Marks taken messages read, or moves them to the processed folder.
    async fn mark_taken(
        &self,
        session: &mut Session,
        after: &AfterFetch,
        uids: &[u32],
    ) -> std::result::Result<(), ImapError> {
        let set = uid_set(uids);
        match after {
            AfterFetch::Flag => {
                collect(bounded(session.uid_store(&set, "+FLAGS.SILENT (\\Seen)")).await?).await?;
            }
            AfterFetch::Move(folder) => {
                // Created when missing; "already exists" is the usual answer.
                let _ = bounded(session.create(folder)).await;
                let capabilities = bounded(session.capabilities()).await?;
                if capabilities.has_str("MOVE") {
                    bounded(session.uid_mv(&set, folder)).await?;
                } else {
                    bounded(session.uid_copy(&set, folder)).await?;
                    collect(
                        bounded(session.uid_store(&set, "+FLAGS.SILENT (\\Seen \\Deleted)"))
                            .await?,
                    )
                    .await?;
                    if capabilities.has_str("UIDPLUS") {
                        collect(bounded(session.uid_expunge(&set)).await?).await?;
                    } else {
                        collect(bounded(session.expunge()).await?).await?;
                    }
                }
            }
        }
        Ok(())
    }

    /// One small write about a mailbox's progress, in its own transaction.
    async fn mailbox_step(
        &self,
        step: impl for<'t> FnOnce(
            &'t mut marketdesk_store::Tx,
            i64,
        ) -> std::pin::Pin<
            Box<dyn Future<Output = marketdesk_store::Result<()>> + Send + 't>,
        >,
        id: i64,
    ) -> std::result::Result<(), ImapError> {
        let result = async {
            let mut tx = self.store.begin().await?;
            step(&mut tx, id).await?;
            tx.commit().await?;
            Ok::<(), ServiceError>(())
        }
        .await;
        result.map_err(|e| ImapError::Other(e.to_string()))
    }

    /// Connects, opens the folder, signs out: the number of messages.
    async fn probe(
        &self,
        url: &ImapUrl,
        credentials: &Credentials,
    ) -> std::result::Result<u32, ImapError> {
        let mut session =
            imap::open(url, credentials, self.settings.mail_ca_file.as_deref()).await?;
        let selected = bounded(session.examine(&url.folder))
            .await
            .map_err(|e| ImapError::NoFolder(url.folder.clone(), e.to_string()))?;
        let _ = bounded(session.logout()).await;
        Ok(selected.exists)
    }

    /// The password in the URL, or a fresh OAuth access token (a rotated
    /// refresh token is kept for next time).
    async fn credentials(
        &self,
        url: &ImapUrl,
        oauth: Option<&str>,
        mailbox: Option<i64>,
    ) -> std::result::Result<Credentials, ImapError> {
        let Some(oauth) = oauth else {
            return Ok(Credentials::Password(
                url.password.clone().unwrap_or_default(),
            ));
        };
        let mut settings: OAuthSettings = serde_json::from_str(oauth).map_err(|e| {
            ImapError::Other(format!("the stored OAuth settings are unreadable: {e}"))
        })?;
        let token = fetch_access_token(&settings).await?;
        if let (Some(rotated), Some(id)) = (token.refresh_token, mailbox)
            && rotated != settings.refresh_token
        {
            settings.refresh_token = rotated;
            if let Ok(json) = serde_json::to_string(&settings) {
                self.mailbox_step(
                    |tx, id| Box::pin(async move { store::set_oauth(tx, id, &json).await }),
                    id,
                )
                .await?;
            }
        }
        Ok(Credentials::Bearer(token.access_token))
    }
}

/// One IDLE: returns when the server reports a change or the cycle ends.
async fn wait_idle(session: Session) -> std::result::Result<Session, ImapError> {
    let mut idle = session.idle();
    bounded(idle.init()).await?;
    let (wait, stop) = idle.wait_with_timeout(WATCH_CYCLE);
    let outcome = wait.await;
    drop(stop);
    outcome?;
    bounded(idle.done()).await
}

#[derive(Deserialize)]
struct TokenResponse {
    access_token: String,
    #[serde(default)]
    refresh_token: Option<String>,
}

/// The OAuth 2.0 refresh-token grant (RFC 6749 §6) at the provider.
async fn fetch_access_token(
    oauth: &OAuthSettings,
) -> std::result::Result<TokenResponse, ImapError> {
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(20))
        .build()
        .map_err(|e| ImapError::Other(e.to_string()))?;
    let mut form = vec![
        ("grant_type", "refresh_token"),
        ("refresh_token", oauth.refresh_token.as_str()),
        ("client_id", oauth.client_id.as_str()),
    ];
    if let Some(secret) = &oauth.client_secret {
        form.push(("client_secret", secret));
    }
    let response = client
        .post(&oauth.token_url)
        .form(&form)
        .send()
        .await
        .map_err(|e| ImapError::SignIn(format!("the token endpoint could not be reached: {e}")))?;
    let status = response.status();
    let body = response
        .bytes()
        .await
        .map_err(|e| ImapError::SignIn(format!("the token endpoint's answer was cut: {e}")))?;
    if !status.is_success() {
        let text: String = String::from_utf8_lossy(&body).chars().take(300).collect();
        return Err(ImapError::SignIn(format!(
            "the token endpoint refused the refresh token ({status}): {text}"
        )));
    }
    serde_json::from_slice(&body).map_err(|e| {
        ImapError::SignIn(format!(
            "the token endpoint's answer has no access_token: {e}"
        ))
    })
}

fn check_oauth(oauth: &OAuthSettings) -> Result<()> {
    let url = &oauth.token_url;
    if !(url.starts_with("https://")
        || url.starts_with("http://127.0.0.1")
        || url.starts_with("http://localhost"))
        || url.len() > 500
    {
        return Err(field(
            "oauth.token_url",
            "must be an https:// URL (http only on this machine)".into(),
        ));
    }
    if oauth.client_id.is_empty() || oauth.client_id.len() > 500 {
        return Err(field("oauth.client_id", "is required".into()));
    }
    if oauth.refresh_token.is_empty() || oauth.refresh_token.len() > 4000 {
        return Err(field("oauth.refresh_token", "is required".into()));
    }
    Ok(())
}

async fn audit_mailbox(
    tx: &mut marketdesk_store::Tx,
    viewer: &Viewer,
    id: i64,
    action: &str,
    address: &str,
) -> Result<()> {
    marketdesk_store::audit::record(
        tx,
        &marketdesk_store::audit::AuditEntry {
            id: 0,
            subject_type: "mailbox".into(),
            subject_id: id,
            ticket_id: None,
            actor_id: crate::kernel::auth::actor_id(viewer),
            action: action.into(),
            field: Some("address".into()),
            old_value: None,
            new_value: Some(address.into()),
            created_at: now_ms(),
        },
    )
    .await?;
    Ok(())
}

fn field(name: &'static str, message: String) -> ServiceError {
    ServiceError::InvalidField {
        field: name,
        message,
    }
}

/// `1,3,5` — short enough for a pass of `PASS_LIMIT` UIDs.
fn uid_set(uids: &[u32]) -> String {
    uids.iter()
        .map(u32::to_string)
        .collect::<Vec<_>>()
        .join(",")
}

fn view(row: &MailboxRow) -> MailboxView {
    let url = ImapUrl::parse(&row.imap_url).ok();
    MailboxView {
        id: row.id,
        address: row.address.clone(),
        imap: url.as_ref().map(ImapUrl::redacted).unwrap_or_default(),
        folder: url.map(|u| u.folder).unwrap_or_default(),
        sign_in: if row.oauth.is_some() {
            "xoauth2"
        } else {
            "password"
        }
        .into(),
        after_fetch: row.after_fetch.clone(),
        processed_folder: row.processed_folder.clone(),
        status: row.status.clone(),
        error: row.last_error.clone(),
        warning: row.warning.clone(),
        failures: row.failures,
        next_attempt_at: (row.status == "error").then(|| crate::rfc3339(row.next_attempt_at)),
        last_checked_at: row.last_checked_at.map(crate::rfc3339),
        messages_taken: row.messages_taken,
    }
}
