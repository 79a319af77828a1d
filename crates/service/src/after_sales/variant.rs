//! A different size or colour for a line, until the order is packed. The
//! attributes asked are merged into the line's (a size change keeps the
//! colour); when the shop feeds its catalogue, the result must be one of
//! the product's variants, in stock, and the line takes its SKU — at the
//! same price at once, dearer once the customer pays the difference on the
//! platform (a pending change). Without a catalogue the merged attributes are kept as
//! asked (the platform confirms through the webhook).

use marketdesk_domain::orders::OrderAction;
use marketdesk_domain::orders::OrderChange;
use marketdesk_messages::tr;
use marketdesk_store::commerce;
use marketdesk_store::ingest;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};
use utoipa::ToSchema;

use marketdesk_domain::orders::{PendingChangeKind, PendingChangeState};
use marketdesk_domain::refunds::ActionStatus;
use marketdesk_store::pending::PendingChangeRow;

use super::action_path::{go_or_replay, money, plain_outcome};
use super::pending::{change_event, request_change};
use super::views::ActionOutcome;
use crate::{Result, ServiceError, Services, Viewer};

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ChangeVariant {
    pub line_id: i64,
    /// The new size, colour… such as {"size": "L"}; same price.
    #[schema(value_type = Object)]
    pub variant: Map<String, Value>,
    #[serde(default)]
    pub ticket_id: Option<i64>,
}

/// `size L, colour navy`.
fn describe(attributes: &Map<String, Value>) -> String {
    attributes
        .iter()
        .map(|(k, v)| format!("{k} {}", v.as_str().unwrap_or_default()))
        .collect::<Vec<_>>()
        .join(", ")
}

impl Services {
    /// Changes the size or colour of a line (until packed).
    pub async fn change_variant(
        &self,
        viewer: &Viewer,
        order_ref: &str,
        input: ChangeVariant,
        key: Option<&str>,
    ) -> Result<ActionOutcome> {
        if input.variant.is_empty()
            || input.variant.len() > 10
            || input.variant.values().any(|v| !v.is_string())
        {
            return Err(ServiceError::field(
                "variant",
                "give 1 to 10 attributes with text values, such as {\"size\": \"L\"}",
            ));
        }
        let mut begun = go_or_replay!(
            self.begin_change(
                viewer,
                order_ref,
                OrderAction::VariantChanged,
                OrderChange::Variant,
                key,
                &input,
            )
            .await?
        );
        let lines = commerce::lines_of(&mut begun.tx, begun.order.id).await?;
        let mut line = lines
            .into_iter()
            .find(|l| l.id == input.line_id)
            .ok_or_else(|| {
                ServiceError::field(
                    "line_id",
                    format!("order {} has no line {}", begun.order.number, input.line_id),
                )
            })?;
        let old = line.variant.clone();
        let mut merged = old.as_object().cloned().unwrap_or_default();
        merged = crate::commerce::catalogue_normalized(&merged);
        for (k, v) in crate::commerce::catalogue_normalized(&input.variant) {
            merged.insert(k, v);
        }
        let variants = marketdesk_store::catalogue::siblings_of(&mut begun.tx, &line.sku).await?;
        if !variants.is_empty() {
            let wanted = |v: &&marketdesk_store::catalogue::VariantRow| {
                v.attributes
                    .as_object()
                    .is_some_and(|a| crate::commerce::catalogue_same_variant(a, &merged))
            };
            let Some(found) = variants.iter().find(wanted) else {
                let offered: Vec<String> = variants
                    .iter()
                    .filter(|v| v.stock > 0)
                    .filter_map(|v| v.attributes.as_object().map(describe))
                    .collect();
                return Err(ServiceError::field(
                    "variant",
                    format!(
                        "{} does not come in {}; available: {}",
                        line.title,
                        describe(&merged),
                        offered.join("; ")
                    ),
                ));
            };
            if found.stock <= 0 {
                return Err(ServiceError::field(
                    "variant",
                    format!("{} in {} is out of stock", line.title, describe(&merged)),
                ));
            }
            if found.price_minor > line.unit_price_minor {
                // Dearer: asked of the platform, made once the customer pays.
                let units = line.quantity - line.cancelled_quantity;
                let due = (found.price_minor - line.unit_price_minor).saturating_mul(units);
                let row = PendingChangeRow {
                    id: 0,
                    order_id: 0,
                    kind: PendingChangeKind::Variant,
                    line_no: Some(line.line_no),
                    sku: found.sku.clone(),
                    title: line.title.clone(),
                    attributes: Value::Object(merged.clone()),
                    quantity: units,
                    baseline_quantity: 0,
                    unit_price_minor: found.price_minor,
                    amount_due_minor: due,
                    currency: begun.order.currency.clone(),
                    state: PendingChangeState::Pending,
                    requested_by: None,
                    created_at: 0,
                    updated_at: 0,
                };
                let row = request_change(&mut begun, viewer, row).await?;
                let message = tr!(
                    begun.lang,
                    "care-variant-pending",
                    title = line.title.clone(),
                    described = describe(&merged),
                    amount = money(due, &begun.order.currency)
                );
                let mut outcome = plain_outcome(begun.action, message, &begun.order);
                outcome.status = ActionStatus::AwaitingPayment;
                let changes = vec![(
                    "variant",
                    Some(format!("{}: {old}", line.sku)),
                    Some(format!("{} asked, {due} due", found.sku)),
                )];
                let event = change_event(&row);
                return self
                    .finish_action(begun, viewer, input.ticket_id, changes, event, outcome)
                    .await;
            }
            if found.price_minor < line.unit_price_minor {
                return Err(ServiceError::field(
                    "variant",
                    format!(
                        "{} in {} costs {} instead of {}: an agent can change it and refund the difference",
                        line.title,
                        describe(&merged),
                        found.price_minor,
                        line.unit_price_minor
                    ),
                ));
            }
            line.sku = found.sku.clone();
        }
        // A change made now replaces one that waited for payment.
        super::pending::replace_pending_for_line(&mut begun.tx, begun.order.id, line.line_no)
            .await?;
        line.variant = Value::Object(merged);
        ingest::update_line(&mut begun.tx, &line).await?;
        commerce::record_local_change(
            &mut begun.tx,
            begun.order.id,
            &format!("line:{}:variant", line.line_no),
            &line.variant,
            crate::now_ms(),
        )
        .await?;
        let described = line.variant.as_object().map(describe).unwrap_or_default();
        let message = tr!(
            begun.lang,
            "care-variant-changed",
            title = line.title,
            number = begun.order.number,
            described = described
        );
        let outcome = plain_outcome(begun.action, message, &begun.order);
        let event = json!({"line_id": line.id, "sku": line.sku, "variant": line.variant, "previous_variant": old});
        let changes = vec![(
            "variant",
            Some(format!("{}: {old}", line.sku)),
            Some(format!("{}: {}", line.sku, line.variant)),
        )];
        self.finish_action(begun, viewer, input.ticket_id, changes, event, outcome)
            .await
    }
}
