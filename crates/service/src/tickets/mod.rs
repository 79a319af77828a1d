//! Tickets: create, read, list, change, reply, merge, share with a seller,
//! and the auto-close job.

pub(crate) mod conversation;
mod create;
mod create_batch;
mod input;
pub(crate) mod read;
mod sharing;
pub(crate) mod update;
mod views;

pub(crate) use conversation::person_for_address;
pub use create_batch::CreateQueue;
pub use input::*;
pub use read::QueueCount;
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
        if let Some(before) = store::status_of(conn, t.id).await? {
            (t.sla_clock_start, t.sla_paused_at) = marketdesk_domain::sla::pause_transition(
                self.sla().hours,
                before,
                t.status,
                (t.sla_clock_start, t.sla_paused_at),
                t.created_at,
                t.updated_at,
            );
        }
        store::update(conn, t).await?;
        Ok(())
    }
}
