//! `marketdesk bench --mail N`: messages from SMTP DATA to ticket.
//!
//! Starts `marketdesk serve` with its SMTP receiver, delivers `N` messages
//! (each from its own sender, so each opens a ticket) over `concurrency`
//! concurrent clients with a real SMTP client (lettre, its connections
//! reused as a relay's are), and reports:
//!
//! * **accepted per second**: messages answered `250` (stored raw) per second;
//! * **to ticket per second**: from the first DATA until the last message
//!   is a ticket (parsed, threaded, ticket and acknowledgement written);
//! * **peak RSS**: the server's resident memory high-water mark (`VmHWM`).

use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Context, ensure};
use lettre::address::Envelope;
use lettre::{AsyncSmtpTransport, AsyncTransport, Tokio1Executor};
use serde_json::{Value, json};
use tokio::task::JoinSet;

use crate::bench::{Server, free_port, kb_to_mb, millis};

const DESK: &str = "help@bench.example";
/// How long the server may take to read everything it accepted.
const DRAIN_TIMEOUT: Duration = Duration::from_secs(600);

pub(crate) async fn run(
    messages: usize,
    concurrency: usize,
    database_url: Option<&str>,
) -> anyhow::Result<Value> {
    ensure!(messages > 0, "--mail must be at least 1");
    let smtp_port = free_port()?;
    let client = reqwest::Client::new();
    let extra = vec![
        "--smtp-listen".to_string(),
        format!("127.0.0.1:{smtp_port}"),
        "--mail-from".to_string(),
        format!("Bench Desk <{DESK}>"),
    ];
    let mut server = Server::spawn_with(&client, database_url, &extra).await?;
    let idle_rss_kb = server.memory_kb("VmRSS").await;

    let transport = Arc::new(
        AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous("127.0.0.1")
            .port(smtp_port)
            .pool_config(
                lettre::transport::smtp::PoolConfig::new()
                    .max_size(u32::try_from(concurrency).unwrap_or(u32::MAX)),
            )
            .build(),
    );
    let started = Instant::now();
    let mut tasks = JoinSet::new();
    for worker in 0..concurrency {
        let transport = Arc::clone(&transport);
        tasks.spawn(async move {
            let mut failed = 0usize;
            for n in (worker..messages).step_by(concurrency) {
                let from = format!("customer{n}@bench.example");
                let raw = format!(
                    "From: Customer {n} <{from}>\r\nTo: {DESK}\r\nSubject: Where is order SO-{n}?\r\nMessage-ID: <bench.{n}@bench.example>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nHello, my order SO-{n} has not arrived yet. Can you check where it is?\r\n"
                );
                let envelope = Envelope::new(
                    Some(from.parse().expect("a valid sender")),
                    vec![DESK.parse().expect("a valid recipient")],
                )
                .expect("an envelope");
                if transport.send_raw(&envelope, raw.as_bytes()).await.is_err() {
                    failed += 1;
                }
            }
            failed
        });
    }
    let mut failed = 0;
    while let Some(result) = tasks.join_next().await {
        failed += result.context("an SMTP client task")?;
    }
    let accepted_in = started.elapsed();
    let accepted = messages - failed;

    // Reading happens in the server; count what it finished in the database.
    let store = crate::serve::open_store(server.data_dir.path(), database_url).await?;
    let processed = loop {
        let mut conn = store.reader().await?;
        let done = marketdesk_store::inbound::processed(&mut conn).await?;
        drop(conn);
        if done >= accepted as i64 || started.elapsed() > DRAIN_TIMEOUT {
            break done;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    };
    let to_ticket_in = started.elapsed();
    store.close().await;
    let peak_rss_kb = server.memory_kb("VmHWM").await;
    server.stop().await;
    Ok(json!({
        "backend": if database_url.is_some() { "postgres" } else { "sqlite" },
        "messages": messages,
        "concurrency": concurrency,
        "accepted": accepted,
        "failed": failed,
        "read_into_tickets": processed,
        "accepted_per_second": accepted as f64 / accepted_in.as_secs_f64(),
        "to_ticket_per_second": processed as f64 / to_ticket_in.as_secs_f64(),
        "accept_ms": millis(accepted_in),
        "to_ticket_ms": millis(to_ticket_in),
        "start_to_ready_ms": millis(server.start_to_ready),
        "idle_rss_mb": idle_rss_kb.map(kb_to_mb),
        "peak_rss_mb": peak_rss_kb.map(kb_to_mb),
    }))
}
