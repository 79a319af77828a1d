//! Several `serve` nodes on one PostgreSQL database: what is done on one is
//! seen on the other — attachments, a chat's agent reply, search, limits.

use std::time::{Duration, Instant};

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::common::{ADMIN_TOKEN, Backend, TestApp};

async fn call(
    url: &str,
    method: reqwest::Method,
    path: &str,
    body: Option<Value>,
) -> (StatusCode, reqwest::Response) {
    let client = reqwest::Client::new();
    let mut request = client
        .request(method, format!("{url}{path}"))
        .bearer_auth(ADMIN_TOKEN);
    if let Some(body) = body {
        request = request.json(&body);
    }
    let response = request.send().await.expect("request");
    (response.status(), response)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_nodes_share_attachments_chats_search_and_limits() {
    if std::env::var("MARKETDESK_TEST_POSTGRES_URL").is_err() {
        eprintln!("MARKETDESK_TEST_POSTGRES_URL is not set: several nodes not tested");
        return;
    }
    let a = TestApp::start(Backend::Postgres, |_| {}).await;
    let b = a.second_node().await;
    // A's live pages wake on B's writes (LISTEN/NOTIFY), not on a timer.
    let mut woken = a.services().watch_changes();
    woken.borrow_and_update();
    // The LISTEN connection is opened by a background task: give it a moment.
    tokio::time::sleep(Duration::from_millis(300)).await;

    // An attachment uploaded on B downloads from A.
    let photo = b"\x89PNG\r\n\x1a\n a photo of a torn parcel";
    let encoded = "iVBORw0KGgogYSBwaG90byBvZiBhIHRvcm4gcGFyY2Vs";
    let (status, response) = call(
        &b.url,
        reqwest::Method::POST,
        "/api/v1/tickets",
        Some(json!({"subject": "Parcel arrived torn quokkabeacon", "requester": {"email": "torn@example.com"},
            "message": {"body": "See the photo", "attachments": [{"filename": "parcel.png", "content_type": "image/png", "content_base64": encoded}]}})),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    tokio::time::timeout(Duration::from_millis(800), woken.changed())
        .await
        .expect("A woke on B's write")
        .expect("the change channel");
    let ticket: Value = response.json().await.unwrap();
    let attachment = ticket["messages"][0]["attachments"][0]["id"]
        .as_i64()
        .unwrap();
    let (status, response) = call(
        &a.url,
        reqwest::Method::GET,
        &format!("/api/v1/attachments/{attachment}"),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(response.bytes().await.unwrap().as_ref(), photo);

    // Search on A finds what was written on B, within a second.
    let deadline = Instant::now() + Duration::from_secs(1);
    loop {
        let (_, hits) = a.get("/api/v1/search?q=quokkabeacon", ADMIN_TOKEN).await;
        if hits
            .to_string()
            .contains(&ticket["reference"].as_str().unwrap().to_string())
        {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "not found on A within a second: {hits}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }

    // A chat on A hands over; the agent answers on B; the chat on A has it
    // within a second.
    let (chat, _) = crate::chat::Chat::try_start(&a, "en").await.unwrap();
    chat.say("I want to talk to a person").await;
    let handed = chat.say("waiting@example.com").await;
    let reference = handed
        .last()
        .unwrap()
        .split(['(', ')'])
        .nth(1)
        .unwrap()
        .to_string();
    let (_, list) = a.get("/api/v1/tickets?channel=chat", ADMIN_TOKEN).await;
    let chat_ticket = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["reference"] == reference.as_str())
        .expect("the hand-over ticket")["id"]
        .as_i64()
        .unwrap();
    let last = chat.since(0).await.last().unwrap()["id"].as_i64().unwrap();
    let (status, _) = call(
        &b.url,
        reqwest::Method::POST,
        &format!("/api/v1/tickets/{chat_ticket}/messages"),
        Some(json!({"body": "Hello from node B, how can I help?"})),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    let deadline = Instant::now() + Duration::from_secs(1);
    loop {
        let new = chat.since(last).await;
        if new
            .iter()
            .any(|m| m["body"].as_str().unwrap_or("").contains("node B"))
        {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the reply did not reach A: {new:?}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }

    // Failed order sign-ins count across nodes: ten wrong guesses split
    // between A and B, and the eleventh is refused on either.
    for i in 0..10 {
        let url = if i % 2 == 0 { &a.url } else { &b.url };
        let (status, _) = call(
            url,
            reqwest::Method::POST,
            "/api/v1/auth/order-access",
            Some(json!({"order_number": "SO-999999", "email": format!("guess{i}@example.com")})),
        )
        .await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "guess {i}");
    }
    let (status, _) = call(
        &a.url,
        reqwest::Method::POST,
        "/api/v1/auth/order-access",
        Some(json!({"order_number": "SO-999999", "email": "last@example.com"})),
    )
    .await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);

    b.instance.stop().await.expect("clean stop");
    a.finish().await;
}

/// Managed databases require TLS: `?sslmode=require` connects encrypted.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_connections_can_require_tls() {
    let Ok(base) = std::env::var("MARKETDESK_TEST_POSTGRES_URL") else {
        eprintln!("MARKETDESK_TEST_POSTGRES_URL is not set: PostgreSQL TLS not tested");
        return;
    };
    use sqlx::Connection;
    let mut plain = sqlx::PgConnection::connect(&base).await.expect("connect");
    let ssl: String = sqlx::query_scalar("SHOW ssl")
        .fetch_one(&mut plain)
        .await
        .expect("show ssl");
    if ssl != "on" {
        eprintln!("this PostgreSQL server does not offer TLS: not tested");
        return;
    }
    let app = TestApp::start(Backend::Postgres, |config| {
        if let Some(url) = &mut config.database_url {
            url.push_str("?sslmode=require");
        }
    })
    .await;
    let mut conn = app
        .services()
        .raw_store()
        .reader()
        .await
        .expect("a connection");
    let encrypted: bool =
        sqlx::query_scalar("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")
            .fetch_one(&mut *conn)
            .await
            .expect("pg_stat_ssl");
    assert!(encrypted, "the connection is not encrypted");
    drop(conn);
    let (status, _) = app.get("/healthz", "").await;
    assert_eq!(status, StatusCode::OK);
    app.finish().await;
}

/// Webhook deliveries are leased: with two nodes delivering at once (their
/// background workers, and rounds run by hand on both), each event reaches
/// the platform exactly once.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_nodes_deliver_each_webhook_once() {
    if std::env::var("MARKETDESK_TEST_POSTGRES_URL").is_err() {
        eprintln!("MARKETDESK_TEST_POSTGRES_URL is not set: several nodes not tested");
        return;
    }
    let hooks = crate::after_sales::receiver().await;
    *hooks.answer.lock().unwrap() = 204;
    let url = hooks.url.clone();
    let configure = move |config: &mut marketdesk::config::Config| {
        config.webhook_url = Some(url.clone());
        config.webhook_secret = "whsec-0123456789abcdef".into();
    };
    let a = TestApp::start(Backend::Postgres, configure.clone()).await;
    let b = a.second_node_with(configure).await;
    const EVENTS: usize = 12;
    let customer = crate::fixtures::customer("many@example.com")
        .create(&a)
        .await;
    for i in 0..EVENTS {
        let number = format!("SO-77{i:04}");
        crate::fixtures::tee_order(&number, customer)
            .insert(&a)
            .await;
        let (status, body) = a
            .post(
                &format!("/api/v1/orders/{number}/address"),
                ADMIN_TOKEN,
                json!({"address": {"name": "M", "line1": format!("Calle {i}"), "city": "Madrid", "postal_code": "28013", "country": "ES"}}),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
    }
    let now = marketdesk_service::now_ms();
    for _ in 0..3 {
        let (x, y) = tokio::join!(
            a.services().deliver_webhooks(now),
            b.instance.services.deliver_webhooks(now),
        );
        x.expect("A delivers");
        y.expect("B delivers");
    }
    let deadline = Instant::now() + Duration::from_secs(10);
    while hooks.received.lock().unwrap().len() < EVENTS {
        assert!(Instant::now() < deadline, "not every event was delivered");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    // The background workers keep running: nothing arrives twice.
    tokio::time::sleep(Duration::from_millis(2500)).await;
    let received = hooks.received.lock().unwrap().clone();
    let ids: std::collections::BTreeSet<String> = received
        .iter()
        .map(|(_, body)| serde_json::from_str::<Value>(body).unwrap()["id"].to_string())
        .collect();
    assert_eq!(received.len(), EVENTS, "{received:?}");
    assert_eq!(ids.len(), EVENTS);
    b.instance.stop().await.expect("clean stop");
    a.finish().await;
}

/// Each node keeps recently checked credentials for a few seconds; a token
/// revoked on one node must stop working on the other at once (NOTIFY), not
/// when the cache entry runs out.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_token_revoked_on_one_node_is_refused_by_the_other() {
    if std::env::var("MARKETDESK_TEST_POSTGRES_URL").is_err() {
        eprintln!("MARKETDESK_TEST_POSTGRES_URL is not set: several nodes not tested");
        return;
    }
    let a = TestApp::start(Backend::Postgres, |_| {}).await;
    let b = a.second_node().await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let (_, token) = crate::fixtures::staff("agent", "cached@example.com")
        .with_token(&a)
        .await;
    // Checked (and so cached) on A.
    assert_eq!(a.get("/api/v1/me", &token).await.0, StatusCode::OK);
    let (_, tokens) = a.get("/api/v1/tokens", ADMIN_TOKEN).await;
    let id = tokens
        .as_array()
        .expect("tokens")
        .iter()
        .find(|t| t["name"] == "test")
        .expect("the agent's token")["id"]
        .as_i64()
        .expect("id");
    let (status, _) = call(
        &b.url,
        reqwest::Method::DELETE,
        &format!("/api/v1/tokens/{id}"),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let revoked = Instant::now();
    loop {
        let status = a.get("/api/v1/me", &token).await.0;
        if status == StatusCode::UNAUTHORIZED {
            break;
        }
        assert_eq!(status, StatusCode::OK);
        assert!(
            revoked.elapsed() < Duration::from_secs(1),
            "node A still accepted the token revoked on B after a second"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reply_on_one_node_wakes_the_customers_socket_on_the_other() {
    if std::env::var("MARKETDESK_TEST_POSTGRES_URL").is_err() {
        eprintln!("MARKETDESK_TEST_POSTGRES_URL is not set: several nodes not tested");
        return;
    }
    let a = TestApp::start(Backend::Postgres, |_| {}).await;
    let b = a.second_node().await;
    // The LISTEN connections are opened by background tasks: give them a moment.
    tokio::time::sleep(Duration::from_millis(300)).await;
    let (chat, ticket) = crate::live_chat::waiting_chat(&a, "two.nodes@example.com").await;
    let mut socket = crate::live_chat::open(&a, "/chat/socket", &chat.cookie).await;
    crate::live_chat::frame_with(&mut socket, "status").await;
    // The agent answers on B; the socket on A wakes at once (its own look
    // is 30 s away): LISTEN/NOTIFY, not a timer.
    let sent = Instant::now();
    let (status, _) = call(
        &b.url,
        reqwest::Method::POST,
        &format!("/api/v1/tickets/{ticket}/messages"),
        Some(json!({"body": "Hello from node B, live"})),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    let frame = tokio::time::timeout(
        Duration::from_secs(5),
        crate::live_chat::frame_with(&mut socket, "messages"),
    )
    .await
    .expect("the line within seconds");
    assert!(
        frame.to_string().contains("Hello from node B, live"),
        "{frame}"
    );
    assert!(sent.elapsed() < Duration::from_secs(5));
}
