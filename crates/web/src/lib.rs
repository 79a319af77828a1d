//! The web pages of marketdesk, server-rendered from the same binary: the
//! customer portal (`/`, `/orders/…`) and the agent workspace (`/agent/…`).
//!
//! Pages call the same services as the API, with the viewer from the session
//! cookie; forms carry a CSRF token. Every string comes from `i18n`, in the
//! viewer's language (`?lang=`, then the `md_lang` cookie, then the browser's
//! Accept-Language).

mod account_help;
mod admin;
mod admin_articles;
mod admin_people;
mod agent;
mod approvals;
mod cases;
mod charts;
mod chat;
mod client;
mod community;
mod console;
mod errors;
mod format;
mod headers;
mod help;
pub mod i18n;
mod inbox;
mod mailboxes;
mod moderation;
mod order_forms;
mod parts;
mod phone;
mod portal;
mod privacy;
mod quality;
mod reports;
mod requests;
mod routing;
mod rule_builder;
mod rules;
mod schedules;
mod search;
mod security;
mod session;
mod signals;
mod sla;
mod standards;
mod survey;
mod suspended;
mod unlock;

pub use client::ClientAddr;

use axum::Router;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use marketdesk_service::Services;

pub use headers::security_headers;

/// What the pages need.
#[derive(Debug, Clone)]
pub struct WebState {
    pub services: Services,
    pub secure_cookies: bool,
}

pub fn router(state: WebState) -> Router {
    Router::new()
        .route("/assets/app.css", get(stylesheet))
        .route("/assets/shortcuts.js", get(shortcuts))
        .route("/assets/local-time.js", get(local_time))
        .route("/assets/sla-clock.js", get(sla_clock))
        .route(
            "/assets/inbox-live.js",
            get(|| async { script(INBOX_LIVE) }),
        )
        .route(
            "/assets/ticket-live.js",
            get(|| async { script(TICKET_LIVE) }),
        )
        .route("/assets/chat.js", get(|| async { script(CHAT) }))
        .route(
            "/assets/chats-live.js",
            get(|| async { script(CHATS_LIVE) }),
        )
        .merge(portal::routes())
        .merge(agent::routes(state.services.max_attachment_bytes()))
        .merge(admin::routes())
        .merge(approvals::routes())
        .merge(suspended::routes())
        .merge(mailboxes::routes())
        .merge(admin_people::routes())
        .merge(admin_articles::routes())
        .merge(requests::routes())
        .merge(routing::routes())
        .merge(rules::routes())
        .merge(schedules::routes())
        .merge(phone::routes())
        .merge(survey::routes())
        .merge(reports::routes())
        .merge(quality::routes())
        .merge(cases::routes())
        .merge(standards::routes())
        .merge(security::routes())
        .merge(moderation::routes())
        .merge(community::routes())
        .merge(account_help::routes())
        .merge(privacy::routes())
        .merge(signals::routes())
        .merge(unlock::routes())
        .merge(chat::routes(state.services.max_attachment_bytes()))
        .merge(console::routes())
        .merge(help::routes())
        .merge(search::routes())
        .with_state(state)
}

const STYLESHEET: &str = include_str!("../assets/app.css");

async fn stylesheet() -> Response {
    let mut response = STYLESHEET.into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/css; charset=utf-8"),
    );
    response.headers_mut().insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=3600"),
    );
    response
}

const SHORTCUTS: &str = include_str!("../assets/shortcuts.js");

async fn shortcuts() -> Response {
    script(SHORTCUTS)
}

/// A static script, cached for an hour.
fn script(body: &'static str) -> Response {
    let mut response = body.into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/javascript; charset=utf-8"),
    );
    response.headers_mut().insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=3600"),
    );
    response
}

const LOCAL_TIME: &str = include_str!("../assets/local-time.js");

async fn local_time() -> Response {
    script(LOCAL_TIME)
}

const SLA_CLOCK: &str = include_str!("../assets/sla-clock.js");

async fn sla_clock() -> Response {
    script(SLA_CLOCK)
}

const INBOX_LIVE: &str = include_str!("../assets/inbox-live.js");
const TICKET_LIVE: &str = include_str!("../assets/ticket-live.js");
const CHAT: &str = include_str!("../assets/chat.js");
const CHATS_LIVE: &str = include_str!("../assets/chats-live.js");

/// Renders a template, or a plain 500 page (logged) when rendering fails.
fn render(template: &impl askama::Template) -> Response {
    match template.render() {
        Ok(html) => Html(html).into_response(),
        Err(err) => {
            tracing::error!(error = %err, "rendering a page failed");
            (
                StatusCode::INTERNAL_SERVER_ERROR,
                "the page could not be shown",
            )
                .into_response()
        }
    }
}

/// Template sources, for the test that every UI key is translated.
#[cfg(test)]
const TEMPLATE_SOURCES: &[(&str, &str)] = &[
    ("base.html", include_str!("../templates/base.html")),
    (
        "portal/identity_document.html",
        include_str!("../templates/portal/identity_document.html"),
    ),
    (
        "portal/community.html",
        include_str!("../templates/portal/community.html"),
    ),
    (
        "portal/community_new.html",
        include_str!("../templates/portal/community_new.html"),
    ),
    (
        "portal/community_thread.html",
        include_str!("../templates/portal/community_thread.html"),
    ),
    (
        "agent/community.html",
        include_str!("../templates/agent/community.html"),
    ),
    (
        "portal/cases.html",
        include_str!("../templates/portal/cases.html"),
    ),
    (
        "portal/standards.html",
        include_str!("../templates/portal/standards.html"),
    ),
    (
        "agent/standards.html",
        include_str!("../templates/agent/standards.html"),
    ),
    (
        "portal/signal.html",
        include_str!("../templates/portal/signal.html"),
    ),
    (
        "agent/identity_checks.html",
        include_str!("../templates/agent/identity_checks.html"),
    ),
    (
        "portal/privacy.html",
        include_str!("../templates/portal/privacy.html"),
    ),
    (
        "agent/privacy.html",
        include_str!("../templates/agent/privacy.html"),
    ),
    (
        "portal/report.html",
        include_str!("../templates/portal/report.html"),
    ),
    (
        "agent/moderation.html",
        include_str!("../templates/agent/moderation.html"),
    ),
    (
        "agent/security.html",
        include_str!("../templates/agent/security.html"),
    ),
    (
        "agent/second_factor.html",
        include_str!("../templates/agent/second_factor.html"),
    ),
    (
        "agent/password_forgot.html",
        include_str!("../templates/agent/password_forgot.html"),
    ),
    (
        "agent/password_reset.html",
        include_str!("../templates/agent/password_reset.html"),
    ),
    (
        "portal/case.html",
        include_str!("../templates/portal/case.html"),
    ),
    (
        "portal/case_new.html",
        include_str!("../templates/portal/case_new.html"),
    ),
    (
        "agent/cases.html",
        include_str!("../templates/agent/cases.html"),
    ),
    (
        "agent/case.html",
        include_str!("../templates/agent/case.html"),
    ),
    (
        "agent/reports.html",
        include_str!("../templates/agent/reports.html"),
    ),
    (
        "agent/report_tickets.html",
        include_str!("../templates/agent/report_tickets.html"),
    ),
    (
        "agent/quality.html",
        include_str!("../templates/agent/quality.html"),
    ),
    (
        "agent/quality_review.html",
        include_str!("../templates/agent/quality_review.html"),
    ),
    (
        "portal/survey.html",
        include_str!("../templates/portal/survey.html"),
    ),
    (
        "agent/chats.html",
        include_str!("../templates/agent/chats.html"),
    ),
    (
        "portal/home.html",
        include_str!("../templates/portal/home.html"),
    ),
    (
        "portal/lookup.html",
        include_str!("../templates/portal/lookup.html"),
    ),
    (
        "portal/order.html",
        include_str!("../templates/portal/order.html"),
    ),
    (
        "portal/unlock.html",
        include_str!("../templates/portal/unlock.html"),
    ),
    (
        "portal/magic.html",
        include_str!("../templates/portal/magic.html"),
    ),
    (
        "agent/login.html",
        include_str!("../templates/agent/login.html"),
    ),
    (
        "agent/inbox.html",
        include_str!("../templates/agent/inbox.html"),
    ),
    (
        "agent/ticket.html",
        include_str!("../templates/agent/ticket.html"),
    ),
    (
        "agent/admin_rules.html",
        include_str!("../templates/agent/admin_rules.html"),
    ),
    (
        "agent/admin_schedules.html",
        include_str!("../templates/agent/admin_schedules.html"),
    ),
    (
        "agent/admin_routing.html",
        include_str!("../templates/agent/admin_routing.html"),
    ),
    (
        "agent/admin_people.html",
        include_str!("../templates/agent/admin_people.html"),
    ),
    (
        "agent/admin_articles.html",
        include_str!("../templates/agent/admin_articles.html"),
    ),
    (
        "agent/sla_badge.html",
        include_str!("../templates/agent/sla_badge.html"),
    ),
    (
        "agent/admin.html",
        include_str!("../templates/agent/admin.html"),
    ),
    (
        "agent/admin_nav.html",
        include_str!("../templates/agent/admin_nav.html"),
    ),
    (
        "agent/approvals.html",
        include_str!("../templates/agent/approvals.html"),
    ),
    (
        "agent/mailboxes.html",
        include_str!("../templates/agent/mailboxes.html"),
    ),
    (
        "agent/suspended.html",
        include_str!("../templates/agent/suspended.html"),
    ),
    (
        "agent/search.html",
        include_str!("../templates/agent/search.html"),
    ),
    (
        "portal/article.html",
        include_str!("../templates/portal/article.html"),
    ),
    (
        "portal/chat.html",
        include_str!("../templates/portal/chat.html"),
    ),
    (
        "portal/contact.html",
        include_str!("../templates/portal/contact.html"),
    ),
    (
        "portal/help.html",
        include_str!("../templates/portal/help.html"),
    ),
    (
        "portal/policies.html",
        include_str!("../templates/portal/policies.html"),
    ),
    (
        "portal/request.html",
        include_str!("../templates/portal/request.html"),
    ),
    (
        "portal/requests.html",
        include_str!("../templates/portal/requests.html"),
    ),
    (
        "portal/signin.html",
        include_str!("../templates/portal/signin.html"),
    ),
];
