use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use marketdesk_service::email::{FailedMail, MailboxCheck, MailboxView, NewMailbox, SuspendedMail};
use serde::{Deserialize, Serialize};

use crate::AppState;
use crate::extract::{ApiJson, ApiPath, Auth};
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

/// Mail held as forged (failed authentication) or spam, waiting for an
/// agent to accept or delete it.
#[utoipa::path(get, path = "/api/v1/mail/suspended", tag = "mail", security(("bearer" = [])),
    responses((status = 200, body = Vec<SuspendedMail>), (status = 403, body = Problem)))]
pub async fn suspended(
    State(s): State<AppState>,
    Auth(v): Auth,
) -> ApiResult<Json<Vec<SuspendedMail>>> {
    Ok(Json(s.services.suspended_mail(&v).await?))
}

/// Accepts a held message: it becomes a ticket (or a reply) now.
#[utoipa::path(post, path = "/api/v1/mail/suspended/{id}/accept", tag = "mail", security(("bearer" = [])),
    params(("id" = i64, Path)),
    responses((status = 204), (status = 404, body = Problem)))]
pub async fn accept(
    State(s): State<AppState>,
    Auth(v): Auth,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<StatusCode> {
    s.services.accept_mail(&v, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Deletes a held message.
#[utoipa::path(post, path = "/api/v1/mail/suspended/{id}/delete", tag = "mail", security(("bearer" = [])),
    params(("id" = i64, Path)),
    responses((status = 204), (status = 404, body = Problem)))]
pub async fn discard(
    State(s): State<AppState>,
    Auth(v): Auth,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<StatusCode> {
    s.services.discard_mail(&v, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The IMAP mailboxes mail is fetched from, with how fetching goes:
/// status, the server's last error, messages taken (admins).
#[utoipa::path(get, path = "/api/v1/mailboxes", tag = "mail", security(("bearer" = [])),
    responses((status = 200, body = Vec<MailboxView>), (status = 403, body = Problem)))]
pub async fn mailboxes(
    State(s): State<AppState>,
    Auth(v): Auth,
) -> ApiResult<Json<Vec<MailboxView>>> {
    Ok(Json(s.services.mailboxes(&v).await?))
}

/// Adds a mailbox to fetch from (admins). The connection is tested first
/// (`check: false` skips it): a server that cannot be reached or refuses
/// the sign-in is a 422 naming what it said.
#[utoipa::path(post, path = "/api/v1/mailboxes", tag = "mail", request_body = NewMailbox, security(("bearer" = [])),
    responses((status = 201, body = MailboxView), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn add_mailbox(
    State(s): State<AppState>,
    Auth(v): Auth,
    ApiJson(body): ApiJson<NewMailbox>,
) -> ApiResult<(StatusCode, Json<MailboxView>)> {
    Ok((
        StatusCode::CREATED,
        Json(s.services.add_mailbox(&v, body).await?),
    ))
}

/// Connects to a mailbox now and reports what the server said; one
/// waiting after failures is tried again at once.
#[utoipa::path(post, path = "/api/v1/mailboxes/{id}/check", tag = "mail", security(("bearer" = [])),
    params(("id" = i64, Path)),
    responses((status = 200, body = MailboxCheck), (status = 404, body = Problem)))]
pub async fn check_mailbox(
    State(s): State<AppState>,
    Auth(v): Auth,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<MailboxCheck>> {
    Ok(Json(s.services.check_mailbox(&v, id).await?))
}

/// Stops fetching from a mailbox (the mail already taken stays).
#[utoipa::path(delete, path = "/api/v1/mailboxes/{id}", tag = "mail", security(("bearer" = [])),
    params(("id" = i64, Path)),
    responses((status = 204), (status = 404, body = Problem)))]
pub async fn delete_mailbox(
    State(s): State<AppState>,
    Auth(v): Auth,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<StatusCode> {
    s.services.delete_mailbox(&v, id).await?;
    Ok(StatusCode::NO_CONTENT)
}
