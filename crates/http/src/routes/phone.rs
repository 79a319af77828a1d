//! The support number's calls (a customer's timeline) and callbacks asked
//! for through the API; the provider's webhooks are the web adapter's.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use marketdesk_service::phone::{CallView, CallbackRequest};
use marketdesk_web::ClientAddr;
use serde::{Deserialize, Serialize};

use crate::AppState;
use crate::extract::{ApiJson, ApiPath, ApiQuery, Auth};
use crate::problem::{ApiError, ApiResult, Problem};

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct CallQuery {
    /// Only this person's calls.
    pub person_id: Option<i64>,
    /// `in_progress`, `answered`, `voicemail`, `abandoned`, `callback`, `hung_up`.
    pub outcome: Option<String>,
    /// Calls older than this id (the next page).
    pub before: Option<i64>,
    /// 1 to 200 (default 50).
    pub limit: Option<i64>,
}

/// Calls to the support number, newest first: who called from which
/// number, the menu path, the wait, how it ended, the recording.
#[utoipa::path(get, path = "/api/v1/calls", tag = "people", params(CallQuery), security(("bearer" = [])),
    responses((status = 200, body = Vec<CallView>), (status = 403, body = Problem), (status = 422, body = Problem)))]
pub async fn list_calls(
    State(s): State<AppState>,
    Auth(v): Auth,
    ApiQuery(q): ApiQuery<CallQuery>,
) -> ApiResult<Json<Vec<CallView>>> {
    Ok(Json(
        s.services
            .list_calls(&v, q.person_id, q.outcome.as_deref(), q.before, q.limit)
            .await?,
    ))
}

#[utoipa::path(get, path = "/api/v1/calls/{id}", tag = "people", params(("id" = i64, Path)), security(("bearer" = [])),
    responses((status = 200, body = CallView), (status = 404, body = Problem)))]
pub async fn get_call(
    State(s): State<AppState>,
    Auth(v): Auth,
    ApiPath(raw): ApiPath<String>,
) -> ApiResult<Json<CallView>> {
    let id = raw.parse().map_err(|_| ApiError::not_found("call"))?;
    Ok(Json(s.services.get_call(&v, id).await?))
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct CallbackTicket {
    /// The callback task's ticket.
    pub reference: String,
}

/// Asks for a callback at a half hour within the opening hours of the
/// coming week: a phone ticket for the number, due then.
#[utoipa::path(post, path = "/api/v1/callbacks", tag = "tickets", request_body = CallbackRequest, security(("bearer" = [])),
    responses((status = 201, body = CallbackTicket), (status = 422, body = Problem), (status = 429, body = Problem)))]
pub async fn request_callback(
    State(s): State<AppState>,
    Auth(v): Auth,
    ClientAddr(client): ClientAddr,
    ApiJson(body): ApiJson<CallbackRequest>,
) -> ApiResult<(StatusCode, Json<CallbackTicket>)> {
    let reference = s.services.request_callback(Some(&v), body, client).await?;
    Ok((StatusCode::CREATED, Json(CallbackTicket { reference })))
}
