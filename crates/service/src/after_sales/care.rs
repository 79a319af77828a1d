//! Care beyond refunds, on the same action path: size or colour changes,
//! rescheduling a delivery, reshipping, carrier claims, compensation, payment
//! problems explained, and the unauthorized-charge security path.

use marketdesk_domain::access::Permission;
use marketdesk_domain::commerce::{PaymentKind, ShipmentStatus};
use marketdesk_domain::i18n::Lang;
use marketdesk_domain::orders::OrderChange;
use marketdesk_domain::payments::{duplicate_charge, explain_decline};
use marketdesk_domain::promotions::{Coupon, CouponKind, Scope};
use marketdesk_domain::text::required_line;
use marketdesk_domain::{Channel, DAY_MS, MessageKind, Priority, TicketStatus};
use marketdesk_store::commerce;
use marketdesk_store::refunds::{self as store_refunds, RefundRow};
use marketdesk_store::requests::{self, OrderRequest};
use marketdesk_store::tickets::{self as store_tickets, MessageRow, TicketRow};
use marketdesk_store::{audit, ingest, outbox, people, promotions};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};
use utoipa::ToSchema;

use crate::after_sales::{ActionOutcome, COUPON, Start, fingerprint, ledger, money};
use crate::commerce::{OrderView, RefundView};
use crate::kernel::auth::{actor_id, new_secret};
use crate::kernel::html;
use crate::{Result, ServiceError, Services, Viewer, now_ms, rfc3339};

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ChangeVariant {
    pub line_id: i64,
    /// The new size, colour… such as {"size": "L"}; same price.
    #[schema(value_type = Object)]
    pub variant: Map<String, Value>,
    #[serde(default)]
    pub ticket_id: Option<i64>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Reschedule {
    #[serde(default)]
    pub shipment_id: Option<i64>,
    /// A new delivery date, YYYY-MM-DD.
    #[serde(default)]
    pub date: Option<String>,
    /// Or a pickup point (the carrier's id or address).
    #[serde(default)]
    pub pickup_point: Option<String>,
    #[serde(default)]
    pub ticket_id: Option<i64>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CareRequest {
    /// `reship` (a replacement parcel), `carrier_claim` or `compensation`.
    pub kind: String,
    #[serde(default)]
    pub shipment_id: Option<i64>,
    /// For a claim: the amount claimed; for compensation: the coupon's value (minor units).
    #[serde(default)]
    pub amount_minor: Option<i64>,
    pub reason: String,
    #[serde(default)]
    pub ticket_id: Option<i64>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DeclineView {
    pub reference: String,
    pub code: String,
    pub explanation: String,
}

/// Everything about the money of an order, for "why was I charged" and
/// "where is my refund".
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PaymentReport {
    pub currency: String,
    pub captured_minor: i64,
    pub refunded_minor: i64,
    pub declines: Vec<DeclineView>,
    /// Set when the order was charged twice: the amount to refund.
    pub duplicate_charge_minor: Option<i64>,
    pub refunds: Vec<RefundView>,
    /// For each refund: the reference to give the bank if it has not arrived.
    pub bank_references: Vec<(i64, String)>,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UnauthorizedCharge {
    pub description: String,
}

impl Services {
    /// Changes the size or colour of a line (until packed).
    pub async fn change_variant(
        &self,
        viewer: &Viewer,
        order_ref: &str,
        input: ChangeVariant,
        key: Option<&str>,
    ) -> Result<ActionOutcome> {
        if input.variant.is_empty()
            || input.variant.len() > 10
            || input.variant.values().any(|v| !v.is_string())
        {
            return Err(ServiceError::field(
                "variant",
                "give 1 to 10 attributes with text values, such as {\"size\": \"L\"}",
            ));
        }
        let print = fingerprint("variant_changed", &input);
        let mut begun = match self
            .begin_change(
                viewer,
                order_ref,
                "variant_changed",
                OrderChange::Variant,
                key,
                &print,
            )
            .await?
        {
            Start::Replay(outcome) => return Ok(*outcome),
            Start::Go(b) => *b,
        };
        let lines = commerce::lines_of(&mut begun.tx, begun.order.id).await?;
        let mut line = lines
            .into_iter()
            .find(|l| l.id == input.line_id)
            .ok_or_else(|| {
                ServiceError::field(
                    "line_id",
                    format!("order {} has no line {}", begun.order.number, input.line_id),
                )
            })?;
        let old = line.variant.clone();
        line.variant = Value::Object(input.variant.clone());
        ingest::update_line(&mut begun.tx, &line).await?;
        let described = input
            .variant
            .iter()
            .map(|(k, v)| format!("{k} {}", v.as_str().unwrap_or_default()))
            .collect::<Vec<_>>()
            .join(", ");
        let message = match begun.lang {
            Lang::En => format!(
                "Done: {} in order {} is now {described}.",
                line.title, begun.order.number
            ),
            Lang::Zh => format!(
                "已完成：订单 {} 中的“{}”已改为 {described}。",
                begun.order.number, line.title
            ),
            Lang::Es => format!(
                "Hecho: «{}» del pedido {} ahora es {described}.",
                line.title, begun.order.number
            ),
        };
        let outcome = plain_outcome("variant_changed", message, &begun.order);
        let event = json!({"line_id": line.id, "sku": line.sku, "variant": line.variant, "previous_variant": old});
        let changes = vec![(
            "variant",
            Some(format!("{}: {old}", line.sku)),
            Some(format!("{}: {}", line.sku, line.variant)),
        )];
        self.finish_action(
            begun,
            viewer,
            "variant_changed",
            key,
            &print,
            input.ticket_id,
            changes,
            event,
            outcome,
        )
        .await
    }

    /// A missed delivery or a parcel back at the station: a new date or a
    /// pickup point, sent to the carrier through the platform and confirmed.
    pub async fn reschedule_delivery(
        &self,
        viewer: &Viewer,
        order_ref: &str,
        input: Reschedule,
        key: Option<&str>,
    ) -> Result<ActionOutcome> {
        let date = input.date.as_deref().map(parse_date).transpose()?;
        let pickup = input
            .pickup_point
            .as_deref()
            .map(|p| required_line("pickup_point", p, 200))
            .transpose()?;
        if date.is_none() == pickup.is_none() {
            return Err(ServiceError::field(
                "date",
                "give either a date or a pickup_point",
            ));
        }
        let print = fingerprint("delivery_rescheduled", &input);
        let mut begun = match self
            .begin_action(viewer, order_ref, "delivery_rescheduled", key, &print, true)
            .await?
        {
            Start::Replay(outcome) => return Ok(*outcome),
            Start::Go(b) => *b,
        };
        let now = now_ms();
        if let Some(d) = date {
            let today = time::OffsetDateTime::from_unix_timestamp(now / 1000)
                .map(|t| t.date())
                .unwrap_or(d);
            if d <= today || d > today + time::Duration::days(30) {
                return Err(ServiceError::field(
                    "date",
                    "must be within the next 30 days",
                ));
            }
        }
        let shipments = commerce::shipments_of(&mut begun.tx, begun.order.id).await?;
        let shipment = match input.shipment_id {
            Some(id) => shipments.iter().find(|(s, _)| s.id == id),
            None => shipments
                .iter()
                .find(|(s, _)| s.status != ShipmentStatus::Delivered),
        };
        let Some((shipment, _)) = shipment else {
            return Err(ServiceError::field(
                "shipment_id",
                "this order has no parcel on its way",
            ));
        };
        if matches!(
            shipment.status,
            ShipmentStatus::Delivered | ShipmentStatus::Pending | ShipmentStatus::InfoReceived
        ) {
            return Err(ServiceError::Conflict(format!(
                "parcel {} is {}: there is no delivery to reschedule",
                shipment.tracking_number, shipment.status
            )));
        }
        let details = json!({"date": date.map(|d| d.to_string()), "pickup_point": pickup, "carrier": shipment.carrier, "tracking_number": shipment.tracking_number});
        requests::insert(
            &mut begun.tx,
            &OrderRequest {
                id: 0,
                order_id: begun.order.id,
                shipment_id: Some(shipment.id),
                kind: "reschedule".into(),
                state: "requested".into(),
                details: details.clone(),
                ticket_id: input.ticket_id,
                created_by: actor_id(viewer),
                created_at: now,
                updated_at: now,
            },
        )
        .await?;
        let when = date
            .map(|d| d.to_string())
            .or(pickup.clone())
            .unwrap_or_default();
        let message = match (begun.lang, date.is_some()) {
            (Lang::En, true) => format!(
                "Done: we asked {} to deliver order {} on {when}. You will get a confirmation from the carrier.",
                shipment.carrier, begun.order.number
            ),
            (Lang::En, false) => format!(
                "Done: {} will leave order {} at the pickup point {when}.",
                shipment.carrier, begun.order.number
            ),
            (Lang::Zh, true) => format!(
                "已完成：我们已请 {} 于 {when} 派送订单 {}，承运商会向您发送确认。",
                shipment.carrier, begun.order.number
            ),
            (Lang::Zh, false) => format!(
                "已完成：{} 会将订单 {} 送至自提点 {when}。",
                shipment.carrier, begun.order.number
            ),
            (Lang::Es, true) => format!(
                "Hecho: hemos pedido a {} que entregue el pedido {} el {when}. El transportista te enviará una confirmación.",
                shipment.carrier, begun.order.number
            ),
            (Lang::Es, false) => format!(
                "Hecho: {} dejará el pedido {} en el punto de recogida {when}.",
                shipment.carrier, begun.order.number
            ),
        };
        if let Some(customer) = people::get(&mut begun.tx, begun.order.customer_id).await? {
            outbox::enqueue(
                &mut begun.tx,
                &customer.email,
                &format!("{} — {}", begun.order.number, when),
                &message,
                "delivery_rescheduled",
                now,
            )
            .await?;
        }
        let outcome = plain_outcome("delivery_rescheduled", message, &begun.order);
        let changes = vec![("delivery", None, Some(details.to_string()))];
        self.finish_action(
            begun,
            viewer,
            "delivery_rescheduled",
            key,
            &print,
            input.ticket_id,
            changes,
            json!({"request": details}),
            outcome,
        )
        .await
    }

    /// Staff: reship a replacement, file a carrier claim, or compensate with a
    /// single-use coupon (within the actor's refund limit).
    pub async fn care_request(
        &self,
        viewer: &Viewer,
        order_ref: &str,
        input: CareRequest,
        key: Option<&str>,
    ) -> Result<ActionOutcome> {
        let reason = required_line("reason", &input.reason, 500)?;
        if !matches!(
            input.kind.as_str(),
            "reship" | "carrier_claim" | "compensation"
        ) {
            return Err(ServiceError::field(
                "kind",
                "must be reship, carrier_claim or compensation",
            ));
        }
        let action = match input.kind.as_str() {
            "reship" => "reship_requested",
            "carrier_claim" => "claim_filed",
            _ => "compensated",
        };
        let print = fingerprint(action, &input);
        let mut begun = match self
            .begin_action(viewer, order_ref, action, key, &print, false)
            .await?
        {
            Start::Replay(outcome) => return Ok(*outcome),
            Start::Go(b) => *b,
        };
        let now = now_ms();
        let shipments = commerce::shipments_of(&mut begun.tx, begun.order.id).await?;
        let shipment = input
            .shipment_id
            .map(|id| {
                shipments
                    .iter()
                    .find(|(s, _)| s.id == id)
                    .map(|(s, _)| s.clone())
                    .ok_or_else(|| {
                        ServiceError::field(
                            "shipment_id",
                            format!("order {} has no shipment {id}", begun.order.number),
                        )
                    })
            })
            .transpose()?;
        let mut compensation = None;
        let (message, details) = match input.kind.as_str() {
            "reship" => {
                let lines: Vec<Value> = commerce::lines_of(&mut begun.tx, begun.order.id)
                    .await?
                    .iter()
                    .map(|l| json!({"sku": l.sku, "quantity": l.quantity - l.cancelled_quantity}))
                    .collect();
                let details = json!({"replaces_shipment": shipment.as_ref().map(|s| s.id), "lines": lines, "reason": reason});
                let msg = match begun.lang {
                    Lang::En => format!(
                        "We are sending a replacement for order {} at no cost to you; you will get its tracking number soon.",
                        begun.order.number
                    ),
                    Lang::Zh => format!(
                        "我们将免费为订单 {} 补发商品，稍后会发送新的物流单号。",
                        begun.order.number
                    ),
                    Lang::Es => format!(
                        "Te enviamos un reemplazo del pedido {} sin coste; pronto recibirás el número de seguimiento.",
                        begun.order.number
                    ),
                };
                (msg, details)
            }
            "carrier_claim" => {
                let Some(shipment) = &shipment else {
                    return Err(ServiceError::field(
                        "shipment_id",
                        "a claim names the shipment",
                    ));
                };
                let amount = input.amount_minor.unwrap_or(begun.order.total_minor);
                if amount <= 0 || amount > begun.order.total_minor {
                    return Err(ServiceError::field(
                        "amount_minor",
                        "a claim is for more than zero and at most the order's total",
                    ));
                }
                let details = json!({"carrier": shipment.carrier, "tracking_number": shipment.tracking_number, "amount_minor": amount, "reason": reason});
                let msg = match begun.lang {
                    Lang::En => format!(
                        "We have filed a claim with {} about order {}; you do not need to do anything.",
                        shipment.carrier, begun.order.number
                    ),
                    Lang::Zh => format!(
                        "我们已就订单 {} 向 {} 提出理赔，您无需任何操作。",
                        begun.order.number, shipment.carrier
                    ),
                    Lang::Es => format!(
                        "Hemos presentado una reclamación a {} por el pedido {}; no tienes que hacer nada.",
                        shipment.carrier, begun.order.number
                    ),
                };
                (msg, details)
            }
            _ => {
                let amount = input.amount_minor.ok_or_else(|| {
                    ServiceError::field("amount_minor", "compensation needs an amount")
                })?;
                if amount <= 0 {
                    return Err(ServiceError::field(
                        "amount_minor",
                        "must be more than zero",
                    ));
                }
                // Compensation counts toward the same limits as refunds;
                // above them it waits in the approval queue.
                let pending = self
                    .needs_approval(&mut begun.tx, viewer, &begun.order, amount)
                    .await?;
                let mut row = RefundRow {
                    id: 0,
                    order_id: begun.order.id,
                    ticket_id: input.ticket_id,
                    amount_minor: amount,
                    currency: begun.order.currency.clone(),
                    destination: COUPON.into(),
                    reason: reason.clone(),
                    status: if pending {
                        "pending_approval"
                    } else {
                        "completed"
                    }
                    .into(),
                    requested_by: actor_id(viewer),
                    decided_by: if pending { None } else { actor_id(viewer) },
                    decision_note: None,
                    payment_id: None,
                    coupon_code: None,
                    owed_by_policy: false,
                    created_at: now,
                    updated_at: now,
                };
                if !pending {
                    row.coupon_code =
                        Some(issue_compensation_coupon(&mut begun.tx, amount, now).await?);
                }
                row.id = store_refunds::insert(&mut begun.tx, &row).await?;
                compensation = Some(RefundView::new(&row, self.policy()));
                let value = money(amount, &begun.order.currency);
                let msg = match &row.coupon_code {
                    Some(code) => {
                        compensation_message(begun.lang, &begun.order.number, &value, code)
                    }
                    None => compensation_pending_message(begun.lang, &begun.order.number, &value),
                };
                (
                    msg,
                    json!({"coupon": row.coupon_code, "amount_minor": amount, "reason": reason, "refund_id": row.id, "status": row.status}),
                )
            }
        };
        let state = if input.kind == "carrier_claim" {
            "filed"
        } else {
            "requested"
        };
        if input.kind != "compensation" {
            requests::insert(
                &mut begun.tx,
                &OrderRequest {
                    id: 0,
                    order_id: begun.order.id,
                    shipment_id: shipment.as_ref().map(|s| s.id),
                    kind: input.kind.clone(),
                    state: state.into(),
                    details: details.clone(),
                    ticket_id: input.ticket_id,
                    created_by: actor_id(viewer),
                    created_at: now,
                    updated_at: now,
                },
            )
            .await?;
        }
        let mut outcome = plain_outcome(action, message, &begun.order);
        if let Some(view) = compensation {
            if view.status == "pending_approval" {
                outcome.status = "pending_approval".into();
            }
            outcome.refund = Some(view);
        }
        let changes = vec![(input.kind.as_str(), None, Some(details.to_string()))];
        self.finish_action(
            begun,
            viewer,
            action,
            key,
            &print,
            input.ticket_id,
            changes,
            details,
            outcome,
        )
        .await
    }

    /// Declines explained, a double charge found, refunds with their dates
    /// and bank references.
    pub async fn payment_report(
        &self,
        viewer: &Viewer,
        order_ref: &str,
        lang: Option<&str>,
    ) -> Result<PaymentReport> {
        let detail = self.whole_order(viewer, order_ref).await?;
        let mut conn = self.store.reader().await?;
        let language = match lang {
            Some(l) => l.to_string(),
            None => people::get(&mut conn, detail.order.customer_id)
                .await?
                .map(|c| c.language)
                .unwrap_or_else(|| "en".into()),
        };
        let lang = Lang::from_tag(&language);
        let (ledger, payments) = ledger(&mut conn, detail.order.id).await?;
        let captures: Vec<i64> = payments
            .iter()
            .filter(|p| p.kind == PaymentKind::Capture && p.status == "succeeded")
            .map(|p| p.amount_minor)
            .collect();
        let refunded: i64 = payments
            .iter()
            .filter(|p| p.kind == PaymentKind::Refund && p.status == "succeeded")
            .map(|p| p.amount_minor)
            .sum();
        let declines = payments
            .iter()
            .filter(|p| p.status == "failed" || p.kind == PaymentKind::Failure)
            .map(|p| {
                let code = p
                    .decline_code
                    .clone()
                    .unwrap_or_else(|| "generic_decline".into());
                DeclineView {
                    reference: p.provider_reference.clone(),
                    explanation: explain_decline(&code, lang),
                    code,
                }
            })
            .collect();
        let refunds = marketdesk_store::refunds::of_order(&mut conn, detail.order.id).await?;
        let bank_references = refunds
            .iter()
            .filter_map(|r| {
                let payment = payments.iter().find(|p| Some(p.id) == r.payment_id)?;
                Some((r.id, payment.provider_reference.clone()))
            })
            .collect();
        Ok(PaymentReport {
            currency: detail.order.currency.clone(),
            captured_minor: ledger.captured,
            refunded_minor: refunded,
            declines,
            duplicate_charge_minor: duplicate_charge(detail.order.total_minor, &captures, refunded),
            refunds: refunds
                .iter()
                .map(|r| RefundView::new(r, self.policy()))
                .collect(),
            bank_references,
        })
    }

    /// "I did not make this purchase": the account is frozen for review, a
    /// high-priority ticket goes to the payments team, and the customer is told.
    pub async fn report_unauthorized_charge(
        &self,
        viewer: &Viewer,
        order_ref: &str,
        input: UnauthorizedCharge,
    ) -> Result<crate::tickets::TicketView> {
        if !viewer.may(Permission::CreateTicket) {
            return Err(ServiceError::forbidden("report charges"));
        }
        let description =
            marketdesk_domain::text::required_text("description", &input.description, 5000)?;
        let detail = self.whole_order(viewer, order_ref).await?;
        if !(viewer.person_id == detail.order.customer_id || viewer.may(Permission::WorkTickets)) {
            return Err(ServiceError::NotFound("order"));
        }
        let now = now_ms();
        let mut tx = self.store.begin().await?;
        let customer = people::get(&mut tx, detail.order.customer_id)
            .await?
            .ok_or(ServiceError::NotFound("person"))?;
        requests::set_frozen(&mut tx, customer.id, Some(now)).await?;
        let lang = Lang::from_tag(&customer.language);
        let subject = match lang {
            Lang::En => format!("Unrecognised charge on order {}", detail.order.number),
            Lang::Zh => format!("订单 {} 的异常扣款", detail.order.number),
            Lang::Es => format!("Cargo no reconocido en el pedido {}", detail.order.number),
        };
        let ticket = TicketRow {
            id: 0,
            subject,
            requester_id: customer.id,
            channel: Channel::Web,
            status: TicketStatus::Open,
            priority: Priority::Urgent,
            assignee_id: None,
            team_id: None,
            language: customer.language.clone(),
            custom_fields: json!({"security_review": true}),
            merged_into_id: None,
            follow_up_of_id: None,
            created_at: now,
            updated_at: now,
            first_response_at: Some(now),
            solved_at: None,
            closed_at: None,
            intent: Some("unauthorized_charge".into()),
            sentiment: Some("negative".into()),
        };
        let id = store_tickets::insert(&mut tx, &ticket).await?;
        store_tickets::set_tags(
            &mut tx,
            id,
            &["unauthorized_charge".into(), "security".into()],
        )
        .await?;
        store_tickets::link_order(&mut tx, id, detail.order.id).await?;
        let author = if viewer.person_id == customer.id {
            Some(customer.id)
        } else {
            actor_id(viewer)
        };
        let reply = match lang {
            Lang::En => {
                "We have frozen your account to protect it while we review this charge. A specialist will contact you within one business day; if the charge was not yours, it will be refunded."
            }
            Lang::Zh => {
                "为保护您的账户，我们已在核查期间临时冻结账户。专员将在一个工作日内联系您；如确认非本人消费，款项将退还给您。"
            }
            Lang::Es => {
                "Hemos congelado tu cuenta para protegerla mientras revisamos este cargo. Un especialista te contactará en un día hábil; si el cargo no fue tuyo, se te devolverá."
            }
        };
        for (kind, who, text) in [
            (MessageKind::Public, author, description.as_str()),
            (MessageKind::Public, None, reply),
        ] {
            store_tickets::insert_message(
                &mut tx,
                &MessageRow {
                    id: 0,
                    ticket_id: id,
                    author_id: who,
                    kind,
                    channel: Channel::Web,
                    body_text: text.to_string(),
                    body_html: html::from_text(text),
                    created_at: now,
                },
            )
            .await?;
        }
        outbox::enqueue(
            &mut tx,
            &customer.email,
            &ticket.subject,
            reply,
            "security_freeze",
            now,
        )
        .await?;
        audit::record(
            &mut tx,
            &audit::AuditEntry {
                id: 0,
                subject_type: "person".into(),
                subject_id: customer.id,
                ticket_id: Some(id),
                actor_id: actor_id(viewer),
                action: "frozen".into(),
                field: Some("frozen_at".into()),
                old_value: None,
                new_value: Some(rfc3339(now)),
                created_at: now,
            },
        )
        .await?;
        self.queue_webhook(
            &mut tx,
            "account.frozen",
            json!({"person_id": customer.id, "order": detail.order.number, "ticket_id": id}),
            now,
        )
        .await?;
        tx.commit().await?;
        let view = self
            .get_ticket(&crate::kernel::auth::system_viewer(), id)
            .await?;
        Ok(view.ticket)
    }

    /// Ends a security review: the account works again (supervisors).
    pub async fn unfreeze(&self, viewer: &Viewer, person_id: i64) -> Result<()> {
        if !viewer.may(Permission::ManageTeams) {
            return Err(ServiceError::forbidden("unfreeze accounts"));
        }
        let now = now_ms();
        let mut tx = self.store.begin().await?;
        requests::frozen_at(&mut tx, person_id)
            .await?
            .ok_or_else(|| ServiceError::Conflict(format!("person {person_id} is not frozen")))?;
        requests::set_frozen(&mut tx, person_id, None).await?;
        audit::record(
            &mut tx,
            &audit::AuditEntry {
                id: 0,
                subject_type: "person".into(),
                subject_id: person_id,
                ticket_id: None,
                actor_id: actor_id(viewer),
                action: "unfrozen".into(),
                field: Some("frozen_at".into()),
                old_value: None,
                new_value: None,
                created_at: now,
            },
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}

/// Creates a single-use coupon of `amount` off, valid 90 days; its code.
pub(crate) async fn issue_compensation_coupon(
    tx: &mut marketdesk_store::Tx,
    amount: i64,
    now: i64,
) -> Result<String> {
    let code = format!(
        "SORRY-{}",
        new_secret("")
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .take(8)
            .collect::<String>()
            .to_uppercase()
    );
    let coupon = Coupon {
        code: code.clone(),
        kind: CouponKind::Fixed { off_minor: amount },
        valid_from: Some(now),
        valid_until: Some(now + 90 * DAY_MS),
        min_spend_minor: 0,
        scope: Scope::All,
        once_per_customer: true,
        usage_limit: Some(1),
        times_used: 0,
        stacks_with_coupons: true,
        stacks_with_thresholds: true,
    };
    let definition =
        serde_json::to_string(&coupon).map_err(|e| ServiceError::Unexpected(e.into()))?;
    promotions::put(tx, "coupon", &code, &definition, now).await?;
    Ok(code)
}

pub(crate) fn compensation_message(lang: Lang, number: &str, value: &str, code: &str) -> String {
    match lang {
        Lang::En => format!(
            "We're sorry about order {number}. Here is a {value} coupon for your next order: {code} (valid 90 days)."
        ),
        Lang::Zh => format!(
            "对于订单 {number} 给您带来的不便，我们深表歉意。送您一张 {value} 优惠券：{code}（90 天内有效）。"
        ),
        Lang::Es => format!(
            "Sentimos lo ocurrido con el pedido {number}. Aquí tienes un cupón de {value} para tu próximo pedido: {code} (válido 90 días)."
        ),
    }
}

fn compensation_pending_message(lang: Lang, number: &str, value: &str) -> String {
    match lang {
        Lang::En => format!(
            "We're sorry about order {number}. A {value} coupon is waiting for a supervisor's approval; we will write as soon as it is decided."
        ),
        Lang::Zh => format!(
            "对于订单 {number} 给您带来的不便，我们深表歉意。一张 {value} 优惠券正在等待主管批准，有结果后我们会立即通知您。"
        ),
        Lang::Es => format!(
            "Sentimos lo ocurrido con el pedido {number}. Un cupón de {value} está pendiente de la aprobación de un supervisor; te escribiremos en cuanto se decida."
        ),
    }
}

fn plain_outcome(
    action: &str,
    message: String,
    order: &marketdesk_store::commerce::OrderRow,
) -> ActionOutcome {
    ActionOutcome {
        action: action.into(),
        status: "done".into(),
        message,
        order: OrderView::from(order),
        refund: None,
        settlement: None,
        return_case: None,
        replayed: false,
    }
}

/// `YYYY-MM-DD`.
fn parse_date(text: &str) -> Result<time::Date> {
    let bad = || {
        ServiceError::field(
            "date",
            format!(
                "'{}' is not a date such as 2026-11-30",
                text.chars().take(20).collect::<String>()
            ),
        )
    };
    let mut parts = text.trim().splitn(3, '-');
    let (Some(y), Some(m), Some(d)) = (parts.next(), parts.next(), parts.next()) else {
        return Err(bad());
    };
    let (y, m, d): (i32, u8, u8) = (
        y.parse().map_err(|_| bad())?,
        m.parse().map_err(|_| bad())?,
        d.parse().map_err(|_| bad())?,
    );
    let month = time::Month::try_from(m).map_err(|_| bad())?;
    time::Date::from_calendar_date(y, month, d).map_err(|_| bad())
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RequestUpdate {
    /// reschedule: `confirmed`, `failed`; reship: `shipped`, `delivered`;
    /// carrier_claim: `accepted`, `rejected`, `paid`.
    pub state: String,
    #[serde(default)]
    pub note: Option<String>,
    /// For a reship: the replacement's tracking number; for a paid claim: the amount.
    #[serde(default)]
    pub tracking_number: Option<String>,
    #[serde(default)]
    pub amount_minor: Option<i64>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RequestView {
    pub id: i64,
    pub order_id: i64,
    pub shipment_id: Option<i64>,
    pub kind: String,
    pub state: String,
    #[schema(value_type = Object)]
    pub details: Value,
    pub created_at: String,
    pub updated_at: String,
}

impl From<&OrderRequest> for RequestView {
    fn from(r: &OrderRequest) -> Self {
        RequestView {
            id: r.id,
            order_id: r.order_id,
            shipment_id: r.shipment_id,
            kind: r.kind.clone(),
            state: r.state.clone(),
            details: r.details.clone(),
            created_at: rfc3339(r.created_at),
            updated_at: rfc3339(r.updated_at),
        }
    }
}

/// The states a request may move to from `from`.
fn next_states(kind: &str, from: &str) -> &'static [&'static str] {
    match (kind, from) {
        ("reschedule", "requested") => &["confirmed", "failed"],
        ("reship", "requested") => &["shipped"],
        ("reship", "shipped") => &["delivered"],
        ("carrier_claim", "filed") => &["accepted", "rejected"],
        ("carrier_claim", "accepted") => &["paid"],
        _ => &[],
    }
}

impl Services {
    /// Requests to carriers and warehouses of an order (staff; the customer sees theirs).
    pub async fn order_requests(
        &self,
        viewer: &Viewer,
        order_ref: &str,
    ) -> Result<Vec<RequestView>> {
        let detail = self.whole_order(viewer, order_ref).await?;
        let mut conn = self.store.reader().await?;
        Ok(requests::of_order(&mut conn, detail.order.id)
            .await?
            .iter()
            .map(RequestView::from)
            .collect())
    }

    /// Moves a reschedule, reship or carrier claim along as the carrier answers.
    pub async fn update_request(
        &self,
        viewer: &Viewer,
        id: i64,
        update: RequestUpdate,
    ) -> Result<RequestView> {
        if !(viewer.is_staff() && viewer.may(Permission::ActOnOrders)) {
            return Err(ServiceError::forbidden("update carrier requests"));
        }
        let note = update
            .note
            .as_deref()
            .map(|n| required_line("note", n, 500))
            .transpose()?;
        let now = now_ms();
        let mut tx = self.store.begin().await?;
        let mut request = requests::get(&mut tx, id)
            .await?
            .ok_or(ServiceError::NotFound("request"))?;
        if !next_states(&request.kind, &request.state).contains(&update.state.as_str()) {
            return Err(ServiceError::Conflict(format!(
                "a {} that is {} cannot become '{}'; next: {}",
                request.kind,
                request.state,
                update.state.chars().take(30).collect::<String>(),
                next_states(&request.kind, &request.state).join(", ")
            )));
        }
        let old = request.state.clone();
        request.state = update.state.clone();
        if let Value::Object(details) = &mut request.details {
            if let Some(note) = &note {
                details.insert("note".into(), json!(note));
            }
            if let Some(tracking) = &update.tracking_number {
                details.insert(
                    "replacement_tracking_number".into(),
                    json!(required_line("tracking_number", tracking, 64)?),
                );
            }
            if let Some(amount) = update.amount_minor {
                details.insert("paid_minor".into(), json!(amount.max(0)));
            }
        }
        requests::set_state(&mut tx, id, &request.state, &request.details, now).await?;
        audit::record(
            &mut tx,
            &audit::AuditEntry {
                id: 0,
                subject_type: "order".into(),
                subject_id: request.order_id,
                ticket_id: request.ticket_id,
                actor_id: actor_id(viewer),
                action: format!("{}_updated", request.kind),
                field: Some("state".into()),
                old_value: Some(old),
                new_value: Some(request.state.clone()),
                created_at: now,
            },
        )
        .await?;
        self.queue_webhook(
            &mut tx,
            &format!("request.{}", request.kind),
            json!({"request_id": id, "state": request.state, "details": request.details}),
            now,
        )
        .await?;
        tx.commit().await?;
        request.updated_at = now;
        Ok(RequestView::from(&request))
    }

    /// Attaches an order's invoice to a ticket, as a reply or an internal note.
    pub async fn attach_invoice(
        &self,
        viewer: &Viewer,
        ticket_id: i64,
        order_ref: &str,
        public: bool,
    ) -> Result<crate::tickets::MessageView> {
        use base64::Engine;
        if !viewer.may(Permission::WorkTickets) {
            return Err(ServiceError::forbidden("attach invoices"));
        }
        let pdf = self.invoice_pdf(viewer, order_ref).await?;
        let name: String = order_ref
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
            .collect();
        let message = crate::tickets::NewMessage {
            body: format!("Invoice for order {name}"),
            html: None,
            kind: Some(if public {
                MessageKind::Public
            } else {
                MessageKind::Note
            }),
            channel: None,
            attachments: vec![crate::kernel::attachments::AttachmentInput {
                filename: format!("invoice-{name}.pdf"),
                content_type: "application/pdf".into(),
                content_base64: base64::engine::general_purpose::STANDARD.encode(pdf),
            }],
            status: None,
        };
        self.add_message(viewer, ticket_id, message).await
    }
}
