//! Starting the service: open and migrate the database, seed the demo,
//! provision the admin token, bind, run background jobs, serve.

use std::net::SocketAddr;
use std::time::Duration;

use anyhow::Context;
use marketdesk_demo::DemoSummary;
use marketdesk_domain::ticket::AutoClosePolicy;
use marketdesk_http::{Application, HttpSettings};
use marketdesk_service::kernel::attachments::AttachmentStore;
use marketdesk_service::{Services, Settings, now_ms};
use marketdesk_store::{Store, StoreOptions};
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use crate::config::Config;

pub async fn open_store(
    data_dir: &std::path::Path,
    database_url: Option<&str>,
) -> anyhow::Result<Store> {
    let options = StoreOptions {
        database_url: database_url.map(String::from),
        data_dir: data_dir.to_path_buf(),
        max_connections: 8,
    };
    let store = Store::open(&options)
        .await
        .context("cannot open the database")?;
    store
        .migrate()
        .await
        .context("cannot migrate the database")?;
    Ok(store)
}

/// A running instance: its address, what the demo seeded, and a way to stop it.
pub struct Instance {
    pub addr: SocketAddr,
    pub services: Services,
    pub demo: Option<DemoSummary>,
    stop: Option<oneshot::Sender<()>>,
    server: JoinHandle<std::io::Result<()>>,
    jobs: JoinHandle<()>,
    /// Copies SQLite's write-ahead log into the database file.
    checkpoints: JoinHandle<()>,
    /// Keeps the reports' facts following the tickets.
    reports: JoinHandle<()>,
    mail: JoinHandle<()>,
    search: JoinHandle<()>,
    /// The LISTEN connection for the other nodes' changes (PostgreSQL).
    listen: JoinHandle<()>,
    inbound: JoinHandle<()>,
    /// Watches the IMAP mailboxes this node holds.
    mailboxes: JoinHandle<()>,
    smtp: Option<JoinHandle<()>>,
    /// Where the SMTP receiver listens, when it runs.
    pub smtp_addr: Option<SocketAddr>,
    /// Held while serving: one process per data directory.
    _data_dir_lock: std::fs::File,
}

/// Locks `data_dir` for this process: its search index (and, on SQLite, its
/// database) belong to one running server. Several nodes each need their own.
pub fn lock_data_dir(data_dir: &std::path::Path) -> anyhow::Result<std::fs::File> {
    std::fs::create_dir_all(data_dir)
        .with_context(|| format!("cannot create the data directory {}", data_dir.display()))?;
    let path = data_dir.join("marketdesk.lock");
    let file = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .with_context(|| format!("cannot open {}", path.display()))?;
    match file.try_lock() {
        Ok(()) => Ok(file),
        Err(std::fs::TryLockError::WouldBlock) => anyhow::bail!(
            "another marketdesk process is using the data directory {}: stop it, or give this one its own --data-dir (nodes sharing a PostgreSQL database each keep their own)",
            data_dir.display()
        ),
        Err(std::fs::TryLockError::Error(e)) => {
            Err(e).with_context(|| format!("cannot lock {}", path.display()))
        }
    }
}

impl Instance {
    /// Starts serving in the background and returns once the port is bound.
    pub async fn start(config: &Config) -> anyhow::Result<Instance> {
        let data_dir_lock = lock_data_dir(&config.data_dir)?;
        let store = open_store(&config.data_dir, config.database_url.as_deref()).await?;
        let mut settings = Settings::new(config.data_dir.clone(), config.public_url.clone());
        settings.auto_close = AutoClosePolicy {
            after: config.auto_close_after,
        };
        settings.smtp_url = config.smtp_url.clone();
        settings.mail_from = config.mail_from.clone();
        settings.policy = config.policy.clone();
        settings.webhook_url = config.webhook_url.clone();
        settings.webhook_secret = config.webhook_secret.clone();
        settings.twilio_auth_token = config.twilio_auth_token.clone();
        settings.idempotency_lease = config.idempotency_lease;
        settings.mail_addresses = config.mail_addresses.clone();
        settings.max_mail_bytes = config.max_mail_bytes;
        settings.mail_ca_file = config.mail_ca_file.clone();
        settings.mail_texts = config.mail_texts.clone();
        settings.acknowledge_email = config.acknowledge_email;
        settings.mail_relays = config.mail_relays.clone();
        settings.max_mail_per_client_hour = config.max_mail_per_client_hour;
        // Nodes on PostgreSQL share no disk: their attachments live in it.
        settings.attachment_store =
            config
                .attachment_store
                .unwrap_or(if config.database_url.is_some() {
                    AttachmentStore::Database
                } else {
                    AttachmentStore::Files
                });
        if config.smtp_url.is_none() {
            tracing::info!(
                "no SMTP server configured (smtp_url): outgoing mail stays queued in the outbox"
            );
        }
        let services = Services::new(store, settings);
        services
            .open_search_index(&config.data_dir.join("search"))
            .with_context(|| {
                format!(
                    "cannot open the search index in {} (it is rebuilt from the database if you delete it while marketdesk is stopped)",
                    config.data_dir.join("search").display()
                )
            })?;
        let demo = if config.demo {
            marketdesk_demo::seed(&services, now_ms())
                .await
                .context("cannot seed the demo shop")?
        } else {
            None
        };
        if let Some(token) = &config.admin_token {
            services
                .provision_admin_token(token)
                .await
                .context("cannot provision MARKETDESK_ADMIN_TOKEN")?;
        }
        let http = HttpSettings {
            bind: config.bind,
            max_body_bytes: config.max_body_bytes,
            secure_cookies: config.public_url.starts_with("https://"),
            metrics_token: config.metrics_token.clone(),
        };
        let app = Application::build(services.clone(), &http)
            .await
            .with_context(|| format!("cannot listen on {} (bind)", config.bind))?;
        let addr = app.local_addr()?;
        let (stop, stopped) = oneshot::channel::<()>();
        let server = tokio::spawn(app.serve(async move {
            let _ = stopped.await;
        }));
        // Read the assistant's embedded model now, off the request path, then
        // triage what the demo (or an import) left unread.
        let warm = services.clone();
        tokio::spawn(async move {
            let _ = tokio::task::spawn_blocking(marketdesk_assistant::Model::builtin).await;
            match warm.triage_untriaged().await {
                Ok(0) => {}
                Ok(n) => tracing::info!(tickets = n, "triaged tickets"),
                Err(err) => tracing::warn!(error = %err, "triage failed"),
            }
        });
        let jobs = tokio::spawn(background_jobs(services.clone()));
        services
            .take_over_checkpoints()
            .await
            .context("cannot configure the database's checkpoints")?;
        let checkpoints = tokio::spawn(checkpointer(services.clone()));
        let reports = tokio::spawn(report_worker(services.clone()));
        let mail = tokio::spawn(mail_worker(services.clone()));
        services.search_followed_in_background();
        let search = tokio::spawn(search_follower(services.clone()));
        let listen = tokio::spawn({
            let services = services.clone();
            async move { services.follow_other_nodes().await }
        });
        let inbound = tokio::spawn(inbound_worker(services.clone()));
        let mailboxes = {
            let services = services.clone();
            tokio::spawn(async move { services.watch_mailboxes().await })
        };
        let (smtp, smtp_addr) = match config.smtp_listen {
            Some(listen) => {
                let mut receiver = marketdesk_mail::SmtpReceiver::bind(listen, services.clone())
                    .await
                    .with_context(|| format!("cannot listen for SMTP on {listen} (smtp_listen)"))?;
                if let Some((cert, key)) = &config.smtp_tls {
                    let acceptor = marketdesk_mail::tls_acceptor(cert, key)
                        .context("smtp_tls_cert / smtp_tls_key")?;
                    receiver = receiver.with_tls(acceptor);
                }
                let smtp_addr = receiver.local_addr()?;
                (
                    Some(tokio::spawn(receiver.serve(std::future::pending()))),
                    Some(smtp_addr),
                )
            }
            None => (None, None),
        };
        Ok(Instance {
            addr,
            services,
            demo,
            stop: Some(stop),
            server,
            jobs,
            checkpoints,
            reports,
            mail,
            search,
            listen,
            inbound,
            mailboxes,
            smtp,
            smtp_addr,
            _data_dir_lock: data_dir_lock,
        })
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Stops accepting, finishes requests in flight, closes the database.
    pub async fn stop(mut self) -> anyhow::Result<()> {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        self.jobs.abort();
        self.checkpoints.abort();
        self.reports.abort();
        self.mail.abort();
        self.search.abort();
        self.listen.abort();
        self.inbound.abort();
        self.mailboxes.abort();
        if let Err(err) = self.services.release_mailboxes().await {
            tracing::warn!(error = %err, "letting go of the mailboxes failed");
        }
        if let Some(smtp) = &self.smtp {
            smtp.abort();
        }
        (&mut self.server).await.context("server task")??;
        self.services.close().await;
        Ok(())
    }

    /// Serves until Ctrl-C or SIGTERM.
    pub async fn run_until_signal(self) -> anyhow::Result<()> {
        shutdown_signal().await;
        tracing::info!("shutting down");
        self.stop().await
    }
}

/// Periodic work. Each job is safe to run on several nodes at once.
async fn background_jobs(services: Services) {
    // The first run waits a full period, so a fresh start does its work first.
    let period = Duration::from_secs(60);
    let mut tick = tokio::time::interval_at(tokio::time::Instant::now() + period, period);
    let mut round: u64 = 0;
    loop {
        tick.tick().await;
        round += 1;
        match services.close_due_tickets(now_ms()).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(closed = n, "auto-closed solved tickets"),
            Err(err) => tracing::warn!(error = %err, "auto-close failed"),
        }
        match services.watch_shipments(now_ms()).await {
            Ok(found) if !found.is_empty() => {
                tracing::info!(parcels = found.len(), "shipment watch reported trouble")
            }
            Ok(_) => {}
            Err(err) => tracing::warn!(error = %err, "shipment watch failed"),
        }
        match services.expire_store_credit(now_ms()).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(lots = n, "store credit expired"),
            Err(err) => tracing::warn!(error = %err, "store credit expiry failed"),
        }
        // Service levels: each clock's warning and breach noted once, the
        // breach actions applied (escalate, raise priority, tell the lead).
        match services.watch_sla(now_ms()).await {
            Ok(w) if w.warned + w.breached > 0 => {
                tracing::info!(
                    warned = w.warned,
                    breached = w.breached,
                    "service levels watched"
                )
            }
            Ok(_) => {}
            Err(err) => tracing::warn!(error = %err, "service-level watch failed"),
        }
        match services.run_automations(now_ms()).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(tickets = n, "automations acted"),
            Err(err) => tracing::warn!(error = %err, "automations failed"),
        }
        // Buyer–seller cases: the unescalated close, appeal windows end,
        // outcomes that failed to move are tried again.
        match services.run_case_clock(now_ms()).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(cases = n, "cases closed by the clock"),
            Err(err) => tracing::warn!(error = %err, "the cases' clock failed"),
        }
        // Sellers' standings, each read again within the hour (seller
        // cancellations and late shipments arrive with the feed).
        match services.run_standards_round(now_ms()).await {
            Ok(0) => {}
            Ok(n) => tracing::debug!(sellers = n, "seller standards assessed"),
            Err(err) => tracing::warn!(error = %err, "assessing seller standards failed"),
        }
        // Last week's quality sample, once per week on whichever node asks first.
        match services.draw_quality_sample(now_ms()).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(conversations = n, "quality sample drawn"),
            Err(err) => tracing::warn!(error = %err, "quality sample failed"),
        }
        // Tickets nobody took: to another team after their team's wait,
        // then to whoever is online with room now.
        match services.overflow_waiting(now_ms()).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(tickets = n, "overflowed to other teams"),
            Err(err) => tracing::warn!(error = %err, "overflow failed"),
        }
        match services.route_waiting().await {
            Ok(0) => {}
            Ok(n) => tracing::info!(tickets = n, "waiting tickets routed"),
            Err(err) => tracing::warn!(error = %err, "routing waiting tickets failed"),
        }
        if let Err(err) = services.expire_idempotency_keys().await {
            tracing::warn!(error = %err, "expiring idempotency keys failed");
        }
        // Ended windows of the limits on the public doors: keeps the
        // shared counter table small.
        if let Err(err) = services.expire_rate_limits().await {
            tracing::warn!(error = %err, "expiring rate-limit counters failed");
        }
        // Identity documents nobody reviewed within a week go.
        match services.sweep_identity_documents().await {
            Ok(0) => {}
            Ok(n) => tracing::info!(documents = n, "unreviewed identity documents deleted"),
            Err(err) => tracing::warn!(error = %err, "deleting identity documents failed"),
        }
        // The sweep reads every attachment file: hourly is often enough.
        if round % ATTACHMENT_SWEEP_ROUNDS == 1 {
            match services.sweep_attachment_files(ATTACHMENT_GRACE).await {
                Ok(sweep) if sweep.removed + sweep.kept > 0 => tracing::info!(
                    removed = sweep.removed,
                    kept = sweep.kept,
                    "attachment files without a row cleaned up"
                ),
                Ok(_) => {}
                Err(err) => tracing::warn!(error = %err, "attachment sweep failed"),
            }
        }
    }
}

/// Attachment files no row names are removed once this old: younger ones may
/// belong to a request still committing.
const ATTACHMENT_GRACE: Duration = Duration::from_secs(60 * 60);
/// The attachment sweep runs every this many rounds of the minute job.
const ATTACHMENT_SWEEP_ROUNDS: u64 = 60;

/// Keeps this node's search index following the database: at start it
/// catches up on everything not yet indexed, then every half second on what
/// any node changed, so a change is found everywhere within a second — and
/// at once after this node's own writes (those of a burst that arrive during
/// a round, or within [`SEARCH_GATHERING`] after it, share the next one).
async fn search_follower(services: Services) {
    let mut tick = tokio::time::interval(Duration::from_millis(500));
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tokio::select! {
            _ = tick.tick() => {}
            _ = services.search_changed() => {}
        }
        match services.search_follow().await {
            Ok(0) => {}
            Ok(n) => {
                tracing::debug!(records = n, "search index followed");
                // While changes keep coming, gather them a moment: one
                // round (and index commit) for many tickets, instead of a
                // round per few that left the writes a core short.
                tokio::time::sleep(SEARCH_GATHERING).await;
            }
            Err(err) => tracing::warn!(error = %err, "search index follow failed"),
        }
    }
}

/// Copies SQLite's write-ahead log into the database file a few times a
/// second, off the writer's path (`Store::take_over_checkpoints`).
async fn checkpointer(services: Services) {
    let mut tick = tokio::time::interval(Duration::from_millis(250));
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tick.tick().await;
        if let Err(err) = services.checkpoint().await {
            tracing::warn!(error = %err, "checkpoint failed");
        }
    }
}

/// How long the search follower gathers changes after a round that found
/// some: a change is searchable within about this plus a round.
const SEARCH_GATHERING: Duration = Duration::from_millis(250);

/// Keeps the reports' facts following the tickets: every second it works
/// off what the triggers marked, in batches, until none is left.
async fn report_worker(services: Services) {
    let mut tick = tokio::time::interval(Duration::from_secs(1));
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tick.tick().await;
        if let Err(err) = services.refresh_all_report_facts().await {
            tracing::warn!(error = %err, "report facts refresh failed");
        }
    }
}

/// Sends queued mail and webhook events every few seconds, so a sign-in
/// link arrives quickly and the shop hears of an action at once.
async fn mail_worker(services: Services) {
    if services.settings.smtp_url.is_none() && services.settings.webhook_url.is_none() {
        return;
    }
    let mut tick = tokio::time::interval(Duration::from_secs(2));
    loop {
        tick.tick().await;
        if let Err(err) = services.deliver_mail(now_ms()).await {
            tracing::warn!(error = %err, "mail delivery failed");
        }
        if let Err(err) = services.deliver_webhooks(now_ms()).await {
            tracing::warn!(error = %err, "webhook delivery failed");
        }
    }
}

/// Reads received mail into tickets: at once when this node's receiver
/// stored some, and every few seconds for what other nodes (or a crash)
/// left waiting.
async fn inbound_worker(services: Services) {
    let mut tick = tokio::time::interval(Duration::from_secs(3));
    loop {
        tokio::select! {
            _ = tick.tick() => {}
            _ = services.mail_received() => {}
        }
        loop {
            match services.process_mail(now_ms()).await {
                Ok(run) if run.processed + run.failed > 0 => continue,
                Ok(_) => break,
                Err(err) => {
                    tracing::warn!(error = %err, "reading received mail failed");
                    break;
                }
            }
        }
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
}
