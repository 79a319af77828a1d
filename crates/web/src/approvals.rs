//! The approval queue in the workspace: refunds and compensation coupons
//! above the requester's limit, approved or rejected (with a reason) by
//! someone whose own limit covers them. The services decide who may.

use std::collections::HashMap;

use askama::Template;
use axum::Router;
use axum::extract::{Form, Path, Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use marketdesk_service::after_sales::RefundDecision;
use marketdesk_service::kernel::page::PageRequest;
use serde::Deserialize;

use crate::WebState;
use crate::agent::{Staff, agent_meta};
use crate::errors::error_text;
use crate::format::{money, when};
use crate::i18n::Tr;
use crate::portal::{LangParam, Meta, page};
use crate::session::{self, Notice};

pub fn routes() -> Router<WebState> {
    Router::new()
        .route("/agent/approvals", get(queue))
        .route("/agent/approvals/{id}", post(decide))
}

/// Requests shown at once; the oldest wait longest and come last.
const SHOWN: u32 = 100;

struct Pending {
    id: i64,
    order: String,
    ticket_id: Option<i64>,
    kind: &'static str,
    amount: String,
    reason: String,
    requested_by: String,
    requested_at: String,
    may_decide: bool,
}

#[derive(Template)]
#[template(path = "agent/approvals.html")]
struct Queue {
    t: Tr,
    meta: Meta,
    error: Option<String>,
    rows: Vec<Pending>,
}

async fn queue(
    State(state): State<WebState>,
    staff: Staff,
    headers: HeaderMap,
    Query(lang): Query<LangParam>,
) -> Response {
    let (viewer, csrf, name) = staff.into_parts();
    let t = session::language(&headers, lang.lang.as_deref());
    let services = &state.services;
    let listed = services
        .list_refunds(
            &viewer,
            "pending_approval",
            PageRequest {
                limit: SHOWN,
                before_id: None,
            },
        )
        .await;
    let (rows, error) = match listed {
        Ok(page) => {
            let mut names: HashMap<i64, String> = HashMap::new();
            let mut orders: HashMap<i64, String> = HashMap::new();
            let mut rows = Vec::new();
            for r in page.items {
                let requested_by = match r.requested_by {
                    Some(id) => match names.get(&id) {
                        Some(name) => name.clone(),
                        None => {
                            let name = services
                                .get_person(&viewer, id)
                                .await
                                .map_or_else(|_| format!("#{id}"), |p| p.name);
                            names.insert(id, name.clone());
                            name
                        }
                    },
                    None => String::new(),
                };
                let order = match orders.get(&r.order_id) {
                    Some(number) => number.clone(),
                    None => {
                        let number = services
                            .get_order(&viewer, &r.order_id.to_string())
                            .await
                            .map_or_else(|_| format!("#{}", r.order_id), |o| o.order.number);
                        orders.insert(r.order_id, number.clone());
                        number
                    }
                };
                rows.push(Pending {
                    id: r.id,
                    order,
                    ticket_id: r.ticket_id,
                    kind: match r.destination.as_str() {
                        "coupon" => "approvals-kind-coupon",
                        "store_credit" => "approvals-kind-store-credit",
                        _ => "approvals-kind-refund",
                    },
                    amount: money(r.amount_minor, &r.currency, t.lang),
                    reason: r.reason.clone(),
                    requested_by,
                    requested_at: when(&r.created_at),
                    may_decide: services.may_approve(&viewer, &r),
                });
            }
            (rows, None)
        }
        Err(err) => (Vec::new(), Some(error_text(t, &err))),
    };
    let template = Queue {
        t,
        meta: agent_meta(
            t,
            t.s("approvals-title"),
            session::notice(&headers),
            name,
            csrf,
        ),
        error,
        rows,
    };
    page(&state, &template, &lang, false)
}

#[derive(Deserialize)]
struct DecisionForm {
    #[serde(rename = "_csrf", default)]
    csrf: String,
    /// `approve` or `reject`.
    decision: String,
    #[serde(default)]
    note: String,
}

async fn decide(
    State(state): State<WebState>,
    staff: Staff,
    headers: HeaderMap,
    Path(id): Path<i64>,
    Form(form): Form<DecisionForm>,
) -> Response {
    let (viewer, csrf, _) = staff.into_parts();
    let back = "/agent/approvals";
    if form.csrf != csrf {
        return Redirect::to(back).into_response();
    }
    let t = session::language(&headers, None);
    let approve = match form.decision.as_str() {
        "approve" => true,
        "reject" => false,
        _ => return Redirect::to(back).into_response(),
    };
    let note = form.note.trim();
    if !approve && note.is_empty() {
        return session::redirect_with_error(&state, back, t.s("approvals-reason-needed"));
    }
    let decision = RefundDecision {
        note: (!note.is_empty()).then(|| note.to_string()),
    };
    let message = match state
        .services
        .decide_refund(&viewer, id, approve, decision)
        .await
    {
        Ok(outcome) => Notice::done(format!(
            "{} — {}",
            t.s(if approve {
                "approvals-approved"
            } else {
                "approvals-rejected"
            }),
            outcome.message
        )),
        Err(err) => Notice::error(error_text(t, &err)),
    };
    session::redirect_after(&state, back, &message)
}
