//! Help with customers' marketplace accounts (docs/TRUST.md, "Account
//! help"): actions asked of the platform as signed events and answered
//! through ingest; what could hand the account to a stranger waits for a
//! passed identity check; an identity document uploaded through the mailed
//! link is reviewed once and deleted.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::backend_test;
use crate::common::{ADMIN_TOKEN, TestApp};
use crate::fixtures;
use crate::web::{Browser, hidden};

fn webhooks(config: &mut marketdesk::config::Config) {
    config.webhook_url = Some("http://127.0.0.1:9/hooks".into());
}

async fn events(app: &TestApp) -> String {
    app.get("/api/v1/webhooks/deliveries?limit=100", ADMIN_TOKEN)
        .await
        .1
        .to_string()
}

async fn act(app: &TestApp, token: &str, person: i64, body: Value) -> (StatusCode, Value) {
    app.post(
        &format!("/api/v1/customers/{person}/account-actions"),
        token,
        body,
    )
    .await
}

async fn pass_check(app: &TestApp, agent: &str, email: &str) -> i64 {
    let (status, check) = app
        .post(
            "/api/v1/identity-checks",
            agent,
            json!({"email": email, "reason": "wants a new email"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{check}");
    let id = check["id"].as_i64().unwrap();
    for step in ["past_order", "delivery_postcode"] {
        let (status, answer) = app
            .post(
                &format!("/api/v1/identity-checks/{id}/steps"),
                agent,
                json!({"step": step, "passed": true}),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{answer}");
    }
    id
}

backend_test!(
    account_actions_wait_for_a_passed_check,
    actions_body,
    super::webhooks
);
async fn actions_body(app: &TestApp) {
    let (person, customer) = fixtures::customer("olga@example.com")
        .language("es")
        .with_token(app)
        .await;
    let (_, agent) = fixtures::staff("agent", "ana@example.com")
        .with_token(app)
        .await;
    // Customers do not act on accounts; agents never set a password.
    assert_eq!(
        act(
            app,
            &customer,
            person,
            json!({"action": "password_reset_link"})
        )
        .await
        .0,
        StatusCode::FORBIDDEN
    );
    // A reset link goes to the address on file: no check needed.
    let (status, reset) = act(
        app,
        &agent,
        person,
        json!({"action": "password_reset_link", "note": "forgot it"}),
    )
    .await;
    assert_eq!(status, StatusCode::ACCEPTED, "{reset}");
    assert_eq!(reset["status"], "requested");
    assert!(events(app).await.contains("account.action_requested"));
    // The same action waits once.
    let (status, twice) = act(
        app,
        &agent,
        person,
        json!({"action": "password_reset_link"}),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT, "{twice}");
    // A new email, a second-factor reset, closing: only after a passed check.
    for action in ["reset_second_factor", "close_account", "unlock"] {
        let (status, refused) = act(app, &agent, person, json!({"action": action})).await;
        assert_eq!(status, StatusCode::CONFLICT, "{action}: {refused}");
        assert!(
            refused["detail"]
                .as_str()
                .unwrap()
                .contains("identity check")
        );
    }
    let (status, _) = act(app, &agent, person, json!({"action": "change_email"})).await;
    assert_eq!(
        status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "the new address is needed"
    );
    let (status, _) = act(
        app,
        &agent,
        person,
        json!({"action": "unlock", "new_email": "x@example.com"}),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    pass_check(app, &agent, "olga@example.com").await;
    let (status, change) = act(
        app,
        &agent,
        person,
        json!({"action": "change_email", "new_email": "Olga.New@Example.com"}),
    )
    .await;
    assert_eq!(status, StatusCode::ACCEPTED, "{change}");
    assert!(change["identity_check"].is_i64(), "{change}");

    // The platform answers, once; the new address is taken on here too and
    // both addresses hear of it, in her language.
    let id = change["id"].as_i64().unwrap();
    let path = format!("/api/v1/ingest/account-actions/{id}/result");
    assert_eq!(
        app.post(&path, &agent, json!({"status": "done"})).await.0,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.post(&path, ADMIN_TOKEN, json!({"status": "maybe"}))
            .await
            .0,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    let (status, done) = app
        .post(
            &path,
            ADMIN_TOKEN,
            json!({"status": "done", "note": "changed"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{done}");
    assert_eq!(done["status"], "done");
    assert_eq!(
        app.post(&path, ADMIN_TOKEN, json!({"status": "failed"}))
            .await
            .0,
        StatusCode::CONFLICT
    );
    let (_, me) = app.get("/api/v1/me", &customer).await;
    assert_eq!(me["email"], "olga.new@example.com", "{me}");
    for to in ["olga@example.com", "olga.new@example.com"] {
        let mail = app.services().outbox_for(to).await.unwrap();
        assert!(
            mail.iter()
                .any(|m| m.purpose == "account_action" && m.subject == "Tu cuenta: hecho"),
            "{to}: {mail:?}"
        );
    }
    // A failed action tells the customer too.
    let reset_id = reset["id"].as_i64().unwrap();
    let (_, failed) = app
        .post(
            &format!("/api/v1/ingest/account-actions/{reset_id}/result"),
            ADMIN_TOKEN,
            json!({"status": "failed", "note": "mail bounced"}),
        )
        .await;
    assert_eq!(failed["status"], "failed");
    let (_, list) = app
        .get(
            &format!("/api/v1/customers/{person}/account-actions"),
            &agent,
        )
        .await;
    assert_eq!(list.as_array().unwrap().len(), 2, "{list}");
}

backend_test!(
    a_frozen_account_is_helped_only_after_a_check,
    frozen_body,
    super::webhooks
);
async fn frozen_body(app: &TestApp) {
    let (person, _) = fixtures::customer("pat@example.com").with_token(app).await;
    let (_, agent) = fixtures::staff("agent", "ana@example.com")
        .with_token(app)
        .await;
    // Frozen by a "no" to "was this you?".
    app.post(
        "/api/v1/ingest/account-signals",
        ADMIN_TOKEN,
        json!({"email": "pat@example.com", "kind": "password_changed", "detail": "from a new device"}),
    )
    .await;
    let mail = app.services().outbox_for("pat@example.com").await.unwrap();
    let body = &mail
        .iter()
        .find(|m| m.purpose == "account_signal")
        .unwrap()
        .body_text;
    let token = body
        .split("token=")
        .nth(1)
        .unwrap()
        .split_whitespace()
        .next()
        .unwrap();
    app.services().answer_signal(token, false).await.unwrap();
    // Even a reset link waits for the check on a frozen account.
    let (status, refused) = act(
        app,
        &agent,
        person,
        json!({"action": "password_reset_link"}),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT, "{refused}");
    let (_, checks) = app.get("/api/v1/identity-checks", &agent).await;
    let check = checks[0]["id"].as_i64().unwrap();
    for step in ["payment_card", "past_order"] {
        app.post(
            &format!("/api/v1/identity-checks/{check}/steps"),
            &agent,
            json!({"step": step, "passed": true}),
        )
        .await;
    }
    let (status, sent) = act(
        app,
        &agent,
        person,
        json!({"action": "password_reset_link"}),
    )
    .await;
    assert_eq!(status, StatusCode::ACCEPTED, "{sent}");
    assert_eq!(sent["identity_check"], check);
}

backend_test!(identity_documents_are_reviewed_then_deleted, documents_body);
async fn documents_body(app: &TestApp) {
    fixtures::customer("zoe@example.com")
        .language("zh")
        .create(app)
        .await;
    let (_, agent) = fixtures::staff("agent", "ana@example.com")
        .with_token(app)
        .await;
    let (_, check) = app
        .post(
            "/api/v1/identity-checks",
            &agent,
            json!({"email": "zoe@example.com", "reason": "locked out"}),
        )
        .await;
    let id = check["id"].as_i64().unwrap();
    let (status, asked) = app
        .post(
            &format!("/api/v1/identity-checks/{id}/document-request"),
            &agent,
            json!({}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{asked}");
    assert_eq!(asked["document"]["status"], "requested");
    let mail = app.services().outbox_for("zoe@example.com").await.unwrap();
    let mail = mail
        .iter()
        .find(|m| m.purpose == "identity_document")
        .expect("the upload link");
    assert_eq!(mail.subject, "请发送您的身份证件照片");
    let start = mail
        .body_text
        .find("/account/identity-document?token=")
        .unwrap();
    let link = mail.body_text[start..]
        .split_whitespace()
        .next()
        .unwrap()
        .to_owned();
    let token = link.split("token=").nth(1).unwrap().to_owned();

    // The customer's page, in her language; the wrong kind of file is refused.
    let mut browser = Browser::new(app);
    let (status, page) = browser.get(&link).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("证件"), "{page}");
    let csrf = hidden(&page, "_csrf");
    let fields = [("_csrf", csrf.as_str()), ("token", token.as_str())];
    let (status, _) = browser
        .post_multipart(
            "/account/identity-document",
            &fields,
            &[("document", "id.gif", "image/jpeg", b"GIF89a....")],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, page) = browser.get(&link).await;
    assert!(
        page.contains("identity-upload\""),
        "nothing was kept: {page}"
    );
    let photo: Vec<u8> = [&[0xFF, 0xD8, 0xFF, 0xE0][..], &[7u8; 2048][..]].concat();
    let (status, _) = browser
        .post_multipart(
            "/account/identity-document",
            &fields,
            &[("document", "id.jpg", "image/jpeg", &photo)],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, page) = browser.get(&link).await;
    assert!(page.contains("identity-upload-done"), "{page}");
    // Too large is refused before anything is kept.
    assert!(
        app.services()
            .upload_identity_document(&token, &vec![0xFF; 6 * 1024 * 1024])
            .await
            .is_err()
    );

    // The agent looks (never cached), records, and the file is gone.
    let (_, checks) = app.get("/api/v1/identity-checks", &agent).await;
    assert_eq!(checks[0]["document"]["status"], "uploaded", "{checks}");
    let response = reqwest::Client::new()
        .get(format!("{}/api/v1/identity-checks/{id}/document", app.url))
        .bearer_auth(&agent)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()["content-type"], "image/jpeg");
    assert_eq!(response.headers()["cache-control"], "no-store");
    assert_eq!(response.bytes().await.unwrap().to_vec(), photo);
    let (status, reviewed) = app
        .post(
            &format!("/api/v1/identity-checks/{id}/document-review"),
            &agent,
            json!({"passed": true, "note": "passport matches"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{reviewed}");
    assert_eq!(reviewed["document"]["status"], "deleted");
    assert_eq!(reviewed["steps"][0]["step"], "document_seen");
    let (status, _) = app
        .get(&format!("/api/v1/identity-checks/{id}/document"), &agent)
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND, "deleted once reviewed");
    // The link took one document.
    assert!(
        app.services()
            .upload_identity_document(&token, &photo)
            .await
            .is_err()
    );
}
