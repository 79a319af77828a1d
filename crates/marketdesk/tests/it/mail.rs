//! Outgoing mail over a real SMTP server (Python's aiosmtpd, writing a Maildir).

use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use reqwest::StatusCode;
use serde_json::json;

use crate::common::{Backend, TestApp};
use crate::fixtures;

/// An SMTP server that stores what it receives in a Maildir.
pub(crate) struct SmtpSink {
    child: Child,
    maildir: tempfile::TempDir,
    pub(crate) port: u16,
}

impl SmtpSink {
    /// `None` when aiosmtpd is not installed, except in CI, where `.ci/run`
    /// installs it and its absence is an error.
    pub(crate) fn start() -> Option<SmtpSink> {
        let available = Command::new("python3")
            .args(["-c", "import aiosmtpd"])
            .status()
            .is_ok_and(|s| s.success());
        if !available {
            assert!(
                std::env::var("CI").is_err(),
                "aiosmtpd is missing in CI (pip install aiosmtpd)"
            );
            eprintln!("aiosmtpd is not installed: SMTP delivery not tested");
            return None;
        }
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .ok()?
            .local_addr()
            .ok()?
            .port();
        let maildir = tempfile::tempdir().expect("maildir");
        let child = Command::new("python3")
            .args([
                "-m",
                "aiosmtpd",
                "-n",
                "-l",
                &format!("127.0.0.1:{port}"),
                "-c",
                "aiosmtpd.handlers.Mailbox",
            ])
            .arg(maildir.path().join("inbox"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start aiosmtpd");
        let started = Instant::now();
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                started.elapsed() < Duration::from_secs(15),
                "aiosmtpd did not start"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        Some(SmtpSink {
            child,
            maildir,
            port,
        })
    }

    /// Raw messages received so far.
    pub(crate) fn messages(&self) -> Vec<String> {
        let dir = self.maildir.path().join("inbox").join("new");
        let mut out: Vec<String> = std::fs::read_dir(dir)
            .map(|entries| {
                entries
                    .filter_map(|e| e.ok())
                    .filter_map(|e| std::fs::read_to_string(e.path()).ok())
                    .collect()
            })
            .unwrap_or_default();
        out.sort();
        out
    }
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

async fn magic_link_over_smtp(backend: Backend) {
    let Some(sink) = SmtpSink::start() else {
        return;
    };
    let port = sink.port;
    let app = TestApp::start(backend, |config| {
        config.smtp_url = Some(format!("smtp://127.0.0.1:{port}"));
        config.mail_from = "Shop Support <help@shop.example>".into();
    })
    .await;
    fixtures::customer("sam@example.com").with_token(&app).await;
    let (status, _) = app
        .post_public(
            "/api/v1/auth/magic-link",
            json!({"email": "sam@example.com"}),
        )
        .await;
    assert_eq!(status, StatusCode::ACCEPTED);

    // Deliver now rather than waiting for the worker; running it twice must not send twice.
    app.services()
        .deliver_mail(marketdesk_service::now_ms())
        .await
        .unwrap();
    app.services()
        .deliver_mail(marketdesk_service::now_ms())
        .await
        .unwrap();
    let started = Instant::now();
    let messages = loop {
        let messages = sink.messages();
        if !messages.is_empty() || started.elapsed() > Duration::from_secs(10) {
            break messages;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(
        sink.messages().len(),
        1,
        "exactly one message: {messages:?}"
    );
    let raw = &messages[0];
    assert!(raw.contains("To: sam@example.com"), "{raw}");
    assert!(
        raw.contains("From: \"Shop Support\" <help@shop.example>"),
        "{raw}"
    );
    assert!(raw.contains("Subject: Your sign-in link"), "{raw}");
    let body = decode_quoted_printable(
        raw.split_once("\n\n")
            .map(|(_, body)| body)
            .unwrap_or_default(),
    );
    let token = body
        .lines()
        .find_map(|line| line.split("/auth/magic?token=").nth(1))
        .expect("link in the message")
        .trim()
        .to_string();
    let (status, grant) = app
        .post_public("/api/v1/auth/magic-link/redeem", json!({"token": token}))
        .await;
    assert_eq!(status, StatusCode::OK, "{grant}");
    let outbox = app.services().outbox_for("sam@example.com").await.unwrap();
    assert!(outbox[0].sent_at.is_some());
    app.finish().await;
}

async fn unreachable_server_is_retried_later(backend: Backend) {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let app = TestApp::start(backend, |config| {
        config.smtp_url = Some(format!("smtp://127.0.0.1:{port}"))
    })
    .await;
    fixtures::customer("kim@example.com").with_token(&app).await;
    app.post_public(
        "/api/v1/auth/magic-link",
        json!({"email": "kim@example.com"}),
    )
    .await;
    // The background worker may get there first; either way one attempt fails.
    let started = Instant::now();
    let mail = loop {
        app.services()
            .deliver_mail(marketdesk_service::now_ms())
            .await
            .unwrap();
        let mail = app
            .services()
            .outbox_for("kim@example.com")
            .await
            .unwrap()
            .remove(0);
        if mail.attempts > 0 || started.elapsed() > Duration::from_secs(10) {
            break mail;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    assert!(mail.sent_at.is_none());
    assert_eq!(mail.attempts, 1);
    assert!(mail.last_error.is_some());
    let now = marketdesk_service::now_ms();
    // Not due again right away.
    let run = app.services().deliver_mail(now + 1000).await.unwrap();
    assert_eq!((run.sent, run.failed), (0, 0));
    app.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn magic_link_over_smtp_sqlite() {
    magic_link_over_smtp(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn magic_link_over_smtp_postgres() {
    if std::env::var("MARKETDESK_TEST_POSTGRES_URL").is_ok() {
        magic_link_over_smtp(Backend::Postgres).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unreachable_smtp_sqlite() {
    unreachable_server_is_retried_later(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unreachable_smtp_postgres() {
    if std::env::var("MARKETDESK_TEST_POSTGRES_URL").is_ok() {
        unreachable_server_is_retried_later(Backend::Postgres).await;
    }
}

/// Undoes quoted-printable (RFC 2045): soft line breaks and `=XX` escapes.
pub(crate) fn decode_quoted_printable(text: &str) -> String {
    let joined = text.replace("=\r\n", "").replace("=\n", "");
    let mut out = Vec::with_capacity(joined.len());
    let mut rest = joined.as_bytes();
    while let Some((&first, tail)) = rest.split_first() {
        let escaped = (first == b'=')
            .then(|| std::str::from_utf8(tail.get(..2)?).ok())
            .flatten()
            .and_then(|hex| u8::from_str_radix(hex, 16).ok());
        match escaped {
            Some(byte) => {
                out.push(byte);
                rest = &tail[2..];
            }
            None => {
                out.push(first);
                rest = tail;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}
