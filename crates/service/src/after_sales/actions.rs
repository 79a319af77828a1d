//! The one path for actions that change an order or move money: change the
//! address or phone, cancel (all or some lines), refund, approve a refund.
//!
//! Every action: resolves the order the viewer may see and locks it; checks
//! the domain's rules and the viewer's role; replays the saved outcome when
//! the same `Idempotency-Key` comes again; writes its changes, an audit entry
//! (on the order and, when given, the ticket), the saved outcome and an
//! outbound webhook event in one transaction.

use marketdesk_domain::access::{OrderFacts, Permission};
use marketdesk_domain::commerce::{OrderStatus, PaymentKind, PaymentMethod};
use marketdesk_domain::i18n::Lang;
use marketdesk_domain::orders::{OrderChange, Refusal, check_change};
use marketdesk_domain::refunds::{
    AlreadyMoved, Ledger, allocate_discount, check_refund, settle_cancellation,
};
use marketdesk_domain::text::required_line;
use marketdesk_domain::{Currency, DAY_MS, Millis, Money, Role};
use marketdesk_store::audit::{self, AuditEntry};
use marketdesk_store::commerce::{self, OrderLineRow, OrderRow, PaymentRow};
use marketdesk_store::refunds::{self as store_refunds, RefundRow};
use marketdesk_store::{Conn, Tx, people};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use utoipa::ToSchema;

use crate::commerce::{OrderView, RefundView};
use crate::kernel::auth::{actor_id, new_secret};
use crate::kernel::page::{Page, PageRequest};
use crate::{Result, ServiceError, Services, Viewer, now_ms};

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Address {
    pub name: String,
    pub line1: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line2: Option<String>,
    pub city: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    pub postal_code: String,
    /// ISO 3166-1 alpha-2, such as ES or CN.
    pub country: String,
}

impl Address {
    fn validated(&self) -> Result<Address> {
        let opt = |field, v: &Option<String>| {
            v.as_deref()
                .filter(|s| !s.trim().is_empty())
                .map(|s| required_line(field, s, 200))
                .transpose()
        };
        let country = self.country.trim().to_ascii_uppercase();
        if country.len() != 2 || !country.chars().all(|c| c.is_ascii_uppercase()) {
            return Err(ServiceError::field(
                "address.country",
                "must be a two-letter country code such as ES",
            ));
        }
        Ok(Address {
            name: required_line("address.name", &self.name, 200)?,
            line1: required_line("address.line1", &self.line1, 200)?,
            line2: opt("address.line2", &self.line2)?,
            city: required_line("address.city", &self.city, 100)?,
            region: opt("address.region", &self.region)?,
            postal_code: required_line("address.postal_code", &self.postal_code, 20)?,
            country,
        })
    }
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ChangeAddress {
    pub address: Address,
    /// The ticket this is done from, for its history.
    #[serde(default)]
    pub ticket_id: Option<i64>,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ChangePhone {
    pub phone: String,
    #[serde(default)]
    pub ticket_id: Option<i64>,
}

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

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum RefundDestination {
    OriginalMethod,
    StoreCredit,
}

impl RefundDestination {
    fn as_str(self) -> &'static str {
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

/// Money given back by a cancellation.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct SettlementView {
    pub currency: String,
    /// Authorized but never captured: released.
    pub voided_minor: i64,
    /// Captured: refunded to the original payment method.
    pub refunded_minor: i64,
}

/// What an action did.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ActionOutcome {
    pub action: String,
    /// `done`, or `pending_approval` for a refund above the actor's limit.
    pub status: String,
    /// For the customer, in their language.
    pub message: String,
    pub order: OrderView,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refund: Option<RefundView>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub settlement: Option<SettlementView>,
    /// For return actions: the return as it now stands.
    #[serde(rename = "return", default, skip_serializing_if = "Option::is_none")]
    pub return_case: Option<crate::after_sales::ReturnCaseView>,
    /// Set when this answer is the saved outcome of an earlier identical request.
    #[serde(default)]
    pub replayed: bool,
}

/// An action under way: the locked order and its transaction.
pub(crate) struct Begun {
    pub(crate) tx: Tx,
    pub(crate) order: OrderRow,
    pub(crate) lang: Lang,
}

pub(crate) enum Start {
    Replay(Box<ActionOutcome>),
    Go(Box<Begun>),
}

pub(crate) fn fingerprint(action: &str, input: &impl Serialize) -> String {
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
    }
}

/// Succeeded payment events of an order, with refunds waiting for approval
/// counted as spent so that two of them cannot together exceed the capture.
pub(crate) async fn ledger(conn: &mut Conn, order_id: i64) -> Result<(Ledger, Vec<PaymentRow>)> {
    let payments = commerce::payments_of(conn, order_id).await?;
    let mut ledger = Ledger::default();
    for p in payments.iter().filter(|p| p.status == "succeeded") {
        match p.kind {
            PaymentKind::Authorization => ledger.authorized += p.amount_minor,
            PaymentKind::Capture => ledger.captured += p.amount_minor,
            PaymentKind::Refund => ledger.refunded += p.amount_minor,
            PaymentKind::Void => ledger.voided += p.amount_minor,
            PaymentKind::Failure => {}
        }
    }
    for r in store_refunds::of_order(conn, order_id).await? {
        if r.status == "pending_approval" && r.destination != COUPON {
            ledger.refunded += r.amount_minor;
        }
    }
    Ok((ledger, payments))
}

/// The refund destination of a compensation coupon: money given as a coupon
/// counts toward the same limits as refunds but never against the capture.
pub(crate) const COUPON: &str = "coupon";

fn original_method(payments: &[PaymentRow]) -> PaymentMethod {
    payments
        .iter()
        .find(|p| {
            matches!(p.kind, PaymentKind::Capture | PaymentKind::Authorization)
                && p.status == "succeeded"
        })
        .map(|p| p.method)
        .unwrap_or(PaymentMethod::Card)
}

async fn record_payment(
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
        status: "succeeded".into(),
        amount_minor: amount,
        currency: order.currency.clone(),
        decline_code: None,
        provider_reference: new_secret(prefix).chars().take(prefix.len() + 16).collect(),
        created_at: now,
    };
    Ok(commerce::insert_payment(conn, &payment).await?)
}

pub(crate) fn money(amount: i64, currency: &str) -> String {
    match Currency::parse(currency) {
        Ok(c) => Money::new(amount, c).to_string(),
        Err(_) => format!("{amount} {currency}"),
    }
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

    /// Resolves, locks and authorizes; or finds the saved outcome of the same request.
    /// `begin_action` for a change the customer may ask for themselves, then
    /// the order rules: a refused change is an error in the customer's
    /// language and nothing is written.
    pub(crate) async fn begin_change(
        &self,
        viewer: &Viewer,
        order_ref: &str,
        action: &str,
        change: OrderChange,
        key: Option<&str>,
        print: &str,
    ) -> Result<Start> {
        let start = self
            .begin_action(viewer, order_ref, action, key, print, true)
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
        action: &str,
        key: Option<&str>,
        print: &str,
        customers_may: bool,
    ) -> Result<Start> {
        if !viewer.may(Permission::ActOnOrders) {
            return Err(ServiceError::forbidden(&format!("{action} orders")));
        }
        let staff = viewer.is_staff();
        let customer_self_service = customers_may && viewer.role == Role::Customer;
        if !staff && !customer_self_service {
            return Err(ServiceError::forbidden(&format!("{action} orders")));
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
            if saved.action != action || saved.fingerprint != print {
                return Err(ServiceError::Conflict(
                    "this Idempotency-Key was used for a different action on this order".into(),
                ));
            }
            let mut outcome: ActionOutcome = serde_json::from_str(&saved.outcome)
                .map_err(|e| ServiceError::Unexpected(e.into()))?;
            outcome.replayed = true;
            return Ok(Start::Replay(Box::new(outcome)));
        }
        let customer = people::get(&mut tx, order.customer_id).await?;
        let lang = Lang::from_tag(
            customer
                .as_ref()
                .map(|c| c.language.as_str())
                .unwrap_or("en"),
        );
        Ok(Start::Go(Box::new(Begun { tx, order, lang })))
    }

    /// Saves the outcome, audits, queues the webhook event and commits.
    #[allow(clippy::too_many_arguments)]
    pub(crate) async fn finish_action(
        &self,
        mut begun: Begun,
        viewer: &Viewer,
        action: &str,
        key: Option<&str>,
        print: &str,
        ticket_id: Option<i64>,
        changes: Vec<(&str, Option<String>, Option<String>)>,
        event: Value,
        mut outcome: ActionOutcome,
    ) -> Result<ActionOutcome> {
        let now = now_ms();
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
        if let Some(key) = key {
            let saved =
                serde_json::to_string(&outcome).map_err(|e| ServiceError::Unexpected(e.into()))?;
            store_refunds::save_action(
                tx,
                order.id,
                key,
                action,
                print,
                &saved,
                actor_id(viewer),
                now,
            )
            .await?;
        }
        let mut data = event;
        data["order"] = json!({"id": order.id, "number": order.number, "status": order.status});
        data["actor"] = json!({"id": actor_id(viewer), "role": viewer.role});
        self.queue_webhook(tx, &format!("order.{action}"), data, now)
            .await?;
        begun.tx.commit().await?;
        Ok(outcome)
    }

    /// Changes the delivery address (until the order is packed).
    pub async fn change_address(
        &self,
        viewer: &Viewer,
        order_ref: &str,
        input: ChangeAddress,
        key: Option<&str>,
    ) -> Result<ActionOutcome> {
        let address = input.address.validated()?;
        let print = fingerprint("address_changed", &address);
        let mut begun = match self
            .begin_change(
                viewer,
                order_ref,
                "address_changed",
                OrderChange::Address,
                key,
                &print,
            )
            .await?
        {
            Start::Replay(outcome) => return Ok(*outcome),
            Start::Go(b) => *b,
        };
        let new_value =
            serde_json::to_value(&address).map_err(|e| ServiceError::Unexpected(e.into()))?;
        let old = std::mem::replace(&mut begun.order.shipping_address, new_value.clone());
        begun.order.updated_at = now_ms();
        commerce::update_order(&mut begun.tx, &begun.order).await?;
        let message = match begun.lang {
            Lang::En => format!(
                "Done: order {} will be delivered to {}, {} {}.",
                begun.order.number, address.line1, address.postal_code, address.city
            ),
            Lang::Zh => format!(
                "已完成：订单 {} 将寄往 {}，{} {}。",
                begun.order.number, address.line1, address.postal_code, address.city
            ),
            Lang::Es => format!(
                "Hecho: el pedido {} se entregará en {}, {} {}.",
                begun.order.number, address.line1, address.postal_code, address.city
            ),
        };
        let outcome = ActionOutcome {
            action: "address_changed".into(),
            status: "done".into(),
            message,
            order: OrderView::from(&begun.order),
            refund: None,
            settlement: None,
            return_case: None,
            replayed: false,
        };
        let event = json!({"shipping_address": new_value, "previous_shipping_address": old});
        let changes = vec![(
            "shipping_address",
            Some(old.to_string()),
            Some(new_value.to_string()),
        )];
        self.finish_action(
            begun,
            viewer,
            "address_changed",
            key,
            &print,
            input.ticket_id,
            changes,
            event,
            outcome,
        )
        .await
    }

    /// Changes the contact phone (until the order is packed).
    pub async fn change_phone(
        &self,
        viewer: &Viewer,
        order_ref: &str,
        input: ChangePhone,
        key: Option<&str>,
    ) -> Result<ActionOutcome> {
        let phone = required_line("phone", &input.phone, 32)?;
        if !phone
            .chars()
            .all(|c| c.is_ascii_digit() || " +-().".contains(c))
            || phone.chars().filter(char::is_ascii_digit).count() < 6
        {
            return Err(ServiceError::field(
                "phone",
                "must be a phone number such as +34 612 345 678",
            ));
        }
        let print = fingerprint("phone_changed", &phone);
        let mut begun = match self
            .begin_change(
                viewer,
                order_ref,
                "phone_changed",
                OrderChange::Phone,
                key,
                &print,
            )
            .await?
        {
            Start::Replay(outcome) => return Ok(*outcome),
            Start::Go(b) => *b,
        };
        let old = begun.order.phone.replace(phone.clone());
        begun.order.updated_at = now_ms();
        commerce::update_order(&mut begun.tx, &begun.order).await?;
        let message = match begun.lang {
            Lang::En => format!(
                "Done: the courier will call {phone} for order {}.",
                begun.order.number
            ),
            Lang::Zh => format!(
                "已完成：快递员将拨打 {phone} 联系您（订单 {}）。",
                begun.order.number
            ),
            Lang::Es => format!(
                "Hecho: el repartidor llamará al {phone} para el pedido {}.",
                begun.order.number
            ),
        };
        let outcome = ActionOutcome {
            action: "phone_changed".into(),
            status: "done".into(),
            message,
            order: OrderView::from(&begun.order),
            refund: None,
            settlement: None,
            return_case: None,
            replayed: false,
        };
        let event = json!({"phone": phone, "previous_phone": old});
        let changes = vec![("phone", old, Some(phone))];
        self.finish_action(
            begun,
            viewer,
            "phone_changed",
            key,
            &print,
            input.ticket_id,
            changes,
            event,
            outcome,
        )
        .await
    }

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
        let print = fingerprint(
            "cancelled",
            &(
                reason.as_str(),
                input.lines.as_ref().map(|l| {
                    l.iter()
                        .map(|x| (x.line_id, x.quantity))
                        .collect::<Vec<_>>()
                }),
            ),
        );
        let mut begun = match self
            .begin_change(
                viewer,
                order_ref,
                "cancelled",
                OrderChange::Cancel,
                key,
                &print,
            )
            .await?
        {
            Start::Replay(outcome) => return Ok(*outcome),
            Start::Go(b) => *b,
        };
        let now = now_ms();
        let lines = commerce::lines_of(&mut begun.tx, begun.order.id).await?;
        let (ledger, payments) = ledger(&mut begun.tx, begun.order.id).await?;
        let plan = plan_cancellation(&begun.order, &lines, input.lines.as_deref())?;
        let settlement = settle_cancellation(
            &ledger,
            if plan.whole_order {
                i64::MAX
            } else {
                plan.amount
            },
        );
        let method = original_method(&payments);
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
                status: "completed".into(),
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

        let back = money(settlement.void + settlement.refund, &begun.order.currency);
        let [min_days, max_days] = self.policy().refunds.expected_business_days;
        let number = begun.order.number.clone();
        let message = match (begun.lang, plan.whole_order) {
            (Lang::En, true) => format!(
                "Order {number} is cancelled. {back} goes back to your original payment method within {min_days}–{max_days} business days."
            ),
            (Lang::En, false) => format!(
                "The items are cancelled from order {number}. {back} goes back to your original payment method within {min_days}–{max_days} business days."
            ),
            (Lang::Zh, true) => format!(
                "订单 {number} 已取消。{back} 将在 {min_days}–{max_days} 个工作日内退回您的原支付方式。"
            ),
            (Lang::Zh, false) => format!(
                "订单 {number} 中的商品已取消。{back} 将在 {min_days}–{max_days} 个工作日内退回您的原支付方式。"
            ),
            (Lang::Es, true) => format!(
                "El pedido {number} está cancelado. {back} vuelve a tu método de pago original en {min_days}–{max_days} días hábiles."
            ),
            (Lang::Es, false) => format!(
                "Los artículos se han cancelado del pedido {number}. {back} vuelve a tu método de pago original en {min_days}–{max_days} días hábiles."
            ),
        };
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
            action: "cancelled".into(),
            status: "done".into(),
            message,
            order: OrderView::from(&begun.order),
            refund: refund_view,
            settlement: Some(settlement_view),
            return_case: None,
            replayed: false,
        };
        self.finish_action(
            begun,
            viewer,
            "cancelled",
            key,
            &print,
            input.ticket_id,
            changes,
            event,
            outcome,
        )
        .await
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
        let print = fingerprint(
            "refunded",
            &(input.amount_minor, input.destination, reason.as_str()),
        );
        let mut begun = match self
            .begin_action(viewer, order_ref, "refunded", key, &print, false)
            .await?
        {
            Start::Replay(outcome) => return Ok(*outcome),
            Start::Go(b) => *b,
        };
        let now = now_ms();
        let (ledger, payments) = ledger(&mut begun.tx, begun.order.id).await?;
        check_refund(&ledger, input.amount_minor).map_err(|e| {
            ServiceError::field(
                "amount_minor",
                format!("{e} (in minor units of {})", begun.order.currency),
            )
        })?;
        let pending = self
            .needs_approval(&mut begun.tx, viewer, &begun.order, input.amount_minor)
            .await?;
        let mut row = RefundRow {
            id: 0,
            order_id: begun.order.id,
            ticket_id: input.ticket_id,
            amount_minor: input.amount_minor,
            currency: begun.order.currency.clone(),
            destination: input.destination.as_str().into(),
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
        row.id = store_refunds::insert(&mut begun.tx, &row).await?;
        if !pending {
            row.payment_id =
                Some(execute_refund(&mut begun.tx, &begun.order, &row, &payments, now).await?);
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
            action: "refunded".into(),
            status: if pending { "pending_approval" } else { "done" }.into(),
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
        self.finish_action(
            begun,
            viewer,
            "refunded",
            key,
            &print,
            input.ticket_id,
            changes,
            event,
            outcome,
        )
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
        let currency = Currency::parse(&refund.currency)
            .map_err(|e| ServiceError::Unexpected(anyhow::anyhow!("refund currency: {e}")))?;
        if !self
            .policy()
            .refund_limits(currency)
            .may_approve(viewer.role, refund.amount_minor)
        {
            return Err(ServiceError::Forbidden(format!(
                "a {} may not approve a refund of {}",
                viewer.role,
                money(refund.amount_minor, &refund.currency)
            )));
        }
        let action = if approve {
            "refund_approved"
        } else {
            "refund_rejected"
        };
        let mut begun = match self
            .begin_action(
                viewer,
                &refund.order_id.to_string(),
                action,
                None,
                "",
                false,
            )
            .await?
        {
            Start::Replay(outcome) => return Ok(*outcome),
            Start::Go(b) => *b,
        };
        let mut row = store_refunds::get(&mut begun.tx, refund_id)
            .await?
            .ok_or(ServiceError::NotFound("refund"))?;
        if row.status != "pending_approval" {
            return Err(ServiceError::Conflict(format!(
                "refund {refund_id} is {} already",
                row.status
            )));
        }
        let now = now_ms();
        row.status = if approve { "completed" } else { "rejected" }.into();
        row.decided_by = actor_id(viewer);
        row.decision_note = note;
        row.updated_at = now;
        let is_coupon = row.destination == COUPON;
        if approve && is_coupon {
            row.coupon_code = Some(
                crate::after_sales::issue_compensation_coupon(&mut begun.tx, row.amount_minor, now)
                    .await?,
            );
        } else if approve {
            let (mut ledger, payments) = ledger(&mut begun.tx, begun.order.id).await?;
            // The ledger counts this refund as pending; check it as if it were not.
            ledger.refunded -= row.amount_minor;
            check_refund(&ledger, row.amount_minor)
                .map_err(|e| ServiceError::Conflict(format!("cannot approve: {e}")))?;
            row.payment_id =
                Some(execute_refund(&mut begun.tx, &begun.order, &row, &payments, now).await?);
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
            crate::after_sales::compensation_message(begun.lang, &begun.order.number, &amount, code)
        } else if !approve && is_coupon {
            match begun.lang {
                Lang::En => format!(
                    "The {amount} coupon for order {} was not approved.",
                    begun.order.number
                ),
                Lang::Zh => format!("订单 {} 的 {amount} 优惠券未获批准。", begun.order.number),
                Lang::Es => format!(
                    "El cupón de {amount} del pedido {} no fue aprobado.",
                    begun.order.number
                ),
            }
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
            match begun.lang {
                Lang::En => format!(
                    "The refund of {amount} for order {} was not approved.",
                    begun.order.number
                ),
                Lang::Zh => format!("订单 {} 的 {amount} 退款未获批准。", begun.order.number),
                Lang::Es => format!(
                    "El reembolso de {amount} del pedido {} no fue aprobado.",
                    begun.order.number
                ),
            }
        };
        let outcome = ActionOutcome {
            action: action.into(),
            status: "done".into(),
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
        self.finish_action(
            begun, viewer, action, None, "", ticket_id, changes, event, outcome,
        )
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
        if !matches!(status, "pending_approval" | "completed" | "rejected") {
            return Err(ServiceError::field(
                "status",
                "must be pending_approval, completed or rejected",
            ));
        }
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

/// Moves the money of an approved refund: a refund payment on the original
/// method, or store credit for the customer.
pub(crate) async fn execute_refund(
    conn: &mut Conn,
    order: &OrderRow,
    refund: &RefundRow,
    payments: &[PaymentRow],
    now: Millis,
) -> Result<i64> {
    let method = if refund.destination == "store_credit" {
        PaymentMethod::StoreCredit
    } else {
        original_method(payments)
    };
    let payment_id = record_payment(
        conn,
        order,
        PaymentKind::Refund,
        method,
        refund.amount_minor,
        now,
    )
    .await?;
    if refund.destination == "store_credit" {
        store_refunds::add_store_credit(
            conn,
            order.customer_id,
            refund.amount_minor,
            &refund.currency,
            &refund.reason,
            Some(refund.id),
            now,
        )
        .await?;
    }
    Ok(payment_id)
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
    match (lang, pending, destination) {
        (Lang::En, true, _) => format!(
            "A refund of {amount} for order {number} is waiting for a supervisor's approval; we will write as soon as it is decided."
        ),
        (Lang::Zh, true, _) => format!(
            "订单 {number} 的 {amount} 退款正在等待主管审批，结果出来后我们会第一时间通知您。"
        ),
        (Lang::Es, true, _) => format!(
            "El reembolso de {amount} del pedido {number} está pendiente de aprobación; te escribiremos en cuanto se decida."
        ),
        (Lang::En, false, RefundDestination::OriginalMethod) => format!(
            "We refunded {amount} for order {number}. It reaches your original payment method within {min}–{max} business days."
        ),
        (Lang::Zh, false, RefundDestination::OriginalMethod) => format!(
            "我们已为订单 {number} 退款 {amount}，将在 {min}–{max} 个工作日内退回您的原支付方式。"
        ),
        (Lang::Es, false, RefundDestination::OriginalMethod) => format!(
            "Hemos reembolsado {amount} del pedido {number}. Llegará a tu método de pago original en {min}–{max} días hábiles."
        ),
        (Lang::En, false, RefundDestination::StoreCredit) => format!(
            "We added {amount} of store credit for order {number}; you can use it right away."
        ),
        (Lang::Zh, false, RefundDestination::StoreCredit) => {
            format!("我们已为订单 {number} 发放 {amount} 店铺余额，可立即使用。")
        }
        (Lang::Es, false, RefundDestination::StoreCredit) => format!(
            "Hemos añadido {amount} de saldo en la tienda por el pedido {number}; puedes usarlo ya."
        ),
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

/// What each line is worth after its own discount and its share of the
/// order's discount: the basis of every refund of units.
pub(crate) fn line_values(order: &OrderRow, lines: &[OrderLineRow]) -> Vec<i64> {
    let nets: Vec<i64> = lines
        .iter()
        .map(|l| l.unit_price_minor * l.quantity - l.discount_minor)
        .collect();
    let shares = allocate_discount(order.discount_minor, &nets);
    nets.iter()
        .zip(shares)
        .map(|(net, share)| net - share)
        .collect()
}
