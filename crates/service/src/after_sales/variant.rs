//! A different size or colour for a line, until the order is packed. The
//! attributes asked are merged into the line's (a size change keeps the
//! colour); when the shop feeds its catalogue, the result must be one of
//! the product's variants, in stock and at the same price, and the line
//! takes its SKU. Without a catalogue the merged attributes are kept as
//! asked (the platform confirms through the webhook).

use marketdesk_domain::orders::OrderAction;
use marketdesk_domain::orders::OrderChange;
use marketdesk_messages::tr;
use marketdesk_store::commerce;
use marketdesk_store::ingest;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};
use utoipa::ToSchema;

use super::action_path::{go_or_replay, plain_outcome};
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
            if found.price_minor != line.unit_price_minor {
                return Err(ServiceError::field(
                    "variant",
                    format!(
                        "{} in {} costs {} instead of {}: an agent can change it with the price difference",
                        line.title,
                        describe(&merged),
                        found.price_minor,
                        line.unit_price_minor
                    ),
                ));
            }
            line.sku = found.sku.clone();
        }
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
