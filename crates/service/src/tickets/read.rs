//! Reading tickets: one with its conversation, lists and counts by filter,
//! who is viewing, the audit, attachments — each trimmed to what the viewer
//! may see.

use std::collections::HashMap;

use marketdesk_domain::access::{Permission, TicketFacts};
use marketdesk_domain::sla::{SlaRules, TicketTimes};
use marketdesk_domain::{MessageKind, Millis, Role, Tag, TicketStatus};
use marketdesk_store::Conn;
use marketdesk_store::audit;
use marketdesk_store::people::{self, PersonRow};
use marketdesk_store::ticket_bundle::{TicketBundle, ticket_bundle};
use marketdesk_store::tickets::{
    self as store, AttachmentRow, MessageRow, TicketFilter, TicketRow,
};
use serde_json::{Map, Value};

use super::input::TicketQuery;
use super::views::{AttachmentView, MessageView, SlaClockView, TicketDetail, TicketView};
use crate::accounts::AuditView;
use crate::kernel::identity::PersonSummary;
use crate::kernel::page::{Page, PageRequest};
use crate::{Result, ServiceError, Services, Viewer, now_ms};

async fn facts(conn: &mut Conn, t: &TicketRow) -> Result<TicketFacts> {
    Ok(TicketFacts {
        requester_id: t.requester_id,
        shared_with: store::shares_of(conn, t.id)
            .await?
            .into_iter()
            .map(|(seller, _)| seller)
            .collect(),
        order_ids: store::order_ids_of(conn, t.id).await?,
        copied: store::copied(conn, t.id)
            .await?
            .into_iter()
            .map(|(person, _)| person)
            .collect(),
    })
}

/// Loads a ticket the viewer may see; one they may not is "not found".
pub(crate) async fn load_visible(conn: &mut Conn, viewer: &Viewer, id: i64) -> Result<TicketRow> {
    let ticket = store::get(conn, id)
        .await?
        .ok_or(ServiceError::NotFound("ticket"))?;
    if viewer.is_staff() && viewer.may(Permission::ReadTickets) {
        return Ok(ticket);
    }
    if viewer.can_see_ticket(&facts(conn, &ticket).await?) {
        Ok(ticket)
    } else {
        Err(ServiceError::NotFound("ticket"))
    }
}

/// People by id, loaded once per request.
pub(crate) struct PeopleCache(pub(super) HashMap<i64, Option<PersonRow>>);

impl PeopleCache {
    pub(super) fn new() -> Self {
        PeopleCache(HashMap::new())
    }

    async fn get(&mut self, conn: &mut Conn, id: i64) -> Result<Option<&PersonRow>> {
        if let std::collections::hash_map::Entry::Vacant(slot) = self.0.entry(id) {
            slot.insert(people::get(conn, id).await?);
        }
        Ok(self.0.get(&id).and_then(Option::as_ref))
    }

    async fn summary(&mut self, conn: &mut Conn, id: Option<i64>) -> Result<Option<PersonSummary>> {
        match id {
            Some(id) => Ok(self.get(conn, id).await?.map(PersonSummary::from)),
            None => Ok(None),
        }
    }
}

pub(crate) async fn ticket_view(
    conn: &mut Conn,
    cache: &mut PeopleCache,
    t: &TicketRow,
    tags: Vec<String>,
    sla: SlaRules<'_>,
) -> Result<TicketView> {
    let requester = cache
        .summary(conn, Some(t.requester_id))
        .await?
        .ok_or(ServiceError::NotFound("requester"))?;
    let assignee = cache.summary(conn, t.assignee_id).await?;
    let order_ids = store::order_ids_of(conn, t.id).await?;
    Ok(view_with_clocks(
        t, requester, assignee, tags, order_ids, sla,
    ))
}

/// The view of a ticket whose people and orders are at hand, with its SLA
/// clocks as of now.
pub(crate) fn view_with_clocks(
    t: &TicketRow,
    requester: PersonSummary,
    assignee: Option<PersonSummary>,
    tags: Vec<String>,
    order_ids: Vec<i64>,
    sla: SlaRules<'_>,
) -> TicketView {
    let mut view = TicketView::new(t, requester, assignee, tags, order_ids);
    let now = now_ms();
    view.sla = sla
        .clocks(&sla_times(t), t.sla_policy.as_deref(), now)
        .iter()
        .map(SlaClockView::of)
        .collect();
    view
}

/// The desk's own reading of a ticket — the assistant's intent and
/// sentiment, the service-level policy it is held to — is for staff: a
/// customer or seller sees their ticket without it.
pub(crate) fn hide_triage(viewer: &Viewer, view: &mut TicketView) {
    if !viewer.role.is_staff() {
        view.intent = None;
        view.sentiment = None;
        view.sla_policy = None;
    }
}

/// What a ticket's service-level clocks need of it.
pub(crate) fn sla_times(t: &TicketRow) -> TicketTimes {
    TicketTimes {
        priority: t.priority,
        status: t.status,
        created_at: t.created_at,
        first_response_at: t.first_response_at,
        solved_at: t.solved_at,
        closed_at: t.closed_at,
        team_id: t.team_id,
        clock_start: t.sla_clock_start,
        paused_at: t.sla_paused_at,
        awaiting_since: t.awaiting_since,
    }
}

/// A seller a ticket was shared with (and who did not open it): they see
/// what was written from the moment it was shared, and their own messages —
/// not what the buyer told support before — and none of the triage.
struct SharedSeller {
    person_id: i64,
    since: Millis,
}

impl SharedSeller {
    fn of(viewer: &Viewer, t: &TicketRow, shares: &[(i64, Millis)]) -> Option<Self> {
        if viewer.role != Role::Seller || t.requester_id == viewer.person_id {
            return None;
        }
        let share = shares
            .iter()
            .find(|(seller, _)| *seller == viewer.person_id);
        // Not shared: visibility has already refused; see nothing anyway.
        Some(SharedSeller {
            person_id: viewer.person_id,
            since: share.map_or(Millis::MAX, |(_, at)| *at),
        })
    }

    fn sees(&self, m: &MessageRow) -> bool {
        m.created_at >= self.since || m.author_id == Some(self.person_id)
    }

    /// Tags, fields, intent and sentiment are support's reading of the
    /// buyer; the buyer's address is theirs to give (the seller has the
    /// order's shipping address).
    fn trim(view: &mut TicketView) {
        view.tags.clear();
        view.custom_fields = Value::Object(Map::new());
        view.intent = None;
        view.sentiment = None;
        view.requester.email.clear();
    }
}

/// The messages a viewer sees, with their authors, files and (for staff)
/// how their email fared.
fn messages_view(
    bundle: &TicketBundle,
    people: &HashMap<i64, &PersonRow>,
    seller: Option<&SharedSeller>,
) -> Vec<MessageView> {
    bundle
        .messages
        .iter()
        .filter(|m| seller.is_none_or(|seller| seller.sees(m)))
        .map(|m| {
            let author = m
                .author_id
                .and_then(|id| people.get(&id))
                .map(|p| PersonSummary::from(*p));
            let files = bundle
                .attachments
                .iter()
                .filter(|a| a.message_id == m.id)
                .map(AttachmentView::from)
                .collect();
            let mut view = MessageView::new(m, author, files);
            view.delivery = bundle
                .deliveries
                .iter()
                .rev()
                .find(|mail| mail.message_id == m.id)
                .map(super::views::MailDelivery::of);
            view
        })
        .collect()
}

impl Services {
    /// A ticket with its conversation; notes only for staff. One query
    /// (see `ticket_bundle`), whatever the ticket holds.
    pub async fn get_ticket(&self, viewer: &Viewer, id: i64) -> Result<TicketDetail> {
        let bundle = {
            let mut conn = self.store.reader().await?;
            ticket_bundle(&mut conn, id, viewer.can_see_notes())
                .await?
                .ok_or(ServiceError::NotFound("ticket"))?
        };
        let row = &bundle.ticket;
        let visible = (viewer.is_staff() && viewer.may(Permission::ReadTickets))
            || viewer.can_see_ticket(&TicketFacts {
                requester_id: row.requester_id,
                shared_with: bundle.shares.iter().map(|(seller, _)| *seller).collect(),
                order_ids: bundle.order_ids.clone(),
                copied: bundle.copied.iter().map(|(person, _)| *person).collect(),
            });
        if !visible {
            return Err(ServiceError::NotFound("ticket"));
        }
        let people: HashMap<i64, &PersonRow> = bundle.people.iter().map(|p| (p.id, p)).collect();
        let summary = |id: i64| people.get(&id).map(|p| PersonSummary::from(*p));
        let requester = summary(row.requester_id).ok_or(ServiceError::NotFound("requester"))?;
        let assignee = row.assignee_id.and_then(summary);
        let mut ticket = view_with_clocks(
            row,
            requester,
            assignee,
            bundle.tags.clone(),
            bundle.order_ids.clone(),
            self.sla().await?.rules(),
        );
        hide_triage(viewer, &mut ticket);
        let seller = SharedSeller::of(viewer, row, &bundle.shares);
        if seller.is_some() {
            SharedSeller::trim(&mut ticket);
        }
        let mut messages = messages_view(&bundle, &people, seller.as_ref());
        let mut cc: Vec<String> = bundle
            .copied
            .iter()
            .map(|(_, email)| email.clone())
            .collect();
        if seller.is_some() {
            // A seller sees the case, not the buyer's addresses.
            for author in messages.iter_mut().filter_map(|m| m.author.as_mut()) {
                if author.id != viewer.person_id {
                    author.email.clear();
                }
            }
            for message in &mut messages {
                message.email = None;
            }
            cc.clear();
        }
        Ok(TicketDetail {
            ticket,
            cc,
            messages,
        })
    }

    pub async fn list_tickets(
        &self,
        viewer: &Viewer,
        query: &TicketQuery,
    ) -> Result<Page<TicketView>> {
        let page = PageRequest::parse(query.limit, query.cursor.as_deref())?;
        let sla = self.sla().await?;
        let mut filter = ticket_filter(viewer, query, sla.rules())?;
        filter.before_id = page.before_id;
        let mut conn = self.store.reader().await?;
        filter.team_ids = viewer_teams(&mut conn, viewer, query).await?;
        let rows = store::list(&mut conn, &filter, page.fetch_limit()).await?;
        // A page is four queries whatever its length: the tickets, then
        // their tags, orders and people each in one.
        let ids: Vec<i64> = rows.iter().map(|t| t.id).collect();
        let mut tags = store::tags_of(&mut conn, &ids).await?;
        let mut orders = store::order_ids_for(&mut conn, &ids).await?;
        let mut person_ids: Vec<i64> = rows
            .iter()
            .flat_map(|t| std::iter::once(t.requester_id).chain(t.assignee_id))
            .collect();
        person_ids.sort_unstable();
        person_ids.dedup();
        let people: HashMap<i64, PersonRow> = people::get_many(&mut conn, &person_ids)
            .await?
            .into_iter()
            .map(|p| (p.id, p))
            .collect();
        let summary = |id: i64| people.get(&id).map(PersonSummary::from);
        let mut views = Vec::with_capacity(rows.len());
        for row in &rows {
            let requester = summary(row.requester_id).ok_or(ServiceError::NotFound("requester"))?;
            let mut view = view_with_clocks(
                row,
                requester,
                row.assignee_id.and_then(summary),
                tags.remove(&row.id).unwrap_or_default(),
                orders.remove(&row.id).unwrap_or_default(),
                sla.rules(),
            );
            hide_triage(viewer, &mut view);
            if viewer.role == Role::Seller && row.requester_id != viewer.person_id {
                SharedSeller::trim(&mut view);
            }
            views.push(view);
        }
        if filter.sort.is_some() {
            // Sorted: this one page; a cursor by id would not continue it.
            views.truncate(usize::try_from(page.limit).unwrap_or(usize::MAX));
            return Ok(Page {
                items: views,
                next_cursor: None,
            });
        }
        Ok(page.finish(views, |t| t.id))
    }

    /// How many tickets a query matches, all pages together (queue counts),
    /// counted no further than [`QueueCount::LIMIT`]: beyond it a queue is
    /// "1000+", and counting costs the same in a shop of any size.
    pub async fn count_tickets(&self, viewer: &Viewer, query: &TicketQuery) -> Result<QueueCount> {
        let mut filter = ticket_filter(viewer, query, self.sla().await?.rules())?;
        let mut conn = self.store.reader().await?;
        filter.team_ids = viewer_teams(&mut conn, viewer, query).await?;
        let counted = store::count(&mut conn, &filter, QueueCount::LIMIT + 1).await?;
        Ok(QueueCount(counted))
    }

    /// Records that a staff member has the ticket open, and answers who
    /// else had it open in the last 30 seconds (collision warning).
    pub async fn viewing(&self, viewer: &Viewer, id: i64) -> Result<Vec<String>> {
        if !viewer.may(Permission::WorkTickets) {
            return Err(ServiceError::forbidden("work tickets"));
        }
        let now = now_ms();
        let mut tx = self.store.begin().await?;
        store::get(&mut tx, id)
            .await?
            .ok_or(ServiceError::NotFound("ticket"))?;
        store::seen(&mut tx, id, viewer.person_id, now).await?;
        let others = store::other_viewers(&mut tx, id, viewer.person_id, now - 30_000).await?;
        tx.commit().await?;
        Ok(others)
    }

    /// The history of a ticket (staff).
    pub async fn ticket_audit(&self, viewer: &Viewer, id: i64) -> Result<Vec<AuditView>> {
        if !viewer.may(Permission::WorkTickets) {
            return Err(ServiceError::forbidden("read a ticket's history"));
        }
        let mut conn = self.store.reader().await?;
        load_visible(&mut conn, viewer, id).await?;
        Ok(audit::for_ticket(&mut conn, id)
            .await?
            .iter()
            .map(AuditView::from)
            .collect())
    }

    /// An attachment's metadata and bytes, if the viewer may see its message.
    pub async fn get_attachment(
        &self,
        viewer: &Viewer,
        id: i64,
    ) -> Result<(AttachmentRow, Vec<u8>)> {
        let mut conn = self.store.reader().await?;
        let (attachment, ticket_id, kind) = store::get_attachment(&mut conn, id)
            .await?
            .ok_or(ServiceError::NotFound("attachment"))?;
        load_visible(&mut conn, viewer, ticket_id)
            .await
            .map_err(|_| ServiceError::NotFound("attachment"))?;
        if kind == MessageKind::Note && !viewer.can_see_notes() {
            return Err(ServiceError::NotFound("attachment"));
        }
        let ticket = store::get(&mut conn, ticket_id)
            .await?
            .ok_or(ServiceError::NotFound("attachment"))?;
        let shares = store::shares_of(&mut conn, ticket_id).await?;
        // Files are written with their message: its time is theirs.
        if let Some(seller) = SharedSeller::of(viewer, &ticket, &shares)
            && attachment.created_at < seller.since
        {
            return Err(ServiceError::NotFound("attachment"));
        }
        drop(conn);
        let bytes = self.read_attachment_file(&attachment.sha256).await?;
        Ok((attachment, bytes))
    }
}

/// The store filter for a ticket query, narrowed to what the viewer may see.
/// The viewer's teams when the query asks for `team=mine`.
async fn viewer_teams(
    conn: &mut Conn,
    viewer: &Viewer,
    query: &TicketQuery,
) -> Result<Option<Vec<i64>>> {
    match query.team.as_deref() {
        None | Some("") => Ok(None),
        Some("mine") => Ok(Some(people::teams_of(conn, viewer.person_id).await?)),
        Some(_) => Err(ServiceError::field("team", "the one value is 'mine'")),
    }
}

fn ticket_filter(viewer: &Viewer, query: &TicketQuery, sla: SlaRules<'_>) -> Result<TicketFilter> {
    if !viewer.may(Permission::ReadTickets) {
        return Err(ServiceError::forbidden("read tickets"));
    }
    let mut filter = TicketFilter {
        priority: query.priority,
        channel: query.channel,
        team_id: query.team_id,
        requester_id: query.requester_id,
        order_id: query.order_id,
        escalated: query.escalated == Some(true),
        ..Default::default()
    };
    if let Some(sort) = query.sort.as_deref().filter(|s| !s.is_empty()) {
        let (name, descending) = match sort.strip_prefix('-') {
            Some(name) => (name, true),
            None => (sort, false),
        };
        let found = store::TicketSort::NAMES
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, s)| *s)
            .ok_or_else(|| {
                ServiceError::field(
                    "sort",
                    "updated, created, priority, status or subject, with '-' for descending",
                )
            })?;
        filter.sort = Some((found, descending));
    }
    if let Some(list) = &query.status {
        filter.statuses = list
            .split(',')
            .map(|s| TicketStatus::parse(s.trim()))
            .collect::<Result<_, _>>()?;
    }
    if let Some(tag) = &query.tag {
        filter.tag = Some(Tag::parse(tag)?.as_str().to_string());
    }
    if let Some(intent) = &query.intent {
        if !marketdesk_assistant::INTENTS.contains(&intent.as_str()) {
            return Err(ServiceError::field(
                "intent",
                format!(
                    "'{}' is not an intent of the taxonomy",
                    intent.chars().take(40).collect::<String>()
                ),
            ));
        }
        filter.intent = Some(intent.clone());
    }
    match query.sla.as_deref() {
        None | Some("") => {}
        Some("breached") => filter.sla_breached = sla.breach_cutoffs(now_ms()),
        Some(_) => return Err(ServiceError::field("sla", "the one value is 'breached'")),
    }
    filter.assignee_id = match query.assignee.as_deref() {
        None => None,
        Some("none") => Some(None),
        Some("me") => Some(Some(viewer.person_id)),
        Some(id) => Some(Some(id.parse().map_err(|_| {
            ServiceError::field("assignee", "must be an id, 'me' or 'none'")
        })?)),
    };
    if !viewer.is_staff() {
        match viewer.role {
            Role::Seller if viewer.order_scope.is_none() => {
                filter.visible_to_seller = Some(viewer.person_id)
            }
            _ => filter.requester_id = Some(viewer.person_id),
        }
        if let Some(order_id) = viewer.order_scope {
            filter.order_id = Some(order_id);
        }
    }
    Ok(filter)
}

/// The size of a queue, exact up to [`QueueCount::LIMIT`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct QueueCount(i64);

impl QueueCount {
    /// Queues are counted exactly up to this many tickets.
    pub const LIMIT: i64 = 1000;

    /// The exact count, or `None` when the queue holds more than [`Self::LIMIT`].
    pub fn exact(self) -> Option<i64> {
        (self.0 <= Self::LIMIT).then_some(self.0)
    }
}

impl std::fmt::Display for QueueCount {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.exact() {
            Some(n) => write!(f, "{n}"),
            None => write!(f, "{}+", Self::LIMIT),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::QueueCount;

    #[test]
    fn a_queue_is_exact_up_to_the_limit_and_then_limit_plus() {
        assert_eq!(QueueCount(0).to_string(), "0");
        assert_eq!(QueueCount(1000).exact(), Some(1000));
        assert_eq!(QueueCount(1001).exact(), None);
        assert_eq!(QueueCount(1001).to_string(), "1000+");
    }
}
