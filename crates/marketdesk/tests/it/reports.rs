//! The support metrics (docs/METRICS.md) against figures computed here by
//! hand: a generated fortnight of tickets — created, answered, waiting,
//! solved, reopened, rated — across a weekend and a holiday, written with
//! their own timestamps, then every figure of the API and its CSV compared
//! with an independent computation (business minutes counted one by one).

use std::collections::{BTreeMap, BTreeSet};

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::backend_test;
use crate::common::{ADMIN_TOKEN, TestApp};
use crate::fixtures;

const M: i64 = 60_000;
const H: i64 = 60 * M;
const D: i64 = 24 * H;
/// Asia/Shanghai: UTC+8 all year.
const OFFSET: i64 = 8 * H;

/// Days since 1970-01-01 of a civil date (H. Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// A Shanghai wall-clock time as UTC milliseconds.
fn local(y: i64, mo: i64, d: i64, h: i64, mi: i64) -> i64 {
    days_from_civil(y, mo, d) * D + h * H + mi * M - OFFSET
}

/// `YYYY-MM-DD` of a day number.
fn civil_date(day: i64) -> String {
    jiff::civil::date(1970, 1, 1)
        .checked_add(jiff::Span::new().days(day))
        .unwrap()
        .to_string()
}

fn local_day(at: i64) -> i64 {
    (at + OFFSET).div_euclid(D)
}

/// The holiday of the test schedule: Thursday 2026-11-19.
fn holiday() -> i64 {
    days_from_civil(2026, 11, 19)
}

/// Business time between two whole-minute instants, minute by minute:
/// Monday to Friday 09:00–17:00 Shanghai time, not on the holiday.
fn business(from: i64, to: i64) -> i64 {
    let mut total = 0;
    let mut t = from;
    while t < to {
        let local = t + OFFSET;
        let day = local.div_euclid(D);
        let weekday = (day + 3).rem_euclid(7); // 0 = Monday
        let minute = local.rem_euclid(D) / M;
        if weekday < 5 && day != holiday() && (9 * 60..17 * 60).contains(&minute) {
            total += M;
        }
        t += M;
    }
    total
}

/// Whether `end` comes no later than the instant `allowed` business time
/// after `start` (the SLA's due time), found minute by minute.
fn in_time(start: i64, end: i64, allowed: i64) -> bool {
    let (mut t, mut counted) = (start, 0);
    while counted < allowed {
        counted += business(t, t + M);
        t += M;
    }
    end <= t
}

/// numpy's default percentile: linear between closest ranks.
fn percentile(values: &[i64], p: f64) -> Option<f64> {
    let mut v = values.to_vec();
    if v.is_empty() {
        return None;
    }
    v.sort();
    let rank = p / 100.0 * (v.len() - 1) as f64;
    let (lo, hi) = (rank.floor() as usize, rank.ceil() as usize);
    Some(v[lo] as f64 + (v[hi] - v[lo]) as f64 * (rank - lo as f64))
}

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }
    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + (self.next() % (hi - lo) as u64) as i64
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Act {
    Assign(i64),
    Customer,
    Agent(i64),
    Status(&'static str),
}

/// One generated ticket: its dimensions and what happened when.
#[derive(Debug, Clone)]
struct Story {
    id: i64,
    created: i64,
    channel: &'static str,
    language: &'static str,
    team: i64,
    acts: Vec<(i64, Act)>,
    rating: Option<Option<i64>>,
}

impl Story {
    fn agent_messages(&self) -> Vec<i64> {
        self.acts
            .iter()
            .filter(|(_, a)| matches!(a, Act::Agent(_)))
            .map(|(t, _)| *t)
            .collect()
    }

    fn first_reply(&self) -> Option<i64> {
        self.agent_messages().first().copied()
    }

    /// Final status and when it was last solved.
    fn solved_at(&self) -> Option<i64> {
        let mut solved = None;
        for (t, a) in &self.acts {
            if let Act::Status(s) = a {
                solved = (*s == "solved").then_some(*t);
            }
        }
        solved
    }

    fn reopens(&self) -> usize {
        let statuses: Vec<&str> = self
            .acts
            .iter()
            .filter_map(|(_, a)| match a {
                Act::Status(s) => Some(*s),
                _ => None,
            })
            .collect();
        statuses
            .windows(2)
            .filter(|w| w[0] == "solved" && w[1] != "closed")
            .count()
    }

    fn assigned_at(&self) -> Option<i64> {
        self.acts
            .iter()
            .find(|(_, a)| matches!(a, Act::Assign(_)))
            .map(|(t, _)| *t)
    }

    fn assignee(&self) -> Option<i64> {
        self.acts.iter().rev().find_map(|(_, a)| match a {
            Act::Assign(id) => Some(*id),
            _ => None,
        })
    }

    /// Waits that ended with an answer after the first reply: (start, end, agent).
    fn next_replies(&self) -> Vec<(i64, i64)> {
        let first = self.first_reply();
        let mut out = vec![];
        let mut since = None;
        for (t, a) in &self.acts {
            match a {
                Act::Customer if first.is_some_and(|f| f <= *t) && since.is_none() => {
                    since = Some(*t)
                }
                Act::Agent(_) => {
                    if let Some(s) = since.take() {
                        out.push((s, *t));
                    }
                }
                _ => {}
            }
        }
        out
    }

    /// Time new or open until the last solve: (calendar, business).
    fn requester_wait(&self) -> Option<(i64, i64)> {
        let end = self.solved_at()?;
        let (mut status, mut since) = ("new", self.created);
        let (mut cal, mut bus) = (0, 0);
        for (t, a) in &self.acts {
            if let Act::Status(s) = a {
                if *t > end {
                    break;
                }
                if status == "new" || status == "open" {
                    cal += t - since;
                    bus += business(since, *t);
                }
                status = s;
                since = *t;
            }
        }
        Some((cal, bus))
    }
}

/// A fortnight of tickets from Monday 2026-11-16, Shanghai time.
fn stories(agents: &[i64], teams: &[i64]) -> Vec<Story> {
    let mut rng = Rng(17);
    let start = local(2026, 11, 16, 0, 0);
    let mut out = Vec::new();
    for n in 0..48 {
        let created = start + rng.range(0, 14 * 24 * 60 - 12 * 60) * M;
        let channel = ["email", "chat", "web"][n % 3];
        let language = ["en", "zh", "es"][(n / 3) % 3];
        let team = teams[n % 2];
        let mut acts = vec![(created, Act::Customer)];
        if !rng.chance(15) {
            acts.push((
                created + rng.range(0, 300) * M,
                Act::Assign(agents[n % agents.len()]),
            ));
        }
        let mut rating = None;
        if !rng.chance(12) {
            let agent = agents[(n + 1) % agents.len()];
            let first = created + rng.range(5, 3000) * M;
            acts.push((first, Act::Agent(agent)));
            acts.push((first, Act::Status("open")));
            let mut last = first;
            if rng.chance(55) {
                let asked = last + rng.range(10, 900) * M;
                acts.push((asked, Act::Customer));
                if rng.chance(40) {
                    acts.push((asked + rng.range(1, 60) * M, Act::Customer));
                }
                last = asked + rng.range(60, 2500) * M;
                acts.push((last, Act::Agent(agent)));
            }
            if rng.chance(75) {
                if rng.chance(50) {
                    acts.push((last, Act::Status("pending")));
                }
                let solved = last + rng.range(30, 2000) * M;
                acts.push((solved, Act::Status("solved")));
                if rng.chance(30) {
                    let back = solved + rng.range(60, 1500) * M;
                    acts.push((back, Act::Customer));
                    acts.push((back, Act::Status("open")));
                    let again = back + rng.range(30, 900) * M;
                    acts.push((again, Act::Agent(agent)));
                    acts.push((again + M, Act::Status("solved")));
                }
                rating = Some(if rng.chance(65) {
                    Some(rng.range(1, 6))
                } else {
                    None
                });
            }
        }
        acts.sort_by_key(|(t, _)| *t);
        out.push(Story {
            id: 0,
            created,
            channel,
            language,
            team,
            acts,
            rating,
        });
    }
    out
}

/// Writes a story with its own timestamps, one change at a time (as the
/// service would, each change a row update that the triggers record).
async fn write(app: &TestApp, customer: i64, story: &mut Story, n: usize) {
    let mut tx = app.services().raw_store().begin().await.unwrap();
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO tickets (subject, requester_id, channel, status, priority, team_id, language, \
         created_at, updated_at, sla_clock_start) \
         VALUES ($1, $2, $3, 'new', 'normal', $4, $5, $6, $6, $6) RETURNING id",
    )
    .bind(format!("Generated ticket {n}"))
    .bind(customer)
    .bind(story.channel)
    .bind((story.team != 0).then_some(story.team))
    .bind(story.language)
    .bind(story.created)
    .fetch_one(&mut *tx)
    .await
    .unwrap();
    story.id = id;
    let mut answered = false;
    for (t, act) in &story.acts {
        match act {
            Act::Assign(agent) => {
                sqlx::query("UPDATE tickets SET assignee_id = $1, updated_at = $2 WHERE id = $3")
                    .bind(agent)
                    .bind(t)
                    .bind(id)
                    .execute(&mut *tx)
                    .await
                    .unwrap();
            }
            Act::Customer | Act::Agent(_) => {
                let author = match act {
                    Act::Agent(a) => *a,
                    _ => customer,
                };
                sqlx::query(
                    "INSERT INTO messages (ticket_id, author_id, kind, channel, body_text, body_html, created_at) \
                     VALUES ($1, $2, 'public', $3, 'text', '<p>text</p>', $4)",
                )
                .bind(id)
                .bind(author)
                .bind(story.channel)
                .bind(t)
                .execute(&mut *tx)
                .await
                .unwrap();
                if matches!(act, Act::Agent(_)) && !answered {
                    answered = true;
                    sqlx::query("UPDATE tickets SET first_response_at = $1 WHERE id = $2")
                        .bind(t)
                        .bind(id)
                        .execute(&mut *tx)
                        .await
                        .unwrap();
                }
            }
            Act::Status(status) => {
                let solved = (*status == "solved").then_some(*t);
                sqlx::query(
                    "UPDATE tickets SET status = $1, solved_at = $2, updated_at = $3 WHERE id = $4",
                )
                .bind(status)
                .bind(solved)
                .bind(t)
                .bind(id)
                .execute(&mut *tx)
                .await
                .unwrap();
            }
        }
    }
    if let (Some(rating), Some(solved)) = (story.rating, story.solved_at()) {
        sqlx::query(
            "INSERT INTO surveys (ticket_id, token_hash, channel, language, created_at, expires_at, rating, answered_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(id)
        .bind(format!("hash-{id}"))
        .bind(story.channel)
        .bind(story.language)
        .bind(solved)
        .bind(solved + 14 * D)
        .bind(rating)
        .bind(rating.map(|_| solved + H))
        .execute(&mut *tx)
        .await
        .unwrap();
    }
    tx.commit().await.unwrap();
}

/// What the report must say about `stories` over [from, to] (local days).
fn expected(stories: &[&Story], from: i64, to: i64) -> Value {
    let start = from * D - OFFSET;
    let end = (to + 1) * D - OFFSET;
    let within = |t: i64| t >= start && t < end;
    let days = |t: i64| (from..=to).contains(&local_day(t));
    let created = stories.iter().filter(|s| days(s.created)).count();
    let solved: Vec<&&Story> = stories
        .iter()
        .filter(|s| s.solved_at().is_some_and(days))
        .collect();
    // (start, end) of each measured span, then (calendar, business).
    let first_spans: Vec<(i64, i64)> = stories
        .iter()
        .filter_map(|s| Some((s.created, s.first_reply().filter(|f| within(*f))?)))
        .collect();
    let next_spans: Vec<(i64, i64)> = stories
        .iter()
        .flat_map(|s| s.next_replies())
        .filter(|(_, end)| within(*end))
        .collect();
    let resolution_spans: Vec<(i64, i64)> = solved
        .iter()
        .map(|s| (s.created, s.solved_at().unwrap()))
        .collect();
    let measured = |spans: &[(i64, i64)]| -> Vec<(i64, i64)> {
        spans
            .iter()
            .map(|(a, b)| (b - a, business(*a, *b)))
            .collect()
    };
    let (first, next, resolution) = (
        measured(&first_spans),
        measured(&next_spans),
        measured(&resolution_spans),
    );
    let waits: Vec<(i64, i64)> = solved.iter().filter_map(|s| s.requester_wait()).collect();
    let assignment: Vec<(i64, i64)> = stories
        .iter()
        .filter(|s| within(s.created))
        .filter_map(|s| s.assigned_at().map(|a| (a - s.created, a - s.created)))
        .collect();
    let durations = |pairs: &[(i64, i64)]| {
        let cal: Vec<i64> = pairs.iter().map(|p| p.0).collect();
        let bus: Vec<i64> = pairs.iter().map(|p| p.1).collect();
        let secs = |v: Option<f64>| v.map(|ms| ms / 1000.0);
        json!({
            "count": pairs.len(),
            "median_seconds": secs(percentile(&cal, 50.0)),
            "p90_seconds": secs(percentile(&cal, 90.0)),
            "business_median_seconds": secs(percentile(&bus, 50.0)),
            "business_p90_seconds": secs(percentile(&bus, 90.0)),
        })
    };
    let rate = |count: usize, of: usize| {
        json!({"count": count, "of": of,
               "rate": if of == 0 { Value::Null } else { json!(count as f64 / of as f64) }})
    };
    let met = |spans: &[(i64, i64)], target: i64| {
        rate(
            spans
                .iter()
                .filter(|(a, b)| in_time(*a, *b, target))
                .count(),
            spans.len(),
        )
    };
    let surveys: Vec<Option<i64>> = stories
        .iter()
        .filter(|s| s.solved_at().is_some_and(within))
        .filter_map(|s| s.rating)
        .collect();
    let answered = surveys.iter().flatten().count();
    json!({
        "created": created,
        "solved": solved.len(),
        "first_reply": durations(&first),
        "next_reply": durations(&next),
        "resolution": durations(&resolution),
        "requester_wait": durations(&waits),
        "first_assignment": durations(&assignment),
        "sla_first_reply": met(&first_spans, 8 * H),
        "sla_next_reply": met(&next_spans, 8 * H),
        "sla_resolution": met(&resolution_spans, 48 * H),
        "one_touch": rate(solved.iter().filter(|s| s.agent_messages().len() == 1).count(), solved.len()),
        "reopened": rate(solved.iter().filter(|s| s.reopens() > 0).count(), solved.len()),
        "surveys_sent": surveys.len(),
        "response": rate(answered, surveys.len()),
        "csat": rate(surveys.iter().flatten().filter(|r| **r >= 4).count(), answered),
    })
}

/// Compares every expected figure with the report's, numbers within 1 ms.
fn assert_figures(what: &str, actual: &Value, expected: &Value) {
    for (name, want) in expected.as_object().unwrap() {
        let got = &actual[name];
        let same = match (want, got) {
            (Value::Object(w), Value::Object(g)) => w.iter().all(|(k, v)| close(v, &g[k])),
            (w, g) => close(w, g),
        };
        assert!(same, "{what} {name}: expected {want}, got {got}");
    }
}

fn close(a: &Value, b: &Value) -> bool {
    match (a.as_f64(), b.as_f64()) {
        (Some(x), Some(y)) => (x - y).abs() < 0.001,
        _ => a == b,
    }
}

fn shanghai_office(config: &mut marketdesk::config::Config) {
    let hours = &mut config.policy.contact.business_hours;
    hours.time_zone = "Asia/Shanghai".into();
    for day in [
        &mut hours.monday,
        &mut hours.tuesday,
        &mut hours.wednesday,
        &mut hours.thursday,
        &mut hours.friday,
    ] {
        *day = vec!["09:00-17:00".into()];
    }
    hours.saturday = vec![];
    hours.sunday = vec![];
    hours.holidays = vec![marketdesk_domain::business_hours::Holiday {
        date: "2026-11-19".into(),
        name: "Test holiday".into(),
    }];
    hours.holidays_file = None;
}

backend_test!(
    every_metric_matches_a_computation_by_hand,
    metrics_body,
    |config: &mut marketdesk::config::Config| super::shanghai_office(config)
);
async fn metrics_body(app: &TestApp) {
    let (_, t1) = app
        .post("/api/v1/teams", ADMIN_TOKEN, json!({"name": "Orders"}))
        .await;
    let (_, t2) = app
        .post("/api/v1/teams", ADMIN_TOKEN, json!({"name": "Returns"}))
        .await;
    let teams = [t1["id"].as_i64().unwrap(), t2["id"].as_i64().unwrap()];
    let mut agents = vec![];
    for (n, email) in ["a1@example.com", "a2@example.com", "a3@example.com"]
        .iter()
        .enumerate()
    {
        agents.push(
            fixtures::staff("agent", email)
                .named(&format!("Agent {n}"))
                .create(app)
                .await,
        );
    }
    let (_, supervisor) = fixtures::staff("supervisor", "lead@example.com")
        .with_token(app)
        .await;
    let (agent_id, agent_token) = (agents[0], crate::fixtures::token_for(app, agents[0]).await);
    let customer = fixtures::customer("buyer@example.com").create(app).await;
    let mut all = stories(&agents, &teams);
    for (n, story) in all.iter_mut().enumerate() {
        write(app, customer, story, n).await;
    }
    let (from, to) = (days_from_civil(2026, 11, 23), days_from_civil(2026, 11, 29));
    let query = "from=2026-11-23&to=2026-11-29&group=team";
    let (status, report) = app
        .get(&format!("/api/v1/reports/metrics?{query}"), &supervisor)
        .await;
    assert_eq!(status, StatusCode::OK, "{report}");
    assert_eq!(report["pending_tickets"], 0);
    assert_eq!(report["previous_from"], "2026-11-16");
    assert_eq!(report["time_zone"], "Asia/Shanghai");
    let everyone: Vec<&Story> = all.iter().collect();
    assert_figures("total", &report["total"], &expected(&everyone, from, to));
    assert_figures(
        "previous",
        &report["previous"],
        &expected(&everyone, from - 7, to - 7),
    );
    // The previous week holds the holiday and enough to tell periods apart.
    assert_ne!(report["total"]["created"], report["previous"]["created"]);
    for team in teams {
        let mine: Vec<&Story> = all.iter().filter(|s| s.team == team).collect();
        let row = report["groups"]
            .as_array()
            .unwrap()
            .iter()
            .find(|g| g["key"].as_str() == Some(team.to_string().as_str()))
            .unwrap_or_else(|| panic!("team {team} in {report}"));
        assert_figures(
            &format!("team {team}"),
            &row["figures"],
            &expected(&mine, from, to),
        );
        assert_figures(
            &format!("team {team} before"),
            &row["previous"],
            &expected(&mine, from - 7, to - 7),
        );
    }
    // Backlog: everything not solved now.
    let open = all.iter().filter(|s| s.solved_at().is_none()).count();
    assert_eq!(report["total"]["backlog"]["total"], open);

    // A filter, grouped by channel.
    let (_, zh) = app
        .get(
            "/api/v1/reports/metrics?from=2026-11-16&to=2026-11-29&language=zh&group=channel",
            &supervisor,
        )
        .await;
    for channel in ["email", "chat", "web"] {
        let mine: Vec<&Story> = all
            .iter()
            .filter(|s| s.language == "zh" && s.channel == channel)
            .collect();
        let Some(row) = zh["groups"]
            .as_array()
            .unwrap()
            .iter()
            .find(|g| g["key"] == channel)
        else {
            assert!(mine.is_empty(), "{channel} missing from {zh}");
            continue;
        };
        assert_figures(
            &format!("zh {channel}"),
            &row["figures"],
            &expected(&mine, from - 7, to),
        );
    }

    // By day, everything and filtered to one language (and to one channel
    // grouped by channel): each row holds the values of its own day.
    for (filter, language) in [("", None), ("&language=zh", Some("zh"))] {
        let (_, by_day) = app
            .get(
                &format!("/api/v1/reports/metrics?from=2026-11-16&to=2026-11-29&group=day{filter}"),
                &supervisor,
            )
            .await;
        let mine: Vec<&Story> = all
            .iter()
            .filter(|s| language.is_none_or(|l| s.language == l))
            .collect();
        assert_figures(
            &format!("days{filter} total"),
            &by_day["total"],
            &expected(&mine, from - 7, to),
        );
        for day in from - 7..=to {
            let want = expected(&mine, day, day);
            let date = civil_date(day);
            match by_day["groups"]
                .as_array()
                .unwrap()
                .iter()
                .find(|g| g["key"] == date)
            {
                Some(row) => assert_figures(&format!("{date}{filter}"), &row["figures"], &want),
                None => assert_eq!(
                    (
                        &want["created"],
                        &want["solved"],
                        &want["first_reply"]["count"]
                    ),
                    (&json!(0), &json!(0), &json!(0)),
                    "{date}{filter} missing: {by_day}"
                ),
            }
        }
    }
    let (_, chat) = app
        .get(
            "/api/v1/reports/metrics?from=2026-11-16&to=2026-11-29&channel=chat&group=channel",
            &supervisor,
        )
        .await;
    let chats: Vec<&Story> = all.iter().filter(|s| s.channel == "chat").collect();
    assert_eq!(chat["groups"].as_array().unwrap().len(), 1, "{chat}");
    assert_figures(
        "chat",
        &chat["groups"][0]["figures"],
        &expected(&chats, from - 7, to),
    );

    // The tickets behind a figure, and as CSV.
    let (_, behind) = app
        .get(
            &format!(
                "/api/v1/reports/tickets?{query}&figure=created&key={}",
                teams[1]
            ),
            &supervisor,
        )
        .await;
    let listed: BTreeSet<i64> = behind["tickets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["id"].as_i64().unwrap())
        .collect();
    let wanted: BTreeSet<i64> = all
        .iter()
        .filter(|s| s.team == teams[1] && (from..=to).contains(&local_day(s.created)))
        .map(|s| s.id)
        .collect();
    assert_eq!(listed, wanted);
    assert_eq!(behind["total"], wanted.len());
    let csv = app
        .client
        .get(format!(
            "{}/api/v1/reports/tickets.csv?{query}&figure=created&key={}",
            app.url, teams[1]
        ))
        .bearer_auth(&supervisor)
        .send()
        .await
        .unwrap();
    assert_eq!(csv.status(), StatusCode::OK);
    assert!(
        csv.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/csv")
    );
    let body = csv.text().await.unwrap();
    assert_eq!(body.lines().count(), wanted.len() + 1, "{body}");

    // The report's table as CSV says what the JSON says.
    let csv = app
        .client
        .get(format!("{}/api/v1/reports/metrics.csv?{query}", app.url))
        .bearer_auth(&supervisor)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let mut lines = csv.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let total: Vec<&str> = lines.next().unwrap().split(',').collect();
    let column = |name: &str| {
        let i = header.iter().position(|h| *h == name).unwrap();
        total[i].to_string()
    };
    assert_eq!(column("period"), "current");
    assert_eq!(column("created"), report["total"]["created"].to_string());
    assert_eq!(
        column("first_reply_median_s").parse::<f64>().ok(),
        report["total"]["first_reply"]["median_seconds"].as_f64()
    );
    assert_eq!(
        column("resolution_business_p90_s").parse::<f64>().ok(),
        report["total"]["resolution"]["business_p90_seconds"].as_f64()
    );

    // An agent sees their own figures, and only theirs.
    let (status, own) = app
        .get(
            "/api/v1/reports/metrics?from=2026-11-16&to=2026-11-29",
            &agent_token,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{own}");
    let assigned: Vec<&Story> = all
        .iter()
        .filter(|s| s.assignee() == Some(agent_id))
        .collect();
    assert_eq!(own["total"]["created"], assigned.len());
    let (status, _) = app
        .get(
            &format!("/api/v1/reports/metrics?agent={}", agents[1]),
            &agent_token,
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    // A change is counted again: the reopened ticket's facts follow.
    let story = all.iter().find(|s| s.solved_at().is_some()).unwrap();
    let (status, _) = app
        .patch(
            &format!("/api/v1/tickets/{}", story.id),
            ADMIN_TOKEN,
            json!({"status": "open"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let (_, after) = app
        .get(
            "/api/v1/reports/metrics?from=2026-11-16&to=2026-11-29",
            &supervisor,
        )
        .await;
    let (_, before) = app
        .get(
            "/api/v1/reports/metrics?from=2026-11-16&to=2026-11-29&group=day",
            &supervisor,
        )
        .await;
    let solved_before = all
        .iter()
        .filter(|s| {
            s.solved_at()
                .is_some_and(|t| (from - 7..=to).contains(&local_day(t)))
        })
        .count();
    let lost = usize::from((from - 7..=to).contains(&local_day(story.solved_at().unwrap())));
    assert_eq!(after["total"]["solved"], solved_before - lost);
    assert_eq!(before["total"]["solved"], after["total"]["solved"]);
    let by_day: BTreeMap<String, u64> = before["trend"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["date"].as_str().unwrap().to_string(),
                d["created"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(by_day.len(), 14);
    assert_eq!(by_day.values().sum::<u64>(), all.len() as u64);

    // The backlog by age now: a fresh ticket under a day, the stories'
    // over a week, the median age between the ages before and after asking.
    app.ticket_for("fresh@example.com", "Just arrived").await;
    let unsolved: Vec<i64> = all
        .iter()
        .filter(|s| s.solved_at().is_none() || s.id == story.id)
        .map(|s| s.created)
        .collect();
    let clock = || {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_millis() as i64
    };
    let median_age = |now: i64| {
        let mut ages: Vec<i64> = unsolved.iter().map(|c| now - c).collect();
        ages.push(0);
        percentile(&ages, 50.0).unwrap() / 1000.0
    };
    let before = clock();
    let (_, report) = app
        .get(
            "/api/v1/reports/metrics?from=2026-11-16&to=2026-11-29",
            &supervisor,
        )
        .await;
    let after = clock();
    let backlog = &report["total"]["backlog"];
    assert_eq!(backlog["total"], unsolved.len() + 1, "{backlog}");
    assert_eq!(backlog["under_1_day"], 1, "{backlog}");
    assert_eq!(backlog["from_1_to_3_days"], 0, "{backlog}");
    assert_eq!(backlog["over_7_days"], unsolved.len(), "{backlog}");
    let median = backlog["median_age_seconds"].as_f64().unwrap();
    assert!(
        median >= median_age(before) - 0.001 && median <= median_age(after) + 0.001,
        "{median} not within {} – {}",
        median_age(before),
        median_age(after)
    );
    let per_team: u64 = report["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["figures"]["backlog"]["total"].as_u64().unwrap())
        .sum();
    assert_eq!(per_team, unsolved.len() as u64 + 1);
}

backend_test!(bad_report_requests_are_refused_clearly, bad_requests_body);
async fn bad_requests_body(app: &TestApp) {
    let (_, supervisor) = fixtures::staff("supervisor", "lead@example.com")
        .with_token(app)
        .await;
    let customer = fixtures::customer("buyer@example.com")
        .with_token(app)
        .await
        .1;
    let (status, _) = app
        .post(
            "/api/v1/tickets",
            &customer,
            json!({"subject": "Where is my parcel?", "message": {"body": "It is late."}}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
    for (query, field) in [
        ("from=2026-11-29&to=2026-11-01", "from"),
        ("from=2026-01-01&to=2099-01-01", "from"),
        ("from=2001-01-01&to=2001-01-31", "from"),
        ("from=yesterday&to=today", "from"),
        ("channel=fax", "channel"),
        ("team=999999", "team"),
        ("agent=abc", "agent"),
        ("group=colour", "group"),
        ("tier=diamond-ultra", "tier"),
    ] {
        let (status, problem) = app
            .get(&format!("/api/v1/reports/metrics?{query}"), &supervisor)
            .await;
        assert_eq!(
            status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{query}: {problem}"
        );
        assert!(
            problem["detail"].as_str().unwrap().starts_with(field),
            "{query}: {problem}"
        );
    }
    let (status, problem) = app
        .get("/api/v1/reports/metrics?colour=blue", &supervisor)
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{problem}");
    let (status, problem) = app
        .get("/api/v1/reports/tickets?figure=happiness", &supervisor)
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
    let (status, _) = app.get("/api/v1/reports/metrics", &customer).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

/// A conversation `agent` solved at `solved` (created a day before).
async fn solved_by(app: &TestApp, customer: i64, agent: i64, solved: i64, n: usize) -> i64 {
    let created = solved - D;
    let mut story = Story {
        id: 0,
        created,
        channel: "email",
        language: "en",
        team: 0,
        acts: vec![
            (created, Act::Customer),
            (created + H, Act::Assign(agent)),
            (created + 2 * H, Act::Agent(agent)),
            (solved, Act::Status("solved")),
        ],
        rating: None,
    };
    write(app, customer, &mut story, n).await;
    story.id
}

backend_test!(
    reviewers_score_a_weekly_sample_and_agents_read_theirs,
    quality_body,
    |config: &mut marketdesk::config::Config| config.policy.csat.enabled = false
);
async fn quality_body(app: &TestApp) {
    // Teams are optional: stories without one are written with team 0.
    let customer = fixtures::customer("buyer@example.com").create(app).await;
    let (alice, alice_token) = fixtures::staff("agent", "alice@example.com")
        .named("Alice")
        .with_token(app)
        .await;
    let (bob, _) = fixtures::staff("agent", "bob@example.com")
        .named("Bob")
        .with_token(app)
        .await;
    let (_, lead) = fixtures::staff("supervisor", "lead@example.com")
        .with_token(app)
        .await;
    // The scorecard: the admin's, checked.
    let (status, criteria) = app
        .send(
            reqwest::Method::PUT,
            "/api/v1/quality/criteria",
            Some(ADMIN_TOKEN),
            Some(&json!({"criteria": ["Greeting", "Correct solution", "Tone"]})),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{criteria}");
    let criteria: Vec<i64> = criteria
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_i64().unwrap())
        .collect();
    assert_eq!(criteria.len(), 3);
    for bad in [
        json!({"criteria": []}),
        json!({"criteria": ["Tone", "tone"]}),
    ] {
        let (status, _) = app
            .send(
                reqwest::Method::PUT,
                "/api/v1/quality/criteria",
                Some(ADMIN_TOKEN),
                Some(&bad),
            )
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}");
    }
    let (status, _) = app
        .send(
            reqwest::Method::PUT,
            "/api/v1/quality/criteria",
            Some(&lead),
            Some(&json!({"criteria": ["Speed"]})),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    // Last week (the desk's), Alice solved five conversations, Bob two;
    // one of Alice's this week is not drawn.
    let services = app.services();
    let today = services
        .business_hours()
        .local_date(marketdesk_service::now_ms());
    let (monday, sunday) = marketdesk_domain::quality::sample_week(today);
    let range = marketdesk_domain::metrics::DateRange {
        from: monday,
        to: sunday,
    };
    let (start, _) = range.instants(services.business_hours().time_zone());
    let mut n = 0;
    let mut last_week = vec![];
    for (agent, count) in [(alice, 5), (bob, 2)] {
        for k in 0..count {
            n += 1;
            last_week.push(solved_by(app, customer, agent, start + 2 * D + k * H, n).await);
        }
    }
    let this_week = solved_by(app, customer, alice, marketdesk_service::now_ms() - M, 99).await;
    services.refresh_all_report_facts().await.unwrap();
    let (status, drawn) = app.post("/api/v1/quality/samples", &lead, json!({})).await;
    assert_eq!(status, StatusCode::OK, "{drawn}");
    assert_eq!(drawn["drawn"], 5, "three of Alice's, both of Bob's");
    let (_, again) = app.post("/api/v1/quality/samples", &lead, json!({})).await;
    assert_eq!(again["drawn"], 0, "a week is drawn once");
    let (_, pending) = app
        .get("/api/v1/quality/reviews?status=pending", &lead)
        .await;
    let pending = pending.as_array().unwrap().clone();
    assert_eq!(pending.len(), 5);
    assert!(pending.iter().all(|r| r["ticket_id"] != this_week));
    assert!(
        pending
            .iter()
            .all(|r| last_week.contains(&r["ticket_id"].as_i64().unwrap()))
    );
    let alices = pending.iter().find(|r| r["agent_id"] == alice).unwrap();
    let path = format!("/api/v1/quality/reviews/{}", alices["id"]);

    // Agents neither score nor see pending reviews.
    let (status, _) = app.post(&path, &alice_token, json!({"ratings": []})).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (_, mine) = app.get("/api/v1/quality/reviews", &alice_token).await;
    assert_eq!(mine.as_array().unwrap().len(), 0);

    // A score needs every criterion, 1 to 5.
    let ratings = |values: [i64; 3]| -> Value {
        json!(
            criteria
                .iter()
                .zip(values)
                .map(|(c, r)| json!({"criterion_id": c, "rating": r}))
                .collect::<Vec<_>>()
        )
    };
    let (status, body) = app
        .post(&path, &lead, json!({"ratings": ratings([5, 4, 9])}))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    let (status, body) = app
        .post(
            &path,
            &lead,
            json!({"ratings": [{"criterion_id": criteria[0], "rating": 5}]}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    let (status, scored) = app
        .post(
            &path,
            &lead,
            json!({"ratings": ratings([5, 4, 2]), "comment": "Link the return policy next time."}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{scored}");
    // (4 + 3 + 1) of 12 points: 67 %.
    assert_eq!(scored["score_percent"], 67);
    let (status, _) = app
        .post(&path, &lead, json!({"ratings": ratings([1, 1, 1])}))
        .await;
    assert_eq!(status, StatusCode::CONFLICT);

    // Alice reads it, on the API and in the workspace.
    let (_, mine) = app.get("/api/v1/quality/reviews", &alice_token).await;
    assert_eq!(mine.as_array().unwrap().len(), 1);
    assert_eq!(mine[0]["comment"], "Link the return policy next time.");
    let mut browser = crate::web::signed_in(app, "alice@example.com").await;
    let (_, page) = browser
        .get(&format!("/agent/quality/{}", alices["id"]))
        .await;
    assert!(
        page.contains("Link the return policy next time.") && page.contains("67%"),
        "{page}"
    );
    let bobs = pending.iter().find(|r| r["agent_id"] == bob).unwrap();
    let (status, _) = app
        .get(
            &format!("/api/v1/quality/reviews/{}", bobs["id"]),
            &alice_token,
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND, "another agent's review");

    // The score is in the reports, on Alice's row.
    let (_, report) = app.get("/api/v1/reports/metrics?group=agent", &lead).await;
    let row = report["groups"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["key"].as_str() == Some(alice.to_string().as_str()))
        .unwrap_or_else(|| panic!("Alice in {report}"));
    assert_eq!(row["figures"]["quality_reviews"], 1);
    assert_eq!(row["figures"]["quality_score"], 67.0);
}

backend_test!(two_nodes_recount_the_same_day_at_once, recount_body);
async fn recount_body(app: &TestApp) {
    // A day with values: a ticket answered and solved.
    let ticket = app.ticket_for("once@example.com", "Twice counted").await;
    let id = ticket["id"].as_i64().unwrap();
    let (status, _) = app
        .post(
            &format!("/api/v1/tickets/{id}/messages"),
            ADMIN_TOKEN,
            json!({"body": "Answered", "status": "solved"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
    app.services().refresh_all_report_facts().await.unwrap();
    let day = {
        let mut conn = app.services().raw_store().reader().await.unwrap();
        marketdesk_store::reports::first_day(&mut conn)
            .await
            .unwrap()
            .unwrap()
    };
    // Two nodes' jobs recount it in overlapping transactions: the second
    // waits for the first and must not fail on the runs the first wrote.
    let store = app.services().raw_store();
    // Another ticket of the same day, counted by the other node.
    let other = app
        .ticket_for("twice@example.com", "Counted alongside")
        .await;
    app.services().refresh_all_report_facts().await.unwrap();
    let facts_of = |id: i64| async move {
        let mut conn = store.reader().await.unwrap();
        marketdesk_store::reports::facts_of(&mut conn, id)
            .await
            .unwrap()
            .unwrap()
    };
    let facts = facts_of(id).await;
    let other_facts = facts_of(other["id"].as_i64().unwrap()).await;
    let first = async {
        let mut tx = store.begin().await.unwrap();
        marketdesk_store::reports::save_facts(&mut tx, &facts, &[])
            .await
            .unwrap();
        marketdesk_store::reports::refresh_day(&mut tx, day)
            .await
            .unwrap();
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        tx.commit().await.unwrap();
    };
    let second = async {
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        let mut tx = store.begin().await.unwrap();
        marketdesk_store::reports::save_facts(&mut tx, &other_facts, &[]).await?;
        marketdesk_store::reports::refresh_day(&mut tx, day).await?;
        marketdesk_store::reports::save_facts(&mut tx, &facts, &[]).await?;
        tx.commit().await?;
        Ok::<_, marketdesk_store::StoreError>(())
    };
    let ((), second) = tokio::join!(first, second);
    second.expect("the second recount");
    let (status, report) = app
        .get("/api/v1/reports/metrics?group=day", ADMIN_TOKEN)
        .await;
    assert_eq!(status, StatusCode::OK, "{report}");
    assert_eq!(report["total"]["first_reply"]["count"], 1, "{report}");
    assert_eq!(report["total"]["created"], 2, "{report}");
    assert_eq!(report["total"]["solved"], 1, "{report}");
}
