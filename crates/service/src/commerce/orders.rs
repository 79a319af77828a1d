//! Reading the shop's orders, for support and for the customer themselves.

use marketdesk_domain::Role;
use marketdesk_domain::access::{OrderFacts, Permission};
use marketdesk_domain::commerce::PaymentKind;
use marketdesk_domain::commerce::PaymentStatus;
use marketdesk_domain::refunds::Ledger;
use marketdesk_domain::refunds::RefundStatus;
use marketdesk_store::Conn;
use marketdesk_store::commerce::{self, OrderLineRow, OrderRow, PaymentRow};
use marketdesk_store::refunds::RefundRow;

use crate::commerce::{
    OrderDetail, OrderLineView, OrderView, PaymentView, RefundView, ReturnView, ShipmentView,
};
use crate::kernel::page::{Page, PageRequest};
use crate::{Result, ServiceError, Services, Viewer};

/// How much of an order the viewer sees.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Share {
    None,
    /// Staff and the buyer.
    Whole,
    /// A seller of some of its lines: those lines only.
    LinesOf(i64),
}

async fn share(conn: &mut Conn, viewer: &Viewer, order: &OrderRow) -> Result<Share> {
    let facts = OrderFacts {
        order_id: order.id,
        customer_id: order.customer_id,
        seller_ids: commerce::seller_ids_of_order(conn, order.id).await?,
    };
    Ok(if !viewer.can_see_order(&facts) {
        Share::None
    } else if viewer.sees_whole_order(&facts) {
        Share::Whole
    } else {
        Share::LinesOf(viewer.person_id)
    })
}

async fn find(conn: &mut Conn, id_or_number: &str) -> Result<Option<OrderRow>> {
    Ok(match id_or_number.parse::<i64>() {
        Ok(id) => commerce::get_order(conn, id).await?,
        Err(_) => commerce::find_order_by_number(conn, id_or_number).await?,
    })
}

impl Services {
    /// An order by id or by number, with lines, payments, shipments and
    /// returns. A seller gets their lines of it, with totals of those lines,
    /// and none of the buyer's payments or refunds.
    pub async fn get_order(&self, viewer: &Viewer, id_or_number: &str) -> Result<OrderDetail> {
        let mut conn = self.store.reader().await?;
        // An order the viewer may not see is reported as missing, not forbidden.
        let order = find(&mut conn, id_or_number)
            .await?
            .ok_or(ServiceError::NotFound("order"))?;
        match share(&mut conn, viewer, &order).await? {
            Share::None => Err(ServiceError::NotFound("order")),
            Share::Whole => order_detail(&mut conn, &order, self.policy()).await,
            Share::LinesOf(seller) => seller_order_detail(&mut conn, &order, seller).await,
        }
    }

    /// Marks a feed conflict handled, once an agent has checked it with the
    /// customer (staff who act on orders); answers the order.
    pub async fn mark_conflict_handled(
        &self,
        viewer: &Viewer,
        id_or_number: &str,
        conflict_id: i64,
    ) -> Result<OrderDetail> {
        if !viewer.is_staff() || !viewer.may(marketdesk_domain::Permission::ActOnOrders) {
            return Err(ServiceError::forbidden("mark an order's conflict handled"));
        }
        let order = self.whole_order(viewer, id_or_number).await?;
        let now = crate::now_ms();
        let actor = crate::kernel::auth::actor_id(viewer);
        let mut tx = self.store.begin().await?;
        if !commerce::mark_conflict_handled(&mut tx, order.order.id, conflict_id, actor, now)
            .await?
        {
            return Err(ServiceError::NotFound("conflict"));
        }
        marketdesk_store::audit::record(
            &mut tx,
            &marketdesk_store::audit::AuditEntry {
                id: 0,
                subject_type: "order".into(),
                subject_id: order.order.id,
                ticket_id: None,
                actor_id: actor,
                action: "conflict_handled".into(),
                field: Some("conflict".into()),
                old_value: None,
                new_value: Some(conflict_id.to_string()),
                created_at: now,
            },
        )
        .await?;
        tx.commit().await?;
        self.get_order(viewer, id_or_number).await
    }

    /// The whole order, for what only its buyer and staff may see (payments,
    /// discounts, invoice, returns, carrier requests): a seller of some of
    /// its lines gets "not found", as for an order they have no part in.
    pub(crate) async fn whole_order(
        &self,
        viewer: &Viewer,
        id_or_number: &str,
    ) -> Result<OrderDetail> {
        let mut conn = self.store.reader().await?;
        let order = find(&mut conn, id_or_number)
            .await?
            .ok_or(ServiceError::NotFound("order"))?;
        match share(&mut conn, viewer, &order).await? {
            Share::Whole => order_detail(&mut conn, &order, self.policy()).await,
            Share::None | Share::LinesOf(_) => Err(ServiceError::NotFound("order")),
        }
    }

    pub async fn list_orders(
        &self,
        viewer: &Viewer,
        customer_id: Option<i64>,
        page: PageRequest,
    ) -> Result<Page<OrderView>> {
        if !viewer.may(Permission::ReadOrders) {
            return Err(ServiceError::forbidden("read orders"));
        }
        let (customer, seller) = match viewer.role {
            _ if viewer.is_staff() => (customer_id, None),
            Role::Seller => (None, Some(viewer.person_id)),
            _ => (Some(viewer.person_id), None),
        };
        let mut conn = self.store.reader().await?;
        let mut rows = commerce::list_orders(
            &mut conn,
            customer,
            seller,
            page.before_id,
            page.fetch_limit(),
        )
        .await?;
        if let Some(order_id) = viewer.order_scope {
            rows.retain(|o| o.id == order_id);
        }
        let mut views = Vec::with_capacity(rows.len());
        for row in &rows {
            views.push(match share(&mut conn, viewer, row).await? {
                Share::LinesOf(seller) => {
                    let lines = commerce::lines_of(&mut conn, row.id).await?;
                    seller_totals(row, &lines, seller)
                }
                _ => OrderView::from(row),
            });
        }
        Ok(page.finish(views, |o| o.id))
    }
}

/// The order as one of its sellers sees it: their lines, totals of those
/// lines (the order's shipping, tax and order-level discount belong to the
/// buyer's bill, not to one seller), the shipments that carry their lines
/// (or do not say which lines they carry), the returns of their lines; no
/// payments and no refunds.
async fn seller_order_detail(
    conn: &mut Conn,
    order: &OrderRow,
    seller: i64,
) -> Result<OrderDetail> {
    let lines = commerce::lines_of(conn, order.id).await?;
    let others_shipments = commerce::shipment_ids_of_others(conn, order.id, seller).await?;
    let shipments = commerce::shipments_of(conn, order.id).await?;
    let their_returns = commerce::return_ids_of_seller(conn, order.id, seller).await?;
    let returns = commerce::returns_of(conn, order.id).await?;
    let history = history_of(conn, order.id).await?;
    let chargebacks = commerce::disputes_of(conn, order.id).await?;
    Ok(OrderDetail {
        history,
        late_since: super::views::late_since(order, &shipments, crate::now_ms()),
        conflicts: Vec::new(),
        chargebacks: super::views::ChargebackView::from_rows(&chargebacks),
        pending_changes: Vec::new(),
        order: seller_totals(order, &lines, seller),
        lines: lines
            .iter()
            .filter(|l| l.seller_id == Some(seller))
            .map(OrderLineView::from)
            .collect(),
        payments: Vec::new(),
        shipments: shipments
            .iter()
            .filter(|(s, _)| !others_shipments.contains(&s.id))
            .map(|(s, e)| ShipmentView::new(s, e))
            .collect(),
        returns: returns
            .iter()
            .filter(|r| their_returns.contains(&r.id))
            .map(ReturnView::from)
            .collect(),
        refundable_minor: 0,
        refunds: Vec::new(),
    })
}

/// The order's figures reduced to one seller's lines.
fn seller_totals(order: &OrderRow, lines: &[OrderLineRow], seller: i64) -> OrderView {
    let theirs = lines.iter().filter(|l| l.seller_id == Some(seller));
    let (subtotal, discount) = theirs.fold((0i64, 0i64), |(sub, disc), l| {
        (
            sub.saturating_add(l.quantity.saturating_mul(l.unit_price_minor)),
            disc.saturating_add(l.discount_minor),
        )
    });
    OrderView {
        subtotal_minor: subtotal,
        discount_minor: discount,
        shipping_minor: 0,
        tax_minor: 0,
        total_minor: subtotal.saturating_sub(discount),
        ..OrderView::from(order)
    }
}

/// The refund destination of a compensation coupon: money given as a coupon
/// counts toward the same limits as refunds but never against the capture.
pub(crate) const COUPON: &str = "coupon";

/// An order's succeeded payment events summed, with refunds waiting for
/// approval counted as spent so that two of them cannot together exceed the
/// capture (coupons are not refunds of the payment).
pub(crate) fn ledger_of(payments: &[PaymentRow], refunds: &[RefundRow]) -> Ledger {
    let sums = payments
        .iter()
        .filter(|p| p.status == PaymentStatus::Succeeded)
        .map(|p| (p.kind, p.amount_minor));
    let pending = refunds
        .iter()
        .filter(|r| r.status == RefundStatus::PendingApproval && r.destination != COUPON)
        .map(|r| r.amount_minor)
        .sum();
    ledger_from(sums, pending)
}

/// The ledger from succeeded payment amounts by kind and the refunds
/// waiting for approval (counted as spent).
pub(crate) fn ledger_from(
    sums: impl IntoIterator<Item = (PaymentKind, i64)>,
    pending: i64,
) -> Ledger {
    let mut ledger = Ledger::default();
    for (kind, amount) in sums {
        match kind {
            PaymentKind::Authorization => ledger.authorized += amount,
            PaymentKind::Capture => ledger.captured += amount,
            PaymentKind::Refund => ledger.refunded += amount,
            PaymentKind::Void => ledger.voided += amount,
            PaymentKind::Failure => {}
        }
    }
    ledger.refunded += pending;
    ledger
}

async fn history_of(conn: &mut Conn, order_id: i64) -> Result<Vec<super::views::StatusStep>> {
    Ok(commerce::status_history(conn, order_id)
        .await?
        .into_iter()
        .map(|(status, at)| super::views::StatusStep {
            status,
            at: crate::rfc3339(at),
        })
        .collect())
}

pub(crate) async fn order_detail(
    conn: &mut Conn,
    order: &OrderRow,
    policy: &marketdesk_domain::policy::Policy,
) -> Result<OrderDetail> {
    let lines = commerce::lines_of(conn, order.id).await?;
    let payments = commerce::payments_of(conn, order.id).await?;
    let shipments = commerce::shipments_of(conn, order.id).await?;
    let returns = commerce::returns_of(conn, order.id).await?;
    let refunds = marketdesk_store::refunds::of_order(conn, order.id).await?;
    let history = history_of(conn, order.id).await?;
    let conflicts = commerce::conflicts_of(conn, order.id)
        .await?
        .into_iter()
        .map(|c| super::views::OrderConflict {
            id: c.id,
            field: c.field,
            ours: c.local_value,
            platform: c.platform_value,
            detected_at: crate::rfc3339(c.detected_at),
            handled_at: c.handled_at.map(crate::rfc3339),
            handled_by: c.handled_by,
        })
        .collect();
    let chargebacks = commerce::disputes_of(conn, order.id).await?;
    Ok(OrderDetail {
        history,
        late_since: super::views::late_since(order, &shipments, crate::now_ms()),
        conflicts,
        chargebacks: super::views::ChargebackView::from_rows(&chargebacks),
        pending_changes: marketdesk_store::pending::of_order(conn, order.id)
            .await?
            .iter()
            .map(super::PendingChangeView::from)
            .collect(),
        order: OrderView::from(order),
        lines: lines.iter().map(OrderLineView::from).collect(),
        payments: payments.iter().map(PaymentView::from).collect(),
        shipments: shipments
            .iter()
            .map(|(s, e)| ShipmentView::new(s, e))
            .collect(),
        returns: returns.iter().map(ReturnView::from).collect(),
        refundable_minor: ledger_of(&payments, &refunds).refundable(),
        refunds: refunds.iter().map(|r| RefundView::new(r, policy)).collect(),
    })
}
