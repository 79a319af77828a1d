//! The community forum on pages (docs/COMMUNITY.md): anyone reads and
//! searches; signed-in customers, sellers and staff start threads, reply,
//! vote and accept an answer; moderators act on the thread page and work
//! the reported posts on Workspace → Community.

use askama::Template;
use axum::Router;
use axum::extract::{Form, Path, Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use marketdesk_domain::forum::{PostAction, ThreadAction};
use marketdesk_domain::moderation::{ReportReason, ReportSubject};
use marketdesk_service::Viewer;
use marketdesk_service::trust::{
    AcceptInput, BanInput, EscalationInput, ForumCategory, ForumModeration, ForumThread,
    NewThreadInput, PostModerationInput, PostReportInput, ReplyInput, ThreadModerationInput,
    ThreadParams, ThreadSummary, VoteInput,
};
use serde::Deserialize;

use crate::WebState;
use crate::agent::{Staff, agent_meta};
use crate::errors::error_text;
use crate::format::when;
use crate::i18n::Tr;
use crate::portal::{LangParam, Meta, page};
use crate::session;

pub fn routes() -> Router<WebState> {
    Router::new()
        .route("/community", get(index))
        .route("/community/new", get(new_form).post(create))
        .route("/community/t/{id}", get(thread))
        .route("/community/t/{id}/reply", post(reply))
        .route("/community/t/{id}/accept", post(accept))
        .route("/community/t/{id}/escalate", post(escalate))
        .route("/community/t/{id}/moderate", post(moderate_thread))
        .route("/community/posts/{id}/vote", post(vote))
        .route("/community/posts/{id}/report", post(report))
        .route("/community/posts/{id}/moderate", post(moderate_post))
        .route("/community/bans", post(ban))
        .route("/agent/community", get(queue))
        .route("/agent/community/bans/{person}/lift", post(lift_ban))
}

/// The reader: signed in (a session) or not, with the form token to use.
struct Reader {
    viewer: Option<Viewer>,
    csrf: String,
    fresh: bool,
}

async fn reader(state: &WebState, headers: &HeaderMap) -> Reader {
    match session::viewer(state, headers).await {
        Some((viewer, csrf)) => Reader {
            viewer: Some(viewer),
            csrf,
            fresh: false,
        },
        None => {
            let (csrf, fresh) = session::form_token(headers);
            Reader {
                viewer: None,
                csrf,
                fresh,
            }
        }
    }
}

fn frame(title: &str, headers: &HeaderMap, r: &Reader) -> (Meta, bool) {
    let notice = session::notice(headers);
    let had = notice.is_some();
    let mut meta = Meta::new(title, notice);
    if r.viewer.is_some() {
        meta = meta.for_customer(&r.csrf);
    }
    (meta, had)
}

fn finish(
    state: &WebState,
    template: &impl Template,
    lang: &LangParam,
    had: bool,
    r: &Reader,
) -> Response {
    let mut response = page(state, template, lang, had);
    if r.fresh {
        session::set_form_token(&mut response, state, &r.csrf);
    }
    response
}

struct Line {
    s: ThreadSummary,
    category: String,
    last: String,
}

fn line(categories: &[ForumCategory], s: ThreadSummary) -> Line {
    Line {
        category: categories
            .iter()
            .find(|c| c.slug == s.category)
            .map(|c| c.name.clone())
            .unwrap_or_else(|| s.category.clone()),
        last: when(&s.last_post_at),
        s,
    }
}

#[derive(Template)]
#[template(path = "portal/community.html")]
struct Index {
    t: Tr,
    meta: Meta,
    categories: Vec<ForumCategory>,
    category: String,
    tag: String,
    q: String,
    alerts: Vec<Line>,
    threads: Vec<Line>,
    signed_in: bool,
    page: u32,
    more: bool,
}

#[derive(Deserialize, Default)]
struct IndexQuery {
    #[serde(default)]
    category: String,
    #[serde(default)]
    tag: String,
    #[serde(default)]
    q: String,
    page: Option<u32>,
    lang: Option<String>,
}

async fn index(
    State(state): State<WebState>,
    headers: HeaderMap,
    crate::ClientAddr(client): crate::ClientAddr,
    Query(q): Query<IndexQuery>,
) -> Response {
    let lang = LangParam {
        lang: q.lang.clone(),
    };
    let t = session::language(&headers, lang.lang.as_deref());
    let r = reader(&state, &headers).await;
    let categories = state
        .services
        .forum_categories(t.lang)
        .await
        .unwrap_or_default();
    let page_number = q.page.unwrap_or(1).clamp(1, 1_000);
    let params = ThreadParams {
        category: Some(q.category.clone()).filter(|c| !c.is_empty()),
        tag: Some(q.tag.clone()).filter(|c| !c.is_empty()),
        q: Some(q.q.clone()).filter(|c| !c.trim().is_empty()),
        page: Some(page_number),
        lang: None,
    };
    let (list, error) = match state
        .services
        .forum_threads(r.viewer.as_ref(), &params, client)
        .await
    {
        Ok(list) => (list, None),
        Err(err) => (vec![], Some(error_text(t, &err))),
    };
    let more = list.len() >= 30 && params.q.is_none();
    let (alerts, threads): (Vec<Line>, Vec<Line>) = list
        .into_iter()
        .map(|s| line(&categories, s))
        .partition(|l| l.s.scam_alert);
    let (mut meta, had) = frame(t.s("community-heading"), &headers, &r);
    if let Some(error) = error {
        meta.notice = Some(crate::session::Notice {
            text: error,
            error: true,
        });
    }
    let template = Index {
        t,
        meta,
        categories,
        category: q.category,
        tag: q.tag,
        q: q.q,
        alerts,
        threads,
        signed_in: r.viewer.is_some(),
        page: page_number,
        more,
    };
    finish(&state, &template, &lang, had, &r)
}

#[derive(Template)]
#[template(path = "portal/community_new.html")]
struct NewThread {
    t: Tr,
    meta: Meta,
    csrf: String,
    categories: Vec<ForumCategory>,
    category: String,
}

async fn new_form(
    State(state): State<WebState>,
    headers: HeaderMap,
    Query(q): Query<IndexQuery>,
) -> Response {
    let lang = LangParam {
        lang: q.lang.clone(),
    };
    let t = session::language(&headers, lang.lang.as_deref());
    let r = reader(&state, &headers).await;
    if r.viewer.is_none() {
        return session::redirect_with_error(&state, "/signin", t.s("community-sign-in-to-post"));
    }
    let (meta, had) = frame(t.s("community-new-heading"), &headers, &r);
    let template = NewThread {
        t,
        meta,
        csrf: r.csrf.clone(),
        categories: state
            .services
            .forum_categories(t.lang)
            .await
            .unwrap_or_default(),
        category: q.category,
    };
    finish(&state, &template, &lang, had, &r)
}

#[derive(Deserialize)]
struct ThreadForm {
    #[serde(rename = "_csrf", default)]
    csrf: String,
    #[serde(default)]
    category: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    body: String,
    #[serde(default)]
    tags: String,
    #[serde(default)]
    language: String,
}

/// The signed-in poster and the page language, or where to send them.
async fn poster(
    state: &WebState,
    headers: &HeaderMap,
    sent: &str,
    back: &str,
) -> Result<(Viewer, Tr), Response> {
    let t = session::language(headers, None);
    match session::viewer(state, headers).await {
        Some((viewer, csrf)) if csrf == sent => Ok((viewer, t)),
        Some(_) => Err(Redirect::to(back).into_response()),
        None => Err(session::redirect_with_error(
            state,
            "/signin",
            t.s("community-sign-in-to-post"),
        )),
    }
}

async fn create(
    State(state): State<WebState>,
    headers: HeaderMap,
    Form(form): Form<ThreadForm>,
) -> Response {
    let back = "/community/new";
    let (viewer, t) = match poster(&state, &headers, &form.csrf, back).await {
        Ok(p) => p,
        Err(response) => return response,
    };
    let input = NewThreadInput {
        category: form.category,
        title: form.title,
        body: form.body,
        tags: form
            .tags
            .split(',')
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(str::to_owned)
            .collect(),
        language: Some(form.language).filter(|l| !l.is_empty()),
    };
    match state.services.forum_new_thread(&viewer, input).await {
        Ok(thread) => Redirect::to(&format!("/community/t/{}", thread.id)).into_response(),
        Err(err) => session::redirect_with_error(&state, back, &error_text(t, &err)),
    }
}

struct PostLine {
    p: marketdesk_service::trust::ForumPost,
    when: String,
}

#[derive(Template)]
#[template(path = "portal/community_thread.html")]
struct ThreadPage {
    t: Tr,
    meta: Meta,
    csrf: String,
    signed_in: bool,
    me: i64,
    th: ForumThread,
    category: String,
    categories: Vec<ForumCategory>,
    posts: Vec<PostLine>,
    reasons: Vec<(&'static str, String)>,
    actions: Vec<(&'static str, String)>,
}

async fn thread(
    State(state): State<WebState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Query(lang): Query<LangParam>,
) -> Response {
    let t = session::language(&headers, lang.lang.as_deref());
    let r = reader(&state, &headers).await;
    let Ok(id) = id.parse::<i64>() else {
        return session::redirect_with_error(&state, "/community", t.s("error-missing"));
    };
    let th = match state
        .services
        .forum_thread(r.viewer.as_ref(), id, t.lang)
        .await
    {
        Ok(th) => th,
        Err(err) => {
            return session::redirect_with_error(&state, "/community", &error_text(t, &err));
        }
    };
    let categories = state
        .services
        .forum_categories(t.lang)
        .await
        .unwrap_or_default();
    let category = categories
        .iter()
        .find(|c| c.slug == th.thread.category)
        .map(|c| c.name.clone())
        .unwrap_or_else(|| th.thread.category.clone());
    let (meta, had) = frame(&th.thread.title, &headers, &r);
    let thread_actions = if th.thread.pinned {
        vec!["unpin"]
    } else {
        vec!["pin", "scam_alert"]
    }
    .into_iter()
    .chain([if th.thread.locked { "unlock" } else { "lock" }])
    .chain([if th.thread.hidden { "show" } else { "hide" }])
    .map(|a| (a, t.s(&format!("community-action-{a}")).to_string()))
    .collect();
    let posts = th
        .posts
        .iter()
        .cloned()
        .map(|p| PostLine {
            when: when(&p.created_at),
            p,
        })
        .collect();
    let template = ThreadPage {
        t,
        meta,
        csrf: r.csrf.clone(),
        signed_in: r.viewer.is_some(),
        me: r.viewer.as_ref().map_or(0, |v| v.person_id),
        category,
        categories,
        posts,
        reasons: ReportReason::ALL
            .iter()
            .filter(|reason| reason.fits(ReportSubject::Post))
            .map(|reason| {
                (
                    reason.as_str(),
                    t.s(&format!("report-reason-{}", reason.as_str()))
                        .to_string(),
                )
            })
            .collect(),
        actions: thread_actions,
        th,
    };
    finish(&state, &template, &lang, had, &r)
}

/// Back to the page with the notice `done_key`, or the refusal's reason,
/// in the page's language.
fn told<T>(
    state: &WebState,
    back: &str,
    t: Tr,
    done: marketdesk_service::Result<T>,
    done_key: &str,
) -> Response {
    match done {
        Ok(_) => session::redirect_with_notice(state, back, t.s(done_key)),
        Err(err) => session::redirect_with_error(state, back, &error_text(t, &err)),
    }
}

#[derive(Deserialize)]
struct BodyForm {
    #[serde(rename = "_csrf", default)]
    csrf: String,
    #[serde(default)]
    body: String,
}

fn thread_path(id: &str) -> String {
    format!("/community/t/{}", id.parse::<i64>().unwrap_or(0))
}

async fn reply(
    State(state): State<WebState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(form): Form<BodyForm>,
) -> Response {
    let back = thread_path(&id);
    let (viewer, t) = match poster(&state, &headers, &form.csrf, &back).await {
        Ok(p) => p,
        Err(response) => return response,
    };
    let id = id.parse().unwrap_or(0);
    match state
        .services
        .forum_reply(&viewer, id, ReplyInput { body: form.body })
        .await
    {
        Ok(post) => Redirect::to(&format!("{back}#post-{}", post.id)).into_response(),
        Err(err) => session::redirect_with_error(&state, &back, &error_text(t, &err)),
    }
}

#[derive(Deserialize)]
struct VoteForm {
    #[serde(rename = "_csrf", default)]
    csrf: String,
    #[serde(default)]
    value: i64,
    #[serde(default)]
    thread: i64,
}

async fn vote(
    State(state): State<WebState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(form): Form<VoteForm>,
) -> Response {
    let back = format!("/community/t/{}", form.thread);
    let (viewer, t) = match poster(&state, &headers, &form.csrf, &back).await {
        Ok(p) => p,
        Err(response) => return response,
    };
    let post_id = id.parse().unwrap_or(0);
    match state
        .services
        .forum_vote(&viewer, post_id, VoteInput { value: form.value })
        .await
    {
        Ok(_) => Redirect::to(&format!("{back}#post-{post_id}")).into_response(),
        Err(err) => session::redirect_with_error(&state, &back, &error_text(t, &err)),
    }
}

#[derive(Deserialize)]
struct AcceptForm {
    #[serde(rename = "_csrf", default)]
    csrf: String,
    #[serde(default)]
    post_id: i64,
}

async fn accept(
    State(state): State<WebState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(form): Form<AcceptForm>,
) -> Response {
    let back = thread_path(&id);
    let (viewer, t) = match poster(&state, &headers, &form.csrf, &back).await {
        Ok(p) => p,
        Err(response) => return response,
    };
    let input = AcceptInput {
        post_id: Some(form.post_id).filter(|id| *id != 0),
    };
    let done = state
        .services
        .forum_accept(&viewer, id.parse().unwrap_or(0), input)
        .await;
    told(&state, &back, t, done, "community-accepted")
}

#[derive(Deserialize)]
struct EscalateForm {
    #[serde(rename = "_csrf", default)]
    csrf: String,
    #[serde(default)]
    order_number: String,
}

async fn escalate(
    State(state): State<WebState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(form): Form<EscalateForm>,
) -> Response {
    let back = thread_path(&id);
    let (viewer, t) = match poster(&state, &headers, &form.csrf, &back).await {
        Ok(p) => p,
        Err(response) => return response,
    };
    let input = EscalationInput {
        order_number: Some(form.order_number).filter(|n| !n.trim().is_empty()),
    };
    match state
        .services
        .forum_escalate(&viewer, id.parse().unwrap_or(0), input)
        .await
    {
        Ok(reference) => session::redirect_with_notice(
            &state,
            &back,
            &t.with("community-escalated", &[("ticket", reference.into())]),
        ),
        Err(err) => session::redirect_with_error(&state, &back, &error_text(t, &err)),
    }
}

#[derive(Deserialize)]
struct ReportForm {
    #[serde(rename = "_csrf", default)]
    csrf: String,
    #[serde(default)]
    reason: String,
    #[serde(default)]
    details: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    thread: i64,
}

async fn report(
    State(state): State<WebState>,
    headers: HeaderMap,
    crate::ClientAddr(client): crate::ClientAddr,
    Path(id): Path<String>,
    Form(form): Form<ReportForm>,
) -> Response {
    let t = session::language(&headers, None);
    let back = format!("/community/t/{}", form.thread);
    let signed = session::viewer(&state, &headers).await;
    let csrf_ok = match &signed {
        Some((_, csrf)) => *csrf == form.csrf,
        None => session::form_token_ok(&headers, &form.csrf),
    };
    if !csrf_ok {
        return Redirect::to(&back).into_response();
    }
    let Ok(reason) = ReportReason::parse(&form.reason) else {
        return session::redirect_with_error(&state, &back, t.s("report-bad-reason"));
    };
    let input = PostReportInput {
        reason,
        details: form.details,
        email: Some(form.email).filter(|e| !e.trim().is_empty()),
        language: Some(t.tag().to_owned()),
    };
    match state
        .services
        .forum_report_post(
            signed.as_ref().map(|(v, _)| v),
            id.parse().unwrap_or(0),
            input,
            client,
        )
        .await
    {
        Ok(receipt) if receipt.counted => {
            session::redirect_with_notice(&state, &back, t.s("report-sent"))
        }
        Ok(_) => session::redirect_with_notice(&state, &back, t.s("report-already")),
        Err(err) => session::redirect_with_error(&state, &back, &error_text(t, &err)),
    }
}

#[derive(Deserialize)]
struct ModerateForm {
    #[serde(rename = "_csrf", default)]
    csrf: String,
    #[serde(default)]
    action: String,
    #[serde(default)]
    category: String,
    #[serde(default)]
    reason: String,
    #[serde(default)]
    thread: i64,
    /// Where to go back to (the thread, or the moderators' page).
    #[serde(default)]
    back: String,
}

fn back_of(form: &ModerateForm, fallback: String) -> String {
    if form.back == "/agent/community" {
        form.back.clone()
    } else {
        fallback
    }
}

async fn moderate_thread(
    State(state): State<WebState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(form): Form<ModerateForm>,
) -> Response {
    let back = back_of(&form, thread_path(&id));
    let (viewer, t) = match poster(&state, &headers, &form.csrf, &back).await {
        Ok(p) => p,
        Err(response) => return response,
    };
    let Ok(action) = ThreadAction::parse(&form.action) else {
        return Redirect::to(&back).into_response();
    };
    let input = ThreadModerationInput {
        action,
        category: Some(form.category.clone()).filter(|c| !c.is_empty()),
        reason: form.reason.clone(),
    };
    let done = state
        .services
        .forum_moderate_thread(&viewer, id.parse().unwrap_or(0), input)
        .await;
    told(&state, &back, t, done, "community-moderated")
}

async fn moderate_post(
    State(state): State<WebState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(form): Form<ModerateForm>,
) -> Response {
    let back = back_of(&form, format!("/community/t/{}", form.thread));
    let (viewer, t) = match poster(&state, &headers, &form.csrf, &back).await {
        Ok(p) => p,
        Err(response) => return response,
    };
    let Ok(action) = PostAction::parse(&form.action) else {
        return Redirect::to(&back).into_response();
    };
    let input = PostModerationInput {
        action,
        reason: form.reason.clone(),
    };
    let done = state
        .services
        .forum_moderate_post(&viewer, id.parse().unwrap_or(0), input)
        .await;
    told(&state, &back, t, done, "community-moderated")
}

#[derive(Deserialize)]
struct BanForm {
    #[serde(rename = "_csrf", default)]
    csrf: String,
    #[serde(default)]
    person_id: i64,
    #[serde(default)]
    reason: String,
    #[serde(default)]
    days: String,
    #[serde(default)]
    thread: i64,
}

async fn ban(
    State(state): State<WebState>,
    headers: HeaderMap,
    Form(form): Form<BanForm>,
) -> Response {
    let back = format!("/community/t/{}", form.thread);
    let (viewer, t) = match poster(&state, &headers, &form.csrf, &back).await {
        Ok(p) => p,
        Err(response) => return response,
    };
    let days = match form.days.trim() {
        "" => None,
        text => match text.parse::<u32>() {
            Ok(days) => Some(days),
            Err(_) => {
                return session::redirect_with_error(
                    &state,
                    &back,
                    t.s("community-ban-days-invalid"),
                );
            }
        },
    };
    let input = BanInput {
        person_id: form.person_id,
        reason: form.reason,
        days,
    };
    match state.services.forum_ban(&viewer, input).await {
        Ok(_) => session::redirect_with_notice(&state, &back, t.s("community-banned")),
        Err(err) => session::redirect_with_error(&state, &back, &error_text(t, &err)),
    }
}

#[derive(Template)]
#[template(path = "agent/community.html")]
struct Queue {
    t: Tr,
    meta: Meta,
    csrf: String,
    m: ForumModeration,
}

impl Queue {
    fn reason(&self, reason: &str) -> String {
        self.t.s(&format!("report-reason-{reason}")).to_string()
    }
}

async fn queue(
    State(state): State<WebState>,
    staff: Staff,
    headers: HeaderMap,
    Query(lang): Query<LangParam>,
) -> Response {
    let (viewer, csrf, name) = staff.into_parts();
    let t = session::language(&headers, lang.lang.as_deref());
    let m = match state.services.forum_moderation(&viewer).await {
        Ok(m) => m,
        Err(err) => return session::redirect_with_error(&state, "/agent", &error_text(t, &err)),
    };
    let notice = session::notice(&headers);
    let had = notice.is_some();
    let template = Queue {
        t,
        meta: agent_meta(
            t,
            t.s("community-queue-heading"),
            notice,
            name,
            csrf.clone(),
        ),
        csrf,
        m,
    };
    page(&state, &template, &lang, had)
}

#[derive(Deserialize)]
struct CsrfForm {
    #[serde(rename = "_csrf", default)]
    csrf: String,
}

async fn lift_ban(
    State(state): State<WebState>,
    staff: Staff,
    headers: HeaderMap,
    Path(person): Path<String>,
    Form(form): Form<CsrfForm>,
) -> Response {
    let back = "/agent/community";
    let (viewer, csrf, _) = staff.into_parts();
    if form.csrf != csrf {
        return Redirect::to(back).into_response();
    }
    let t = session::language(&headers, None);
    match state
        .services
        .forum_lift_ban(&viewer, person.parse().unwrap_or(0))
        .await
    {
        Ok(()) => session::redirect_with_notice(&state, back, t.s("community-ban-lifted")),
        Err(err) => session::redirect_with_error(&state, back, &error_text(t, &err)),
    }
}
