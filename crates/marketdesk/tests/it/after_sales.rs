//! The seed scenarios of after-sales, through the API: address changes,
//! cancellations with automatic refunds, refunds with limits and approval,
//! idempotency, and the webhooks that tell the shop.

use std::sync::{Arc, Mutex};

use marketdesk_domain::commerce::{OrderStatus, PaymentKind};
use marketdesk_store::commerce;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::backend_test;
use crate::common::{ADMIN_TOKEN, Backend, TestApp};
use crate::fixtures;

fn new_address() -> Value {
    json!({"address": {"name": "李伟", "line1": "南京西路 1266 号", "city": "上海", "postal_code": "200040", "country": "cn"}})
}

backend_test!(
    address_change_before_packing_and_refusal_after,
    address_body
);
async fn address_body(app: &TestApp) {
    let id = fixtures::customer("li.wei@example.cn")
        .named("Li Wei")
        .language("zh-CN")
        .create(app)
        .await;
    fixtures::order("SO-300001", id)
        .status(OrderStatus::Processing)
        .line(4990, 1)
        .captured()
        .insert(app)
        .await;
    fixtures::order("SO-300002", id)
        .status(OrderStatus::Packed)
        .line(4990, 1)
        .captured()
        .insert(app)
        .await;

    // The customer, signed in with order number and email, changes the address themselves.
    let session = fixtures::order_session(app, "SO-300001", "li.wei@example.cn").await;
    let (status, outcome) = app
        .post("/api/v1/orders/SO-300001/address", &session, new_address())
        .await;
    assert_eq!(status, StatusCode::OK, "{outcome}");
    assert_eq!(outcome["status"], "done");
    assert!(
        outcome["message"].as_str().unwrap().contains("已完成"),
        "{outcome}"
    );
    let (_, order) = app.get("/api/v1/orders/SO-300001", ADMIN_TOKEN).await;
    assert_eq!(order["shipping_address"]["line1"], "南京西路 1266 号");
    assert_eq!(order["shipping_address"]["country"], "CN");

    // Once packed, the change is refused with the reason in the customer's language.
    let (status, problem) = app
        .post(
            "/api/v1/orders/SO-300002/address",
            ADMIN_TOKEN,
            new_address(),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "{problem}");
    assert_eq!(problem["code"], "order_already_packed");
    assert!(
        problem["detail"].as_str().unwrap().contains("已经打包"),
        "{problem}"
    );
    assert!(
        problem["alternatives"]
            .as_array()
            .unwrap()
            .contains(&json!("refuse_delivery"))
    );
    let (_, unchanged) = app.get("/api/v1/orders/SO-300002", ADMIN_TOKEN).await;
    assert_eq!(unchanged["shipping_address"]["line1"], "Old Street 1");

    // The session for one order cannot touch the other, and bad input changes nothing.
    let (status, _) = app
        .post(
            "/api/v1/orders/SO-300002/phone",
            &session,
            json!({"phone": "+86 139 1111 2222"}),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = app.post("/api/v1/orders/SO-300001/address", &session, json!({"address": {"name": "x", "line1": "", "city": "c", "postal_code": "1", "country": "CN"}})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let (status, _) = app
        .post(
            "/api/v1/orders/SO-300001/phone",
            &session,
            json!({"phone": "call me"}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);

    // The order's history names who changed what.
    let (_, audit) = app.get("/api/v1/audit", ADMIN_TOKEN).await;
    let entry = audit["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["subject_type"] == "order" && e["field"] == "shipping_address")
        .expect("audited");
    assert_eq!(entry["actor_id"], id);
    assert!(
        entry["old_value"]
            .as_str()
            .unwrap()
            .contains("Old Street 1")
    );
}

backend_test!(
    cancellation_before_shipping_refunds_automatically,
    cancel_body
);
async fn cancel_body(app: &TestApp) {
    let id = fixtures::customer("maria@example.es")
        .named("Li Wei")
        .language("es")
        .create(app)
        .await;
    let captured = fixtures::order("SO-400001", id)
        .line(2500, 2)
        .captured()
        .insert(app)
        .await;
    fixtures::order("SO-400002", id)
        .line(3000, 1)
        .authorized()
        .insert(app)
        .await;
    fixtures::order("SO-400003", id)
        .status(OrderStatus::Shipped)
        .line(3000, 1)
        .captured()
        .insert(app)
        .await;
    let session = fixtures::order_session(app, "SO-400001", "maria@example.es").await;

    let cancel = |key: &'static str| {
        app.client
            .post(format!("{}/api/v1/orders/SO-400001/cancel", app.url))
            .bearer_auth(&session)
            .header("Idempotency-Key", key)
            .json(&json!({"reason": "Ya no lo necesito"}))
            .send()
    };
    let first: Value = cancel("cancel-1").await.unwrap().json().await.unwrap();
    assert_eq!(first["order"]["status"], "cancelled", "{first}");
    assert_eq!(first["settlement"]["refunded_minor"], 5000);
    assert_eq!(first["settlement"]["voided_minor"], 0);
    assert!(
        first["message"].as_str().unwrap().contains("cancelado"),
        "{first}"
    );
    assert_eq!(first["refund"]["status"], "completed");
    assert!(first["refund"]["expected_by"].is_string());

    // A retry with the same key answers the same and moves no money.
    let again: Value = cancel("cancel-1").await.unwrap().json().await.unwrap();
    assert_eq!(again["refund"]["id"], first["refund"]["id"]);
    let payments = commerce::payments_of(
        &mut app.services().raw_store().reader().await.unwrap(),
        captured,
    )
    .await
    .unwrap();
    assert_eq!(
        payments
            .iter()
            .filter(|p| p.kind == PaymentKind::Refund)
            .count(),
        1
    );
    // A new attempt is refused: the order is cancelled.
    let response = cancel("cancel-2").await.unwrap();
    assert_eq!(response.status(), StatusCode::CONFLICT);
    assert_eq!(
        response.json::<Value>().await.unwrap()["code"],
        "order_already_cancelled"
    );

    // Only authorized: the authorization is voided, nothing refunded.
    let (status, outcome) = app
        .post(
            "/api/v1/orders/SO-400002/cancel",
            ADMIN_TOKEN,
            json!({"reason": "customer request"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{outcome}");
    assert_eq!(outcome["settlement"]["voided_minor"], 3000);
    assert_eq!(outcome["settlement"]["refunded_minor"], 0);
    assert!(outcome.get("refund").is_none());
    // Nothing was taken, so nothing "goes back within business days".
    let told = outcome["message"].as_str().unwrap_or_default();
    assert!(
        !told.contains("business days") && !told.contains("días hábiles"),
        "{told}"
    );
    assert!(
        told.contains("released") || told.contains("libera"),
        "{told}"
    );

    // Shipped: refused, with the alternatives.
    let (status, problem) = app
        .post(
            "/api/v1/orders/SO-400003/cancel",
            ADMIN_TOKEN,
            json!({"reason": "late"}),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(problem["code"], "order_already_shipped");
    assert_eq!(
        problem["alternatives"],
        json!(["refuse_delivery", "return_after_delivery"])
    );
    assert!(
        problem["detail"].as_str().unwrap().contains("rechazar"),
        "{problem}"
    );
}

backend_test!(
    cancelling_a_line_refunds_its_share_of_the_tax,
    line_tax_body
);
async fn line_tax_body(app: &TestApp) {
    let id = fixtures::customer("tax@example.com").create(app).await;
    // Lines worth 60.00 and 40.00, 21.00 of tax on the order: 12.60 and 8.40.
    fixtures::order("SO-500101", id)
        .status(OrderStatus::Processing)
        .line(6000, 1)
        .line(4000, 1)
        .tax(2100)
        .captured()
        .insert(app)
        .await;
    let (_, order) = app.get("/api/v1/orders/SO-500101", ADMIN_TOKEN).await;
    let second_line = order["lines"][1]["id"].as_i64().unwrap();
    let (status, outcome) = app
        .post(
            "/api/v1/orders/SO-500101/cancel",
            ADMIN_TOKEN,
            json!({"reason": "not needed", "lines": [{"line_id": second_line, "quantity": 1}]}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{outcome}");
    assert_eq!(outcome["settlement"]["refunded_minor"], 4840, "{outcome}");
}

backend_test!(partial_cancellation_refunds_the_lines_share, partial_body);
async fn partial_body(app: &TestApp) {
    let id = fixtures::customer("sam@example.com")
        .named("Li Wei")
        .language("en")
        .create(app)
        .await;
    // Lines worth 60.00 and 40.00 with 10.00 off the order: 54.00 and 36.00 after discount.
    let order_id = fixtures::order("SO-500001", id)
        .status(OrderStatus::Processing)
        .line(3000, 2)
        .line(4000, 1)
        .discount(1000)
        .captured()
        .insert(app)
        .await;
    let (_, order) = app.get("/api/v1/orders/SO-500001", ADMIN_TOKEN).await;
    let first_line = order["lines"][0]["id"].as_i64().unwrap();
    let second_line = order["lines"][1]["id"].as_i64().unwrap();
    let (status, outcome) = app
        .post(
            "/api/v1/orders/SO-500001/cancel",
            ADMIN_TOKEN,
            json!({"reason": "one too many", "lines": [{"line_id": first_line, "quantity": 1}]}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{outcome}");
    assert_eq!(outcome["settlement"]["refunded_minor"], 2700);
    assert_eq!(outcome["order"]["status"], "processing");
    let (status, problem) = app
        .post(
            "/api/v1/orders/SO-500001/cancel",
            ADMIN_TOKEN,
            json!({"reason": "x", "lines": [{"line_id": first_line, "quantity": 2}]}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
    // Cancelling what is left cancels the order and refunds the rest exactly.
    let (status, outcome) = app
        .post(
            "/api/v1/orders/SO-500001/cancel",
            ADMIN_TOKEN,
            json!({"reason": "all of it", "lines": [{"line_id": first_line, "quantity": 1}, {"line_id": second_line, "quantity": 1}]}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{outcome}");
    assert_eq!(outcome["order"]["status"], "cancelled");
    assert_eq!(outcome["settlement"]["refunded_minor"], 9000 - 2700);
    let payments = commerce::payments_of(
        &mut app.services().raw_store().reader().await.unwrap(),
        order_id,
    )
    .await
    .unwrap();
    let refunded: i64 = payments
        .iter()
        .filter(|p| p.kind == PaymentKind::Refund)
        .map(|p| p.amount_minor)
        .sum();
    assert_eq!(refunded, 9000);
}

backend_test!(
    refunds_respect_limits_approval_and_the_capture,
    refund_limits_body
);
async fn refund_limits_body(app: &TestApp) {
    let id = fixtures::customer("ana@example.es")
        .named("Li Wei")
        .language("es")
        .create(app)
        .await;
    fixtures::order("SO-600001", id)
        .status(OrderStatus::Delivered)
        .line(50000, 1)
        .captured()
        .insert(app)
        .await;
    let (_, agent) = fixtures::staff("agent", "agent@example.com")
        .with_token(app)
        .await;
    let (_, supervisor) = fixtures::staff("supervisor", "sup@example.com")
        .with_token(app)
        .await;
    let customer_token = fixtures::token_for(app, id).await;
    let refund = |amount: i64, destination: &str| json!({"amount_minor": amount, "destination": destination, "reason": "damaged in transit"});

    // Within the agent's limit (100.00): done at once.
    let (status, small) = app
        .post(
            "/api/v1/orders/SO-600001/refunds",
            &agent,
            refund(2500, "original_method"),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{small}");
    assert_eq!(small["status"], "done");
    // Above it: waits for approval, and money does not move yet.
    let (status, big) = app
        .post(
            "/api/v1/orders/SO-600001/refunds",
            &agent,
            refund(30000, "original_method"),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{big}");
    assert_eq!(big["status"], "pending_approval");
    assert!(
        big["message"].as_str().unwrap().contains("pendiente"),
        "{big}"
    );
    let refund_id = big["refund"]["id"].as_i64().unwrap();
    let (_, queue) = app.get("/api/v1/refunds", &agent).await;
    assert_eq!(queue["items"].as_array().unwrap().len(), 1);

    // The waiting refund counts: 500.00 - 25.00 - 300.00 leaves 175.00.
    let (status, problem) = app
        .post(
            "/api/v1/orders/SO-600001/refunds",
            ADMIN_TOKEN,
            refund(17501, "original_method"),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
    assert!(
        problem["detail"].as_str().unwrap().contains("17500"),
        "{problem}"
    );

    // Agents cannot approve; customers cannot refund at all.
    let (status, _) = app
        .post(
            &format!("/api/v1/refunds/{refund_id}/approve"),
            &agent,
            json!({}),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = app
        .post(
            "/api/v1/orders/SO-600001/refunds",
            &customer_token,
            refund(100, "original_method"),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    let (status, approved) = app
        .post(
            &format!("/api/v1/refunds/{refund_id}/approve"),
            &supervisor,
            json!({"note": "photos checked"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{approved}");
    assert_eq!(approved["refund"]["status"], "completed");
    let (status, _) = app
        .post(
            &format!("/api/v1/refunds/{refund_id}/approve"),
            &supervisor,
            json!({}),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT);

    // Store credit for the rest; then nothing is left to refund.
    let (status, credit) = app
        .post(
            "/api/v1/orders/SO-600001/refunds",
            ADMIN_TOKEN,
            refund(17500, "store_credit"),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{credit}");
    let (_, credit) = app
        .get(
            &format!("/api/v1/customers/{id}/store-credit"),
            &customer_token,
        )
        .await;
    assert_eq!(credit["balances"][0]["balance_minor"], 17500, "{credit}");
    assert_eq!(credit["balances"][0]["currency"], "EUR");
    let (status, _) = app
        .post(
            "/api/v1/orders/SO-600001/refunds",
            ADMIN_TOKEN,
            refund(1, "original_method"),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);

    // The customer sees where their refunds are.
    let (_, order) = app.get("/api/v1/orders/SO-600001", &customer_token).await;
    let refunds = order["refunds"].as_array().unwrap();
    assert_eq!(refunds.len(), 3);
    assert!(refunds.iter().all(|r| r["status"] == "completed"));
}

backend_test!(a_retried_refund_moves_money_once, refund_retry_body);
async fn refund_retry_body(app: &TestApp) {
    let id = fixtures::customer("kim@example.com")
        .named("Li Wei")
        .language("en")
        .create(app)
        .await;
    let order_id = fixtures::order("SO-700001", id)
        .status(OrderStatus::Delivered)
        .line(8000, 1)
        .captured()
        .insert(app)
        .await;
    let body =
        json!({"amount_minor": 3000, "destination": "original_method", "reason": "late delivery"});
    let mut tasks = Vec::new();
    for _ in 0..6 {
        let request = app
            .client
            .post(format!("{}/api/v1/orders/SO-700001/refunds", app.url))
            .bearer_auth(ADMIN_TOKEN)
            .header("Idempotency-Key", "refund-once")
            .json(&body);
        tasks.push(tokio::spawn(async move {
            request.send().await.unwrap().status()
        }));
    }
    for task in tasks {
        let status = task.await.unwrap();
        assert!(
            status == StatusCode::OK || status == StatusCode::CONFLICT,
            "{status}"
        );
    }
    let payments = commerce::payments_of(
        &mut app.services().raw_store().reader().await.unwrap(),
        order_id,
    )
    .await
    .unwrap();
    assert_eq!(
        payments
            .iter()
            .filter(|p| p.kind == PaymentKind::Refund)
            .count(),
        1
    );
    // The same key for a different refund is refused.
    let other = json!({"amount_minor": 100, "destination": "original_method", "reason": "other"});
    let response = app
        .client
        .post(format!("{}/api/v1/orders/SO-700001/refunds", app.url))
        .bearer_auth(ADMIN_TOKEN)
        .header("Idempotency-Key", "refund-once")
        .json(&other)
        .send()
        .await
        .unwrap();
    assert!(response.status().is_client_error());
}

/// An HTTP receiver standing in for the shop's platform: it records what it
/// gets and answers with the status it is told to.
pub(crate) struct Receiver {
    pub(crate) url: String,
    pub(crate) received: Arc<Mutex<Vec<(String, String)>>>,
    pub(crate) answer: Arc<Mutex<u16>>,
}

pub(crate) async fn receiver() -> Receiver {
    use axum::routing::post;
    let received: Arc<Mutex<Vec<(String, String)>>> = Arc::default();
    let answer = Arc::new(Mutex::new(500u16));
    let (r, a) = (received.clone(), answer.clone());
    let app = axum::Router::new().route(
        "/hooks",
        post(move |headers: axum::http::HeaderMap, body: String| {
            let (r, a) = (r.clone(), a.clone());
            async move {
                let signature = headers
                    .get("marketdesk-signature")
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or_default()
                    .to_string();
                r.lock().unwrap().push((signature, body));
                axum::http::StatusCode::from_u16(*a.lock().unwrap()).unwrap()
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/hooks", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await });
    Receiver {
        url,
        received,
        answer,
    }
}

async fn webhooks_signed_and_retried(backend: Backend) {
    let hooks = receiver().await;
    let url = hooks.url.clone();
    const SECRET: &str = "whsec-0123456789abcdef";
    let app = TestApp::start(backend, |config| {
        config.webhook_url = Some(url);
        config.webhook_secret = SECRET.into();
    })
    .await;
    let id = fixtures::customer("wh@example.com")
        .named("Li Wei")
        .language("en")
        .create(&app)
        .await;
    fixtures::order("SO-800001", id)
        .line(1000, 1)
        .captured()
        .insert(&app)
        .await;
    let (status, _) = app
        .post(
            "/api/v1/orders/SO-800001/cancel",
            ADMIN_TOKEN,
            json!({"reason": "duplicate order"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);

    // The platform is down: the delivery fails and is kept for a retry.
    let now = marketdesk_service::now_ms();
    let wait_for_attempt = |attempts: i64| {
        let app = &app;
        async move {
            for _ in 0..200 {
                let (_, log) = app.get("/api/v1/webhooks/deliveries", ADMIN_TOKEN).await;
                if log["items"][0]["attempts"].as_i64().unwrap_or(0) >= attempts {
                    return log;
                }
                app.services()
                    .deliver_webhooks(marketdesk_service::now_ms())
                    .await
                    .unwrap();
                tokio::time::sleep(std::time::Duration::from_millis(20)).await;
            }
            panic!("no delivery attempt");
        }
    };
    let log = wait_for_attempt(1).await;
    assert_eq!(log["items"][0]["state"], "retrying", "{log}");
    assert_eq!(log["items"][0]["last_status_code"], 500);
    assert_eq!(log["items"][0]["event_type"], "order.cancelled");

    // Back up: the retry, once due, is delivered and signed.
    *hooks.answer.lock().unwrap() = 204;
    let run = app
        .services()
        .deliver_webhooks(now + 10 * 60_000)
        .await
        .unwrap();
    assert_eq!(run.delivered, 1, "{run:?}");
    let (_, log) = app.get("/api/v1/webhooks/deliveries", ADMIN_TOKEN).await;
    assert_eq!(log["items"][0]["state"], "delivered");
    let received = hooks.received.lock().unwrap().clone();
    let (signature, body) = received.last().unwrap();
    let timestamp: i64 = signature
        .strip_prefix("t=")
        .and_then(|s| s.split(',').next())
        .unwrap()
        .parse()
        .unwrap();
    assert_eq!(
        signature,
        &marketdesk_service::outbound::signature(SECRET, timestamp, body)
    );
    let event: Value = serde_json::from_str(body).unwrap();
    assert_eq!(event["type"], "order.cancelled");
    assert_eq!(event["data"]["order"]["number"], "SO-800001");
    assert_eq!(event["data"]["settlement"]["refunded_minor"], 1000);
    assert_eq!(event["data"]["restock"][0]["quantity"], 1);
    // Agents do not read the delivery log.
    let (_, agent) = fixtures::staff("agent", "agent@example.com")
        .with_token(&app)
        .await;
    assert_eq!(
        app.get("/api/v1/webhooks/deliveries", &agent).await.0,
        StatusCode::FORBIDDEN
    );
    app.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn webhooks_sqlite() {
    webhooks_signed_and_retried(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn webhooks_postgres() {
    if std::env::var("MARKETDESK_TEST_POSTGRES_URL").is_ok() {
        webhooks_signed_and_retried(Backend::Postgres).await;
    }
}

backend_test!(
    a_return_gets_a_label_is_inspected_and_refunded_once,
    return_body
);
async fn return_body(app: &TestApp) {
    let id = fixtures::customer("elena@example.es")
        .named("Li Wei")
        .language("es")
        .create(app)
        .await;
    let order_id = fixtures::order("SO-110001", id)
        .line(4000, 2)
        .line(1500, 1)
        .discount(1100)
        .captured()
        .insert(app)
        .await;
    fixtures::shipment(order_id)
        .delivered_days_ago(5)
        .insert(app)
        .await;
    let old_order = fixtures::order("SO-110002", id)
        .line(4000, 1)
        .captured()
        .insert(app)
        .await;
    fixtures::shipment(old_order)
        .delivered_days_ago(40)
        .insert(app)
        .await;
    let session = fixtures::order_session(app, "SO-110001", "elena@example.es").await;
    let (_, order) = app.get("/api/v1/orders/SO-110001", &session).await;
    let (first, second) = (
        order["lines"][0]["id"].as_i64().unwrap(),
        order["lines"][1]["id"].as_i64().unwrap(),
    );

    let (status, started) = app
        .post(
            "/api/v1/orders/SO-110001/returns",
            &session,
            json!({"lines": [{"line_id": first, "quantity": 2}], "reason": "too_small", "resolution": "refund"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{started}");
    let rma = started["return"]["rma"].as_str().unwrap().to_string();
    assert_eq!(started["return"]["status"], "label_issued");
    // The order ships to China: the return goes to the Shanghai warehouse.
    assert_eq!(started["return"]["return_address"]["city"], "上海");
    assert!(started["return"]["label_expires_at"].is_string());
    assert!(
        started["message"].as_str().unwrap().contains("etiqueta"),
        "{started}"
    );
    assert!(
        started.get("refund").is_none(),
        "the default trigger is inspection"
    );
    // Asking for more units than are left is refused; so is a closed window.
    let (status, _) = app
        .post("/api/v1/orders/SO-110001/returns", &session, json!({"lines": [{"line_id": first, "quantity": 1}], "reason": "other", "resolution": "refund"}))
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
    let (_, old) = app.get("/api/v1/orders/SO-110002", ADMIN_TOKEN).await;
    let (status, problem) = app
        .post(
            "/api/v1/orders/SO-110002/returns",
            ADMIN_TOKEN,
            json!({"lines": [{"line_id": old["lines"][0]["id"], "quantity": 1}], "reason": "changed_mind", "resolution": "refund"}),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(problem["code"], "return_window_closed");
    assert!(
        problem["detail"].as_str().unwrap().contains("30"),
        "{problem}"
    );

    // Customers cannot record warehouse events.
    let (status, _) = app
        .post(
            &format!("/api/v1/returns/{rma}/events"),
            &session,
            json!({"event": "received"}),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, scanned) = app
        .post(
            &format!("/api/v1/returns/{rma}/events"),
            ADMIN_TOKEN,
            json!({"event": "carrier_scan", "tracking_number": "RET123"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{scanned}");
    assert_eq!(scanned["return"]["status"], "in_transit");
    let (_, received) = app
        .post(
            &format!("/api/v1/returns/{rma}/events"),
            ADMIN_TOKEN,
            json!({"event": "received"}),
        )
        .await;
    assert_eq!(received["return"]["status"], "received");
    assert!(received.get("refund").is_none());

    // Inspection accepts both units: refunded their value after the order discount share.
    // Lines 80.00 and 15.00 share 11.00 of discount: 80.00 carries 9.26, so 70.74 back.
    let (status, inspected) = app
        .post(&format!("/api/v1/returns/{rma}/inspection"), ADMIN_TOKEN, json!({"outcome": "accept", "note": "Como nuevo", "photos": ["https://photos.example/1.jpg"]}))
        .await;
    assert_eq!(status, StatusCode::OK, "{inspected}");
    assert_eq!(inspected["return"]["status"], "refunded");
    assert_eq!(inspected["refund"]["amount_minor"], 7074);
    assert!(
        inspected["message"].as_str().unwrap().contains("70.74 EUR"),
        "{inspected}"
    );
    // Once only.
    let (status, _) = app
        .post(
            &format!("/api/v1/returns/{rma}/inspection"),
            ADMIN_TOKEN,
            json!({"outcome": "accept"}),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
    let payments = commerce::payments_of(
        &mut app.services().raw_store().reader().await.unwrap(),
        order_id,
    )
    .await
    .unwrap();
    assert_eq!(
        payments
            .iter()
            .filter(|p| p.kind == PaymentKind::Refund)
            .count(),
        1
    );

    // A partial inspection refunds only what was accepted; an exchange refunds nothing.
    let (_, second_return) = app
        .post(
            "/api/v1/orders/SO-110001/returns",
            ADMIN_TOKEN,
            json!({"lines": [{"line_id": second, "quantity": 1}], "reason": "wrong_item", "resolution": "exchange", "exchange_variant": {"colour": "blue"}}),
        )
        .await;
    let rma2 = second_return["return"]["rma"].as_str().unwrap();
    let (status, exchanged) = app
        .post(
            &format!("/api/v1/returns/{rma2}/inspection"),
            ADMIN_TOKEN,
            json!({"outcome": "accept"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{exchanged}");
    assert_eq!(exchanged["return"]["status"], "inspected");
    assert!(exchanged.get("refund").is_none());
    // The exchange ships: a replacement is asked of the platform, the
    // customer is told what comes, and hears the tracking when it ships.
    let message = exchanged["message"].as_str().unwrap_or_default();
    assert!(
        message.contains("blue") && !message.ends_with("passed inspection."),
        "{message}"
    );
    let (_, requests) = app
        .get("/api/v1/orders/SO-110001/requests", ADMIN_TOKEN)
        .await;
    let replacement = requests
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["kind"] == "exchange")
        .expect("a replacement request")
        .clone();
    assert_eq!(replacement["state"], "requested");
    assert_eq!(
        replacement["details"]["items"][0]["variant"]["colour"],
        "blue"
    );
    let (status, shipped) = app
        .post(
            &format!("/api/v1/requests/{}", replacement["id"]),
            ADMIN_TOKEN,
            json!({"state": "shipped", "tracking_number": "1Z999AA10123450000"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{shipped}");
    let customer_mail = app
        .services()
        .outbox_for(order_customer_email(app, "SO-110001").await.as_str())
        .await
        .unwrap();
    assert!(
        customer_mail
            .iter()
            .any(|m| m.purpose == "exchange_shipped" && m.body_text.contains("1Z999AA10123450000")),
        "{customer_mail:?}"
    );
    // The customer follows the return.
    let (status, followed) = app.get(&format!("/api/v1/returns/{rma}"), &session).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(followed["status"], "refunded");
    let (_, stranger) = fixtures::customer("stranger@example.com")
        .with_token(app)
        .await;
    assert_eq!(
        app.get(&format!("/api/v1/returns/{rma}"), &stranger)
            .await
            .0,
        StatusCode::NOT_FOUND
    );
}

/// The email of an order's buyer.
async fn order_customer_email(app: &TestApp, number: &str) -> String {
    let (_, order) = app
        .get(&format!("/api/v1/orders/{number}"), ADMIN_TOKEN)
        .await;
    let id = order["customer_id"].as_i64().unwrap_or_default();
    let (_, customer) = app
        .get(&format!("/api/v1/customers/{id}"), ADMIN_TOKEN)
        .await;
    customer["email"].as_str().unwrap_or_default().to_string()
}
