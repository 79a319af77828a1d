//! Search over HTTP: staff find tickets and drafts, customers only published
//! articles; stemming, typos and Chinese; another node's writes are found
//! within a second; the agent's search page.

use std::time::{Duration, Instant};

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::backend_test;
use crate::common::{ADMIN_TOKEN, TestApp};
use crate::fixtures;
use crate::web::{Browser, hidden};

async fn search(app: &TestApp, token: &str, query: &str) -> Vec<Value> {
    let (status, hits) = app.get(&format!("/api/v1/search?{query}"), token).await;
    assert_eq!(status, StatusCode::OK, "{query}: {hits}");
    hits.as_array().expect("a list").clone()
}

/// Waits until `query` finds something: the index follows the database
/// within a round of the follower, not inside the write. The bound is
/// generous (a loaded test machine), as speed is the benchmarks' business.
async fn searchable(app: &TestApp, query: &str) {
    let deadline = Instant::now() + Duration::from_secs(15);
    while search(app, ADMIN_TOKEN, query).await.is_empty() {
        assert!(
            Instant::now() < deadline,
            "{query} not searchable within 15 s"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

fn ids(hits: &[Value]) -> Vec<String> {
    hits.iter()
        .map(|h| {
            format!(
                "{}:{}",
                h["kind"].as_str().unwrap_or(""),
                h["id"].as_str().unwrap_or("")
            )
        })
        .collect()
}

async fn articles(app: &TestApp) {
    for article in [
        json!({"slug": "refund-times", "category": "refunds", "status": "published", "translations": [
            {"language": "en", "title": "How long do refunds take?", "body": "Your refund reaches the card within 5 business days of the inspection."},
            {"language": "es", "title": "¿Cuánto tardan las devoluciones?", "body": "La devolución del dinero llega en 5 días hábiles."},
            {"language": "zh-CN", "title": "退款需要多久？", "body": "质检通过后，我们会在五个工作日内完成退款。"}
        ]}),
        json!({"slug": "gift-wrap", "category": "orders", "status": "draft", "translations": [
            {"language": "en", "title": "Gift wrapping", "body": "Gift wrapping is coming soon."}
        ]}),
    ] {
        let (status, saved) = app
            .post("/api/v1/help/articles", ADMIN_TOKEN, article)
            .await;
        assert_eq!(status, StatusCode::OK, "{saved}");
    }
    searchable(app, "q=refund").await;
    searchable(app, "q=wrapping").await;
}

backend_test!(staff_find_tickets_customers_only_articles, access_body);
async fn access_body(app: &TestApp) {
    articles(app).await;
    let (_, agent) = fixtures::staff("agent", "agent@example.com")
        .with_token(app)
        .await;
    let (_, customer) = fixtures::customer("ana@example.com").with_token(app).await;
    let (status, ticket) = app
        .post(
            "/api/v1/tickets",
            &customer,
            json!({"subject": "Parcel never arrived", "message": {"body": "The courier says delivered but my parcel is not here. I want a refund."}}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{ticket}");
    let ticket_id = ticket["id"].as_i64().expect("id").to_string();

    // The ticket created through the API is found by staff at once (the
    // writing node wakes its follower at once); poll with a deadline.
    let deadline = Instant::now() + Duration::from_secs(1);
    let staff_hits = loop {
        let hits = search(app, &agent, "q=parcel&kind=ticket").await;
        if !hits.is_empty() || Instant::now() > deadline {
            break hits;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    assert_eq!(ids(&staff_hits), vec![format!("ticket:{ticket_id}")]);
    let hit = &staff_hits[0];
    assert_eq!(
        hit["reference"].as_str(),
        Some(format!("MD-{}", 1000 + ticket["id"].as_i64().unwrap()).as_str())
    );
    assert!(
        hit["snippet_html"]
            .as_str()
            .unwrap()
            .contains("<mark>parcel</mark>"),
        "{hit}"
    );

    // Staff see tickets, published articles and drafts.
    let all = ids(&search(app, &agent, "q=refund").await);
    assert!(all.contains(&format!("ticket:{ticket_id}")), "{all:?}");
    assert!(all.contains(&"article:refund-times".to_string()), "{all:?}");
    assert_eq!(
        ids(&search(app, &agent, "q=gift%20wrapping").await),
        vec!["article:gift-wrap"]
    );

    // Customers never get tickets (even asking for them) nor drafts.
    assert_eq!(
        ids(&search(app, &customer, "q=refund").await),
        vec!["article:refund-times"]
    );
    assert!(
        search(app, &customer, "q=parcel&kind=ticket")
            .await
            .is_empty()
    );
    assert!(search(app, &customer, "q=gift%20wrapping").await.is_empty());

    // Without a token: 401; bad parameters: problem documents.
    let (status, _) = app
        .send(reqwest::Method::GET, "/api/v1/search?q=refund", None, None)
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    for (query, status, field) in [
        ("q=", StatusCode::UNPROCESSABLE_ENTITY, "q"),
        (
            "q=refund&kind=forum",
            StatusCode::UNPROCESSABLE_ENTITY,
            "kind",
        ),
        (
            "q=refund&language=fr",
            StatusCode::UNPROCESSABLE_ENTITY,
            "language",
        ),
        (
            "q=refund&limit=0",
            StatusCode::UNPROCESSABLE_ENTITY,
            "limit",
        ),
        ("q=refund&sort=new", StatusCode::BAD_REQUEST, ""),
    ] {
        let (got, problem) = app.get(&format!("/api/v1/search?{query}"), &agent).await;
        assert_eq!(got, status, "{query}: {problem}");
        assert!(problem["code"].is_string(), "{problem}");
        assert!(problem.to_string().contains(field), "{query}: {problem}");
    }
}

backend_test!(stemming_typos_chinese_and_filters, language_body);
async fn language_body(app: &TestApp) {
    articles(app).await;
    let (_, agent) = fixtures::staff("agent", "agent@example.com")
        .with_token(app)
        .await;
    for (query, language) in [
        ("q=refunds", "en"),
        ("q=refnd", "en"),
        ("q=devoluciones&language=es", "es"),
        ("q=%E9%80%80%E6%AC%BE", "zh-CN"), // 退款
    ] {
        let hits = search(app, &agent, query).await;
        assert_eq!(
            hits.first().map(|h| h["id"].clone()),
            Some(json!("refund-times")),
            "{query}: {hits:?}"
        );
        assert_eq!(hits[0]["language"], language, "{query}: {hits:?}");
        assert!(
            hits[0]["snippet_html"].as_str().unwrap().contains("<mark>"),
            "{query}: {hits:?}"
        );
    }
    assert!(
        search(app, &agent, "q=refund&category=orders")
            .await
            .is_empty()
    );
    assert_eq!(
        search(
            app,
            &agent,
            "q=refund&category=refunds&kind=article&language=en"
        )
        .await
        .len(),
        1
    );
    assert_eq!(search(app, &agent, "q=gift&status=draft").await.len(), 1);
    assert!(
        search(app, &agent, "q=gift&status=published")
            .await
            .is_empty()
    );
}

backend_test!(another_nodes_writes_are_found_within_a_second, follow_body);
async fn follow_body(app: &TestApp) {
    // Another node: the same database, no index of its own here, so only
    // this node's follower can bring its write into this node's index.
    let other_node = marketdesk_service::Services::new(
        app.services().raw_store().clone(),
        (*app.services().settings).clone(),
    );
    let new: marketdesk_service::tickets::NewTicket = serde_json::from_value(json!({
        "subject": "Voucher not applied",
        "requester": {"email": "li@example.com", "name": "Li"},
        "message": {"body": "My voucher code was refused at checkout."}
    }))
    .expect("ticket");
    let ticket = other_node
        .create_ticket(&marketdesk_service::kernel::auth::system_viewer(), new)
        .await
        .expect("created on the other node");
    // From the commit (creating includes the assistant's triage, which may
    // still be warming up in this process).
    let deadline = Instant::now() + Duration::from_secs(1);
    loop {
        let hits = search(app, ADMIN_TOKEN, "q=voucher&kind=ticket").await;
        if ids(&hits) == vec![format!("ticket:{}", ticket.ticket.id)] {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "not found within a second: {hits:?}"
        );
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
}

backend_test!(the_agent_search_page_shows_snippets, page_body);
async fn page_body(app: &TestApp) {
    articles(app).await;
    fixtures::staff("agent", "agent@example.com")
        .with_token(app)
        .await;
    let (status, ticket) = app
        .post(
            "/api/v1/tickets",
            ADMIN_TOKEN,
            json!({"subject": "Damaged on arrival", "requester": {"email": "bo@example.com"}, "message": {"body": "The screen is cracked <badly>."}}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{ticket}");
    searchable(app, "q=cracked").await;
    let mut browser = Browser::new(app);
    let (_, login) = browser.get("/agent/login").await;
    let csrf = hidden(&login, "_csrf");
    browser
        .post(
            "/agent/login",
            &[
                ("_csrf", &csrf),
                ("email", "agent@example.com"),
                ("password", "a-long-enough-password"),
            ],
        )
        .await;
    let (status, page) = browser.get("/agent/search?q=screen").await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert!(
        page.contains(&format!("/agent/tickets/{}", ticket["id"])),
        "{page}"
    );
    assert!(
        page.contains("The <mark>screen</mark> is cracked &lt;badly&gt;."),
        "{page}"
    );
    let (_, page) = browser
        .get("/agent/search?q=refunds&kind=article&lang=es")
        .await;
    assert!(
        page.contains("/help/refund-times") && page.contains("Artículo"),
        "{page}"
    );
    // A match in the title only is marked there.
    let (_, page) = browser.get("/agent/search?q=damaged").await;
    assert!(page.contains("<mark>Damaged</mark> on arrival"), "{page}");
    let (_, page) = browser.get("/agent/search?q=zeppelin").await;
    assert!(page.contains("id=\"no-results\""), "{page}");
    // Customers are sent to sign in.
    let (status, _) = Browser::new(app).get("/agent/search?q=screen").await;
    assert_eq!(status, StatusCode::SEE_OTHER);
}
