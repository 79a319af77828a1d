use reqwest::StatusCode;
use reqwest::header::{COOKIE, SET_COOKIE};
use serde_json::{Value, json};

use crate::backend_test;
use crate::common::{ADMIN_TOKEN, TestApp};
use crate::fixtures;

backend_test!(staff_sign_in_with_cookie_and_csrf, staff_sign_in_body);
async fn staff_sign_in_body(app: &TestApp) {
    fixtures::staff("agent", "agent@example.com")
        .with_token(app)
        .await;
    let login = |password: &'static str| {
        app.client
            .post(format!("{}/api/v1/auth/login", app.url))
            .json(&json!({"email": "AGENT@example.com", "password": password}))
            .send()
    };
    let wrong = login("not-the-password").await.unwrap();
    assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(
        wrong.json::<Value>().await.unwrap()["code"],
        "invalid_credentials"
    );

    let response = login("a-long-enough-password").await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let cookie = response.headers()[SET_COOKIE].to_str().unwrap().to_string();
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );
    let grant: Value = response.json().await.unwrap();
    let csrf = grant["csrf_token"].as_str().unwrap().to_string();
    let session = cookie.split(';').next().unwrap().to_string();

    // Reading with the cookie works; changing needs the CSRF header too.
    let me = app
        .client
        .get(format!("{}/api/v1/me", app.url))
        .header(COOKIE, &session)
        .send()
        .await
        .unwrap();
    assert_eq!(me.status(), StatusCode::OK);
    let body = json!({"subject": "From the browser", "requester": {"email": "c@example.com"}, "message": {"body": "x"}});
    let no_csrf = app
        .client
        .post(format!("{}/api/v1/tickets", app.url))
        .header(COOKIE, &session)
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(no_csrf.status(), StatusCode::FORBIDDEN);
    assert_eq!(
        no_csrf.json::<Value>().await.unwrap()["code"],
        "csrf_failed"
    );
    let with_csrf = app
        .client
        .post(format!("{}/api/v1/tickets", app.url))
        .header(COOKIE, &session)
        .header("X-CSRF-Token", &csrf)
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(with_csrf.status(), StatusCode::CREATED);

    // The session token also works as a bearer token, until logout.
    let token = grant["token"].as_str().unwrap();
    assert_eq!(app.get("/api/v1/me", token).await.0, StatusCode::OK);
    let (status, _) = app
        .send(
            reqwest::Method::POST,
            "/api/v1/auth/logout",
            Some(token),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert_eq!(
        app.get("/api/v1/me", token).await.0,
        StatusCode::UNAUTHORIZED
    );

    // Customers cannot sign in with a password.
    fixtures::customer("c2@example.com").with_token(app).await;
    let (status, _) = app
        .send(
            reqwest::Method::POST,
            "/api/v1/auth/login",
            None,
            Some(&json!({"email": "c2@example.com", "password": "whatever-long"})),
        )
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

backend_test!(magic_link_signs_a_customer_in_once, magic_link_body);
async fn magic_link_body(app: &TestApp) {
    let (customer_id, _) = fixtures::customer("li@example.cn").with_token(app).await;
    let id = app.ticket_for("li@example.cn", "我的订单在哪里").await["id"]
        .as_i64()
        .unwrap();
    let ask =
        |email: &'static str| app.post_public("/api/v1/auth/magic-link", json!({"email": email}));
    // Known and unknown addresses get the same answer.
    let (known, _) = ask("li@example.cn").await;
    let (unknown, _) = ask("nobody@example.cn").await;
    assert_eq!(known, StatusCode::ACCEPTED);
    assert_eq!(unknown, StatusCode::ACCEPTED);
    assert!(
        app.services()
            .outbox_for("nobody@example.cn")
            .await
            .unwrap()
            .is_empty()
    );

    let mail = app.services().outbox_for("li@example.cn").await.unwrap();
    assert_eq!(mail.len(), 1);
    let link = mail[0]
        .body_text
        .lines()
        .find(|l| l.contains("/auth/magic?token="))
        .expect("link in mail");
    let token = link.split("token=").nth(1).unwrap().trim();
    let redeem = json!({"token": token});
    let (status, grant) = app
        .send(
            reqwest::Method::POST,
            "/api/v1/auth/magic-link/redeem",
            None,
            Some(&redeem),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{grant}");
    assert_eq!(grant["person"]["id"], customer_id);
    let session = grant["token"].as_str().unwrap();
    assert_eq!(
        app.get(&format!("/api/v1/tickets/{id}"), session).await.0,
        StatusCode::OK
    );
    // A link works once.
    let (status, _) = app
        .send(
            reqwest::Method::POST,
            "/api/v1/auth/magic-link/redeem",
            None,
            Some(&redeem),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
}

backend_test!(order_number_and_email_open_one_order, order_access_body);
async fn order_access_body(app: &TestApp) {
    let (customer_id, _) = fixtures::customer("maria@example.es").with_token(app).await;
    fixtures::tee_order("SO-200001", customer_id)
        .insert(app)
        .await;
    fixtures::tee_order("SO-200002", customer_id)
        .insert(app)
        .await;
    let (status, about_first) = app
        .post(
            "/api/v1/tickets",
            ADMIN_TOKEN,
            json!({"subject": "Cambio de dirección", "requester": {"email": "maria@example.es"}, "message": {"body": "x"}, "order_numbers": ["SO-200001"]}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
    let about_second = app.ticket_for("maria@example.es", "Otro").await;

    let access = |number: &'static str, email: &'static str| {
        app.post_public(
            "/api/v1/auth/order-access",
            json!({"order_number": number, "email": email}),
        )
    };
    let (status, problem) = access("SO-200001", "someone@example.es").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(problem["code"], "invalid_credentials");
    let (status, _) = access("SO-999999", "maria@example.es").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (status, grant) = access("SO-200001", "MARIA@example.es").await;
    assert_eq!(status, StatusCode::OK, "{grant}");
    let session = grant["token"].as_str().unwrap();

    assert_eq!(
        app.get("/api/v1/orders/SO-200001", session).await.0,
        StatusCode::OK
    );
    assert_eq!(
        app.get("/api/v1/orders/SO-200002", session).await.0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get(&format!("/api/v1/tickets/{}", about_first["id"]), session)
            .await
            .0,
        StatusCode::OK
    );
    assert_eq!(
        app.get(&format!("/api/v1/tickets/{}", about_second["id"]), session)
            .await
            .0,
        StatusCode::NOT_FOUND
    );
    let (_, list) = app.get("/api/v1/tickets", session).await;
    assert_eq!(list["items"].as_array().unwrap().len(), 1);
    // A ticket opened in this session is about this order.
    let (status, opened) = app
        .post(
            "/api/v1/tickets",
            session,
            json!({"subject": "¿Dónde está?", "message": {"body": "Hola"}}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{opened}");
    assert_eq!(opened["order_ids"].as_array().unwrap().len(), 1);
}

backend_test!(teams_and_staff, teams_body);
async fn teams_body(app: &TestApp) {
    let (agent_id, _) = fixtures::staff("agent", "agent@example.com")
        .with_token(app)
        .await;
    let (customer_id, _) = fixtures::customer("c@example.com").with_token(app).await;
    let (status, team) = app
        .post(
            "/api/v1/teams",
            ADMIN_TOKEN,
            json!({"name": "Logistics", "description": "Carriers and warehouses"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
    let team_id = team["id"].as_i64().unwrap();
    let (status, team) = app
        .send(
            reqwest::Method::PUT,
            &format!("/api/v1/teams/{team_id}/members/{agent_id}"),
            Some(ADMIN_TOKEN),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(team["member_ids"], json!([agent_id]));
    let (status, _) = app
        .send(
            reqwest::Method::PUT,
            &format!("/api/v1/teams/{team_id}/members/{customer_id}"),
            Some(ADMIN_TOKEN),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let (status, _) = app
        .post("/api/v1/teams", ADMIN_TOKEN, json!({"name": "Logistics"}))
        .await;
    assert_eq!(status, StatusCode::CONFLICT);

    // Tickets can be given to a team and an agent, but not to a customer.
    let id = app.ticket_for("c@example.com", "Lost parcel").await["id"]
        .as_i64()
        .unwrap();
    let path = format!("/api/v1/tickets/{id}");
    let (status, t) = app
        .patch(
            &path,
            ADMIN_TOKEN,
            json!({"team_id": team_id, "assignee_id": agent_id}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{t}");
    assert_eq!(t["assignee"]["id"], agent_id);
    let (status, _) = app
        .patch(&path, ADMIN_TOKEN, json!({"assignee_id": customer_id}))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let (status, t) = app
        .patch(&path, ADMIN_TOKEN, json!({"assignee_id": null}))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(t["assignee"].is_null());
    assert_eq!(t["team_id"], team_id);

    let (_, agents) = app.get("/api/v1/agents", ADMIN_TOKEN).await;
    assert!(
        agents["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["id"] == agent_id)
    );
    let (_, customers) = app.get("/api/v1/customers", ADMIN_TOKEN).await;
    assert!(
        customers["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|p| p["role"] == "customer" || p["role"] == "seller")
    );
    // Passwords and their hashes never appear in answers.
    assert!(!agents.to_string().contains("password"));
}

backend_test!(guessing_at_the_public_doors_is_limited, rate_limit_body);
async fn rate_limit_body(app: &TestApp) {
    fixtures::staff("agent", "agent@example.com")
        .with_token(app)
        .await;
    let login = |email: &'static str, password: &'static str| {
        app.client
            .post(format!("{}/api/v1/auth/login", app.url))
            .json(&json!({"email": email, "password": password}))
            .send()
    };
    for _ in 0..10 {
        let response = login("agent@example.com", "not-the-password")
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    }
    // Even the right password waits now, with a problem document that says for how long.
    let response = login("agent@example.com", "a-long-enough-password")
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
    let retry: u64 = response.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=900).contains(&retry), "{retry}");
    let problem: Value = response.json().await.unwrap();
    assert_eq!(problem["code"], "rate_limited");
    // Another account is not affected.
    fixtures::staff("agent", "other@example.com")
        .with_token(app)
        .await;
    let response = login("other@example.com", "a-long-enough-password")
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);

    // Order-number sign-in: ten wrong emails, then a pause for that order.
    let (customer, _) = fixtures::customer("maria@example.es").with_token(app).await;
    fixtures::tee_order("SO-210001", customer).insert(app).await;
    let access = |email: &'static str| {
        app.post_public(
            "/api/v1/auth/order-access",
            json!({"order_number": "SO-210001", "email": email}),
        )
    };
    for _ in 0..10 {
        assert_eq!(
            access("guess@example.com").await.0,
            StatusCode::UNAUTHORIZED
        );
    }
    assert_eq!(
        access("maria@example.es").await.0,
        StatusCode::TOO_MANY_REQUESTS
    );

    // Sign-in links: five an hour per address, known or not.
    for _ in 0..5 {
        let (status, _) = app
            .post_public(
                "/api/v1/auth/magic-link",
                json!({"email": "maria@example.es"}),
            )
            .await;
        assert!(status.is_success(), "{status}");
    }
    let (status, problem) = app
        .post_public(
            "/api/v1/auth/magic-link",
            json!({"email": "maria@example.es"}),
        )
        .await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "{problem}");
    let links = app
        .services()
        .outbox_for("maria@example.es")
        .await
        .unwrap()
        .len();
    assert_eq!(links, 5, "no sixth mail");
}

backend_test!(
    a_token_never_makes_a_token_with_more_scopes_than_it_holds,
    narrow_token_body
);
async fn narrow_token_body(app: &TestApp) {
    let (admin_id, _) = crate::fixtures::staff("admin", "narrow.admin@example.com")
        .with_token(app)
        .await;
    let (agent_id, _) = crate::fixtures::staff("agent", "narrow.agent@example.com")
        .with_token(app)
        .await;
    let (status, narrow) = app
        .post(
            "/api/v1/tokens",
            ADMIN_TOKEN,
            json!({"person_id": admin_id, "name": "tokens only", "scopes": ["admin"]}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{narrow}");
    let narrow = narrow["secret"].as_str().unwrap().to_string();
    // Asking for a scope it does not hold is refused, for itself or another.
    for person in [admin_id, agent_id] {
        let (status, problem) = app
            .post(
                "/api/v1/tokens",
                &narrow,
                json!({"person_id": person, "name": "wider", "scopes": ["orders:write"]}),
            )
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
    }
    // Without a list, the new token gets the role's scopes it holds itself.
    let (status, made) = app
        .post(
            "/api/v1/tokens",
            &narrow,
            json!({"person_id": admin_id, "name": "default"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{made}");
    assert_eq!(made["scopes"], json!(["admin"]), "{made}");
}

backend_test!(only_admins_export_all_data, export_body);
async fn export_body(app: &TestApp) {
    use marketdesk_domain::Role;
    let (agent_id, _) = crate::fixtures::staff("agent", "export.agent@example.com")
        .with_token(app)
        .await;
    let agent = marketdesk_service::Viewer {
        person_id: agent_id,
        role: Role::Agent,
        scopes: Role::Agent.default_scopes(),
        order_scope: None,
    };
    let mut lines = 0;
    let refused = app
        .services()
        .export_all(&agent, |_| {
            lines += 1;
            Ok(())
        })
        .await;
    assert!(
        matches!(refused, Err(marketdesk_service::ServiceError::Forbidden(_))),
        "{refused:?}"
    );
    assert_eq!(lines, 0, "nothing was written for an agent");
    let system = marketdesk_service::kernel::auth::system_viewer();
    let count = app
        .services()
        .export_all(&system, |_| Ok(()))
        .await
        .unwrap();
    assert!(count > 0);
}
