//! `/metrics` in the Prometheus (OpenMetrics) text format: requests and
//! their latency by route, the work queues' depth and age, the database
//! pools' use and the search index's lag. Behind a bearer token of its own
//! (`MARKETDESK_METRICS_TOKEN`); without one the endpoint does not exist.

use std::sync::Arc;
use std::time::Instant;

use axum::extract::{MatchedPath, Request, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::encoding::text::encode;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;
use sha2::{Digest, Sha256};

use crate::AppState;

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RequestLabels {
    method: &'static str,
    route: String,
    status: u16,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RouteLabels {
    method: &'static str,
    route: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct PoolLabels {
    pool: &'static str,
    state: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct QueueLabels {
    queue: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct CommitLabels {
    commit: &'static str,
}

fn latency_histogram() -> Histogram {
    // 1 ms to about 8 s.
    Histogram::new(exponential_buckets(0.001, 2.0, 14))
}

/// The node's metrics; request figures are kept as they happen, the rest
/// read at each scrape.
pub struct Metrics {
    registry: Registry,
    requests: Family<RequestLabels, Counter>,
    latency: Family<RouteLabels, Histogram, fn() -> Histogram>,
    queue_depth: Family<QueueLabels, Gauge>,
    queue_age: Family<QueueLabels, Gauge>,
    pool: Family<PoolLabels, Gauge>,
    index_lag: Gauge,
    new_tickets: Family<CommitLabels, Gauge>,
    /// SHA-256 of the token, compared with the presented one's.
    token_hash: Option<[u8; 32]>,
}

impl std::fmt::Debug for Metrics {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Metrics").finish_non_exhaustive()
    }
}

impl Metrics {
    pub fn new(token: Option<&str>) -> Self {
        let mut registry = Registry::with_prefix("marketdesk");
        let requests = Family::<RequestLabels, Counter>::default();
        let latency = Family::<RouteLabels, Histogram, fn() -> Histogram>::new_with_constructor(
            latency_histogram,
        );
        let queue_depth = Family::<QueueLabels, Gauge>::default();
        let queue_age = Family::<QueueLabels, Gauge>::default();
        let pool = Family::<PoolLabels, Gauge>::default();
        let index_lag = Gauge::default();
        let new_tickets = Family::<CommitLabels, Gauge>::default();
        registry.register("http_requests", "HTTP requests answered", requests.clone());
        registry.register(
            "http_request_duration_seconds",
            "Time to answer an HTTP request",
            latency.clone(),
        );
        registry.register(
            "queue_pending",
            "Work waiting in a queue (mail, webhooks)",
            queue_depth.clone(),
        );
        registry.register(
            "queue_oldest_age_seconds",
            "How long the oldest waiting item has waited (job lag)",
            queue_age.clone(),
        );
        registry.register(
            "db_pool_connections",
            "Database connections by pool and state",
            pool.clone(),
        );
        registry.register(
            "search_index_lag_seconds",
            "Time since this node's search index last caught up with the database",
            index_lag.clone(),
        );
        registry.register(
            "new_tickets_committed",
            "New tickets this node committed since it started, by commit: together (group commit) or alone",
            new_tickets.clone(),
        );
        Metrics {
            registry,
            requests,
            latency,
            queue_depth,
            queue_age,
            pool,
            index_lag,
            new_tickets,
            token_hash: token.map(|t| Sha256::digest(t.as_bytes()).into()),
        }
    }

    fn allows(&self, headers: &HeaderMap) -> bool {
        let Some(expected) = self.token_hash else {
            return false;
        };
        let presented = headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .unwrap_or_default();
        // Equal-length digests compared whole: no early exit on the token.
        let digest: [u8; 32] = Sha256::digest(presented.as_bytes()).into();
        digest
            .iter()
            .zip(expected.iter())
            .fold(0u8, |acc, (a, b)| acc | (a ^ b))
            == 0
    }
}

/// A method's name with a bounded set of values.
fn method_name(method: &axum::http::Method) -> &'static str {
    use axum::http::Method;
    match *method {
        Method::GET => "GET",
        Method::POST => "POST",
        Method::PUT => "PUT",
        Method::PATCH => "PATCH",
        Method::DELETE => "DELETE",
        Method::HEAD => "HEAD",
        Method::OPTIONS => "OPTIONS",
        _ => "other",
    }
}

/// Counts and times every request by its route's pattern (never the raw
/// path: ids would make the label set unbounded).
pub async fn track(State(metrics): State<Arc<Metrics>>, request: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = method_name(request.method());
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "unmatched".to_string(), |p| p.as_str().to_string());
    let response = next.run(request).await;
    let status = response.status().as_u16();
    metrics
        .requests
        .get_or_create(&RequestLabels {
            method,
            route: route.clone(),
            status,
        })
        .inc();
    metrics
        .latency
        .get_or_create(&RouteLabels { method, route })
        .observe(started.elapsed().as_secs_f64());
    response
}

/// `GET /metrics`: the text format, for a scraper holding the token.
pub async fn scrape(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let metrics = &state.metrics;
    if metrics.token_hash.is_none() {
        return StatusCode::NOT_FOUND.into_response();
    }
    if !metrics.allows(&headers) {
        return (
            StatusCode::UNAUTHORIZED,
            [(header::WWW_AUTHENTICATE, "Bearer")],
            "a metrics token is needed\n",
        )
            .into_response();
    }
    let now = marketdesk_service::now_ms();
    let age = |since: Option<i64>| since.map_or(0, |at| (now - at).max(0) / 1000);
    match state.services.operations().await {
        Ok(ops) => {
            let set = |family: &Family<QueueLabels, Gauge>, queue, value| {
                family.get_or_create(&QueueLabels { queue }).set(value);
            };
            set(&metrics.queue_depth, "mail", ops.mail_pending);
            set(&metrics.queue_depth, "webhooks", ops.webhooks_pending);
            set(&metrics.queue_age, "mail", age(ops.mail_oldest_at));
            set(&metrics.queue_age, "webhooks", age(ops.webhooks_oldest_at));
            let pool = |pool, state, value: u32| {
                metrics
                    .pool
                    .get_or_create(&PoolLabels { pool, state })
                    .set(i64::from(value));
            };
            let p = ops.pools;
            pool("read", "idle", p.read_idle);
            pool("read", "used", p.read_open.saturating_sub(p.read_idle));
            pool("write", "idle", p.write_idle);
            pool("write", "used", p.write_open.saturating_sub(p.write_idle));
            for (commit, n) in [
                ("together", ops.tickets_committed_together),
                ("alone", ops.tickets_committed_alone),
            ] {
                metrics
                    .new_tickets
                    .get_or_create(&CommitLabels { commit })
                    .set(i64::try_from(n).unwrap_or(i64::MAX));
            }
            metrics.index_lag.set(if ops.search_followed_at > 0 {
                age(Some(ops.search_followed_at))
            } else {
                -1
            });
        }
        Err(err) => tracing::warn!(error = %err, "metrics: the database did not answer"),
    }
    let mut text = String::new();
    if encode(&mut text, &metrics.registry).is_err() {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    }
    (
        [(
            header::CONTENT_TYPE,
            "application/openmetrics-text; version=1.0.0; charset=utf-8",
        )],
        text,
    )
        .into_response()
}
