//! The limits on the public doors: one set of counters in the database,
//! shared by the API, the portal and the chat; bounded whatever is sent; and
//! never a dead end for the rightful owner (a sign-in link, an unlock link).

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::backend_test;
use crate::chat::Chat;
use crate::common::TestApp;
use crate::fixtures;
use crate::web::{Browser, hidden};

/// The resident memory of this process (the server runs inside it), in bytes.
fn resident_bytes() -> u64 {
    let statm = std::fs::read_to_string("/proc/self/statm").unwrap_or_default();
    let pages: u64 = statm
        .split_whitespace()
        .nth(1)
        .and_then(|p| p.parse().ok())
        .unwrap_or(0);
    pages * 4096
}

async fn order_access(app: &TestApp, number: &str, email: &str) -> (StatusCode, Value) {
    app.post_public(
        "/api/v1/auth/order-access",
        json!({"order_number": number, "email": email}),
    )
    .await
}

backend_test!(a_flood_of_oversized_sign_ins_stores_nothing, oversized_body);
async fn oversized_body(app: &TestApp) {
    let before = resident_bytes();
    // 400 bodies of 1 MB: refused by the body limit of the anonymous doors.
    let huge =
        json!({"order_number": "S".repeat(1024 * 1024), "email": "a@example.com"}).to_string();
    let mut refused = 0;
    // A client of its own: connections the server closes mid-body must not
    // be reused by the requests that follow.
    let flood = reqwest::Client::builder()
        .pool_max_idle_per_host(0)
        .build()
        .unwrap();
    for _ in 0..400 {
        let sent = flood
            .post(format!("{}/api/v1/auth/order-access", app.url))
            .header("content-type", "application/json")
            .body(huge.clone())
            .send()
            .await;
        // The server may close the connection before the whole body is sent.
        if let Ok(response) = sent {
            assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
            let problem: Value = response.json().await.unwrap();
            assert_eq!(problem["code"], "payload_too_large");
            refused += 1;
        }
    }
    assert!(refused >= 200, "only {refused} answers");
    // Under the body limit but longer than any order number: 422 before anything is counted.
    for _ in 0..200 {
        let (status, problem) = order_access(app, &"S".repeat(10_000), "a@example.com").await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
        assert_eq!(problem["code"], "invalid_value");
    }
    assert_eq!(app.services().rate_limit_rows().await.unwrap(), 0);
    // The portal's form is bounded the same way.
    let mut browser = Browser::new(app);
    let (_, form) = browser.get("/orders/lookup").await;
    let csrf = hidden(&form, "_csrf");
    let long = "S".repeat(1024 * 1024);
    for _ in 0..20 {
        let (status, _, _) = browser
            .post(
                "/orders/lookup",
                &[
                    ("_csrf", &csrf),
                    ("order_number", &long),
                    ("email", "a@example.com"),
                ],
            )
            .await;
        assert_eq!(status, StatusCode::OK);
    }
    assert_eq!(app.services().rate_limit_rows().await.unwrap(), 0);
    // Valid-looking junk is counted in fixed-size rows, and the per-client
    // limit stops adding rows: 1 for the client, 20 per email and per number.
    for i in 0..100 {
        order_access(
            app,
            &format!("SO-{i:0>61}"),
            &format!("junk{i}@example.com"),
        )
        .await;
    }
    let rows = app.services().rate_limit_rows().await.unwrap();
    assert!(rows <= 41, "{rows} counters");
    let grown = resident_bytes().saturating_sub(before);
    assert!(
        grown < 160 * 1024 * 1024,
        "resident memory grew by {} MB",
        grown / (1024 * 1024)
    );
}

backend_test!(one_email_cannot_walk_through_order_numbers, per_email_body);
async fn per_email_body(app: &TestApp) {
    let (customer, _) = fixtures::customer("ana@example.com").with_token(app).await;
    fixtures::tee_order("SO-240150", customer).insert(app).await;
    // "No such order" and "not your order" answer the same.
    let (_, unknown) = order_access(app, "SO-999999", "ana@example.com").await;
    let (other, _) = fixtures::customer("ben@example.com").with_token(app).await;
    fixtures::tee_order("SO-240999", other).insert(app).await;
    let (_, not_hers) = order_access(app, "SO-240999", "ana@example.com").await;
    assert_eq!(unknown, not_hers);
    assert_eq!(unknown["code"], "invalid_credentials");
    // Eight more guesses with the known email, each a different order number.
    for n in 240101..240109 {
        let (status, _) = order_access(app, &format!("SO-{n}"), "ana@example.com").await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
    }
    // Ten failures for this email: even her real order waits now...
    let (status, problem) = order_access(app, "SO-240150", "ana@example.com").await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "{problem}");
    assert_eq!(problem["code"], "rate_limited");
    // ...and the answer shows her the way in that does not wait.
    assert_eq!(problem["sign_in_link"]["method"], "POST");
    assert_eq!(problem["sign_in_link"]["href"], "/api/v1/auth/magic-link");
    let (status, _) = app
        .post_public(
            "/api/v1/auth/magic-link",
            json!({"email": "ana@example.com"}),
        )
        .await;
    assert_eq!(status, StatusCode::ACCEPTED);
    let mail = app.services().outbox_for("ana@example.com").await.unwrap();
    assert_eq!(mail.len(), 1);
    let token = mail[0]
        .body_text
        .split("token=")
        .nth(1)
        .unwrap()
        .split_whitespace()
        .next()
        .unwrap()
        .to_string();
    let (status, grant) = app
        .post_public("/api/v1/auth/magic-link/redeem", json!({"token": token}))
        .await;
    assert_eq!(status, StatusCode::OK, "{grant}");
    assert_eq!(
        app.get("/api/v1/orders/SO-240150", grant["token"].as_str().unwrap())
            .await
            .0,
        StatusCode::OK
    );
    // The limit is per email: another customer's order is not affected.
    let (status, _) = order_access(app, "SO-240999", "ben@example.com").await;
    assert_eq!(status, StatusCode::OK);
}

backend_test!(one_client_cannot_walk_through_emails, per_client_body);
async fn per_client_body(app: &TestApp) {
    let (customer, _) = fixtures::customer("cleo@example.com").with_token(app).await;
    fixtures::tee_order("SO-250001", customer).insert(app).await;
    // Twenty failures from this address, each with another email and number.
    for i in 0..20 {
        let (status, _) = order_access(
            app,
            &format!("SO-26{i:0>4}"),
            &format!("guess{i}@example.com"),
        )
        .await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
    }
    let (status, problem) = order_access(app, "SO-250001", "cleo@example.com").await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "{problem}");
    assert_eq!(problem["sign_in_link"]["href"], "/api/v1/auth/magic-link");
    // The portal answers the same way, with a form that mails a sign-in link.
    let mut browser = Browser::new(app);
    let (_, form) = browser.get("/orders/lookup?lang=es").await;
    let csrf = hidden(&form, "_csrf");
    let (status, _, page) = browser
        .post(
            "/orders/lookup",
            &[
                ("_csrf", &csrf),
                ("order_number", "SO-250001"),
                ("email", "cleo@example.com"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    assert!(page.contains("enlace para entrar por correo"), "{page}");
    assert!(page.contains("action=\"/signin\""), "{page}");
    let (_, location, _) = browser
        .post(
            "/signin",
            &[("_csrf", &csrf), ("email", "cleo@example.com")],
        )
        .await;
    assert_eq!(location.as_deref(), Some("/signin"));
    let mail = app.services().outbox_for("cleo@example.com").await.unwrap();
    assert_eq!(mail.len(), 1, "the sign-in link was mailed");
}

backend_test!(
    the_chat_and_the_api_share_one_count_of_failures,
    chat_shares_body
);
async fn chat_shares_body(app: &TestApp) {
    let (customer, _) = fixtures::customer("dana@example.com").with_token(app).await;
    fixtures::tee_order("SO-270001", customer).insert(app).await;
    // Five wrong order numbers through five fresh chats...
    for n in 0..5 {
        let chat = Chat::try_start(app, "en").await.unwrap().0;
        let answer = chat
            .say(&format!(
                "Where is my order SO-27100{n}? My email is dana@example.com"
            ))
            .await
            .join("\n");
        assert!(answer.contains("do not match"), "{answer}");
    }
    // ...and five through the API: ten for this email.
    for n in 5..10 {
        let (status, _) = order_access(app, &format!("SO-27100{n}"), "dana@example.com").await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
    }
    let (status, _) = order_access(app, "SO-270001", "dana@example.com").await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    // The chat now refuses the real pair too, and offers a sign-in link.
    let chat = Chat::try_start(app, "en").await.unwrap().0;
    let answer = chat
        .say("Where is my order SO-270001? My email is dana@example.com")
        .await
        .join("\n");
    assert!(answer.contains("sign-in link"), "{answer}");
    let answer = chat.say("dana@example.com").await.join("\n");
    assert!(answer.contains("a sign-in link is on its way"), "{answer}");
    let mail = app.services().outbox_for("dana@example.com").await.unwrap();
    assert_eq!(mail.len(), 1);
}

backend_test!(chat_starts_are_limited_per_client, chat_starts_body);
async fn chat_starts_body(app: &TestApp) {
    for _ in 0..30 {
        assert!(Chat::try_start(app, "en").await.is_ok());
    }
    let response = app
        .client
        .post(format!("{}/chat/start", app.url))
        .header("X-Requested-With", "test")
        .header("Accept-Language", "zh-CN")
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
    let body: Value = response.json().await.unwrap();
    assert!(body["error"].as_str().unwrap().contains("请稍等"), "{body}");
}

fn unlock_token(body: &str) -> String {
    body.split("/auth/unlock?token=")
        .nth(1)
        .unwrap()
        .split_whitespace()
        .next()
        .unwrap()
        .to_string()
}

backend_test!(
    a_locked_staff_member_unlocks_with_a_mailed_link_once,
    unlock_body
);
async fn unlock_body(app: &TestApp) {
    fixtures::staff("agent", "eve@example.com")
        .with_token(app)
        .await;
    let login = |email: &'static str, password: &'static str| {
        app.post_public(
            "/api/v1/auth/login",
            json!({"email": email, "password": password}),
        )
    };
    for _ in 0..10 {
        assert_eq!(
            login("eve@example.com", "not-the-password").await.0,
            StatusCode::UNAUTHORIZED
        );
        assert_eq!(
            login("nobody@example.com", "not-the-password").await.0,
            StatusCode::UNAUTHORIZED
        );
    }
    for _ in 0..3 {
        let (status, problem) = login("eve@example.com", "a-long-enough-password").await;
        assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(problem["code"], "rate_limited");
        assert!(problem["detail"].as_str().unwrap().contains("unlock"));
        // The same words for an address that has no account.
        let (_, unknown) = login("nobody@example.com", "a-long-enough-password").await;
        // (The two windows may be a second apart under load: compare the
        // words, not the seconds left.)
        let words = |v: &Value| {
            v.as_str()
                .unwrap_or_default()
                .chars()
                .filter(|c| !c.is_ascii_digit())
                .collect::<String>()
        };
        assert_eq!(words(&unknown["detail"]), words(&problem["detail"]));
    }
    // One unlock mail per lock, only to a real staff account.
    let mail = app.services().outbox_for("eve@example.com").await.unwrap();
    assert_eq!(mail.len(), 1);
    assert!(
        app.services()
            .outbox_for("nobody@example.com")
            .await
            .unwrap()
            .is_empty()
    );
    let token = unlock_token(&mail[0].body_text);
    let path = format!("/auth/unlock?token={token}");

    // Scanners open links: GET and HEAD do not use it up.
    let mut browser = Browser::new(app);
    let head = app
        .client
        .head(format!("{}{path}", app.url))
        .send()
        .await
        .unwrap();
    assert_eq!(head.status(), StatusCode::OK);
    // The page carries the secret in its address: never cached, and it shows
    // no workspace links to someone not signed in.
    assert_eq!(head.headers()["cache-control"], "no-store");
    browser.get(&path).await;
    let (status, page) = browser.get(&path).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("id=\"unlock\""), "{page}");
    assert!(!page.contains("href=\"/agent/approvals\""), "{page}");
    assert_eq!(
        login("eve@example.com", "a-long-enough-password").await.0,
        StatusCode::TOO_MANY_REQUESTS,
        "still locked until the button is pressed"
    );
    // A forged form does nothing.
    let (status, _, _) = browser
        .post("/auth/unlock", &[("_csrf", "forged"), ("token", &token)])
        .await;
    assert_eq!(status, StatusCode::OK);
    let csrf = hidden(&page, "_csrf");
    let (_, location, _) = browser
        .post("/auth/unlock", &[("_csrf", &csrf), ("token", &token)])
        .await;
    assert_eq!(location.as_deref(), Some("/agent/login"));
    let (status, grant) = login("eve@example.com", "a-long-enough-password").await;
    assert_eq!(status, StatusCode::OK, "{grant}");
    // Exactly once.
    let (status, _, page) = browser
        .post("/auth/unlock", &[("_csrf", &csrf), ("token", &token)])
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(!page.contains("id=\"unlock\""), "{page}");
    let (_, page) = browser.get(&path).await;
    assert!(!page.contains("id=\"unlock\""), "{page}");
}

async fn freeze(app: &TestApp, person_id: i64) {
    let mut tx = app.services().raw_store().begin().await.unwrap();
    marketdesk_store::requests::set_frozen(&mut tx, person_id, Some(marketdesk_service::now_ms()))
        .await
        .unwrap();
    tx.commit().await.unwrap();
}

backend_test!(frozen_accounts_are_refused_at_sign_in, frozen_body);
async fn frozen_body(app: &TestApp) {
    let (customer, _) = fixtures::customer("fay@example.com").with_token(app).await;
    fixtures::tee_order("SO-280001", customer).insert(app).await;
    let (status, _) = app
        .post_public(
            "/api/v1/auth/magic-link",
            json!({"email": "fay@example.com"}),
        )
        .await;
    assert_eq!(status, StatusCode::ACCEPTED);
    let mail = app.services().outbox_for("fay@example.com").await.unwrap();
    let token = mail[0]
        .body_text
        .split("token=")
        .nth(1)
        .unwrap()
        .split_whitespace()
        .next()
        .unwrap()
        .to_string();
    freeze(app, customer).await;

    let (status, problem) = order_access(app, "SO-280001", "fay@example.com").await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{problem}");
    assert_eq!(problem["code"], "account_frozen");
    // A wrong email learns nothing about the account.
    let (status, _) = order_access(app, "SO-280001", "not-fay@example.com").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (status, problem) = app
        .post_public("/api/v1/auth/magic-link/redeem", json!({"token": token}))
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{problem}");
    assert_eq!(problem["code"], "account_frozen");

    let (agent, _) = fixtures::staff("agent", "gus@example.com")
        .with_token(app)
        .await;
    freeze(app, agent).await;
    let (status, problem) = app
        .post_public(
            "/api/v1/auth/login",
            json!({"email": "gus@example.com", "password": "a-long-enough-password"}),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{problem}");
    assert_eq!(problem["code"], "account_frozen");

    // The portal says so in the reader's language.
    let mut browser = Browser::new(app);
    let (_, form) = browser.get("/orders/lookup?lang=zh-CN").await;
    let csrf = hidden(&form, "_csrf");
    let (status, _, page) = browser
        .post(
            "/orders/lookup",
            &[
                ("_csrf", &csrf),
                ("order_number", "SO-280001"),
                ("email", "fay@example.com"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(page.contains("该账户因安全审查已被冻结"), "{page}");
}

backend_test!(
    a_burst_of_parallel_guesses_does_not_pass_the_limit_together,
    burst_body
);
async fn burst_body(app: &TestApp) {
    let mut burst = tokio::task::JoinSet::new();
    for n in 0..40 {
        let (client, url) = (app.client.clone(), app.url.clone());
        burst.spawn(async move {
            client
                .post(format!("{url}/api/v1/auth/order-access"))
                .json(&json!({"order_number": format!("SO-29{n:0>4}"), "email": "hal@example.com"}))
                .send()
                .await
                .unwrap()
                .status()
        });
    }
    let mut judged = 0;
    let mut refused = 0;
    while let Some(status) = burst.join_next().await {
        match status.unwrap() {
            StatusCode::UNAUTHORIZED => judged += 1,
            StatusCode::TOO_MANY_REQUESTS => refused += 1,
            other => panic!("{other}"),
        }
    }
    // Ten failures per email, however many arrive at once.
    assert_eq!((judged, refused), (10, 30));
}

backend_test!(
    one_client_cannot_spray_passwords_across_accounts,
    spray_body
);
async fn spray_body(app: &TestApp) {
    fixtures::staff("agent", "real@example.com")
        .with_token(app)
        .await;
    let login = |email: String, password: &'static str| async move {
        app.post_public(
            "/api/v1/auth/login",
            json!({"email": email, "password": password}),
        )
        .await
    };
    // One wrong password on each of 30 accounts: each account is far from
    // its own limit, but the address has used up its allowance.
    for i in 0..30 {
        let (status, _) = login(format!("staff{i}@example.com"), "Winter2026!!").await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
    }
    let (status, problem) = login("staff99@example.com".into(), "Winter2026!!").await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "{problem}");
    // The real owner behind the same address is refused too, but is mailed
    // an unlock link; used from that address, it lets them in.
    let (status, _) = login("real@example.com".into(), "a-long-enough-password").await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    let mail = app.services().outbox_for("real@example.com").await.unwrap();
    assert_eq!(mail.len(), 1, "one unlock mail");
    let token = unlock_token(&mail[0].body_text);
    let mut browser = Browser::new(app);
    let (_, page) = browser.get(&format!("/auth/unlock?token={token}")).await;
    let csrf = hidden(&page, "_csrf");
    let (status, _, _) = browser
        .post("/auth/unlock", &[("_csrf", &csrf), ("token", &token)])
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (status, grant) = login("real@example.com".into(), "a-long-enough-password").await;
    assert_eq!(status, StatusCode::OK, "{grant}");
}

backend_test!(every_ended_counter_is_expired, expiry_body);
async fn expiry_body(app: &TestApp) {
    // Counters of limits made at run time or not listed for the job (a
    // report's, a forum member's) ended long ago: the job deletes them, so
    // the shared table never fills up and locks everyone out.
    let day_ago = marketdesk_service::now_ms() - 25 * 60 * 60 * 1000;
    {
        let mut tx = app.services().raw_store().begin().await.unwrap();
        for name in ["report_email", "forum_post", "password_reset"] {
            marketdesk_store::limits::hit(&mut tx, name, "k", day_ago, 60 * 60 * 1000, 1_000)
                .await
                .unwrap();
        }
        tx.commit().await.unwrap();
    }
    assert_eq!(app.services().rate_limit_rows().await.unwrap(), 3);
    app.services().expire_rate_limits().await.unwrap();
    assert_eq!(app.services().rate_limit_rows().await.unwrap(), 0);
}
