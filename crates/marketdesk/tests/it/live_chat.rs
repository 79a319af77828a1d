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

pub(crate) type Socket =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

pub(crate) async fn open(app: &TestApp, path: &str, cookie: &str) -> Socket {
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
pub(crate) async fn frame_with(socket: &mut Socket, key: &str) -> Value {
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
pub(crate) async fn waiting_chat(app: &TestApp, email: &str) -> (Chat, i64) {
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

async fn chat_post(app: &TestApp, chat: &Chat, path: &str, body: Value) -> (StatusCode, Value) {
    let response = reqwest::Client::new()
        .post(format!("{}{path}", app.url))
        .header("X-Requested-With", "test")
        .header("cookie", &chat.cookie)
        .json(&body)
        .send()
        .await
        .unwrap();
    let status = response.status();
    (status, response.json().await.unwrap_or(Value::Null))
}

backend_test!(
    with_nobody_online_the_chat_takes_a_message_and_mails_the_transcript,
    offline_body
);
async fn offline_body(app: &TestApp) {
    // Nobody is online: the chat offers the offline form.
    let response = reqwest::Client::new()
        .post(format!("{}/chat/start", app.url))
        .header("X-Requested-With", "test")
        .json(&json!({"language": "es"}))
        .send()
        .await
        .unwrap();
    let start: Value = response.json().await.unwrap();
    assert_eq!(start["offline"], true, "{start}");
    let (chat, _) = Chat::start(app, "es").await;

    // Refused whole, in Spanish: nothing filed.
    let (status, refused) = chat_post(
        app,
        &chat,
        "/chat/offline",
        json!({"name": "Lucía", "email": "not an address", "message": "Hola"}),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{refused}");
    let (_, tickets) = app.get("/api/v1/tickets?channel=chat", ADMIN_TOKEN).await;
    assert_eq!(tickets["items"], json!([]));

    let (status, answer) = chat_post(
        app,
        &chat,
        "/chat/offline",
        json!({"name": "Lucía", "email": "lucia@example.com", "message": "¿Podéis cambiar la talla de mi pedido?"}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    let thanks = answer["messages"].as_array().unwrap().last().unwrap()["body"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(thanks.contains("lucia@example.com"), "{thanks}");
    let reference = thanks
        .split(['(', ')'])
        .nth(1)
        .expect("a reference")
        .to_owned();
    let (_, ticket) = app
        .get(&format!("/api/v1/tickets/{reference}"), ADMIN_TOKEN)
        .await;
    assert_eq!(ticket["requester"]["email"], "lucia@example.com");
    assert_eq!(ticket["requester"]["name"], "Lucía");
    assert!(
        ticket["tags"]
            .as_array()
            .unwrap()
            .contains(&json!("offline"))
    );
    assert_eq!(
        ticket["messages"][0]["body_text"],
        "¿Podéis cambiar la talla de mi pedido?"
    );

    // The answer reaches the chat too, once.
    let (_, agent) = fixtures::staff("agent", "ana@example.com")
        .with_token(app)
        .await;
    let (status, _) = app
        .post(
            &format!("/api/v1/tickets/{reference}/messages"),
            &agent,
            json!({"body": "Claro, ¿qué talla necesitas?"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
    for _ in 0..2 {
        let lines = chat.since(0).await;
        assert_eq!(
            lines
                .iter()
                .filter(|l| l["sender"] == "agent" && l["body"] == "Claro, ¿qué talla necesitas?")
                .count(),
            1,
            "{lines:?}"
        );
    }

    // The transcript, by email: to the address the chat knows.
    let (status, sent) = chat_post(app, &chat, "/chat/transcript", json!({})).await;
    assert_eq!(status, StatusCode::OK, "{sent}");
    assert_eq!(sent["sent_to"], "lucia@example.com");
    let mut conn = app.services().raw_store().reader().await.unwrap();
    let mail = marketdesk_store::outbox::to_address(&mut conn, "lucia@example.com")
        .await
        .unwrap();
    drop(conn);
    let transcript = mail
        .iter()
        .find(|m| m.purpose == "chat_transcript")
        .expect("the transcript mail");
    assert!(
        transcript.subject.starts_with("Tu chat con"),
        "{}",
        transcript.subject
    );
    assert!(
        transcript
            .body_text
            .contains("Nuestro equipo: Claro, ¿qué talla necesitas?"),
        "{}",
        transcript.body_text
    );

    // A chat that knows no address must be told one; and three an hour at most.
    let (fresh, _) = Chat::start(app, "en").await;
    let (status, refused) = chat_post(app, &fresh, "/chat/transcript", json!({})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{refused}");
    for _ in 0..3 {
        let (status, _) = chat_post(
            app,
            &fresh,
            "/chat/transcript",
            json!({"email": "bo@example.com"}),
        )
        .await;
        assert_eq!(status, StatusCode::OK);
    }
    let (status, _) = chat_post(
        app,
        &fresh,
        "/chat/transcript",
        json!({"email": "bo@example.com"}),
    )
    .await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
}

backend_test!(files_travel_both_ways_in_a_live_chat, files_body);
async fn files_body(app: &TestApp) {
    let upload = |chat: &Chat, name: &str, bytes: &'static [u8]| {
        let form = reqwest::multipart::Form::new().part(
            "file",
            reqwest::multipart::Part::bytes(bytes)
                .file_name(name.to_owned())
                .mime_str("image/png")
                .unwrap(),
        );
        reqwest::Client::new()
            .post(format!("{}/chat/attachments", app.url))
            .header("X-Requested-With", "test")
            .header("cookie", &chat.cookie)
            .multipart(form)
    };
    // Before a person has the chat: not yet, and said so.
    let (early, _) = Chat::start(app, "en").await;
    let refused = upload(&early, "photo.png", b"\x89PNG early")
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), StatusCode::CONFLICT);
    let body: Value = refused.json().await.unwrap();
    assert!(
        body["error"].as_str().unwrap().contains("once a person"),
        "{body}"
    );

    let (chat, ticket) = waiting_chat(app, "lucia@example.com").await;
    let sent = upload(&chat, "broken-heel.png", b"\x89PNG the heel")
        .send()
        .await
        .unwrap();
    assert_eq!(sent.status(), StatusCode::OK);
    let lines: Value = sent.json().await.unwrap();
    assert!(
        lines["messages"]
            .as_array()
            .unwrap()
            .iter()
            .any(|l| l["sender"] == "customer" && l["body"] == "📎 broken-heel.png"),
        "{lines}"
    );
    let (_, detail) = app
        .get(&format!("/api/v1/tickets/{ticket}"), ADMIN_TOKEN)
        .await;
    let last = detail["messages"]
        .as_array()
        .unwrap()
        .last()
        .unwrap()
        .clone();
    assert_eq!(
        last["attachments"][0]["filename"], "broken-heel.png",
        "{last}"
    );

    // An agent's file arrives as a link the customer (and only they) can open.
    let (_, agent) = fixtures::staff("agent", "ana@example.com")
        .with_token(app)
        .await;
    let (status, _) = app
        .post(
            &format!("/api/v1/tickets/{ticket}/messages"),
            &agent,
            json!({"body": "Here is the return label.", "attachments": [
                {"filename": "label.txt", "content_type": "text/plain", "content_base64": "TEFCRUw="}]}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
    let lines = chat.since(0).await;
    let reply = lines
        .iter()
        .find(|l| l["sender"] == "agent")
        .expect("the agent's line")["body"]
        .as_str()
        .unwrap()
        .to_owned();
    let link = reply
        .split_whitespace()
        .find(|w| w.starts_with("/chat/files/"))
        .unwrap_or_else(|| panic!("a link in {reply}"))
        .to_owned();
    let download = |cookie: &str| {
        reqwest::Client::new()
            .get(format!("{}{link}", app.url))
            .header("cookie", cookie)
            .send()
    };
    let file = download(&chat.cookie).await.unwrap();
    assert_eq!(file.status(), StatusCode::OK);
    assert_eq!(file.bytes().await.unwrap().as_ref(), b"LABEL");
    let stranger = download(&early.cookie).await.unwrap();
    assert_eq!(stranger.status(), StatusCode::NOT_FOUND);
}
