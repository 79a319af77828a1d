//! The reports dashboard (docs/METRICS.md): a range of days with the
//! previous period beside it, filters, charts drawn on the server, every
//! figure a link to the tickets behind it, CSV of every table; an agent's
//! own page shows their figures only (the service enforces it).

use askama::Template;
use axum::Router;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use marketdesk_service::reports::{
    Durations, Figures, GroupFigures, MetricsReport, Rate, ReportQuery, TicketsBehind, csv,
};
use serde::Deserialize;

use crate::WebState;
use crate::agent::{Staff, agent_meta};
use crate::charts::{self, Bar, Series};
use crate::errors::error_text;
use crate::format::when;
use crate::i18n::Tr;
use crate::portal::{LangParam, Meta, page};
use crate::session;

pub fn routes() -> Router<WebState> {
    Router::new()
        .route("/agent/reports", get(dashboard))
        .route("/agent/reports.csv", get(dashboard_csv))
        .route("/agent/reports/me", get(own_page))
        .route("/agent/reports/tickets", get(tickets))
        .route("/agent/reports/tickets.csv", get(tickets_csv))
}

/// The page's query: the report's, and the page's language.
#[derive(Debug, Clone, Default, Deserialize)]
struct PageQuery {
    from: Option<String>,
    to: Option<String>,
    channel: Option<String>,
    team: Option<String>,
    agent: Option<String>,
    language: Option<String>,
    intent: Option<String>,
    tier: Option<String>,
    group: Option<String>,
    figure: Option<String>,
    key: Option<String>,
    lang: Option<String>,
}

impl PageQuery {
    fn report(&self) -> ReportQuery {
        let keep = |v: &Option<String>| v.clone().filter(|v| !v.trim().is_empty());
        ReportQuery {
            from: keep(&self.from),
            to: keep(&self.to),
            channel: keep(&self.channel),
            team: keep(&self.team),
            agent: keep(&self.agent),
            language: keep(&self.language),
            intent: keep(&self.intent),
            tier: keep(&self.tier),
            group: keep(&self.group),
            figure: keep(&self.figure),
            key: keep(&self.key),
        }
    }

    fn lang(&self) -> LangParam {
        LangParam {
            lang: self.lang.clone(),
        }
    }
}

/// The query string of a report (without figure and key), as links carry it.
fn query_of(q: &ReportQuery, with: &[(&str, &str)]) -> String {
    let mut out = url::form_urlencoded::Serializer::new(String::new());
    let fields = [
        ("from", &q.from),
        ("to", &q.to),
        ("channel", &q.channel),
        ("team", &q.team),
        ("agent", &q.agent),
        ("language", &q.language),
        ("intent", &q.intent),
        ("tier", &q.tier),
        ("group", &q.group),
    ];
    for (name, value) in fields {
        if with.iter().any(|(n, _)| *n == name) {
            continue;
        }
        if let Some(v) = value {
            out.append_pair(name, v);
        }
    }
    for (name, value) in with {
        if !value.is_empty() {
            out.append_pair(name, value);
        }
    }
    out.finish()
}

/// A duration for people: minutes, hours and minutes, or days and hours.
fn duration(t: Tr, seconds: Option<f64>) -> String {
    let Some(seconds) = seconds else {
        return "—".into();
    };
    let minutes = (seconds / 60.0).round() as i64;
    let (d, h, m) = (minutes / 1440, (minutes % 1440) / 60, minutes % 60);
    let unit = |n: i64, id: &str| format!("{n} {}", t.s(id));
    if minutes < 60 {
        unit(minutes, "reports-unit-min")
    } else if minutes < 48 * 60 {
        format!(
            "{} {}",
            unit(minutes / 60, "reports-unit-h"),
            unit(m, "reports-unit-min")
        )
    } else {
        format!(
            "{} {}",
            unit(d, "reports-unit-d"),
            unit(h, "reports-unit-h")
        )
    }
}

fn percent(r: &Rate) -> String {
    match r.rate {
        Some(rate) => format!("{:.0}%", rate * 100.0),
        None => "—".into(),
    }
}

/// One figure of the dashboard: its value now and before, and its tickets.
struct Card {
    label: &'static str,
    value: String,
    previous: String,
    /// `better`, `worse` or `same`, for the arrow's colour.
    trend: &'static str,
    detail: String,
    href: String,
}

/// What a figure's value is and how to compare it (lower is better for
/// durations and reopens).
enum Value<'a> {
    Count(u64),
    Time(&'a Durations),
    Share(&'a Rate, bool),
    Backlog(u64),
}

fn compare(now: Option<f64>, before: Option<f64>, lower_is_better: bool) -> &'static str {
    match (now, before) {
        (Some(a), Some(b)) if (a - b).abs() < f64::EPSILON => "same",
        (Some(a), Some(b)) if (a < b) == lower_is_better => "better",
        (Some(_), Some(_)) => "worse",
        _ => "same",
    }
}

fn card(
    t: Tr,
    label: &'static str,
    figure: &str,
    now: Value<'_>,
    before: Value<'_>,
    query: &ReportQuery,
) -> Card {
    let (value, previous, trend, detail) = match (now, before) {
        (Value::Count(a), Value::Count(b)) => (
            a.to_string(),
            b.to_string(),
            compare(Some(a as f64), Some(b as f64), false),
            String::new(),
        ),
        (Value::Time(a), Value::Time(b)) => (
            duration(t, a.median_seconds),
            duration(t, b.median_seconds),
            compare(a.median_seconds, b.median_seconds, true),
            t.with(
                "reports-time-detail",
                &[
                    ("p90", duration(t, a.p90_seconds).into()),
                    ("business", duration(t, a.business_median_seconds).into()),
                    ("count", (a.count as i64).into()),
                ],
            ),
        ),
        (Value::Share(a, lower), Value::Share(b, _)) => (
            percent(a),
            percent(b),
            compare(a.rate, b.rate, lower),
            t.with(
                "reports-share-detail",
                &[
                    ("count", (a.count as i64).into()),
                    ("of", (a.of as i64).into()),
                ],
            ),
        ),
        (Value::Backlog(a), _) => (a.to_string(), "—".into(), "same", String::new()),
        _ => ("—".into(), "—".into(), "same", String::new()),
    };
    Card {
        label,
        value,
        previous,
        trend,
        detail,
        href: format!(
            "/agent/reports/tickets?{}",
            query_of(query, &[("figure", figure)])
        ),
    }
}

fn cards(t: Tr, now: &Figures, before: &Figures, q: &ReportQuery) -> Vec<Card> {
    let backlog = now.backlog.as_ref().map_or(0, |b| b.total);
    vec![
        card(
            t,
            "reports-created",
            "created",
            Value::Count(now.created),
            Value::Count(before.created),
            q,
        ),
        card(
            t,
            "reports-solved",
            "solved",
            Value::Count(now.solved),
            Value::Count(before.solved),
            q,
        ),
        card(
            t,
            "reports-first-reply",
            "first_reply",
            Value::Time(&now.first_reply),
            Value::Time(&before.first_reply),
            q,
        ),
        card(
            t,
            "reports-next-reply",
            "next_reply",
            Value::Time(&now.next_reply),
            Value::Time(&before.next_reply),
            q,
        ),
        card(
            t,
            "reports-resolution",
            "resolution",
            Value::Time(&now.resolution),
            Value::Time(&before.resolution),
            q,
        ),
        card(
            t,
            "reports-requester-wait",
            "requester_wait",
            Value::Time(&now.requester_wait),
            Value::Time(&before.requester_wait),
            q,
        ),
        card(
            t,
            "reports-first-assignment",
            "first_assignment",
            Value::Time(&now.first_assignment),
            Value::Time(&before.first_assignment),
            q,
        ),
        card(
            t,
            "reports-sla-first-reply",
            "sla_first_reply_missed",
            Value::Share(&now.sla_first_reply, false),
            Value::Share(&before.sla_first_reply, false),
            q,
        ),
        card(
            t,
            "reports-sla-resolution",
            "sla_resolution_missed",
            Value::Share(&now.sla_resolution, false),
            Value::Share(&before.sla_resolution, false),
            q,
        ),
        card(
            t,
            "reports-one-touch",
            "one_touch",
            Value::Share(&now.one_touch, false),
            Value::Share(&before.one_touch, false),
            q,
        ),
        card(
            t,
            "reports-reopened",
            "reopened",
            Value::Share(&now.reopened, true),
            Value::Share(&before.reopened, true),
            q,
        ),
        card(
            t,
            "reports-csat",
            "rated",
            Value::Share(&now.csat, false),
            Value::Share(&before.csat, false),
            q,
        ),
        card(
            t,
            "reports-response-rate",
            "rated",
            Value::Share(&now.response, false),
            Value::Share(&before.response, false),
            q,
        ),
        card(
            t,
            "reports-backlog",
            "backlog",
            Value::Backlog(backlog),
            Value::Backlog(0),
            q,
        ),
        Card {
            label: "reports-quality",
            value: now.quality_score.map_or("—".into(), |s| format!("{s:.0}%")),
            previous: before
                .quality_score
                .map_or("—".into(), |s| format!("{s:.0}%")),
            trend: compare(now.quality_score, before.quality_score, false),
            detail: t.with(
                "reports-reviews-count",
                &[("count", (now.quality_reviews as i64).into())],
            ),
            href: format!(
                "/agent/reports/tickets?{}",
                query_of(q, &[("figure", "reviewed")])
            ),
        },
    ]
}

/// A cell of the groups' table: a figure and the link to its tickets.
struct Cell {
    text: String,
    href: String,
}

struct Row {
    label: String,
    /// The agent's own page, for rows of agents.
    agent_href: Option<String>,
    cells: Vec<Cell>,
    previous: Vec<String>,
}

const COLUMNS: [&str; 9] = [
    "reports-created",
    "reports-solved",
    "reports-first-reply",
    "reports-resolution",
    "reports-sla-first-reply",
    "reports-one-touch",
    "reports-reopened",
    "reports-csat",
    "reports-backlog",
];

fn row(t: Tr, g: &GroupFigures, group: &str, q: &ReportQuery) -> Row {
    let link = |figure: &str| {
        format!(
            "/agent/reports/tickets?{}",
            query_of(q, &[("figure", figure), ("key", &g.key)])
        )
    };
    let f = &g.figures;
    let p = &g.previous;
    let cells = vec![
        (f.created.to_string(), "created"),
        (f.solved.to_string(), "solved"),
        (duration(t, f.first_reply.median_seconds), "first_reply"),
        (duration(t, f.resolution.median_seconds), "resolution"),
        (percent(&f.sla_first_reply), "sla_first_reply_missed"),
        (percent(&f.one_touch), "one_touch"),
        (percent(&f.reopened), "reopened"),
        (percent(&f.csat), "rated"),
        (
            f.backlog
                .as_ref()
                .map_or("—".into(), |b| b.total.to_string()),
            "backlog",
        ),
    ]
    .into_iter()
    .map(|(text, figure)| Cell {
        text,
        href: link(figure),
    })
    .collect();
    let previous = vec![
        p.created.to_string(),
        p.solved.to_string(),
        duration(t, p.first_reply.median_seconds),
        duration(t, p.resolution.median_seconds),
        percent(&p.sla_first_reply),
        percent(&p.one_touch),
        percent(&p.reopened),
        percent(&p.csat),
        String::new(),
    ];
    let label = match g.label.as_str() {
        "none" => t.s("reports-none").to_string(),
        "" => t.s("reports-none").to_string(),
        label => label.to_string(),
    };
    Row {
        label,
        agent_href: (group == "agent" && g.key != "none").then(|| {
            format!(
                "/agent/reports?{}",
                query_of(q, &[("agent", &g.key), ("group", "day")])
            )
        }),
        cells,
        previous,
    }
}

#[derive(Template)]
#[template(path = "agent/reports.html")]
struct Dashboard {
    t: Tr,
    meta: Meta,
    error: Option<String>,
    q: ReportQuery,
    /// The agent a page is about (an agent's own page, or one picked).
    agent_page: bool,
    may_read_all: bool,
    teams: Vec<(String, String)>,
    tiers: Vec<String>,
    report: Option<MetricsReport>,
    cards: Vec<Card>,
    trend_svg: String,
    bars_svg: String,
    backlog_svg: String,
    rows: Vec<Row>,
    columns: [&'static str; 9],
    csv_href: String,
    presets: Vec<(&'static str, String)>,
    groups: [&'static str; 7],
}

async fn own_page(staff: Staff) -> Response {
    let (viewer, _, _) = staff.into_parts();
    Redirect::to(&format!(
        "/agent/reports?agent={}&group=day",
        viewer.person_id
    ))
    .into_response()
}

async fn dashboard(
    State(state): State<WebState>,
    staff: Staff,
    headers: HeaderMap,
    Query(pq): Query<PageQuery>,
) -> Response {
    let (viewer, csrf, name) = staff.into_parts();
    let lang = pq.lang();
    let t = session::language(&headers, lang.lang.as_deref());
    let services = &state.services;
    let may_read_all = viewer.may(marketdesk_domain::access::Permission::ReadReports);
    let mut q = pq.report();
    if !may_read_all && q.agent.is_none() {
        q.agent = Some(viewer.person_id.to_string());
    }
    let result = services.metrics_report(&viewer, &q).await;
    let teams = services
        .list_teams(&viewer)
        .await
        .map(|teams| {
            teams
                .into_iter()
                .map(|t| (t.id.to_string(), t.name))
                .collect()
        })
        .unwrap_or_default();
    let tiers = services
        .policy()
        .membership
        .tiers
        .iter()
        .map(|t| t.name.clone())
        .collect();
    let today = services
        .business_hours()
        .local_date(marketdesk_service::now_ms());
    let presets = presets(today, &q);
    let mut template = Dashboard {
        t,
        meta: agent_meta(
            t,
            t.s("reports-title"),
            session::notice(&headers),
            name,
            csrf,
        ),
        error: None,
        agent_page: q.agent.is_some(),
        may_read_all,
        teams,
        tiers,
        report: None,
        cards: vec![],
        trend_svg: String::new(),
        bars_svg: String::new(),
        backlog_svg: String::new(),
        rows: vec![],
        columns: COLUMNS,
        csv_href: format!("/agent/reports.csv?{}", query_of(&q, &[])),
        presets,
        groups: [
            "team", "agent", "channel", "language", "intent", "tier", "day",
        ],
        q: q.clone(),
    };
    match result {
        Ok(report) => {
            // Links carry the range the report settled on.
            let mut q = q;
            q.from = Some(report.from.clone());
            q.to = Some(report.to.clone());
            template.cards = cards(t, &report.total, &report.previous, &q);
            // The assistant's honest self-service figure beside the desk's
            // (its own report counts back from today).
            if may_read_all
                && let Ok(assistant) = services
                    .self_service_report(&viewer, report.trend.len() as u32)
                    .await
            {
                template.cards.push(Card {
                    label: "reports-self-service",
                    value: if assistant.conversations > 0 {
                        format!("{:.0}%", assistant.resolution_rate * 100.0)
                    } else {
                        "—".into()
                    },
                    previous: "—".into(),
                    trend: "same",
                    detail: t.with(
                        "reports-self-service-detail",
                        &[
                            ("count", (assistant.conversations as i64).into()),
                            ("days", i64::from(assistant.days).into()),
                        ],
                    ),
                    href: "/agent/admin/automation".into(),
                });
            }
            let labels: Vec<String> = report.trend.iter().map(|d| d.date.clone()).collect();
            template.trend_svg = charts::trend(
                t.s("reports-trend"),
                &labels,
                &[
                    Series {
                        name: t.s("reports-created"),
                        class: "series-a",
                        values: report.trend.iter().map(|d| d.created as f64).collect(),
                    },
                    Series {
                        name: t.s("reports-solved"),
                        class: "series-b",
                        values: report.trend.iter().map(|d| d.solved as f64).collect(),
                    },
                ],
            );
            let rows: Vec<Row> = report
                .groups
                .iter()
                .map(|g| row(t, g, &report.group, &q))
                .collect();
            let bars: Vec<Bar> = report
                .groups
                .iter()
                .zip(&rows)
                .filter(|(g, _)| g.figures.first_reply.count + g.previous.first_reply.count > 0)
                .map(|(g, r)| Bar {
                    label: r.label.clone(),
                    value: g.figures.first_reply.median_seconds.map(|s| s / 3600.0),
                    text: duration(t, g.figures.first_reply.median_seconds),
                    previous: g.previous.first_reply.median_seconds.map(|s| s / 3600.0),
                    previous_text: duration(t, g.previous.first_reply.median_seconds),
                    href: format!(
                        "/agent/reports/tickets?{}",
                        query_of(&q, &[("figure", "first_reply"), ("key", &g.key)])
                    ),
                })
                .collect();
            template.bars_svg = charts::bars(
                &t.with(
                    "reports-first-reply-by",
                    &[(
                        "group",
                        t.s(&format!("reports-group-{}", report.group)).into(),
                    )],
                ),
                (t.s("reports-this-period"), t.s("reports-previous-period")),
                &bars,
            );
            if let Some(b) = &report.total.backlog {
                let age = |label: &str, n: u64, bucket: &str| Bar {
                    label: label.to_string(),
                    value: Some(n as f64),
                    text: n.to_string(),
                    previous: None,
                    previous_text: String::new(),
                    href: format!(
                        "/agent/reports/tickets?{}#{bucket}",
                        query_of(&q, &[("figure", "backlog")])
                    ),
                };
                template.backlog_svg = charts::bars(
                    t.s("reports-backlog-age"),
                    (t.s("reports-backlog"), ""),
                    &[
                        age(t.s("reports-age-day"), b.under_1_day, "age-1"),
                        age(t.s("reports-age-3"), b.from_1_to_3_days, "age-3"),
                        age(t.s("reports-age-7"), b.from_3_to_7_days, "age-7"),
                        age(t.s("reports-age-older"), b.over_7_days, "age-older"),
                    ],
                );
            }
            template.rows = rows;
            template.csv_href = format!("/agent/reports.csv?{}", query_of(&q, &[]));
            template.q = q;
            template.report = Some(report);
        }
        Err(err) => template.error = Some(error_text(t, &err)),
    }
    page(&state, &template, &lang, false)
}

/// Links to common ranges.
fn presets(today: jiff::civil::Date, q: &ReportQuery) -> Vec<(&'static str, String)> {
    use marketdesk_domain::metrics::DateRange;
    let range = |r: DateRange| {
        format!(
            "/agent/reports?{}",
            query_of(
                q,
                &[("from", &r.from.to_string()), ("to", &r.to.to_string())]
            )
        )
    };
    // Monday to Sunday of the week before this one.
    let weekday = i64::from(today.weekday().to_monday_zero_offset());
    let last_sunday = today
        .checked_sub(jiff::Span::new().days(weekday + 1))
        .unwrap_or(today);
    vec![
        ("reports-last-7", range(DateRange::last_days(today, 7))),
        (
            "reports-last-week",
            range(DateRange::last_days(last_sunday, 7)),
        ),
        ("reports-last-30", range(DateRange::last_days(today, 30))),
        ("reports-last-90", range(DateRange::last_days(today, 90))),
    ]
}

async fn dashboard_csv(
    State(state): State<WebState>,
    staff: Staff,
    headers: HeaderMap,
    Query(pq): Query<PageQuery>,
) -> Response {
    let (viewer, _, _) = staff.into_parts();
    let t = session::language(&headers, pq.lang.as_deref());
    match state.services.metrics_report(&viewer, &pq.report()).await {
        Ok(report) => csv_download(
            csv::report_csv(&report),
            &format!("metrics-{}-{}.csv", report.from, report.to),
        ),
        Err(err) => error_page(t, &err),
    }
}

#[derive(Template)]
#[template(path = "agent/report_tickets.html")]
struct TicketList {
    t: Tr,
    meta: Meta,
    error: Option<String>,
    list: Option<TicketsBehind>,
    figure_label: &'static str,
    back_href: String,
    csv_href: String,
    rows: Vec<ListedRow>,
}

struct ListedRow {
    id: i64,
    reference: String,
    subject: String,
    status: String,
    created: String,
    value: String,
}

fn figure_label(figure: &str) -> &'static str {
    match figure {
        "solved" => "reports-solved",
        "one_touch" => "reports-one-touch",
        "reopened" => "reports-reopened",
        "first_reply" => "reports-first-reply",
        "next_reply" => "reports-next-reply",
        "resolution" => "reports-resolution",
        "requester_wait" => "reports-requester-wait",
        "first_assignment" => "reports-first-assignment",
        "sla_first_reply_missed" => "reports-sla-first-reply-missed",
        "sla_resolution_missed" => "reports-sla-resolution-missed",
        "backlog" => "reports-backlog",
        "rated" => "reports-csat",
        "unsatisfied" => "reports-unsatisfied",
        "reviewed" => "reports-quality",
        _ => "reports-created",
    }
}

async fn tickets(
    State(state): State<WebState>,
    staff: Staff,
    headers: HeaderMap,
    Query(pq): Query<PageQuery>,
) -> Response {
    let (viewer, csrf, name) = staff.into_parts();
    let lang = pq.lang();
    let t = session::language(&headers, lang.lang.as_deref());
    let q = pq.report();
    let figure = q.figure.clone().unwrap_or_else(|| "created".into());
    let result = state
        .services
        .tickets_behind(&viewer, &q, &figure, q.key.as_deref())
        .await;
    let mut template = TicketList {
        t,
        meta: agent_meta(t, t.s("reports-tickets-title"), None, name, csrf),
        error: None,
        list: None,
        figure_label: figure_label(&figure),
        back_href: format!("/agent/reports?{}", query_of(&q, &[])),
        csv_href: format!(
            "/agent/reports/tickets.csv?{}",
            query_of(
                &q,
                &[("figure", &figure), ("key", q.key.as_deref().unwrap_or(""))]
            )
        ),
        rows: vec![],
    };
    match result {
        Ok(list) => {
            template.rows = list
                .tickets
                .iter()
                .map(|x| ListedRow {
                    id: x.id,
                    reference: x.reference.clone(),
                    subject: x.subject.clone(),
                    status: x.status.clone(),
                    created: when(&x.created_at),
                    value: if x.seconds.is_some() {
                        format!(
                            "{} ({} {})",
                            duration(t, x.seconds),
                            duration(t, x.business_seconds),
                            t.s("reports-business")
                        )
                    } else {
                        String::new()
                    },
                })
                .collect();
            template.list = Some(list);
        }
        Err(err) => template.error = Some(error_text(t, &err)),
    }
    page(&state, &template, &lang, false)
}

async fn tickets_csv(
    State(state): State<WebState>,
    staff: Staff,
    headers: HeaderMap,
    Query(pq): Query<PageQuery>,
) -> Response {
    let (viewer, _, _) = staff.into_parts();
    let t = session::language(&headers, pq.lang.as_deref());
    let q = pq.report();
    let figure = q.figure.clone().unwrap_or_else(|| "created".into());
    match state
        .services
        .tickets_behind(&viewer, &q, &figure, q.key.as_deref())
        .await
    {
        Ok(list) => csv_download(
            csv::tickets_csv(&list),
            &format!("tickets-{}-{}-{}.csv", list.figure, list.from, list.to),
        ),
        Err(err) => error_page(t, &err),
    }
}

fn csv_download(body: String, filename: &str) -> Response {
    let mut response = body.into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/csv; charset=utf-8"),
    );
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{filename}\"")) {
        headers.insert(header::CONTENT_DISPOSITION, v);
    }
    response
}

fn error_page(t: Tr, err: &marketdesk_service::ServiceError) -> Response {
    let status = match err.code() {
        marketdesk_service::ErrorCode::Forbidden => axum::http::StatusCode::FORBIDDEN,
        _ => axum::http::StatusCode::UNPROCESSABLE_ENTITY,
    };
    (status, error_text(t, err)).into_response()
}
