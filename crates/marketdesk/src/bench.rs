//! `marketdesk bench`: a small load benchmark for the HTTP API.
//!
//! What is measured:
//!
//! * **start-to-ready**: time from spawning `marketdesk serve` until `GET /healthz` answers
//!   200, which includes opening the database and running migrations;
//! * **idle RSS**: the server's resident memory 3 s after it became ready (`VmRSS`);
//! * **write phase**: `requests` ticket creations (`POST /api/v1/tickets`) spread over
//!   `concurrency` clients: throughput, latency percentiles and errors;
//! * **read phase**: five times as many ticket reads (`GET /api/v1/tickets/{id}`) of the
//!   tickets just created, picked pseudo-randomly;
//! * **list phase** (marketdesk only): as many inbox pages (`GET /api/v1/tickets?…`) as
//!   creations, rotating over the views agents keep open (open tickets, unassigned,
//!   breached SLA, by intent, by tag, solved);
//! * **peak RSS**: the server's high-water mark of resident memory after both phases (`VmHWM`).
//!
//! The server runs as a *child process* rather than inside this process so that its memory
//! can be read from `/proc/<pid>/status` without the load generator's own allocations (the
//! HTTP client, latency samples, tasks) being counted, and so that start-up is measured the
//! way an operator experiences it. With `--target` an already running server is used
//! instead; its memory is not measured then.

use std::collections::hash_map::RandomState;
use std::ffi::OsStr;
use std::future::Future;
use std::hash::{BuildHasher, Hasher};
use std::net::TcpListener;
use std::os::unix::ffi::OsStrExt;
use std::process::Stdio;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use anyhow::{Context, bail, ensure};
use serde_json::{Value, json};
use tempfile::TempDir;
use tokio::process::{Child, Command};
use tokio::task::JoinSet;

/// How many reads the read phase does per ticket created in the write phase.
const READS_PER_CREATE: usize = 5;
/// How often the readiness probe polls `/healthz`.
const READY_POLL_INTERVAL: Duration = Duration::from_millis(10);
/// How long the server may take to become ready.
const READY_TIMEOUT: Duration = Duration::from_secs(30);
/// How long a server with prefilled tickets may take to index them.
const CATCH_UP_TIMEOUT: Duration = Duration::from_secs(1800);
/// Timeout of a single readiness probe.
const PROBE_TIMEOUT: Duration = Duration::from_secs(1);
/// Timeout of a single benchmark request, so that a wedged server cannot hang the bench.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);
/// Distinct customers the created tickets are spread over.
const CUSTOMERS: usize = 500;
/// The errands of `--mix`, in the three languages of the demo.
const ERRANDS: [&str; 8] = [
    "Where is my order? It has not arrived yet.",
    "I'd like to return the shoes, they are too small.",
    "Can I change the delivery address of my order?",
    "¿Cuándo me devuelven el dinero de la devolución?",
    "Quiero cancelar mi pedido, por favor.",
    "我的包裹显示已签收，但是我没有收到。",
    "请问怎么修改收货地址？",
    "The discount code did not apply at checkout.",
];
/// Longest error body kept in the report.
const MAX_ERROR_BODY: usize = 500;

#[derive(Debug, Clone, clap::Args)]
pub struct BenchOptions {
    /// Concurrent clients.
    #[arg(long, default_value_t = 32)]
    pub concurrency: usize,
    /// Tickets to create (the write phase); the read phase does 5× as many reads.
    #[arg(long, default_value_t = 20_000)]
    pub requests: usize,
    /// Run against PostgreSQL at this URL instead of a fresh SQLite data dir.
    #[arg(long)]
    pub database_url: Option<String>,
    /// Use an already running server at this base URL (then `--token` is needed; RSS is not measured).
    #[arg(long)]
    pub target: Option<String>,
    #[arg(long)]
    pub token: Option<String>,
    /// Instead of the API load: deliver this many messages over SMTP to the
    /// built-in receiver and measure them from DATA to ticket.
    #[arg(long)]
    pub mail: Option<usize>,
    /// Start the server with the demo data (`serve --demo`) instead of an empty one.
    #[arg(long)]
    pub demo: bool,
    /// First run the same load against a bare axum + sqlx + SQLite server
    /// (insert and read a ticket, nothing else) and report marketdesk's
    /// figures as a share of it.
    #[arg(long)]
    pub baseline: bool,
    /// Tickets the database holds before the load starts (written directly,
    /// with a message, a tag and an audit entry each, spread over the bench's
    /// customers): run with 10000 and with 1000000 to see whether latency
    /// follows the size of the tables.
    #[arg(long, default_value_t = 0)]
    pub prefill: u64,
    /// Start this many `serve` nodes on the one PostgreSQL database of
    /// `--database-url` and send the clients' requests to them in turn, as a
    /// round-robin load balancer would.
    #[arg(long, default_value_t = 1)]
    pub nodes: usize,
    /// Spread the created tickets over as many customers as tickets, with
    /// everyday errands in English, Spanish and Chinese, instead of the
    /// worst case (500 customers writing the same message again and again,
    /// each one's third a repeat contact the desk escalates).
    #[arg(long)]
    pub mix: bool,
    /// Instead of the API load: open this many customers' chat sockets on
    /// one node and measure the memory per socket and how fast `--requests`
    /// agent replies reach them (at most 20,000: the sockets need file
    /// descriptors on both sides).
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..=20_000))]
    pub chat_sockets: Option<u32>,
    /// Instead of the API load: write this many tickets over the last year
    /// with their events and report facts (at most 5,000,000), then time
    /// the reports dashboard's queries (docs/PERFORMANCE.md).
    #[arg(long, value_parser = clap::value_parser!(u64).range(1..=5_000_000))]
    pub reports: Option<u64>,
}

/// How long a node is left alone after it became ready before its idle
/// memory is read: longer than `startup_code`'s settling.
const SETTLE_BEFORE_IDLE_RSS: Duration = Duration::from_secs(3);

/// The views the list phase rotates over, as query strings.
const LIST_VIEWS: &[&str] = &[
    "status=open",
    "assignee=none&status=open,pending",
    "sla=breached",
    "intent=cancel_order",
    "tag=topic-7",
    "status=solved&limit=50",
];

/// Runs the benchmark and returns its report as JSON.
///
/// # Errors
///
/// Fails on invalid options, when the server cannot be started or does not become ready,
/// and when the write phase creates no ticket at all. Failed requests are not errors: they
/// are counted in the report.
pub async fn run(options: BenchOptions) -> anyhow::Result<Value> {
    ensure!(options.concurrency > 0, "--concurrency must be at least 1");
    if let Some(messages) = options.mail {
        ensure!(
            options.target.is_none(),
            "--mail starts its own server; leave out --target"
        );
        return crate::bench_mail::run(
            messages,
            options.concurrency,
            options.database_url.as_deref(),
        )
        .await;
    }
    if let Some(tickets) = options.reports {
        ensure!(
            options.target.is_none(),
            "--reports writes its own database; leave out --target"
        );
        return crate::bench_reports::run(tickets, options.database_url.as_deref()).await;
    }
    if let Some(sockets) = options.chat_sockets {
        ensure!(
            options.target.is_none(),
            "--chat-sockets starts its own server; leave out --target"
        );
        return crate::bench_chat::run(
            sockets as usize,
            options.requests,
            options.concurrency,
            options.database_url.as_deref(),
        )
        .await;
    }
    ensure!(options.requests > 0, "--requests must be at least 1");
    ensure!(
        options.target.is_none() || options.database_url.is_none(),
        "--database-url cannot be combined with --target (the running server has its own database)"
    );

    ensure!(
        options.target.is_none() || !options.demo,
        "--demo starts its own server; leave out --target"
    );
    ensure!(
        options.target.is_none() || options.prefill == 0,
        "--prefill writes into the database of a server the bench starts; leave out --target"
    );
    ensure!(options.nodes > 0, "--nodes must be at least 1");
    ensure!(
        options.nodes == 1 || (options.database_url.is_some() && options.target.is_none()),
        "--nodes starts several nodes on one PostgreSQL database: give --database-url, leave out --target"
    );
    let run_tag = random_hex(1)[..8].to_owned();

    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(options.concurrency)
        .timeout(REQUEST_TIMEOUT)
        .build()
        .context("building the HTTP client")?;

    let baseline = if options.baseline {
        let bare =
            Server::spawn_process(&client, "bench-baseline-server", None, &[], None, None).await?;
        Some(
            measure(
                &client,
                vec![bare],
                "bare axum + sqlx + SQLite",
                &options,
                &run_tag,
            )
            .await?,
        )
    } else {
        None
    };
    let report = match &options.target {
        Some(target) => {
            let token = options
                .token
                .clone()
                .context("--target needs --token (an admin API token for that server)")?;
            let base = target.trim_end_matches('/').to_owned();
            let api = Arc::new(Api::new(client, vec![base], token, run_tag).mixed(options.mix));
            load(&api, "external", &[], &options).await?
        }
        None => {
            let backend = if options.database_url.is_some() {
                "postgres"
            } else {
                "sqlite"
            };
            let extra: Vec<String> = if options.demo {
                vec!["--demo".into()]
            } else {
                Vec::new()
            };
            let prefill = (options.prefill > 0).then(|| Prefill {
                tickets: options.prefill,
                emails: (0..CUSTOMERS)
                    .map(|i| customer_email(i, &run_tag))
                    .collect(),
            });
            let first = Server::spawn_process(
                &client,
                "serve",
                options.database_url.as_deref(),
                &extra,
                prefill,
                None,
            )
            .await?;
            let token = first.token.clone();
            let mut nodes = vec![first];
            while nodes.len() < options.nodes {
                // The demo is loaded once, by the first node.
                nodes.push(
                    Server::spawn_process(
                        &client,
                        "serve",
                        options.database_url.as_deref(),
                        &[],
                        None,
                        Some(&token),
                    )
                    .await?,
                );
            }
            measure(&client, nodes, backend, &options, &run_tag).await?
        }
    };
    Ok(match baseline {
        Some(baseline) => with_ratios(report, baseline),
        None => report,
    })
}

/// Runs the load against the nodes the bench started (one token for all),
/// with their memory.
async fn measure(
    client: &reqwest::Client,
    mut nodes: Vec<Server>,
    backend: &str,
    options: &BenchOptions,
    run_tag: &str,
) -> anyhow::Result<Value> {
    let token = nodes
        .first()
        .map(|node| node.token.clone())
        .unwrap_or_default();
    let api = Arc::new(
        Api::new(
            client.clone(),
            nodes.iter().map(Server::base_url).collect(),
            token,
            run_tag.to_owned(),
        )
        .mixed(options.mix),
    );
    let report = load(&api, backend, &nodes, options).await;
    for node in &mut nodes {
        node.stop().await;
    }
    report
}

/// The largest of a `/proc/<pid>/status` memory field over the nodes (what
/// each node's machine must hold).
async fn most_memory_kb(nodes: &[Server], field: &str) -> Option<u64> {
    let mut most = None;
    for node in nodes {
        most = most.max(node.memory_kb(field).await);
    }
    most
}

/// The write phase, then the read phase, and the figures of both.
async fn load(
    api: &Arc<Api>,
    backend: &str,
    nodes: &[Server],
    options: &BenchOptions,
) -> anyhow::Result<Value> {
    let server = nodes.first();
    if !nodes.is_empty() {
        // Idle: after the node's own start-up work, which ends with giving
        // back the code only start-up ran (`startup_code`).
        tokio::time::sleep(SETTLE_BEFORE_IDLE_RSS).await;
    }
    let idle_rss_kb = most_memory_kb(nodes, "VmRSS").await;
    let create = create_phase(api, options.concurrency, options.requests).await?;
    ensure!(
        !create.tally.ids.is_empty(),
        "no ticket was created on {backend}, so there is nothing to read; first error: {}",
        create
            .tally
            .first_error
            .as_ref()
            .map_or(Value::Null, |(_, failure)| failure.to_json("create"))
    );
    let reads = options.requests.saturating_mul(READS_PER_CREATE);
    let read = read_phase(api, options.concurrency, reads, &create.tally.ids).await?;
    let list = match server {
        Some(server) if !server.is_marketdesk => None,
        _ => Some(list_phase(api, options.concurrency, options.requests).await?),
    };
    let peak_rss_kb = most_memory_kb(nodes, "VmHWM").await;
    Ok(json!({
        "backend": backend,
        "nodes": nodes.len().max(1),
        "concurrency": options.concurrency,
        "mix": options.mix,
        "start_to_ready_ms": server.map(|server| millis(server.start_to_ready)),
        "idle_rss_mb": idle_rss_kb.map(kb_to_mb),
        "peak_rss_mb": peak_rss_kb.map(kb_to_mb),
        "create": create.summary(),
        "read": read.summary(),
        "list": list.as_ref().map(Phase::summary),
        "list_views": list.as_ref().map(|list| list.summary_by_kind(LIST_VIEWS)),
        "prefilled_tickets": server.and_then(|server| server.prefilled.map(|(tickets, _)| tickets)),
        "prefill_s": server.and_then(|server| server.prefilled.map(|(_, took)| round(took.as_secs_f64(), 1))),
        "settle_s": server.and_then(|server| server.settled.map(|took| round(took.as_secs_f64(), 1))),
        "first_error": first_error(&create, &read, list.as_ref()),
    }))
}

/// marketdesk's report with the bare server's beside it and the shares.
fn with_ratios(mut report: Value, baseline: Value) -> Value {
    let share = |phase: &str| {
        let ours = report[phase]["per_second"].as_f64()?;
        let bare = baseline[phase]["per_second"].as_f64()?;
        (bare > 0.0).then(|| round(ours / bare, 2))
    };
    let ratios = json!({"create": share("create"), "read": share("read")});
    report["baseline"] = baseline;
    report["ratio_to_baseline"] = ratios;
    report
}

/// The write phase: creates `requests` tickets.
async fn create_phase(
    api: &Arc<Api>,
    concurrency: usize,
    requests: usize,
) -> anyhow::Result<Phase> {
    let api = Arc::clone(api);
    run_phase(concurrency, requests, move |n| {
        let api = Arc::clone(&api);
        async move { api.create_ticket(n).await.map(Some) }
    })
    .await
}

/// The read phase: reads `reads` tickets picked pseudo-randomly from `ids`.
async fn read_phase(
    api: &Arc<Api>,
    concurrency: usize,
    reads: usize,
    ids: &[i64],
) -> anyhow::Result<Phase> {
    let api = Arc::clone(api);
    let ids: Arc<[i64]> = ids.into();
    run_phase(concurrency, reads, move |n| {
        let api = Arc::clone(&api);
        let id = ids[pick(n, ids.len())];
        async move { api.read_ticket(id).await.map(|()| None) }
    })
    .await
}

/// The list phase: `requests` inbox pages, rotating over [`LIST_VIEWS`].
async fn list_phase(api: &Arc<Api>, concurrency: usize, requests: usize) -> anyhow::Result<Phase> {
    let api = Arc::clone(api);
    run_phase(concurrency, requests, move |n| {
        let api = Arc::clone(&api);
        async move {
            api.list_tickets(LIST_VIEWS[n % LIST_VIEWS.len()])
                .await
                .map(|()| None)
        }
    })
    .await
}

/// The earliest failure of the run, as JSON (`null` without failures).
fn first_error(create: &Phase, read: &Phase, list: Option<&Phase>) -> Value {
    let list = list.and_then(|list| list.tally.first_error.as_ref());
    match (&create.tally.first_error, &read.tally.first_error, list) {
        (Some((_, failure)), _, _) => failure.to_json("create"),
        (None, Some((_, failure)), _) => failure.to_json("read"),
        (None, None, Some((_, failure))) => failure.to_json("list"),
        (None, None, None) => Value::Null,
    }
}

/// Tickets to write into the database before the server starts.
pub(crate) struct Prefill {
    tickets: u64,
    emails: Vec<String>,
}

/// The benchmarked server when the bench started it itself.
pub(crate) struct Server {
    // Declared before `data_dir` so that on drop the child is killed before its data
    // directory is removed.
    child: Child,
    pid: Option<u32>,
    port: u16,
    pub(crate) token: String,
    pub(crate) start_to_ready: Duration,
    pub(crate) data_dir: TempDir,
    /// `marketdesk serve` (not the bare server).
    is_marketdesk: bool,
    /// Tickets prefilled and how long that took.
    prefilled: Option<(u64, Duration)>,
    /// How long the server kept busy after it caught up (prefilled only).
    settled: Option<Duration>,
}

impl Server {
    /// Starts `marketdesk serve` on a free port with a fresh data directory
    /// (and `extra` arguments) and waits until it is ready.
    pub(crate) async fn spawn_with(
        client: &reqwest::Client,
        database_url: Option<&str>,
        extra: &[String],
    ) -> anyhow::Result<Self> {
        Self::spawn_process(client, "serve", database_url, extra, None, None).await
    }

    /// Starts `marketdesk <subcommand> --bind … --data-dir …` (with the
    /// admin token `token`, else a new one) and waits until it answers
    /// `/healthz`.
    async fn spawn_process(
        client: &reqwest::Client,
        subcommand: &str,
        database_url: Option<&str>,
        extra: &[String],
        prefill: Option<Prefill>,
        token: Option<&str>,
    ) -> anyhow::Result<Self> {
        let port = free_port()?;
        let data_dir = tempfile::tempdir().context("creating a temporary data directory")?;
        let prefilled = match prefill {
            Some(prefill) => {
                let store = marketdesk_store::StoreOptions {
                    database_url: database_url.map(str::to_owned),
                    data_dir: data_dir.path().to_owned(),
                    max_connections: 2,
                };
                let took =
                    crate::bench_prefill::prefill(&store, prefill.tickets, &prefill.emails).await?;
                Some((prefill.tickets, took))
            }
            None => None,
        };
        let token = token.map_or_else(|| random_hex(4), str::to_owned);
        let exe = std::env::current_exe().context("locating the marketdesk executable")?;

        let mut command = Command::new(exe);
        command
            .arg(subcommand)
            .arg("--bind")
            .arg(format!("127.0.0.1:{port}"))
            .arg("--data-dir")
            .arg(data_dir.path())
            .args(extra);
        // The server must be configured by the bench only, not by whatever `MARKETDESK_*`
        // settings happen to be in the bench's environment.
        for (name, _) in std::env::vars_os() {
            if is_marketdesk_var(&name) {
                command.env_remove(name);
            }
        }
        if let Some(url) = database_url {
            // Like `--database-url`, but keeps the password out of the process list.
            command.env("MARKETDESK_DATABASE_URL", url);
        }
        command
            .env("MARKETDESK_ADMIN_TOKEN", &token)
            .env("RUST_LOG", "warn")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .kill_on_drop(true);

        let started = Instant::now();
        let mut child = command.spawn().context("starting `marketdesk serve`")?;
        let pid = child.id();
        wait_until_ready(client, &format!("http://127.0.0.1:{port}"), &mut child).await?;
        let start_to_ready = started.elapsed();
        if prefilled.is_some() {
            // Measure once the search index holds the prefilled tickets, not
            // while it is still catching up with them.
            wait_until_caught_up(client, &format!("http://127.0.0.1:{port}"), &mut child).await?;
        }
        // ... and once it has finished what indexing them left to do in the
        // background (merging the index's segments): the steady state.
        let settled = match (prefilled.is_some(), pid) {
            (true, Some(pid)) => Some(wait_until_quiet(pid).await),
            _ => None,
        };

        Ok(Self {
            child,
            pid,
            port,
            token,
            start_to_ready,
            data_dir,
            is_marketdesk: subcommand == "serve",
            prefilled,
            settled,
        })
    }

    pub(crate) fn base_url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// A `kB` field of the server's `/proc/<pid>/status`, if it can be read (Linux only).
    pub(crate) async fn memory_kb(&self, field: &str) -> Option<u64> {
        let status = tokio::fs::read_to_string(format!("/proc/{}/status", self.pid?))
            .await
            .ok()?;
        parse_status_kb(&status, field)
    }

    /// Kills the server and waits for it to exit.
    pub(crate) async fn stop(&mut self) {
        if let Err(error) = self.child.kill().await {
            tracing::warn!(%error, data_dir = %self.data_dir.path().display(), "could not stop the benchmarked server");
        }
    }
}

/// Polls `GET {base}/healthz` until it answers 200, the child exits or [`READY_TIMEOUT`]
/// passes.
async fn wait_until_ready(
    client: &reqwest::Client,
    base: &str,
    child: &mut Child,
) -> anyhow::Result<()> {
    let probe = Probe {
        path: "/healthz",
        timeout: READY_TIMEOUT,
        interval: READY_POLL_INTERVAL,
        waiting_for: "becoming ready; run `marketdesk serve` by hand to see why",
    };
    probe.until_ok(client, base, child).await
}

/// Polls `GET {base}/readyz` until it answers 200 (the search index has
/// caught up), for at most [`CATCH_UP_TIMEOUT`].
async fn wait_until_caught_up(
    client: &reqwest::Client,
    base: &str,
    child: &mut Child,
) -> anyhow::Result<()> {
    let probe = Probe {
        path: "/readyz",
        timeout: CATCH_UP_TIMEOUT,
        interval: Duration::from_millis(500),
        waiting_for: "its search index caught up with the prefilled tickets",
    };
    probe.until_ok(client, base, child).await
}

/// A probe polled until the server answers it with 200.
struct Probe {
    path: &'static str,
    timeout: Duration,
    interval: Duration,
    /// What the wait is for, for the error ("… before {waiting_for}").
    waiting_for: &'static str,
}

impl Probe {
    async fn until_ok(
        &self,
        client: &reqwest::Client,
        base: &str,
        child: &mut Child,
    ) -> anyhow::Result<()> {
        let url = format!("{base}{}", self.path);
        let deadline = Instant::now() + self.timeout;
        loop {
            if let Some(status) = child.try_wait().context("checking on the server")? {
                bail!("the server exited ({status}) before {}", self.waiting_for);
            }
            let probe = client.get(&url).timeout(PROBE_TIMEOUT).send().await;
            if probe.is_ok_and(|response| response.status() == reqwest::StatusCode::OK) {
                return Ok(());
            }
            if Instant::now() >= deadline {
                bail!(
                    "the server did not answer GET {} with 200 within {}s",
                    self.path,
                    self.timeout.as_secs()
                );
            }
            tokio::time::sleep(self.interval).await;
        }
    }
}

/// A free TCP port on the loopback interface. The port is released again before the server
/// binds it, so another process could grab it in between; that is unlikely enough here.
pub(crate) fn free_port() -> anyhow::Result<u16> {
    let listener = TcpListener::bind("127.0.0.1:0").context("finding a free port")?;
    Ok(listener.local_addr().context("finding a free port")?.port())
}

fn is_marketdesk_var(name: &OsStr) -> bool {
    name.as_bytes().starts_with(b"MARKETDESK_")
}

/// `words` × 16 hex digits that are unpredictable enough for a throwaway loopback token:
/// `RandomState` is seeded from the operating system's randomness.
pub(crate) fn random_hex(words: usize) -> String {
    let state = RandomState::new();
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |since| since.as_nanos());
    (0..words)
        .map(|word| {
            let mut hasher = state.build_hasher();
            hasher.write_u128(nanos);
            hasher.write_u32(std::process::id());
            hasher.write_usize(word);
            format!("{:016x}", hasher.finish())
        })
        .collect()
}

/// The client side of the benchmarked API.
struct Api {
    client: reqwest::Client,
    /// The nodes' base URLs, each request to the next in turn.
    bases: Vec<String>,
    turn: std::sync::atomic::AtomicUsize,
    token: String,
    /// Distinguishes this run's customers from earlier runs' against the same database.
    run_tag: String,
    /// `--mix`: a customer per ticket, errands in three languages.
    mix: bool,
}

impl Api {
    fn new(client: reqwest::Client, bases: Vec<String>, token: String, run_tag: String) -> Self {
        Self {
            client,
            bases,
            turn: std::sync::atomic::AtomicUsize::new(0),
            token,
            run_tag,
            mix: false,
        }
    }

    fn mixed(mut self, mix: bool) -> Self {
        self.mix = mix;
        self
    }

    /// The base URL of the node whose turn it is.
    fn base(&self) -> &str {
        let turn = self.turn.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        self.bases
            .get(turn % self.bases.len().max(1))
            .map_or("", String::as_str)
    }

    /// Creates the `n`th ticket and returns its id.
    async fn create_ticket(&self, n: usize) -> Result<i64, Failure> {
        let response = self
            .client
            .post(format!("{}/api/v1/tickets", self.base()))
            .bearer_auth(&self.token)
            .json(&ticket_body(n, &self.run_tag, self.mix))
            .send()
            .await
            .map_err(Failure::transport)?;
        let response = successful(response).await?;
        let status = response.status().as_u16();
        let created: Value = response.json().await.map_err(Failure::transport)?;
        created
            .get("id")
            .and_then(Value::as_i64)
            .ok_or_else(|| Failure {
                status: Some(status),
                message: format!(
                    "response has no integer `id`: {}",
                    truncate(created.to_string())
                ),
            })
    }

    /// Reads one page of the ticket list with `query`, including its whole body.
    async fn list_tickets(&self, query: &str) -> Result<(), Failure> {
        self.read(&format!("/api/v1/tickets?{query}")).await
    }

    /// Reads the ticket `id`, including its whole body.
    async fn read_ticket(&self, id: i64) -> Result<(), Failure> {
        self.read(&format!("/api/v1/tickets/{id}")).await
    }

    /// `GET {path}`, including the whole body.
    async fn read(&self, path: &str) -> Result<(), Failure> {
        let response = self
            .client
            .get(format!("{}{path}", self.base()))
            .bearer_auth(&self.token)
            .send()
            .await
            .map_err(Failure::transport)?;
        successful(response)
            .await?
            .bytes()
            .await
            .map_err(Failure::transport)?;
        Ok(())
    }
}

/// The JSON body creating the `n`th benchmark ticket.
fn ticket_body(n: usize, run_tag: &str, mix: bool) -> Value {
    let (customer, errand) = if mix {
        (n, ERRANDS[n % ERRANDS.len()])
    } else {
        (n % CUSTOMERS, ERRANDS[0])
    };
    json!({
        "subject": format!("Bench ticket {n}"),
        "requester": {
            "email": customer_email(customer, run_tag),
            "name": "Bench Customer",
        },
        "message": {"body": errand},
    })
}

/// The address of the bench's `i`th customer in the run `run_tag`.
fn customer_email(i: usize, run_tag: &str) -> String {
    format!("bench-customer-{i}-{run_tag}@example.com")
}

/// Passes 2xx responses through and turns others into a [`Failure`] carrying their body.
async fn successful(response: reqwest::Response) -> Result<reqwest::Response, Failure> {
    let status = response.status();
    if status.is_success() {
        return Ok(response);
    }
    let body = response.text().await.unwrap_or_default();
    Err(Failure {
        status: Some(status.as_u16()),
        message: truncate(body),
    })
}

fn truncate(mut text: String) -> String {
    if let Some((cut, _)) = text.char_indices().nth(MAX_ERROR_BODY) {
        text.truncate(cut);
        text.push('…');
    }
    text
}

/// A failed benchmark request.
#[derive(Debug, Clone, PartialEq)]
struct Failure {
    /// The HTTP status, or `None` when the request failed below HTTP.
    status: Option<u16>,
    message: String,
}

impl Failure {
    fn transport(error: reqwest::Error) -> Self {
        Self {
            status: error.status().map(|status| status.as_u16()),
            message: error.to_string(),
        }
    }

    fn to_json(&self, phase: &str) -> Value {
        json!({"phase": phase, "status": self.status, "body": self.message})
    }
}

/// What the clients of one phase observed.
#[derive(Debug, Default)]
struct Tally {
    /// Latencies of all requests, failed ones included.
    latencies: Vec<Duration>,
    /// The number of each request, in the order of `latencies`.
    numbers: Vec<usize>,
    /// Ids of the tickets created (write phase only).
    ids: Vec<i64>,
    errors: usize,
    /// The earliest failure and when it happened.
    first_error: Option<(Instant, Failure)>,
}

impl Tally {
    fn record(&mut self, n: usize, latency: Duration, outcome: Result<Option<i64>, Failure>) {
        self.latencies.push(latency);
        self.numbers.push(n);
        match outcome {
            Ok(id) => self.ids.extend(id),
            Err(failure) => {
                self.errors += 1;
                self.first_error
                    .get_or_insert_with(|| (Instant::now(), failure));
            }
        }
    }

    fn merge(&mut self, other: Self) {
        self.latencies.extend(other.latencies);
        self.numbers.extend(other.numbers);
        self.ids.extend(other.ids);
        self.errors += other.errors;
        self.first_error = match (self.first_error.take(), other.first_error) {
            (Some(mine), Some(theirs)) => Some(if theirs.0 < mine.0 { theirs } else { mine }),
            (mine, theirs) => mine.or(theirs),
        };
    }
}

/// One finished phase.
#[derive(Debug)]
struct Phase {
    tally: Tally,
    elapsed: Duration,
}

impl Phase {
    fn summary(&self) -> Value {
        let mut summary = latency_summary(self.tally.latencies.clone());
        let seconds = self.elapsed.as_secs_f64();
        let requests = self.tally.latencies.len();
        summary["requests"] = json!(requests);
        summary["errors"] = json!(self.tally.errors);
        summary["per_second"] = json!((seconds > 0.0).then(|| round(requests as f64 / seconds, 1)));
        summary
    }

    /// The latencies of the requests of each of `kinds`, the `n`th request
    /// having been of kind `n % kinds.len()` (the list phase's views).
    fn summary_by_kind(&self, kinds: &[&str]) -> Value {
        let mut by_kind: Vec<Vec<Duration>> = vec![Vec::new(); kinds.len()];
        for (n, latency) in self.tally.numbers.iter().zip(&self.tally.latencies) {
            by_kind[n % kinds.len()].push(*latency);
        }
        kinds
            .iter()
            .zip(by_kind)
            .map(|(kind, latencies)| ((*kind).to_owned(), latency_summary(latencies)))
            .collect::<serde_json::Map<_, _>>()
            .into()
    }
}

/// The median, 99th percentile and maximum of `latencies`, in milliseconds.
fn latency_summary(mut latencies: Vec<Duration>) -> Value {
    latencies.sort_unstable();
    json!({
        "p50_ms": nearest_rank(&latencies, 50).map(millis),
        "p99_ms": nearest_rank(&latencies, 99).map(millis),
        "max_ms": latencies.last().copied().map(millis),
    })
}

/// Runs `total` operations over `concurrency` tasks; `operation(n)` performs the `n`th one
/// and may return the id of a created ticket.
async fn run_phase<F, Fut>(concurrency: usize, total: usize, operation: F) -> anyhow::Result<Phase>
where
    F: Fn(usize) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Result<Option<i64>, Failure>> + Send + 'static,
{
    let operation = Arc::new(operation);
    let next = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let mut clients = JoinSet::new();
    for _ in 0..concurrency.min(total) {
        let operation = Arc::clone(&operation);
        let next = Arc::clone(&next);
        clients.spawn(async move {
            let mut tally = Tally::default();
            loop {
                let n = next.fetch_add(1, Ordering::Relaxed);
                if n >= total {
                    return tally;
                }
                let sent = Instant::now();
                let outcome = operation(n).await;
                tally.record(n, sent.elapsed(), outcome);
            }
        });
    }
    let mut tally = Tally::default();
    while let Some(client) = clients.join_next().await {
        tally.merge(client.context("a benchmark client panicked")?);
    }
    Ok(Phase {
        tally,
        elapsed: started.elapsed(),
    })
}

/// A pseudo-random index below `len` for the `n`th read (xorshift64*, deterministic).
fn pick(n: usize, len: usize) -> usize {
    let mut x = (n as u64) ^ 0x9E37_79B9_7F4A_7C15;
    for _ in 0..2 {
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        x = x.wrapping_mul(0x2545_F491_4F6C_DD1D);
    }
    // The remainder is below `len`, so it fits in `usize`.
    (x % len as u64) as usize
}

/// The nearest-rank `percent`th percentile of ascending `sorted` samples.
fn nearest_rank(sorted: &[Duration], percent: usize) -> Option<Duration> {
    let rank = (percent * sorted.len()).div_ceil(100).max(1);
    sorted.get(rank - 1).copied()
}

/// The value of a `Name:   1234 kB` line of a `/proc/<pid>/status` text.
/// Waits until the process `pid` used less than [`QUIET_SHARE`] of a core over
/// a [`QUIET_SAMPLE`], for at most [`CATCH_UP_TIMEOUT`]; answers how long
/// that took.
async fn wait_until_quiet(pid: u32) -> Duration {
    let started = Instant::now();
    // SAFETY: reads a constant of the C library.
    let ticks_per_second = u32::try_from(unsafe { libc::sysconf(libc::_SC_CLK_TCK) })
        .unwrap_or(100)
        .max(1);
    let quiet_ticks = QUIET_SHARE * QUIET_SAMPLE.as_secs_f64() * f64::from(ticks_per_second);
    let mut before = cpu_ticks(pid).await;
    while started.elapsed() < CATCH_UP_TIMEOUT {
        tokio::time::sleep(QUIET_SAMPLE).await;
        let now = cpu_ticks(pid).await;
        match (before, now) {
            (Some(a), Some(b)) if (b.saturating_sub(a) as f64) < quiet_ticks => break,
            (_, None) => break,
            _ => before = now,
        }
    }
    started.elapsed()
}

/// Below this share of one core the server counts as quiet.
const QUIET_SHARE: f64 = 0.05;
/// Over how long the server's CPU use is measured.
const QUIET_SAMPLE: Duration = Duration::from_secs(1);

/// The CPU time (user and system, in clock ticks) `pid` used so far.
async fn cpu_ticks(pid: u32) -> Option<u64> {
    let stat = tokio::fs::read_to_string(format!("/proc/{pid}/stat"))
        .await
        .ok()?;
    parse_stat_ticks(&stat)
}

/// `utime + stime` of a `/proc/<pid>/stat` line (fields 14 and 15; the
/// command before them, in parentheses, may hold spaces).
fn parse_stat_ticks(stat: &str) -> Option<u64> {
    let after_command = &stat[stat.rfind(')')? + 1..];
    let mut fields = after_command.split_whitespace().skip(11);
    let user: u64 = fields.next()?.parse().ok()?;
    let system: u64 = fields.next()?.parse().ok()?;
    Some(user + system)
}

fn parse_status_kb(status: &str, field: &str) -> Option<u64> {
    status.lines().find_map(|line| {
        let value = line.strip_prefix(field)?.strip_prefix(':')?;
        value.trim().strip_suffix("kB")?.trim_end().parse().ok()
    })
}

pub(crate) fn millis(duration: Duration) -> f64 {
    round(duration.as_secs_f64() * 1000.0, 2)
}

pub(crate) fn kb_to_mb(kb: u64) -> f64 {
    round(kb as f64 / 1024.0, 1)
}

fn round(value: f64, decimals: i32) -> f64 {
    let scale = 10f64.powi(decimals);
    (value * scale).round() / scale
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_go_to_the_nodes_in_turn() {
        let api = Api::new(
            reqwest::Client::new(),
            vec!["http://a".into(), "http://b".into()],
            "token".into(),
            "tag".into(),
        );
        let turns: Vec<&str> = (0..5).map(|_| api.base()).collect();
        assert_eq!(
            turns,
            ["http://a", "http://b", "http://a", "http://b", "http://a"]
        );
    }

    const STATUS: &str = "Name:\tmarketdesk\n\
        VmPeak:\t  123456 kB\n\
        VmHWM:\t   46694 kB\n\
        VmRSS:\t   12595 kB\n\
        RssAnon:\t    8000 kB\n\
        Threads:\t5\n";

    fn ms(values: &[u64]) -> Vec<Duration> {
        values.iter().copied().map(Duration::from_millis).collect()
    }

    #[test]
    fn parses_memory_fields_of_proc_status() {
        assert_eq!(parse_status_kb(STATUS, "VmRSS"), Some(12_595));
        assert_eq!(parse_status_kb(STATUS, "VmHWM"), Some(46_694));
        assert_eq!(parse_status_kb(STATUS, "VmPeak"), Some(123_456));
    }

    #[test]
    fn missing_or_malformed_memory_fields_are_none() {
        assert_eq!(parse_status_kb(STATUS, "VmSwap"), None);
        assert_eq!(parse_status_kb(STATUS, "Threads"), None);
        assert_eq!(parse_status_kb(STATUS, "Vm"), None);
        assert_eq!(parse_status_kb("VmRSS:\tlots kB\n", "VmRSS"), None);
        assert_eq!(parse_status_kb("", "VmRSS"), None);
    }

    #[test]
    fn cpu_time_is_read_past_a_command_with_spaces() {
        let stat = "21282 (marketdesk (x) y) S 1 21282 21282 0 -1 4194560 5279 0 0 0 4058 1000 0 0 20 0 14 0 123 2162176 11353";
        assert_eq!(parse_stat_ticks(stat), Some(5058));
        assert_eq!(parse_stat_ticks("21282 (marketdesk) S 1"), None);
        assert_eq!(parse_stat_ticks("no command"), None);
    }

    #[test]
    fn nearest_rank_percentiles() {
        let sorted = ms(&[1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
        assert_eq!(nearest_rank(&sorted, 50), Some(Duration::from_millis(5)));
        assert_eq!(nearest_rank(&sorted, 99), Some(Duration::from_millis(10)));
        assert_eq!(nearest_rank(&sorted, 100), Some(Duration::from_millis(10)));
        assert_eq!(nearest_rank(&sorted, 0), Some(Duration::from_millis(1)));
        assert_eq!(nearest_rank(&sorted, 11), Some(Duration::from_millis(2)));
    }

    #[test]
    fn nearest_rank_of_one_and_no_samples() {
        let one = ms(&[7]);
        assert_eq!(nearest_rank(&one, 50), Some(Duration::from_millis(7)));
        assert_eq!(nearest_rank(&one, 99), Some(Duration::from_millis(7)));
        assert_eq!(nearest_rank(&[], 50), None);
    }

    #[test]
    fn p99_of_a_hundred_samples_is_the_99th() {
        let sorted: Vec<_> = (1..=100).map(Duration::from_millis).collect();
        assert_eq!(nearest_rank(&sorted, 99), Some(Duration::from_millis(99)));
        assert_eq!(nearest_rank(&sorted, 50), Some(Duration::from_millis(50)));
    }

    #[test]
    fn picks_stay_in_range_and_spread() {
        let len = 37;
        let picks: Vec<_> = (0..1_000).map(|n| pick(n, len)).collect();
        assert!(picks.iter().all(|&index| index < len));
        let mut distinct = picks.clone();
        distinct.sort_unstable();
        distinct.dedup();
        assert_eq!(distinct.len(), len);
        assert_eq!(pick(0, 1), 0);
    }

    #[test]
    fn tally_merge_keeps_the_earliest_failure() {
        let failure = |status| Failure {
            status: Some(status),
            message: String::new(),
        };
        let mut early = Tally::default();
        early.record(0, Duration::from_millis(1), Err(failure(500)));
        let mut late = Tally::default();
        late.record(1, Duration::from_millis(2), Ok(Some(7)));
        late.record(2, Duration::from_millis(3), Err(failure(503)));
        late.record(3, Duration::from_millis(4), Err(failure(502)));

        late.merge(early);
        assert_eq!(late.errors, 3);
        assert_eq!(late.ids, vec![7]);
        assert_eq!(late.latencies.len(), 4);
        let (_, first) = late.first_error.expect("a failure was recorded");
        assert_eq!(first.status, Some(500));
    }

    #[test]
    fn phase_summary_reports_percentiles_and_throughput() {
        let mut tally = Tally::default();
        for (n, latency) in ms(&[4, 1, 3, 2]).into_iter().enumerate() {
            tally.record(n, latency, Ok(None));
        }
        let phase = Phase {
            tally,
            elapsed: Duration::from_secs(2),
        };
        let summary = phase.summary();
        assert_eq!(summary["requests"], 4);
        assert_eq!(summary["errors"], 0);
        assert_eq!(summary["per_second"], 2.0);
        assert_eq!(summary["p50_ms"], 2.0);
        assert_eq!(summary["p99_ms"], 4.0);
        assert_eq!(summary["max_ms"], 4.0);
    }

    #[test]
    fn phase_summary_by_kind_groups_requests_by_their_number() {
        let mut tally = Tally::default();
        // Requests 0, 2, 4 are of the first kind, 1, 3, 5 of the second.
        for (n, latency) in ms(&[1, 10, 2, 20, 3, 30]).into_iter().enumerate() {
            tally.record(n, latency, Ok(None));
        }
        let phase = Phase {
            tally,
            elapsed: Duration::from_secs(1),
        };
        let by_kind = phase.summary_by_kind(&["fast", "slow"]);
        assert_eq!(by_kind["fast"]["p50_ms"], 2.0);
        assert_eq!(by_kind["fast"]["max_ms"], 3.0);
        assert_eq!(by_kind["slow"]["p50_ms"], 20.0);
        assert_eq!(by_kind["slow"]["max_ms"], 30.0);
    }

    #[test]
    fn ticket_bodies_spread_over_tagged_customers() {
        let body = ticket_body(1_234, "abcd1234", false);
        assert_eq!(body["subject"], "Bench ticket 1234");
        assert_eq!(
            body["requester"]["email"],
            "bench-customer-234-abcd1234@example.com"
        );
        assert_eq!(
            body["message"]["body"],
            "Where is my order? It has not arrived yet."
        );
    }

    #[test]
    fn the_mix_gives_each_ticket_its_customer_and_rotates_errands() {
        let body = ticket_body(1_234, "abcd1234", true);
        assert_eq!(
            body["requester"]["email"],
            "bench-customer-1234-abcd1234@example.com"
        );
        let errands: std::collections::BTreeSet<String> = (0..16)
            .map(|n| ticket_body(n, "t", true)["message"]["body"].to_string())
            .collect();
        assert_eq!(errands.len(), ERRANDS.len());
    }

    #[test]
    fn error_bodies_are_truncated_on_a_char_boundary() {
        let long = "é".repeat(MAX_ERROR_BODY + 10);
        let cut = truncate(long);
        assert_eq!(cut.chars().count(), MAX_ERROR_BODY + 1);
        assert!(cut.ends_with('…'));
        assert_eq!(truncate("short".to_owned()), "short");
    }

    #[test]
    fn random_tokens_are_long_hex_and_differ() {
        let token = random_hex(4);
        assert_eq!(token.len(), 64);
        assert!(token.chars().all(|c| c.is_ascii_hexdigit()));
        assert_ne!(token, random_hex(4));
    }

    #[test]
    fn only_marketdesk_variables_are_scrubbed() {
        assert!(is_marketdesk_var(OsStr::new("MARKETDESK_DATABASE_URL")));
        assert!(!is_marketdesk_var(OsStr::new("RUST_LOG")));
        assert!(!is_marketdesk_var(OsStr::new("MARKETDESK")));
    }
}
