//! The support metrics (docs/METRICS.md): the report of a range with the
//! previous period, the tickets behind each figure, and both as CSV.

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use marketdesk_service::reports::{MetricsReport, ReportQuery, TicketsBehind, csv};

use crate::AppState;
use crate::extract::{ApiQuery, Auth};
use crate::problem::{ApiResult, Problem};

/// The metrics of a range of days (default: the last 7 up to today), with
/// the previous period of the same length, filtered and grouped.
/// Supervisors and admins see everyone's; an agent only their own.
#[utoipa::path(get, path = "/api/v1/reports/metrics", tag = "reports", params(ReportQuery), security(("bearer" = [])),
    responses((status = 200, body = MetricsReport), (status = 400, body = Problem), (status = 403, body = Problem)))]
pub async fn metrics(
    State(state): State<AppState>,
    Auth(viewer): Auth,
    ApiQuery(q): ApiQuery<ReportQuery>,
) -> ApiResult<Json<MetricsReport>> {
    Ok(Json(state.services.metrics_report(&viewer, &q).await?))
}

/// The report's table as CSV: the total and each group, this period and
/// the previous one.
#[utoipa::path(get, path = "/api/v1/reports/metrics.csv", tag = "reports", params(ReportQuery), security(("bearer" = [])),
    responses((status = 200, content_type = "text/csv"), (status = 400, body = Problem), (status = 403, body = Problem)))]
pub async fn metrics_csv(
    State(state): State<AppState>,
    Auth(viewer): Auth,
    ApiQuery(q): ApiQuery<ReportQuery>,
) -> ApiResult<Response> {
    let report = state.services.metrics_report(&viewer, &q).await?;
    Ok(csv_response(
        csv::report_csv(&report),
        &format!("metrics-{}-{}.csv", report.from, report.to),
    ))
}

/// The tickets behind one figure (`figure`, default `created`), of one
/// group (`key`) or all.
#[utoipa::path(get, path = "/api/v1/reports/tickets", tag = "reports", params(ReportQuery), security(("bearer" = [])),
    responses((status = 200, body = TicketsBehind), (status = 400, body = Problem), (status = 403, body = Problem)))]
pub async fn tickets(
    State(state): State<AppState>,
    Auth(viewer): Auth,
    ApiQuery(q): ApiQuery<ReportQuery>,
) -> ApiResult<Json<TicketsBehind>> {
    Ok(Json(behind(&state, &viewer, &q).await?))
}

/// The tickets behind one figure as CSV.
#[utoipa::path(get, path = "/api/v1/reports/tickets.csv", tag = "reports", params(ReportQuery), security(("bearer" = [])),
    responses((status = 200, content_type = "text/csv"), (status = 400, body = Problem), (status = 403, body = Problem)))]
pub async fn tickets_csv(
    State(state): State<AppState>,
    Auth(viewer): Auth,
    ApiQuery(q): ApiQuery<ReportQuery>,
) -> ApiResult<Response> {
    let list = behind(&state, &viewer, &q).await?;
    Ok(csv_response(
        csv::tickets_csv(&list),
        &format!("tickets-{}-{}-{}.csv", list.figure, list.from, list.to),
    ))
}

async fn behind(
    state: &AppState,
    viewer: &marketdesk_service::Viewer,
    q: &ReportQuery,
) -> ApiResult<TicketsBehind> {
    let figure = q.figure.as_deref().unwrap_or("created");
    Ok(state
        .services
        .tickets_behind(viewer, q, figure, q.key.as_deref())
        .await?)
}

/// A CSV download (UTF-8, named).
pub fn csv_response(body: String, filename: &str) -> Response {
    let mut response = body.into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/csv; charset=utf-8"),
    );
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{filename}\"")) {
        headers.insert(header::CONTENT_DISPOSITION, v);
    }
    response
}
