//! `marketdesk bench --reports N`: N tickets over the last year with their
//! events and report facts, then the dashboard's queries timed.
//!
//! The tickets are written directly (a million API creations would take
//! longer than the benchmark): each with its status changes as events, its
//! facts computed by the same domain function the reports' job uses
//! (`metrics::ticket_facts`, business hours included), its answered waits,
//! a survey for a third of the solved ones, and the daily rollups counted
//! from the facts as the job does. Then the reports run in-process, as the
//! dashboard asks for them: the
//! default page (the last 7 days by team, with the week before), a month
//! by agent, a quarter by channel, a filtered week by day, and the tickets
//! behind a figure, each [`REPEATS`] times. Reported: p50, p95 and max per
//! query, in ms.

use std::time::{Duration, Instant};

use anyhow::{Context, ensure};
use marketdesk_domain::metrics::{self, Change, Said, Speaker, TicketHistory};
use marketdesk_domain::sla::ClockHours;
use marketdesk_domain::{DAY_MS, HOUR_MS, MINUTE_MS, TicketStatus};
use marketdesk_service::kernel::auth::system_viewer;
use marketdesk_service::reports::ReportQuery;
use marketdesk_service::{Services, Settings};
use marketdesk_store::{Backend, Store, StoreOptions};
use serde_json::{Value, json};

/// Tickets per transaction.
const CHUNK: usize = 10_000;
/// Rows per INSERT statement (the bind parameters stay under both
/// databases' limits).
const ROWS_PER_STATEMENT: usize = 400;
const TEAMS: usize = 5;
const AGENTS: usize = 30;
const CHANNELS: [&str; 5] = ["email", "chat", "web", "phone", "api"];
const LANGUAGES: [&str; 3] = ["en", "zh", "es"];
const INTENTS: [&str; 8] = [
    "track_order",
    "item_not_received",
    "get_refund",
    "return_item",
    "cancel_order",
    "change_shipping_address",
    "payment_issue",
    "item_damaged",
];

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn minutes(&mut self, lo: i64, hi: i64) -> i64 {
        (lo + self.below((hi - lo) as u64) as i64) * MINUTE_MS
    }
}

/// One generated ticket.
struct Generated {
    id: i64,
    created: i64,
    channel: &'static str,
    language: &'static str,
    intent: &'static str,
    team: i64,
    agent: i64,
    status: TicketStatus,
    first_reply: Option<i64>,
    solved: Option<i64>,
    said: Vec<Said>,
    changes: Vec<Change>,
    rating: Option<i64>,
}

/// Times each query is asked.
const REPEATS: usize = 20;

pub(crate) async fn run(tickets: u64, database_url: Option<&str>) -> anyhow::Result<Value> {
    ensure!(tickets > 0, "--reports must be at least 1");
    let repeats = REPEATS;
    let data_dir = tempfile::tempdir().context("creating a temporary data directory")?;
    let options = StoreOptions {
        database_url: database_url.map(str::to_owned),
        data_dir: data_dir.path().to_owned(),
        max_connections: 8,
    };
    let store = Store::open(&options)
        .await
        .context("opening the database")?;
    store.migrate().await.context("migrating")?;
    let settings = Settings::new(data_dir.path().to_owned(), "http://127.0.0.1".into());
    let services = Services::new(store, settings);
    let generated = Instant::now();
    let now = marketdesk_service::now_ms();
    let (teams, agents, customer) = people(&services).await?;
    write_tickets(&services, tickets, now, &teams, &agents, customer).await?;
    let generation = generated.elapsed();
    let counted = Instant::now();
    rollups(&services, now).await?;
    let rollup = counted.elapsed();

    let viewer = system_viewer();
    let today = services.business_hours().local_date(now);
    let day = |back: i64| {
        metrics::DateRange::last_days(today, back + 1)
            .from
            .to_string()
    };
    let query = |from: i64, group: &str| ReportQuery {
        from: Some(day(from)),
        to: Some(day(0)),
        group: Some(group.into()),
        ..ReportQuery::default()
    };
    let scenarios: Vec<(&str, ReportQuery)> = vec![
        ("week_by_team", query(6, "team")),
        ("month_by_agent", query(29, "agent")),
        ("quarter_by_channel", query(89, "channel")),
        (
            "week_by_day_in_chinese",
            ReportQuery {
                language: Some("zh".into()),
                ..query(6, "day")
            },
        ),
    ];
    let mut figures = serde_json::Map::new();
    let mut worst_p95: f64 = 0.0;
    for (name, q) in &scenarios {
        let mut took = Vec::with_capacity(repeats);
        let mut created = 0;
        for _ in 0..repeats {
            let started = Instant::now();
            let report = services
                .metrics_report(&viewer, q)
                .await
                .with_context(|| format!("the report {name}"))?;
            took.push(started.elapsed());
            created = report.total.created;
        }
        let stats = stats(&mut took);
        worst_p95 = worst_p95.max(stats["p95_ms"].as_f64().unwrap_or(0.0));
        figures.insert(
            (*name).into(),
            json!({"timings": stats, "tickets_created_in_range": created}),
        );
    }
    // The tickets behind a bar: last week's first replies of one team.
    let mut took = Vec::with_capacity(repeats);
    let mut listed = 0;
    for _ in 0..repeats {
        let started = Instant::now();
        let behind = services
            .tickets_behind(
                &viewer,
                &query(6, "team"),
                "first_reply",
                Some(&teams[0].to_string()),
            )
            .await?;
        took.push(started.elapsed());
        listed = behind.total;
    }
    let drill = stats(&mut took);
    worst_p95 = worst_p95.max(drill["p95_ms"].as_f64().unwrap_or(0.0));
    figures.insert(
        "tickets_behind_a_bar".into(),
        json!({"timings": drill, "tickets": listed}),
    );
    Ok(json!({
        "benchmark": "reports",
        "database": if database_url.is_some() { "postgresql" } else { "sqlite" },
        "tickets": tickets,
        "generation_s": round(generation.as_secs_f64()),
        "rollups_s": round(rollup.as_secs_f64()),
        "repeats": repeats,
        "queries": figures,
        "worst_p95_ms": worst_p95,
        "target_p95_ms": 1000,
        "met": worst_p95 < 1000.0,
    }))
}

fn round(v: f64) -> f64 {
    (v * 10.0).round() / 10.0
}

fn stats(took: &mut [Duration]) -> Value {
    took.sort();
    let ms = |d: Duration| (d.as_secs_f64() * 10_000.0).round() / 10.0;
    let at = |p: f64| took[((took.len() as f64 * p).ceil() as usize).clamp(1, took.len()) - 1];
    json!({"p50_ms": ms(at(0.5)), "p95_ms": ms(at(0.95)), "max_ms": ms(took[took.len() - 1])})
}

/// Teams, their agents and one customer.
async fn people(services: &Services) -> anyhow::Result<(Vec<i64>, Vec<i64>, i64)> {
    let store = services.raw_store();
    let mut tx = store.begin().await?;
    let mut teams = Vec::new();
    for n in 0..TEAMS {
        teams.push(
            marketdesk_store::people::insert_team(&mut tx, &format!("Team {n}"), "", 0).await?,
        );
    }
    let mut agents = Vec::new();
    for n in 0..AGENTS {
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO people (role, email, name, language, time_zone, created_at, updated_at) \
             VALUES ('agent', $1, $2, 'en', 'UTC', 0, 0) RETURNING id",
        )
        .bind(format!("agent{n}@bench.example"))
        .bind(format!("Agent {n}"))
        .fetch_one(&mut *tx)
        .await?;
        marketdesk_store::people::add_team_member(&mut tx, teams[n % TEAMS], id).await?;
        agents.push(id);
    }
    let customer: i64 = sqlx::query_scalar(
        "INSERT INTO people (role, email, name, language, time_zone, created_at, updated_at) \
         VALUES ('customer', 'buyer@bench.example', 'Buyer', 'en', 'UTC', 0, 0) RETURNING id",
    )
    .fetch_one(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok((teams, agents, customer))
}

/// A year of tickets, the newest an hour ago.
fn generate(
    rng: &mut Rng,
    id: i64,
    created: i64,
    now: i64,
    teams: &[i64],
    agents: &[i64],
) -> Generated {
    let n = id as usize;
    let team_k = n % TEAMS;
    let agent = agents[(team_k + TEAMS * (rng.below((AGENTS / TEAMS) as u64) as usize)) % AGENTS];
    let quick = n % 5 == 1 || n % 5 == 3;
    let mut said = vec![Said {
        at: created,
        by: Speaker::Customer,
    }];
    let mut changes = vec![Change::Assignee {
        at: created,
        to: Some(agent),
    }];
    let mut at = created
        + if quick {
            rng.minutes(1, 30)
        } else {
            rng.minutes(10, 30 * 60)
        };
    let mut status = TicketStatus::New;
    let mut first_reply = None;
    let mut solved = None;
    if at < now && rng.below(100) < 95 {
        said.push(Said {
            at,
            by: Speaker::Agent(agent),
        });
        changes.push(Change::Status {
            at,
            from: TicketStatus::New,
            to: TicketStatus::Open,
        });
        status = TicketStatus::Open;
        first_reply = Some(at);
        if rng.below(100) < 40 {
            at += rng.minutes(10, 600);
            said.push(Said {
                at,
                by: Speaker::Customer,
            });
            at += rng.minutes(5, 1_500);
            said.push(Said {
                at,
                by: Speaker::Agent(agent),
            });
        }
        at += rng.minutes(5, 2 * 24 * 60);
        if at < now && rng.below(100) < 92 {
            changes.push(Change::Status {
                at,
                from: TicketStatus::Open,
                to: TicketStatus::Solved,
            });
            status = TicketStatus::Solved;
            solved = Some(at);
        }
    }
    let rating = (solved.is_some() && rng.below(3) == 0).then(|| 1 + rng.below(5) as i64);
    Generated {
        id,
        created,
        channel: CHANNELS[n % CHANNELS.len()],
        language: LANGUAGES[(n / 5) % LANGUAGES.len()],
        intent: INTENTS[(n / 3) % INTENTS.len()],
        team: teams[team_k],
        agent,
        status,
        first_reply,
        solved,
        said,
        changes,
        rating,
    }
}

async fn write_tickets(
    services: &Services,
    tickets: u64,
    now: i64,
    teams: &[i64],
    agents: &[i64],
    customer: i64,
) -> anyhow::Result<()> {
    let total = tickets as i64;
    let spacing = (365 * DAY_MS / total).max(1);
    let first_id: i64 = {
        let mut conn = services.raw_store().reader().await?;
        let max: Option<i64> = sqlx::query_scalar("SELECT MAX(id) FROM tickets")
            .fetch_one(&mut *conn)
            .await?;
        max.unwrap_or(0) + 1
    };
    let mut rng = Rng(0x5eed);
    let schedule = services.business_hours().clone();
    let hours = ClockHours::Business(schedule.clone());
    let zone = schedule.time_zone().clone();
    let policy = marketdesk_domain::sla::SlaPolicy::default();
    let allowed = |minutes: u32| i64::from(minutes) * MINUTE_MS;
    let mut k = 0;
    while k < total {
        let upto = (k + CHUNK as i64).min(total);
        let batch: Vec<Generated> = (k..upto)
            .map(|i| {
                let created = now - HOUR_MS - (total - i) * spacing;
                generate(&mut rng, first_id + i, created, now, teams, agents)
            })
            .collect();
        let mut tickets_rows = Vec::new();
        let mut events = Vec::new();
        let mut facts_rows = Vec::new();
        let mut replies = Vec::new();
        let mut surveys = Vec::new();
        for g in &batch {
            let history = TicketHistory {
                created_at: g.created,
                first_response_at: g.first_reply,
                status: g.status,
                solved_at: g.solved,
                assignee_id: Some(g.agent),
                messages: &g.said,
                changes: &g.changes,
            };
            let facts = metrics::ticket_facts(
                &history,
                &schedule,
                metrics::ReplyTarget {
                    hours: &hours,
                    next_reply: allowed(policy.next_reply_minutes.normal),
                },
            );
            let met = |start: i64, end: i64, minutes: u32| {
                i64::from(end <= hours.due(start, allowed(minutes)))
            };
            tickets_rows.push(format!(
                "({}, 'Bench ticket {}', {customer}, '{}', '{}', 'normal', {}, {}, '{}', '{{}}', {}, {}, {}, {}, '{}', {})",
                g.id,
                g.id,
                g.channel,
                g.status.as_str(),
                g.agent,
                g.team,
                g.language,
                g.created,
                g.solved.unwrap_or(g.first_reply.unwrap_or(g.created)),
                opt(g.first_reply),
                opt(g.solved),
                g.intent,
                g.created,
            ));
            for change in &g.changes {
                if let Change::Status { at, from, to } = change {
                    events.push(format!(
                        "({}, 'status', '{}', '{}', {at})",
                        g.id,
                        from.as_str(),
                        to.as_str()
                    ));
                }
            }
            let (first_at, first) = match facts.first_reply {
                Some((at, span)) => (Some(at), Some(span)),
                None => (None, None),
            };
            let (solved_at, resolution) = match facts.resolution {
                Some((at, span)) => (Some(at), Some(span)),
                None => (None, None),
            };
            facts_rows.push(format!(
                "({}, '{}', {}, {}, '{}', '{}', '', '{}', {}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {})",
                g.id,
                g.channel,
                g.team,
                g.agent,
                g.language,
                g.intent,
                g.status.as_str(),
                g.created,
                metrics::local_day(&zone, g.created),
                opt(first_at),
                opt(first.map(|s| s.calendar)),
                opt(first.map(|s| s.business)),
                opt(first_at.map(|at| met(g.created, at, policy.first_response_minutes.normal))),
                opt(facts.first_assignment),
                opt(solved_at),
                opt(solved_at.map(|at| metrics::local_day(&zone, at))),
                opt(resolution.map(|s| s.calendar)),
                opt(resolution.map(|s| s.business)),
                opt(solved_at.map(|at| met(g.created, at, policy.resolution_minutes.normal))),
                opt(facts.requester_wait.map(|s| s.calendar)),
                opt(facts.requester_wait.map(|s| s.business)),
                facts.reopens,
                facts.agent_replies,
                opt(first_at.map(|at| metrics::local_day(&zone, at))),
            ));
            for (seq, r) in facts.next_replies.iter().enumerate() {
                replies.push(format!(
                    "({}, {seq}, {}, {}, {}, {}, {}, {})",
                    g.id,
                    r.agent_id,
                    r.at,
                    r.waited.calendar,
                    r.waited.business,
                    i64::from(r.met),
                    metrics::local_day(&zone, r.at)
                ));
            }
            if let (Some(rating), Some(solved)) = (g.rating, g.solved) {
                surveys.push(format!(
                    "({}, 'bench-{}', '{}', '{}', {solved}, {}, {rating}, {})",
                    g.id,
                    g.id,
                    g.channel,
                    g.language,
                    solved + 14 * DAY_MS,
                    solved + HOUR_MS
                ));
            }
        }
        let mut tx = services.raw_store().begin().await?;
        insert(
            &mut tx,
            "tickets (id, subject, requester_id, channel, status, priority, assignee_id, team_id, language, custom_fields, created_at, updated_at, first_response_at, solved_at, intent, sla_clock_start)",
            &tickets_rows,
        )
        .await?;
        insert(
            &mut tx,
            "ticket_events (ticket_id, field, old_value, new_value, at)",
            &events,
        )
        .await?;
        insert(
            &mut tx,
            "report_tickets (ticket_id, channel, team_id, assignee_id, language, intent, tier, status, created_at, created_day, first_reply_at, first_reply_ms, first_reply_bh_ms, first_reply_met, assignment_ms, solved_at, solved_day, resolution_ms, resolution_bh_ms, resolution_met, wait_ms, wait_bh_ms, reopens, agent_replies, first_reply_day)",
            &facts_rows,
        )
        .await?;
        insert(
            &mut tx,
            "report_replies (ticket_id, seq, agent_id, replied_at, wait_ms, wait_bh_ms, met, day)",
            &replies,
        )
        .await?;
        insert(
            &mut tx,
            "surveys (ticket_id, token_hash, channel, language, created_at, expires_at, rating, answered_at)",
            &surveys,
        )
        .await?;
        // The facts are written: nothing is left for the job.
        sqlx::query("DELETE FROM report_dirty")
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        k = upto;
    }
    if services.raw_store().backend() == Backend::Postgres {
        let mut conn = services.raw_store().reader().await?;
        sqlx::query(
            "SELECT setval(pg_get_serial_sequence('tickets', 'id'), (SELECT MAX(id) FROM tickets))",
        )
        .execute(&mut *conn)
        .await?;
        sqlx::query("ANALYZE").execute(&mut *conn).await?;
    }
    Ok(())
}

fn opt(v: Option<i64>) -> String {
    v.map_or_else(|| "NULL".into(), |v| v.to_string())
}

/// Multi-row INSERTs of rows this program wrote (numbers and fixed words).
async fn insert(
    conn: &mut marketdesk_store::Conn,
    into: &str,
    rows: &[String],
) -> anyhow::Result<()> {
    for chunk in rows.chunks(ROWS_PER_STATEMENT) {
        sqlx::query(&format!("INSERT INTO {into} VALUES {}", chunk.join(", ")))
            .execute(&mut *conn)
            .await
            .with_context(|| format!("inserting into {into}"))?;
    }
    Ok(())
}

/// Every day's rollups, counted from the facts as the job does.
async fn rollups(services: &Services, now: i64) -> anyhow::Result<()> {
    let zone = services.business_hours().time_zone().clone();
    let last = metrics::local_day(&zone, now);
    let mut tx = services.raw_store().begin().await?;
    for day in last - 370..=last {
        marketdesk_store::reports::refresh_day(&mut tx, day).await?;
    }
    tx.commit().await?;
    Ok(())
}
