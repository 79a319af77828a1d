//! The shipment watch tells the customer first.

use marketdesk_domain::DAY_MS;
use marketdesk_domain::commerce::{OrderStatus, ShipmentStatus};
use reqwest::StatusCode;
use serde_json::json;

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
    let mut browser = crate::web::Browser::new(app);
    let (_, form) = browser.get("/orders/lookup").await;
    let csrf = crate::web::hidden(&form, "_csrf");
    browser
        .post(
            "/orders/lookup",
            &[
                ("_csrf", &csrf),
                ("order_number", "SO-900101"),
                ("email", "late@example.com"),
            ],
        )
        .await;
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
