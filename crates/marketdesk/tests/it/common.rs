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
    /// Declared last so the instance stops before its database is dropped.
    pg_database: Option<PgDatabase>,
}

/// A test's own PostgreSQL database, dropped when this guard is — also when
/// the test panics, so failing tests do not leave `md_it_*` databases behind.
pub struct PgDatabase {
    base: String,
    pub name: String,
}

impl PgDatabase {
    async fn create(base: String) -> PgDatabase {
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
        PgDatabase { base, name }
    }

    fn url(&self) -> String {
        database_url_with(&self.base, &self.name)
    }
}

impl Drop for PgDatabase {
    fn drop(&mut self) {
        let (base, name) = (self.base.clone(), self.name.clone());
        // Drop may run while a panic unwinds inside the test's runtime, which
        // cannot be blocked on: a thread with a runtime of its own does the work.
        let dropped = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("cleanup runtime");
            runtime.block_on(async {
                let mut conn = sqlx::PgConnection::connect(&base).await?;
                // FORCE ends the connections a panicking test's instance still holds.
                let drop = format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)");
                sqlx::query(&drop).execute(&mut conn).await?;
                conn.close().await
            })
        })
        .join();
        if !matches!(dropped, Ok(Ok(()))) {
            eprintln!(
                "could not drop the test database {}: {dropped:?}",
                self.name
            );
        }
    }
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

/// The settings every test instance starts from.
fn config_for(data_dir: std::path::PathBuf, database_url: Option<String>) -> Config {
    let mut config = Config {
        data_dir,
        database_url,
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
        twilio_auth_token: None,
        idempotency_lease: marketdesk_service::kernel::idempotency::DEFAULT_LEASE_MS,
        smtp_listen: None,
        mail_addresses: vec![],
        max_mail_bytes: marketdesk_service::email::DEFAULT_MAX_MAIL_BYTES,
        smtp_tls: None,
        mail_ca_file: None,
        mail_texts: Default::default(),
        acknowledge_email: true,
        mail_relays: vec![std::net::Ipv4Addr::LOCALHOST.into()],
        max_mail_per_client_hour: 300,
        attachment_store: None,
        metrics_token: None,
    };
    // People are always at work in tests, so the chat hands over at any hour.
    config.policy.contact.business_hours =
        marketdesk_domain::business_hours::BusinessHours::always_open("UTC");
    config
}

impl TestApp {
    pub async fn start(backend: Backend, tweak: impl FnOnce(&mut Config)) -> TestApp {
        let data_dir = tempfile::tempdir().expect("temp dir");
        let pg_database = match backend {
            Backend::Sqlite => None,
            Backend::Postgres => {
                let base = std::env::var("MARKETDESK_TEST_POSTGRES_URL")
                    .expect("MARKETDESK_TEST_POSTGRES_URL");
                Some(PgDatabase::create(base).await)
            }
        };
        let mut config = config_for(
            data_dir.path().to_path_buf(),
            pg_database.as_ref().map(PgDatabase::url),
        );
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

    /// Another node of this deployment: the same database, a data dir (and
    /// search index) of its own, its own port.
    pub async fn second_node(&self) -> Node {
        self.second_node_with(|_| {}).await
    }

    /// A further node with settings of its own (what the test gave the first).
    pub async fn second_node_with(&self, tweak: impl FnOnce(&mut Config)) -> Node {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut config = config_for(dir.path().to_path_buf(), self.database_url.clone());
        tweak(&mut config);
        let instance = Instance::start(&config).await.expect("start a second node");
        Node {
            url: instance.url(),
            instance,
            _data_dir: dir,
        }
    }

    /// The name of this test's PostgreSQL database, if it has one.
    pub fn pg_database_name(&self) -> Option<&str> {
        self.pg_database.as_ref().map(|db| db.name.as_str())
    }

    /// Stops the instance cleanly; the database goes when `self` is dropped
    /// (which also happens, without the clean stop, when a test panics).
    pub async fn finish(mut self) {
        if let Some(instance) = self.instance.take() {
            instance.stop().await.expect("clean stop");
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
}

/// A further node started by `TestApp::second_node`.
pub struct Node {
    pub url: String,
    pub instance: Instance,
    _data_dir: tempfile::TempDir,
}
