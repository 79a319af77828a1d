//! Escalation through the real API: the assistant escalates legal threats,
//! repeat contacts and angry customers on arrival; agents escalate by hand;
//! a breached clock escalates, raises the priority and tells the lead, once.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::backend_test;
use crate::common::{ADMIN_TOKEN, TestApp};
use crate::fixtures;

async fn mail_to(app: &TestApp, address: &str) -> Vec<marketdesk_store::outbox::MailRow> {
    let mut conn = app.services().raw_store().reader().await.unwrap();
    marketdesk_store::outbox::to_address(&mut conn, address)
        .await
        .unwrap()
}

async fn history(app: &TestApp, id: &Value) -> Value {
    let (status, history) = app
        .get(&format!("/api/v1/tickets/{id}/escalations"), ADMIN_TOKEN)
        .await;
    assert_eq!(status, StatusCode::OK, "{history}");
    history
}

/// A team with a lead, whose second line is another team.
async fn teams(app: &TestApp, lead: i64) -> (Value, Value) {
    let (_, first) = app
        .post("/api/v1/teams", ADMIN_TOKEN, json!({"name": "Front"}))
        .await;
    let (_, second) = app
        .post("/api/v1/teams", ADMIN_TOKEN, json!({"name": "Specialists"}))
        .await;
    let (status, team) = app
        .send(
            reqwest::Method::PUT,
            &format!("/api/v1/teams/{}/routing", first["id"]),
            Some(ADMIN_TOKEN),
            Some(&json!({"routing": "least_loaded", "lead_id": lead, "escalation_team_id": second["id"]})),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{team}");
    assert_eq!(team["escalation_team_id"], second["id"]);
    (first, second)
}

backend_test!(the_assistant_escalates_on_arrival, arrival_body);
async fn arrival_body(app: &TestApp) {
    let lead = fixtures::staff("supervisor", "lead@example.com")
        .create(app)
        .await;
    let (front, _) = teams(app, lead).await;
    // A legal threat, in Chinese: a supervisor's, the lead's, told by mail.
    let (status, threat) = app
        .post(
            "/api/v1/tickets",
            ADMIN_TOKEN,
            json!({"subject": "退款", "team_id": front["id"],
                   "requester": {"email": "angry@example.cn"},
                   "message": {"body": "三个星期了还没有退款，再不处理我就去法院起诉你们。"}}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{threat}");
    assert_eq!(threat["assignee"]["id"], lead, "{threat}");
    assert_eq!(threat["priority"], "high");
    let h = history(app, &threat["id"]).await;
    assert_eq!(h["tier"], "supervisor", "{h}");
    assert_eq!(h["escalations"][0]["reason"], "legal_threat");
    let mails = mail_to(app, "lead@example.com").await;
    assert!(
        mails
            .iter()
            .any(|m| m.purpose == "escalation" && m.subject.contains("legal threat")),
        "{mails:?}"
    );

    // The third ticket about the same thing in two weeks: second line.
    let mut last = Value::Null;
    for n in 0..3 {
        let (status, ticket) = app
            .post(
                "/api/v1/tickets",
                ADMIN_TOKEN,
                json!({"subject": format!("Where is my order? ({n})"),
                       "requester": {"email": "again@example.com"},
                       "message": {"body": "Where is my order SO-1? It has not arrived yet."}}),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{ticket}");
        last = ticket;
    }
    let h = history(app, &last["id"]).await;
    assert_eq!(h["tier"], "second_line", "{h} {last}");
    assert_eq!(h["escalations"][0]["reason"], "repeat_contact");
    // The fourth is not escalated again: the second line has the repeat.
    let (_, fourth) = app
        .post(
            "/api/v1/tickets",
            ADMIN_TOKEN,
            json!({"subject": "Where is my order? (3)",
                   "requester": {"email": "again@example.com"},
                   "message": {"body": "Where is my order SO-1? It has not arrived yet."}}),
        )
        .await;
    assert_eq!(
        fourth["intent"], last["intent"],
        "the same errand: {fourth}"
    );
    assert_eq!(
        history(app, &fourth["id"]).await["tier"],
        "first_line",
        "{fourth}"
    );
    // A plain question stays with the first line.
    let calm = app
        .ticket_for("calm@example.com", "Do you ship to Portugal?")
        .await;
    assert_eq!(history(app, &calm["id"]).await["tier"], "first_line");
    assert_eq!(calm["priority"], "normal");
    // The escalations view lists exactly the escalated ones.
    let (_, escalated) = app.get("/api/v1/tickets?escalated=true", ADMIN_TOKEN).await;
    let ids: Vec<&Value> = escalated["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| &t["id"])
        .collect();
    assert!(
        ids.contains(&&threat["id"]) && ids.contains(&&last["id"]),
        "{escalated}"
    );
    assert!(!ids.contains(&&calm["id"]), "{escalated}");
}

backend_test!(agents_escalate_by_hand, by_hand_body);
async fn by_hand_body(app: &TestApp) {
    let (_, agent) = fixtures::staff("agent", "first@example.com")
        .with_token(app)
        .await;
    let ticket = app
        .ticket_for("buyer@example.com", "Refund over my limit")
        .await;
    let path = format!("/api/v1/tickets/{}/escalations", ticket["id"]);
    for (body, says) in [
        (
            json!({"tier": "first_line", "note": "x"}),
            "second_line or supervisor",
        ),
        (
            json!({"tier": "boss", "note": "x"}),
            "second_line or supervisor",
        ),
        (json!({"tier": "second_line", "note": "  "}), "note"),
    ] {
        let (status, problem) = app.post(&path, &agent, body.clone()).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body} {problem}");
        assert!(problem.to_string().contains(says), "{problem}");
    }
    assert_eq!(
        history(app, &ticket["id"]).await["escalations"],
        json!([]),
        "nothing half-saved"
    );
    let (status, done) = app
        .post(&path, &agent, json!({"tier": "second_line", "note": "The customer wants 300 € back; my limit is 150 €."}))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{done}");
    assert_eq!(done["reason"], "by_hand");
    let (status, again) = app
        .post(
            &path,
            &agent,
            json!({"tier": "second_line", "note": "again"}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{again}");
    let (status, _) = app
        .post(
            &path,
            &agent,
            json!({"tier": "supervisor", "note": "Chargeback threatened"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
    let h = history(app, &ticket["id"]).await;
    assert_eq!(h["tier"], "supervisor");
    assert_eq!(h["escalations"].as_array().unwrap().len(), 2);
    let (_, audit) = app
        .get(
            &format!("/api/v1/tickets/{}/audit", ticket["id"]),
            ADMIN_TOKEN,
        )
        .await;
    assert!(audit.to_string().contains("escalated"), "{audit}");
    // Customers do not see escalations.
    let (customer, customer_token) = fixtures::customer("nosy@example.com").with_token(app).await;
    let _ = customer;
    let (status, _) = app.get(&path, &customer_token).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

backend_test!(
    a_breach_escalates_raises_and_tells_the_lead_once,
    breach_body
);
async fn breach_body(app: &TestApp) {
    let lead = fixtures::staff("supervisor", "lead@example.com")
        .create(app)
        .await;
    let (_, agent_token) = fixtures::staff("agent", "slow@example.com")
        .with_token(app)
        .await;
    let (front, specialists) = teams(app, lead).await;
    let ticket = app.ticket_for("waiting@example.com", "My parcel").await;
    app.patch(
        &format!("/api/v1/tickets/{}", ticket["id"]),
        ADMIN_TOKEN,
        json!({"team_id": front["id"]}),
    )
    .await;
    let id = ticket["id"].as_i64().unwrap();
    let now = marketdesk_service::now_ms();
    // Seven of the eight hours gone: a warning, nothing else.
    let watch = app.services().watch_sla(now + 7 * 3_600_000).await.unwrap();
    assert_eq!((watch.warned, watch.breached), (1, 0));
    let (_, still) = app.get(&format!("/api/v1/tickets/{id}"), ADMIN_TOKEN).await;
    assert_eq!(still["priority"], "normal");
    // Nine hours: breached — second line (the specialists), priority up, lead told.
    let watch = app.services().watch_sla(now + 9 * 3_600_000).await.unwrap();
    assert_eq!(watch.breached, 1);
    let (_, after) = app
        .get(&format!("/api/v1/tickets/{id}"), &agent_token)
        .await;
    assert_eq!(after["priority"], "high", "{after}");
    assert_eq!(after["team_id"], specialists["id"], "{after}");
    let h = history(app, &ticket["id"]).await;
    assert_eq!(h["tier"], "second_line");
    assert_eq!(h["escalations"][0]["reason"], "sla_breach");
    let events: Vec<(String, String)> = h["sla_events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["clock"].as_str().unwrap().into(),
                e["event"].as_str().unwrap().into(),
            )
        })
        .collect();
    assert!(
        events.contains(&("first_response".into(), "warned".into())),
        "{h}"
    );
    assert!(
        events.contains(&("first_response".into(), "breached".into())),
        "{h}"
    );
    let told = mail_to(app, "lead@example.com").await;
    assert_eq!(
        told.iter().filter(|m| m.purpose == "escalation").count(),
        1,
        "{told:?}"
    );
    // Once: the next rounds leave it alone.
    let watch = app
        .services()
        .watch_sla(now + 10 * 3_600_000)
        .await
        .unwrap();
    assert_eq!(watch.breached, 0);
    assert_eq!(mail_to(app, "lead@example.com").await.len(), told.len());
    let (_, same) = app.get(&format!("/api/v1/tickets/{id}"), ADMIN_TOKEN).await;
    assert_eq!(same["priority"], "high");
}

backend_test!(
    sla_policies_chosen_by_conditions_and_the_next_reply,
    sla_policies_body,
    |config: &mut marketdesk::config::Config| {
        config.policy.sla.policies = vec![marketdesk_domain::sla::ConditionalTargets {
            name: "VIP chat".into(),
            channels: vec![marketdesk_domain::Channel::Chat],
            tags: vec!["vip".into()],
            first_response_minutes: Some(marketdesk_domain::sla::PriorityMinutes {
                urgent: 5,
                high: 10,
                normal: 15,
                low: 30,
            }),
            ..Default::default()
        }]
    }
);
async fn sla_policies_body(app: &TestApp) {
    let (_, agent) = fixtures::staff("agent", "agent@example.com")
        .with_token(app)
        .await;
    let (status, vip) = app
        .post(
            "/api/v1/tickets",
            ADMIN_TOKEN,
            json!({"subject": "VIP question", "channel": "chat", "tags": ["vip"],
                   "requester": {"email": "vip@example.com"}, "message": {"body": "Can you help?"}}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{vip}");
    assert_eq!(vip["sla_policy"], "VIP chat", "{vip}");
    let due = |t: &Value, kind: &str| {
        t["sla"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["kind"] == kind)
            .map(|c| {
                chrono_seconds(c["due_at"].as_str().unwrap())
                    - chrono_seconds(t["created_at"].as_str().unwrap())
            })
    };
    assert_eq!(due(&vip, "first_response"), Some(15 * 60), "{vip}");
    let plain = app.ticket_for("plain@example.com", "A question").await;
    assert!(plain["sla_policy"].is_null());
    assert_eq!(due(&plain, "first_response"), Some(8 * 3600));
    // Untagged, it falls back to the default targets.
    let (_, untagged) = app
        .patch(
            &format!("/api/v1/tickets/{}", vip["id"]),
            ADMIN_TOKEN,
            json!({"remove_tags": ["vip"]}),
        )
        .await;
    assert!(untagged["sla_policy"].is_null(), "{untagged}");
    let (_, tagged) = app
        .patch(
            &format!("/api/v1/tickets/{}", vip["id"]),
            ADMIN_TOKEN,
            json!({"add_tags": ["vip"]}),
        )
        .await;
    assert_eq!(tagged["sla_policy"], "VIP chat");

    // The next reply: the customer answers after the first reply.
    let id = plain["id"].as_i64().unwrap();
    let (status, _) = app
        .post(
            &format!("/api/v1/tickets/{id}/messages"),
            &agent,
            json!({"body": "Which order is it?"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
    let (_, answered) = app.get(&format!("/api/v1/tickets/{id}"), ADMIN_TOKEN).await;
    assert!(
        due(&answered, "next_reply").is_none(),
        "nothing waits: {answered}"
    );
    let (customer, customer_token) = (
        answered["requester"]["id"].as_i64().unwrap(),
        crate::fixtures::token_for(app, answered["requester"]["id"].as_i64().unwrap()).await,
    );
    let _ = customer;
    let (status, _) = app
        .post(
            &format!("/api/v1/tickets/{id}/messages"),
            &customer_token,
            json!({"body": "SO-1, thanks"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
    let (_, waiting) = app.get(&format!("/api/v1/tickets/{id}"), ADMIN_TOKEN).await;
    let next = waiting["sla"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["kind"] == "next_reply")
        .unwrap_or_else(|| panic!("a next reply clock: {waiting}"))
        .clone();
    assert_eq!(next["state"], "ok");
    // Nine hours on, the next reply has breached: the breached view and the watch see it.
    let now = marketdesk_service::now_ms();
    let watch = app.services().watch_sla(now + 9 * 3_600_000).await.unwrap();
    assert!(watch.breached >= 1, "{watch:?}");
    let h = history(app, &waiting["id"]).await;
    assert!(
        h["sla_events"].to_string().contains("next_reply"),
        "the next reply breach is in the history: {h}"
    );
    // Answered again: the clock stops.
    app.post(
        &format!("/api/v1/tickets/{id}/messages"),
        &agent,
        json!({"body": "Found it."}),
    )
    .await;
    let (_, done) = app.get(&format!("/api/v1/tickets/{id}"), ADMIN_TOKEN).await;
    assert!(due(&done, "next_reply").is_none(), "{done}");
}

fn chrono_seconds(rfc3339: &str) -> i64 {
    let at: jiff::Timestamp = rfc3339.parse().expect("an RFC 3339 time");
    at.as_second()
}
