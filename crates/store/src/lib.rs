//! Storage of marketdesk: one set of queries over SQLite (the embedded
//! default) and PostgreSQL (scale-out), through sqlx's `Any` driver.
//!
//! Every query here is written in the SQL both databases accept: `$n`
//! placeholders, `RETURNING`, `ON CONFLICT`. Schemas differ only in types and
//! live in `migrations/sqlite` and `migrations/postgres`. Functions take a
//! connection so callers decide the transaction; nothing here knows HTTP or
//! who is allowed to do what.

pub mod account_help;
pub mod account_signals;
pub mod articles;
pub mod audit;
pub mod auth;
pub mod calls;
pub mod catalogue;
pub mod chat;
pub mod commerce;
pub mod credit;
mod database;
pub mod disputes;
pub mod escalations;
pub mod export;
pub mod forum;
pub mod idempotency;
pub mod inbound;
pub mod ingest;
pub mod limits;
pub mod mailboxes;
mod many_rows;
pub mod moderation;
pub mod outbox;
pub mod pending;
pub mod people;
pub mod privacy;
pub mod promotions;
pub mod quality;
mod queue;
pub mod refunds;
pub mod report_runs;
pub mod reports;
pub mod requests;
pub mod returns;
pub mod routing;
mod row;
pub mod rules;
pub mod saved_views;
pub mod schedules;
pub mod search;
pub mod seller_standards;
pub mod staff_security;
pub mod surveys;
pub mod ticket_bundle;
pub mod tickets;
pub mod webhooks;

pub use database::{Backend, CHANGE_CREDENTIALS, CHANGE_LIVE, PoolUse, Store, StoreOptions, Tx};
pub use sqlx::AnyConnection as Conn;

use thiserror::Error;

#[derive(Debug, Error)]
pub enum StoreError {
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    #[error("migration failed: {0}")]
    Migration(#[from] sqlx::migrate::MigrateError),
    #[error("{0} already exists")]
    Conflict(&'static str),
    #[error("stored value of {column} is invalid: {detail}")]
    Corrupt {
        column: &'static str,
        detail: String,
    },
    #[error("cannot prepare the data directory {path}: {source}")]
    DataDir {
        path: String,
        source: std::io::Error,
    },
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// Turns a unique-constraint violation into [`StoreError::Conflict`].
pub(crate) fn conflict_as(what: &'static str) -> impl FnOnce(sqlx::Error) -> StoreError {
    move |err| match &err {
        sqlx::Error::Database(db) if db.is_unique_violation() => StoreError::Conflict(what),
        _ => StoreError::Database(err),
    }
}
pub use sqlx::Error as SqlxError;
