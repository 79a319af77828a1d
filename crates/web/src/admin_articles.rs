//! The knowledge-base editor in the admin console: every article with its
//! status, languages and what readers said; one form to write or change an
//! article in English, Chinese and Spanish, as a draft or published; and
//! the searches that found nothing, which say what to write next.

use askama::Template;
use axum::Router;
use axum::extract::{Form, Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use marketdesk_domain::help::ArticleStatus;
use marketdesk_service::help::{ArticleText, EditableArticle, NewArticle};
use serde::Deserialize;

use crate::WebState;
use crate::admin::SECTIONS;
use crate::agent::{Staff, agent_meta};
use crate::errors::error_text;
use crate::format::{Moment, moment};
use crate::i18n::Tr;
use crate::order_forms::field;
use crate::parts::{Missing, Parts};
use crate::portal::{Meta, page};
use crate::session;

const BACK: &str = "/agent/admin/articles";
/// The languages the editor offers: (tag, name).
const EDITOR_LANGUAGES: [(&str, &str); 3] =
    [("en", "English"), ("zh-CN", "简体中文"), ("es", "Español")];

pub fn routes() -> Router<WebState> {
    Router::new().route(BACK, get(editor).post(save))
}

struct ArticleRow {
    slug: String,
    title: String,
    category: String,
    status: String,
    status_key: &'static str,
    languages: String,
    helpful: i64,
    not_helpful: i64,
    updated: Moment,
}

#[derive(Default)]
struct EditorForm {
    slug: String,
    category: String,
    status: String,
    /// (tag, language name, title, body) for each editor language.
    translations: Vec<(String, String, String, String)>,
}

#[derive(Template)]
#[template(path = "agent/admin_articles.html")]
struct EditorPage {
    t: Tr,
    meta: Meta,
    sections: &'static [(&'static str, &'static str)],
    section: &'static str,
    forbidden: bool,
    articles: Vec<ArticleRow>,
    editing: bool,
    form: EditorForm,
    reasons: Vec<String>,
    misses: Vec<(String, String, i64)>,
}

#[derive(Deserialize, Default)]
struct EditorParams {
    edit: Option<String>,
    lang: Option<String>,
}

/// Whether a stored language tag is the editor's `tag` ("zh" and "zh-CN" are one).
fn same_language(stored: &str, tag: &str) -> bool {
    let base = |s: &str| s.split('-').next().unwrap_or(s).to_ascii_lowercase();
    base(stored) == base(tag)
}

fn form_of(article: Option<&EditableArticle>) -> EditorForm {
    let translations = EDITOR_LANGUAGES
        .iter()
        .map(|(tag, name)| {
            let text = article.and_then(|a| {
                a.translations
                    .iter()
                    .find(|(language, _, _)| same_language(language, tag))
            });
            (
                tag.to_string(),
                name.to_string(),
                text.map(|t| t.1.clone()).unwrap_or_default(),
                text.map(|t| t.2.clone()).unwrap_or_default(),
            )
        })
        .collect();
    match article {
        Some(a) => EditorForm {
            slug: a.slug.clone(),
            category: a.category.clone(),
            status: a.status.to_string(),
            translations,
        },
        None => EditorForm {
            status: ArticleStatus::Draft.to_string(),
            translations,
            ..Default::default()
        },
    }
}

async fn editor(
    State(state): State<WebState>,
    staff: Staff,
    headers: HeaderMap,
    Query(params): Query<EditorParams>,
) -> Response {
    let (viewer, csrf, who) = staff.into_parts();
    let t = session::language(&headers, params.lang.as_deref());
    let mut parts = Parts::default();
    let listed = state.services.editable_articles(&viewer).await;
    let forbidden = listed
        .as_ref()
        .is_err_and(|err| Missing::of(err) == Missing::NotFound);
    let articles = parts.take("articles", listed);
    let edited = params
        .edit
        .as_deref()
        .and_then(|slug| articles.iter().find(|a| a.slug == slug));
    let rows = articles
        .iter()
        .map(|a| ArticleRow {
            slug: a.slug.clone(),
            title: a
                .translations
                .iter()
                .find(|(language, _, _)| same_language(language, t.tag()))
                .or(a.translations.first())
                .map(|x| x.1.clone())
                .unwrap_or_default(),
            category: a.category.clone(),
            status: a.status.to_string(),
            status_key: if a.status == ArticleStatus::Published {
                "kb-published"
            } else {
                "kb-draft"
            },
            languages: a
                .translations
                .iter()
                .map(|x| x.0.as_str())
                .collect::<Vec<_>>()
                .join(", "),
            helpful: a.helpful,
            not_helpful: a.not_helpful,
            updated: moment(&a.updated_at),
        })
        .collect();
    let misses = parts.take("search misses", state.services.search_misses(&viewer).await);
    let template = EditorPage {
        t,
        meta: agent_meta(
            t,
            t.s("admin-articles"),
            parts.notice(t, session::notice(&headers)),
            who,
            csrf,
        ),
        sections: SECTIONS,
        section: "articles",
        forbidden,
        editing: edited.is_some(),
        form: form_of(edited),
        reasons: edited.map(|a| a.reasons.clone()).unwrap_or_default(),
        misses,
        articles: rows,
    };
    let lang = crate::portal::LangParam { lang: params.lang };
    page(&state, &template, &lang, true)
}

async fn save(
    State(state): State<WebState>,
    staff: Staff,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    let t = staff.t;
    let (viewer, csrf, _) = staff.into_parts();
    if field(&form, "_csrf") != csrf {
        return Redirect::to(BACK).into_response();
    }
    let slug = field(&form, "slug").trim().to_string();
    // A language left without a title is not (yet) translated.
    let translations = EDITOR_LANGUAGES
        .iter()
        .filter(|(tag, _)| !field(&form, &format!("title_{tag}")).trim().is_empty())
        .map(|(tag, _)| ArticleText {
            language: tag.to_string(),
            title: field(&form, &format!("title_{tag}")).to_string(),
            body: field(&form, &format!("body_{tag}")).to_string(),
        })
        .collect();
    let new = NewArticle {
        slug: slug.clone(),
        category: field(&form, "category").to_string(),
        status: field(&form, "status").to_string(),
        translations,
    };
    match state.services.put_article(&viewer, new).await {
        Ok(article) => session::redirect_with_notice(
            &state,
            &format!("{BACK}?edit={}", article.slug),
            &format!("✓ {} ({})", article.slug, article.status),
        ),
        Err(err) => session::redirect_with_error(&state, BACK, &error_text(t, &err)),
    }
}
