//! The authorization matrix: every role against every endpoint.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::backend_test;
use crate::common::{ADMIN_TOKEN, TestApp};

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
    let (_, supervisor) = app.person_with_token("supervisor", "sup@example.com").await;
    let (agent_id, agent) = app.person_with_token("agent", "agent@example.com").await;
    let (seller_id, seller) = app.person_with_token("seller", "shop@example.com").await;
    let (_, other_seller) = app
        .person_with_token("seller", "othershop@example.com")
        .await;
    let (owner_id, owner) = app.person_with_token("customer", "owner@example.com").await;
    let (_, stranger) = app
        .person_with_token("customer", "stranger@example.com")
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
    let order_id = app.order("SO-100001", owner_id, Some(seller_id)).await;
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
            [OK, OK, OK, OK, NOT_FOUND, OK, NOT_FOUND],
        ),
        (
            Method::GET,
            format!("/api/v1/tickets/{t}/messages"),
            None,
            [OK, OK, OK, OK, NOT_FOUND, OK, NOT_FOUND],
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
                CREATED, CREATED, CREATED, CREATED, NOT_FOUND, CREATED, NOT_FOUND,
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
    assert_eq!(for_seller["items"].as_array().unwrap().len(), 1);
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
    let (_, token) = app.person_with_token("agent", "agent@example.com").await;
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
