//! Privacy on pages (docs/TRUST.md, "Privacy"): "My data" in the portal —
//! download everything marketdesk holds about you, or ask for its erasure
//! — and the admins' list of requests with their deadlines.

use askama::Template;
use axum::Router;
use axum::extract::{Form, Path, Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use marketdesk_service::trust::{PrivacyKind, PrivacyRequestInput, PrivacyRequestView};
use serde::Deserialize;

use crate::WebState;
use crate::agent::{Staff, agent_meta};
use crate::errors::error_text;
use crate::format::when;
use crate::i18n::Tr;
use crate::portal::{LangParam, Meta, page};
use crate::requests::SignedIn;
use crate::session;

pub fn routes() -> Router<WebState> {
    Router::new()
        .route("/privacy", get(mine).post(ask))
        .route("/agent/privacy", get(queue))
        .route("/agent/privacy/{id}/erase", post(erase))
}

struct Line {
    r: PrivacyRequestView,
    kind: String,
    status: String,
    due: String,
    until: String,
}

fn line(t: Tr, r: PrivacyRequestView) -> Line {
    Line {
        kind: t.s(&format!("privacy-kind-{}", r.kind)).to_string(),
        status: t.s(&format!("privacy-status-{}", r.status)).to_string(),
        due: when(&r.due_at),
        until: r.download_until.as_deref().map(when).unwrap_or_default(),
        r,
    }
}

#[derive(Template)]
#[template(path = "portal/privacy.html")]
struct Mine {
    t: Tr,
    meta: Meta,
    csrf: String,
    requests: Vec<Line>,
}

async fn mine(
    State(state): State<WebState>,
    SignedIn { viewer, csrf, .. }: SignedIn,
    headers: HeaderMap,
    Query(lang): Query<LangParam>,
) -> Response {
    let t = session::language(&headers, lang.lang.as_deref());
    let requests = match state.services.my_privacy_requests(&viewer).await {
        Ok(list) => list.into_iter().map(|r| line(t, r)).collect(),
        Err(err) => return session::redirect_with_error(&state, "/requests", &error_text(t, &err)),
    };
    let notice = session::notice(&headers);
    let had = notice.is_some();
    let template = Mine {
        t,
        meta: Meta::new(t.s("privacy-heading"), notice).for_customer(&csrf),
        csrf,
        requests,
    };
    page(&state, &template, &lang, had)
}

#[derive(Deserialize)]
struct AskForm {
    #[serde(rename = "_csrf", default)]
    csrf: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    confirm: String,
}

async fn ask(
    State(state): State<WebState>,
    SignedIn { viewer, csrf, t }: SignedIn,
    Form(form): Form<AskForm>,
) -> Response {
    let back = "/privacy";
    if form.csrf != csrf {
        return Redirect::to(back).into_response();
    }
    let kind = match form.kind.as_str() {
        "export" => PrivacyKind::Export,
        "erasure" if form.confirm == "yes" => PrivacyKind::Erasure,
        "erasure" => {
            return session::redirect_with_error(&state, back, t.s("privacy-confirm-needed"));
        }
        _ => return Redirect::to(back).into_response(),
    };
    match state
        .services
        .request_privacy(&viewer, PrivacyRequestInput { kind })
        .await
    {
        Ok(_) if kind == PrivacyKind::Export => {
            session::redirect_with_notice(&state, back, t.s("privacy-export-ready"))
        }
        Ok(_) => session::redirect_with_notice(&state, back, t.s("privacy-erasure-asked")),
        Err(marketdesk_service::ServiceError::Conflict(_)) => {
            session::redirect_with_error(&state, back, t.s("privacy-already-pending"))
        }
        Err(err) => session::redirect_with_error(&state, back, &error_text(t, &err)),
    }
}

#[derive(Template)]
#[template(path = "agent/privacy.html")]
struct Queue {
    t: Tr,
    meta: Meta,
    csrf: String,
    requests: Vec<Line>,
}

async fn queue(
    State(state): State<WebState>,
    staff: Staff,
    headers: HeaderMap,
    Query(lang): Query<LangParam>,
) -> Response {
    let (viewer, csrf, name) = staff.into_parts();
    let t = session::language(&headers, lang.lang.as_deref());
    let requests = match state.services.privacy_queue(&viewer).await {
        Ok(list) => list.into_iter().map(|r| line(t, r)).collect(),
        Err(err) => return session::redirect_with_error(&state, "/agent", &error_text(t, &err)),
    };
    let notice = session::notice(&headers);
    let had = notice.is_some();
    let template = Queue {
        t,
        meta: agent_meta(t, t.s("privacy-queue-heading"), notice, name, csrf.clone()),
        csrf,
        requests,
    };
    page(&state, &template, &lang, had)
}

#[derive(Deserialize)]
struct EraseForm {
    #[serde(rename = "_csrf", default)]
    csrf: String,
}

async fn erase(
    State(state): State<WebState>,
    staff: Staff,
    Path(id): Path<String>,
    Form(form): Form<EraseForm>,
) -> Response {
    let t = staff.t;
    let back = "/agent/privacy";
    let (Ok(id), true) = (id.parse::<i64>(), form.csrf == staff.csrf) else {
        return Redirect::to(back).into_response();
    };
    match state.services.carry_out_erasure(&staff.viewer, id).await {
        Ok(_) => session::redirect_with_notice(&state, back, t.s("privacy-erased")),
        Err(err) => session::redirect_with_error(&state, back, &error_text(t, &err)),
    }
}
