//! Cancelling an order, all of it or some lines: what is voided and what is
//! refunded, settled by the domain.

use marketdesk_domain::commerce::{OrderStatus, PaymentKind};
use marketdesk_domain::orders::OrderAction;
use marketdesk_domain::orders::OrderChange;
use marketdesk_domain::refunds::ActionStatus;
use marketdesk_domain::refunds::RefundStatus;
use marketdesk_domain::refunds::settle_cancellation;
use marketdesk_domain::text::required_line;
use marketdesk_messages::tr;
use marketdesk_store::commerce::{self, OrderLineRow, OrderRow};
use marketdesk_store::refunds::{self as store_refunds, RefundRow};
use serde::Deserialize;
use serde_json::{Value, json};
use utoipa::ToSchema;

use super::action_path::{go_or_replay, ledger, line_values, money};
use super::refunds::{RefundDestination, record_payment};
use super::views::{ActionOutcome, SettlementView};
use crate::commerce::{OrderView, RefundView};
use crate::kernel::auth::actor_id;
use crate::{Result, ServiceError, Services, Viewer, now_ms};

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LineCancel {
    pub line_id: i64,
    pub quantity: i64,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CancelOrder {
    pub reason: String,
    /// Cancel only these lines (unshipped units); the whole order when absent.
    #[serde(default)]
    pub lines: Option<Vec<LineCancel>>,
    #[serde(default)]
    pub ticket_id: Option<i64>,
}

impl Services {
    /// Cancels the order, or some units of some lines, before it ships: what
    /// was only authorized is voided, what was captured is refunded at once.
    pub async fn cancel_order(
        &self,
        viewer: &Viewer,
        order_ref: &str,
        input: CancelOrder,
        key: Option<&str>,
    ) -> Result<ActionOutcome> {
        let reason = required_line("reason", &input.reason, 500)?;
        let mut begun = go_or_replay!(
            self.begin_change(
                viewer,
                order_ref,
                OrderAction::Cancelled,
                OrderChange::Cancel,
                key,
                &(
                    reason.as_str(),
                    input.lines.as_ref().map(|l| {
                        l.iter()
                            .map(|x| (x.line_id, x.quantity))
                            .collect::<Vec<_>>()
                    }),
                ),
            )
            .await?
        );
        let now = now_ms();
        let lines = commerce::lines_of(&mut begun.tx, begun.order.id).await?;
        let (ledger, method) = ledger(&mut begun.tx, begun.order.id).await?;
        let plan = plan_cancellation(&begun.order, &lines, input.lines.as_deref())?;
        let settlement = settle_cancellation(
            &ledger,
            if plan.whole_order {
                i64::MAX
            } else {
                plan.amount
            },
        );
        if settlement.void > 0 {
            record_payment(
                &mut begun.tx,
                &begun.order,
                PaymentKind::Void,
                method,
                settlement.void,
                now,
            )
            .await?;
        }
        let mut refund_view = None;
        if settlement.refund > 0 {
            let payment_id = record_payment(
                &mut begun.tx,
                &begun.order,
                PaymentKind::Refund,
                method,
                settlement.refund,
                now,
            )
            .await?;
            let mut row = RefundRow {
                id: 0,
                order_id: begun.order.id,
                ticket_id: input.ticket_id,
                amount_minor: settlement.refund,
                currency: begun.order.currency.clone(),
                destination: RefundDestination::OriginalMethod.as_str().into(),
                reason: format!("cancellation: {reason}"),
                status: RefundStatus::Completed,
                requested_by: actor_id(viewer),
                decided_by: actor_id(viewer),
                decision_note: Some("automatic refund of a cancellation".into()),
                payment_id: Some(payment_id),
                coupon_code: None,
                owed_by_policy: true,
                created_at: now,
                updated_at: now,
            };
            row.id = store_refunds::insert(&mut begun.tx, &row).await?;
            refund_view = Some(RefundView::new(&row, self.policy()));
        }
        for (line, quantity) in &plan.lines {
            commerce::set_cancelled_quantity(
                &mut begun.tx,
                line.id,
                line.cancelled_quantity + quantity,
            )
            .await?;
        }
        let old_status = begun.order.status;
        if plan.whole_order {
            begun.order.status = OrderStatus::Cancelled;
        }
        begun.order.updated_at = now;
        commerce::update_order(&mut begun.tx, &begun.order).await?;

        let currency = begun.order.currency.clone();
        let [min_days, max_days] = self.policy().refunds.expected_business_days;
        let number = begun.order.number.clone();
        // A released hold and a refund are told apart: only money that was
        // taken takes business days to come back.
        let how = match (settlement.void > 0, settlement.refund > 0) {
            (true, true) => "both",
            (true, false) => "void",
            (false, true) => "refund",
            (false, false) => "none",
        };
        let message = tr!(
            begun.lang,
            "care-cancelled",
            scope = if plan.whole_order { "order" } else { "items" },
            number = number,
            how = how,
            voided = money(settlement.void, &currency),
            refunded = money(settlement.refund, &currency),
            min_days = min_days,
            max_days = max_days
        );
        let restock: Vec<Value> = plan
            .lines
            .iter()
            .map(|(l, q)| json!({"sku": l.sku, "quantity": q}))
            .collect();
        let settlement_view = SettlementView {
            currency: begun.order.currency.clone(),
            voided_minor: settlement.void,
            refunded_minor: settlement.refund,
        };
        let event = json!({"reason": reason, "whole_order": plan.whole_order, "restock": restock, "settlement": settlement_view});
        let mut changes = vec![];
        if plan.whole_order {
            changes.push((
                "status",
                Some(old_status.to_string()),
                Some("cancelled".to_string()),
            ));
        }
        for (line, quantity) in &plan.lines {
            changes.push((
                "cancelled_quantity",
                Some(format!("{}: {}", line.sku, line.cancelled_quantity)),
                Some(format!(
                    "{}: {}",
                    line.sku,
                    line.cancelled_quantity + quantity
                )),
            ));
        }
        let outcome = ActionOutcome {
            action: begun.action.to_string(),
            status: ActionStatus::Done,
            message,
            order: OrderView::from(&begun.order),
            refund: refund_view,
            settlement: Some(settlement_view),
            return_case: None,
            replayed: false,
        };
        self.finish_action(begun, viewer, input.ticket_id, changes, event, outcome)
            .await
    }
}

/// Which units a cancellation takes off, and what they are worth after discounts.
struct CancellationPlan<'a> {
    whole_order: bool,
    lines: Vec<(&'a OrderLineRow, i64)>,
    amount: i64,
}

fn plan_cancellation<'a>(
    order: &OrderRow,
    lines: &'a [OrderLineRow],
    asked: Option<&[LineCancel]>,
) -> Result<CancellationPlan<'a>> {
    let remaining = |l: &OrderLineRow| l.quantity - l.cancelled_quantity;
    let Some(asked) = asked else {
        let lines = lines
            .iter()
            .filter(|l| remaining(l) > 0)
            .map(|l| (l, remaining(l)))
            .collect();
        return Ok(CancellationPlan {
            whole_order: true,
            lines,
            amount: i64::MAX,
        });
    };
    if asked.is_empty() {
        return Err(ServiceError::field(
            "lines",
            "name at least one line, or leave lines out to cancel the whole order",
        ));
    }
    let values = line_values(order, lines);
    let mut plan = Vec::new();
    let mut amount = 0i64;
    for ask in asked {
        let Some(index) = lines.iter().position(|l| l.id == ask.line_id) else {
            return Err(ServiceError::field(
                "lines",
                format!("order {} has no line {}", order.number, ask.line_id),
            ));
        };
        let line = &lines[index];
        if ask.quantity < 1 || ask.quantity > remaining(line) {
            return Err(ServiceError::field(
                "lines",
                format!(
                    "line {} has {} units left to cancel, not {}",
                    line.id,
                    remaining(line),
                    ask.quantity
                ),
            ));
        }
        if plan
            .iter()
            .any(|(l, _): &(&OrderLineRow, i64)| l.id == line.id)
        {
            return Err(ServiceError::field(
                "lines",
                format!("line {} is named twice", line.id),
            ));
        }
        // The units' share of the line's value after its own and the order's discount.
        let value = values[index];
        amount += value * ask.quantity / line.quantity;
        plan.push((line, ask.quantity));
    }
    let whole_order = lines.iter().all(|l| {
        let taken = plan
            .iter()
            .find(|(p, _)| p.id == l.id)
            .map(|(_, q)| *q)
            .unwrap_or(0);
        remaining(l) - taken == 0
    });
    Ok(CancellationPlan {
        whole_order,
        lines: plan,
        amount: if whole_order { i64::MAX } else { amount },
    })
}
