//! The command line: configuration errors, admin tasks and export, run as a
//! real process.

use std::io::Write;
use std::process::{Command, Output, Stdio};

use reqwest::StatusCode;
use serde_json::Value;

use crate::backend_test;
use crate::common::TestApp;

fn marketdesk(args: &[&str], app: Option<&TestApp>, stdin: Option<&str>) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_marketdesk"));
    command
        .args(args)
        .env_remove("MARKETDESK_DATABASE_URL")
        .env_remove("MARKETDESK_CONFIG")
        .env("RUST_LOG", "warn");
    if let Some(app) = app {
        command.arg("--data-dir").arg(&app.data_dir);
        if let Some(url) = &app.database_url {
            command.arg("--database-url").arg(url);
        }
    }
    command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = command.spawn().expect("run marketdesk");
    if let Some(input) = stdin {
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(input.as_bytes())
            .expect("write stdin");
    }
    drop(child.stdin.take());
    child.wait_with_output().expect("marketdesk output")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

backend_test!(
    a_second_server_on_a_held_data_dir_says_who_holds_it,
    held_body
);
async fn held_body(app: &TestApp) {
    let out = marketdesk(&["serve", "--bind", "127.0.0.1:0"], Some(app), None);
    assert!(!out.status.success());
    let err = stderr(&out);
    assert!(err.contains("another marketdesk process"), "{err}");
    assert!(!err.contains("delete"), "{err}");
    // The running server still answers.
    let (status, _) = app.get("/api/v1/me", crate::common::ADMIN_TOKEN).await;
    assert_eq!(status, StatusCode::OK);
}

#[test]
fn bad_settings_stop_the_start_and_name_the_setting() {
    let out = marketdesk(&["serve", "--bind", "nowhere"], None, None);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("--bind"), "{}", stderr(&out));

    let out = Command::new(env!("CARGO_BIN_EXE_marketdesk"))
        .args(["serve", "--data-dir", "/tmp/unused-marketdesk-dir"])
        .env("MARKETDESK_AUTO_CLOSE_AFTER", "soon")
        .output()
        .expect("run");
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("auto-close-after") || stderr(&out).contains("AUTO_CLOSE"),
        "{}",
        stderr(&out)
    );

    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("marketdesk.toml");
    std::fs::write(
        &config,
        "bind = \"127.0.0.1:0\"\nmax_body_bytes = \"lots\"\n",
    )
    .unwrap();
    let out = marketdesk(&["--config", config.to_str().unwrap(), "serve"], None, None);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("max_body_bytes"), "{}", stderr(&out));

    let out = marketdesk(
        &[
            "admin",
            "create-user",
            "--email",
            "x@example.com",
            "--name",
            "X",
            "--role",
            "wizard",
        ],
        None,
        None,
    );
    assert!(!out.status.success());
    assert!(stderr(&out).contains("wizard"), "{}", stderr(&out));
}

backend_test!(admin_commands_and_export, admin_and_export_body);
async fn admin_and_export_body(app: &TestApp) {
    let out = marketdesk(
        &[
            "admin",
            "create-user",
            "--email",
            "Boss@Example.com",
            "--name",
            "Boss",
            "--role",
            "supervisor",
            "--password-stdin",
        ],
        Some(app),
        Some("a-very-long-password\n"),
    );
    assert!(out.status.success(), "{}", stderr(&out));
    // A staff account without a password is refused, naming the flag.
    let out = marketdesk(
        &[
            "admin",
            "create-user",
            "--email",
            "b@example.com",
            "--name",
            "B",
            "--role",
            "agent",
        ],
        Some(app),
        None,
    );
    assert!(!out.status.success());
    assert!(stderr(&out).contains("password"));

    let out = marketdesk(
        &[
            "admin",
            "create-token",
            "--email",
            "boss@example.com",
            "--name",
            "automation",
        ],
        Some(app),
        None,
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let token = String::from_utf8(out.stdout).unwrap().trim().to_string();
    let (status, me) = app.get("/api/v1/me", &token).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(me["role"], "supervisor");
    // The password set on the command line signs in.
    let (status, _) = app
        .send(
            reqwest::Method::POST,
            "/api/v1/auth/login",
            None,
            Some(&serde_json::json!({"email": "boss@example.com", "password": "a-very-long-password"})),
        )
        .await;
    assert_eq!(status, StatusCode::OK);

    app.ticket_for("export@example.com", "Export me").await;
    let out = marketdesk(&["export"], Some(app), None);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON line"))
        .collect();
    assert!(
        lines
            .iter()
            .any(|l| l["table"] == "tickets" && l["row"]["subject"] == "Export me")
    );
    assert!(
        lines
            .iter()
            .any(|l| l["table"] == "people" && l["row"]["email"] == "boss@example.com")
    );
    assert!(lines.iter().any(|l| l["table"] == "messages"));
    assert!(
        !text.contains("password_hash") && !text.contains("token_hash") && !text.contains("argon2")
    );
}

/// `bench --nodes 2` starts two nodes on one PostgreSQL database and spreads
/// the load over them: every request answered, both nodes measured.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bench_runs_against_two_nodes_on_one_database() {
    if std::env::var("MARKETDESK_TEST_POSTGRES_URL").is_err() {
        eprintln!("MARKETDESK_TEST_POSTGRES_URL is not set: PostgreSQL not tested");
        return;
    }
    let app = TestApp::start(crate::common::Backend::Postgres, |_| {}).await;
    let url = app.database_url.clone().expect("a PostgreSQL database");
    let out = tokio::task::spawn_blocking(move || {
        marketdesk(
            &[
                "bench",
                "--requests",
                "40",
                "--concurrency",
                "4",
                "--nodes",
                "2",
                "--database-url",
                &url,
            ],
            None,
            None,
        )
    })
    .await
    .expect("bench ran");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: Value = serde_json::from_slice(&out.stdout).expect("a JSON report");
    assert_eq!(report["nodes"], 2, "{report}");
    for phase in ["create", "read", "list"] {
        assert_eq!(report[phase]["errors"], 0, "{phase}: {report}");
        assert!(report[phase]["requests"].as_u64() > Some(0), "{report}");
    }
    assert!(report["peak_rss_mb"].as_f64() > Some(0.0), "{report}");

    let alone = marketdesk(&["bench", "--nodes", "2", "--requests", "1"], None, None);
    assert!(!alone.status.success());
    assert!(
        String::from_utf8_lossy(&alone.stderr).contains("--database-url"),
        "{}",
        String::from_utf8_lossy(&alone.stderr)
    );
    app.finish().await;
}
