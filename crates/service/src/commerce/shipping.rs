//! The shipment watch: finds parcels in trouble before the customer asks,
//! puts a ticket on hold for the carrier follow-up, and tells the customer
//! first, in their language, by a public reply and an email.

use marketdesk_domain::i18n::Lang;
use marketdesk_domain::tracking::{ShipmentFacts, Trouble, detect};
use marketdesk_domain::{Channel, MessageKind, Millis, Priority, TicketRef, TicketStatus};
use marketdesk_messages::tr;
use marketdesk_store::audit::{self, AuditEntry};
use marketdesk_store::commerce::{self, OrderRow, ShipmentRow, TrackingEventRow};
use marketdesk_store::tickets::{self as store, MessageRow, TicketFilter, TicketRow};
use marketdesk_store::{Conn, outbox, people};
use serde::Serialize;
use serde_json::json;
use utoipa::ToSchema;

use crate::kernel::html;
use crate::{Result, ServiceError, Services, rfc3339};

/// One parcel the watch acted on.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Detection {
    pub shipment_id: i64,
    pub order_number: String,
    pub trouble: String,
    pub ticket_id: i64,
    /// Whether the ticket was opened now (or an open one was updated).
    pub opened_ticket: bool,
    /// The parcel is lost: a claim and the policy's remedy follow.
    #[serde(skip)]
    pub(crate) lost: bool,
}

const TAG: &str = "shipment_trouble";

impl Services {
    /// Checks every parcel on its way at `now`. Safe on several nodes: each
    /// parcel is decided under its order's lock, and a trouble already
    /// reported is not reported again. (`after_sales::watch_shipments` runs
    /// it and then acts on lost parcels.)
    pub(crate) async fn detect_shipment_trouble(&self, now: Millis) -> Result<Vec<Detection>> {
        let thresholds = self.policy().shipping.clone();
        let mut detections = Vec::new();
        let mut after = 0;
        loop {
            let batch = {
                let mut conn = self.store.reader().await?;
                commerce::open_shipments(&mut conn, after, 200).await?
            };
            let Some(last) = batch.last() else { break };
            after = last.0.id;
            for (shipment, events) in batch {
                let Some(trouble) = detect(&facts(&shipment, &events), now, &thresholds) else {
                    continue;
                };
                if shipment.flagged_trouble.as_deref() == Some(trouble.code()) {
                    continue;
                }
                if let Some(d) = self.act_on_trouble(shipment.id, trouble, now).await? {
                    detections.push(d);
                }
            }
        }
        Ok(detections)
    }

    async fn act_on_trouble(
        &self,
        shipment_id: i64,
        trouble: Trouble,
        now: Millis,
    ) -> Result<Option<Detection>> {
        let mut tx = self.store.begin().await?;
        let Some(shipment) = commerce::get_shipment(&mut tx, shipment_id).await? else {
            return Ok(None);
        };
        let Some(order) =
            commerce::lock_order(&mut tx, self.store.backend(), shipment.order_id).await?
        else {
            return Ok(None);
        };
        // Re-read under the lock: another node may have acted meanwhile.
        let shipment = commerce::get_shipment(&mut tx, shipment.id)
            .await?
            .unwrap_or(shipment);
        if shipment.flagged_trouble.as_deref() == Some(trouble.code()) {
            return Ok(None);
        }
        let Some(customer) = people::get(&mut tx, order.customer_id).await? else {
            return Ok(None);
        };
        let lang = Lang::from_tag(&customer.language);
        let remedy = self.policy().shipping.lost_parcel;
        let public = trouble.tell_customer(&order.number, lang, remedy);
        let note = format!(
            "Shipment watch: {} — {} {} (label {}, last scan {}). {}",
            trouble.code(),
            shipment.carrier,
            shipment.tracking_number,
            rfc3339(shipment.label_created_at),
            commerce::events_of(&mut tx, shipment.id)
                .await?
                .last()
                .map(|e| format!("{} {} at {}", e.status, e.location, rfc3339(e.occurred_at)))
                .unwrap_or_else(|| "none".into()),
            trouble.next_step(),
        );
        let (ticket_id, opened) = match open_trouble_ticket(&mut tx, &order).await? {
            Some(id) => (id, false),
            None => (
                new_trouble_ticket(
                    &mut tx,
                    &order,
                    customer.id,
                    &customer.language,
                    trouble,
                    lang,
                    now,
                )
                .await?,
                true,
            ),
        };
        let mut ticket = store::get(&mut tx, ticket_id)
            .await?
            .ok_or(ServiceError::NotFound("ticket"))?;
        add_system_message(&mut tx, ticket_id, MessageKind::Note, &note, now).await?;
        add_system_message(&mut tx, ticket_id, MessageKind::Public, &public, now).await?;
        let mut tags = store::tags_of(&mut tx, &[ticket_id])
            .await?
            .remove(&ticket_id)
            .unwrap_or_default();
        tags.push(trouble.code().to_string());
        tags.sort();
        tags.dedup();
        store::set_tags(&mut tx, ticket_id, &tags).await?;
        let old_status = ticket.status;
        ticket.status = TicketStatus::OnHold;
        ticket.solved_at = None;
        if trouble.urgent() {
            ticket.priority = Priority::High;
        }
        ticket.updated_at = now;
        self.save_ticket(&mut tx, &mut ticket).await?;
        let exception = (trouble == Trouble::PresumedLost).then_some(("exception", "lost"));
        commerce::flag_shipment(&mut tx, shipment.id, trouble.code(), exception, now).await?;
        audit::record(
            &mut tx,
            &AuditEntry {
                id: 0,
                subject_type: "shipment".into(),
                subject_id: shipment.id,
                ticket_id: Some(ticket_id),
                actor_id: None,
                action: "trouble_detected".into(),
                field: Some("status".into()),
                old_value: Some(old_status.to_string()),
                new_value: Some(format!("on_hold ({})", trouble.code())),
                created_at: now,
            },
        )
        .await?;
        let subject = tr!(lang, "care-order-subject", number = order.number);
        let reference = TicketRef::from_id(ticket_id);
        outbox::enqueue(
            &mut tx,
            &customer.email,
            &subject,
            &format!("{public}\n\n[{reference}]"),
            "shipment_trouble",
            now,
        )
        .await?;
        let event = json!({
            "trouble": trouble.code(),
            "shipment": {"id": shipment.id, "carrier": shipment.carrier, "tracking_number": shipment.tracking_number},
            "order": {"id": order.id, "number": order.number},
            "ticket_id": ticket_id,
        });
        self.queue_webhook(&mut tx, "shipment.trouble_detected", event, now)
            .await?;
        tx.commit().await?;
        Ok(Some(Detection {
            shipment_id: shipment.id,
            order_number: order.number,
            trouble: trouble.code().into(),
            ticket_id,
            opened_ticket: opened,
            lost: trouble.is_lost(),
        }))
    }
}

fn facts(shipment: &ShipmentRow, events: &[TrackingEventRow]) -> ShipmentFacts {
    ShipmentFacts {
        status: shipment.status,
        cross_border: shipment.cross_border,
        label_created_at: shipment.label_created_at,
        estimated_delivery_at: shipment.estimated_delivery_at,
        events: events.iter().map(|e| (e.occurred_at, e.status)).collect(),
        exception: shipment
            .exception_reason
            .as_deref()
            .and_then(|r| marketdesk_domain::commerce::ShipmentException::parse(r).ok()),
    }
}

/// An unresolved shipment-trouble ticket about this order, if there is one.
async fn open_trouble_ticket(conn: &mut Conn, order: &OrderRow) -> Result<Option<i64>> {
    let filter = TicketFilter {
        statuses: vec![
            TicketStatus::New,
            TicketStatus::Open,
            TicketStatus::Pending,
            TicketStatus::OnHold,
        ],
        tag: Some(TAG.into()),
        order_id: Some(order.id),
        ..Default::default()
    };
    Ok(store::list(conn, &filter, 1).await?.first().map(|t| t.id))
}

async fn new_trouble_ticket(
    conn: &mut Conn,
    order: &OrderRow,
    customer_id: i64,
    language: &str,
    trouble: Trouble,
    lang: Lang,
    now: Millis,
) -> Result<i64> {
    let subject = tr!(lang, "care-delivery-problem-subject", number = order.number);
    let row = TicketRow {
        id: 0,
        subject,
        requester_id: customer_id,
        channel: Channel::Email,
        status: TicketStatus::OnHold,
        priority: if trouble.urgent() {
            Priority::High
        } else {
            Priority::Normal
        },
        assignee_id: None,
        team_id: None,
        language: language.to_string(),
        custom_fields: json!({"opened_by": "shipment_watch"}),
        merged_into_id: None,
        follow_up_of_id: None,
        created_at: now,
        updated_at: now,
        first_response_at: Some(now),
        solved_at: None,
        closed_at: None,
        intent: Some(
            match trouble {
                Trouble::PresumedLost | Trouble::ReportedLost => "item_not_received",
                Trouble::Damaged => "item_damaged",
                Trouble::CustomsHold => "customs_issue",
                Trouble::AddressIssue => "change_shipping_address",
                Trouble::RepeatedFailedAttempts => "reschedule_delivery",
                _ => "track_order",
            }
            .into(),
        ),
        sentiment: None,
        sla_clock_start: now,
        // Opened on hold: it waits for the carrier.
        sla_paused_at: Some(now),
        sla_policy: None,
        awaiting_since: None,
    };
    let id = store::insert(conn, &row).await?;
    store::set_tags(conn, id, &[TAG.to_string(), "proactive".to_string()]).await?;
    store::link_order(conn, id, order.id).await?;
    audit::record(
        conn,
        &AuditEntry {
            id: 0,
            subject_type: "ticket".into(),
            subject_id: id,
            ticket_id: Some(id),
            actor_id: None,
            action: "created".into(),
            field: None,
            old_value: None,
            new_value: Some(format!("by the shipment watch ({})", trouble.code())),
            created_at: now,
        },
    )
    .await?;
    Ok(id)
}

async fn add_system_message(
    conn: &mut Conn,
    ticket_id: i64,
    kind: MessageKind,
    text: &str,
    now: Millis,
) -> Result<()> {
    let row = MessageRow {
        email_message_id: None,
        email_addresses: None,
        id: 0,
        ticket_id,
        author_id: None,
        kind,
        channel: Channel::Email,
        body_text: text.to_string(),
        body_html: html::from_text(text),
        created_at: now,
    };
    store::insert_message(conn, &row).await?;
    Ok(())
}
