//! The quality programme in the workspace: reviewers see the week's
//! sample and score each conversation on the scorecard; agents read their
//! own reviews; the admin sets the criteria; a reviewer may draw last
//! week's sample if the desk has not yet.

use askama::Template;
use axum::Router;
use axum::extract::{Form, Path, Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use marketdesk_domain::access::Permission;
use marketdesk_service::reports::{CriterionRating, CriterionView, ReviewScores, ReviewView};

use crate::WebState;
use crate::agent::{Staff, agent_meta};
use crate::errors::error_text;
use crate::format::when;
use crate::i18n::Tr;
use crate::portal::{LangParam, Meta, page};
use crate::session::{self, Notice};

pub fn routes() -> Router<WebState> {
    Router::new()
        .route("/agent/quality", get(list))
        .route("/agent/quality/criteria", post(set_criteria))
        .route("/agent/quality/draw", post(draw))
        .route("/agent/quality/{id}", get(show).post(score))
}

struct Listed {
    review: ReviewView,
    /// When it was drawn, for people.
    drawn: String,
}

#[derive(Template)]
#[template(path = "agent/quality.html")]
struct List {
    t: Tr,
    meta: Meta,
    error: Option<String>,
    reviewer: bool,
    admin: bool,
    pending: Vec<Listed>,
    done: Vec<Listed>,
    criteria: Vec<CriterionView>,
    criteria_text: String,
}

async fn list(
    State(state): State<WebState>,
    staff: Staff,
    headers: HeaderMap,
    Query(lang): Query<LangParam>,
) -> Response {
    let (viewer, csrf, name) = staff.into_parts();
    let t = session::language(&headers, lang.lang.as_deref());
    let services = &state.services;
    let reviewer = viewer.may(Permission::ReviewQuality);
    let notice = session::notice(&headers);
    let had = notice.is_some();
    let mut template = List {
        t,
        meta: agent_meta(t, t.s("quality-title"), notice, name, csrf),
        error: None,
        reviewer,
        admin: viewer.may(Permission::ManageQuality),
        pending: vec![],
        done: vec![],
        criteria: vec![],
        criteria_text: String::new(),
    };
    let listed = |r: ReviewView| Listed {
        drawn: when(&r.drawn_at),
        review: r,
    };
    match services.quality_reviews(&viewer, None, None).await {
        Ok(reviews) => {
            for r in reviews {
                if r.reviewed_at.is_some() {
                    template.done.push(listed(r));
                } else {
                    template.pending.push(listed(r));
                }
            }
        }
        Err(err) => template.error = Some(error_text(t, &err)),
    }
    if let Ok(criteria) = services.quality_criteria(&viewer).await {
        template.criteria_text = criteria
            .iter()
            .map(|c| c.name.as_str())
            .collect::<Vec<_>>()
            .join("\n");
        template.criteria = criteria;
    }
    page(&state, &template, &lang, had)
}

#[derive(Template)]
#[template(path = "agent/quality_review.html")]
struct Show {
    t: Tr,
    meta: Meta,
    review: ReviewView,
    criteria: Vec<CriterionView>,
    may_score: bool,
}

async fn show(
    State(state): State<WebState>,
    staff: Staff,
    headers: HeaderMap,
    Path(id): Path<i64>,
    Query(lang): Query<LangParam>,
) -> Response {
    let (viewer, csrf, name) = staff.into_parts();
    let t = session::language(&headers, lang.lang.as_deref());
    let services = &state.services;
    let review = match services.quality_review(&viewer, id).await {
        Ok(review) => review,
        Err(err) => {
            return session::redirect_with_error(&state, "/agent/quality", &error_text(t, &err));
        }
    };
    let notice = session::notice(&headers);
    let had = notice.is_some();
    let template = Show {
        t,
        meta: agent_meta(t, t.s("quality-review-title"), notice, name, csrf),
        may_score: review.reviewed_at.is_none()
            && viewer.may(Permission::ReviewQuality)
            && review.agent_id != viewer.person_id,
        criteria: services.quality_criteria(&viewer).await.unwrap_or_default(),
        review,
    };
    page(&state, &template, &lang, had)
}

/// The score form: `_csrf`, `comment` and `c<criterion id>` = 1–5.
async fn score(
    State(state): State<WebState>,
    staff: Staff,
    headers: HeaderMap,
    Path(id): Path<i64>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Response {
    let (viewer, csrf, _) = staff.into_parts();
    let t = session::language(&headers, None);
    let back = format!("/agent/quality/{id}");
    let field = |name: &str| {
        fields
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    };
    if field("_csrf") != Some(csrf.as_str()) {
        return Redirect::to(&back).into_response();
    }
    let ratings = fields
        .iter()
        .filter_map(|(k, v)| {
            Some(CriterionRating {
                criterion_id: k.strip_prefix('c')?.parse().ok()?,
                rating: v.parse().unwrap_or(0),
            })
        })
        .collect();
    let scores = ReviewScores {
        ratings,
        comment: field("comment").unwrap_or_default().to_string(),
    };
    let result = state.services.score_review(&viewer, id, scores).await;
    let notice = outcome(t, result, |_| t.s("quality-scored").to_string());
    session::redirect_after(&state, &back, &notice)
}

/// The scorecard's form and the draw button's: the form token, and the
/// criteria (one per line) for the scorecard.
#[derive(serde::Deserialize)]
struct QualityForm {
    #[serde(rename = "_csrf", default)]
    csrf: String,
    #[serde(default)]
    criteria: String,
}

/// What an action came to, as the notice shown after it.
fn outcome<T>(
    t: Tr,
    result: marketdesk_service::Result<T>,
    done: impl FnOnce(T) -> String,
) -> Notice {
    match result {
        Ok(value) => Notice::done(done(value)),
        Err(err) => Notice::error(error_text(t, &err)),
    }
}

async fn set_criteria(
    State(state): State<WebState>,
    staff: Staff,
    headers: HeaderMap,
    Form(form): Form<QualityForm>,
) -> Response {
    let (viewer, csrf, _) = staff.into_parts();
    let t = session::language(&headers, None);
    let back = "/agent/quality";
    if form.csrf != csrf {
        return Redirect::to(back).into_response();
    }
    let names: Vec<String> = form.criteria.lines().map(String::from).collect();
    let result = state.services.set_quality_criteria(&viewer, &names).await;
    let notice = outcome(t, result, |_| t.s("quality-criteria-saved").to_string());
    session::redirect_after(&state, back, &notice)
}

async fn draw(
    State(state): State<WebState>,
    staff: Staff,
    headers: HeaderMap,
    Form(form): Form<QualityForm>,
) -> Response {
    let (viewer, csrf, _) = staff.into_parts();
    let t = session::language(&headers, None);
    let back = "/agent/quality";
    if form.csrf != csrf {
        return Redirect::to(back).into_response();
    }
    let result = state.services.draw_quality_sample_now(&viewer).await;
    let notice = outcome(t, result, |n| {
        t.with("quality-drawn", &[("count", (n as i64).into())])
    });
    session::redirect_after(&state, back, &notice)
}
