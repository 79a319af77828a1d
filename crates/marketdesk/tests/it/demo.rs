//! The demo shop a newcomer sees first.

use std::collections::BTreeSet;

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::backend_test;
use crate::common::{ADMIN_TOKEN, TestApp};

async fn all_items(app: &TestApp, path: &str) -> Vec<Value> {
    let mut items = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let sep = if path.contains('?') { '&' } else { '?' };
        let url = match &cursor {
            Some(c) => format!("{path}{sep}limit=100&cursor={c}"),
            None => format!("{path}{sep}limit=100"),
        };
        let (status, page) = app.get(&url, ADMIN_TOKEN).await;
        assert_eq!(status, StatusCode::OK, "{page}");
        items.extend(page["items"].as_array().unwrap().iter().cloned());
        match page["next_cursor"].as_str() {
            Some(c) => cursor = Some(c.to_string()),
            None => return items,
        }
    }
}

backend_test!(
    demo_shop_is_complete_and_believable,
    demo_body,
    |config: &mut marketdesk::config::Config| config.demo = true
);
async fn demo_body(app: &TestApp) {
    let summary = app
        .instance
        .as_ref()
        .unwrap()
        .demo
        .as_ref()
        .expect("the demo was seeded");
    assert!((40..=60).contains(&summary.customers));
    assert_eq!(summary.orders, 201);

    let orders = all_items(app, "/api/v1/orders").await;
    assert_eq!(orders.len(), 201);

    // Every discount comes from the shop's offers on file: the spend-and-
    // save ladders and the welcome code, explained without a remainder.
    let discounted: Vec<&Value> = orders
        .iter()
        .filter(|o| o["discount_minor"].as_i64().unwrap_or(0) > 0)
        .collect();
    assert!(discounted.len() >= 10, "{}", discounted.len());
    let mut codes = 0;
    for order in discounted.iter().take(25) {
        let number = order["number"].as_str().unwrap();
        let (status, explained) = app
            .get(&format!("/api/v1/orders/{number}/discounts"), ADMIN_TOKEN)
            .await;
        assert_eq!(status, StatusCode::OK, "{number}: {explained}");
        assert_eq!(
            explained["total_discount_minor"], order["discount_minor"],
            "{explained}"
        );
        assert!(
            explained["other_discount"].is_null(),
            "{number}: {explained}"
        );
        codes += explained["applied"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|a| a["offer"]["kind"] == "coupon")
            .count();
    }
    assert!(codes > 0, "the welcome code explains some discounts");

    // A refund and a compensation coupon wait for a supervisor's approval.
    let waiting = all_items(app, "/api/v1/refunds?status=pending_approval").await;
    let kinds: BTreeSet<&str> = waiting
        .iter()
        .map(|r| r["destination"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        BTreeSet::from(["coupon", "original_method"]),
        "{waiting:?}"
    );
    let statuses: BTreeSet<&str> = orders
        .iter()
        .map(|o| o["status"].as_str().unwrap())
        .collect();
    for status in marketdesk_domain::commerce::OrderStatus::NAMES {
        assert!(statuses.contains(status), "no order is {status}");
    }
    let currencies: BTreeSet<&str> = orders
        .iter()
        .map(|o| o["currency"].as_str().unwrap())
        .collect();
    assert!(currencies.len() >= 3, "{currencies:?}");

    let tickets = all_items(app, "/api/v1/tickets").await;
    assert!(tickets.len() >= 50);
    let ticket_statuses: BTreeSet<&str> = tickets
        .iter()
        .map(|t| t["status"].as_str().unwrap())
        .collect();
    let channels: BTreeSet<&str> = tickets
        .iter()
        .map(|t| t["channel"].as_str().unwrap())
        .collect();
    let languages: BTreeSet<&str> = tickets
        .iter()
        .map(|t| &t["language"].as_str().unwrap()[..2])
        .collect();
    assert_eq!(ticket_statuses.len(), 6, "{ticket_statuses:?}");
    assert_eq!(channels.len(), 6, "{channels:?}");
    for language in ["en", "zh", "es"] {
        assert!(languages.contains(language), "{languages:?}");
    }
    // Every conversation is about an order, but a voicemail that did not say which.
    assert!(
        tickets
            .iter()
            .filter(|t| !t["tags"].as_array().unwrap().contains(&json!("voicemail")))
            .all(|t| !t["order_ids"].as_array().unwrap().is_empty())
    );
    // Customers rated a dozen solved conversations.
    let mut rated = 0;
    for t in tickets
        .iter()
        .filter(|t| t["status"] == "solved" || t["status"] == "closed")
    {
        let (status, rating) = app
            .get(&format!("/api/v1/tickets/{}/rating", t["id"]), ADMIN_TOKEN)
            .await;
        if status == StatusCode::OK {
            assert!(
                (1..=5).contains(&rating["rating"].as_i64().unwrap()),
                "{rating}"
            );
            rated += 1;
        }
    }
    assert!(rated >= 10, "{rated} rated");
    // Calls to the support number, each with the ticket it left or a person who took it.
    let (_, calls) = app.get("/api/v1/calls", ADMIN_TOKEN).await;
    let calls = calls.as_array().unwrap();
    assert_eq!(calls.len(), 3, "{calls:?}");
    let languages: BTreeSet<&str> = calls
        .iter()
        .map(|c| c["language"].as_str().unwrap())
        .collect();
    assert_eq!(languages, BTreeSet::from(["en", "es", "zh"]));
    assert!(calls.iter().all(|c| c["person_id"].is_i64()), "{calls:?}");
    assert!(
        calls
            .iter()
            .any(|c| c["outcome"] == "voicemail" && c["transcription"].is_string()),
        "{calls:?}"
    );

    // A shipped order carries tracking; its ticket a real conversation.
    let shipped = orders.iter().find(|o| o["status"] == "shipped").unwrap();
    let (_, detail) = app
        .get(
            &format!("/api/v1/orders/{}", shipped["number"].as_str().unwrap()),
            ADMIN_TOKEN,
        )
        .await;
    assert!(!detail["lines"].as_array().unwrap().is_empty());
    assert!(!detail["payments"].as_array().unwrap().is_empty());
    let shipment = &detail["shipments"][0];
    assert!(shipment["tracking_number"].is_string());
    assert!(shipment["events"].as_array().unwrap().len() >= 2);
    let chinese = tickets
        .iter()
        .find(|t| t["language"].as_str().unwrap().starts_with("zh"))
        .unwrap();
    let (_, conversation) = app
        .get(&format!("/api/v1/tickets/{}", chinese["id"]), ADMIN_TOKEN)
        .await;
    let text = conversation["messages"][0]["body_text"].as_str().unwrap();
    assert!(
        text.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
        "{text}"
    );

    // Money beyond orders: customers with store credit (one with a lot
    // expired), sellers' payouts (one late, one held for a chargeback), and
    // chargebacks on sales.
    let people = all_items(app, "/api/v1/customers").await;
    let mut with_credit = 0;
    let mut kinds = BTreeSet::new();
    for p in people.iter().filter(|p| p["role"] == "customer") {
        let (_, credit) = app
            .get(
                &format!("/api/v1/customers/{}/store-credit", p["id"]),
                ADMIN_TOKEN,
            )
            .await;
        if !credit["entries"].as_array().unwrap().is_empty() {
            with_credit += 1;
            assert!(credit["code"].is_string(), "{credit}");
            for e in credit["entries"].as_array().unwrap() {
                kinds.insert(e["kind"].as_str().unwrap().to_string());
            }
        }
    }
    assert!(with_credit >= 5, "{with_credit}");
    assert_eq!(kinds.len(), 3, "{kinds:?}");
    let mut statuses = BTreeSet::new();
    let mut late = 0;
    for p in people.iter().filter(|p| p["role"] == "seller") {
        let (_, payouts) = app
            .get(&format!("/api/v1/sellers/{}/payouts", p["id"]), ADMIN_TOKEN)
            .await;
        for payout in payouts.as_array().unwrap() {
            statuses.insert(payout["status"].as_str().unwrap().to_string());
            late += usize::from(payout["late"] == true);
        }
    }
    assert!(
        statuses.contains("on_hold") && statuses.contains("failed"),
        "{statuses:?}"
    );
    assert_eq!(late, 1);
    let mut chargebacks = 0;
    for order in orders.iter().filter(|o| o["status"] == "delivered") {
        let (_, detail) = app
            .get(
                &format!("/api/v1/orders/{}", order["number"].as_str().unwrap()),
                ADMIN_TOKEN,
            )
            .await;
        chargebacks += detail["chargebacks"].as_array().unwrap().len();
    }
    assert_eq!(chargebacks, 3);

    // The size-change story: the dress comes in M at the same price (done
    // at once) and in L for 5.00 more (waits for payment); XS is sold out.
    let (_, dress) = app.get("/api/v1/orders/SO-250901", ADMIN_TOKEN).await;
    let line = dress["lines"][0]["id"].as_i64().unwrap();
    for (size, expected) in [("XS", 422), ("L", 200), ("M", 200)] {
        let (status, answer) = app
            .post(
                "/api/v1/orders/SO-250901/variant",
                ADMIN_TOKEN,
                json!({"line_id": line, "variant": {"size": size}}),
            )
            .await;
        assert_eq!(status.as_u16(), expected, "{size}: {answer}");
    }
    let (_, dress) = app.get("/api/v1/orders/SO-250901", ADMIN_TOKEN).await;
    assert_eq!(dress["lines"][0]["sku"], "DRESS-LINEN-OLIVE-M", "{dress}");

    // The printed logins work.
    for login in &summary.logins {
        let (status, grant) = app
            .post_public(
                "/api/v1/auth/login",
                json!({"email": login.email, "password": login.password}),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{} {grant}", login.email);
    }
    // Seeding again adds nothing.
    let again = marketdesk_demo::seed(app.services(), marketdesk_service::now_ms())
        .await
        .unwrap();
    assert!(again.is_none());
    assert_eq!(all_items(app, "/api/v1/orders").await.len(), 201);
}
