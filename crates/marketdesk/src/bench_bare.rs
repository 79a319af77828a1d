//! The yardstick of `marketdesk bench --baseline`: a bare axum + sqlx +
//! SQLite server that only inserts and reads a ticket — no logic, no auth,
//! no triage, no search. It answers the same two routes the benchmark
//! calls, so the same load generator measures both one after the other and
//! the report gives marketdesk's figures as a share of what the stack alone
//! does on this machine.
//!
//! It is a hidden subcommand (`marketdesk bench-baseline-server`) so that it
//! runs as its own process, measured like `marketdesk serve`.

use std::path::PathBuf;
use std::str::FromStr;

use anyhow::Context;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::{Value, json};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{Row, SqlitePool};

#[derive(Debug, Clone, clap::Args)]
pub struct BareOptions {
    #[arg(long)]
    pub bind: String,
    #[arg(long)]
    pub data_dir: PathBuf,
}

#[derive(Clone)]
struct Pools {
    read: SqlitePool,
    write: SqlitePool,
}

/// Serves until killed.
pub async fn serve(options: BareOptions) -> anyhow::Result<()> {
    std::fs::create_dir_all(&options.data_dir).context("creating the data directory")?;
    // The same journal and durability settings as marketdesk's SQLite.
    let connect = SqliteConnectOptions::from_str(&format!(
        "sqlite://{}?mode=rwc",
        options.data_dir.join("bare.db").display()
    ))?
    .journal_mode(SqliteJournalMode::Wal)
    .synchronous(SqliteSynchronous::Normal);
    let write = SqlitePoolOptions::new()
        .max_connections(1)
        .connect_with(connect.clone())
        .await?;
    let read = SqlitePoolOptions::new()
        .max_connections(8)
        .connect_with(connect)
        .await?;
    sqlx::query(
        "CREATE TABLE IF NOT EXISTS tickets (id INTEGER PRIMARY KEY, subject TEXT NOT NULL, \
         requester TEXT NOT NULL, body TEXT NOT NULL, created_at INTEGER NOT NULL)",
    )
    .execute(&write)
    .await?;
    let app = Router::new()
        .route("/healthz", get(|| async { "ok" }))
        .route("/api/v1/tickets", post(create))
        .route("/api/v1/tickets/{id}", get(read_one))
        .with_state(Pools { read, write });
    let listener = tokio::net::TcpListener::bind(&options.bind).await?;
    axum::serve(listener, app).await?;
    Ok(())
}

async fn create(
    State(pools): State<Pools>,
    Json(body): Json<Value>,
) -> Result<(StatusCode, Json<Value>), StatusCode> {
    let subject = body["subject"].as_str().unwrap_or_default();
    let requester = body["requester"]["email"].as_str().unwrap_or_default();
    let text = body["message"]["body"].as_str().unwrap_or_default();
    let now = marketdesk_service::now_ms();
    let row = sqlx::query(
        "INSERT INTO tickets (subject, requester, body, created_at) VALUES (?, ?, ?, ?) RETURNING id",
    )
    .bind(subject)
    .bind(requester)
    .bind(text)
    .bind(now)
    .fetch_one(&pools.write)
    .await
    .map_err(|_| StatusCode::INTERNAL_SERVER_ERROR)?;
    let id: i64 = row.get(0);
    Ok((
        StatusCode::CREATED,
        Json(json!({"id": id, "subject": subject, "requester": requester, "created_at": now})),
    ))
}

async fn read_one(
    State(pools): State<Pools>,
    Path(id): Path<i64>,
) -> Result<Json<Value>, StatusCode> {
    let row =
        sqlx::query("SELECT id, subject, requester, body, created_at FROM tickets WHERE id = ?")
            .bind(id)
            .fetch_optional(&pools.read)
            .await
            .map_err(|_| StatusCode::INTERNAL_SERVER_ERROR)?
            .ok_or(StatusCode::NOT_FOUND)?;
    Ok(Json(json!({
        "id": row.get::<i64, _>(0),
        "subject": row.get::<String, _>(1),
        "requester": row.get::<String, _>(2),
        "body": row.get::<String, _>(3),
        "created_at": row.get::<i64, _>(4),
    })))
}
