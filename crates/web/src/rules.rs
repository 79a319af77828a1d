//! Triggers and automations in the admin console: the rules in the order
//! they run, a rule's JSON to write or edit with a dry run ("which tickets
//! would this act on now, and how?") before saving, enable, disable, delete.

use askama::Template;
use axum::Router;
use axum::extract::{Form, Path, Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use marketdesk_domain::rules::Rule;
use marketdesk_service::operations::DryRun;
use serde::Deserialize;

use crate::WebState;
use crate::admin::SECTIONS;
use crate::agent::{Staff, agent_meta};
use crate::errors::staff_error_text as error_text;
use crate::i18n::Tr;
use crate::order_forms::field;
use crate::parts::{Missing, Parts};
use crate::portal::{Meta, page};
use crate::rule_builder::{self, RuleForm};
use crate::session::{self, Notice};

const BACK: &str = "/agent/admin/rules";

/// What a new rule starts from: the issue's own example, pending three days.
const EXAMPLE: &str = r#"{
  "name": "Remind after 3 days pending",
  "kind": "automation",
  "position": 1,
  "conditions": {"all": [
    {"field": "status", "op": "is", "value": "pending"},
    {"field": "hours_in_status", "op": "at_least", "value": 72},
    {"field": "tags", "op": "not_contains", "value": "reminded"}
  ]},
  "actions": [
    {"action": "send_email", "subject": "Re: {{ticket.subject}}",
     "body": "Hi {{customer.name}}, do you still need help with {{ticket.reference}}? Just reply to this email."},
    {"action": "add_tags", "tags": ["reminded"]}
  ]
}"#;

pub fn routes() -> Router<WebState> {
    Router::new()
        .route(BACK, get(rules_page).post(submit))
        .route("/agent/admin/rules/{id}/toggle", post(toggle))
        .route("/agent/admin/rules/{id}/delete", post(delete))
}

struct RuleRow {
    id: i64,
    name: String,
    kind: String,
    events: String,
    position: i32,
    enabled: bool,
}

#[derive(Template)]
#[template(path = "agent/admin_rules.html")]
struct RulesPage {
    t: Tr,
    meta: Meta,
    sections: &'static [(&'static str, &'static str)],
    section: &'static str,
    forbidden: bool,
    rules: Vec<RuleRow>,
    /// The JSON in the editor, and the rule it edits (0: a new one).
    draft: String,
    /// The same rule as the form's rows, when it fits them.
    builder: Option<RuleForm>,
    events: Vec<&'static str>,
    fields: Vec<&'static str>,
    ops: Vec<&'static str>,
    kinds: Vec<&'static str>,
    actions: &'static [&'static str],
    editing: i64,
    dry: Option<DryRun>,
    error: Option<String>,
}

#[derive(Debug, Deserialize)]
struct RulesQuery {
    lang: Option<String>,
    edit: Option<i64>,
}

async fn render(
    state: &WebState,
    staff: Staff,
    headers: &HeaderMap,
    lang: Option<String>,
    (draft, editing, builder): (Option<String>, i64, Option<RuleForm>),
    dry: Option<DryRun>,
    error: Option<String>,
) -> Response {
    let (viewer, csrf, who) = staff.into_parts();
    let t = session::language(headers, lang.as_deref());
    let mut parts = Parts::default();
    let listed = state.services.list_rules(&viewer).await;
    let forbidden = listed
        .as_ref()
        .is_err_and(|err| Missing::of(err) == Missing::NotFound);
    let listed = parts.take("rules", listed);
    let editing_rule = listed.iter().find(|r| r.rule.id == editing && editing > 0);
    let builder = match (builder, editing_rule) {
        (Some(form), _) => Some(form),
        (None, Some(r)) => RuleForm::of(&r.rule),
        (None, None) => Some(RuleForm::default()),
    };
    let draft = draft.unwrap_or_else(|| {
        listed
            .iter()
            .find(|r| r.rule.id == editing && editing > 0)
            .and_then(|r| {
                let mut rule = r.rule.clone();
                rule.id = 0;
                serde_json::to_string_pretty(&rule).ok()
            })
            .unwrap_or_else(|| EXAMPLE.to_string())
    });
    let rules = listed
        .iter()
        .map(|r| RuleRow {
            id: r.rule.id,
            name: r.rule.name.clone(),
            kind: r.rule.kind.as_str().into(),
            events: r
                .rule
                .events
                .iter()
                .map(|e| e.as_str())
                .collect::<Vec<_>>()
                .join(", "),
            position: r.rule.position,
            enabled: r.rule.enabled,
        })
        .collect();
    let template = RulesPage {
        t,
        meta: agent_meta(
            t,
            t.s("admin-rules"),
            parts.notice(t, session::notice(headers)),
            who,
            csrf,
        ),
        sections: SECTIONS,
        section: "rules",
        forbidden,
        rules,
        draft,
        builder,
        events: rule_builder::events(),
        fields: rule_builder::fields(),
        ops: rule_builder::ops(),
        kinds: rule_builder::kinds(),
        actions: &rule_builder::ACTIONS,
        editing,
        dry,
        error,
    };
    page(state, &template, &crate::portal::LangParam { lang }, true)
}

async fn rules_page(
    State(state): State<WebState>,
    staff: Staff,
    headers: HeaderMap,
    Query(q): Query<RulesQuery>,
) -> Response {
    render(
        &state,
        staff,
        &headers,
        q.lang,
        (None, q.edit.unwrap_or(0), None),
        None,
        None,
    )
    .await
}

/// "Dry run" or "Save" on the editor; either way, the JSON stays in it.
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
    let action = field(&form, "do");
    // The form's rows, or the JSON editor's text: the same rule either way.
    let builder = action.starts_with("build_").then(|| RuleForm::read(&form));
    let draft = match &builder {
        Some(rows) => serde_json::to_string_pretty(&rows.to_json()).unwrap_or_default(),
        None => field(&form, "rule").to_string(),
    };
    let dry_run = action.ends_with("dry_run");
    // What the editor shows next: a dry run, an error, or (saved) nothing.
    let outcome: Result<Option<DryRun>, String> = if draft.len() > 64 * 1024 {
        Err(t.s("rules-too-long").to_string())
    } else {
        match serde_json::from_str::<Rule>(&draft) {
            Err(err) => Err(format!("{}: {err}", t.s("rules-bad-json"))),
            Ok(mut rule) if dry_run => {
                rule.id = editing;
                state
                    .services
                    .dry_run_rule(&staff.viewer, rule)
                    .await
                    .map(Some)
                    .map_err(|err| error_text(t, &err))
            }
            Ok(rule) => {
                let saved = if editing > 0 {
                    state
                        .services
                        .update_rule(&staff.viewer, editing, rule)
                        .await
                } else {
                    state.services.create_rule(&staff.viewer, rule).await
                };
                match saved {
                    Ok(r) => {
                        let done = Notice::done(format!("✓ {}", r.rule.name));
                        return session::redirect_after(&state, BACK, &done);
                    }
                    Err(err) => Err(error_text(t, &err)),
                }
            }
        }
    };
    let (dry, error) = match outcome {
        Ok(dry) => (dry, None),
        Err(error) => (None, Some(error)),
    };
    render(
        &state,
        staff,
        &headers,
        None,
        (Some(draft), editing, builder),
        dry,
        error,
    )
    .await
}

async fn toggle(
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
    let outcome = match state.services.list_rules(&viewer).await {
        Ok(rules) => match rules.into_iter().find(|r| r.rule.id == id) {
            Some(r) => {
                let mut rule = r.rule;
                rule.enabled = !rule.enabled;
                state
                    .services
                    .update_rule(&viewer, id, rule)
                    .await
                    .map(|_| ())
            }
            None => Err(marketdesk_service::ServiceError::NotFound("rule")),
        },
        Err(err) => Err(err),
    };
    let notice = match outcome {
        Ok(()) => Notice::done(t.s("admin-saved").to_string()),
        Err(err) => Notice::error(error_text(t, &err)),
    };
    session::redirect_after(&state, BACK, &notice)
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
    let notice = match state.services.delete_rule(&viewer, id).await {
        Ok(()) => Notice::done(t.s("rules-deleted").to_string()),
        Err(err) => Notice::error(error_text(t, &err)),
    };
    session::redirect_after(&state, BACK, &notice)
}
