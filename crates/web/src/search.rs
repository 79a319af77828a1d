//! The agent workspace's search: articles (drafts too) and tickets, with
//! the matching passage of each.

use askama::Template;
use axum::Router;
use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::response::Response;
use axum::routing::get;
use marketdesk_service::ServiceError;
use marketdesk_service::help::{SearchParams, SearchResult};
use serde::Deserialize;

use crate::WebState;
use crate::agent::{Staff, agent_meta};
use crate::errors::error_text;
use crate::i18n::Tr;
use crate::portal::{LangParam, Meta, page};
use crate::session;

pub fn routes() -> Router<WebState> {
    Router::new().route("/agent/search", get(search_page))
}

#[derive(Deserialize)]
struct PageParams {
    #[serde(default)]
    q: String,
    /// `all`, `ticket` or `article`.
    #[serde(default)]
    kind: String,
    lang: Option<String>,
}

/// The kinds offered by the filter: (value, label key).
const KINDS: &[(&str, &str)] = &[
    ("all", "search-kind-all"),
    ("ticket", "search-kind-ticket"),
    ("article", "search-kind-article"),
];

struct Hit {
    href: String,
    kind_label: &'static str,
    /// The ticket's reference, or the article's language.
    label: String,
    title_html: String,
    snippet_html: String,
    status: String,
}

#[derive(Template)]
#[template(path = "agent/search.html")]
struct SearchPage {
    t: Tr,
    meta: Meta,
    query: String,
    kind: String,
    kinds: &'static [(&'static str, &'static str)],
    searched: bool,
    error: Option<String>,
    hits: Vec<Hit>,
}

fn hit(t: Tr, result: SearchResult) -> Hit {
    let is_ticket = result.kind == "ticket";
    Hit {
        href: if is_ticket {
            format!("/agent/tickets/{}", result.id)
        } else {
            format!("/help/{}", result.id)
        },
        kind_label: t.s(if is_ticket {
            "search-kind-ticket"
        } else {
            "search-kind-article"
        }),
        label: result.reference.unwrap_or(result.language),
        title_html: result.title_html,
        snippet_html: result.snippet_html,
        status: result.status,
    }
}

async fn search_page(
    State(state): State<WebState>,
    staff: Staff,
    headers: HeaderMap,
    Query(params): Query<PageParams>,
) -> Response {
    let (viewer, csrf, name) = staff.into_parts();
    let lang = LangParam {
        lang: params.lang.clone(),
    };
    let t = session::language(&headers, lang.lang.as_deref());
    let kind = KINDS
        .iter()
        .find(|(k, _)| *k == params.kind)
        .map_or("all", |(k, _)| k)
        .to_string();
    let query: String = params.q.trim().chars().take(200).collect();
    let searched = !query.is_empty();
    let (hits, error) = if searched {
        let request = SearchParams {
            q: query.clone(),
            kind: (kind != "all").then(|| kind.clone()),
            limit: Some(50),
            ..SearchParams::default()
        };
        match state.services.search(&viewer, &request).await {
            Ok(results) => (results.into_iter().map(|r| hit(t, r)).collect(), None),
            Err(err @ (ServiceError::Invalid(_) | ServiceError::InvalidField { .. })) => {
                (Vec::new(), Some(error_text(t, &err)))
            }
            Err(err) => {
                tracing::warn!(error = %err, "agent search");
                (Vec::new(), Some(t.s("search-failed").to_string()))
            }
        }
    } else {
        (Vec::new(), None)
    };
    let template = SearchPage {
        t,
        meta: agent_meta(t, t.s("search-title"), None, name, csrf),
        query,
        kind,
        kinds: KINDS,
        searched,
        error,
        hits,
    };
    page(&state, &template, &lang, false)
}
