//! Triggers and automations through the real API: a dry run says which
//! tickets a rule would act on and how; saved, the rule does exactly that;
//! rules that would loop or lack what they need are refused, nothing saved.

use std::collections::BTreeSet;

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::backend_test;
use crate::common::{ADMIN_TOKEN, TestApp};
use crate::fixtures;

const HOUR: i64 = 3_600_000;

fn ids(dry: &Value) -> BTreeSet<i64> {
    dry["tickets"]
        .as_array()
        .expect("tickets")
        .iter()
        .map(|t| t["id"].as_i64().expect("id"))
        .collect()
}

fn chargeback_trigger() -> Value {
    json!({
        "name": "Chargebacks are urgent",
        "kind": "trigger",
        "events": ["created", "updated"],
        "conditions": {
            "all": [{"field": "priority", "op": "is_not", "value": "urgent"}],
            "any": [{"field": "subject_or_body", "op": "contains", "value": "chargeback"},
                    {"field": "subject_or_body", "op": "contains", "value": "拒付"}]
        },
        "actions": [
            {"action": "set_priority", "value": "urgent"},
            {"action": "add_tags", "tags": ["chargeback"]}
        ]
    })
}

backend_test!(a_trigger_does_what_its_dry_run_said, trigger_body);
async fn trigger_body(app: &TestApp) {
    let a = app
        .ticket_for("a@example.com", "I will file a chargeback with my bank")
        .await;
    let b = app.ticket_for("b@example.com", "银行拒付怎么办").await;
    let c = app.ticket_for("c@example.com", "Where is my parcel?").await;
    let (status, dry) = app
        .post("/api/v1/rules/dry-run", ADMIN_TOKEN, chargeback_trigger())
        .await;
    assert_eq!(status, StatusCode::OK, "{dry}");
    let expected: BTreeSet<i64> = [&a, &b].iter().map(|t| t["id"].as_i64().unwrap()).collect();
    assert_eq!(ids(&dry), expected, "{dry}");
    assert!(
        dry["tickets"][0]["changes"]
            .to_string()
            .contains("priority: normal → urgent"),
        "{dry}"
    );
    let (status, saved) = app
        .post("/api/v1/rules", ADMIN_TOKEN, chargeback_trigger())
        .await;
    assert_eq!(status, StatusCode::CREATED, "{saved}");
    // Each ticket is touched: the trigger fires on exactly those the dry run named.
    for t in [&a, &b, &c] {
        let (status, updated) = app
            .patch(
                &format!("/api/v1/tickets/{}", t["id"]),
                ADMIN_TOKEN,
                json!({"add_tags": ["seen"]}),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{updated}");
        let urgent = updated["priority"] == "urgent";
        assert_eq!(
            urgent,
            expected.contains(&t["id"].as_i64().unwrap()),
            "{updated}"
        );
        if urgent {
            assert!(
                updated["tags"]
                    .as_array()
                    .unwrap()
                    .contains(&json!("chargeback")),
                "{updated}"
            );
        }
    }
    // And on a new ticket, as it arrives.
    let d = app.ticket_for("d@example.com", "Chargeback incoming").await;
    assert_eq!(d["priority"], "urgent", "{d}");
    let (_, audit) = app
        .get(&format!("/api/v1/tickets/{}/audit", d["id"]), ADMIN_TOKEN)
        .await;
    assert!(audit.to_string().contains("rules_fired"), "{audit}");
    // Once the condition no longer holds (urgent), nothing fires again.
    let (_, again) = app
        .patch(
            &format!("/api/v1/tickets/{}", d["id"]),
            ADMIN_TOKEN,
            json!({"add_tags": ["again"]}),
        )
        .await;
    assert_eq!(again["priority"], "urgent");
    // Disabled, it does nothing.
    let mut off = chargeback_trigger();
    off["enabled"] = json!(false);
    let (status, _) = app
        .send(
            reqwest::Method::PUT,
            &format!("/api/v1/rules/{}", saved["id"]),
            Some(ADMIN_TOKEN),
            Some(&off),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let e = app.ticket_for("e@example.com", "chargeback again").await;
    assert_eq!(e["priority"], "normal", "{e}");
}

fn reminder() -> Value {
    json!({
        "name": "Remind after 3 days pending",
        "kind": "automation",
        "position": 1,
        "conditions": {"all": [
            {"field": "status", "op": "is", "value": "pending"},
            {"field": "hours_in_status", "op": "at_least", "value": 72},
            {"field": "tags", "op": "not_contains", "value": "reminded"}
        ]},
        "actions": [
            {"action": "send_email", "subject": "Re: {{ticket.subject}} ({{ticket.reference}})",
             "body": "Hi {{customer.name}}, do you still need help? Just reply to this email."},
            {"action": "add_tags", "tags": ["reminded"]}
        ]
    })
}

fn close_after_a_week() -> Value {
    json!({
        "name": "Solve after 7 days pending",
        "kind": "automation",
        "position": 2,
        "conditions": {"all": [
            {"field": "status", "op": "is", "value": "pending"},
            {"field": "hours_in_status", "op": "at_least", "value": 168}
        ]},
        "actions": [{"action": "set_status", "value": "solved"}]
    })
}

backend_test!(automations_do_what_their_dry_run_said, automation_body);
async fn automation_body(app: &TestApp) {
    let mut waiting = Vec::new();
    for (email, days) in [
        ("four@example.com", 4),
        ("eight@example.com", 8),
        ("one@example.com", 1),
    ] {
        let t = app.ticket_for(email, "Which size?").await;
        let (status, _) = app
            .patch(
                &format!("/api/v1/tickets/{}", t["id"]),
                ADMIN_TOKEN,
                json!({"status": "pending"}),
            )
            .await;
        assert_eq!(status, StatusCode::OK);
        let mut tx = app.services().raw_store().begin().await.unwrap();
        sqlx::query(
            "UPDATE tickets SET created_at = created_at - $1, sla_paused_at = sla_paused_at - $1, \
             updated_at = updated_at - $1 WHERE id = $2",
        )
        .bind(days * 24 * HOUR)
        .bind(t["id"].as_i64().unwrap())
        .execute(&mut *tx)
        .await
        .unwrap();
        tx.commit().await.unwrap();
        waiting.push(t["id"].as_i64().unwrap());
    }
    let open = app.ticket_for("open@example.com", "Still open").await;
    let (_, dry_remind) = app
        .post("/api/v1/rules/dry-run", ADMIN_TOKEN, reminder())
        .await;
    let (_, dry_close) = app
        .post("/api/v1/rules/dry-run", ADMIN_TOKEN, close_after_a_week())
        .await;
    assert_eq!(
        ids(&dry_remind),
        BTreeSet::from([waiting[0], waiting[1]]),
        "{dry_remind}"
    );
    assert_eq!(ids(&dry_close), BTreeSet::from([waiting[1]]), "{dry_close}");
    assert!(!ids(&dry_remind).contains(&open["id"].as_i64().unwrap()));
    for rule in [reminder(), close_after_a_week()] {
        let (status, saved) = app.post("/api/v1/rules", ADMIN_TOKEN, rule).await;
        assert_eq!(status, StatusCode::CREATED, "{saved}");
    }
    let acted = app
        .services()
        .run_automations(marketdesk_service::now_ms())
        .await
        .unwrap();
    assert_eq!(acted, 3, "two reminders and one solved");
    for (id, reminded, solved) in [
        (waiting[0], true, false),
        (waiting[1], true, true),
        (waiting[2], false, false),
    ] {
        let (_, t) = app.get(&format!("/api/v1/tickets/{id}"), ADMIN_TOKEN).await;
        assert_eq!(
            t["tags"].as_array().unwrap().contains(&json!("reminded")),
            reminded,
            "{t}"
        );
        assert_eq!(t["status"] == "solved", solved, "{t}");
    }
    let mut conn = app.services().raw_store().reader().await.unwrap();
    let mails = marketdesk_store::outbox::to_address(&mut conn, "four@example.com")
        .await
        .unwrap();
    drop(conn);
    let reminder_mail = mails
        .iter()
        .find(|m| m.purpose.starts_with("rule:"))
        .expect("a reminder");
    assert!(
        reminder_mail.subject.starts_with("Re: Which size? (MD-"),
        "{}",
        reminder_mail.subject
    );
    assert!(
        !reminder_mail.body_text.contains("{{"),
        "{}",
        reminder_mail.body_text
    );
    // Once per version: the next minute does nothing, and the dry run agrees.
    assert_eq!(
        app.services()
            .run_automations(marketdesk_service::now_ms())
            .await
            .unwrap(),
        0
    );
    let (_, rules) = app.get("/api/v1/rules", ADMIN_TOKEN).await;
    let saved_reminder = rules
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["name"] == "Remind after 3 days pending")
        .unwrap()
        .clone();
    let mut saved_reminder = saved_reminder;
    for key in ["created_at", "updated_at"] {
        saved_reminder.as_object_mut().unwrap().remove(key);
    }
    let (_, dry_again) = app
        .post("/api/v1/rules/dry-run", ADMIN_TOKEN, saved_reminder)
        .await;
    assert_eq!(dry_again["matched"], 0, "{dry_again}");
}

backend_test!(
    rules_that_would_loop_or_lack_a_condition_are_refused,
    refused_body
);
async fn refused_body(app: &TestApp) {
    let (_, agent) = fixtures::staff("agent", "no-rules@example.com")
        .with_token(app)
        .await;
    let (status, _) = app
        .post("/api/v1/rules", &agent, chargeback_trigger())
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let looping = json!({
        "name": "Tag open tickets",
        "kind": "trigger",
        "events": ["updated"],
        "conditions": {"all": [{"field": "status", "op": "is", "value": "open"}]},
        "actions": [{"action": "add_tags", "tags": ["vip"]}]
    });
    let no_condition = json!({
        "name": "Solve everything", "kind": "automation",
        "actions": [{"action": "set_status", "value": "solved"}]
    });
    let no_time = json!({
        "name": "Solve pending", "kind": "automation",
        "conditions": {"all": [{"field": "status", "op": "is", "value": "pending"}]},
        "actions": [{"action": "set_status", "value": "solved"}]
    });
    let unknown_variable = json!({
        "name": "Greet", "kind": "trigger", "events": ["created"],
        "conditions": {"all": [{"field": "tags", "op": "not_contains", "value": "greeted"}]},
        "actions": [{"action": "reply", "body": "Hello {{customer.nickname}}"},
                    {"action": "add_tags", "tags": ["greeted"]}]
    });
    let unknown_team = json!({
        "name": "To team", "kind": "trigger", "events": ["created"],
        "conditions": {"all": [{"field": "team_id", "op": "is", "value": "none"}]},
        "actions": [{"action": "set_team", "value": 4242}]
    });
    for (rule, says) in [
        (looping, "fire again"),
        (no_condition, "condition"),
        (no_time, "time condition"),
        (unknown_variable, "customer.nickname"),
        (unknown_team, "4242"),
    ] {
        let (status, problem) = app.post("/api/v1/rules", ADMIN_TOKEN, rule.clone()).await;
        assert_eq!(
            status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{rule} → {problem}"
        );
        assert!(problem.to_string().contains(says), "{rule} → {problem}");
        let (status, _) = app.post("/api/v1/rules/dry-run", ADMIN_TOKEN, rule).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    }
    let (_, rules) = app.get("/api/v1/rules", ADMIN_TOKEN).await;
    assert_eq!(rules, json!([]), "nothing half-saved");
    let (status, _) = app
        .post("/api/v1/rules", ADMIN_TOKEN, chargeback_trigger())
        .await;
    assert_eq!(status, StatusCode::CREATED);
    let (status, problem) = app
        .post("/api/v1/rules", ADMIN_TOKEN, chargeback_trigger())
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "{problem}");
    // At most 200 rules: the 201st is refused.
    for n in 1..200 {
        let mut rule = chargeback_trigger();
        rule["name"] = json!(format!("Rule {n}"));
        let (status, _) = app.post("/api/v1/rules", ADMIN_TOKEN, rule).await;
        assert_eq!(status, StatusCode::CREATED);
    }
    let mut one_more = chargeback_trigger();
    one_more["name"] = json!("One too many");
    let (status, problem) = app.post("/api/v1/rules", ADMIN_TOKEN, one_more).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
    assert!(problem.to_string().contains("at most 200"), "{problem}");
}

backend_test!(a_supervisor_writes_a_rule_with_the_forms_rows, builder_body);
async fn builder_body(app: &TestApp) {
    let a = app
        .ticket_for("a@example.com", "I will file a chargeback with my bank")
        .await;
    app.ticket_for("c@example.com", "Where is my parcel?").await;
    fixtures::staff("supervisor", "lead@example.com")
        .with_token(app)
        .await;
    let mut browser = crate::web::signed_in(app, "lead@example.com").await;
    let (status, page) = browser.get("/agent/admin/rules").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("id=\"rule-builder\""), "{page}");
    let csrf = crate::web::hidden(&page, "_csrf");
    let rows = |action: &'static str| {
        vec![
            ("_csrf", csrf.clone()),
            ("editing", "0".to_owned()),
            ("enabled", "true".to_owned()),
            ("name", "Chargebacks are urgent".to_owned()),
            ("kind", "trigger".to_owned()),
            ("position", "1".to_owned()),
            ("events", "created".to_owned()),
            ("events", "updated".to_owned()),
            ("c0_group", "all".to_owned()),
            ("c0_field", "priority".to_owned()),
            ("c0_op", "is_not".to_owned()),
            ("c0_value", "urgent".to_owned()),
            ("c1_group", "any".to_owned()),
            ("c1_field", "subject_or_body".to_owned()),
            ("c1_op", "contains".to_owned()),
            ("c1_value", "chargeback".to_owned()),
            ("a0_action", "set_priority".to_owned()),
            ("a0_value", "urgent".to_owned()),
            ("a1_action", "add_tags".to_owned()),
            ("a1_value", "chargeback, money".to_owned()),
            ("do", action.to_owned()),
        ]
    };
    // The dry run: the rows stay, the matching ticket is listed.
    let form = rows("build_dry_run");
    let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let (status, _, page) = browser.post("/agent/admin/rules", &pairs).await;
    assert_eq!(status, StatusCode::OK);
    let dry = page
        .split("id=\"dry-run\"")
        .nth(1)
        .unwrap_or_else(|| panic!("no dry run: {page}"));
    assert!(dry.contains(a["reference"].as_str().unwrap()), "{dry}");
    assert!(dry.contains("1 / "), "one ticket matches: {dry}");
    assert!(
        page.contains("value=\"chargeback, money\""),
        "rows kept: {page}"
    );
    // A row that does not hold: refused with the API's reason, nothing saved.
    let mut bad = rows("build_save");
    bad.push(("a2_action", "set_priority".to_owned()));
    bad.push(("a2_value", "whenever".to_owned()));
    let pairs: Vec<(&str, &str)> = bad.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let (status, _, page) = browser.post("/agent/admin/rules", &pairs).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("id=\"rule-error\""), "{page}");
    assert_eq!(app.get("/api/v1/rules", ADMIN_TOKEN).await.1, json!([]));
    // Saved: the same rule as the JSON the API takes.
    let form = rows("build_save");
    let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let (status, location, _) = browser.post("/agent/admin/rules", &pairs).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(location.as_deref(), Some("/agent/admin/rules"));
    let (_, rules) = app.get("/api/v1/rules", ADMIN_TOKEN).await;
    let rule = &rules[0];
    assert_eq!(rule["events"], json!(["created", "updated"]));
    assert_eq!(
        rule["conditions"]["any"][0],
        json!({"field": "subject_or_body", "op": "contains", "value": "chargeback"})
    );
    assert_eq!(
        rule["actions"][1],
        json!({"action": "add_tags", "tags": ["chargeback", "money"]})
    );
    // Opened again, the form shows its rows.
    let (_, page) = browser
        .get(&format!("/agent/admin/rules?edit={}", rule["id"]))
        .await;
    assert!(page.contains("value=\"chargeback, money\""), "{page}");
    // And it fires as the dry run said.
    let b = app
        .ticket_for("b@example.com", "Chargeback coming if no refund")
        .await;
    let (_, b) = app
        .get(&format!("/api/v1/tickets/{}", b["id"]), ADMIN_TOKEN)
        .await;
    assert_eq!(b["priority"], "urgent", "{b}");
}
