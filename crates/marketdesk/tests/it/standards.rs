//! Seller standards through the API (docs/DISPUTES.md, "Seller standards"):
//! a seller's defect rate moving with a cancellation and a case decided
//! against them, the notices with the platform's events, an appeal lifted
//! by a supervisor and holding until the figures get worse, strikes given
//! and withdrawn; a buyer flagged after three cases decided for the seller;
//! the listing as bought and the payout hold on the case; and a case
//! opened from the chat.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::backend_test;
use crate::chat::Chat;
use crate::common::{ADMIN_TOKEN, TestApp};
use crate::fixtures;

const DAY: i64 = 24 * 3600 * 1000;

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64
}

fn iso(ms: i64) -> String {
    jiff::Timestamp::from_millisecond(ms).unwrap().to_string()
}

/// One delivered order of the pottery seller for `buyer`, placed 20 days
/// ago and shipped `ship_after` days later.
fn pottery_order(n: usize, buyer: &str, ship_after: i64) -> Value {
    let placed = now() - 20 * DAY;
    json!({
        "external_id": format!("gid://shop/Order/77{n:03}"), "number": format!("SO-77{n:04}"),
        "status": "delivered", "currency": "EUR", "placed_at": iso(placed),
        "customer": {"external_id": format!("cus_{buyer}"), "email": format!("{buyer}@example.com"), "name": buyer, "language": "en"},
        "lines": [{"sku": format!("BOWL-{n}"), "title": "Stoneware bowl", "category": "home", "quantity": 1, "unit_price_minor": 3000,
                   "seller": {"external_id": "sel_pots", "email": "pots@example.com", "name": "Pottery shop"}}],
        "shipping_address": {"name": buyer, "line1": "Calle 1", "city": "Madrid", "postal_code": "28013", "country": "ES"},
        "payments": [{"reference": format!("pi_77{n}"), "kind": "capture", "method": "card", "status": "succeeded", "amount_minor": 3000, "created_at": iso(placed + 1000)}],
        "shipments": [{"carrier": "Correos", "tracking_number": format!("PQ77{n:04}"), "status": "delivered",
                       "label_created_at": iso(placed + ship_after * DAY), "estimated_delivery_at": iso(placed + 5 * DAY),
                       "delivered_at": iso(placed + 6 * DAY)}]
    })
}

async fn ingest(app: &TestApp, orders: Vec<Value>) {
    let (status, answer) = app
        .post(
            "/api/v1/ingest/orders/bulk",
            ADMIN_TOKEN,
            json!({ "orders": orders }),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert!(
        !answer.to_string().contains("rejected"),
        "every order taken: {answer}"
    );
}

fn reading(standards: &Value, measure: &str) -> Value {
    standards["readings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["measure"] == measure)
        .cloned()
        .unwrap_or_else(|| panic!("no {measure} in {standards}"))
}

/// The events the platform was sent of one type, oldest first.
async fn events(app: &TestApp, event_type: &str) -> Vec<Value> {
    let (_, log) = app
        .get("/api/v1/webhooks/deliveries?limit=100", ADMIN_TOKEN)
        .await;
    let mut found: Vec<Value> = log["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["event_type"] == event_type)
        .cloned()
        .collect();
    found.reverse();
    found
}

fn webhooks(config: &mut marketdesk::config::Config) {
    // Nobody listens: the events stay in the delivery log to be read.
    config.webhook_url = Some("http://127.0.0.1:9/hooks".into());
}

async fn case_to_decision(
    app: &TestApp,
    buyer: &str,
    seller: &str,
    decider: &str,
    order: &str,
    outcome: &str,
) -> Value {
    let (status, case) = app
        .post(
            "/api/v1/cases",
            buyer,
            json!({"order": order, "reason": "not_as_described", "description": "The glaze is cracked all over, not like the photos.",
                   "seller_contacted": true, "return_declined": true}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{case}");
    let id = case["id"].as_i64().unwrap();
    let step = |token: &str, body: Value| {
        let path = format!("/api/v1/cases/{id}/steps");
        let token = token.to_string();
        async move { app.post(&path, &token, body).await }
    };
    let (status, offered) = step(
        seller,
        json!({"step": "contest", "note": "The bowl left here intact."}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{offered}");
    let (status, escalated) = step(buyer, json!({"step": "escalate"})).await;
    assert_eq!(status, StatusCode::OK, "{escalated}");
    let (status, decided) = step(decider, json!({"step": "decide", "outcome": outcome})).await;
    assert_eq!(status, StatusCode::OK, "{decided}");
    decided
}

backend_test!(
    a_sellers_standing_follows_defects_appeals_and_strikes,
    standing_body,
    super::webhooks
);
async fn standing_body(app: &TestApp) {
    // Fifty orders: one cancelled by the seller, one shipped late, one with
    // the listing as bought.
    let mut orders: Vec<Value> = (0..50)
        .map(|n| pottery_order(n, &format!("buyer{n}"), 1))
        .collect();
    orders[0]["status"] = json!("cancelled");
    orders[0]["cancelled_by"] = json!("seller");
    orders[0]["shipments"] = json!([]);
    orders[2] = pottery_order(2, "buyer2", 8);
    orders[1]["lines"][0]["listing"] = json!({"title": "Stoneware bowl, speckled glaze", "condition": "new",
        "description": "Hand-thrown, food safe, no chips.", "photos": ["https://cdn.example.com/bowl-1.jpg"]});
    ingest(app, orders).await;
    let seller = fixtures::person_id(app, "pots@example.com").await;
    let seller_token = fixtures::token_for(app, seller).await;
    let buyer =
        fixtures::token_for(app, fixtures::person_id(app, "buyer1@example.com").await).await;
    let (_, agent) = fixtures::staff("agent", "ana@example.com")
        .with_token(app)
        .await;
    let (_, lead) = fixtures::staff("supervisor", "sam@example.com")
        .with_token(app)
        .await;

    // The seller reads their own standing: 1 defect in 50 orders is 2 %,
    // a warning; 1 of 49 shipped orders late is 2.04 %, within the limit.
    let (status, mine) = app.get("/api/v1/sellers/me/standards", &seller_token).await;
    assert_eq!(status, StatusCode::OK, "{mine}");
    assert_eq!(mine["orders"], 50, "{mine}");
    assert_eq!(reading(&mine, "defect_rate")["value"], 200, "{mine}");
    assert_eq!(reading(&mine, "defect_rate")["level"], "warning");
    assert_eq!(reading(&mine, "late_shipment_rate")["value"], 204, "{mine}");
    assert_eq!(reading(&mine, "late_shipment_rate")["out_of"], 49);
    assert_eq!(mine["standing"], "warning");
    assert_eq!(mine["notices"][0]["standing"], "warning", "{mine}");
    assert_eq!(mine["notices"][0]["may_appeal"], true);
    // Nobody else's: buyers have no standards; another seller is told it
    // does not exist.
    assert_eq!(
        app.get(&format!("/api/v1/sellers/{seller}/standards"), &buyer)
            .await
            .0,
        StatusCode::FORBIDDEN
    );
    let (_, other) = fixtures::seller("other.seller@example.com")
        .with_token(app)
        .await;
    assert_eq!(
        app.get(&format!("/api/v1/sellers/{seller}/standards"), &other)
            .await
            .0,
        StatusCode::NOT_FOUND
    );

    // Before the case, buyer and seller talked on a ticket about the order
    // (shared with the seller by an agent).
    let (status, ticket) = app
        .post(
            "/api/v1/tickets",
            &buyer,
            json!({"subject": "Chipped bowl", "message": {"body": "My bowl has chips on the rim, can you help?"},
                   "order_numbers": ["SO-770001"]}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{ticket}");
    let ticket_id = ticket["id"].as_i64().unwrap();
    let (status, shared) = app
        .post(
            &format!("/api/v1/tickets/{ticket_id}/shares"),
            &agent,
            json!({"seller_id": seller}),
        )
        .await;
    assert!(status.is_success(), "{shared}");
    let (status, said) = app
        .post(
            &format!("/api/v1/tickets/{ticket_id}/messages"),
            &seller_token,
            json!({"body": "It left the studio intact; please send a photo of the box."}),
        )
        .await;
    assert!(status.is_success(), "{said}");

    // A case on the order with the listing: the parties and the platform
    // read the listing as bought; the platform also the seller's standing
    // and what the two wrote before.
    let (status, case) = app
        .post(
            "/api/v1/cases",
            &buyer,
            json!({"order": "SO-770001", "reason": "not_as_described", "description": "The bowl has chips all around the rim.",
                   "seller_contacted": true, "return_declined": true}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{case}");
    let id = case["id"].as_i64().unwrap();
    assert_eq!(case["listings"][0]["listing"]["condition"], "new", "{case}");
    assert!(case["seller_standing"].is_null(), "{case}");
    // The payout for the order shows the case's hold to the seller.
    let (status, fed) = app
        .post(
            "/api/v1/ingest/payouts",
            ADMIN_TOKEN,
            json!({"payouts": [{"reference": "po_77", "seller": {"external_id": "sel_pots", "email": "pots@example.com"},
                "amount_minor": 6000, "currency": "EUR", "status": "pending", "orders": ["SO-770001", "SO-770003"]}]}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{fed}");
    let (_, payouts) = app
        .get(&format!("/api/v1/sellers/{seller}/payouts"), &seller_token)
        .await;
    assert_eq!(payouts[0]["case_holds"][0]["case_id"], id, "{payouts}");
    assert_eq!(payouts[0]["case_holds"][0]["order_number"], "SO-770001");

    let step = |token: &str, body: Value| {
        let path = format!("/api/v1/cases/{id}/steps");
        let token = token.to_string();
        async move { app.post(&path, &token, body).await }
    };
    assert_eq!(
        step(
            &seller_token,
            json!({"step": "offer", "remedy": "partial_refund", "amount_minor": 500})
        )
        .await
        .0,
        StatusCode::OK
    );
    assert_eq!(
        step(&buyer, json!({"step": "reject"})).await.0,
        StatusCode::OK
    );
    assert_eq!(
        step(&buyer, json!({"step": "escalate"})).await.0,
        StatusCode::OK
    );
    let (_, seen) = app.get(&format!("/api/v1/cases/{id}"), &agent).await;
    assert_eq!(seen["seller_standing"], "warning", "{seen}");
    let earlier = seen["earlier_messages"].as_array().unwrap();
    assert_eq!(earlier.len(), 2, "{seen}");
    assert_eq!(earlier[0]["party"], "buyer");
    assert_eq!(earlier[1]["party"], "seller");
    assert!(
        earlier[1]["body"]
            .as_str()
            .unwrap()
            .contains("left the studio intact")
    );
    assert_eq!(
        case["earlier_messages"],
        json!([]),
        "the parties do not get them: {case}"
    );
    let (status, decided) = step(&agent, json!({"step": "decide", "outcome": "full_refund"})).await;
    assert_eq!(status, StatusCode::OK, "{decided}");

    // Decided against the seller: 2 defects in 50 orders, 4 %: restricted.
    let (_, mine) = app.get("/api/v1/sellers/me/standards", &seller_token).await;
    assert_eq!(reading(&mine, "defect_rate")["value"], 400, "{mine}");
    assert_eq!(mine["standing"], "restricted", "{mine}");
    // The seller answered the case: one answer, too few cases to measure.
    assert_eq!(reading(&mine, "case_response")["out_of"], 1, "{mine}");
    assert!(reading(&mine, "case_response")["value"].is_null());
    let changes: Vec<String> = events(app, "seller.standing_changed")
        .await
        .iter()
        .map(|e| {
            e["payload"]
                .as_str()
                .map_or_else(|| e["payload"].to_string(), str::to_owned)
        })
        .collect();
    assert_eq!(changes.len(), 2, "{changes:?}");
    assert!(
        changes[0].contains("\"warning\"") && changes[1].contains("\"restricted\""),
        "{changes:?}"
    );

    // The seller appeals the restriction, once.
    let notice = mine["notices"][0]["id"].as_i64().unwrap();
    let appeal_path = format!("/api/v1/standing-notices/{notice}/appeal");
    let (status, appealed) = app
        .post(
            &appeal_path,
            &seller_token,
            json!({"text": "The bowl was fine; the buyer broke it."}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{appealed}");
    assert_eq!(appealed["notices"][0]["appeal_status"], "pending");
    assert_eq!(
        app.post(&appeal_path, &seller_token, json!({"text": "again"}))
            .await
            .0,
        StatusCode::CONFLICT
    );
    assert_eq!(
        app.post(&appeal_path, &seller_token, json!({"text": ""}))
            .await
            .0,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    // Agents do not decide appeals; supervisors do.
    let decide_path = format!("/api/v1/standing-notices/{notice}/decision");
    assert_eq!(
        app.post(
            &decide_path,
            &agent,
            json!({"decision": "lifted", "note": "ok"})
        )
        .await
        .0,
        StatusCode::FORBIDDEN
    );
    let (_, desk) = app.get("/api/v1/sellers/standards", &lead).await;
    assert_eq!(desk["appeals"][0]["id"], notice, "{desk}");
    let (status, lifted) = app
        .post(
            &decide_path,
            &lead,
            json!({"decision": "lifted", "note": "The photos show packing damage."}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{lifted}");
    assert_eq!(lifted["standing"], "warning", "{lifted}");
    assert_eq!(lifted["notices"][0]["cause"], "appeal");
    assert_eq!(
        app.post(
            &decide_path,
            &lead,
            json!({"decision": "upheld", "note": "no"})
        )
        .await
        .0,
        StatusCode::CONFLICT
    );
    // The lift holds when the job measures again an hour later…
    app.services()
        .run_standards_round(now() + 2 * 3600 * 1000)
        .await
        .unwrap();
    let (_, mine) = app.get("/api/v1/sellers/me/standards", &seller_token).await;
    assert_eq!(mine["standing"], "warning", "{mine}");

    // …until the figures get worse than the lifted notice: strikes.
    let strike = |reason: &str| {
        let body = json!({"reason": reason, "note": "Asked a buyer to pay by bank transfer."});
        let path = format!("/api/v1/sellers/{seller}/strikes");
        let lead = lead.clone();
        async move { app.post(&path, &lead, body).await }
    };
    assert_eq!(
        app.post(
            &format!("/api/v1/sellers/{seller}/strikes"),
            &agent,
            json!({"reason": "other", "note": "x"})
        )
        .await
        .0,
        StatusCode::FORBIDDEN
    );
    let (status, _) = strike("off_platform_payment").await;
    assert_eq!(status, StatusCode::CREATED);
    let (_, two) = strike("abusive_messages").await;
    assert_eq!(
        two["standing"], "warning",
        "two strikes are a restriction, lifted: {two}"
    );
    let (_, three) = strike("misleading_listing").await;
    assert_eq!(three["standing"], "suspended", "{three}");
    assert_eq!(reading(&three, "strikes")["value"], 3);
    let bad = app
        .post(
            &format!("/api/v1/sellers/{seller}/strikes"),
            &lead,
            json!({"reason": "shouting", "note": "x"}),
        )
        .await;
    assert_eq!(bad.0, StatusCode::UNPROCESSABLE_ENTITY, "{}", bad.1);
    // A strike withdrawn: back under the lifted notice.
    let strike_id = three["strikes"][0]["id"].as_i64().unwrap();
    let (status, withdrawn) = app
        .post(
            &format!("/api/v1/strikes/{strike_id}/withdrawal"),
            &lead,
            json!({}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{withdrawn}");
    assert_eq!(withdrawn["standing"], "warning", "{withdrawn}");
    assert_eq!(withdrawn["strikes"][0]["active"], false);
    assert_eq!(
        app.post(
            &format!("/api/v1/strikes/{strike_id}/withdrawal"),
            &lead,
            json!({})
        )
        .await
        .0,
        StatusCode::CONFLICT
    );

    // Every change went to the platform.
    assert_eq!(events(app, "seller.strike").await.len(), 3);
    assert_eq!(events(app, "seller.notice_appealed").await.len(), 1);
    assert_eq!(events(app, "seller.appeal_decided").await.len(), 1);
    let standings = events(app, "seller.standing_changed").await;
    let last = standings.last().unwrap().to_string();
    assert_eq!(
        standings.len(),
        5,
        "warning, restricted, lifted, suspended, back: {standings:?}"
    );
    assert!(last.contains("warning"), "{last}");
    // The desk lists the seller with their standing.
    let (_, desk) = app
        .get("/api/v1/sellers/standards?standing=warning", &lead)
        .await;
    assert_eq!(desk["sellers"][0]["seller_id"], seller, "{desk}");
    assert_eq!(
        app.get("/api/v1/sellers/standards?standing=great", &lead)
            .await
            .0,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(
        app.get("/api/v1/sellers/standards", &seller_token).await.0,
        StatusCode::FORBIDDEN
    );
}

backend_test!(
    a_buyer_whose_cases_keep_ending_for_the_seller_is_flagged,
    flag_body,
    super::webhooks
);
async fn flag_body(app: &TestApp) {
    ingest(app, (0..4).map(|n| pottery_order(n, "greedy", 1)).collect()).await;
    let seller = fixtures::token_for(app, fixtures::person_id(app, "pots@example.com").await).await;
    let buyer_id = fixtures::person_id(app, "greedy@example.com").await;
    let buyer = fixtures::token_for(app, buyer_id).await;
    let (_, agent) = fixtures::staff("agent", "ana@example.com")
        .with_token(app)
        .await;
    let (_, lead) = fixtures::staff("supervisor", "sam@example.com")
        .with_token(app)
        .await;

    // Two cases decided for the seller: not yet flagged.
    for order in ["SO-770000", "SO-770001"] {
        case_to_decision(app, &buyer, &seller, &agent, order, "seller_wins").await;
    }
    let (_, desk) = app.get("/api/v1/sellers/standards", &lead).await;
    assert_eq!(desk["flagged_buyers"], json!([]), "{desk}");
    // The third: flagged, once, with an event.
    let decided = case_to_decision(app, &buyer, &seller, &agent, "SO-770002", "seller_wins").await;
    let (_, seen) = app
        .get(&format!("/api/v1/cases/{}", decided["id"]), &agent)
        .await;
    assert_eq!(seen["buyer_flag"]["cases_lost"], 3, "{seen}");
    assert!(
        app.get(&format!("/api/v1/cases/{}", decided["id"]), &buyer)
            .await
            .1["buyer_flag"]
            .is_null(),
        "the buyer never reads their own flag"
    );
    let (_, desk) = app.get("/api/v1/sellers/standards", &lead).await;
    assert_eq!(desk["flagged_buyers"][0]["buyer_id"], buyer_id, "{desk}");
    assert_eq!(desk["flagged_buyers"][0]["cases_opened"], 3);
    assert_eq!(events(app, "buyer.flagged").await.len(), 1);

    // Agents read it; supervisors review it, once.
    let review = format!("/api/v1/flagged-buyers/{buyer_id}/review");
    assert_eq!(
        app.post(&review, &agent, json!({"note": "looked"})).await.0,
        StatusCode::FORBIDDEN
    );
    let (status, reviewed) = app
        .post(
            &review,
            &lead,
            json!({"note": "Photos in all three cases were of other items."}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{reviewed}");
    assert_eq!(reviewed["status"], "reviewed");
    assert_eq!(
        app.post(&review, &lead, json!({"note": "again"})).await.0,
        StatusCode::CONFLICT
    );
    // A fourth loss flags them again.
    case_to_decision(app, &buyer, &seller, &agent, "SO-770003", "seller_wins").await;
    let (_, desk) = app.get("/api/v1/sellers/standards", &lead).await;
    assert_eq!(desk["flagged_buyers"][0]["cases_lost"], 4, "{desk}");
    assert_eq!(events(app, "buyer.flagged").await.len(), 2);
}

backend_test!(a_dispute_in_the_chat_opens_a_case, chat_case_body);
async fn chat_case_body(app: &TestApp) {
    ingest(app, vec![pottery_order(5, "lena", 1)]).await;
    let buyer = fixtures::token_for(app, fixtures::person_id(app, "lena@example.com").await).await;
    let (chat, _) = Chat::start(app, "en").await;
    chat.say("I want to open a dispute about order SO-770005")
        .await;
    let ask = chat.say("lena@example.com").await;
    assert!(ask.last().unwrap().contains("what went wrong"), "{ask:?}");
    // The order can still be returned: a case instead is the buyer's choice.
    let asked = chat
        .say("The bowl arrived broken. I wrote to the seller twice and got no answer.")
        .await;
    assert!(asked.last().unwrap().contains("returned"), "{asked:?}");
    let opened = chat.say("yes").await;
    let answer = opened.last().unwrap();
    assert!(answer.contains("I opened case #"), "{answer}");
    let (_, cases) = app.get("/api/v1/cases", &buyer).await;
    let case = &cases["cases"][0];
    assert_eq!(case["reason"], "damaged", "{cases}");
    assert_eq!(case["status"], "awaiting_seller");
    assert!(
        answer.contains(&format!("/cases/{}", case["id"])),
        "{answer}"
    );
    let (_, whole) = app
        .get(&format!("/api/v1/cases/{}", case["id"]), &buyer)
        .await;
    assert!(
        whole["messages"][0]["body"]
            .as_str()
            .unwrap()
            .contains("arrived broken"),
        "{whole}"
    );

    // Without having written to the seller, the chat asks first.
    ingest(app, vec![pottery_order(6, "lena", 1)]).await;
    let (chat, _) = Chat::start(app, "es").await;
    chat.say("Quiero abrir una disputa por el pedido SO-770006")
        .await;
    chat.say("lena@example.com").await;
    // A counterfeit is not sent back: no return offered, the seller first.
    let asked = chat.say("El cuenco es falso, no es el de la foto").await;
    assert!(
        asked.last().unwrap().contains("escrito al vendedor"),
        "{asked:?}"
    );
    let told = chat.say("no").await;
    assert!(
        told.last().unwrap().contains("/cases/new?order=SO-770006"),
        "{told:?}"
    );
    let (_, cases) = app.get("/api/v1/cases", &buyer).await;
    assert_eq!(
        cases["cases"].as_array().unwrap().len(),
        1,
        "no second case: {cases}"
    );
}

backend_test!(the_standards_pages_for_sellers_and_staff, pages_body);
async fn pages_body(app: &TestApp) {
    let mut orders: Vec<Value> = (0..50)
        .map(|n| pottery_order(n, &format!("buyer{n}"), 1))
        .collect();
    orders[0]["status"] = json!("cancelled");
    orders[0]["cancelled_by"] = json!("seller");
    ingest(app, orders).await;
    let seller = fixtures::person_id(app, "pots@example.com").await;
    fixtures::staff("supervisor", "sam@example.com")
        .create(app)
        .await;
    fixtures::staff("agent", "ana@example.com")
        .create(app)
        .await;

    // The seller reads their standing in Spanish and Chinese, and appeals.
    let mut portal = crate::web::Browser::new(app);
    crate::web::portal_sign_in(app, &mut portal, "pots@example.com").await;
    let (status, page) = portal.get("/standards?lang=es").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains("Advertencia") && page.contains("Tasa de defectos"),
        "{page}"
    );
    assert!(page.contains("2.00 %"), "{page}");
    let (_, zh) = portal.get("/standards?lang=zh").await;
    assert!(zh.contains("警告") && zh.contains("缺陷率"), "{zh}");
    let (_, page) = portal.get("/standards?lang=en").await;
    let action = page
        .split("class=\"stack appeal-form\" method=\"post\" action=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap_or_else(|| panic!("no appeal form: {page}"))
        .to_string();
    let csrf = crate::web::hidden(&page, "_csrf");
    let (status, to, _) = portal
        .post(
            &action,
            &[
                ("_csrf", &csrf),
                ("text", "I cancelled because the buyer asked me to."),
            ],
        )
        .await;
    assert_eq!(
        (status, to.as_deref()),
        (StatusCode::SEE_OTHER, Some("/standards"))
    );
    let (_, page) = portal.get("/standards").await;
    assert!(
        page.contains("Your appeal was sent") && page.contains("waiting for a decision"),
        "{page}"
    );
    assert!(!page.contains("appeal-form"), "appealed once: {page}");
    // The seller's payouts page links here; a buyer is turned away.
    let mut buyer = crate::web::Browser::new(app);
    crate::web::portal_sign_in(app, &mut buyer, "buyer3@example.com").await;
    let (status, to, _) = buyer
        .post(
            "/standards/notices/1/appeal",
            &[("_csrf", "x"), ("text", "x")],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{to:?}");
    let response = buyer
        .request(reqwest::Method::GET, "/standards", None)
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);

    // An agent reads the desk but decides nothing.
    let mut agent = crate::web::signed_in(app, "ana@example.com").await;
    let (_, desk) = agent.get("/agent/standards").await;
    assert!(
        desk.contains("Pottery shop") && desk.contains("I cancelled because"),
        "{desk}"
    );
    assert!(!desk.contains("decide-form"), "{desk}");
    let (_, seller_page) = agent.get(&format!("/agent/sellers/{seller}")).await;
    assert!(!seller_page.contains("strike-form"), "{seller_page}");

    // A supervisor lifts the notice from the desk, then gives a strike.
    let mut lead = crate::web::signed_in(app, "sam@example.com").await;
    let (_, desk) = lead.get("/agent/standards").await;
    let decide = desk
        .split("class=\"stack decide-form\" method=\"post\" action=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap_or_else(|| panic!("no decision form: {desk}"))
        .to_string();
    let csrf = crate::web::hidden(&desk, "_csrf");
    let (status, to, _) = lead
        .post(
            &decide,
            &[
                ("_csrf", &csrf),
                ("back", "/agent/standards"),
                ("decision", "lifted"),
                ("text", "The buyer asked to cancel."),
            ],
        )
        .await;
    assert_eq!(
        (status, to.as_deref()),
        (StatusCode::SEE_OTHER, Some("/agent/standards"))
    );
    let (_, desk) = lead.get("/agent/standards").await;
    assert!(
        desk.contains("The appeal is decided") && desk.contains("No appeals waiting"),
        "{desk}"
    );
    let (_, seller_page) = lead.get(&format!("/agent/sellers/{seller}?lang=en")).await;
    assert!(
        seller_page.contains("id=\"standing-now\">Good<"),
        "{seller_page}"
    );
    let (status, _, _) = lead
        .post(
            &format!("/agent/sellers/{seller}/strikes"),
            &[
                ("_csrf", &csrf),
                ("reason", "abusive_messages"),
                ("text", "Insulted a buyer in the case thread."),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, seller_page) = lead.get(&format!("/agent/sellers/{seller}")).await;
    assert!(
        seller_page.contains("Strike given") && seller_page.contains("Abusive messages"),
        "{seller_page}"
    );
    // One strike is a warning, no worse than the lifted notice: still good.
    assert!(
        seller_page.contains("id=\"standing-now\">Good<"),
        "{seller_page}"
    );
    // A strike without its reason is refused with the reason named.
    lead.post(
        &format!("/agent/sellers/{seller}/strikes"),
        &[("_csrf", &csrf), ("reason", "nope"), ("text", "x")],
    )
    .await;
    let (_, seller_page) = lead.get(&format!("/agent/sellers/{seller}")).await;
    assert!(seller_page.contains("Choose the strike"), "{seller_page}");
    // The seller reads the strike and the lifted notice.
    let (_, page) = portal.get("/standards").await;
    assert!(
        page.contains("Insulted a buyer") && page.contains("lifted"),
        "{page}"
    );
}
