//! The community forum (docs/COMMUNITY.md): anyone reads and searches;
//! signed-in customers, sellers and staff post, reply, vote and accept an
//! answer; staff moderate.

use std::collections::BTreeMap;

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use marketdesk_domain::i18n::Lang;
use marketdesk_service::Viewer;
use marketdesk_service::trust::{
    AcceptInput, BanInput, EscalationInput, ForumBan, ForumCategory, ForumModeration, ForumPost,
    ForumThread, ModeratedPost, NewThreadInput, PostModerationInput, PostReportInput, ReplyInput,
    ReportReceipt, ThreadModerationInput, ThreadParams, ThreadSummary, VoteInput,
};
use marketdesk_web::ClientAddr;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::AppState;
use crate::extract::{ApiJson, ApiPath, ApiQuery, Auth, credential};
use crate::problem::{ApiError, ApiResult, Problem};

fn id_of(id: &str, what: &'static str) -> ApiResult<i64> {
    id.parse().map_err(|_| ApiError::not_found(what))
}

/// A bearer token, when one is sent, says who reads (moderators see hidden
/// threads); a cookie is not read here.
async fn reader(state: &AppState, headers: &HeaderMap) -> ApiResult<Option<Viewer>> {
    Ok(
        match credential(headers).filter(|(_, from_cookie)| !from_cookie) {
            Some((token, _)) => Some(state.services.authenticate(&token).await?.viewer),
            None => None,
        },
    )
}

#[derive(Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct LangQuery {
    /// `en`, `es`, `zh`.
    pub lang: Option<String>,
}

fn lang_of(tag: Option<&str>) -> Lang {
    Lang::from_tag(tag.unwrap_or("en"))
}

/// The forum's categories, named in a language (anyone).
#[utoipa::path(get, path = "/api/v1/forum/categories", tag = "community", params(LangQuery),
    responses((status = 200, body = Vec<ForumCategory>)))]
pub async fn categories(
    State(state): State<AppState>,
    ApiQuery(q): ApiQuery<LangQuery>,
) -> ApiResult<Json<Vec<ForumCategory>>> {
    Ok(Json(
        state
            .services
            .forum_categories(lang_of(q.lang.as_deref()))
            .await?,
    ))
}

#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CategoryInput {
    /// The name in each language: `{"en": "Shipping", "es": "Envíos", "zh": "配送"}`.
    pub names: BTreeMap<String, String>,
    #[serde(default)]
    pub position: i64,
}

/// Adds or renames a category (supervisors, admins).
#[utoipa::path(put, path = "/api/v1/forum/categories/{slug}", tag = "community", params(("slug" = String, Path)),
    request_body = CategoryInput, security(("bearer" = [])),
    responses((status = 200, body = ForumCategory), (status = 403, body = Problem), (status = 422, body = Problem)))]
pub async fn put_category(
    State(state): State<AppState>,
    Auth(viewer): Auth,
    ApiPath(slug): ApiPath<String>,
    ApiJson(input): ApiJson<CategoryInput>,
) -> ApiResult<Json<ForumCategory>> {
    Ok(Json(
        state
            .services
            .put_forum_category(&viewer, &slug, input.names, input.position)
            .await?,
    ))
}

/// Threads (pinned first, then the latest activity), or a search's best
/// matches (anyone; 120 searches a minute per client address).
#[utoipa::path(get, path = "/api/v1/forum/threads", tag = "community", params(ThreadParams),
    responses((status = 200, body = Vec<ThreadSummary>), (status = 422, body = Problem), (status = 429, body = Problem)))]
pub async fn threads(
    State(state): State<AppState>,
    ClientAddr(client): ClientAddr,
    headers: HeaderMap,
    ApiQuery(params): ApiQuery<ThreadParams>,
) -> ApiResult<Json<Vec<ThreadSummary>>> {
    let viewer = reader(&state, &headers).await?;
    Ok(Json(
        state
            .services
            .forum_threads(viewer.as_ref(), &params, client)
            .await?,
    ))
}

/// Starts a thread (signed-in customers, sellers, staff; new members may
/// not post links or images yet).
#[utoipa::path(post, path = "/api/v1/forum/threads", tag = "community", request_body = NewThreadInput, security(("bearer" = [])),
    responses((status = 201, body = ThreadSummary), (status = 403, body = Problem), (status = 422, body = Problem), (status = 429, body = Problem)))]
pub async fn create(
    State(state): State<AppState>,
    Auth(viewer): Auth,
    ApiJson(input): ApiJson<NewThreadInput>,
) -> ApiResult<(StatusCode, Json<ThreadSummary>)> {
    Ok((
        StatusCode::CREATED,
        Json(state.services.forum_new_thread(&viewer, input).await?),
    ))
}

/// A thread with its posts (anyone).
#[utoipa::path(get, path = "/api/v1/forum/threads/{id}", tag = "community", params(("id" = i64, Path), LangQuery),
    responses((status = 200, body = ForumThread), (status = 404, body = Problem)))]
pub async fn thread(
    State(state): State<AppState>,
    headers: HeaderMap,
    ApiPath(id): ApiPath<String>,
    ApiQuery(q): ApiQuery<LangQuery>,
) -> ApiResult<Json<ForumThread>> {
    let viewer = reader(&state, &headers).await?;
    let id = id_of(&id, "thread")?;
    Ok(Json(
        state
            .services
            .forum_thread(viewer.as_ref(), id, lang_of(q.lang.as_deref()))
            .await?,
    ))
}

/// Replies on a thread (not on a locked one).
#[utoipa::path(post, path = "/api/v1/forum/threads/{id}/posts", tag = "community", params(("id" = i64, Path)),
    request_body = ReplyInput, security(("bearer" = [])),
    responses((status = 201, body = ForumPost), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn reply(
    State(state): State<AppState>,
    Auth(viewer): Auth,
    ApiPath(id): ApiPath<String>,
    ApiJson(input): ApiJson<ReplyInput>,
) -> ApiResult<(StatusCode, Json<ForumPost>)> {
    let id = id_of(&id, "thread")?;
    Ok((
        StatusCode::CREATED,
        Json(state.services.forum_reply(&viewer, id, input).await?),
    ))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Score {
    pub score: i64,
}

/// Votes on a post (1, -1, or 0 to take the vote back); not one's own.
#[utoipa::path(post, path = "/api/v1/forum/posts/{id}/vote", tag = "community", params(("id" = i64, Path)),
    request_body = VoteInput, security(("bearer" = [])),
    responses((status = 200, body = Score), (status = 403, body = Problem), (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn vote(
    State(state): State<AppState>,
    Auth(viewer): Auth,
    ApiPath(id): ApiPath<String>,
    ApiJson(input): ApiJson<VoteInput>,
) -> ApiResult<Json<Score>> {
    let id = id_of(&id, "post")?;
    Ok(Json(Score {
        score: state.services.forum_vote(&viewer, id, input).await?,
    }))
}

/// The thread's author (or a moderator) accepts the reply that answered.
#[utoipa::path(post, path = "/api/v1/forum/threads/{id}/accepted", tag = "community", params(("id" = i64, Path)),
    request_body = AcceptInput, security(("bearer" = [])),
    responses((status = 200, body = ThreadSummary), (status = 403, body = Problem), (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn accept(
    State(state): State<AppState>,
    Auth(viewer): Auth,
    ApiPath(id): ApiPath<String>,
    ApiJson(input): ApiJson<AcceptInput>,
) -> ApiResult<Json<ThreadSummary>> {
    let id = id_of(&id, "thread")?;
    Ok(Json(state.services.forum_accept(&viewer, id, input).await?))
}

/// Reports a post (anyone; a bearer token says who): it joins the
/// moderation queue; three people's reports hide it until a moderator looks.
#[utoipa::path(post, path = "/api/v1/forum/posts/{id}/reports", tag = "community", params(("id" = i64, Path)),
    request_body = PostReportInput,
    responses((status = 202, body = ReportReceipt), (status = 404, body = Problem), (status = 422, body = Problem), (status = 429, body = Problem)))]
pub async fn report(
    State(state): State<AppState>,
    ClientAddr(client): ClientAddr,
    headers: HeaderMap,
    ApiPath(id): ApiPath<String>,
    ApiJson(input): ApiJson<PostReportInput>,
) -> ApiResult<(StatusCode, Json<ReportReceipt>)> {
    let viewer = reader(&state, &headers).await?;
    let id = id_of(&id, "post")?;
    Ok((
        StatusCode::ACCEPTED,
        Json(
            state
                .services
                .forum_report_post(viewer.as_ref(), id, input, client)
                .await?,
        ),
    ))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Escalated {
    /// The private ticket's reference (`MD-…`).
    pub ticket: String,
}

/// Takes a thread to a private ticket (its author or staff); the thread is locked.
#[utoipa::path(post, path = "/api/v1/forum/threads/{id}/escalation", tag = "community", params(("id" = i64, Path)),
    request_body = EscalationInput, security(("bearer" = [])),
    responses((status = 200, body = Escalated), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn escalate(
    State(state): State<AppState>,
    Auth(viewer): Auth,
    ApiPath(id): ApiPath<String>,
    ApiJson(input): ApiJson<EscalationInput>,
) -> ApiResult<Json<Escalated>> {
    let id = id_of(&id, "thread")?;
    Ok(Json(Escalated {
        ticket: state.services.forum_escalate(&viewer, id, input).await?,
    }))
}

/// A moderator pins, marks as a scam alert, locks, hides or moves a thread.
#[utoipa::path(post, path = "/api/v1/forum/threads/{id}/moderation", tag = "community", params(("id" = i64, Path)),
    request_body = ThreadModerationInput, security(("bearer" = [])),
    responses((status = 200, body = ThreadSummary), (status = 403, body = Problem), (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn moderate_thread(
    State(state): State<AppState>,
    Auth(viewer): Auth,
    ApiPath(id): ApiPath<String>,
    ApiJson(input): ApiJson<ThreadModerationInput>,
) -> ApiResult<Json<ThreadSummary>> {
    let id = id_of(&id, "thread")?;
    Ok(Json(
        state
            .services
            .forum_moderate_thread(&viewer, id, input)
            .await?,
    ))
}

/// A moderator hides a post or shows it again.
#[utoipa::path(post, path = "/api/v1/forum/posts/{id}/moderation", tag = "community", params(("id" = i64, Path)),
    request_body = PostModerationInput, security(("bearer" = [])),
    responses((status = 200, body = ModeratedPost), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn moderate_post(
    State(state): State<AppState>,
    Auth(viewer): Auth,
    ApiPath(id): ApiPath<String>,
    ApiJson(input): ApiJson<PostModerationInput>,
) -> ApiResult<Json<ModeratedPost>> {
    let id = id_of(&id, "post")?;
    Ok(Json(
        state
            .services
            .forum_moderate_post(&viewer, id, input)
            .await?,
    ))
}

/// The moderators' queue: reported posts, hidden posts, bans (staff).
#[utoipa::path(get, path = "/api/v1/forum/moderation", tag = "community", security(("bearer" = [])),
    responses((status = 200, body = ForumModeration), (status = 403, body = Problem)))]
pub async fn moderation(
    State(state): State<AppState>,
    Auth(viewer): Auth,
) -> ApiResult<Json<ForumModeration>> {
    Ok(Json(state.services.forum_moderation(&viewer).await?))
}

/// Bans a person from posting (for some days, or for good).
#[utoipa::path(post, path = "/api/v1/forum/bans", tag = "community", request_body = BanInput, security(("bearer" = [])),
    responses((status = 201, body = ForumBan), (status = 403, body = Problem), (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn ban(
    State(state): State<AppState>,
    Auth(viewer): Auth,
    ApiJson(input): ApiJson<BanInput>,
) -> ApiResult<(StatusCode, Json<ForumBan>)> {
    Ok((
        StatusCode::CREATED,
        Json(state.services.forum_ban(&viewer, input).await?),
    ))
}

/// Lifts a ban.
#[utoipa::path(delete, path = "/api/v1/forum/bans/{person_id}", tag = "community", params(("person_id" = i64, Path)), security(("bearer" = [])),
    responses((status = 204), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn lift_ban(
    State(state): State<AppState>,
    Auth(viewer): Auth,
    ApiPath(person_id): ApiPath<String>,
) -> ApiResult<StatusCode> {
    let id = id_of(&person_id, "ban")?;
    state.services.forum_lift_ban(&viewer, id).await?;
    Ok(StatusCode::NO_CONTENT)
}
