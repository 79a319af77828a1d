//! Staff accounts' security (docs/SECURITY.md) through the API and the
//! pages: a lost password reset by the mailed link (once, every session
//! ended), a second factor set up, asked at sign-in, a code never used
//! twice, recovery codes once each; roles that must use one; sessions
//! listed and ended.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::backend_test;
use crate::common::{ADMIN_TOKEN, TestApp};
use crate::fixtures;
use crate::web::{Browser, hidden, signed_in};
use marketdesk_service::kernel::second_factor::current_code;

const PASSWORD: &str = "a-long-enough-password";

fn now_secs() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

async fn login(app: &TestApp, email: &str, password: &str) -> (StatusCode, Value) {
    app.post_public(
        "/api/v1/auth/login",
        json!({"email": email, "password": password}),
    )
    .await
}

/// The reset link's token in the newest mail to `email`.
async fn reset_token(app: &TestApp, email: &str) -> String {
    let mail = app.services().outbox_for(email).await.unwrap();
    let body = &mail
        .iter()
        .filter(|m| m.purpose == "password_reset")
        .max_by_key(|m| m.id)
        .expect("a reset mail")
        .body_text;
    body.split("token=")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .expect("a link with its token")
        .to_string()
}

backend_test!(a_lost_password_is_reset_once_by_the_mailed_link, reset_body);
async fn reset_body(app: &TestApp) {
    fixtures::staff("agent", "ana@example.com")
        .create(app)
        .await;
    let (status, session) = login(app, "ana@example.com", PASSWORD).await;
    assert_eq!(status, StatusCode::OK, "{session}");
    let old_session = session["token"].as_str().unwrap().to_string();

    // Known or not, the same answer; only the staff account gets a mail.
    for email in ["ana@example.com", "nobody@example.com"] {
        let (status, answer) = app
            .post_public("/api/v1/auth/password-reset", json!({"email": email}))
            .await;
        assert_eq!(status, StatusCode::ACCEPTED, "{answer}");
    }
    assert!(
        app.services()
            .outbox_for("nobody@example.com")
            .await
            .unwrap()
            .is_empty()
    );
    let token = reset_token(app, "ana@example.com").await;

    // A short password is refused and the link still works.
    let confirm = |password: &str| {
        let body = json!({"token": token, "password": password});
        async move {
            app.post_public("/api/v1/auth/password-reset/confirm", body)
                .await
        }
    };
    assert_eq!(confirm("short").await.0, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        confirm("a brand new passphrase").await.0,
        StatusCode::NO_CONTENT
    );
    // Once only.
    let (status, again) = confirm("another new passphrase").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{again}");
    // The old password and the old session are gone; the owner was told.
    assert_eq!(
        login(app, "ana@example.com", PASSWORD).await.0,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        login(app, "ana@example.com", "a brand new passphrase")
            .await
            .0,
        StatusCode::OK
    );
    assert_eq!(
        app.get("/api/v1/me", &old_session).await.0,
        StatusCode::UNAUTHORIZED
    );
    let mail = app.services().outbox_for("ana@example.com").await.unwrap();
    assert!(
        mail.iter().any(|m| m.purpose == "password_changed"),
        "{mail:?}"
    );

    // Three links an hour per address; a fourth ask mails nothing.
    for _ in 0..4 {
        app.post_public(
            "/api/v1/auth/password-reset",
            json!({"email": "ana@example.com"}),
        )
        .await;
    }
    let resets = app
        .services()
        .outbox_for("ana@example.com")
        .await
        .unwrap()
        .iter()
        .filter(|m| m.purpose == "password_reset")
        .count();
    assert_eq!(resets, 3);

    // The pages: the link's page shows the form; a wrong token says so.
    let mut browser = Browser::new(app);
    let (_, page) = browser.get("/agent/password/reset?token=nope").await;
    assert!(page.contains("reset-unusable"), "{page}");
    let token = reset_token(app, "ana@example.com").await;
    let (_, page) = browser
        .get(&format!("/agent/password/reset?token={token}"))
        .await;
    let csrf = hidden(&page, "_csrf");
    let (_, to, _) = browser
        .post(
            "/agent/password/reset",
            &[
                ("_csrf", &csrf),
                ("token", &token),
                ("password", "third passphrase!"),
                ("again", "third passphrase?"),
            ],
        )
        .await;
    let (_, page) = browser.get(to.as_deref().unwrap()).await;
    assert!(page.contains("not the same"), "{page}");
    let (_, to, _) = browser
        .post(
            "/agent/password/reset",
            &[
                ("_csrf", &csrf),
                ("token", &token),
                ("password", "third passphrase!"),
                ("again", "third passphrase!"),
            ],
        )
        .await;
    assert_eq!(to.as_deref(), Some("/agent/login"));
    assert_eq!(
        login(app, "ana@example.com", "third passphrase!").await.0,
        StatusCode::OK
    );
}

backend_test!(
    a_second_factor_is_asked_at_sign_in_and_each_code_works_once,
    factor_body
);
async fn factor_body(app: &TestApp) {
    let (agent_id, api_token) = fixtures::staff("agent", "ana@example.com")
        .with_token(app)
        .await;
    let (_, session) = login(app, "ana@example.com", PASSWORD).await;
    let session = session["token"].as_str().unwrap().to_string();

    // An API token cannot touch one's own second factor; a session can.
    assert_eq!(
        app.post("/api/v1/me/second-factor", &api_token, json!({}))
            .await
            .0,
        StatusCode::FORBIDDEN
    );
    let (status, setup) = app
        .post("/api/v1/me/second-factor", &session, json!({}))
        .await;
    assert_eq!(status, StatusCode::OK, "{setup}");
    let secret = setup["setup"]["secret"].as_str().unwrap().to_string();
    assert!(
        setup["setup"]["otpauth_uri"]
            .as_str()
            .unwrap()
            .starts_with("otpauth://totp/")
    );
    let (status, wrong) = app
        .post(
            "/api/v1/me/second-factor/confirm",
            &session,
            json!({"code": "000000"}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{wrong}");
    let code = current_code(&secret, now_secs()).unwrap();
    let (status, codes) = app
        .post(
            "/api/v1/me/second-factor/confirm",
            &session,
            json!({"code": code}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{codes}");
    let recovery: Vec<String> = codes["recovery_codes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap().to_string())
        .collect();
    assert_eq!(recovery.len(), 10);

    // The password alone is not enough now.
    let (status, step) = login(app, "ana@example.com", PASSWORD).await;
    assert_eq!(status, StatusCode::ACCEPTED, "{step}");
    assert!(step.get("token").is_none(), "no session yet: {step}");
    let challenge = step["challenge"].as_str().unwrap().to_string();
    let second = |challenge: &str, code: &str| {
        let body = json!({"challenge": challenge, "code": code});
        async move { app.post_public("/api/v1/auth/second-factor", body).await }
    };
    // The code that turned it on was used: never twice.
    assert_eq!(
        second(&challenge, &code).await.0,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    let next = current_code(&secret, now_secs() + 30).unwrap();
    let (status, signed) = second(&challenge, &next).await;
    assert_eq!(status, StatusCode::OK, "{signed}");
    assert_eq!(
        app.get("/api/v1/me", signed["token"].as_str().unwrap())
            .await
            .0,
        StatusCode::OK
    );
    // The challenge is spent with its session.
    assert_eq!(
        second(&challenge, &next).await.0,
        StatusCode::UNPROCESSABLE_ENTITY
    );

    // A recovery code signs in once.
    let (_, step) = login(app, "ana@example.com", PASSWORD).await;
    let challenge = step["challenge"].as_str().unwrap().to_string();
    let (status, _) = second(&challenge, &recovery[0].to_uppercase()).await;
    assert_eq!(status, StatusCode::OK);
    let (_, step) = login(app, "ana@example.com", PASSWORD).await;
    let challenge = step["challenge"].as_str().unwrap().to_string();
    assert_eq!(
        second(&challenge, &recovery[0]).await.0,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    // Five wrong codes spend the challenge.
    for _ in 0..4 {
        second(&challenge, "123456").await;
    }
    assert_eq!(
        second(&challenge, &recovery[1]).await.0,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    let (_, status_now) = app.get("/api/v1/me/second-factor", &session).await;
    assert_eq!(status_now["enabled"], true);
    assert_eq!(status_now["recovery_codes_left"], 9, "{status_now}");

    // Sessions: listed, one ended.
    let (_, sessions) = app.get("/api/v1/me/sessions", &session).await;
    let sessions = sessions.as_array().unwrap();
    assert!(sessions.len() >= 3, "{sessions:?}");
    assert_eq!(sessions.iter().filter(|s| s["current"] == true).count(), 1);
    let other = sessions.iter().find(|s| s["current"] == false).unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(
        app.send(
            reqwest::Method::DELETE,
            &format!("/api/v1/me/sessions/{other}"),
            Some(&session),
            None
        )
        .await
        .0,
        StatusCode::NO_CONTENT
    );
    let (_, after) = app.get("/api/v1/me/sessions", &session).await;
    assert_eq!(after.as_array().unwrap().len(), sessions.len() - 1);

    // The admin requires second factors of agents; an agent without one is
    // refused by the API and walked to the setup page by the workspace.
    fixtures::staff("agent", "tom@example.com")
        .create(app)
        .await;
    let (status, roles) = app
        .send(
            reqwest::Method::PUT,
            "/api/v1/security/second-factor-roles",
            Some(ADMIN_TOKEN),
            Some(&json!({"roles": ["agent"]})),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{roles}");
    let (status, refused) = login(app, "tom@example.com", PASSWORD).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{refused}");
    let mut tom = signed_in(app, "tom@example.com").await;
    let response = tom.request(reqwest::Method::GET, "/agent", None).await;
    assert_eq!(response.headers()["location"], "/agent/security");
    let (_, page) = tom.get("/agent/security").await;
    assert!(
        page.contains("factor-required") && page.contains("factor-begin"),
        "{page}"
    );
    // Ana's is required now: it cannot be turned off.
    let off = current_code(&secret, now_secs() + 60).unwrap();
    let (status, kept) = app
        .post(
            "/api/v1/me/second-factor/removal",
            &session,
            json!({"code": off}),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "{kept}");
    // Customers are not a staff role to require it of.
    assert_eq!(
        app.send(
            reqwest::Method::PUT,
            "/api/v1/security/second-factor-roles",
            Some(ADMIN_TOKEN),
            Some(&json!({"roles": ["customer"]}))
        )
        .await
        .0,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    // Lost phone and codes: the admin resets it; her sessions end.
    assert_eq!(
        app.send(
            reqwest::Method::DELETE,
            &format!("/api/v1/agents/{agent_id}/second-factor"),
            Some(ADMIN_TOKEN),
            None
        )
        .await
        .0,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        app.get("/api/v1/me", &session).await.0,
        StatusCode::UNAUTHORIZED
    );
}

backend_test!(
    the_workspace_asks_for_the_code_and_sets_the_factor_up,
    pages_body
);
async fn pages_body(app: &TestApp) {
    fixtures::staff("supervisor", "sam@example.com")
        .create(app)
        .await;
    // Set up from the Security page.
    let mut browser = signed_in(app, "sam@example.com").await;
    let (_, page) = browser.get("/agent/security?lang=en").await;
    let csrf = hidden(&page, "_csrf");
    browser
        .post("/agent/security/second-factor", &[("_csrf", &csrf)])
        .await;
    let (_, page) = browser.get("/agent/security").await;
    let secret: String = page
        .split("id=\"factor-secret\">")
        .nth(1)
        .and_then(|rest| rest.split('<').next())
        .unwrap()
        .split_whitespace()
        .collect();
    let code = current_code(&secret, now_secs()).unwrap();
    let (status, _, shown) = browser
        .post(
            "/agent/security/second-factor/confirm",
            &[("_csrf", &csrf), ("code", &code)],
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(shown.contains("id=\"recovery-codes\""), "{shown}");
    let (_, page) = browser.get("/agent/security").await;
    assert!(
        !page.contains("id=\"recovery-codes\""),
        "shown once: {page}"
    );
    assert!(page.contains("10 recovery codes left"), "{page}");

    // Signing in now asks for the code, in the reader's language.
    let mut fresh = Browser::new(app);
    let (_, login_page) = fresh.get("/agent/login?lang=es").await;
    let csrf = hidden(&login_page, "_csrf");
    let (status, _, step) = fresh
        .post(
            "/agent/login",
            &[
                ("_csrf", &csrf),
                ("email", "sam@example.com"),
                ("password", PASSWORD),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(step.contains("Introduce tu código"), "{step}");
    let challenge = hidden(&step, "challenge");
    let (status, _, again) = fresh
        .post(
            "/agent/login/second-factor",
            &[
                ("_csrf", &csrf),
                ("challenge", &challenge),
                ("code", "000000"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(again.contains("incorrecto"), "{again}");
    let next = current_code(&secret, now_secs() + 30).unwrap();
    let (status, to, _) = fresh
        .post(
            "/agent/login/second-factor",
            &[("_csrf", &csrf), ("challenge", &challenge), ("code", &next)],
        )
        .await;
    assert_eq!(
        (status, to.as_deref()),
        (StatusCode::SEE_OTHER, Some("/agent"))
    );
    let (status, _) = fresh.get("/agent/security").await;
    assert_eq!(status, StatusCode::OK);
    // The first browser sees two sessions and signs the other out.
    let (_, page) = browser.get("/agent/security").await;
    assert_eq!(page.matches("/end\"").count(), 1, "{page}");
    let csrf = hidden(&page, "_csrf");
    browser
        .post("/agent/security/sessions/end-others", &[("_csrf", &csrf)])
        .await;
    let response = fresh
        .request(reqwest::Method::GET, "/agent/security", None)
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER, "signed out");
}
