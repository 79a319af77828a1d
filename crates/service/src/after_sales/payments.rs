//! Payment problems explained (declines, a double charge, where a refund
//! is) and the unauthorized-charge security path: the account frozen until a
//! supervisor ends the review.

use marketdesk_domain::access::Permission;
use marketdesk_domain::commerce::PaymentKind;
use marketdesk_domain::commerce::PaymentStatus;
use marketdesk_domain::i18n::Lang;
use marketdesk_domain::payments::{duplicate_charge, explain_decline};
use marketdesk_domain::{Channel, MessageKind, Priority, TicketStatus};
use marketdesk_messages::tr;
use marketdesk_store::requests;
use marketdesk_store::tickets::{self as store_tickets, MessageRow, TicketRow};
use marketdesk_store::{audit, outbox, people};
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::ToSchema;

use crate::commerce::RefundView;
use crate::kernel::auth::actor_id;
use crate::kernel::html;
use crate::{Result, ServiceError, Services, Viewer, now_ms, rfc3339};

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DeclineView {
    pub reference: String,
    pub code: String,
    pub explanation: String,
}

/// Everything about the money of an order, for "why was I charged" and
/// "where is my refund".
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PaymentReport {
    pub currency: String,
    pub captured_minor: i64,
    pub refunded_minor: i64,
    pub declines: Vec<DeclineView>,
    /// Set when the order was charged twice: the amount to refund.
    pub duplicate_charge_minor: Option<i64>,
    pub refunds: Vec<RefundView>,
    /// For each refund: the reference to give the bank if it has not arrived.
    pub bank_references: Vec<(i64, String)>,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UnauthorizedCharge {
    pub description: String,
}

impl Services {
    /// Declines explained, a double charge found, refunds with their dates
    /// and bank references.
    pub async fn payment_report(
        &self,
        viewer: &Viewer,
        order_ref: &str,
        lang: Option<&str>,
    ) -> Result<PaymentReport> {
        let detail = self.whole_order(viewer, order_ref).await?;
        let mut conn = self.store.reader().await?;
        let language = match lang {
            Some(l) => l.to_string(),
            None => people::get(&mut conn, detail.order.customer_id)
                .await?
                .map(|c| c.language)
                .unwrap_or_else(|| "en".into()),
        };
        let lang = Lang::from_tag(&language);
        // The report lists every payment, so it reads them all.
        let payments = marketdesk_store::commerce::payments_of(&mut conn, detail.order.id).await?;
        let refunds = marketdesk_store::refunds::of_order(&mut conn, detail.order.id).await?;
        let ledger = crate::commerce::ledger_of(&payments, &refunds);
        let captures: Vec<i64> = payments
            .iter()
            .filter(|p| p.kind == PaymentKind::Capture && p.status == PaymentStatus::Succeeded)
            .map(|p| p.amount_minor)
            .collect();
        let refunded: i64 = payments
            .iter()
            .filter(|p| p.kind == PaymentKind::Refund && p.status == PaymentStatus::Succeeded)
            .map(|p| p.amount_minor)
            .sum();
        let declines = payments
            .iter()
            .filter(|p| p.status == PaymentStatus::Failed || p.kind == PaymentKind::Failure)
            .map(|p| {
                let code = p
                    .decline_code
                    .clone()
                    .unwrap_or_else(|| "generic_decline".into());
                DeclineView {
                    reference: p.provider_reference.clone(),
                    explanation: explain_decline(&code, lang),
                    code,
                }
            })
            .collect();
        let refunds = marketdesk_store::refunds::of_order(&mut conn, detail.order.id).await?;
        let bank_references = refunds
            .iter()
            .filter_map(|r| {
                let payment = payments.iter().find(|p| Some(p.id) == r.payment_id)?;
                Some((r.id, payment.provider_reference.clone()))
            })
            .collect();
        Ok(PaymentReport {
            currency: detail.order.currency.clone(),
            captured_minor: ledger.captured,
            refunded_minor: refunded,
            declines,
            duplicate_charge_minor: duplicate_charge(detail.order.total_minor, &captures, refunded),
            refunds: refunds
                .iter()
                .map(|r| RefundView::new(r, self.policy()))
                .collect(),
            bank_references,
        })
    }

    /// "I did not make this purchase": the account is frozen for review, a
    /// high-priority ticket goes to the payments team, and the customer is told.
    pub async fn report_unauthorized_charge(
        &self,
        viewer: &Viewer,
        order_ref: &str,
        input: UnauthorizedCharge,
    ) -> Result<crate::tickets::TicketView> {
        if !viewer.may(Permission::CreateTicket) {
            return Err(ServiceError::forbidden("report charges"));
        }
        let description =
            marketdesk_domain::text::required_text("description", &input.description, 5000)?;
        let detail = self.whole_order(viewer, order_ref).await?;
        if !(viewer.person_id == detail.order.customer_id || viewer.may(Permission::WorkTickets)) {
            return Err(ServiceError::NotFound("order"));
        }
        let now = now_ms();
        let mut tx = self.store.begin().await?;
        let customer = people::get(&mut tx, detail.order.customer_id)
            .await?
            .ok_or(ServiceError::NotFound("person"))?;
        requests::set_frozen(&mut tx, customer.id, Some(now)).await?;
        let lang = Lang::from_tag(&customer.language);
        let subject = tr!(
            lang,
            "care-unrecognised-charge-subject",
            number = detail.order.number
        );
        let ticket = TicketRow {
            id: 0,
            subject,
            requester_id: customer.id,
            channel: Channel::Web,
            status: TicketStatus::Open,
            priority: Priority::Urgent,
            assignee_id: None,
            team_id: None,
            language: customer.language.clone(),
            custom_fields: json!({"security_review": true}),
            merged_into_id: None,
            follow_up_of_id: None,
            created_at: now,
            updated_at: now,
            first_response_at: Some(now),
            solved_at: None,
            closed_at: None,
            intent: Some("unauthorized_charge".into()),
            sentiment: Some("negative".into()),
            sla_clock_start: now,
            sla_paused_at: None,
            sla_policy: None,
            awaiting_since: None,
        };
        let id = store_tickets::insert(&mut tx, &ticket).await?;
        store_tickets::set_tags(
            &mut tx,
            id,
            &["unauthorized_charge".into(), "security".into()],
        )
        .await?;
        store_tickets::link_order(&mut tx, id, detail.order.id).await?;
        let author = if viewer.person_id == customer.id {
            Some(customer.id)
        } else {
            actor_id(viewer)
        };
        let reply = tr!(lang, "care-charge-frozen-reply");
        for (kind, who, text) in [
            (MessageKind::Public, author, description.as_str()),
            (MessageKind::Public, None, reply),
        ] {
            store_tickets::insert_message(
                &mut tx,
                &MessageRow {
                    email_message_id: None,
                    email_addresses: None,
                    id: 0,
                    ticket_id: id,
                    author_id: who,
                    kind,
                    channel: Channel::Web,
                    body_text: text.to_string(),
                    body_html: html::from_text(text),
                    created_at: now,
                },
            )
            .await?;
        }
        outbox::enqueue(
            &mut tx,
            &customer.email,
            &ticket.subject,
            reply,
            "security_freeze",
            now,
        )
        .await?;
        audit::record(
            &mut tx,
            &audit::AuditEntry {
                id: 0,
                subject_type: "person".into(),
                subject_id: customer.id,
                ticket_id: Some(id),
                actor_id: actor_id(viewer),
                action: "frozen".into(),
                field: Some("frozen_at".into()),
                old_value: None,
                new_value: Some(rfc3339(now)),
                created_at: now,
            },
        )
        .await?;
        self.queue_webhook(
            &mut tx,
            "account.frozen",
            json!({"person_id": customer.id, "order": detail.order.number, "ticket_id": id}),
            now,
        )
        .await?;
        tx.commit().await?;
        self.credentials_changed();
        let view = self
            .get_ticket(&crate::kernel::auth::system_viewer(), id)
            .await?;
        Ok(view.ticket)
    }

    /// Ends a security review: the account works again (supervisors).
    pub async fn unfreeze(&self, viewer: &Viewer, person_id: i64) -> Result<()> {
        if !viewer.may(Permission::UnfreezeAccounts) {
            return Err(ServiceError::forbidden("unfreeze accounts"));
        }
        let now = now_ms();
        let mut tx = self.store.begin().await?;
        requests::frozen_at(&mut tx, person_id)
            .await?
            .ok_or_else(|| ServiceError::Conflict(format!("person {person_id} is not frozen")))?;
        requests::set_frozen(&mut tx, person_id, None).await?;
        audit::record(
            &mut tx,
            &audit::AuditEntry {
                id: 0,
                subject_type: "person".into(),
                subject_id: person_id,
                ticket_id: None,
                actor_id: actor_id(viewer),
                action: "unfrozen".into(),
                field: Some("frozen_at".into()),
                old_value: None,
                new_value: None,
                created_at: now,
            },
        )
        .await?;
        tx.commit().await?;
        self.credentials_changed();
        Ok(())
    }
}
