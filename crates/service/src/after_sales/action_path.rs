//! The one path for actions that change an order or move money.
//!
//! Every action: resolves the order the viewer may see and locks it; checks
//! the domain's rules and the viewer's role; replays the saved outcome when
//! the same `Idempotency-Key` comes again; writes its changes, an audit entry
//! (on the order and, when given, the ticket), the saved outcome and an
//! outbound webhook event in one transaction.
//!
//! Address, cancellation, refunds, returns and care all begin and finish here
//! (`begin_action` / `begin_change` → rules → changes → `finish_action`), so
//! none of them depends on another for the path itself.

use marketdesk_domain::Role;
use marketdesk_domain::access::{OrderFacts, Permission};
use marketdesk_domain::commerce::PaymentMethod;
use marketdesk_domain::i18n::Lang;
use marketdesk_domain::orders::{OrderAction, OrderChange, Refusal, check_change};
use marketdesk_domain::refunds::ActionStatus;
use marketdesk_domain::refunds::{Ledger, allocate_discount};
use marketdesk_store::audit::{self, AuditEntry};
use marketdesk_store::commerce::{self, OrderLineRow, OrderRow};
use marketdesk_store::refunds::{self as store_refunds};
use marketdesk_store::{Conn, Tx, people};
use serde::Serialize;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use super::views::ActionOutcome;
use crate::commerce::OrderView;
use crate::kernel::auth::actor_id;
use crate::{Result, ServiceError, Services, Viewer, now_ms};

/// An action under way: which one, the locked order and its transaction,
/// and the request's key and fingerprint for its saved outcome.
pub(crate) struct Begun {
    pub(crate) tx: Tx,
    pub(crate) order: OrderRow,
    pub(crate) lang: Lang,
    pub(crate) action: OrderAction,
    key: Option<String>,
    print: String,
    /// The webhook event's name when it is not the action's (a variant
    /// change that waits for payment is `order.change_requested`).
    pub(crate) event: Option<&'static str>,
}

pub(crate) enum Start {
    Replay(Box<ActionOutcome>),
    Go(Box<Begun>),
}

/// Goes on with a fresh action, or answers the saved outcome of the same
/// request from the calling function (a retry with the same key).
macro_rules! go_or_replay {
    ($start:expr) => {
        match $start {
            $crate::after_sales::action_path::Start::Replay(outcome) => return Ok(*outcome),
            $crate::after_sales::action_path::Start::Go(begun) => *begun,
        }
    };
}
pub(crate) use go_or_replay;

fn fingerprint(action: OrderAction, input: &impl Serialize) -> String {
    let body = serde_json::to_string(input).unwrap_or_default();
    hex::encode(Sha256::digest(format!("{action}\0{body}")))
}

pub(crate) fn refused(refusal: Refusal, change: OrderChange, lang: Lang) -> ServiceError {
    ServiceError::Refused {
        code: refusal.code(),
        message: refusal.explain(change, lang),
        alternatives: refusal
            .alternatives()
            .iter()
            .map(|s| s.to_string())
            .collect(),
        rule: crate::kernel::error::RefusedBy::Order { refusal, change },
    }
}

/// The order's ledger (see `commerce::ledger_of`) and how it was paid,
/// summed in the database: the cost does not grow with the order's rows.
pub(crate) async fn ledger(conn: &mut Conn, order_id: i64) -> Result<(Ledger, PaymentMethod)> {
    let sums = commerce::payment_sums(conn, order_id).await?;
    let pending = store_refunds::pending_sum(conn, order_id).await?;
    let method = commerce::original_method(conn, order_id)
        .await?
        .unwrap_or(PaymentMethod::Card);
    Ok((crate::commerce::ledger_from(sums, pending), method))
}

pub(crate) use crate::commerce::COUPON;

pub(crate) use crate::money_text as money;

impl Services {
    /// Resolves, locks and authorizes; or finds the saved outcome of the same request.
    /// `begin_action` for a change the customer may ask for themselves, then
    /// the order rules: a refused change is an error in the customer's
    /// language and nothing is written.
    pub(crate) async fn begin_change(
        &self,
        viewer: &Viewer,
        order_ref: &str,
        action: OrderAction,
        change: OrderChange,
        key: Option<&str>,
        input: &impl Serialize,
    ) -> Result<Start> {
        let start = self
            .begin_action(viewer, order_ref, action, key, input, true)
            .await?;
        if let Start::Go(begun) = &start {
            check_change(begun.order.status, change).map_err(|r| refused(r, change, begun.lang))?;
        }
        Ok(start)
    }

    pub(crate) async fn begin_action(
        &self,
        viewer: &Viewer,
        order_ref: &str,
        action: OrderAction,
        key: Option<&str>,
        input: &impl Serialize,
        customers_may: bool,
    ) -> Result<Start> {
        // The request, named once: what a retry with the same key must match.
        let print = fingerprint(action, input);
        if !viewer.may(Permission::ActOnOrders) {
            return Err(ServiceError::forbidden("make this change to an order"));
        }
        let staff = viewer.is_staff();
        let customer_self_service = customers_may && viewer.role == Role::Customer;
        if !staff && !customer_self_service {
            return Err(ServiceError::forbidden("make this change to an order"));
        }
        let order_id = {
            let mut conn = self.store.reader().await?;
            let found = match order_ref.parse::<i64>() {
                Ok(id) => commerce::get_order(&mut conn, id).await?,
                Err(_) => commerce::find_order_by_number(&mut conn, order_ref).await?,
            };
            found.ok_or(ServiceError::NotFound("order"))?.id
        };
        let mut tx = self.store.begin().await?;
        let order = commerce::lock_order(&mut tx, self.store.backend(), order_id)
            .await?
            .ok_or(ServiceError::NotFound("order"))?;
        let facts = OrderFacts {
            order_id: order.id,
            customer_id: order.customer_id,
            seller_ids: commerce::seller_ids_of_order(&mut tx, order.id).await?,
        };
        if !viewer.can_see_order(&facts) {
            return Err(ServiceError::NotFound("order"));
        }
        let saved = match key {
            Some(key) => store_refunds::saved_action(&mut tx, order.id, key).await?,
            None => None,
        };
        if let Some(saved) = saved {
            if saved.action != action.as_str() || saved.fingerprint != print {
                return Err(ServiceError::Conflict(
                    "this Idempotency-Key was used for a different action on this order".into(),
                ));
            }
            let mut outcome: ActionOutcome = serde_json::from_str(&saved.outcome)
                .map_err(|e| ServiceError::Unexpected(e.into()))?;
            outcome.replayed = true;
            return Ok(Start::Replay(Box::new(outcome)));
        }
        // The language of the conversation the action is asked from (the
        // chat's), else the customer's own.
        let lang = match crate::kernel::conversation::conversation_lang() {
            Some(lang) => lang,
            None => {
                let customer = people::get(&mut tx, order.customer_id).await?;
                Lang::from_tag(
                    customer
                        .as_ref()
                        .map(|c| c.language.as_str())
                        .unwrap_or("en"),
                )
            }
        };
        Ok(Start::Go(Box::new(Begun {
            tx,
            order,
            lang,
            action,
            key: key.map(str::to_string),
            print,
            event: None,
        })))
    }

    /// Saves the outcome, audits, queues the webhook event and commits.
    pub(crate) async fn finish_action(
        &self,
        mut begun: Begun,
        viewer: &Viewer,
        ticket_id: Option<i64>,
        changes: Vec<(&str, Option<String>, Option<String>)>,
        event: Value,
        mut outcome: ActionOutcome,
    ) -> Result<ActionOutcome> {
        let now = now_ms();
        let action = begun.action.as_str();
        let tx = &mut begun.tx;
        if let Some(ticket_id) = ticket_id
            && marketdesk_store::tickets::get(tx, ticket_id)
                .await?
                .is_none()
        {
            return Err(ServiceError::field(
                "ticket_id",
                format!("there is no ticket {ticket_id}"),
            ));
        }
        let order = commerce::get_order(tx, begun.order.id)
            .await?
            .ok_or(ServiceError::NotFound("order"))?;
        outcome.order = OrderView::from(&order);
        for (field, old, new) in changes {
            audit::record(
                tx,
                &AuditEntry {
                    id: 0,
                    subject_type: "order".into(),
                    subject_id: order.id,
                    ticket_id,
                    actor_id: actor_id(viewer),
                    action: action.into(),
                    field: Some(field.into()),
                    old_value: old,
                    new_value: new,
                    created_at: now,
                },
            )
            .await?;
        }
        if let Some(key) = begun.key.as_deref() {
            let saved =
                serde_json::to_string(&outcome).map_err(|e| ServiceError::Unexpected(e.into()))?;
            store_refunds::save_action(
                tx,
                order.id,
                key,
                action,
                &begun.print,
                &saved,
                actor_id(viewer),
                now,
            )
            .await?;
        }
        let mut data = event;
        data["order"] = json!({"id": order.id, "number": order.number, "status": order.status});
        data["actor"] = json!({"id": actor_id(viewer), "role": viewer.role});
        let name = begun.event.unwrap_or(action);
        self.queue_webhook(tx, &format!("order.{name}"), data, now)
            .await?;
        begun.tx.commit().await?;
        Ok(outcome)
    }
}

/// What each line is worth after its own discount and its share of the
/// order's discount, with its share of the order's tax: the basis of every
/// refund of units.
pub(crate) fn line_values(order: &OrderRow, lines: &[OrderLineRow]) -> Vec<i64> {
    let nets: Vec<i64> = lines
        .iter()
        .map(|l| l.unit_price_minor * l.quantity - l.discount_minor)
        .collect();
    let shares = allocate_discount(order.discount_minor, &nets);
    let paid: Vec<i64> = nets
        .iter()
        .zip(shares)
        .map(|(net, share)| net - share)
        .collect();
    // Tax follows what was paid: each line carries its share of the
    // order's tax, so cancelling or returning it gives its tax back.
    let taxes = allocate_discount(order.tax_minor, &paid);
    paid.iter().zip(taxes).map(|(p, tax)| p + tax).collect()
}

/// The outcome of an action that moved no money.
pub(crate) fn plain_outcome(
    action: OrderAction,
    message: String,
    order: &marketdesk_store::commerce::OrderRow,
) -> ActionOutcome {
    ActionOutcome {
        action: action.to_string(),
        status: ActionStatus::Done,
        message,
        order: OrderView::from(order),
        refund: None,
        settlement: None,
        return_case: None,
        replayed: false,
    }
}
