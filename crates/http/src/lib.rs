//! The HTTP adapter: the REST API under `/api/v1`, problem documents,
//! `Idempotency-Key`, and the OpenAPI document generated from the handlers.
//! Only this crate knows HTTP; it translates and calls the services.

mod extract;
mod idempotency;
mod openapi;
pub mod problem;
mod routes;

use marketdesk_service::ErrorCode;
use std::future::Future;
use std::net::SocketAddr;

use axum::extract::DefaultBodyLimit;
use axum::http::StatusCode;
use axum::routing::{get, post, put};
use axum::{Json, Router, middleware};
use marketdesk_service::Services;
use tokio::net::TcpListener;

use crate::problem::ApiError;

#[derive(Debug, Clone)]
pub struct HttpSettings {
    pub bind: SocketAddr,
    /// The largest request body accepted, in bytes.
    pub max_body_bytes: usize,
    /// Mark the session cookie `Secure` (when served behind TLS).
    pub secure_cookies: bool,
}

#[derive(Debug, Clone)]
pub struct AppState {
    pub services: Services,
    pub max_body_bytes: usize,
    pub secure_cookies: bool,
}

/// The largest body the anonymous sign-in routes read, in bytes.
pub const ANONYMOUS_BODY_BYTES: usize = 16 * 1024;

fn anonymous_body() -> DefaultBodyLimit {
    DefaultBodyLimit::max(ANONYMOUS_BODY_BYTES)
}

/// The router with every route, for serving or for tests.
pub fn router(state: AppState) -> Router {
    use routes::*;
    let api = Router::new()
        // The anonymous doors read a few short fields: a small body limit
        // keeps a flood of large bodies from being buffered at all.
        .route("/auth/login", post(auth::login).layer(anonymous_body()))
        .route("/auth/logout", post(auth::logout))
        .route(
            "/auth/magic-link",
            post(auth::magic_link).layer(anonymous_body()),
        )
        .route(
            "/auth/magic-link/redeem",
            post(auth::redeem).layer(anonymous_body()),
        )
        .route(
            "/auth/order-access",
            post(auth::order_access).layer(anonymous_body()),
        )
        .route("/me", get(auth::me))
        .route("/assistant/classify", post(system::classify))
        .route("/help/search", get(system::help_search))
        .route("/help/articles", post(system::put_article))
        .route("/help/misses", get(system::help_misses))
        .route("/search", get(search::search))
        .route("/reports/self-service", get(system::self_service))
        .route("/tickets", get(tickets::list).post(tickets::create))
        .route("/tickets/{id}", get(tickets::get).patch(tickets::update))
        .route(
            "/tickets/{id}/messages",
            get(tickets::messages).post(tickets::add_message),
        )
        .route("/tickets/{id}/merge", post(tickets::merge))
        .route("/tickets/{id}/audit", get(tickets::audit))
        .route("/tickets/{id}/shares", post(tickets::share))
        .route(
            "/tickets/{id}/shares/{seller_id}",
            axum::routing::delete(tickets::unshare),
        )
        .route("/attachments/{id}", get(tickets::attachment))
        .route(
            "/customers",
            get(people::list_customers).post(people::create_customer),
        )
        .route("/customers/{id}", get(people::get_person))
        .route(
            "/agents",
            get(people::list_agents).post(people::create_agent),
        )
        .route(
            "/agents/{id}",
            get(people::get_person).patch(people::update_agent),
        )
        .route("/teams", get(people::list_teams).post(people::create_team))
        .route(
            "/teams/{id}/members/{person_id}",
            put(people::add_member).delete(people::remove_member),
        )
        .route("/tags", get(people::tags))
        .route(
            "/macros",
            get(people::list_macros).post(people::create_macro),
        )
        .route(
            "/tokens",
            get(people::list_tokens).post(people::create_token),
        )
        .route("/tokens/{id}", axum::routing::delete(people::revoke_token))
        .route("/audit", get(people::audit_log))
        .route("/orders", get(orders::list))
        .route("/orders/{id}", get(orders::get))
        .route("/orders/{id}/address", post(actions::change_address))
        .route("/orders/{id}/phone", post(actions::change_phone))
        .route("/orders/{id}/cancel", post(actions::cancel))
        .route("/orders/{id}/refunds", post(actions::refund))
        .route("/refunds", get(actions::list_refunds))
        .route("/refunds/{id}/approve", post(actions::approve))
        .route("/refunds/{id}/reject", post(actions::reject))
        .route("/webhooks/deliveries", get(actions::deliveries))
        .route("/policy", get(actions::policy))
        .route("/shipments/watch", post(actions::watch_shipments))
        .route("/orders/{id}/returns", post(returns::create))
        .route("/ingest/orders", post(ingest::order))
        .route("/orders/{id}/discounts", get(promotions::explain))
        .route("/orders/{id}/variant", post(care::variant))
        .route("/orders/{id}/reschedule", post(care::reschedule))
        .route("/orders/{id}/care", post(care::care))
        .route("/orders/{id}/payments", get(care::payments))
        .route("/orders/{id}/unauthorized-charge", post(care::unauthorized))
        .route("/orders/{id}/invoice", get(care::invoice))
        .route("/returns/{rma}/label", get(care::label))
        .route("/customers/{id}/unfreeze", post(care::unfreeze))
        .route("/customers/{id}/membership", get(care::membership))
        .route("/orders/{id}/requests", get(care::requests))
        .route("/requests/{id}", post(care::update_request))
        .route("/tickets/{id}/invoice", post(care::attach_invoice))
        .route("/promotions", get(promotions::list))
        .route("/promotions/thresholds", post(promotions::put_threshold))
        .route("/promotions/coupons", post(promotions::put_coupon))
        .route("/ingest/orders/bulk", post(ingest::bulk))
        .route("/returns/{rma}", get(returns::get))
        .route("/returns/{rma}/events", post(returns::event))
        .route("/returns/{rma}/inspection", post(returns::inspect))
        .route("/openapi.json", get(|| async { Json(openapi::document()) }))
        .layer(middleware::from_fn(problem::problem_layer));
    let web = marketdesk_web::router(marketdesk_web::WebState {
        services: state.services.clone(),
        secure_cookies: state.secure_cookies,
    });
    Router::new()
        .route("/healthz", get(system::healthz))
        .nest("/api/v1", api)
        .fallback(not_found)
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
        let state = AppState {
            services,
            max_body_bytes: settings.max_body_bytes,
            secure_cookies: settings.secure_cookies,
        };
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
        let page = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
            <title>Not found · marketdesk</title><link rel=\"stylesheet\" href=\"/assets/app.css\"></head><body><main id=\"content\">\
            <h1>404</h1><p>This page does not exist. · 页面不存在。 · Esta página no existe.</p><p><a href=\"/\">marketdesk</a></p></main></body></html>";
        return (StatusCode::NOT_FOUND, axum::response::Html(page)).into_response();
    }
    ApiError::new(ErrorCode::NotFound, "no such route").into_response()
}
