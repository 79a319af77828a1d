//! A different size or colour for a line, same price, until the order is packed.

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
        line.variant = Value::Object(input.variant.clone());
        ingest::update_line(&mut begun.tx, &line).await?;
        commerce::record_local_change(
            &mut begun.tx,
            begun.order.id,
            &format!("line:{}:variant", line.line_no),
            &line.variant,
            crate::now_ms(),
        )
        .await?;
        let described = input
            .variant
            .iter()
            .map(|(k, v)| format!("{k} {}", v.as_str().unwrap_or_default()))
            .collect::<Vec<_>>()
            .join(", ");
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
