//! What operators run the service with: liveness and readiness, Prometheus
//! metrics behind their own token, JSON logs, attachment stores by setting.

use std::process::Command;
use std::time::{Duration, Instant};

use reqwest::StatusCode;

use crate::backend_test;
use crate::common::{ADMIN_TOKEN, TestApp};

const METRICS_TOKEN: &str = "metrics-token-0123456789";

backend_test!(
    liveness_readiness_and_metrics,
    operations_body,
    |config: &mut marketdesk::config::Config| config.metrics_token =
        Some(super::METRICS_TOKEN.into())
);
async fn operations_body(app: &TestApp) {
    let (status, live) = app.get("/livez", "").await;
    assert_eq!(status, StatusCode::OK, "{live}");
    // Ready once the database answers and the search index has caught up.
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let (status, ready) = app.get("/readyz", "").await;
        if status == StatusCode::OK {
            assert_eq!(ready["status"], "ready");
            break;
        }
        assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{ready}");
        assert!(Instant::now() < deadline, "never ready: {ready}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }

    // Some traffic, then the scrape: by route pattern, never the raw path.
    let ticket = app.ticket_for("scraped@example.com", "Counted").await;
    app.get(&format!("/api/v1/tickets/{}", ticket["id"]), ADMIN_TOKEN)
        .await;
    app.get("/api/v1/no-such-route", ADMIN_TOKEN).await;
    let scrape = |token: Option<&str>| {
        let mut request = app.client.get(format!("{}/metrics", app.url));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        request.send()
    };
    assert_eq!(
        scrape(None).await.unwrap().status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        scrape(Some("not-the-metrics-token"))
            .await
            .unwrap()
            .status(),
        StatusCode::UNAUTHORIZED
    );
    // The admin's API token is not the metrics token.
    assert_eq!(
        scrape(Some(ADMIN_TOKEN)).await.unwrap().status(),
        StatusCode::UNAUTHORIZED
    );
    let response = scrape(Some(METRICS_TOKEN)).await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let text = response.text().await.unwrap();
    for expected in [
        r#"marketdesk_http_requests_total{method="POST",route="/api/v1/tickets",status="201"} 1"#,
        r#"marketdesk_http_requests_total{method="GET",route="/api/v1/tickets/{id}",status="200"} 1"#,
        r#"route="unmatched",status="404""#,
        "marketdesk_http_request_duration_seconds_bucket",
        r#"marketdesk_queue_pending{queue="mail"}"#,
        r#"marketdesk_queue_oldest_age_seconds{queue="webhooks"}"#,
        r#"marketdesk_db_pool_connections{pool="read",state="idle"}"#,
        "marketdesk_search_index_lag_seconds",
    ] {
        assert!(text.contains(expected), "{expected} missing in:\n{text}");
    }
    assert!(
        !text.contains(&format!("/api/v1/tickets/{}", ticket["id"])),
        "{text}"
    );
}

backend_test!(
    without_a_token_there_is_no_metrics_endpoint,
    no_metrics_body
);
async fn no_metrics_body(app: &TestApp) {
    let response = app
        .client
        .get(format!("{}/metrics", app.url))
        .bearer_auth("anything-at-all-0000")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
}

#[test]
fn logs_are_json_lines_when_asked_and_a_bad_format_is_named() {
    let out = Command::new(env!("CARGO_BIN_EXE_marketdesk"))
        .args(["serve", "--data-dir", "/tmp/unused-marketdesk-logs"])
        .env("MARKETDESK_LOG_FORMAT", "yaml")
        .output()
        .expect("run");
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("MARKETDESK_LOG_FORMAT") && stderr.contains("yaml"),
        "{stderr}"
    );

    // `migrate` on a fresh data dir logs that it created the database.
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_marketdesk"))
        .args(["migrate", "--data-dir"])
        .arg(dir.path())
        .env_remove("MARKETDESK_DATABASE_URL")
        .env("MARKETDESK_LOG_FORMAT", "json")
        .env("RUST_LOG", "debug")
        .output()
        .expect("run");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    let lines: Vec<&str> = stderr.lines().filter(|l| !l.trim().is_empty()).collect();
    assert!(!lines.is_empty(), "no log lines");
    for line in lines {
        let parsed: serde_json::Value =
            serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}"));
        assert!(
            parsed["level"].is_string() && parsed["fields"].is_object(),
            "{line}"
        );
    }
}

#[test]
fn an_attachment_store_that_does_not_exist_stops_the_start() {
    let out = Command::new(env!("CARGO_BIN_EXE_marketdesk"))
        .args([
            "serve",
            "--data-dir",
            "/tmp/unused-marketdesk-store",
            "--attachment-store",
            "s3",
        ])
        .output()
        .expect("run");
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("attachment_store") && stderr.contains("'s3'"),
        "{stderr}"
    );
}

/// SQLite's write-ahead log is copied into the database file by the node's
/// checkpointer, not by whichever commit crosses the threshold: the writer
/// has automatic checkpoints off, and a checkpoint copies what commits left.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_checkpoints_are_taken_off_the_writers_path() {
    let app = TestApp::start(crate::common::Backend::Sqlite, |_| {}).await;
    let store = app.services().raw_store();
    let mut tx = store.begin().await.unwrap();
    let automatic: i64 = sqlx::query_scalar("PRAGMA wal_autocheckpoint")
        .fetch_one(&mut *tx)
        .await
        .unwrap();
    tx.rollback().await.unwrap();
    assert_eq!(automatic, 0, "the writer still checkpoints by itself");

    let (status, created) = app
        .post(
            "/api/v1/tickets",
            ADMIN_TOKEN,
            serde_json::json!({
                "subject": "Checkpoint me",
                "requester": {"email": "wal@example.com", "name": "W"},
                "message": {"body": "Where is my order?"},
            }),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    // The copy is complete when a checkpoint finds every page of the log
    // already in the file (the node's own checkpointer may get there first;
    // the ticket's triage writes again a moment after its creation).
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        app.services().checkpoint().await.unwrap();
        let mut conn = store.reader().await.unwrap();
        let (_, log, copied): (i64, i64, i64) = sqlx::query_as("PRAGMA wal_checkpoint(PASSIVE)")
            .fetch_one(&mut *conn)
            .await
            .unwrap();
        if log > 0 && copied == log {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the log was not copied into the file: {copied} of {log} pages"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    app.finish().await;
}

/// The inbox views narrow a status's tickets by assignee, team and
/// service-level clocks from the status index alone: a page does not read
/// the row of every ticket it skips (the breached-SLA view read every
/// recent unsolved ticket's row, a cost that followed the queue's size).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn inbox_views_skip_tickets_without_reading_their_rows() {
    use marketdesk_domain::TicketStatus;
    use marketdesk_domain::sla::{ClockHours, SlaPolicy};
    use marketdesk_store::tickets::{TicketFilter, list_plan};

    let app = TestApp::start(crate::common::Backend::Sqlite, |_| {}).await;
    let store = app.services().raw_store();
    let mut conn = store.reader().await.unwrap();
    let views = [
        (
            "breached",
            TicketFilter {
                sla_breached: SlaPolicy::default()
                    .breach_cutoffs(&ClockHours::Calendar, 1_800_000_000_000),
                ..TicketFilter::default()
            },
            4,
        ),
        (
            "unassigned open or pending",
            TicketFilter {
                statuses: vec![TicketStatus::Open, TicketStatus::Pending],
                assignee_id: Some(None),
                ..TicketFilter::default()
            },
            2,
        ),
        (
            "open in my teams",
            TicketFilter {
                statuses: vec![TicketStatus::Open],
                team_ids: Some(vec![1, 2]),
                ..TicketFilter::default()
            },
            1,
        ),
    ];
    for (name, filter, branches) in views {
        let plan = list_plan(&mut conn, &filter).await.unwrap();
        // With several statuses a branch per status reads only the index
        // (covering); with one, the row is read only for the tickets shown.
        let wanted = if branches > 1 || filter.sla_breached.len() > 1 {
            "USING COVERING INDEX tickets_status ("
        } else {
            "USING INDEX tickets_status ("
        };
        let covered = plan.iter().filter(|step| step.contains(wanted)).count();
        assert_eq!(covered, branches, "{name}: {plan:#?}");
        assert!(
            !plan.iter().any(|step| step.starts_with("SCAN t")),
            "{name} scans the tickets: {plan:#?}"
        );
    }
}

backend_test!(
    service_level_clocks_count_business_hours_only,
    business_hours_clock_body,
    |config: &mut marketdesk::config::Config| {
        // Open only the whole day after tomorrow in Shanghai: closed now.
        crate::help::open_in_shanghai_the_day_after_tomorrow(config, "00:00-24:00");
    }
);
async fn business_hours_clock_body(app: &TestApp) {
    let (status, created) = app
        .post(
            "/api/v1/tickets",
            ADMIN_TOKEN,
            serde_json::json!({
                "subject": "Parcel not here",
                "priority": "urgent",
                "requester": {"email": "night@example.com", "name": "N"},
                "message": {"body": "Where is my parcel?"},
            }),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    let first = created["sla"]
        .as_array()
        .unwrap()
        .iter()
        .find(|clock| clock["kind"] == "first_response")
        .unwrap()
        .clone();
    // Urgent: one business hour, counted from the next opening (Shanghai
    // midnight the day after tomorrow, 16:00 UTC the day before).
    let ((tomorrow, _), _) = crate::help::shanghai_days_ahead();
    let due = first["due_at"].as_str().unwrap();
    assert!(
        due.starts_with(&format!("{tomorrow}T17:00:00")),
        "{first} should be due at {tomorrow}T17:00:00Z"
    );
    assert_eq!(first["state"], "ok", "{first}");
    // A day or more away, though the target is an hour.
    assert!(
        first["remaining_seconds"].as_i64().unwrap() > 3_600,
        "{first}"
    );
    let (_, breached) = app.get("/api/v1/tickets?sla=breached", ADMIN_TOKEN).await;
    assert!(
        breached["items"].as_array().unwrap().is_empty(),
        "closed hours do not count: {breached}"
    );
}

backend_test!(
    waiting_for_the_customer_pauses_the_resolution_clock,
    pause_body
);
async fn pause_body(app: &TestApp) {
    let (status, created) = app
        .post(
            "/api/v1/tickets",
            ADMIN_TOKEN,
            serde_json::json!({
                "subject": "Wrong size",
                "requester": {"email": "waits@example.com", "name": "W"},
                "message": {"body": "I got the wrong size, can I exchange it?"},
            }),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    let id = created["id"].as_i64().unwrap();
    let resolution = |ticket: &serde_json::Value| {
        ticket["sla"]
            .as_array()
            .unwrap()
            .iter()
            .find(|clock| clock["kind"] == "resolution")
            .unwrap()
            .clone()
    };
    // Opened 100 hours ago and answered then: the resolution target (48 h
    // for normal priority) is long past.
    let hour = 3_600_000i64;
    let mut tx = app.services().raw_store().begin().await.unwrap();
    sqlx::query(
        "UPDATE tickets SET created_at = created_at - $1, sla_clock_start = sla_clock_start - $1, \
         first_response_at = created_at - $1 + $2 WHERE id = $3",
    )
    .bind(100 * hour)
    .bind(hour)
    .bind(id)
    .execute(&mut *tx)
    .await
    .unwrap();
    tx.commit().await.unwrap();
    let (_, ticket) = app.get(&format!("/api/v1/tickets/{id}"), ADMIN_TOKEN).await;
    assert_eq!(resolution(&ticket)["state"], "breached", "{ticket}");
    assert!(in_breached_view(app, id).await);

    // Waiting for the customer: the clock stops counting.
    let path = format!("/api/v1/tickets/{id}");
    let (status, pending) = app
        .patch(&path, ADMIN_TOKEN, serde_json::json!({"status": "pending"}))
        .await;
    assert_eq!(status, StatusCode::OK, "{pending}");
    assert_eq!(resolution(&pending)["state"], "paused", "{pending}");
    assert!(
        !in_breached_view(app, id).await,
        "a paused clock is not breached"
    );

    // The customer answers: it counts again from where it stopped.
    let (_, open) = app
        .patch(&path, ADMIN_TOKEN, serde_json::json!({"status": "open"}))
        .await;
    let clock = resolution(&open);
    assert_eq!(clock["state"], "breached", "{open}");
    assert!(in_breached_view(app, id).await);
}

async fn in_breached_view(app: &TestApp, id: i64) -> bool {
    let (_, list) = app.get("/api/v1/tickets?sla=breached", ADMIN_TOKEN).await;
    list["items"]
        .as_array()
        .unwrap()
        .iter()
        .any(|t| t["id"].as_i64() == Some(id))
}
