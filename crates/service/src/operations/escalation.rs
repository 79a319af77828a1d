//! Escalation: by hand (an agent asks the second line or a supervisor), by
//! the assistant on arrival (a legal threat, a repeat contact, an angry
//! customer) and by the desk on a breached service level; and the minute
//! job that notes each clock's warning and breach once and applies the
//! policy's breach actions.

use marketdesk_domain::access::Permission;
use marketdesk_domain::escalation::{self, EscalationReason, Tier};
use marketdesk_domain::sla::{BreachAction, ClockKind, ClockState};
use marketdesk_domain::text::required_text;
use marketdesk_domain::{DAY_MS, Millis, Priority, Role, TicketRef, TicketStatus};
use marketdesk_store::Conn;
use marketdesk_store::audit;
use marketdesk_store::escalations::{self as store, EscalationRow};
use marketdesk_store::outbox;
use marketdesk_store::people::{self, TeamRow};
use marketdesk_store::tickets::{self as tickets_store, TicketFilter, TicketRow};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::kernel::auth::system_viewer;
use crate::tickets::update::{entry, field_change};
use crate::{Result, ServiceError, Services, Viewer, now_ms};

/// Tickets one round of the service-level job acts on, per clock and event.
const WATCH_ROUND: i64 = 100;

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewEscalation {
    /// `second_line` or `supervisor`.
    pub tier: String,
    /// Why, for the next person; required.
    pub note: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct EscalationView {
    pub id: i64,
    pub tier: String,
    pub reason: String,
    pub note: String,
    /// Who escalated; none when the desk did (a breach, the assistant).
    pub actor_id: Option<i64>,
    pub created_at: String,
}

impl From<&EscalationRow> for EscalationView {
    fn from(row: &EscalationRow) -> Self {
        EscalationView {
            id: row.id,
            tier: Tier::from_level(row.tier).as_str().into(),
            reason: row.reason.clone(),
            note: row.note.clone(),
            actor_id: row.actor_id,
            created_at: crate::rfc3339(row.created_at),
        }
    }
}

/// A ticket's escalations and its clocks' history.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct EscalationHistory {
    /// `first_line`, `second_line` or `supervisor`.
    pub tier: String,
    pub escalations: Vec<EscalationView>,
    /// Each clock's warning and breach, when they happened.
    pub sla_events: Vec<SlaEventView>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SlaEventView {
    pub clock: String,
    pub event: String,
    pub at: String,
}

/// What one round of the service-level job did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SlaWatch {
    pub warned: usize,
    pub breached: usize,
}

/// One escalation to carry out.
pub(super) struct Step<'a> {
    pub(super) tier: Tier,
    pub(super) reason: EscalationReason,
    pub(super) note: &'a str,
    /// The priority goes up a step (a breach) or to at least high.
    pub(super) raise_one_step: bool,
    pub(super) notify_lead: bool,
}

impl Services {
    /// An agent escalates a ticket to the second line or a supervisor.
    pub async fn escalate(
        &self,
        viewer: &Viewer,
        ticket_id: i64,
        new: NewEscalation,
    ) -> Result<EscalationView> {
        if !viewer.may(Permission::WorkTickets) {
            return Err(ServiceError::forbidden("escalate tickets"));
        }
        let tier = match Tier::parse(&new.tier) {
            Ok(Tier::FirstLine) | Err(_) => {
                return Err(ServiceError::field("tier", "second_line or supervisor"));
            }
            Ok(tier) => tier,
        };
        let note = required_text("note", &new.note, 2000)?;
        let now = now_ms();
        let mut tx = self.store.begin().await?;
        let mut t = crate::tickets::read::load_visible(&mut tx, viewer, ticket_id).await?;
        if t.status.is_final() || t.status == TicketStatus::Solved {
            return Err(ServiceError::field(
                "ticket",
                "a solved or closed ticket is not escalated; reopen it first",
            ));
        }
        let current = store::tier_of(&mut tx, t.id).await?;
        if i64::from(tier.level()) <= current {
            return Err(ServiceError::field(
                "tier",
                format!(
                    "the ticket is already at {}",
                    Tier::from_level(current).as_str()
                ),
            ));
        }
        let step = Step {
            tier,
            reason: EscalationReason::ByHand,
            note: &note,
            raise_one_step: false,
            notify_lead: true,
        };
        let row = self
            .escalate_in(&mut tx, viewer, &mut t, &step, now)
            .await?;
        tx.commit().await?;
        self.fire_triggers(t.id, &[marketdesk_domain::rules::Event::Escalated])
            .await;
        self.after_escalation(&t).await;
        Ok(EscalationView::from(&row))
    }

    /// The ticket's tier, escalations and service-level history.
    pub async fn ticket_escalations(&self, viewer: &Viewer, id: i64) -> Result<EscalationHistory> {
        if !viewer.is_staff() {
            return Err(ServiceError::NotFound("ticket"));
        }
        let mut conn = self.store.reader().await?;
        crate::tickets::read::load_visible(&mut conn, viewer, id).await?;
        let tier = store::tier_of(&mut conn, id).await?;
        let rows = store::of_ticket(&mut conn, id).await?;
        let events = store::sla_events(&mut conn, id).await?;
        Ok(EscalationHistory {
            tier: Tier::from_level(tier).as_str().into(),
            escalations: rows.iter().map(EscalationView::from).collect(),
            sla_events: events
                .into_iter()
                .map(|(clock, event, at)| SlaEventView {
                    clock,
                    event,
                    at: crate::rfc3339(at),
                })
                .collect(),
        })
    }

    /// The assistant's word on a new ticket: a legal threat goes to a
    /// supervisor, a repeat contact or an angry customer to the second line.
    pub(crate) async fn escalate_on_arrival(
        &self,
        t: &crate::tickets::TicketView,
        text: &str,
    ) -> Result<bool> {
        let now = now_ms();
        let ticket_id = t.id;
        // Most tickets are not escalated: one read decides, no write.
        let earlier = match &t.intent {
            Some(intent) if intent != "other" => {
                let mut conn = self.store.reader().await?;
                store::earlier_same_intent(
                    &mut conn,
                    t.requester.id,
                    intent,
                    now - escalation::REPEAT_WINDOW_DAYS * DAY_MS,
                    t.id,
                )
                .await?
            }
            _ => 0,
        };
        let negative = t.sentiment.as_deref() == Some("negative");
        let Some((tier, reason)) =
            escalation::on_arrival(text, negative, u32::try_from(earlier).unwrap_or(u32::MAX))
        else {
            return Ok(false);
        };
        let note = match reason {
            EscalationReason::RepeatContact => format!(
                "{earlier} earlier tickets about {}",
                t.intent.clone().unwrap_or_default()
            ),
            _ => String::new(),
        };
        let step = Step {
            tier,
            reason,
            note: &note,
            raise_one_step: false,
            notify_lead: tier == Tier::Supervisor,
        };
        let mut tx = self.store.begin().await?;
        let Some(mut t) = tickets_store::get(&mut tx, ticket_id).await? else {
            return Ok(false);
        };
        if store::tier_of(&mut tx, t.id).await? >= i64::from(tier.level()) {
            return Ok(false);
        }
        self.escalate_in(&mut tx, &system_viewer(), &mut t, &step, now)
            .await?;
        tx.commit().await?;
        Ok(true)
    }

    /// Writes one escalation: the history, the tier, where the ticket goes
    /// (the team's escalation team for the second line, the team's lead
    /// for a supervisor), its priority, the lead told.
    pub(super) async fn escalate_in(
        &self,
        tx: &mut Conn,
        viewer: &Viewer,
        t: &mut TicketRow,
        step: &Step<'_>,
        now: Millis,
    ) -> Result<EscalationRow> {
        let before = t.clone();
        let teams = people::list_teams(tx).await?;
        let team = t
            .team_id
            .and_then(|id| teams.iter().find(|team| team.id == id));
        match step.tier {
            Tier::SecondLine => {
                if let Some(to) = team.and_then(|team| team.escalation_team_id) {
                    t.team_id = Some(to);
                    t.assignee_id = None;
                }
            }
            Tier::Supervisor => {
                if let Some(lead) = team.and_then(|team| team.lead_id) {
                    t.assignee_id = Some(lead);
                }
            }
            Tier::FirstLine => {}
        }
        t.priority = if step.raise_one_step {
            raised(t.priority)
        } else {
            t.priority.max(Priority::High)
        };
        let mut row = EscalationRow {
            id: 0,
            ticket_id: t.id,
            tier: i64::from(step.tier.level()),
            reason: step.reason.as_str().into(),
            note: step.note.to_string(),
            actor_id: crate::kernel::auth::actor_id(viewer),
            created_at: now,
        };
        row.id = store::insert(tx, &row).await?;
        if *t != before {
            t.updated_at = now;
            self.save_ticket(tx, t).await?;
        }
        let mut escalated = entry(viewer, t.id, "escalated", now);
        escalated.new_value = Some(format!(
            "{} {} {}",
            step.tier.as_str(),
            step.reason.as_str(),
            step.note
        ));
        audit::record(tx, &escalated).await?;
        let str_opt = |v: Option<i64>| v.map(|v| v.to_string());
        for (field, old, new) in [
            (
                "priority",
                Some(before.priority.to_string()),
                Some(t.priority.to_string()),
            ),
            ("team_id", str_opt(before.team_id), str_opt(t.team_id)),
            (
                "assignee_id",
                str_opt(before.assignee_id),
                str_opt(t.assignee_id),
            ),
        ] {
            if old != new {
                audit::record(tx, &field_change(viewer, t.id, field, old, new, now)).await?;
            }
        }
        if step.notify_lead {
            self.tell_leads(tx, t, team, step, now).await?;
        }
        Ok(row)
    }

    /// Mails the team's lead (without one: every supervisor).
    async fn tell_leads(
        &self,
        tx: &mut Conn,
        t: &TicketRow,
        team: Option<&TeamRow>,
        step: &Step<'_>,
        now: Millis,
    ) -> Result<()> {
        let leads = match team.and_then(|team| team.lead_id) {
            Some(lead) => people::get_many(tx, &[lead]).await?,
            None => people::list(tx, &[Role::Supervisor], None, 20).await?,
        };
        let reference = TicketRef::from_id(t.id).to_string();
        let subject = format!(
            "[{reference}] escalated to {}: {}",
            step.tier.as_str().replace('_', " "),
            step.reason.as_str().replace('_', " ")
        );
        let body = format!(
            "{reference} · {}\nPriority: {}\n{}\n\n{}/agent/tickets/{}\n",
            t.subject,
            t.priority,
            step.note,
            self.settings.public_url.trim_end_matches('/'),
            t.id
        );
        for lead in leads.iter().filter(|p| !p.disabled) {
            outbox::enqueue(tx, &lead.email, &subject, &body, "escalation", now).await?;
        }
        Ok(())
    }

    /// After a ticket changed hands by escalation: route it if nobody has it.
    async fn after_escalation(&self, t: &TicketRow) {
        self.search_wake();
        if t.assignee_id.is_none()
            && let Err(err) = self.route_ticket(t.id).await
        {
            tracing::warn!(error = %err, "routing an escalated ticket failed");
        }
    }

    /// Notes each running clock's warning and breach once, and applies the
    /// policy's breach actions; run every minute (safe on several nodes:
    /// each event is recorded once, and only its recorder acts on it).
    pub async fn watch_sla(&self, now: Millis) -> Result<SlaWatch> {
        let sla = self.sla().await?;
        let rules = sla.rules();
        let mut watch = SlaWatch::default();
        let warning_share = 100 - u32::from(rules.policy.warning_percent.min(100));
        for kind in [
            ClockKind::FirstResponse,
            ClockKind::NextReply,
            ClockKind::Resolution,
        ] {
            for (event, percent) in [("warned", warning_share), ("breached", 100)] {
                let filter = TicketFilter {
                    sla_breached: rules.clock_cutoffs(now, kind, percent),
                    without_sla_event: Some((kind.as_str(), event)),
                    ..Default::default()
                };
                let due = {
                    let mut conn = self.store.reader().await?;
                    tickets_store::list(&mut conn, &filter, WATCH_ROUND).await?
                };
                for t in due {
                    if self.clock_event(t.id, kind, event, now).await? {
                        match event {
                            "warned" => watch.warned += 1,
                            _ => watch.breached += 1,
                        }
                    }
                }
            }
        }
        Ok(watch)
    }

    /// Records one clock event of a ticket and, for a breach, acts on it.
    async fn clock_event(
        &self,
        id: i64,
        kind: ClockKind,
        event: &str,
        now: Millis,
    ) -> Result<bool> {
        let mut tx = self.store.begin().await?;
        let Some(mut t) = tickets_store::get(&mut tx, id).await? else {
            return Ok(false);
        };
        // The list read a moment ago: the clock must still be in that state.
        let times = crate::tickets::read::sla_times(&t);
        let clock = self
            .sla()
            .await?
            .rules()
            .clocks(&times, t.sla_policy.as_deref(), now)
            .into_iter()
            .find(|c| c.kind == kind);
        let holds = clock.is_some_and(|c| match event {
            "warned" => matches!(c.state, ClockState::Warning | ClockState::Breached),
            _ => c.state == ClockState::Breached,
        });
        if !holds || !store::record_sla_event(&mut tx, id, kind.as_str(), event, now).await? {
            return Ok(false);
        }
        let mut handed_back = false;
        if event == "breached" {
            let actions = &self.policy().sla.breach_actions;
            let note = format!("{} target breached", kind.as_str().replace('_', " "));
            let current = store::tier_of(&mut tx, id).await?;
            let system = system_viewer();
            if actions.contains(&BreachAction::Escalate) && current < 2 {
                let step = Step {
                    tier: Tier::SecondLine,
                    reason: EscalationReason::SlaBreach,
                    note: &note,
                    raise_one_step: actions.contains(&BreachAction::RaisePriority),
                    notify_lead: actions.contains(&BreachAction::NotifyLead),
                };
                self.escalate_in(&mut tx, &system, &mut t, &step, now)
                    .await?;
            } else {
                let before = t.clone();
                if actions.contains(&BreachAction::RaisePriority) {
                    t.priority = raised(t.priority);
                }
                if actions.contains(&BreachAction::Reassign) {
                    t.assignee_id = None;
                }
                if t != before {
                    t.updated_at = now;
                    self.save_ticket(&mut tx, &mut t).await?;
                    let str_opt = |v: Option<i64>| v.map(|v| v.to_string());
                    for (field, old, new) in [
                        (
                            "priority",
                            Some(before.priority.to_string()),
                            Some(t.priority.to_string()),
                        ),
                        (
                            "assignee_id",
                            str_opt(before.assignee_id),
                            str_opt(t.assignee_id),
                        ),
                    ] {
                        if old != new {
                            audit::record(
                                &mut tx,
                                &field_change(&system, id, field, old, new, now),
                            )
                            .await?;
                        }
                    }
                }
                if actions.contains(&BreachAction::NotifyLead) {
                    let teams = people::list_teams(&mut tx).await?;
                    let team = t
                        .team_id
                        .and_then(|tid| teams.iter().find(|team| team.id == tid));
                    let step = Step {
                        tier: Tier::from_level(current),
                        reason: EscalationReason::SlaBreach,
                        note: &note,
                        raise_one_step: false,
                        notify_lead: true,
                    };
                    self.tell_leads(&mut tx, &t, team, &step, now).await?;
                }
            }
            handed_back = t.assignee_id.is_none();
        }
        tx.commit().await?;
        if handed_back {
            self.after_escalation(&t).await;
        }
        use marketdesk_domain::rules::Event;
        let event = if event == "warned" {
            Event::SlaWarning
        } else {
            Event::SlaBreached
        };
        self.fire_triggers(id, &[event]).await;
        Ok(true)
    }
}

/// One priority step up (urgent stays urgent).
fn raised(priority: Priority) -> Priority {
    match priority {
        Priority::Low => Priority::Normal,
        Priority::Normal => Priority::High,
        Priority::High | Priority::Urgent => Priority::Urgent,
    }
}
