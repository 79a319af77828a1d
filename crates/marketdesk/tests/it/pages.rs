//! What pages let through: security headers and no inline code, remote
//! images in messages, signing out, sessions of disabled staff, API tokens
//! in the session cookie, and sign-in links opened by mail scanners.

use reqwest::header::{CACHE_CONTROL, SET_COOKIE};
use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::backend_test;
use crate::common::{ADMIN_TOKEN, TestApp};
use crate::fixtures;
use crate::web::{Browser, hidden, signed_in};

/// What in a page would need `'unsafe-inline'` (or a weaker policy) to work:
/// a `<script>` without `src`, a `style` attribute or element, an inline
/// event handler, a `javascript:` address.
fn inline_code(html: &str) -> Vec<String> {
    let mut found = Vec::new();
    let lower = html.to_ascii_lowercase();
    for (at, _) in lower.match_indices("<script") {
        let tag_end = lower[at..].find('>').map_or(lower.len(), |e| at + e);
        if !lower[at..tag_end].contains(" src=") {
            found.push(html[at..tag_end.min(at + 80)].to_string());
        }
    }
    for marker in [" style=", "<style", "javascript:"] {
        if let Some(at) = lower.find(marker) {
            found.push(html[at..(at + 60).min(html.len())].to_string());
        }
    }
    // ` onclick="`, ` onload="`…: an attribute name starting with "on".
    for (at, _) in lower.match_indices(" on") {
        let name: String = lower[at + 1..]
            .chars()
            .take_while(|c| c.is_ascii_alphabetic())
            .collect();
        if name.len() > 2 && lower[at + 1 + name.len()..].starts_with("=\"") {
            found.push(html[at..(at + 40).min(html.len())].to_string());
        }
    }
    found
}

fn header(response: &reqwest::Response, name: &str) -> String {
    response
        .headers()
        .get(name)
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default()
}

/// Checks the headers and the markup of one page; answers its HTML.
async fn checked_page(browser: &mut Browser, path: &str, personal: bool) -> String {
    let response = browser.request(Method::GET, path, None).await;
    assert_eq!(response.status(), StatusCode::OK, "{path}");
    let policy = header(&response, "content-security-policy");
    assert!(policy.contains("default-src 'self'"), "{path}: {policy}");
    assert!(policy.contains("script-src 'self'"), "{path}: {policy}");
    assert!(policy.contains("img-src 'self' data:"), "{path}: {policy}");
    assert!(!policy.contains("unsafe-inline"), "{path}: {policy}");
    if path.starts_with("/chat") {
        // The widget frames the chat on the shop's pages.
        assert!(policy.contains("frame-ancestors *"), "{path}: {policy}");
        assert_eq!(header(&response, "x-frame-options"), "", "{path}");
    } else {
        assert!(
            policy.contains("frame-ancestors 'none'"),
            "{path}: {policy}"
        );
        assert_eq!(header(&response, "x-frame-options"), "DENY", "{path}");
    }
    assert_eq!(header(&response, "x-content-type-options"), "nosniff");
    assert_eq!(
        header(&response, "referrer-policy"),
        "strict-origin-when-cross-origin"
    );
    if personal {
        assert_eq!(
            header(&response, CACHE_CONTROL.as_str()),
            "no-store",
            "{path}"
        );
    }
    let html = response.text().await.unwrap();
    assert_eq!(inline_code(&html), Vec::<String>::new(), "{path}");
    html
}

backend_test!(
    pages_send_security_headers_and_hold_remote_images,
    headers_body
);
async fn headers_body(app: &TestApp) {
    fixtures::staff("admin", "boss@example.com")
        .with_token(app)
        .await;
    let (status, ticket) = app
        .post(
            "/api/v1/tickets",
            ADMIN_TOKEN,
            json!({"subject": "Photo", "requester": {"email": "img@example.com"}, "message": {
                "body": "see the picture",
                "html": "<p>Look<img src=\"https://tracker.example/pixel.gif?who=img\" alt=\"\" width=\"1\"><img src=\"data:image/png;base64,iVBORw0KGgo=\" alt=\"inline\"></p>",
                "attachments": [{"filename": "box.jpg", "content_type": "image/jpeg", "content_base64": "/9j/4AAQSkZJRgABAQ=="}]
            }}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{ticket}");
    let id = ticket["id"].as_i64().unwrap();
    let attachment = ticket["messages"][0]["attachments"][0]["url"]
        .as_str()
        .unwrap()
        .to_string();
    let (status, _) = app
        .post(
            &format!("/api/v1/tickets/{id}/messages"),
            ADMIN_TOKEN,
            json!({"body": "attachment inline", "html": format!("<p><img src=\"{attachment}\" alt=\"box\"></p>"), "kind": "note"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);

    let mut visitor = Browser::new(app);
    for path in [
        "/",
        "/help",
        "/orders/lookup",
        "/signin",
        "/policies",
        "/contact",
        "/agent/login",
        "/chat",
    ] {
        checked_page(&mut visitor, path, false).await;
    }

    let mut agent = signed_in(app, "boss@example.com").await;
    for path in [
        "/agent?view=all",
        "/agent/search?q=photo",
        "/agent/admin/audit",
        "/agent/admin/macros",
        "/agent/admin/people",
        "/agent/admin/articles",
    ] {
        checked_page(&mut agent, path, true).await;
    }
    let page = checked_page(&mut agent, &format!("/agent/tickets/{id}"), true).await;
    // The tracking pixel is a link the agent may follow, never an image.
    assert!(
        !page.contains("<img src=\"https://tracker.example"),
        "{page}"
    );
    assert!(
        page.contains("class=\"remote-image\" href=\"https://tracker.example/pixel.gif?who=img\""),
        "{page}"
    );
    assert!(page.contains("target=\"_blank\""));
    // Inline data images and attachments stay images.
    assert!(
        page.contains("<img src=\"data:image/png;base64,iVBORw0KGgo=\""),
        "{page}"
    );
    assert!(
        page.contains(&format!("<img src=\"{attachment}\"")),
        "{page}"
    );

    // Answers to a signed-in API client are not cached either.
    let response = app
        .client
        .get(format!("{}/api/v1/me", app.url))
        .bearer_auth(ADMIN_TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(header(&response, CACHE_CONTROL.as_str()), "no-store");
}

/// The session token the browser holds.
fn session_of(browser: &Browser) -> String {
    browser.cookie("md_session").expect("a session cookie")
}

async fn me_status(app: &TestApp, bearer: &str) -> StatusCode {
    app.get("/api/v1/me", bearer).await.0
}

backend_test!(
    signing_out_ends_the_session_without_a_form_token,
    logout_body
);
async fn logout_body(app: &TestApp) {
    fixtures::staff("agent", "out@example.com")
        .with_token(app)
        .await;
    // The workspace's button, posted from a stale page (wrong token).
    let mut browser = signed_in(app, "out@example.com").await;
    let session = session_of(&browser);
    assert_eq!(me_status(app, &session).await, StatusCode::OK);
    let (status, location, _) = browser
        .post("/agent/logout", &[("_csrf", "stale-token")])
        .await;
    assert_eq!(
        (status, location.as_deref()),
        (StatusCode::SEE_OTHER, Some("/agent/login"))
    );
    assert_eq!(me_status(app, &session).await, StatusCode::UNAUTHORIZED);

    // The API's logout with the cookie and no X-CSRF-Token.
    let (status, grant) = app
        .post_public(
            "/api/v1/auth/login",
            json!({"email": "out@example.com", "password": "a-long-enough-password"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{grant}");
    let session = grant["token"].as_str().unwrap().to_string();
    let response = app
        .client
        .post(format!("{}/api/v1/auth/logout", app.url))
        .header("cookie", format!("md_session={session}"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert!(header(&response, SET_COOKIE.as_str()).contains("Max-Age=0"));
    assert_eq!(me_status(app, &session).await, StatusCode::UNAUTHORIZED);
}

backend_test!(disabling_staff_ends_their_sessions_for_good, disabled_body);
async fn disabled_body(app: &TestApp) {
    let (id, _) = fixtures::staff("agent", "gone@example.com")
        .with_token(app)
        .await;
    let mut browser = signed_in(app, "gone@example.com").await;
    let (status, _) = browser.get("/agent").await;
    assert_eq!(status, StatusCode::OK);
    for disabled in [true, false] {
        let (status, person) = app
            .patch(
                &format!("/api/v1/agents/{id}"),
                ADMIN_TOKEN,
                json!({"disabled": disabled}),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{person}");
    }
    // Enabled again, but the old session stays ended: sign in anew.
    let (status, _) = browser.get("/agent").await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let mut again = signed_in(app, "gone@example.com").await;
    let (status, _) = again.get("/agent").await;
    assert_eq!(status, StatusCode::OK);
}

backend_test!(
    an_api_token_in_the_session_cookie_is_no_session,
    token_cookie_body
);
async fn token_cookie_body(app: &TestApp) {
    let (_, api_token) = fixtures::staff("agent", "tok@example.com")
        .with_token(app)
        .await;
    let id = app.ticket_for("victim@example.com", "Keep me open").await["id"]
        .as_i64()
        .unwrap();
    let mut browser = Browser::new(app);
    browser.set_cookie("md_session", &api_token);
    let (status, _) = browser.get("/agent").await;
    assert_eq!(status, StatusCode::SEE_OTHER, "not signed in");
    // A form post with no CSRF token changes nothing.
    browser
        .post(
            &format!("/agent/tickets/{id}/update"),
            &[("_csrf", ""), ("priority", "urgent")],
        )
        .await;
    let (_, ticket) = app.get(&format!("/api/v1/tickets/{id}"), ADMIN_TOKEN).await;
    assert!(ticket["priority"].is_string(), "{ticket}");
    assert_ne!(ticket["priority"], "urgent", "{ticket}");
    // Nor does the API take it from the cookie, with or without a CSRF header.
    for csrf in [None, Some("")] {
        let mut request = app
            .client
            .patch(format!("{}/api/v1/tickets/{id}", app.url))
            .header("cookie", format!("md_session={api_token}"))
            .json(&json!({"priority": "urgent"}));
        if let Some(c) = csrf {
            request = request.header("x-csrf-token", c);
        }
        let status = request.send().await.unwrap().status();
        assert!(status.is_client_error(), "{status}");
    }
    let response = app
        .client
        .get(format!("{}/api/v1/me", app.url))
        .header("cookie", format!("md_session={api_token}"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    let (_, ticket) = app.get(&format!("/api/v1/tickets/{id}"), ADMIN_TOKEN).await;
    assert_ne!(ticket["priority"], "urgent", "{ticket}");
}

/// The path of the newest sign-in link mailed to `email`.
async fn mailed_link(app: &TestApp, email: &str) -> String {
    let mail = app.services().outbox_for(email).await.unwrap();
    let link = mail
        .last()
        .unwrap()
        .body_text
        .lines()
        .find(|l| l.contains("/auth/magic?token="))
        .unwrap()
        .trim()
        .to_string();
    link.split_once("127.0.0.1")
        .map(|(_, rest)| rest.trim_start_matches(|c: char| c == ':' || c.is_ascii_digit()))
        .unwrap()
        .to_string()
}

async fn ask_for_link(app: &TestApp, email: &str) -> String {
    let mut browser = Browser::new(app);
    let (_, form) = browser.get("/signin").await;
    let (status, _, _) = browser
        .post(
            "/signin",
            &[("_csrf", &hidden(&form, "_csrf")), ("email", email)],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    mailed_link(app, email).await
}

backend_test!(sign_in_links_survive_mail_scanners, scanner_body);
async fn scanner_body(app: &TestApp) {
    fixtures::customer("scan@example.com")
        .named("Li Wei")
        .language("es")
        .create(app)
        .await;
    app.ticket_for("scan@example.com", "Where is it").await;
    let link = ask_for_link(app, "scan@example.com").await;

    // A scanner's HEAD and prefetching GETs neither sign in nor use the link up.
    let mut scanner = Browser::new(app);
    let response = scanner.request(Method::HEAD, &link, None).await;
    assert_eq!(response.status(), StatusCode::OK);
    for _ in 0..2 {
        let response = scanner.request(Method::GET, &link, None).await;
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(header(&response, CACHE_CONTROL.as_str()), "no-store");
    }
    assert_eq!(scanner.cookie("md_session"), None);

    // The person opens the link (in Spanish) and presses the button.
    let mut person = Browser::new(app);
    person.get("/?lang=es").await;
    let (status, landing) = person.get(&link).await;
    assert_eq!(status, StatusCode::OK);
    assert!(landing.contains("Entrar"), "{landing}");
    assert_eq!(person.cookie("md_session"), None);
    let (status, location, _) = person
        .post(
            "/auth/magic",
            &[
                ("_csrf", &hidden(&landing, "_csrf")),
                ("token", &hidden(&landing, "token")),
            ],
        )
        .await;
    assert_eq!(
        (status, location.as_deref()),
        (StatusCode::SEE_OTHER, Some("/requests"))
    );
    let (status, _) = person.get("/requests").await;
    assert_eq!(status, StatusCode::OK);
}

backend_test!(customers_sign_out_from_the_portal, customer_signout_body);
async fn customer_signout_body(app: &TestApp) {
    fixtures::customer("leave@example.com")
        .named("Li Wei")
        .language("zh-CN")
        .create(app)
        .await;
    app.ticket_for("leave@example.com", "Help").await;
    let link = ask_for_link(app, "leave@example.com").await;
    let mut person = Browser::new(app);
    let (_, landing) = person.get(&link).await;
    person
        .post(
            "/auth/magic",
            &[
                ("_csrf", &hidden(&landing, "_csrf")),
                ("token", &hidden(&landing, "token")),
            ],
        )
        .await;
    let session = session_of(&person);
    for (lang, label) in [
        ("en", "Sign out"),
        ("zh-CN", "退出登录"),
        ("es", "Cerrar sesión"),
    ] {
        let (status, page) = person.get(&format!("/requests?lang={lang}")).await;
        assert_eq!(status, StatusCode::OK);
        assert!(page.contains("action=\"/signout\""), "{page}");
        assert!(page.contains(label), "{lang}: {page}");
    }
    let (status, location, _) = person.post("/signout", &[("_csrf", "")]).await;
    assert_eq!(
        (status, location.as_deref()),
        (StatusCode::SEE_OTHER, Some("/"))
    );
    assert_eq!(me_status(app, &session).await, StatusCode::UNAUTHORIZED);
    let (status, _) = person.get("/requests").await;
    assert_eq!(status, StatusCode::SEE_OTHER);
}
