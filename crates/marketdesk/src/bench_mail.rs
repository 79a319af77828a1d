//! `marketdesk bench --mail N`: messages from SMTP DATA to ticket.
//!
//! Starts `marketdesk serve` with its SMTP receiver, delivers `N` messages
//! (each from its own sender, so each opens a ticket) over `concurrency`
//! SMTP connections, each reused for many messages as a relay's are, and
//! reports:
//!
//! * **accepted per second**: messages answered `250` (stored raw) per second;
//! * **to ticket per second**: from the first DATA until the last message
//!   is a ticket (parsed, threaded, ticket and acknowledgement written);
//! * **peak RSS**: the server's resident memory high-water mark (`VmHWM`).

use std::time::{Duration, Instant};

use anyhow::{Context, bail, ensure};
use serde_json::{Value, json};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;
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

    let started = Instant::now();
    let mut tasks = JoinSet::new();
    for worker in 0..concurrency {
        tasks.spawn(async move {
            let mut client = SmtpClient::connect(smtp_port).await?;
            let mut failed = 0usize;
            for n in (worker..messages).step_by(concurrency) {
                let from = format!("customer{n}@bench.example");
                let raw = format!(
                    "From: Customer {n} <{from}>\r\nTo: {DESK}\r\nSubject: Where is order SO-{n}?\r\nMessage-ID: <bench.{n}@bench.example>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nHello, my order SO-{n} has not arrived yet. Can you check where it is?\r\n"
                );
                if !client.send(&from, &raw).await? {
                    failed += 1;
                }
            }
            client.quit().await;
            anyhow::Ok(failed)
        });
    }
    let mut failed = 0;
    while let Some(result) = tasks.join_next().await {
        failed += result.context("an SMTP client task")??;
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

/// A plain SMTP client for the benchmark: one connection, many messages.
struct SmtpClient {
    reader: BufReader<tokio::net::tcp::OwnedReadHalf>,
    writer: tokio::net::tcp::OwnedWriteHalf,
}

impl SmtpClient {
    async fn connect(port: u16) -> anyhow::Result<SmtpClient> {
        let stream = TcpStream::connect(("127.0.0.1", port))
            .await
            .context("connecting to the SMTP receiver")?;
        stream.set_nodelay(true)?;
        let (read, writer) = stream.into_split();
        let mut client = SmtpClient {
            reader: BufReader::new(read),
            writer,
        };
        client.reply().await?;
        client.command("EHLO bench.example").await?;
        Ok(client)
    }

    /// The code of the next (possibly multi-line) reply.
    async fn reply(&mut self) -> anyhow::Result<u16> {
        let mut line = String::new();
        loop {
            line.clear();
            if self.reader.read_line(&mut line).await? == 0 {
                bail!("the SMTP receiver closed the connection");
            }
            if line.as_bytes().get(3) != Some(&b'-') {
                return Ok(line.get(..3).and_then(|c| c.parse().ok()).unwrap_or(0));
            }
        }
    }

    async fn command(&mut self, line: &str) -> anyhow::Result<u16> {
        self.writer
            .write_all(format!("{line}\r\n").as_bytes())
            .await?;
        self.reply().await
    }

    /// Gives one message; false when the receiver did not take it.
    async fn send(&mut self, from: &str, raw: &str) -> anyhow::Result<bool> {
        if self.command(&format!("MAIL FROM:<{from}>")).await? != 250
            || self.command(&format!("RCPT TO:<{DESK}>")).await? != 250
            || self.command("DATA").await? != 354
        {
            self.command("RSET").await?;
            return Ok(false);
        }
        let mut data = raw.replace("\r\n.", "\r\n..");
        data.push_str(".\r\n");
        self.writer.write_all(data.as_bytes()).await?;
        Ok(self.reply().await? == 250)
    }

    async fn quit(&mut self) {
        let _ = self.command("QUIT").await;
    }
}
