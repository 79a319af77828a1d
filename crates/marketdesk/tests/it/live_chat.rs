//! The live chat console over its WebSocket, as the console page uses it:
//! waiting chats appear without asking, an agent accepts within their
//! capacity (a second agent is told who took it), lines and typing travel
//! both ways, each line once.

use futures_util::{SinkExt, StreamExt};
use reqwest::StatusCode;
use serde_json::{Value, json};
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;

use crate::backend_test;
use crate::chat::Chat;
use crate::common::{ADMIN_TOKEN, TestApp};
use crate::fixtures;

type Socket =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

async fn open(app: &TestApp, path: &str, cookie: &str) -> Socket {
    let host = app.url.trim_start_matches("http://");
    let mut request = format!("ws://{host}{path}").into_client_request().unwrap();
    request
        .headers_mut()
        .insert("cookie", cookie.parse().unwrap());
    request
        .headers_mut()
        .insert("origin", app.url.parse().unwrap());
    tokio_tungstenite::connect_async(request)
        .await
        .expect("socket")
        .0
}

/// The next frame that has `key`, skipping the others.
async fn frame_with(socket: &mut Socket, key: &str) -> Value {
    loop {
        let frame = tokio::time::timeout(std::time::Duration::from_secs(60), socket.next())
            .await
            .unwrap_or_else(|_| panic!("no {key} frame within 60 s"))
            .expect("open")
            .expect("a frame");
        if let Message::Text(text) = frame {
            let body: Value = serde_json::from_str(text.as_str()).unwrap();
            if !body[key].is_null() {
                return body;
            }
        }
    }
}

async fn send(socket: &mut Socket, command: Value) {
    socket
        .send(Message::Text(command.to_string().into()))
        .await
        .unwrap();
}

/// A customer who asked for a person: their chat and its ticket id.
async fn waiting_chat(app: &TestApp, email: &str) -> (Chat, i64) {
    let (chat, _) = Chat::start(app, "es").await;
    chat.say("Quiero hablar con una persona").await;
    let handed = chat.say(email).await;
    let reference = handed
        .last()
        .and_then(|line| line.split(['(', ')']).nth(1).map(str::to_owned))
        .unwrap_or_else(|| panic!("handed over: {handed:?}"));
    let (_, ticket) = app
        .get(&format!("/api/v1/tickets/{reference}"), ADMIN_TOKEN)
        .await;
    (chat, ticket["id"].as_i64().unwrap())
}

fn listed(queue: &Value, list: &str, ticket: i64) -> bool {
    queue["queue"][list]
        .as_array()
        .unwrap()
        .iter()
        .any(|c| c["ticket_id"] == ticket)
}

backend_test!(
    agents_take_chats_live_and_talk_with_the_customer,
    console_body,
    |config: &mut marketdesk::config::Config| {
        // Accepting is the agents' doing here, not routing's.
        config.policy.routing.enabled = false;
    }
);
async fn console_body(app: &TestApp) {
    let ana = fixtures::staff("agent", "ana@example.com")
        .named("Ana")
        .create(app)
        .await;
    fixtures::staff("agent", "bo@example.com")
        .named("Bo")
        .create(app)
        .await;
    let ana_web = crate::web::signed_in(app, "ana@example.com").await;
    let bo_web = crate::web::signed_in(app, "bo@example.com").await;
    let mut console = open(app, "/agent/chats/socket", &ana_web.cookie_header()).await;
    let first = frame_with(&mut console, "queue").await;
    assert_eq!(first["queue"]["waiting"], json!([]));

    // A customer asks for a person: the chat appears in the console unasked.
    let (chat, ticket) = waiting_chat(app, "lucia@example.com").await;
    let queue = frame_with(&mut console, "queue").await;
    assert!(listed(&queue, "waiting", ticket), "{queue}");
    let mut customer = open(app, "/chat/socket", &chat.cookie).await;
    let status = frame_with(&mut customer, "status").await;
    assert_eq!(status["status"]["position"], 1, "{status}");
    assert!(status["status"]["wait_minutes"].as_i64().unwrap() >= 1);

    // Ana accepts: it is hers, the customer sees her name.
    send(&mut console, json!({"accept": ticket})).await;
    let lines = frame_with(&mut console, "lines").await;
    assert!(
        lines["lines"]["lines"]
            .as_array()
            .unwrap()
            .iter()
            .any(|l| l["sender"] == "customer"
                && l["body"]
                    .as_str()
                    .unwrap()
                    .contains("[customer] Quiero hablar con una persona")),
        "{lines}"
    );
    let queue = frame_with(&mut console, "queue").await;
    assert!(
        listed(&queue, "mine", ticket) && !listed(&queue, "waiting", ticket),
        "{queue}"
    );
    let status = frame_with(&mut customer, "status").await;
    assert_eq!(status["status"]["agent"], "Ana", "{status}");

    // Bo is told who took it.
    let mut other = open(app, "/agent/chats/socket", &bo_web.cookie_header()).await;
    frame_with(&mut other, "queue").await;
    send(&mut other, json!({"accept": ticket})).await;
    let refused = frame_with(&mut other, "error").await;
    assert!(
        refused["error"].as_str().unwrap().contains("Ana"),
        "{refused}"
    );

    // Typing, both ways.
    send(&mut console, json!({"typing": ticket})).await;
    let typing = frame_with(&mut customer, "typing").await;
    assert_eq!(typing["typing"], "Ana");
    send(&mut customer, json!({"typing": true})).await;
    let typing = frame_with(&mut console, "typing").await;
    assert_eq!(typing["typing"]["ticket"], ticket);

    // Lines, both ways, each once.
    send(
        &mut console,
        json!({"send": ticket, "text": "Hola Lucía, soy Ana"}),
    )
    .await;
    let down = frame_with(&mut customer, "messages").await;
    let agent_lines: Vec<&Value> = down["messages"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|l| l["sender"] == "agent")
        .collect();
    assert_eq!(agent_lines.len(), 1, "{down}");
    assert_eq!(agent_lines[0]["body"], "Hola Lucía, soy Ana");
    send(&mut customer, json!({"text": "Gracias"})).await;
    // The console's lines: each id once, in order.
    let mut seen: Vec<i64> = lines["lines"]["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["id"].as_i64().unwrap())
        .collect();
    loop {
        let up = frame_with(&mut console, "lines").await;
        let lines = up["lines"]["lines"].as_array().unwrap();
        for line in lines {
            let id = line["id"].as_i64().unwrap();
            assert!(
                seen.last().is_none_or(|last| *last < id),
                "out of order or twice: {up}"
            );
            seen.push(id);
        }
        if lines
            .iter()
            .any(|l| l["sender"] == "customer" && l["body"] == "Gracias")
        {
            break;
        }
    }
    // The customer's chat holds Ana's line once, however often it is read.
    let all = chat.since(0).await;
    assert_eq!(
        all.iter()
            .filter(|l| l["body"] == "Hola Lucía, soy Ana")
            .count(),
        1,
        "{all:?}"
    );

    // Past her chat capacity, Ana cannot take another.
    let (status, _) = app
        .send(
            reqwest::Method::PUT,
            &format!("/api/v1/agents/{ana}/routing"),
            Some(ADMIN_TOKEN),
            Some(&json!({"capacity": {"chat": 1}})),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let (_, second) = waiting_chat(app, "mateo@example.com").await;
    send(&mut console, json!({"accept": second})).await;
    let refused = frame_with(&mut console, "error").await;
    assert!(
        refused["error"].as_str().unwrap().contains("capacity"),
        "{refused}"
    );

    // A customer's session cannot open the console.
    let host = app.url.trim_start_matches("http://");
    let mut request = format!("ws://{host}/agent/chats/socket")
        .into_client_request()
        .unwrap();
    request
        .headers_mut()
        .insert("cookie", chat.cookie.parse().unwrap());
    request
        .headers_mut()
        .insert("origin", app.url.parse().unwrap());
    assert!(tokio_tungstenite::connect_async(request).await.is_err());
}
