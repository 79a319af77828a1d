//! `bench --prefill N`: the database starts with N tickets, so that the same
//! load can be measured on a young shop and on one with a million tickets.
//!
//! The rows are written with a few set-based statements per chunk (a number
//! series turned into tickets, then their messages, tags and audit entries),
//! not through the API: a million API creations would take longer than the
//! benchmark itself. They belong to the customers the benchmark's own
//! creations use, so a new ticket's requester already has thousands of
//! tickets, the way a busy shop's regular customers do.

use std::time::{Duration, Instant};

use anyhow::{Context, ensure};
use marketdesk_store::{Backend, Store, StoreOptions};

/// Tickets per transaction: bounded so neither the WAL nor PostgreSQL's
/// transaction grows with `N`.
const CHUNK: i64 = 25_000;
/// Time between two prefilled tickets: a million span about a year.
const SPACING_MS: i64 = 30_000;
/// The intents prefilled tickets are spread over.
pub(crate) const PREFILL_INTENTS: &[&str] = &[
    "track_order",
    "item_not_received",
    "get_refund",
    "return_item",
    "cancel_order",
    "change_shipping_address",
    "payment_issue",
    "item_damaged",
];

/// Opens the database the server will use, migrates it and writes `tickets`
/// tickets spread over the people with these `emails` (created here).
/// Returns how long it took.
pub(crate) async fn prefill(
    options: &StoreOptions,
    tickets: u64,
    emails: &[String],
) -> anyhow::Result<Duration> {
    ensure!(!emails.is_empty(), "prefilled tickets need customers");
    let started = Instant::now();
    let store = Store::open(options)
        .await
        .context("opening the database to prefill")?;
    store.migrate().await.context("migrating before prefill")?;
    let now = marketdesk_service::now_ms();
    let first_customer = customers(&store, emails, now).await?;
    let total = i64::try_from(tickets).context("--prefill is too large")?;
    let mut done = 0;
    while done < total {
        let upto = (done + CHUNK).min(total);
        chunk(&store, done, upto, total, first_customer, emails.len(), now).await?;
        done = upto;
    }
    Ok(started.elapsed())
}

/// Creates the customers and returns the first one's id; their ids are
/// consecutive (checked), so a ticket's requester is computed in SQL.
async fn customers(store: &Store, emails: &[String], now: i64) -> anyhow::Result<i64> {
    let mut tx = store.begin().await?;
    let mut ids = Vec::with_capacity(emails.len());
    for email in emails {
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO people (role, email, name, language, time_zone, created_at, updated_at) \
             VALUES ('customer', $1, 'Bench Customer', 'en', 'UTC', $2, $2) RETURNING id",
        )
        .bind(email)
        .bind(now)
        .fetch_one(&mut *tx)
        .await
        .context("creating the prefill's customers")?;
        ids.push(id);
    }
    tx.commit().await?;
    ensure!(
        ids.windows(2).all(|pair| pair[1] == pair[0] + 1),
        "the prefill's customers did not get consecutive ids (is another writer using this database?)"
    );
    Ok(ids[0])
}

/// Writes tickets `from..upto` of `total` with their message, tag and audit
/// entry in one transaction.
async fn chunk(
    store: &Store,
    from: i64,
    upto: i64,
    total: i64,
    first_customer: i64,
    customers: usize,
    now: i64,
) -> anyhow::Result<()> {
    let series = match store.backend() {
        Backend::Sqlite => {
            "WITH RECURSIVE series(i) AS (SELECT $1 UNION ALL SELECT i + 1 FROM series WHERE i + 1 < $2) "
        }
        Backend::Postgres => {
            "WITH series(i) AS (SELECT generate_series($1::bigint, $2::bigint - 1)) "
        }
    };
    // Like a shop's history: nine in ten tickets solved, the rest open or
    // pending; intents and tags spread (one in eight and one in a hundred
    // tickets share each), so a view of one of them is selective; the
    // newest are the last ones written.
    let intents: Vec<String> = PREFILL_INTENTS
        .iter()
        .enumerate()
        .map(|(k, intent)| format!("WHEN {k} THEN '{intent}'"))
        .collect();
    let tickets = format!(
        "{series}INSERT INTO tickets (subject, requester_id, channel, status, priority, language, \
         custom_fields, created_at, updated_at, solved_at, intent, sentiment, sla_clock_start, sla_paused_at) \
         SELECT 'Prefilled ticket ' || i, $3 + (i % $4), 'email', \
         CASE i % 20 WHEN 0 THEN 'open' WHEN 1 THEN 'pending' ELSE 'solved' END, 'normal', 'en', '{{}}', \
         $5 - ($6 - i) * {SPACING_MS}, $5 - ($6 - i) * {SPACING_MS}, \
         CASE WHEN i % 20 > 1 THEN $5 - ($6 - i) * {SPACING_MS} END, \
         CASE (i / 3) % {n} {cases} END, 'neutral', $5 - ($6 - i) * {SPACING_MS}, \
         CASE i % 20 WHEN 1 THEN $5 - ($6 - i) * {SPACING_MS} END \
         FROM series",
        n = PREFILL_INTENTS.len(),
        cases = intents.join(" "),
    );
    let mut tx = store.begin().await?;
    let last_before: Option<i64> = sqlx::query_scalar("SELECT MAX(id) FROM tickets")
        .fetch_one(&mut *tx)
        .await?;
    let last_before = last_before.unwrap_or(0);
    sqlx::query(&tickets)
        .bind(from)
        .bind(upto)
        .bind(first_customer)
        .bind(i64::try_from(customers)?)
        .bind(now)
        .bind(total)
        .execute(&mut *tx)
        .await
        .context("prefilling tickets")?;
    for statement in [
        "INSERT INTO messages (ticket_id, author_id, kind, channel, body_text, body_html, created_at) \
         SELECT id, requester_id, 'public', 'email', 'Where is my order? It has not arrived yet.', \
         '<p>Where is my order? It has not arrived yet.</p>', created_at FROM tickets WHERE id > $1",
        "INSERT INTO ticket_tags (ticket_id, tag) SELECT id, 'topic-' || (id % 100) FROM tickets WHERE id > $1",
        "INSERT INTO audit_log (subject_type, subject_id, ticket_id, actor_id, action, created_at) \
         SELECT 'ticket', id, id, requester_id, 'created', created_at FROM tickets WHERE id > $1",
    ] {
        sqlx::query(statement)
            .bind(last_before)
            .execute(&mut *tx)
            .await
            .context("prefilling the tickets' rows")?;
    }
    tx.commit().await?;
    Ok(())
}
