//! Reports of listings, users and messages (docs/TRUST.md): anyone
//! reports, each person once; the queue puts the severe and the repeated
//! first; a decision goes to the platform and to every reporter in their
//! language; links of messages reported as phishing are taken out of chat
//! lines and sellers' replies until a moderator dismisses the report.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::backend_test;
use crate::chat::Chat;
use crate::common::{ADMIN_TOKEN, TestApp};
use crate::fixtures;
use crate::web::{Browser, hidden, signed_in};

async fn report(app: &TestApp, body: Value) -> (StatusCode, Value) {
    app.post_public("/api/v1/reports", body).await
}

fn webhooks(config: &mut marketdesk::config::Config) {
    config.webhook_url = Some("http://127.0.0.1:9/hooks".into());
}

backend_test!(
    reports_are_counted_once_ordered_and_decided,
    reports_body,
    super::webhooks
);
async fn reports_body(app: &TestApp) {
    let listing = |email: &str, language: &str| {
        json!({"subject": "listing", "reference": "https://shop.example/item/4411", "reason": "counterfeit",
               "details": "The logo is misspelled.", "email": email, "language": language})
    };
    let (status, first) = report(app, listing("eva@example.com", "es")).await;
    assert_eq!(status, StatusCode::ACCEPTED, "{first}");
    assert_eq!(first["counted"], true);
    // The same person again: counted once.
    let (_, again) = report(app, listing("EVA@example.com", "es")).await;
    assert_eq!(again["counted"], false, "{again}");
    assert_eq!(again["item_id"], first["item_id"]);
    let (_, other) = report(app, listing("li@example.com", "zh")).await;
    assert_eq!(other["counted"], true);
    // Reasons must fit; an anonymous report needs an address for the outcome.
    let (status, bad) = report(app, json!({"subject": "listing", "reference": "x", "reason": "phishing", "email": "a@example.com"})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}");
    let (status, _) = report(
        app,
        json!({"subject": "user", "reference": "spammer", "reason": "spam"}),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let (status, _) = report(app, json!({"subject": "user", "reference": "x".repeat(501), "reason": "spam", "email": "a@example.com"})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    // Three people report a spammer: many reports, but less severe.
    for n in 0..3 {
        report(app, json!({"subject": "user", "reference": "cheap_deals_99", "reason": "spam", "email": format!("r{n}@example.com")})).await;
    }
    let (_, agent) = fixtures::staff("agent", "ana@example.com")
        .with_token(app)
        .await;
    let (status, queue) = app.get("/api/v1/moderation", &agent).await;
    assert_eq!(status, StatusCode::OK, "{queue}");
    let open = queue["open"].as_array().unwrap();
    assert_eq!(
        open[0]["reference"], "https://shop.example/item/4411",
        "{queue}"
    );
    assert_eq!(open[0]["reports"], 2);
    assert_eq!(open[1]["reference"], "cheap_deals_99");
    assert_eq!(open[1]["reports"], 3);
    // Customers do not moderate.
    let (_, customer) = fixtures::customer("c@example.com").with_token(app).await;
    assert_eq!(
        app.get("/api/v1/moderation", &customer).await.0,
        StatusCode::FORBIDDEN
    );

    // Decided once; the platform hears it, each reporter in their language.
    let id = first["item_id"].as_i64().unwrap();
    let path = format!("/api/v1/moderation/{id}/decision");
    let (status, decided) = app
        .post(
            &path,
            &agent,
            json!({"decision": "takedown", "note": "Brand confirmed fake."}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{decided}");
    assert_eq!(decided["status"], "decided");
    assert_eq!(
        app.post(&path, &agent, json!({"decision": "dismiss"}))
            .await
            .0,
        StatusCode::CONFLICT
    );
    let spanish = app.services().outbox_for("eva@example.com").await.unwrap();
    assert_eq!(spanish.len(), 1, "one mail for two reports of one person");
    assert!(
        spanish[0].body_text.contains("Lo hemos retirado"),
        "{}",
        spanish[0].body_text
    );
    let chinese = app.services().outbox_for("li@example.com").await.unwrap();
    assert!(
        chinese[0].body_text.contains("我们已将其下架"),
        "{}",
        chinese[0].body_text
    );
    let (_, log) = app
        .get("/api/v1/webhooks/deliveries?limit=100", ADMIN_TOKEN)
        .await;
    let types: Vec<&str> = log["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|d| d["event_type"].as_str())
        .collect();
    assert_eq!(
        types
            .iter()
            .filter(|t| **t == "moderation.reported")
            .count(),
        2,
        "{types:?}"
    );
    assert_eq!(
        types.iter().filter(|t| **t == "moderation.decided").count(),
        1
    );
    // A new report after the decision opens a new item.
    let (_, later) = report(app, listing("new@example.com", "en")).await;
    assert_ne!(later["item_id"], first["item_id"]);
}

backend_test!(
    a_reported_phishing_link_is_taken_out_of_messages,
    links_body
);
async fn links_body(app: &TestApp) {
    let phishing = "Your payment is on hold, confirm here: https://secure-pay.example/verify?id=7";
    let (status, filed) = report(
        app,
        json!({"subject": "message", "reference": "MD-1001", "reason": "phishing", "message_text": phishing, "email": "buyer@example.com"}),
    )
    .await;
    assert_eq!(status, StatusCode::ACCEPTED, "{filed}");
    // The same link, written another way, in a chat line: taken out before
    // an agent reads it.
    let (chat, _) = Chat::start(app, "en").await;
    chat.say("is this real? http://www.SECURE-PAY.example/verify/ they sent it to me")
        .await;
    let (_, agent) = fixtures::staff("agent", "ana@example.com")
        .with_token(app)
        .await;
    let lines: Vec<String> = chat
        .since(0)
        .await
        .iter()
        .filter_map(|l| l["body"].as_str().map(str::to_owned))
        .collect();
    let customer_line = lines.iter().find(|l| l.contains("is this real")).unwrap();
    assert!(
        customer_line.contains("[link removed: reported as unsafe]"),
        "{customer_line}"
    );
    assert!(
        !customer_line.to_lowercase().contains("secure-pay"),
        "{customer_line}"
    );
    // A seller's reply to a buyer loses it too.
    let (seller_id, seller) = fixtures::seller("shady@example.com").with_token(app).await;
    let buyer = fixtures::customer("buyer@example.com").create(app).await;
    fixtures::order("SO-880001", buyer)
        .line(2500, 1)
        .sold_by(seller_id)
        .insert(app)
        .await;
    let (status, ticket) = app
        .post(
            "/api/v1/tickets",
            ADMIN_TOKEN,
            json!({"subject": "Where is my money", "requester": {"email": "buyer@example.com"},
                   "message": {"body": "The seller has not refunded me."}, "order_numbers": ["SO-880001"]}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{ticket}");
    let ticket_id = ticket["id"].as_i64().unwrap();
    app.post(
        &format!("/api/v1/tickets/{ticket_id}/shares"),
        &agent,
        json!({"seller_id": seller_id}),
    )
    .await;
    let (status, said) = app
        .post(
            &format!("/api/v1/tickets/{ticket_id}/messages"),
            &seller,
            json!({"body": "Pay at https://secure-pay.example/verify to release it"}),
        )
        .await;
    assert!(status.is_success(), "{said}");
    assert!(!said.to_string().contains("secure-pay"), "{said}");
    // Dismissed: the link is no longer taken out.
    let id = filed["item_id"].as_i64().unwrap();
    app.post(
        &format!("/api/v1/moderation/{id}/decision"),
        &agent,
        json!({"decision": "dismiss"}),
    )
    .await;
    let (_, said) = app
        .post(
            &format!("/api/v1/tickets/{ticket_id}/messages"),
            &seller,
            json!({"body": "https://secure-pay.example/verify"}),
        )
        .await;
    assert!(
        said.to_string().contains("secure-pay.example/verify"),
        "{said}"
    );
}

backend_test!(
    anyone_reports_on_the_portal_and_staff_decide_in_the_workspace,
    pages_body
);
async fn pages_body(app: &TestApp) {
    fixtures::staff("agent", "ana@example.com")
        .create(app)
        .await;
    let mut guest = Browser::new(app);
    let (status, page) = guest
        .get("/report?subject=listing&reference=https%3A%2F%2Fshop.example%2Fitem%2F9&lang=zh")
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains("举报问题") && page.contains("https://shop.example/item/9"),
        "{page}"
    );
    let csrf = hidden(&page, "_csrf");
    let form = [
        ("_csrf", csrf.as_str()),
        ("subject", "listing"),
        ("reference", "https://shop.example/item/9"),
        ("reason", "stolen_photos"),
        ("details", "Those are my photos from my own shop."),
        ("email", "photographer@example.com"),
        ("lang", "zh"),
    ];
    let (status, to, _) = guest.post("/report", &form).await;
    assert_eq!(
        (status, to.as_deref()),
        (StatusCode::SEE_OTHER, Some("/report"))
    );
    let (_, page) = guest.get("/report").await;
    assert!(page.contains("您的举报已送达"), "{page}");
    guest.post("/report", &form).await;
    let (_, page) = guest.get("/report").await;
    assert!(page.contains("只计一次"), "{page}");
    // A reason that does not fit is named.
    let (_, page) = guest.get("/report").await;
    let csrf = hidden(&page, "_csrf");
    guest
        .post(
            "/report",
            &[
                ("_csrf", &csrf),
                ("subject", "listing"),
                ("reference", "x"),
                ("reason", "phishing"),
                ("email", "a@example.com"),
                ("lang", "zh"),
            ],
        )
        .await;
    let (_, page) = guest.get("/report").await;
    assert!(page.contains("请选择与举报内容相符的原因"), "{page}");

    let mut agent = signed_in(app, "ana@example.com").await;
    let (_, queue) = agent.get("/agent/moderation?lang=en").await;
    assert!(
        queue.contains("Stolen photos") && queue.contains("Those are my photos"),
        "{queue}"
    );
    let action = queue
        .split("class=\"inline decide\" method=\"post\" action=\"")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .unwrap()
        .to_string();
    let csrf = hidden(&queue, "_csrf");
    agent
        .post(
            &action,
            &[
                ("_csrf", &csrf),
                ("decision", "warning"),
                ("note", "First time."),
            ],
        )
        .await;
    let (_, queue) = agent.get("/agent/moderation").await;
    assert!(
        queue.contains("moderation-none") && queue.contains(">Warn<"),
        "{queue}"
    );
    let mail = app
        .services()
        .outbox_for("photographer@example.com")
        .await
        .unwrap();
    assert!(
        mail[0].body_text.contains("我们已警告"),
        "{}",
        mail[0].body_text
    );
}
