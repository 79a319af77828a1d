//! Suspended mail in the workspace: received messages held because the
//! servers they passed said the sender was forged or the mail was spam,
//! each accepted (it becomes a ticket now) or deleted by an agent.

use askama::Template;
use axum::Router;
use axum::extract::{Form, Path, Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};

use crate::WebState;
use crate::agent::{Staff, agent_meta};
use crate::errors::error_text;
use crate::format::when;
use crate::i18n::Tr;
use crate::order_forms::field;
use crate::portal::{LangParam, Meta, page};
use crate::session::{self, Notice};

pub fn routes() -> Router<WebState> {
    Router::new()
        .route("/agent/suspended", get(list))
        .route("/agent/suspended/{id}", post(decide))
}

struct Held {
    id: i64,
    when: String,
    from: String,
    subject: String,
    reason: &'static str,
}

#[derive(Template)]
#[template(path = "agent/suspended.html")]
struct Suspended {
    t: Tr,
    meta: Meta,
    error: Option<String>,
    rows: Vec<Held>,
}

async fn list(
    State(state): State<WebState>,
    staff: Staff,
    headers: HeaderMap,
    Query(lang): Query<LangParam>,
) -> Response {
    let (viewer, csrf, name) = staff.into_parts();
    let t = session::language(&headers, lang.lang.as_deref());
    let (rows, error) = match state.services.suspended_mail(&viewer).await {
        Ok(list) => (
            list.into_iter()
                .map(|m| Held {
                    id: m.id,
                    when: when(&m.received_at),
                    from: m.from,
                    subject: m.subject,
                    reason: if m.reason == "spam" {
                        "suspended-spam"
                    } else {
                        "suspended-forged"
                    },
                })
                .collect(),
            None,
        ),
        Err(err) => (Vec::new(), Some(error_text(t, &err))),
    };
    let notice = session::notice(&headers);
    let had = notice.is_some();
    let template = Suspended {
        t,
        meta: agent_meta(t, t.s("suspended-title"), notice, name, csrf),
        error,
        rows,
    };
    page(&state, &template, &lang, had)
}

async fn decide(
    State(state): State<WebState>,
    staff: Staff,
    Path(id): Path<i64>,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    let t = staff.t;
    let (viewer, csrf, _) = staff.into_parts();
    if field(&form, "_csrf") != csrf {
        return Redirect::to("/agent/suspended").into_response();
    }
    let accept = field(&form, "decision") == "accept";
    let result = if accept {
        state.services.accept_mail(&viewer, id).await
    } else {
        state.services.discard_mail(&viewer, id).await
    };
    let notice = match result {
        Ok(()) => Notice::done(t.s(if accept {
            "suspended-accepted"
        } else {
            "suspended-deleted"
        })),
        Err(err) => Notice::error(error_text(t, &err)),
    };
    session::redirect_after(&state, "/agent/suspended", &notice)
}
