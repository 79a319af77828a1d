//! Sharing a ticket with a seller of its orders, and ending it.

use marketdesk_domain::access::Permission;
use marketdesk_store::audit;
use marketdesk_store::people;
use marketdesk_store::tickets::{self as store};

use super::read::load_visible;
use super::update::entry;
use crate::kernel::auth::actor_id;
use crate::kernel::identity::PersonSummary;
use crate::{Result, ServiceError, Services, Viewer, now_ms};

impl Services {
    /// The sellers of the lines of a ticket's orders, and whether the ticket
    /// is shared with each (staff: whom they could ask in).
    pub async fn ticket_sellers(
        &self,
        viewer: &Viewer,
        ticket_id: i64,
    ) -> Result<Vec<(PersonSummary, bool)>> {
        if !viewer.may(Permission::WorkTickets) {
            return Err(ServiceError::forbidden("share tickets with sellers"));
        }
        let mut conn = self.store.reader().await?;
        let t = load_visible(&mut conn, viewer, ticket_id).await?;
        let shared: Vec<i64> = store::shares_of(&mut conn, t.id)
            .await?
            .into_iter()
            .map(|(seller, _)| seller)
            .collect();
        let mut out = Vec::new();
        for seller in store::seller_ids_of(&mut conn, t.id).await? {
            if let Some(person) = people::get(&mut conn, seller).await? {
                out.push((PersonSummary::from(&person), shared.contains(&seller)));
            }
        }
        Ok(out)
    }

    /// Shares a ticket with a seller of one of its orders (staff), so they
    /// can help: they see it, the public messages from now on, and may reply.
    pub async fn share_ticket(
        &self,
        viewer: &Viewer,
        ticket_id: i64,
        seller_id: i64,
    ) -> Result<()> {
        self.change_share(viewer, ticket_id, seller_id, true).await
    }

    /// Stops sharing a ticket with a seller (staff).
    pub async fn unshare_ticket(
        &self,
        viewer: &Viewer,
        ticket_id: i64,
        seller_id: i64,
    ) -> Result<()> {
        self.change_share(viewer, ticket_id, seller_id, false).await
    }

    async fn change_share(
        &self,
        viewer: &Viewer,
        ticket_id: i64,
        seller_id: i64,
        shared: bool,
    ) -> Result<()> {
        if !viewer.may(Permission::WorkTickets) {
            return Err(ServiceError::forbidden("share tickets with sellers"));
        }
        let now = now_ms();
        let mut tx = self.store.begin().await?;
        let mut t = load_visible(&mut tx, viewer, ticket_id).await?;
        let changed = if shared {
            if !store::seller_ids_of(&mut tx, t.id)
                .await?
                .contains(&seller_id)
            {
                return Err(ServiceError::field(
                    "seller_id",
                    "is not a seller of a line of this ticket's orders",
                ));
            }
            store::share(&mut tx, t.id, seller_id, actor_id(viewer), now).await?
        } else {
            store::unshare(&mut tx, t.id, seller_id).await?
        };
        if changed {
            let mut e = entry(
                viewer,
                t.id,
                if shared {
                    "shared_with_seller"
                } else {
                    "unshared_with_seller"
                },
                now,
            );
            e.new_value = Some(seller_id.to_string());
            audit::record(&mut tx, &e).await?;
            t.updated_at = now;
            self.save_ticket(&mut tx, &mut t).await?;
        }
        tx.commit().await?;
        if changed {
            self.search_wake();
        }
        Ok(())
    }
}
