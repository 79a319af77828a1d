//! Refunds and their approval: the one place approval limits are applied
//! (`needs_approval`), the approval queue, and the money moved on the
//! original payment method or as store credit.

use marketdesk_domain::access::Permission;
use marketdesk_domain::commerce::PaymentStatus;
use marketdesk_domain::commerce::{PaymentKind, PaymentMethod};
use marketdesk_domain::i18n::Lang;
use marketdesk_domain::orders::OrderAction;
use marketdesk_domain::refunds::ActionStatus;
use marketdesk_domain::refunds::RefundStatus;
use marketdesk_domain::refunds::{AlreadyMoved, check_refund};
use marketdesk_domain::text::required_line;
use marketdesk_domain::{Currency, DAY_MS, Millis};
use marketdesk_messages::tr;
use marketdesk_store::commerce::{self, OrderRow, PaymentRow};
use marketdesk_store::refunds::{self as store_refunds, RefundRow};
use marketdesk_store::{Conn, Tx, people};
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::ToSchema;

use super::action_path::{COUPON, go_or_replay, ledger, money};
use super::views::ActionOutcome;
use crate::commerce::{OrderView, RefundView};
use crate::kernel::auth::{actor_id, new_secret};
use crate::kernel::error::NotAllowed;
use crate::kernel::page::{Page, PageRequest};
use crate::{Result, ServiceError, Services, Viewer, now_ms};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum RefundDestination {
    OriginalMethod,
    StoreCredit,
}

impl RefundDestination {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            RefundDestination::OriginalMethod => "original_method",
            RefundDestination::StoreCredit => "store_credit",
        }
    }
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewRefund {
    /// In minor units of the order's currency (cents for EUR).
    pub amount_minor: i64,
    pub destination: RefundDestination,
    pub reason: String,
    #[serde(default)]
    pub ticket_id: Option<i64>,
}

#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RefundDecision {
    #[serde(default)]
    pub note: Option<String>,
}

/// A person's approval limits on one order and what is left of them.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Allowance {
    pub currency: String,
    pub per_order_minor: i64,
    pub left_on_order_minor: i64,
    /// Across orders, in the last 24 hours.
    pub daily_minor: i64,
    pub left_today_minor: i64,
}
pub(crate) async fn record_payment(
    conn: &mut Conn,
    order: &OrderRow,
    kind: PaymentKind,
    method: PaymentMethod,
    amount: i64,
    now: Millis,
) -> Result<i64> {
    let prefix = match kind {
        PaymentKind::Void => "md_void_",
        _ => "md_refund_",
    };
    let payment = PaymentRow {
        id: 0,
        order_id: order.id,
        kind,
        method,
        status: PaymentStatus::Succeeded,
        amount_minor: amount,
        currency: order.currency.clone(),
        decline_code: None,
        provider_reference: new_secret(prefix).chars().take(prefix.len() + 16).collect(),
        created_at: now,
    };
    Ok(commerce::insert_payment(conn, &payment).await?)
}

impl Services {
    /// Whether `amount` moved by `viewer` on the locked `order` must wait for
    /// approval: what the viewer already moved on their own on this order, and
    /// in the last 24 hours on any order, counts with it, so splitting a sum
    /// or sending requests at once gets no further than one large request.
    pub(crate) async fn needs_approval(
        &self,
        tx: &mut Tx,
        viewer: &Viewer,
        order: &OrderRow,
        amount: i64,
    ) -> Result<bool> {
        let currency = Currency::parse(&order.currency)
            .map_err(|e| ServiceError::Unexpected(anyhow::anyhow!("order currency: {e}")))?;
        let limits = self.policy().refund_limits(currency);
        let moved = match actor_id(viewer) {
            Some(person)
                if limits.limit_for(viewer.role).is_some()
                    || limits.daily_limit_for(viewer.role).is_some() =>
            {
                // The order is locked already; the person is locked too, so
                // their actions on other orders wait for this one to count.
                people::lock(tx, self.store.backend(), person).await?;
                let (on_order, in_last_day) = store_refunds::moved_without_approval(
                    tx,
                    person,
                    order.id,
                    &order.currency,
                    now_ms() - DAY_MS,
                )
                .await?;
                AlreadyMoved {
                    on_order,
                    in_last_day,
                }
            }
            _ => AlreadyMoved::default(),
        };
        Ok(limits.needs_approval_after(viewer.role, moved, amount))
    }

    /// Refunds part or all of what was captured, to the original method or as
    /// store credit. Above the actor's limit the refund waits for approval.
    pub async fn refund(
        &self,
        viewer: &Viewer,
        order_ref: &str,
        input: NewRefund,
        key: Option<&str>,
    ) -> Result<ActionOutcome> {
        let reason = required_line("reason", &input.reason, 500)?;
        if input.amount_minor <= 0 {
            return Err(ServiceError::field(
                "amount_minor",
                "must be more than zero",
            ));
        }
        let mut begun = go_or_replay!(
            self.begin_action(
                viewer,
                order_ref,
                OrderAction::Refunded,
                key,
                &(input.amount_minor, input.destination, reason.as_str()),
                false,
            )
            .await?
        );
        let now = now_ms();
        let (ledger, method) = ledger(&mut begun.tx, begun.order.id).await?;
        check_refund(&ledger, input.amount_minor).map_err(|error| ServiceError::Refund {
            error,
            currency: begun.order.currency.clone(),
        })?;
        let pending = self
            .needs_approval(&mut begun.tx, viewer, &begun.order, input.amount_minor)
            .await?;
        let mut row = asked_refund(
            viewer,
            &begun.order,
            input.ticket_id,
            input.amount_minor,
            input.destination.as_str(),
            &reason,
            pending,
            now,
        );
        row.id = store_refunds::insert(&mut begun.tx, &row).await?;
        if !pending {
            row.payment_id = Some(self.execute_refund(&mut begun, &row, method, now).await?);
            store_refunds::update(&mut begun.tx, &row).await?;
        }
        let view = RefundView::new(&row, self.policy());
        let amount = money(row.amount_minor, &row.currency);
        let message = refund_message(
            begun.lang,
            pending,
            &amount,
            &begun.order.number,
            input.destination,
            self.policy().refunds.expected_business_days,
        );
        let outcome = ActionOutcome {
            action: begun.action.to_string(),
            status: if pending {
                ActionStatus::PendingApproval
            } else {
                ActionStatus::Done
            },
            message,
            order: OrderView::from(&begun.order),
            refund: Some(view.clone()),
            settlement: None,
            return_case: None,
            replayed: false,
        };
        let changes = vec![(
            "refund",
            None,
            Some(format!(
                "{} {amount} to {} ({reason})",
                row.status, row.destination
            )),
        )];
        let event = json!({"refund": view});
        self.finish_action(begun, viewer, input.ticket_id, changes, event, outcome)
            .await
    }

    /// Approves (or rejects) a refund waiting in the queue.
    pub async fn decide_refund(
        &self,
        viewer: &Viewer,
        refund_id: i64,
        approve: bool,
        decision: RefundDecision,
    ) -> Result<ActionOutcome> {
        let note = decision
            .note
            .as_deref()
            .map(|n| required_line("note", n, 500))
            .transpose()?;
        if !viewer.is_staff() {
            return Err(ServiceError::NotFound("refund"));
        }
        if !viewer.may(Permission::ActOnOrders) {
            return Err(ServiceError::forbidden("decide refunds"));
        }
        if !approve && note.is_none() {
            return Err(ServiceError::field("note", "a rejection gives its reason"));
        }
        let refund = {
            let mut conn = self.store.reader().await?;
            store_refunds::get(&mut conn, refund_id)
                .await?
                .ok_or(ServiceError::NotFound("refund"))?
        };
        // Nobody approves their own request: approval is a second person.
        if refund.requested_by.is_some() && refund.requested_by == actor_id(viewer) {
            return Err(ServiceError::NotAllowed(NotAllowed::OwnRequest));
        }
        let currency = Currency::parse(&refund.currency)
            .map_err(|e| ServiceError::Unexpected(anyhow::anyhow!("refund currency: {e}")))?;
        if !self
            .policy()
            .refund_limits(currency)
            .may_approve(viewer.role, refund.amount_minor)
        {
            return Err(ServiceError::NotAllowed(NotAllowed::AboveApprovalLimit));
        }
        let action = if approve {
            OrderAction::RefundApproved
        } else {
            OrderAction::RefundRejected
        };
        let mut begun = go_or_replay!(
            self.begin_action(
                viewer,
                &refund.order_id.to_string(),
                action,
                None,
                &(),
                false,
            )
            .await?
        );
        let mut row = store_refunds::get(&mut begun.tx, refund_id)
            .await?
            .ok_or(ServiceError::NotFound("refund"))?;
        if row.status != RefundStatus::PendingApproval {
            return Err(ServiceError::Conflict(format!(
                "refund {refund_id} is {} already",
                row.status
            )));
        }
        let now = now_ms();
        row.status = if approve {
            RefundStatus::Completed
        } else {
            RefundStatus::Rejected
        };
        row.decided_by = actor_id(viewer);
        row.decision_note = note;
        row.updated_at = now;
        let is_coupon = row.destination == COUPON;
        if approve && is_coupon {
            row.coupon_code = Some(
                super::claims::issue_compensation_coupon(&mut begun.tx, row.amount_minor, now)
                    .await?,
            );
        } else if approve {
            let (mut ledger, method) = ledger(&mut begun.tx, begun.order.id).await?;
            // The ledger counts this refund as pending; check it as if it were not.
            ledger.refunded -= row.amount_minor;
            check_refund(&ledger, row.amount_minor)
                .map_err(|e| ServiceError::Conflict(format!("cannot approve: {e}")))?;
            row.payment_id = Some(self.execute_refund(&mut begun, &row, method, now).await?);
            marketdesk_store::returns::mark_refunded(&mut begun.tx, row.id, now).await?;
        }
        store_refunds::update(&mut begun.tx, &row).await?;
        let view = RefundView::new(&row, self.policy());
        let amount = money(row.amount_minor, &row.currency);
        let destination = if row.destination == "store_credit" {
            RefundDestination::StoreCredit
        } else {
            RefundDestination::OriginalMethod
        };
        let message = if let (true, Some(code)) = (approve, &row.coupon_code) {
            super::claims::compensation_message(begun.lang, &begun.order.number, &amount, code)
        } else if !approve && is_coupon {
            tr!(
                begun.lang,
                "care-coupon-rejected",
                amount = amount,
                number = begun.order.number
            )
        } else if approve {
            refund_message(
                begun.lang,
                false,
                &amount,
                &begun.order.number,
                destination,
                self.policy().refunds.expected_business_days,
            )
        } else {
            tr!(
                begun.lang,
                "care-refund-rejected",
                amount = amount,
                number = begun.order.number
            )
        };
        let outcome = ActionOutcome {
            action: action.to_string(),
            status: ActionStatus::Done,
            message,
            order: OrderView::from(&begun.order),
            refund: Some(view.clone()),
            settlement: None,
            return_case: None,
            replayed: false,
        };
        let changes = vec![(
            "refund",
            Some("pending_approval".into()),
            Some(format!("{} {amount}", row.status)),
        )];
        let event = json!({"refund": view});
        let ticket_id = row.ticket_id;
        self.finish_action(begun, viewer, ticket_id, changes, event, outcome)
            .await
    }

    /// What `viewer` may still move on this order without approval: their
    /// per-order and daily limits and what is left of each (`None`: no limit).
    pub async fn approval_allowance(
        &self,
        viewer: &Viewer,
        order_ref: &str,
    ) -> Result<Option<Allowance>> {
        let detail = self.get_order(viewer, order_ref).await?;
        if !viewer.is_staff() {
            return Err(ServiceError::forbidden("see approval limits"));
        }
        let order = &detail.order;
        let currency = Currency::parse(&order.currency)
            .map_err(|e| ServiceError::Unexpected(anyhow::anyhow!("order currency: {e}")))?;
        let limits = self.policy().refund_limits(currency);
        let (Some(per_order), Some(daily)) = (
            limits.limit_for(viewer.role),
            limits.daily_limit_for(viewer.role),
        ) else {
            return Ok(None);
        };
        let (on_order, today) = match actor_id(viewer) {
            Some(person) => {
                let mut conn = self.store.reader().await?;
                store_refunds::moved_without_approval(
                    &mut conn,
                    person,
                    order.id,
                    &order.currency,
                    now_ms() - DAY_MS,
                )
                .await?
            }
            None => (0, 0),
        };
        Ok(Some(Allowance {
            currency: order.currency.clone(),
            per_order_minor: per_order,
            left_on_order_minor: (per_order - on_order).max(0),
            daily_minor: daily,
            left_today_minor: (daily - today).max(0),
        }))
    }

    /// Whether `viewer` may approve this refund or compensation from the queue.
    pub fn may_approve(&self, viewer: &Viewer, refund: &RefundView) -> bool {
        Currency::parse(&refund.currency).is_ok_and(|currency| {
            self.policy()
                .refund_limits(currency)
                .may_approve(viewer.role, refund.amount_minor)
        })
    }

    /// Refunds with a status (`pending_approval` is the approval queue).
    pub async fn list_refunds(
        &self,
        viewer: &Viewer,
        status: &str,
        page: PageRequest,
    ) -> Result<Page<RefundView>> {
        if !(viewer.is_staff() && viewer.may(Permission::ActOnOrders)) {
            return Err(ServiceError::forbidden("list refunds"));
        }
        let status = RefundStatus::parse(status).map_err(|_| {
            ServiceError::field("status", "must be pending_approval, completed or rejected")
        })?;
        let mut conn = self.store.reader().await?;
        let rows =
            store_refunds::with_status(&mut conn, status, page.before_id, page.fetch_limit())
                .await?;
        let policy = self.policy();
        Ok(page.finish(
            rows.iter().map(|r| RefundView::new(r, policy)).collect(),
            |r| r.id,
        ))
    }
}

impl Services {
    /// Moves the money of an approved refund: a refund payment on the
    /// original method, or store credit for the customer (valid for the
    /// policy's days).
    pub(crate) async fn execute_refund(
        &self,
        begun: &mut super::action_path::Begun,
        refund: &RefundRow,
        original: PaymentMethod,
        now: Millis,
    ) -> Result<i64> {
        let method = if refund.destination == "store_credit" {
            PaymentMethod::StoreCredit
        } else {
            original
        };
        let payment_id = record_payment(
            &mut begun.tx,
            &begun.order,
            PaymentKind::Refund,
            method,
            refund.amount_minor,
            now,
        )
        .await?;
        if refund.destination == "store_credit" {
            let valid_days = self.policy().refunds.store_credit_valid_days;
            let customer = begun.order.customer_id;
            super::credit::issue_credit(&mut begun.tx, customer, refund, valid_days, now).await?;
        }
        Ok(payment_id)
    }
}

fn refund_message(
    lang: Lang,
    pending: bool,
    amount: &str,
    number: &str,
    destination: RefundDestination,
    days: [u32; 2],
) -> String {
    let [min, max] = days;
    match (pending, destination) {
        (true, _) => tr!(
            lang,
            "care-refund-pending",
            amount = amount,
            number = number
        ),
        (false, RefundDestination::OriginalMethod) => tr!(
            lang,
            "care-refunded-to-method",
            amount = amount,
            number = number,
            min = min,
            max = max
        ),
        (false, RefundDestination::StoreCredit) => tr!(
            lang,
            "care-refunded-to-credit",
            amount = amount,
            number = number
        ),
    }
}

/// A refund (or compensation coupon) a person asked for at their discretion:
/// done at once, or waiting for approval when `pending`.
#[allow(clippy::too_many_arguments)]
pub(crate) fn asked_refund(
    viewer: &Viewer,
    order: &OrderRow,
    ticket_id: Option<i64>,
    amount: i64,
    destination: &str,
    reason: &str,
    pending: bool,
    now: Millis,
) -> RefundRow {
    RefundRow {
        id: 0,
        order_id: order.id,
        ticket_id,
        amount_minor: amount,
        currency: order.currency.clone(),
        destination: destination.into(),
        reason: reason.into(),
        status: if pending {
            RefundStatus::PendingApproval
        } else {
            RefundStatus::Completed
        },
        requested_by: actor_id(viewer),
        decided_by: if pending { None } else { actor_id(viewer) },
        decision_note: None,
        payment_id: None,
        coupon_code: None,
        owed_by_policy: false,
        created_at: now,
        updated_at: now,
    }
}
