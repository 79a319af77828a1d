//! Changing a ticket: its fields (each change audited with old and new
//! value), merging, and the auto-close job.

use marketdesk_domain::access::Permission;
use marketdesk_domain::i18n::Lang;
use marketdesk_domain::text::required_line;
use marketdesk_domain::{LanguageTag, MessageKind, Millis, TicketRef, TicketStatus};
use marketdesk_messages::tr;
use marketdesk_store::Conn;
use marketdesk_store::audit::{self, AuditEntry};
use marketdesk_store::people;
use marketdesk_store::tickets::{self as store, TicketRow};
use serde_json::Value;

use super::conversation::insert_message;
use super::create::resolve_orders;
use super::input::{Body, MAX_TAGS, TicketUpdate, validate_custom_fields, validate_tags};
use super::read::{PeopleCache, load_visible, ticket_view};
use super::views::TicketView;
use crate::kernel::auth::actor_id;
use crate::kernel::html;
use crate::{Result, ServiceError, Services, Viewer, now_ms};

pub(crate) fn entry(viewer: &Viewer, ticket_id: i64, action: &str, now: Millis) -> AuditEntry {
    AuditEntry {
        id: 0,
        subject_type: "ticket".into(),
        subject_id: ticket_id,
        ticket_id: Some(ticket_id),
        actor_id: actor_id(viewer),
        action: action.into(),
        field: None,
        old_value: None,
        new_value: None,
        created_at: now,
    }
}

pub(crate) fn field_change(
    viewer: &Viewer,
    ticket_id: i64,
    field: &str,
    old: Option<String>,
    new: Option<String>,
    now: Millis,
) -> AuditEntry {
    AuditEntry {
        field: Some(field.into()),
        old_value: old,
        new_value: new,
        ..entry(viewer, ticket_id, "updated", now)
    }
}

/// Checks that the assignee is an active agent and the team exists;
/// answers the assignee.
pub(crate) async fn check_assignee(
    conn: &mut Conn,
    assignee: Option<i64>,
    team: Option<i64>,
) -> Result<Option<people::PersonRow>> {
    let mut found = None;
    if let Some(id) = assignee {
        match people::get(conn, id).await? {
            Some(p) if p.role.is_staff() && !p.disabled => found = Some(p),
            _ => {
                return Err(ServiceError::field(
                    "assignee_id",
                    format!("{id} is not an active agent"),
                ));
            }
        }
    }
    if let Some(id) = team
        && people::get_team(conn, id).await?.is_none()
    {
        return Err(ServiceError::field(
            "team_id",
            format!("there is no team {id}"),
        ));
    }
    Ok(found)
}

impl Services {
    /// Changes a ticket's fields, each change recorded in the audit trail.
    pub async fn update_ticket(
        &self,
        viewer: &Viewer,
        id: i64,
        update: TicketUpdate,
    ) -> Result<TicketView> {
        if !viewer.may(Permission::WorkTickets) {
            return Err(ServiceError::forbidden("change tickets"));
        }
        let subject = update
            .subject
            .as_deref()
            .map(|s| required_line("subject", s, 250))
            .transpose()?;
        let language = update
            .language
            .as_deref()
            .map(LanguageTag::parse)
            .transpose()?;
        let replace_tags = update.tags.as_deref().map(validate_tags).transpose()?;
        let add_tags = validate_tags(&update.add_tags)?;
        let remove_tags = validate_tags(&update.remove_tags)?;
        if let Some(fields) = &update.custom_fields {
            validate_custom_fields(fields, true)?;
        }
        let now = now_ms();
        let mut tx = self.store.begin().await?;
        let mut t = load_visible(&mut tx, viewer, id).await?;
        if t.status.is_final() {
            return Err(ServiceError::TicketClosed(
                TicketRef::from_id(t.id).to_string(),
            ));
        }
        let before = t.clone();
        let mut changes = Vec::new();
        if let Some(subject) = subject {
            t.subject = subject;
        }
        if let Some(priority) = update.priority {
            t.priority = priority;
        }
        if let Some(language) = language {
            t.language = language.as_str().to_string();
        }
        if let Some(assignee) = update.assignee_id {
            t.assignee_id = assignee;
        }
        if let Some(team) = update.team_id {
            t.team_id = team;
        }
        check_assignee(
            &mut tx,
            update.assignee_id.flatten(),
            update.team_id.flatten(),
        )
        .await?;
        if let Some(status) = update.status {
            apply_status(&mut t, status, now)?;
        }
        if let Some(fields) = update.custom_fields
            && let Value::Object(existing) = &mut t.custom_fields
        {
            for (k, v) in fields {
                if v.is_null() {
                    existing.remove(&k);
                } else {
                    existing.insert(k, v);
                }
            }
            if existing.len() > 50 {
                return Err(ServiceError::field("custom_fields", "at most 50 fields"));
            }
        }
        let str_opt = |v: Option<i64>| v.map(|v| v.to_string());
        let diffs: [(&str, Option<String>, Option<String>); 7] = [
            (
                "subject",
                Some(before.subject.clone()),
                Some(t.subject.clone()),
            ),
            (
                "status",
                Some(before.status.to_string()),
                Some(t.status.to_string()),
            ),
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
            ("team_id", str_opt(before.team_id), str_opt(t.team_id)),
            (
                "language",
                Some(before.language.clone()),
                Some(t.language.clone()),
            ),
            (
                "custom_fields",
                Some(before.custom_fields.to_string()),
                Some(t.custom_fields.to_string()),
            ),
        ];
        for (field, old, new) in diffs {
            if old != new {
                changes.push(field_change(viewer, t.id, field, old, new, now));
            }
        }
        let old_tags = store::tags_of(&mut tx, &[t.id])
            .await?
            .remove(&t.id)
            .unwrap_or_default();
        let mut tags = replace_tags.unwrap_or_else(|| old_tags.clone());
        tags.extend(add_tags);
        tags.retain(|tag| !remove_tags.contains(tag));
        tags.sort();
        tags.dedup();
        if tags.len() > MAX_TAGS {
            return Err(ServiceError::field(
                "tags",
                format!("at most {MAX_TAGS} tags"),
            ));
        }
        if tags != old_tags {
            store::set_tags(&mut tx, t.id, &tags).await?;
            changes.push(field_change(
                viewer,
                t.id,
                "tags",
                Some(old_tags.join(" ")),
                Some(tags.join(" ")),
                now,
            ));
        }
        for order_id in resolve_orders(&mut tx, viewer, &update.link_order_numbers).await? {
            store::link_order(&mut tx, t.id, order_id).await?;
            changes.push(field_change(
                viewer,
                t.id,
                "orders",
                None,
                Some(order_id.to_string()),
                now,
            ));
        }
        if !changes.is_empty() {
            t.updated_at = now;
            self.save_ticket(&mut tx, &mut t).await?;
            if before.status != TicketStatus::Solved && t.status == TicketStatus::Solved {
                crate::help::tell_outcome(&mut tx, &t, now).await?;
            }
            for change in &changes {
                audit::record(&mut tx, change).await?;
            }
        }
        let mut cache = PeopleCache::new();
        let view = ticket_view(&mut tx, &mut cache, &t, tags, self.sla().await?.rules()).await?;
        tx.commit().await?;
        self.search_wake();
        self.live_ticket(t.id, t.channel == marketdesk_domain::Channel::Chat);
        if !changes.is_empty() {
            use marketdesk_domain::rules::Event;
            let mut events = Vec::new();
            if before.status != t.status {
                events.push(Event::StatusChanged);
            }
            if changes.iter().any(|c| {
                c.field.as_deref() == Some("tags")
                    && c.new_value.as_deref().unwrap_or("").split(' ').any(|tag| {
                        !tag.is_empty()
                            && !c
                                .old_value
                                .as_deref()
                                .unwrap_or("")
                                .split(' ')
                                .any(|old| old == tag)
                    })
            }) {
                events.push(Event::TagAdded);
            }
            events.push(Event::Updated);
            if self.fire_triggers(t.id, &events).await {
                let fresh = self.get_ticket(viewer, t.id).await?;
                return Ok(fresh.ticket);
            }
        }
        let waiting = |t: &TicketRow| matches!(t.status, TicketStatus::New | TicketStatus::Open);
        if before.assignee_id.is_some()
            && waiting(&before)
            && !(waiting(&t) && t.assignee_id == before.assignee_id)
        {
            self.maybe_freed_up(t.id).await;
        } else if t.assignee_id.is_none() && waiting(&t) && before.assignee_id.is_some() {
            // Given back: someone else may take it.
            self.maybe_freed_up(t.id).await;
        }
        Ok(view)
    }

    /// Merges ticket `source` into `into`: its messages, tags and orders move,
    /// and it is closed with a pointer to the ticket that lives on.
    pub async fn merge_tickets(
        &self,
        viewer: &Viewer,
        source: i64,
        into: i64,
    ) -> Result<TicketView> {
        if !viewer.may(Permission::WorkTickets) {
            return Err(ServiceError::forbidden("merge tickets"));
        }
        if source == into {
            return Err(ServiceError::field(
                "into_ticket_id",
                "a ticket cannot be merged into itself",
            ));
        }
        let now = now_ms();
        let mut tx = self.store.begin().await?;
        let mut from = load_visible(&mut tx, viewer, source).await?;
        let mut target = store::get(&mut tx, into).await?.ok_or_else(|| {
            ServiceError::field("into_ticket_id", format!("there is no ticket {into}"))
        })?;
        for t in [&from, &target] {
            if t.status.is_final() {
                return Err(ServiceError::TicketClosed(
                    TicketRef::from_id(t.id).to_string(),
                ));
            }
        }
        store::move_contents(&mut tx, from.id, target.id).await?;
        let old_status = from.status;
        from.status = TicketStatus::Closed;
        from.merged_into_id = Some(target.id);
        from.closed_at = Some(now);
        from.updated_at = now;
        self.save_ticket(&mut tx, &mut from).await?;
        // A note for the team, in the workspace's working language.
        let note = tr!(
            Lang::En,
            "ticket-merged-note",
            reference = TicketRef::from_id(from.id).to_string()
        );
        let content = Body {
            html: html::from_text(&note),
            text: note,
            attachments: vec![],
            email: None,
        };
        insert_message(
            &mut tx,
            target.id,
            actor_id(viewer),
            MessageKind::Note,
            target.channel,
            &content,
            now,
        )
        .await?;
        target.updated_at = now;
        self.save_ticket(&mut tx, &mut target).await?;
        let mut merged = field_change(
            viewer,
            from.id,
            "status",
            Some(old_status.to_string()),
            Some("closed".into()),
            now,
        );
        merged.action = "merged".into();
        merged.new_value = Some(format!(
            "closed, merged into {}",
            TicketRef::from_id(target.id)
        ));
        audit::record(&mut tx, &merged).await?;
        let mut received = entry(viewer, target.id, "merged_from", now);
        received.new_value = Some(TicketRef::from_id(from.id).to_string());
        audit::record(&mut tx, &received).await?;
        let tags = store::tags_of(&mut tx, &[target.id])
            .await?
            .remove(&target.id)
            .unwrap_or_default();
        let mut cache = PeopleCache::new();
        let view = ticket_view(
            &mut tx,
            &mut cache,
            &target,
            tags,
            self.sla().await?.rules(),
        )
        .await?;
        tx.commit().await?;
        self.search_wake();
        Ok(view)
    }

    /// Closes solved tickets whose waiting time is over. Safe to run on
    /// several nodes at once: each ticket is closed by one transaction.
    pub async fn close_due_tickets(&self, now: Millis) -> Result<usize> {
        let due = {
            let mut conn = self.store.reader().await?;
            store::solved_before(&mut conn, self.settings.auto_close.solved_before(now), 500)
                .await?
        };
        let system = crate::kernel::auth::system_viewer();
        let mut closed = 0;
        for id in due {
            let mut tx = self.store.begin().await?;
            let Some(mut t) = store::get(&mut tx, id).await? else {
                continue;
            };
            if t.status != TicketStatus::Solved
                || !t
                    .solved_at
                    .is_some_and(|s| self.settings.auto_close.is_due(s, now))
            {
                continue;
            }
            apply_status(&mut t, TicketStatus::Closed, now)?;
            t.updated_at = now;
            self.save_ticket(&mut tx, &mut t).await?;
            let mut e = field_change(
                &system,
                id,
                "status",
                Some("solved".into()),
                Some("closed".into()),
                now,
            );
            e.action = "auto_closed".into();
            audit::record(&mut tx, &e).await?;
            tx.commit().await?;
            closed += 1;
        }
        Ok(closed)
    }
}

/// Applies a status change through the domain rules, keeping the timestamps true.
pub(crate) fn apply_status(t: &mut TicketRow, to: TicketStatus, now: Millis) -> Result<()> {
    let Some(change) = t.status.change_to(to)? else {
        return Ok(());
    };
    t.status = change.to;
    match change.to {
        TicketStatus::Solved => t.solved_at = Some(now),
        TicketStatus::Closed => t.closed_at = Some(now),
        _ => t.solved_at = None,
    }
    Ok(())
}
