//! When a parcel goes wrong: a replacement reshipped, a claim filed with the
//! carrier, or compensation as a single-use coupon (within the actor's
//! refund limits, like a refund).

use marketdesk_domain::i18n::Lang;
use marketdesk_domain::orders::OrderAction;
use marketdesk_domain::promotions::{Coupon, CouponKind, Scope};
use marketdesk_domain::refunds::ActionStatus;
use marketdesk_domain::refunds::RefundStatus;
use marketdesk_domain::text::required_line;
use marketdesk_domain::{DAY_MS, Millis};
use marketdesk_messages::tr;
use marketdesk_store::commerce::{self, ShipmentRow};
use marketdesk_store::promotions;
use marketdesk_store::refunds as store_refunds;
use marketdesk_store::requests::{self, OrderRequest};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use utoipa::ToSchema;

use super::action_path::{Begun, COUPON, go_or_replay, money, plain_outcome};
use super::views::ActionOutcome;
use crate::commerce::RefundView;
use crate::kernel::auth::{actor_id, new_secret};
use crate::{Result, ServiceError, Services, Viewer, now_ms};

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

impl Services {
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
        let action = care_action(&input.kind)?;
        let mut begun = go_or_replay!(
            self.begin_action(viewer, order_ref, action, key, &input, false)
                .await?
        );
        let now = now_ms();
        let shipment = named_shipment(&mut begun, input.shipment_id).await?;
        let mut compensation = None;
        let (message, details) = match input.kind.as_str() {
            "reship" => reship(&mut begun, shipment.as_ref(), &reason).await?,
            "carrier_claim" => carrier_claim(&begun, shipment.as_ref(), &input, &reason)?,
            _ => {
                let (message, details, view) = self
                    .compensate(&mut begun, viewer, &input, reason, now)
                    .await?;
                compensation = Some(view);
                (message, details)
            }
        };
        if input.kind != "compensation" {
            record_carrier_request(&mut begun, viewer, &input, shipment.as_ref(), &details, now)
                .await?;
        }
        let mut outcome = plain_outcome(action, message, &begun.order);
        if let Some(view) = compensation {
            if view.status == RefundStatus::PendingApproval {
                outcome.status = ActionStatus::PendingApproval;
            }
            outcome.refund = Some(view);
        }
        let changes = vec![(input.kind.as_str(), None, Some(details.to_string()))];
        self.finish_action(begun, viewer, input.ticket_id, changes, details, outcome)
            .await
    }

    /// Compensation as a coupon: it counts toward the same limits as refunds,
    /// and above them it waits in the approval queue.
    async fn compensate(
        &self,
        begun: &mut Begun,
        viewer: &Viewer,
        input: &CareRequest,
        reason: String,
        now: Millis,
    ) -> Result<(String, Value, RefundView)> {
        let amount = input
            .amount_minor
            .ok_or_else(|| ServiceError::field("amount_minor", "compensation needs an amount"))?;
        if amount <= 0 {
            return Err(ServiceError::field(
                "amount_minor",
                "must be more than zero",
            ));
        }
        // Coupons on one order, issued or waiting, never add up to more
        // than the order was worth.
        let given: i64 = store_refunds::of_order(&mut begun.tx, begun.order.id)
            .await?
            .iter()
            .filter(|r| r.destination == COUPON && r.status != RefundStatus::Rejected)
            .map(|r| r.amount_minor)
            .sum();
        let room = (begun.order.total_minor - given).max(0);
        if amount > room {
            return Err(ServiceError::field(
                "amount_minor",
                format!(
                    "compensation on order {} can be at most {} more (coupons add up to at most the order's total)",
                    begun.order.number,
                    money(room, &begun.order.currency)
                ),
            ));
        }
        // Compensation counts toward the same limits as refunds; above them
        // it waits in the approval queue.
        let pending = self
            .needs_approval(&mut begun.tx, viewer, &begun.order, amount)
            .await?;
        let mut row = super::refunds::asked_refund(
            viewer,
            &begun.order,
            input.ticket_id,
            amount,
            COUPON,
            &reason,
            pending,
            now,
        );
        if !pending {
            row.coupon_code = Some(issue_compensation_coupon(&mut begun.tx, amount, now).await?);
        }
        row.id = store_refunds::insert(&mut begun.tx, &row).await?;
        let view = RefundView::new(&row, self.policy());
        let value = money(amount, &begun.order.currency);
        let message = match &row.coupon_code {
            Some(code) => compensation_message(begun.lang, &begun.order.number, &value, code),
            None => compensation_pending_message(begun.lang, &begun.order.number, &value),
        };
        let details = json!({"coupon": row.coupon_code, "amount_minor": amount, "reason": reason, "refund_id": row.id, "status": row.status});
        Ok((message, details, view))
    }
}

/// The action a care request records, for a kind staff may ask for.
fn care_action(kind: &str) -> Result<OrderAction> {
    match kind {
        "reship" => Ok(OrderAction::ReshipRequested),
        "carrier_claim" => Ok(OrderAction::ClaimFiled),
        "compensation" => Ok(OrderAction::Compensated),
        _ => Err(ServiceError::field(
            "kind",
            "must be reship, carrier_claim or compensation",
        )),
    }
}

/// The shipment the request names, which must be one of the order's.
async fn named_shipment(
    begun: &mut Begun,
    shipment_id: Option<i64>,
) -> Result<Option<ShipmentRow>> {
    let Some(id) = shipment_id else {
        return Ok(None);
    };
    let shipments = commerce::shipments_of(&mut begun.tx, begun.order.id).await?;
    shipments
        .iter()
        .find(|(s, _)| s.id == id)
        .map(|(s, _)| Some(s.clone()))
        .ok_or_else(|| {
            ServiceError::field(
                "shipment_id",
                format!("order {} has no shipment {id}", begun.order.number),
            )
        })
}

/// A replacement parcel with what is left of every line.
async fn reship(
    begun: &mut Begun,
    shipment: Option<&ShipmentRow>,
    reason: &str,
) -> Result<(String, Value)> {
    let lines: Vec<Value> = commerce::lines_of(&mut begun.tx, begun.order.id)
        .await?
        .iter()
        .map(|l| json!({"sku": l.sku, "quantity": l.quantity - l.cancelled_quantity}))
        .collect();
    let details =
        json!({"replaces_shipment": shipment.map(|s| s.id), "lines": lines, "reason": reason});
    let number = &begun.order.number;
    let message = tr!(begun.lang, "care-reship-sent", number = number);
    Ok((message, details))
}

/// A claim with the carrier of the named shipment, for at most the order's total.
fn carrier_claim(
    begun: &Begun,
    shipment: Option<&ShipmentRow>,
    input: &CareRequest,
    reason: &str,
) -> Result<(String, Value)> {
    let Some(shipment) = shipment else {
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
    let (carrier, number) = (&shipment.carrier, &begun.order.number);
    let message = tr!(
        begun.lang,
        "care-claim-filed",
        carrier = carrier,
        number = number
    );
    Ok((message, details))
}

/// A reship or a claim is followed as a carrier request (`requested`, or
/// `filed` for a claim) until the carrier answers.
async fn record_carrier_request(
    begun: &mut Begun,
    viewer: &Viewer,
    input: &CareRequest,
    shipment: Option<&ShipmentRow>,
    details: &Value,
    now: Millis,
) -> Result<()> {
    let state = if input.kind == "carrier_claim" {
        "filed"
    } else {
        "requested"
    };
    requests::insert(
        &mut begun.tx,
        &OrderRequest {
            id: 0,
            order_id: begun.order.id,
            shipment_id: shipment.map(|s| s.id),
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
    Ok(())
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
    tr!(
        lang,
        "care-compensation-coupon",
        number = number,
        value = value,
        code = code
    )
}

fn compensation_pending_message(lang: Lang, number: &str, value: &str) -> String {
    tr!(
        lang,
        "care-compensation-pending",
        number = number,
        value = value
    )
}
