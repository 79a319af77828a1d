//! The customer portal: help home, order lookup by number and email, the
//! order with its tracking, and self-service address changes.

use askama::Template;
use axum::Router;
use axum::extract::{Form, Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use marketdesk_domain::commerce::ShipmentStatus;
use marketdesk_service::after_sales::{
    ActionOutcome, CancelOrder, ChangeAddress, ChangeVariant, Reschedule,
};
use marketdesk_service::{ServiceError, Viewer};
use serde::Deserialize;

use crate::format::{Moment, moment, money, when};
use crate::i18n::{LANGUAGES, Tr};
use crate::order_forms::{
    AddressForm, REASONS, field, outcome_notice, return_request, returnable_lines,
};
use crate::session::{self, Notice, random_token};
use crate::{ClientAddr, WebState, render};

pub fn routes() -> Router<WebState> {
    Router::new()
        .route("/", get(home))
        .route("/policies", get(policies))
        .route("/orders/lookup", get(lookup_form).post(lookup))
        .route("/orders/{number}", get(order))
        .route("/orders/{number}/address", post(change_address))
        .route("/orders/{number}/invoice.pdf", get(invoice))
        .route("/orders/{number}/cancel", post(cancel))
        .route("/orders/{number}/return", post(start_return))
        .route("/orders/{number}/reschedule", post(reschedule))
        .route("/orders/{number}/variant", post(change_variant))
        .route("/orders/{number}/reduce", post(reduce))
        .route("/orders/{number}/parcel-choice", post(parcel_choice))
        .route("/orders/{number}/returns/{rma}/label.pdf", get(label))
}

/// What every page's frame shows.
pub struct Meta {
    pub title: String,
    pub notice: Option<Notice>,
    pub languages: &'static [(&'static str, &'static str)],
    pub agent: bool,
    pub signed_in: Option<String>,
    pub csrf: String,
}

impl Meta {
    pub fn new(title: &str, notice: Option<Notice>) -> Self {
        Meta {
            title: title.to_string(),
            notice,
            languages: LANGUAGES,
            agent: false,
            signed_in: None,
            csrf: String::new(),
        }
    }

    /// A page shown to a signed-in customer: the frame offers to sign out.
    pub fn for_customer(mut self, csrf: &str) -> Self {
        self.signed_in = Some(String::new());
        self.csrf = csrf.to_string();
        self
    }
}

#[derive(Debug, Default, Deserialize)]
pub struct LangParam {
    pub lang: Option<String>,
}

/// Renders a page, remembering a `?lang=` and clearing a shown notice.
pub fn page(
    state: &WebState,
    template: &impl Template,
    lang: &LangParam,
    had_notice: bool,
) -> Response {
    let mut response = render(template);
    session::remember_language(&mut response, state, lang.lang.as_deref());
    session::clear_notice(&mut response, state, had_notice);
    response
}

#[derive(Template)]
#[template(path = "portal/home.html")]
struct Home {
    t: Tr,
    meta: Meta,
    /// The articles found most helpful: (slug, title).
    popular: Vec<(String, String)>,
}

async fn home(
    State(state): State<WebState>,
    headers: HeaderMap,
    Query(lang): Query<LangParam>,
) -> Response {
    let t = session::language(&headers, lang.lang.as_deref());
    let notice = session::notice(&headers);
    let had = notice.is_some();
    page(
        &state,
        &Home {
            t,
            meta: Meta::new(t.s("site-title"), notice),
            popular: state
                .services
                .popular_articles(t.lang, 5)
                .await
                .unwrap_or_default(),
        },
        &lang,
        had,
    )
}

#[derive(Template)]
#[template(path = "portal/lookup.html")]
struct Lookup {
    t: Tr,
    meta: Meta,
    csrf: String,
    wrong: bool,
    /// Too many failed sign-ins: offer a sign-in link by email instead.
    limited: bool,
    frozen: bool,
    number: String,
    email: String,
}

async fn lookup_form(
    State(state): State<WebState>,
    headers: HeaderMap,
    Query(lang): Query<LangParam>,
) -> Response {
    let t = session::language(&headers, lang.lang.as_deref());
    let (csrf, fresh) = session::form_token(&headers);
    let template = Lookup {
        t,
        meta: Meta::new(t.s("lookup-heading"), None),
        csrf: csrf.clone(),
        wrong: false,
        limited: false,
        frozen: false,
        number: String::new(),
        email: String::new(),
    };
    let mut response = page(&state, &template, &lang, false);
    if fresh {
        session::set_form_token(&mut response, &state, &csrf);
    }
    response
}

#[derive(Deserialize)]
struct LookupForm {
    #[serde(rename = "_csrf", default)]
    csrf: String,
    order_number: String,
    email: String,
}

async fn lookup(
    State(state): State<WebState>,
    headers: HeaderMap,
    ClientAddr(client): ClientAddr,
    Form(form): Form<LookupForm>,
) -> Response {
    let t = session::language(&headers, None);
    if !session::form_token_ok(&headers, &form.csrf) {
        return lookup_again(&state, &headers, t, &form, LookupOutcome::Wrong);
    }
    match state
        .services
        .order_access(&form.order_number, &form.email, client)
        .await
    {
        Ok(grant) => {
            let number = form.order_number.trim().to_string();
            let mut response =
                Redirect::to(&format!("/orders/{}", encode_path(&number))).into_response();
            session::set_session(&mut response, &state, &grant.token, grant.expires_in_secs);
            response
        }
        // The owner is never locked out by someone else's guesses: the page
        // offers a sign-in link by email.
        Err(ServiceError::RateLimited { .. }) => {
            let mut response = lookup_again(&state, &headers, t, &form, LookupOutcome::Limited);
            *response.status_mut() = StatusCode::TOO_MANY_REQUESTS;
            response
        }
        Err(ServiceError::AccountFrozen) => {
            let mut response = lookup_again(&state, &headers, t, &form, LookupOutcome::Frozen);
            *response.status_mut() = StatusCode::FORBIDDEN;
            response
        }
        Err(_) => lookup_again(&state, &headers, t, &form, LookupOutcome::Wrong),
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum LookupOutcome {
    Wrong,
    Limited,
    Frozen,
}

fn lookup_again(
    state: &WebState,
    headers: &HeaderMap,
    t: Tr,
    form: &LookupForm,
    outcome: LookupOutcome,
) -> Response {
    let (csrf, fresh) = session::form_token(headers);
    let template = Lookup {
        t,
        meta: Meta::new(t.s("lookup-heading"), None),
        csrf: csrf.clone(),
        wrong: outcome == LookupOutcome::Wrong,
        limited: outcome == LookupOutcome::Limited,
        frozen: outcome == LookupOutcome::Frozen,
        number: form.order_number.chars().take(64).collect(),
        email: form.email.chars().take(254).collect(),
    };
    let mut response = render(&template);
    if fresh {
        session::set_form_token(&mut response, state, &csrf);
    }
    response
}

fn encode_path(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        .collect()
}

/// A line whose size or colour may change: (line id, title,
/// [(attribute, current value)], the form's idempotency key).
type ChangeableLine = (i64, String, Vec<(String, String)>, String);

struct LineRow {
    title: String,
    variant: String,
    quantity: i64,
    amount: String,
}

struct EventRow {
    status: String,
    description: String,
    location: String,
    when: Moment,
}

#[derive(Template)]
#[template(path = "portal/order.html")]
struct OrderPage {
    t: Tr,
    meta: Meta,
    /// The buyer (not a seller looking at their lines): may change the
    /// order, return it, and get the invoice.
    buyer: bool,
    number: String,
    status: String,
    status_label: String,
    placed: Moment,
    total: String,
    eta: Option<String>,
    lines: Vec<LineRow>,
    events: Vec<EventRow>,
    address: String,
    refused: Option<String>,
    form: AddressForm,
    csrf: String,
    key: String,
    can_cancel: bool,
    cancel_key: String,
    returnable: Vec<(i64, String)>,
    reasons: &'static [(&'static str, &'static str)],
    return_key: String,
    returns: Vec<(String, String)>,
    /// A parcel whose delivery can be moved (a missed attempt, waiting at
    /// the station or a pickup point): its id, carrier and tracking number.
    reschedulable: Option<(i64, String, String)>,
    /// A parcel on its way back to the shop: the customer chooses reship or
    /// refund (id, carrier, tracking number).
    returned_parcel: Option<(i64, String, String)>,
    reschedule_key: String,
    /// Every status the order took: (label, when).
    history: Vec<(String, Moment)>,
    /// Lines whose size or colour may still change: (line id, title,
    /// [(attribute, current value)], the form's idempotency key).
    changeable: Vec<ChangeableLine>,
    /// Lines whose units can still be taken off before packing: id, title,
    /// units left, the form's key.
    reducible: Vec<(i64, String, i64, String)>,
    /// Changes waiting for the customer's payment (or what became of them).
    pending: Vec<String>,
    /// Past its estimated delivery: what the customer is told.
    late: Option<String>,
    /// Chargebacks on the order's payments, in sentences.
    chargebacks: Vec<String>,
}

/// The signed-in customer, or a redirect to the lookup form.
async fn customer(state: &WebState, headers: &HeaderMap) -> Result<(Viewer, String), Response> {
    session::viewer(state, headers)
        .await
        .ok_or_else(|| Redirect::to("/orders/lookup").into_response())
}

async fn order(
    State(state): State<WebState>,
    headers: HeaderMap,
    Path(number): Path<String>,
    Query(lang): Query<LangParam>,
) -> Response {
    let (viewer, csrf) = match customer(&state, &headers).await {
        Ok(v) => v,
        Err(redirect) => return redirect,
    };
    let t = session::language(&headers, lang.lang.as_deref());
    let detail = match state.services.get_order(&viewer, &number).await {
        Ok(d) => d,
        Err(_) => return Redirect::to("/orders/lookup").into_response(),
    };
    let o = &detail.order;
    let buyer = o.customer_id == viewer.person_id;
    // A parcel the carrier holds for its address can still be corrected.
    let stuck_on_address = detail.shipments.iter().any(|s| {
        s.status != ShipmentStatus::Delivered
            && matches!(
                s.exception_reason.as_deref(),
                Some("address_issue" | "returned_to_sender")
            )
    });
    let refused = marketdesk_domain::orders::check_change(
        o.status,
        marketdesk_domain::orders::OrderChange::Address,
    )
    .err()
    .filter(|_| !stuck_on_address)
    .map(|r| r.explain(marketdesk_domain::orders::OrderChange::Address, t.lang));
    let form = AddressForm::of(&o.shipping_address);
    let mut events: Vec<EventRow> = detail
        .shipments
        .iter()
        .flat_map(|s| s.events.iter())
        .map(|e| EventRow {
            status: t.status(e.status.as_str()),
            description: e.description.clone(),
            location: e.location.clone(),
            when: moment(&e.occurred_at),
        })
        .collect();
    events.reverse();
    let notice = session::notice(&headers);
    let had = notice.is_some();
    let template = OrderPage {
        t,
        meta: Meta::new(&format!("{} {}", t.s("order-heading"), o.number), notice)
            .for_customer(&csrf),
        buyer,
        number: o.number.clone(),
        status: o.status.to_string(),
        status_label: t.status(o.status.as_str()),
        placed: moment(&o.placed_at),
        total: money(o.total_minor, &o.currency, t.lang),
        eta: detail
            .shipments
            .iter()
            .find_map(|s| s.estimated_delivery_at.as_deref().map(when)),
        lines: detail
            .lines
            .iter()
            .map(|l| LineRow {
                title: l.title.clone(),
                variant: l
                    .variant
                    .as_object()
                    .map(|v| {
                        v.values()
                            .filter_map(|x| x.as_str())
                            .collect::<Vec<_>>()
                            .join(" / ")
                    })
                    .unwrap_or_default(),
                quantity: l.quantity,
                amount: money(
                    l.unit_price_minor * l.quantity - l.discount_minor,
                    &o.currency,
                    t.lang,
                ),
            })
            .collect(),
        events,
        address: form.one_line(),
        refused,
        form,
        csrf,
        key: random_token(),
        can_cancel: buyer
            && marketdesk_domain::orders::check_change(
                o.status,
                marketdesk_domain::orders::OrderChange::Cancel,
            )
            .is_ok(),
        cancel_key: random_token(),
        returnable: if buyer {
            returnable_lines(&detail)
        } else {
            Vec::new()
        },
        reasons: REASONS,
        return_key: random_token(),
        returns: detail
            .returns
            .iter()
            .map(|r| (r.rma.clone(), t.status(r.status.as_str())))
            .collect(),
        reschedulable: detail
            .shipments
            .iter()
            .filter(|_| buyer)
            .find(|s| {
                matches!(
                    s.status,
                    ShipmentStatus::AttemptFailed
                        | ShipmentStatus::AvailableForPickup
                        | ShipmentStatus::OutForDelivery
                        | ShipmentStatus::InTransit
                        | ShipmentStatus::Exception
                )
            })
            .map(|s| (s.id, s.carrier.clone(), s.tracking_number.clone())),
        reschedule_key: random_token(),
        returned_parcel: detail
            .shipments
            .iter()
            .filter(|_| buyer)
            .find(|s| {
                s.status != ShipmentStatus::Delivered
                    && s.exception_reason.as_deref() == Some("returned_to_sender")
            })
            .map(|s| (s.id, s.carrier.clone(), s.tracking_number.clone())),
        reducible: if buyer
            && marketdesk_domain::orders::check_change(
                o.status,
                marketdesk_domain::orders::OrderChange::Quantity,
            )
            .is_ok()
        {
            detail
                .lines
                .iter()
                .map(|l| {
                    (
                        l.id,
                        l.title.clone(),
                        l.quantity - l.cancelled_quantity,
                        random_token(),
                    )
                })
                .filter(|(_, _, left, _)| *left > 0)
                .collect()
        } else {
            Vec::new()
        },
        pending: crate::order_forms::pending_lines(t, &detail),
        changeable: if buyer
            && marketdesk_domain::orders::check_change(
                o.status,
                marketdesk_domain::orders::OrderChange::Variant,
            )
            .is_ok()
        {
            detail
                .lines
                .iter()
                .filter_map(|l| {
                    let attributes: Vec<(String, String)> = l
                        .variant
                        .as_object()?
                        .iter()
                        .filter_map(|(k, v)| Some((k.clone(), v.as_str()?.to_string())))
                        .collect();
                    (!attributes.is_empty())
                        .then(|| (l.id, l.title.clone(), attributes, random_token()))
                })
                .collect()
        } else {
            Vec::new()
        },
        history: detail
            .history
            .iter()
            .map(|h| (t.status(h.status.as_str()), moment(&h.at)))
            .collect(),
        chargebacks: crate::order_forms::chargeback_lines(t, &detail),
        late: detail.late_since.as_deref().map(|since| {
            t.with(
                "order-late",
                &[("day", since.get(..10).unwrap_or(since).into())],
            )
        }),
    };
    page(&state, &template, &lang, had)
}

/// Another size or colour for a line (a real variant when the shop feeds
/// its catalogue; the other attributes stay).
async fn change_variant(
    State(state): State<WebState>,
    headers: HeaderMap,
    Path(number): Path<String>,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    let viewer = match order_form(&state, &headers, &form).await {
        Ok(v) => v,
        Err(r) => return r,
    };
    let key = field(&form, "_key");
    let variant: serde_json::Map<String, serde_json::Value> = form
        .iter()
        .filter_map(|(k, v)| Some((k.strip_prefix("attr_")?, v.trim())))
        .filter(|(_, v)| !v.is_empty())
        .take(10)
        .map(|(k, v)| (k.to_string(), serde_json::Value::from(v)))
        .collect();
    let input = ChangeVariant {
        line_id: field(&form, "line_id").parse().unwrap_or_default(),
        variant,
        ticket_id: None,
    };
    let result = state
        .services
        .change_variant(&viewer, &number, input, (!key.is_empty()).then_some(key))
        .await;
    back_to_order(&state, &headers, &number, result)
}

/// Fewer units of a line before packing: cancelled and refunded at once
/// through the cancellation's action path.
async fn reduce(
    State(state): State<WebState>,
    headers: HeaderMap,
    Path(number): Path<String>,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    let viewer = match order_form(&state, &headers, &form).await {
        Ok(v) => v,
        Err(r) => return r,
    };
    let key = field(&form, "_key");
    let input = CancelOrder {
        reason: "fewer items asked by the customer".into(),
        lines: Some(vec![marketdesk_service::after_sales::LineCancel {
            line_id: field(&form, "line_id").parse().unwrap_or_default(),
            quantity: field(&form, "remove").parse().unwrap_or_default(),
        }]),
        ticket_id: None,
    };
    let result = state
        .services
        .cancel_order(&viewer, &number, input, (!key.is_empty()).then_some(key))
        .await;
    back_to_order(&state, &headers, &number, result)
}

/// The customer's choice for a parcel coming back to the shop.
async fn parcel_choice(
    State(state): State<WebState>,
    headers: HeaderMap,
    Path(number): Path<String>,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    let viewer = match order_form(&state, &headers, &form).await {
        Ok(v) => v,
        Err(r) => return r,
    };
    let input = marketdesk_service::after_sales::ParcelChoice {
        shipment_id: field(&form, "shipment_id").parse().unwrap_or_default(),
        choice: field(&form, "choice").to_string(),
    };
    let result = state
        .services
        .choose_parcel_remedy(&viewer, &number, input)
        .await;
    back_to_order(&state, &headers, &number, result)
}

/// A new delivery date or a pickup point for a parcel (one wish per
/// parcel: a new one replaces the one still open).
async fn reschedule(
    State(state): State<WebState>,
    headers: HeaderMap,
    Path(number): Path<String>,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    let viewer = match order_form(&state, &headers, &form).await {
        Ok(v) => v,
        Err(r) => return r,
    };
    let key = field(&form, "_key");
    let filled = |name: &str| Some(field(&form, name).trim().to_string()).filter(|v| !v.is_empty());
    let input = Reschedule {
        shipment_id: field(&form, "shipment_id").parse().ok(),
        date: filled("date"),
        pickup_point: filled("pickup_point"),
        ticket_id: None,
    };
    let result = state
        .services
        .reschedule_delivery(&viewer, &number, input, (!key.is_empty()).then_some(key))
        .await;
    back_to_order(&state, &headers, &number, result)
}

async fn change_address(
    State(state): State<WebState>,
    headers: HeaderMap,
    Path(number): Path<String>,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    let viewer = match order_form(&state, &headers, &form).await {
        Ok(v) => v,
        Err(r) => return r,
    };
    let input = ChangeAddress {
        address: AddressForm::posted(&form).into_address(),
        ticket_id: None,
    };
    let key = field(&form, "_key");
    let result = state
        .services
        .change_address(&viewer, &number, input, (!key.is_empty()).then_some(key))
        .await;
    back_to_order(&state, &headers, &number, result)
}

/// Back to the order's page with what the action did, or why it was refused.
fn back_to_order(
    state: &WebState,
    headers: &HeaderMap,
    number: &str,
    result: Result<ActionOutcome, ServiceError>,
) -> Response {
    let t = session::language(headers, None);
    session::redirect_after(
        state,
        &format!("/orders/{}", encode_path(number)),
        &outcome_notice(t, result),
    )
}

async fn invoice(
    State(state): State<WebState>,
    headers: HeaderMap,
    Path(number): Path<String>,
) -> Response {
    let (viewer, _) = match customer(&state, &headers).await {
        Ok(v) => v,
        Err(redirect) => return redirect,
    };
    pdf_or(
        state.services.invoice_pdf(&viewer, &number).await,
        "/orders/lookup",
    )
}

/// Checks the session and CSRF token of a posted order form.
async fn order_form(
    state: &WebState,
    headers: &HeaderMap,
    form: &[(String, String)],
) -> Result<Viewer, Response> {
    let (viewer, csrf) = customer(state, headers).await?;
    if field(form, "_csrf") != csrf {
        return Err(Redirect::to("/orders/lookup").into_response());
    }
    Ok(viewer)
}

async fn cancel(
    State(state): State<WebState>,
    headers: HeaderMap,
    Path(number): Path<String>,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    let viewer = match order_form(&state, &headers, &form).await {
        Ok(v) => v,
        Err(r) => return r,
    };
    let reason = match field(&form, "reason").trim() {
        "" => "cancelled by the customer".to_string(),
        text => text.to_string(),
    };
    let key = field(&form, "_key");
    let input = CancelOrder {
        reason,
        lines: None,
        ticket_id: None,
    };
    let result = state
        .services
        .cancel_order(&viewer, &number, input, (!key.is_empty()).then_some(key))
        .await;
    back_to_order(&state, &headers, &number, result)
}

async fn start_return(
    State(state): State<WebState>,
    headers: HeaderMap,
    Path(number): Path<String>,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    let viewer = match order_form(&state, &headers, &form).await {
        Ok(v) => v,
        Err(r) => return r,
    };
    let key = field(&form, "_key");
    let input = return_request(&form, None);
    let result = state
        .services
        .create_return(&viewer, &number, input, (!key.is_empty()).then_some(key))
        .await;
    back_to_order(&state, &headers, &number, result)
}

async fn label(
    State(state): State<WebState>,
    headers: HeaderMap,
    Path((number, rma)): Path<(String, String)>,
) -> Response {
    let (viewer, _) = match customer(&state, &headers).await {
        Ok(v) => v,
        Err(redirect) => return redirect,
    };
    pdf_or(
        state.services.return_label_pdf(&viewer, &rma).await,
        &format!("/orders/{}", encode_path(&number)),
    )
}

#[derive(Template)]
#[template(path = "portal/policies.html")]
struct Policies {
    t: Tr,
    meta: Meta,
    window_days: u32,
    label_days: u32,
    trigger: &'static str,
    special: String,
    refund_days: String,
    lost_days: String,
    tiers: Vec<(String, u64, u32, String)>,
}

/// The policy file, readable: what customers may do, until when, and how long money takes.
async fn policies(
    State(state): State<WebState>,
    headers: HeaderMap,
    Query(lang): Query<LangParam>,
) -> Response {
    use marketdesk_domain::returns::RefundTrigger;
    let t = session::language(&headers, lang.lang.as_deref());
    let policy = state.services.policy();
    let r = &policy.returns;
    let trigger = match r.refund_trigger {
        RefundTrigger::OnRequest => "trigger-on-request",
        RefundTrigger::OnCarrierScan => "trigger-on-carrier-scan",
        RefundTrigger::OnReceipt => "trigger-on-receipt",
        RefundTrigger::OnInspection => "trigger-on-inspection",
    };
    let special = r
        .category_window_days
        .iter()
        .chain(r.country_window_days.iter())
        .map(|(k, d)| format!("{k}: {d}"))
        .collect::<Vec<_>>()
        .join(", ");
    let [min, max] = policy.refunds.expected_business_days;
    let template = Policies {
        t,
        meta: Meta::new(t.s("policy-heading"), None),
        window_days: r.window_days,
        label_days: r.label_expiry_days,
        trigger,
        special,
        refund_days: format!("{min}–{max}"),
        lost_days: format!(
            "{} / {}",
            policy.shipping.lost_after_days_domestic, policy.shipping.lost_after_days_cross_border
        ),
        tiers: policy
            .membership
            .tiers
            .iter()
            .map(|tier| {
                (
                    tier.name.clone(),
                    tier.min_points,
                    tier.points_per_unit,
                    tier.benefits.describe(t.lang).join(", "),
                )
            })
            .collect(),
    };
    page(&state, &template, &lang, false)
}

/// A PDF, or a redirect when it cannot be had.
pub(crate) fn pdf_or(result: Result<Vec<u8>, ServiceError>, otherwise: &str) -> Response {
    match result {
        Ok(bytes) => {
            let mut response = bytes.into_response();
            response.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/pdf"),
            );
            response
        }
        Err(_) => Redirect::to(otherwise).into_response(),
    }
}
