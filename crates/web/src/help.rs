//! Help-center pages: articles by category, search, an article with "was
//! this helpful?".

use askama::Template;
use axum::Router;
use axum::extract::{Form, Path, Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use serde::Deserialize;

use crate::errors::error_text;
use crate::i18n::Tr;
use crate::parts::Parts;
use crate::portal::{LangParam, Meta, page};
use crate::{ClientAddr, WebState, session};

pub fn routes() -> Router<WebState> {
    Router::new()
        .route("/help", get(index))
        .route("/help/search", get(search))
        .route("/help/{slug}", get(article))
        .route("/help/{slug}/feedback", post(feedback))
        .route("/contact", get(contact))
        .route("/contact/callback", post(callback))
}

type Group = (String, Vec<(String, String)>);

#[derive(Template)]
#[template(path = "portal/help.html")]
struct Help {
    t: Tr,
    meta: Meta,
    query: String,
    searched: bool,
    groups: Vec<Group>,
    hits: Vec<(String, String, String)>,
}

fn category_name(t: Tr, category: &str) -> String {
    let key = format!("category-{category}");
    let known = [
        "shipping",
        "orders",
        "returns",
        "refunds",
        "promotions",
        "account",
        "payments",
    ];
    if known.contains(&category) {
        t.s(&key).to_string()
    } else {
        category.to_string()
    }
}

async fn index(
    State(state): State<WebState>,
    headers: HeaderMap,
    Query(lang): Query<LangParam>,
) -> Response {
    let t = session::language(&headers, lang.lang.as_deref());
    let mut groups: Vec<Group> = Vec::new();
    let mut parts = Parts::default();
    for (category, slug, title) in
        parts.take("help articles", state.services.help_articles(t.lang).await)
    {
        let name = category_name(t, &category);
        match groups.iter_mut().find(|g| g.0 == name) {
            Some(g) => g.1.push((slug, title)),
            None => groups.push((name, vec![(slug, title)])),
        }
    }
    let notice = session::notice(&headers);
    let had = notice.is_some();
    let template = Help {
        t,
        meta: Meta::new(t.s("help-heading"), parts.notice(t, notice)),
        query: String::new(),
        searched: false,
        groups,
        hits: vec![],
    };
    page(&state, &template, &lang, had)
}

#[derive(Deserialize)]
struct SearchParams {
    #[serde(default)]
    q: String,
    lang: Option<String>,
}

async fn search(
    State(state): State<WebState>,
    headers: HeaderMap,
    Query(params): Query<SearchParams>,
) -> Response {
    let lang = LangParam {
        lang: params.lang.clone(),
    };
    let t = session::language(&headers, lang.lang.as_deref());
    let mut parts = Parts::default();
    let hits = parts.take(
        "help search",
        state
            .services
            .help_search(&params.q, t.lang)
            .await
            .map(|hits| {
                hits.into_iter()
                    .map(|h| (h.slug, h.title, h.snippet_html))
                    .collect()
            }),
    );
    let template = Help {
        t,
        meta: Meta::new(t.s("help-heading"), parts.notice(t, None)),
        query: params.q.chars().take(200).collect(),
        searched: true,
        groups: vec![],
        hits,
    };
    page(&state, &template, &lang, false)
}

#[derive(Template)]
#[template(path = "portal/article.html")]
struct Article {
    t: Tr,
    meta: Meta,
    slug: String,
    language: String,
    title: String,
    body_html: String,
    related: Vec<(String, String)>,
    csrf: String,
}

async fn article(
    State(state): State<WebState>,
    headers: HeaderMap,
    Path(slug): Path<String>,
    Query(lang): Query<LangParam>,
) -> Response {
    let t = session::language(&headers, lang.lang.as_deref());
    let Ok(view) = state.services.help_article(&slug, t.lang).await else {
        return Redirect::to("/help").into_response();
    };
    let (csrf, fresh) = session::form_token(&headers);
    let notice = session::notice(&headers);
    let had = notice.is_some();
    let template = Article {
        t,
        meta: Meta::new(&view.title, notice),
        slug: view.slug,
        language: view.language,
        title: view.title,
        body_html: view.body_html,
        related: view.related,
        csrf: csrf.clone(),
    };
    let mut response = page(&state, &template, &lang, had);
    if fresh {
        session::set_form_token(&mut response, &state, &csrf);
    }
    response
}

#[derive(Deserialize)]
struct FeedbackForm {
    #[serde(rename = "_csrf", default)]
    csrf: String,
    helpful: String,
    #[serde(default)]
    reason: String,
}

async fn feedback(
    State(state): State<WebState>,
    headers: HeaderMap,
    Path(slug): Path<String>,
    Form(form): Form<FeedbackForm>,
) -> Response {
    let t = session::language(&headers, None);
    let back = format!(
        "/help/{}",
        slug.chars()
            .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
            .collect::<String>()
    );
    if !session::form_token_ok(&headers, &form.csrf) {
        return Redirect::to(&back).into_response();
    }
    let reason = (form.helpful != "yes").then_some(form.reason.as_str());
    match state
        .services
        .article_feedback(&slug, form.helpful == "yes", reason, t.lang)
        .await
    {
        Ok(()) => session::redirect_with_notice(&state, &back, t.s("help-thanks")),
        Err(err) => session::redirect_with_error(&state, &back, &error_text(t, &err)),
    }
}

#[derive(Template)]
#[template(path = "portal/contact.html")]
struct Contact {
    t: Tr,
    meta: Meta,
    open: bool,
    waiting: i64,
    email: String,
    phone: String,
    hours_heading: String,
    hours: String,
    /// When people are back, while they are away.
    back: Option<String>,
    /// The same instant (RFC 3339), shown in the visitor's own time zone.
    back_at: Option<String>,
    /// Holidays of the coming weeks, as "YYYY-MM-DD name".
    holidays: Vec<String>,
    /// The schedules of teams with their own hours.
    teams: Vec<TeamHoursLine>,
    csrf: String,
    /// Times a callback can be asked for: (ms since the epoch, local words).
    slots: Vec<(i64, String)>,
    zone: String,
}

/// One team schedule on the contact page.
struct TeamHoursLine {
    name: String,
    zone: String,
    hours: String,
    /// When they are back (RFC 3339), while they are away.
    back_at: Option<String>,
    /// "at work now" or when they are back.
    now: String,
    holidays: Vec<String>,
}

fn team_hours(
    own: &marketdesk_service::operations::TeamSchedule,
    now: marketdesk_domain::Millis,
    t: Tr,
) -> TeamHoursLine {
    let schedule = &own.schedule;
    TeamHoursLine {
        name: own.name.clone(),
        zone: own.hours.time_zone.clone(),
        hours: marketdesk_service::chat::opening_hours(&own.hours, t.lang),
        now: at_work_or_back(schedule, now, t),
        back_at: next_opening(schedule, now),
        holidays: upcoming_holidays(schedule, now),
    }
}

/// "at work now", or when people are back: what callers and chats hear.
pub(crate) fn at_work_or_back(
    schedule: &marketdesk_domain::business_hours::Schedule,
    now: marketdesk_domain::Millis,
    t: Tr,
) -> String {
    match marketdesk_service::chat::back_at_work(schedule, now, t.lang) {
        Some((day, time)) => t.with(
            "contact-team-back",
            &[("day", day.as_str().into()), ("time", time.as_str().into())],
        ),
        None => t.s("contact-team-open").to_owned(),
    }
}

/// When people are back (RFC 3339), while they are away.
fn next_opening(
    schedule: &marketdesk_domain::business_hours::Schedule,
    now: marketdesk_domain::Millis,
) -> Option<String> {
    if schedule.is_open(now) {
        return None;
    }
    schedule.next_opening(now).map(marketdesk_service::rfc3339)
}

fn upcoming_holidays(
    schedule: &marketdesk_domain::business_hours::Schedule,
    now: marketdesk_domain::Millis,
) -> Vec<String> {
    schedule
        .upcoming_holidays(now, HOLIDAYS_AHEAD_MS)
        .into_iter()
        .map(|(date, name)| format!("{date} {name}").trim_end().to_owned())
        .collect()
}

/// How far ahead the contact page announces holidays.
const HOLIDAYS_AHEAD_MS: i64 = 60 * marketdesk_domain::DAY_MS;

/// The channels, their hours, and how many people wait for an agent now.
async fn contact(
    State(state): State<WebState>,
    headers: HeaderMap,
    Query(lang): Query<LangParam>,
) -> Response {
    let t = session::language(&headers, lang.lang.as_deref());
    let notice = session::notice(&headers);
    let had_notice = notice.is_some();
    let (csrf, fresh) = session::form_token(&headers);
    let policy = state.services.policy();
    let c = &policy.contact;
    let now = marketdesk_service::now_ms();
    let schedule = state.services.business_hours();
    let back = marketdesk_service::chat::back_at_work(schedule, now, t.lang).map(|(day, time)| {
        t.with(
            "contact-back",
            &[("day", day.as_str().into()), ("time", time.as_str().into())],
        )
    });
    let holidays = upcoming_holidays(schedule, now);
    let teams = state
        .services
        .schedules_in_use()
        .await
        .unwrap_or_default()
        .iter()
        .map(|own| team_hours(own, now, t))
        .collect();
    let template = Contact {
        teams,
        t,
        meta: Meta::new(t.s("contact-heading"), notice),
        csrf: csrf.clone(),
        slots: state
            .services
            .callback_slots(now, 48)
            .into_iter()
            .map(|at| (at, slot_words(schedule, at)))
            .collect(),
        zone: c.business_hours.time_zone.clone(),
        open: schedule.is_open(now),
        waiting: state.services.chat_waiting().await.unwrap_or(0),
        email: c.email.clone(),
        phone: c.phone.clone(),
        hours_heading: t.with(
            "contact-hours",
            &[("zone", c.business_hours.time_zone.as_str().into())],
        ),
        hours: marketdesk_service::chat::opening_hours(&c.business_hours, t.lang),
        back,
        back_at: next_opening(schedule, now),
        holidays,
    };
    let mut response = page(&state, &template, &lang, had_notice);
    if fresh {
        session::set_form_token(&mut response, &state, &csrf);
    }
    response
}

/// A callback time in the shop's zone: `2026-12-07 10:30`.
fn slot_words(schedule: &marketdesk_domain::business_hours::Schedule, at: i64) -> String {
    let (_, time) = schedule.local_weekday_time(at);
    format!(
        "{} {:02}:{:02}",
        schedule.local_date(at),
        time.hour(),
        time.minute()
    )
}

#[derive(Deserialize)]
struct CallbackForm {
    #[serde(rename = "_csrf", default)]
    csrf: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    phone: String,
    #[serde(default)]
    at: String,
    #[serde(default)]
    note: String,
}

/// "Call me back": a phone ticket for the number at the chosen time.
async fn callback(
    State(state): State<WebState>,
    headers: HeaderMap,
    ClientAddr(client): ClientAddr,
    Form(form): Form<CallbackForm>,
) -> Response {
    let t = session::language(&headers, None);
    let back = "/contact#callback";
    if !session::form_token_ok(&headers, &form.csrf) {
        return session::redirect_with_error(&state, back, t.s("contact-callback-expired"));
    }
    let viewer = session::viewer(&state, &headers).await.map(|(v, _)| v);
    let request = marketdesk_service::phone::CallbackRequest {
        phone: form.phone,
        name: form.name,
        at: form.at.trim().parse().unwrap_or(0),
        note: form.note,
        language: Some(t.lang.code().into()),
    };
    let when = slot_words(state.services.business_hours(), request.at);
    match state
        .services
        .request_callback(viewer.as_ref(), request, client)
        .await
    {
        Ok(reference) => session::redirect_with_notice(
            &state,
            back,
            &t.with(
                "contact-callback-done",
                &[
                    ("when", when.as_str().into()),
                    ("reference", reference.as_str().into()),
                ],
            ),
        ),
        Err(err) => session::redirect_with_error(&state, back, &error_text(t, &err)),
    }
}
