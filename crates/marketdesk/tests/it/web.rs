//! The web pages over real HTTP, as a browser without script would use them:
//! forms, cookies, CSRF tokens and redirects. (The browser tests in
//! tests/browser drive the same pages in Chromium.)

use std::collections::BTreeMap;

use reqwest::StatusCode;
use reqwest::header::{COOKIE, LOCATION, SET_COOKIE};

use crate::backend_test;
use crate::common::TestApp;
use crate::fixtures;
use marketdesk_domain::commerce::{OrderStatus, ShipmentStatus};

/// A minimal browser: keeps cookies, does not follow redirects.
pub(crate) struct Browser {
    client: reqwest::Client,
    base: String,
    cookies: BTreeMap<String, String>,
}

impl Browser {
    pub(crate) fn new(app: &TestApp) -> Self {
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap();
        Browser {
            client,
            base: app.url.clone(),
            cookies: BTreeMap::new(),
        }
    }

    fn keep(&mut self, response: &reqwest::Response) {
        for value in response.headers().get_all(SET_COOKIE) {
            let pair = value.to_str().unwrap().split(';').next().unwrap();
            let (name, value) = pair.split_once('=').unwrap();
            if value.is_empty() {
                self.cookies.remove(name);
            } else {
                self.cookies.insert(name.to_string(), value.to_string());
            }
        }
    }

    pub(crate) fn cookie_header(&self) -> String {
        self.cookies
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ")
    }

    pub(crate) async fn get(&mut self, path: &str) -> (StatusCode, String) {
        let response = self
            .client
            .get(format!("{}{path}", self.base))
            .header(COOKIE, self.cookie_header())
            .send()
            .await
            .unwrap();
        self.keep(&response);
        let status = response.status();
        (status, response.text().await.unwrap())
    }

    /// Posts a form; answers the status and the redirect target, if any.
    pub(crate) async fn post(
        &mut self,
        path: &str,
        form: &[(&str, &str)],
    ) -> (StatusCode, Option<String>, String) {
        let response = self
            .client
            .post(format!("{}{path}", self.base))
            .header(COOKIE, self.cookie_header())
            .form(form)
            .send()
            .await
            .unwrap();
        self.keep(&response);
        let status = response.status();
        let location = response
            .headers()
            .get(LOCATION)
            .map(|v| v.to_str().unwrap().to_string());
        (status, location, response.text().await.unwrap())
    }
}

impl Browser {
    /// Any request with the cookies kept; answers the whole response.
    pub(crate) async fn request(
        &mut self,
        method: reqwest::Method,
        path: &str,
        form: Option<&[(&str, &str)]>,
    ) -> reqwest::Response {
        let mut request = self
            .client
            .request(method, format!("{}{path}", self.base))
            .header(COOKIE, self.cookie_header());
        if let Some(form) = form {
            request = request.form(form);
        }
        let response = request.send().await.unwrap();
        self.keep(&response);
        response
    }

    pub(crate) fn cookie(&self, name: &str) -> Option<String> {
        self.cookies.get(name).cloned()
    }

    pub(crate) fn set_cookie(&mut self, name: &str, value: &str) {
        self.cookies.insert(name.to_string(), value.to_string());
    }

    /// Posts a multipart form with text fields and files (name, file name, type, bytes).
    pub(crate) async fn post_multipart(
        &mut self,
        path: &str,
        fields: &[(&str, &str)],
        files: &[(&str, &str, &str, &[u8])],
    ) -> (StatusCode, Option<String>) {
        let mut form = reqwest::multipart::Form::new();
        for (name, value) in fields {
            form = form.text(name.to_string(), value.to_string());
        }
        for (name, filename, content_type, bytes) in files {
            let part = reqwest::multipart::Part::bytes(bytes.to_vec())
                .file_name(filename.to_string())
                .mime_str(content_type)
                .unwrap();
            form = form.part(name.to_string(), part);
        }
        let response = self
            .client
            .post(format!("{}{path}", self.base))
            .header(COOKIE, self.cookie_header())
            .multipart(form)
            .send()
            .await
            .unwrap();
        self.keep(&response);
        let location = response
            .headers()
            .get(LOCATION)
            .map(|v| v.to_str().unwrap().to_string());
        (response.status(), location)
    }
}

/// The value of the hidden input `name` in a page.
pub(crate) fn hidden(html: &str, name: &str) -> String {
    let marker = format!("name=\"{name}\" value=\"");
    html.split(&marker)
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap_or_default()
        .to_string()
}

backend_test!(a_customer_changes_the_address_in_the_portal, portal_body);
async fn portal_body(app: &TestApp) {
    let id = fixtures::customer("pablo@example.es")
        .named("Li Wei")
        .language("es")
        .create(app)
        .await;
    fixtures::order("SO-160001", id)
        .status(OrderStatus::Processing)
        .line(2500, 1)
        .captured()
        .insert(app)
        .await;
    let mut browser = Browser::new(app);

    let (status, form) = browser.get("/orders/lookup?lang=es").await;
    assert_eq!(status, StatusCode::OK);
    assert!(form.contains("<html lang=\"es\">"));
    let csrf = hidden(&form, "_csrf");
    // A wrong email shows the error, and no session is given.
    let (status, _, page) = browser
        .post(
            "/orders/lookup",
            &[
                ("_csrf", &csrf),
                ("order_number", "SO-160001"),
                ("email", "otro@example.es"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("class=\"error\""));
    assert!(!browser.cookies.contains_key("md_session"));
    // A missing CSRF token is refused the same way.
    let (_, _, page) = browser
        .post(
            "/orders/lookup",
            &[("order_number", "SO-160001"), ("email", "pablo@example.es")],
        )
        .await;
    assert!(page.contains("class=\"error\""));

    let (status, location, _) = browser
        .post(
            "/orders/lookup",
            &[
                ("_csrf", &csrf),
                ("order_number", "SO-160001"),
                ("email", "pablo@example.es"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(location.as_deref(), Some("/orders/SO-160001"));
    let (status, order) = browser.get("/orders/SO-160001").await;
    assert_eq!(status, StatusCode::OK);
    assert!(order.contains("id=\"change-address\""), "{order}");
    assert!(order.contains("En preparación"));
    let csrf = hidden(&order, "_csrf");
    let key = hidden(&order, "_key");
    let address = [
        ("name", "Pablo Ruiz"),
        ("line1", "Gran Vía 28"),
        ("city", "Madrid"),
        ("postal_code", "28013"),
        ("country", "ES"),
    ];
    // Without the session's CSRF token nothing changes.
    let mut forged: Vec<(&str, &str)> = address.to_vec();
    forged.push(("_csrf", "forged"));
    browser.post("/orders/SO-160001/address", &forged).await;
    let (_, unchanged) = browser.get("/orders/SO-160001").await;
    assert!(!unchanged.contains("Gran Vía 28"));
    let mut fields: Vec<(&str, &str)> = address.to_vec();
    fields.push(("_csrf", &csrf));
    fields.push(("_key", &key));
    let (status, location, _) = browser.post("/orders/SO-160001/address", &fields).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(location.as_deref(), Some("/orders/SO-160001"));
    let (_, changed) = browser.get("/orders/SO-160001").await;
    assert!(changed.contains("class=\"notice\""), "{changed}");
    assert!(
        changed.contains("Hecho"),
        "the notice is in the customer's language"
    );
    assert!(changed.contains("Gran Vía 28"));
    // The notice shows once.
    let (_, again) = browser.get("/orders/SO-160001").await;
    assert!(!again.contains("class=\"notice\""));
    // Another order is not reachable with this session.
    let (status, _) = browser.get("/orders/SO-999999").await;
    assert_eq!(status, StatusCode::SEE_OTHER);
}

backend_test!(an_agent_replies_with_a_macro_and_refunds, agent_body);
async fn agent_body(app: &TestApp) {
    let id = fixtures::customer("mei@example.cn")
        .named("Li Wei")
        .language("zh-CN")
        .create(app)
        .await;
    fixtures::order("SO-170001", id)
        .status(OrderStatus::Delivered)
        .line(9900, 1)
        .captured()
        .insert(app)
        .await;
    let ticket = app.ticket_for("mei@example.cn", "包裹破损").await["id"]
        .as_i64()
        .unwrap();
    fixtures::staff("agent", "agent@example.com")
        .with_token(app)
        .await;
    let (status, made) = app
        .post("/api/v1/macros", crate::common::ADMIN_TOKEN, serde_json::json!({"name": "Sorry", "body": "We are sorry about this.", "language": "en"}))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{made}");
    let macro_id = made["id"].as_i64().unwrap().to_string();
    let mut browser = Browser::new(app);

    // Not signed in: sent to the sign-in page.
    let (status, _) = browser.get("/agent").await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, login) = browser.get("/agent/login").await;
    let csrf = hidden(&login, "_csrf");
    let (_, _, wrong) = browser
        .post(
            "/agent/login",
            &[
                ("_csrf", &csrf),
                ("email", "agent@example.com"),
                ("password", "nope"),
            ],
        )
        .await;
    assert!(wrong.contains("class=\"error\""));
    let (status, location, _) = browser
        .post(
            "/agent/login",
            &[
                ("_csrf", &csrf),
                ("email", "agent@example.com"),
                ("password", "a-long-enough-password"),
            ],
        )
        .await;
    assert_eq!(
        (status, location.as_deref()),
        (StatusCode::SEE_OTHER, Some("/agent"))
    );

    let (_, inbox) = browser.get("/agent?view=all").await;
    assert!(
        inbox.contains(&format!("href=\"/agent/tickets/{ticket}\"")),
        "{inbox}"
    );
    let (_, page) = browser.get(&format!("/agent/tickets/{ticket}")).await;
    assert!(page.contains("id=\"reply\"") && page.contains("Sorry"));
    assert!(page.contains("class=\"refund-limit\""));
    let csrf = hidden(&page, "_csrf");
    // Without script: an empty body with a macro sends the macro's text.
    let (status, _) = browser
        .post_multipart(
            &format!("/agent/tickets/{ticket}/reply"),
            &[
                ("_csrf", &csrf),
                ("body", ""),
                ("macro", &macro_id),
                ("kind", "public"),
                ("status", "pending"),
            ],
            // An empty file input still sends an empty part.
            &[("attachment", "", "application/octet-stream", b"")],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, page) = browser.get(&format!("/agent/tickets/{ticket}")).await;
    assert!(page.contains("We are sorry about this."));
    assert!(page.contains("badge pending"));
    assert!(!page.contains("class=\"attachments\""));

    // An internal note with two files from the composer.
    let (status, _) = browser
        .post_multipart(
            &format!("/agent/tickets/{ticket}/reply"),
            &[
                ("_csrf", &csrf),
                ("body", "Photos from the warehouse"),
                ("kind", "note"),
            ],
            &[
                ("attachment", "dent.png", "image/png", b"\x89PNG fake image"),
                ("attachment", "packing list.txt", "text/plain", b"1x kettle"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, page) = browser.get(&format!("/agent/tickets/{ticket}")).await;
    let files = page
        .split("class=\"attachments\"")
        .nth(1)
        .and_then(|r| r.split("</ul>").next())
        .unwrap_or_else(|| panic!("no attachments shown: {page}"))
        .to_string();
    assert!(
        files.contains("dent.png") && files.contains("packing list.txt"),
        "{files}"
    );
    let link = files
        .split("href=\"")
        .nth(2)
        .and_then(|r| r.split('"').next())
        .unwrap()
        .to_string();
    let (status, body) = browser.get(&link).await;
    assert_eq!(status, StatusCode::OK, "{link}");
    assert_eq!(body, "1x kettle");
    // A bad file is refused with a notice and no message is added.
    let before = page.matches("class=\"message ").count();
    browser
        .post_multipart(
            &format!("/agent/tickets/{ticket}/reply"),
            &[("_csrf", &csrf), ("body", "with a path"), ("kind", "note")],
            &[("attachment", "../etc/passwd", "text/plain", b"x")],
        )
        .await;
    let (_, page) = browser.get(&format!("/agent/tickets/{ticket}")).await;
    assert_eq!(page.matches("class=\"message ").count(), before);
    assert!(page.contains("class=\"notice\""));

    // Refund 1.00 within the agent's limit from the sidebar.
    let key = hidden(&page, "_key");
    let ticket_id = ticket.to_string();
    let (status, location, _) = browser
        .post(
            "/agent/orders/SO-170001/refund",
            &[
                ("_csrf", &csrf),
                ("_key", &key),
                ("amount", "1.00"),
                ("ticket_id", &ticket_id),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(location.unwrap(), format!("/agent/tickets/{ticket}"));
    let (_, page) = browser.get(&format!("/agent/tickets/{ticket}")).await;
    assert!(page.contains("class=\"notice\""), "{page}");
    let (_, order) = app
        .get("/api/v1/orders/SO-170001", crate::common::ADMIN_TOKEN)
        .await;
    assert_eq!(order["refunds"][0]["amount_minor"], 100);
    // The same form sent twice refunds once.
    browser
        .post(
            "/agent/orders/SO-170001/refund",
            &[
                ("_csrf", &csrf),
                ("_key", &key),
                ("amount", "1.00"),
                ("ticket_id", &ticket_id),
            ],
        )
        .await;
    let (_, order) = app
        .get("/api/v1/orders/SO-170001", crate::common::ADMIN_TOKEN)
        .await;
    assert_eq!(order["refunds"].as_array().unwrap().len(), 1);
    // Customers cannot use the workspace.
    let mut customer_browser = Browser::new(app);
    let (_, login) = customer_browser.get("/agent/login").await;
    let csrf = hidden(&login, "_csrf");
    let (_, _, page) = customer_browser
        .post(
            "/agent/login",
            &[
                ("_csrf", &csrf),
                ("email", "mei@example.cn"),
                ("password", "whatever-long"),
            ],
        )
        .await;
    assert!(page.contains("class=\"error\""));
}

backend_test!(the_language_switcher_translates_the_pages, language_body);
async fn language_body(app: &TestApp) {
    let mut browser = Browser::new(app);
    let (_, zh) = browser.get("/?lang=zh-CN").await;
    assert!(zh.contains("<html lang=\"zh-CN\">"));
    assert!(zh.contains("有什么可以帮您"));
    // The choice is remembered.
    let (_, again) = browser.get("/orders/lookup").await;
    assert!(again.contains("查找您的订单"), "{again}");
    let (_, es) = browser.get("/?lang=es").await;
    assert!(es.contains("¿Cómo podemos ayudarte?"));
    let css = reqwest::get(format!("{}/assets/app.css", app.url))
        .await
        .unwrap();
    assert_eq!(css.headers()["content-type"], "text/css; charset=utf-8");
}

backend_test!(
    a_customer_cancels_and_returns_in_the_portal,
    portal_errands_body
);
async fn portal_errands_body(app: &TestApp) {
    let id = fixtures::customer("tom@example.com")
        .named("Li Wei")
        .language("en")
        .create(app)
        .await;
    fixtures::order("SO-180001", id)
        .line(4200, 1)
        .captured()
        .insert(app)
        .await;
    let delivered = fixtures::order("SO-180002", id)
        .line(5600, 1)
        .captured()
        .insert(app)
        .await;
    fixtures::shipment(delivered)
        .delivered_days_ago(3)
        .insert(app)
        .await;

    let mut browser = Browser::new(app);
    let (_, form) = browser.get("/orders/lookup").await;
    let csrf = hidden(&form, "_csrf");
    browser
        .post(
            "/orders/lookup",
            &[
                ("_csrf", &csrf),
                ("order_number", "SO-180001"),
                ("email", "tom@example.com"),
            ],
        )
        .await;
    let (_, page) = browser.get("/orders/SO-180001").await;
    assert!(page.contains("id=\"cancel-order\""));
    let (csrf, key) = (hidden(&page, "_csrf"), hidden(&page, "_key"));
    let cancel_key = page
        .split("name=\"_key\" value=\"")
        .nth(2)
        .and_then(|r| r.split('"').next())
        .unwrap_or(&key)
        .to_string();
    let (status, _, _) = browser
        .post(
            "/orders/SO-180001/cancel",
            &[
                ("_csrf", &csrf),
                ("_key", &cancel_key),
                ("reason", "ordered twice"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, page) = browser.get("/orders/SO-180001").await;
    assert!(page.contains("is cancelled"), "{page}");
    assert!(page.contains("badge cancelled"));
    assert!(!page.contains("id=\"cancel-order\""));

    // The delivered order: a return with a printable label.
    let mut browser = Browser::new(app);
    let (_, form) = browser.get("/orders/lookup").await;
    let csrf = hidden(&form, "_csrf");
    browser
        .post(
            "/orders/lookup",
            &[
                ("_csrf", &csrf),
                ("order_number", "SO-180002"),
                ("email", "tom@example.com"),
            ],
        )
        .await;
    let (_, page) = browser.get("/orders/SO-180002").await;
    assert!(page.contains("id=\"start-return\""), "{page}");
    // Refund, exchange or store credit: the customer chooses.
    assert!(
        page.contains("name=\"resolution\"")
            && page.contains("value=\"exchange\"")
            && page.contains("value=\"store_credit\""),
        "{page}"
    );
    let csrf = hidden(&page, "_csrf");
    let line = page
        .split("name=\"line\" value=\"")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .unwrap()
        .to_string();
    let (status, _, _) = browser
        .post(
            "/orders/SO-180002/return",
            &[
                ("_csrf", &csrf),
                ("_key", "return-1"),
                ("line", &line),
                ("reason", "too_small"),
                ("resolution", "exchange"),
                ("exchange_for", "L"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, page) = browser.get("/orders/SO-180002").await;
    assert!(page.contains("id=\"returns\""), "{page}");
    let mut conn = app.services().raw_store().reader().await.unwrap();
    let (resolution, wanted): (String, Option<String>) =
        sqlx::query_as("SELECT resolution, exchange_variant FROM returns WHERE order_id = $1")
            .bind(delivered)
            .fetch_one(&mut *conn)
            .await
            .unwrap();
    drop(conn);
    assert_eq!(resolution, "exchange");
    assert!(wanted.is_some_and(|w| w.contains("\"L\"")));
    let label = page
        .split("class=\"label-link\" href=\"")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .unwrap()
        .to_string();
    let response = browser
        .client
        .get(format!("{}{label}", app.url))
        .header(COOKIE, browser.cookie_header())
        .send()
        .await
        .unwrap();
    assert_eq!(response.headers()["content-type"], "application/pdf");
    assert!(response.bytes().await.unwrap().starts_with(b"%PDF-"));

    // A missed delivery: the portal moves it to a pickup point.
    let missed = fixtures::order("SO-180003", id)
        .line(3100, 1)
        .status(OrderStatus::Shipped)
        .captured()
        .insert(app)
        .await;
    fixtures::shipment(missed)
        .carrier("UPS", "1Z999AA10123456799")
        .status(ShipmentStatus::AttemptFailed)
        .insert(app)
        .await;
    let mut browser = Browser::new(app);
    let (_, form) = browser.get("/orders/lookup").await;
    let csrf = hidden(&form, "_csrf");
    browser
        .post(
            "/orders/lookup",
            &[
                ("_csrf", &csrf),
                ("order_number", "SO-180003"),
                ("email", "tom@example.com"),
            ],
        )
        .await;
    let (_, page) = browser.get("/orders/SO-180003").await;
    assert!(page.contains("id=\"reschedule\""), "{page}");
    let section = page.split("id=\"reschedule\"").nth(1).unwrap_or_default();
    let key = section
        .split("name=\"_key\" value=\"")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .unwrap()
        .to_string();
    let shipment = section
        .split("name=\"shipment_id\" value=\"")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .unwrap()
        .to_string();
    let (status, _, _) = browser
        .post(
            "/orders/SO-180003/reschedule",
            &[
                ("_csrf", &hidden(&page, "_csrf")),
                ("_key", &key),
                ("shipment_id", &shipment),
                ("date", ""),
                ("pickup_point", "Kiosk 7, Congress Ave"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, page) = browser.get("/orders/SO-180003").await;
    assert!(page.contains("Kiosk 7, Congress Ave"), "{page}");
}

/// A browser signed in to one order's page by its number and email (the
/// portal's lookup), in `lang`'s page language when given.
pub(crate) async fn order_lookup(
    app: &TestApp,
    number: &str,
    email: &str,
    lang: Option<&str>,
) -> Browser {
    let mut browser = Browser::new(app);
    let form_path = match lang {
        Some(lang) => format!("/orders/lookup?lang={lang}"),
        None => "/orders/lookup".to_string(),
    };
    let (_, form) = browser.get(&form_path).await;
    browser
        .post(
            "/orders/lookup",
            &[
                ("_csrf", &hidden(&form, "_csrf")),
                ("order_number", number),
                ("email", email),
            ],
        )
        .await;
    browser
}

/// Signs a customer or seller in to the portal with the one-time link
/// mailed to them; answers the link's path.
pub(crate) async fn portal_sign_in(app: &TestApp, browser: &mut Browser, email: &str) -> String {
    let (_, form) = browser.get("/signin").await;
    let csrf = hidden(&form, "_csrf");
    let (status, _, _) = browser
        .post("/signin", &[("_csrf", &csrf), ("email", email)])
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let mail = app.services().outbox_for(email).await.unwrap();
    let link = mail[0]
        .body_text
        .lines()
        .find(|l| l.contains("/auth/magic?token="))
        .unwrap()
        .trim()
        .to_string();
    let path = link
        .split_once("127.0.0.1")
        .map(|(_, rest)| rest.trim_start_matches(|c: char| c == ':' || c.is_ascii_digit()))
        .unwrap()
        .to_string();
    // The link opens a page whose button signs in.
    let (status, landing) = browser.get(&path).await;
    assert_eq!(status, StatusCode::OK);
    let (status, _, _) = browser
        .post(
            "/auth/magic",
            &[
                ("_csrf", &hidden(&landing, "_csrf")),
                ("token", &hidden(&landing, "token")),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    path
}

/// Signs `email` in to the workspace and returns the browser.
pub(crate) async fn signed_in(app: &TestApp, email: &str) -> Browser {
    let mut browser = Browser::new(app);
    let (_, login) = browser.get("/agent/login").await;
    let csrf = hidden(&login, "_csrf");
    let (status, _, _) = browser
        .post(
            "/agent/login",
            &[
                ("_csrf", &csrf),
                ("email", email),
                ("password", "a-long-enough-password"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    browser
}

backend_test!(ticket_fields_live_updates_and_admin_pages, workspace_body);
async fn workspace_body(app: &TestApp) {
    let (agent_id, agent_token) = fixtures::staff("agent", "agent@example.com")
        .with_token(app)
        .await;
    fixtures::staff("supervisor", "sup@example.com")
        .with_token(app)
        .await;
    let ticket = app.ticket_for("kai@example.com", "Broken zip").await["id"]
        .as_i64()
        .unwrap();
    let mut browser = signed_in(app, "agent@example.com").await;
    let (_, page) = browser.get(&format!("/agent/tickets/{ticket}")).await;
    assert!(page.contains("id=\"ticket-fields\""));
    let csrf = hidden(&page, "_csrf");
    let agent = agent_id.to_string();
    let (status, _, _) = browser
        .post(
            &format!("/agent/tickets/{ticket}/update"),
            &[
                ("_csrf", &csrf),
                ("status", "pending"),
                ("priority", "high"),
                ("assignee", &agent),
                ("tags", "zip defect"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, t) = app
        .get(&format!("/api/v1/tickets/{ticket}"), &agent_token)
        .await;
    assert_eq!(
        (t["status"].as_str(), t["priority"].as_str()),
        (Some("pending"), Some("high"))
    );
    assert_eq!(t["assignee"]["id"], agent_id);
    assert_eq!(t["tags"], serde_json::json!(["defect", "zip"]));

    // The open page hears about a new message.
    let since = t["updated_at"].as_str().unwrap().to_string();
    let mut stream = browser
        .client
        .get(format!(
            "{}/agent/tickets/{ticket}/events?since={since}",
            app.url
        ))
        .header(COOKIE, browser.cookie_header())
        .send()
        .await
        .unwrap();
    assert_eq!(stream.headers()["content-type"], "text/event-stream");
    app.post(
        &format!("/api/v1/tickets/{ticket}/messages"),
        &agent_token,
        serde_json::json!({"body": "On it"}),
    )
    .await;
    let mut seen = String::new();
    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(10);
    while !seen.contains("event: changed") {
        let chunk = tokio::time::timeout_at(deadline, stream.chunk())
            .await
            .expect("an event within 10 s")
            .unwrap()
            .unwrap();
        seen.push_str(&String::from_utf8_lossy(&chunk));
    }

    // Admin pages: the audit log is for supervisors; agents are told so.
    let (_, audit) = browser.get("/agent/admin/audit").await;
    assert!(audit.contains("class=\"error\""));
    let mut supervisor = signed_in(app, "sup@example.com").await;
    let (_, audit) = supervisor.get("/agent/admin/audit").await;
    assert!(
        audit.contains("id=\"admin-table\"") && audit.contains("assignee_id"),
        "{audit}"
    );
    let (_, macros) = supervisor.get("/agent/admin/macros").await;
    let csrf = hidden(&macros, "_csrf");
    let (status, _, _) = supervisor
        .post(
            "/agent/admin/macros/new",
            &[
                ("_csrf", &csrf),
                ("name", "Thanks"),
                ("language", "en"),
                ("body", "Thanks for your patience."),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, list) = app.get("/api/v1/macros", &agent_token).await;
    assert!(
        list.as_array()
            .unwrap()
            .iter()
            .any(|m| m["name"] == "Thanks")
    );
    let (_, policy) = supervisor.get("/agent/admin/policy").await;
    assert!(policy.contains("agent_limit"));
}

backend_test!(
    a_customer_signs_in_by_email_and_answers_a_request,
    requests_body
);
async fn requests_body(app: &TestApp) {
    fixtures::customer("rui@example.com")
        .named("Li Wei")
        .language("en")
        .create(app)
        .await;
    let ticket = app.ticket_for("rui@example.com", "Zipper broke").await["id"]
        .as_i64()
        .unwrap();
    let mut browser = Browser::new(app);
    let (status, _) = browser.get("/requests").await;
    assert_eq!(
        status,
        StatusCode::SEE_OTHER,
        "signed-out visitors go to sign-in"
    );
    let path = portal_sign_in(app, &mut browser, "rui@example.com").await;
    let (_, list) = browser.get("/requests").await;
    assert!(
        list.contains(&format!("href=\"/requests/{ticket}\"")),
        "{list}"
    );
    // Statuses in the page's language, not the wire names.
    let (_, spanish) = browser.get("/requests?lang=es").await;
    assert!(
        spanish.contains(">Nuevo<") || spanish.contains(">Abierto<"),
        "{spanish}"
    );
    assert!(
        !spanish.contains(">new<") && !spanish.contains(">open<"),
        "{spanish}"
    );
    let (_, page) = browser.get(&format!("/requests/{ticket}")).await;
    let csrf = hidden(&page, "_csrf");
    browser
        .post(
            &format!("/requests/{ticket}/reply"),
            &[("_csrf", &csrf), ("body", "Here is a photo link")],
        )
        .await;
    let (_, page) = browser.get(&format!("/requests/{ticket}")).await;
    assert!(page.contains("Here is a photo link"));
    // The link works once.
    let mut late = Browser::new(app);
    let (_, landing) = late.get(&path).await;
    let (_, _, again) = late
        .post(
            "/auth/magic",
            &[
                ("_csrf", &hidden(&landing, "_csrf")),
                ("token", &hidden(&landing, "token")),
            ],
        )
        .await;
    assert!(again.contains("class=\"error\""));
}

backend_test!(
    policy_pages_show_the_policy_in_force,
    policies_body,
    |config: &mut marketdesk::config::Config| {
        config.policy.returns.window_days = 14;
        config.policy.refunds.expected_business_days = [3, 7];
    }
);
async fn policies_body(app: &TestApp) {
    let mut browser = Browser::new(app);
    let (status, page) = browser.get("/policies?lang=es").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Devoluciones"));
    assert!(
        page.contains("<dd>14</dd>"),
        "the window comes from the policy file: {page}"
    );
    assert!(page.contains("3–7"));
    assert!(page.contains("Cuando nuestro almacén ha revisado los artículos"));
    let (_, zh) = browser.get("/policies?lang=zh-CN").await;
    assert!(zh.contains("退货") && zh.contains("Gold"));
}

/// The number next to each inbox view, in order.
fn queue_counts(inbox: &str) -> Vec<(&str, i64)> {
    inbox
        .split("class=\"count\" data-view=\"")
        .skip(1)
        .map(|rest| {
            let (view, rest) = rest.split_once("\">").unwrap();
            let count = rest.split('<').next().unwrap().trim().parse().unwrap();
            (view, count)
        })
        .collect()
}

backend_test!(bulk_actions_merge_and_cancel_from_the_workspace, bulk_body);
async fn bulk_body(app: &TestApp) {
    let (agent_id, agent_token) = fixtures::staff("agent", "agent@example.com")
        .with_token(app)
        .await;
    let id = fixtures::customer("lin@example.com")
        .named("Li Wei")
        .language("en")
        .create(app)
        .await;
    fixtures::order("SO-190001", id)
        .line(3000, 1)
        .captured()
        .insert(app)
        .await;
    let a = app.ticket_for("lin@example.com", "First").await["id"]
        .as_i64()
        .unwrap();
    let b = app.ticket_for("lin@example.com", "Second").await["id"]
        .as_i64()
        .unwrap();
    let mut browser = signed_in(app, "agent@example.com").await;
    let (_, inbox) = browser.get("/agent?view=all").await;
    assert!(inbox.contains("id=\"bulk\"") && inbox.contains("/assets/shortcuts.js"));
    assert_eq!(
        queue_counts(&inbox),
        [
            ("open", 2),
            ("mine", 0),
            ("team", 0),
            ("unassigned", 2),
            ("waiting", 0),
            ("breaching", 0),
            ("escalated", 0),
            ("all", 2)
        ]
    );
    let csrf = hidden(&inbox, "_csrf");
    let (a_s, b_s) = (a.to_string(), b.to_string());
    let (status, _, _) = browser
        .post(
            "/agent/bulk",
            &[
                ("_csrf", &csrf),
                ("action", "assign_me"),
                ("ticket", &a_s),
                ("ticket", &b_s),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    for t in [a, b] {
        assert_eq!(
            app.get(&format!("/api/v1/tickets/{t}"), &agent_token)
                .await
                .1["assignee"]["id"],
            agent_id
        );
    }
    browser
        .post(
            "/agent/bulk",
            &[
                ("_csrf", &csrf),
                ("action", "status:pending"),
                ("ticket", &a_s),
            ],
        )
        .await;
    assert_eq!(
        app.get(&format!("/api/v1/tickets/{a}"), &agent_token)
            .await
            .1["status"],
        "pending"
    );
    let (_, inbox) = browser.get("/agent").await;
    assert_eq!(
        queue_counts(&inbox),
        [
            ("open", 1),
            ("mine", 2),
            ("team", 0),
            ("unassigned", 0),
            ("waiting", 1),
            ("breaching", 0),
            ("escalated", 0),
            ("all", 2)
        ],
        "the counts follow assignment and status"
    );

    // Merge b into a from b's page.
    let (status, location, _) = browser
        .post(
            &format!("/agent/tickets/{b}/merge"),
            &[("_csrf", &csrf), ("into", &format!("MD-{}", a + 1000))],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(location.unwrap(), format!("/agent/tickets/{a}"));
    assert_eq!(
        app.get(&format!("/api/v1/tickets/{b}"), &agent_token)
            .await
            .1["merged_into_id"],
        a
    );

    // Cancel the customer's order from the sidebar: refunded at once.
    let (_, page) = browser.get(&format!("/agent/tickets/{a}")).await;
    assert!(page.contains("class=\"cancel-order\""));
    let key = page
        .split("class=\"cancel-order\"")
        .nth(1)
        .and_then(|r| r.split("name=\"_key\" value=\"").nth(1))
        .and_then(|r| r.split('"').next())
        .unwrap()
        .to_string();
    let (status, _, _) = browser
        .post(
            "/agent/orders/SO-190001/cancel",
            &[("_csrf", &csrf), ("_key", &key), ("ticket_id", &a_s)],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, order) = app.get("/api/v1/orders/SO-190001", &agent_token).await;
    assert_eq!(order["status"], "cancelled");
    assert_eq!(order["refunds"][0]["amount_minor"], 3000);
    let (_, page) = browser.get(&format!("/agent/tickets/{a}")).await;
    assert!(
        page.contains("class=\"notice\"") && page.contains("30.00 EUR"),
        "{page}"
    );
    let js = reqwest::get(format!("{}/assets/shortcuts.js", app.url))
        .await
        .unwrap();
    assert!(js.text().await.unwrap().contains("keydown"));
}

backend_test!(two_agents_on_one_ticket_see_each_other, presence_body);
async fn presence_body(app: &TestApp) {
    fixtures::staff("agent", "first@example.com")
        .with_token(app)
        .await;
    fixtures::staff("agent", "second@example.com")
        .with_token(app)
        .await;
    let ticket = app.ticket_for("pat@example.com", "Collision").await["id"]
        .as_i64()
        .unwrap();
    let mut first = signed_in(app, "first@example.com").await;
    let (_, alone) = first.get(&format!("/agent/tickets/{ticket}")).await;
    assert!(
        alone.contains("id=\"viewers\" class=\"refused\" hidden"),
        "nobody else yet"
    );
    let mut second = signed_in(app, "second@example.com").await;
    let (_, page) = second.get(&format!("/agent/tickets/{ticket}")).await;
    assert!(
        page.contains("<span id=\"viewer-names\">first</span>"),
        "{page}"
    );
}

backend_test!(
    an_agent_changes_the_address_and_sends_a_return_label_from_the_sidebar,
    sidebar_actions_body
);
async fn sidebar_actions_body(app: &TestApp) {
    fixtures::staff("agent", "agent@example.com")
        .with_token(app)
        .await;
    let id = fixtures::customer("noa@example.com")
        .named("Li Wei")
        .language("en")
        .create(app)
        .await;
    fixtures::order("SO-200001", id)
        .line(2500, 1)
        .captured()
        .insert(app)
        .await;
    let delivered = fixtures::order("SO-200002", id)
        .line(4000, 1)
        .captured()
        .insert(app)
        .await;
    fixtures::shipment(delivered)
        .delivered_days_ago(2)
        .insert(app)
        .await;
    let ticket = app
        .ticket_for("noa@example.com", "Address and a return")
        .await["id"]
        .as_i64()
        .unwrap();
    let mut browser = signed_in(app, "agent@example.com").await;
    let page_path = format!("/agent/tickets/{ticket}");
    let (_, page) = browser.get(&page_path).await;
    let csrf = hidden(&page, "_csrf");
    let ticket_id = ticket.to_string();
    // The profile: language and since when.
    let facts = page
        .split("class=\"facts\"")
        .nth(1)
        .and_then(|r| r.split("</dl>").next())
        .unwrap_or_else(|| panic!("no profile facts: {page}"));
    assert!(
        facts.contains("Customer since") && facts.contains("<dd>en</dd>"),
        "{facts}"
    );
    // Only the unshipped order offers the address form; only the delivered one a return.
    assert_eq!(page.matches("class=\"change-address\"").count(), 1);
    assert_eq!(page.matches("class=\"start-return\"").count(), 1);

    let form = |line1: &'static str| {
        vec![
            ("_csrf", csrf.clone()),
            ("_key", "sidebar-address-1".to_string()),
            ("ticket_id", ticket_id.clone()),
            ("name", "Noa Levi".to_string()),
            ("line1", line1.to_string()),
            ("city", "Valencia".to_string()),
            ("postal_code", "46001".to_string()),
            ("country", "ES".to_string()),
        ]
    };
    let fields = form("Calle Colón 5");
    let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let (status, location, _) = browser
        .post("/agent/orders/SO-200001/address", &pairs)
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(location.as_deref(), Some(page_path.as_str()));
    let (_, page) = browser.get(&page_path).await;
    assert!(page.contains("Calle Colón 5, 46001 Valencia, ES"), "{page}");
    let (_, order) = app
        .get("/api/v1/orders/SO-200001", crate::common::ADMIN_TOKEN)
        .await;
    assert_eq!(order["shipping_address"]["line1"], "Calle Colón 5");
    // A bad country is refused with a notice, and nothing changes.
    let fields = form("Somewhere 1");
    let mut pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    pairs[1] = ("_key", "sidebar-address-2");
    pairs[7] = ("country", "Spain");
    browser
        .post("/agent/orders/SO-200001/address", &pairs)
        .await;
    let (_, page) = browser.get(&page_path).await;
    assert!(page.contains("class=\"notice\""), "{page}");
    let (_, order) = app
        .get("/api/v1/orders/SO-200001", crate::common::ADMIN_TOKEN)
        .await;
    assert_eq!(order["shipping_address"]["line1"], "Calle Colón 5");

    // A return for the delivered order; its label is in the sidebar.
    let line = page
        .split("class=\"start-return\"")
        .nth(1)
        .and_then(|r| r.split("name=\"line\" value=\"").nth(1))
        .and_then(|r| r.split('"').next())
        .unwrap()
        .to_string();
    let (status, _, _) = browser
        .post(
            "/agent/orders/SO-200002/return",
            &[
                ("_csrf", &csrf),
                ("_key", "sidebar-return-1"),
                ("ticket_id", &ticket_id),
                ("line", &line),
                ("reason", "damaged"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, page) = browser.get(&page_path).await;
    let label = page
        .split("class=\"returns\"")
        .nth(1)
        .and_then(|r| r.split("class=\"label-link\" href=\"").nth(1))
        .and_then(|r| r.split('"').next())
        .unwrap_or_else(|| panic!("no return in the sidebar: {page}"))
        .to_string();
    assert!(label.starts_with("/agent/returns/"));
    let response = browser
        .client
        .get(format!("{}{label}", app.url))
        .header(COOKIE, browser.cookie_header())
        .send()
        .await
        .unwrap();
    assert_eq!(response.headers()["content-type"], "application/pdf");
    assert!(response.bytes().await.unwrap().starts_with(b"%PDF-"));
    let (_, order) = app
        .get("/api/v1/orders/SO-200002", crate::common::ADMIN_TOKEN)
        .await;
    assert_eq!(order["returns"].as_array().unwrap().len(), 1);
    assert_eq!(order["returns"][0]["reason"], "damaged");

    // A replacement and a compensation coupon for the delivered parcel.
    let care = page
        .split("class=\"care\"")
        .nth(1)
        .unwrap_or_else(|| panic!("no care form: {page}"));
    let shipment = hidden(care, "shipment_id");
    for (kind, amount, key) in [("reship", "", "care-1"), ("compensation", "3.00", "care-2")] {
        let (status, _, _) = browser
            .post(
                "/agent/orders/SO-200002/care",
                &[
                    ("_csrf", &csrf),
                    ("_key", key),
                    ("ticket_id", &ticket_id),
                    ("shipment_id", &shipment),
                    ("kind", kind),
                    ("amount", amount),
                    ("reason", "the box arrived crushed"),
                ],
            )
            .await;
        assert_eq!(status, StatusCode::SEE_OTHER);
    }
    // A compensation without a valid amount is refused with a notice.
    browser
        .post(
            "/agent/orders/SO-200002/care",
            &[
                ("_csrf", &csrf),
                ("_key", "care-3"),
                ("ticket_id", &ticket_id),
                ("kind", "compensation"),
                ("amount", "three"),
                ("reason", "late"),
            ],
        )
        .await;
    let (_, page) = browser.get(&page_path).await;
    assert!(page.contains("class=\"notice\""), "{page}");
    let (_, audit) = app
        .get("/api/v1/audit?limit=100", crate::common::ADMIN_TOKEN)
        .await;
    let actions: Vec<&str> = audit["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["action"].as_str())
        .collect();
    assert!(actions.contains(&"reship_requested"), "{actions:?}");
    assert_eq!(
        actions.iter().filter(|a| **a == "compensated").count(),
        1,
        "{actions:?}"
    );
}

/// Moves a ticket's creation `hours` into the past (and its first response, if any, with it).
async fn age_ticket(app: &TestApp, id: i64, hours: i64) {
    let shift = hours * marketdesk_domain::HOUR_MS;
    let mut tx = app.services().raw_store().begin().await.unwrap();
    sqlx::query(
        "UPDATE tickets SET created_at = created_at - $1, sla_clock_start = sla_clock_start - $1, \
         sla_paused_at = sla_paused_at - $1, first_response_at = first_response_at - $2 WHERE id = $3",
    )
    .bind(shift)
    .bind(shift)
    .bind(id)
    .execute(&mut *tx)
    .await
    .unwrap();
    tx.commit().await.unwrap();
}

backend_test!(sla_clocks_and_the_breaching_queue, sla_body);
async fn sla_body(app: &TestApp) {
    let (_, agent) = fixtures::staff("agent", "agent@example.com")
        .with_token(app)
        .await;
    let new_ticket = |subject: &'static str, priority: &'static str| {
        let agent = agent.clone();
        async move {
            let id = app.ticket_for("ada@example.com", subject).await["id"]
                .as_i64()
                .unwrap();
            let (status, _) = app
                .patch(
                    &format!("/api/v1/tickets/{id}"),
                    &agent,
                    serde_json::json!({ "priority": priority }),
                )
                .await;
            assert_eq!(status, StatusCode::OK);
            id
        }
    };
    // Urgent, 2 h without an answer (target 1 h): first response breached.
    let late = new_ticket("Charged twice", "urgent").await;
    age_ticket(app, late, 2).await;
    // Normal, 2 h without an answer (target 8 h): fine.
    let fresh = new_ticket("Where is my parcel", "normal").await;
    age_ticket(app, fresh, 2).await;
    // High, answered at once but open for 30 h (resolution target 24 h).
    let slow = new_ticket("Broken zip", "high").await;
    app.post(
        &format!("/api/v1/tickets/{slow}/messages"),
        &agent,
        serde_json::json!({ "body": "We are on it." }),
    )
    .await;
    age_ticket(app, slow, 30).await;
    // Solved long ago: its clocks have stopped.
    let solved = new_ticket("Thanks", "low").await;
    app.patch(
        &format!("/api/v1/tickets/{solved}"),
        &agent,
        serde_json::json!({ "status": "solved" }),
    )
    .await;
    age_ticket(app, solved, 500).await;

    let (status, list) = app.get("/api/v1/tickets?sla=breached", &agent).await;
    assert_eq!(status, StatusCode::OK, "{list}");
    let mut ids: Vec<i64> = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["id"].as_i64().unwrap())
        .collect();
    ids.sort();
    assert_eq!(ids, vec![late, slow]);
    let (_, t) = app.get(&format!("/api/v1/tickets/{late}"), &agent).await;
    assert_eq!(t["sla"][0]["kind"], "first_response");
    assert_eq!(t["sla"][0]["state"], "breached");
    assert!(t["sla"][0]["remaining_seconds"].as_i64().unwrap() < -3000);
    let (_, t) = app.get(&format!("/api/v1/tickets/{fresh}"), &agent).await;
    assert_eq!(t["sla"][0]["state"], "ok");
    let (_, t) = app.get(&format!("/api/v1/tickets/{slow}"), &agent).await;
    assert_eq!(
        (t["sla"][0]["state"].as_str(), t["sla"][1]["state"].as_str()),
        (Some("met"), Some("breached"))
    );
    let (status, problem) = app.get("/api/v1/tickets?sla=soon", &agent).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
    assert_eq!(problem["code"], "invalid_value");

    // The workspace: a queue with its count, and badges that name the clock.
    let mut browser = signed_in(app, "agent@example.com").await;
    let (_, inbox) = browser.get("/agent?view=breaching").await;
    assert!(queue_counts(&inbox).contains(&("breaching", 2)), "{inbox}");
    assert!(inbox.contains(&format!("href=\"/agent/tickets/{late}\"")));
    assert!(!inbox.contains(&format!("href=\"/agent/tickets/{fresh}\"")));
    assert!(inbox.contains("sla-breached\" data-due="), "{inbox}");
    assert!(inbox.contains("/assets/sla-clock.js"));
    let (_, page) = browser.get(&format!("/agent/tickets/{late}")).await;
    let sla = page
        .split("id=\"sla\"")
        .nth(1)
        .and_then(|r| r.split("</p>").next())
        .unwrap()
        .to_string();
    assert!(
        sla.contains("sla-breached") && sla.contains("First reply · overdue 1 h"),
        "{sla}"
    );
    assert!(sla.contains("Resolution · 5 h"), "{sla}");
    let (status, script) = browser.get("/assets/sla-clock.js").await;
    assert_eq!(status, StatusCode::OK);
    assert!(script.contains("data-due") || script.contains("dataset.due"));
}

/// Posts an admin form and answers the notice shown on the page it leads to.
async fn admin_post(browser: &mut Browser, path: &str, form: &[(&str, &str)]) -> String {
    admin_post_outcome(browser, path, form).await.1
}

/// The line shown after posting a form: whether it is shown as an error
/// (never in a success's colours), and its text.
async fn admin_post_outcome(
    browser: &mut Browser,
    path: &str,
    form: &[(&str, &str)],
) -> (bool, String) {
    let (status, location, _) = browser.post(path, form).await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{path}");
    let (_, page) = browser.get(&location.unwrap()).await;
    let text_after = |class: &str| {
        page.split(&format!("class=\"{class}\""))
            .nth(1)
            .and_then(|r| r.split('>').nth(1))
            .and_then(|r| r.split('<').next())
            .map(str::to_string)
    };
    match text_after("error") {
        Some(error) => (true, error),
        None => (false, text_after("notice").unwrap_or_default()),
    }
}

backend_test!(
    admins_manage_staff_teams_and_roles_in_the_console,
    staff_admin_body
);
async fn staff_admin_body(app: &TestApp) {
    let (boss, _) = fixtures::staff("admin", "boss@example.com")
        .with_token(app)
        .await;
    let (_, agent_token) = fixtures::staff("agent", "agent@example.com")
        .with_token(app)
        .await;
    let mut browser = signed_in(app, "boss@example.com").await;
    let (_, page) = browser.get("/agent/admin/people").await;
    let csrf = hidden(&page, "_csrf");
    // The roles are explained as a matrix; the admin's own row has no form.
    assert!(
        page.contains("id=\"roles\"") && page.contains("Manage API tokens"),
        "{page}"
    );
    assert!(page.contains(&format!("id=\"person-{boss}\"")));
    let own_row = page
        .split(&format!("id=\"person-{boss}\""))
        .nth(1)
        .and_then(|r| r.split("</tr>").next())
        .unwrap();
    assert!(!own_row.contains("<form"), "{own_row}");

    let notice = admin_post(
        &mut browser,
        "/agent/admin/people/new",
        &[
            ("_csrf", &csrf),
            ("name", "Wei Chen"),
            ("email", "wei@example.com"),
            ("role", "agent"),
            ("password", "a-long-enough-password"),
        ],
    )
    .await;
    assert!(notice.contains("Wei Chen"), "{notice}");
    let (_, agents) = app.get("/api/v1/agents?limit=100", &agent_token).await;
    let wei = agents["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["email"] == "wei@example.com")
        .expect("the new agent")["id"]
        .as_i64()
        .unwrap();
    let wei_path = format!("/agent/admin/people/{wei}");
    admin_post(
        &mut browser,
        &wei_path,
        &[("_csrf", &csrf), ("role", "supervisor")],
    )
    .await;
    let (_, person) = app
        .get(&format!("/api/v1/agents/{wei}"), crate::common::ADMIN_TOKEN)
        .await;
    assert_eq!(person["role"], "supervisor");
    // Disabled: Wei can no longer sign in.
    admin_post(
        &mut browser,
        &wei_path,
        &[("_csrf", &csrf), ("role", "supervisor"), ("disabled", "1")],
    )
    .await;
    let mut wei_browser = Browser::new(app);
    let (_, login) = wei_browser.get("/agent/login").await;
    let login_csrf = hidden(&login, "_csrf");
    let (_, location, _) = wei_browser
        .post(
            "/agent/login",
            &[
                ("_csrf", &login_csrf),
                ("email", "wei@example.com"),
                ("password", "a-long-enough-password"),
            ],
        )
        .await;
    assert_ne!(
        location.as_deref(),
        Some("/agent"),
        "a disabled account signed in"
    );
    // Nobody changes their own role, and customers do not become staff.
    let (is_error, notice) = admin_post_outcome(
        &mut browser,
        &format!("/agent/admin/people/{boss}"),
        &[("_csrf", &csrf), ("role", "agent")],
    )
    .await;
    assert!(is_error && notice.contains("own role"), "{notice}");
    let (_, me) = app
        .get(
            &format!("/api/v1/agents/{boss}"),
            crate::common::ADMIN_TOKEN,
        )
        .await;
    assert_eq!(me["role"], "admin");
    let (status, problem) = app
        .patch(
            &format!("/api/v1/agents/{wei}"),
            crate::common::ADMIN_TOKEN,
            serde_json::json!({"role": "customer"}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
    let (status, _) = app
        .patch(
            &format!("/api/v1/agents/{wei}"),
            &agent_token,
            serde_json::json!({"disabled": false}),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    // Teams: made, joined, left.
    admin_post(
        &mut browser,
        "/agent/admin/teams/new",
        &[
            ("_csrf", &csrf),
            ("name", "Returns desk"),
            ("description", "Returns and refunds"),
        ],
    )
    .await;
    let (_, teams) = app.get("/api/v1/teams", &agent_token).await;
    let team = teams
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["name"] == "Returns desk")
        .expect("the team")["id"]
        .as_i64()
        .unwrap();
    let members = format!("/agent/admin/teams/{team}/members");
    let wei_id = wei.to_string();
    admin_post(
        &mut browser,
        &members,
        &[("_csrf", &csrf), ("person_id", &wei_id), ("member", "1")],
    )
    .await;
    let (_, page) = browser.get("/agent/admin/people").await;
    let wei_row = page
        .split(&format!("id=\"person-{wei}\""))
        .nth(1)
        .and_then(|r| r.split("</tr>").next())
        .unwrap();
    assert!(
        wei_row.contains("Returns desk") && wei_row.contains("Disabled"),
        "{wei_row}"
    );
    admin_post(
        &mut browser,
        &members,
        &[("_csrf", &csrf), ("person_id", &wei_id), ("member", "0")],
    )
    .await;
    let (_, teams) = app.get("/api/v1/teams", &agent_token).await;
    let team = teams
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["name"] == "Returns desk")
        .unwrap();
    assert!(team["member_ids"].as_array().unwrap().is_empty(), "{team}");

    // An agent sees the page without the forms.
    let mut agent_browser = signed_in(app, "agent@example.com").await;
    let (_, page) = agent_browser.get("/agent/admin/people").await;
    assert!(page.contains("id=\"staff\"") && !page.contains("id=\"new-staff\""));
    assert!(!page.contains("id=\"new-team\""));
}

backend_test!(the_help_center_is_written_in_the_console, kb_editor_body);
async fn kb_editor_body(app: &TestApp) {
    fixtures::staff("supervisor", "lead@example.com")
        .with_token(app)
        .await;
    fixtures::staff("agent", "agent@example.com")
        .with_token(app)
        .await;
    let mut browser = signed_in(app, "lead@example.com").await;
    let (_, page) = browser.get("/agent/admin/articles").await;
    assert!(page.contains("id=\"article-editor\""), "{page}");
    let csrf = hidden(&page, "_csrf");
    let article = |status: &'static str, es_title: &'static str| {
        vec![
            ("_csrf", csrf.clone()),
            ("slug", "gift-wrap".to_string()),
            ("category", "orders".to_string()),
            ("status", status.to_string()),
            ("title_en", "Gift wrapping".to_string()),
            ("body_en", "Add gift wrapping at checkout.".to_string()),
            ("title_zh-CN", String::new()),
            ("body_zh-CN", String::new()),
            ("title_es", es_title.to_string()),
            ("body_es", "Añade papel de regalo al pagar.".to_string()),
        ]
    };
    let fields = article("draft", "Envolver para regalo");
    let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let notice = admin_post(&mut browser, "/agent/admin/articles", &pairs).await;
    assert!(notice.contains("gift-wrap (draft)"), "{notice}");
    // A draft is not shown to customers.
    let (status, page) = Browser::new(app).get("/help/gift-wrap").await;
    assert_eq!(status, StatusCode::SEE_OTHER, "a draft was shown: {page}");
    let (_, page) = browser.get("/agent/admin/articles?edit=gift-wrap").await;
    assert!(page.contains("value=\"Envolver para regalo\""), "{page}");
    assert!(page.contains(
        "name=\"slug\" required pattern=\"[a-z0-9-]{3,80}\" value=\"gift-wrap\" readonly"
    ));

    let fields = article("published", "Papel de regalo");
    let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    admin_post(&mut browser, "/agent/admin/articles", &pairs).await;
    let (status, page) = Browser::new(app).get("/help/gift-wrap?lang=es").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Papel de regalo"), "{page}");
    // Chinese readers get the English text: that language was left empty.
    let (_, page) = Browser::new(app).get("/help/gift-wrap?lang=zh-CN").await;
    assert!(page.contains("Gift wrapping"));

    // A bad address is refused and nothing is written.
    let mut fields = article("draft", "x");
    fields[1].1 = "Gift Wrap!".into();
    let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    // Shown as an error, in words of the form, not the API's field name.
    let (is_error, notice) =
        admin_post_outcome(&mut browser, "/agent/admin/articles", &pairs).await;
    assert!(
        is_error && notice.contains("address of the article"),
        "{notice}"
    );
    assert!(!notice.contains("slug"), "{notice}");
    let (_, page) = browser.get("/agent/admin/articles").await;
    assert_eq!(page.matches("class=\"edit-article\"").count(), 1);

    // Agents may not edit the help center.
    let mut agent = signed_in(app, "agent@example.com").await;
    let (_, page) = agent.get("/agent/admin/articles").await;
    assert!(page.contains("class=\"error\"") && !page.contains("id=\"article-editor\""));
}

backend_test!(the_my_teams_view_and_the_channel_filter, team_view_body);
async fn team_view_body(app: &TestApp) {
    let (agent_id, agent) = fixtures::staff("agent", "agent@example.com")
        .with_token(app)
        .await;
    let (_, team) = app
        .post(
            "/api/v1/teams",
            crate::common::ADMIN_TOKEN,
            serde_json::json!({"name": "Returns desk"}),
        )
        .await;
    let team = team["id"].as_i64().unwrap();
    app.send(
        reqwest::Method::PUT,
        &format!("/api/v1/teams/{team}/members/{agent_id}"),
        Some(crate::common::ADMIN_TOKEN),
        None,
    )
    .await;
    let ours = app
        .ticket_for("kim@example.com", "Return label missing")
        .await["id"]
        .as_i64()
        .unwrap();
    app.ticket_for("lee@example.com", "Other team's ticket")
        .await;
    let (status, _) = app
        .patch(
            &format!("/api/v1/tickets/{ours}"),
            &agent,
            serde_json::json!({ "team_id": team }),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let mut browser = signed_in(app, "agent@example.com").await;
    let (_, inbox) = browser.get("/agent?view=team").await;
    assert!(queue_counts(&inbox).contains(&("team", 1)), "{inbox}");
    assert!(inbox.contains(&format!("href=\"/agent/tickets/{ours}\"")));
    assert_eq!(inbox.matches("class=\"ticket-link\"").count(), 1);
    // Narrowed to a channel, every count follows.
    let (_, chat_only) = browser.get("/agent?view=all&channel=chat").await;
    assert!(
        queue_counts(&chat_only).contains(&("all", 0)),
        "{chat_only}"
    );
    let (_, api) = app.get(&format!("/api/v1/tickets/{ours}"), &agent).await;
    let channel = api["channel"].as_str().unwrap().to_string();
    let (_, same) = browser
        .get(&format!("/agent?view=all&channel={channel}"))
        .await;
    assert!(queue_counts(&same).contains(&("all", 2)), "{same}");
    let (status, problem) = app.get("/api/v1/tickets?team=others", &agent).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
}

/// The signed-in staff member's live inbox counts (the open view's stream).
async fn inbox_events(app: &TestApp, browser: &Browser) -> reqwest::Response {
    browser
        .client
        .get(format!("{}/agent/inbox/events?view=open", app.url))
        .header(COOKIE, browser.cookie_header())
        .send()
        .await
        .unwrap()
}

/// The data of the next `counts` event on an inbox event stream.
async fn next_counts(response: &mut reqwest::Response, buffer: &mut String) -> serde_json::Value {
    loop {
        if let Some(end) = buffer.find("\n\n") {
            let event: String = buffer.drain(..end + 2).collect();
            if event.contains("event: counts")
                && let Some(data) = event.lines().find_map(|l| l.strip_prefix("data: "))
            {
                return serde_json::from_str(data).unwrap();
            }
            continue;
        }
        let chunk = tokio::time::timeout(std::time::Duration::from_secs(20), response.chunk())
            .await
            .expect("an event within 20 s")
            .unwrap()
            .expect("the stream stays open");
        buffer.push_str(&String::from_utf8_lossy(&chunk));
    }
}

backend_test!(the_inbox_counts_follow_new_work_live, inbox_live_body);
async fn inbox_live_body(app: &TestApp) {
    fixtures::staff("agent", "agent@example.com")
        .with_token(app)
        .await;
    app.ticket_for("kim@example.com", "First").await;
    let browser = signed_in(app, "agent@example.com").await;
    let mut events = inbox_events(app, &browser).await;
    assert_eq!(events.status(), StatusCode::OK);
    let mut buffer = String::new();
    let counts = next_counts(&mut events, &mut buffer).await;
    assert_eq!(counts["open"], 1, "{counts}");
    app.ticket_for("lee@example.com", "Second").await;
    let counts = next_counts(&mut events, &mut buffer).await;
    assert_eq!(
        (counts["open"].as_i64(), counts["all"].as_i64()),
        (Some(2), Some(2)),
        "{counts}"
    );
    // Without a session there is no stream.
    let anonymous = reqwest::get(format!("{}/agent/inbox/events", app.url))
        .await
        .unwrap();
    assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);
    let (_, inbox) = Browser::new(app).get("/agent").await;
    assert!(!inbox.contains("inbox/events"));
}

backend_test!(
    a_ticket_that_fails_to_load_is_not_reported_as_not_found,
    ticket_failure_body
);
async fn ticket_failure_body(app: &TestApp) {
    fixtures::staff("agent", "agent@example.com")
        .create(app)
        .await;
    let ticket = app.ticket_for("kai@example.com", "Broken zip").await["id"]
        .as_i64()
        .unwrap();
    let mut browser = signed_in(app, "agent@example.com").await;

    // A ticket that does not exist is "not found".
    let (status, _) = browser.get("/agent/tickets/999999").await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, inbox) = browser.get("/agent").await;
    assert!(inbox.contains("Ticket not found."), "{inbox}");

    // The ticket exists but its messages cannot be read (the database lost
    // the table): a failure, not "not found".
    let store = &app.services().raw_store();
    let mut tx = store.begin().await.unwrap();
    sqlx::query("ALTER TABLE messages RENAME TO messages_lost")
        .execute(&mut *tx)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let (status, _) = browser.get(&format!("/agent/tickets/{ticket}")).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, inbox) = browser.get("/agent").await;
    assert!(
        inbox.contains("This could not be loaded just now."),
        "{inbox}"
    );
    assert!(!inbox.contains("Ticket not found."), "{inbox}");
}

backend_test!(
    queue_counts_stop_counting_past_a_thousand,
    counts_capped_body
);
async fn counts_capped_body(app: &TestApp) {
    fixtures::staff("agent", "agent@example.com")
        .with_token(app)
        .await;
    // 1,001 open tickets: one more than a queue is counted to.
    for batch in 0..11 {
        let creations = (0..91).map(|n| {
            let email = format!("c{batch}-{n}@example.com");
            async move { app.ticket_for(&email, "Busy day").await }
        });
        futures_util::future::join_all(creations).await;
    }
    let mut browser = signed_in(app, "agent@example.com").await;
    let (_, inbox) = browser.get("/agent?view=all").await;
    assert!(
        inbox.contains("data-view=\"all\">1000+</span>"),
        "a queue past the limit reads 1000+: {inbox}"
    );
    assert!(inbox.contains("data-view=\"mine\">0</span>"), "{inbox}");
    let mut events = inbox_events(app, &browser).await;
    let counts = next_counts(&mut events, &mut String::new()).await;
    assert_eq!(counts["all"], "1000+", "{counts}");
    assert_eq!(counts["mine"], 0, "{counts}");
}
