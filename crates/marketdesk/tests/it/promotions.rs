//! "Why did my coupon not apply?" answered for a real order.

use reqwest::StatusCode;
use serde_json::json;

use crate::backend_test;
use crate::common::{ADMIN_TOKEN, TestApp};
use crate::fixtures;

backend_test!(a_coupon_that_did_not_apply_is_explained, coupon_body);
async fn coupon_body(app: &TestApp) {
    let threshold = json!({"id": "spend100", "name": "Spend 100, save 10", "rule": {"ladder": [{"spend_minor": 10000, "save_minor": 1000}]}, "scope": "all", "stackable": true});
    let (status, saved) = app
        .post("/api/v1/promotions/thresholds", ADMIN_TOKEN, threshold)
        .await;
    assert_eq!(status, StatusCode::OK, "{saved}");
    let coupon = |code: &str, valid_until: Option<i64>, min_spend: i64| {
        json!({"code": code, "kind": {"fixed": {"off_minor": 500}}, "valid_from": null, "valid_until": valid_until, "min_spend_minor": min_spend,
               "scope": "all", "once_per_customer": false, "usage_limit": null, "times_used": 0, "stacks_with_coupons": true, "stacks_with_thresholds": true})
    };
    // Placed 2026-11-01; EXPIRED ended on 2026-10-01; BIG needs 200.00.
    for c in [
        coupon("expired", Some(1_790_812_800_000), 0),
        coupon("BIG", None, 20000),
        coupon("WELCOME5", None, 0),
    ] {
        let (status, saved) = app.post("/api/v1/promotions/coupons", ADMIN_TOKEN, c).await;
        assert_eq!(status, StatusCode::OK, "{saved}");
    }
    let (_, agent) = fixtures::staff("agent", "agent@example.com")
        .with_token(app)
        .await;
    assert_eq!(
        app.post("/api/v1/promotions/coupons", &agent, coupon("X", None, 0))
            .await
            .0,
        StatusCode::FORBIDDEN
    );

    let order = json!({
        "external_id": "o-1", "number": "WEB-2001", "status": "paid", "currency": "EUR", "placed_at": "2026-11-01T10:00:00Z",
        "customer": {"email": "wang.fang@example.cn", "name": "王芳", "language": "zh-CN"},
        "lines": [{"sku": "TEA-1", "title": "龙井茶", "category": "tea", "quantity": 2, "unit_price_minor": 6000}],
        "shipping_address": {"name": "王芳", "line1": "西湖区 1 号", "city": "杭州", "postal_code": "310000", "country": "CN"},
        "coupon_codes": ["expired", "big", "WELCOME5"], "discount_minor": 1500
    });
    let (status, ingested) = app.post("/api/v1/ingest/orders", ADMIN_TOKEN, order).await;
    assert_eq!(status, StatusCode::OK, "{ingested}");

    let (status, explanation) = app
        .get("/api/v1/orders/WEB-2001/discounts", ADMIN_TOKEN)
        .await;
    assert_eq!(status, StatusCode::OK, "{explanation}");
    assert_eq!(explanation["subtotal_minor"], 12000);
    assert_eq!(explanation["total_discount_minor"], 1500, "{explanation}");
    assert_eq!(explanation["payable_minor"], 10500);
    let applied: Vec<&str> = explanation["applied"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["how"].as_str().unwrap())
        .collect();
    assert_eq!(applied.len(), 2, "{applied:?}");
    let not_applied = explanation["not_applied"].as_array().unwrap();
    let reason = |code: &str| {
        not_applied
            .iter()
            .find(|n| n["offer"]["code"] == code)
            .unwrap_or_else(|| panic!("{code} in {not_applied:?}"))
    };
    assert_eq!(reason("EXPIRED")["reason"]["code"], "expired");
    let big = reason("BIG");
    assert_eq!(big["reason"]["code"], "minimum_spend_not_met");
    assert_eq!(big["reason"]["missing_minor"], 8000);
    // In the customer's language, naming the missing amount.
    let message = big["message"].as_str().unwrap();
    assert!(message.contains("80.00 EUR"), "{message}");
    assert!(
        message
            .chars()
            .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
        "{message}"
    );
    // In another language on request.
    let (_, spanish) = app
        .get("/api/v1/orders/WEB-2001/discounts?lang=es", ADMIN_TOKEN)
        .await;
    let spanish_big = spanish["not_applied"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["offer"]["code"] == "BIG")
        .unwrap()["message"]
        .as_str()
        .unwrap()
        .to_string();
    assert_ne!(spanish_big, message);
    // A code entered at checkout that is no coupon, and a discount the
    // platform gave beyond the offers: explained, adding up to the order.
    let order = json!({
        "external_id": "o-2", "number": "WEB-2002", "status": "paid", "currency": "EUR", "placed_at": "2026-11-01T10:00:00Z",
        "customer": {"email": "wang.fang@example.cn", "name": "王芳", "language": "zh-CN"},
        "lines": [{"sku": "TEA-1", "title": "龙井茶", "category": "tea", "quantity": 2, "unit_price_minor": 6000}],
        "shipping_address": {"name": "王芳", "line1": "西湖区 1 号", "city": "杭州", "postal_code": "310000", "country": "CN"},
        "coupon_codes": ["WELCOME5", "NOT-A-CODE"], "discount_minor": 4589
    });
    let (status, ingested) = app.post("/api/v1/ingest/orders", ADMIN_TOKEN, order).await;
    assert_eq!(status, StatusCode::OK, "{ingested}");
    let (status, explained) = app
        .get("/api/v1/orders/WEB-2002/discounts?lang=en", ADMIN_TOKEN)
        .await;
    assert_eq!(status, StatusCode::OK, "{explained}");
    assert_eq!(explained["total_discount_minor"], 4589, "{explained}");
    let lines_total: i64 = explained["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["discount_minor"].as_i64().unwrap())
        .sum();
    assert_eq!(lines_total, 4589);
    assert!(
        explained["other_discount"]["note"].as_str().is_some(),
        "{explained}"
    );
    let invalid = explained["not_applied"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["offer"]["code"] == "NOT-A-CODE")
        .expect("the unknown code is explained");
    assert_eq!(invalid["reason"]["code"], "unknown_code");
    assert!(
        invalid["message"]
            .as_str()
            .unwrap()
            .contains("not a valid code")
    );

    // The customer may ask about their own order, not others'.
    let (_, stranger) = fixtures::customer("stranger@example.com")
        .with_token(app)
        .await;
    assert_eq!(
        app.get("/api/v1/orders/WEB-2001/discounts", &stranger)
            .await
            .0,
        StatusCode::NOT_FOUND
    );
}
