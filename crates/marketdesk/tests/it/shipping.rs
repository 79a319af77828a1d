//! The shipment watch tells the customer first.

use marketdesk_domain::DAY_MS;
use marketdesk_domain::commerce::{OrderStatus, ShipmentStatus};
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::backend_test;
use crate::common::{ADMIN_TOKEN, TestApp};
use crate::fixtures;

backend_test!(
    a_stalled_parcel_is_reported_before_the_customer_asks,
    stalled_body
);
async fn stalled_body(app: &TestApp) {
    let customer_id = fixtures::customer("lucia@example.es")
        .named("Lucía")
        .language("es")
        .create(app)
        .await;
    let order_id = fixtures::tee_order("SO-900001", customer_id)
        .insert(app)
        .await;
    let now = marketdesk_service::now_ms();
    let shipment_id = fixtures::shipment(order_id)
        .order_status(OrderStatus::Shipped)
        .carrier("Correos", "PQ4B8Y0000012345")
        .expected_at(now + 2 * DAY_MS)
        .label_created_at(now - 5 * DAY_MS)
        .recorded(now - 5 * DAY_MS, now - 4 * DAY_MS)
        .event(
            now - 4 * DAY_MS,
            ShipmentStatus::InTransit,
            "Centro de tratamiento Madrid",
            "En tránsito",
        )
        .insert(app)
        .await;

    // Agents may not run it by hand; supervisors may.
    let (_, agent) = fixtures::staff("agent", "agent@example.com")
        .with_token(app)
        .await;
    assert_eq!(
        app.post("/api/v1/shipments/watch", &agent, json!({}))
            .await
            .0,
        StatusCode::FORBIDDEN
    );
    let (status, found) = app
        .send(
            reqwest::Method::POST,
            "/api/v1/shipments/watch",
            Some(ADMIN_TOKEN),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{found}");
    let found = found.as_array().unwrap();
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0]["trouble"], "stalled");
    assert_eq!(found[0]["opened_ticket"], true);
    let ticket_id = found[0]["ticket_id"].as_i64().unwrap();

    let (_, ticket) = app
        .get(&format!("/api/v1/tickets/{ticket_id}"), ADMIN_TOKEN)
        .await;
    assert_eq!(ticket["status"], "on_hold");
    assert_eq!(ticket["requester"]["id"], customer_id);
    assert_eq!(ticket["order_ids"], json!([order_id]));
    assert!(
        ticket["tags"]
            .as_array()
            .unwrap()
            .contains(&json!("stalled"))
    );
    let messages = ticket["messages"].as_array().unwrap();
    assert!(messages.iter().any(|m| {
        m["kind"] == "note"
            && m["body_text"]
                .as_str()
                .unwrap()
                .contains("PQ4B8Y0000012345")
    }));
    let public = messages.iter().find(|m| m["kind"] == "public").unwrap();
    assert!(public["body_text"].as_str().unwrap().contains("SO-900001"));
    assert!(
        public["body_text"]
            .as_str()
            .unwrap()
            .contains("transportista"),
        "{public}"
    );
    // The customer is told by email too, in Spanish.
    let mail = app.services().outbox_for("lucia@example.es").await.unwrap();
    assert_eq!(mail.len(), 1);
    assert!(mail[0].subject.contains("pedido SO-900001"));

    // Running again reports nothing new.
    assert!(
        app.services()
            .watch_shipments(marketdesk_service::now_ms())
            .await
            .unwrap()
            .is_empty()
    );
    // Weeks later the parcel is presumed lost: the same ticket is updated.
    let later = app
        .services()
        .watch_shipments(now + 20 * DAY_MS)
        .await
        .unwrap();
    assert_eq!(later.len(), 1);
    assert_eq!(later[0].trouble, "presumed_lost");
    assert_eq!(later[0].ticket_id, ticket_id);
    assert!(!later[0].opened_ticket);
    let (_, ticket) = app
        .get(&format!("/api/v1/tickets/{ticket_id}"), ADMIN_TOKEN)
        .await;
    assert_eq!(ticket["priority"], "high");
    let (_, order) = app.get("/api/v1/orders/SO-900001", ADMIN_TOKEN).await;
    assert_eq!(order["shipments"][0]["exception_reason"], "lost");
    assert_eq!(order["shipments"][0]["id"], shipment_id);
}

backend_test!(
    an_order_keeps_its_history_and_says_when_it_is_late,
    history_body
);
async fn history_body(app: &TestApp) {
    // The platform's feed moves an order along: each status is kept.
    let order = |status: &str| {
        json!({
            "external_id": "h-1", "number": "WEB-3001", "status": status, "currency": "EUR", "placed_at": "2026-11-01T10:00:00Z",
            "customer": {"email": "hist@example.com", "name": "Hist", "language": "en"},
            "lines": [{"sku": "TEE-1", "title": "Tee", "category": "apparel", "quantity": 1, "unit_price_minor": 2000}],
            "shipping_address": {"name": "H", "line1": "Calle 1", "city": "Madrid", "postal_code": "28013", "country": "ES"}
        })
    };
    for status in ["paid", "processing", "packed", "shipped"] {
        let (code, body) = app
            .post("/api/v1/ingest/orders", ADMIN_TOKEN, order(status))
            .await;
        assert_eq!(code, StatusCode::OK, "{body}");
    }
    let (_, detail) = app.get("/api/v1/orders/WEB-3001", ADMIN_TOKEN).await;
    let steps: Vec<&str> = detail["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["status"].as_str().unwrap())
        .collect();
    assert_eq!(
        steps,
        ["paid", "processing", "packed", "shipped"],
        "{detail}"
    );

    // A parcel two days past its estimated delivery: late, said so.
    let customer_id = fixtures::customer("late@example.com")
        .language("en")
        .create(app)
        .await;
    let order_id = fixtures::tee_order("SO-900101", customer_id)
        .insert(app)
        .await;
    let now = marketdesk_service::now_ms();
    fixtures::shipment(order_id)
        .order_status(OrderStatus::Shipped)
        .status(ShipmentStatus::InTransit)
        .expected_at(now - 2 * DAY_MS)
        .insert(app)
        .await;
    let (_, detail) = app.get("/api/v1/orders/SO-900101", ADMIN_TOKEN).await;
    assert!(detail["late_since"].is_string(), "{detail}");
    let mut browser = crate::web::order_lookup(app, "SO-900101", "late@example.com", None).await;
    let (_, page) = browser.get("/orders/SO-900101").await;
    assert!(page.contains("id=\"order-late\""), "{page}");
    assert!(page.contains("It is late"), "{page}");
}

backend_test!(
    a_carrier_exception_is_read_and_answered_in_its_own_words,
    exception_body
);
async fn exception_body(app: &TestApp) {
    let customer_id = fixtures::customer("roto@example.es")
        .language("es")
        .create(app)
        .await;
    let order_id = fixtures::tee_order("SO-900201", customer_id)
        .insert(app)
        .await;
    let now = marketdesk_service::now_ms();
    // Damaged, and silent for days: the damage is what the customer hears.
    fixtures::shipment(order_id)
        .order_status(OrderStatus::Shipped)
        .carrier("Correos", "PQ4B8Y0000099999")
        .expected_at(now + DAY_MS)
        .label_created_at(now - 6 * DAY_MS)
        .recorded(now - 6 * DAY_MS, now - 5 * DAY_MS)
        .event(
            now - 5 * DAY_MS,
            ShipmentStatus::InTransit,
            "Madrid",
            "En tránsito",
        )
        .exception("damaged")
        .insert(app)
        .await;
    let found = app.services().watch_shipments(now).await.expect("watch");
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].trouble, "damaged");
    let (_, ticket) = app
        .get(
            &format!("/api/v1/tickets/{}", found[0].ticket_id),
            ADMIN_TOKEN,
        )
        .await;
    assert_eq!(ticket["priority"], "high", "{ticket}");
    let public = ticket["messages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["kind"] == "public")
        .unwrap()["body_text"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        public.contains("se dañó") && public.contains("foto"),
        "{public}"
    );
    assert!(!public.contains("sin moverse"), "{public}");

    // A reply without a photo changes nothing; with one, the claim is filed
    // and a replacement sent, once, and the customer told.
    let token = fixtures::token_for(app, customer_id).await;
    let path = format!("/api/v1/tickets/{}/messages", found[0].ticket_id);
    let (status, body) = app
        .post(&path, &token, json!({"body": "La caja llegó aplastada"}))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    app.services().watch_shipments(now).await.expect("watch");
    let (_, list) = app
        .get("/api/v1/orders/SO-900201/requests", ADMIN_TOKEN)
        .await;
    assert!(list.as_array().unwrap().is_empty(), "{list}");
    let photo = json!({"filename": "caja.jpg", "content_type": "image/jpeg", "content_base64": "/9j/4AAQSkZJRgABAQ=="});
    let (status, body) = app
        .post(
            &path,
            &token,
            json!({"body": "Aquí las fotos", "attachments": [photo]}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    app.services().watch_shipments(now).await.expect("watch");
    app.services().watch_shipments(now).await.expect("watch");
    let (_, list) = app
        .get("/api/v1/orders/SO-900201/requests", ADMIN_TOKEN)
        .await;
    let mut kinds: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["kind"].as_str().unwrap())
        .collect();
    kinds.sort();
    assert_eq!(kinds, vec!["carrier_claim", "reship"], "{list}");
    let (_, ticket) = app
        .get(
            &format!("/api/v1/tickets/{}", found[0].ticket_id),
            ADMIN_TOKEN,
        )
        .await;
    let thanks: Vec<&Value> = ticket["messages"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| {
            m["body_text"]
                .as_str()
                .unwrap()
                .contains("Gracias por las fotos")
        })
        .collect();
    assert_eq!(thanks.len(), 1, "{ticket}");

    // A reason outside the normalized list is refused at the door.
    let order = json!({
        "external_id": "x-9", "number": "WEB-9901", "status": "shipped", "currency": "EUR", "placed_at": "2026-11-01T10:00:00Z",
        "customer": {"email": "x9@example.com", "name": "X", "language": "en"},
        "lines": [{"sku": "TEE-1", "title": "Tee", "category": "apparel", "quantity": 1, "unit_price_minor": 2000}],
        "shipping_address": {"name": "X", "line1": "Calle 1", "city": "Madrid", "postal_code": "28013", "country": "ES"},
        "shipments": [{"carrier": "DHL", "tracking_number": "JD1", "status": "exception", "exception_reason": "fell in a river",
                       "label_created_at": "2026-11-02T09:00:00Z"}]
    });
    let (status, problem) = app.post("/api/v1/ingest/orders", ADMIN_TOKEN, order).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
    assert!(
        problem["detail"]
            .as_str()
            .unwrap_or("")
            .contains("fell in a river"),
        "{problem}"
    );
}

/// A parcel the carrier reports lost, on an order paid 49.90.
async fn lost_parcel(app: &TestApp, number: &str) -> i64 {
    let customer_id = fixtures::customer("lost@example.com")
        .language("en")
        .create(app)
        .await;
    let order_id = fixtures::tee_order(number, customer_id)
        .captured()
        .insert(app)
        .await;
    let now = marketdesk_service::now_ms();
    fixtures::shipment(order_id)
        .order_status(OrderStatus::Shipped)
        .carrier("UPS", "1Z999AA10123456700")
        .expected_at(now + DAY_MS)
        .label_created_at(now - 6 * DAY_MS)
        .recorded(now - 6 * DAY_MS, now - DAY_MS)
        .event(
            now - 5 * DAY_MS,
            ShipmentStatus::InTransit,
            "Louisville",
            "In transit",
        )
        .exception("lost")
        .insert(app)
        .await;
    now
}

async fn request_kinds(app: &TestApp, number: &str) -> Vec<(String, String)> {
    let (_, list) = app
        .get(&format!("/api/v1/orders/{number}/requests"), ADMIN_TOKEN)
        .await;
    list.as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["kind"].as_str().unwrap().to_string(),
                r["state"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

backend_test!(
    a_lost_parcel_is_claimed_and_sent_again_once,
    lost_reship_body
);
async fn lost_reship_body(app: &TestApp) {
    let now = lost_parcel(app, "SO-900301").await;
    let found = app.services().watch_shipments(now).await.expect("watch");
    assert_eq!(found.len(), 1, "{found:?}");
    let mut kinds = request_kinds(app, "SO-900301").await;
    kinds.sort();
    assert_eq!(
        kinds,
        vec![
            ("carrier_claim".to_string(), "filed".to_string()),
            ("reship".to_string(), "requested".to_string())
        ]
    );
    // The customer is told what was done, not asked to wait.
    let (_, ticket) = app
        .get(
            &format!("/api/v1/tickets/{}", found[0].ticket_id),
            ADMIN_TOKEN,
        )
        .await;
    let said: Vec<&str> = ticket["messages"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["kind"] == "public")
        .map(|m| m["body_text"].as_str().unwrap())
        .collect();
    assert!(
        said.iter().any(|m| m.contains("sending your order again")),
        "{said:?}"
    );
    // Running again (another node, the next minute) does nothing twice.
    app.services()
        .watch_shipments(now + 60_000)
        .await
        .expect("watch");
    assert_eq!(request_kinds(app, "SO-900301").await.len(), 2);
}

backend_test!(
    a_lost_parcel_is_refunded_when_the_policy_says_so,
    lost_refund_body,
    |config: &mut marketdesk::config::Config| {
        config.policy.shipping.lost_parcel = marketdesk_domain::tracking::LostParcelRemedy::Refund;
    }
);
async fn lost_refund_body(app: &TestApp) {
    let now = lost_parcel(app, "SO-900302").await;
    app.services().watch_shipments(now).await.expect("watch");
    let (_, order) = app.get("/api/v1/orders/SO-900302", ADMIN_TOKEN).await;
    let refunds = order["refunds"].as_array().unwrap();
    assert_eq!(refunds.len(), 1, "{order}");
    assert_eq!(refunds[0]["status"], "completed");
    assert_eq!(refunds[0]["amount_minor"], 4990);
    assert_eq!(order["refundable_minor"], 0);
    let kinds = request_kinds(app, "SO-900302").await;
    assert_eq!(
        kinds,
        vec![("carrier_claim".to_string(), "filed".to_string())]
    );
    app.services()
        .watch_shipments(now + 60_000)
        .await
        .expect("watch");
    let (_, order) = app.get("/api/v1/orders/SO-900302", ADMIN_TOKEN).await;
    assert_eq!(order["refunds"].as_array().unwrap().len(), 1);
}

backend_test!(
    a_parcel_stuck_on_its_address_takes_a_correction,
    address_issue_body
);
async fn address_issue_body(app: &TestApp) {
    let customer_id = fixtures::customer("wrongstreet@example.com")
        .language("en")
        .create(app)
        .await;
    let order_id = fixtures::tee_order("SO-900401", customer_id)
        .insert(app)
        .await;
    let now = marketdesk_service::now_ms();
    fixtures::shipment(order_id)
        .order_status(OrderStatus::Shipped)
        .carrier("DHL", "JD014600006281230701")
        .expected_at(now + DAY_MS)
        .label_created_at(now - 4 * DAY_MS)
        .recorded(now - 4 * DAY_MS, now - DAY_MS)
        .event(
            now - DAY_MS,
            ShipmentStatus::Exception,
            "Madrid",
            "Address incomplete",
        )
        .exception("address_issue")
        .insert(app)
        .await;
    // The order page offers the address form although the order shipped.
    let mut browser =
        crate::web::order_lookup(app, "SO-900401", "wrongstreet@example.com", None).await;
    let (_, page) = browser.get("/orders/SO-900401").await;
    assert!(page.contains("id=\"change-address\""), "{page}");

    let token = fixtures::token_for(app, customer_id).await;
    let address = json!({"address": {"name": "T", "line1": "Calle Mayor 1, 3º B", "city": "Madrid", "postal_code": "28013", "country": "ES"}});
    let (status, done) = app
        .post("/api/v1/orders/SO-900401/address", &token, address.clone())
        .await;
    assert_eq!(status, StatusCode::OK, "{done}");
    assert!(done["message"].as_str().unwrap().contains("DHL"), "{done}");
    let (_, list) = app
        .get("/api/v1/orders/SO-900401/requests", ADMIN_TOKEN)
        .await;
    assert_eq!(list[0]["kind"], "address_correction", "{list}");
    assert_eq!(
        list[0]["details"]["address"]["line1"],
        "Calle Mayor 1, 3º B"
    );
    // Once corrected, the shipped order's address is closed again.
    let mut again = address;
    again["address"]["line1"] = json!("Otra calle 2");
    let (status, refused) = app
        .post("/api/v1/orders/SO-900401/address", &token, again)
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "{refused}");
}

backend_test!(
    the_customer_chooses_reship_or_refund_for_a_returned_parcel,
    returned_body
);
async fn returned_body(app: &TestApp) {
    use crate::web::hidden;
    let customer_id = fixtures::customer("back@example.com")
        .language("zh-CN")
        .create(app)
        .await;
    let order_id = fixtures::tee_order("SO-900501", customer_id)
        .captured()
        .insert(app)
        .await;
    let now = marketdesk_service::now_ms();
    let shipment = fixtures::shipment(order_id)
        .order_status(OrderStatus::Shipped)
        .carrier("SF Express", "SF1234567890")
        .expected_at(now + DAY_MS)
        .label_created_at(now - 6 * DAY_MS)
        .recorded(now - 6 * DAY_MS, now - DAY_MS)
        .event(
            now - DAY_MS,
            ShipmentStatus::Exception,
            "Shanghai",
            "Returned to shipper",
        )
        .exception("returned_to_sender")
        .insert(app)
        .await;
    let mut browser = crate::web::order_lookup(app, "SO-900501", "back@example.com", None).await;
    let (_, page) = browser.get("/orders/SO-900501?lang=zh-CN").await;
    assert!(
        page.contains("id=\"parcel-choice\"") && page.contains("改为退款"),
        "{page}"
    );
    // The address can be checked and corrected before it goes out again.
    assert!(page.contains("id=\"change-address\""), "{page}");
    let (status, _, _) = browser
        .post(
            "/orders/SO-900501/parcel-choice",
            &[
                ("_csrf", &hidden(&page, "_csrf")),
                ("shipment_id", &shipment.to_string()),
                ("choice", "refund"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, order) = app.get("/api/v1/orders/SO-900501", ADMIN_TOKEN).await;
    assert_eq!(order["refunds"][0]["amount_minor"], 4990, "{order}");
    assert_eq!(order["refunds"][0]["status"], "completed");
    // One choice per parcel: the other is refused, the same one changes nothing.
    let token = fixtures::token_for(app, customer_id).await;
    let choose = |choice: &str| json!({"shipment_id": shipment, "choice": choice});
    let (status, problem) = app
        .post(
            "/api/v1/orders/SO-900501/parcel-choice",
            &token,
            choose("reship"),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "{problem}");
    let (status, again) = app
        .post(
            "/api/v1/orders/SO-900501/parcel-choice",
            &token,
            choose("refund"),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{again}");
    assert_eq!(again["replayed"], true);
    // Someone else's order, or a parcel that is not coming back: refused.
    let other = fixtures::customer("else@example.com").create(app).await;
    let other_token = fixtures::token_for(app, other).await;
    let (status, _) = app
        .post(
            "/api/v1/orders/SO-900501/parcel-choice",
            &other_token,
            choose("refund"),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = app
        .post(
            "/api/v1/orders/SO-900501/parcel-choice",
            &token,
            json!({"shipment_id": 999_999, "choice": "reship"}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
}
