//! Buyer–seller cases through the API (docs/DISPUTES.md): opening with its
//! steps and evidence, the seller's offer, the buyer's rejection and
//! escalation, the platform's decision moving a return and the payout, an
//! appeal decided by someone else, who reads which message, and the clock.

use base64::Engine;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::backend_test;
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

/// A delivered order with two sellers' items: a lamp (49.90) and a vase
/// (25.00), delivered five days ago.
fn order() -> Value {
    let placed = now() - 10 * DAY;
    json!({
        "external_id": "gid://shop/Order/3001", "number": "SO-300001", "status": "delivered", "currency": "EUR",
        "placed_at": iso(placed),
        "customer": {"external_id": "cus_3", "email": "bea@example.com", "name": "Bea Buyer", "language": "es"},
        "lines": [
            {"sku": "LAMP", "title": "Desk lamp", "category": "home", "quantity": 1, "unit_price_minor": 4990,
             "seller": {"external_id": "sel_lamp", "email": "lamps@example.com", "name": "Lamp shop"}},
            {"sku": "VASE", "title": "Vase", "category": "home", "quantity": 1, "unit_price_minor": 2500,
             "seller": {"external_id": "sel_vase", "email": "vases@example.com", "name": "Vase shop"}}
        ],
        "shipping_minor": 500,
        "shipping_address": {"name": "Bea Buyer", "line1": "Calle 1", "city": "Madrid", "postal_code": "28013", "country": "ES"},
        "payments": [
            {"reference": "pi_30", "kind": "capture", "method": "card", "status": "succeeded", "amount_minor": 7990, "created_at": iso(placed + 5000)}
        ],
        "shipments": [
            {"carrier": "Correos", "tracking_number": "PQ300001", "status": "delivered",
             "label_created_at": iso(placed + DAY), "estimated_delivery_at": iso(now() - 6 * DAY),
             "delivered_at": iso(now() - 5 * DAY)}
        ]
    })
}

/// The smallest PNG there is: one pixel.
fn png() -> String {
    let bytes: [u8; 67] = [
        0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44,
        0x52, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F,
        0x15, 0xC4, 0x89, 0x00, 0x00, 0x00, 0x0A, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0x00,
        0x01, 0x00, 0x00, 0x05, 0x00, 0x01, 0x0D, 0x0A, 0x2D, 0xB4, 0x00, 0x00, 0x00, 0x00, 0x49,
        0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82,
    ];
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

struct Cast {
    buyer: String,
    lamp: (i64, String),
    vase: (i64, String),
    agent: (i64, String),
    second_agent: (i64, String),
}

async fn cast(app: &TestApp) -> Cast {
    let (status, answer) = app
        .post("/api/v1/ingest/orders", ADMIN_TOKEN, order())
        .await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    let (buyer, lamp, vase) = (
        fixtures::person_id(app, "bea@example.com").await,
        fixtures::person_id(app, "lamps@example.com").await,
        fixtures::person_id(app, "vases@example.com").await,
    );
    Cast {
        buyer: fixtures::token_for(app, buyer).await,
        lamp: (lamp, fixtures::token_for(app, lamp).await),
        vase: (vase, fixtures::token_for(app, vase).await),
        agent: fixtures::staff("agent", "ana@example.com")
            .with_token(app)
            .await,
        second_agent: fixtures::staff("supervisor", "sam@example.com")
            .with_token(app)
            .await,
    }
}

async fn step(app: &TestApp, token: &str, id: i64, body: Value) -> (StatusCode, Value) {
    app.post(&format!("/api/v1/cases/{id}/steps"), token, body)
        .await
}

backend_test!(a_case_from_opening_to_appeal, case_body);
async fn case_body(app: &TestApp) {
    let c = cast(app).await;
    let (lamp_id, lamp) = &c.lamp;
    let photo =
        json!({"filename": "broken.png", "content_type": "image/png", "content_base64": png()});
    let opening = |extra: Value| {
        let mut body = json!({
            "order": "SO-300001", "reason": "not_as_described", "seller_id": lamp_id,
            "description": "La lámpara tiene la base rota y no enciende.",
            "attachments": [photo.clone()],
        });
        for (k, v) in extra.as_object().unwrap() {
            body[k] = v.clone();
        }
        body
    };

    // The steps the policy asks for come first: the return, then the seller.
    let (status, refused) = app
        .post("/api/v1/cases", &c.buyer, opening(json!({})))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{refused}");
    assert!(refused.to_string().contains("return_declined"), "{refused}");
    let (status, refused) = app
        .post(
            "/api/v1/cases",
            &c.buyer,
            opening(json!({"return_declined": true})),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{refused}");
    assert!(
        refused.to_string().contains("seller_contacted"),
        "{refused}"
    );
    // A "photo" that is not one, by its content.
    let fake = json!({"filename": "x.png", "content_type": "image/png",
        "content_base64": base64::engine::general_purpose::STANDARD.encode(b"<script>alert(1)</script>")});
    let (status, refused) = app
        .post(
            "/api/v1/cases",
            &c.buyer,
            opening(
                json!({"return_declined": true, "seller_contacted": true, "attachments": [fake]}),
            ),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{refused}");
    // A seller does not open cases; nobody opens one on someone else's order.
    let (status, _) = app
        .post(
            "/api/v1/cases",
            lamp,
            opening(json!({"return_declined": true, "seller_contacted": true})),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    let (status, case) = app
        .post(
            "/api/v1/cases",
            &c.buyer,
            opening(json!({"return_declined": true, "seller_contacted": true})),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{case}");
    let id = case["id"].as_i64().unwrap();
    assert_eq!(case["status"], "awaiting_seller");
    assert_eq!(case["turn"], "seller");
    assert_eq!(case["payout"], "held");
    assert_eq!(case["you_are"], "buyer");
    assert_eq!(case["messages"][0]["language"], "es");
    assert_eq!(case["messages"][0]["files"][0]["content_type"], "image/png");
    assert!(
        case["steps"]
            .as_array()
            .unwrap()
            .contains(&json!("withdraw"))
    );
    // The seller has three business days; the buyer cannot escalate yet.
    let (status, _) = step(app, &c.buyer, id, json!({"step": "escalate"})).await;
    assert_eq!(status, StatusCode::CONFLICT);
    // A second open case on the same order and seller is refused.
    let (status, _) = app
        .post(
            "/api/v1/cases",
            &c.buyer,
            opening(json!({"return_declined": true, "seller_contacted": true})),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT);

    // The seller is told by mail, and sees the case and the photo.
    let mail = app
        .services()
        .outbox_for("lamps@example.com")
        .await
        .unwrap();
    assert!(
        mail.iter().any(|m| m.subject.contains(&format!("#{id}"))),
        "{mail:?}"
    );
    let (status, seen) = app.get(&format!("/api/v1/cases/{id}"), lamp).await;
    assert_eq!(status, StatusCode::OK, "{seen}");
    assert_eq!(seen["you_are"], "seller");
    let file_url = seen["messages"][0]["files"][0]["url"]
        .as_str()
        .unwrap()
        .to_string();
    let download = app
        .client
        .get(format!("{}{file_url}", app.url))
        .bearer_auth(lamp)
        .send()
        .await
        .unwrap();
    assert_eq!(download.status(), StatusCode::OK);
    assert!(
        download.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .starts_with("attachment")
    );
    // The other seller of the order has no part in it.
    let (status, _) = app.get(&format!("/api/v1/cases/{id}"), &c.vase.1).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = app.get(&file_url, &c.vase.1).await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // What the buyer says to the platform alone, the seller never reads.
    let (status, _) = app
        .post(
            &format!("/api/v1/cases/{id}/messages"),
            &c.buyer,
            json!({"body": "Creo que el vendedor reutilizó fotos de otro anuncio.", "visibility": "buyer"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = app
        .post(
            &format!("/api/v1/cases/{id}/messages"),
            lamp,
            json!({"body": "Only for the buyer", "visibility": "buyer"}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let (_, seen) = app.get(&format!("/api/v1/cases/{id}"), lamp).await;
    assert!(!seen.to_string().contains("reutilizó"), "{seen}");
    let (_, staff_view) = app.get(&format!("/api/v1/cases/{id}"), &c.agent.1).await;
    assert!(staff_view.to_string().contains("reutilizó"), "{staff_view}");
    assert_eq!(staff_view["you_are"], "platform");

    // The seller offers a partial refund; only the buyer answers it.
    let (status, over) = step(
        app,
        lamp,
        id,
        json!({"step": "offer", "remedy": "partial_refund", "amount_minor": 999_999}),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{over}");
    let (status, offered) = step(
        app,
        lamp,
        id,
        json!({"step": "offer", "remedy": "partial_refund", "amount_minor": 1000, "note": "Sorry! 10 EUR back?"}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{offered}");
    assert_eq!(offered["status"], "awaiting_buyer");
    assert_eq!(offered["offer"]["amount_minor"], 1000);
    let (status, _) = step(app, lamp, id, json!({"step": "accept"})).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, rejected) = step(app, &c.buyer, id, json!({"step": "reject"})).await;
    assert_eq!(status, StatusCode::OK, "{rejected}");
    assert_eq!(rejected["status"], "disagreed");
    let (status, escalated) = step(app, &c.buyer, id, json!({"step": "escalate"})).await;
    assert_eq!(status, StatusCode::OK, "{escalated}");
    assert_eq!(escalated["status"], "escalated");
    assert!(escalated["decision_due"]["at"].is_string());
    let ticket_id = escalated["ticket_id"]
        .as_i64()
        .expect("a ticket for the platform");
    let (_, ticket) = app
        .get(&format!("/api/v1/tickets/{ticket_id}"), &c.agent.1)
        .await;
    assert_eq!(ticket["priority"], "urgent", "{ticket}");

    // The queue shows it; the platform decides: refund after return.
    let (_, queue) = app.get("/api/v1/cases?status=queue", &c.agent.1).await;
    assert_eq!(queue["cases"][0]["id"], id, "{queue}");
    let (status, _) = step(
        app,
        lamp,
        id,
        json!({"step": "decide", "outcome": "seller_wins"}),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, decided) = step(
        app,
        &c.agent.1,
        id,
        json!({"step": "decide", "outcome": "refund_after_return", "note": "Return it, you get your money back when it arrives."}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{decided}");
    assert_eq!(decided["status"], "resolved");
    assert_eq!(decided["outcome"], "refund_after_return");
    assert_eq!(decided["payout"], "reversed");
    // The return runs through after-sales: the lamp's line, once.
    let (_, order) = app.get("/api/v1/orders/SO-300001", ADMIN_TOKEN).await;
    let returns = order["returns"].as_array().unwrap();
    assert_eq!(returns.len(), 1, "{order}");
    // A second round of the clock moves nothing again.
    app.services()
        .run_case_clock(now() + 120_000)
        .await
        .unwrap();
    let (_, order) = app.get("/api/v1/orders/SO-300001", ADMIN_TOKEN).await;
    assert_eq!(order["returns"].as_array().unwrap().len(), 1);

    // One appeal, decided by someone else.
    let (status, appealed) = step(app, lamp, id, json!({"step": "appeal"})).await;
    assert_eq!(status, StatusCode::OK, "{appealed}");
    assert_eq!(appealed["status"], "appealed");
    assert_eq!(appealed["payout"], "held");
    let (status, same) = step(
        app,
        &c.agent.1,
        id,
        json!({"step": "decide", "outcome": "seller_wins"}),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT, "{same}");
    let (status, last) = step(
        app,
        &c.second_agent.1,
        id,
        json!({"step": "decide", "outcome": "seller_wins"}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{last}");
    assert_eq!(last["status"], "closed");
    assert_eq!(last["payout"], "released");
    let (status, _) = step(app, &c.buyer, id, json!({"step": "appeal"})).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(last["steps"].as_array().unwrap().is_empty(), "{last}");
    let _ = c.agent.0;
    let _ = c.second_agent.0;
}

backend_test!(unescalated_cases_close_by_themselves, clock_body);
async fn clock_body(app: &TestApp) {
    let c = cast(app).await;
    let (status, case) = app
        .post(
            "/api/v1/cases",
            &c.buyer,
            json!({"order": "SO-300001", "reason": "damaged", "seller_id": c.vase.0,
                   "description": "Broken", "seller_contacted": true, "return_declined": true}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{case}");
    let id = case["id"].as_i64().unwrap();
    let (status, contested) = step(app, &c.vase.1, id, json!({"step": "contest"})).await;
    assert_eq!(status, StatusCode::OK, "{contested}");
    assert_eq!(contested["status"], "disagreed");
    assert_eq!(app.services().run_case_clock(now()).await.unwrap(), 0);
    assert_eq!(
        app.services()
            .run_case_clock(now() + 22 * DAY)
            .await
            .unwrap(),
        1
    );
    let (_, closed) = app.get(&format!("/api/v1/cases/{id}"), &c.buyer).await;
    assert_eq!(closed["status"], "closed");
    assert_eq!(closed["outcome"], "expired");
    assert_eq!(closed["payout"], "released");
    // Cases list per party.
    let (_, mine) = app.get("/api/v1/cases", &c.vase.1).await;
    assert_eq!(mine["cases"].as_array().unwrap().len(), 1);
    let (_, theirs) = app.get("/api/v1/cases", &c.lamp.1).await;
    assert!(theirs["cases"].as_array().unwrap().is_empty());
    let (status, _) = app.get("/api/v1/cases?status=nonsense", &c.buyer).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
}

backend_test!(the_pages_walk_a_case_for_all_three_parties, pages_body);
async fn pages_body(app: &TestApp) {
    use crate::web::{Browser, hidden, portal_sign_in, signed_in};
    let c = cast(app).await;
    let lamp_id = c.lamp.0;
    fixtures::staff("agent", "desk@example.com")
        .create(app)
        .await;

    // The buyer opens a case from the portal, with a photo.
    let mut buyer = Browser::new(app);
    portal_sign_in(app, &mut buyer, "bea@example.com").await;
    let (status, form) = buyer.get("/cases/new?order=SO-300001&lang=en").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        form.contains("Desk lamp") && form.contains("Vase"),
        "{form}"
    );
    let csrf = hidden(&form, "_csrf");
    let lamp = lamp_id.to_string();
    let photo = base64::engine::general_purpose::STANDARD
        .decode(png())
        .unwrap();
    let (status, location) = buyer
        .post_multipart(
            "/cases",
            &[
                ("_csrf", &csrf),
                ("order", "SO-300001"),
                ("seller", &lamp),
                ("reason", "damaged"),
                ("description", "La base llegó rota."),
                ("seller_contacted", "yes"),
                ("return_declined", "yes"),
            ],
            &[("file", "base.png", "image/png", &photo)],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let page = location.expect("to the case");
    assert!(page.starts_with("/cases/"), "{page}");
    let id = page.trim_start_matches("/cases/").to_string();
    let (_, shown) = buyer.get(&format!("{page}?lang=en")).await;
    assert!(shown.contains("Waiting for the seller"), "{shown}");
    assert!(shown.contains("base.png"), "{shown}");
    let (status, _) = buyer
        .post_multipart(
            &format!("/cases/{id}/messages"),
            &[
                ("_csrf", &hidden(&shown, "_csrf")),
                ("body", "Solo para la plataforma: el vendedor ya me ignoró."),
                ("visibility", "buyer"),
            ],
            &[],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);

    // The seller reads the case, not the buyer's note to the platform, and
    // contests it.
    let mut seller = Browser::new(app);
    portal_sign_in(app, &mut seller, "lamps@example.com").await;
    let (status, theirs) = seller.get(&format!("{page}?lang=en")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(theirs.contains("La base llegó rota."), "{theirs}");
    assert!(!theirs.contains("Solo para la plataforma"), "{theirs}");
    assert!(theirs.contains("held while the case is open"), "{theirs}");
    // A step the case does not allow now is refused with its reason, in
    // the reader's language: the buyer cannot escalate while the seller
    // still has time.
    let (_, mine) = buyer.get(&format!("{page}?lang=es")).await;
    buyer
        .post(
            &format!("/cases/{id}/steps"),
            &[("_csrf", &hidden(&mine, "_csrf")), ("step", "escalate")],
        )
        .await;
    let (_, refused) = buyer.get(page.as_str()).await;
    assert!(
        refused.contains("El vendedor aún tiene plazo para responder"),
        "{refused}"
    );
    let (status, _, _) = seller
        .post(
            &format!("/cases/{id}/steps"),
            &[("_csrf", &hidden(&theirs, "_csrf")), ("step", "contest")],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    // The buyer brings it to the platform.
    let (_, shown) = buyer.get(&format!("{page}?lang=en")).await;
    assert!(shown.contains("case-step-escalate"), "{shown}");
    let (status, _, _) = buyer
        .post(
            &format!("/cases/{id}/steps"),
            &[("_csrf", &hidden(&shown, "_csrf")), ("step", "escalate")],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);

    // The agent finds it in the queue, reads both sides, decides.
    let mut agent = signed_in(app, "desk@example.com").await;
    let (status, queue) = agent.get("/agent/cases?lang=en").await;
    assert_eq!(status, StatusCode::OK);
    assert!(queue.contains(&format!("/agent/cases/{id}")), "{queue}");
    let (_, desk) = agent.get(&format!("/agent/cases/{id}?lang=en")).await;
    assert!(desk.contains("Solo para la plataforma"), "{desk}");
    assert!(desk.contains("Desk lamp"), "{desk}");
    assert!(desk.contains("case-decide"), "{desk}");
    let (status, location, _) = agent
        .post(
            &format!("/cases/{id}/steps"),
            &[
                ("_csrf", &hidden(&desk, "_csrf")),
                ("step", "decide"),
                ("outcome", "seller_wins"),
                ("currency", "EUR"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(
        location.as_deref(),
        Some(format!("/agent/cases/{id}").as_str())
    );
    let (_, desk) = agent.get(&format!("/agent/cases/{id}?lang=en")).await;
    assert!(desk.contains("The seller wins"), "{desk}");

    // The buyer reads the outcome in Spanish and in Chinese.
    let (_, es) = buyer.get(&format!("{page}?lang=es")).await;
    assert!(
        es.contains("Decidido") && es.contains("Gana el vendedor"),
        "{es}"
    );
    let (_, zh) = buyer.get(&format!("{page}?lang=zh")).await;
    assert!(zh.contains("已裁决") && zh.contains("卖家胜诉"), "{zh}");
    // A file downloads for the parties and for nobody else.
    let (_, with_file) = buyer.get(&format!("{page}?lang=en")).await;
    let href = with_file
        .split("href=\"")
        .find(|s| s.starts_with(&format!("/api/v1/cases/{id}/files/")))
        .and_then(|s| s.split('"').next())
        .expect("a file link")
        .to_string();
    let (status, _) = seller.get(&href).await;
    assert_eq!(status, StatusCode::OK);
    let mut other = Browser::new(app);
    portal_sign_in(app, &mut other, "vases@example.com").await;
    let (status, _) = other.get(&href).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

backend_test!(an_outcome_the_order_refuses_goes_to_a_person, refused_body);
async fn refused_body(app: &TestApp) {
    let c = cast(app).await;
    // Everything was refunded already (outside the case).
    let (status, refunded) = app
        .post(
            "/api/v1/orders/SO-300001/refunds",
            ADMIN_TOKEN,
            json!({"amount_minor": 7990, "destination": "original_method", "reason": "goodwill"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{refunded}");
    let (_, case) = app
        .post(
            "/api/v1/cases",
            &c.buyer,
            json!({"order": "SO-300001", "reason": "damaged", "seller_id": c.lamp.0,
                   "description": "Broken", "seller_contacted": true, "return_declined": true}),
        )
        .await;
    let id = case["id"].as_i64().unwrap();
    step(
        app,
        &c.lamp.1,
        id,
        json!({"step": "offer", "remedy": "full_refund"}),
    )
    .await;
    let (status, agreed) = step(app, &c.buyer, id, json!({"step": "accept"})).await;
    // The parties' agreement stands; the refund the order cannot make goes
    // to a person, once, and no internal words reach the parties.
    assert_eq!(status, StatusCode::OK, "{agreed}");
    assert_eq!(agreed["outcome"], "full_refund");
    assert!(!agreed.to_string().contains("could not be carried out"));
    let (_, seen) = app.get(&format!("/api/v1/cases/{id}"), &c.agent.1).await;
    let ticket = seen["ticket_id"].as_i64().expect("a ticket for a person");
    let notes = |t: Value| {
        t["messages"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|m| {
                m["body_text"]
                    .as_str()
                    .is_some_and(|b| b.contains("could not be carried out"))
            })
            .count()
    };
    let (_, t) = app
        .get(&format!("/api/v1/tickets/{ticket}"), ADMIN_TOKEN)
        .await;
    assert_eq!(notes(t), 1);
    app.services()
        .run_case_clock(now() + 120_000)
        .await
        .unwrap();
    let (_, t) = app
        .get(&format!("/api/v1/tickets/{ticket}"), ADMIN_TOKEN)
        .await;
    assert_eq!(notes(t), 1, "not tried again");
    let (_, order) = app.get("/api/v1/orders/SO-300001", ADMIN_TOKEN).await;
    assert_eq!(order["refunds"].as_array().unwrap().len(), 1, "{order}");
}
