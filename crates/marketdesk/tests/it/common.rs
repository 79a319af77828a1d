use std::sync::atomic::{AtomicU32, Ordering};

use marketdesk::config::{Config, DEFAULT_MAX_BODY_BYTES};
use marketdesk::serve::Instance;
use marketdesk_domain::DAY_MS;
use reqwest::StatusCode;
use serde_json::{Value, json};
use sqlx::Connection;

pub const ADMIN_TOKEN: &str = "it-admin-token-0123456789abcdef";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// A running instance with a temporary data dir (and database on PostgreSQL).
pub struct TestApp {
    pub instance: Option<Instance>,
    pub url: String,
    pub client: reqwest::Client,
    pub data_dir: std::path::PathBuf,
    pub database_url: Option<String>,
    _data_dir: tempfile::TempDir,
    pg_database: Option<(String, String)>,
}

/// Runs `body` against every configured backend.
#[macro_export]
macro_rules! backend_test {
    ($name:ident, $body:ident) => {
        $crate::backend_test!($name, $body, |_| {});
    };
    ($name:ident, $body:ident, $tweak:expr) => {
        mod $name {
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                let app =
                    $crate::common::TestApp::start($crate::common::Backend::Sqlite, $tweak).await;
                super::$body(&app).await;
                app.finish().await;
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                if std::env::var("MARKETDESK_TEST_POSTGRES_URL").is_err() {
                    eprintln!("MARKETDESK_TEST_POSTGRES_URL is not set: PostgreSQL not tested");
                    return;
                }
                let app =
                    $crate::common::TestApp::start($crate::common::Backend::Postgres, $tweak).await;
                super::$body(&app).await;
                app.finish().await;
            }
        }
    };
}

static COUNTER: AtomicU32 = AtomicU32::new(0);

fn database_url_with(base: &str, name: &str) -> String {
    let (head, _) = base
        .rsplit_once('/')
        .expect("MARKETDESK_TEST_POSTGRES_URL must end in /database");
    format!("{head}/{name}")
}

impl TestApp {
    pub async fn start(backend: Backend, tweak: impl FnOnce(&mut Config)) -> TestApp {
        let data_dir = tempfile::tempdir().expect("temp dir");
        let pg_database = match backend {
            Backend::Sqlite => None,
            Backend::Postgres => {
                let base = std::env::var("MARKETDESK_TEST_POSTGRES_URL")
                    .expect("MARKETDESK_TEST_POSTGRES_URL");
                let name = format!(
                    "md_it_{}_{}_{}",
                    std::process::id(),
                    COUNTER.fetch_add(1, Ordering::SeqCst),
                    marketdesk_service::now_ms() % 1_000_000
                );
                let mut conn = sqlx::PgConnection::connect(&base)
                    .await
                    .expect("connect to PostgreSQL");
                sqlx::query(&format!("CREATE DATABASE {name}"))
                    .execute(&mut conn)
                    .await
                    .expect("create database");
                conn.close().await.ok();
                Some((base, name))
            }
        };
        let mut config = Config {
            data_dir: data_dir.path().to_path_buf(),
            database_url: pg_database
                .as_ref()
                .map(|(base, name)| database_url_with(base, name)),
            bind: "127.0.0.1:0".parse().expect("addr"),
            public_url: "http://127.0.0.1".into(),
            max_body_bytes: DEFAULT_MAX_BODY_BYTES,
            auto_close_after: 4 * DAY_MS,
            demo: false,
            admin_token: Some(ADMIN_TOKEN.into()),
            smtp_url: None,
            mail_from: marketdesk_service::DEFAULT_MAIL_FROM.into(),
            policy: Default::default(),
            webhook_url: None,
            webhook_secret: String::new(),
            idempotency_lease: marketdesk_service::kernel::idempotency::DEFAULT_LEASE_MS,
        };
        // People are always at work in tests, so the chat hands over at any hour.
        config.policy.contact.days = (1..=7).collect();
        config.policy.contact.hours_utc = [0, 24];
        tweak(&mut config);
        let instance = Instance::start(&config).await.expect("start marketdesk");
        let url = instance.url();
        TestApp {
            data_dir: config.data_dir.clone(),
            database_url: config.database_url.clone(),
            instance: Some(instance),
            url,
            client: reqwest::Client::new(),
            _data_dir: data_dir,
            pg_database,
        }
    }

    pub fn services(&self) -> &marketdesk_service::Services {
        &self.instance.as_ref().expect("running").services
    }

    pub async fn finish(mut self) {
        if let Some(instance) = self.instance.take() {
            instance.stop().await.expect("clean stop");
        }
        if let Some((base, name)) = self.pg_database.take()
            && let Ok(mut conn) = sqlx::PgConnection::connect(&base).await
        {
            let drop = format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)");
            let _ = sqlx::query(&drop).execute(&mut conn).await;
        }
    }

    pub async fn send(
        &self,
        method: reqwest::Method,
        path: &str,
        token: Option<&str>,
        body: Option<&Value>,
    ) -> (StatusCode, Value) {
        let mut request = self.client.request(method, format!("{}{path}", self.url));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        if let Some(body) = body {
            request = request.json(body);
        }
        let response = request.send().await.expect("request");
        let status = response.status();
        let text = response.text().await.expect("body");
        let value = if text.is_empty() {
            Value::Null
        } else {
            serde_json::from_str(&text).unwrap_or(Value::String(text))
        };
        (status, value)
    }

    pub async fn get(&self, path: &str, token: &str) -> (StatusCode, Value) {
        self.send(reqwest::Method::GET, path, Some(token), None)
            .await
    }

    pub async fn post(&self, path: &str, token: &str, body: Value) -> (StatusCode, Value) {
        self.send(reqwest::Method::POST, path, Some(token), Some(&body))
            .await
    }

    /// A POST without credentials.
    pub async fn post_public(&self, path: &str, body: Value) -> (StatusCode, Value) {
        self.send(reqwest::Method::POST, path, None, Some(&body))
            .await
    }

    pub async fn patch(&self, path: &str, token: &str, body: Value) -> (StatusCode, Value) {
        self.send(reqwest::Method::PATCH, path, Some(token), Some(&body))
            .await
    }

    /// Creates a person through the API and an API token for them.
    pub async fn person_with_token(&self, role: &str, email: &str) -> (i64, String) {
        let path = if matches!(role, "customer" | "seller") {
            "/api/v1/customers"
        } else {
            "/api/v1/agents"
        };
        let mut body =
            json!({"email": email, "name": email.split('@').next().unwrap_or("x"), "role": role});
        if !matches!(role, "customer" | "seller") {
            body["password"] = json!("a-long-enough-password");
        }
        let (status, person) = self.post(path, ADMIN_TOKEN, body).await;
        assert_eq!(status, StatusCode::CREATED, "{person}");
        let id = person["id"].as_i64().expect("id");
        (id, self.token_for(id).await)
    }

    pub async fn token_for(&self, person_id: i64) -> String {
        let (status, token) = self
            .post(
                "/api/v1/tokens",
                ADMIN_TOKEN,
                json!({"person_id": person_id, "name": "test"}),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{token}");
        token["secret"].as_str().expect("secret").to_string()
    }

    /// Opens a ticket as the admin for `email` and returns it.
    pub async fn ticket_for(&self, email: &str, subject: &str) -> Value {
        let (status, ticket) = self
            .post(
                "/api/v1/tickets",
                ADMIN_TOKEN,
                json!({"subject": subject, "requester": {"email": email, "name": "Test Customer"}, "message": {"body": "Hello, I need help."}}),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{ticket}");
        ticket
    }

    /// Inserts an order for `customer_id` with one line sold by `seller_id`.
    pub async fn order(&self, number: &str, customer_id: i64, seller_id: Option<i64>) -> i64 {
        use marketdesk_domain::commerce::OrderStatus;
        use marketdesk_store::commerce::{self, OrderLineRow, OrderRow};
        let now = marketdesk_service::now_ms();
        let mut tx = self.services().store.begin().await.expect("tx");
        let order_id = commerce::insert_order(
            &mut tx,
            &OrderRow {
                id: 0,
                number: number.into(),
                external_id: None,
                customer_id,
                status: OrderStatus::Paid,
                currency: "EUR".into(),
                subtotal_minor: 4990,
                discount_minor: 0,
                shipping_minor: 0,
                tax_minor: 0,
                total_minor: 4990,
                shipping_address: json!({"name": "T", "line1": "Calle Mayor 1", "city": "Madrid", "postal_code": "28013", "country": "ES"}),
                phone: None,
                placed_at: now,
                updated_at: now,
            },
        )
        .await
        .expect("order");
        commerce::insert_line(
            &mut tx,
            &OrderLineRow {
                id: 0,
                order_id,
                line_no: 1,
                sku: "TEE-NAVY-M".into(),
                title: "Organic cotton tee".into(),
                variant: json!({"size": "M", "colour": "navy"}),
                category: "apparel".into(),
                quantity: 1,
                unit_price_minor: 4990,
                discount_minor: 0,
                seller_id,
                final_sale: false,
                cancelled_quantity: 0,
            },
        )
        .await
        .expect("line");
        tx.commit().await.expect("commit");
        order_id
    }
}
