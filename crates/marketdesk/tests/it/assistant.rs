//! The assistant: the classify command, retraining, the API and ticket triage.

use std::io::Write;
use std::process::{Command, Stdio};

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::backend_test;
use crate::common::{ADMIN_TOKEN, TestApp};
use crate::fixtures;
use marketdesk_domain::commerce::OrderStatus;

fn run(args: &[&str], input: &str) -> (bool, String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_marketdesk"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run marketdesk");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn classify_prints_one_json_object_per_line() {
    let input = "Where is my order SO-240101? It still has not arrived\n我的订单 SO-240102 怎么还没到\n¿Puedo cambiar la dirección de envío del pedido SO-240103?\n";
    let (ok, stdout, stderr) = run(&["assistant", "classify"], input);
    assert!(ok, "{stderr}");
    let lines: Vec<Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 3);
    for line in &lines {
        let keys: Vec<&str> = line
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        for key in ["intent", "confidence", "language", "entities"] {
            assert!(keys.contains(&key), "{line}");
        }
        let confidence = line["confidence"].as_f64().unwrap();
        assert!((0.0..=1.0).contains(&confidence));
        assert!(marketdesk_assistant::INTENTS.contains(&line["intent"].as_str().unwrap()));
    }
    assert_eq!(lines[0]["language"], "en");
    assert_eq!(lines[1]["language"], "zh");
    assert_eq!(lines[2]["language"], "es");
    assert_eq!(
        lines[0]["entities"][0],
        json!({"type": "order_number", "value": "SO-240101"})
    );
    assert_eq!(lines[2]["intent"], "change_shipping_address");
}

#[test]
fn train_and_evaluate_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("mine.jsonl");
    let mut lines = String::new();
    for i in 0..30 {
        lines.push_str(&format!("{{\"text\": \"my parcel {i} never came\", \"intent\": \"item_not_received\", \"language\": \"en\"}}\n"));
        lines.push_str(&format!(
            "{{\"text\": \"thanks a lot {i}\", \"intent\": \"thanks\", \"language\": \"en\"}}\n"
        ));
    }
    std::fs::write(&data, lines).unwrap();
    let model = dir.path().join("model.bin");
    let (ok, _, stderr) = run(
        &[
            "assistant",
            "train",
            "--no-builtin",
            "--data",
            data.to_str().unwrap(),
            "--output",
            model.to_str().unwrap(),
        ],
        "",
    );
    assert!(ok, "{stderr}");
    let (ok, stdout, stderr) = run(
        &["assistant", "classify", "--model", model.to_str().unwrap()],
        "the parcel never came\n",
    );
    assert!(ok, "{stderr}");
    assert_eq!(
        serde_json::from_str::<Value>(stdout.trim()).unwrap()["intent"],
        "item_not_received"
    );
    let (ok, stdout, stderr) = run(
        &[
            "assistant",
            "evaluate",
            "--model",
            model.to_str().unwrap(),
            "--data",
            data.to_str().unwrap(),
            "--json",
        ],
        "",
    );
    assert!(ok, "{stderr}");
    let report: Value = serde_json::from_str(&stdout).unwrap();
    assert!(report.to_string().contains("accuracy"), "{report}");
    let (ok, _, stderr) = run(
        &["assistant", "classify", "--model", "/nonexistent/model"],
        "x\n",
    );
    assert!(!ok && stderr.contains("--model"), "{stderr}");
}

backend_test!(
    tickets_are_triaged_and_linked_to_the_order_they_name,
    triage_body
);
async fn triage_body(app: &TestApp) {
    let id = fixtures::customer("ivy@example.com")
        .named("Li Wei")
        .language("en")
        .create(app)
        .await;
    fixtures::order("SO-210001", id)
        .status(OrderStatus::Shipped)
        .line(1000, 1)
        .captured()
        .insert(app)
        .await;
    let token = fixtures::token_for(app, id).await;
    let (status, ticket) = app
        .post("/api/v1/tickets", &token, json!({"subject": "Late parcel", "message": {"body": "Where is my order SO-210001? It has not arrived and I'm getting worried"}}))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{ticket}");
    // The desk's reading is for staff (the customer's answer has none).
    assert!(ticket["intent"].is_null(), "{ticket}");
    let (_, ticket) = app
        .get(&format!("/api/v1/tickets/{}", ticket["id"]), ADMIN_TOKEN)
        .await;
    assert!(ticket["intent"].is_string(), "{ticket}");
    assert!(ticket["sentiment"].is_string());
    assert_eq!(
        ticket["order_ids"].as_array().unwrap().len(),
        1,
        "the order named in the message is linked"
    );
    let intent = ticket["intent"].as_str().unwrap().to_string();
    let (_, listed) = app
        .get(&format!("/api/v1/tickets?intent={intent}"), ADMIN_TOKEN)
        .await;
    assert_eq!(listed["items"].as_array().unwrap().len(), 1);
    let (status, _) = app
        .get("/api/v1/tickets?intent=not_an_intent", ADMIN_TOKEN)
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let (status, prediction) = app
        .post(
            "/api/v1/assistant/classify",
            &token,
            json!({"text": "I want my money back for order SO-210001"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{prediction}");
    assert_eq!(prediction["entities"][0]["value"], "SO-210001");
    assert_eq!(
        app.send(
            reqwest::Method::POST,
            "/api/v1/assistant/classify",
            None,
            Some(&json!({"text": "x"}))
        )
        .await
        .0,
        StatusCode::UNAUTHORIZED
    );
}
