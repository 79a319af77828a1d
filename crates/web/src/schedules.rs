//! Business hours in the admin console: the default hours (the policy
//! file's), the teams' own schedules with their time zone, weekly hours and
//! holidays, an editor that keeps what was typed when it is refused, and an
//! iCalendar import of public holidays.

use askama::Template;
use axum::Router;
use axum::extract::{DefaultBodyLimit, Form, Multipart, Path, Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use marketdesk_domain::business_hours::{BusinessHours, Holiday};
use marketdesk_service::operations::{MAX_CALENDAR_BYTES, ScheduleInput, ScheduleView};
use serde::Deserialize;

use crate::WebState;
use crate::admin::SECTIONS;
use crate::agent::{Staff, agent_meta};
use crate::errors::staff_error_text as error_text;
use crate::i18n::Tr;
use crate::order_forms::field;
use crate::parts::{Missing, Parts};
use crate::portal::{Meta, page};
use crate::session::{self, Notice};

const BACK: &str = "/agent/admin/schedules";
const DAYS: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

pub fn routes() -> Router<WebState> {
    Router::new()
        .route(BACK, get(schedules_page).post(submit))
        .route("/agent/admin/schedules/{id}/delete", post(delete))
        .route(
            "/agent/admin/schedules/{id}/holidays",
            post(import).layer(DefaultBodyLimit::max(MAX_CALENDAR_BYTES + 64 * 1024)),
        )
}

/// A schedule in the editor, as the form writes it.
#[derive(Debug, Clone, Default)]
struct ScheduleForm {
    name: String,
    time_zone: String,
    /// Per weekday, Monday first: "09:00-14:00, 15:00-19:00".
    days: Vec<(&'static str, String)>,
    /// One holiday per line: "2026-12-25 Christmas".
    holidays: String,
    teams: Vec<i64>,
}

impl ScheduleForm {
    fn of(name: &str, hours: &BusinessHours, teams: Vec<i64>) -> Self {
        ScheduleForm {
            name: name.to_owned(),
            time_zone: hours.time_zone.clone(),
            days: DAYS
                .iter()
                .zip(1u8..)
                .map(|(day, n)| (*day, hours.day(n).join(", ")))
                .collect(),
            holidays: hours
                .holidays
                .iter()
                .map(|h| format!("{} {}", h.date, h.name).trim_end().to_owned())
                .collect::<Vec<_>>()
                .join("\n"),
            teams,
        }
    }

    fn read(form: &[(String, String)]) -> Self {
        ScheduleForm {
            name: field(form, "name").to_owned(),
            time_zone: field(form, "time_zone").to_owned(),
            days: DAYS
                .iter()
                .map(|day| (*day, field(form, day).to_owned()))
                .collect(),
            holidays: field(form, "holidays").to_owned(),
            teams: form
                .iter()
                .filter(|(k, _)| k == "teams")
                .filter_map(|(_, v)| v.trim().parse().ok())
                .collect(),
        }
    }

    /// What the service checks: spans split at commas, a holiday per line
    /// (its date, then its name).
    fn input(&self) -> ScheduleInput {
        let mut hours = BusinessHours::always_open(self.time_zone.trim());
        for ((_, spans), n) in self.days.iter().zip(1u8..) {
            *hours.day_mut(n) = spans
                .split([',', ';'])
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect();
        }
        hours.holidays = self
            .holidays
            .lines()
            .map(str::trim)
            .filter(|line| !line.is_empty())
            .map(|line| {
                let (date, name) = line.split_once(char::is_whitespace).unwrap_or((line, ""));
                Holiday {
                    date: date.to_owned(),
                    name: name.trim().to_owned(),
                }
            })
            .collect();
        ScheduleInput {
            name: self.name.clone(),
            hours: hours.into(),
            teams: self.teams.clone(),
        }
    }
}

struct ScheduleRow {
    id: i64,
    name: String,
    zone: String,
    hours: String,
    /// "at work now", or when they are back: what callers and chats hear.
    now: String,
    teams: String,
    holidays: usize,
}

#[derive(Template)]
#[template(path = "agent/admin_schedules.html")]
struct SchedulesPage {
    t: Tr,
    meta: Meta,
    sections: &'static [(&'static str, &'static str)],
    section: &'static str,
    forbidden: bool,
    default_zone: String,
    default_hours: String,
    default_holidays: usize,
    schedules: Vec<ScheduleRow>,
    /// Every team: (id, name).
    teams: Vec<(i64, String)>,
    /// The editor's schedule (0: a new one) and what it shows.
    editing: i64,
    form: ScheduleForm,
    error: Option<String>,
}

#[derive(Debug, Deserialize)]
struct SchedulesQuery {
    lang: Option<String>,
    edit: Option<i64>,
}

async fn render(
    state: &WebState,
    staff: Staff,
    headers: &HeaderMap,
    lang: Option<String>,
    (editing, draft): (i64, Option<ScheduleForm>),
    error: Option<String>,
) -> Response {
    let (viewer, csrf, who) = staff.into_parts();
    let t = session::language(headers, lang.as_deref());
    let mut parts = Parts::default();
    let listed = state.services.list_schedules(&viewer).await;
    let forbidden = listed
        .as_ref()
        .is_err_and(|err| Missing::of(err) == Missing::NotFound);
    let listed: Vec<ScheduleView> = parts.take("schedules", listed);
    let teams: Vec<(i64, String)> = parts
        .take("teams", state.services.list_teams(&viewer).await)
        .into_iter()
        .map(|team| (team.id, team.name))
        .collect();
    let default = &state.services.policy().contact.business_hours;
    let form = draft.unwrap_or_else(|| {
        listed
            .iter()
            .find(|s| s.id == editing)
            .map(|s| ScheduleForm::of(&s.name, &s.hours, s.teams.iter().map(|t| t.id).collect()))
            .unwrap_or_else(|| {
                // A new schedule starts from the default's hours.
                let mut form = ScheduleForm::of("", default, Vec::new());
                form.holidays.clear();
                form
            })
    });
    let now = marketdesk_service::now_ms();
    let schedules = listed
        .iter()
        .map(|s| ScheduleRow {
            id: s.id,
            name: s.name.clone(),
            zone: s.hours.time_zone.clone(),
            hours: marketdesk_service::chat::opening_hours(&s.hours, t.lang),
            now: s
                .hours
                .schedule()
                .map(|schedule| crate::help::at_work_or_back(&schedule, now, t))
                .unwrap_or_default(),
            teams: s
                .teams
                .iter()
                .map(|t| t.name.as_str())
                .collect::<Vec<_>>()
                .join(", "),
            holidays: s.hours.holidays.len(),
        })
        .collect();
    let template = SchedulesPage {
        t,
        meta: agent_meta(
            t,
            t.s("admin-schedules"),
            parts.notice(t, session::notice(headers)),
            who,
            csrf,
        ),
        sections: SECTIONS,
        section: "schedules",
        forbidden,
        default_zone: default.time_zone.clone(),
        default_hours: marketdesk_service::chat::opening_hours(default, t.lang),
        default_holidays: default.holidays.len(),
        schedules,
        teams,
        editing,
        form,
        error,
    };
    page(state, &template, &crate::portal::LangParam { lang }, true)
}

async fn schedules_page(
    State(state): State<WebState>,
    staff: Staff,
    headers: HeaderMap,
    Query(q): Query<SchedulesQuery>,
) -> Response {
    render(
        &state,
        staff,
        &headers,
        q.lang,
        (q.edit.unwrap_or(0), None),
        None,
    )
    .await
}

/// Saves the editor's schedule; when refused, the editor keeps what was
/// typed and says why.
async fn submit(
    State(state): State<WebState>,
    staff: Staff,
    headers: HeaderMap,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    let t = staff.t;
    if field(&form, "_csrf") != staff.csrf {
        return Redirect::to(BACK).into_response();
    }
    let editing: i64 = field(&form, "editing").parse().unwrap_or(0);
    let draft = ScheduleForm::read(&form);
    let saved = if editing > 0 {
        state
            .services
            .update_schedule(&staff.viewer, editing, draft.input())
            .await
    } else {
        state
            .services
            .create_schedule(&staff.viewer, draft.input())
            .await
    };
    match saved {
        Ok(s) => {
            let done = Notice::done(format!("✓ {}", s.name));
            session::redirect_after(&state, BACK, &done)
        }
        Err(err) => {
            let error = Some(error_text(t, &err));
            render(&state, staff, &headers, None, (editing, Some(draft)), error).await
        }
    }
}

async fn delete(
    State(state): State<WebState>,
    staff: Staff,
    Path(id): Path<i64>,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    let t = staff.t;
    let (viewer, csrf, _) = staff.into_parts();
    if field(&form, "_csrf") != csrf {
        return Redirect::to(BACK).into_response();
    }
    let notice = match state.services.delete_schedule(&viewer, id).await {
        Ok(()) => Notice::done(t.s("schedules-deleted").to_string()),
        Err(err) => Notice::error(error_text(t, &err)),
    };
    session::redirect_after(&state, BACK, &notice)
}

/// An uploaded iCalendar file's days join the schedule's holidays.
async fn import(
    State(state): State<WebState>,
    staff: Staff,
    Path(id): Path<i64>,
    mut multipart: Multipart,
) -> Response {
    let t = staff.t;
    let (viewer, csrf, _) = staff.into_parts();
    let (mut sent_csrf, mut calendar) = (String::new(), None);
    loop {
        match multipart.next_field().await {
            Ok(Some(part)) => {
                let name = part.name().unwrap_or_default().to_owned();
                let bytes = match part.bytes().await {
                    Ok(bytes) => bytes,
                    Err(err) => {
                        let key = crate::agent::upload_problem(err);
                        return session::redirect_with_error(&state, BACK, t.s(key));
                    }
                };
                match name.as_str() {
                    "_csrf" => sent_csrf = String::from_utf8_lossy(&bytes).into_owned(),
                    "calendar" => calendar = Some(bytes),
                    _ => {}
                }
            }
            Ok(None) => break,
            Err(err) => {
                let key = crate::agent::upload_problem(err);
                return session::redirect_with_error(&state, BACK, t.s(key));
            }
        }
    }
    if sent_csrf != csrf {
        return Redirect::to(BACK).into_response();
    }
    let Some(text) = calendar
        .as_deref()
        .and_then(|bytes| std::str::from_utf8(bytes).ok())
    else {
        return session::redirect_with_error(&state, BACK, t.s("schedules-import-not-text"));
    };
    let notice = match state.services.import_holidays(&viewer, id, text).await {
        Ok(s) => Notice::done(t.with(
            "schedules-imported",
            &[
                ("name", s.name.as_str().into()),
                ("count", (s.hours.holidays.len() as i64).into()),
            ],
        )),
        Err(err) => Notice::error(error_text(t, &err)),
    };
    session::redirect_after(&state, BACK, &notice)
}
