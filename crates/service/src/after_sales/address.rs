//! Changing the delivery address or the phone number, until the order is
//! packed — and after, for a parcel the carrier could not deliver because
//! of the address: the correction goes to the carrier as a request.

use marketdesk_domain::orders::OrderAction;
use marketdesk_domain::orders::OrderChange;
use marketdesk_domain::refunds::ActionStatus;
use marketdesk_domain::text::required_line;
use marketdesk_messages::tr;
use marketdesk_store::commerce;
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::ToSchema;

use marketdesk_domain::orders::check_change;
use marketdesk_store::commerce::ShipmentRow;
use marketdesk_store::requests::{self, OrderRequest};

use super::action_path::{go_or_replay, refused};
use super::views::ActionOutcome;
use crate::commerce::OrderView;
use crate::kernel::auth::actor_id;
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

impl Services {
    /// Changes the delivery address (until the order is packed).
    pub async fn change_address(
        &self,
        viewer: &Viewer,
        order_ref: &str,
        input: ChangeAddress,
        key: Option<&str>,
    ) -> Result<ActionOutcome> {
        let address = input.address.validated()?;
        let mut begun = go_or_replay!(
            self.begin_action(
                viewer,
                order_ref,
                OrderAction::AddressChanged,
                key,
                &address,
                true,
            )
            .await?
        );
        // Past packing, only a parcel stuck on its address may be corrected.
        let stuck = match check_change(begun.order.status, OrderChange::Address) {
            Ok(()) => None,
            Err(refusal) => Some(
                stuck_on_address(&mut begun.tx, begun.order.id)
                    .await?
                    .ok_or_else(|| refused(refusal, OrderChange::Address, begun.lang))?,
            ),
        };
        let new_value =
            serde_json::to_value(&address).map_err(|e| ServiceError::Unexpected(e.into()))?;
        let old = std::mem::replace(&mut begun.order.shipping_address, new_value.clone());
        begun.order.updated_at = now_ms();
        commerce::update_order(&mut begun.tx, &begun.order).await?;
        commerce::record_local_change(
            &mut begun.tx,
            begun.order.id,
            "shipping_address",
            &new_value,
            begun.order.updated_at,
        )
        .await?;
        let message = match &stuck {
            None => tr!(
                begun.lang,
                "care-address-changed",
                number = begun.order.number,
                line1 = address.line1,
                postal_code = address.postal_code,
                city = address.city
            ),
            Some(parcel) => {
                let details = json!({"carrier": parcel.carrier, "tracking_number": parcel.tracking_number, "address": new_value});
                requests::insert(
                    &mut begun.tx,
                    &OrderRequest {
                        id: 0,
                        order_id: begun.order.id,
                        shipment_id: Some(parcel.id),
                        kind: "address_correction".into(),
                        state: "requested".into(),
                        details,
                        ticket_id: input.ticket_id,
                        created_by: actor_id(viewer),
                        created_at: begun.order.updated_at,
                        updated_at: begun.order.updated_at,
                    },
                )
                .await?;
                tr!(
                    begun.lang,
                    "care-address-corrected",
                    carrier = parcel.carrier.clone(),
                    line1 = address.line1.clone(),
                    postal_code = address.postal_code.clone(),
                    city = address.city.clone()
                )
            }
        };
        let outcome = ActionOutcome {
            action: begun.action.to_string(),
            status: ActionStatus::Done,
            message,
            order: OrderView::from(&begun.order),
            refund: None,
            settlement: None,
            return_case: None,
            replayed: false,
        };
        let event = json!({"shipping_address": new_value, "previous_shipping_address": old,
            "carrier_correction": stuck.as_ref().map(|p| json!({"shipment_id": p.id, "carrier": p.carrier, "tracking_number": p.tracking_number}))});
        let changes = vec![(
            "shipping_address",
            Some(old.to_string()),
            Some(new_value.to_string()),
        )];
        self.finish_action(begun, viewer, input.ticket_id, changes, event, outcome)
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
        let mut begun = go_or_replay!(
            self.begin_change(
                viewer,
                order_ref,
                OrderAction::PhoneChanged,
                OrderChange::Phone,
                key,
                &phone,
            )
            .await?
        );
        let old = begun.order.phone.replace(phone.clone());
        begun.order.updated_at = now_ms();
        commerce::update_order(&mut begun.tx, &begun.order).await?;
        commerce::record_local_change(
            &mut begun.tx,
            begun.order.id,
            "phone",
            &serde_json::Value::from(phone.clone()),
            begun.order.updated_at,
        )
        .await?;
        let message = tr!(
            begun.lang,
            "care-courier-phone-set",
            phone = phone,
            number = begun.order.number
        );
        let outcome = ActionOutcome {
            action: begun.action.to_string(),
            status: ActionStatus::Done,
            message,
            order: OrderView::from(&begun.order),
            refund: None,
            settlement: None,
            return_case: None,
            replayed: false,
        };
        let event = json!({"phone": phone, "previous_phone": old});
        let changes = vec![("phone", old, Some(phone))];
        self.finish_action(begun, viewer, input.ticket_id, changes, event, outcome)
            .await
    }
}

/// A parcel of the order the carrier holds because of its address (or
/// returns to the shop, to be sent again), not yet delivered and not yet
/// corrected.
async fn stuck_on_address(
    conn: &mut marketdesk_store::Conn,
    order_id: i64,
) -> Result<Option<ShipmentRow>> {
    let corrected: Vec<Option<i64>> = requests::of_order(conn, order_id)
        .await?
        .iter()
        .filter(|r| r.kind == "address_correction" && r.state == "requested")
        .map(|r| r.shipment_id)
        .collect();
    Ok(commerce::shipments_of(conn, order_id)
        .await?
        .into_iter()
        .map(|(s, _)| s)
        .find(|s| {
            s.status != marketdesk_domain::commerce::ShipmentStatus::Delivered
                && [s.flagged_trouble.as_deref(), s.exception_reason.as_deref()]
                    .iter()
                    .any(|r| matches!(r, Some("address_issue" | "returned_to_sender")))
                && !corrected.contains(&Some(s.id))
        }))
}
