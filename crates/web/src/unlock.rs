//! The link that lifts a staff account's wrong-password lock. Opening it
//! only shows a button: mail scanners that fetch links (GET, HEAD) do not
//! use it up; pressing the button (a POST) does, once.

use askama::Template;
use axum::Router;
use axum::extract::{Form, Query, State};
use axum::http::HeaderMap;
use axum::response::Response;
use axum::routing::get;
use serde::Deserialize;

use crate::WebState;
use crate::i18n::Tr;
use crate::portal::{LangParam, Meta, page};
use crate::session;

pub fn routes() -> Router<WebState> {
    Router::new().route("/auth/unlock", get(unlock_page).post(unlock))
}

#[derive(Template)]
#[template(path = "portal/unlock.html")]
struct UnlockPage {
    t: Tr,
    meta: Meta,
    csrf: String,
    token: String,
    usable: bool,
}

#[derive(Deserialize)]
struct TokenParam {
    #[serde(default)]
    token: String,
    #[serde(default)]
    lang: Option<String>,
}

fn render_page(
    state: &WebState,
    headers: &HeaderMap,
    t: Tr,
    token: String,
    usable: bool,
) -> Response {
    let (csrf, fresh) = session::form_token(headers);
    let mut meta = Meta::new(t.s("unlock-heading"), None);
    meta.agent = true;
    let template = UnlockPage {
        t,
        meta,
        csrf: csrf.clone(),
        token: if usable { token } else { String::new() },
        usable,
    };
    let mut response = page(state, &template, &LangParam::default(), false);
    if fresh {
        session::set_form_token(&mut response, state, &csrf);
    }
    response
}

async fn unlock_page(
    State(state): State<WebState>,
    headers: HeaderMap,
    Query(params): Query<TokenParam>,
) -> Response {
    let t = session::language(&headers, params.lang.as_deref());
    let usable = state
        .services
        .unlock_link_usable(&params.token)
        .await
        .unwrap_or(false);
    render_page(&state, &headers, t, params.token, usable)
}

#[derive(Deserialize)]
struct UnlockForm {
    #[serde(rename = "_csrf", default)]
    csrf: String,
    #[serde(default)]
    token: String,
}

async fn unlock(
    State(state): State<WebState>,
    headers: HeaderMap,
    crate::ClientAddr(client): crate::ClientAddr,
    Form(form): Form<UnlockForm>,
) -> Response {
    let t = session::language(&headers, None);
    if !session::form_token_ok(&headers, &form.csrf) {
        // A stale form: show the button again with a fresh token.
        let usable = state
            .services
            .unlock_link_usable(&form.token)
            .await
            .unwrap_or(false);
        return render_page(&state, &headers, t, form.token, usable);
    }
    match state.services.redeem_unlock_link(&form.token, client).await {
        Ok(()) => session::redirect_with_notice(&state, "/agent/login", t.s("unlock-done")),
        Err(_) => render_page(&state, &headers, t, String::new(), false),
    }
}
