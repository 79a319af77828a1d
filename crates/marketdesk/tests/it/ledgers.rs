//! Store credit as a ledger (issued, used at checkout, expired) and the
//! sellers' side of an order: payouts and chargebacks, through the API.

use marketdesk_domain::DAY_MS;
use marketdesk_domain::commerce::OrderStatus;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::backend_test;
use crate::common::{ADMIN_TOKEN, TestApp};
use crate::fixtures;

/// Refunds `amount` of order `number` to store credit (as an admin).
async fn credit(app: &TestApp, number: &str, amount: i64) {
    let (status, body) = app
        .post(
            &format!("/api/v1/orders/{number}/refunds"),
            ADMIN_TOKEN,
            json!({"amount_minor": amount, "destination": "store_credit", "reason": "late delivery"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
}

fn spend(code: &str, amount: i64, reference: &str) -> Value {
    json!({"code": code, "amount_minor": amount, "currency": "EUR", "order_number": "SO-NEXT-1", "reference": reference})
}

backend_test!(
    store_credit_is_a_ledger_spent_once_and_expiring,
    ledger_body
);
async fn ledger_body(app: &TestApp) {
    let id = fixtures::customer("ines@example.com")
        .named("Inés Ruiz")
        .language("es")
        .create(app)
        .await;
    fixtures::order("SO-810001", id)
        .status(OrderStatus::Delivered)
        .line(10000, 1)
        .captured()
        .insert(app)
        .await;
    let customer = fixtures::token_for(app, id).await;
    let (_, agent) = fixtures::staff("agent", "agent@example.com")
        .with_token(app)
        .await;
    let other = fixtures::customer("otro@example.com").create(app).await;
    let other_token = fixtures::token_for(app, other).await;

    credit(app, "SO-810001", 3000).await;
    credit(app, "SO-810001", 2000).await;

    // The customer and the agent see the balance, the code and the lines;
    // another customer sees nothing.
    let path = format!("/api/v1/customers/{id}/store-credit");
    let (status, mine) = app.get(&path, &customer).await;
    assert_eq!(status, StatusCode::OK, "{mine}");
    assert_eq!(mine["balances"][0]["balance_minor"], 5000);
    assert!(mine["balances"][0]["next_expiry"].is_string(), "{mine}");
    let code = mine["code"].as_str().unwrap().to_string();
    assert!(code.starts_with("CREDIT-"), "{code}");
    assert_eq!(mine["entries"].as_array().unwrap().len(), 2);
    assert!(
        mine["entries"]
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["kind"] == "issued")
    );
    let (status, seen) = app.get(&path, &agent).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(seen["code"], code.as_str());
    let (status, _) = app.get(&path, &other_token).await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // Spent at checkout by the code: the platform's token only.
    let (status, _) = app
        .post(
            "/api/v1/ingest/store-credit",
            &agent,
            spend(&code, 100, "chk_0"),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, spent) = app
        .post(
            "/api/v1/ingest/store-credit",
            ADMIN_TOKEN,
            spend(&code.to_lowercase(), 3500, "chk_1"),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{spent}");
    assert_eq!(spent["balance_minor"], 1500);
    assert_eq!(spent["entry"]["kind"], "used");
    assert_eq!(spent["entry"]["amount_minor"], -3500);
    assert_eq!(spent["replayed"], false);

    // A retry of the same spend moves nothing; the reference reused for
    // another amount is refused.
    let (status, again) = app
        .post(
            "/api/v1/ingest/store-credit",
            ADMIN_TOKEN,
            spend(&code, 3500, "chk_1"),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{again}");
    assert_eq!(again["replayed"], true);
    assert_eq!(again["balance_minor"], 1500);
    let (status, _) = app
        .post(
            "/api/v1/ingest/store-credit",
            ADMIN_TOKEN,
            spend(&code, 100, "chk_1"),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT);

    // More than is left: refused whole, nothing taken.
    let (status, refused) = app
        .post(
            "/api/v1/ingest/store-credit",
            ADMIN_TOKEN,
            spend(&code, 1501, "chk_2"),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "{refused}");
    // Split into two spends at once, they still cannot pass the balance.
    let (a, b) = tokio::join!(
        app.post(
            "/api/v1/ingest/store-credit",
            ADMIN_TOKEN,
            spend(&code, 1000, "chk_3")
        ),
        app.post(
            "/api/v1/ingest/store-credit",
            ADMIN_TOKEN,
            spend(&code, 1000, "chk_4")
        ),
    );
    let passed = [a.0, b.0].iter().filter(|s| **s == StatusCode::OK).count();
    assert_eq!(passed, 1, "{:?} {:?}", a, b);
    let (_, after) = app.get(&path, &customer).await;
    assert_eq!(after["balances"][0]["balance_minor"], 500, "{after}");

    // Bad input is named.
    let (status, bad) = app
        .post(
            "/api/v1/ingest/store-credit",
            ADMIN_TOKEN,
            json!({"code": "CREDIT-NOPE", "amount_minor": 1, "currency": "EUR", "order_number": "X", "reference": "r"}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}");
    let (status, _) = app
        .post(
            "/api/v1/ingest/store-credit",
            ADMIN_TOKEN,
            json!({"customer_email": "ines@example.com", "amount_minor": -5, "currency": "EUR", "order_number": "X", "reference": "r"}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);

    // A year on (the demo policy: 365 days), what is left expires: a line
    // of its own, and the balance is 0.
    let later = marketdesk_service::now_ms() + 366 * DAY_MS;
    let expired = app.services().expire_store_credit(later).await.unwrap();
    assert_eq!(expired, 1);
    assert_eq!(app.services().expire_store_credit(later).await.unwrap(), 0);
    let (_, last) = app.get(&path, &customer).await;
    assert_eq!(last["balances"][0]["balance_minor"], 0, "{last}");
    let kinds: Vec<&str> = last["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds.first(), Some(&"expired"), "{kinds:?}");
    assert_eq!(kinds.iter().filter(|k| **k == "used").count(), 2);
}

fn payout(reference: &str, status: &str, extra: Value) -> Value {
    let mut p = json!({
        "reference": reference,
        "seller": {"external_id": "sel_lamp", "email": "lamps@example.com", "name": "Lamp shop", "language": "es"},
        "amount_minor": 4490, "currency": "EUR", "status": status,
        "expected_at": "2026-11-20T00:00:00Z", "orders": ["SO-820001"]
    });
    if let (Some(p), Some(extra)) = (p.as_object_mut(), extra.as_object()) {
        p.extend(extra.clone());
    }
    p
}

backend_test!(sellers_see_their_payouts_and_chargebacks, sellers_body);
async fn sellers_body(app: &TestApp) {
    // A payout on hold for an open dispute, and one late.
    let (status, body) = app
        .post(
            "/api/v1/ingest/payouts",
            ADMIN_TOKEN,
            json!({"payouts": [
                payout("po_1", "on_hold", json!({"holds": [{"reason": "open_dispute", "detail": "chargeback on SO-820001"}]})),
                payout("po_2", "in_transit", json!({"expected_at": "2026-01-05T00:00:00Z", "amount_minor": 1200}))
            ]}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["payouts"], 2);
    // On hold without saying why, or for a reason not in the list: refused.
    let (status, bad) = app
        .post(
            "/api/v1/ingest/payouts",
            ADMIN_TOKEN,
            json!({"payouts": [payout("po_3", "on_hold", json!({}))]}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}");
    let (status, _) = app
        .post(
            "/api/v1/ingest/payouts",
            ADMIN_TOKEN,
            json!({"payouts": [payout("po_3", "on_hold", json!({"holds": [{"reason": "because"}]}))]}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);

    let (_, people) = app.get("/api/v1/customers?limit=100", ADMIN_TOKEN).await;
    let seller = people["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["email"] == "lamps@example.com")
        .unwrap()["id"]
        .as_i64()
        .unwrap();
    let seller_token = fixtures::token_for(app, seller).await;
    let path = format!("/api/v1/sellers/{seller}/payouts");
    let (status, payouts) = app.get(&path, &seller_token).await;
    assert_eq!(status, StatusCode::OK, "{payouts}");
    let list = payouts.as_array().unwrap();
    assert_eq!(list.len(), 2);
    let held = list.iter().find(|p| p["reference"] == "po_1").unwrap();
    assert_eq!(held["status"], "on_hold");
    assert_eq!(held["holds"][0]["reason"], "open_dispute");
    // In the seller's language.
    assert!(
        held["explanation"].as_str().unwrap().contains("retenido"),
        "{held}"
    );
    assert!(
        held["holds"][0]["next_step"]
            .as_str()
            .unwrap()
            .contains("disputa"),
        "{held}"
    );
    let late = list.iter().find(|p| p["reference"] == "po_2").unwrap();
    assert_eq!(late["late"], true, "{late}");
    let (_, english) = app.get(&format!("{path}?lang=en"), &seller_token).await;
    assert!(
        english[0]["explanation"]
            .as_str()
            .unwrap()
            .contains("payout"),
        "{english}"
    );

    // Nobody else's payouts: a customer, another seller.
    let buyer = fixtures::customer("buyer@example.com").create(app).await;
    let buyer_token = fixtures::token_for(app, buyer).await;
    let (status, _) = app.get(&path, &buyer_token).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (_, agent) = fixtures::staff("agent", "agent@example.com")
        .with_token(app)
        .await;
    let (status, _) = app.get(&path, &agent).await;
    assert_eq!(status, StatusCode::OK);

    // A chargeback on the order's payment: the seller sees its status and
    // reason on the order.
    let order = json!({
        "external_id": "gid://shop/Order/8201", "number": "SO-820001", "status": "delivered", "currency": "EUR",
        "placed_at": "2026-11-01T10:00:00Z",
        "customer": {"email": "buyer@example.com", "name": "Bea Buyer"},
        "lines": [{"sku": "LAMP", "title": "Desk lamp", "category": "home", "quantity": 1, "unit_price_minor": 4990,
                   "seller": {"external_id": "sel_lamp", "email": "lamps@example.com", "name": "Lamp shop"}}],
        "shipping_address": {"name": "Bea Buyer", "line1": "Calle 1", "city": "Madrid", "postal_code": "28013", "country": "ES"},
        "payments": [{"reference": "pi_82", "kind": "capture", "method": "card", "status": "succeeded", "amount_minor": 4990,
                      "created_at": "2026-11-01T10:00:05Z",
                      "dispute": {"status": "needs_response", "reason": "product_not_received", "respond_by": "2026-12-20T00:00:00Z"}}]
    });
    let (status, body) = app
        .post("/api/v1/ingest/orders", ADMIN_TOKEN, order.clone())
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (status, seen) = app.get("/api/v1/orders/SO-820001", &seller_token).await;
    assert_eq!(status, StatusCode::OK, "{seen}");
    assert_eq!(seen["chargebacks"][0]["status"], "needs_response", "{seen}");
    assert_eq!(seen["chargebacks"][0]["reason"], "product_not_received");
    assert!(seen["payments"].as_array().unwrap().is_empty());
    // The seller asks in the chat: a sale's number and their email prove
    // who they are; the late payout is explained and goes to a person with
    // the sale linked; the chargeback's status and evidence date are told.
    let (chat, _) = crate::chat::Chat::try_start(app, "en").await.unwrap();
    let ask = chat.say("Hi, my payout never arrived").await;
    assert!(ask.last().unwrap().contains("one of your sales"), "{ask:?}");
    let ask = chat.say("SO-820001").await;
    assert!(ask.last().unwrap().contains("seller account"), "{ask:?}");
    let answer = chat.say("lamps@example.com").await.join("\n");
    assert!(
        answer.contains("should have reached your bank on 2026-01-05"),
        "{answer}"
    );
    assert!(answer.contains("dispute or chargeback"), "{answer}");
    let (_, list) = app.get("/api/v1/tickets?tag=payout", &agent).await;
    let ticket = &list["items"][0];
    assert_eq!(ticket["order_ids"][0], seen["id"], "{list}");
    assert_eq!(ticket["requester"]["email"], "lamps@example.com", "{list}");

    let (chat, _) = crate::chat::Chat::try_start(app, "es").await.unwrap();
    chat.say("¿Por qué hay un contracargo en mi venta SO-820001?")
        .await;
    let answer = chat.say("lamps@example.com").await.join("\n");
    assert!(answer.contains("Se necesitan pruebas"), "{answer}");
    assert!(answer.contains("2026-12-20"), "{answer}");
    let (_, list) = app.get("/api/v1/tickets?tag=chargeback", &agent).await;
    assert_eq!(list["items"][0]["order_ids"][0], seen["id"], "{list}");
    // The buyer's email is not a seller's: nothing about the sale is told.
    let (chat, _) = crate::chat::Chat::try_start(app, "en").await.unwrap();
    chat.say("chargeback on order SO-820001").await;
    let answer = chat.say("buyer@example.com").await.join("\n");
    assert!(!answer.contains("Evidence"), "{answer}");

    // Won later: the feed says so.
    let mut won = order.clone();
    won["payments"][0]["dispute"] = json!({"status": "won", "reason": "product_not_received"});
    app.post("/api/v1/ingest/orders", ADMIN_TOKEN, won).await;
    let (_, seen) = app.get("/api/v1/orders/SO-820001", &buyer_token).await;
    assert_eq!(seen["chargebacks"][0]["status"], "won", "{seen}");
    // A status the providers do not use is refused with the allowed ones.
    let mut bad = order;
    bad["payments"][0]["dispute"] = json!({"status": "maybe", "reason": "general"});
    let (status, problem) = app.post("/api/v1/ingest/orders", ADMIN_TOKEN, bad).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
}

backend_test!(the_portal_and_workspace_show_credit_and_payouts, pages_body);
async fn pages_body(app: &TestApp) {
    use crate::web::{Browser, portal_sign_in, signed_in};
    let id = fixtures::customer("ines@example.com")
        .named("Inés Ruiz")
        .language("es")
        .create(app)
        .await;
    fixtures::order("SO-830001", id)
        .status(OrderStatus::Delivered)
        .line(10000, 1)
        .captured()
        .insert(app)
        .await;
    credit(app, "SO-830001", 2500).await;

    // The customer's "My requests" shows the balance, its expiry, the
    // checkout code and the lines, in their language.
    let mut browser = Browser::new(app);
    portal_sign_in(app, &mut browser, "ines@example.com").await;
    let (_, page) = browser.get("/requests?lang=es").await;
    assert!(page.contains("id=\"store-credit\""), "{page}");
    assert!(
        page.contains("Saldo de tienda") && page.contains("25,00"),
        "{page}"
    );
    assert!(page.contains("caduca el"), "{page}");
    assert!(page.contains("CREDIT-"), "{page}");
    assert!(page.contains("Saldo añadido"), "{page}");

    // A seller's page shows their payouts with the hold and what releases it.
    let (status, body) = app
        .post(
            "/api/v1/ingest/payouts",
            ADMIN_TOKEN,
            json!({"payouts": [payout("po_9", "on_hold", json!({"holds": [{"reason": "verification_required"}]}))]}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let mut seller = Browser::new(app);
    portal_sign_in(app, &mut seller, "lamps@example.com").await;
    let (_, page) = seller.get("/requests?lang=zh-CN").await;
    assert!(page.contains("id=\"payouts\""), "{page}");
    assert!(
        page.contains("已暂扣") && page.contains("完成验证"),
        "{page}"
    );
    assert!(!page.contains("id=\"store-credit\""));

    // The agent sees the credit beside the customer's ticket.
    fixtures::staff("agent", "agent@example.com")
        .with_token(app)
        .await;
    let ticket = app
        .ticket_for("ines@example.com", "¿Dónde está mi saldo?")
        .await["id"]
        .as_i64()
        .unwrap();
    let mut agent = signed_in(app, "agent@example.com").await;
    let (_, page) = agent.get(&format!("/agent/tickets/{ticket}?lang=en")).await;
    assert!(
        page.contains("Store credit") && page.contains("25.00 EUR"),
        "{page}"
    );
}
