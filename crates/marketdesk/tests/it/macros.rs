//! Macros that set fields, speak the ticket's language and fill in the
//! customer's name, the order and its tracking link.

use reqwest::StatusCode;
use serde_json::json;

use crate::backend_test;
use crate::common::{ADMIN_TOKEN, TestApp};
use crate::fixtures;
use marketdesk_domain::commerce::OrderStatus;

backend_test!(
    macros_set_fields_and_speak_the_tickets_language,
    macros_body
);
async fn macros_body(app: &TestApp) {
    let customer = fixtures::customer("lucia@example.es")
        .named("Lucía")
        .language("es")
        .create(app)
        .await;
    fixtures::order("SO-7788", customer)
        .status(OrderStatus::Shipped)
        .line(3000, 1)
        .captured()
        .insert(app)
        .await;
    let (agent_id, agent) = fixtures::staff("agent", "ana@example.com")
        .named("Ana")
        .with_token(app)
        .await;
    let (status, created) = app
        .post(
            "/api/v1/macros",
            ADMIN_TOKEN,
            json!({
                "name": "Refund issued",
                "body": "Hi {{customer.name}}, order {{order.number}} is refunded. — {{agent.name}}",
                "translations": {"es": "Hola, {{customer.name}}: el pedido {{order.number}} está reembolsado. Seguimiento: {{order.tracking_url}} — {{agent.name}}"},
                "actions": [{"action": "set_status", "value": "pending"},
                            {"action": "add_tags", "tags": ["refund_issued"]}],
                "assign_to_me": true
            }),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    let (status, ticket) = app
        .post(
            "/api/v1/tickets",
            ADMIN_TOKEN,
            json!({"subject": "Reembolso", "requester": {"email": "lucia@example.es"},
                   "language": "es", "order_numbers": ["SO-7788"],
                   "message": {"body": "¿Cuándo llega mi reembolso del pedido SO-7788?"}}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{ticket}");
    let id = ticket["id"].as_i64().unwrap();
    let (status, macros) = app
        .get(&format!("/api/v1/tickets/{id}/macros"), &agent)
        .await;
    assert_eq!(status, StatusCode::OK, "{macros}");
    let refund = macros
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["id"] == created["id"])
        .expect("the macro")
        .clone();
    assert_eq!(refund["language"], "es");
    let body = refund["body"].as_str().unwrap();
    assert!(body.starts_with("Hola, Lucía: el pedido SO-7788"), "{body}");
    assert!(
        body.contains("/orders/lookup?number=SO-7788") && body.ends_with("— Ana"),
        "{body}"
    );
    assert!(
        refund["sets"].to_string().contains("status: pending"),
        "{refund}"
    );

    let (status, applied) = app
        .post(
            &format!("/api/v1/tickets/{id}/macros/{}", created["id"]),
            &agent,
            json!({}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{applied}");
    assert_eq!(applied["body"], body);
    assert_eq!(applied["ticket"]["status"], "pending");
    assert_eq!(applied["ticket"]["assignee"]["id"], agent_id);
    assert!(
        applied["ticket"]["tags"]
            .as_array()
            .unwrap()
            .contains(&json!("refund_issued"))
    );
    let (_, audit) = app
        .get(&format!("/api/v1/tickets/{id}/audit"), ADMIN_TOKEN)
        .await;
    assert!(
        audit.to_string().contains("refund_issued"),
        "audited as the agent's change: {audit}"
    );

    // An English ticket gets the English text.
    let english = app.ticket_for("tom@example.com", "Refund please").await;
    let (_, macros) = app
        .get(&format!("/api/v1/tickets/{}/macros", english["id"]), &agent)
        .await;
    let text = macros
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["id"] == created["id"])
        .unwrap()["body"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(text.starts_with("Hi "), "{text}");

    // Bad macros are refused whole.
    for (body, says) in [
        (
            json!({"name": "A", "body": "Hi {{customer.nickname}}"}),
            "customer.nickname",
        ),
        (
            json!({"name": "B", "body": "x", "translations": {"xx-not a tag": "y"}}),
            "language",
        ),
        (
            json!({"name": "C", "body": "x", "actions": [{"action": "send_email", "subject": "s", "body": "b"}]}),
            "sets fields",
        ),
        (
            json!({"name": "D", "body": "x", "actions": [{"action": "set_team", "value": 999}]}),
            "999",
        ),
    ] {
        let (status, problem) = app.post("/api/v1/macros", ADMIN_TOKEN, body.clone()).await;
        assert_eq!(
            status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{body} → {problem}"
        );
        assert!(problem.to_string().contains(says), "{body} → {problem}");
    }
    let (_, all) = app.get("/api/v1/macros", &agent).await;
    assert_eq!(
        all.as_array().unwrap().len(),
        1,
        "nothing half-saved: {all}"
    );
}
