//! Suspicious activity on pages (docs/TRUST.md): the "was this you?" page
//! a mailed link opens (opening records nothing; the customer's click
//! does), and the workspace's identity checks.

use askama::Template;
use axum::Router;
use axum::extract::{Form, Path, Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use marketdesk_domain::access::Permission;
use marketdesk_domain::account_security::{IdentityStep, SignalKind};
use marketdesk_service::trust::{CheckDecisionInput, CheckStepInput, IdentityCheckView};
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
        .route("/account/signal", get(question).post(answer))
        .route("/agent/identity-checks", get(checks))
        .route("/agent/identity-checks/{id}/steps", post(step))
        .route("/agent/identity-checks/{id}/decision", post(decide))
}

fn signal_words(t: Tr, kind: SignalKind) -> String {
    t.s(&format!("signal-{}", kind.as_str())).to_string()
}

#[derive(Template)]
#[template(path = "portal/signal.html")]
struct Question {
    t: Tr,
    meta: Meta,
    csrf: String,
    token: String,
    question: String,
    outcome: Option<String>,
}

#[derive(Deserialize)]
struct TokenParam {
    #[serde(default)]
    token: String,
    lang: Option<String>,
}

async fn question(
    State(state): State<WebState>,
    headers: HeaderMap,
    Query(q): Query<TokenParam>,
) -> Response {
    let lang = LangParam {
        lang: q.lang.clone(),
    };
    let t = session::language(&headers, lang.lang.as_deref());
    let signal = state.services.signal_by_link(&q.token).await.ok();
    let question = signal
        .as_ref()
        .map(|s| {
            t.with(
                "signal-question",
                &[
                    ("what", signal_words(t, s.kind).as_str().into()),
                    ("detail", s.detail.as_str().into()),
                    ("when", when(&s.occurred_at).as_str().into()),
                ],
            )
        })
        .unwrap_or_default();
    let outcome = match &signal {
        None => Some(t.s("signal-expired").to_string()),
        Some(s) if s.answer.as_deref() == Some("no") => Some(t.s("signal-thanks-no").to_string()),
        Some(s) if s.answer.is_some() => Some(t.s("signal-answered").to_string()),
        Some(s) if !s.open => Some(t.s("signal-expired").to_string()),
        _ => None,
    };
    let (csrf, fresh) = session::form_token(&headers);
    let template = Question {
        t,
        meta: Meta::new(t.s("signal-heading"), None),
        csrf: csrf.clone(),
        token: q.token,
        question,
        outcome,
    };
    let mut response = page(&state, &template, &lang, false);
    if fresh {
        session::set_form_token(&mut response, &state, &csrf);
    }
    response
}

#[derive(Deserialize)]
struct AnswerForm {
    #[serde(rename = "_csrf", default)]
    csrf: String,
    #[serde(default)]
    token: String,
    #[serde(default)]
    answer: String,
}

async fn answer(
    State(state): State<WebState>,
    headers: HeaderMap,
    Form(form): Form<AnswerForm>,
) -> Response {
    let t = session::language(&headers, None);
    let back = format!("/account/signal?token={}", session::link_token(&form.token));
    if !session::form_token_ok(&headers, &form.csrf) {
        return Redirect::to(&back).into_response();
    }
    let it_was_me = form.answer == "yes";
    match state.services.answer_signal(&form.token, it_was_me).await {
        Ok(_) if it_was_me => {
            session::redirect_with_notice(&state, &back, t.s("signal-thanks-yes"))
        }
        Ok(_) => session::redirect_with_notice(&state, &back, t.s("signal-thanks-no")),
        Err(_) => session::redirect_with_error(&state, &back, t.s("signal-answered")),
    }
}

struct CheckLine {
    c: IdentityCheckView,
    steps: Vec<(String, bool, String)>,
}

#[derive(Template)]
#[template(path = "agent/identity_checks.html")]
struct Checks {
    t: Tr,
    meta: Meta,
    csrf: String,
    checks: Vec<CheckLine>,
    passed: Vec<CheckLine>,
    actions: Vec<ActionLine>,
    action_names: Vec<(&'static str, String)>,
    step_names: Vec<(&'static str, String)>,
    can_decide: bool,
}

struct ActionLine {
    a: marketdesk_service::trust::AccountActionView,
    action: String,
    status: String,
    when: String,
}

async fn checks(
    State(state): State<WebState>,
    staff: Staff,
    headers: HeaderMap,
    Query(lang): Query<LangParam>,
) -> Response {
    let (viewer, csrf, name) = staff.into_parts();
    let t = session::language(&headers, lang.lang.as_deref());
    let loaded = async {
        Ok::<_, marketdesk_service::ServiceError>((
            state.services.identity_checks(&viewer).await?,
            state.services.passed_identity_checks(&viewer).await?,
            state.services.account_actions(&viewer, None).await?,
        ))
    };
    let (list, passed, actions) = match loaded.await {
        Ok(all) => all,
        Err(err) => return session::redirect_with_error(&state, "/agent", &error_text(t, &err)),
    };
    let step_name = |s: IdentityStep| t.s(&format!("identity-step-{}", s.as_str())).to_string();
    let notice = session::notice(&headers);
    let had = notice.is_some();
    let template = Checks {
        t,
        meta: agent_meta(t, t.s("identity-heading"), notice, name, csrf.clone()),
        csrf,
        checks: list
            .into_iter()
            .map(|c| check_line(&step_name, c))
            .collect(),
        passed: passed
            .into_iter()
            .map(|c| check_line(&step_name, c))
            .collect(),
        actions: actions
            .into_iter()
            .map(|a| ActionLine {
                action: t
                    .s(&format!("account-action-{}", a.action.as_str()))
                    .to_string(),
                status: t
                    .s(&format!("account-action-status-{}", a.status))
                    .to_string(),
                when: when(&a.requested_at),
                a,
            })
            .collect(),
        action_names: crate::account_help::action_names(t),
        step_names: IdentityStep::ALL
            .iter()
            .map(|s| (s.as_str(), step_name(*s)))
            .collect(),
        can_decide: viewer.may(Permission::UnfreezeAccounts),
    };
    page(&state, &template, &lang, had)
}

fn check_line(step_name: &impl Fn(IdentityStep) -> String, c: IdentityCheckView) -> CheckLine {
    CheckLine {
        steps: c
            .steps
            .iter()
            .map(|s| (step_name(s.step), s.passed, s.note.clone()))
            .collect(),
        c,
    }
}

#[derive(Deserialize)]
struct StepForm {
    #[serde(rename = "_csrf", default)]
    csrf: String,
    #[serde(default)]
    step: String,
    #[serde(default)]
    passed: String,
    #[serde(default)]
    note: String,
}

async fn step(
    State(state): State<WebState>,
    staff: Staff,
    Path(id): Path<String>,
    Form(form): Form<StepForm>,
) -> Response {
    let t = staff.t;
    let back = "/agent/identity-checks";
    let (Ok(id), true, Ok(step)) = (
        id.parse::<i64>(),
        form.csrf == staff.csrf,
        IdentityStep::parse(&form.step),
    ) else {
        return Redirect::to(back).into_response();
    };
    let input = CheckStepInput {
        step,
        passed: form.passed == "yes",
        note: form.note,
    };
    match state
        .services
        .identity_check_step(&staff.viewer, id, input)
        .await
    {
        Ok(_) => Redirect::to(back).into_response(),
        Err(err) => session::redirect_with_error(&state, back, &error_text(t, &err)),
    }
}

async fn decide(
    State(state): State<WebState>,
    staff: Staff,
    Path(id): Path<String>,
    Form(form): Form<StepForm>,
) -> Response {
    let t = staff.t;
    let back = "/agent/identity-checks";
    let (Ok(id), true) = (id.parse::<i64>(), form.csrf == staff.csrf) else {
        return Redirect::to(back).into_response();
    };
    let input = CheckDecisionInput {
        passed: form.passed == "yes",
    };
    match state
        .services
        .decide_identity_check(&staff.viewer, id, input)
        .await
    {
        Ok(_) => session::redirect_with_notice(&state, back, t.s("identity-decided")),
        Err(err) => session::redirect_with_error(&state, back, &error_text(t, &err)),
    }
}
