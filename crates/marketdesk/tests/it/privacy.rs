//! Privacy requests (docs/TRUST.md, "Privacy"): a customer downloads
//! everything held about them, then has it erased — personal data gone
//! from tickets, messages, attachments and search, the order kept for
//! accounting; deadlines tracked; others reveal nothing.

use std::time::{Duration, Instant};

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::backend_test;
use crate::common::{ADMIN_TOKEN, TestApp};
use crate::fixtures;

async fn hits(app: &TestApp, word: &str) -> usize {
    let (_, found) = app
        .get(&format!("/api/v1/search?q={word}&kind=ticket"), ADMIN_TOKEN)
        .await;
    found.as_array().map_or(0, Vec::len)
}

/// Waits for the search index to follow the database (a round of the
/// follower, not inside the write).
async fn until_hits(app: &TestApp, word: &str, expected: usize) {
    let deadline = Instant::now() + Duration::from_secs(15);
    while hits(app, word).await != expected {
        assert!(
            Instant::now() < deadline,
            "{word}: not {expected} hits within 15 s"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

backend_test!(
    a_customer_downloads_their_data_then_has_it_erased,
    privacy_body
);
async fn privacy_body(app: &TestApp) {
    let (customer_id, customer) = fixtures::customer("rosa.privada@example.com")
        .with_token(app)
        .await;
    fixtures::order("SO-990001", customer_id)
        .line(4200, 1)
        .insert(app)
        .await;
    let (status, ticket) = app
        .post(
            "/api/v1/tickets",
            &customer,
            json!({"subject": "Rosa's zebracorn order", "order_numbers": ["SO-990001"],
                   "message": {"body": "My zebracorn lamp flickers; my phone is +34 600 123 456.",
                               "attachments": [{"filename": "lamp.pdf", "content_type": "application/pdf", "content_base64": "JVBERi0xLjQK"}]}}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{ticket}");
    let ticket_id = ticket["id"].as_i64().unwrap();
    let file_url = ticket["messages"][0]["attachments"][0]["url"]
        .as_str()
        .unwrap()
        .to_string();
    until_hits(app, "zebracorn", 1).await;

    // The export: ready at once, hers only.
    let (status, export) = app
        .post(
            "/api/v1/me/privacy-requests",
            &customer,
            json!({"kind": "export"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{export}");
    assert_eq!(export["status"], "done");
    let download = export["download"].as_str().unwrap().to_string();
    let response = app
        .client
        .get(format!("{}{download}", app.url))
        .bearer_auth(&customer)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert!(
        response.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .contains("attachment")
    );
    let data: Value = response.json().await.unwrap();
    assert_eq!(data["data"]["person"]["email"], "rosa.privada@example.com");
    assert_eq!(data["data"]["orders"][0]["number"], "SO-990001");
    assert!(
        data.to_string().contains("zebracorn lamp flickers"),
        "{data}"
    );
    let (_, other) = fixtures::customer("someone.else@example.com")
        .with_token(app)
        .await;
    let response = app
        .client
        .get(format!("{}{download}", app.url))
        .bearer_auth(&other)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    // Staff do not ask for customers' data here; API tokens of staff are refused.
    let (_, agent) = fixtures::staff("agent", "ana@example.com")
        .with_token(app)
        .await;
    assert_eq!(
        app.post(
            "/api/v1/me/privacy-requests",
            &agent,
            json!({"kind": "export"})
        )
        .await
        .0,
        StatusCode::FORBIDDEN
    );

    // The erasure: pending with its deadline, once.
    let (status, asked) = app
        .post(
            "/api/v1/me/privacy-requests",
            &customer,
            json!({"kind": "erasure"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{asked}");
    assert_eq!(asked["status"], "pending");
    assert_eq!(
        app.post(
            "/api/v1/me/privacy-requests",
            &customer,
            json!({"kind": "erasure"})
        )
        .await
        .0,
        StatusCode::CONFLICT
    );
    assert_eq!(
        app.get("/api/v1/privacy-requests", &agent).await.0,
        StatusCode::FORBIDDEN
    );
    let (_, queue) = app.get("/api/v1/privacy-requests", ADMIN_TOKEN).await;
    assert_eq!(queue[0]["id"], asked["id"], "{queue}");
    let id = asked["id"].as_i64().unwrap();
    let (status, done) = app
        .post(
            &format!("/api/v1/privacy-requests/{id}/erasure"),
            ADMIN_TOKEN,
            json!({}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{done}");
    assert!(
        done["note"]
            .as_str()
            .unwrap()
            .contains("kept for the shop's accounting"),
        "{done}"
    );
    assert_eq!(
        app.post(
            &format!("/api/v1/privacy-requests/{id}/erasure"),
            ADMIN_TOKEN,
            json!({})
        )
        .await
        .0,
        StatusCode::CONFLICT
    );

    // Gone: her words, her file, her name; her token; the search hit.
    let (_, seen) = app
        .get(&format!("/api/v1/tickets/{ticket_id}"), &agent)
        .await;
    let text = seen.to_string();
    assert!(
        !text.contains("zebracorn") && !text.contains("600 123 456"),
        "{seen}"
    );
    assert!(!text.contains("rosa.privada"), "{seen}");
    let response = app
        .client
        .get(format!("{}{file_url}", app.url))
        .bearer_auth(&agent)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        app.get("/api/v1/me", &customer).await.0,
        StatusCode::UNAUTHORIZED
    );
    until_hits(app, "zebracorn", 0).await;
    // Kept: the order, for the accounts.
    let (status, order) = app.get("/api/v1/orders/SO-990001", ADMIN_TOKEN).await;
    assert_eq!(status, StatusCode::OK, "{order}");
    assert_eq!(order["total_minor"], 4200);
}

backend_test!(the_portal_page_downloads_and_asks_for_erasure, pages_body);
async fn pages_body(app: &TestApp) {
    fixtures::customer("pia@example.com").create(app).await;
    let mut browser = crate::web::Browser::new(app);
    crate::web::portal_sign_in(app, &mut browser, "pia@example.com").await;
    let (_, page) = browser.get("/privacy?lang=es").await;
    assert!(page.contains("Descargar mis datos"), "{page}");
    let csrf = crate::web::hidden(&page, "_csrf");
    browser
        .post("/privacy", &[("_csrf", &csrf), ("kind", "export")])
        .await;
    let (_, page) = browser.get("/privacy").await;
    assert!(page.contains("privacy-download"), "{page}");
    // Erasure wants the box ticked.
    browser
        .post("/privacy", &[("_csrf", &csrf), ("kind", "erasure")])
        .await;
    let (_, page) = browser.get("/privacy").await;
    assert!(
        page.contains("Tick the box") || page.contains("Marca la casilla"),
        "{page}"
    );
    browser
        .post(
            "/privacy",
            &[("_csrf", &csrf), ("kind", "erasure"), ("confirm", "yes")],
        )
        .await;
    let (_, page) = browser.get("/privacy").await;
    assert!(
        page.contains("30 days") || page.contains("30 días"),
        "{page}"
    );
    let mut admin = {
        fixtures::staff("admin", "boss@example.com")
            .create(app)
            .await;
        crate::web::signed_in(app, "boss@example.com").await
    };
    let (_, queue) = admin.get("/agent/privacy?lang=en").await;
    assert!(queue.contains("Carry out the erasure"), "{queue}");
}
