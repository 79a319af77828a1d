//! The admin console's mailboxes: the IMAP mailboxes mail is fetched from,
//! how fetching from each goes (the server's last error on the page), a
//! form to add one (the connection is tested before it is saved), and a
//! button that tests a saved one now.

use askama::Template;
use axum::Router;
use axum::extract::{Form, Path, Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use marketdesk_service::ServiceError;
use marketdesk_service::email::{MailboxView, NewMailbox};

use crate::WebState;
use crate::admin::SECTIONS;
use crate::agent::{Staff, agent_meta};
use crate::errors::error_text;
use crate::format::when;
use crate::i18n::Tr;
use crate::order_forms::field;
use crate::portal::{LangParam, Meta, page};
use crate::session::{self, Notice};

pub fn routes() -> Router<WebState> {
    Router::new()
        .route("/agent/admin/mailboxes", get(list).post(add))
        .route("/agent/admin/mailboxes/{id}/check", post(check))
        .route("/agent/admin/mailboxes/{id}/delete", post(delete))
}

struct Row {
    id: i64,
    address: String,
    imap: String,
    after_fetch: String,
    status: &'static str,
    error: Option<String>,
    warning: Option<String>,
    checked: String,
    retry: Option<String>,
    taken: i64,
}

#[derive(Template)]
#[template(path = "agent/mailboxes.html")]
struct Mailboxes {
    t: Tr,
    meta: Meta,
    sections: &'static [(&'static str, &'static str)],
    section: String,
    forbidden: bool,
    rows: Vec<Row>,
}

fn row(t: Tr, m: MailboxView) -> Row {
    Row {
        id: m.id,
        address: m.address,
        imap: m.imap,
        after_fetch: match m.processed_folder {
            Some(folder) if m.after_fetch == "move" => {
                t.with("mailbox-moved-to", &[("folder", folder.into())])
            }
            _ => t.s("mailbox-marked-read").to_string(),
        },
        status: match m.status.as_str() {
            "ok" => "mailbox-status-ok",
            "error" => "mailbox-status-error",
            _ => "mailbox-status-new",
        },
        error: m.error,
        warning: m.warning,
        checked: m.last_checked_at.as_deref().map(when).unwrap_or_default(),
        retry: m.next_attempt_at.as_deref().map(when),
        taken: m.messages_taken,
    }
}

async fn list(
    State(state): State<WebState>,
    staff: Staff,
    headers: HeaderMap,
    Query(lang): Query<LangParam>,
) -> Response {
    let (viewer, csrf, name) = staff.into_parts();
    let t = session::language(&headers, lang.lang.as_deref());
    let (rows, forbidden) = match state.services.mailboxes(&viewer).await {
        Ok(list) => (list.into_iter().map(|m| row(t, m)).collect(), false),
        Err(_) => (Vec::new(), true),
    };
    let template = Mailboxes {
        t,
        meta: agent_meta(
            t,
            t.s("admin-mailboxes"),
            session::notice(&headers),
            name,
            csrf,
        ),
        sections: SECTIONS,
        section: "mailboxes".into(),
        forbidden,
        rows,
    };
    page(&state, &template, &lang, true)
}

async fn add(
    State(state): State<WebState>,
    staff: Staff,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    let t = staff.t;
    let (viewer, csrf, _) = staff.into_parts();
    if field(&form, "_csrf") != csrf {
        return Redirect::to("/agent/admin/mailboxes").into_response();
    }
    let folder = field(&form, "processed_folder").trim().to_string();
    let input = NewMailbox {
        address: field(&form, "address").trim().to_string(),
        imap: field(&form, "imap").trim().to_string(),
        after_fetch: Some(field(&form, "after_fetch").to_string()).filter(|a| !a.is_empty()),
        processed_folder: Some(folder).filter(|f| !f.is_empty()),
        oauth: None,
        check: Some(true),
    };
    let notice = match state.services.add_mailbox(&viewer, input).await {
        Ok(added) => Notice::done(t.with("mailbox-added", &[("address", added.address.into())])),
        // What the server said is what the admin needs to fix it.
        Err(ServiceError::InvalidField {
            field: "imap",
            message,
        }) => Notice::error(t.with("mailbox-unreachable", &[("error", message.into())])),
        Err(err) => Notice::error(error_text(t, &err)),
    };
    session::redirect_after(&state, "/agent/admin/mailboxes", &notice)
}

async fn check(
    State(state): State<WebState>,
    staff: Staff,
    Path(id): Path<i64>,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    let t = staff.t;
    let (viewer, csrf, _) = staff.into_parts();
    if field(&form, "_csrf") != csrf {
        return Redirect::to("/agent/admin/mailboxes").into_response();
    }
    let notice = match state.services.check_mailbox(&viewer, id).await {
        Ok(check) => match check.error {
            None => Notice::done(t.with(
                "mailbox-connected",
                &[("count", check.messages.unwrap_or(0).into())],
            )),
            Some(error) => Notice::error(t.with("mailbox-unreachable", &[("error", error.into())])),
        },
        Err(err) => Notice::error(error_text(t, &err)),
    };
    session::redirect_after(&state, "/agent/admin/mailboxes", &notice)
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
        return Redirect::to("/agent/admin/mailboxes").into_response();
    }
    let notice = match state.services.delete_mailbox(&viewer, id).await {
        Ok(()) => Notice::done(t.s("mailbox-deleted")),
        Err(err) => Notice::error(error_text(t, &err)),
    };
    session::redirect_after(&state, "/agent/admin/mailboxes", &notice)
}
