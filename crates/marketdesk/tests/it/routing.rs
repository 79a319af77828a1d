//! Routing through the real API: presence, skills and capacity decide who
//! takes a chat hand-over; coming online and freeing up pull waiting
//! tickets; idle agents turn away; teams overflow; bad settings refused.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::backend_test;
use crate::chat::Chat;
use crate::common::{ADMIN_TOKEN, TestApp};
use crate::fixtures;

async fn put(app: &TestApp, path: &str, token: &str, body: Value) -> (StatusCode, Value) {
    app.send(Method::PUT, path, Some(token), Some(&body)).await
}

async fn online(app: &TestApp, token: &str) {
    let (status, presence) = put(
        app,
        "/api/v1/me/presence",
        token,
        json!({"status": "online"}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{presence}");
    assert_eq!(presence["effective"], "online");
}

/// A Chinese chat about a refund, handed to a person; answers the ticket.
async fn chinese_refund_hand_over(app: &TestApp, email: &str) -> Value {
    let (chat, _) = Chat::try_start(app, "zh").await.expect("the chat starts");
    chat.say("我想申请退款").await;
    chat.say("我要人工客服").await;
    let handed = chat.say(email).await;
    let reply = handed.last().expect("a reply");
    let reference = reply
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
        .find(|w| w.starts_with("MD-"))
        .unwrap_or_else(|| panic!("a ticket reference in {reply}"))
        .to_string();
    let (_, list) = app
        .get("/api/v1/tickets?channel=chat&limit=100", ADMIN_TOKEN)
        .await;
    list["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|t| t["reference"] == reference.as_str())
        .unwrap_or_else(|| panic!("{reference} in {list}"))
        .clone()
}

backend_test!(
    a_chinese_refund_chat_goes_to_the_online_chinese_agent_who_handles_refunds,
    chinese_refund_body
);
async fn chinese_refund_body(app: &TestApp) {
    let (refunds, refunds_token) = fixtures::staff("agent", "chen@example.com")
        .named("陈静")
        .language("zh")
        .with_token(app)
        .await;
    let (generalist, generalist_token) = fixtures::staff("agent", "wang@example.com")
        .named("王浩")
        .language("zh")
        .with_token(app)
        .await;
    let (_, spanish_token) = fixtures::staff("agent", "ana@example.com")
        .language("es")
        .with_token(app)
        .await;
    let (status, set) = put(
        app,
        &format!("/api/v1/agents/{refunds}/routing"),
        ADMIN_TOKEN,
        json!({
            "skills": [
                {"kind": "language", "value": "zh", "level": 3},
                {"kind": "topic", "value": "get_refund", "level": 3}
            ],
            "capacity": {"chat": 1}
        }),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{set}");
    assert_eq!(set["capacity"]["chat"], 1);
    assert_eq!(set["capacity"]["email"], 10, "the policy's default");
    online(app, &refunds_token).await;
    online(app, &spanish_token).await;
    // The generalist speaks Chinese too, but is offline.

    let first = chinese_refund_hand_over(app, "buyer1@example.cn").await;
    assert_eq!(first["intent"], "get_refund", "{first}");
    assert_eq!(first["assignee"]["id"], refunds, "{first}");
    let (status, why) = app
        .get(
            &format!("/api/v1/tickets/{}/routing", first["id"]),
            &refunds_token,
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let reasons = why["reasons"].as_array().expect("reasons");
    assert!(
        reasons.contains(&json!({"reason": "speaks", "language": "zh", "level": 3})),
        "{why}"
    );
    assert!(
        reasons.contains(&json!({"reason": "handles", "topic": "get_refund", "level": 3})),
        "{why}"
    );
    assert!(
        reasons
            .contains(&json!({"reason": "has_room", "open": 0, "capacity": 1, "channel": "chat"})),
        "{why}"
    );

    // Full: the next Chinese chat waits, though the Spanish agent is free.
    let second = chinese_refund_hand_over(app, "buyer2@example.cn").await;
    assert!(second["assignee"].is_null(), "{second}");
    // The generalist (room for one chat) comes online and takes it.
    let (status, _) = put(
        app,
        &format!("/api/v1/agents/{generalist}/routing"),
        ADMIN_TOKEN,
        json!({"capacity": {"chat": 1}}),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    online(app, &generalist_token).await;
    let (_, second) = app
        .get(&format!("/api/v1/tickets/{}", second["id"]), ADMIN_TOKEN)
        .await;
    assert_eq!(second["assignee"]["id"], generalist, "{second}");

    // A third waits until the refunds agent frees up: an answer keeps the
    // chat theirs, solving it makes room.
    let third = chinese_refund_hand_over(app, "buyer3@example.cn").await;
    assert!(third["assignee"].is_null(), "{third}");
    let (status, _) = app
        .post(
            &format!("/api/v1/tickets/{}/messages", first["id"]),
            &refunds_token,
            json!({"body": "您好，我来处理您的退款。"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
    let (_, still) = app
        .get(&format!("/api/v1/tickets/{}", third["id"]), ADMIN_TOKEN)
        .await;
    assert!(still["assignee"].is_null(), "{still}");
    let (status, _) = app
        .patch(
            &format!("/api/v1/tickets/{}", first["id"]),
            &refunds_token,
            json!({"status": "solved"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let (_, third) = app
        .get(&format!("/api/v1/tickets/{}", third["id"]), ADMIN_TOKEN)
        .await;
    assert_eq!(third["assignee"]["id"], refunds, "{third}");
    let (_, audit) = app
        .get(
            &format!("/api/v1/tickets/{}/audit", third["id"]),
            ADMIN_TOKEN,
        )
        .await;
    assert!(
        audit.to_string().contains("\"routed\""),
        "the audit trail says it was routed: {audit}"
    );
}

backend_test!(idle_agents_turn_away_and_teams_overflow, idle_body);
async fn idle_body(app: &TestApp) {
    let (agent, token) = fixtures::staff("agent", "idle@example.com")
        .with_token(app)
        .await;
    online(app, &token).await;
    // Twenty minutes without doing anything: away (the policy says 15).
    let mut tx = app.services().raw_store().begin().await.unwrap();
    sqlx::query("UPDATE agent_presence SET active_at = active_at - $1 WHERE person_id = $2")
        .bind(20 * 60_000_i64)
        .bind(agent)
        .execute(&mut *tx)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let (_, presence) = app
        .get(&format!("/api/v1/agents/{agent}/routing"), ADMIN_TOKEN)
        .await;
    assert_eq!(presence["presence"]["status"], "online");
    assert_eq!(presence["presence"]["effective"], "away", "{presence}");
    let ticket = app
        .ticket_for("waiting@example.com", "Where is my parcel?")
        .await;
    assert!(ticket["assignee"].is_null(), "nobody active: {ticket}");

    // A team whose tickets wait a minute, then go to another team.
    let (_, first_line) = app
        .post("/api/v1/teams", ADMIN_TOKEN, json!({"name": "First line"}))
        .await;
    let (_, second_line) = app
        .post("/api/v1/teams", ADMIN_TOKEN, json!({"name": "Second line"}))
        .await;
    let (status, team) = put(
        app,
        &format!("/api/v1/teams/{}/routing", first_line["id"]),
        ADMIN_TOKEN,
        json!({"routing": "round_robin", "lead_id": agent,
               "overflow_team_id": second_line["id"], "overflow_after_minutes": 1}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{team}");
    assert_eq!(team["routing"], "round_robin");
    assert_eq!(team["lead_id"], agent);
    let (_, updated) = app
        .patch(
            &format!("/api/v1/tickets/{}", ticket["id"]),
            ADMIN_TOKEN,
            json!({"team_id": first_line["id"]}),
        )
        .await;
    assert_eq!(updated["team_id"], first_line["id"], "{updated}");
    let now = marketdesk_service::now_ms();
    assert_eq!(
        app.services().overflow_waiting(now).await.unwrap(),
        0,
        "not yet"
    );
    assert_eq!(
        app.services()
            .overflow_waiting(now + 2 * 60_000)
            .await
            .unwrap(),
        1
    );
    let (_, moved) = app
        .get(&format!("/api/v1/tickets/{}", ticket["id"]), ADMIN_TOKEN)
        .await;
    assert_eq!(moved["team_id"], second_line["id"], "{moved}");
    let (_, audit) = app
        .get(
            &format!("/api/v1/tickets/{}/audit", ticket["id"]),
            ADMIN_TOKEN,
        )
        .await;
    assert!(audit.to_string().contains("overflowed"), "{audit}");
}

backend_test!(bad_routing_settings_are_refused, bad_settings_body);
async fn bad_settings_body(app: &TestApp) {
    let (agent, token) = fixtures::staff("agent", "skills@example.com")
        .with_token(app)
        .await;
    let path = format!("/api/v1/agents/{agent}/routing");
    for (body, says) in [
        (
            json!({"skills": [{"kind": "language", "value": "zh", "level": 4}]}),
            "level",
        ),
        (
            json!({"skills": [{"kind": "mood", "value": "zh", "level": 1}]}),
            "mood",
        ),
        (
            json!({"skills": [{"kind": "channel", "value": "fax", "level": 1}]}),
            "channel",
        ),
        (json!({"capacity": {"fax": 2}}), "fax"),
        (json!({"capacity": {"chat": 500}}), "200"),
    ] {
        let (status, problem) = put(app, &path, ADMIN_TOKEN, body.clone()).await;
        assert!(status.is_client_error(), "{body} → {status} {problem}");
        assert!(problem.to_string().contains(says), "{body} → {problem}");
    }
    let (_, unchanged) = app.get(&path, ADMIN_TOKEN).await;
    assert_eq!(
        unchanged["skills"],
        json!([]),
        "nothing half-saved: {unchanged}"
    );
    // Agents set their own presence, not their skills or anyone else's presence.
    let (status, _) = put(app, &path, &token, json!({"skills": []})).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (admin_status, _) = put(
        app,
        &format!("/api/v1/agents/{agent}/presence"),
        ADMIN_TOKEN,
        json!({"status": "away"}),
    )
    .await;
    assert_eq!(admin_status, StatusCode::OK);
    let (_, other_token) = fixtures::staff("agent", "other@example.com")
        .with_token(app)
        .await;
    let (status, _) = put(
        app,
        &format!("/api/v1/agents/{agent}/presence"),
        &other_token,
        json!({"status": "offline"}),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, problem) = put(
        app,
        "/api/v1/me/presence",
        &token,
        json!({"status": "busy"}),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
    let (_, team) = app
        .post("/api/v1/teams", ADMIN_TOKEN, json!({"name": "Loop"}))
        .await;
    let (status, problem) = put(
        app,
        &format!("/api/v1/teams/{}/routing", team["id"]),
        ADMIN_TOKEN,
        json!({"routing": "least_loaded", "overflow_team_id": team["id"], "overflow_after_minutes": 5}),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
    let (status, _) = put(
        app,
        &format!("/api/v1/teams/{}/routing", team["id"]),
        ADMIN_TOKEN,
        json!({"routing": "fastest"}),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
}
