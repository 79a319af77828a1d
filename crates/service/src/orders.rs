//! Reading the shop's orders, for support and for the customer themselves.

use marketdesk_domain::Role;
use marketdesk_domain::access::{OrderFacts, Permission};
use marketdesk_store::Conn;
use marketdesk_store::commerce::{self, OrderRow};

use crate::page::{Page, PageRequest};
use crate::views::{
    OrderDetail, OrderLineView, OrderView, PaymentView, RefundView, ReturnView, ShipmentView,
};
use crate::{Result, ServiceError, Services, Viewer};

async fn visible(conn: &mut Conn, viewer: &Viewer, order: &OrderRow) -> Result<bool> {
    let facts = OrderFacts {
        order_id: order.id,
        customer_id: order.customer_id,
        seller_ids: commerce::seller_ids_of_order(conn, order.id).await?,
    };
    Ok(viewer.can_see_order(&facts))
}

impl Services {
    /// An order by id or by number, with lines, payments, shipments and returns.
    pub async fn get_order(&self, viewer: &Viewer, id_or_number: &str) -> Result<OrderDetail> {
        let mut conn = self.store.reader().await?;
        let order = match id_or_number.parse::<i64>() {
            Ok(id) => commerce::get_order(&mut conn, id).await?,
            Err(_) => commerce::find_order_by_number(&mut conn, id_or_number).await?,
        };
        // An order the viewer may not see is reported as missing, not forbidden.
        let order = match order {
            Some(o) if visible(&mut conn, viewer, &o).await? => o,
            _ => return Err(ServiceError::NotFound("order")),
        };
        order_detail(&mut conn, &order, self.policy()).await
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
        Ok(page.finish(rows.iter().map(OrderView::from).collect(), |o| o.id))
    }
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
    Ok(OrderDetail {
        order: OrderView::from(order),
        lines: lines.iter().map(OrderLineView::from).collect(),
        payments: payments.iter().map(PaymentView::from).collect(),
        shipments: shipments
            .iter()
            .map(|(s, e)| ShipmentView::new(s, e))
            .collect(),
        returns: returns.iter().map(ReturnView::from).collect(),
        refunds: refunds.iter().map(|r| RefundView::new(r, policy)).collect(),
    })
}
