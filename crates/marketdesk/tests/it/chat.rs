//! The chat assistant resolves errands end to end and hands over with context.

use reqwest::StatusCode;
use reqwest::header::{COOKIE, SET_COOKIE};
use serde_json::{Value, json};

use crate::backend_test;
use crate::common::{ADMIN_TOKEN, TestApp};
use crate::fixtures;
use marketdesk_domain::commerce::OrderStatus;

/// A chat over the JSON calls, as the chat page makes them.
pub(crate) struct Chat {
    client: reqwest::Client,
    base: String,
    pub(crate) cookie: String,
}

impl Chat {
    pub(crate) async fn start(app: &TestApp, language: &str) -> (Chat, Vec<Value>) {
        Chat::try_start(app, language)
            .await
            .expect("the chat starts")
    }

    /// Starts a chat, or answers the status it was refused with.
    pub(crate) async fn try_start(
        app: &TestApp,
        language: &str,
    ) -> Result<(Chat, Vec<Value>), StatusCode> {
        Chat::start_with(app, json!({"language": language})).await
    }

    /// Starts a chat from a browser in `time_zone`.
    pub(crate) async fn start_in(app: &TestApp, language: &str, time_zone: &str) -> Chat {
        let body = json!({"language": language, "time_zone": time_zone});
        Chat::start_with(app, body)
            .await
            .expect("the chat starts")
            .0
    }

    async fn start_with(app: &TestApp, body: Value) -> Result<(Chat, Vec<Value>), StatusCode> {
        let client = reqwest::Client::new();
        let response = client
            .post(format!("{}/chat/start", app.url))
            .header("X-Requested-With", "test")
            .json(&body)
            .send()
            .await
            .unwrap();
        if response.status() != StatusCode::OK {
            return Err(response.status());
        }
        let cookie = response.headers()[SET_COOKIE]
            .to_str()
            .unwrap()
            .split(';')
            .next()
            .unwrap()
            .to_string();
        let body: Value = response.json().await.unwrap();
        Ok((
            Chat {
                client,
                base: app.url.clone(),
                cookie,
            },
            body["messages"].as_array().unwrap().clone(),
        ))
    }

    /// Sends a line and answers the assistant's (or agent's) replies.
    pub(crate) async fn say(&self, text: &str) -> Vec<String> {
        let response = self
            .client
            .post(format!("{}/chat/send", self.base))
            .header("X-Requested-With", "test")
            .header(COOKIE, &self.cookie)
            .json(&json!({"text": text}))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        let body: Value = response.json().await.unwrap();
        body["messages"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|m| m["sender"] != "customer")
            .map(|m| m["body"].as_str().unwrap().to_string())
            .collect()
    }

    pub(crate) async fn since(&self, after: i64) -> Vec<Value> {
        let response = self
            .client
            .get(format!("{}/chat/messages?after={after}", self.base))
            .header(COOKIE, &self.cookie)
            .send()
            .await
            .unwrap();
        response.json::<Value>().await.unwrap()["messages"]
            .as_array()
            .unwrap()
            .clone()
    }
}

backend_test!(
    a_customer_changes_the_address_through_the_chat_in_chinese,
    chat_address_body
);
async fn chat_address_body(app: &TestApp) {
    let id = fixtures::customer("zhang.wei@example.cn")
        .named("Li Wei")
        .language("zh-CN")
        .create(app)
        .await;
    fixtures::order("SO-220001", id)
        .status(OrderStatus::Processing)
        .line(9900, 1)
        .captured()
        .insert(app)
        .await;
    let (chat, greeting) = Chat::start(app, "zh-CN").await;
    assert!(greeting[0]["body"].as_str().unwrap().contains("您好"));
    let asked = chat.say("我想修改订单的收货地址").await;
    assert!(asked.last().unwrap().contains("订单号"), "{asked:?}");
    let asked = chat.say("SO-220001").await;
    assert!(asked.last().unwrap().contains("邮箱"), "{asked:?}");
    // Nothing is shown or changed before the customer proves who they are.
    let asked = chat.say("zhang.wei@example.cn").await;
    assert!(asked.last().unwrap().contains("街道"), "{asked:?}");
    chat.say("南京西路 1266 号").await;
    chat.say("上海").await;
    chat.say("200040").await;
    let confirm = chat.say("CN").await;
    assert!(confirm.last().unwrap().contains("确认"), "{confirm:?}");
    let (_, before) = app.get("/api/v1/orders/SO-220001", ADMIN_TOKEN).await;
    assert_ne!(
        before["shipping_address"]["line1"], "南京西路 1266 号",
        "nothing changes before the confirmation"
    );
    let done = chat.say("是").await;
    assert!(done.last().unwrap().contains("已完成"), "{done:?}");
    let (_, after) = app.get("/api/v1/orders/SO-220001", ADMIN_TOKEN).await;
    assert_eq!(after["shipping_address"]["line1"], "南京西路 1266 号");
    assert_eq!(after["shipping_address"]["city"], "上海");
}

backend_test!(
    an_action_answers_in_the_chats_language_not_the_profiles,
    chat_language_body
);
async fn chat_language_body(app: &TestApp) {
    // The account says Spanish; the customer chats in Chinese.
    let id = fixtures::customer("lucia@example.es")
        .language("es")
        .create(app)
        .await;
    fixtures::order("SO-220101", id)
        .status(OrderStatus::Processing)
        .line(9900, 1)
        .captured()
        .insert(app)
        .await;
    let (chat, _) = Chat::start(app, "zh-CN").await;
    chat.say("我想修改订单的收货地址").await;
    chat.say("SO-220101").await;
    chat.say("lucia@example.es").await;
    chat.say("南京西路 1266 号").await;
    chat.say("上海").await;
    chat.say("200040").await;
    chat.say("CN").await;
    let done = chat.say("是").await;
    let last = done.last().unwrap();
    assert!(last.contains("已完成"), "{done:?}");
    assert!(!last.contains("Hecho"), "{done:?}");
}

backend_test!(
    a_customer_gets_a_return_label_through_the_chat_in_spanish,
    chat_return_body
);
async fn chat_return_body(app: &TestApp) {
    let id = fixtures::customer("carmen@example.es")
        .named("Li Wei")
        .language("es")
        .create(app)
        .await;
    let order = fixtures::order("SO-230001", id)
        .line(4500, 1)
        .captured()
        .insert(app)
        .await;
    fixtures::shipment(order)
        .delivered_days_ago(3)
        .insert(app)
        .await;
    let (chat, _) = Chat::start(app, "es").await;
    let asked = chat
        .say("Quiero devolver un artículo del pedido SO-230001")
        .await;
    assert!(
        asked.last().unwrap().contains("correo"),
        "the order number was understood: {asked:?}"
    );
    let items = chat.say("carmen@example.es").await;
    assert!(items.last().unwrap().contains("1. Item 0"), "{items:?}");
    let reasons = chat.say("1").await;
    assert!(reasons.last().unwrap().contains("Pequeño"), "{reasons:?}");
    let confirm = chat.say("2").await;
    assert!(confirm.last().unwrap().contains("(sí / no)"), "{confirm:?}");
    let done = chat.say("sí").await;
    let label = done
        .iter()
        .find_map(|m| {
            m.split_whitespace()
                .find(|w| w.starts_with("/chat/returns/"))
        })
        .expect("a label link")
        .to_string();
    let response = chat
        .client
        .get(format!("{}{label}", chat.base))
        .header(COOKIE, &chat.cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(response.headers()["content-type"], "application/pdf");
    assert!(response.bytes().await.unwrap().starts_with(b"%PDF-"));
    // Another chat cannot fetch it.
    let (other, _) = Chat::start(app, "es").await;
    let response = other
        .client
        .get(format!("{}{label}", other.base))
        .header(COOKIE, &other.cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
}

backend_test!(
    the_chat_hands_over_to_an_agent_with_the_whole_context,
    chat_handover_body
);
async fn chat_handover_body(app: &TestApp) {
    let id = fixtures::customer("sofia@example.es")
        .named("Li Wei")
        .language("es")
        .create(app)
        .await;
    fixtures::order("SO-240901", id)
        .status(OrderStatus::Shipped)
        .line(4500, 1)
        .captured()
        .insert(app)
        .await;
    let (_, agent) = fixtures::staff("agent", "agent@example.com")
        .with_token(app)
        .await;
    let (chat, _) = Chat::start(app, "es").await;
    chat.say("¿Dónde está mi pedido SO-240901?").await;
    let tracked = chat.say("sofia@example.es").await;
    assert!(tracked.last().unwrap().contains("en camino"), "{tracked:?}");
    let handed = chat.say("Quiero hablar con una persona, por favor").await;
    let reply = handed.last().unwrap();
    assert!(reply.contains("número 1 de la cola"), "{reply}");
    let reference = reply.split(['(', ')']).nth(1).unwrap().to_string();
    // The agent gets the transcript, the context note, and the linked order.
    let (_, list) = app.get("/api/v1/tickets?channel=chat", &agent).await;
    let ticket = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["reference"] == reference.as_str())
        .expect("the ticket")
        .clone();
    assert_eq!(ticket["requester"]["email"], "sofia@example.es");
    assert!(!ticket["order_ids"].as_array().unwrap().is_empty());
    let (_, detail) = app
        .get(&format!("/api/v1/tickets/{}", ticket["id"]), &agent)
        .await;
    let bodies: Vec<&str> = detail["messages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["body_text"].as_str().unwrap())
        .collect();
    assert!(
        bodies[0].contains("SO-240901") && bodies[0].contains("[assistant]"),
        "transcript: {}",
        bodies[0]
    );
    assert!(
        bodies
            .iter()
            .any(|b| b.contains("Detected intent") && b.contains("track")),
        "{bodies:?}"
    );
    // The agent answers; the customer sees it in the chat, and can answer back.
    let last_id = chat.since(0).await.last().unwrap()["id"].as_i64().unwrap();
    app.post(
        &format!("/api/v1/tickets/{}/messages", ticket["id"]),
        &agent,
        json!({"body": "Hola Sofía, soy Ana. Lo reviso ahora mismo."}),
    )
    .await;
    let new = chat.since(last_id).await;
    assert!(
        new.iter()
            .any(|m| m["sender"] == "agent" && m["body"].as_str().unwrap().contains("soy Ana")),
        "{new:?}"
    );
    chat.say("¡Gracias!").await;
    let (_, detail) = app
        .get(&format!("/api/v1/tickets/{}", ticket["id"]), &agent)
        .await;
    assert_eq!(
        detail["messages"].as_array().unwrap().last().unwrap()["body_text"],
        "¡Gracias!"
    );
    // Calls without the header are refused (no cross-site forms).
    let response = reqwest::Client::new()
        .post(format!("{}/chat/send", app.url))
        .header(COOKIE, &chat.cookie)
        .json(&json!({"text": "x"}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
}

backend_test!(questions_are_answered_from_the_help_center, chat_help_body);
async fn chat_help_body(app: &TestApp) {
    let article = json!({"slug": "return-policy", "category": "returns", "status": "published", "translations": [
        {"language": "en", "title": "What is the return policy?", "body": "You can return items within 30 days of delivery, except final-sale items."}
    ]});
    app.post("/api/v1/help/articles", ADMIN_TOKEN, article)
        .await;
    // The search index follows the database within a second.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(2);
    loop {
        let (_, hits) = app
            .get("/api/v1/help/search?q=return&lang=en", ADMIN_TOKEN)
            .await;
        if hits.as_array().is_some_and(|h| !h.is_empty()) {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the article is not searchable"
        );
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    let (chat, _) = Chat::start(app, "en").await;
    let answer = chat
        .say("What is your return policy? How many days do I have to send something back?")
        .await;
    let last = answer.last().unwrap();
    assert!(
        last.contains("/help/return-policy") && last.contains("30 days"),
        "{answer:?}"
    );
}

backend_test!(self_service_is_counted_honestly, report_body);
async fn report_body(app: &TestApp) {
    let id = fixtures::customer("ines.r@example.es")
        .named("Li Wei")
        .language("es")
        .create(app)
        .await;
    fixtures::order("SO-250001", id)
        .status(OrderStatus::Shipped)
        .line(1000, 1)
        .captured()
        .insert(app)
        .await;
    let other = fixtures::customer("back@example.es")
        .named("Li Wei")
        .language("es")
        .create(app)
        .await;
    fixtures::order("SO-250002", other)
        .status(OrderStatus::Shipped)
        .line(1000, 1)
        .captured()
        .insert(app)
        .await;
    // 1: tracked, old, customer never came back → resolved.
    let (a, _) = Chat::start(app, "es").await;
    a.say("¿Dónde está mi pedido SO-250001?").await;
    a.say("ines.r@example.es").await;
    // 2: tracked, old, but the customer wrote in again the next day → not resolved.
    let (b, _) = Chat::start(app, "es").await;
    b.say("¿Dónde está mi pedido SO-250002?").await;
    b.say("back@example.es").await;
    // 3: handed over.
    let (c, _) = Chat::start(app, "es").await;
    c.say("¿Dónde está mi pedido SO-250001?").await;
    c.say("ines.r@example.es").await;
    c.say("Quiero hablar con una persona").await;
    // Age the first two conversations past the 72-hour window; the second customer came back after a day.
    let day = marketdesk_domain::DAY_MS;
    let mut tx = app.services().raw_store().begin().await.unwrap();
    sqlx::query("UPDATE chat_sessions SET updated_at = updated_at - $1 WHERE ticket_id IS NULL")
        .bind(5 * day)
        .execute(&mut *tx)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let returning = app.ticket_for("back@example.es", "Still nothing").await["id"]
        .as_i64()
        .unwrap();
    let mut tx = app.services().raw_store().begin().await.unwrap();
    sqlx::query("UPDATE tickets SET created_at = created_at - $1 WHERE id = $2")
        .bind(4 * day)
        .bind(returning)
        .execute(&mut *tx)
        .await
        .unwrap();
    tx.commit().await.unwrap();

    let (_, agent) = fixtures::staff("agent", "agent@example.com")
        .with_token(app)
        .await;
    assert_eq!(
        app.get("/api/v1/reports/self-service", &agent).await.0,
        StatusCode::FORBIDDEN
    );
    let (status, report) = app
        .get("/api/v1/reports/self-service?days=30", ADMIN_TOKEN)
        .await;
    assert_eq!(status, StatusCode::OK, "{report}");
    assert_eq!(report["conversations"], 3, "{report}");
    assert_eq!(report["by_flow"]["track"]["resolved"], 1, "{report}");
    assert_eq!(report["by_flow"]["track"]["handed_over"], 1);
    assert!((report["handover_rate"].as_f64().unwrap() - 1.0 / 3.0).abs() < 1e-9);
}

backend_test!(
    after_hours_the_chat_says_when_people_are_back,
    after_hours_body,
    |config: &mut marketdesk::config::Config| {
        // Open one hour a week, on the day after tomorrow in Shanghai:
        // closed now.
        crate::help::open_in_shanghai_the_day_after_tomorrow(config, "09:30-10:30");
    }
);
async fn after_hours_body(app: &TestApp) {
    let contact = &app.services().policy().contact;
    assert!(!contact.is_open(marketdesk_service::now_ms()));
    let (_, (_, weekday)) = crate::help::shanghai_days_ahead();
    let day = |names: [&'static str; 7]| names[usize::from(weekday) - 1];
    for (lang, expected) in [
        (
            "en",
            format!(
                "back on {} at 09:30 (Asia/Shanghai time)",
                day([
                    "Monday",
                    "Tuesday",
                    "Wednesday",
                    "Thursday",
                    "Friday",
                    "Saturday",
                    "Sunday"
                ])
            ),
        ),
        (
            "es",
            format!(
                "Vuelven el {} a las 09:30 (hora de Asia/Shanghai)",
                day([
                    "lunes",
                    "martes",
                    "miércoles",
                    "jueves",
                    "viernes",
                    "sábado",
                    "domingo"
                ])
            ),
        ),
        (
            "zh",
            format!(
                "团队将于{} 09:30（Asia/Shanghai 时间）上班",
                day(["周一", "周二", "周三", "周四", "周五", "周六", "周日"])
            ),
        ),
    ] {
        let (chat, _) = Chat::start(app, lang).await;
        let handover = match lang {
            "es" => "quiero hablar con una persona",
            "zh" => "我要人工客服",
            _ => "I want to talk to a person",
        };
        chat.say(handover).await;
        let reply = chat.say(&format!("after-hours-{lang}@example.com")).await;
        assert!(
            reply.last().unwrap().contains(&expected),
            "{reply:?} should say {expected}"
        );
    }
}

backend_test!(
    the_chat_talks_over_a_websocket_and_an_agent_reply_arrives_unasked,
    chat_socket_body
);
async fn chat_socket_body(app: &TestApp) {
    use futures_util::{SinkExt, StreamExt};
    use tokio_tungstenite::tungstenite::Message;
    use tokio_tungstenite::tungstenite::client::IntoClientRequest;

    let (_, agent) = fixtures::staff("agent", "agent@example.com")
        .with_token(app)
        .await;
    let (chat, greeting) = Chat::start(app, "en").await;
    let last = greeting.last().unwrap()["id"].as_i64().unwrap();
    let host = app.url.trim_start_matches("http://").to_string();
    let request = |origin: &str| {
        let mut request = format!("ws://{host}/chat/socket?after={last}")
            .into_client_request()
            .unwrap();
        let headers = request.headers_mut();
        headers.insert("cookie", chat.cookie.parse().unwrap());
        headers.insert("origin", origin.parse().unwrap());
        request
    };
    // Another site's page cannot open the socket with the customer's cookie.
    let refused = tokio_tungstenite::connect_async(request("http://evil.example")).await;
    assert!(refused.is_err(), "a cross-site socket was accepted");

    let (mut socket, _) = tokio_tungstenite::connect_async(request(&app.url))
        .await
        .unwrap();
    // Garbage is answered with an error, and the socket stays open.
    socket.send(Message::Text("hello?".into())).await.unwrap();
    let frame = socket.next().await.unwrap().unwrap();
    assert!(frame.to_text().unwrap().contains("error"), "{frame:?}");

    socket
        .send(Message::Text(
            json!({"text": "I want to talk to a human please"})
                .to_string()
                .into(),
        ))
        .await
        .unwrap();
    let lines = next_lines(&mut socket).await;
    assert_eq!(lines[0]["sender"], "customer");
    assert!(
        lines.last().unwrap()["body"]
            .as_str()
            .unwrap()
            .contains("email")
    );
    socket
        .send(Message::Text(
            json!({"text": "ada@example.com"}).to_string().into(),
        ))
        .await
        .unwrap();
    let lines = next_lines(&mut socket).await;
    let handed = lines.last().unwrap()["body"].as_str().unwrap().to_string();
    let reference = handed
        .split(['(', ')'])
        .nth(1)
        .unwrap_or_else(|| panic!("no ticket reference in {handed}"))
        .to_string();
    let (_, list) = app.get("/api/v1/tickets?channel=chat", &agent).await;
    let ticket = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["reference"] == reference.as_str())
        .expect("the chat's ticket")["id"]
        .clone();
    // The agent's reply comes down the socket without the customer asking.
    app.post(
        &format!("/api/v1/tickets/{ticket}/messages"),
        &agent,
        json!({"body": "Hi, this is Ana. How can I help?"}),
    )
    .await;
    let lines = next_lines(&mut socket).await;
    assert!(
        lines
            .iter()
            .any(|m| m["sender"] == "agent" && m["body"].as_str().unwrap().contains("Ana")),
        "{lines:?}"
    );
    // The customer's answer through the socket reaches the ticket.
    socket
        .send(Message::Text(
            json!({"text": "My parcel is late"}).to_string().into(),
        ))
        .await
        .unwrap();
    next_lines(&mut socket).await;
    let (_, detail) = app.get(&format!("/api/v1/tickets/{ticket}"), &agent).await;
    assert!(
        detail["messages"]
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m["body_text"] == "My parcel is late"),
        "{detail}"
    );
}

/// The lines of the next `{"messages": […]}` frame of a chat socket.
async fn next_lines<S>(socket: &mut S) -> Vec<Value>
where
    S: futures_util::Stream<
            Item = Result<
                tokio_tungstenite::tungstenite::Message,
                tokio_tungstenite::tungstenite::Error,
            >,
        > + Unpin,
{
    use futures_util::StreamExt;
    loop {
        // Generous: the first line loads the assistant's model (slow in debug builds).
        let frame = tokio::time::timeout(std::time::Duration::from_secs(120), socket.next())
            .await
            .expect("a frame within 120 s")
            .unwrap()
            .unwrap();
        // Status and typing frames come between the lines.
        if let tokio_tungstenite::tungstenite::Message::Text(text) = frame {
            let body: Value = serde_json::from_str(text.as_str()).unwrap();
            if let Some(lines) = body["messages"].as_array() {
                return lines.clone();
            }
        }
    }
}

/// A parcel that missed its delivery, for the reschedule flow.
async fn missed_delivery(app: &TestApp, order_id: i64) {
    use marketdesk_domain::commerce::ShipmentStatus;
    fixtures::shipment(order_id)
        .status(ShipmentStatus::AttemptFailed)
        .insert(app)
        .await;
}

backend_test!(
    the_assistant_cancels_reports_refunds_moves_deliveries_and_is_rated,
    chat_more_flows_body
);
async fn chat_more_flows_body(app: &TestApp) {
    let id = fixtures::customer("tom@example.com")
        .named("Li Wei")
        .language("en")
        .create(app)
        .await;
    let unshipped = fixtures::order("SO-250101", id)
        .line(4200, 1)
        .captured()
        .insert(app)
        .await;
    let on_its_way = fixtures::order("SO-250102", id)
        .status(OrderStatus::Shipped)
        .line(2500, 1)
        .captured()
        .insert(app)
        .await;
    missed_delivery(app, on_its_way).await;

    // Cancel: verified, confirmed, done — the money goes back by itself.
    let (chat, _) = Chat::start(app, "en").await;
    let asked = chat.say("I want to cancel my order SO-250101").await;
    assert!(asked.last().unwrap().contains("email"), "{asked:?}");
    let offer = chat.say("tom@example.com").await;
    assert!(
        offer.last().unwrap().contains("42.00 EUR") && offer.last().unwrap().contains("yes / no"),
        "{offer:?}"
    );
    let done = chat.say("yes").await;
    assert!(done.last().unwrap().contains("Rate it from 1"), "{done:?}");
    let (_, order) = app.get("/api/v1/orders/SO-250101", ADMIN_TOKEN).await;
    assert_eq!(order["status"], "cancelled");
    assert_eq!(unshipped, order["id"].as_i64().unwrap());
    let thanks = chat.say("5").await;
    assert!(thanks.last().unwrap().contains("Thank you"), "{thanks:?}");
    // A shipped order cannot be cancelled: the reason and the alternatives.
    let refused = chat.say("Please cancel order SO-250102 too").await;
    assert!(!refused.last().unwrap().contains("yes / no"), "{refused:?}");
    let (_, order) = app.get("/api/v1/orders/SO-250102", ADMIN_TOKEN).await;
    assert_eq!(order["status"], "shipped");

    // Refund status, in Spanish; a bad rating offers a person and counts against automation.
    let (chat, _) = Chat::start(app, "es").await;
    chat.say("¿Dónde está mi reembolso del pedido SO-250101?")
        .await;
    let status = chat.say("tom@example.com").await;
    let status = status.last().unwrap();
    assert!(
        status.contains("42.00 EUR") && status.contains("reembols"),
        "{status}"
    );
    let sorry = chat.say("1").await;
    assert!(sorry.last().unwrap().contains("agente"), "{sorry:?}");

    // Reschedule, in Chinese: a date in the past is asked again, then the carrier is told.
    let (chat, _) = Chat::start(app, "zh-CN").await;
    chat.say("我想改约配送时间，订单 SO-250102").await;
    let ask = chat.say("tom@example.com").await;
    assert!(ask.last().unwrap().contains("YYYY-MM-DD"), "{ask:?}");
    // A day in the past, or none at all, is asked again at once (with an
    // example that would do), never read back for a yes.
    for not_a_day in ["2020-01-01", "2026-13-45"] {
        let again = chat.say(not_a_day).await;
        assert!(again.last().unwrap().contains("30 天内"), "{again:?}");
        assert!(!again.last().unwrap().contains("（是 / 否）"), "{again:?}");
    }
    let day =
        marketdesk_service::rfc3339(marketdesk_service::now_ms() + 3 * marketdesk_domain::DAY_MS)
            [..10]
            .to_string();
    let confirm = chat.say(&day).await;
    assert!(confirm.last().unwrap().contains(&day), "{confirm:?}");
    let moved = chat.say("是").await;
    assert!(
        moved.last().unwrap().contains("1 到 5") || moved.last().unwrap().contains("1（"),
        "{moved:?}"
    );
    let (_, audit) = app.get("/api/v1/audit?limit=100", ADMIN_TOKEN).await;
    assert!(
        audit["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["action"] == "delivery_rescheduled"),
        "{audit}"
    );

    // Discounts of an order, explained.
    let (chat, _) = Chat::start(app, "en").await;
    chat.say("Why did my coupon not apply to order SO-250102?")
        .await;
    let explained = chat.say("tom@example.com").await;
    assert!(
        explained.last().unwrap().contains("paid: 25.00 EUR"),
        "{explained:?}"
    );

    // Back into the account: a sign-in link, and the same answer for strangers.
    let (chat, _) = Chat::start(app, "en").await;
    let ask = chat.say("I forgot my password").await;
    assert!(ask.last().unwrap().contains("email"), "{ask:?}");
    let sent = chat.say("tom@example.com").await;
    assert!(sent.last().unwrap().contains("sign-in link"), "{sent:?}");
    let mails = app.services().outbox_for("tom@example.com").await.unwrap();
    assert!(
        mails
            .iter()
            .any(|m| m.body_text.contains("/auth/magic?token=")),
        "no link mailed"
    );
    let (chat, _) = Chat::start(app, "en").await;
    chat.say("I forgot my password").await;
    let stranger = chat.say("nobody@example.com").await;
    assert_eq!(
        stranger.last().unwrap().replace("nobody@example.com", "X"),
        sent.last().unwrap().replace("tom@example.com", "X")
    );
    assert!(
        app.services()
            .outbox_for("nobody@example.com")
            .await
            .unwrap()
            .is_empty()
    );

    // A dispute goes to a person with the order and what went wrong.
    let (_, agent) = fixtures::staff("agent", "agent@example.com")
        .with_token(app)
        .await;
    let (chat, _) = Chat::start(app, "en").await;
    chat.say("I want to open a dispute about order SO-250102")
        .await;
    let ask = chat.say("tom@example.com").await;
    assert!(ask.last().unwrap().contains("what went wrong"), "{ask:?}");
    let handed = chat
        .say("The seller sent a different bag, clearly fake.")
        .await;
    let reference = handed
        .last()
        .unwrap()
        .split(['(', ')'])
        .nth(1)
        .unwrap()
        .to_string();
    let (_, list) = app.get("/api/v1/tickets?tag=dispute", &agent).await;
    let ticket = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["reference"] == reference.as_str())
        .expect("the dispute ticket")
        .clone();
    assert_eq!(ticket["order_ids"][0], on_its_way);

    // The report: one rating of 5 and one of 1 → CSAT 50 %.
    let (_, report) = app
        .get("/api/v1/reports/self-service?days=30", ADMIN_TOKEN)
        .await;
    assert_eq!(report["rated"], 2, "{report}");
    assert!(
        (report["csat"].as_f64().unwrap() - 0.5).abs() < 1e-9,
        "{report}"
    );
    assert_eq!(report["by_flow"]["cancel"]["satisfied"], 1, "{report}");
    assert_eq!(report["by_flow"]["refund"]["rated"], 1, "{report}");
    // The same figures on the admin console's page.
    fixtures::staff("admin", "boss@example.com")
        .with_token(app)
        .await;
    let mut browser = crate::web::signed_in(app, "boss@example.com").await;
    let (_, page) = browser.get("/agent/admin/automation").await;
    let table = page
        .split("id=\"admin-table\"")
        .nth(1)
        .and_then(|r| r.split("</table>").next())
        .unwrap_or_else(|| panic!("no report table: {page}"));
    assert!(
        table.contains("<td>All chats</td>") && table.contains("<td>50 %</td>"),
        "{table}"
    );
    assert!(
        table.contains("<td>cancel</td>") && table.contains("<td>dispute</td>"),
        "{table}"
    );
}

backend_test!(
    the_assistant_changes_the_size_of_an_item_before_packing,
    chat_variant_body
);
async fn chat_variant_body(app: &TestApp) {
    let id = fixtures::customer("ines@example.es")
        .named("Li Wei")
        .language("es")
        .create(app)
        .await;
    fixtures::order("SO-250201", id)
        .line(3000, 1)
        .line(1500, 1)
        .captured()
        .insert(app)
        .await;
    // "Change my order" without saying what: the assistant asks.
    let (chat, _) = Chat::start(app, "es").await;
    chat.say("Quiero cambiar mi pedido SO-250201").await;
    let choice = chat.say("ines@example.es").await;
    assert!(choice.last().unwrap().contains("2. La talla"), "{choice:?}");
    let which = chat.say("2").await;
    assert!(which.last().unwrap().contains("2. Item 1"), "{which:?}");
    let value = chat.say("2").await;
    assert!(value.last().unwrap().contains("talla M"), "{value:?}");
    let confirm = chat.say("talla: XL").await;
    assert!(
        confirm.last().unwrap().contains("XL") && confirm.last().unwrap().contains("(sí / no)"),
        "{confirm:?}"
    );
    chat.say("sí").await;
    let (_, order) = app.get("/api/v1/orders/SO-250201", ADMIN_TOKEN).await;
    assert_eq!(order["lines"][1]["variant"]["size"], "XL", "{order}");
    assert!(order["lines"][0]["variant"].get("size").is_none());

    // After packing: refused with the reason, nothing changes.
    let mut tx = app.services().raw_store().begin().await.unwrap();
    sqlx::query("UPDATE orders SET status = 'packed' WHERE number = 'SO-250201'")
        .execute(&mut *tx)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let (chat, _) = Chat::start(app, "en").await;
    chat.say("I want to change the size of an item in order SO-250201")
        .await;
    let refused = chat.say("ines@example.es").await;
    assert!(
        !refused.last().unwrap().contains("Which item"),
        "{refused:?}"
    );
    assert!(refused.last().unwrap().contains("packed"), "{refused:?}");
}

backend_test!(
    the_assistant_takes_units_off_and_refunds_them_before_packing,
    chat_fewer_body
);
async fn chat_fewer_body(app: &TestApp) {
    let id = fixtures::customer("pocos@example.es")
        .language("es")
        .create(app)
        .await;
    fixtures::order("SO-250301", id)
        .line(3000, 1)
        .line(1500, 3)
        .captured()
        .insert(app)
        .await;
    let (chat, _) = Chat::start(app, "es").await;
    chat.say("Quiero cambiar mi pedido SO-250301").await;
    let choice = chat.say("pocos@example.es").await;
    assert!(
        choice.last().unwrap().contains("3. Menos unidades"),
        "{choice:?}"
    );
    let which = chat.say("3").await;
    assert!(which.last().unwrap().contains("2. "), "{which:?}");
    let how_many = chat.say("2").await;
    assert!(
        how_many.last().unwrap().contains("de 1 a 3"),
        "{how_many:?}"
    );
    // More than there is: asked again.
    let again = chat.say("7").await;
    assert!(again.last().unwrap().contains("de 1 a 3"), "{again:?}");
    let confirm = chat.say("2").await;
    assert!(confirm.last().unwrap().contains("(sí / no)"), "{confirm:?}");
    let done = chat.say("sí").await;
    assert!(
        done.join(" ").contains("30,00") || done.join(" ").contains("30.00"),
        "{done:?}"
    );
    let (_, order) = app.get("/api/v1/orders/SO-250301", ADMIN_TOKEN).await;
    assert_eq!(order["lines"][1]["cancelled_quantity"], 2, "{order}");
    let refunded: i64 = order["payments"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["kind"] == "refund")
        .map(|p| p["amount_minor"].as_i64().unwrap())
        .sum();
    assert_eq!(refunded, 3000, "{order}");
}

backend_test!(
    a_refused_chat_line_is_explained_in_the_customers_language,
    refused_line_body
);
async fn refused_line_body(app: &TestApp) {
    let (chat, _) = Chat::start(app, "es").await;
    let response = chat
        .client
        .post(format!("{}/chat/send", chat.base))
        .header("X-Requested-With", "test")
        .header(COOKIE, &chat.cookie)
        .header("Accept-Language", "es-ES,es;q=0.9")
        .json(&json!({"text": "a".repeat(4001)}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = response.json().await.unwrap();
    let error = body["error"].as_str().unwrap();
    assert!(error.contains("demasiado largo"), "{error}");
    assert!(
        !error.contains("text") && !error.contains("4001"),
        "{error}"
    );
    // An unknown chat is told to start again, in words.
    let response = chat
        .client
        .post(format!("{}/chat/send", chat.base))
        .header("X-Requested-With", "test")
        .header(COOKIE, "md_chat=nonsense")
        .header("Accept-Language", "zh-CN")
        .json(&json!({"text": "hola"}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    let body: Value = response.json().await.unwrap();
    assert!(
        body["error"].as_str().unwrap().contains("对话已结束"),
        "{body}"
    );
    // What the framework refuses (a bad query, a body that is not JSON) is
    // answered the same way, never as plain text.
    let response = chat
        .client
        .get(format!("{}/chat/messages?after=abc", chat.base))
        .header(COOKIE, &chat.cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    let body: Value = response.json().await.unwrap();
    assert!(body["error"].is_string(), "{body}");
    let response = chat
        .client
        .post(format!("{}/chat/send", chat.base))
        .header("X-Requested-With", "test")
        .header(COOKIE, &chat.cookie)
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    let body: Value = response.json().await.unwrap();
    assert!(body["error"].is_string(), "{body}");
}

backend_test!(
    a_wrong_answer_is_asked_again_and_a_flow_can_be_left,
    robust_flow_body
);
async fn robust_flow_body(app: &TestApp) {
    let id = fixtures::customer("wei.robust@example.cn")
        .language("zh-CN")
        .create(app)
        .await;
    fixtures::order("SO-220901", id)
        .status(OrderStatus::Processing)
        .line(9900, 1)
        .captured()
        .insert(app)
        .await;
    let (chat, _) = Chat::start(app, "zh-CN").await;
    chat.say("我想修改订单的收货地址").await;
    chat.say("SO-220901").await;
    chat.say("wei.robust@example.cn").await;
    chat.say("南京西路 1266 号").await;
    // "Yes" is no city, no postal code, no country: each is asked again,
    // in Chinese, and nothing odd is kept.
    let again = chat.say("是的").await;
    assert!(again.last().unwrap().contains("哪个城市"), "{again:?}");
    chat.say("上海").await;
    let again = chat.say("好的").await;
    assert!(again.last().unwrap().contains("邮政编码"), "{again:?}");
    chat.say("200040").await;
    let again = chat.say("是的").await;
    let last = again.last().unwrap();
    assert!(
        last.contains("哪个国家") && !last.contains("address."),
        "{again:?}"
    );
    assert!(!last.contains("must be"), "no developer's words: {last}");
    let confirm = chat.say("中国").await;
    assert!(confirm.last().unwrap().contains("CN"), "{confirm:?}");
    // Left at the confirmation: nothing changes.
    let left = chat.say("算了").await;
    assert!(left.last().unwrap().contains("未做任何更改"), "{left:?}");
    let (_, order) = app.get("/api/v1/orders/SO-220901", ADMIN_TOKEN).await;
    assert_ne!(
        order["shipping_address"]["line1"], "南京西路 1266 号",
        "{order}"
    );
    // In English too, in the middle of the questions.
    let (chat, _) = Chat::start(app, "en").await;
    chat.say("I want to change the delivery address of my order")
        .await;
    chat.say("SO-220901").await;
    chat.say("wei.robust@example.cn").await;
    chat.say("12 Baker Street").await;
    let left = chat.say("never mind").await;
    assert!(left.last().unwrap().contains("changed nothing"), "{left:?}");
    let next = chat.say("hello").await;
    assert!(
        !next.last().unwrap().contains("city"),
        "the flow is left: {next:?}"
    );
}

backend_test!(a_bare_order_number_is_understood, bare_number_body);
async fn bare_number_body(app: &TestApp) {
    let id = fixtures::customer("mistake@example.com").create(app).await;
    fixtures::order("00456712", id)
        .status(OrderStatus::Paid)
        .line(2500, 1)
        .captured()
        .insert(app)
        .await;
    let (chat, _) = Chat::start(app, "en").await;
    // No "order" before the number: it is the order's all the same, so the
    // assistant asks for the email, not for the number.
    let asked = chat.say("plz cancel 00456712 i ordered by mistake").await;
    let last = asked.last().unwrap().to_lowercase();
    assert!(last.contains("email"), "{asked:?}");
    assert!(!last.contains("order number"), "{asked:?}");
}

backend_test!(
    the_chat_asks_which_errand_when_unsure_and_keeps_the_answer,
    unsure_body
);

/// Starts chats with short, vague messages until the assistant is unsure of
/// one (which one depends on the trained model): the chat, the question
/// line, the message and the intents offered.
async fn unsure_chat(
    app: &TestApp,
    language: &str,
    vague: &[&str],
) -> (Chat, Value, String, Vec<String>) {
    for message in vague {
        let Some(candidates) =
            marketdesk_assistant::unsure_between(&marketdesk_assistant::analyze(message))
        else {
            continue;
        };
        let (chat, _) = Chat::start(app, language).await;
        chat.say(message).await;
        let asked = chat.since(0).await.last().unwrap().clone();
        if asked["choices"].is_array() {
            return (chat, asked, (*message).to_string(), candidates);
        }
    }
    panic!("none of {vague:?} made the assistant ask");
}

async fn unsure_body(app: &TestApp) {
    use marketdesk_domain::i18n::Lang;
    // Two errands about as likely: asked, with buttons, in Chinese.
    let vague = [
        "我的钱",
        "订单的钱",
        "我的账户",
        "钱",
        "那个东西",
        "关于订单",
        "订单问题",
        "退",
        "我的包裹和钱",
    ];
    let (chat, asked, message, candidates) = unsure_chat(app, "zh-CN", &vague).await;
    assert!(
        asked["body"].as_str().unwrap().contains("哪一项"),
        "{asked}"
    );
    let choices: Vec<String> = serde_json::from_value(asked["choices"].clone()).unwrap();
    assert_eq!(choices.last().unwrap(), "都不是");
    let first_label = marketdesk_messages::text(Lang::Zh, &format!("intent-{}", candidates[0]));
    assert_eq!(choices[0], first_label, "{asked}");
    // The customer's choice starts that errand from the first message,
    // which is kept as a labelled example for retraining.
    let answered = chat.say(first_label).await;
    assert!(!answered.is_empty(), "{answered:?}");
    assert!(!answered.last().unwrap().contains("哪一项"), "{answered:?}");
    let kept = {
        let mut conn = app.services().raw_store().reader().await.unwrap();
        marketdesk_store::chat::labelled_examples(&mut conn, 10)
            .await
            .unwrap()
    };
    assert_eq!(
        kept,
        vec![(message, candidates[0].clone(), "zh".to_string())]
    );

    // "Something else": asked to say it another way; nothing kept.
    let vague = [
        "the delivery",
        "about the money",
        "my account",
        "the thing",
        "my stuff",
    ];
    let (chat, asked, message, _) = unsure_chat(app, "en", &vague).await;
    assert_eq!(
        asked["choices"].as_array().unwrap().last().unwrap(),
        "Something else",
        "{asked}"
    );
    let again = chat.say("Something else").await;
    assert!(again.last().unwrap().contains("other words"), "{again:?}");
    // A number picks a button too.
    chat.say(&message).await;
    let picked = chat.say("2").await;
    assert!(!picked.is_empty(), "{picked:?}");
    let mut conn = app.services().raw_store().reader().await.unwrap();
    assert_eq!(
        marketdesk_store::chat::labelled_examples(&mut conn, 10)
            .await
            .unwrap()
            .len(),
        2
    );
}

backend_test!(
    two_requests_in_one_message_are_handled_in_turn,
    two_requests_body
);
async fn two_requests_body(app: &TestApp) {
    let id = fixtures::customer("sofia@example.es")
        .language("en")
        .create(app)
        .await;
    fixtures::order("SO-240901", id)
        .status(OrderStatus::Shipped)
        .line(4500, 1)
        .captured()
        .insert(app)
        .await;
    let (chat, _) = Chat::start(app, "en").await;
    // The first request asks for what it needs; the second waits.
    let asked = chat
        .say("where is my order SO-240901 and when do i get my refund")
        .await;
    assert!(
        asked.last().unwrap().to_lowercase().contains("email"),
        "{asked:?}"
    );
    let answered = chat.say("sofia@example.es").await;
    let all = answered.join("\n");
    assert!(all.contains("on its way"), "{all}");
    assert!(
        all.contains("You also asked: “when do i get my refund”"),
        "{all}"
    );
    // The refund errand ran on the same verified order, after the tracking.
    let tracking = all.find("on its way").unwrap();
    let next = all.find("You also asked").unwrap();
    assert!(tracking < next, "{all}");
    assert!(all[next..].contains("SO-240901"), "{all}");
}

backend_test!(
    the_chat_acts_only_on_a_clear_yes_and_on_the_order_it_was_given,
    clear_answers_body
);
/// What a review found customers could do: a yes-word starting a question
/// cancelled an order, a second order number was ignored for the first, a
/// declined address came back, leaving with "thanks" did not leave.
async fn clear_answers_body(app: &TestApp) {
    let id = fixtures::customer("ryan@example.com")
        .named("Ryan White")
        .language("en")
        .create(app)
        .await;
    fixtures::order("SO-260001", id)
        .line(1500, 1)
        .captured()
        .insert(app)
        .await;
    fixtures::order("SO-260002", id)
        .line(2500, 1)
        .captured()
        .insert(app)
        .await;
    let status = |number: &'static str| async move {
        let (_, order) = app
            .get(&format!("/api/v1/orders/{number}"), ADMIN_TOKEN)
            .await;
        order["status"].as_str().unwrap().to_string()
    };

    // "ok wait…" begins with a yes-word but is no yes: nothing is cancelled.
    let (chat, _) = Chat::start(app, "en").await;
    chat.say("I want to cancel order SO-260001").await;
    let offer = chat.say("ryan@example.com").await;
    assert!(offer.last().unwrap().contains("yes / no"), "{offer:?}");
    let answer = chat.say("ok wait, let me ask my wife first").await;
    assert!(
        answer.last().unwrap().contains("nothing was changed"),
        "{answer:?}"
    );
    assert_eq!(status("SO-260001").await, "paid");

    // Verified for one order, asked about another: the other is the one acted on.
    let (chat, _) = Chat::start(app, "en").await;
    chat.say("where is order SO-260001").await;
    chat.say("ryan@example.com").await;
    let offer = chat.say("Please cancel order SO-260002").await;
    let offer = offer.last().unwrap();
    assert!(
        offer.contains("SO-260002") && !offer.contains("SO-260001"),
        "{offer}"
    );
    chat.say("Yes!").await;
    assert_eq!(status("SO-260002").await, "cancelled");
    assert_eq!(status("SO-260001").await, "paid");
    // "Yes" to "did this solve it?" asks for the number once more.
    let glad = chat.say("yes").await;
    assert!(glad.last().unwrap().contains("1 to 5"), "{glad:?}");
    // "No" to "did this solve it?" brings a person, not the same answer again.
    let person = chat.say("no").await;
    assert!(person.last().unwrap().contains("person"), "{person:?}");

    // A declined address is forgotten: the next change asks from the start.
    let (chat, _) = Chat::start(app, "en").await;
    chat.say("I want to change the delivery address of order SO-260001")
        .await;
    chat.say("ryan@example.com").await;
    for answer in ["1 Wrong Street", "Wrongtown", "99999"] {
        chat.say(answer).await;
    }
    let confirm = chat.say("US").await;
    assert!(confirm.last().unwrap().contains("yes / no"), "{confirm:?}");
    chat.say("no").await;
    let again = chat
        .say("Actually I do want to change the delivery address")
        .await;
    assert!(!again.last().unwrap().contains("Wrong Street"), "{again:?}");
    // Left with thanks around the words, in Spanish and Chinese too.
    for (lang, ask, leave, said) in [
        (
            "en",
            "I want to change the delivery address of order SO-260001",
            "never mind, thanks",
            "changed nothing",
        ),
        (
            "es",
            "quiero cambiar la dirección de entrega del pedido SO-260001",
            "olvídalo, gracias",
            "no he cambiado nada",
        ),
        (
            "zh-CN",
            "我想修改订单 SO-260001 的收货地址",
            "算了，不用了",
            "未做任何更改",
        ),
    ] {
        let (chat, _) = Chat::start(app, lang).await;
        chat.say(ask).await;
        chat.say("ryan@example.com").await;
        let left = chat.say(leave).await;
        assert!(left.last().unwrap().contains(said), "{lang}: {left:?}");
    }
    // Not an address at the email question: asked again, nothing looked up.
    let (chat, _) = Chat::start(app, "en").await;
    chat.say("where is order SO-260001").await;
    let again = chat.say("<b>x</b>@example.cn").await;
    assert!(
        again
            .last()
            .unwrap()
            .contains("does not look like an email"),
        "{again:?}"
    );
    let found = chat.say("ryan@example.com").await;
    assert!(found.last().unwrap().contains("SO-260001"), "{found:?}");

    // A bare "ok" with nothing asked starts no errand (it asked for a person).
    let (chat, _) = Chat::start(app, "en").await;
    let ok = chat.say("OK").await;
    assert!(ok.last().unwrap().contains("Anything else"), "{ok:?}");

    // One message, two orders: the first request is about the first named,
    // and "yes?" asks back rather than agrees.
    let (chat, _) = Chat::start(app, "en").await;
    chat.say("Please cancel order SO-260001 and also tell me where order SO-260002 is")
        .await;
    let offer = chat.say("ryan@example.com").await;
    let offer = offer.last().unwrap();
    assert!(
        offer.contains("SO-260001") && offer.contains("yes / no"),
        "{offer}"
    );
    let asked_back = chat.say("yes?").await;
    assert!(
        asked_back
            .iter()
            .any(|line| line.contains("nothing was changed")),
        "{asked_back:?}"
    );
    assert_eq!(status("SO-260001").await, "paid");
}
