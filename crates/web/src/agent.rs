//! The agent workspace: sign-in, the inbox with its views, and the ticket
//! page with the conversation, replies with macros, and the customer's
//! orders with refunds within the agent's limit.

use askama::Template;
use axum::Router;
use axum::extract::{DefaultBodyLimit, Form, Multipart, Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use base64::Engine;
use marketdesk_domain::{Channel, Currency, MessageKind, Money, Priority, TicketStatus};
use marketdesk_service::after_sales::{NewRefund, RefundDestination};
use marketdesk_service::kernel::attachments::AttachmentInput;
use marketdesk_service::kernel::auth::LoginOutcome;
use marketdesk_service::kernel::html::hold_remote_images;
use marketdesk_service::kernel::page::PageRequest;
use marketdesk_service::tickets::{NewMessage, QueueCount, TicketQuery, TicketUpdate};
use marketdesk_service::{ServiceError, Viewer};
use serde::Deserialize;

use crate::WebState;
use crate::errors::error_text;
use crate::format::{Moment, moment, money, when};
use crate::i18n::Tr;
use crate::order_forms::{
    AddressForm, REASONS, field, outcome_notice, return_request, returnable_lines,
};
use crate::parts::{Missing, Parts};
use crate::portal::{LangParam, Meta, page, pdf_or};
use crate::session::{self, Notice, random_token};
use crate::sla::{SlaBadge, badges};

pub fn routes(max_attachment_bytes: usize) -> Router<WebState> {
    // Room for the most attachments a message may carry, base64 aside.
    let reply_limit = DefaultBodyLimit::max(10 * max_attachment_bytes + 1024 * 1024);
    Router::new()
        .route("/agent/login", get(login_form).post(login))
        .route("/agent/logout", post(logout))
        .route("/agent", get(crate::inbox::inbox))
        .route("/agent/views", post(crate::inbox::save_view))
        .route("/agent/views/{id}/delete", post(crate::inbox::delete_view))
        .route("/agent/inbox/events", get(inbox_events))
        .route("/agent/tickets/{id}", get(ticket))
        .route("/agent/tickets/{id}/reply", post(reply).layer(reply_limit))
        .route("/agent/tickets/{id}/update", post(update))
        .route("/agent/tickets/{id}/merge", post(merge))
        .route("/agent/tickets/{id}/macro", post(apply_macro))
        .route("/agent/tickets/{id}/share", post(share))
        .route("/agent/bulk", post(bulk))
        .route("/agent/orders/{number}/cancel", post(cancel))
        .route("/agent/tickets/{id}/events", get(events))
        .route("/agent/orders/{number}/refund", post(refund))
        .route("/agent/orders/{number}/address", post(change_address))
        .route("/agent/orders/{number}/return", post(start_return))
        .route("/agent/returns/{rma}/label.pdf", get(label))
        .route("/agent/orders/{number}/care", post(care))
        .route(
            "/agent/orders/{number}/conflicts/{conflict}/handled",
            post(conflict_handled),
        )
}

pub(crate) fn agent_meta(
    t: Tr,
    title: &str,
    notice: Option<Notice>,
    name: String,
    csrf: String,
) -> Meta {
    let mut meta = Meta::new(title, notice);
    meta.agent = true;
    meta.signed_in = Some(name);
    meta.csrf = csrf;
    let _ = t;
    meta
}

/// The signed-in staff member (their viewer, the session's CSRF token and
/// their name for the header); extracting it redirects anyone else to sign-in.
pub(crate) struct Staff {
    pub viewer: Viewer,
    pub csrf: String,
    pub name: String,
    /// The language the staff member reads the workspace in.
    pub t: Tr,
}

impl Staff {
    pub(crate) fn into_parts(self) -> (Viewer, String, String) {
        (self.viewer, self.csrf, self.name)
    }
}

impl axum::extract::FromRequestParts<WebState> for Staff {
    type Rejection = Response;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        state: &WebState,
    ) -> Result<Self, Self::Rejection> {
        let Some((viewer, csrf)) = session::viewer(state, &parts.headers).await else {
            return Err(Redirect::to("/agent/login").into_response());
        };
        if !viewer.is_staff() {
            return Err(Redirect::to("/agent/login").into_response());
        }
        // A role that must use a second factor sees only the page that
        // sets it up until it is set up.
        if !parts.uri.path().starts_with("/agent/security") {
            match state.services.second_factor_missing(&viewer).await {
                Ok(false) => {}
                Ok(true) => return Err(Redirect::to("/agent/security").into_response()),
                Err(err) => {
                    tracing::warn!(error = %err, "checking the second factor failed");
                    return Err(StatusCode::SERVICE_UNAVAILABLE.into_response());
                }
            }
        }
        // An agent at work stays "online" for routing.
        if let Err(err) = state.services.note_activity(&viewer).await {
            tracing::warn!(error = %err, "noting activity failed");
        }
        // The name in the header only: a page still works without it.
        let name = match state.services.me(&viewer).await {
            Ok(me) => me.name,
            Err(err) => {
                tracing::warn!(error = %err, "the signed-in staff member's name could not be loaded");
                String::new()
            }
        };
        let t = session::language(&parts.headers, None);
        Ok(Staff {
            viewer,
            csrf,
            name,
            t,
        })
    }
}

#[derive(Template)]
#[template(path = "agent/login.html")]
struct Login {
    t: Tr,
    meta: Meta,
    csrf: String,
    wrong: bool,
    email: String,
}

fn login_page(
    state: &WebState,
    headers: &HeaderMap,
    t: Tr,
    lang: &LangParam,
    wrong: bool,
    email: String,
) -> Response {
    let (csrf, fresh) = session::form_token(headers);
    // A notice left by a redirect: locked, unlocked, frozen.
    let notice = session::notice(headers);
    let had_notice = notice.is_some();
    let mut meta = Meta::new(t.s("agent-login"), notice);
    meta.agent = true;
    let mut response = page(
        state,
        &Login {
            t,
            meta,
            csrf: csrf.clone(),
            wrong,
            email,
        },
        lang,
        had_notice,
    );
    if fresh {
        session::set_form_token(&mut response, state, &csrf);
    }
    response
}

async fn login_form(
    State(state): State<WebState>,
    headers: HeaderMap,
    Query(lang): Query<LangParam>,
) -> Response {
    let t = session::language(&headers, lang.lang.as_deref());
    login_page(&state, &headers, t, &lang, false, String::new())
}

#[derive(Deserialize)]
struct LoginForm {
    #[serde(rename = "_csrf", default)]
    csrf: String,
    email: String,
    password: String,
}

async fn login(
    State(state): State<WebState>,
    headers: HeaderMap,
    crate::ClientAddr(client): crate::ClientAddr,
    Form(form): Form<LoginForm>,
) -> Response {
    let t = session::language(&headers, None);
    if !session::form_token_ok(&headers, &form.csrf) {
        return login_page(&state, &headers, t, &LangParam::default(), true, form.email);
    }
    match state
        .services
        .login(&form.email, &form.password, client, true)
        .await
    {
        Ok(LoginOutcome::Signed(grant)) => {
            let mut response = Redirect::to("/agent").into_response();
            session::set_session(&mut response, &state, &grant.token, grant.expires_in_secs);
            response
        }
        // The password was right: the app's code completes the sign-in.
        Ok(LoginOutcome::SecondFactor { challenge }) => {
            crate::security::second_factor_page(&state, &headers, t, challenge, false)
        }
        // The lock mailed the owner an unlock link (the same words for any address).
        Err(ServiceError::RateLimited { .. }) => {
            session::redirect_with_error(&state, "/agent/login", t.s("login-locked"))
        }
        Err(ServiceError::AccountFrozen) => {
            session::redirect_with_error(&state, "/agent/login", t.s("account-frozen"))
        }
        Err(_) => login_page(
            &state,
            &headers,
            t,
            &LangParam::default(),
            true,
            form.email.chars().take(254).collect(),
        ),
    }
}

/// Signs out. The session ends even without a valid form token, so a page
/// left open since before a restart still signs its person out.
async fn logout(State(state): State<WebState>, headers: HeaderMap) -> Response {
    let mut response = Redirect::to("/agent/login").into_response();
    session::end_session(&state, &headers, &mut response).await;
    response
}

/// The ticket query behind an inbox view, optionally narrowed to one topic.
pub(crate) fn view_query(
    view: &str,
    intent: Option<String>,
    channel: Option<Channel>,
) -> TicketQuery {
    let mut query = TicketQuery {
        limit: Some(100),
        intent,
        channel,
        ..Default::default()
    };
    match view {
        "mine" => {
            query.assignee = Some("me".into());
            query.status = Some("new,open,pending,on_hold".into());
        }
        "unassigned" => {
            query.assignee = Some("none".into());
            query.status = Some("new,open".into());
        }
        "team" => {
            query.team = Some("mine".into());
            query.status = Some("new,open,pending,on_hold".into());
        }
        "waiting" => query.status = Some("pending,on_hold".into()),
        "breaching" => query.sla = Some("breached".into()),
        "escalated" => {
            query.escalated = Some(true);
            query.status = Some("new,open,pending,on_hold".into());
        }
        "all" => {}
        _ => query.status = Some("new,open".into()),
    }
    query
}

pub(crate) const VIEWS: &[(&str, &str)] = &[
    ("open", "view-open"),
    ("mine", "view-mine"),
    ("team", "view-team"),
    ("unassigned", "view-unassigned"),
    ("waiting", "view-waiting"),
    ("breaching", "view-breaching"),
    ("escalated", "view-escalated"),
    ("all", "view-all"),
];

/// One COUNT per view, with the same topic and channel filter: (key, label, count).
pub(crate) async fn queue_counts(
    state: &WebState,
    viewer: &Viewer,
    intent: &Option<String>,
    channel: Option<Channel>,
) -> Vec<(&'static str, &'static str, QueueCount)> {
    let mut views = Vec::with_capacity(VIEWS.len());
    for (key, label) in VIEWS {
        let count = state
            .services
            .count_tickets(viewer, &view_query(key, intent.clone(), channel))
            .await
            .unwrap_or_else(|err| {
                tracing::warn!(error = %err, "queue count");
                QueueCount::default()
            });
        views.push((*key, *label, count));
    }
    views
}

/// The inbox's live counts: a `counts` event (JSON, view → count) whenever
/// a queue grows or shrinks, so agents see new work without reloading.
async fn inbox_events(
    State(state): State<WebState>,
    headers: HeaderMap,
    Query(params): Query<InboxParams>,
) -> Response {
    use axum::response::sse::{Event, KeepAlive, Sse};
    let Some((viewer, _)) = session::viewer(&state, &headers).await else {
        return axum::http::StatusCode::UNAUTHORIZED.into_response();
    };
    if !viewer.is_staff() {
        return axum::http::StatusCode::FORBIDDEN.into_response();
    }
    let intent = params.intent.filter(|i| !i.is_empty());
    let channel = params
        .channel
        .as_deref()
        .and_then(|c| Channel::parse(c).ok());
    let stream = futures_util::stream::unfold(
        (state, viewer, None::<String>),
        move |(state, viewer, shown)| {
            let intent = intent.clone();
            async move {
                loop {
                    if shown.is_some() {
                        tokio_sleep().await;
                    }
                    let counts: serde_json::Map<String, serde_json::Value> =
                        queue_counts(&state, &viewer, &intent, channel)
                            .await
                            .into_iter()
                            .map(|(key, _, n)| {
                                // A number, or "1000+" past the counted limit.
                                let n = n.exact().map_or_else(|| n.to_string().into(), Into::into);
                                (key.to_string(), n)
                            })
                            .collect();
                    let data = serde_json::Value::Object(counts).to_string();
                    if shown.as_deref() != Some(data.as_str()) {
                        let event = Event::default().event("counts").data(data.clone());
                        return Some((
                            Ok::<_, std::convert::Infallible>(event),
                            (state, viewer, Some(data)),
                        ));
                    }
                }
            }
        },
    );
    Sse::new(stream)
        .keep_alive(KeepAlive::default())
        .into_response()
}

/// What the live counts are narrowed to (the inbox's own filters).
#[derive(Deserialize, Default)]
struct InboxParams {
    intent: Option<String>,
    channel: Option<String>,
}

/// The ticket page's query: its language, and the macro just applied.
#[derive(Deserialize, Default)]
struct TicketParams {
    lang: Option<String>,
    r#macro: Option<i64>,
}

struct MessageRowView {
    /// File name, size and download address.
    attachments: Vec<(String, String, String)>,
    kind: String,
    author: String,
    when: Moment,
    html: String,
    /// How its email fared: (status, label, the error as a tooltip).
    delivery: Option<(String, String, String)>,
    /// An email with quoted history: (what is new, what was quoted).
    fold: Option<(String, String)>,
    /// From, To and Cc of a message that came or went by email.
    email: Option<(String, String, String)>,
}

struct OrderBox {
    cancellable: bool,
    cancel_key: String,
    current: bool,
    refundable_minor: i64,
    refundable: String,
    events: Vec<String>,
    number: String,
    status: String,
    status_label: String,
    total: String,
    currency: String,
    limit: String,
    key: String,
    address: String,
    address_form: AddressForm,
    /// Why the address can no longer change, or `None` when it can.
    address_refused: Option<String>,
    returnable: Vec<(i64, String)>,
    /// RMA and status of the order's returns.
    returns: Vec<(String, String)>,
    /// The latest parcel, for a reship, a carrier claim or compensation.
    shipment_id: Option<i64>,
    /// Where a newer platform feed overrode a change made here: what to check.
    /// Feed conflicts not yet handled: id and sentence.
    conflicts: Vec<(i64, String)>,
    /// Chargebacks on the order's payments, in sentences.
    chargebacks: Vec<String>,
    /// Past its estimated delivery: since when.
    late: Option<String>,
    /// The statuses the order took, newest first: "Shipped · 2026-12-01 10:00 UTC".
    history: Vec<String>,
}

/// A call on the ticket page's customer timeline.
struct CallLine {
    when: Moment,
    from: String,
    /// The message key of how it ended.
    outcome: String,
    /// `1:35` in the queue.
    waited: Option<String>,
    path: String,
    recording: Option<String>,
    ticket: Option<String>,
}

impl From<marketdesk_service::phone::CallView> for CallLine {
    fn from(call: marketdesk_service::phone::CallView) -> Self {
        CallLine {
            when: moment(&call.started_at),
            from: call.from,
            outcome: format!("call-outcome-{}", call.outcome),
            waited: call
                .wait_seconds
                .map(|s| format!("{}:{:02}", s / 60, s % 60)),
            path: call.path,
            recording: call.recording_url,
            ticket: call.ticket,
        }
    }
}

#[derive(Template)]
#[template(path = "agent/ticket.html")]
struct TicketPage {
    t: Tr,
    meta: Meta,
    id: i64,
    reference: String,
    subject: String,
    status: String,
    priority: String,
    channel: String,
    /// Who is in copy, comma-separated (the composer's CC field).
    cc: String,
    messages: Vec<MessageRowView>,
    /// (id, name, text filled in for this ticket, what it also sets).
    macros: Vec<(i64, String, String, String)>,
    /// The reply box's text (an applied macro's).
    draft: String,
    statuses: Vec<&'static str>,
    customer_name: String,
    customer_email: String,
    /// Language, phone, customer since: what the profile says.
    customer_facts: Vec<(&'static str, String)>,
    /// Membership tier and points, when the shop has a programme.
    customer_tier: Option<String>,
    /// The customer's rating of this ticket: (1–5, comment), once answered.
    rating: Option<(i64, String)>,
    orders: Vec<OrderBox>,
    past: Vec<(i64, String, String)>,
    /// The customer's calls to the support number, newest first.
    calls: Vec<CallLine>,
    priorities: Vec<&'static str>,
    agents: Vec<(i64, String, bool)>,
    tags: String,
    updated_at: String,
    viewers: String,
    reasons: &'static [(&'static str, &'static str)],
    sla: Vec<SlaBadge>,
    /// Why routing gave the ticket to its agent, in the reader's words.
    routed: Vec<String>,
    /// The conditional service-level policy it is held to.
    sla_policy: Option<String>,
    /// The ticket's tier and its escalations: (tier, reason, note, when).
    tier: String,
    tier_label: &'static str,
    escalations: Vec<(String, String, String, Moment)>,
    /// The clocks' warnings and breaches: (clock, event, when).
    sla_history: Vec<(String, String, Moment)>,
    /// Sellers of the ticket's orders: id, name, shared with them.
    sellers: Vec<(i64, String, bool)>,
}

async fn ticket(
    State(state): State<WebState>,
    staff: Staff,
    headers: HeaderMap,
    Path(id): Path<String>,
    Query(q): Query<TicketParams>,
) -> Response {
    let lang = LangParam { lang: q.lang };
    let (viewer, csrf, name) = staff.into_parts();
    let t = session::language(&headers, lang.lang.as_deref());
    let Ok(id) = marketdesk_service::tickets::parse_ticket_id(&id) else {
        return Redirect::to("/agent").into_response();
    };
    let detail = match state.services.get_ticket(&viewer, id).await {
        Ok(d) => d,
        Err(err) => return ticket_unavailable(&state, t, id, &err),
    };
    let tk = &detail.ticket;
    let mut parts = Parts::default();
    let for_ticket = parts.take(
        "macros",
        state.services.macros_for_ticket(&viewer, id).await,
    );
    // After "Apply macro": its text waits in the reply box.
    let draft = q
        .r#macro
        .and_then(|m| for_ticket.iter().find(|x| x.id == m))
        .map(|m| m.body.clone())
        .unwrap_or_default();
    let macros = for_ticket
        .into_iter()
        .map(|m| (m.id, m.name, m.body, m.sets.join(", ")))
        .collect();
    let orders = parts.take(
        "orders",
        state
            .services
            .list_orders(
                &viewer,
                Some(tk.requester.id),
                PageRequest {
                    limit: 10,
                    before_id: None,
                },
            )
            .await
            .map(|p| p.items),
    );
    let mut order_boxes = Vec::with_capacity(orders.len());
    for o in &orders {
        let limit = match state
            .services
            .approval_allowance(&viewer, &o.id.to_string())
            .await
        {
            Ok(Some(a)) => {
                let amount = |minor| money(minor, &a.currency, t.lang);
                t.with(
                    "refund-allowance",
                    &[
                        ("per_order", amount(a.per_order_minor).into()),
                        ("left_order", amount(a.left_on_order_minor).into()),
                        ("daily", amount(a.daily_minor).into()),
                        ("left_today", amount(a.left_today_minor).into()),
                    ],
                )
            }
            Ok(None) => t.s("refund-no-limit").to_string(),
            Err(err) => {
                tracing::warn!(error = %err, "approval allowance");
                String::new()
            }
        };
        let detail = parts.take(
            "order detail",
            state
                .services
                .get_order(&viewer, &o.id.to_string())
                .await
                .map(Some),
        );
        // What can still go back is the service's figure (waiting refunds count).
        let (refundable_minor, events) = match &detail {
            Some(d) => {
                let events = d
                    .shipments
                    .iter()
                    .flat_map(|s| s.events.iter())
                    .rev()
                    .take(3)
                    .map(|e| {
                        format!(
                            "{} · {} · {}",
                            when(&e.occurred_at),
                            t.status(e.status.as_str()),
                            e.location
                        )
                    })
                    .collect();
                (d.refundable_minor, events)
            }
            None => (0, Vec::new()),
        };
        let address_form = AddressForm::of(&o.shipping_address);
        let conflicts = detail
            .as_ref()
            .map(|d| {
                d.conflicts
                    .iter()
                    .filter(|c| c.handled_at.is_none())
                    .map(|c| {
                        let text = t.with(
                            "order-conflict",
                            &[
                                ("field", c.field.clone().into()),
                                ("ours", c.ours.to_string().into()),
                                ("platform", c.platform.to_string().into()),
                            ],
                        );
                        (c.id, text)
                    })
                    .collect()
            })
            .unwrap_or_default();
        let late = detail
            .as_ref()
            .and_then(|d| d.late_since.as_deref())
            .map(|since| since.get(..10).unwrap_or(since).to_string());
        let history = detail
            .as_ref()
            .map(|d| {
                d.history
                    .iter()
                    .rev()
                    .map(|h| format!("{} · {}", t.status(h.status.as_str()), when(&h.at)))
                    .collect()
            })
            .unwrap_or_default();
        let chargebacks = detail
            .as_ref()
            .map(|d| crate::order_forms::chargeback_lines(t, d))
            .unwrap_or_default();
        order_boxes.push(OrderBox {
            chargebacks,
            conflicts,
            late,
            history,
            address: address_form.one_line(),
            address_form,
            address_refused: marketdesk_domain::orders::check_change(
                o.status,
                marketdesk_domain::orders::OrderChange::Address,
            )
            .err()
            .map(|r| r.explain(marketdesk_domain::orders::OrderChange::Address, t.lang)),
            returnable: detail.as_ref().map(returnable_lines).unwrap_or_default(),
            shipment_id: detail
                .as_ref()
                .and_then(|d| d.shipments.last().map(|x| x.id)),
            returns: detail
                .as_ref()
                .map(|d| {
                    d.returns
                        .iter()
                        .map(|r| (r.rma.clone(), t.status(r.status.as_str())))
                        .collect()
                })
                .unwrap_or_default(),
            cancellable: marketdesk_domain::orders::check_change(
                o.status,
                marketdesk_domain::orders::OrderChange::Cancel,
            )
            .is_ok(),
            cancel_key: random_token(),
            current: tk.order_ids.contains(&o.id),
            refundable_minor,
            refundable: money(refundable_minor, &o.currency, t.lang),
            events,
            number: o.number.clone(),
            status: o.status.to_string(),
            status_label: t.status(o.status.as_str()),
            total: money(o.total_minor, &o.currency, t.lang),
            currency: o.currency.clone(),
            limit,
            key: random_token(),
        });
    }
    let rating = state
        .services
        .ticket_rating(&viewer, tk.id)
        .await
        .ok()
        .and_then(|r| r.rating.map(|n| (n, r.comment.unwrap_or_default())));
    let past_query = TicketQuery {
        requester_id: Some(tk.requester.id),
        limit: Some(10),
        ..Default::default()
    };
    let past = parts.take(
        "past tickets",
        state
            .services
            .list_tickets(&viewer, &past_query)
            .await
            .map(|p| {
                p.items
                    .into_iter()
                    .filter(|x| x.id != tk.id)
                    .map(|x| {
                        (
                            x.id,
                            format!("{} {}", x.reference, x.subject),
                            x.status.to_string(),
                        )
                    })
                    .collect()
            }),
    );
    let calls = parts.take(
        "calls",
        state
            .services
            .list_calls(&viewer, Some(tk.requester.id), None, None, Some(10))
            .await
            .map(|calls| calls.into_iter().map(CallLine::from).collect()),
    );
    let agents = parts.take(
        "agents",
        state
            .services
            .list_people(
                &viewer,
                true,
                PageRequest {
                    limit: 100,
                    before_id: None,
                },
            )
            .await
            .map(|p| {
                p.items
                    .iter()
                    .map(|a| {
                        (
                            a.id,
                            a.name.clone(),
                            tk.assignee.as_ref().is_some_and(|x| x.id == a.id),
                        )
                    })
                    .collect()
            }),
    );
    let viewers = parts
        .take("viewers", state.services.viewing(&viewer, tk.id).await)
        .join(", ");
    let sellers = parts.take(
        "sellers",
        state.services.ticket_sellers(&viewer, tk.id).await,
    );
    let customer_tier = parts.take(
        "membership",
        state
            .services
            .membership(&viewer, tk.requester.id, Some(t.lang.code()))
            .await
            .map(Some),
    );
    let notice = session::notice(&headers);
    let had = notice.is_some();
    let history = parts.take(
        "escalations",
        state
            .services
            .ticket_escalations(&viewer, id)
            .await
            .map(Some),
    );
    let template = TicketPage {
        t,
        meta: agent_meta(t, &tk.reference, parts.notice(t, notice), name, csrf),
        id: tk.id,
        reference: tk.reference.clone(),
        subject: tk.subject.clone(),
        status: tk.status.to_string(),
        priority: tk.priority.to_string(),
        channel: tk.channel.to_string(),
        cc: detail.cc.join(", "),
        messages: detail
            .messages
            .iter()
            .map(|m| MessageRowView {
                attachments: m
                    .attachments
                    .iter()
                    .map(|a| (a.filename.clone(), size(a.size_bytes), a.url.clone()))
                    .collect(),
                kind: m.kind.to_string(),
                author: m
                    .author
                    .as_ref()
                    .map(|a| a.name.clone())
                    .unwrap_or_else(|| t.s("ticket-system").into()),
                when: moment(&m.created_at),
                html: hold_remote_images(&m.body_html, t.s("message-remote-image")),
                fold: (m.channel == marketdesk_domain::Channel::Email)
                    .then(|| marketdesk_domain::email::split_quoted(&m.body_text))
                    .and_then(|(fresh, quoted)| Some((fresh.to_string(), quoted?.to_string()))),
                email: m
                    .email
                    .as_ref()
                    .map(|e| (e.from.clone(), e.to.join(", "), e.cc.join(", "))),
                delivery: m.delivery.as_ref().map(|d| {
                    (
                        d.status.clone(),
                        t.s(&format!("delivery-{}", d.status)).to_string(),
                        d.error.clone().unwrap_or_default(),
                    )
                }),
            })
            .collect(),
        macros,
        draft,
        statuses: TicketStatus::ALL
            .iter()
            .filter(|s| !matches!(s, TicketStatus::New | TicketStatus::Closed))
            .map(|s| s.as_str())
            .collect(),
        customer_facts: profile_facts(&state, &viewer, tk.requester.id, t).await,
        rating,
        customer_tier: customer_tier.and_then(|m| {
            m.tier
                .map(|tier| format!("{tier} · {} {}", m.points_available, t.s("customer-points")))
        }),
        customer_name: tk.requester.name.clone(),
        customer_email: tk.requester.email.clone(),
        orders: order_boxes,
        past,
        calls,
        priorities: Priority::ALL.iter().map(|p| p.as_str()).collect(),
        agents,
        tags: tk.tags.join(" "),
        updated_at: tk.updated_at.clone(),
        viewers,
        reasons: REASONS,
        sla: badges(&tk.sla, t),
        sla_policy: tk.sla_policy.clone(),
        tier_label: t.s(&format!(
            "tier-{}",
            history.as_ref().map_or("first_line", |h| h.tier.as_str())
        )),
        tier: history
            .as_ref()
            .map_or_else(|| "first_line".into(), |h| h.tier.clone()),
        escalations: history
            .as_ref()
            .map(|h| {
                h.escalations
                    .iter()
                    .map(|e| {
                        (
                            e.tier.clone(),
                            e.reason.clone(),
                            e.note.clone(),
                            moment(&e.created_at),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default(),
        sla_history: history
            .as_ref()
            .map(|h| {
                h.sla_events
                    .iter()
                    .map(|e| (e.clock.clone(), e.event.clone(), moment(&e.at)))
                    .collect()
            })
            .unwrap_or_default(),
        routed: parts
            .take("routing", state.services.ticket_routing(&viewer, id).await)
            .map(|r| {
                r.reasons
                    .iter()
                    .map(|reason| crate::routing::reason_text(t, reason))
                    .collect()
            })
            .unwrap_or_default(),
        sellers: sellers
            .into_iter()
            .map(|(seller, shared)| (seller.id, seller.name, shared))
            .collect(),
    };
    page(&state, &template, &lang, had)
}

/// Back to the inbox, saying why the ticket is not shown: not found (or not
/// the viewer's to see), or — logged with its cause — a failure to load it.
fn ticket_unavailable(state: &WebState, t: Tr, id: i64, err: &ServiceError) -> Response {
    let notice = match Missing::of(err) {
        Missing::NotFound => t.s("ticket-not-found"),
        Missing::Refused | Missing::Failed => {
            tracing::error!(error = %err, ticket = id, "the ticket page could not be loaded");
            t.s("error-load-failed")
        }
    };
    session::redirect_with_error(state, "/agent", notice)
}

/// A reply as posted by the composer (multipart, for the attachments).
#[derive(Default)]
struct ReplyForm {
    csrf: String,
    body: String,
    cc: String,
    macro_id: String,
    kind: String,
    status: String,
    attachments: Vec<AttachmentInput>,
}

/// A broken or oversized upload, as a catalogue id.
/// The catalogue id of what went wrong reading an upload.
pub(crate) fn upload_problem(err: axum::extract::multipart::MultipartError) -> &'static str {
    if err.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
        "error-too-large"
    } else {
        "error-upload-failed"
    }
}

/// A file part of a multipart form as an attachment; `None` for a file
/// input left empty (it still sends a part without a name).
pub(crate) async fn uploaded_file(
    field: axum::extract::multipart::Field<'_>,
) -> Result<Option<AttachmentInput>, &'static str> {
    let filename = field.file_name().unwrap_or_default().to_string();
    let content_type = field
        .content_type()
        .unwrap_or("application/octet-stream")
        .to_string();
    let bytes = field.bytes().await.map_err(upload_problem)?;
    if filename.is_empty() && bytes.is_empty() {
        return Ok(None);
    }
    Ok(Some(AttachmentInput {
        content_id: None,
        filename,
        content_type,
        content_base64: base64::engine::general_purpose::STANDARD.encode(&bytes),
    }))
}

impl ReplyForm {
    /// The form, or the catalogue id of what was wrong with the upload.
    async fn read(mut multipart: Multipart) -> Result<ReplyForm, &'static str> {
        let mut form = ReplyForm::default();
        while let Some(field) = multipart.next_field().await.map_err(upload_problem)? {
            let name = field.name().unwrap_or_default().to_string();
            if name == "attachment" {
                form.attachments.extend(uploaded_file(field).await?);
                continue;
            }
            let value = field.text().await.map_err(upload_problem)?;
            match name.as_str() {
                "_csrf" => form.csrf = value,
                "body" => form.body = value,
                "cc" => form.cc = value,
                "macro" => form.macro_id = value,
                "kind" => form.kind = value,
                "status" => form.status = value,
                _ => {}
            }
        }
        Ok(form)
    }
}

async fn reply(
    State(state): State<WebState>,
    staff: Staff,
    Path(id): Path<String>,
    multipart: Multipart,
) -> Response {
    let t = staff.t;
    let (viewer, csrf, _) = staff.into_parts();
    let Ok(id) = marketdesk_service::tickets::parse_ticket_id(&id) else {
        return Redirect::to("/agent").into_response();
    };
    let back = format!("/agent/tickets/{id}");
    let form = match ReplyForm::read(multipart).await {
        Ok(form) => form,
        Err(problem) => return session::redirect_with_error(&state, &back, t.s(problem)),
    };
    if form.csrf != csrf {
        return Redirect::to(&back).into_response();
    }
    // Without script the macro's text is used when the body is empty.
    let mut body = form.body.clone();
    if body.trim().is_empty()
        && let Ok(macro_id) = form.macro_id.parse::<i64>()
        && let Ok(list) = state.services.list_macros(&viewer).await
        && let Some(m) = list.into_iter().find(|m| m.id == macro_id)
    {
        body = m.body;
    }
    let note = form.kind == "note";
    let message = NewMessage {
        email: None,
        // A public reply goes to whoever the CC field names (the list the
        // ticket keeps); a note leaves the list alone.
        cc: (!note).then(|| {
            form.cc
                .split([',', ';', ' ', '\n'])
                .map(str::trim)
                .filter(|a| !a.is_empty())
                .map(str::to_string)
                .collect()
        }),
        body,
        html: None,
        kind: Some(if note {
            MessageKind::Note
        } else {
            MessageKind::Public
        }),
        channel: None,
        attachments: form.attachments,
        status: TicketStatus::parse(&form.status).ok(),
    };
    match state.services.add_message(&viewer, id, message).await {
        Ok(_) => Redirect::to(&back).into_response(),
        Err(err) => session::redirect_with_error(&state, &back, &error_text(t, &err)),
    }
}

#[derive(Deserialize)]
struct RefundForm {
    #[serde(rename = "_csrf", default)]
    csrf: String,
    #[serde(rename = "_key", default)]
    key: String,
    amount: String,
    #[serde(default)]
    ticket_id: Option<i64>,
}

async fn refund(
    State(state): State<WebState>,
    staff: Staff,
    headers: HeaderMap,
    Path(number): Path<String>,
    Form(form): Form<RefundForm>,
) -> Response {
    let (viewer, csrf, _) = staff.into_parts();
    let t = session::language(&headers, None);
    let back = form
        .ticket_id
        .map(|id| format!("/agent/tickets/{id}"))
        .unwrap_or_else(|| "/agent".into());
    if form.csrf != csrf {
        return Redirect::to(&back).into_response();
    }
    let currency = match state.services.get_order(&viewer, &number).await {
        Ok(o) => o.order.currency,
        Err(err) => return session::redirect_with_error(&state, &back, &error_text(t, &err)),
    };
    let amount = Currency::parse(&currency)
        .ok()
        .and_then(|c| Money::parse(&form.amount.replace(',', "."), c).ok());
    let Some(amount) = amount else {
        return session::redirect_with_error(&state, &back, t.s("refund-bad-amount"));
    };
    let input = NewRefund {
        amount_minor: amount.minor,
        destination: RefundDestination::OriginalMethod,
        reason: "refund from the agent workspace".into(),
        ticket_id: form.ticket_id,
    };
    let key = (!form.key.is_empty()).then_some(form.key.as_str());
    let message = match state.services.refund(&viewer, &number, input, key).await {
        Ok(outcome) => {
            let state_text =
                if outcome.status == marketdesk_domain::refunds::ActionStatus::PendingApproval {
                    t.s("refund-pending")
                } else {
                    t.s("refund-done")
                };
            Notice::done(format!(
                "{number}: {state_text} — {}",
                money(amount.minor, &currency, t.lang)
            ))
        }
        Err(err) => Notice::error(error_text(t, &err)),
    };
    session::redirect_after(&state, &back, &message)
}

#[derive(Deserialize)]
struct UpdateForm {
    #[serde(rename = "_csrf", default)]
    csrf: String,
    /// Empty keeps the status (a new or closed ticket shows its own).
    #[serde(default)]
    status: String,
    priority: String,
    #[serde(default)]
    assignee: String,
    #[serde(default)]
    tags: String,
}

async fn update(
    State(state): State<WebState>,
    staff: Staff,
    Path(id): Path<String>,
    Form(form): Form<UpdateForm>,
) -> Response {
    let t = staff.t;
    let (viewer, csrf, _) = staff.into_parts();
    let Ok(id) = marketdesk_service::tickets::parse_ticket_id(&id) else {
        return Redirect::to("/agent").into_response();
    };
    let back = format!("/agent/tickets/{id}");
    if form.csrf != csrf {
        return Redirect::to(&back).into_response();
    }
    let update = TicketUpdate {
        status: TicketStatus::parse(&form.status).ok(),
        priority: Priority::parse(&form.priority).ok(),
        assignee_id: Some(form.assignee.parse::<i64>().ok()),
        tags: Some(form.tags.split_whitespace().map(String::from).collect()),
        ..Default::default()
    };
    match state.services.update_ticket(&viewer, id, update).await {
        Ok(_) => Redirect::to(&back).into_response(),
        Err(err) => session::redirect_with_error(&state, &back, &error_text(t, &err)),
    }
}

#[derive(Deserialize)]
struct Since {
    since: Option<String>,
}

/// Server-sent events for an open ticket page: `changed` when the ticket was
/// updated after `since`. It reads the database, so it works whichever node
/// took the change.
async fn events(
    State(state): State<WebState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Query(since): Query<Since>,
) -> Response {
    use axum::response::sse::{Event, KeepAlive, Sse};
    let Some((viewer, _)) = session::viewer(&state, &headers).await else {
        return axum::http::StatusCode::UNAUTHORIZED.into_response();
    };
    let Ok(id) = marketdesk_service::tickets::parse_ticket_id(&id) else {
        return axum::http::StatusCode::NOT_FOUND.into_response();
    };
    let seen = since.since.unwrap_or_default();
    let changes = state.services.watch_changes();
    // Each tick, or at once when a ticket changes on any node: am I still
    // here, who else is, and did the ticket change?
    let stream = futures_util::stream::unfold(
        (state, viewer, seen, None::<String>, changes),
        move |(state, viewer, seen, shown, mut changes)| async move {
            loop {
                tokio::select! {
                    _ = tokio_sleep() => {}
                    Ok(()) = changes.changed() => {}
                }
                let others = state.services.viewing(&viewer, id).await.ok()?.join(", ");
                if shown.as_deref() != Some(others.as_str()) {
                    let event = Event::default().event("presence").data(others.clone());
                    return Some((
                        Ok::<_, std::convert::Infallible>(event),
                        (state, viewer, seen, Some(others), changes),
                    ));
                }
                let current = state
                    .services
                    .get_ticket(&viewer, id)
                    .await
                    .ok()?
                    .ticket
                    .updated_at;
                if current != seen {
                    let event = Event::default().event("changed").data(current.clone());
                    return Some((
                        Ok::<_, std::convert::Infallible>(event),
                        (state, viewer, current, shown, changes),
                    ));
                }
            }
        },
    );
    Sse::new(stream)
        .keep_alive(KeepAlive::default())
        .into_response()
}

async fn tokio_sleep() {
    tokio::time::sleep(std::time::Duration::from_secs(2)).await;
}

/// Shares the ticket with a seller of its orders, or stops sharing it.
async fn share(
    State(state): State<WebState>,
    staff: Staff,
    Path(id): Path<String>,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    let t = staff.t;
    let (viewer, csrf, _) = staff.into_parts();
    let Ok(id) = marketdesk_service::tickets::parse_ticket_id(&id) else {
        return Redirect::to("/agent").into_response();
    };
    let back = format!("/agent/tickets/{id}");
    if field(&form, "_csrf") != csrf {
        return Redirect::to(&back).into_response();
    }
    let Ok(seller) = field(&form, "seller_id").parse::<i64>() else {
        return Redirect::to(&back).into_response();
    };
    let done = if field(&form, "share") == "yes" {
        state.services.share_ticket(&viewer, id, seller).await
    } else {
        state.services.unshare_ticket(&viewer, id, seller).await
    };
    match done {
        Ok(()) => Redirect::to(&back).into_response(),
        Err(err) => session::redirect_with_error(&state, &back, &error_text(t, &err)),
    }
}

async fn merge(
    State(state): State<WebState>,
    staff: Staff,
    Path(id): Path<String>,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    let t = staff.t;
    let (viewer, csrf, _) = staff.into_parts();
    let Ok(id) = marketdesk_service::tickets::parse_ticket_id(&id) else {
        return Redirect::to("/agent").into_response();
    };
    if field(&form, "_csrf") != csrf {
        return Redirect::to(&format!("/agent/tickets/{id}")).into_response();
    }
    let Ok(into) = marketdesk_service::tickets::parse_ticket_id(field(&form, "into")) else {
        return session::redirect_with_error(
            &state,
            &format!("/agent/tickets/{id}"),
            t.s("ticket-not-found"),
        );
    };
    match state.services.merge_tickets(&viewer, id, into).await {
        Ok(target) => session::redirect_with_notice(
            &state,
            &format!("/agent/tickets/{}", target.id),
            &format!("→ {}", target.reference),
        ),
        Err(err) => session::redirect_with_error(
            &state,
            &format!("/agent/tickets/{id}"),
            &error_text(t, &err),
        ),
    }
}

/// The same change on several tickets from the inbox.
async fn bulk(
    State(state): State<WebState>,
    staff: Staff,
    headers: HeaderMap,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    let (viewer, csrf, _) = staff.into_parts();
    let t = session::language(&headers, None);
    if field(&form, "_csrf") != csrf {
        return Redirect::to("/agent").into_response();
    }
    let action = field(&form, "action");
    let ids: Vec<i64> = form
        .iter()
        .filter(|(k, _)| k == "ticket")
        .filter_map(|(_, v)| v.parse().ok())
        .take(200)
        .collect();
    let mut failed = Vec::new();
    for id in &ids {
        let update = match action.strip_prefix("status:") {
            Some(status) => TicketUpdate {
                status: TicketStatus::parse(status).ok(),
                ..Default::default()
            },
            None => TicketUpdate {
                assignee_id: Some(Some(viewer.person_id)),
                ..Default::default()
            },
        };
        if let Err(err) = state.services.update_ticket(&viewer, *id, update).await {
            let reference = marketdesk_domain::TicketRef::from_id(*id);
            failed.push(format!("{reference}: {}", error_text(t, &err)));
        }
    }
    let notice = if failed.is_empty() {
        Notice::done(format!("{} ({})", t.s("bulk-done"), ids.len()))
    } else {
        Notice::error(failed.join("; "))
    };
    session::redirect_after(&state, "/agent", &notice)
}

/// Cancels an order from the customer sidebar (the refund follows by itself).
async fn cancel(
    State(state): State<WebState>,
    staff: Staff,
    Path(number): Path<String>,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    let t = staff.t;
    let (viewer, ticket_id, back) = match sidebar_form(staff, &form).await {
        Ok(v) => v,
        Err(r) => return r,
    };
    let key = field(&form, "_key");
    let input = marketdesk_service::after_sales::CancelOrder {
        reason: t.s("action-cancel-reason").into(),
        lines: None,
        ticket_id,
    };
    let message = match state
        .services
        .cancel_order(&viewer, &number, input, (!key.is_empty()).then_some(key))
        .await
    {
        Ok(outcome) => {
            let back_money = outcome
                .settlement
                .map(|s| money(s.refunded_minor + s.voided_minor, &s.currency, t.lang))
                .unwrap_or_default();
            Notice::done(format!(
                "{number}: {} — {back_money}",
                t.status("cancelled")
            ))
        }
        Err(err) => Notice::error(error_text(t, &err)),
    };
    session::redirect_after(&state, &back, &message)
}

/// The ticket page to go back to after an action from the customer sidebar.
fn back_to_ticket(form: &[(String, String)]) -> (Option<i64>, String) {
    let ticket_id = field(form, "ticket_id").parse::<i64>().ok();
    let back = ticket_id
        .map(|id| format!("/agent/tickets/{id}"))
        .unwrap_or_else(|| "/agent".into());
    (ticket_id, back)
}

/// Checks the session and CSRF token of a customer-sidebar form: the
/// viewer, the ticket it was sent from, and the page to go back to.
async fn sidebar_form(
    staff: Staff,
    form: &[(String, String)],
) -> Result<(Viewer, Option<i64>, String), Response> {
    let (viewer, csrf, _) = staff.into_parts();
    let (ticket_id, back) = back_to_ticket(form);
    if field(form, "_csrf") != csrf {
        return Err(Redirect::to(&back).into_response());
    }
    Ok((viewer, ticket_id, back))
}

/// Changes the shipping address from the customer sidebar (same rules as the customer's own change).
async fn change_address(
    State(state): State<WebState>,
    staff: Staff,
    Path(number): Path<String>,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    let t = staff.t;
    let (viewer, ticket_id, back) = match sidebar_form(staff, &form).await {
        Ok(v) => v,
        Err(r) => return r,
    };
    let input = marketdesk_service::after_sales::ChangeAddress {
        address: AddressForm::posted(&form).into_address(),
        ticket_id,
    };
    let key = field(&form, "_key");
    let result = state
        .services
        .change_address(&viewer, &number, input, (!key.is_empty()).then_some(key))
        .await;
    session::redirect_after(&state, &back, &outcome_notice(t, result))
}

/// Marks a feed conflict handled after checking it with the customer.
async fn conflict_handled(
    State(state): State<WebState>,
    staff: Staff,
    Path((number, conflict)): Path<(String, String)>,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    let t = staff.t;
    let (viewer, _, back) = match sidebar_form(staff, &form).await {
        Ok(v) => v,
        Err(r) => return r,
    };
    let notice = match state
        .services
        .mark_conflict_handled(&viewer, &number, conflict.parse().unwrap_or_default())
        .await
    {
        Ok(_) => Notice::done(t.s("order-conflict-handled").to_string()),
        Err(err) => Notice::error(crate::errors::error_text(t, &err)),
    };
    session::redirect_after(&state, &back, &notice)
}

/// Starts a return for the customer; its label appears in the sidebar.
async fn start_return(
    State(state): State<WebState>,
    staff: Staff,
    Path(number): Path<String>,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    let t = staff.t;
    let (viewer, ticket_id, back) = match sidebar_form(staff, &form).await {
        Ok(v) => v,
        Err(r) => return r,
    };
    let key = field(&form, "_key");
    let result = state
        .services
        .create_return(
            &viewer,
            &number,
            return_request(&form, ticket_id),
            (!key.is_empty()).then_some(key),
        )
        .await;
    session::redirect_after(&state, &back, &outcome_notice(t, result))
}

async fn label(State(state): State<WebState>, staff: Staff, Path(rma): Path<String>) -> Response {
    let (viewer, _, _) = staff.into_parts();
    pdf_or(
        state.services.return_label_pdf(&viewer, &rma).await,
        "/agent",
    )
}

/// `12 KB`, `3.4 MB`: the size of a file for people.
fn size(bytes: i64) -> String {
    if bytes < 1024 {
        format!("{bytes} B")
    } else if bytes < 1024 * 1024 {
        format!("{} KB", (bytes + 1023) / 1024)
    } else {
        let tenths = bytes * 10 / (1024 * 1024);
        format!("{}.{} MB", tenths / 10, tenths % 10)
    }
}

/// The requester's profile as short facts for the sidebar.
async fn profile_facts(
    state: &WebState,
    viewer: &Viewer,
    person_id: i64,
    t: Tr,
) -> Vec<(&'static str, String)> {
    let Ok(person) = state.services.get_person(viewer, person_id).await else {
        return Vec::new();
    };
    let mut facts = vec![("customer-language", person.language)];
    if let Some(phone) = person.phone {
        facts.push(("customer-phone", phone));
    }
    facts.push((
        "customer-since",
        person.created_at.get(..10).unwrap_or_default().to_string(),
    ));
    if person.disabled {
        facts.push(("customer-account", t.s("admin-disabled").to_string()));
    }
    // Store credit the customer can still spend, with the code they give at
    // checkout; a seller's latest payouts and where each stands.
    if let Ok(credit) = state.services.store_credit(viewer, person_id).await
        && !credit.balances.is_empty()
    {
        let mut text = credit
            .balances
            .iter()
            .map(|b| money(b.balance_minor, &b.currency, t.lang))
            .collect::<Vec<_>>()
            .join(", ");
        if let Some(code) = credit.code {
            text = format!("{text} · {code}");
        }
        facts.push(("customer-store-credit", text));
    }
    if person.role == marketdesk_domain::Role::Seller
        && let Ok(payouts) = state
            .services
            .payouts(viewer, person_id, Some(t.tag()))
            .await
    {
        for p in payouts.into_iter().take(3) {
            let mut text = format!("{} — {}", p.reference, p.explanation);
            for hold in p.holds {
                text.push_str(&format!(" {}", hold.next_step));
            }
            facts.push(("customer-payout", text));
        }
    }
    facts
}

/// A replacement parcel, a carrier claim or a compensation coupon for the
/// order's latest parcel (compensation within the agent's refund limit).
async fn care(
    State(state): State<WebState>,
    staff: Staff,
    Path(number): Path<String>,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    let t = staff.t;
    let (viewer, ticket_id, back) = match sidebar_form(staff, &form).await {
        Ok(v) => v,
        Err(r) => return r,
    };
    let amount_text = field(&form, "amount").trim().replace(',', ".");
    let amount_minor = if amount_text.is_empty() {
        None
    } else {
        let currency = match state.services.get_order(&viewer, &number).await {
            Ok(o) => o.order.currency,
            Err(err) => return session::redirect_with_error(&state, &back, &error_text(t, &err)),
        };
        match Currency::parse(&currency)
            .ok()
            .and_then(|c| Money::parse(&amount_text, c).ok())
        {
            Some(m) => Some(m.minor),
            None => return session::redirect_with_error(&state, &back, t.s("refund-bad-amount")),
        }
    };
    let input = marketdesk_service::after_sales::CareRequest {
        kind: field(&form, "kind").to_string(),
        shipment_id: field(&form, "shipment_id").parse().ok(),
        amount_minor,
        reason: field(&form, "reason").to_string(),
        ticket_id,
    };
    let key = field(&form, "_key");
    let result = state
        .services
        .care_request(&viewer, &number, input, (!key.is_empty()).then_some(key))
        .await;
    session::redirect_after(&state, &back, &outcome_notice(t, result))
}

/// "Apply macro": its fields set as the agent's change, its text then in
/// the reply box.
async fn apply_macro(
    State(state): State<WebState>,
    staff: Staff,
    Path(id): Path<i64>,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    let t = staff.t;
    let (viewer, csrf, _) = staff.into_parts();
    let back = format!("/agent/tickets/{id}");
    if field(&form, "_csrf") != csrf {
        return Redirect::to(&back).into_response();
    }
    let Ok(macro_id) = field(&form, "macro").parse::<i64>() else {
        return Redirect::to(&back).into_response();
    };
    match state.services.apply_macro(&viewer, id, macro_id).await {
        Ok(_) => session::redirect_after(
            &state,
            &format!("{back}?macro={macro_id}#reply"),
            &Notice::done(t.s("macro-applied").to_string()),
        ),
        Err(err) => session::redirect_with_error(&state, &back, &error_text(t, &err)),
    }
}
