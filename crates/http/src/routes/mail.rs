use axum::Json;
use axum::extract::State;
use marketdesk_service::email::FailedMail;
use serde::{Deserialize, Serialize};

use crate::AppState;
use crate::extract::{ApiJson, Auth};
use crate::problem::{ApiResult, Problem};

/// Received messages that could not be read after every attempt; each is
/// kept raw until it is retried (admins).
#[utoipa::path(get, path = "/api/v1/mail/failed", tag = "mail", security(("bearer" = [])),
    responses((status = 200, body = Vec<FailedMail>), (status = 403, body = Problem)))]
pub async fn failed(State(s): State<AppState>, Auth(v): Auth) -> ApiResult<Json<Vec<FailedMail>>> {
    Ok(Json(s.services.failed_mail(&v).await?))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RetryMail {
    /// One message; without it, every failed message.
    #[serde(default)]
    pub id: Option<i64>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Retried {
    pub retried: u64,
}

/// Puts failed received mail back in the queue to be read again (admins).
#[utoipa::path(post, path = "/api/v1/mail/failed/retry", tag = "mail", request_body = RetryMail, security(("bearer" = [])),
    responses((status = 200, body = Retried), (status = 403, body = Problem)))]
pub async fn retry(
    State(s): State<AppState>,
    Auth(v): Auth,
    ApiJson(body): ApiJson<RetryMail>,
) -> ApiResult<Json<Retried>> {
    Ok(Json(Retried {
        retried: s.services.retry_mail(&v, body.id).await?,
    }))
}
