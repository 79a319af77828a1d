//! Satisfaction surveys: asked once when a ticket is first solved, by
//! email in the customer's language; a link only shows the choice (mail
//! scanners fetch links), the confirmation records it; a poor rating
//! reopens the ticket with the team's lead.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::backend_test;
use crate::common::{ADMIN_TOKEN, TestApp};
use crate::fixtures;
use crate::web::{Browser, hidden};

/// The survey mail to `email` and its five links, best first.
async fn survey_links(app: &TestApp, email: &str) -> (Vec<String>, String) {
    let mut conn = app.services().raw_store().reader().await.unwrap();
    let mail = marketdesk_store::outbox::to_address(&mut conn, email)
        .await
        .unwrap();
    let surveys: Vec<_> = mail.iter().filter(|m| m.purpose == "csat_survey").collect();
    assert_eq!(surveys.len(), 1, "asked once: {mail:?}");
    let links = surveys[0]
        .body_text
        .split_whitespace()
        .filter(|w| w.contains("/survey/"))
        .map(|w| {
            let path = &w[w.find("/survey/").unwrap()..];
            path.to_owned()
        })
        .collect();
    (links, surveys[0].subject.clone())
}

async fn solve(app: &TestApp, ticket: &Value) {
    let (status, body) = app
        .patch(
            &format!("/api/v1/tickets/{}", ticket["id"]),
            ADMIN_TOKEN,
            json!({"status": "solved"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
}

async fn rating_of(app: &TestApp, ticket: &Value) -> Value {
    let (status, rating) = app
        .get(
            &format!("/api/v1/tickets/{}/rating", ticket["id"]),
            ADMIN_TOKEN,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{rating}");
    rating
}

backend_test!(
    a_solved_ticket_asks_once_and_a_confirmed_rating_counts,
    survey_body
);
async fn survey_body(app: &TestApp) {
    let (status, ticket) = app
        .post(
            "/api/v1/tickets",
            ADMIN_TOKEN,
            json!({"subject": "Talla equivocada", "language": "es",
                   "requester": {"email": "rosa@example.com", "name": "Rosa", "language": "es"},
                   "message": {"body": "Me llegó la talla M y pedí la L."}}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{ticket}");
    solve(app, &ticket).await;
    let (links, subject) = survey_links(app, "rosa@example.com").await;
    assert!(subject.starts_with("¿Qué tal lo hicimos?"), "{subject}");
    assert_eq!(links.len(), 5, "{links:?}");
    assert!(links[0].ends_with("?rating=5") && links[4].ends_with("?rating=1"));

    // A mail scanner fetches every link: nothing is recorded.
    for link in &links {
        let response = reqwest::get(format!("{}{link}", app.url)).await.unwrap();
        assert_eq!(response.status(), StatusCode::OK);
    }
    assert_eq!(rating_of(app, &ticket).await["rating"], Value::Null);

    // The customer opens "4", sees it chosen, confirms with a comment.
    let mut browser = Browser::new(app);
    let (status, page) = browser.get(&links[1]).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Tu valoración"), "{page}");
    assert!(page.contains("value=\"4\" required checked"), "{page}");
    let csrf = hidden(&page, "_csrf");
    let path = links[1].split('?').next().unwrap().to_owned();
    let (status, _, page) = browser
        .post(
            &path,
            &[
                ("_csrf", &csrf),
                ("rating", "4"),
                ("comment", "Rápidos y amables"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert!(page.contains("Gracias por tu valoración"), "{page}");
    let rating = rating_of(app, &ticket).await;
    assert_eq!(rating["rating"], 4);
    assert_eq!(rating["comment"], "Rápidos y amables");
    assert!(rating["answered_at"].is_string());

    // The agent sees it on the ticket.
    fixtures::staff("agent", "sol@example.com")
        .create(app)
        .await;
    let mut agent = crate::web::signed_in(app, "sol@example.com").await;
    let (_, page) = agent.get(&format!("/agent/tickets/{}", ticket["id"])).await;
    let shown = page
        .split("id=\"rating\">")
        .nth(1)
        .expect("the rating")
        .split("</dd>")
        .next()
        .unwrap();
    assert!(
        shown.starts_with("4/5") && shown.contains("Rápidos y amables"),
        "{shown}"
    );

    // Once only.
    let (status, _, page) = browser
        .post(&path, &[("_csrf", &csrf), ("rating", "1")])
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(page.contains("ya se respondió"), "{page}");
    assert_eq!(rating_of(app, &ticket).await["rating"], 4);

    // Garbage is refused, a link nobody sent reveals nothing.
    let (status, page) = browser.get("/survey/mds_not-a-real-link?rating=5").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(!page.contains("Talla equivocada"));

    // Reopened and solved again: not asked twice.
    app.patch(
        &format!("/api/v1/tickets/{}", ticket["id"]),
        ADMIN_TOKEN,
        json!({"status": "open"}),
    )
    .await;
    solve(app, &ticket).await;
    survey_links(app, "rosa@example.com").await;

    // Another customer cannot read the rating.
    let (_, stranger) = fixtures::customer("nosy@example.com").with_token(app).await;
    let (status, _) = app
        .get(
            &format!("/api/v1/tickets/{}/rating", ticket["id"]),
            &stranger,
        )
        .await;
    assert!(
        status == StatusCode::NOT_FOUND || status == StatusCode::FORBIDDEN,
        "{status}"
    );
}

backend_test!(
    a_poor_rating_reopens_the_ticket_with_the_team_lead,
    poor_body
);
async fn poor_body(app: &TestApp) {
    let lead = fixtures::staff("supervisor", "lead@example.com")
        .named("Lea Lead")
        .create(app)
        .await;
    let (_, team) = app
        .post("/api/v1/teams", ADMIN_TOKEN, json!({"name": "Returns"}))
        .await;
    let (status, body) = app
        .send(
            reqwest::Method::PUT,
            &format!("/api/v1/teams/{}/routing", team["id"]),
            Some(ADMIN_TOKEN),
            Some(&json!({"routing": "least_loaded", "lead_id": lead})),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (_, ticket) = app
        .post(
            "/api/v1/tickets",
            ADMIN_TOKEN,
            json!({"subject": "Refund missing", "team_id": team["id"],
                   "requester": {"email": "omar@example.com"},
                   "message": {"body": "Still no refund after two weeks."}}),
        )
        .await;
    solve(app, &ticket).await;
    let (links, _) = survey_links(app, "omar@example.com").await;
    let mut browser = Browser::new(app);
    let (_, page) = browser.get(&links[4]).await;
    let csrf = hidden(&page, "_csrf");
    let path = links[4].split('?').next().unwrap().to_owned();
    let (status, _, page) = browser
        .post(
            &path,
            &[
                ("_csrf", &csrf),
                ("rating", "1"),
                ("comment", "Nobody answered my question"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("open again"), "{page}");
    let (_, detail) = app
        .get(&format!("/api/v1/tickets/{}", ticket["id"]), ADMIN_TOKEN)
        .await;
    assert_eq!(detail["status"], "open", "{detail}");
    assert_eq!(detail["assignee"]["id"], lead);
    let note = detail["messages"]
        .as_array()
        .unwrap()
        .last()
        .unwrap()
        .clone();
    assert_eq!(note["kind"], "note");
    assert!(
        note["body_text"]
            .as_str()
            .unwrap()
            .contains("Nobody answered my question"),
        "{note}"
    );
}

backend_test!(
    surveys_off_ask_nobody,
    off_body,
    |config: &mut marketdesk::config::Config| {
        config.policy.csat.enabled = false;
    }
);
async fn off_body(app: &TestApp) {
    let (_, ticket) = app
        .post(
            "/api/v1/tickets",
            ADMIN_TOKEN,
            json!({"subject": "Thanks", "requester": {"email": "quiet@example.com"},
                   "message": {"body": "All good."}}),
        )
        .await;
    solve(app, &ticket).await;
    let mut conn = app.services().raw_store().reader().await.unwrap();
    let mail = marketdesk_store::outbox::to_address(&mut conn, "quiet@example.com")
        .await
        .unwrap();
    assert!(mail.iter().all(|m| m.purpose != "csat_survey"), "{mail:?}");
    let (status, _) = app
        .get(
            &format!("/api/v1/tickets/{}/rating", ticket["id"]),
            ADMIN_TOKEN,
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

backend_test!(
    the_chat_and_the_portal_ask_on_their_own_channel,
    channels_body
);
async fn channels_body(app: &TestApp) {
    // A chat handed over to a person, solved: the question comes in the chat.
    fixtures::customer("mei@example.com")
        .named("Mei")
        .language("zh")
        .create(app)
        .await;
    let (chat, _) = crate::chat::Chat::start(app, "zh").await;
    chat.say("我想找人工客服").await;
    let handed = chat.say("mei@example.com").await;
    let reference = handed
        .last()
        .unwrap()
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
        .find(|w| w.starts_with("MD-"))
        .unwrap_or_else(|| panic!("a ticket reference in {handed:?}"))
        .to_string();
    let (_, found) = app
        .get(&format!("/api/v1/tickets/{reference}"), ADMIN_TOKEN)
        .await;
    solve(app, &found).await;
    let lines = chat.since(0).await;
    let ask = lines
        .iter()
        .filter_map(|l| l["body"].as_str())
        .find(|b| b.contains("/survey/"))
        .unwrap_or_else(|| panic!("the survey in the chat: {lines:?}"));
    assert!(ask.contains("评分") && ask.contains(&reference), "{ask}");
    let link = ask[ask.find("/survey/").unwrap()..].trim().to_string();
    let mut browser = Browser::new(app);
    let (status, page) = browser.get(&format!("{link}?rating=5")).await;
    assert_eq!(status, StatusCode::OK);
    let (status, _, _) = browser
        .post(
            &link,
            &[
                ("_csrf", &hidden(&page, "_csrf")),
                ("rating", "5"),
                ("comment", ""),
            ],
        )
        .await;
    assert!(status.is_success() || status.is_redirection(), "{status}");
    assert_eq!(rating_of(app, &found).await["rating"], 5);

    // A request on the portal: the requester rates it on its page.
    fixtures::customer("rui@example.com")
        .named("Rui")
        .language("es")
        .create(app)
        .await;
    let ticket = app.ticket_for("rui@example.com", "Cremallera rota").await;
    solve(app, &ticket).await;
    let mut browser = Browser::new(app);
    crate::web::portal_sign_in(app, &mut browser, "rui@example.com").await;
    let path = format!("/requests/{}", ticket["id"]);
    let (_, page) = browser.get(&format!("{path}?lang=es")).await;
    assert!(page.contains("id=\"request-rating\""), "{page}");
    assert!(page.contains("¿Qué tal lo hicimos?"));
    let (status, _, _) = browser
        .post(
            &format!("{path}/rating"),
            &[
                ("_csrf", &hidden(&page, "_csrf")),
                ("rating", "2"),
                ("comment", "Tardaron mucho"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let rating = rating_of(app, &ticket).await;
    assert_eq!(rating["rating"], 2);
    assert_eq!(rating["comment"], "Tardaron mucho");
    // A poor rating reopened the request; the page now shows the rating.
    let (_, detail) = app
        .get(&format!("/api/v1/tickets/{}", ticket["id"]), ADMIN_TOKEN)
        .await;
    assert_eq!(detail["status"], "open", "{detail}");
    let (_, page) = browser.get(&format!("{path}?lang=es")).await;
    assert!(page.contains("Tu valoración: 2/5"), "{page}");

    // Through the API: the requester once; nobody else.
    let (owner, owner_token) = fixtures::customer("ana@example.com").with_token(app).await;
    let (_, other) = fixtures::customer("eve@example.com").with_token(app).await;
    let (_, created) = app
        .post(
            "/api/v1/tickets",
            &owner_token,
            json!({"subject": "Wrong colour", "message": {"body": "It came in red."}}),
        )
        .await;
    let _ = owner;
    solve(app, &created).await;
    let path = format!("/api/v1/tickets/{}/rating", created["id"]);
    let (status, _) = app.post(&path, &other, json!({"rating": 5})).await;
    assert!(
        status == StatusCode::FORBIDDEN || status == StatusCode::NOT_FOUND,
        "{status}"
    );
    let (status, body) = app.post(&path, &owner_token, json!({"rating": 9})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    let (status, body) = app
        .post(&path, &owner_token, json!({"rating": 4, "comment": "Fine"}))
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["reopened"], false);
    let (status, body) = app.post(&path, &owner_token, json!({"rating": 1})).await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    assert_eq!(rating_of(app, &created).await["rating"], 4);
}
