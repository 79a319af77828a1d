//! Suspicious activity (docs/TRUST.md): a signal from the platform asks the
//! customer "was this you?"; opening the link changes nothing; "no" locks
//! the account, asks the platform to freeze it, opens an urgent ticket with
//! the signals and an identity check; two right answers, one about the
//! orders, let a supervisor give the account back.

use reqwest::StatusCode;
use serde_json::json;

use crate::backend_test;
use crate::common::{ADMIN_TOKEN, TestApp};
use crate::fixtures;
use crate::web::{Browser, hidden, signed_in};

fn webhooks(config: &mut marketdesk::config::Config) {
    config.webhook_url = Some("http://127.0.0.1:9/hooks".into());
}

/// The "was this you?" link in the newest signal mail to `email`.
async fn signal_link(app: &TestApp, email: &str) -> String {
    let mail = app.services().outbox_for(email).await.unwrap();
    let body = &mail
        .iter()
        .filter(|m| m.purpose == "account_signal")
        .max_by_key(|m| m.id)
        .expect("a signal mail")
        .body_text;
    let start = body.find("/account/signal?token=").expect("the link");
    body[start..].split_whitespace().next().unwrap().to_string()
}

backend_test!(
    a_signal_the_customer_denies_locks_the_account_until_checked,
    signal_body,
    super::webhooks
);
async fn signal_body(app: &TestApp) {
    let (customer_id, customer) = fixtures::customer("nadia@example.com")
        .language("es")
        .with_token(app)
        .await;
    fixtures::order("SO-660001", customer_id)
        .line(3000, 1)
        .insert(app)
        .await;
    let (status, signal) = app
        .post(
            "/api/v1/ingest/account-signals",
            ADMIN_TOKEN,
            json!({"email": "nadia@example.com", "kind": "new_country", "detail": "Lagos, Nigeria — Chrome on Windows"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{signal}");
    let (status, _) = app
        .post(
            "/api/v1/ingest/account-signals",
            ADMIN_TOKEN,
            json!({"email": "nobody@example.com", "kind": "new_device"}),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let mail = app
        .services()
        .outbox_for("nadia@example.com")
        .await
        .unwrap();
    assert!(
        mail.iter().any(|m| m.subject == "¿Fuiste tú?"),
        "in her language: {mail:?}"
    );
    let link = signal_link(app, "nadia@example.com").await;

    // Opening the link (a mail scanner would) records nothing.
    let mut browser = Browser::new(app);
    let (_, page) = browser.get(&format!("{link}&lang=es")).await;
    assert!(
        page.contains("Lagos, Nigeria") && page.contains("signal-no"),
        "{page}"
    );
    let (_, again) = browser.get(&link).await;
    assert!(again.contains("signal-no"), "still unanswered: {again}");
    assert_eq!(app.get("/api/v1/me", &customer).await.0, StatusCode::OK);

    // "No": locked, the platform asked, an urgent ticket, an identity check.
    let csrf = hidden(&page, "_csrf");
    let token = link.split("token=").nth(1).unwrap();
    let (status, _, _) = browser
        .post(
            "/account/signal",
            &[("_csrf", &csrf), ("token", token), ("answer", "no")],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, page) = browser.get(&link).await;
    assert!(page.contains("signal-outcome"), "answered once: {page}");
    assert_eq!(
        app.get("/api/v1/me", &customer).await.0,
        StatusCode::UNAUTHORIZED
    );
    let (_, agent) = fixtures::staff("agent", "ana@example.com")
        .with_token(app)
        .await;
    let (_, list) = app
        .get("/api/v1/tickets?tag=suspicious_activity", &agent)
        .await;
    let ticket = &list["items"][0];
    assert_eq!(ticket["priority"], "urgent", "{list}");
    let (_, log) = app
        .get("/api/v1/webhooks/deliveries?limit=100", ADMIN_TOKEN)
        .await;
    assert!(
        log.to_string().contains("account.freeze_requested"),
        "{log}"
    );
    let (_, checks) = app.get("/api/v1/identity-checks", &agent).await;
    let check = checks[0]["id"].as_i64().unwrap();
    assert_eq!(checks[0]["person_id"], customer_id);

    // An agent asks; one right answer is not enough.
    let step = |body: serde_json::Value| {
        let path = format!("/api/v1/identity-checks/{check}/steps");
        let agent = agent.clone();
        async move { app.post(&path, &agent, body).await }
    };
    step(json!({"step": "past_order", "passed": true, "note": "SO-660001, 30.00"})).await;
    let decide = format!("/api/v1/identity-checks/{check}/decision");
    let (_, lead) = fixtures::staff("supervisor", "sam@example.com")
        .with_token(app)
        .await;
    let (status, refused) = app.post(&decide, &lead, json!({"passed": true})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{refused}");
    assert_eq!(
        app.post(&decide, &agent, json!({"passed": true})).await.0,
        StatusCode::FORBIDDEN
    );
    let (_, passes) = step(json!({"step": "document_seen", "passed": true})).await;
    assert_eq!(passes["passes"], true, "{passes}");
    let (status, decided) = app.post(&decide, &lead, json!({"passed": true})).await;
    assert_eq!(status, StatusCode::OK, "{decided}");
    assert_eq!(decided["status"], "passed");
    assert_eq!(
        app.post(&decide, &lead, json!({"passed": false})).await.0,
        StatusCode::CONFLICT
    );
    // Given back: a new sign-in works (the frozen session was ended).
    let (status, _) = app
        .post_public(
            "/api/v1/auth/magic-link",
            json!({"email": "nadia@example.com"}),
        )
        .await;
    assert_eq!(status, StatusCode::ACCEPTED);
    assert!(log.to_string().contains("account.freeze_requested"));
    let (_, log) = app
        .get("/api/v1/webhooks/deliveries?limit=100", ADMIN_TOKEN)
        .await;
    assert!(
        log.to_string().contains("account.unfreeze_requested"),
        "{log}"
    );
}

backend_test!(the_workspace_runs_the_identity_check, pages_body);
async fn pages_body(app: &TestApp) {
    fixtures::customer("omar@example.com").create(app).await;
    fixtures::staff("supervisor", "sam@example.com")
        .create(app)
        .await;
    app.post("/api/v1/ingest/account-signals", ADMIN_TOKEN, json!({"email": "omar@example.com", "kind": "payout_changed", "detail": "IBAN ending 0000"}))
        .await;
    let link = signal_link(app, "omar@example.com").await;
    let mut browser = Browser::new(app);
    let (_, page) = browser.get(&link).await;
    let token = link.split("token=").nth(1).unwrap();
    browser
        .post(
            "/account/signal",
            &[
                ("_csrf", &hidden(&page, "_csrf")),
                ("token", token),
                ("answer", "no"),
            ],
        )
        .await;

    let mut lead = signed_in(app, "sam@example.com").await;
    let (_, page) = lead.get("/agent/identity-checks?lang=en").await;
    assert!(
        page.contains("identity-check") && page.contains("A past order"),
        "{page}"
    );
    assert!(!page.contains("give-back"), "not yet passing: {page}");
    let action = page
        .split("class=\"inline step-form\" method=\"post\" action=\"")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .unwrap()
        .to_string();
    let csrf = hidden(&page, "_csrf");
    lead.post(
        &action,
        &[
            ("_csrf", &csrf),
            ("step", "delivery_postcode"),
            ("passed", "yes"),
            ("note", "28013"),
        ],
    )
    .await;
    lead.post(
        &action,
        &[
            ("_csrf", &csrf),
            ("step", "payment_card"),
            ("passed", "yes"),
            ("note", "4242"),
        ],
    )
    .await;
    let (_, page) = lead.get("/agent/identity-checks").await;
    assert!(
        page.contains("give-back") && page.contains("28013"),
        "{page}"
    );
    let decide = action.replace("/steps", "/decision");
    lead.post(&decide, &[("_csrf", &csrf), ("passed", "yes")])
        .await;
    let (_, page) = lead.get("/agent/identity-checks").await;
    assert!(page.contains("identity-none"), "{page}");
}

backend_test!(
    the_chat_asks_was_this_you_and_no_locks_the_account,
    chat_signal_body,
    super::webhooks
);
async fn chat_signal_body(app: &TestApp) {
    use marketdesk_domain::commerce::OrderStatus;
    let (customer_id, customer) = fixtures::customer("sofia@example.es")
        .language("es")
        .with_token(app)
        .await;
    fixtures::order("SO-240901", customer_id)
        .status(OrderStatus::Shipped)
        .line(4500, 1)
        .captured()
        .insert(app)
        .await;
    // Known in the chat once her order is verified.
    let (chat, _) = crate::chat::Chat::start(app, "es").await;
    chat.say("¿Dónde está mi pedido SO-240901?").await;
    let tracked = chat.say("sofia@example.es").await;
    assert!(tracked.last().unwrap().contains("en camino"), "{tracked:?}");
    // The platform reports a sign-in from a new country: the chat asks too,
    // with the answers as buttons, in her language.
    let (status, _) = app
        .post(
            "/api/v1/ingest/account-signals",
            ADMIN_TOKEN,
            json!({"email": "sofia@example.es", "kind": "new_country", "detail": "Lagos, Nigeria"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
    let lines = chat.since(0).await;
    let asked = lines.last().unwrap();
    assert!(
        asked["body"].as_str().unwrap().contains("¿Fuiste tú?"),
        "{asked}"
    );
    assert_eq!(
        asked["choices"],
        json!(["Sí, fui yo", "No, no fui yo"]),
        "{asked}"
    );
    // Asked once per signal.
    let again = chat.since(0).await;
    assert_eq!(again.len(), lines.len());
    // Something else first: asked again with the buttons.
    let unclear = chat.say("¿qué?").await;
    assert!(unclear.last().unwrap().contains("botones"), "{unclear:?}");
    // "No": locked, an urgent ticket and an identity check, as by the link.
    let answered = chat.say("No, no fui yo").await;
    assert!(
        answered.last().unwrap().contains("Bloqueamos"),
        "{answered:?}"
    );
    assert_eq!(
        app.get("/api/v1/me", &customer).await.0,
        StatusCode::UNAUTHORIZED
    );
    let (_, agent) = fixtures::staff("agent", "ana@example.com")
        .with_token(app)
        .await;
    let (_, list) = app
        .get("/api/v1/tickets?tag=suspicious_activity", &agent)
        .await;
    assert_eq!(list["items"][0]["priority"], "urgent", "{list}");
    let (_, checks) = app.get("/api/v1/identity-checks", &agent).await;
    assert_eq!(checks[0]["person_id"], customer_id);
    // The chat no longer acts for the locked account.
    let after = chat.say("¿Dónde está mi pedido?").await;
    assert!(!after.iter().any(|l| l.contains("en camino")), "{after:?}");
}
