//! Care actions, payment problems, the security path and printable documents.

use marketdesk_domain::DAY_MS;
use marketdesk_domain::commerce::PaymentStatus;
use marketdesk_domain::commerce::{OrderStatus, PaymentKind, PaymentMethod, ShipmentStatus};
use marketdesk_store::commerce::{self, PaymentRow};
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::backend_test;
use crate::common::{ADMIN_TOKEN, TestApp};
use crate::fixtures;

fn date_in(days: i64) -> String {
    let at = marketdesk_service::now_ms() + days * DAY_MS;
    marketdesk_service::rfc3339(at).chars().take(10).collect()
}

backend_test!(variant_reschedule_reship_claim_and_compensation, care_body);
async fn care_body(app: &TestApp) {
    let id = fixtures::customer("noa@example.com")
        .named("Li Wei")
        .language("en")
        .create(app)
        .await;
    let order_id = fixtures::order("SO-120001", id)
        .status(OrderStatus::Processing)
        .line(3000, 1)
        .captured()
        .insert(app)
        .await;
    fixtures::order("SO-120002", id)
        .status(OrderStatus::Packed)
        .line(3000, 1)
        .captured()
        .insert(app)
        .await;
    let session = fixtures::order_session(app, "SO-120001", "noa@example.com").await;
    let (_, order) = app.get("/api/v1/orders/SO-120001", &session).await;
    let line = order["lines"][0]["id"].as_i64().unwrap();

    // Size change before packing: done; after: refused with the reason.
    let (status, changed) = app
        .post(
            "/api/v1/orders/SO-120001/variant",
            &session,
            json!({"line_id": line, "variant": {"size": "L"}}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{changed}");
    let (_, order) = app.get("/api/v1/orders/SO-120001", ADMIN_TOKEN).await;
    assert_eq!(order["lines"][0]["variant"]["size"], "L");
    let (_, packed) = app.get("/api/v1/orders/SO-120002", ADMIN_TOKEN).await;
    let (status, problem) = app
        .post(
            "/api/v1/orders/SO-120002/variant",
            ADMIN_TOKEN,
            json!({"line_id": packed["lines"][0]["id"], "variant": {"size": "L"}}),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(problem["code"], "order_already_packed");

    // A missed delivery is rescheduled and confirmed by email.
    let now = marketdesk_service::now_ms();
    let shipment_id = fixtures::shipment(order_id)
        .carrier("UPS", "1Z999AA10123456784")
        .status(ShipmentStatus::AttemptFailed)
        .event(
            now - 3_600_000,
            ShipmentStatus::AttemptFailed,
            "Austin, TX",
            "Receiver not available",
        )
        .insert(app)
        .await;
    let (status, _) = app
        .post(
            "/api/v1/orders/SO-120001/reschedule",
            &session,
            json!({"date": date_in(-1)}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let (status, _) = app
        .post("/api/v1/orders/SO-120001/reschedule", &session, json!({}))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let wanted = date_in(3);
    let (status, moved) = app
        .post(
            "/api/v1/orders/SO-120001/reschedule",
            &session,
            json!({"date": wanted}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{moved}");
    assert!(moved["message"].as_str().unwrap().contains(&wanted));
    // A pickup point asked afterwards replaces the date: one open request.
    let (status, moved) = app
        .post(
            "/api/v1/orders/SO-120001/reschedule",
            &session,
            json!({"pickup_point": "Kiosko Sol, Calle Mayor 3"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{moved}");
    assert!(
        moved["message"].as_str().unwrap().contains("replaces"),
        "{moved}"
    );
    let (_, list) = app
        .get("/api/v1/orders/SO-120001/requests", ADMIN_TOKEN)
        .await;
    let states: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["kind"] == "reschedule")
        .map(|r| r["state"].as_str().unwrap())
        .collect();
    assert_eq!(
        states.iter().filter(|s| **s == "requested").count(),
        1,
        "{list}"
    );
    assert!(states.contains(&"replaced"), "{list}");
    assert!(
        app.services()
            .outbox_for("noa@example.com")
            .await
            .unwrap()
            .iter()
            .any(|m| m.purpose == "delivery_rescheduled")
    );

    // Staff: reship and claim are recorded; compensation within the agent's limit makes a coupon.
    let (_, agent) = fixtures::staff("agent", "agent@example.com")
        .with_token(app)
        .await;
    let (status, _) = app
        .post(
            "/api/v1/orders/SO-120001/care",
            &session,
            json!({"kind": "reship", "reason": "x"}),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, reship) = app
        .post(
            "/api/v1/orders/SO-120001/care",
            &agent,
            json!({"kind": "reship", "shipment_id": shipment_id, "reason": "damaged in transit"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{reship}");
    let (status, _) = app
        .post(
            "/api/v1/orders/SO-120001/care",
            &agent,
            json!({"kind": "carrier_claim", "reason": "damaged"}),
        )
        .await;
    assert_eq!(
        status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "a claim names the shipment"
    );
    let (status, _) = app
        .post(
            "/api/v1/orders/SO-120001/care",
            &agent,
            json!({"kind": "carrier_claim", "shipment_id": shipment_id, "reason": "damaged"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = app
        .post(
            "/api/v1/orders/SO-120001/care",
            &agent,
            json!({"kind": "compensation", "amount_minor": 50000, "reason": "late"}),
        )
        .await;
    // More than the order was worth is refused outright (amounts above the
    // agent's limit but within it wait for approval: tests/it/money_limits.rs).
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let (status, sorry) = app
        .post(
            "/api/v1/orders/SO-120001/care",
            &agent,
            json!({"kind": "compensation", "amount_minor": 500, "reason": "late"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{sorry}");
    let code = sorry["message"]
        .as_str()
        .unwrap()
        .split_whitespace()
        .find(|w| w.starts_with("SORRY-"))
        .unwrap()
        .to_string();
    let (_, catalogue) = app.get("/api/v1/promotions", &agent).await;
    assert!(
        catalogue["coupons"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["code"] == code && c["usage_limit"] == 1)
    );
}

backend_test!(payment_problems_and_the_security_path, payments_body);
async fn payments_body(app: &TestApp) {
    let id = fixtures::customer("ines@example.es")
        .named("Li Wei")
        .language("es")
        .create(app)
        .await;
    let order_id = fixtures::order("SO-130001", id)
        .line(5000, 1)
        .captured()
        .insert(app)
        .await;
    {
        let now = marketdesk_service::now_ms();
        let mut tx = app.services().raw_store().begin().await.unwrap();
        for (kind, status, decline, reference) in [
            (
                PaymentKind::Failure,
                PaymentStatus::Failed,
                Some("insufficient_funds"),
                "pi_declined",
            ),
            (
                PaymentKind::Capture,
                PaymentStatus::Succeeded,
                None,
                "pi_dup",
            ),
        ] {
            commerce::insert_payment(
                &mut tx,
                &PaymentRow {
                    id: 0,
                    order_id,
                    kind,
                    method: PaymentMethod::Card,
                    status,
                    amount_minor: 5000,
                    currency: "EUR".into(),
                    decline_code: decline.map(String::from),
                    provider_reference: reference.into(),
                    created_at: now,
                },
            )
            .await
            .unwrap();
        }
        tx.commit().await.unwrap();
    }
    let session = fixtures::order_session(app, "SO-130001", "ines@example.es").await;
    let (status, report) = app.get("/api/v1/orders/SO-130001/payments", &session).await;
    assert_eq!(status, StatusCode::OK, "{report}");
    assert_eq!(report["duplicate_charge_minor"], 5000);
    assert_eq!(report["declines"][0]["code"], "insufficient_funds");
    assert!(
        report["declines"][0]["explanation"]
            .as_str()
            .unwrap()
            .contains("fondos")
    );
    // The duplicate is refunded; then none is left and the refund has a bank reference.
    let (status, _) = app
        .post("/api/v1/orders/SO-130001/refunds", ADMIN_TOKEN, json!({"amount_minor": 5000, "destination": "original_method", "reason": "duplicate capture"}))
        .await;
    assert_eq!(status, StatusCode::OK);
    let (_, report) = app.get("/api/v1/orders/SO-130001/payments", &session).await;
    assert!(report["duplicate_charge_minor"].is_null(), "{report}");
    assert!(
        report["bank_references"][0][1]
            .as_str()
            .unwrap()
            .starts_with("md_refund_")
    );

    // "I did not buy this": frozen for review, urgent ticket, then unfrozen by a supervisor.
    let customer_token = fixtures::token_for(app, id).await;
    let (status, ticket) = app
        .post(
            "/api/v1/orders/SO-130001/unauthorized-charge",
            &customer_token,
            json!({"description": "No reconozco este cargo"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{ticket}");
    assert_eq!(ticket["priority"], "urgent");
    assert!(
        ticket["tags"]
            .as_array()
            .unwrap()
            .contains(&json!("security"))
    );
    assert_eq!(
        app.get("/api/v1/me", &customer_token).await.0,
        StatusCode::UNAUTHORIZED
    );
    let (_, agent) = fixtures::staff("agent", "agent@example.com")
        .with_token(app)
        .await;
    assert_eq!(
        app.post(
            &format!("/api/v1/customers/{id}/unfreeze"),
            &agent,
            json!({})
        )
        .await
        .0,
        StatusCode::FORBIDDEN
    );
    let (status, _) = app
        .send(
            reqwest::Method::POST,
            &format!("/api/v1/customers/{id}/unfreeze"),
            Some(ADMIN_TOKEN),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert_eq!(
        app.get("/api/v1/me", &customer_token).await.0,
        StatusCode::OK
    );
}

backend_test!(labels_and_invoices_are_pdfs, documents_body);
async fn documents_body(app: &TestApp) {
    let id = fixtures::customer("chen@example.cn")
        .named("Li Wei")
        .language("zh-CN")
        .create(app)
        .await;
    let order_id = fixtures::order("SO-140001", id)
        .line(12900, 1)
        .captured()
        .insert(app)
        .await;
    fixtures::shipment(order_id)
        .delivered_days_ago(2)
        .insert(app)
        .await;
    let session = fixtures::order_session(app, "SO-140001", "chen@example.cn").await;
    let (_, order) = app.get("/api/v1/orders/SO-140001", &session).await;
    let (status, started) = app
        .post("/api/v1/orders/SO-140001/returns", &session, json!({"lines": [{"line_id": order["lines"][0]["id"], "quantity": 1}], "reason": "damaged", "resolution": "refund"}))
        .await;
    assert_eq!(status, StatusCode::OK, "{started}");
    let label_url = format!(
        "{}{}",
        app.url,
        started["return"]["label_url"].as_str().unwrap()
    );
    for (url, token) in [
        (label_url.clone(), session.clone()),
        (
            format!("{}/api/v1/orders/SO-140001/invoice", app.url),
            session.clone(),
        ),
    ] {
        let response = app
            .client
            .get(&url)
            .bearer_auth(&token)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK, "{url}");
        assert_eq!(response.headers()["content-type"], "application/pdf");
        let bytes = response.bytes().await.unwrap();
        assert!(bytes.starts_with(b"%PDF-"), "{url}");
        assert!(bytes.len() > 1000);
    }
    let (_, stranger) = fixtures::customer("stranger@example.com")
        .with_token(app)
        .await;
    let response = app
        .client
        .get(&label_url)
        .bearer_auth(&stranger)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
}

backend_test!(
    membership_points_requests_and_invoice_attachments,
    membership_body
);
async fn membership_body(app: &TestApp) {
    let id = fixtures::customer("olga@example.com")
        .named("Li Wei")
        .language("en")
        .create(app)
        .await;
    let old = fixtures::order("SO-150001", id)
        .line(25000, 1)
        .captured()
        .insert(app)
        .await;
    fixtures::shipment(old)
        .delivered_days_ago(40)
        .insert(app)
        .await;
    let recent = fixtures::order("SO-150002", id)
        .line(30000, 1)
        .captured()
        .insert(app)
        .await;
    fixtures::shipment(recent)
        .delivered_days_ago(2)
        .insert(app)
        .await;
    let (status, _) = app
        .post("/api/v1/orders/SO-150001/refunds", ADMIN_TOKEN, json!({"amount_minor": 10000, "destination": "original_method", "reason": "partial damage"}))
        .await;
    assert_eq!(status, StatusCode::OK);
    let token = fixtures::token_for(app, id).await;
    let (status, membership) = app
        .get(&format!("/api/v1/customers/{id}/membership"), &token)
        .await;
    assert_eq!(status, StatusCode::OK, "{membership}");
    // 250 points earned, 100 taken back by the refund; 300 pending in the return window.
    assert_eq!(membership["points_available"], 150, "{membership}");
    assert_eq!(membership["points_pending"], 300);
    assert_eq!(membership["tier"], "Bronze");
    assert!(
        membership["next_tier"].as_str().unwrap().contains("Silver"),
        "{membership}"
    );
    let (_, stranger) = fixtures::customer("stranger@example.com")
        .with_token(app)
        .await;
    assert_eq!(
        app.get(&format!("/api/v1/customers/{id}/membership"), &stranger)
            .await
            .0,
        StatusCode::NOT_FOUND
    );

    // A carrier claim moves along as the carrier answers.
    let shipment_id =
        app.get("/api/v1/orders/SO-150002", ADMIN_TOKEN).await.1["shipments"][0]["id"]
            .as_i64()
            .unwrap();
    let (status, _) = app
        .post(
            "/api/v1/orders/SO-150002/care",
            ADMIN_TOKEN,
            json!({"kind": "carrier_claim", "shipment_id": shipment_id, "reason": "box crushed"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let (_, requests) = app.get("/api/v1/orders/SO-150002/requests", &token).await;
    let claim = requests
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["kind"] == "carrier_claim")
        .unwrap()["id"]
        .as_i64()
        .unwrap();
    let (status, _) = app
        .post(
            &format!("/api/v1/requests/{claim}"),
            ADMIN_TOKEN,
            json!({"state": "paid"}),
        )
        .await;
    assert_eq!(
        status,
        StatusCode::CONFLICT,
        "a claim is accepted before it is paid"
    );
    let (status, accepted) = app
        .post(
            &format!("/api/v1/requests/{claim}"),
            ADMIN_TOKEN,
            json!({"state": "accepted", "note": "DHL ref 42"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{accepted}");
    let (_, paid) = app
        .post(
            &format!("/api/v1/requests/{claim}"),
            ADMIN_TOKEN,
            json!({"state": "paid", "amount_minor": 30000}),
        )
        .await;
    assert_eq!(paid["state"], "paid");
    assert_eq!(paid["details"]["paid_minor"], 30000);

    // The invoice goes to the customer as an attachment on their ticket.
    let ticket = app.ticket_for("olga@example.com", "Invoice please").await["id"]
        .as_i64()
        .unwrap();
    let (status, message) = app
        .post(
            &format!("/api/v1/tickets/{ticket}/invoice"),
            ADMIN_TOKEN,
            json!({"order": "SO-150001"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{message}");
    assert_eq!(message["kind"], "public");
    assert_eq!(message["attachments"][0]["content_type"], "application/pdf");
    let response = app
        .client
        .get(format!(
            "{}{}",
            app.url,
            message["attachments"][0]["url"].as_str().unwrap()
        ))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert!(response.bytes().await.unwrap().starts_with(b"%PDF-"));
}

backend_test!(
    a_size_change_picks_a_real_variant_and_keeps_the_colour,
    catalogue_body
);
async fn catalogue_body(app: &TestApp) {
    let variant = |sku: &str, colour: &str, size: &str, price: i64, stock: i64| json!({"sku": sku, "attributes": {"colour": colour, "size": size}, "price_minor": price, "currency": "EUR", "stock": stock});
    let (status, fed) = app
        .post(
            "/api/v1/ingest/products",
            ADMIN_TOKEN,
            json!({"products": [{"product": "TEE", "variants": [
                variant("TEE-NAVY-M", "navy", "M", 4990, 5),
                variant("TEE-NAVY-L", "navy", "L", 4990, 3),
                variant("TEE-OLIVE-L", "olive", "L", 4990, 0),
                variant("TEE-NAVY-XL", "navy", "XL", 5490, 2),
            ]}]}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{fed}");
    assert_eq!(fed["variants"], 4);
    let customer = fixtures::customer("size@example.com").create(app).await;
    fixtures::tee_order("SO-130001", customer).insert(app).await;
    let (_, order) = app.get("/api/v1/orders/SO-130001", ADMIN_TOKEN).await;
    let line = order["lines"][0]["id"].as_i64().unwrap();
    let change = |variant: Value| json!({"line_id": line, "variant": variant});
    // A size that does not exist is refused with what does.
    let (status, problem) = app
        .post(
            "/api/v1/orders/SO-130001/variant",
            ADMIN_TOKEN,
            change(json!({"size": "XXXXXXL-nonexistent"})),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
    assert!(
        problem["detail"].as_str().unwrap_or("").contains("size L"),
        "{problem}"
    );
    // Out of stock: refused with the reason.
    let (status, problem) = app
        .post(
            "/api/v1/orders/SO-130001/variant",
            ADMIN_TOKEN,
            change(json!({"colour": "olive", "size": "L"})),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
    assert!(
        problem["detail"]
            .as_str()
            .unwrap_or("")
            .contains("out of stock"),
        "{problem}"
    );
    // Dearer: it waits for the customer to pay the difference.
    let (status, pending) = app
        .post(
            "/api/v1/orders/SO-130001/variant",
            ADMIN_TOKEN,
            change(json!({"size": "XL"})),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{pending}");
    assert_eq!(pending["status"], "awaiting_payment", "{pending}");
    assert!(
        pending["message"]
            .as_str()
            .unwrap_or("")
            .contains("5.00 EUR more"),
        "{pending}"
    );
    // The size alone changes; the colour stays; the SKU follows.
    let (status, done) = app
        .post(
            "/api/v1/orders/SO-130001/variant",
            ADMIN_TOKEN,
            change(json!({"size": "L"})),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{done}");
    let (_, order) = app.get("/api/v1/orders/SO-130001", ADMIN_TOKEN).await;
    assert_eq!(
        order["lines"][0]["variant"],
        json!({"colour": "navy", "size": "L"}),
        "{order}"
    );
    assert_eq!(order["lines"][0]["sku"], "TEE-NAVY-L");
    // …and the dearer request it replaced is no longer pending.
    assert_eq!(order["pending_changes"][0]["state"], "replaced", "{order}");
}

backend_test!(
    dearer_changes_wait_for_payment_and_the_platform,
    pending_changes_body,
    |config: &mut marketdesk::config::Config| {
        // Nobody listens: the events stay in the delivery log to be read.
        config.webhook_url = Some("http://127.0.0.1:9/hooks".into());
    }
);
async fn pending_changes_body(app: &TestApp) {
    let variant = |sku: &str, size: &str, price: i64| json!({"sku": sku, "attributes": {"colour": "olive", "size": size}, "price_minor": price, "currency": "EUR", "stock": 4});
    let (status, fed) = app
        .post(
            "/api/v1/ingest/products",
            ADMIN_TOKEN,
            json!({"products": [
                {"product": "DRESS", "variants": [variant("DRESS-OLIVE-S", "S", 3990), variant("DRESS-OLIVE-M", "M", 3990), variant("DRESS-OLIVE-L", "L", 4490)]},
                {"product": "BELT", "variants": [{"sku": "BELT-1", "attributes": {"colour": "brown"}, "price_minor": 1290, "currency": "EUR", "stock": 3}]},
                {"product": "HAT", "variants": [{"sku": "HAT-USD", "attributes": {"size": "M"}, "price_minor": 1000, "currency": "USD", "stock": 3}]}
            ]}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{fed}");
    let order = |lines: Value, status: &str, updated: &str| {
        json!({
            "external_id": "gid://shop/Order/1310", "number": "SO-131001", "status": status, "currency": "EUR",
            "placed_at": "2026-12-01T10:00:00Z", "updated_at": updated,
            "customer": {"email": "dress@example.com", "name": "Ana", "language": "en"},
            "lines": lines,
            "shipping_address": {"name": "Ana", "line1": "Calle 1", "city": "Madrid", "postal_code": "28013", "country": "ES"}
        })
    };
    let dress = |sku: &str, size: &str, price: i64| json!({"sku": sku, "title": "Linen dress", "category": "apparel", "quantity": 1, "unit_price_minor": price, "variant": {"colour": "olive", "size": size}});
    let (status, body) = app
        .post(
            "/api/v1/ingest/orders",
            ADMIN_TOKEN,
            order(
                json!([dress("DRESS-OLIVE-M", "M", 3990)]),
                "paid",
                "2026-12-01T10:00:00Z",
            ),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let customer = body["order"]["customer_id"].as_i64().unwrap();
    let token = fixtures::token_for(app, customer).await;
    let line = body["order"]["lines"][0]["id"].as_i64().unwrap();

    // The customer asks for L (5.00 more) and adds a belt: both wait.
    let (status, asked) = app
        .post(
            "/api/v1/orders/SO-131001/variant",
            &token,
            json!({"line_id": line, "variant": {"size": "L"}}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{asked}");
    assert_eq!(asked["status"], "awaiting_payment");
    let (status, added) = app
        .post(
            "/api/v1/orders/SO-131001/items",
            &token,
            json!({"sku": "BELT-1", "quantity": 2}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{added}");
    assert_eq!(added["status"], "awaiting_payment");
    assert!(
        added["message"].as_str().unwrap().contains("25.80 EUR"),
        "{added}"
    );
    let (_, seen) = app.get("/api/v1/orders/SO-131001", &token).await;
    let changes = seen["pending_changes"].as_array().unwrap();
    assert_eq!(changes.len(), 2, "{seen}");
    assert!(changes.iter().all(|c| c["state"] == "pending"));
    assert_eq!(changes[0]["amount_due_minor"], 500);
    assert_eq!(changes[1]["amount_due_minor"], 2580);
    // The platform is asked, with what the customer is to pay.
    let (_, log) = app.get("/api/v1/webhooks/deliveries", ADMIN_TOKEN).await;
    let asked_events = log["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["event_type"] == "order.change_requested")
        .count();
    assert_eq!(asked_events, 2, "{log}");
    // Nothing changed on the order itself yet.
    assert_eq!(seen["lines"][0]["sku"], "DRESS-OLIVE-M");
    assert_eq!(seen["lines"].as_array().unwrap().len(), 1);

    // Bad asks are named: not in the catalogue, another currency, too many.
    for (body, field) in [
        (json!({"sku": "NOPE", "quantity": 1}), "catalogue"),
        (json!({"sku": "HAT-USD", "quantity": 1}), "USD"),
        (json!({"sku": "BELT-1", "quantity": 0}), "units"),
        (json!({"sku": "BELT-1", "quantity": 4}), "in stock"),
    ] {
        let (status, problem) = app
            .post("/api/v1/orders/SO-131001/items", &token, body)
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
        assert!(problem.to_string().contains(field), "{field}: {problem}");
    }

    // The platform's feed shows both, paid: confirmed.
    let paid = json!([
        dress("DRESS-OLIVE-L", "L", 4490),
        {"sku": "BELT-1", "title": "Leather belt", "category": "accessories", "quantity": 2, "unit_price_minor": 1290}
    ]);
    let (status, body) = app
        .post(
            "/api/v1/ingest/orders",
            ADMIN_TOKEN,
            order(paid.clone(), "paid", "2026-12-05T10:00:00Z"),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let states: Vec<&str> = body["order"]["pending_changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["state"].as_str().unwrap())
        .collect();
    assert_eq!(states, vec!["confirmed", "confirmed"], "{body}");

    // Asked, then packed without it: lapsed.
    let (status, _) = app
        .post(
            "/api/v1/orders/SO-131001/items",
            &token,
            json!({"sku": "BELT-1", "quantity": 1}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let (_, body) = app
        .post(
            "/api/v1/ingest/orders",
            ADMIN_TOKEN,
            order(paid, "packed", "2026-12-06T10:00:00Z"),
        )
        .await;
    assert_eq!(
        body["order"]["pending_changes"][2]["state"], "lapsed",
        "{body}"
    );
}

backend_test!(
    the_portal_takes_fewer_items_and_shows_changes_waiting_for_payment,
    portal_fewer_body
);
async fn portal_fewer_body(app: &TestApp) {
    use crate::web::hidden;
    let customer = fixtures::customer("fewer@example.com")
        .language("es")
        .create(app)
        .await;
    fixtures::tee_order("SO-132001", customer)
        .line(1500, 3)
        .captured()
        .insert(app)
        .await;
    let (status, fed) = app
        .post(
            "/api/v1/ingest/products",
            ADMIN_TOKEN,
            json!({"products": [{"product": "TEE", "variants": [
                {"sku": "TEE-NAVY-M", "attributes": {"colour": "navy", "size": "M"}, "price_minor": 4990, "currency": "EUR", "stock": 5},
                {"sku": "TEE-NAVY-XL", "attributes": {"colour": "navy", "size": "XL"}, "price_minor": 5490, "currency": "EUR", "stock": 5}
            ]}]}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{fed}");
    let mut browser =
        crate::web::order_lookup(app, "SO-132001", "fewer@example.com", Some("es")).await;
    let (_, page) = browser.get("/orders/SO-132001").await;
    assert!(page.contains("class=\"reduce-line stack\""), "{page}");
    // Two of the three 15.00 items off: refunded at once.
    let section = page
        .split("class=\"reduce-line stack\"")
        .nth(2)
        .expect("the second line's form");
    let value = |name: &str| {
        section
            .split(&format!("name=\"{name}\" value=\""))
            .nth(1)
            .and_then(|r| r.split('"').next())
            .unwrap()
            .to_string()
    };
    let (status, _, _) = browser
        .post(
            "/orders/SO-132001/reduce",
            &[
                ("_csrf", &hidden(&page, "_csrf")),
                ("_key", &value("_key")),
                ("line_id", &value("line_id")),
                ("remove", "2"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, order) = app.get("/api/v1/orders/SO-132001", ADMIN_TOKEN).await;
    assert_eq!(order["lines"][1]["cancelled_quantity"], 2, "{order}");
    let refunded: i64 = order["payments"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["kind"] == "refund")
        .map(|p| p["amount_minor"].as_i64().unwrap())
        .sum();
    assert_eq!(refunded, 3000, "{order}");

    // A dearer size asked on the portal: shown as waiting for payment.
    let (_, page) = browser.get("/orders/SO-132001").await;
    let section = page.split("class=\"change-variant stack\"").nth(1).unwrap();
    let key = section
        .split("name=\"_key\" value=\"")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .unwrap()
        .to_string();
    let line = order["lines"][0]["id"].as_i64().unwrap().to_string();
    browser
        .post(
            "/orders/SO-132001/variant",
            &[
                ("_csrf", &hidden(&page, "_csrf")),
                ("_key", &key),
                ("line_id", &line),
                ("attr_size", "XL"),
            ],
        )
        .await;
    let (_, page) = browser.get("/orders/SO-132001").await;
    assert!(page.contains("id=\"pending-changes\""), "{page}");
    assert!(
        page.contains("a la espera de tu pago") && page.contains("5,00"),
        "{page}"
    );
}
