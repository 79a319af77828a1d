//! Buyer–seller cases on pages (docs/DISPUTES.md): the dispute center of
//! the portal — a buyer opens a case from an order, buyer and seller follow
//! it, write (to everyone or to the platform alone), send photos, take
//! their steps before their deadlines — and the platform's case queue in
//! the workspace, with both sides' evidence side by side and the decision.

use askama::Template;
use axum::Router;
use axum::extract::{Form, Multipart, Path, Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use marketdesk_domain::{Currency, Money};
use marketdesk_service::ServiceError;
use marketdesk_service::disputes::{CaseMessageInput, CaseStepInput, CaseView, NewCase};
use marketdesk_service::kernel::attachments::AttachmentInput;
use serde::Deserialize;

use crate::WebState;
use crate::agent::{Staff, agent_meta, upload_problem, uploaded_file};
use crate::errors::error_text;
use crate::format::{money, when};
use crate::i18n::Tr;
use crate::portal::{LangParam, Meta, page};
use crate::requests::SignedIn;
use crate::session;

pub fn routes() -> Router<WebState> {
    Router::new()
        .route("/cases", get(list).post(open))
        .route("/cases/new", get(new_form))
        .route("/cases/{id}", get(show))
        .route("/cases/{id}/steps", post(step))
        .route("/cases/{id}/messages", post(message))
        .route("/agent/cases", get(queue))
        .route("/agent/cases/{id}", get(agent_show))
}

/// Where a case's page is for its reader.
fn case_page(staff: bool, id: i64) -> String {
    if staff {
        format!("/agent/cases/{id}")
    } else {
        format!("/cases/{id}")
    }
}

/// A case as its page shows it: words in the reader's language.
struct Shown {
    case: CaseView,
    reason: String,
    status: String,
    payout: String,
    offer: Option<String>,
    outcome: Option<String>,
    next_deadline: Option<(String, String)>,
}

impl Shown {
    /// Whether the reader may take `step` now.
    fn can(&self, step: &str) -> bool {
        self.case.steps.iter().any(|s| s == step)
    }
}

fn reason_text(t: Tr, reason: &str) -> String {
    t.s(&format!("cases-reason-{reason}")).to_string()
}

fn shown(t: Tr, case: CaseView) -> Shown {
    let remedy = |r: &str, amount: Option<i64>| {
        let words = t.s(&format!("cases-remedy-{r}")).to_string();
        match amount {
            Some(a) => format!("{words} ({})", money(a, &case.currency, t.lang)),
            None => words,
        }
    };
    let next_deadline = match case.status.as_str() {
        "awaiting_seller" => Some((
            t.s("cases-seller-due").to_string(),
            case.seller_due.local.clone(),
        )),
        "escalated" | "appealed" => case
            .decision_due
            .as_ref()
            .map(|d| (t.s("cases-decision-due").to_string(), d.local.clone())),
        _ => case
            .closes
            .as_ref()
            .map(|d| (t.s("cases-closes").to_string(), d.local.clone())),
    };
    Shown {
        reason: reason_text(t, &case.reason),
        status: t.s(&format!("cases-status-{}", case.status)).to_string(),
        payout: t
            .s(&format!("cases-payout-{}", case.payout.as_str()))
            .to_string(),
        offer: case
            .offer
            .as_ref()
            .map(|o| remedy(&o.remedy, o.amount_minor)),
        outcome: case
            .outcome
            .as_ref()
            .map(|o| remedy(o, case.outcome_amount_minor)),
        next_deadline,
        case,
    }
}

#[derive(Template)]
#[template(path = "portal/cases.html")]
struct List {
    t: Tr,
    meta: Meta,
    cases: Vec<Shown>,
    /// A seller's page links to their standing.
    seller: bool,
}

async fn list(
    State(state): State<WebState>,
    SignedIn { viewer, csrf, .. }: SignedIn,
    headers: HeaderMap,
    Query(lang): Query<LangParam>,
) -> Response {
    let t = session::language(&headers, lang.lang.as_deref());
    let cases = match state.services.list_cases(&viewer, None).await {
        Ok(list) => list.cases.into_iter().map(|c| shown(t, c)).collect(),
        Err(_) => vec![],
    };
    let notice = session::notice(&headers);
    let had = notice.is_some();
    let template = List {
        t,
        meta: Meta::new(t.s("cases-heading"), notice).for_customer(&csrf),
        cases,
        seller: viewer.role == marketdesk_domain::Role::Seller,
    };
    page(&state, &template, &lang, had)
}

#[derive(Deserialize)]
struct NewParams {
    #[serde(default)]
    order: String,
    lang: Option<String>,
}

#[derive(Template)]
#[template(path = "portal/case_new.html")]
struct NewPage {
    t: Tr,
    meta: Meta,
    csrf: String,
    order: String,
    /// (seller id, the seller's items)
    sellers: Vec<(i64, String)>,
    reasons: Vec<(&'static str, String)>,
}

async fn new_form(
    State(state): State<WebState>,
    SignedIn { viewer, csrf, .. }: SignedIn,
    headers: HeaderMap,
    Query(params): Query<NewParams>,
) -> Response {
    let lang = LangParam {
        lang: params.lang.clone(),
    };
    let t = session::language(&headers, lang.lang.as_deref());
    let mut sellers: Vec<(i64, String)> = vec![];
    if let Ok(order) = state.services.get_order(&viewer, params.order.trim()).await {
        for line in &order.lines {
            let Some(seller) = line.seller_id else {
                continue;
            };
            match sellers.iter_mut().find(|(id, _)| *id == seller) {
                Some((_, items)) => {
                    items.push_str(", ");
                    items.push_str(&line.title);
                }
                None => sellers.push((seller, line.title.clone())),
            }
        }
    }
    let reasons = marketdesk_domain::disputes::CaseReason::ALL
        .iter()
        .map(|r| (r.as_str(), reason_text(t, r.as_str())))
        .collect();
    let notice = session::notice(&headers);
    let had = notice.is_some();
    let template = NewPage {
        t,
        meta: Meta::new(t.s("cases-open-heading"), notice).for_customer(&csrf),
        csrf,
        order: params.order.trim().to_string(),
        sellers,
        reasons,
    };
    page(&state, &template, &lang, had)
}

/// A form posted with files (multipart): its fields and its files.
#[derive(Default)]
struct Posted {
    fields: Vec<(String, String)>,
    files: Vec<AttachmentInput>,
}

impl Posted {
    async fn read(mut multipart: Multipart) -> Result<Posted, &'static str> {
        let mut form = Posted::default();
        while let Some(field) = multipart.next_field().await.map_err(upload_problem)? {
            let name = field.name().unwrap_or_default().to_string();
            if name == "file" {
                form.files.extend(uploaded_file(field).await?);
                continue;
            }
            let value = field.text().await.map_err(upload_problem)?;
            form.fields.push((name, value));
        }
        Ok(form)
    }

    fn get(&self, name: &str) -> &str {
        self.fields
            .iter()
            .find(|(n, _)| n == name)
            .map_or("", |(_, v)| v.as_str())
    }
}

async fn open(
    State(state): State<WebState>,
    SignedIn { viewer, csrf, t }: SignedIn,
    multipart: Multipart,
) -> Response {
    let form = match Posted::read(multipart).await {
        Ok(form) => form,
        Err(problem) => return session::redirect_with_error(&state, "/cases", t.s(problem)),
    };
    let order = form.get("order").trim().to_string();
    let back = format!("/cases/new?order={}", urlencoding(&order));
    if form.get("_csrf") != csrf {
        return Redirect::to(&back).into_response();
    }
    let Ok(reason) = marketdesk_domain::disputes::CaseReason::parse(form.get("reason")) else {
        return session::redirect_with_error(&state, &back, t.s("cases-choose-reason"));
    };
    let input = NewCase {
        order,
        reason,
        description: form.get("description").to_string(),
        seller_id: form.get("seller").parse().ok(),
        seller_contacted: form.get("seller_contacted") == "yes",
        return_declined: form.get("return_declined") == "yes",
        attachments: form.files,
    };
    match state.services.open_case(&viewer, input).await {
        Ok(case) => session::redirect_with_notice(
            &state,
            &format!("/cases/{}", case.id),
            t.s("cases-opened"),
        ),
        Err(err) => session::redirect_with_error(&state, &back, &case_error(t, &err)),
    }
}

/// A refusal in the reader's words: the open steps and windows by name.
fn case_error(t: Tr, err: &ServiceError) -> String {
    match err {
        ServiceError::InvalidField { field, .. } => match *field {
            "seller_contacted" => t.s("cases-contact-seller-first").to_string(),
            "return_declined" => t.s("cases-return-first").to_string(),
            "reason" => t.s("cases-outside-window").to_string(),
            "seller_id" => t.s("cases-choose-seller").to_string(),
            "attachments" => t.s("cases-bad-file").to_string(),
            "amount_minor" => t.s("cases-bad-amount").to_string(),
            _ => error_text(t, err),
        },
        ServiceError::Conflict(message) => conflict_text(t, message),
        _ => error_text(t, err),
    }
}

/// Why a step cannot be taken now, in the reader's words: the domain's
/// refusals by name, the others as "not now".
fn conflict_text(t: Tr, message: &str) -> String {
    use marketdesk_domain::disputes::{CaseStatus, StepRefusal};
    let named = [
        (
            StepRefusal::SellerStillHasTime,
            "cases-refused-seller-has-time",
        ),
        (StepRefusal::NotDecidable, "cases-refused-not-decidable"),
        (StepRefusal::SameDecider, "cases-refused-same-decider"),
        (StepRefusal::NoAppeal, "cases-refused-no-appeal"),
    ];
    if let Some((_, key)) = named.iter().find(|(r, _)| r.to_string() == message) {
        return t.s(key).to_string();
    }
    if let Some(status) = message
        .strip_prefix("the case is ")
        .and_then(|s| CaseStatus::parse(s).ok())
    {
        let words = t
            .s(&format!("cases-status-{}", status.as_str()))
            .to_string();
        return t.with("cases-refused-state", &[("status", words.as_str().into())]);
    }
    if message.starts_with("the case changed meanwhile") {
        return t.s("cases-refused-changed").to_string();
    }
    if message.starts_with("there is already an open case") {
        return t.s("cases-refused-already-open").to_string();
    }
    t.s("cases-not-now").to_string()
}

fn urlencoding(text: &str) -> String {
    text.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_.".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

#[derive(Clone)]
struct Line {
    party: String,
    /// `buyer`, `seller`, `platform`: the column it goes in.
    side: String,
    to_platform_only: bool,
    language: String,
    when: String,
    body: String,
    files: Vec<(String, String)>,
}

fn lines(t: Tr, case: &CaseView) -> Vec<Line> {
    case.messages
        .iter()
        .map(|m| Line {
            party: t.s(&format!("cases-party-{}", m.party)).to_string(),
            side: m.party.clone(),
            to_platform_only: m.visibility != "everyone",
            language: m.language.clone(),
            when: when(&m.created_at),
            body: m.body.clone(),
            // Served by the API (the session's cookie signs the download),
            // only ever as an attachment.
            files: m
                .files
                .iter()
                .map(|f| (f.url.clone(), f.filename.clone()))
                .collect(),
        })
        .collect()
}

#[derive(Template)]
#[template(path = "portal/case.html")]
struct Show {
    t: Tr,
    meta: Meta,
    csrf: String,
    listing: Vec<String>,
    c: Shown,
    lines: Vec<Line>,
    remedies: Vec<(&'static str, String)>,
}

fn remedies(t: Tr) -> Vec<(&'static str, String)> {
    marketdesk_domain::disputes::Remedy::ALL
        .iter()
        .map(|r| {
            (
                r.as_str(),
                t.s(&format!("cases-remedy-{}", r.as_str())).to_string(),
            )
        })
        .collect()
}

async fn show(
    State(state): State<WebState>,
    SignedIn { viewer, csrf, .. }: SignedIn,
    headers: HeaderMap,
    Path(id): Path<String>,
    Query(lang): Query<LangParam>,
) -> Response {
    let t = session::language(&headers, lang.lang.as_deref());
    let Ok(id) = id.parse::<i64>() else {
        return Redirect::to("/cases").into_response();
    };
    if viewer.is_staff() {
        return Redirect::to(&case_page(true, id)).into_response();
    }
    let Ok(case) = state.services.get_case(&viewer, id).await else {
        return session::redirect_with_error(&state, "/cases", t.s("error-missing"));
    };
    let notice = session::notice(&headers);
    let had = notice.is_some();
    let template = Show {
        t,
        meta: Meta::new(&t.with("cases-case", &[("id", id.into())]), notice).for_customer(&csrf),
        csrf,
        lines: lines(t, &case),
        listing: listing_facts(&case),
        c: shown(t, case),
        remedies: remedies(t),
    };
    page(&state, &template, &lang, had)
}

#[derive(Deserialize)]
struct StepForm {
    #[serde(rename = "_csrf", default)]
    csrf: String,
    #[serde(default)]
    step: String,
    #[serde(default)]
    remedy: String,
    #[serde(default)]
    outcome: String,
    #[serde(default)]
    amount: String,
    #[serde(default)]
    currency: String,
    #[serde(default)]
    note: String,
}

async fn step(
    State(state): State<WebState>,
    SignedIn { viewer, csrf, t }: SignedIn,
    Path(id): Path<String>,
    Form(form): Form<StepForm>,
) -> Response {
    let Ok(id) = id.parse::<i64>() else {
        return Redirect::to("/cases").into_response();
    };
    let back = case_page(viewer.is_staff(), id);
    if form.csrf != csrf {
        return Redirect::to(&back).into_response();
    }
    let amount_minor = if form.amount.trim().is_empty() {
        None
    } else {
        match Currency::parse(&form.currency)
            .ok()
            .and_then(|c| Money::parse(&form.amount.trim().replace(',', "."), c).ok())
        {
            Some(m) => Some(m.minor),
            None => return session::redirect_with_error(&state, &back, t.s("cases-bad-amount")),
        }
    };
    let input = CaseStepInput {
        step: form.step.clone(),
        remedy: marketdesk_domain::disputes::Remedy::parse(&form.remedy).ok(),
        outcome: marketdesk_domain::disputes::Outcome::parse(&form.outcome).ok(),
        amount_minor,
        note: Some(form.note.clone()).filter(|n| !n.trim().is_empty()),
    };
    match state.services.case_step(&viewer, id, input).await {
        Ok(_) => session::redirect_with_notice(&state, &back, t.s("cases-step-done")),
        Err(err) => session::redirect_with_error(&state, &back, &case_error(t, &err)),
    }
}

async fn message(
    State(state): State<WebState>,
    SignedIn { viewer, csrf, t }: SignedIn,
    Path(id): Path<String>,
    multipart: Multipart,
) -> Response {
    let Ok(id) = id.parse::<i64>() else {
        return Redirect::to("/cases").into_response();
    };
    let back = case_page(viewer.is_staff(), id);
    let form = match Posted::read(multipart).await {
        Ok(form) => form,
        Err(problem) => return session::redirect_with_error(&state, &back, t.s(problem)),
    };
    if form.get("_csrf") != csrf {
        return Redirect::to(&back).into_response();
    }
    let input = CaseMessageInput {
        body: form.get("body").to_string(),
        visibility: marketdesk_domain::disputes::Visibility::parse(form.get("visibility")).ok(),
        attachments: form.files,
    };
    match state.services.case_message(&viewer, id, input).await {
        Ok(_) => session::redirect_with_notice(&state, &back, t.s("cases-sent")),
        Err(err) => session::redirect_with_error(&state, &back, &case_error(t, &err)),
    }
}

#[derive(Template)]
#[template(path = "agent/cases.html")]
struct Queue {
    t: Tr,
    meta: Meta,
    waiting: Vec<Shown>,
    recent: Vec<Shown>,
}

async fn queue(
    State(state): State<WebState>,
    staff: Staff,
    headers: HeaderMap,
    Query(lang): Query<LangParam>,
) -> Response {
    let (viewer, csrf, name) = staff.into_parts();
    let t = session::language(&headers, lang.lang.as_deref());
    let services = &state.services;
    let waiting = match services.list_cases(&viewer, Some("queue")).await {
        Ok(list) => list.cases.into_iter().map(|c| shown(t, c)).collect(),
        Err(_) => vec![],
    };
    let recent = match services.list_cases(&viewer, None).await {
        Ok(list) => list
            .cases
            .into_iter()
            .filter(|c| c.status != "escalated" && c.status != "appealed")
            .take(50)
            .map(|c| shown(t, c))
            .collect(),
        Err(_) => vec![],
    };
    let notice = session::notice(&headers);
    let had = notice.is_some();
    let template = Queue {
        t,
        meta: agent_meta(t, t.s("cases-queue-heading"), notice, name, csrf),
        waiting,
        recent,
    };
    page(&state, &template, &lang, had)
}

#[derive(Template)]
#[template(path = "agent/case.html")]
struct AgentShow {
    t: Tr,
    meta: Meta,
    csrf: String,
    c: Shown,
    /// The buyer's and the seller's words and files, side by side.
    sides: Vec<(&'static str, Vec<Line>)>,
    platform: Vec<Line>,
    outcomes: Vec<(&'static str, String)>,
    /// The order's lines, shipments and returns, in words.
    order_facts: Vec<String>,
    listing: Vec<String>,
    standing_line: Option<String>,
    flag_line: Option<String>,
    /// What the parties wrote on the order's tickets before the case:
    /// (writer, ticket id, ticket reference, when, words).
    earlier: Vec<(String, i64, String, String, String)>,
}

/// The listings as bought, a line per field ("title: …"), as text only:
/// a URL in a listing is shown, never fetched or followed.
fn listing_facts(case: &CaseView) -> Vec<String> {
    let mut facts = vec![];
    for snapshot in &case.listings {
        let Some(fields) = snapshot.listing.as_object() else {
            continue;
        };
        for (key, value) in fields.iter().take(30) {
            let text = match value {
                serde_json::Value::String(s) => s.clone(),
                serde_json::Value::Array(items) => items
                    .iter()
                    .map(|i| i.as_str().map_or_else(|| i.to_string(), str::to_owned))
                    .collect::<Vec<_>>()
                    .join(", "),
                other => other.to_string(),
            };
            facts.push(format!(
                "#{} {key}: {}",
                snapshot.line_no,
                text.chars().take(500).collect::<String>()
            ));
        }
    }
    facts
}

async fn agent_show(
    State(state): State<WebState>,
    staff: Staff,
    headers: HeaderMap,
    Path(id): Path<String>,
    Query(lang): Query<LangParam>,
) -> Response {
    let (viewer, csrf, name) = staff.into_parts();
    let t = session::language(&headers, lang.lang.as_deref());
    let Ok(id) = id.parse::<i64>() else {
        return Redirect::to("/agent/cases").into_response();
    };
    let Ok(case) = state.services.get_case(&viewer, id).await else {
        return session::redirect_with_error(&state, "/agent/cases", t.s("error-missing"));
    };
    let all = lines(t, &case);
    let side = |s: &str| -> Vec<Line> { all.iter().filter(|l| l.side == s).cloned().collect() };
    let (buyer, seller, platform) = (side("buyer"), side("seller"), side("platform"));
    let mut order_facts = vec![];
    if let Some(order) = &case.order {
        // Only the lines of the seller the case is against.
        for l in order
            .lines
            .iter()
            .filter(|l| l.seller_id == Some(case.seller_id))
        {
            order_facts.push(format!(
                "{} × {} — {}",
                l.quantity,
                l.title,
                money(l.unit_price_minor, &order.order.currency, t.lang)
            ));
        }
        for s in &order.shipments {
            order_facts.push(format!(
                "{} {} · {}{}",
                s.carrier,
                s.tracking_number,
                s.status.as_str(),
                s.delivered_at
                    .as_ref()
                    .map(|d| format!(" · {}", when(d)))
                    .unwrap_or_default()
            ));
            for e in &s.events {
                order_facts.push(format!(
                    "  {} · {} · {}",
                    when(&e.occurred_at),
                    e.location,
                    e.description
                ));
            }
        }
        for r in &order.returns {
            order_facts.push(format!("{} · {}", r.rma, r.status.as_str()));
        }
    }
    let standing_line = case.seller_standing.map(|s| {
        format!(
            "{} {}",
            t.s("cases-seller-standing"),
            marketdesk_service::disputes::standing_name(t.lang, s)
        )
    });
    let flag_line = case
        .buyer_flag
        .as_ref()
        .filter(|f| f.status == "flagged")
        .map(|f| {
            t.with(
                "cases-buyer-flagged",
                &[
                    ("lost", f.cases_lost.into()),
                    ("opened", f.cases_opened.into()),
                ],
            )
        });
    let outcomes = marketdesk_domain::disputes::Outcome::ALL
        .iter()
        .filter(|o| o.decidable())
        .map(|o| {
            (
                o.as_str(),
                t.s(&format!("cases-remedy-{}", o.as_str())).to_string(),
            )
        })
        .collect();
    let notice = session::notice(&headers);
    let had = notice.is_some();
    let template = AgentShow {
        t,
        meta: agent_meta(
            t,
            &t.with("cases-case", &[("id", id.into())]),
            notice,
            name,
            csrf.clone(),
        ),
        csrf,
        sides: vec![
            (t.s("cases-party-buyer"), buyer),
            (t.s("cases-party-seller"), seller),
        ],
        platform,
        listing: listing_facts(&case),
        earlier: case
            .earlier_messages
            .iter()
            .map(|m| {
                (
                    t.s(&format!("cases-party-{}", m.party)).to_string(),
                    m.ticket_id,
                    m.ticket_reference.clone(),
                    when(&m.created_at),
                    m.body.clone(),
                )
            })
            .collect(),
        c: shown(t, case),
        outcomes,
        order_facts,
        standing_line,
        flag_line,
    };
    page(&state, &template, &lang, had)
}
