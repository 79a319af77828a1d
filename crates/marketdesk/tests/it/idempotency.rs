use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::backend_test;
use crate::common::{ADMIN_TOKEN, TestApp};

async fn post_with_key(app: &TestApp, key: &str, body: &Value) -> (StatusCode, Value, bool) {
    let response = app
        .client
        .post(format!("{}/api/v1/tickets", app.url))
        .bearer_auth(ADMIN_TOKEN)
        .header("Idempotency-Key", key)
        .json(body)
        .send()
        .await
        .unwrap();
    let status = response.status();
    let replayed = response.headers().contains_key("idempotent-replayed");
    (status, response.json().await.unwrap(), replayed)
}

backend_test!(a_retry_never_creates_a_second_ticket, retry_body);
async fn retry_body(app: &TestApp) {
    let body = json!({"subject": "Double charge", "requester": {"email": "pay@example.com"}, "message": {"body": "I was charged twice"}});
    let (s1, first, replayed1) = post_with_key(app, "retry-1", &body).await;
    let (s2, second, replayed2) = post_with_key(app, "retry-1", &body).await;
    assert_eq!(s1, StatusCode::CREATED);
    assert_eq!(s2, StatusCode::CREATED);
    assert!(!replayed1 && replayed2);
    assert_eq!(first["id"], second["id"]);
    let (_, list) = app.get("/api/v1/tickets", ADMIN_TOKEN).await;
    assert_eq!(list["items"].as_array().unwrap().len(), 1);

    // The same key with a different request is refused, and acts not.
    let other = json!({"subject": "Other", "requester": {"email": "pay@example.com"}, "message": {"body": "x"}});
    let (status, problem, _) = post_with_key(app, "retry-1", &other).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(problem["code"], "idempotency_key_reused");
    let (_, list) = app.get("/api/v1/tickets", ADMIN_TOKEN).await;
    assert_eq!(list["items"].as_array().unwrap().len(), 1);

    // A new key acts again.
    let (status, third, _) = post_with_key(app, "retry-2", &body).await;
    assert_eq!(status, StatusCode::CREATED);
    assert_ne!(third["id"], first["id"]);
}

backend_test!(concurrent_retries_act_once, concurrent_body);
async fn concurrent_body(app: &TestApp) {
    let body = json!({"subject": "Same", "requester": {"email": "c@example.com"}, "message": {"body": "x"}});
    let mut tasks = Vec::new();
    for _ in 0..8 {
        let request = app
            .client
            .post(format!("{}/api/v1/tickets", app.url))
            .bearer_auth(ADMIN_TOKEN)
            .header("Idempotency-Key", "burst")
            .json(&body);
        tasks.push(tokio::spawn(async move {
            let response = request.send().await.unwrap();
            let status = response.status();
            (status, response.json::<Value>().await.unwrap())
        }));
    }
    let mut created = Vec::new();
    for task in tasks {
        let (status, value) = task.await.unwrap();
        assert!(
            status == StatusCode::CREATED || status == StatusCode::CONFLICT,
            "{status} {value}"
        );
        if status == StatusCode::CREATED {
            created.push(value["id"].as_i64().unwrap());
        }
    }
    assert!(!created.is_empty());
    assert!(created.windows(2).all(|w| w[0] == w[1]), "{created:?}");
    let (_, list) = app.get("/api/v1/tickets", ADMIN_TOKEN).await;
    assert_eq!(list["items"].as_array().unwrap().len(), 1);
}
