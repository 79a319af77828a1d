//! Ingest of the shop's commerce data: orders with their customer, lines,
//! payments and shipments, upserted by the platform's own ids. Replaying a
//! feed is safe: the same input leaves the same state, with no duplicates.

use marketdesk_domain::access::Permission;
use marketdesk_domain::commerce::PaymentStatus;
use marketdesk_domain::commerce::{
    Canceller, OrderStatus, PaymentKind, PaymentMethod, ShipmentStatus,
};
use marketdesk_domain::orders::can_move;
use marketdesk_domain::payments::{ChargebackReason, ChargebackStatus};
use marketdesk_domain::text::required_line;
use marketdesk_domain::{Currency, EmailAddress, LanguageTag, Millis, Role};
use marketdesk_store::audit::{self, AuditEntry};
use marketdesk_store::commerce::{
    self, OrderLineRow, OrderRow, PaymentRow, ShipmentRow, TrackingEventRow,
};
use marketdesk_store::people::{self, NewPerson, PersonRow};
use marketdesk_store::{Conn, ingest};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use utoipa::ToSchema;

use crate::commerce::OrderDetail;
use crate::kernel::auth::actor_id;
use crate::{Result, ServiceError, Services, Viewer, now_ms};

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct IngestPerson {
    #[serde(default)]
    pub external_id: Option<String>,
    pub email: String,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub language: Option<String>,
    #[serde(default)]
    pub phone: Option<String>,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct IngestLine {
    pub sku: String,
    pub title: String,
    #[serde(default)]
    #[schema(value_type = Option<Object>)]
    pub variant: Option<Map<String, Value>>,
    pub category: String,
    pub quantity: i64,
    pub unit_price_minor: i64,
    #[serde(default)]
    pub discount_minor: i64,
    /// The marketplace seller of the item.
    #[serde(default)]
    pub seller: Option<IngestPerson>,
    #[serde(default)]
    pub final_sale: bool,
    /// The listing as the buyer saw it when buying (title, description,
    /// condition, photo URLs…: any object up to 16 KiB). Kept once, as
    /// evidence for cases: a later feed does not rewrite it.
    #[serde(default)]
    #[schema(value_type = Option<Object>)]
    pub listing: Option<Map<String, Value>>,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct IngestPayment {
    /// The payment provider's reference; the key of the payment.
    pub reference: String,
    pub kind: PaymentKind,
    pub method: PaymentMethod,
    /// `succeeded`, `failed` or `pending`.
    pub status: String,
    pub amount_minor: i64,
    #[serde(default)]
    pub decline_code: Option<String>,
    pub created_at: String,
    /// A chargeback the buyer's bank opened on this payment; absent when
    /// there is none.
    #[serde(default)]
    pub dispute: Option<IngestDispute>,
}

/// A chargeback on a payment, in the payment provider's terms.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct IngestDispute {
    pub status: ChargebackStatus,
    pub reason: ChargebackReason,
    /// When evidence is due (RFC 3339).
    #[serde(default)]
    pub respond_by: Option<String>,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct IngestEvent {
    pub occurred_at: String,
    pub status: ShipmentStatus,
    #[serde(default)]
    pub location: String,
    /// The carrier's own words.
    #[serde(default)]
    pub description: String,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct IngestShipment {
    pub carrier: String,
    pub tracking_number: String,
    pub status: ShipmentStatus,
    #[serde(default)]
    pub exception_reason: Option<String>,
    #[serde(default)]
    pub cross_border: bool,
    #[serde(default)]
    pub estimated_delivery_at: Option<String>,
    pub label_created_at: String,
    #[serde(default)]
    pub delivered_at: Option<String>,
    #[serde(default)]
    pub events: Vec<IngestEvent>,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct IngestOrder {
    /// The platform's id of the order; the key of the upsert.
    pub external_id: String,
    pub number: String,
    pub status: OrderStatus,
    pub currency: String,
    pub placed_at: String,
    pub customer: IngestPerson,
    pub lines: Vec<IngestLine>,
    #[serde(default)]
    pub discount_minor: i64,
    #[serde(default)]
    pub shipping_minor: i64,
    #[serde(default)]
    pub tax_minor: i64,
    /// Defaults to lines − discounts + shipping + tax.
    #[serde(default)]
    pub total_minor: Option<i64>,
    #[schema(value_type = Object)]
    pub shipping_address: Map<String, Value>,
    #[serde(default)]
    pub phone: Option<String>,
    #[serde(default)]
    pub payments: Vec<IngestPayment>,
    #[serde(default)]
    pub shipments: Vec<IngestShipment>,
    /// Who cancelled a cancelled order: `seller`, `buyer` or `platform`
    /// (a seller's cancellation counts in their standards).
    #[serde(default)]
    pub cancelled_by: Option<Canceller>,
    /// Coupon codes the customer entered at checkout.
    #[serde(default)]
    pub coupon_codes: Vec<String>,
    /// When the platform last changed its copy (RFC 3339). A change
    /// marketdesk made later is kept; without it, marketdesk's changes are
    /// kept (the feed cannot say it is newer).
    #[serde(default)]
    pub updated_at: Option<String>,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct IngestBatch {
    pub orders: Vec<IngestOrder>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct IngestResult {
    pub external_id: String,
    pub order_id: Option<i64>,
    /// `created`, `updated` or `rejected`.
    pub outcome: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// A listing snapshot's largest JSON, in bytes.
const MAX_LISTING_BYTES: usize = 16 * 1024;

/// The line number of the feed's `i`th line.
fn row_no(i: usize) -> i64 {
    i as i64 + 1
}

pub(crate) fn time(field: &'static str, text: &str) -> Result<Millis> {
    time::OffsetDateTime::parse(text, &time::format_description::well_known::Rfc3339)
        .map(|t| (t.unix_timestamp_nanos() / 1_000_000) as Millis)
        .map_err(|_| {
            ServiceError::field(
                field,
                format!(
                    "'{}' is not an RFC 3339 time such as 2026-11-02T10:00:00Z",
                    text.chars().take(40).collect::<String>()
                ),
            )
        })
}

pub(crate) fn amount(field: &'static str, value: i64) -> Result<i64> {
    if (0..=1_000_000_000_000).contains(&value) {
        Ok(value)
    } else {
        Err(ServiceError::field(
            field,
            "must be between 0 and 10^12 minor units",
        ))
    }
}

impl Services {
    /// Upserts one order (admin token with `commerce:write`).
    pub async fn ingest_order(
        &self,
        viewer: &Viewer,
        input: IngestOrder,
    ) -> Result<(IngestResult, OrderDetail)> {
        if !viewer.may(Permission::IngestCommerce) {
            return Err(ServiceError::forbidden("ingest commerce data"));
        }
        let result = self.upsert_order(viewer, &input).await?;
        let detail = self
            .get_order(viewer, &result.order_id.unwrap_or_default().to_string())
            .await?;
        Ok((result, detail))
    }

    /// Upserts up to 500 orders, each in its own transaction: one bad order
    /// is rejected with its reason and does not hold back the others.
    pub async fn ingest_batch(
        &self,
        viewer: &Viewer,
        batch: IngestBatch,
    ) -> Result<Vec<IngestResult>> {
        if !viewer.may(Permission::IngestCommerce) {
            return Err(ServiceError::forbidden("ingest commerce data"));
        }
        if batch.orders.is_empty() || batch.orders.len() > 500 {
            return Err(ServiceError::field(
                "orders",
                "send 1 to 500 orders per batch",
            ));
        }
        let mut results = Vec::with_capacity(batch.orders.len());
        for order in &batch.orders {
            match self.upsert_order(viewer, order).await {
                Ok(r) => results.push(r),
                Err(e @ ServiceError::Store(_)) | Err(e @ ServiceError::Unexpected(_)) => {
                    return Err(e);
                }
                Err(e) => results.push(IngestResult {
                    external_id: order.external_id.clone(),
                    order_id: None,
                    outcome: "rejected".into(),
                    error: Some(e.to_string()),
                }),
            }
        }
        Ok(results)
    }

    async fn upsert_order(&self, viewer: &Viewer, input: &IngestOrder) -> Result<IngestResult> {
        let external_id = required_line("external_id", &input.external_id, 128)?;
        let number = required_line("number", &input.number, 64)?;
        let currency = Currency::parse(&input.currency)
            .map_err(|e| ServiceError::field("currency", e.to_string()))?;
        let placed_at = time("placed_at", &input.placed_at)?;
        let feed_at = input
            .updated_at
            .as_deref()
            .map(|t| time("updated_at", t))
            .transpose()?;
        if input.lines.is_empty() || input.lines.len() > 200 {
            return Err(ServiceError::field("lines", "an order has 1 to 200 lines"));
        }
        let mut subtotal = 0i64;
        let mut line_discounts = 0i64;
        for line in &input.lines {
            if !(1..=100_000).contains(&line.quantity) {
                return Err(ServiceError::field(
                    "lines.quantity",
                    "must be between 1 and 100000",
                ));
            }
            subtotal += amount("lines.unit_price_minor", line.unit_price_minor)? * line.quantity;
            line_discounts += amount("lines.discount_minor", line.discount_minor)?;
        }
        let total = match input.total_minor {
            Some(t) => amount("total_minor", t)?,
            None => {
                subtotal - line_discounts - amount("discount_minor", input.discount_minor)?
                    + amount("shipping_minor", input.shipping_minor)?
                    + amount("tax_minor", input.tax_minor)?
            }
        };
        let now = now_ms();
        let mut tx = self.store.begin().await?;
        let customer = upsert_person(&mut tx, &input.customer, Role::Customer, now).await?;
        let existing = ingest::order_by_external_id(&mut tx, &external_id).await?;
        let existing = match existing {
            Some(o) => Some(o),
            None => match commerce::find_order_by_number(&mut tx, &number).await? {
                Some(o) if o.external_id.is_some() => {
                    return Err(ServiceError::Conflict(format!(
                        "order number {number} belongs to another external_id"
                    )));
                }
                other => other,
            },
        };
        let mut order = OrderRow {
            id: 0,
            number: number.clone(),
            external_id: Some(external_id.clone()),
            customer_id: customer.id,
            status: input.status,
            currency: currency.code().to_string(),
            subtotal_minor: subtotal,
            discount_minor: input.discount_minor,
            shipping_minor: input.shipping_minor,
            tax_minor: input.tax_minor,
            total_minor: total,
            shipping_address: Value::Object(input.shipping_address.clone()),
            phone: input.phone.clone(),
            placed_at,
            updated_at: now,
        };
        let created = existing.is_none();
        match &existing {
            Some(old) => {
                if old.number != number {
                    return Err(ServiceError::field(
                        "number",
                        format!("order {external_id} is {}, not {number}", old.number),
                    ));
                }
                if !can_move(old.status, input.status) {
                    return Err(ServiceError::Conflict(format!(
                        "order {number} cannot go from {} to {}",
                        old.status, input.status
                    )));
                }
                order.id = old.id;
                keep_local_changes(&mut tx, &mut order, feed_at, now).await?;
                let lines = commerce::lines_of(&mut tx, old.id).await?;
                if input.lines.len() < lines.len() {
                    return Err(ServiceError::field(
                        "lines",
                        "lines cannot be removed from an order; cancel them instead",
                    ));
                }
                commerce::update_order(&mut tx, &order).await?;
                ingest::set_customer(&mut tx, old.id, customer.id).await?;
                sqlx_external_id(&mut tx, old.id, &external_id).await?;
            }
            None => {
                order.id = commerce::insert_order(&mut tx, &order).await?;
                // Its history starts with the status the platform first told.
                commerce::record_status(&mut tx, order.id, order.status, now).await?;
            }
        }
        let existing_lines = commerce::lines_of(&mut tx, order.id).await?;
        let local = if created {
            Vec::new()
        } else {
            commerce::local_changes(&mut tx, order.id).await?
        };
        for (i, line) in input.lines.iter().enumerate() {
            let seller_id = match &line.seller {
                Some(seller) => Some(upsert_person(&mut tx, seller, Role::Seller, now).await?.id),
                None => None,
            };
            let row = OrderLineRow {
                id: 0,
                order_id: order.id,
                line_no: row_no(i),
                sku: required_line("lines.sku", &line.sku, 64)?,
                title: required_line("lines.title", &line.title, 250)?,
                variant: Value::Object(line.variant.clone().unwrap_or_default()),
                category: required_line("lines.category", &line.category, 64)?,
                quantity: line.quantity,
                unit_price_minor: line.unit_price_minor,
                discount_minor: line.discount_minor,
                seller_id,
                final_sale: line.final_sale,
                cancelled_quantity: 0,
            };
            if let Some(current) = existing_lines.iter().find(|l| l.line_no == row.line_no) {
                let mut row = row;
                let field = format!("line:{}:variant", row.line_no);
                if let Some((_, value, at)) = local.iter().find(|(f, _, _)| *f == field) {
                    match settle(feed_at, *at, value, &row.variant) {
                        Settled::Local => {
                            row.variant = current.variant.clone();
                            row.sku = current.sku.clone();
                            row.unit_price_minor = current.unit_price_minor;
                        }
                        Settled::Conflict => {
                            commerce::add_conflict(
                                &mut tx,
                                order.id,
                                &field,
                                value,
                                &row.variant,
                                now,
                            )
                            .await?;
                            commerce::forget_local_change(&mut tx, order.id, &field).await?;
                        }
                        Settled::Agree => {
                            commerce::forget_local_change(&mut tx, order.id, &field).await?;
                        }
                    }
                }
                ingest::update_line(&mut tx, &row).await?;
            } else {
                commerce::insert_line(&mut tx, &row).await?;
            }
            if let Some(listing) = &line.listing {
                let json = Value::Object(listing.clone()).to_string();
                if json.len() > MAX_LISTING_BYTES {
                    return Err(ServiceError::field(
                        "lines.listing",
                        format!("at most {} KiB", MAX_LISTING_BYTES / 1024),
                    ));
                }
                marketdesk_store::seller_standards::keep_listing(
                    &mut tx,
                    order.id,
                    row_no(i),
                    &json,
                )
                .await?;
            }
        }
        if let Some(by) = input.cancelled_by {
            marketdesk_store::seller_standards::set_cancelled_by(
                &mut tx,
                order.id,
                Some(by.as_str()),
            )
            .await?;
        }
        for p in &input.payments {
            upsert_payment(&mut tx, &order, p).await?;
        }
        for s in &input.shipments {
            upsert_shipment(&mut tx, &order, s, now).await?;
        }
        if input.coupon_codes.len() > 20 {
            return Err(ServiceError::field("coupon_codes", "at most 20 codes"));
        }
        for code in &input.coupon_codes {
            let code = required_line("coupon_codes", code, 64)?.to_uppercase();
            marketdesk_store::promotions::add_order_coupon(&mut tx, order.id, &code).await?;
        }
        // Changes the customer was to pay for: made if the feed carries them.
        super::settle_pending_changes(&mut tx, &order).await?;
        audit::record(
            &mut tx,
            &AuditEntry {
                id: 0,
                subject_type: "order".into(),
                subject_id: order.id,
                ticket_id: None,
                actor_id: actor_id(viewer),
                action: if created {
                    "ingested"
                } else {
                    "ingest_updated"
                }
                .into(),
                field: Some("status".into()),
                old_value: existing.as_ref().map(|o| o.status.to_string()),
                new_value: Some(order.status.to_string()),
                created_at: now,
            },
        )
        .await?;
        tx.commit().await?;
        Ok(IngestResult {
            external_id,
            order_id: Some(order.id),
            outcome: if created { "created" } else { "updated" }.into(),
            error: None,
        })
    }
}

/// How a local change and a feed's value come together.
#[derive(Debug, PartialEq, Eq)]
enum Settled {
    /// The feed is older (or cannot say): marketdesk's change stays.
    Local,
    /// The feed is newer and says the same (the platform took the change).
    Agree,
    /// The feed is newer and says otherwise: it is taken, and flagged.
    Conflict,
}

fn settle(
    feed_at: Option<marketdesk_domain::Millis>,
    changed_at: marketdesk_domain::Millis,
    local: &Value,
    feed: &Value,
) -> Settled {
    match feed_at {
        Some(at) if at > changed_at => {
            if local == feed {
                Settled::Agree
            } else {
                Settled::Conflict
            }
        }
        _ => Settled::Local,
    }
}

/// The order's address and phone as marketdesk changed them, unless the
/// feed is newer; a newer feed that disagrees is flagged for an agent.
async fn keep_local_changes(
    conn: &mut Conn,
    order: &mut OrderRow,
    feed_at: Option<marketdesk_domain::Millis>,
    now: marketdesk_domain::Millis,
) -> Result<()> {
    for (field, value, at) in commerce::local_changes(conn, order.id).await? {
        let feed = match field.as_str() {
            "shipping_address" => order.shipping_address.clone(),
            "phone" => order.phone.clone().map(Value::from).unwrap_or(Value::Null),
            _ => continue,
        };
        match settle(feed_at, at, &value, &feed) {
            Settled::Local => match field.as_str() {
                "shipping_address" => order.shipping_address = value,
                _ => order.phone = value.as_str().map(str::to_string),
            },
            Settled::Conflict => {
                commerce::add_conflict(conn, order.id, &field, &value, &feed, now).await?;
                commerce::forget_local_change(conn, order.id, &field).await?;
            }
            Settled::Agree => commerce::forget_local_change(conn, order.id, &field).await?,
        }
    }
    Ok(())
}

async fn sqlx_external_id(conn: &mut Conn, order_id: i64, external_id: &str) -> Result<()> {
    // An order first created by hand gets the platform's id on its first feed.
    let order = commerce::get_order(conn, order_id).await?;
    if order.is_some_and(|o| o.external_id.is_none()) {
        marketdesk_store::ingest::set_order_external_id(conn, order_id, external_id).await?;
    }
    Ok(())
}

pub(crate) async fn upsert_person(
    conn: &mut Conn,
    input: &IngestPerson,
    role: Role,
    now: Millis,
) -> Result<PersonRow> {
    let email = EmailAddress::parse(&input.email)?;
    let language = LanguageTag::parse(input.language.as_deref().unwrap_or("en"))?;
    let external_id = input
        .external_id
        .as_deref()
        .map(|e| required_line("external_id", e, 128))
        .transpose()?;
    let found = match &external_id {
        Some(ext) => ingest::person_by_external_id(conn, ext).await?,
        None => None,
    };
    let found = match found {
        Some(p) => Some(p),
        None => people::find_by_email(conn, email.as_str()).await?,
    };
    if let Some(mut person) = found {
        if person.role.is_staff() {
            return Err(ServiceError::field("email", "belongs to a staff account"));
        }
        if let Some(name) = &input.name {
            person.name = required_line("name", name, 200)?;
        }
        person.language = language.as_str().to_string();
        if input.phone.is_some() {
            person.phone = input.phone.clone();
        }
        people::update_profile(conn, &person, now).await?;
        if let Some(ext) = &external_id {
            ingest::set_person_external_id(conn, person.id, ext).await?;
        }
        return Ok(person);
    }
    let fallback = email
        .as_str()
        .split('@')
        .next()
        .unwrap_or("customer")
        .to_string();
    let name = input
        .name
        .as_deref()
        .map(|n| required_line("name", n, 200))
        .transpose()?
        .unwrap_or(fallback);
    let id = people::insert(
        conn,
        &NewPerson {
            role,
            email: email.as_str(),
            name: &name,
            language: language.as_str(),
            time_zone: "UTC",
            phone: input.phone.as_deref(),
            password_hash: None,
            external_id: external_id.as_deref(),
            now,
        },
    )
    .await?;
    people::get(conn, id)
        .await?
        .ok_or(ServiceError::NotFound("person"))
}

async fn upsert_payment(conn: &mut Conn, order: &OrderRow, p: &IngestPayment) -> Result<()> {
    let reference = required_line("payments.reference", &p.reference, 128)?;
    let status = PaymentStatus::parse(&p.status).map_err(|_| {
        ServiceError::field("payments.status", "must be succeeded, failed or pending")
    })?;
    let row = PaymentRow {
        id: 0,
        order_id: order.id,
        kind: p.kind,
        method: p.method,
        status,
        amount_minor: amount("payments.amount_minor", p.amount_minor)?,
        currency: order.currency.clone(),
        decline_code: p.decline_code.clone(),
        provider_reference: reference.clone(),
        created_at: time("payments.created_at", &p.created_at)?,
    };
    let due = p
        .dispute
        .as_ref()
        .and_then(|d| d.respond_by.as_deref())
        .map(|at| time("payments.dispute.respond_by", at))
        .transpose()?;
    let id = match ingest::payment_by_reference(conn, order.id, &reference).await? {
        Some((id, _)) => {
            ingest::update_payment(conn, id, &row).await?;
            id
        }
        None => commerce::insert_payment(conn, &row).await?,
    };
    let dispute = p
        .dispute
        .as_ref()
        .map(|d| (d.status.as_str(), d.reason.as_str(), due));
    commerce::set_payment_dispute(conn, id, dispute).await?;
    Ok(())
}

async fn upsert_shipment(
    conn: &mut Conn,
    order: &OrderRow,
    s: &IngestShipment,
    now: Millis,
) -> Result<()> {
    let carrier = required_line("shipments.carrier", &s.carrier, 64)?;
    let tracking = required_line("shipments.tracking_number", &s.tracking_number, 64)?;
    // Exceptions come in the documented normalized form, so the watch
    // acts on what the carrier said (docs/API.md, Ingest).
    if let Some(reason) = &s.exception_reason
        && marketdesk_domain::commerce::ShipmentException::parse(reason).is_err()
    {
        return Err(ServiceError::field(
            "shipments.exception_reason",
            format!(
                "'{}' is not one of customs_hold, lost, damaged, returned_to_sender, address_issue, delayed",
                reason.chars().take(40).collect::<String>()
            ),
        ));
    }
    let mut row = ShipmentRow {
        id: 0,
        order_id: order.id,
        carrier: carrier.clone(),
        tracking_number: tracking.clone(),
        status: s.status,
        exception_reason: s.exception_reason.clone(),
        cross_border: s.cross_border,
        estimated_delivery_at: s
            .estimated_delivery_at
            .as_deref()
            .map(|t| time("shipments.estimated_delivery_at", t))
            .transpose()?,
        label_created_at: time("shipments.label_created_at", &s.label_created_at)?,
        delivered_at: s
            .delivered_at
            .as_deref()
            .map(|t| time("shipments.delivered_at", t))
            .transpose()?,
        created_at: now,
        updated_at: now,
        flagged_trouble: None,
    };
    row.id = match ingest::shipment_by_tracking(conn, &carrier, &tracking).await? {
        Some(existing) if existing.order_id != order.id => {
            return Err(ServiceError::Conflict(format!(
                "tracking number {tracking} belongs to another order"
            )));
        }
        Some(existing) => {
            row.id = existing.id;
            ingest::update_shipment(conn, &row).await?;
            existing.id
        }
        None => commerce::insert_shipment(conn, &row, &[]).await?,
    };
    if s.events.len() > 200 {
        return Err(ServiceError::field(
            "shipments.events",
            "at most 200 events per shipment",
        ));
    }
    for e in &s.events {
        let at = time("shipments.events.occurred_at", &e.occurred_at)?;
        if !ingest::event_exists(conn, row.id, at, e.status).await? {
            commerce::insert_tracking_event(
                conn,
                &TrackingEventRow {
                    id: 0,
                    shipment_id: row.id,
                    occurred_at: at,
                    status: e.status,
                    location: e.location.chars().take(200).collect(),
                    description: e.description.chars().take(500).collect(),
                },
            )
            .await?;
        }
    }
    Ok(())
}
