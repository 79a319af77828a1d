//! Tickets: create, read, list, change, reply, merge, share with a seller,
//! and the auto-close job.

pub(crate) mod conversation;
mod create;
mod create_batch;
mod input;
pub(crate) mod read;
mod sharing;
mod survey;
pub(crate) mod update;
mod views;

pub(crate) use conversation::person_for_address;
pub use create_batch::CreateQueue;
pub use input::*;
pub use read::QueueCount;
pub(crate) use read::sla_times;
pub use survey::{OwnSurvey, RatingView, SurveyAnswer, SurveyPage};
pub use views::*;

impl crate::Services {
    /// Writes a ticket's changes. Its resolution clock follows the change
    /// of status from the stored one (a pause begins on entering pending or
    /// on hold and moves the clock's start when it ends), so that no
    /// writer of tickets can forget it.
    pub(crate) async fn save_ticket(
        &self,
        conn: &mut marketdesk_store::Conn,
        t: &mut marketdesk_store::tickets::TicketRow,
    ) -> crate::Result<()> {
        use marketdesk_store::tickets as store;
        let before = store::status_of(conn, t.id).await?;
        if let Some(before) = before {
            (t.sla_clock_start, t.sla_paused_at) = marketdesk_domain::sla::pause_transition(
                self.sla().await?.rules().hours_for(t.team_id),
                before,
                t.status,
                (t.sla_clock_start, t.sla_paused_at),
                t.created_at,
                t.updated_at,
            );
        }
        if !self.policy().sla.policies.is_empty() {
            t.sla_policy = self.sla_policy_of(conn, t).await?;
        }
        store::update(conn, t).await?;
        // First solved: the customer is asked how it went, in this transaction.
        if before.is_some_and(|b| b != marketdesk_domain::TicketStatus::Solved)
            && t.status == marketdesk_domain::TicketStatus::Solved
        {
            self.ask_for_rating(conn, t).await?;
        }
        Ok(())
    }

    /// The conditional service-level policy a ticket matches now.
    async fn sla_policy_of(
        &self,
        conn: &mut marketdesk_store::Conn,
        t: &marketdesk_store::tickets::TicketRow,
    ) -> crate::Result<Option<String>> {
        use marketdesk_store::{people, tickets as store};
        let sla = &self.policy().sla;
        let tags = store::tags_of(conn, &[t.id])
            .await?
            .remove(&t.id)
            .unwrap_or_default();
        let team = match t.team_id {
            Some(id) => people::get_team(conn, id).await?.map(|team| team.name),
            None => None,
        };
        let tier = if sla.uses_tiers() {
            self.membership(&crate::kernel::auth::system_viewer(), t.requester_id, None)
                .await
                .ok()
                .and_then(|m| m.tier)
        } else {
            None
        };
        let facts = marketdesk_domain::sla::SlaFacts {
            priority: t.priority,
            channel: t.channel,
            tags: &tags,
            team: team.as_deref(),
            tier: tier.as_deref(),
        };
        Ok(sla.choose(&facts).map(String::from))
    }

    /// Whether a new ticket matches a conditional policy, from what creating
    /// it answered (a read only when policies name teams).
    pub(crate) async fn new_ticket_has_sla_policy(
        &self,
        detail: &crate::tickets::TicketDetail,
    ) -> bool {
        let sla = &self.policy().sla;
        if sla.policies.is_empty() {
            return false;
        }
        // Tiers cost a computation: let the full check decide.
        if sla.uses_tiers() {
            return true;
        }
        let t = &detail.ticket;
        let team = if sla.policies.iter().any(|p| !p.teams.is_empty()) {
            match t.team_id {
                Some(id) => match self.store.reader().await {
                    Ok(mut conn) => marketdesk_store::people::get_team(&mut conn, id)
                        .await
                        .ok()
                        .flatten()
                        .map(|team| team.name),
                    Err(_) => return true,
                },
                None => None,
            }
        } else {
            None
        };
        let facts = marketdesk_domain::sla::SlaFacts {
            priority: t.priority,
            channel: t.channel,
            tags: &t.tags,
            team: team.as_deref(),
            tier: None,
        };
        sla.choose(&facts).is_some()
    }

    /// Sets a new ticket's conditional policy (its tags and team are
    /// written by then); nothing to do without conditional policies.
    /// Answers whether it changed.
    pub(crate) async fn refresh_sla_policy(&self, id: i64) -> crate::Result<bool> {
        if self.policy().sla.policies.is_empty() {
            return Ok(false);
        }
        // Read first: most new tickets keep the default, and need no write.
        {
            let mut conn = self.store.reader().await?;
            let Some(t) = marketdesk_store::tickets::get(&mut conn, id).await? else {
                return Ok(false);
            };
            if self.sla_policy_of(&mut conn, &t).await? == t.sla_policy {
                return Ok(false);
            }
        }
        let mut tx = self.store.begin().await?;
        if let Some(mut t) = marketdesk_store::tickets::get(&mut tx, id).await? {
            let chosen = self.sla_policy_of(&mut tx, &t).await?;
            if chosen != t.sla_policy {
                t.sla_policy = chosen;
                marketdesk_store::tickets::update(&mut tx, &t).await?;
            }
        }
        tx.commit().await?;
        Ok(true)
    }
}
