//! "My requests": customers sign in with a one-time link sent by email and
//! follow and answer their conversations.

use askama::Template;
use axum::Router;
use axum::extract::{Form, Path, Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use marketdesk_service::ServiceError;
use marketdesk_service::kernel::html::hold_remote_images;
use marketdesk_service::tickets::{NewMessage, TicketQuery};
use serde::Deserialize;

use crate::WebState;
use crate::errors::error_text;
use crate::format::{Moment, moment, money};
use crate::i18n::Tr;
use crate::parts::Parts;
use crate::portal::{LangParam, Meta, page};
use crate::session::{self, Notice};

/// A signed-in customer or seller (their viewer and the session's CSRF
/// token); extracting it sends anyone else to the sign-in page.
pub(crate) struct SignedIn {
    pub(crate) viewer: marketdesk_service::Viewer,
    pub(crate) csrf: String,
    /// The customer's language (the switcher's cookie or the browser's).
    pub(crate) t: Tr,
}

impl axum::extract::FromRequestParts<WebState> for SignedIn {
    type Rejection = Response;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        state: &WebState,
    ) -> Result<Self, Self::Rejection> {
        match session::viewer(state, &parts.headers).await {
            Some((viewer, csrf)) => Ok(SignedIn {
                viewer,
                csrf,
                t: session::language(&parts.headers, None),
            }),
            None => Err(Redirect::to("/signin").into_response()),
        }
    }
}

pub fn routes() -> Router<WebState> {
    Router::new()
        .route("/signin", get(signin_form).post(signin))
        .route("/auth/magic", get(magic_page).post(magic))
        .route("/signout", post(signout))
        .route("/requests", get(list))
        .route("/requests/{id}", get(show))
        .route("/requests/{id}/reply", post(reply))
        .route("/requests/{id}/rating", post(rate))
}

#[derive(Template)]
#[template(path = "portal/signin.html")]
struct SignIn {
    t: Tr,
    meta: Meta,
    csrf: String,
    expired: bool,
}

fn signin_page(
    state: &WebState,
    headers: &HeaderMap,
    t: Tr,
    lang: &LangParam,
    expired: bool,
    notice: Option<Notice>,
) -> Response {
    let (csrf, fresh) = session::form_token(headers);
    let had = notice.is_some();
    let mut response = page(
        state,
        &SignIn {
            t,
            meta: Meta::new(t.s("signin-heading"), notice),
            csrf: csrf.clone(),
            expired,
        },
        lang,
        had,
    );
    if fresh {
        session::set_form_token(&mut response, state, &csrf);
    }
    response
}

async fn signin_form(
    State(state): State<WebState>,
    headers: HeaderMap,
    Query(lang): Query<LangParam>,
) -> Response {
    let t = session::language(&headers, lang.lang.as_deref());
    signin_page(&state, &headers, t, &lang, false, session::notice(&headers))
}

#[derive(Deserialize)]
struct SignInForm {
    #[serde(rename = "_csrf", default)]
    csrf: String,
    email: String,
}

async fn signin(
    State(state): State<WebState>,
    headers: HeaderMap,
    Form(form): Form<SignInForm>,
) -> Response {
    let t = session::language(&headers, None);
    if session::form_token_ok(&headers, &form.csrf) {
        // The same answer for known and unknown addresses.
        let _ = state.services.request_magic_link(&form.email).await;
    }
    session::redirect_with_notice(&state, "/signin", t.s("signin-sent"))
}

#[derive(Deserialize)]
struct MagicParams {
    #[serde(default)]
    token: String,
}

#[derive(Template)]
#[template(path = "portal/magic.html")]
struct MagicPage {
    t: Tr,
    meta: Meta,
    csrf: String,
    token: String,
}

/// The link in the email shows a page whose button signs in. Opening it
/// (GET, HEAD, a mail scanner's prefetch) never uses the one-time token up.
async fn magic_page(
    State(state): State<WebState>,
    headers: HeaderMap,
    Query(params): Query<MagicParams>,
) -> Response {
    let t = session::language(&headers, None);
    magic_form(&state, &headers, t, params.token)
}

fn magic_form(state: &WebState, headers: &HeaderMap, t: Tr, token: String) -> Response {
    if token.is_empty() {
        return signin_page(state, headers, t, &LangParam::default(), true, None);
    }
    let (csrf, fresh) = session::form_token(headers);
    let mut response = page(
        state,
        &MagicPage {
            t,
            meta: Meta::new(t.s("magic-heading"), None),
            csrf: csrf.clone(),
            token,
        },
        &LangParam::default(),
        false,
    );
    if fresh {
        session::set_form_token(&mut response, state, &csrf);
    }
    response
}

#[derive(Deserialize)]
struct MagicForm {
    #[serde(rename = "_csrf", default)]
    csrf: String,
    #[serde(default)]
    token: String,
}

/// The button of the link's page: exchanges the one-time token for a session.
async fn magic(
    State(state): State<WebState>,
    headers: HeaderMap,
    Form(form): Form<MagicForm>,
) -> Response {
    let t = session::language(&headers, None);
    if !session::form_token_ok(&headers, &form.csrf) {
        // A page older than its form cookie: show the button again.
        return magic_form(&state, &headers, t, form.token);
    }
    match state.services.redeem_magic_link(&form.token).await {
        Ok(grant) => {
            let mut response = Redirect::to("/requests").into_response();
            session::set_session(&mut response, &state, &grant.token, grant.expires_in_secs);
            response
        }
        Err(ServiceError::AccountFrozen) => {
            session::redirect_with_error(&state, "/signin", t.s("account-frozen"))
        }
        Err(_) => signin_page(&state, &headers, t, &LangParam::default(), true, None),
    }
}

/// Signs a customer out (the portal's button), with or without a valid form
/// token: ending one's own session is never refused.
async fn signout(State(state): State<WebState>, headers: HeaderMap) -> Response {
    let t = session::language(&headers, None);
    let mut response = session::redirect_with_notice(&state, "/", t.s("portal-signed-out"));
    session::end_session(&state, &headers, &mut response).await;
    response
}

struct Row {
    id: i64,
    reference: String,
    subject: String,
    status: String,
    updated: Moment,
}

#[derive(Template)]
#[template(path = "portal/requests.html")]
struct List {
    t: Tr,
    meta: Meta,
    rows: Vec<Row>,
    /// A customer's store credit (none for a seller).
    credit: Option<Credit>,
    /// A seller's payouts (none for a customer).
    payouts: Option<Vec<Payout>>,
}

struct Credit {
    /// "12,50 EUR", with the next expiry when some credit expires.
    balances: Vec<(String, Option<String>)>,
    code: Option<String>,
    entries: Vec<CreditLine>,
}

struct CreditLine {
    when: Moment,
    what: String,
    amount: String,
}

struct Payout {
    day: String,
    amount: String,
    status: &'static str,
    late: bool,
    explanation: String,
    holds: Vec<String>,
    /// Open cases holding an order's share: (case id, in words).
    case_holds: Vec<(i64, String)>,
}

/// The store-credit card of "My requests": balance, checkout code, lines.
fn credit_card(t: Tr, view: marketdesk_service::after_sales::StoreCreditView) -> Credit {
    use marketdesk_domain::ledger::CreditEntryKind;
    let lang = t.lang;
    Credit {
        balances: view
            .balances
            .iter()
            .map(|b| {
                let expiry = b.next_expiry.as_ref().map(|at| {
                    t.with(
                        "credit-expires",
                        &[
                            (
                                "amount",
                                money(b.next_expiry_minor, &b.currency, lang).into(),
                            ),
                            ("day", at.get(..10).unwrap_or(at).into()),
                        ],
                    )
                });
                (money(b.balance_minor, &b.currency, lang), expiry)
            })
            .collect(),
        code: view.code,
        entries: view
            .entries
            .iter()
            .map(|e| CreditLine {
                when: moment(&e.created_at),
                what: match (e.kind, &e.order_number) {
                    (CreditEntryKind::Used, Some(number)) => {
                        t.with("credit-used-on", &[("order", number.as_str().into())])
                    }
                    (CreditEntryKind::Used, None) => t.s("credit-kind-used").to_string(),
                    (CreditEntryKind::Expired, _) => t.s("credit-kind-expired").to_string(),
                    (CreditEntryKind::Issued, _) => {
                        format!("{} — {}", t.s("credit-kind-issued"), e.reason)
                    }
                },
                amount: money(e.amount_minor, &e.currency, lang),
            })
            .collect(),
    }
}

fn payout_rows(t: Tr, list: Vec<marketdesk_service::commerce::PayoutView>) -> Vec<Payout> {
    use marketdesk_domain::ledger::PayoutStatus;
    list.into_iter()
        .map(|p| Payout {
            day: p
                .paid_at
                .as_ref()
                .or(p.expected_at.as_ref())
                .map(|at| at.get(..10).unwrap_or(at).to_string())
                .unwrap_or_default(),
            amount: money(p.amount_minor, &p.currency, t.lang),
            status: match p.status {
                PayoutStatus::Pending => t.s("payout-status-pending"),
                PayoutStatus::InTransit => t.s("payout-status-in_transit"),
                PayoutStatus::Paid => t.s("payout-status-paid"),
                PayoutStatus::OnHold => t.s("payout-status-on_hold"),
                PayoutStatus::Failed => t.s("payout-status-failed"),
                PayoutStatus::Canceled => t.s("payout-status-canceled"),
            },
            late: p.late,
            case_holds: p
                .case_holds
                .iter()
                .map(|h| {
                    (
                        h.case_id,
                        t.with(
                            "payout-case-hold",
                            &[
                                ("id", h.case_id.into()),
                                ("order", h.order_number.as_str().into()),
                            ],
                        ),
                    )
                })
                .collect(),
            explanation: p.explanation,
            holds: p
                .holds
                .into_iter()
                .map(|h| {
                    if h.detail.is_empty() {
                        h.next_step
                    } else {
                        format!("{} ({})", h.next_step, h.detail)
                    }
                })
                .collect(),
        })
        .collect()
}

async fn list(
    State(state): State<WebState>,
    SignedIn { viewer, csrf, .. }: SignedIn,
    headers: HeaderMap,
    Query(lang): Query<LangParam>,
) -> Response {
    let t = session::language(&headers, lang.lang.as_deref());
    let mut parts = Parts::default();
    let listed = state
        .services
        .list_tickets(
            &viewer,
            &TicketQuery {
                limit: Some(100),
                ..Default::default()
            },
        )
        .await;
    let rows = parts.take(
        "requests",
        listed.map(|p| {
            p.items
                .iter()
                .map(|x| Row {
                    id: x.id,
                    reference: x.reference.clone(),
                    subject: x.subject.clone(),
                    status: x.status.to_string(),
                    updated: moment(&x.updated_at),
                })
                .collect()
        }),
    );
    let (credit, payouts) = if viewer.role == marketdesk_domain::Role::Seller {
        let list = state
            .services
            .payouts(&viewer, viewer.person_id, Some(t.tag()))
            .await;
        (None, Some(payout_rows(t, parts.take("payouts", list))))
    } else {
        let view = state.services.store_credit(&viewer, viewer.person_id).await;
        let credit = parts
            .take("store credit", view.map(Some))
            .map(|v| credit_card(t, v));
        (credit.filter(|c| !c.entries.is_empty()), None)
    };
    let notice = session::notice(&headers);
    let had = notice.is_some();
    page(
        &state,
        &List {
            t,
            meta: Meta::new(t.s("requests-heading"), parts.notice(t, notice)).for_customer(&csrf),
            rows,
            credit,
            payouts,
        },
        &lang,
        had,
    )
}

struct Message {
    author: String,
    when: Moment,
    html: String,
}

#[derive(Template)]
#[template(path = "portal/request.html")]
struct Show {
    t: Tr,
    meta: Meta,
    id: i64,
    reference: String,
    subject: String,
    messages: Vec<Message>,
    csrf: String,
    /// Its satisfaction survey, once solved.
    survey: Option<marketdesk_service::tickets::OwnSurvey>,
}

async fn show(
    State(state): State<WebState>,
    SignedIn { viewer, csrf, .. }: SignedIn,
    headers: HeaderMap,
    Path(id): Path<String>,
    Query(lang): Query<LangParam>,
) -> Response {
    let t = session::language(&headers, lang.lang.as_deref());
    let Ok(id) = marketdesk_service::tickets::parse_ticket_id(&id) else {
        return Redirect::to("/requests").into_response();
    };
    let Ok(detail) = state.services.get_ticket(&viewer, id).await else {
        return Redirect::to("/requests").into_response();
    };
    let messages = detail
        .messages
        .iter()
        .map(|m| Message {
            author: match &m.author {
                Some(a) if a.id == viewer.person_id => t.s("requests-you").to_string(),
                _ => t.s("requests-support").to_string(),
            },
            when: moment(&m.created_at),
            html: hold_remote_images(&m.body_html, t.s("message-remote-image")),
        })
        .collect();
    let survey = state.services.own_survey(&viewer, id).await.ok().flatten();
    let notice = session::notice(&headers);
    let had = notice.is_some();
    let template = Show {
        survey,
        t,
        meta: Meta::new(&detail.ticket.reference, notice).for_customer(&csrf),
        id,
        reference: detail.ticket.reference.clone(),
        subject: detail.ticket.subject.clone(),
        messages,
        csrf,
    };
    page(&state, &template, &lang, had)
}

#[derive(Deserialize)]
struct RatingForm {
    #[serde(rename = "_csrf", default)]
    csrf: String,
    #[serde(default)]
    rating: i64,
    #[serde(default)]
    comment: String,
}

/// The requester rates their solved request on the portal: the same
/// survey as the email's, answered once.
async fn rate(
    State(state): State<WebState>,
    SignedIn { viewer, csrf, t }: SignedIn,
    Path(id): Path<String>,
    Form(form): Form<RatingForm>,
) -> Response {
    let Ok(id) = marketdesk_service::tickets::parse_ticket_id(&id) else {
        return Redirect::to("/requests").into_response();
    };
    let back = format!("/requests/{id}");
    if form.csrf != csrf {
        return Redirect::to(&back).into_response();
    }
    use marketdesk_service::tickets::SurveyAnswer;
    let notice = match state
        .services
        .rate_own_ticket(&viewer, id, form.rating, &form.comment)
        .await
    {
        Ok(SurveyAnswer::Recorded { reopened: false }) => Notice::done(t.s("csat-thanks")),
        Ok(SurveyAnswer::Recorded { reopened: true }) => Notice::done(t.s("csat-reopened")),
        Ok(SurveyAnswer::AlreadyAnswered) => Notice::error(t.s("csat-already")),
        Ok(SurveyAnswer::Expired) => Notice::error(t.s("csat-expired")),
        Err(err) => Notice::error(error_text(t, &err)),
    };
    session::redirect_after(&state, &back, &notice)
}

#[derive(Deserialize)]
struct ReplyForm {
    #[serde(rename = "_csrf", default)]
    csrf: String,
    body: String,
}

async fn reply(
    State(state): State<WebState>,
    SignedIn { viewer, csrf, t }: SignedIn,
    Path(id): Path<String>,
    Form(form): Form<ReplyForm>,
) -> Response {
    let Ok(id) = marketdesk_service::tickets::parse_ticket_id(&id) else {
        return Redirect::to("/requests").into_response();
    };
    if form.csrf != csrf {
        return Redirect::to(&format!("/requests/{id}")).into_response();
    }
    let message = NewMessage {
        email: None,
        cc: None,
        body: form.body,
        html: None,
        kind: None,
        channel: None,
        attachments: vec![],
        status: None,
    };
    match state.services.add_message(&viewer, id, message).await {
        // A reply to a closed request starts a follow-up: show that one.
        Ok(m) => Redirect::to(&format!(
            "/requests/{}",
            m.follow_up_ticket_id.unwrap_or(id)
        ))
        .into_response(),
        Err(err) => {
            session::redirect_with_error(&state, &format!("/requests/{id}"), &error_text(t, &err))
        }
    }
}
