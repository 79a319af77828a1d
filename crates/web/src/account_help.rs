//! Account help on pages (docs/TRUST.md, "Account help"): on Workspace →
//! Identity checks an agent starts a check, asks for an identity document
//! and reviews it (the file goes once looked at), and asks the platform to
//! act on the account; the customer uploads the document from the mailed
//! link, without signing in (a locked account cannot).

use askama::Template;
use axum::Router;
use axum::extract::{DefaultBodyLimit, Form, Multipart, Path, Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use marketdesk_domain::account_security::{AccountAction, MAX_DOCUMENT_BYTES};
use marketdesk_service::trust::{AccountActionInput, DocumentReviewInput, NewCheckInput};
use serde::Deserialize;

use crate::WebState;
use crate::agent::{Staff, upload_problem};
use crate::errors::error_text;
use crate::i18n::Tr;
use crate::portal::{LangParam, Meta, page};
use crate::session;

const BACK: &str = "/agent/identity-checks";

pub fn routes() -> Router<WebState> {
    Router::new()
        .route("/agent/identity-checks/new", post(open_check))
        .route(
            "/agent/identity-checks/{id}/document-request",
            post(request_document),
        )
        .route("/agent/identity-checks/{id}/document", get(document))
        .route(
            "/agent/identity-checks/{id}/document-review",
            post(review_document),
        )
        .route("/agent/account-actions", post(request_action))
        .route(
            "/account/identity-document",
            get(upload_form)
                .post(upload)
                .layer(DefaultBodyLimit::max(MAX_DOCUMENT_BYTES + 64 * 1024)),
        )
}

/// The actions offered, named in the page's language.
pub(crate) fn action_names(t: Tr) -> Vec<(&'static str, String)> {
    AccountAction::ALL
        .iter()
        .map(|a| {
            (
                a.as_str(),
                t.s(&format!("account-action-{}", a.as_str())).to_string(),
            )
        })
        .collect()
}

#[derive(Deserialize)]
struct CheckForm {
    #[serde(rename = "_csrf", default)]
    csrf: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    reason: String,
}

async fn open_check(
    State(state): State<WebState>,
    staff: Staff,
    Form(form): Form<CheckForm>,
) -> Response {
    let t = staff.t;
    if form.csrf != staff.csrf {
        return Redirect::to(BACK).into_response();
    }
    let input = NewCheckInput {
        person_id: None,
        email: Some(form.email),
        reason: form.reason,
    };
    match state
        .services
        .open_identity_check(&staff.viewer, input)
        .await
    {
        Ok(check) => Redirect::to(&format!("{BACK}#check-{}", check.id)).into_response(),
        Err(err) => session::redirect_with_error(&state, BACK, &error_text(t, &err)),
    }
}

#[derive(Deserialize)]
struct CsrfForm {
    #[serde(rename = "_csrf", default)]
    csrf: String,
}

async fn request_document(
    State(state): State<WebState>,
    staff: Staff,
    Path(id): Path<String>,
    Form(form): Form<CsrfForm>,
) -> Response {
    let t = staff.t;
    let (Ok(id), true) = (id.parse::<i64>(), form.csrf == staff.csrf) else {
        return Redirect::to(BACK).into_response();
    };
    match state
        .services
        .request_identity_document(&staff.viewer, id)
        .await
    {
        Ok(_) => session::redirect_with_notice(&state, BACK, t.s("identity-document-asked")),
        Err(err) => session::redirect_with_error(&state, BACK, &error_text(t, &err)),
    }
}

async fn document(State(state): State<WebState>, staff: Staff, Path(id): Path<String>) -> Response {
    let t = staff.t;
    let Ok(id) = id.parse::<i64>() else {
        return Redirect::to(BACK).into_response();
    };
    match state.services.identity_document(&staff.viewer, id).await {
        Ok((content_type, bytes)) => {
            // Shown inline to the reviewing agent; the frame's headers add
            // nosniff, a strict policy and no-store for signed-in pages.
            let mut response = bytes.into_response();
            let headers = response.headers_mut();
            if let Ok(value) = axum::http::HeaderValue::from_str(&content_type) {
                headers.insert(axum::http::header::CONTENT_TYPE, value);
            }
            headers.insert(
                axum::http::header::CONTENT_DISPOSITION,
                axum::http::HeaderValue::from_static("inline; filename=\"identity-document\""),
            );
            headers.insert(
                axum::http::header::CACHE_CONTROL,
                axum::http::HeaderValue::from_static("no-store"),
            );
            response
        }
        Err(err) => session::redirect_with_error(&state, BACK, &error_text(t, &err)),
    }
}

#[derive(Deserialize)]
struct ReviewForm {
    #[serde(rename = "_csrf", default)]
    csrf: String,
    #[serde(default)]
    passed: String,
    #[serde(default)]
    note: String,
}

async fn review_document(
    State(state): State<WebState>,
    staff: Staff,
    Path(id): Path<String>,
    Form(form): Form<ReviewForm>,
) -> Response {
    let t = staff.t;
    let (Ok(id), true) = (id.parse::<i64>(), form.csrf == staff.csrf) else {
        return Redirect::to(BACK).into_response();
    };
    let input = DocumentReviewInput {
        passed: form.passed == "yes",
        note: form.note,
    };
    match state
        .services
        .review_identity_document(&staff.viewer, id, input)
        .await
    {
        Ok(_) => session::redirect_with_notice(&state, BACK, t.s("identity-document-deleted")),
        Err(err) => session::redirect_with_error(&state, BACK, &error_text(t, &err)),
    }
}

#[derive(Deserialize)]
struct ActionForm {
    #[serde(rename = "_csrf", default)]
    csrf: String,
    #[serde(default)]
    person_id: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    action: String,
    #[serde(default)]
    new_email: String,
    #[serde(default)]
    note: String,
}

async fn request_action(
    State(state): State<WebState>,
    staff: Staff,
    Form(form): Form<ActionForm>,
) -> Response {
    let t = staff.t;
    if form.csrf != staff.csrf {
        return Redirect::to(BACK).into_response();
    }
    let Ok(action) = AccountAction::parse(&form.action) else {
        return Redirect::to(BACK).into_response();
    };
    let person_id = match form.person_id.parse::<i64>() {
        Ok(id) => id,
        Err(_) => match state
            .services
            .customer_id_by_email(&staff.viewer, &form.email)
            .await
        {
            Ok(id) => id,
            Err(err) => return session::redirect_with_error(&state, BACK, &error_text(t, &err)),
        },
    };
    let input = AccountActionInput {
        action,
        new_email: Some(form.new_email).filter(|e| !e.trim().is_empty()),
        note: form.note,
    };
    match state
        .services
        .request_account_action(&staff.viewer, person_id, input)
        .await
    {
        Ok(_) => session::redirect_with_notice(&state, BACK, t.s("account-action-sent")),
        Err(marketdesk_service::ServiceError::Conflict(message))
            if message.contains("identity check") =>
        {
            session::redirect_with_error(&state, BACK, t.s("account-action-needs-check"))
        }
        Err(err) => session::redirect_with_error(&state, BACK, &error_text(t, &err)),
    }
}

#[derive(Template)]
#[template(path = "portal/identity_document.html")]
struct UploadPage {
    t: Tr,
    meta: Meta,
    csrf: String,
    token: String,
    name: String,
    open: bool,
    uploaded: bool,
}

#[derive(Deserialize)]
struct TokenParam {
    #[serde(default)]
    token: String,
    lang: Option<String>,
}

async fn upload_form(
    State(state): State<WebState>,
    headers: HeaderMap,
    Query(q): Query<TokenParam>,
) -> Response {
    let link = state.services.identity_upload_link(&q.token).await.ok();
    // The customer's own language unless they chose another on the page.
    let lang = LangParam {
        lang: q
            .lang
            .clone()
            .or_else(|| link.as_ref().map(|l| l.language.clone())),
    };
    let t = session::language(&headers, lang.lang.as_deref());
    let (csrf, fresh) = session::form_token(&headers);
    let notice = session::notice(&headers);
    let had = notice.is_some();
    let template = UploadPage {
        t,
        meta: Meta::new(t.s("identity-upload-heading"), notice),
        csrf: csrf.clone(),
        token: q.token,
        name: link.as_ref().map(|l| l.name.clone()).unwrap_or_default(),
        open: link.as_ref().is_some_and(|l| l.open),
        uploaded: link.as_ref().is_some_and(|l| l.uploaded),
    };
    let mut response = page(&state, &template, &lang, had);
    if fresh {
        session::set_form_token(&mut response, &state, &csrf);
    }
    response
}

async fn upload(
    State(state): State<WebState>,
    headers: HeaderMap,
    mut multipart: Multipart,
) -> Response {
    let t = session::language(&headers, None);
    let (mut csrf, mut token, mut bytes) = (String::new(), String::new(), None);
    loop {
        match multipart.next_field().await {
            Ok(Some(field)) => {
                let name = field.name().unwrap_or_default().to_string();
                let read = if name == "document" {
                    field.bytes().await.map(|b| {
                        bytes = Some(b.to_vec());
                    })
                } else {
                    field.text().await.map(|value| match name.as_str() {
                        "_csrf" => csrf = value,
                        "token" => token = value,
                        _ => {}
                    })
                };
                if let Err(err) = read {
                    return session::redirect_with_error(
                        &state,
                        "/account/identity-document",
                        t.s(upload_problem(err)),
                    );
                }
            }
            Ok(None) => break,
            Err(err) => {
                return session::redirect_with_error(
                    &state,
                    "/account/identity-document",
                    t.s(upload_problem(err)),
                );
            }
        }
    }
    let safe_token = session::link_token(&token);
    let back = format!("/account/identity-document?token={safe_token}");
    if !session::form_token_ok(&headers, &csrf) {
        return Redirect::to(&back).into_response();
    }
    let Some(bytes) = bytes.filter(|b| !b.is_empty()) else {
        return session::redirect_with_error(&state, &back, t.s("identity-upload-choose"));
    };
    match state
        .services
        .upload_identity_document(&safe_token, &bytes)
        .await
    {
        Ok(_) => session::redirect_with_notice(&state, &back, t.s("identity-upload-thanks")),
        Err(marketdesk_service::ServiceError::InvalidField {
            field: "document", ..
        }) => session::redirect_with_error(&state, &back, t.s("identity-upload-wrong-type")),
        Err(err) => session::redirect_with_error(&state, &back, &error_text(t, &err)),
    }
}
