//! Reports on pages (docs/TRUST.md): the portal's "Report a problem" form
//! for anyone (prefilled by a link from the marketplace: `/report?subject=
//! listing&reference=…`), and the workspace's moderation queue with its
//! decisions.

use askama::Template;
use axum::Router;
use axum::extract::{Form, Path, Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use marketdesk_domain::moderation::{ModerationDecision, ReportReason, ReportSubject};
use marketdesk_service::ServiceError;
use marketdesk_service::trust::{DecisionInput, ModerationItem, NewReportInput};
use serde::Deserialize;

use crate::WebState;
use crate::agent::{Staff, agent_meta};
use crate::errors::error_text;
use crate::format::when;
use crate::i18n::Tr;
use crate::portal::{LangParam, Meta, page};
use crate::session;

pub fn routes() -> Router<WebState> {
    Router::new()
        .route("/report", get(form).post(file))
        .route("/agent/moderation", get(queue))
        .route("/agent/moderation/{id}/decision", post(decide))
}

fn reason_name(t: Tr, reason: &str) -> String {
    t.s(&format!("report-reason-{reason}")).to_string()
}

fn subject_name(t: Tr, subject: &str) -> String {
    t.s(&format!("report-subject-{subject}")).to_string()
}

#[derive(Template)]
#[template(path = "portal/report.html")]
struct ReportPage {
    t: Tr,
    meta: Meta,
    csrf: String,
    signed_in: bool,
    subject: String,
    reference: String,
    subjects: Vec<(&'static str, String)>,
    reasons: Vec<(&'static str, String)>,
}

impl ReportPage {
    fn chosen(&self, subject: &str) -> bool {
        self.subject == subject
    }
}

#[derive(Deserialize)]
struct Prefill {
    #[serde(default)]
    subject: String,
    #[serde(default)]
    reference: String,
    lang: Option<String>,
}

async fn form(
    State(state): State<WebState>,
    headers: HeaderMap,
    Query(q): Query<Prefill>,
) -> Response {
    let lang = LangParam {
        lang: q.lang.clone(),
    };
    let t = session::language(&headers, lang.lang.as_deref());
    let signed = session::viewer(&state, &headers).await;
    let (csrf, fresh) = match &signed {
        Some((_, csrf)) => (csrf.clone(), false),
        None => session::form_token(&headers),
    };
    let notice = session::notice(&headers);
    let had = notice.is_some();
    let mut meta = Meta::new(t.s("report-heading"), notice);
    if signed.is_some() {
        meta = meta.for_customer(&csrf);
    }
    let template = ReportPage {
        t,
        meta,
        csrf: csrf.clone(),
        signed_in: signed.is_some(),
        subject: ReportSubject::parse(&q.subject)
            .map(|s| s.as_str().to_owned())
            .unwrap_or_else(|_| "listing".into()),
        reference: q.reference.chars().take(500).collect(),
        subjects: ReportSubject::ALL
            .iter()
            .map(|s| (s.as_str(), subject_name(t, s.as_str())))
            .collect(),
        reasons: ReportReason::ALL
            .iter()
            .map(|r| (r.as_str(), reason_name(t, r.as_str())))
            .collect(),
    };
    let mut response = page(&state, &template, &lang, had);
    if fresh {
        session::set_form_token(&mut response, &state, &csrf);
    }
    response
}

#[derive(Deserialize)]
struct ReportForm {
    #[serde(rename = "_csrf", default)]
    csrf: String,
    #[serde(default)]
    subject: String,
    #[serde(default)]
    reference: String,
    #[serde(default)]
    reason: String,
    #[serde(default)]
    details: String,
    #[serde(default)]
    message_text: String,
    #[serde(default)]
    email: String,
    /// The language of the page the report was written on.
    #[serde(default)]
    lang: String,
}

async fn file(
    State(state): State<WebState>,
    headers: HeaderMap,
    crate::ClientAddr(client): crate::ClientAddr,
    Form(form): Form<ReportForm>,
) -> Response {
    let t = session::language(&headers, Some(form.lang.as_str()).filter(|l| !l.is_empty()));
    let signed = session::viewer(&state, &headers).await;
    let csrf_ok = match &signed {
        Some((_, csrf)) => *csrf == form.csrf,
        None => session::form_token_ok(&headers, &form.csrf),
    };
    let back = "/report";
    if !csrf_ok {
        return Redirect::to(back).into_response();
    }
    let (Ok(subject), Ok(reason)) = (
        ReportSubject::parse(&form.subject),
        ReportReason::parse(&form.reason),
    ) else {
        return session::redirect_with_error(&state, back, t.s("report-bad-reason"));
    };
    let input = NewReportInput {
        subject,
        reference: form.reference,
        reason,
        details: form.details,
        message_text: form.message_text,
        email: Some(form.email).filter(|e| !e.trim().is_empty()),
        language: Some(t.tag().to_owned()),
    };
    match state
        .services
        .file_report(signed.as_ref().map(|(v, _)| v), input, client)
        .await
    {
        Ok(receipt) if receipt.counted => {
            session::redirect_with_notice(&state, back, t.s("report-sent"))
        }
        Ok(_) => session::redirect_with_notice(&state, back, t.s("report-already")),
        Err(ServiceError::InvalidField {
            field: "reason", ..
        }) => session::redirect_with_error(&state, back, t.s("report-bad-reason")),
        Err(err) => session::redirect_with_error(&state, back, &error_text(t, &err)),
    }
}

struct Row {
    item: ModerationItem,
    subject: String,
    reason: String,
    decision: String,
    since: String,
}

fn row(t: Tr, item: ModerationItem) -> Row {
    Row {
        subject: subject_name(t, &item.subject),
        reason: reason_name(t, &item.reason),
        decision: item
            .decision
            .as_deref()
            .map(|d| t.s(&format!("moderation-decision-{d}")).to_string())
            .unwrap_or_default(),
        since: when(&item.first_reported_at),
        item,
    }
}

#[derive(Template)]
#[template(path = "agent/moderation.html")]
struct Queue {
    t: Tr,
    meta: Meta,
    csrf: String,
    open: Vec<Row>,
    decided: Vec<Row>,
    decisions: Vec<(&'static str, String)>,
}

async fn queue(
    State(state): State<WebState>,
    staff: Staff,
    headers: HeaderMap,
    Query(lang): Query<LangParam>,
) -> Response {
    let (viewer, csrf, name) = staff.into_parts();
    let t = session::language(&headers, lang.lang.as_deref());
    let q = match state.services.moderation_queue(&viewer).await {
        Ok(q) => q,
        Err(err) => return session::redirect_with_error(&state, "/agent", &error_text(t, &err)),
    };
    let notice = session::notice(&headers);
    let had = notice.is_some();
    let template = Queue {
        t,
        meta: agent_meta(t, t.s("moderation-heading"), notice, name, csrf.clone()),
        csrf,
        open: q.open.into_iter().map(|i| row(t, i)).collect(),
        decided: q.decided.into_iter().map(|i| row(t, i)).collect(),
        decisions: ModerationDecision::ALL
            .iter()
            .map(|d| {
                (
                    d.as_str(),
                    t.s(&format!("moderation-decision-{}", d.as_str()))
                        .to_string(),
                )
            })
            .collect(),
    };
    page(&state, &template, &lang, had)
}

#[derive(Deserialize)]
struct DecideForm {
    #[serde(rename = "_csrf", default)]
    csrf: String,
    #[serde(default)]
    decision: String,
    #[serde(default)]
    note: String,
    /// The community's moderators decide from their own page.
    #[serde(default)]
    back: String,
}

async fn decide(
    State(state): State<WebState>,
    staff: Staff,
    Path(id): Path<String>,
    Form(form): Form<DecideForm>,
) -> Response {
    let t = staff.t;
    let back = if form.back == "/agent/community" {
        "/agent/community"
    } else {
        "/agent/moderation"
    };
    let (Ok(id), true) = (id.parse::<i64>(), form.csrf == staff.csrf) else {
        return Redirect::to(back).into_response();
    };
    let Ok(decision) = ModerationDecision::parse(&form.decision) else {
        return Redirect::to(back).into_response();
    };
    match state
        .services
        .decide_report(
            &staff.viewer,
            id,
            DecisionInput {
                decision,
                note: form.note,
            },
        )
        .await
    {
        Ok(_) => session::redirect_with_notice(&state, back, t.s("moderation-decided")),
        Err(err) => session::redirect_with_error(&state, back, &error_text(t, &err)),
    }
}
