//! The HTTP adapter: the REST API under `/api/v1`, problem documents,
//! `Idempotency-Key`, and the OpenAPI document generated from the handlers.
//! Only this crate knows HTTP; it translates and calls the services.

mod extract;
mod idempotency;
mod metrics;
mod openapi;
pub mod problem;
mod routes;

use marketdesk_messages::{Lang, tr};
use marketdesk_service::ErrorCode;
use std::future::Future;
use std::net::SocketAddr;

use axum::extract::DefaultBodyLimit;
use axum::http::StatusCode;
use axum::routing::get;
use axum::{Json, Router, middleware};
use marketdesk_service::Services;
use tokio::net::TcpListener;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::problem::ApiError;

#[derive(Debug, Clone)]
pub struct HttpSettings {
    pub bind: SocketAddr,
    /// The largest request body accepted, in bytes.
    pub max_body_bytes: usize,
    /// Mark the session cookie `Secure` (when served behind TLS).
    pub secure_cookies: bool,
    /// The bearer token `/metrics` asks for; none: no metrics endpoint.
    pub metrics_token: Option<String>,
}

/// What every handler shares, behind one pointer: axum clones the state for
/// each extractor and middleware of a request, and cloning the services'
/// dozen shared parts one by one (reference counts contended between the
/// cores) showed in a read's profile.
#[derive(Debug, Clone)]
pub struct AppState(std::sync::Arc<SharedState>);

impl std::ops::Deref for AppState {
    type Target = SharedState;

    fn deref(&self) -> &SharedState {
        &self.0
    }
}

#[derive(Debug)]
pub struct SharedState {
    pub services: Services,
    pub max_body_bytes: usize,
    pub secure_cookies: bool,
    pub metrics: std::sync::Arc<metrics::Metrics>,
}

/// The largest body the anonymous sign-in routes read, in bytes.
pub const ANONYMOUS_BODY_BYTES: usize = 16 * 1024;

fn anonymous_body() -> DefaultBodyLimit {
    DefaultBodyLimit::max(ANONYMOUS_BODY_BYTES)
}

/// Every API route, registered once: the router and the OpenAPI document
/// both come from it (`utoipa_axum::routes!` reads each handler's path).
fn api() -> OpenApiRouter<AppState> {
    use routes::*;
    // The anonymous doors read a few short fields: a small body limit keeps
    // a flood of large bodies from being buffered at all.
    let anonymous = OpenApiRouter::new()
        .routes(routes!(auth::login))
        .routes(routes!(auth::magic_link))
        .routes(routes!(auth::redeem))
        .routes(routes!(auth::order_access))
        .routes(routes!(auth::second_factor))
        .routes(routes!(security::request_reset))
        .routes(routes!(security::confirm_reset))
        .routes(routes!(security::status, security::begin))
        .routes(routes!(security::confirm))
        .routes(routes!(security::recovery_codes))
        .routes(routes!(security::remove))
        .routes(routes!(security::sessions))
        .routes(routes!(security::end_session))
        .routes(routes!(security::roles, security::set_roles))
        .routes(routes!(security::reset_of))
        .layer(anonymous_body());
    OpenApiRouter::with_openapi(openapi::base())
        .routes(routes!(system::healthz))
        .routes(routes!(system::livez))
        .routes(routes!(system::readyz))
        .merge(anonymous)
        .routes(routes!(auth::logout))
        .routes(routes!(auth::me))
        .routes(routes!(system::classify))
        .routes(routes!(system::help_search))
        .routes(routes!(system::put_article))
        .routes(routes!(system::help_misses))
        .routes(routes!(search::search))
        .routes(routes!(system::self_service))
        .routes(routes!(reports::metrics))
        .routes(routes!(reports::metrics_csv))
        .routes(routes!(reports::tickets))
        .routes(routes!(reports::tickets_csv))
        .routes(routes!(quality::criteria, quality::set_criteria))
        .routes(routes!(quality::reviews))
        .routes(routes!(quality::review, quality::score))
        .routes(routes!(quality::draw))
        .routes(routes!(cases::list, cases::open))
        .routes(routes!(cases::get))
        .routes(routes!(cases::step))
        .routes(routes!(cases::message))
        .routes(routes!(cases::file))
        .routes(routes!(standards::desk))
        .routes(routes!(standards::seller))
        .routes(routes!(standards::strike))
        .routes(routes!(standards::withdraw_strike))
        .routes(routes!(standards::appeal))
        .routes(routes!(standards::decide))
        .routes(routes!(standards::review_buyer))
        .routes(routes!(moderation::file))
        .routes(routes!(moderation::queue))
        .routes(routes!(moderation::decide))
        .routes(routes!(forum::categories))
        .routes(routes!(forum::put_category))
        .routes(routes!(forum::threads, forum::create))
        .routes(routes!(forum::thread))
        .routes(routes!(forum::reply))
        .routes(routes!(forum::vote))
        .routes(routes!(forum::accept))
        .routes(routes!(forum::report))
        .routes(routes!(forum::escalate))
        .routes(routes!(forum::moderate_thread))
        .routes(routes!(forum::moderate_post))
        .routes(routes!(forum::moderation))
        .routes(routes!(forum::ban))
        .routes(routes!(forum::lift_ban))
        .routes(routes!(privacy::request, privacy::mine))
        .routes(routes!(privacy::export))
        .routes(routes!(privacy::queue))
        .routes(routes!(privacy::erase))
        .routes(routes!(signals::ingest))
        .routes(routes!(signals::list, account_help::open_check))
        .routes(routes!(account_help::passed))
        .routes(routes!(account_help::request_document))
        .routes(routes!(account_help::document))
        .routes(routes!(account_help::review_document))
        .routes(routes!(
            account_help::request_action,
            account_help::actions_of
        ))
        .routes(routes!(account_help::result))
        .routes(routes!(signals::step))
        .routes(routes!(signals::decide))
        .routes(routes!(tickets::list, tickets::create))
        .routes(routes!(tickets::get, tickets::update))
        .routes(routes!(tickets::messages, tickets::add_message))
        .routes(routes!(tickets::merge))
        .routes(routes!(tickets::audit))
        .routes(routes!(tickets::rating, tickets::rate))
        .routes(routes!(tickets::share))
        .routes(routes!(tickets::unshare))
        .routes(routes!(tickets::attachment))
        .routes(routes!(people::list_customers, people::create_customer))
        .routes(routes!(phone::list_calls))
        .routes(routes!(phone::get_call))
        .routes(routes!(phone::request_callback))
        .routes(routes!(people::get_person))
        .routes(routes!(people::list_agents, people::create_agent))
        .routes(routes!(people::get_agent, people::update_agent))
        .routes(routes!(people::list_teams, people::create_team))
        .routes(routes!(people::add_member, people::remove_member))
        .routes(routes!(
            operations::my_presence,
            operations::set_my_presence
        ))
        .routes(routes!(operations::set_agent_presence))
        .routes(routes!(
            operations::agent_routing,
            operations::set_agent_routing
        ))
        .routes(routes!(operations::set_team_routing))
        .routes(routes!(operations::ticket_routing))
        .routes(routes!(operations::escalate, operations::escalations))
        .routes(routes!(operations::list_rules, operations::create_rule))
        .routes(routes!(operations::update_rule, operations::delete_rule))
        .routes(routes!(operations::dry_run_rule))
        .routes(routes!(
            operations::list_schedules,
            operations::create_schedule
        ))
        .routes(routes!(
            operations::get_schedule,
            operations::update_schedule,
            operations::delete_schedule
        ))
        .routes(routes!(operations::import_holidays))
        .routes(routes!(operations::list_views, operations::save_view))
        .routes(routes!(operations::delete_view))
        .routes(routes!(operations::ticket_macros))
        .routes(routes!(operations::apply_macro))
        .routes(routes!(people::tags))
        .routes(routes!(people::list_macros, people::create_macro))
        .routes(routes!(people::list_tokens, people::create_token))
        .routes(routes!(people::revoke_token))
        .routes(routes!(people::audit_log))
        .routes(routes!(orders::list))
        .routes(routes!(orders::get))
        .routes(routes!(orders::conflict_handled))
        .routes(routes!(actions::change_address))
        .routes(routes!(actions::change_phone))
        .routes(routes!(actions::cancel))
        .routes(routes!(actions::refund))
        .routes(routes!(actions::list_refunds))
        .routes(routes!(actions::approve))
        .routes(routes!(actions::reject))
        .routes(routes!(actions::deliveries))
        .routes(routes!(actions::policy))
        .routes(routes!(actions::watch_shipments))
        .routes(routes!(returns::create))
        .routes(routes!(ingest::order))
        .routes(routes!(promotions::explain))
        .routes(routes!(care::variant))
        .routes(routes!(care::add_item))
        .routes(routes!(care::parcel_choice))
        .routes(routes!(care::reschedule))
        .routes(routes!(care::care))
        .routes(routes!(care::payments))
        .routes(routes!(care::unauthorized))
        .routes(routes!(care::invoice))
        .routes(routes!(care::label))
        .routes(routes!(care::unfreeze))
        .routes(routes!(care::membership))
        .routes(routes!(care::requests))
        .routes(routes!(care::update_request))
        .routes(routes!(care::attach_invoice))
        .routes(routes!(promotions::list))
        .routes(routes!(promotions::put_threshold))
        .routes(routes!(promotions::put_coupon))
        .routes(routes!(ingest::bulk))
        .routes(routes!(ingest::products))
        .routes(routes!(ingest::spend_credit))
        .routes(routes!(ingest::payouts))
        .routes(routes!(people::store_credit))
        .routes(routes!(people::payouts))
        .routes(routes!(returns::get))
        .routes(routes!(returns::event))
        .routes(routes!(returns::inspect))
        .routes(routes!(mail::failed))
        .routes(routes!(mail::retry))
        .routes(routes!(mail::suspended))
        .routes(routes!(mail::accept))
        .routes(routes!(mail::discard))
        .routes(routes!(mail::mailboxes, mail::add_mailbox))
        .routes(routes!(mail::check_mailbox))
        .routes(routes!(mail::delete_mailbox))
}

/// The router with every route, for serving or for tests.
pub fn router(state: AppState) -> Router {
    let (api, document) = api().split_for_parts();
    let document = std::sync::Arc::new(document);
    let api = api
        .route("/metrics", get(metrics::scrape))
        .route(
            "/api/v1/openapi.json",
            get(move || {
                let document = document.clone();
                async move { Json(document.as_ref().clone()) }
            }),
        )
        .layer(middleware::from_fn(problem::problem_layer));
    let web = marketdesk_web::router(marketdesk_web::WebState {
        services: state.services.clone(),
        secure_cookies: state.secure_cookies,
    });
    let metrics = state.metrics.clone();
    api.fallback(not_found)
        .method_not_allowed_fallback(|| async {
            ApiError::new(
                ErrorCode::MethodNotAllowed,
                "this route does not accept that method",
            )
        })
        .layer(middleware::from_fn_with_state(
            state.clone(),
            idempotency::layer,
        ))
        .layer(DefaultBodyLimit::max(state.max_body_bytes))
        .with_state(state)
        .merge(web)
        .layer(middleware::from_fn(marketdesk_web::security_headers))
        .layer(middleware::from_fn_with_state(metrics, metrics::track))
}

/// A bound, not yet serving, HTTP server. Binding first lets callers learn
/// the port (tests bind `127.0.0.1:0`).
pub struct Application {
    listener: TcpListener,
    router: Router,
}

impl Application {
    pub async fn build(services: Services, settings: &HttpSettings) -> std::io::Result<Self> {
        let listener = TcpListener::bind(settings.bind).await?;
        let state = AppState(std::sync::Arc::new(SharedState {
            services,
            max_body_bytes: settings.max_body_bytes,
            secure_cookies: settings.secure_cookies,
            metrics: std::sync::Arc::new(metrics::Metrics::new(settings.metrics_token.as_deref())),
        }));
        Ok(Application {
            listener,
            router: router(state),
        })
    }

    pub fn local_addr(&self) -> std::io::Result<SocketAddr> {
        self.listener.local_addr()
    }

    /// Serves until `shutdown` completes, then finishes requests in flight.
    pub async fn serve(
        self,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> std::io::Result<()> {
        // The peer address feeds the per-client limits on the public doors.
        let app = self
            .router
            .into_make_service_with_connect_info::<SocketAddr>();
        axum::serve(self.listener, app)
            .with_graceful_shutdown(shutdown)
            .await
    }
}

/// Unknown paths: a page for browsers, a problem document for the rest.
async fn not_found(headers: axum::http::HeaderMap) -> axum::response::Response {
    use axum::response::IntoResponse;
    let wants_html = headers
        .get(axum::http::header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("text/html"));
    if wants_html {
        // The browser's language is unknown here: say it in all three.
        let sentence = Lang::ALL
            .iter()
            .map(|lang| tr!(*lang, "error-not-found"))
            .collect::<Vec<_>>()
            .join(" · ");
        let page = format!(
            "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
            <title>404 · marketdesk</title><link rel=\"stylesheet\" href=\"/assets/app.css\"></head><body><main id=\"content\">\
            <h1>404</h1><p>{sentence}</p><p><a href=\"/\">marketdesk</a></p></main></body></html>"
        );
        return (StatusCode::NOT_FOUND, axum::response::Html(page)).into_response();
    }
    ApiError::new(ErrorCode::NotFound, "no such route").into_response()
}
