//! The inbox as a table agents work in: sorted lists through the API and
//! by a column header, chosen columns, personal and shared saved views.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::backend_test;
use crate::common::{ADMIN_TOKEN, TestApp};
use crate::fixtures;
use crate::web::{hidden, signed_in};

async fn ticket_with_priority(app: &TestApp, subject: &str, priority: &str) -> i64 {
    let (status, t) = app
        .post(
            "/api/v1/tickets",
            ADMIN_TOKEN,
            json!({"subject": subject, "priority": priority,
                   "requester": {"email": "sorted@example.com"},
                   "message": {"body": "Please check."}}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{t}");
    t["id"].as_i64().unwrap()
}

fn subjects(list: &Value) -> Vec<String> {
    list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["subject"].as_str().unwrap().to_string())
        .collect()
}

backend_test!(tickets_sort_and_views_are_saved, views_body);
async fn views_body(app: &TestApp) {
    ticket_with_priority(app, "Low one", "low").await;
    ticket_with_priority(app, "Urgent one", "urgent").await;
    ticket_with_priority(app, "Normal one", "normal").await;
    let (_, by_priority) = app.get("/api/v1/tickets?sort=-priority", ADMIN_TOKEN).await;
    assert_eq!(
        subjects(&by_priority),
        ["Urgent one", "Normal one", "Low one"]
    );
    assert!(by_priority.get("next_cursor").is_none());
    let (_, ascending) = app
        .get("/api/v1/tickets?sort=priority&limit=2", ADMIN_TOKEN)
        .await;
    assert_eq!(subjects(&ascending), ["Low one", "Normal one"]);
    let (_, by_subject) = app.get("/api/v1/tickets?sort=subject", ADMIN_TOKEN).await;
    assert_eq!(
        subjects(&by_subject),
        ["Low one", "Normal one", "Urgent one"]
    );
    let (status, problem) = app.get("/api/v1/tickets?sort=colour", ADMIN_TOKEN).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");

    // Saved views: personal for agents, shared by supervisors.
    let (_, agent) = fixtures::staff("agent", "agent@example.com")
        .with_token(app)
        .await;
    let (_, lead) = fixtures::staff("supervisor", "lead@example.com")
        .with_token(app)
        .await;
    let mine = json!({"name": "Urgent first", "params": {"view": "all", "sort": "-priority", "cols": "reference,priority,assignee"}});
    let (status, saved) = app.post("/api/v1/views", &agent, mine.clone()).await;
    assert_eq!(status, StatusCode::CREATED, "{saved}");
    for (body, status_expected) in [
        (
            json!({"name": "Shared", "shared": true, "params": {"view": "all"}}),
            StatusCode::FORBIDDEN,
        ),
        (
            json!({"name": "Bad", "params": {"colour": "red"}}),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            json!({"name": "Bad", "params": {"cols": "reference,shoe_size"}}),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            json!({"name": "Bad", "params": {"view": "everything"}}),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            json!({"name": " ", "params": {}}),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
    ] {
        let (status, answer) = app.post("/api/v1/views", &agent, body.clone()).await;
        assert_eq!(status, status_expected, "{body} → {answer}");
    }
    let (status, shared) = app
        .post("/api/v1/views", &lead, json!({"name": "Escalated by update", "shared": true, "params": {"view": "escalated", "sort": "-updated"}}))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{shared}");
    let (_, listed) = app.get("/api/v1/views", &agent).await;
    let names: Vec<&str> = listed
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        ["Escalated by update", "Urgent first"],
        "shared first: {listed}"
    );
    let (status, _) = app
        .send(
            Method::DELETE,
            &format!("/api/v1/views/{}", shared["id"]),
            Some(&agent),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (_, others) = app.get("/api/v1/views", &lead).await;
    assert!(
        !others.to_string().contains("Urgent first"),
        "personal views stay personal: {others}"
    );

    // In the workspace: the saved view's sort and columns.
    let mut browser = signed_in(app, "agent@example.com").await;
    let (status, page) = browser.get(&format!("/agent?saved={}", saved["id"])).await;
    assert_eq!(status, StatusCode::OK);
    let urgent = page.find("Urgent one").expect("urgent listed");
    let low = page.find("Low one").expect("low listed");
    assert!(urgent < low, "sorted by priority, urgent first");
    let head = &page[page.find("<thead>").unwrap()..page.find("</thead>").unwrap()];
    assert!(
        head.contains("Assignee") && !head.contains("Customer"),
        "{head}"
    );
    assert!(
        head.contains("sort=priority"),
        "the priority header sorts the other way: {head}"
    );
    // Columns chosen by ticking boxes; sorting by a header.
    let (_, page) = browser
        .get("/agent?view=all&col=reference&col=requester&col=updated&sort=subject")
        .await;
    let head = &page[page.find("<thead>").unwrap()..page.find("</thead>").unwrap()];
    assert!(
        head.contains("Customer") && !head.contains("Priority"),
        "{head}"
    );
    assert!(page.find("Low one").unwrap() < page.find("Urgent one").unwrap());
    // Saved from the page.
    let csrf = hidden(&page, "_csrf");
    let (status, location, _) = browser
        .post(
            "/agent/views",
            &[
                ("_csrf", &csrf),
                ("name", "By subject"),
                ("p_view", "all"),
                ("p_sort", "subject"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{location:?}");
    let (_, listed) = app.get("/api/v1/views", &agent).await;
    assert!(listed.to_string().contains("By subject"), "{listed}");
}
