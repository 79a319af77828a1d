//! `marketdesk bench --chat-sockets N`: N customers' chat sockets open on
//! one node, and how fast an agent's line reaches one of them.
//!
//! Starts `marketdesk serve`, hands N chats over to a person (a chat
//! ticket each, written through the API; the chat sessions next to them in
//! the database, as the assistant leaves them), opens the N customers'
//! WebSockets (`/chat/socket`, with their chat cookie) and reports:
//!
//! * **open sockets**: how many stayed open, and how long opening them took;
//! * **memory per socket**: the server's resident memory after opening
//!   them, less before, divided by N;
//! * **delivery latency**: from an agent's reply (`POST
//!   /api/v1/tickets/{id}/messages`) to the line arriving on that
//!   customer's socket, for `--requests` replies to sockets picked at
//!   random (p50, p95, p99, max), `--concurrency` at a time.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::{Context, ensure};
use futures_util::StreamExt;
use serde_json::{Value, json};
use tokio::sync::oneshot;
use tokio::task::JoinSet;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::protocol::WebSocketConfig;

use crate::bench::{Server, kb_to_mb, millis};

/// Sockets opened at once while connecting.
const CONNECTING_AT_ONCE: usize = 256;
/// How long one reply may take to arrive before it counts as lost.
const DELIVERY_TIMEOUT: Duration = Duration::from_secs(30);
/// Tickets created at once through the API.
const CREATING_AT_ONCE: usize = 32;

/// Who waits for which line: the reply's text and where to say it came.
type Waiting = Arc<Mutex<HashMap<String, oneshot::Sender<Instant>>>>;

pub(crate) async fn run(
    sockets: usize,
    replies: usize,
    concurrency: usize,
    database_url: Option<&str>,
) -> anyhow::Result<Value> {
    ensure!(sockets > 0, "--chat-sockets must be at least 1");
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(CREATING_AT_ONCE)
        .timeout(Duration::from_secs(60))
        .build()?;
    let mut server = Server::spawn_with(&client, database_url, &[]).await?;
    let base = server.base_url();
    let token = server.token.clone();

    // The chats, handed over: a ticket each, and its session.
    let prepared = Instant::now();
    let tickets = create_tickets(&client, &base, &token, sockets).await?;
    let store = crate::serve::open_store(server.data_dir.path(), database_url).await?;
    let mut cookies = Vec::with_capacity(sockets);
    for chunk in tickets.chunks(1000) {
        let mut tx = store.begin().await?;
        for (n, (ticket, person)) in chunk.iter().enumerate() {
            let secret = format!("bench-chat-{ticket}-{n}-{}", crate::bench::random_hex(2));
            let now = marketdesk_service::now_ms();
            let id = marketdesk_store::chat::create(
                &mut tx,
                &marketdesk_service::kernel::auth::hash_secret(&secret),
                "en",
                &json!({"relayed": 0}),
                now,
            )
            .await?;
            let session = marketdesk_store::chat::ChatSession {
                id,
                language: "en".into(),
                person_id: Some(*person),
                order_id: None,
                state: json!({"relayed": 0}),
                ticket_id: Some(*ticket),
                failures: 0,
                created_at: now,
                updated_at: now,
            };
            marketdesk_store::chat::save(&mut tx, &session, now).await?;
            cookies.push((*ticket, secret));
        }
        tx.commit().await?;
    }
    store.close().await;
    let prepare_ms = millis(prepared.elapsed());

    // Settle, then the memory without the sockets.
    tokio::time::sleep(Duration::from_secs(2)).await;
    let before_kb = server.memory_kb("VmRSS").await;

    let waiting: Waiting = Arc::default();
    let connecting = Instant::now();
    let mut open = JoinSet::new();
    let mut connected = Vec::with_capacity(sockets);
    let mut failed = 0usize;
    let host = base.trim_start_matches("http://").to_owned();
    for chunk in cookies.chunks(CONNECTING_AT_ONCE) {
        for (ticket, secret) in chunk {
            let (host, origin, secret, ticket) =
                (host.clone(), base.clone(), secret.clone(), *ticket);
            open.spawn(async move {
                let mut request =
                    format!("ws://{host}/chat/socket?after=0").into_client_request()?;
                request
                    .headers_mut()
                    .insert("cookie", format!("md_chat={secret}").parse()?);
                request.headers_mut().insert("origin", origin.parse()?);
                let config = WebSocketConfig::default()
                    .read_buffer_size(4096)
                    .write_buffer_size(0);
                let (socket, _) =
                    tokio_tungstenite::connect_async_with_config(request, Some(config), true)
                        .await?;
                anyhow::Ok((ticket, socket))
            });
        }
        while let Some(result) = open.join_next().await {
            match result.context("a connecting task")? {
                Ok(pair) => connected.push(pair),
                Err(_) => failed += 1,
            }
        }
    }
    let connect_ms = millis(connecting.elapsed());
    let open_sockets = connected.len();
    // Every socket reads on its own task, as a browser tab would; replies
    // are recognised by their text.
    let mut readers = JoinSet::new();
    let mut ticket_list = Vec::with_capacity(open_sockets);
    for (ticket, socket) in connected {
        ticket_list.push(ticket);
        let waiting = Arc::clone(&waiting);
        readers.spawn(async move {
            let (_, mut read) = socket.split();
            while let Some(Ok(frame)) = read.next().await {
                let Message::Text(text) = frame else { continue };
                let Ok(body) = serde_json::from_str::<Value>(text.as_str()) else {
                    continue;
                };
                for line in body["messages"].as_array().into_iter().flatten() {
                    if let Some(text) = line["body"].as_str()
                        && let Some(tell) = waiting.lock().ok().and_then(|mut w| w.remove(text))
                    {
                        let _ = tell.send(Instant::now());
                    }
                }
            }
        });
    }
    tokio::time::sleep(Duration::from_secs(3)).await;
    let after_kb = server.memory_kb("VmRSS").await;

    // Replies to sockets picked at random, `concurrency` at a time.
    let mut latencies = Vec::with_capacity(replies);
    let mut lost = 0usize;
    let mut sending = JoinSet::new();
    let mut seed = 0x9e37_79b9_7f4a_7c15_u64;
    for n in 0..replies {
        if ticket_list.is_empty() {
            break;
        }
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let ticket = ticket_list[(seed % ticket_list.len() as u64) as usize];
        let text = format!("Reply {n} from the bench agent");
        let (tell, arrived) = oneshot::channel();
        if let Ok(mut w) = waiting.lock() {
            w.insert(text.clone(), tell);
        }
        let (client, base, token) = (client.clone(), base.clone(), token.clone());
        sending.spawn(async move {
            let sent = Instant::now();
            let posted = client
                .post(format!("{base}/api/v1/tickets/{ticket}/messages"))
                .bearer_auth(&token)
                .json(&json!({"body": text}))
                .send()
                .await
                .is_ok_and(|r| r.status().is_success());
            if !posted {
                return None;
            }
            match tokio::time::timeout(DELIVERY_TIMEOUT, arrived).await {
                Ok(Ok(at)) => Some(at.duration_since(sent)),
                _ => None,
            }
        });
        if sending.len() >= concurrency.max(1) {
            match sending.join_next().await {
                Some(Ok(Some(latency))) => latencies.push(latency),
                _ => lost += 1,
            }
        }
    }
    while let Some(result) = sending.join_next().await {
        match result {
            Ok(Some(latency)) => latencies.push(latency),
            _ => lost += 1,
        }
    }
    latencies.sort();
    let followed = (open_sockets > 0).then_some(open_sockets);
    readers.abort_all();
    let peak_kb = server.memory_kb("VmHWM").await;
    server.stop().await;
    let per_socket_kb = match (before_kb, after_kb, followed) {
        (Some(before), Some(after), Some(n)) => {
            Some(after.saturating_sub(before) as f64 / n as f64)
        }
        _ => None,
    };
    Ok(json!({
        "backend": if database_url.is_some() { "postgres" } else { "sqlite" },
        "sockets": sockets,
        "open_sockets": open_sockets,
        "failed_to_open": failed,
        "prepare_ms": prepare_ms,
        "connect_ms": connect_ms,
        "rss_before_sockets_mb": before_kb.map(kb_to_mb),
        "rss_with_sockets_mb": after_kb.map(kb_to_mb),
        "kb_per_socket": per_socket_kb,
        "peak_rss_mb": peak_kb.map(kb_to_mb),
        "replies": replies,
        "concurrency": concurrency,
        "delivered": latencies.len(),
        "lost": lost,
        "delivery_ms": {
            "p50": percentile(&latencies, 50.0),
            "p95": percentile(&latencies, 95.0),
            "p99": percentile(&latencies, 99.0),
            "max": latencies.last().map(|d| millis(*d)),
        },
    }))
}

/// `count` chat tickets of as many customers: (ticket id, requester id).
async fn create_tickets(
    client: &reqwest::Client,
    base: &str,
    token: &str,
    count: usize,
) -> anyhow::Result<Vec<(i64, i64)>> {
    let mut tasks = JoinSet::new();
    let mut tickets = Vec::with_capacity(count);
    for n in 0..count {
        let (client, base, token) = (client.clone(), base.to_owned(), token.to_owned());
        tasks.spawn(async move {
            let response = client
                .post(format!("{base}/api/v1/tickets"))
                .bearer_auth(&token)
                .json(&json!({
                    "subject": "Chat with the assistant",
                    "channel": "chat",
                    "requester": {"email": format!("chat{n}@bench.example")},
                    "message": {"body": "I would like to talk to a person, please."},
                }))
                .send()
                .await?;
            ensure!(
                response.status().is_success(),
                "creating a chat ticket: {}",
                response.status()
            );
            let ticket: Value = response.json().await?;
            Ok((
                ticket["id"].as_i64().context("ticket id")?,
                ticket["requester"]["id"].as_i64().context("requester id")?,
            ))
        });
        if tasks.len() >= CREATING_AT_ONCE
            && let Some(result) = tasks.join_next().await
        {
            tickets.push(result.context("a creating task")??);
        }
    }
    while let Some(result) = tasks.join_next().await {
        tickets.push(result.context("a creating task")??);
    }
    Ok(tickets)
}

fn percentile(sorted: &[Duration], p: f64) -> Option<f64> {
    if sorted.is_empty() {
        return None;
    }
    let rank = ((p / 100.0) * (sorted.len() - 1) as f64).round() as usize;
    Some(millis(sorted[rank.min(sorted.len() - 1)]))
}
