//! What an outcome does, through the one action path of after-sales: a
//! refund (all of the seller's items, or the amount decided), a return
//! whose receipt refunds, or nothing but the record. Each runs with an
//! idempotency key of its own, so a retry never moves money twice; a case
//! whose outcome has not moved yet is retried by the clock. The clock also
//! closes cases nobody escalated and ends appeal windows.

use marketdesk_domain::commerce::ReturnReason;
use marketdesk_domain::disputes::{self as rules, CaseReason, Outcome, Party, Step};
use marketdesk_store::disputes::{self as store, CaseRow};
use marketdesk_store::{commerce, people};

use super::cases::{lines_value, rules_case};
use crate::after_sales::{NewRefund, NewReturn, RefundDestination, Resolution, ReturnLineInput};
use crate::kernel::auth::system_viewer;
use crate::{Result, ServiceError, Services, Viewer};

/// Cases the clock handles per round.
const CLOCK_BATCH: i64 = 100;

fn return_reason(reason: &str) -> ReturnReason {
    match CaseReason::parse(reason) {
        Ok(CaseReason::Damaged) => ReturnReason::Damaged,
        Ok(CaseReason::WrongItem) => ReturnReason::WrongItem,
        Ok(CaseReason::NotAsDescribed) | Ok(CaseReason::Counterfeit) => {
            ReturnReason::NotAsDescribed
        }
        _ => ReturnReason::Other,
    }
}

impl Services {
    /// Moves what the case's outcome says, once, and marks it done. A
    /// refusal by the order's rules (nothing left to refund, the actor's
    /// limits) is final: it is noted in the case for the platform and not
    /// tried again; any other failure is left to the clock's next round.
    pub(crate) async fn settle_case_outcome(&self, case_id: i64) {
        match self.execute_case_outcome(case_id).await {
            Ok(()) => {}
            Err(
                err @ (ServiceError::Refund { .. }
                | ServiceError::Refused { .. }
                | ServiceError::InvalidField { .. }
                | ServiceError::NotAllowed(_)
                | ServiceError::Forbidden(_)
                | ServiceError::NotFound(_)),
            ) => {
                if let Err(note_err) = self.note_unmoved_outcome(case_id, &err).await {
                    tracing::warn!(case = case_id, error = %note_err, "noting a refused outcome failed");
                }
            }
            Err(err) => {
                tracing::warn!(case = case_id, error = %err, "a case's outcome did not move; retried later")
            }
        }
    }

    /// The outcome was refused for good: audited, and said to the platform
    /// as an internal note on the case's ticket (made now if the parties
    /// settled without one); never shown to the parties, never tried again.
    async fn note_unmoved_outcome(&self, case_id: i64, err: &ServiceError) -> Result<()> {
        let now = crate::now_ms();
        let mut tx = self.store.begin().await?;
        marketdesk_store::audit::record(
            &mut tx,
            &marketdesk_store::audit::AuditEntry {
                id: 0,
                subject_type: "case".into(),
                subject_id: case_id,
                ticket_id: None,
                actor_id: None,
                action: "case_outcome_refused".into(),
                field: None,
                old_value: None,
                new_value: Some(err.to_string()),
                created_at: now,
            },
        )
        .await?;
        store::mark_executed(&mut tx, case_id).await?;
        tx.commit().await?;
        let mut conn = self.store.reader().await?;
        let Some(c) = store::get_case(&mut conn, case_id).await? else {
            return Ok(());
        };
        let number = commerce::get_order(&mut conn, c.order_id)
            .await?
            .map(|o| o.number)
            .unwrap_or_default();
        drop(conn);
        let ticket = match c.ticket_id {
            Some(id) => id,
            None => self.case_ticket(&c, &number).await?,
        };
        let note = crate::tickets::NewMessage {
            email: None,
            cc: None,
            body: format!(
                "Case #{case_id}: the outcome ({}) could not be carried out and needs a person: {err}",
                c.outcome.as_deref().unwrap_or("")
            ),
            html: None,
            kind: Some(marketdesk_domain::MessageKind::Note),
            channel: None,
            attachments: vec![],
            status: Some(marketdesk_domain::TicketStatus::Open),
        };
        self.add_message(&system_viewer(), ticket, note).await?;
        Ok(())
    }

    async fn execute_case_outcome(&self, case_id: i64) -> Result<()> {
        let mut conn = self.store.reader().await?;
        let Some(c) = store::get_case(&mut conn, case_id).await? else {
            return Ok(());
        };
        if c.executed {
            return Ok(());
        }
        let Some(outcome) = c.outcome.as_deref().and_then(|o| Outcome::parse(o).ok()) else {
            return Ok(());
        };
        let order = commerce::get_order(&mut conn, c.order_id)
            .await?
            .ok_or(ServiceError::NotFound("order"))?;
        let lines = commerce::lines_of(&mut conn, c.order_id).await?;
        // The decider's own limits apply to what they decided; what the
        // parties agreed runs as the platform.
        let actor = match c.decided_by {
            Some(person) => match people::get(&mut conn, person).await? {
                Some(p) => Viewer {
                    person_id: p.id,
                    role: p.role,
                    scopes: marketdesk_domain::Scope::ALL.to_vec(),
                    order_scope: None,
                },
                None => system_viewer(),
            },
            None => system_viewer(),
        };
        drop(conn);
        let key = format!("case-{}-{}", c.id, outcome.as_str());
        let reason = format!("Case #{}: {}", c.id, outcome.as_str());
        let mine: Vec<_> = lines
            .iter()
            .filter(|l| l.seller_id == Some(c.seller_id))
            .collect();
        match outcome {
            Outcome::FullRefund | Outcome::PartialRefund => {
                let value = lines_value(&lines, c.seller_id);
                let amount = match outcome {
                    Outcome::PartialRefund => c.outcome_amount_minor.unwrap_or(0).min(value),
                    _ => value,
                };
                if amount > 0 {
                    self.refund(
                        &actor,
                        &order.number,
                        NewRefund {
                            amount_minor: amount,
                            destination: RefundDestination::OriginalMethod,
                            reason,
                            ticket_id: c.ticket_id,
                        },
                        Some(&key),
                    )
                    .await?;
                }
            }
            Outcome::RefundAfterReturn => {
                let lines: Vec<ReturnLineInput> = mine
                    .iter()
                    .filter(|l| l.quantity - l.cancelled_quantity > 0)
                    .map(|l| ReturnLineInput {
                        line_id: l.id,
                        quantity: l.quantity - l.cancelled_quantity,
                    })
                    .collect();
                if !lines.is_empty() {
                    self.return_decided_by_case(
                        &actor,
                        &order.number,
                        NewReturn {
                            lines,
                            reason: return_reason(&c.reason),
                            resolution: Resolution::Refund,
                            exchange_variant: None,
                            method: None,
                            note: Some(reason),
                            ticket_id: c.ticket_id,
                        },
                        Some(&key),
                    )
                    .await?;
                }
            }
            Outcome::Replacement | Outcome::SellerWins | Outcome::Withdrawn | Outcome::Expired => {}
        }
        let mut tx = self.store.begin().await?;
        store::mark_executed(&mut tx, c.id).await?;
        tx.commit().await?;
        Ok(())
    }

    /// The clock's round: cases nobody escalated close, appeal windows end,
    /// outcomes that failed to move are tried again. Answers how many
    /// cases it changed.
    pub async fn run_case_clock(&self, now: i64) -> Result<usize> {
        let mut changed = 0;
        let due = {
            let mut conn = self.store.reader().await?;
            store::due_cases(&mut conn, now, CLOCK_BATCH).await?
        };
        for read in due {
            if self.expire_case(&read, now).await? {
                changed += 1;
            }
        }
        let stuck = {
            let mut conn = self.store.reader().await?;
            // A moment's grace: the step that decided runs it itself.
            store::unexecuted(&mut conn, now - 60_000, CLOCK_BATCH).await?
        };
        for c in stuck {
            self.settle_case_outcome(c.id).await;
        }
        Ok(changed)
    }

    async fn expire_case(&self, read: &CaseRow, now: i64) -> Result<bool> {
        let policy = self.policy().disputes.clone();
        let before = rules_case(read)?;
        let Ok(after) = rules::apply(&policy, before, Party::Platform, Step::Expire, now) else {
            return Ok(false);
        };
        let mut row = read.clone();
        row.status = after.status.as_str().into();
        row.offer = None;
        row.offer_amount_minor = None;
        if after.outcome != before.outcome {
            row.outcome = after.outcome.map(|o| o.as_str().to_string());
            row.resolved_at = after.resolved_at;
        }
        row.payout = rules::payout_effect(after.status, after.outcome)
            .as_str()
            .into();
        row.due_at = rules::due(&policy, after);
        row.updated_at = now.max(read.updated_at + 1);
        let order_number = {
            let mut conn = self.store.reader().await?;
            commerce::get_order(&mut conn, read.order_id)
                .await?
                .map(|o| o.number)
                .unwrap_or_default()
        };
        let mut tx = self.store.begin().await?;
        if !store::update_case(&mut tx, &row, read).await? {
            return Ok(false);
        }
        let system = system_viewer();
        self.record_case_step(&mut tx, &row, &system, "expired", Some(read), now)
            .await?;
        self.tell_parties(
            &mut tx,
            &row,
            &order_number,
            "closed",
            &[Party::Buyer, Party::Seller],
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(true)
    }
}
