//! The help center: articles in three languages, search, feedback, misses.

use reqwest::StatusCode;
use serde_json::json;

use crate::backend_test;
use crate::common::{ADMIN_TOKEN, TestApp};
use crate::fixtures;

backend_test!(articles_search_feedback_and_misses, help_body);
async fn help_body(app: &TestApp) {
    let article = json!({"slug": "return-policy", "category": "returns", "status": "published", "translations": [
        {"language": "en", "title": "What is the return policy?", "body": "You can return items within 30 days of delivery. Refunds follow the inspection."},
        {"language": "zh-CN", "title": "退货政策是什么？", "body": "签收后 30 天内可以退货。仓库质检后退款。"},
        {"language": "es", "title": "¿Cuál es la política de devoluciones?", "body": "Puedes devolver artículos en los 30 días siguientes a la entrega."}
    ]});
    let (_, agent) = fixtures::staff("agent", "agent@example.com")
        .with_token(app)
        .await;
    assert_eq!(
        app.post("/api/v1/help/articles", &agent, article.clone())
            .await
            .0,
        StatusCode::FORBIDDEN
    );
    let (status, saved) = app
        .post("/api/v1/help/articles", ADMIN_TOKEN, article)
        .await;
    assert_eq!(status, StatusCode::OK, "{saved}");
    let draft = json!({"slug": "secret-draft", "category": "returns", "status": "draft", "translations": [{"language": "en", "title": "Draft about returns", "body": "Not yet."}]});
    app.post("/api/v1/help/articles", ADMIN_TOKEN, draft).await;

    // Search: stemming, a typo, accents, Chinese; drafts stay hidden. The
    // index follows the database within a second: ask until then.
    for (q, lang) in [
        ("returns", "en"),
        ("retrun polcy", "en"),
        ("devolucion", "es"),
        ("退货", "zh-CN"),
    ] {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(2);
        let hits = loop {
            let (status, hits) = app
                .send(
                    reqwest::Method::GET,
                    &format!("/api/v1/help/search?q={q}&lang={lang}"),
                    None,
                    None,
                )
                .await;
            assert_eq!(status, StatusCode::OK);
            if hits.as_array().is_some_and(|h| !h.is_empty())
                || std::time::Instant::now() > deadline
            {
                break hits;
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        };
        let hits = hits.as_array().unwrap();
        assert_eq!(hits.len(), 1, "{q}: {hits:?}");
        assert_eq!(hits[0]["slug"], "return-policy");
        if q == "returns" {
            let snippet = hits[0]["snippet_html"].as_str().unwrap();
            assert!(snippet.contains("<mark>return</mark>"), "{snippet}");
        }
    }
    let (_, none) = app
        .send(
            reqwest::Method::GET,
            "/api/v1/help/search?q=helicopter%20rental&lang=en",
            None,
            None,
        )
        .await;
    assert!(none.as_array().unwrap().is_empty());
    let (_, misses) = app.get("/api/v1/help/misses", &agent).await;
    // Searches made while the index caught up above are misses too (and may
    // outnumber this one), so look for it rather than expect it first.
    assert!(
        misses
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m["query"] == "helicopter rental"),
        "{misses}"
    );

    // The pages: list, article in the viewer's language, feedback.
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let page = client
        .get(format!("{}/help?lang=zh-CN", app.url))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("退货政策是什么") && !page.contains("Draft about returns"),
        "{page}"
    );
    let response = client
        .get(format!("{}/help/return-policy?lang=es", app.url))
        .send()
        .await
        .unwrap();
    let cookie = response
        .headers()
        .get_all(reqwest::header::SET_COOKIE)
        .iter()
        .map(|v| v.to_str().unwrap().split(';').next().unwrap().to_string())
        .collect::<Vec<_>>()
        .join("; ");
    let page = response.text().await.unwrap();
    assert!(page.contains("¿Cuál es la política de devoluciones?"));
    let csrf = page
        .split("name=\"_csrf\" value=\"")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .unwrap()
        .to_string();
    let sent = client
        .post(format!("{}/help/return-policy/feedback", app.url))
        .header(reqwest::header::COOKIE, &cookie)
        .form(&[
            ("_csrf", csrf.as_str()),
            ("helpful", "no"),
            ("reason", "No dice quién paga el envío"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(sent.status(), StatusCode::SEE_OTHER);
    let mut conn = app.services().raw_store().reader().await.unwrap();
    let id: i64 =
        sqlx::query_scalar::<_, i64>("SELECT id FROM articles WHERE slug = 'return-policy'")
            .fetch_one(&mut *conn)
            .await
            .unwrap_or(0);
    drop(conn);
    let mut conn = app.services().raw_store().reader().await.unwrap();
    let (yes, no, reasons) = marketdesk_store::articles::feedback_of(&mut conn, id)
        .await
        .unwrap();
    assert_eq!((yes, no), (0, 1));
    assert_eq!(reasons, vec!["No dice quién paga el envío".to_string()]);
}

backend_test!(
    complaints_go_to_their_department_and_the_customer_hears_back,
    complaint_body
);
async fn complaint_body(app: &TestApp) {
    let (status, team) = app
        .post("/api/v1/teams", ADMIN_TOKEN, json!({"name": "Logistics"}))
        .await;
    assert_eq!(status, StatusCode::CREATED);
    let (customer_id, token) = fixtures::customer("queja@example.es").with_token(app).await;
    let _ = customer_id;
    let (status, ticket) = app
        .post("/api/v1/tickets", &token, json!({"subject": "Queja", "message": {"body": "Quiero poner una queja, el repartidor tiró mi paquete por encima de la valla"}}))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{ticket}");
    let (_, ticket) = app
        .get(&format!("/api/v1/tickets/{}", ticket["id"]), ADMIN_TOKEN)
        .await;
    assert_eq!(ticket["intent"], "complaint");
    assert_eq!(ticket["team_id"], team["id"]);
    assert!(
        ticket["tags"]
            .as_array()
            .unwrap()
            .contains(&json!("dept:logistics")),
        "{ticket}"
    );
    assert_eq!(ticket["custom_fields"]["department"], "logistics");
    // The customer follows its status; when it is solved they hear what was done.
    let (_, agent) = fixtures::staff("agent", "agent@example.com")
        .with_token(app)
        .await;
    app.post(
        &format!("/api/v1/tickets/{}/messages", ticket["id"]),
        &agent,
        json!({"body": "Hemos hablado con la empresa de reparto y el repartidor ya no hará esa ruta.", "status": "solved"}),
    )
    .await;
    let mail = app.services().outbox_for("queja@example.es").await.unwrap();
    let told = mail
        .iter()
        .find(|m| m.purpose == "feedback_outcome")
        .expect("the customer is told");
    assert!(
        told.subject.contains("queja") && told.body_text.contains("ya no hará esa ruta"),
        "{told:?}"
    );
}

backend_test!(
    the_front_page_searches_shows_popular_articles_and_a_sign_in,
    front_page_body
);
async fn front_page_body(app: &TestApp) {
    for (slug, en, es) in [
        (
            "where-is-my-order",
            "Where is my order?",
            "¿Dónde está mi pedido?",
        ),
        (
            "change-address",
            "Change the delivery address",
            "Cambiar la dirección de entrega",
        ),
    ] {
        let article = json!({"slug": slug, "category": "orders", "status": "published", "translations": [
            {"language": "en", "title": en, "body": "Text."}, {"language": "es", "title": es, "body": "Texto."}]});
        let (status, saved) = app
            .post("/api/v1/help/articles", ADMIN_TOKEN, article)
            .await;
        assert_eq!(status, StatusCode::OK, "{saved}");
    }
    // People found the address article helpful twice: it comes first.
    let mut tx = app.services().raw_store().begin().await.unwrap();
    let id: i64 = sqlx::query_scalar("SELECT id FROM articles WHERE slug = 'change-address'")
        .fetch_one(&mut *tx)
        .await
        .unwrap();
    for _ in 0..2 {
        marketdesk_store::articles::add_feedback(&mut tx, id, true, None, "es", 0)
            .await
            .unwrap();
    }
    tx.commit().await.unwrap();
    let page = reqwest::get(format!("{}/?lang=es", app.url))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("id=\"home-search\"") && page.contains("action=\"/help/search\""),
        "{page}"
    );
    let popular = page
        .split("id=\"popular-articles\"")
        .nth(1)
        .unwrap_or_default();
    let first = popular.find("Cambiar la dirección de entrega");
    let second = popular.find("¿Dónde está mi pedido?");
    assert!(
        first.is_some() && second.is_some() && first < second,
        "{page}"
    );
    assert!(page.contains("href=\"/signin\""), "{page}");
}

backend_test!(
    a_complaint_solved_without_a_reply_is_not_told_nothing,
    complaint_without_reply_body
);
async fn complaint_without_reply_body(app: &TestApp) {
    let (_, token) = fixtures::customer("queja2@example.es")
        .with_token(app)
        .await;
    let (status, ticket) = app
        .post("/api/v1/tickets", &token, json!({"subject": "Queja", "message": {"body": "Quiero poner una queja, el repartidor tiró mi paquete por encima de la valla"}}))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{ticket}");
    let (_, agent) = fixtures::staff("agent", "agent2@example.com")
        .with_token(app)
        .await;
    // Only an internal note, then solved: nothing public was said.
    app.post(
        &format!("/api/v1/tickets/{}/messages", ticket["id"]),
        &agent,
        json!({"body": "Hablado con logística por teléfono.", "kind": "note"}),
    )
    .await;
    let (status, solved) = app
        .patch(
            &format!("/api/v1/tickets/{}", ticket["id"]),
            &agent,
            json!({"status": "solved"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{solved}");
    let mail = app
        .services()
        .outbox_for("queja2@example.es")
        .await
        .unwrap();
    let told = mail
        .iter()
        .find(|m| m.purpose == "feedback_outcome")
        .expect("the customer is told");
    let body = told.body_text.trim_end();
    assert!(
        !body.ends_with(':'),
        "a sentence promising what follows, then nothing: {body}"
    );
    assert!(
        !body.contains("logística por teléfono"),
        "notes stay inside: {body}"
    );
    assert!(
        body.contains(ticket["reference"].as_str().unwrap()),
        "{body}"
    );
}

backend_test!(
    the_contact_page_shows_channels_hours_and_the_queue,
    contact_body
);
async fn contact_body(app: &TestApp) {
    let page = reqwest::get(format!("{}/contact?lang=es", app.url))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("help@demo.marketdesk.dev") && page.contains("+34 910 000 000"));
    assert!(
        page.contains("Nuestro equipo está trabajando ahora."),
        "tests run with people always at work"
    );
    assert!(page.contains("<strong id=\"waiting\">0</strong>"));
    // Opening days in words, not numbers, with their hours and zone.
    assert!(
        page.contains("Horario (hora de UTC): lunes–domingo 00:00–24:00"),
        "{page}"
    );
    assert!(!page.contains("1, 2, 3"), "{page}");
}

backend_test!(
    the_contact_page_shows_hours_in_the_shops_zone_and_its_holidays,
    contact_hours_body,
    |config: &mut marketdesk::config::Config| {
        // Closed all week but one hour the day after tomorrow, a holiday
        // tomorrow (Shanghai dates).
        let hours = crate::help::open_in_shanghai_the_day_after_tomorrow(config, "09:00-10:00");
        let (tomorrow, _) = crate::help::shanghai_days_ahead();
        hours
            .holidays
            .push(marketdesk_domain::business_hours::Holiday {
                date: tomorrow.0.clone(),
                name: "国庆节".into(),
            });
    }
);
async fn contact_hours_body(app: &TestApp) {
    let (tomorrow, day_after) = shanghai_days_ahead();
    let page = reqwest::get(format!("{}/contact?lang=zh", app.url))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let weekday =
        ["周一", "周二", "周三", "周四", "周五", "周六", "周日"][usize::from(day_after.1) - 1];
    assert!(page.contains("服务时间（Asia/Shanghai 时间）"), "{page}");
    assert!(page.contains(&format!("{weekday} 09:00–10:00")), "{page}");
    assert!(
        page.contains(&format!("客服将于{weekday} 09:00 回来")),
        "{page}"
    );
    assert!(page.contains(&format!("{} 国庆节", tomorrow.0)), "{page}");
    assert!(page.contains("id=\"open-now\" class=\"refused\""), "{page}");
}

/// Business hours in Shanghai open only during `span` on the day after
/// tomorrow (closed now, whenever the test runs); answers them for more.
pub(crate) fn open_in_shanghai_the_day_after_tomorrow<'c>(
    config: &'c mut marketdesk::config::Config,
    span: &str,
) -> &'c mut marketdesk_domain::business_hours::BusinessHours {
    let hours = &mut config.policy.contact.business_hours;
    *hours = marketdesk_domain::business_hours::BusinessHours::default();
    hours.time_zone = "Asia/Shanghai".into();
    hours.holidays.clear();
    for day in 1..=7 {
        hours.day_mut(day).clear();
    }
    let (_, day_after) = shanghai_days_ahead();
    hours.day_mut(day_after.1).push(span.into());
    hours
}

/// Tomorrow and the day after in Shanghai (UTC+8, no daylight saving), as
/// (`YYYY-MM-DD`, ISO weekday 1–7).
pub(crate) fn shanghai_days_ahead() -> ((String, u8), (String, u8)) {
    let local_day = (marketdesk_service::now_ms() + 8 * 3_600_000).div_euclid(86_400_000);
    let day = |offset: i64| {
        let days = local_day + offset;
        // 1970-01-01 was a Thursday (ISO 4).
        let weekday = ((days + 3).rem_euclid(7) + 1) as u8;
        (civil_date(days), weekday)
    };
    (day(1), day(2))
}

/// `YYYY-MM-DD` of a count of days since 1970-01-01 (Howard Hinnant's
/// civil-from-days).
fn civil_date(days: i64) -> String {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}
