//! Changes that cost the customer more, as the order shows them, and
//! their settlement by the platform's feed (asked in
//! `after_sales/pending.rs`).

use marketdesk_domain::orders::{
    PendingChangeFacts, PendingChangeKind, PendingChangeState, settle_pending,
};
use marketdesk_store::Conn;
use marketdesk_store::commerce::{self, OrderRow};
use marketdesk_store::pending::{self, PendingChangeRow};
use serde::Serialize;
use serde_json::Value;
use utoipa::ToSchema;

use crate::{Result, now_ms, rfc3339};

/// A change waiting for the customer's payment on the platform.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PendingChangeView {
    pub id: i64,
    pub kind: PendingChangeKind,
    /// For a variant change: the line's number on the order.
    pub line_no: Option<i64>,
    pub sku: String,
    pub title: String,
    #[schema(value_type = Object)]
    pub attributes: Value,
    pub quantity: i64,
    /// What the customer pays for it, in the order's currency.
    pub amount_due_minor: i64,
    pub currency: String,
    pub state: PendingChangeState,
    pub created_at: String,
}

impl From<&PendingChangeRow> for PendingChangeView {
    fn from(c: &PendingChangeRow) -> Self {
        PendingChangeView {
            id: c.id,
            kind: c.kind,
            line_no: c.line_no,
            sku: c.sku.clone(),
            title: c.title.clone(),
            attributes: c.attributes.clone(),
            quantity: c.quantity,
            amount_due_minor: c.amount_due_minor,
            currency: c.currency.clone(),
            state: c.state,
            created_at: rfc3339(c.created_at),
        }
    }
}

/// After the platform's feed: pending changes it now carries are confirmed,
/// those the order can no longer take lapse.
pub(crate) async fn settle_pending_changes(conn: &mut Conn, order: &OrderRow) -> Result<()> {
    let changes = pending::of_order(conn, order.id).await?;
    if !changes
        .iter()
        .any(|c| c.state == PendingChangeState::Pending)
    {
        return Ok(());
    }
    let lines = commerce::lines_of(conn, order.id).await?;
    let carried: Vec<(i64, &str, i64)> = lines
        .iter()
        .map(|l| (l.line_no, l.sku.as_str(), l.quantity - l.cancelled_quantity))
        .collect();
    let now = now_ms();
    for c in changes
        .iter()
        .filter(|c| c.state == PendingChangeState::Pending)
    {
        let facts = PendingChangeFacts {
            kind: c.kind,
            line_no: c.line_no,
            sku: c.sku.clone(),
            quantity: c.quantity,
            baseline_quantity: c.baseline_quantity,
        };
        if let Some(state) = settle_pending(&facts, &carried, order.status) {
            pending::settle(conn, c.id, state, now).await?;
        }
    }
    Ok(())
}
