//! A seller on an order shared with another seller: their lines, none of the
//! buyer's payments, and only the tickets shared with them.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::backend_test;
use crate::common::{ADMIN_TOKEN, TestApp};
use crate::fixtures;

/// One order, two sellers: a lamp (49.90) from one, a sofa (1,200.00) from the other.
fn shared_order() -> Value {
    json!({
        "external_id": "gid://shop/Order/2001", "number": "SO-200001", "status": "paid", "currency": "EUR",
        "placed_at": "2026-11-01T10:00:00Z",
        "customer": {"external_id": "cus_1", "email": "buyer@example.com", "name": "Bea Buyer"},
        "lines": [
            {"sku": "LAMP", "title": "Desk lamp", "category": "home", "quantity": 1, "unit_price_minor": 4990,
             "seller": {"external_id": "sel_lamp", "email": "lamps@example.com", "name": "Lamp shop"}},
            {"sku": "SOFA", "title": "Sofa", "category": "home", "quantity": 1, "unit_price_minor": 120000,
             "seller": {"external_id": "sel_sofa", "email": "sofas@example.com", "name": "Sofa shop"}}
        ],
        "shipping_minor": 1500,
        "shipping_address": {"name": "Bea Buyer", "line1": "Calle 1", "city": "Madrid", "postal_code": "28013", "country": "ES"},
        "payments": [
            {"reference": "pi_9", "kind": "capture", "method": "card", "status": "succeeded", "amount_minor": 126490, "created_at": "2026-11-01T10:00:05Z"}
        ],
        "shipments": []
    })
}

struct Cast {
    buyer: String,
    lamp_seller: (i64, String),
    sofa_seller: (i64, String),
}

async fn cast(app: &TestApp) -> Cast {
    let (status, answer) = app
        .post("/api/v1/ingest/orders", ADMIN_TOKEN, shared_order())
        .await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    let (buyer, lamp, sofa) = (
        fixtures::person_id(app, "buyer@example.com").await,
        fixtures::person_id(app, "lamps@example.com").await,
        fixtures::person_id(app, "sofas@example.com").await,
    );
    Cast {
        buyer: fixtures::token_for(app, buyer).await,
        lamp_seller: (lamp, fixtures::token_for(app, lamp).await),
        sofa_seller: (sofa, fixtures::token_for(app, sofa).await),
    }
}

backend_test!(sellers_see_their_lines_not_the_buyers_payments, order_body);
async fn order_body(app: &TestApp) {
    let c = cast(app).await;
    let (lamp_id, lamp) = &c.lamp_seller;

    let (status, order) = app.get("/api/v1/orders/SO-200001", lamp).await;
    assert_eq!(status, StatusCode::OK, "{order}");
    let lines = order["lines"].as_array().unwrap();
    assert_eq!(lines.len(), 1, "{order}");
    assert_eq!(lines[0]["sku"], "LAMP");
    assert_eq!(lines[0]["seller_id"], *lamp_id);
    assert!(!order.to_string().contains("SOFA") && !order.to_string().contains("120000"));
    // Totals of their lines; the buyer's shipping and payments are not theirs.
    assert_eq!(order["subtotal_minor"], 4990);
    assert_eq!(order["total_minor"], 4990);
    assert_eq!(order["shipping_minor"], 0);
    assert!(order["payments"].as_array().unwrap().is_empty());
    assert!(order["refunds"].as_array().unwrap().is_empty());
    let (_, listed) = app.get("/api/v1/orders", lamp).await;
    assert_eq!(listed["items"][0]["total_minor"], 4990, "{listed}");

    // What only the buyer and staff see: as if the order did not exist.
    for path in [
        "/api/v1/orders/SO-200001/payments",
        "/api/v1/orders/SO-200001/discounts",
        "/api/v1/orders/SO-200001/invoice",
        "/api/v1/orders/SO-200001/requests",
    ] {
        let (status, answer) = app.get(path, lamp).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}: {answer}");
    }

    // The buyer and staff still see the whole order.
    for token in [&c.buyer, ADMIN_TOKEN] {
        let (_, whole) = app.get("/api/v1/orders/SO-200001", token).await;
        assert_eq!(whole["lines"].as_array().unwrap().len(), 2);
        assert_eq!(whole["payments"].as_array().unwrap().len(), 1);
        assert_eq!(whole["total_minor"], 126490);
    }
    let (_, sofa_view) = app.get("/api/v1/orders/SO-200001", &c.sofa_seller.1).await;
    assert_eq!(sofa_view["lines"][0]["sku"], "SOFA");
    assert_eq!(sofa_view["total_minor"], 120000);
}

backend_test!(sellers_see_only_tickets_shared_with_them, ticket_body);
async fn ticket_body(app: &TestApp) {
    let c = cast(app).await;
    let (lamp_id, lamp) = &c.lamp_seller;
    let (sofa_id, sofa) = &c.sofa_seller;

    // The buyer's account ticket names the order: no reason for a seller to read it.
    let (status, ticket) = app
        .post("/api/v1/tickets", &c.buyer, json!({"subject": "Locked out of my account",
            "message": {"body": "I am locked out; my ID card number is X1234567 for the identity check",
                        "attachments": [{"filename": "id.txt", "content_type": "text/plain", "content_base64": "aWQ="}]},
            "order_numbers": ["SO-200001"]}))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{ticket}");
    let t = ticket["id"].as_i64().unwrap();
    let id_file = ticket["messages"][0]["attachments"][0]["url"]
        .as_str()
        .unwrap()
        .to_string();
    for seller in [lamp, sofa] {
        assert_eq!(
            app.get(&format!("/api/v1/tickets/{t}"), seller).await.0,
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            app.get(&format!("/api/v1/tickets/{t}/messages"), seller)
                .await
                .0,
            StatusCode::NOT_FOUND
        );
        assert_eq!(app.get(&id_file, seller).await.0, StatusCode::NOT_FOUND);
        let (status, _) = app
            .post(
                &format!("/api/v1/tickets/{t}/messages"),
                seller,
                json!({"body": "hello"}),
            )
            .await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        let (_, list) = app.get("/api/v1/tickets", seller).await;
        assert!(list["items"].as_array().unwrap().is_empty(), "{list}");
    }

    // Staff share it with the lamp seller after a note; from then on the
    // lamp seller sees the public messages, not what came before, nor notes.
    let (status, _) = app
        .post(
            &format!("/api/v1/tickets/{t}/messages"),
            ADMIN_TOKEN,
            json!({"body": "ID checked against file", "kind": "note"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
    // Only a seller of the ticket's orders can be asked in.
    let (_, outsider) = fixtures::seller("outsider@example.com")
        .with_token(app)
        .await;
    let (status, _) = app
        .post(
            &format!("/api/v1/tickets/{t}/shares"),
            ADMIN_TOKEN,
            json!({"seller_id": outsider}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    // Sellers cannot share tickets themselves.
    let (status, _) = app
        .post(
            &format!("/api/v1/tickets/{t}/shares"),
            lamp,
            json!({"seller_id": lamp_id}),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, answer) = app
        .post(
            &format!("/api/v1/tickets/{t}/shares"),
            ADMIN_TOKEN,
            json!({"seller_id": lamp_id}),
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT, "{answer}");
    let (status, _) = app
        .post(
            &format!("/api/v1/tickets/{t}/messages"),
            ADMIN_TOKEN,
            json!({"body": "Lamp shop: is a replacement lamp in stock?"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);

    let (status, shared) = app.get(&format!("/api/v1/tickets/{t}"), lamp).await;
    assert_eq!(status, StatusCode::OK, "{shared}");
    let bodies: Vec<&str> = shared["messages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            m["body_text"]
                .as_str()
                .or(m["body"].as_str())
                .unwrap_or_default()
        })
        .collect();
    assert_eq!(
        bodies,
        ["Lamp shop: is a replacement lamp in stock?"],
        "{shared}"
    );
    let text = shared.to_string();
    assert!(
        !text.contains("X1234567") && !text.contains("ID checked"),
        "{shared}"
    );
    assert!(shared["tags"].as_array().unwrap().is_empty() && shared["intent"].is_null());
    assert!(
        !text.contains("buyer@example.com"),
        "the buyer's email: {shared}"
    );
    assert_eq!(app.get(&id_file, lamp).await.0, StatusCode::NOT_FOUND);
    let (_, list) = app.get("/api/v1/tickets", lamp).await;
    assert_eq!(list["items"].as_array().unwrap().len(), 1);
    // The other seller on the order still sees nothing.
    assert_eq!(
        app.get(&format!("/api/v1/tickets/{t}"), sofa).await.0,
        StatusCode::NOT_FOUND
    );
    assert!(
        app.get("/api/v1/tickets", sofa).await.1["items"]
            .as_array()
            .unwrap()
            .is_empty()
    );

    // The seller answers; the buyer reads it; the seller sees their own message.
    let (status, _) = app
        .post(
            &format!("/api/v1/tickets/{t}/messages"),
            lamp,
            json!({"body": "Yes, shipping a new one today"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
    let (_, for_buyer) = app.get(&format!("/api/v1/tickets/{t}"), &c.buyer).await;
    assert!(for_buyer.to_string().contains("shipping a new one today"));
    let (_, again) = app
        .get(&format!("/api/v1/tickets/{t}/messages"), lamp)
        .await;
    assert_eq!(again.as_array().map_or(0, Vec::len), 2, "{again}");

    // Unshared: gone again.
    let (status, _) = app
        .send(
            Method::DELETE,
            &format!("/api/v1/tickets/{t}/shares/{lamp_id}"),
            Some(ADMIN_TOKEN),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert_eq!(
        app.get(&format!("/api/v1/tickets/{t}"), lamp).await.0,
        StatusCode::NOT_FOUND
    );
    let _ = sofa_id;

    // A seller's own ticket is theirs, order or not.
    let (status, own) = app
        .post("/api/v1/tickets", sofa, json!({"subject": "Payout question", "message": {"body": "When is my payout?"}, "order_numbers": ["SO-200001"]}))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{own}");
    assert_eq!(
        app.get(&format!("/api/v1/tickets/{}", own["id"]), sofa)
            .await
            .0,
        StatusCode::OK
    );
    assert_eq!(
        app.get(&format!("/api/v1/tickets/{}", own["id"]), lamp)
            .await
            .0,
        StatusCode::NOT_FOUND
    );
}

/// A portal session for a customer or seller, through their sign-in link.
async fn portal_session(app: &TestApp, email: &str) -> String {
    app.services().request_magic_link(email).await.unwrap();
    let mail = app.services().outbox_for(email).await.unwrap();
    let token = mail[0]
        .body_text
        .split("token=")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .unwrap()
        .to_string();
    app.services()
        .redeem_magic_link(&token)
        .await
        .unwrap()
        .token
}

backend_test!(the_portal_shows_a_seller_their_lines_only, portal_body);
async fn portal_body(app: &TestApp) {
    cast(app).await;
    let page = |session: String| async move {
        let response = app
            .client
            .get(format!("{}/orders/SO-200001", app.url))
            .header("cookie", format!("md_session={session}"))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        response.text().await.unwrap()
    };
    let seller_page = page(portal_session(app, "lamps@example.com").await).await;
    assert!(seller_page.contains("Desk lamp"), "{seller_page}");
    assert!(!seller_page.contains("Sofa"), "{seller_page}");
    assert!(seller_page.contains("49.90") && !seller_page.contains("1,264.90"));
    // A seller does not change, cancel or return the buyer's order, nor get its invoice.
    for form in [
        "change-address",
        "cancel-order",
        "start-return",
        "invoice.pdf",
    ] {
        assert!(!seller_page.contains(form), "{form} on the seller's page");
    }
    let buyer_page = page(portal_session(app, "buyer@example.com").await).await;
    assert!(buyer_page.contains("Desk lamp") && buyer_page.contains("Sofa"));
    assert!(buyer_page.contains("1,264.90"), "{buyer_page}");
    assert!(buyer_page.contains("cancel-order") && buyer_page.contains("invoice.pdf"));
}

backend_test!(
    staff_share_a_ticket_with_a_seller_from_the_workspace,
    workspace_body
);
async fn workspace_body(app: &TestApp) {
    let c = cast(app).await;
    let (lamp_id, lamp) = &c.lamp_seller;
    let (status, ticket) = app
        .post("/api/v1/tickets", &c.buyer, json!({"subject": "Lamp flickers", "message": {"body": "It flickers"}, "order_numbers": ["SO-200001"]}))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{ticket}");
    let t = ticket["id"].as_i64().unwrap();
    fixtures::staff("agent", "agent@example.com")
        .with_token(app)
        .await;
    let mut agent = crate::web::signed_in(app, "agent@example.com").await;
    let (_, page) = agent.get(&format!("/agent/tickets/{t}")).await;
    // Both sellers of the order are offered; neither has it yet.
    assert!(
        page.contains("id=\"sellers\"") && page.contains("Lamp shop") && page.contains("Sofa shop")
    );
    assert_eq!(
        app.get(&format!("/api/v1/tickets/{t}"), lamp).await.0,
        StatusCode::NOT_FOUND
    );
    let csrf = crate::web::hidden(&page, "_csrf");
    let lamp_field = lamp_id.to_string();
    let (status, _, _) = agent
        .post(
            &format!("/agent/tickets/{t}/share"),
            &[
                ("_csrf", &csrf),
                ("seller_id", &lamp_field),
                ("share", "yes"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(
        app.get(&format!("/api/v1/tickets/{t}"), lamp).await.0,
        StatusCode::OK
    );
    assert_eq!(
        app.get(&format!("/api/v1/tickets/{t}"), &c.sofa_seller.1)
            .await
            .0,
        StatusCode::NOT_FOUND
    );
    let (_, page) = agent.get(&format!("/agent/tickets/{t}")).await;
    assert!(page.contains("Stop sharing"), "{page}");
    let (status, _, _) = agent
        .post(
            &format!("/agent/tickets/{t}/share"),
            &[
                ("_csrf", &csrf),
                ("seller_id", &lamp_field),
                ("share", "no"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(
        app.get(&format!("/api/v1/tickets/{t}"), lamp).await.0,
        StatusCode::NOT_FOUND
    );
    // The history says who shared what.
    let (_, history) = app
        .get(&format!("/api/v1/tickets/{t}/audit"), ADMIN_TOKEN)
        .await;
    let actions: Vec<&str> = history
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["action"].as_str())
        .collect();
    assert!(
        actions.contains(&"shared_with_seller") && actions.contains(&"unshared_with_seller"),
        "{history}"
    );
}
