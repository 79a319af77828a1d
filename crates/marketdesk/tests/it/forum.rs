//! The community forum (docs/COMMUNITY.md): threads, replies, votes and an
//! accepted answer over real HTTP; what new members may post; reports that
//! reach the moderation queue and hide a post; moderators' pins, scam
//! alerts, locks, moves, hides and bans; a thread taken to a private
//! ticket; search through the help center's engine; erasure of a member's
//! posts.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::backend_test;
use crate::common::{ADMIN_TOKEN, TestApp};
use crate::fixtures;

async fn put_category(app: &TestApp, token: &str, slug: &str) -> (StatusCode, Value) {
    app.send(
        Method::PUT,
        &format!("/api/v1/forum/categories/{slug}"),
        Some(token),
        Some(&json!({"names": {"en": "Shipping", "es": "Envíos", "zh": "配送"}})),
    )
    .await
}

async fn public(app: &TestApp, path: &str) -> (StatusCode, Value) {
    app.send(Method::GET, path, None, None).await
}

async fn new_thread(app: &TestApp, token: &str, title: &str, body: &str) -> (StatusCode, Value) {
    app.post(
        "/api/v1/forum/threads",
        token,
        json!({"category": "shipping", "title": title, "body": body, "tags": ["Late Delivery", "tracking"]}),
    )
    .await
}

async fn reply(app: &TestApp, token: &str, thread: i64, body: &str) -> (StatusCode, Value) {
    app.post(
        &format!("/api/v1/forum/threads/{thread}/posts"),
        token,
        json!({"body": body}),
    )
    .await
}

/// Waits for the search index to follow the database (a second at most in
/// practice; the bound only stops a broken build from hanging).
async fn search_titles(app: &TestApp, q: &str, expect: bool) -> Vec<String> {
    let mut titles = vec![];
    for _ in 0..100 {
        let (status, found) = public(app, &format!("/api/v1/forum/threads?q={q}")).await;
        assert_eq!(status, StatusCode::OK, "{found}");
        titles = found
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["title"].as_str().unwrap().to_owned())
            .collect();
        if titles.is_empty() != expect {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    titles
}

backend_test!(threads_replies_votes_and_answers, threads_body);
async fn threads_body(app: &TestApp) {
    let (_, supervisor) = fixtures::staff("supervisor", "priya@example.com")
        .with_token(app)
        .await;
    let (_, customer) = fixtures::customer("emily@example.com")
        .with_token(app)
        .await;
    let (_, other) = fixtures::customer("li@example.com").with_token(app).await;
    // Categories are the supervisors'.
    assert_eq!(
        put_category(app, &customer, "shipping").await.0,
        StatusCode::FORBIDDEN
    );
    let (status, bad) = put_category(app, &supervisor, "Bad Slug").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}");
    let (status, category) = put_category(app, &supervisor, "shipping").await;
    assert_eq!(status, StatusCode::OK, "{category}");
    let (_, names) = public(app, "/api/v1/forum/categories?lang=zh").await;
    assert_eq!(names[0]["name"], "配送", "{names}");

    // Only a signed-in person posts.
    let (status, _) = app
        .post_public(
            "/api/v1/forum/threads",
            json!({"category": "shipping", "title": "x", "body": "y"}),
        )
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (status, thread) = new_thread(
        app,
        &customer,
        "Tracking says delivered but nothing arrived",
        "My parcel shows as delivered since yesterday. What should I do?",
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{thread}");
    assert_eq!(thread["tags"], json!(["late-delivery", "tracking"]));
    let id = thread["id"].as_i64().unwrap();
    let (status, answer) = reply(
        app,
        &other,
        id,
        "Check the parcel lockers near you: mine was there.",
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{answer}");
    let answer_id = answer["id"].as_i64().unwrap();

    // Votes: one per person, never on one's own post.
    let vote = |token: String, value: i64| async move {
        app.post(
            &format!("/api/v1/forum/posts/{answer_id}/vote"),
            &token,
            json!({"value": value}),
        )
        .await
    };
    assert_eq!(vote(customer.clone(), 1).await.1["score"], 1);
    assert_eq!(
        vote(customer.clone(), 1).await.1["score"],
        1,
        "counted once"
    );
    assert_eq!(
        vote(other.clone(), 1).await.0,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(
        vote(customer.clone(), 5).await.0,
        StatusCode::UNPROCESSABLE_ENTITY
    );

    // Only the author (or a moderator) accepts, and not the question itself.
    let accept = |token: String, post: i64| async move {
        app.post(
            &format!("/api/v1/forum/threads/{id}/accepted"),
            &token,
            json!({"post_id": post}),
        )
        .await
    };
    assert_eq!(
        accept(other.clone(), answer_id).await.0,
        StatusCode::FORBIDDEN
    );
    let (_, read) = public(app, &format!("/api/v1/forum/threads/{id}")).await;
    let question_id = read["posts"][0]["id"].as_i64().unwrap();
    assert_eq!(
        accept(customer.clone(), question_id).await.0,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    let (status, accepted) = accept(customer.clone(), answer_id).await;
    assert_eq!(status, StatusCode::OK, "{accepted}");
    assert_eq!(accepted["answered"], true);

    // Anyone reads; the reader's own vote shows with a token.
    let (status, read) = public(app, &format!("/api/v1/forum/threads/{id}")).await;
    assert_eq!(status, StatusCode::OK, "{read}");
    assert_eq!(read["posts"].as_array().unwrap().len(), 2);
    assert_eq!(read["posts"][1]["accepted"], true);
    assert_eq!(read["posts"][1]["score"], 1);
    assert_eq!(read["may_reply"], false, "anonymous readers do not reply");
    let (_, mine) = app
        .get(&format!("/api/v1/forum/threads/{id}"), &customer)
        .await;
    assert_eq!(mine["posts"][1]["my_vote"], 1);
    assert_eq!(mine["may_reply"], true);
    let (_, list) = public(app, "/api/v1/forum/threads?tag=tracking").await;
    assert_eq!(list[0]["replies"], 1, "{list}");
    assert_eq!(list[0]["answered"], true);

    // Search finds the thread by words of a reply, in the help center's engine.
    let titles = search_titles(app, "lockers", true).await;
    assert_eq!(titles, vec!["Tracking says delivered but nothing arrived"]);
    let (status, _) = public(app, &format!("/api/v1/forum/threads?q={}", "x".repeat(201))).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let (status, _) = public(app, "/api/v1/forum/threads/999999").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

backend_test!(new_members_are_limited, limits_body);
async fn limits_body(app: &TestApp) {
    let (_, supervisor) = fixtures::staff("supervisor", "priya@example.com")
        .with_token(app)
        .await;
    put_category(app, &supervisor, "shipping").await;
    let (_, newbie) = fixtures::customer("new@example.com").with_token(app).await;
    // A link outside the help center, an image: not for new members.
    let (status, refused) = new_thread(
        app,
        &newbie,
        "Great deals",
        "See https://cheap-deals.example/shoes",
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{refused}");
    assert!(
        refused["detail"].as_str().unwrap().contains("links"),
        "{refused}"
    );
    let (status, refused) = new_thread(
        app,
        &newbie,
        "Photo",
        "<p>look</p><img src=\"https://img.example/a.png\">",
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{refused}");
    // A link to the help center is fine; HTML is sanitized as messages are.
    let help = format!("{}/help/articles/refund-times", app.url);
    let body = format!("<p>Read <a href=\"{help}\">this</a><script>alert(1)</script></p>");
    let (status, thread) = new_thread(app, &newbie, "Refund times", &body).await;
    assert_eq!(status, StatusCode::CREATED, "{thread}");
    let id = thread["id"].as_i64().unwrap();
    let (_, read) = public(app, &format!("/api/v1/forum/threads/{id}")).await;
    let html = read["posts"][0]["html"].as_str().unwrap();
    assert!(html.contains("<a ") && !html.contains("script"), "{html}");
    // Staff are regulars: links are fine.
    let (status, _) = reply(
        app,
        &supervisor,
        id,
        "More at https://carrier.example/track",
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    // Oversized and empty posts, a too-long title: refused, nothing kept.
    let (status, _) = reply(app, &newbie, id, &"x".repeat(10_001)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let (status, _) = reply(app, &newbie, id, "   ").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let (status, _) = new_thread(app, &newbie, &"t".repeat(201), "body").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    // One new thread an hour for a new member.
    let (status, limited) = new_thread(app, &newbie, "Another", "question").await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "{limited}");
    // Five posts an hour in all (the thread above was the first).
    for n in 0..4 {
        let (status, answer) = reply(app, &newbie, id, &format!("more {n}")).await;
        assert_eq!(status, StatusCode::CREATED, "{n}: {answer}");
    }
    let (status, _) = reply(app, &newbie, id, "one too many").await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    let (_, read) = public(app, &format!("/api/v1/forum/threads/{id}")).await;
    assert_eq!(
        read["posts"].as_array().unwrap().len(),
        6,
        "nothing half-saved"
    );
}

fn webhooks(config: &mut marketdesk::config::Config) {
    config.webhook_url = Some("http://127.0.0.1:9/hooks".into());
}

backend_test!(
    moderators_pin_hide_lock_move_and_ban,
    moderation_body,
    super::webhooks
);
async fn moderation_body(app: &TestApp) {
    let (agent_id, agent) = fixtures::staff("agent", "ana@example.com")
        .with_token(app)
        .await;
    let (_, supervisor) = fixtures::staff("supervisor", "priya@example.com")
        .with_token(app)
        .await;
    put_category(app, &supervisor, "shipping").await;
    app.send(
        Method::PUT,
        "/api/v1/forum/categories/safety",
        Some(&supervisor),
        Some(&json!({"names": {"en": "Payments and safety"}})),
    )
    .await;
    let (asker_id, asker) = fixtures::customer("asker@example.com")
        .with_token(app)
        .await;
    let (scammer_id, scammer) = fixtures::customer("scammer@example.com")
        .with_token(app)
        .await;
    let (_, thread) = new_thread(
        app,
        &asker,
        "Seller wants a bank transfer",
        "Is this normal?",
    )
    .await;
    let id = thread["id"].as_i64().unwrap();
    let (_, bad) = reply(
        app,
        &scammer,
        id,
        "Sure, pay me by bank transfer and get 10% off",
    )
    .await;
    let bad_id = bad["id"].as_i64().unwrap();

    // A scam alert from staff, pinned on top.
    let (_, alert) = app
        .post(
            "/api/v1/forum/threads",
            &agent,
            json!({"category": "safety", "title": "Scam alert: pay only at checkout", "body": "Never pay outside checkout."}),
        )
        .await;
    let alert_id = alert["id"].as_i64().unwrap();
    let moderate = |token: String, thread: i64, body: Value| async move {
        app.post(
            &format!("/api/v1/forum/threads/{thread}/moderation"),
            &token,
            body,
        )
        .await
    };
    assert_eq!(
        moderate(asker.clone(), alert_id, json!({"action": "pin"}))
            .await
            .0,
        StatusCode::FORBIDDEN
    );
    let (status, pinned) = moderate(agent.clone(), alert_id, json!({"action": "scam_alert"})).await;
    assert_eq!(status, StatusCode::OK, "{pinned}");
    assert_eq!(pinned["scam_alert"], true);
    reply(app, &asker, id, "bumping my question").await;
    let (_, list) = public(app, "/api/v1/forum/threads").await;
    assert_eq!(list[0]["id"], alert_id, "the alert stays on top: {list}");

    // Reports: each person once; the queue has the post.
    let report = |token: Option<String>, email: Option<&str>| {
        let body = json!({"reason": "off_platform_payment", "details": "asks to pay outside", "email": email});
        async move {
            app.send(
                Method::POST,
                &format!("/api/v1/forum/posts/{bad_id}/reports"),
                token.as_deref(),
                Some(&body),
            )
            .await
        }
    };
    let (status, first) = report(Some(asker.clone()), None).await;
    assert_eq!(status, StatusCode::ACCEPTED, "{first}");
    assert_eq!(report(Some(asker.clone()), None).await.1["counted"], false);
    assert_eq!(
        report(None, None).await.0,
        StatusCode::UNPROCESSABLE_ENTITY,
        "an address for the outcome"
    );
    let (status, queue) = app.get("/api/v1/forum/moderation", &agent).await;
    assert_eq!(status, StatusCode::OK, "{queue}");
    assert_eq!(queue["reported"][0]["post"]["post_id"], bad_id, "{queue}");
    assert_eq!(queue["reported"][0]["reports"], 1);
    assert_eq!(
        app.get("/api/v1/forum/moderation", &asker).await.0,
        StatusCode::FORBIDDEN
    );

    // A takedown hides the post and tells the reporter.
    let item = first["item_id"].as_i64().unwrap();
    let (status, decided) = app
        .post(
            &format!("/api/v1/moderation/{item}/decision"),
            &agent,
            json!({"decision": "takedown"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{decided}");
    let (_, read) = public(app, &format!("/api/v1/forum/threads/{id}")).await;
    let post = read["posts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == bad_id)
        .unwrap()
        .clone();
    assert_eq!(post["hidden"], true, "{read}");
    assert_eq!(post["text"], "", "readers do not see hidden words");
    let (_, as_moderator) = app
        .get(&format!("/api/v1/forum/threads/{id}"), &agent)
        .await;
    let post = as_moderator["posts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == bad_id)
        .unwrap()
        .clone();
    assert!(post["text"].as_str().unwrap().contains("bank transfer"));
    assert_eq!(post["hidden_reason"], "takedown");
    let mail = app
        .services()
        .outbox_for("asker@example.com")
        .await
        .unwrap();
    assert!(
        mail.iter().any(|m| m.purpose == "report_outcome"),
        "{mail:?}"
    );

    // Three people's reports hide a post until a moderator looks.
    let (_, second) = reply(app, &scammer, id, "DM me for a discount").await;
    let second_id = second["id"].as_i64().unwrap();
    for n in 0..3 {
        let (status, _) = app
            .post_public(
                &format!("/api/v1/forum/posts/{second_id}/reports"),
                json!({"reason": "spam", "email": format!("r{n}@example.com")}),
            )
            .await;
        assert_eq!(status, StatusCode::ACCEPTED);
    }
    let (_, read) = public(app, &format!("/api/v1/forum/threads/{id}")).await;
    assert!(
        read["posts"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["id"] == second_id && p["hidden"] == true),
        "{read}"
    );
    // A moderator shows it again.
    let (status, shown) = app
        .post(
            &format!("/api/v1/forum/posts/{second_id}/moderation"),
            &agent,
            json!({"action": "show"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{shown}");

    // A ban stops posting; staff are not banned.
    let (status, _) = app
        .post(
            "/api/v1/forum/bans",
            &agent,
            json!({"person_id": scammer_id, "reason": "off-platform payments", "days": 30}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
    let (status, banned) = reply(app, &scammer, id, "hello again").await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{banned}");
    let (status, _) = app
        .post(
            "/api/v1/forum/bans",
            &supervisor,
            json!({"person_id": agent_id, "reason": "x"}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);

    // Locked: no replies but a moderator's; moved; hidden from readers.
    moderate(agent.clone(), id, json!({"action": "lock"})).await;
    let (status, locked) = reply(app, &asker, id, "still there?").await;
    assert_eq!(status, StatusCode::CONFLICT, "{locked}");
    assert_eq!(
        reply(app, &agent, id, "Closed: see the scam alert.")
            .await
            .0,
        StatusCode::CREATED
    );
    let (_, moved) = moderate(
        agent.clone(),
        id,
        json!({"action": "move", "category": "safety"}),
    )
    .await;
    assert_eq!(moved["category"], "safety");
    assert_eq!(
        moderate(
            agent.clone(),
            id,
            json!({"action": "move", "category": "nowhere"})
        )
        .await
        .0,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    moderate(agent.clone(), id, json!({"action": "hide"})).await;
    assert_eq!(
        public(app, &format!("/api/v1/forum/threads/{id}")).await.0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get(&format!("/api/v1/forum/threads/{id}"), &agent)
            .await
            .0,
        StatusCode::OK
    );
    moderate(agent.clone(), id, json!({"action": "show"})).await;

    // The author takes it to a private ticket; someone else may not.
    let (_, intruder) = fixtures::customer("intruder@example.com")
        .with_token(app)
        .await;
    fixtures::order("SO-1001", asker_id)
        .line(2500, 1)
        .insert(app)
        .await;
    let path = format!("/api/v1/forum/threads/{id}/escalation");
    assert_eq!(
        app.post(&path, &intruder, json!({})).await.0,
        StatusCode::FORBIDDEN
    );
    let (status, escalated) = app
        .post(&path, &asker, json!({"order_number": "SO-1001"}))
        .await;
    assert_eq!(status, StatusCode::OK, "{escalated}");
    let reference = escalated["ticket"].as_str().unwrap().to_owned();
    let (_, again) = app.post(&path, &asker, json!({})).await;
    assert_eq!(again["ticket"], reference, "one ticket");
    let (_, tickets) = app.get("/api/v1/tickets", &asker).await;
    let ticket = tickets["items"][0].clone();
    assert_eq!(ticket["requester"]["id"], asker_id, "{ticket}");
    assert!(
        ticket["tags"]
            .as_array()
            .unwrap()
            .iter()
            .any(|t| t == "community"),
        "{ticket}"
    );
    let (_, read) = app
        .get(&format!("/api/v1/forum/threads/{id}"), &asker)
        .await;
    assert_eq!(read["ticket"], reference);
    assert_eq!(read["thread"]["locked"], true);
    let (_, read) = public(app, &format!("/api/v1/forum/threads/{id}")).await;
    assert_eq!(read["ticket"], Value::Null, "others do not see the ticket");

    // Erasure blanks a member's posts; the thread stays.
    let (status, asked) = app
        .post(
            "/api/v1/me/privacy-requests",
            &scammer,
            json!({"kind": "erasure"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{asked}");
    let (status, _) = app
        .post(
            &format!("/api/v1/privacy-requests/{}/erasure", asked["id"]),
            ADMIN_TOKEN,
            json!({}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let (_, read) = app
        .get(&format!("/api/v1/forum/threads/{id}"), &agent)
        .await;
    assert!(
        read["posts"]
            .as_array()
            .unwrap()
            .iter()
            .all(|p| !p["text"].as_str().unwrap().contains("bank transfer")),
        "{read}"
    );
}
