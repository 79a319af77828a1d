//! The authorization matrix: every role against every endpoint.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::backend_test;
use crate::common::{ADMIN_TOKEN, TestApp};
use crate::fixtures;

struct Actors {
    admin: String,
    supervisor: String,
    agent: String,
    seller: String,
    other_seller: String,
    owner: String,
    stranger: String,
}

backend_test!(role_matrix, role_matrix_body);
async fn role_matrix_body(app: &TestApp) {
    let (_, supervisor) = fixtures::staff("supervisor", "sup@example.com")
        .with_token(app)
        .await;
    let (agent_id, agent) = fixtures::staff("agent", "agent@example.com")
        .with_token(app)
        .await;
    let (seller_id, seller) = fixtures::seller("shop@example.com").with_token(app).await;
    let (_, other_seller) = fixtures::seller("othershop@example.com")
        .with_token(app)
        .await;
    let (owner_id, owner) = fixtures::customer("owner@example.com")
        .with_token(app)
        .await;
    let (_, stranger) = fixtures::customer("stranger@example.com")
        .with_token(app)
        .await;
    let a = Actors {
        admin: ADMIN_TOKEN.to_string(),
        supervisor,
        agent,
        seller,
        other_seller,
        owner,
        stranger,
    };
    let order_id = fixtures::tee_order("SO-100001", owner_id)
        .sold_by(seller_id)
        .insert(app)
        .await;
    let (status, ticket) = app
        .post("/api/v1/tickets", &a.owner, json!({"subject": "Wrong size", "message": {"body": "Too small"}, "order_numbers": ["SO-100001"]}))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{ticket}");
    let t = ticket["id"].as_i64().unwrap();
    let (_, team) = app
        .post("/api/v1/teams", ADMIN_TOKEN, json!({"name": "Tier 1"}))
        .await;
    let team_id = team["id"].as_i64().unwrap();

    use StatusCode as S;
    const OK: S = S::OK;
    const CREATED: S = S::CREATED;
    const FORBIDDEN: S = S::FORBIDDEN;
    const NOT_FOUND: S = S::NOT_FOUND;
    const CONFLICT: S = S::CONFLICT;
    // Columns: admin, supervisor, agent, seller (of the order), other seller, owner, stranger.
    let rows: Vec<(Method, String, Option<Value>, [S; 7])> = vec![
        (
            Method::GET,
            format!("/api/v1/tickets/{t}"),
            None,
            // A seller of the order sees the buyer's ticket only when shared (sellers.rs).
            [OK, OK, OK, NOT_FOUND, NOT_FOUND, OK, NOT_FOUND],
        ),
        (
            Method::GET,
            format!("/api/v1/tickets/{t}/messages"),
            None,
            [OK, OK, OK, NOT_FOUND, NOT_FOUND, OK, NOT_FOUND],
        ),
        // Everyone may search; what each finds is tested in search.rs.
        (
            Method::GET,
            "/api/v1/search?q=size".into(),
            None,
            [OK, OK, OK, OK, OK, OK, OK],
        ),
        (
            Method::GET,
            "/api/v1/tickets".into(),
            None,
            [OK, OK, OK, OK, OK, OK, OK],
        ),
        (
            Method::PATCH,
            format!("/api/v1/tickets/{t}"),
            Some(json!({"priority": "high"})),
            [OK, OK, OK, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN],
        ),
        (
            Method::POST,
            format!("/api/v1/tickets/{t}/messages"),
            Some(json!({"body": "hi"})),
            [
                CREATED, CREATED, CREATED, NOT_FOUND, NOT_FOUND, CREATED, NOT_FOUND,
            ],
        ),
        (
            Method::POST,
            format!("/api/v1/tickets/{t}/messages"),
            Some(json!({"body": "n", "kind": "note"})),
            [
                CREATED, CREATED, CREATED, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN,
            ],
        ),
        (
            Method::GET,
            format!("/api/v1/tickets/{t}/audit"),
            None,
            [OK, OK, OK, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN],
        ),
        (
            Method::POST,
            format!("/api/v1/tickets/{t}/merge"),
            Some(json!({"into_ticket_id": t})),
            [
                S::UNPROCESSABLE_ENTITY,
                S::UNPROCESSABLE_ENTITY,
                S::UNPROCESSABLE_ENTITY,
                FORBIDDEN,
                FORBIDDEN,
                FORBIDDEN,
                FORBIDDEN,
            ],
        ),
        (
            Method::GET,
            format!("/api/v1/orders/{order_id}"),
            None,
            [OK, OK, OK, OK, NOT_FOUND, OK, NOT_FOUND],
        ),
        (
            Method::GET,
            "/api/v1/orders/SO-100001".into(),
            None,
            [OK, OK, OK, OK, NOT_FOUND, OK, NOT_FOUND],
        ),
        (
            Method::GET,
            "/api/v1/orders".into(),
            None,
            [OK, OK, OK, OK, OK, OK, OK],
        ),
        (
            Method::GET,
            "/api/v1/customers".into(),
            None,
            [OK, OK, OK, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN],
        ),
        (
            Method::GET,
            format!("/api/v1/customers/{owner_id}"),
            None,
            [OK, OK, OK, NOT_FOUND, NOT_FOUND, OK, NOT_FOUND],
        ),
        (
            Method::POST,
            "/api/v1/customers".into(),
            Some(json!({"email": "new@example.com", "name": "N", "role": "customer"})),
            [
                CREATED, CONFLICT, CONFLICT, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN,
            ],
        ),
        (
            Method::GET,
            "/api/v1/agents".into(),
            None,
            [OK, OK, OK, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN],
        ),
        (
            Method::GET,
            format!("/api/v1/agents/{agent_id}"),
            None,
            [OK, OK, OK, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND],
        ),
        (
            Method::POST,
            "/api/v1/agents".into(),
            Some(
                json!({"email": "a2@example.com", "name": "A", "role": "agent", "password": "long enough pass"}),
            ),
            [
                CREATED, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN,
            ],
        ),
        (
            Method::GET,
            "/api/v1/teams".into(),
            None,
            [OK, OK, OK, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN],
        ),
        (
            Method::POST,
            "/api/v1/teams".into(),
            Some(json!({"name": "T2"})),
            [
                CREATED, CONFLICT, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN,
            ],
        ),
        (
            Method::PUT,
            format!("/api/v1/teams/{team_id}/members/{agent_id}"),
            None,
            [
                OK, OK, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN,
            ],
        ),
        (
            Method::GET,
            "/api/v1/tags".into(),
            None,
            [OK, OK, OK, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN],
        ),
        (
            Method::GET,
            "/api/v1/tokens".into(),
            None,
            [
                OK, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN,
            ],
        ),
        (
            Method::POST,
            "/api/v1/tokens".into(),
            Some(json!({"person_id": agent_id, "name": "x"})),
            [
                CREATED, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN,
            ],
        ),
        (
            Method::GET,
            "/api/v1/audit".into(),
            None,
            [
                OK, OK, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN,
            ],
        ),
        (
            Method::GET,
            "/api/v1/me".into(),
            None,
            [OK, OK, OK, OK, OK, OK, OK],
        ),
        (
            Method::GET,
            "/api/v1/help/misses".into(),
            None,
            [OK, OK, OK, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN],
        ),
        (
            Method::GET,
            "/api/v1/promotions".into(),
            None,
            [OK, OK, OK, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN],
        ),
        (
            Method::GET,
            "/api/v1/reports/self-service".into(),
            None,
            [
                OK, OK, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN,
            ],
        ),
    ];
    let tokens = [
        &a.admin,
        &a.supervisor,
        &a.agent,
        &a.seller,
        &a.other_seller,
        &a.owner,
        &a.stranger,
    ];
    let names = [
        "admin",
        "supervisor",
        "agent",
        "seller",
        "other seller",
        "owner",
        "stranger",
    ];
    for (method, path, body, expected) in &rows {
        for (i, token) in tokens.iter().enumerate() {
            let (status, answer) = app
                .send(method.clone(), path, Some(token), body.as_ref())
                .await;
            assert_eq!(
                status, expected[i],
                "{method} {path} as {}: {answer}",
                names[i]
            );
            if !status.is_success() {
                assert!(
                    answer["code"].is_string(),
                    "{method} {path} as {}: not a problem document: {answer}",
                    names[i]
                );
            }
        }
        let (status, answer) = app.send(method.clone(), path, None, body.as_ref()).await;
        assert_eq!(
            status,
            StatusCode::UNAUTHORIZED,
            "{method} {path} anonymous"
        );
        assert_eq!(answer["code"], "unauthenticated");
    }

    // Lists show each person only their own share.
    let (_, for_stranger) = app.get("/api/v1/tickets", &a.stranger).await;
    assert!(for_stranger["items"].as_array().unwrap().is_empty());
    let (_, for_seller) = app.get("/api/v1/tickets", &a.seller).await;
    assert!(for_seller["items"].as_array().unwrap().is_empty());
    let (_, for_other_seller) = app.get("/api/v1/tickets", &a.other_seller).await;
    assert!(for_other_seller["items"].as_array().unwrap().is_empty());
    let (_, orders_for_stranger) = app.get("/api/v1/orders", &a.stranger).await;
    assert!(orders_for_stranger["items"].as_array().unwrap().is_empty());

    // A customer cannot open a ticket about someone else's order, or for someone else.
    let (status, _) = app
        .post(
            "/api/v1/tickets",
            &a.stranger,
            json!({"subject": "x", "message": {"body": "x"}, "order_numbers": ["SO-100001"]}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let (status, _) = app
        .post("/api/v1/tickets", &a.stranger, json!({"subject": "x", "requester": {"email": "owner@example.com"}, "message": {"body": "x"}}))
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    // A token narrowed by scope can do no more than its scopes.
    let (status, narrow) = app
        .post(
            "/api/v1/tokens",
            ADMIN_TOKEN,
            json!({"person_id": agent_id, "name": "read-only", "scopes": ["tickets:read"]}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
    let narrow = narrow["secret"].as_str().unwrap();
    assert_eq!(
        app.get(&format!("/api/v1/tickets/{t}"), narrow).await.0,
        StatusCode::OK
    );
    assert_eq!(
        app.patch(
            &format!("/api/v1/tickets/{t}"),
            narrow,
            json!({"priority": "low"})
        )
        .await
        .0,
        StatusCode::FORBIDDEN
    );
    // Scopes, role by role: a token narrowed to one scope reaches only what
    // that scope opens, whatever its owner's role allows.
    let narrowed = |person_id: i64, scope: &'static str| async move {
        let (status, token) = app
            .post(
                "/api/v1/tokens",
                ADMIN_TOKEN,
                json!({"person_id": person_id, "name": scope, "scopes": [scope]}),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{token}");
        token["secret"].as_str().unwrap().to_string()
    };
    let (supervisor_id, _) = fixtures::staff("supervisor", "sup2@example.com")
        .with_token(app)
        .await;
    for (person, role) in [(agent_id, "agent"), (supervisor_id, "supervisor")] {
        for scope in ["tickets:read", "orders:read"] {
            let token = narrowed(person, scope).await;
            for path in [
                "/api/v1/help/misses",
                "/api/v1/promotions",
                "/api/v1/customers",
                "/api/v1/reports/self-service",
            ] {
                let (status, answer) = app.get(path, &token).await;
                assert_eq!(
                    status,
                    StatusCode::FORBIDDEN,
                    "{path} as {role} with only {scope}: {answer}"
                );
            }
        }
        let orders_only = narrowed(person, "orders:read").await;
        assert_eq!(
            app.get(&format!("/api/v1/orders/{order_id}"), &orders_only)
                .await
                .0,
            StatusCode::OK
        );
        assert_eq!(
            app.get(&format!("/api/v1/tickets/{t}"), &orders_only)
                .await
                .0,
            StatusCode::NOT_FOUND
        );
        let (status, _) = app
            .post(
                &format!("/api/v1/orders/{order_id}/phone"),
                &orders_only,
                json!({"phone": "+34 600 111 222"}),
            )
            .await;
        assert_eq!(
            status,
            StatusCode::FORBIDDEN,
            "{role}: changing an order needs orders:write"
        );
        assert_eq!(
            app.get("/api/v1/help/misses", &narrowed(person, "help:read").await)
                .await
                .0,
            StatusCode::OK
        );
        assert_eq!(
            app.get(
                "/api/v1/promotions",
                &narrowed(person, "promotions:read").await
            )
            .await
            .0,
            StatusCode::OK
        );
    }
    // A customer's token with orders:read only sees the order but cannot change it.
    let owner_orders_only = narrowed(owner_id, "orders:read").await;
    assert_eq!(
        app.get(&format!("/api/v1/orders/{order_id}"), &owner_orders_only)
            .await
            .0,
        StatusCode::OK
    );
    let (status, _) = app
        .post(
            &format!("/api/v1/orders/{order_id}/phone"),
            &owner_orders_only,
            json!({"phone": "+34 600 111 222"}),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    // The role still bounds the scopes: an agent cannot hold admin, a customer not help:read.
    for (person, scope) in [
        (agent_id, "admin"),
        (owner_id, "help:read"),
        (seller_id, "orders:write"),
    ] {
        let (status, _) = app
            .post(
                "/api/v1/tokens",
                ADMIN_TOKEN,
                json!({"person_id": person, "name": "x", "scopes": [scope]}),
            )
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{scope}");
    }
    // A customer cannot hold an admin scope.
    let (status, _) = app
        .post(
            "/api/v1/tokens",
            ADMIN_TOKEN,
            json!({"person_id": owner_id, "name": "x", "scopes": ["admin"]}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
}

backend_test!(revoked_tokens_stop_working, revoked_body);
async fn revoked_body(app: &TestApp) {
    let (_, token) = fixtures::staff("agent", "agent@example.com")
        .with_token(app)
        .await;
    assert_eq!(app.get("/api/v1/me", &token).await.0, StatusCode::OK);
    let (_, tokens) = app.get("/api/v1/tokens", ADMIN_TOKEN).await;
    let id = tokens
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["name"] == "test")
        .unwrap()["id"]
        .as_i64()
        .unwrap();
    let (status, _) = app
        .send(
            Method::DELETE,
            &format!("/api/v1/tokens/{id}"),
            Some(ADMIN_TOKEN),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert_eq!(
        app.get("/api/v1/me", &token).await.0,
        StatusCode::UNAUTHORIZED
    );
}

/// Operations anyone may call without a scope: signing in and out, the public
/// help-center search, health, the published policy, and one's own identity.
const UNSCOPED: &[(&str, &str)] = &[
    ("GET", "/healthz"),
    ("GET", "/livez"),
    ("GET", "/readyz"),
    ("GET", "/api/v1/help/search"),
    ("GET", "/api/v1/policy"),
    ("POST", "/api/v1/auth/login"),
    ("POST", "/api/v1/auth/logout"),
    ("POST", "/api/v1/auth/magic-link"),
    ("POST", "/api/v1/auth/magic-link/redeem"),
    ("POST", "/api/v1/auth/order-access"),
    ("GET", "/api/v1/me"),
    ("POST", "/api/v1/auth/second-factor"),
    ("POST", "/api/v1/auth/password-reset"),
    ("POST", "/api/v1/auth/password-reset/confirm"),
    // One's own account's security, from a session only.
    ("GET", "/api/v1/me/second-factor"),
    ("POST", "/api/v1/me/second-factor"),
    ("POST", "/api/v1/me/second-factor/confirm"),
    ("POST", "/api/v1/me/second-factor/recovery-codes"),
    ("POST", "/api/v1/me/second-factor/removal"),
    ("GET", "/api/v1/me/sessions"),
    ("DELETE", "/api/v1/me/sessions/{id}"),
    // Anyone may report a listing, a user or a message.
    ("POST", "/api/v1/reports"),
    // The community forum: anyone reads, searches and reports a post.
    ("GET", "/api/v1/forum/categories"),
    ("GET", "/api/v1/forum/threads"),
    ("GET", "/api/v1/forum/threads/{id}"),
    ("POST", "/api/v1/forum/posts/{id}/reports"),
    // One's own data.
    ("POST", "/api/v1/me/privacy-requests"),
    ("GET", "/api/v1/me/privacy-requests"),
    ("GET", "/api/v1/me/privacy-requests/{id}/export"),
];

/// One operation of the API and the scopes it needs (each one, alone, missing
/// must refuse it).
struct Scoped {
    method: &'static str,
    /// The path as the OpenAPI document writes it.
    template: &'static str,
    scopes: &'static [&'static str],
    /// `true` when the path names something that does not exist: then only
    /// 403 proves the scope was checked (404 would be the missing thing).
    strict: bool,
}

const fn op(
    method: &'static str,
    template: &'static str,
    scopes: &'static [&'static str],
) -> Scoped {
    Scoped {
        method,
        template,
        scopes,
        strict: false,
    }
}

const fn strict(
    method: &'static str,
    template: &'static str,
    scopes: &'static [&'static str],
) -> Scoped {
    Scoped {
        method,
        template,
        scopes,
        strict: true,
    }
}

/// Every scoped operation. A route added to the OpenAPI document without a
/// row here fails `every_operation_checks_its_scope`.
const SCOPED: &[Scoped] = &[
    op("POST", "/api/v1/assistant/classify", &["tickets:read"]),
    op("POST", "/api/v1/help/articles", &["help:write"]),
    op("GET", "/api/v1/help/misses", &["help:read"]),
    op("GET", "/api/v1/reports/self-service", &["reports:read"]),
    op("GET", "/api/v1/reports/metrics", &["reports:read"]),
    op("GET", "/api/v1/reports/metrics.csv", &["reports:read"]),
    op("GET", "/api/v1/reports/tickets", &["reports:read"]),
    op("GET", "/api/v1/reports/tickets.csv", &["reports:read"]),
    op("GET", "/api/v1/quality/criteria", &["reports:read"]),
    op("GET", "/api/v1/cases", &["orders:read"]),
    op("POST", "/api/v1/cases", &["cases:write"]),
    strict("GET", "/api/v1/cases/{id}", &["orders:read"]),
    strict("POST", "/api/v1/cases/{id}/steps", &["cases:write"]),
    strict("POST", "/api/v1/cases/{id}/messages", &["cases:write"]),
    strict(
        "GET",
        "/api/v1/cases/{id}/files/{file_id}",
        &["orders:read"],
    ),
    op("GET", "/api/v1/sellers/standards", &["orders:read"]),
    strict("GET", "/api/v1/sellers/{id}/standards", &["orders:read"]),
    strict("POST", "/api/v1/sellers/{id}/strikes", &["cases:write"]),
    strict("POST", "/api/v1/strikes/{id}/withdrawal", &["cases:write"]),
    strict(
        "POST",
        "/api/v1/standing-notices/{id}/appeal",
        &["cases:write"],
    ),
    strict(
        "POST",
        "/api/v1/standing-notices/{id}/decision",
        &["cases:write"],
    ),
    strict(
        "POST",
        "/api/v1/flagged-buyers/{id}/review",
        &["cases:write"],
    ),
    op(
        "POST",
        "/api/v1/ingest/account-signals",
        &["commerce:write"],
    ),
    op("GET", "/api/v1/identity-checks", &["tickets:write"]),
    op("POST", "/api/v1/identity-checks", &["tickets:write"]),
    op("GET", "/api/v1/identity-checks/passed", &["tickets:write"]),
    strict(
        "POST",
        "/api/v1/identity-checks/{id}/document-request",
        &["tickets:write"],
    ),
    strict(
        "GET",
        "/api/v1/identity-checks/{id}/document",
        &["tickets:write"],
    ),
    strict(
        "POST",
        "/api/v1/identity-checks/{id}/document-review",
        &["tickets:write"],
    ),
    strict(
        "POST",
        "/api/v1/customers/{id}/account-actions",
        &["tickets:write"],
    ),
    op(
        "GET",
        "/api/v1/customers/{id}/account-actions",
        &["tickets:write"],
    ),
    strict(
        "POST",
        "/api/v1/ingest/account-actions/{id}/result",
        &["commerce:write"],
    ),
    strict(
        "POST",
        "/api/v1/identity-checks/{id}/steps",
        &["tickets:write"],
    ),
    strict("POST", "/api/v1/identity-checks/{id}/decision", &["admin"]),
    op("GET", "/api/v1/privacy-requests", &["admin"]),
    strict("POST", "/api/v1/privacy-requests/{id}/erasure", &["admin"]),
    op("PUT", "/api/v1/forum/categories/{slug}", &["help:write"]),
    op("POST", "/api/v1/forum/threads", &["tickets:write"]),
    strict(
        "POST",
        "/api/v1/forum/threads/{id}/posts",
        &["tickets:write"],
    ),
    strict(
        "POST",
        "/api/v1/forum/threads/{id}/accepted",
        &["tickets:write"],
    ),
    strict(
        "POST",
        "/api/v1/forum/threads/{id}/escalation",
        &["tickets:write"],
    ),
    strict(
        "POST",
        "/api/v1/forum/threads/{id}/moderation",
        &["tickets:write"],
    ),
    strict("POST", "/api/v1/forum/posts/{id}/vote", &["tickets:write"]),
    strict(
        "POST",
        "/api/v1/forum/posts/{id}/moderation",
        &["tickets:write"],
    ),
    op("GET", "/api/v1/forum/moderation", &["tickets:write"]),
    op("POST", "/api/v1/forum/bans", &["tickets:write"]),
    strict(
        "DELETE",
        "/api/v1/forum/bans/{person_id}",
        &["tickets:write"],
    ),
    op("GET", "/api/v1/moderation", &["tickets:write"]),
    strict(
        "POST",
        "/api/v1/moderation/{id}/decision",
        &["tickets:write"],
    ),
    op("GET", "/api/v1/security/second-factor-roles", &["admin"]),
    op("PUT", "/api/v1/security/second-factor-roles", &["admin"]),
    op("DELETE", "/api/v1/agents/{id}/second-factor", &["admin"]),
    op("PUT", "/api/v1/quality/criteria", &["admin"]),
    op("GET", "/api/v1/quality/reviews", &["reports:read"]),
    strict("GET", "/api/v1/quality/reviews/{id}", &["reports:read"]),
    strict("POST", "/api/v1/quality/reviews/{id}", &["tickets:write"]),
    op("POST", "/api/v1/quality/samples", &["tickets:write"]),
    op("GET", "/api/v1/search", &["tickets:read"]),
    op("POST", "/api/v1/tickets", &["tickets:write"]),
    op("GET", "/api/v1/tickets", &["tickets:read"]),
    op("GET", "/api/v1/tickets/{id}", &["tickets:read"]),
    op(
        "PATCH",
        "/api/v1/tickets/{id}",
        &["tickets:read", "tickets:write"],
    ),
    op("GET", "/api/v1/tickets/{id}/messages", &["tickets:read"]),
    op(
        "POST",
        "/api/v1/tickets/{id}/messages",
        &["tickets:read", "tickets:write"],
    ),
    op(
        "POST",
        "/api/v1/tickets/{id}/merge",
        &["tickets:read", "tickets:write"],
    ),
    op(
        "GET",
        "/api/v1/tickets/{id}/audit",
        &["tickets:read", "tickets:write"],
    ),
    op("GET", "/api/v1/attachments/{id}", &["tickets:read"]),
    op(
        "POST",
        "/api/v1/tickets/{id}/shares",
        &["tickets:read", "tickets:write"],
    ),
    op(
        "DELETE",
        "/api/v1/tickets/{id}/shares/{seller_id}",
        &["tickets:read", "tickets:write"],
    ),
    op(
        "POST",
        "/api/v1/tickets/{id}/invoice",
        &["tickets:read", "tickets:write", "orders:read"],
    ),
    op("GET", "/api/v1/customers", &["customers:read"]),
    op("POST", "/api/v1/customers", &["customers:write"]),
    op("GET", "/api/v1/customers/{id}", &["customers:read"]),
    op("GET", "/api/v1/agents", &["customers:read"]),
    op("POST", "/api/v1/agents", &["admin"]),
    op("GET", "/api/v1/agents/{id}", &["customers:read"]),
    op("GET", "/api/v1/mail/failed", &["admin"]),
    op("POST", "/api/v1/mail/failed/retry", &["admin"]),
    op("GET", "/api/v1/mail/suspended", &["tickets:write"]),
    op(
        "POST",
        "/api/v1/mail/suspended/{id}/accept",
        &["tickets:write"],
    ),
    op(
        "POST",
        "/api/v1/mail/suspended/{id}/delete",
        &["tickets:write"],
    ),
    op("GET", "/api/v1/mailboxes", &["admin"]),
    op("POST", "/api/v1/mailboxes", &["admin"]),
    op("POST", "/api/v1/mailboxes/{id}/check", &["admin"]),
    op("DELETE", "/api/v1/mailboxes/{id}", &["admin"]),
    op("PATCH", "/api/v1/agents/{id}", &["admin"]),
    op("GET", "/api/v1/teams", &["customers:read"]),
    op("POST", "/api/v1/teams", &["admin"]),
    op("PUT", "/api/v1/teams/{id}/members/{person_id}", &["admin"]),
    op(
        "DELETE",
        "/api/v1/teams/{id}/members/{person_id}",
        &["admin"],
    ),
    op("GET", "/api/v1/me/presence", &["tickets:write"]),
    op("PUT", "/api/v1/me/presence", &["tickets:write"]),
    op("PUT", "/api/v1/agents/{id}/presence", &["admin"]),
    op("GET", "/api/v1/agents/{id}/routing", &["customers:read"]),
    op("PUT", "/api/v1/agents/{id}/routing", &["admin"]),
    op("PUT", "/api/v1/teams/{id}/routing", &["admin"]),
    op("GET", "/api/v1/tickets/{id}/routing", &["tickets:read"]),
    op("GET", "/api/v1/tickets/{id}/escalations", &["tickets:read"]),
    op(
        "POST",
        "/api/v1/tickets/{id}/escalations",
        &["tickets:read", "tickets:write"],
    ),
    op(
        "GET",
        "/api/v1/tickets/{id}/macros",
        &["tickets:read", "tickets:write"],
    ),
    op(
        "POST",
        "/api/v1/tickets/{id}/macros/{macro_id}",
        &["tickets:read", "tickets:write"],
    ),
    op("GET", "/api/v1/views", &["tickets:write"]),
    op("POST", "/api/v1/views", &["tickets:write"]),
    op("DELETE", "/api/v1/views/{id}", &["tickets:write"]),
    op("GET", "/api/v1/rules", &["admin"]),
    op("POST", "/api/v1/rules", &["admin"]),
    op("PUT", "/api/v1/rules/{id}", &["admin"]),
    op("DELETE", "/api/v1/rules/{id}", &["admin"]),
    op("POST", "/api/v1/rules/dry-run", &["admin"]),
    strict("GET", "/api/v1/tickets/{id}/rating", &["tickets:read"]),
    strict("POST", "/api/v1/tickets/{id}/rating", &["tickets:write"]),
    op("GET", "/api/v1/calls", &["customers:read"]),
    strict("GET", "/api/v1/calls/{id}", &["customers:read"]),
    op("POST", "/api/v1/callbacks", &["tickets:write"]),
    op("GET", "/api/v1/schedules", &["customers:read"]),
    op("POST", "/api/v1/schedules", &["admin"]),
    op("GET", "/api/v1/schedules/{id}", &["customers:read"]),
    op("PUT", "/api/v1/schedules/{id}", &["admin"]),
    op("DELETE", "/api/v1/schedules/{id}", &["admin"]),
    op("POST", "/api/v1/schedules/{id}/holidays", &["admin"]),
    op("GET", "/api/v1/tags", &["tickets:write"]),
    op("GET", "/api/v1/macros", &["tickets:write"]),
    op("POST", "/api/v1/macros", &["admin"]),
    op("GET", "/api/v1/tokens", &["admin"]),
    op("POST", "/api/v1/tokens", &["admin"]),
    op("DELETE", "/api/v1/tokens/{id}", &["admin"]),
    op("GET", "/api/v1/audit", &["admin"]),
    op("POST", "/api/v1/customers/{id}/unfreeze", &["admin"]),
    op(
        "GET",
        "/api/v1/customers/{id}/membership",
        &["customers:read"],
    ),
    op("GET", "/api/v1/orders", &["orders:read"]),
    op("GET", "/api/v1/orders/{id}", &["orders:read"]),
    op(
        "POST",
        "/api/v1/orders/{id}/address",
        &["orders:read", "orders:write"],
    ),
    op(
        "POST",
        "/api/v1/orders/{id}/phone",
        &["orders:read", "orders:write"],
    ),
    op(
        "POST",
        "/api/v1/orders/{id}/cancel",
        &["orders:read", "orders:write"],
    ),
    op(
        "POST",
        "/api/v1/orders/{id}/refunds",
        &["orders:read", "orders:write"],
    ),
    op("GET", "/api/v1/refunds", &["orders:write"]),
    strict("POST", "/api/v1/refunds/{id}/approve", &["orders:write"]),
    strict("POST", "/api/v1/refunds/{id}/reject", &["orders:write"]),
    op("GET", "/api/v1/webhooks/deliveries", &["admin"]),
    op("POST", "/api/v1/shipments/watch", &["admin"]),
    op(
        "POST",
        "/api/v1/orders/{id}/returns",
        &["orders:read", "orders:write"],
    ),
    strict("GET", "/api/v1/returns/{rma}", &["orders:read"]),
    strict("POST", "/api/v1/returns/{rma}/events", &["orders:write"]),
    strict(
        "POST",
        "/api/v1/returns/{rma}/inspection",
        &["orders:write"],
    ),
    strict("GET", "/api/v1/returns/{rma}/label", &["orders:read"]),
    op("POST", "/api/v1/ingest/orders", &["commerce:write"]),
    op("POST", "/api/v1/ingest/orders/bulk", &["commerce:write"]),
    op("POST", "/api/v1/ingest/products", &["commerce:write"]),
    op("POST", "/api/v1/ingest/store-credit", &["commerce:write"]),
    op("POST", "/api/v1/ingest/payouts", &["commerce:write"]),
    op(
        "GET",
        "/api/v1/customers/{id}/store-credit",
        &["customers:read"],
    ),
    op("GET", "/api/v1/sellers/{id}/payouts", &["customers:read"]),
    op("GET", "/api/v1/orders/{id}/discounts", &["orders:read"]),
    op(
        "POST",
        "/api/v1/orders/{id}/variant",
        &["orders:read", "orders:write"],
    ),
    op(
        "POST",
        "/api/v1/orders/{id}/conflicts/{conflict_id}/handled",
        &["orders:read", "orders:write"],
    ),
    op(
        "POST",
        "/api/v1/orders/{id}/parcel-choice",
        &["orders:read", "orders:write"],
    ),
    op(
        "POST",
        "/api/v1/orders/{id}/items",
        &["orders:read", "orders:write"],
    ),
    op(
        "POST",
        "/api/v1/orders/{id}/reschedule",
        &["orders:read", "orders:write"],
    ),
    op(
        "POST",
        "/api/v1/orders/{id}/care",
        &["orders:read", "orders:write"],
    ),
    op("GET", "/api/v1/orders/{id}/payments", &["orders:read"]),
    op(
        "POST",
        "/api/v1/orders/{id}/unauthorized-charge",
        &["orders:read", "tickets:write"],
    ),
    op("GET", "/api/v1/orders/{id}/invoice", &["orders:read"]),
    op("GET", "/api/v1/orders/{id}/requests", &["orders:read"]),
    strict("POST", "/api/v1/requests/{id}", &["orders:write"]),
    op("GET", "/api/v1/promotions", &["promotions:read"]),
    op(
        "POST",
        "/api/v1/promotions/thresholds",
        &["promotions:write"],
    ),
    op("POST", "/api/v1/promotions/coupons", &["promotions:write"]),
];

/// A body the operation accepts, so that only the scope can refuse it.
fn body_for(method: &str, template: &str, fixtures: &Fixtures) -> Option<Value> {
    let body = match (method, template) {
        ("POST", "/api/v1/assistant/classify") => json!({"text": "Where is my parcel?"}),
        ("POST", "/api/v1/callbacks") => json!({"phone": "+34600111222", "at": 0}),
        ("POST", "/api/v1/help/articles") => {
            json!({"slug": "scoped-draft", "category": "returns", "status": "draft", "translations": [{"language": "en", "title": "Draft", "body": "Not yet."}]})
        }
        ("POST", "/api/v1/tickets") => {
            json!({"subject": "s", "requester": {"email": "someone@example.com"}, "message": {"body": "b"}})
        }
        ("PATCH", "/api/v1/tickets/{id}") => json!({"priority": "high"}),
        ("POST", "/api/v1/tickets/{id}/messages") => json!({"body": "hello"}),
        ("POST", "/api/v1/tickets/{id}/rating") => json!({"rating": 5}),
        ("PUT", "/api/v1/quality/criteria") => json!({"criteria": ["Greeting", "Tone"]}),
        ("POST", "/api/v1/quality/reviews/{id}") => json!({"ratings": []}),
        ("POST", "/api/v1/quality/samples") => json!({}),
        ("POST", "/api/v1/cases") => {
            json!({"order": fixtures.order_number, "reason": "not_received", "description": "Never came"})
        }
        ("POST", "/api/v1/cases/{id}/steps") => json!({"step": "escalate"}),
        ("POST", "/api/v1/cases/{id}/messages") => json!({"body": "hello"}),
        ("POST", "/api/v1/sellers/{id}/strikes") => json!({"reason": "other", "note": "x"}),
        ("POST", "/api/v1/standing-notices/{id}/appeal") => json!({"text": "x"}),
        ("POST", "/api/v1/standing-notices/{id}/decision") => {
            json!({"decision": "upheld", "note": "x"})
        }
        ("POST", "/api/v1/flagged-buyers/{id}/review") => json!({"note": "x"}),
        ("POST", "/api/v1/strikes/{id}/withdrawal") => json!({}),
        ("PUT", "/api/v1/security/second-factor-roles") => json!({"roles": []}),
        ("POST", "/api/v1/moderation/{id}/decision") => json!({"decision": "dismiss"}),
        ("POST", "/api/v1/identity-checks") => {
            json!({"email": "nobody@example.com", "reason": "r"})
        }
        ("POST", "/api/v1/identity-checks/{id}/document-request") => json!({}),
        ("POST", "/api/v1/identity-checks/{id}/document-review") => json!({"passed": false}),
        ("POST", "/api/v1/customers/{id}/account-actions") => {
            json!({"action": "password_reset_link"})
        }
        ("POST", "/api/v1/ingest/account-actions/{id}/result") => json!({"status": "done"}),
        ("PUT", "/api/v1/forum/categories/{slug}") => json!({"names": {"en": "Scoped"}}),
        ("POST", "/api/v1/forum/threads") => {
            json!({"category": "none", "title": "t", "body": "b"})
        }
        ("POST", "/api/v1/forum/threads/{id}/posts") => json!({"body": "b"}),
        ("POST", "/api/v1/forum/threads/{id}/accepted") => json!({"post_id": null}),
        ("POST", "/api/v1/forum/threads/{id}/escalation") => json!({}),
        ("POST", "/api/v1/forum/threads/{id}/moderation") => json!({"action": "pin"}),
        ("POST", "/api/v1/forum/posts/{id}/vote") => json!({"value": 1}),
        ("POST", "/api/v1/forum/posts/{id}/moderation") => json!({"action": "hide"}),
        ("POST", "/api/v1/forum/bans") => json!({"person_id": fixtures.customer, "reason": "r"}),
        ("POST", "/api/v1/privacy-requests/{id}/erasure") => json!({}),
        ("POST", "/api/v1/ingest/account-signals") => {
            json!({"email": "owner@example.com", "kind": "new_device", "detail": "Firefox on Linux"})
        }
        ("POST", "/api/v1/identity-checks/{id}/steps") => {
            json!({"step": "past_order", "passed": true})
        }
        ("POST", "/api/v1/identity-checks/{id}/decision") => json!({"passed": false}),
        ("POST", "/api/v1/tickets/{id}/merge") => json!({"into_ticket_id": fixtures.other_ticket}),
        ("POST", "/api/v1/tickets/{id}/shares") => json!({"seller_id": fixtures.agent}),
        ("POST", "/api/v1/tickets/{id}/invoice") => json!({"order": fixtures.order_number}),
        ("POST", "/api/v1/customers") => {
            json!({"email": "new@example.com", "name": "N", "role": "customer"})
        }
        ("POST", "/api/v1/agents") => {
            json!({"email": "a2@example.com", "name": "A", "role": "agent", "password": "long enough pass"})
        }
        ("PATCH", "/api/v1/agents/{id}") => json!({"disabled": true}),
        ("POST", "/api/v1/teams") => json!({"name": "T2"}),
        ("PUT", "/api/v1/me/presence") | ("PUT", "/api/v1/agents/{id}/presence") => {
            json!({"status": "away"})
        }
        ("PUT", "/api/v1/agents/{id}/routing") => json!({"capacity": {"chat": 2}}),
        ("PUT", "/api/v1/teams/{id}/routing") => json!({"routing": "round_robin"}),
        ("POST", "/api/v1/rules")
        | ("PUT", "/api/v1/rules/{id}")
        | ("POST", "/api/v1/rules/dry-run") => {
            json!({"name": "Scoped rule", "kind": "trigger", "events": ["created"],
                   "conditions": {"all": [{"field": "priority", "op": "is_not", "value": "urgent"}]},
                   "actions": [{"action": "set_priority", "value": "urgent"}]})
        }
        ("POST", "/api/v1/tickets/{id}/macros/{macro_id}") => json!({}),
        ("POST", "/api/v1/schedules") | ("PUT", "/api/v1/schedules/{id}") => {
            json!({"name": "Scoped hours", "hours": {"time_zone": "Asia/Shanghai", "monday": ["09:00-18:00"]}})
        }
        ("POST", "/api/v1/views") => {
            json!({"name": "Mine by priority", "params": {"view": "mine", "sort": "-priority"}})
        }
        ("POST", "/api/v1/tickets/{id}/escalations") => {
            json!({"tier": "second_line", "note": "Needs a refund over my limit"})
        }
        ("POST", "/api/v1/macros") => {
            json!({"name": "Sorry", "body": "We are sorry.", "language": "en"})
        }
        ("POST", "/api/v1/tokens") => json!({"person_id": fixtures.agent, "name": "x"}),
        ("POST", "/api/v1/orders/{id}/address") => {
            json!({"address": {"name": "x", "line1": "Calle 2", "city": "Madrid", "postal_code": "28013", "country": "ES"}})
        }
        ("POST", "/api/v1/orders/{id}/phone") => json!({"phone": "+34 600 111 222"}),
        ("POST", "/api/v1/orders/{id}/cancel") => json!({"reason": "No longer needed"}),
        ("POST", "/api/v1/orders/{id}/refunds") => {
            json!({"amount_minor": 100, "destination": "original_method", "reason": "goodwill"})
        }
        ("POST", "/api/v1/refunds/{id}/approve" | "/api/v1/refunds/{id}/reject") => json!({}),
        ("POST", "/api/v1/orders/{id}/returns") => {
            json!({"lines": [{"line_id": fixtures.line, "quantity": 1}], "reason": "other", "resolution": "refund"})
        }
        ("POST", "/api/v1/returns/{rma}/events") => json!({"event": "received"}),
        ("POST", "/api/v1/mail/failed/retry") => json!({}),
        ("POST", "/api/v1/mailboxes/{id}/check") => json!({}),
        ("POST", "/api/v1/mailboxes") => {
            json!({"address": "inbox2@example.com", "imap": "imap://u:p@127.0.0.1:9/INBOX?tls=none", "check": false})
        }
        ("POST", "/api/v1/mail/suspended/{id}/accept" | "/api/v1/mail/suspended/{id}/delete") => {
            json!({})
        }
        ("POST", "/api/v1/returns/{rma}/inspection") => json!({"outcome": "accept"}),
        ("POST", "/api/v1/ingest/orders") => ingested_order(),
        ("POST", "/api/v1/ingest/orders/bulk") => json!({"orders": [ingested_order()]}),
        ("POST", "/api/v1/ingest/products") => {
            json!({"products": [{"product": "P1", "variants": [{"sku": "P1-M", "attributes": {"size": "M"}, "price_minor": 100, "currency": "EUR", "stock": 1}]}]})
        }
        ("POST", "/api/v1/ingest/store-credit") => {
            json!({"customer_email": "owner@example.com", "amount_minor": 1, "currency": "EUR", "order_number": "SO-1", "reference": "scope-check"})
        }
        ("POST", "/api/v1/ingest/payouts") => {
            json!({"payouts": [{"reference": "po_scope", "seller": {"email": "seller@example.com"}, "amount_minor": 100, "currency": "EUR", "status": "pending"}]})
        }
        ("POST", "/api/v1/orders/{id}/variant") => {
            json!({"line_id": fixtures.line, "variant": {"size": "L"}})
        }
        ("POST", "/api/v1/orders/{id}/reschedule") => json!({"date": "2030-01-10"}),
        ("POST", "/api/v1/orders/{id}/items") => json!({"sku": "P1-M", "quantity": 1}),
        ("POST", "/api/v1/orders/{id}/parcel-choice") => {
            json!({"shipment_id": 1, "choice": "refund"})
        }
        ("POST", "/api/v1/orders/{id}/conflicts/{conflict_id}/handled") => json!({}),
        ("POST", "/api/v1/orders/{id}/care") => json!({"kind": "reship", "reason": "x"}),
        ("POST", "/api/v1/orders/{id}/unauthorized-charge") => json!({"description": "Not mine"}),
        ("POST", "/api/v1/requests/{id}") => json!({"state": "paid"}),
        ("POST", "/api/v1/promotions/thresholds") => {
            json!({"id": "spend100", "name": "Spend 100, save 10", "rule": {"ladder": [{"spend_minor": 10000, "save_minor": 1000}]}, "scope": "all", "stackable": true})
        }
        ("POST", "/api/v1/promotions/coupons") => {
            json!({"code": "X", "kind": {"fixed": {"off_minor": 500}}, "valid_from": null, "valid_until": null, "min_spend_minor": 0,
                   "scope": "all", "once_per_customer": false, "usage_limit": null, "times_used": 0, "stacks_with_coupons": true, "stacks_with_thresholds": true})
        }
        _ => return None,
    };
    Some(body)
}

fn ingested_order() -> Value {
    json!({
        "external_id": "gid://shop/Order/9001", "number": "WEB-9001", "status": "paid", "currency": "EUR",
        "placed_at": "2026-11-01T10:00:00Z",
        "customer": {"external_id": "cus_9", "email": "ingested@example.com", "name": "I"},
        "lines": [{"sku": "S", "title": "T", "category": "apparel", "quantity": 1, "unit_price_minor": 1000}],
        "shipping_address": {"name": "I", "line1": "Calle 1", "city": "Madrid", "postal_code": "28013", "country": "ES"},
        "payments": [], "shipments": []
    })
}

struct Fixtures {
    ticket: i64,
    other_ticket: i64,
    attachment: i64,
    customer: i64,
    agent: i64,
    team: i64,
    schedule: i64,
    token: i64,
    order_number: String,
    line: i64,
}

impl Fixtures {
    fn path(&self, template: &str) -> String {
        let id = if template.starts_with("/api/v1/tickets/") {
            self.ticket.to_string()
        } else if template.starts_with("/api/v1/attachments/") {
            self.attachment.to_string()
        } else if template.starts_with("/api/v1/customers/")
            || template.starts_with("/api/v1/sellers/")
        {
            self.customer.to_string()
        } else if template.starts_with("/api/v1/agents/") {
            self.agent.to_string()
        } else if template.starts_with("/api/v1/teams/") {
            self.team.to_string()
        } else if template.starts_with("/api/v1/schedules/") {
            self.schedule.to_string()
        } else if template.starts_with("/api/v1/tokens/") {
            self.token.to_string()
        } else if template.starts_with("/api/v1/orders/") {
            self.order_number.clone()
        } else {
            // Refunds and carrier requests that do not exist.
            "999999".to_string()
        };
        let path = template
            .replace("{id}", &id)
            .replace("{person_id}", &self.agent.to_string())
            .replace("{seller_id}", &self.agent.to_string())
            .replace("{rma}", "RMA-NOPE-0001")
            .replace("{conflict_id}", "999999")
            .replace("{file_id}", "999999")
            .replace("{macro_id}", "999999");
        if template == "/api/v1/search" {
            format!("{path}?q=size")
        } else {
            path
        }
    }
}

/// The operations of the OpenAPI document, as (METHOD, path).
async fn documented_operations(app: &TestApp) -> std::collections::BTreeSet<(String, String)> {
    let response = app
        .client
        .get(format!("{}/api/v1/openapi.json", app.url))
        .send()
        .await
        .expect("openapi");
    let doc: Value = response.json().await.expect("openapi json");
    let mut operations = std::collections::BTreeSet::new();
    for (path, item) in doc["paths"].as_object().expect("paths") {
        for method in ["get", "post", "put", "patch", "delete"] {
            if item.get(method).is_some() {
                operations.insert((method.to_uppercase(), path.clone()));
            }
        }
    }
    operations
}

backend_test!(every_operation_checks_its_scope, every_operation_body);
async fn every_operation_body(app: &TestApp) {
    // The table covers the document exactly: a new route needs a row.
    let documented = documented_operations(app).await;
    let listed: std::collections::BTreeSet<(String, String)> = SCOPED
        .iter()
        .map(|o| (o.method.to_string(), o.template.to_string()))
        .chain(UNSCOPED.iter().map(|(m, p)| (m.to_string(), p.to_string())))
        .collect();
    let unlisted: Vec<_> = documented.difference(&listed).collect();
    assert!(
        unlisted.is_empty(),
        "operations without a scope entry: {unlisted:?}"
    );
    let stale: Vec<_> = listed.difference(&documented).collect();
    assert!(
        stale.is_empty(),
        "entries for undocumented operations: {stale:?}"
    );
    let all_scopes: Vec<&str> = marketdesk_domain::access::Scope::NAMES.to_vec();
    for o in SCOPED {
        for scope in o.scopes {
            assert!(
                all_scopes.contains(scope),
                "{} {}: unknown scope {scope}",
                o.method,
                o.template
            );
        }
    }

    // Fixtures: an admin (whose role allows everything), a customer's ticket
    // with an attachment about an order, another ticket, a team, a token.
    let (root, _) = fixtures::staff("admin", "root2@example.com")
        .with_token(app)
        .await;
    let (agent, _) = fixtures::staff("agent", "agent@example.com")
        .with_token(app)
        .await;
    let (customer, customer_token) = fixtures::customer("owner@example.com")
        .with_token(app)
        .await;
    fixtures::tee_order("SO-100001", customer).insert(app).await;
    let (status, ticket) = app
        .post("/api/v1/tickets", &customer_token, json!({"subject": "Wrong size", "order_numbers": ["SO-100001"],
            "message": {"body": "Too small", "attachments": [{"filename": "a.txt", "content_type": "text/plain", "content_base64": "aGk="}]}}))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{ticket}");
    let other = app.ticket_for("other@example.com", "Other").await;
    let (_, team) = app
        .post("/api/v1/teams", ADMIN_TOKEN, json!({"name": "Tier 1"}))
        .await;
    let (_, schedule) = app
        .post(
            "/api/v1/schedules",
            ADMIN_TOKEN,
            json!({"name": "Fixture hours", "hours": {"time_zone": "UTC", "monday": ["09:00-17:00"]}}),
        )
        .await;
    let (_, spare) = app
        .post(
            "/api/v1/tokens",
            ADMIN_TOKEN,
            json!({"person_id": agent, "name": "spare"}),
        )
        .await;
    let (_, order) = app.get("/api/v1/orders/SO-100001", ADMIN_TOKEN).await;
    let fixtures = Fixtures {
        ticket: ticket["id"].as_i64().unwrap(),
        other_ticket: other["id"].as_i64().unwrap(),
        attachment: ticket["messages"][0]["attachments"][0]["id"]
            .as_i64()
            .unwrap(),
        customer,
        agent,
        team: team["id"].as_i64().unwrap(),
        schedule: schedule["id"].as_i64().unwrap(),
        token: spare["id"].as_i64().unwrap(),
        order_number: "SO-100001".into(),
        line: order["lines"][0]["id"].as_i64().unwrap(),
    };

    // One admin token per scope, holding every scope but that one.
    let mut without = std::collections::HashMap::new();
    for scope in &all_scopes {
        let others: Vec<&str> = all_scopes.iter().copied().filter(|s| s != scope).collect();
        let (status, token) = app
            .post(
                "/api/v1/tokens",
                ADMIN_TOKEN,
                json!({"person_id": root, "name": format!("without {scope}"), "scopes": others}),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{token}");
        without.insert(*scope, token["secret"].as_str().unwrap().to_string());
    }
    let everything = fixtures::token_for(app, root).await;

    for o in SCOPED {
        let method = Method::from_bytes(o.method.as_bytes()).unwrap();
        let path = fixtures.path(o.template);
        let body = body_for(o.method, o.template, &fixtures);
        if o.method == "POST" || o.method == "PATCH" {
            // Bodies are on file for every change: "unparsable" is not a refusal.
            assert!(
                body.is_some()
                    || o.template.ends_with("/unfreeze")
                    || o.template.ends_with("/watch")
                    // An iCalendar file, not JSON: refused as such (415)
                    // once the scope lets it through.
                    || o.template.ends_with("/holidays"),
                "{} {}: no body on file",
                o.method,
                o.template
            );
        }
        // Reads are harmless to repeat: with every scope, they answer, so a
        // refusal below is the scope's doing and not a missing fixture.
        if o.method == "GET" && !o.strict {
            let (status, answer) = app
                .send(method.clone(), &path, Some(&everything), None)
                .await;
            assert!(
                status.is_success(),
                "{} {path} with every scope: {status} {answer}",
                o.method
            );
        }
        for scope in o.scopes {
            let (status, answer) = app
                .send(method.clone(), &path, Some(&without[scope]), body.as_ref())
                .await;
            let refused = if o.strict {
                status == StatusCode::FORBIDDEN
            } else {
                status == StatusCode::FORBIDDEN || status == StatusCode::NOT_FOUND
            };
            assert!(
                refused,
                "{} {path} without {scope}: {status} {answer}",
                o.method
            );
            assert!(
                answer["code"].is_string(),
                "{} {path} without {scope}: {answer}",
                o.method
            );
        }
    }
}
