//! Approval limits bound what one person moves — refunds, store credit and
//! compensation together — on one order and in a day, however the amount is
//! split and however many requests arrive at once.

use marketdesk_domain::commerce::OrderStatus;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::backend_test;
use crate::common::TestApp;
use crate::fixtures;
use crate::web::{hidden, signed_in};

async fn paid_order(app: &TestApp, number: &str, customer_id: i64, total: i64) {
    fixtures::order(number, customer_id)
        .status(OrderStatus::Delivered)
        .line(total, 1)
        .captured()
        .insert(app)
        .await;
}

fn refund(amount: i64) -> Value {
    json!({"amount_minor": amount, "destination": "original_method", "reason": "goodwill"})
}

fn compensation(amount: i64) -> Value {
    json!({"kind": "compensation", "amount_minor": amount, "reason": "late parcel"})
}

/// The sum of what went back to the customer's payment method on an order.
async fn refunded(app: &TestApp, number: &str) -> i64 {
    let (_, order) = app
        .get(
            &format!("/api/v1/orders/{number}"),
            crate::common::ADMIN_TOKEN,
        )
        .await;
    order["refunds"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["status"] == "completed" && r["destination"] != "coupon")
        .map(|r| r["amount_minor"].as_i64().unwrap())
        .sum()
}

backend_test!(
    split_refunds_and_coupons_wait_for_approval_past_the_limit,
    split_body
);
async fn split_body(app: &TestApp) {
    let id = fixtures::customer("split@example.com")
        .named("Li Wei")
        .language("en")
        .create(app)
        .await;
    paid_order(app, "SO-610001", id, 50_000).await;
    paid_order(app, "SO-610002", id, 50_000).await;
    let (_, agent) = fixtures::staff("agent", "limit.agent@example.com")
        .with_token(app)
        .await;

    // Five refunds of the whole limit (100.00) on one order: one is done.
    let mut statuses = Vec::new();
    for _ in 0..5 {
        let (status, outcome) = app
            .post("/api/v1/orders/SO-610001/refunds", &agent, refund(10_000))
            .await;
        assert_eq!(status, StatusCode::OK, "{outcome}");
        statuses.push(outcome["status"].as_str().unwrap().to_string());
    }
    assert_eq!(
        statuses,
        [
            "done",
            "pending_approval",
            "pending_approval",
            "pending_approval",
            "pending_approval"
        ]
    );
    assert_eq!(refunded(app, "SO-610001").await, 10_000);

    // Compensation counts with refunds: one 1.00 coupon is already past it
    // on that order, and five coupons of 100.00 on another give one coupon.
    let (_, outcome) = app
        .post("/api/v1/orders/SO-610001/care", &agent, compensation(100))
        .await;
    assert_eq!(outcome["status"], "pending_approval", "{outcome}");
    let mut coupons = 0;
    for _ in 0..5 {
        let (status, outcome) = app
            .post(
                "/api/v1/orders/SO-610002/care",
                &agent,
                compensation(10_000),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{outcome}");
        if outcome["status"] == "done" {
            coupons += 1;
            assert!(
                outcome["refund"]["coupon_code"]
                    .as_str()
                    .unwrap()
                    .starts_with("SORRY-")
            );
        } else {
            assert_eq!(outcome["status"], "pending_approval");
            assert!(outcome["refund"]["coupon_code"].is_null(), "{outcome}");
        }
    }
    assert_eq!(coupons, 1);
    // Coupons, waiting or issued, do not use up what can still be refunded.
    let (status, outcome) = app
        .post(
            "/api/v1/orders/SO-610002/refunds",
            crate::common::ADMIN_TOKEN,
            refund(50_000),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{outcome}");
    assert_eq!(refunded(app, "SO-610002").await, 50_000);

    // Everything waiting is in one queue; a supervisor approves a coupon
    // (it is issued then) and rejects another with a reason.
    let (_, queue) = app
        .get(
            "/api/v1/refunds?status=pending_approval",
            crate::common::ADMIN_TOKEN,
        )
        .await;
    let waiting = queue["items"].as_array().unwrap();
    assert_eq!(waiting.len(), 4 + 1 + 4, "{queue}");
    let coupon_ids: Vec<i64> = waiting
        .iter()
        .filter(|r| r["destination"] == "coupon")
        .map(|r| r["id"].as_i64().unwrap())
        .collect();
    assert_eq!(coupon_ids.len(), 5);
    let (_, supervisor) = fixtures::staff("supervisor", "limit.sup@example.com")
        .with_token(app)
        .await;
    let (status, approved) = app
        .post(
            &format!("/api/v1/refunds/{}/approve", coupon_ids[0]),
            &supervisor,
            json!({"note": "long delay"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{approved}");
    assert!(
        approved["refund"]["coupon_code"]
            .as_str()
            .unwrap()
            .starts_with("SORRY-")
    );
    assert!(approved["message"].as_str().unwrap().contains("SORRY-"));
    let (status, problem) = app
        .post(
            &format!("/api/v1/refunds/{}/reject", coupon_ids[1]),
            &supervisor,
            json!({}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
    let (status, rejected) = app
        .post(
            &format!("/api/v1/refunds/{}/reject", coupon_ids[1]),
            &supervisor,
            json!({"note": "already compensated"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{rejected}");
    assert_eq!(rejected["refund"]["status"], "rejected");
}

backend_test!(
    concurrent_refunds_move_no_more_than_the_limit,
    concurrent_body
);
async fn concurrent_body(app: &TestApp) {
    let id = fixtures::customer("burst@example.com")
        .named("Li Wei")
        .language("en")
        .create(app)
        .await;
    paid_order(app, "SO-620001", id, 50_000).await;
    let (_, agent) = fixtures::staff("agent", "burst.agent@example.com")
        .with_token(app)
        .await;
    let mut tasks = Vec::new();
    for _ in 0..20 {
        let request = app
            .client
            .post(format!("{}/api/v1/orders/SO-620001/refunds", app.url))
            .bearer_auth(&agent)
            .json(&refund(10_000));
        tasks.push(tokio::spawn(async move {
            let response = request.send().await.unwrap();
            let status = response.status();
            let body: Value = response.json().await.unwrap();
            (status, body)
        }));
    }
    let mut done = 0;
    let mut pending = 0;
    for task in tasks {
        let (status, body) = task.await.unwrap();
        match (status, body["status"].as_str()) {
            (StatusCode::OK, Some("done")) => done += 1,
            (StatusCode::OK, Some("pending_approval")) => pending += 1,
            // Once waiting refunds cover the capture, the rest are refused.
            (StatusCode::UNPROCESSABLE_ENTITY, _) => {}
            other => panic!("unexpected answer {other:?}: {body}"),
        }
    }
    assert_eq!(done, 1);
    assert_eq!(pending, 4);
    assert_eq!(refunded(app, "SO-620001").await, 10_000);
}

backend_test!(a_daily_total_binds_across_orders, daily_body);
async fn daily_body(app: &TestApp) {
    let id = fixtures::customer("daily@example.com")
        .named("Li Wei")
        .language("en")
        .create(app)
        .await;
    let (_, agent) = fixtures::staff("agent", "daily.agent@example.com")
        .with_token(app)
        .await;
    // The daily total (500.00) in refunds of 90.00 on orders of their own:
    // five are done, the sixth waits although its order saw nothing yet.
    let mut statuses = Vec::new();
    for n in 0..7 {
        let number = format!("SO-63000{n}");
        paid_order(app, &number, id, 20_000).await;
        let (status, outcome) = app
            .post(
                &format!("/api/v1/orders/{number}/refunds"),
                &agent,
                refund(9_000),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{outcome}");
        statuses.push(outcome["status"].as_str().unwrap().to_string());
    }
    let done = statuses.iter().filter(|s| *s == "done").count();
    assert_eq!(done, 5, "{statuses:?}");
    assert_eq!(statuses[5], "pending_approval");
    // Another agent's allowance is their own.
    let (_, other) = fixtures::staff("agent", "daily.other@example.com")
        .with_token(app)
        .await;
    let (_, outcome) = app
        .post("/api/v1/orders/SO-630006/refunds", &other, refund(1_000))
        .await;
    assert_eq!(outcome["status"], "done", "{outcome}");
}

backend_test!(
    supervisors_decide_the_approval_queue_in_the_workspace,
    approval_page_body
);
async fn approval_page_body(app: &TestApp) {
    let id = fixtures::customer("queue@example.com")
        .named("Li Wei")
        .language("es")
        .create(app)
        .await;
    paid_order(app, "SO-640001", id, 50_000).await;
    let (_, agent) = fixtures::staff("agent", "queue.agent@example.com")
        .with_token(app)
        .await;
    fixtures::staff("supervisor", "queue.sup@example.com")
        .with_token(app)
        .await;
    // The customer sidebar tells the agent what is left of their limits.
    let (_, done) = app
        .post("/api/v1/orders/SO-640001/refunds", &agent, refund(4_000))
        .await;
    assert_eq!(done["status"], "done", "{done}");
    let ticket = app.ticket_for("queue@example.com", "Broken lamp").await;
    let mut agent_browser = signed_in(app, "queue.agent@example.com").await;
    let (_, page) = agent_browser
        .get(&format!("/agent/tickets/{}", ticket["id"]))
        .await;
    assert!(page.contains("(60.00 EUR left on this one)"), "{page}");
    assert!(
        page.contains("500.00 EUR a day (460.00 EUR left)"),
        "{page}"
    );

    let mut ids = Vec::new();
    for body in [refund(30_000), refund(12_000)] {
        let (_, outcome) = app
            .post("/api/v1/orders/SO-640001/refunds", &agent, body)
            .await;
        assert_eq!(outcome["status"], "pending_approval", "{outcome}");
        ids.push(outcome["refund"]["id"].as_i64().unwrap());
    }
    // What can still be refunded counts the waiting refunds (not coupons).
    let (_, order) = app
        .get("/api/v1/orders/SO-640001", crate::common::ADMIN_TOKEN)
        .await;
    assert_eq!(order["refundable_minor"], 50_000 - 4_000 - 30_000 - 12_000);
    let (_, outcome) = app
        .post(
            "/api/v1/orders/SO-640001/care",
            &agent,
            compensation(20_000),
        )
        .await;
    ids.push(outcome["refund"]["id"].as_i64().unwrap());

    // An agent sees the queue but cannot decide.
    let (status, page) = agent_browser.get("/agent/approvals").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains("SO-640001") && page.contains("queue.agent"),
        "{page}"
    );
    assert!(!page.contains("name=\"decision\""), "{page}");

    let mut browser = signed_in(app, "queue.sup@example.com").await;
    let (status, page) = browser.get("/agent/approvals?lang=zh-CN").await;
    assert_eq!(status, StatusCode::OK);
    for id in &ids {
        assert!(page.contains(&format!("id=\"approval-{id}\"")), "{page}");
    }
    assert!(page.contains("补偿优惠券"), "{page}");
    let csrf = hidden(&page, "_csrf");

    // Approve the first refund; a rejection without a reason is refused
    // with a notice, with one it is done.
    let (status, location, _) = browser
        .post(
            &format!("/agent/approvals/{}", ids[0]),
            &[("_csrf", &csrf), ("decision", "approve")],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(location.as_deref(), Some("/agent/approvals"));
    let (_, page) = browser.get("/agent/approvals").await;
    assert!(
        !page.contains(&format!("id=\"approval-{}\"", ids[0])),
        "{page}"
    );
    browser
        .post(
            &format!("/agent/approvals/{}", ids[1]),
            &[("_csrf", &csrf), ("decision", "reject"), ("note", "")],
        )
        .await;
    let (_, page) = browser.get("/agent/approvals").await;
    assert!(
        page.contains(&format!("id=\"approval-{}\"", ids[1])),
        "{page}"
    );
    browser
        .post(
            &format!("/agent/approvals/{}", ids[1]),
            &[
                ("_csrf", &csrf),
                ("decision", "reject"),
                ("note", "photos missing"),
            ],
        )
        .await;
    let (_, page) = browser.get("/agent/approvals").await;
    assert!(
        !page.contains(&format!("id=\"approval-{}\"", ids[1])),
        "{page}"
    );

    let (_, order) = app
        .get("/api/v1/orders/SO-640001", crate::common::ADMIN_TOKEN)
        .await;
    let by_id = |id: i64| {
        order["refunds"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["id"] == id)
            .cloned()
            .unwrap()
    };
    assert_eq!(by_id(ids[0])["status"], "completed");
    assert_eq!(by_id(ids[1])["status"], "rejected");
    assert_eq!(by_id(ids[1])["decision_note"], "photos missing");
    assert_eq!(by_id(ids[2])["status"], "pending_approval");
}

backend_test!(
    nobody_approves_their_own_request_and_coupons_stay_within_the_order,
    self_approval_body
);
async fn self_approval_body(app: &TestApp) {
    let id = fixtures::customer("self@example.com")
        .language("en")
        .create(app)
        .await;
    paid_order(app, "SO-670001", id, 300_000).await;
    paid_order(app, "SO-670002", id, 10_000).await;
    let (_, supervisor) = fixtures::staff("supervisor", "self.sup@example.com")
        .with_token(app)
        .await;
    // Above the supervisor's own limit (1000.00): it waits…
    let (_, asked) = app
        .post(
            "/api/v1/orders/SO-670001/care",
            &supervisor,
            compensation(150_000),
        )
        .await;
    assert_eq!(asked["status"], "pending_approval", "{asked}");
    let id = asked["refund"]["id"].as_i64().unwrap();
    // …and its requester cannot wave it through, even for an amount their
    // role may approve.
    let (status, problem) = app
        .post(
            &format!("/api/v1/refunds/{id}/approve"),
            &supervisor,
            json!({}),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{problem}");
    let (_, done) = app
        .post(
            "/api/v1/orders/SO-670001/refunds",
            &supervisor,
            refund(100_000),
        )
        .await;
    assert_eq!(done["status"], "done", "{done}");
    let (_, small) = app
        .post("/api/v1/orders/SO-670001/refunds", &supervisor, refund(500))
        .await;
    assert_eq!(small["status"], "pending_approval", "{small}");
    let small_id = small["refund"]["id"].as_i64().unwrap();
    let (status, _) = app
        .post(
            &format!("/api/v1/refunds/{small_id}/approve"),
            &supervisor,
            json!({}),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = app
        .post(
            &format!("/api/v1/refunds/{small_id}/approve"),
            crate::common::ADMIN_TOKEN,
            json!({"note": "checked"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);

    // Coupons on an order of 100.00 add up to at most 100.00.
    let admin = crate::common::ADMIN_TOKEN;
    let (status, first) = app
        .post("/api/v1/orders/SO-670002/care", admin, compensation(10_000))
        .await;
    assert_eq!(status, StatusCode::OK, "{first}");
    let (status, problem) = app
        .post("/api/v1/orders/SO-670002/care", admin, compensation(1))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
}

backend_test!(
    a_return_staff_open_and_pay_out_themselves_counts_toward_their_limit,
    own_return_body
);
async fn own_return_body(app: &TestApp) {
    let id = fixtures::customer("own.return@example.com")
        .language("en")
        .create(app)
        .await;
    let order_id = fixtures::order("SO-680001", id)
        .line(30_000, 1)
        .captured()
        .insert(app)
        .await;
    fixtures::shipment(order_id)
        .delivered_days_ago(3)
        .insert(app)
        .await;
    let (_, agent) = fixtures::staff("agent", "own.agent@example.com")
        .with_token(app)
        .await;
    let (_, order) = app.get("/api/v1/orders/SO-680001", &agent).await;
    let line = order["lines"][0]["id"].as_i64().unwrap();
    let (status, started) = app
        .post(
            "/api/v1/orders/SO-680001/returns",
            &agent,
            json!({"lines": [{"line_id": line, "quantity": 1}], "reason": "damaged", "resolution": "refund"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{started}");
    let rma = started["return"]["rma"].as_str().unwrap().to_string();
    let (status, _) = app
        .post(
            &format!("/api/v1/returns/{rma}/events"),
            &agent,
            json!({"event": "received"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    // The same agent inspects: 300.00 is past their limit, so it waits.
    let (status, inspected) = app
        .post(
            &format!("/api/v1/returns/{rma}/inspection"),
            &agent,
            json!({"outcome": "accept"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{inspected}");
    assert_eq!(inspected["status"], "pending_approval", "{inspected}");
    assert!(
        inspected["message"].as_str().unwrap().contains("approval"),
        "{inspected}"
    );
    assert_eq!(refunded(app, "SO-680001").await, 0);
    // A supervisor approves: the money moves and the return is refunded.
    let (_, supervisor) = fixtures::staff("supervisor", "own.sup@example.com")
        .with_token(app)
        .await;
    let refund_id = inspected["refund"]["id"].as_i64().unwrap();
    let (status, approved) = app
        .post(
            &format!("/api/v1/refunds/{refund_id}/approve"),
            &supervisor,
            json!({}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{approved}");
    assert_eq!(refunded(app, "SO-680001").await, 30_000);
    let (_, case) = app.get(&format!("/api/v1/returns/{rma}"), &agent).await;
    assert_eq!(case["status"], "refunded", "{case}");
}
