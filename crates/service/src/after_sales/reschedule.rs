//! A missed delivery: a new date or a pickup point, sent to the carrier.

use marketdesk_domain::commerce::ShipmentStatus;
use marketdesk_domain::orders::OrderAction;
use marketdesk_domain::text::required_line;
use marketdesk_messages::tr;
use marketdesk_store::commerce;
use marketdesk_store::requests::{self, OrderRequest};
use marketdesk_store::{outbox, people};
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::ToSchema;

use super::action_path::{go_or_replay, plain_outcome};
use super::views::ActionOutcome;
use crate::kernel::auth::actor_id;
use crate::{Result, ServiceError, Services, Viewer, now_ms};

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Reschedule {
    #[serde(default)]
    pub shipment_id: Option<i64>,
    /// A new delivery date, YYYY-MM-DD.
    #[serde(default)]
    pub date: Option<String>,
    /// Or a pickup point (the carrier's id or address).
    #[serde(default)]
    pub pickup_point: Option<String>,
    #[serde(default)]
    pub ticket_id: Option<i64>,
}

impl Services {
    /// A missed delivery or a parcel back at the station: a new date or a
    /// pickup point, sent to the carrier through the platform and confirmed.
    pub async fn reschedule_delivery(
        &self,
        viewer: &Viewer,
        order_ref: &str,
        input: Reschedule,
        key: Option<&str>,
    ) -> Result<ActionOutcome> {
        let date = input.date.as_deref().map(parse_date).transpose()?;
        let pickup = input
            .pickup_point
            .as_deref()
            .map(|p| required_line("pickup_point", p, 200))
            .transpose()?;
        if date.is_none() == pickup.is_none() {
            return Err(ServiceError::field(
                "date",
                "give either a date or a pickup_point",
            ));
        }
        let mut begun = go_or_replay!(
            self.begin_action(
                viewer,
                order_ref,
                OrderAction::DeliveryRescheduled,
                key,
                &input,
                true,
            )
            .await?
        );
        let now = now_ms();
        if let Some(d) = date {
            let today = time::OffsetDateTime::from_unix_timestamp(now / 1000)
                .map(|t| t.date())
                .unwrap_or(d);
            if d <= today || d > today + time::Duration::days(30) {
                return Err(ServiceError::field(
                    "date",
                    "must be within the next 30 days",
                ));
            }
        }
        let shipments = commerce::shipments_of(&mut begun.tx, begun.order.id).await?;
        let shipment = match input.shipment_id {
            Some(id) => shipments.iter().find(|(s, _)| s.id == id),
            None => shipments
                .iter()
                .find(|(s, _)| s.status != ShipmentStatus::Delivered),
        };
        let Some((shipment, _)) = shipment else {
            return Err(ServiceError::field(
                "shipment_id",
                "this order has no parcel on its way",
            ));
        };
        if matches!(
            shipment.status,
            ShipmentStatus::Delivered | ShipmentStatus::Pending | ShipmentStatus::InfoReceived
        ) {
            return Err(ServiceError::Conflict(format!(
                "parcel {} is {}: there is no delivery to reschedule",
                shipment.tracking_number, shipment.status
            )));
        }
        let details = json!({"date": date.map(|d| d.to_string()), "pickup_point": pickup, "carrier": shipment.carrier, "tracking_number": shipment.tracking_number});
        // One delivery wish per parcel: a new one replaces the one still open.
        let replaced =
            requests::replace_open(&mut begun.tx, shipment.id, "reschedule", "requested", now)
                .await?;
        requests::insert(
            &mut begun.tx,
            &OrderRequest {
                id: 0,
                order_id: begun.order.id,
                shipment_id: Some(shipment.id),
                kind: "reschedule".into(),
                state: "requested".into(),
                details: details.clone(),
                ticket_id: input.ticket_id,
                created_by: actor_id(viewer),
                created_at: now,
                updated_at: now,
            },
        )
        .await?;
        let when = date
            .map(|d| d.to_string())
            .or(pickup.clone())
            .unwrap_or_default();
        let mut message = tr!(
            begun.lang,
            "care-delivery-moved",
            kind = if date.is_some() { "date" } else { "pickup" },
            carrier = shipment.carrier,
            number = begun.order.number,
            when = when
        );
        if replaced > 0 {
            message.push(' ');
            message.push_str(tr!(begun.lang, "care-delivery-replaces"));
        }
        if let Some(customer) = people::get(&mut begun.tx, begun.order.customer_id).await? {
            outbox::enqueue(
                &mut begun.tx,
                &customer.email,
                &format!("{} — {}", begun.order.number, when),
                &message,
                "delivery_rescheduled",
                now,
            )
            .await?;
        }
        let outcome = plain_outcome(begun.action, message, &begun.order);
        let changes = vec![("delivery", None, Some(details.to_string()))];
        self.finish_action(
            begun,
            viewer,
            input.ticket_id,
            changes,
            json!({"request": details}),
            outcome,
        )
        .await
    }
}

/// `YYYY-MM-DD`.
fn parse_date(text: &str) -> Result<time::Date> {
    let bad = || {
        ServiceError::field(
            "date",
            format!(
                "'{}' is not a date such as 2026-11-30",
                text.chars().take(20).collect::<String>()
            ),
        )
    };
    let mut parts = text.trim().splitn(3, '-');
    let (Some(y), Some(m), Some(d)) = (parts.next(), parts.next(), parts.next()) else {
        return Err(bad());
    };
    let (y, m, d): (i32, u8, u8) = (
        y.parse().map_err(|_| bad())?,
        m.parse().map_err(|_| bad())?,
        d.parse().map_err(|_| bad())?,
    );
    let month = time::Month::try_from(m).map_err(|_| bad())?;
    time::Date::from_calendar_date(y, month, d).map_err(|_| bad())
}
