//! The shipment watch's after-sales half: once the watch (commerce's
//! `detect_shipment_trouble`) has found a parcel in trouble and told the
//! customer, a lost parcel gets its carrier claim and the policy's remedy
//! at once, through the one action path.

use marketdesk_domain::access::Permission;
use marketdesk_domain::tracking::LostParcelRemedy;

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{ActionOutcome, CareRequest, NewRefund, RefundDestination};
use crate::commerce::Detection;
use crate::kernel::auth::system_viewer;
use crate::{Result, ServiceError, Services, Viewer};
use marketdesk_domain::i18n::Lang;
use marketdesk_domain::{MessageKind, Millis, TicketStatus};
use marketdesk_messages::tr;

use crate::tickets::NewMessage;

/// What the customer wants for a parcel the carrier returns to the shop.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ParcelChoice {
    pub shipment_id: i64,
    /// `reship` (send it again) or `refund` (what is left of the payment).
    pub choice: String,
}

impl Services {
    /// The customer's choice for a parcel returned to sender: sent again or
    /// refunded, once per parcel (a second, different choice is refused).
    pub async fn choose_parcel_remedy(
        &self,
        viewer: &Viewer,
        order_ref: &str,
        input: ParcelChoice,
    ) -> Result<ActionOutcome> {
        if !viewer.may(Permission::ActOnOrders) || viewer.role == marketdesk_domain::Role::Seller {
            return Err(ServiceError::forbidden("choose what happens to a parcel"));
        }
        let order = self.get_order(viewer, order_ref).await?;
        let returned = order.shipments.iter().any(|s| {
            s.id == input.shipment_id && s.exception_reason.as_deref() == Some("returned_to_sender")
        });
        if !returned {
            return Err(ServiceError::field(
                "shipment_id",
                format!(
                    "order {} has no parcel on its way back to the shop",
                    order.order.number
                ),
            ));
        }
        // Acts as the system: the rules of the choice were checked above,
        // and the key makes it one choice per parcel.
        let system = system_viewer();
        let key = format!("parcel-choice-{}", input.shipment_id);
        // Already chosen: the same choice answers what was done, the other
        // is refused.
        let saved = {
            let mut conn = self.store.reader().await?;
            marketdesk_store::refunds::saved_action(&mut conn, order.order.id, &key).await?
        };
        if let Some(saved) = saved {
            let same = matches!(
                (input.choice.as_str(), saved.action.as_str()),
                ("reship", "reship_requested") | ("refund", "refunded")
            );
            if !same {
                return Err(already_chosen(ServiceError::Conflict(String::new())));
            }
            let mut outcome: ActionOutcome = serde_json::from_str(&saved.outcome)
                .map_err(|e| ServiceError::Unexpected(e.into()))?;
            outcome.replayed = true;
            return Ok(outcome);
        }
        let reason = "parcel returned to sender: the customer's choice".to_string();
        match input.choice.as_str() {
            "reship" => {
                let reship = CareRequest {
                    kind: "reship".into(),
                    shipment_id: Some(input.shipment_id),
                    amount_minor: None,
                    reason,
                    ticket_id: None,
                };
                self.care_request(&system, &order.order.number, reship, Some(&key))
                    .await
                    .map_err(already_chosen)
            }
            "refund" => {
                if order.refundable_minor <= 0 {
                    return Err(ServiceError::Conflict(format!(
                        "nothing is left to refund on order {}",
                        order.order.number
                    )));
                }
                let refund = NewRefund {
                    amount_minor: order.refundable_minor,
                    destination: RefundDestination::OriginalMethod,
                    reason,
                    ticket_id: None,
                };
                self.refund(&system, &order.order.number, refund, Some(&key))
                    .await
                    .map_err(already_chosen)
            }
            _ => Err(ServiceError::field("choice", "must be reship or refund")),
        }
    }

    /// The periodic watch: parcels in trouble found and the customer told;
    /// lost ones claimed and reshipped or refunded by the policy.
    pub async fn watch_shipments(&self, now: Millis) -> Result<Vec<Detection>> {
        let detections = self.detect_shipment_trouble(now).await?;
        for d in &detections {
            if d.lost {
                self.settle_lost_parcel(d).await;
            }
        }
        self.replace_damaged_parcels().await?;
        Ok(detections)
    }

    /// Damaged parcels whose customer has sent a photo since: the claim is
    /// filed and a replacement sent, and the customer told on the ticket.
    async fn replace_damaged_parcels(&self) -> Result<()> {
        let due = {
            let mut conn = self.store.reader().await?;
            marketdesk_store::requests::damaged_with_photos(&mut conn, 50).await?
        };
        let system = system_viewer();
        for (shipment_id, number, ticket_id) in due {
            let care = |kind: &str| CareRequest {
                kind: kind.into(),
                shipment_id: Some(shipment_id),
                amount_minor: None,
                reason: "parcel damaged in transit (photos received)".into(),
                ticket_id: Some(ticket_id),
            };
            let claim = self
                .care_request(
                    &system,
                    &number,
                    care("carrier_claim"),
                    Some(&format!("watch-claim-{shipment_id}")),
                )
                .await;
            let reship = self
                .care_request(
                    &system,
                    &number,
                    care("reship"),
                    Some(&format!("watch-reship-{shipment_id}")),
                )
                .await;
            let (claim, reship) = match (claim, reship) {
                (Ok(c), Ok(r)) => (c, r),
                (Err(err), _) | (_, Err(err)) => {
                    tracing::warn!(order = %number, error = %err, "damaged parcel not replaced");
                    continue;
                }
            };
            if claim.replayed && reship.replayed {
                continue;
            }
            let ticket = self.get_ticket(&system, ticket_id).await?;
            let lang = Lang::from_tag(&ticket.ticket.language);
            let body = format!(
                "{} {} {}",
                tr!(lang, "tracking-damaged-photos-thanks"),
                claim.message,
                reship.message
            );
            let reply = NewMessage {
                body,
                html: None,
                kind: Some(MessageKind::Public),
                channel: None,
                attachments: vec![],
                status: Some(TicketStatus::OnHold),
                cc: None,
                email: None,
            };
            self.add_message(&system, ticket_id, reply).await?;
        }
        Ok(())
    }

    /// Runs the watch on behalf of a supervisor (`POST /api/v1/shipments/watch`).
    pub async fn watch_shipments_as(&self, viewer: &Viewer, now: Millis) -> Result<Vec<Detection>> {
        if !viewer.may(Permission::RunShipmentWatch) {
            return Err(ServiceError::forbidden("run the shipment watch"));
        }
        self.watch_shipments(now).await
    }

    /// A lost parcel: a claim with the carrier, then the policy's remedy
    /// (a replacement or a refund of what is left), each through the action
    /// path as the system, keyed by the parcel so a retry never doubles it.
    /// A step the order's rules refuse is left to the agent on the ticket.
    async fn settle_lost_parcel(&self, d: &Detection) {
        let system = system_viewer();
        let reason = format!("parcel lost in transit ({})", d.trouble);
        let claim = CareRequest {
            kind: "carrier_claim".into(),
            shipment_id: Some(d.shipment_id),
            amount_minor: None,
            reason: reason.clone(),
            ticket_id: Some(d.ticket_id),
        };
        let key = format!("watch-claim-{}", d.shipment_id);
        if let Err(err) = self
            .care_request(&system, &d.order_number, claim, Some(&key))
            .await
        {
            tracing::warn!(order = %d.order_number, error = %err, "claim for a lost parcel not filed");
        }
        let done = match self.policy().shipping.lost_parcel {
            LostParcelRemedy::Reship => {
                let reship = CareRequest {
                    kind: "reship".into(),
                    shipment_id: Some(d.shipment_id),
                    amount_minor: None,
                    reason,
                    ticket_id: Some(d.ticket_id),
                };
                let key = format!("watch-reship-{}", d.shipment_id);
                self.care_request(&system, &d.order_number, reship, Some(&key))
                    .await
            }
            LostParcelRemedy::Refund => {
                let left = match self.get_order(&system, &d.order_number).await {
                    Ok(order) => order.refundable_minor,
                    Err(err) => {
                        tracing::warn!(order = %d.order_number, error = %err, "lost parcel: order not read");
                        return;
                    }
                };
                if left <= 0 {
                    return;
                }
                let refund = NewRefund {
                    amount_minor: left,
                    destination: RefundDestination::OriginalMethod,
                    reason,
                    ticket_id: Some(d.ticket_id),
                };
                let key = format!("watch-refund-{}", d.shipment_id);
                self.refund(&system, &d.order_number, refund, Some(&key))
                    .await
            }
        };
        if let Err(err) = done {
            tracing::warn!(order = %d.order_number, error = %err, "remedy for a lost parcel not given");
        }
    }
}

/// The key of a parcel's choice already holds the other choice.
fn already_chosen(err: ServiceError) -> ServiceError {
    match err {
        ServiceError::Conflict(_) => {
            ServiceError::Conflict("what happens to this parcel was already chosen".into())
        }
        other => other,
    }
}
