//! The inbox: a dense table of the view's tickets with the columns the
//! agent chose, sorted by a column header, narrowed by channel, topic,
//! priority or tag, and saved as a personal or shared view.

use std::collections::BTreeMap;

use askama::Template;
use axum::extract::{Form, Path, Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use marketdesk_domain::access::Permission;
use marketdesk_domain::{Channel, Priority};
use marketdesk_service::operations::{COLUMNS, NewSavedView, SavedView};
use marketdesk_service::tickets::QueueCount;

use crate::WebState;
use crate::agent::{Staff, VIEWS, agent_meta, queue_counts, view_query};
use crate::errors::error_text;
use crate::format::{Moment, moment};
use crate::i18n::Tr;
use crate::order_forms::field;
use crate::portal::{LangParam, Meta, page};
use crate::session::{self, Notice};
use crate::sla::{SlaBadge, badges, most_pressing};

/// The columns shown when the agent chose none.
const DEFAULT_COLUMNS: [&str; 7] = [
    "reference",
    "requester",
    "status",
    "priority",
    "sla",
    "intent",
    "updated",
];
/// Columns a header click sorts by, and the sort it asks for first.
const SORTABLE: [(&str, &str); 4] = [
    ("status", "status"),
    ("priority", "-priority"),
    ("updated", "-updated"),
    ("reference", "-created"),
];

pub(crate) struct Row {
    pub sla: Option<SlaBadge>,
    pub intent: String,
    pub id: i64,
    pub reference: String,
    pub subject: String,
    pub requester: String,
    pub status: String,
    pub priority: String,
    pub assignee: String,
    pub team: String,
    pub channel: String,
    pub language: String,
    pub updated: Moment,
}

/// A column header: key, label, and the link that sorts by it (if any)
/// with the arrow of the current sort.
pub(crate) struct Header {
    pub key: &'static str,
    pub label: &'static str,
    pub sort_link: Option<String>,
    pub arrow: &'static str,
}

#[derive(Template)]
#[template(path = "agent/inbox.html")]
struct Inbox {
    t: Tr,
    meta: Meta,
    /// Key, label and how many tickets are in it.
    views: Vec<(&'static str, &'static str, QueueCount)>,
    view: String,
    /// The channel the views are narrowed to ("" for all), and the choices.
    channel: &'static str,
    channels: Vec<&'static str>,
    rows: Vec<Row>,
    statuses: Vec<&'static str>,
    /// The agent's presence as set, and whether inactivity made it "away".
    presence: String,
    idle: bool,
    presences: [&'static str; 3],
    columns: Vec<Header>,
    /// Whether the reference shows (the subject follows it; else leads).
    has_reference: bool,
    /// Every column, and whether it shows (the column chooser).
    choices: Vec<(&'static str, &'static str, bool)>,
    /// The parameters of this page (without cols), for links and forms.
    params: Vec<(String, String)>,
    saved: Vec<SavedView>,
    current_saved: i64,
    can_share: bool,
    priorities: &'static [Priority],
    priority: String,
    tag: String,
}

fn column_label(key: &str) -> &'static str {
    match key {
        "reference" => "ticket-reference",
        "requester" => "ticket-requester",
        "status" => "ticket-status",
        "priority" => "ticket-priority",
        "assignee" => "ticket-assignee",
        "team" => "ticket-team",
        "channel" => "ticket-channel",
        "language" => "ticket-language",
        "intent" => "ticket-intent",
        "sla" => "sla-heading",
        _ => "ticket-updated",
    }
}

/// The URL of the inbox with these parameters.
fn link(params: &[(String, String)]) -> String {
    let mut query = url::form_urlencoded::Serializer::new(String::new());
    for (k, v) in params.iter().filter(|(_, v)| !v.is_empty()) {
        query.append_pair(k, v);
    }
    let query = query.finish();
    if query.is_empty() {
        "/agent".into()
    } else {
        format!("/agent?{query}")
    }
}

pub(crate) async fn inbox(
    State(state): State<WebState>,
    staff: Staff,
    headers: HeaderMap,
    Query(raw): Query<Vec<(String, String)>>,
) -> Response {
    let (viewer, csrf, name) = staff.into_parts();
    let get = |key: &str| {
        raw.iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let saved = state
        .services
        .saved_views(&viewer)
        .await
        .unwrap_or_default();
    // A saved view brings its parameters; the page's own ones win.
    let current_saved: i64 = get("saved").parse().unwrap_or(0);
    let mut p: BTreeMap<String, String> = saved
        .iter()
        .find(|v| v.id == current_saved)
        .map(|v| v.params.clone())
        .unwrap_or_default();
    for (k, v) in &raw {
        if k != "col" && k != "saved" {
            p.insert(k.clone(), v.clone());
        }
    }
    // The column chooser sends one `col` per ticked box.
    let ticked: Vec<&str> = raw
        .iter()
        .filter(|(k, _)| k == "col")
        .filter_map(|(_, v)| COLUMNS.iter().find(|c| **c == v.as_str()).copied())
        .collect();
    if !ticked.is_empty() {
        p.insert("cols".into(), ticked.join(","));
    }
    let lang = LangParam {
        lang: p.get("lang").cloned(),
    };
    let t = session::language(&headers, lang.lang.as_deref());
    let view = p
        .get("view")
        .filter(|v| VIEWS.iter().any(|(k, _)| k == v))
        .cloned()
        .unwrap_or_else(|| "open".into());
    let intent = p.get("intent").cloned().filter(|i| !i.is_empty());
    let channel = p.get("channel").and_then(|c| Channel::parse(c).ok());
    let priority = p.get("priority").and_then(|c| Priority::parse(c).ok());
    let tag = p.get("tag").cloned().filter(|t| !t.is_empty());
    let sort = p.get("sort").cloned().filter(|s| !s.is_empty());
    let shown: Vec<&'static str> = match p.get("cols") {
        Some(cols) if !cols.is_empty() => COLUMNS
            .iter()
            .filter(|c| cols.split(',').any(|x| x == **c))
            .copied()
            .collect(),
        _ => DEFAULT_COLUMNS.to_vec(),
    };
    let mut query = view_query(&view, intent.clone(), channel);
    query.priority = priority;
    query.tag = tag.clone();
    query.sort = sort.clone();
    let views = queue_counts(&state, &viewer, &intent, channel).await;
    let team_names: BTreeMap<i64, String> = state
        .services
        .list_teams(&viewer)
        .await
        .unwrap_or_default()
        .into_iter()
        .map(|team| (team.id, team.name))
        .collect();
    let rows = match state.services.list_tickets(&viewer, &query).await {
        Ok(page) => page
            .items
            .iter()
            .map(|tk| Row {
                sla: most_pressing(badges(&tk.sla, t)),
                intent: tk.intent.clone().unwrap_or_default(),
                id: tk.id,
                reference: tk.reference.clone(),
                subject: tk.subject.clone(),
                requester: tk.requester.name.clone(),
                status: tk.status.to_string(),
                priority: tk.priority.to_string(),
                assignee: tk
                    .assignee
                    .as_ref()
                    .map(|a| a.name.clone())
                    .unwrap_or_default(),
                team: tk
                    .team_id
                    .and_then(|id| team_names.get(&id).cloned())
                    .unwrap_or_default(),
                channel: tk.channel.to_string(),
                language: tk.language.clone(),
                updated: moment(&tk.updated_at),
            })
            .collect(),
        Err(err) => {
            tracing::warn!(error = %err, "inbox");
            Vec::new()
        }
    };
    // The page's parameters as links keep them: view, filters, sort, columns.
    let mut params: Vec<(String, String)> = [
        "view", "channel", "intent", "priority", "tag", "sort", "cols",
    ]
    .iter()
    .filter_map(|k| p.get(*k).map(|v| (k.to_string(), v.clone())))
    .filter(|(_, v)| !v.is_empty())
    .collect();
    if !params.iter().any(|(k, _)| k == "view") {
        params.insert(0, ("view".into(), view.clone()));
    }
    let columns = shown
        .iter()
        .map(|&key| {
            let sortable = SORTABLE.iter().find(|(k, _)| *k == key);
            let current = sort.as_deref().unwrap_or("");
            let (sort_link, arrow) = match sortable {
                Some((_, first)) => {
                    let name = first.trim_start_matches('-');
                    let (next, arrow) = if current == *first {
                        // Clicked again: the other way.
                        let flipped = if first.starts_with('-') {
                            name.to_string()
                        } else {
                            format!("-{name}")
                        };
                        (
                            flipped,
                            if first.starts_with('-') {
                                " ▼"
                            } else {
                                " ▲"
                            },
                        )
                    } else if current.trim_start_matches('-') == name {
                        (
                            first.to_string(),
                            if current.starts_with('-') {
                                " ▼"
                            } else {
                                " ▲"
                            },
                        )
                    } else {
                        (first.to_string(), "")
                    };
                    let mut with = params.clone();
                    with.retain(|(k, _)| k != "sort");
                    with.push(("sort".into(), next));
                    (Some(link(&with)), arrow)
                }
                None => (None, ""),
            };
            Header {
                key,
                label: column_label(key),
                sort_link,
                arrow,
            }
        })
        .collect();
    let presence = state
        .services
        .presence(&viewer, viewer.person_id)
        .await
        .ok();
    let notice = session::notice(&headers);
    let had = notice.is_some();
    let template = Inbox {
        idle: presence.as_ref().is_some_and(|p| p.status != p.effective),
        presence: presence.map_or_else(|| "offline".into(), |p| p.status),
        presences: crate::routing::PRESENCES,
        t,
        meta: agent_meta(t, t.s("agent-inbox"), notice, name, csrf),
        views,
        view,
        channel: channel.map(|c| c.as_str()).unwrap_or_default(),
        channels: Channel::ALL.iter().map(|c| c.as_str()).collect(),
        rows,
        statuses: vec!["open", "pending", "on_hold", "solved"],
        choices: COLUMNS
            .iter()
            .map(|c| (*c, column_label(c), shown.contains(c)))
            .collect(),
        has_reference: shown.contains(&"reference"),
        columns,
        params,
        saved,
        current_saved,
        can_share: viewer.may(Permission::ManageTeams),
        priorities: Priority::ALL,
        priority: priority.map(|p| p.as_str().to_string()).unwrap_or_default(),
        tag: tag.unwrap_or_default(),
    };
    page(&state, &template, &lang, had)
}

/// "Save this view": the page's parameters under a name.
pub(crate) async fn save_view(
    State(state): State<WebState>,
    staff: Staff,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    let t = staff.t;
    let (viewer, csrf, _) = staff.into_parts();
    if field(&form, "_csrf") != csrf {
        return Redirect::to("/agent").into_response();
    }
    let params: BTreeMap<String, String> = form
        .iter()
        .filter_map(|(k, v)| k.strip_prefix("p_").map(|k| (k.to_string(), v.clone())))
        .filter(|(_, v)| !v.is_empty())
        .collect();
    let new = NewSavedView {
        name: field(&form, "name").to_string(),
        shared: field(&form, "shared") == "1",
        params,
    };
    match state.services.save_view(&viewer, new).await {
        Ok(v) => session::redirect_after(
            &state,
            &format!("/agent?saved={}", v.id),
            &Notice::done(format!("✓ {}", v.name)),
        ),
        Err(err) => session::redirect_with_error(&state, "/agent", &error_text(t, &err)),
    }
}

pub(crate) async fn delete_view(
    State(state): State<WebState>,
    staff: Staff,
    Path(id): Path<i64>,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    let t = staff.t;
    let (viewer, csrf, _) = staff.into_parts();
    if field(&form, "_csrf") != csrf {
        return Redirect::to("/agent").into_response();
    }
    let notice = match state.services.delete_view(&viewer, id).await {
        Ok(()) => Notice::done(t.s("views-deleted").to_string()),
        Err(err) => Notice::error(error_text(t, &err)),
    };
    session::redirect_after(&state, "/agent", &notice)
}
