//! The admin console: audit log, webhook deliveries, staff, the policy in
//! force, and macros. What a role may not see, the services refuse.

use askama::Template;
use axum::Router;
use axum::extract::{Form, Path, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use marketdesk_service::ServiceError;
use marketdesk_service::accounts::NewMacro;
use marketdesk_service::kernel::page::PageRequest;
use serde::Deserialize;

use crate::WebState;
use crate::agent::{Staff, agent_meta};
use crate::errors::error_text;
use crate::format::when;
use crate::i18n::Tr;
use crate::parts::{Missing, Parts};
use crate::portal::{LangParam, Meta, page};
use crate::session::{self, Notice};

pub fn routes() -> Router<WebState> {
    Router::new()
        .route(
            "/agent/admin",
            get(|| async { Redirect::to("/agent/admin/audit") }),
        )
        .route("/agent/admin/{section}", get(section))
        .route("/agent/admin/macros/new", post(add_macro))
        .route("/agent/admin/mail/retry", post(retry_mail))
}

pub(crate) const SECTIONS: &[(&str, &str)] = &[
    ("audit", "admin-audit"),
    ("webhooks", "admin-webhooks"),
    ("people", "admin-people"),
    ("routing", "admin-routing"),
    ("rules", "admin-rules"),
    ("schedules", "admin-schedules"),
    ("macros", "admin-macros"),
    ("articles", "admin-articles"),
    ("automation", "admin-automation"),
    ("mail", "admin-mail"),
    ("mailboxes", "admin-mailboxes"),
    ("policy", "admin-policy"),
];

#[derive(Template)]
#[template(path = "agent/admin.html")]
struct Admin {
    t: Tr,
    meta: Meta,
    sections: &'static [(&'static str, &'static str)],
    section: String,
    forbidden: bool,
    headers: Vec<&'static str>,
    rows: Vec<Vec<String>>,
    pre: Option<String>,
}

type Table = (Vec<&'static str>, Vec<Vec<String>>, Option<String>);

async fn section(
    State(state): State<WebState>,
    staff: Staff,
    headers: HeaderMap,
    Path(name): Path<String>,
    axum::extract::Query(lang): axum::extract::Query<LangParam>,
) -> Response {
    let (viewer, csrf, who) = staff.into_parts();
    let Some((section, title_key)) = SECTIONS.iter().find(|(k, _)| *k == name).copied() else {
        return Redirect::to("/agent/admin/audit").into_response();
    };
    let t = session::language(&headers, lang.lang.as_deref());
    let page_req = PageRequest {
        limit: 100,
        before_id: None,
    };
    let services = &state.services;
    let table: Result<Table, ServiceError> = match section {
        "audit" => services.list_audit(&viewer, page_req).await.map(|p| {
            let rows = p
                .items
                .iter()
                .map(|e| {
                    vec![
                        when(&e.created_at),
                        e.actor_id
                            .map(|a| a.to_string())
                            .unwrap_or_else(|| "system".into()),
                        format!("{} {} #{}", e.action, e.subject_type, e.subject_id),
                        match (&e.field, &e.old_value, &e.new_value) {
                            (Some(f), o, n) => format!(
                                "{f}: {} → {}",
                                o.as_deref().unwrap_or("∅"),
                                n.as_deref().unwrap_or("∅")
                            ),
                            (None, _, n) => n.clone().unwrap_or_default(),
                        },
                    ]
                })
                .collect();
            (
                vec!["admin-when", "admin-who", "admin-what", "admin-change"],
                rows,
                None,
            )
        }),
        "webhooks" => services
            .list_webhook_deliveries(&viewer, page_req)
            .await
            .map(|p| {
                let rows = p
                    .items
                    .iter()
                    .map(|d| {
                        vec![
                            when(&d.created_at),
                            d.event_type.clone(),
                            d.state.clone(),
                            d.attempts.to_string(),
                            d.last_error.clone().unwrap_or_default(),
                        ]
                    })
                    .collect();
                (
                    vec![
                        "admin-when",
                        "admin-event",
                        "admin-state",
                        "admin-attempts",
                        "admin-change",
                    ],
                    rows,
                    None,
                )
            }),
        "automation" => services.self_service_report(&viewer, 30).await.map(|r| {
            let percent = |share: f64| format!("{:.0} %", share * 100.0);
            let of = |part: u64, whole: u64| {
                if whole == 0 {
                    "—".to_string()
                } else {
                    percent(part as f64 / whole as f64)
                }
            };
            let mut rows = vec![vec![
                t.s("automation-all").to_string(),
                r.conversations.to_string(),
                percent(r.resolution_rate),
                percent(r.handover_rate),
                r.csat.map(percent).unwrap_or_else(|| "—".into()),
                r.rated.to_string(),
            ]];
            for (flow, f) in &r.by_flow {
                rows.push(vec![
                    flow.clone(),
                    f.conversations.to_string(),
                    of(f.resolved, f.conversations),
                    of(f.handed_over, f.conversations),
                    of(f.satisfied, f.rated),
                    f.rated.to_string(),
                ]);
            }
            (
                vec![
                    "automation-flow",
                    "automation-conversations",
                    "automation-resolved",
                    "automation-handed-over",
                    "automation-csat",
                    "automation-rated",
                ],
                rows,
                Some(t.s("automation-rule").to_string()),
            )
        }),
        "mail" => services.failed_mail(&viewer).await.map(|list| {
            let rows = list
                .iter()
                .map(|m| {
                    vec![
                        when(&m.received_at),
                        m.envelope_from.clone(),
                        m.size_bytes.to_string(),
                        m.attempts.to_string(),
                        m.error.clone().unwrap_or_default(),
                    ]
                })
                .collect();
            (
                vec![
                    "admin-when",
                    "admin-from",
                    "admin-size",
                    "admin-attempts",
                    "admin-change",
                ],
                rows,
                Some(t.s("admin-mail-lead").to_string()),
            )
        }),
        "macros" => services.list_macros(&viewer).await.map(|list| {
            let rows = list
                .iter()
                .map(|m| vec![m.name.clone(), m.language.clone(), m.body.clone()])
                .collect();
            (
                vec!["admin-name", "nav-language", "reply-heading"],
                rows,
                None,
            )
        }),
        _ => services.policy_for(&viewer).map(|policy| {
            (
                vec![],
                vec![],
                Some(serde_json::to_string_pretty(policy).unwrap_or_default()),
            )
        }),
    };
    let mut parts = Parts::default();
    let forbidden = table
        .as_ref()
        .is_err_and(|err| Missing::of(err) == Missing::NotFound);
    let (table_headers, rows, pre) = parts.take(section, table);
    let template = Admin {
        t,
        meta: agent_meta(
            t,
            t.s(title_key),
            parts.notice(t, session::notice(&headers)),
            who,
            csrf,
        ),
        sections: SECTIONS,
        section: section.into(),
        forbidden,
        headers: table_headers,
        rows,
        pre,
    };
    page(&state, &template, &lang, true)
}

#[derive(Deserialize)]
struct MacroForm {
    #[serde(rename = "_csrf", default)]
    csrf: String,
    name: String,
    body: String,
    language: String,
    #[serde(default)]
    body_en: String,
    #[serde(default)]
    body_es: String,
    #[serde(default)]
    body_zh: String,
    #[serde(default)]
    set_status: String,
    #[serde(default)]
    set_priority: String,
    #[serde(default)]
    add_tags: String,
    #[serde(default)]
    assign_to_me: String,
}

async fn add_macro(
    State(state): State<WebState>,
    staff: Staff,
    Form(form): Form<MacroForm>,
) -> Response {
    let t = staff.t;
    let (viewer, csrf, _) = staff.into_parts();
    if form.csrf != csrf {
        return Redirect::to("/agent/admin/macros").into_response();
    }
    let result = state
        .services
        .create_macro(
            &viewer,
            NewMacro {
                translations: [
                    ("en", &form.body_en),
                    ("es", &form.body_es),
                    ("zh-CN", &form.body_zh),
                ]
                .into_iter()
                .filter(|(_, body)| !body.trim().is_empty())
                .map(|(tag, body)| (tag.to_string(), body.clone()))
                .collect(),
                actions: macro_actions(&form),
                assign_to_me: form.assign_to_me == "1",
                name: form.name,
                body: form.body,
                language: Some(form.language),
            },
        )
        .await;
    let notice = match result {
        Ok(m) => Notice::done(format!("✓ {}", m.name)),
        Err(err) => Notice::error(crate::errors::staff_error_text(t, &err)),
    };
    session::redirect_after(&state, "/agent/admin/macros", &notice)
}

/// The fields the macro form asks to set, as rule actions (bad values are
/// refused by the service with the field named).
fn macro_actions(form: &MacroForm) -> Vec<marketdesk_domain::rules::Action> {
    use marketdesk_domain::rules::Action;
    let mut actions = Vec::new();
    if let Ok(value) = marketdesk_domain::TicketStatus::parse(&form.set_status) {
        actions.push(Action::SetStatus { value });
    }
    if let Ok(value) = marketdesk_domain::Priority::parse(&form.set_priority) {
        actions.push(Action::SetPriority { value });
    }
    let tags: Vec<String> = form.add_tags.split_whitespace().map(String::from).collect();
    if !tags.is_empty() {
        actions.push(Action::AddTags { tags });
    }
    actions
}

/// Puts every failed received message back in the queue.
async fn retry_mail(
    State(state): State<WebState>,
    staff: Staff,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    let t = staff.t;
    let (viewer, csrf, _) = staff.into_parts();
    if crate::order_forms::field(&form, "_csrf") != csrf {
        return Redirect::to("/agent/admin/mail").into_response();
    }
    let notice = match state.services.retry_mail(&viewer, None).await {
        Ok(count) => Notice::done(t.with("admin-mail-retried", &[("count", count.into())])),
        Err(err) => Notice::error(error_text(t, &err)),
    };
    session::redirect_after(&state, "/agent/admin/mail", &notice)
}
