//! What the after-sales context answers: the outcome of every action, with
//! the settlement of a cancellation and the return as it stands.

use marketdesk_domain::commerce::{ReturnReason, ReturnStatus};
use marketdesk_domain::refunds::ActionStatus;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::ToSchema;

use crate::commerce::{OrderView, RefundView};

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
    /// `done`, or `pending_approval` for money above the actor's limit.
    pub status: ActionStatus,
    /// For the customer, in their language.
    pub message: String,
    pub order: OrderView,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refund: Option<RefundView>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub settlement: Option<SettlementView>,
    /// For return actions: the return as it now stands.
    #[serde(rename = "return", default, skip_serializing_if = "Option::is_none")]
    pub return_case: Option<ReturnCaseView>,
    /// Set when this answer is the saved outcome of an earlier identical request.
    #[serde(default)]
    pub replayed: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ReturnLineView {
    pub line_id: i64,
    pub sku: String,
    pub title: String,
    pub quantity: i64,
    pub accepted_quantity: Option<i64>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ReturnCaseView {
    pub id: i64,
    pub rma: String,
    pub order_id: i64,
    pub status: ReturnStatus,
    pub reason: ReturnReason,
    pub resolution: String,
    pub method: String,
    pub lines: Vec<ReturnLineView>,
    #[schema(value_type = Object)]
    pub return_address: Value,
    pub carrier: Option<String>,
    pub tracking_number: Option<String>,
    pub label_url: String,
    pub label_expires_at: Option<String>,
    pub inspection_outcome: Option<String>,
    pub inspection_note: Option<String>,
    pub refund_id: Option<i64>,
    pub created_at: String,
}
