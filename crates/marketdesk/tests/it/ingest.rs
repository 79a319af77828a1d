//! The shop's platform feeds its orders in; replaying changes nothing twice.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::backend_test;
use crate::common::{ADMIN_TOKEN, TestApp};
use crate::fixtures;

fn order(status: &str) -> Value {
    json!({
        "external_id": "gid://shop/Order/1001",
        "number": "WEB-1001",
        "status": status,
        "currency": "MXN",
        "placed_at": "2026-11-01T10:00:00Z",
        "customer": {"external_id": "cus_77", "email": "Jorge@Example.mx", "name": "Jorge Ramírez", "language": "es-MX"},
        "lines": [
            {"sku": "BOOT-42", "title": "Botas de piel", "variant": {"size": "42"}, "category": "shoes", "quantity": 1, "unit_price_minor": 189900,
             "seller": {"external_id": "sel_9", "email": "ventas@zapateria.example.mx", "name": "Zapatería Luna"}},
            {"sku": "SOCK-3", "title": "Calcetines", "category": "apparel", "quantity": 3, "unit_price_minor": 9900}
        ],
        "discount_minor": 10000,
        "shipping_minor": 9900,
        "shipping_address": {"name": "Jorge Ramírez", "line1": "Av. Reforma 222", "city": "Ciudad de México", "postal_code": "06600", "country": "MX"},
        "payments": [
            {"reference": "pi_1", "kind": "authorization", "method": "card", "status": "succeeded", "amount_minor": 219400, "created_at": "2026-11-01T10:00:05Z"},
            {"reference": "pi_1c", "kind": "capture", "method": "card", "status": "succeeded", "amount_minor": 219400, "created_at": "2026-11-01T12:00:00Z"}
        ],
        "shipments": [
            {"carrier": "DHL", "tracking_number": "JD0146000000", "status": "in_transit", "label_created_at": "2026-11-02T09:00:00Z",
             "estimated_delivery_at": "2026-11-06T18:00:00Z",
             "events": [
                {"occurred_at": "2026-11-02T15:00:00Z", "status": "in_transit", "location": "Guadalajara", "description": "Shipment picked up"}
             ]}
        ]
    })
}

backend_test!(orders_are_upserted_and_replays_change_nothing, ingest_body);
async fn ingest_body(app: &TestApp) {
    let (status, first) = app
        .post("/api/v1/ingest/orders", ADMIN_TOKEN, order("shipped"))
        .await;
    assert_eq!(status, StatusCode::OK, "{first}");
    assert_eq!(first["result"]["outcome"], "created");
    let detail = &first["order"];
    assert_eq!(detail["total_minor"], 189900 + 3 * 9900 - 10000 + 9900);
    assert_eq!(detail["lines"].as_array().unwrap().len(), 2);
    assert_eq!(
        detail["shipments"][0]["events"].as_array().unwrap().len(),
        1
    );

    // Replay: same state, no duplicates.
    let (_, again) = app
        .post("/api/v1/ingest/orders", ADMIN_TOKEN, order("shipped"))
        .await;
    assert_eq!(again["result"]["outcome"], "updated");
    assert_eq!(again["order"]["payments"].as_array().unwrap().len(), 2);
    assert_eq!(again["order"]["shipments"].as_array().unwrap().len(), 1);
    assert_eq!(
        again["order"]["shipments"][0]["events"]
            .as_array()
            .unwrap()
            .len(),
        1
    );

    // A later feed moves the order on and adds a scan.
    let mut delivered = order("delivered");
    delivered["shipments"][0]["status"] = json!("delivered");
    delivered["shipments"][0]["delivered_at"] = json!("2026-11-05T11:00:00Z");
    delivered["shipments"][0]["events"].as_array_mut().unwrap().push(json!({"occurred_at": "2026-11-05T11:00:00Z", "status": "delivered", "location": "CDMX", "description": "Entregado"}));
    let (_, moved) = app
        .post("/api/v1/ingest/orders", ADMIN_TOKEN, delivered)
        .await;
    assert_eq!(moved["order"]["status"], "delivered");
    assert_eq!(
        moved["order"]["shipments"][0]["events"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
    // A transition the rules forbid is refused and changes nothing.
    let (status, problem) = app
        .post("/api/v1/ingest/orders", ADMIN_TOKEN, order("paid"))
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "{problem}");
    let (_, still) = app.get("/api/v1/orders/WEB-1001", ADMIN_TOKEN).await;
    assert_eq!(still["status"], "delivered");

    // The customer and the seller exist, once, with the platform's ids.
    let (_, customers) = app.get("/api/v1/customers", ADMIN_TOKEN).await;
    let people = customers["items"].as_array().unwrap();
    assert_eq!(
        people
            .iter()
            .filter(|p| p["email"] == "jorge@example.mx")
            .count(),
        1
    );
    assert!(
        people
            .iter()
            .any(|p| p["external_id"] == "sel_9" && p["role"] == "seller")
    );

    // Bulk: each order on its own; a bad one is rejected with its reason.
    let mut bad = order("paid");
    bad["external_id"] = json!("gid://shop/Order/1002");
    bad["number"] = json!("WEB-1002");
    bad["currency"] = json!("pesos");
    let mut good = order("paid");
    good["external_id"] = json!("gid://shop/Order/1003");
    good["number"] = json!("WEB-1003");
    good["shipments"] = json!([]);
    let (status, batch) = app
        .post(
            "/api/v1/ingest/orders/bulk",
            ADMIN_TOKEN,
            json!({"orders": [bad, good]}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{batch}");
    assert_eq!(batch["results"][0]["outcome"], "rejected");
    assert!(
        batch["results"][0]["error"]
            .as_str()
            .unwrap()
            .contains("currency")
    );
    assert_eq!(batch["results"][1]["outcome"], "created");
    assert_eq!(
        app.get("/api/v1/orders/WEB-1002", ADMIN_TOKEN).await.0,
        StatusCode::NOT_FOUND
    );

    // Only tokens with commerce:write may feed data.
    let (_, supervisor) = fixtures::staff("supervisor", "sup@example.com")
        .with_token(app)
        .await;
    assert_eq!(
        app.post("/api/v1/ingest/orders", &supervisor, order("delivered"))
            .await
            .0,
        StatusCode::FORBIDDEN
    );
}

backend_test!(
    an_older_feed_does_not_undo_a_change_made_here,
    local_changes_body
);
async fn local_changes_body(app: &TestApp) {
    let (status, body) = app
        .post("/api/v1/ingest/orders", ADMIN_TOKEN, order("paid"))
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (_, detail) = app.get("/api/v1/orders/WEB-1001", ADMIN_TOKEN).await;
    let boots = detail["lines"][0]["id"].as_i64().unwrap();
    let (status, changed) = app
        .post(
            "/api/v1/orders/WEB-1001/address",
            ADMIN_TOKEN,
            json!({"address": {"name": "Jorge Ramírez", "line1": "Calle Nueva 5", "city": "Puebla", "postal_code": "72000", "country": "MX"}}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{changed}");
    let (status, changed) = app
        .post(
            "/api/v1/orders/WEB-1001/variant",
            ADMIN_TOKEN,
            json!({"line_id": boots, "variant": {"size": "43"}}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{changed}");

    // The platform replays its copy from before the changes: they stay.
    let (status, body) = app
        .post("/api/v1/ingest/orders", ADMIN_TOKEN, order("paid"))
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (_, detail) = app.get("/api/v1/orders/WEB-1001", ADMIN_TOKEN).await;
    assert_eq!(
        detail["shipping_address"]["line1"], "Calle Nueva 5",
        "{detail}"
    );
    assert_eq!(detail["lines"][0]["variant"]["size"], "43", "{detail}");
    assert!(
        detail["conflicts"].as_array().unwrap().is_empty(),
        "{detail}"
    );

    // A newer copy that took the change agrees; one that says otherwise
    // wins and is flagged for an agent, once.
    let mut newer = order("paid");
    newer["updated_at"] = json!("2099-01-01T00:00:00Z");
    newer["shipping_address"]["line1"] = json!("Av. Insurgentes 1");
    newer["lines"][0]["variant"] = json!({"size": "43"});
    for _ in 0..2 {
        let (status, body) = app
            .post("/api/v1/ingest/orders", ADMIN_TOKEN, newer.clone())
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
    }
    let (_, detail) = app.get("/api/v1/orders/WEB-1001", ADMIN_TOKEN).await;
    assert_eq!(
        detail["shipping_address"]["line1"], "Av. Insurgentes 1",
        "{detail}"
    );
    let conflicts = detail["conflicts"].as_array().unwrap();
    assert_eq!(conflicts.len(), 1, "{detail}");
    assert_eq!(conflicts[0]["field"], "shipping_address");
    assert_eq!(conflicts[0]["ours"]["line1"], "Calle Nueva 5");

    // The agent sees it in the ticket's order box, with the order's history.
    let (status, ticket) = app
        .post(
            "/api/v1/tickets",
            ADMIN_TOKEN,
            json!({"subject": "¿Dónde llega?", "requester": {"email": "jorge@example.mx"},
                   "message": {"body": "Mi dirección"}, "order_numbers": ["WEB-1001"]}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{ticket}");
    fixtures::staff("agent", "kim@shop.example")
        .with_token(app)
        .await;
    let mut agent = crate::web::signed_in(app, "kim@shop.example").await;
    let (_, page) = agent.get(&format!("/agent/tickets/{}", ticket["id"])).await;
    assert!(page.contains("class=\"refused order-conflict\""), "{page}");
    assert!(page.contains("class=\"order-history\""), "{page}");

    // Checked with the customer: the agent marks it handled and it leaves
    // the order box; it stays on the order with who and when.
    let action = page
        .split("action=\"/agent/orders/WEB-1001/conflicts/")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .expect("the conflict's form");
    let (status, _, _) = agent
        .post(
            &format!("/agent/orders/WEB-1001/conflicts/{action}"),
            &[
                ("_csrf", &crate::web::hidden(&page, "_csrf")),
                ("ticket_id", &ticket["id"].to_string()),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, page) = agent.get(&format!("/agent/tickets/{}", ticket["id"])).await;
    assert!(!page.contains("class=\"refused order-conflict\""), "{page}");
    let (_, detail) = app.get("/api/v1/orders/WEB-1001", ADMIN_TOKEN).await;
    assert!(detail["conflicts"][0]["handled_at"].is_string(), "{detail}");
    assert!(detail["conflicts"][0]["handled_by"].is_i64(), "{detail}");
    // Once only; and not by the customer.
    let conflict = detail["conflicts"][0]["id"].as_i64().unwrap();
    let path = format!("/api/v1/orders/WEB-1001/conflicts/{conflict}/handled");
    let (status, _) = app.post(&path, ADMIN_TOKEN, json!({})).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let customer = detail["customer_id"].as_i64().unwrap();
    let token = fixtures::token_for(app, customer).await;
    let (status, _) = app.post(&path, &token, json!({})).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}
