//! Bad input answers a clear 4xx problem document and changes nothing.

use reqwest::StatusCode;
use reqwest::header::CONTENT_TYPE;
use serde_json::{Value, json};

use crate::backend_test;
use crate::common::{ADMIN_TOKEN, TestApp};

async fn raw(
    app: &TestApp,
    method: reqwest::Method,
    path: &str,
    content_type: Option<&str>,
    body: Vec<u8>,
) -> (StatusCode, String, Value) {
    let mut request = app
        .client
        .request(method, format!("{}{path}", app.url))
        .bearer_auth(ADMIN_TOKEN)
        .body(body);
    if let Some(ct) = content_type {
        request = request.header(CONTENT_TYPE, ct);
    }
    let response = request.send().await.unwrap();
    let status = response.status();
    let ct = response
        .headers()
        .get(CONTENT_TYPE)
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default();
    let value = response.json().await.unwrap_or(Value::Null);
    (status, ct, value)
}

fn ticket_json() -> Value {
    json!({"subject": "Hi", "requester": {"email": "a@example.com"}, "message": {"body": "hello"}})
}

backend_test!(
    every_bad_request_is_a_problem,
    bad_requests_body,
    |config: &mut marketdesk::config::Config| config.max_body_bytes = 4096
);
async fn bad_requests_body(app: &TestApp) {
    use reqwest::Method as M;
    let json_ct = Some("application/json");
    let with = |f: &dyn Fn(&mut Value)| {
        let mut v = ticket_json();
        f(&mut v);
        serde_json::to_vec(&v).unwrap()
    };
    type Case<'a> = (M, &'a str, Option<&'a str>, Vec<u8>, StatusCode, &'a str);
    let cases: Vec<Case> = vec![
        (
            M::POST,
            "/api/v1/tickets",
            json_ct,
            b"{\"subject\": ".to_vec(),
            StatusCode::BAD_REQUEST,
            "invalid_json",
        ),
        (
            M::POST,
            "/api/v1/tickets",
            json_ct,
            b"[1, 2".to_vec(),
            StatusCode::BAD_REQUEST,
            "invalid_json",
        ),
        (
            M::POST,
            "/api/v1/tickets",
            json_ct,
            b"{\"subject\": \"\xff\xfe\"}".to_vec(),
            StatusCode::BAD_REQUEST,
            "invalid_json",
        ),
        (
            M::POST,
            "/api/v1/tickets",
            json_ct,
            with(&|v| v["subject"] = json!(42)),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_request",
        ),
        (
            M::POST,
            "/api/v1/tickets",
            json_ct,
            with(&|v| v["priority"] = json!("critical")),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_request",
        ),
        (
            M::POST,
            "/api/v1/tickets",
            json_ct,
            with(&|v| v["colour"] = json!("red")),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_request",
        ),
        (
            M::POST,
            "/api/v1/tickets",
            json_ct,
            with(&|v| v["subject"] = json!("   ")),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_value",
        ),
        (
            M::POST,
            "/api/v1/tickets",
            json_ct,
            with(&|v| v["requester"]["email"] = json!("not-an-email")),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_value",
        ),
        (
            M::POST,
            "/api/v1/tickets",
            json_ct,
            with(&|v| v["tags"] = json!(["bad/tag"])),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_value",
        ),
        (
            M::POST,
            "/api/v1/tickets",
            json_ct,
            with(&|v| v["assignee_id"] = json!(999999)),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_value",
        ),
        (
            M::POST,
            "/api/v1/tickets",
            json_ct,
            with(&|v| v["order_numbers"] = json!(["SO-NOPE"])),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_value",
        ),
        (
            M::POST,
            "/api/v1/tickets",
            json_ct,
            with(&|v| v["custom_fields"] = json!({"nested": {"a": 1}})),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_value",
        ),
        (
            M::POST,
            "/api/v1/tickets",
            json_ct,
            with(&|v| v["message"]["body"] = json!("a\u{0}b")),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_value",
        ),
        (
            M::POST,
            "/api/v1/tickets",
            json_ct,
            vec![b' '; 5000],
            StatusCode::PAYLOAD_TOO_LARGE,
            "payload_too_large",
        ),
        (
            M::POST,
            "/api/v1/tickets",
            Some("text/plain"),
            serde_json::to_vec(&ticket_json()).unwrap(),
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
        ),
        (
            M::POST,
            "/api/v1/tickets",
            None,
            serde_json::to_vec(&ticket_json()).unwrap(),
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
        ),
        (
            M::GET,
            "/api/v1/tickets?limit=1000000",
            None,
            vec![],
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_value",
        ),
        (
            M::GET,
            "/api/v1/tickets?limit=99999999999999999999",
            None,
            vec![],
            StatusCode::BAD_REQUEST,
            "invalid_request",
        ),
        (
            M::GET,
            "/api/v1/tickets?limit=-1",
            None,
            vec![],
            StatusCode::BAD_REQUEST,
            "invalid_request",
        ),
        (
            M::GET,
            "/api/v1/tickets?cursor=garbage",
            None,
            vec![],
            StatusCode::BAD_REQUEST,
            "invalid_cursor",
        ),
        (
            M::GET,
            "/api/v1/tickets?status=reopened",
            None,
            vec![],
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_value",
        ),
        (
            M::GET,
            "/api/v1/tickets?order_by=asc",
            None,
            vec![],
            StatusCode::BAD_REQUEST,
            "invalid_request",
        ),
        (
            M::GET,
            "/api/v1/tickets/999999",
            None,
            vec![],
            StatusCode::NOT_FOUND,
            "not_found",
        ),
        (
            M::GET,
            "/api/v1/tickets/not-a-ticket",
            None,
            vec![],
            StatusCode::NOT_FOUND,
            "not_found",
        ),
        (
            M::GET,
            "/api/v1/tickets/-5",
            None,
            vec![],
            StatusCode::NOT_FOUND,
            "not_found",
        ),
        (
            M::GET,
            "/api/v1/orders/SO-NOPE",
            None,
            vec![],
            StatusCode::NOT_FOUND,
            "not_found",
        ),
        (
            M::GET,
            "/api/v1/attachments/abc",
            None,
            vec![],
            StatusCode::NOT_FOUND,
            "not_found",
        ),
        (
            M::GET,
            "/api/v1/nothing-here",
            None,
            vec![],
            StatusCode::NOT_FOUND,
            "not_found",
        ),
        (
            M::DELETE,
            "/api/v1/tickets",
            None,
            vec![],
            StatusCode::METHOD_NOT_ALLOWED,
            "method_not_allowed",
        ),
        (
            M::PATCH,
            "/api/v1/tickets/999999",
            json_ct,
            b"{\"status\": \"open\"}".to_vec(),
            StatusCode::NOT_FOUND,
            "not_found",
        ),
        (
            M::PATCH,
            "/api/v1/tickets/1",
            json_ct,
            b"{\"status\": \"archived\"}".to_vec(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_request",
        ),
    ];
    for (method, path, ct, body, status, code) in cases {
        let shown = String::from_utf8_lossy(&body)
            .chars()
            .take(60)
            .collect::<String>();
        let (got, content_type, problem) = raw(app, method.clone(), path, ct, body).await;
        assert_eq!(got, status, "{method} {path} {shown}: {problem}");
        assert_eq!(content_type, "application/problem+json", "{method} {path}");
        assert_eq!(problem["code"], code, "{method} {path} {shown}: {problem}");
        assert_eq!(problem["status"], status.as_u16());
        assert!(problem["detail"].as_str().is_some_and(|d| !d.is_empty()));
    }
    // Nothing was half-written: no ticket and no stray customer exist.
    let (_, tickets) = app.get("/api/v1/tickets", ADMIN_TOKEN).await;
    assert!(tickets["items"].as_array().unwrap().is_empty(), "{tickets}");
    let (_, customers) = app.get("/api/v1/customers", ADMIN_TOKEN).await;
    assert!(
        customers["items"].as_array().unwrap().is_empty(),
        "{customers}"
    );

    // Wrong or missing credentials.
    for auth in [
        None,
        Some("Bearer nope"),
        Some("Basic YTpi"),
        Some("Bearer "),
    ] {
        let mut request = app.client.get(format!("{}/api/v1/tickets", app.url));
        if let Some(a) = auth {
            request = request.header("Authorization", a);
        }
        let response = request.send().await.unwrap();
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED, "{auth:?}");
        assert!(response.headers().contains_key("www-authenticate"));
    }
}

backend_test!(framework_rejections_are_problems, framework_rejections_body);
/// What axum rejects before a handler runs (a path segment that is not UTF-8,
/// a method the route lacks) answers a problem document too, never text/plain.
async fn framework_rejections_body(app: &TestApp) {
    use reqwest::Method as M;
    let json_ct = Some("application/json");
    type Case<'a> = (M, &'a str, Option<&'a str>, Vec<u8>, StatusCode);
    let cases: Vec<Case> = vec![
        (
            M::GET,
            "/api/v1/tickets/%00%ff",
            None,
            vec![],
            StatusCode::BAD_REQUEST,
        ),
        (
            M::GET,
            "/api/v1/orders/%C3%28",
            None,
            vec![],
            StatusCode::BAD_REQUEST,
        ),
        (
            M::GET,
            "/api/v1/attachments/%ff",
            None,
            vec![],
            StatusCode::BAD_REQUEST,
        ),
        (
            M::PATCH,
            "/api/v1/tickets/%ff%fe",
            json_ct,
            b"{}".to_vec(),
            StatusCode::BAD_REQUEST,
        ),
        (
            M::PUT,
            "/api/v1/teams/%ff/members/1",
            None,
            vec![],
            StatusCode::BAD_REQUEST,
        ),
        (
            M::PUT,
            "/api/v1/me",
            None,
            vec![],
            StatusCode::METHOD_NOT_ALLOWED,
        ),
        (
            M::DELETE,
            "/api/v1/orders/SO-1",
            None,
            vec![],
            StatusCode::METHOD_NOT_ALLOWED,
        ),
    ];
    for (method, path, ct, body, status) in cases {
        let (got, content_type, problem) = raw(app, method.clone(), path, ct, body).await;
        assert_eq!(got, status, "{method} {path}: {problem}");
        assert_eq!(content_type, "application/problem+json", "{method} {path}");
        assert_eq!(problem["status"], status.as_u16(), "{method} {path}");
        assert!(
            problem["code"].as_str().is_some_and(|c| !c.is_empty()),
            "{method} {path}: {problem}"
        );
        assert!(problem["detail"].as_str().is_some_and(|d| !d.is_empty()));
    }
}

backend_test!(health_and_openapi, health_and_openapi_body);
async fn health_and_openapi_body(app: &TestApp) {
    let health: Value = app
        .client
        .get(format!("{}/healthz", app.url))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(health["status"], "ok");
    let spec: Value = app
        .client
        .get(format!("{}/api/v1/openapi.json", app.url))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(spec["openapi"].as_str().unwrap().starts_with("3."));
    for path in [
        "/api/v1/tickets",
        "/api/v1/tickets/{id}",
        "/api/v1/tickets/{id}/messages",
        "/api/v1/tickets/{id}/merge",
        "/healthz",
    ] {
        assert!(
            spec["paths"][path].is_object(),
            "{path} missing from the OpenAPI document"
        );
    }
    assert!(spec["paths"]["/api/v1/tickets"]["post"]["requestBody"].is_object());
    let schemas = &spec["components"]["schemas"];
    for schema in [
        "NewTicket",
        "TicketView",
        "TicketDetail",
        "Problem",
        "TicketStatus",
    ] {
        assert!(schemas[schema].is_object(), "schema {schema} missing");
    }
    assert_eq!(
        schemas["TicketStatus"]["enum"],
        json!(["new", "open", "pending", "on_hold", "solved", "closed"])
    );
}

/// JSON built from the API's own field names and random values, so that it
/// reaches the validators and not only the parser.
fn arbitrary_body() -> impl proptest::strategy::Strategy<Value = Value> {
    use proptest::prelude::*;
    const KEYS: &[&str] = &[
        "subject",
        "requester",
        "message",
        "email",
        "name",
        "body",
        "html",
        "priority",
        "channel",
        "tags",
        "custom_fields",
        "order_numbers",
        "assignee_id",
        "team_id",
        "language",
        "attachments",
        "filename",
        "content_type",
        "content_base64",
        "status",
        "kind",
        "add_tags",
        "remove_tags",
        "into_ticket_id",
        "x",
    ];
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        (-1e12f64..1e12).prop_map(Value::from),
        "\\PC{0,12}".prop_map(Value::from),
        prop::sample::select(vec![
            "open",
            "urgent",
            "email",
            "note",
            "a@example.com",
            "MD-1001",
            "aGk=",
            "image/png",
            "zh-CN"
        ])
        .prop_map(Value::from),
    ];
    leaf.prop_recursive(4, 40, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::vec((prop::sample::select(KEYS), inner), 0..6).prop_map(|pairs| {
                Value::Object(pairs.into_iter().map(|(k, v)| (k.to_string(), v)).collect())
            }),
        ]
    })
}

backend_test!(random_bodies_never_fail_the_server, random_bodies_body);
async fn random_bodies_body(app: &TestApp) {
    use proptest::strategy::{Strategy, ValueTree};
    let existing = app.ticket_for("fuzz@example.com", "Fuzz target").await["id"]
        .as_i64()
        .unwrap();
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let strategy = arbitrary_body();
    let targets = [
        (reqwest::Method::POST, "/api/v1/tickets".to_string()),
        (
            reqwest::Method::PATCH,
            format!("/api/v1/tickets/{existing}"),
        ),
        (
            reqwest::Method::POST,
            format!("/api/v1/tickets/{existing}/messages"),
        ),
        (
            reqwest::Method::POST,
            format!("/api/v1/tickets/{existing}/merge"),
        ),
        (reqwest::Method::POST, "/api/v1/customers".to_string()),
        (
            reqwest::Method::POST,
            "/api/v1/auth/order-access".to_string(),
        ),
    ];
    for i in 0..240 {
        let body = strategy.new_tree(&mut runner).expect("value").current();
        let (method, path) = &targets[i % targets.len()];
        let (status, answer) = app
            .send(method.clone(), path, Some(ADMIN_TOKEN), Some(&body))
            .await;
        assert!(
            !status.is_server_error(),
            "{method} {path} with {body} answered {status}: {answer}"
        );
        if status.is_client_error() {
            assert!(
                answer["code"].is_string(),
                "{method} {path} with {body}: {answer}"
            );
        }
    }
}
