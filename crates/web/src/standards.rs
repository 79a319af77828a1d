//! Seller standards on pages (docs/DISPUTES.md, "Seller standards"): the
//! seller's own standing in the portal — each measure against its limits,
//! strikes, notices and the appeal form — and the staff's desk in the
//! workspace: sellers worst first, appeals to decide, flagged buyers to
//! review, and a seller's page with strikes to give or withdraw.

use askama::Template;
use axum::Router;
use axum::extract::{Form, Path, Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use marketdesk_domain::access::Permission;
use marketdesk_domain::seller_standards::{AppealStatus, Measure, Reading, Standing, StrikeReason};
use marketdesk_service::disputes::{
    AppealDecisionInput, BuyerReviewInput, NewStrike, NoticeAppealInput, SellerStandards,
    measure_name, reading_value, standing_name,
};
use serde::Deserialize;

use crate::WebState;
use crate::agent::{Staff, agent_meta};
use crate::errors::error_text;
use crate::format::when;
use crate::i18n::Tr;
use crate::portal::{LangParam, Meta, page};
use crate::requests::SignedIn;
use crate::session;

pub fn routes() -> Router<WebState> {
    Router::new()
        .route("/standards", get(own))
        .route("/standards/notices/{id}/appeal", post(appeal))
        .route("/agent/standards", get(desk))
        .route("/agent/sellers/{id}", get(seller_page))
        .route("/agent/sellers/{id}/strikes", post(strike))
        .route("/agent/strikes/{id}/withdraw", post(withdraw))
        .route("/agent/standing-notices/{id}/decision", post(decide))
        .route("/agent/flagged-buyers/{id}/review", post(review))
}

/// One measure as the table shows it.
pub(crate) struct ReadingLine {
    measure: &'static str,
    value: String,
    out_of: u32,
    warning: String,
    restriction: String,
    suspension: String,
    /// `good`, `warning`, `restricted`, `suspended`: the row's class.
    level: &'static str,
    level_name: &'static str,
}

fn reading_lines(t: Tr, readings: &[Reading]) -> Vec<ReadingLine> {
    let limit = |m: Measure, v: u32| {
        if v == 0 {
            "—".to_string()
        } else {
            reading_value(m, v)
        }
    };
    readings
        .iter()
        .map(|r| ReadingLine {
            measure: measure_name(t.lang, r.measure),
            value: r
                .value
                .map(|v| reading_value(r.measure, v))
                .unwrap_or_else(|| t.s("standards-too-few").to_string()),
            out_of: r.out_of,
            warning: limit(r.measure, r.thresholds.warning),
            restriction: limit(r.measure, r.thresholds.restriction),
            suspension: limit(r.measure, r.thresholds.suspension),
            level: r.level.as_str(),
            level_name: standing_name(t.lang, r.level),
        })
        .collect()
}

pub(crate) struct StrikeLine {
    id: i64,
    reason: String,
    note: String,
    when: String,
    active: bool,
}

pub(crate) struct NoticeLine {
    id: i64,
    standing: &'static str,
    standing_key: &'static str,
    previous: &'static str,
    by_appeal: bool,
    when: String,
    appeal: Option<String>,
    appeal_status: Option<String>,
    pending: bool,
    decision_note: Option<String>,
    may_appeal: bool,
    appeal_until: String,
}

/// A seller's standing in the reader's words.
pub(crate) struct Board {
    seller_id: i64,
    name: String,
    standing: &'static str,
    standing_key: &'static str,
    assessed: String,
    window: String,
    counts: String,
    readings: Vec<ReadingLine>,
    strikes: Vec<StrikeLine>,
    notices: Vec<NoticeLine>,
}

fn strike_reason(t: Tr, reason: StrikeReason) -> String {
    t.s(&format!("standards-strike-{}", reason.as_str()))
        .to_string()
}

fn board(t: Tr, s: SellerStandards) -> Board {
    Board {
        seller_id: s.seller_id,
        standing: standing_name(t.lang, s.standing),
        standing_key: s.standing.as_str(),
        assessed: when(&s.assessed_at),
        window: t.with("standards-window", &[("days", s.window_days.into())]),
        counts: t.with(
            "standards-counts",
            &[
                ("orders", s.orders.into()),
                ("defects", s.defects.into()),
                ("late", s.late_shipments.into()),
            ],
        ),
        readings: reading_lines(t, &s.readings),
        strikes: s
            .strikes
            .into_iter()
            .map(|k| StrikeLine {
                id: k.id,
                reason: strike_reason(t, k.reason),
                note: k.note,
                when: when(&k.issued_at),
                active: k.active,
            })
            .collect(),
        notices: s
            .notices
            .into_iter()
            .map(|n| NoticeLine {
                id: n.id,
                standing: standing_name(t.lang, n.standing),
                standing_key: n.standing.as_str(),
                previous: standing_name(t.lang, n.previous),
                by_appeal: n.cause == "appeal",
                when: when(&n.created_at),
                appeal: n.appeal,
                pending: n.appeal_status == Some(AppealStatus::Pending),
                appeal_status: n
                    .appeal_status
                    .map(|a| t.s(&format!("standards-appeal-{}", a.as_str())).to_string()),
                decision_note: n.decision_note,
                may_appeal: n.may_appeal,
                appeal_until: when(&n.appeal_until),
            })
            .collect(),
        name: s.name,
    }
}

#[derive(Template)]
#[template(path = "portal/standards.html")]
struct Own {
    t: Tr,
    meta: Meta,
    csrf: String,
    b: Board,
    staff: bool,
    can_enforce: bool,
    reasons: Vec<(&'static str, String)>,
}

async fn own(
    State(state): State<WebState>,
    SignedIn { viewer, csrf, .. }: SignedIn,
    headers: HeaderMap,
    Query(lang): Query<LangParam>,
) -> Response {
    let t = session::language(&headers, lang.lang.as_deref());
    if viewer.is_staff() {
        return Redirect::to("/agent/standards").into_response();
    }
    let standards = match state
        .services
        .seller_standards(&viewer, viewer.person_id)
        .await
    {
        Ok(s) => s,
        Err(_) => {
            return session::redirect_with_error(
                &state,
                "/requests",
                t.s("standards-sellers-only"),
            );
        }
    };
    let notice = session::notice(&headers);
    let had = notice.is_some();
    let template = Own {
        t,
        meta: Meta::new(t.s("standards-heading"), notice).for_customer(&csrf),
        csrf,
        b: board(t, standards),
        staff: false,
        can_enforce: false,
        reasons: vec![],
    };
    page(&state, &template, &lang, had)
}

#[derive(Deserialize)]
struct TextForm {
    #[serde(rename = "_csrf", default)]
    csrf: String,
    #[serde(default)]
    text: String,
    #[serde(default)]
    reason: String,
    #[serde(default)]
    decision: String,
    #[serde(default)]
    back: String,
}

async fn appeal(
    State(state): State<WebState>,
    SignedIn { viewer, csrf, t }: SignedIn,
    Path(id): Path<String>,
    Form(form): Form<TextForm>,
) -> Response {
    let back = "/standards";
    let Ok(id) = id.parse::<i64>() else {
        return Redirect::to(back).into_response();
    };
    if form.csrf != csrf {
        return Redirect::to(back).into_response();
    }
    let input = NoticeAppealInput { text: form.text };
    match state.services.appeal_notice(&viewer, id, input).await {
        Ok(_) => session::redirect_with_notice(&state, back, t.s("standards-appealed")),
        Err(err) => session::redirect_with_error(&state, back, &error_text(t, &err)),
    }
}

struct SellerRow {
    id: i64,
    name: String,
    email: String,
    standing: &'static str,
    standing_key: &'static str,
    changed: String,
    /// The measures past a limit, in words.
    breaches: Vec<String>,
}

struct AppealRow {
    notice_id: i64,
    seller_id: i64,
    standing: &'static str,
    appeal: String,
    when: String,
}

struct BuyerRow {
    id: i64,
    name: String,
    email: String,
    opened: i64,
    lost: i64,
    when: String,
}

#[derive(Template)]
#[template(path = "agent/standards.html")]
struct Desk {
    t: Tr,
    meta: Meta,
    csrf: String,
    can_enforce: bool,
    filter: String,
    filters: Vec<(&'static str, &'static str)>,
    sellers: Vec<SellerRow>,
    appeals: Vec<AppealRow>,
    buyers: Vec<BuyerRow>,
}

#[derive(Deserialize)]
struct DeskParams {
    standing: Option<String>,
    lang: Option<String>,
}

async fn desk(
    State(state): State<WebState>,
    staff: Staff,
    headers: HeaderMap,
    Query(params): Query<DeskParams>,
) -> Response {
    let lang = LangParam {
        lang: params.lang.clone(),
    };
    let (viewer, csrf, name) = staff.into_parts();
    let t = session::language(&headers, lang.lang.as_deref());
    let filter = params
        .standing
        .filter(|s| Standing::parse(s).is_ok())
        .unwrap_or_default();
    let desk = match state
        .services
        .standards_desk(&viewer, Some(filter.as_str()).filter(|f| !f.is_empty()))
        .await
    {
        Ok(d) => d,
        Err(err) => return session::redirect_with_error(&state, "/agent", &error_text(t, &err)),
    };
    let sellers = desk
        .sellers
        .into_iter()
        .map(|s| SellerRow {
            id: s.seller_id,
            name: s.name,
            email: s.email,
            standing: standing_name(t.lang, s.standing),
            standing_key: s.standing.as_str(),
            changed: when(&s.changed_at),
            breaches: s
                .readings
                .iter()
                .filter(|r| r.level > Standing::Good)
                .map(|r| marketdesk_service::disputes::reading_words(t.lang, r, r.level))
                .collect(),
        })
        .collect();
    let appeals = desk
        .appeals
        .into_iter()
        .map(|n| AppealRow {
            notice_id: n.id,
            seller_id: n.seller_id,
            standing: standing_name(t.lang, n.standing),
            appeal: n.appeal.unwrap_or_default(),
            when: n.appealed_at.as_deref().map(when).unwrap_or_default(),
        })
        .collect();
    let buyers = desk
        .flagged_buyers
        .into_iter()
        .map(|b| BuyerRow {
            id: b.buyer_id,
            name: b.name,
            email: b.email,
            opened: b.cases_opened,
            lost: b.cases_lost,
            when: when(&b.flagged_at),
        })
        .collect();
    let filters = Standing::ALL
        .iter()
        .map(|s| (s.as_str(), standing_name(t.lang, *s)))
        .collect();
    let notice = session::notice(&headers);
    let had = notice.is_some();
    let template = Desk {
        t,
        meta: agent_meta(t, t.s("standards-desk-heading"), notice, name, csrf.clone()),
        csrf,
        can_enforce: viewer.may(Permission::EnforceStandards),
        filter,
        filters,
        sellers,
        appeals,
        buyers,
    };
    page(&state, &template, &lang, had)
}

async fn seller_page(
    State(state): State<WebState>,
    staff: Staff,
    headers: HeaderMap,
    Path(id): Path<String>,
    Query(lang): Query<LangParam>,
) -> Response {
    let (viewer, csrf, name) = staff.into_parts();
    let t = session::language(&headers, lang.lang.as_deref());
    let Ok(id) = id.parse::<i64>() else {
        return Redirect::to("/agent/standards").into_response();
    };
    let standards = match state.services.seller_standards(&viewer, id).await {
        Ok(s) => s,
        Err(err) => {
            return session::redirect_with_error(&state, "/agent/standards", &error_text(t, &err));
        }
    };
    let reasons = StrikeReason::ALL
        .iter()
        .map(|r| (r.as_str(), strike_reason(t, *r)))
        .collect();
    let notice = session::notice(&headers);
    let had = notice.is_some();
    let b = board(t, standards);
    let template = Own {
        t,
        meta: agent_meta(t, &b.name, notice, name, csrf.clone()),
        csrf,
        b,
        staff: true,
        can_enforce: viewer.may(Permission::EnforceStandards),
        reasons,
    };
    page(&state, &template, &lang, had)
}

fn seller_back(id: i64) -> String {
    format!("/agent/sellers/{id}")
}

/// Where a staff form returns: the page it says it came from, when it is
/// one of the workspace's.
fn back_to(form: &TextForm, fallback: String) -> String {
    if form.back.starts_with("/agent/") && !form.back.starts_with("//") {
        form.back.clone()
    } else {
        fallback
    }
}

async fn strike(
    State(state): State<WebState>,
    staff: Staff,
    Path(id): Path<String>,
    Form(form): Form<TextForm>,
) -> Response {
    let t = staff.t;
    let Ok(id) = id.parse::<i64>() else {
        return Redirect::to("/agent/standards").into_response();
    };
    let back = seller_back(id);
    if form.csrf != staff.csrf {
        return Redirect::to(&back).into_response();
    }
    let Ok(reason) = StrikeReason::parse(&form.reason) else {
        return session::redirect_with_error(&state, &back, t.s("standards-choose-reason"));
    };
    let input = NewStrike {
        reason,
        note: form.text,
    };
    match state.services.give_strike(&staff.viewer, id, input).await {
        Ok(_) => session::redirect_with_notice(&state, &back, t.s("standards-strike-given")),
        Err(err) => session::redirect_with_error(&state, &back, &error_text(t, &err)),
    }
}

async fn withdraw(
    State(state): State<WebState>,
    staff: Staff,
    Path(id): Path<String>,
    Form(form): Form<TextForm>,
) -> Response {
    let t = staff.t;
    let back = back_to(&form, "/agent/standards".into());
    let Ok(id) = id.parse::<i64>() else {
        return Redirect::to(&back).into_response();
    };
    if form.csrf != staff.csrf {
        return Redirect::to(&back).into_response();
    }
    match state.services.withdraw_strike(&staff.viewer, id).await {
        Ok(s) => session::redirect_with_notice(
            &state,
            &seller_back(s.seller_id),
            t.s("standards-strike-withdrawn"),
        ),
        Err(err) => session::redirect_with_error(&state, &back, &error_text(t, &err)),
    }
}

async fn decide(
    State(state): State<WebState>,
    staff: Staff,
    Path(id): Path<String>,
    Form(form): Form<TextForm>,
) -> Response {
    let t = staff.t;
    let back = back_to(&form, "/agent/standards".into());
    let Ok(id) = id.parse::<i64>() else {
        return Redirect::to(&back).into_response();
    };
    if form.csrf != staff.csrf {
        return Redirect::to(&back).into_response();
    }
    let decision = match AppealStatus::parse(&form.decision) {
        Ok(d @ (AppealStatus::Upheld | AppealStatus::Lifted)) => d,
        _ => return session::redirect_with_error(&state, &back, t.s("standards-choose-decision")),
    };
    let input = AppealDecisionInput {
        decision,
        note: form.text.clone(),
    };
    match state
        .services
        .decide_notice_appeal(&staff.viewer, id, input)
        .await
    {
        Ok(_) => session::redirect_with_notice(&state, &back, t.s("standards-appeal-decided")),
        Err(err) => session::redirect_with_error(&state, &back, &error_text(t, &err)),
    }
}

async fn review(
    State(state): State<WebState>,
    staff: Staff,
    Path(id): Path<String>,
    Form(form): Form<TextForm>,
) -> Response {
    let t = staff.t;
    let back = "/agent/standards";
    let Ok(id) = id.parse::<i64>() else {
        return Redirect::to(back).into_response();
    };
    if form.csrf != staff.csrf {
        return Redirect::to(back).into_response();
    }
    let input = BuyerReviewInput { note: form.text };
    match state
        .services
        .review_buyer_flag(&staff.viewer, id, input)
        .await
    {
        Ok(_) => session::redirect_with_notice(&state, back, t.s("standards-buyer-reviewed")),
        Err(err) => session::redirect_with_error(&state, back, &error_text(t, &err)),
    }
}
