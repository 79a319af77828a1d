//! Changes that cost the customer more — a dearer size or colour, an item
//! added before packing — are not made here: they are asked of the shop's
//! platform (`order.change_requested`), shown as pending with what the
//! customer will pay, and made when the platform's feed shows them
//! (`commerce::settle_pending_changes`, called by the ingest).

use marketdesk_domain::orders::{OrderAction, OrderChange, PendingChangeKind, PendingChangeState};
use marketdesk_domain::refunds::ActionStatus;
use marketdesk_domain::text::required_line;
use marketdesk_messages::tr;
use marketdesk_store::catalogue;
use marketdesk_store::commerce;
use marketdesk_store::pending::{self, PendingChangeRow};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use utoipa::ToSchema;

use super::action_path::{Begun, go_or_replay, money, plain_outcome};
use super::views::ActionOutcome;
use crate::commerce::PendingChangeView;
use crate::kernel::auth::actor_id;
use crate::{Result, ServiceError, Services, Viewer, now_ms};

/// Units of one item added at once, at most.
const MAX_ADDED: i64 = 20;

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AddItem {
    /// A variant of the shop's catalogue.
    pub sku: String,
    pub quantity: i64,
    #[serde(default)]
    pub ticket_id: Option<i64>,
}

/// Records a change that waits for payment, replacing a pending one for the
/// same line, and makes the action's webhook `order.change_requested`.
pub(crate) async fn request_change(
    begun: &mut Begun,
    viewer: &Viewer,
    mut row: PendingChangeRow,
) -> Result<PendingChangeRow> {
    let now = now_ms();
    if let (PendingChangeKind::Variant, Some(line_no)) = (row.kind, row.line_no) {
        replace_pending_for_line(&mut begun.tx, begun.order.id, line_no).await?;
    }
    row.order_id = begun.order.id;
    row.requested_by = actor_id(viewer);
    row.created_at = now;
    row.updated_at = now;
    row.id = pending::insert(&mut begun.tx, &row).await?;
    begun.event = Some("change_requested");
    Ok(row)
}

/// A line's variant change waiting for payment, replaced by a newer one.
pub(crate) async fn replace_pending_for_line(
    conn: &mut marketdesk_store::Conn,
    order_id: i64,
    line_no: i64,
) -> Result<()> {
    for old in pending::of_order(conn, order_id).await? {
        if old.state == PendingChangeState::Pending
            && old.kind == PendingChangeKind::Variant
            && old.line_no == Some(line_no)
        {
            pending::settle(conn, old.id, PendingChangeState::Replaced, now_ms()).await?;
        }
    }
    Ok(())
}

/// The webhook's and the outcome's picture of a change waiting for payment.
pub(crate) fn change_event(row: &PendingChangeRow) -> Value {
    json!({"pending_change": PendingChangeView::from(row)})
}

impl Services {
    /// Adds an item of the catalogue to an order before it is packed: a
    /// change that waits for the customer's payment on the platform.
    pub async fn add_item(
        &self,
        viewer: &Viewer,
        order_ref: &str,
        input: AddItem,
        key: Option<&str>,
    ) -> Result<ActionOutcome> {
        let sku = required_line("sku", &input.sku, 64)?;
        if !(1..=MAX_ADDED).contains(&input.quantity) {
            return Err(ServiceError::field(
                "quantity",
                format!("1 to {MAX_ADDED} units"),
            ));
        }
        let mut begun = go_or_replay!(
            self.begin_change(
                viewer,
                order_ref,
                OrderAction::ItemRequested,
                OrderChange::Items,
                key,
                &input,
            )
            .await?
        );
        let variant = catalogue::get(&mut begun.tx, &sku).await?.ok_or_else(|| {
            ServiceError::field("sku", format!("{sku} is not in the shop's catalogue"))
        })?;
        if variant.currency != begun.order.currency {
            return Err(ServiceError::field(
                "sku",
                format!(
                    "{sku} is sold in {}, the order in {}",
                    variant.currency, begun.order.currency
                ),
            ));
        }
        if variant.stock < input.quantity {
            return Err(ServiceError::field(
                "quantity",
                format!("only {} of {sku} in stock", variant.stock.max(0)),
            ));
        }
        let lines = commerce::lines_of(&mut begun.tx, begun.order.id).await?;
        let baseline = lines
            .iter()
            .filter(|l| l.sku == sku)
            .map(|l| l.quantity - l.cancelled_quantity)
            .sum();
        let title = lines
            .iter()
            .find(|l| l.sku == sku)
            .map_or_else(|| variant.product.clone(), |l| l.title.clone());
        let amount = variant.price_minor.saturating_mul(input.quantity);
        let row = PendingChangeRow {
            id: 0,
            order_id: 0,
            kind: PendingChangeKind::AddItem,
            line_no: None,
            sku: sku.clone(),
            title,
            attributes: variant.attributes.clone(),
            quantity: input.quantity,
            baseline_quantity: baseline,
            unit_price_minor: variant.price_minor,
            amount_due_minor: amount,
            currency: begun.order.currency.clone(),
            state: PendingChangeState::Pending,
            requested_by: None,
            created_at: 0,
            updated_at: 0,
        };
        let row = request_change(&mut begun, viewer, row).await?;
        let message = tr!(
            begun.lang,
            "care-item-pending",
            quantity = input.quantity,
            title = row.title.clone(),
            number = begun.order.number.clone(),
            amount = money(amount, &begun.order.currency)
        );
        let mut outcome = plain_outcome(begun.action, message, &begun.order);
        outcome.status = ActionStatus::AwaitingPayment;
        let changes = vec![(
            "items",
            None,
            Some(format!("{} × {sku} asked, {} due", input.quantity, amount)),
        )];
        let event = change_event(&row);
        self.finish_action(begun, viewer, input.ticket_id, changes, event, outcome)
            .await
    }
}
