use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::backend_test;
use crate::common::{ADMIN_TOKEN, TestApp};
use crate::fixtures;

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

/// The lease tests use: long enough for a request, short for a test.
const LEASE_MS: i64 = 400;

/// What the HTTP layer keys a claim by: the credential that sent it…
fn scope_of(token: &str) -> String {
    use sha2::Digest;
    hex::encode(sha2::Sha256::digest(format!("Bearer {token}").as_bytes()))
}

/// …and the request: method, path and body.
fn fingerprint_of(path: &str, body: &Value) -> String {
    use sha2::Digest;
    let mut hasher = sha2::Sha256::new();
    hasher.update(format!("POST\0{path}\0"));
    hasher.update(serde_json::to_vec(body).unwrap());
    hex::encode(hasher.finalize())
}

async fn post_key(
    app: &TestApp,
    path: &str,
    token: &str,
    key: &str,
    body: &Value,
) -> (StatusCode, Value) {
    let response = app
        .client
        .post(format!("{}{path}", app.url))
        .bearer_auth(token)
        .header("Idempotency-Key", key)
        .json(body)
        .send()
        .await
        .unwrap();
    let status = response.status();
    (status, response.json().await.unwrap_or(Value::Null))
}

async fn completed_refunds(app: &TestApp, number: &str) -> usize {
    let (_, order) = app
        .get(&format!("/api/v1/orders/{number}"), ADMIN_TOKEN)
        .await;
    order["refunds"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["status"] == "completed")
        .count()
}

backend_test!(
    a_key_left_by_a_crashed_request_is_retryable_after_its_lease,
    crash_body,
    |config| config.idempotency_lease = super::LEASE_MS
);
async fn crash_body(app: &TestApp) {
    use marketdesk_domain::commerce::OrderStatus;
    let id = fixtures::customer("crash@example.com")
        .named("Li Wei")
        .language("en")
        .create(app)
        .await;
    fixtures::order("SO-650001", id)
        .status(OrderStatus::Delivered)
        .line(10_000, 1)
        .captured()
        .insert(app)
        .await;
    let path = "/api/v1/orders/SO-650001/refunds";
    let body = json!({"amount_minor": 1000, "destination": "original_method", "reason": "late"});

    // A node died after claiming the key, before the refund committed.
    let mut tx = app.services().raw_store().begin().await.unwrap();
    marketdesk_store::idempotency::claim(
        &mut tx,
        &scope_of(ADMIN_TOKEN),
        "crashed-before",
        &fingerprint_of(path, &body),
        marketdesk_service::now_ms(),
        LEASE_MS,
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    let (status, problem) = post_key(app, path, ADMIN_TOKEN, "crashed-before", &body).await;
    assert_eq!(status, StatusCode::CONFLICT, "{problem}");
    assert_eq!(problem["code"], "idempotency_in_progress");
    tokio::time::sleep(std::time::Duration::from_millis(LEASE_MS as u64 + 100)).await;
    let (status, outcome) = post_key(app, path, ADMIN_TOKEN, "crashed-before", &body).await;
    assert_eq!(status, StatusCode::OK, "{outcome}");
    assert_eq!(outcome["status"], "done");
    assert_eq!(completed_refunds(app, "SO-650001").await, 1);

    // A node died after the refund committed, before the answer was saved:
    // the retry gets the refund's saved outcome, and money moves once.
    let (status, first) = post_key(app, path, ADMIN_TOKEN, "crashed-after", &body).await;
    assert_eq!(status, StatusCode::OK, "{first}");
    let mut conn = app.services().raw_store().begin().await.unwrap();
    sqlx::query(
        "UPDATE idempotency_keys SET status_code = NULL, content_type = NULL, response_body = NULL, lease_until = $1 WHERE key = $2",
    )
    .bind(marketdesk_service::now_ms() + LEASE_MS)
    .bind("crashed-after")
    .execute(&mut *conn)
    .await
    .unwrap();
    conn.commit().await.unwrap();
    let (status, _) = post_key(app, path, ADMIN_TOKEN, "crashed-after", &body).await;
    assert_eq!(status, StatusCode::CONFLICT);
    tokio::time::sleep(std::time::Duration::from_millis(LEASE_MS as u64 + 100)).await;
    let (status, replay) = post_key(app, path, ADMIN_TOKEN, "crashed-after", &body).await;
    assert_eq!(status, StatusCode::OK, "{replay}");
    assert_eq!(replay["replayed"], true, "{replay}");
    assert_eq!(replay["refund"]["id"], first["refund"]["id"]);
    assert_eq!(completed_refunds(app, "SO-650001").await, 2);
}

backend_test!(
    answers_holding_a_credential_are_never_saved_or_replayed,
    secrets_body
);
async fn secrets_body(app: &TestApp) {
    let (staff_id, _) = fixtures::staff("agent", "keyed@example.com")
        .with_token(app)
        .await;
    let login = json!({"email": "keyed@example.com", "password": "a-long-enough-password"});
    let new_token = json!({"person_id": staff_id, "name": "keyed"});
    for (path, body) in [
        ("/api/v1/auth/login", &login),
        ("/api/v1/tokens", &new_token),
    ] {
        let (status, first) = post_key(app, path, ADMIN_TOKEN, "secret-1", body).await;
        assert!(status.is_success(), "{path}: {first}");
        let secret = first["token"]
            .as_str()
            .or(first["secret"].as_str())
            .unwrap()
            .to_string();
        // Anybody retrying the key (here the same credential) learns only
        // that the first request succeeded.
        let (status, replay) = post_key(app, path, ADMIN_TOKEN, "secret-1", body).await;
        assert_eq!(status, StatusCode::CONFLICT, "{path}: {replay}");
        assert_eq!(replay["code"], "idempotency_secret_withheld");
        assert!(!replay.to_string().contains(&secret));
        let mut conn = app.services().raw_store().reader().await.unwrap();
        let stored: Vec<Option<String>> =
            sqlx::query_scalar("SELECT response_body FROM idempotency_keys")
                .fetch_all(&mut *conn)
                .await
                .unwrap();
        assert!(
            stored.iter().flatten().all(|b| !b.contains(&secret)),
            "{path}: the credential was stored"
        );
        // Clear the key for the next route.
        drop(conn);
        let mut tx = app.services().raw_store().begin().await.unwrap();
        sqlx::query("DELETE FROM idempotency_keys")
            .execute(&mut *tx)
            .await
            .unwrap();
        tx.commit().await.unwrap();
    }
}
