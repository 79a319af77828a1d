//! Keeps each ticket's report facts true: triggers mark a ticket whenever
//! it, its messages or its survey change; this job computes the marked
//! tickets' facts again from their history (the domain's `ticket_facts`)
//! and counts their days again. Every step is idempotent, so nodes may run
//! it at once; a ticket marked again meanwhile is simply done once more.

use std::collections::BTreeSet;

use marketdesk_domain::metrics::{self, Change, Said, Speaker, TicketHistory};
use marketdesk_domain::sla::{ClockKind, ClockState};
use marketdesk_domain::{Role, TicketStatus};
use marketdesk_store::reports::{self as store, Dirty, FactsRow, ReplyRow};
use marketdesk_store::tickets::TicketRow;

use crate::kernel::auth::system_viewer;
use crate::{Result, Services, now_ms};

/// A ticket's fresh facts with its answers (none: it is gone), and the
/// stored facts they replace.
type Computed = (Option<(FactsRow, Vec<ReplyRow>)>, Option<FactsRow>);

/// Tickets computed per round of the job.
const BATCH: i64 = 200;
/// Batches a report computes before answering.
const CATCH_UP_BATCHES: usize = 5;

impl Services {
    /// Computes the facts of up to one batch of marked tickets; answers how
    /// many it did (0: nothing was waiting).
    pub async fn refresh_report_facts(&self) -> Result<usize> {
        let marked = {
            let mut conn = self.store.reader().await?;
            store::dirty(&mut conn, BATCH).await?
        };
        if marked.is_empty() {
            return Ok(0);
        }
        let mut computed: Vec<(Dirty, Computed)> = Vec::with_capacity(marked.len());
        for d in &marked {
            computed.push((*d, self.compute_facts(d.ticket_id).await?));
        }
        let mut days = BTreeSet::new();
        let mut tx = self.store.begin().await?;
        for (d, (fresh, old)) in &computed {
            // Every day the ticket counted on, before and now.
            for f in old.iter().chain(fresh.iter().map(|(f, _)| f)) {
                days.insert(f.created_day);
                days.extend(f.solved_day);
                days.extend(f.first_reply_day);
            }
            days.extend(store::reply_days(&mut tx, d.ticket_id).await?);
            days.extend(
                fresh
                    .iter()
                    .flat_map(|(_, replies)| replies.iter().map(|r| r.day)),
            );
            if let Some((facts, replies)) = fresh {
                store::save_facts(&mut tx, facts, replies).await?;
            }
            store::clear_dirty(&mut tx, *d).await?;
        }
        for day in days {
            store::refresh_day(&mut tx, day).await?;
        }
        tx.commit().await?;
        Ok(marked.len())
    }

    /// Works off every marked ticket (at start, in tests, after a rebuild).
    pub async fn refresh_all_report_facts(&self) -> Result<usize> {
        let mut total = 0;
        loop {
            match self.refresh_report_facts().await? {
                0 => return Ok(total),
                n => total += n,
            }
        }
    }

    /// Before a report answers: the few tickets changed since the job's
    /// last round are computed now, so a report shows what was just done
    /// (a backlog larger than this is left to the job; the report says how
    /// many tickets are still pending).
    pub(crate) async fn catch_up_report_facts(&self) -> Result<()> {
        for _ in 0..CATCH_UP_BATCHES {
            if self.refresh_report_facts().await? < BATCH as usize {
                break;
            }
        }
        Ok(())
    }

    /// Marks every ticket to be computed again: after the schedules or the
    /// SLA targets changed, or to rebuild the reports.
    pub async fn rebuild_reports(&self) -> Result<u64> {
        let mut tx = self.store.begin().await?;
        let n = store::mark_all(&mut tx).await?;
        tx.commit().await?;
        Ok(n)
    }

    /// A ticket's fresh facts (none for a ticket that does not exist or was
    /// merged away) and the stored ones.
    async fn compute_facts(&self, ticket_id: i64) -> Result<Computed> {
        let mut conn = self.store.reader().await?;
        let old = store::facts_of(&mut conn, ticket_id).await?;
        let Some(t) = marketdesk_store::tickets::get(&mut conn, ticket_id).await? else {
            return Ok((None, old));
        };
        let messages = store::public_messages(&mut conn, ticket_id).await?;
        let events = store::events(&mut conn, ticket_id).await?;
        drop(conn);
        let said: Vec<Said> = messages
            .iter()
            .map(|m| Said {
                at: m.at,
                by: match (m.author_id, m.author_role.as_deref()) {
                    (Some(id), Some(role))
                        if id != t.requester_id
                            && Role::parse(role).is_ok_and(|r| r.is_staff()) =>
                    {
                        Speaker::Agent(id)
                    }
                    (None, _) => Speaker::Automatic,
                    _ => Speaker::Customer,
                },
            })
            .collect();
        let changes: Vec<Change> = events
            .iter()
            .filter_map(|(field, old, new, at)| match field.as_str() {
                "status" => Some(Change::Status {
                    at: *at,
                    from: TicketStatus::parse(old.as_deref()?).ok()?,
                    to: TicketStatus::parse(new.as_deref()?).ok()?,
                }),
                "assignee" => Some(Change::Assignee {
                    at: *at,
                    to: new.as_deref().and_then(|v| v.parse().ok()),
                }),
                _ => None,
            })
            .collect();
        let history = TicketHistory {
            created_at: t.created_at,
            first_response_at: t.first_response_at,
            status: t.status,
            solved_at: t.solved_at,
            assignee_id: t.assignee_id,
            messages: &said,
            changes: &changes,
        };
        let sla = self.sla().await?;
        let rules = sla.rules();
        let targets = rules.policy.targets(t.sla_policy.as_deref());
        let hours = rules.hours_for(t.team_id);
        let team = self.hours_of_team(t.team_id).await?;
        let facts = metrics::ticket_facts(
            &history,
            &team.schedule,
            metrics::ReplyTarget {
                hours,
                next_reply: i64::from(targets.next_reply.of(t.priority))
                    * marketdesk_domain::MINUTE_MS,
            },
        );
        let clocks = rules.clocks(
            &crate::tickets::sla_times(&t),
            t.sla_policy.as_deref(),
            now_ms(),
        );
        let stopped = |kind: ClockKind| {
            clocks
                .iter()
                .find(|c| c.kind == kind)
                .and_then(|c| match c.state {
                    ClockState::Met => Some(true),
                    ClockState::Missed => Some(false),
                    _ => None,
                })
        };
        let tier = match &old {
            Some(old) => old.tier.clone(),
            None => self.tier_of(t.requester_id).await,
        };
        let zone = self.business_hours().time_zone();
        let row = facts_row(&t, &facts, tier, zone);
        let row = FactsRow {
            first_reply_met: facts.first_reply.and(stopped(ClockKind::FirstResponse)),
            resolution_met: facts.resolution.and(stopped(ClockKind::Resolution)),
            ..row
        };
        let replies = facts
            .next_replies
            .iter()
            .map(|r| ReplyRow {
                agent_id: r.agent_id,
                replied_at: r.at,
                day: metrics::local_day(zone, r.at),
                wait_ms: r.waited.calendar,
                wait_bh_ms: r.waited.business,
                met: r.met,
            })
            .collect();
        Ok((Some((row, replies)), old))
    }

    /// The customer's membership tier when their ticket is first counted.
    async fn tier_of(&self, requester_id: i64) -> String {
        self.membership(&system_viewer(), requester_id, None)
            .await
            .ok()
            .and_then(|m| m.tier)
            .unwrap_or_default()
    }
}

/// The stored form of a ticket's facts; days in the desk's time zone.
fn facts_row(
    t: &TicketRow,
    f: &metrics::TicketFacts,
    tier: String,
    zone: &jiff::tz::TimeZone,
) -> FactsRow {
    FactsRow {
        ticket_id: t.id,
        channel: t.channel.as_str().into(),
        team_id: t.team_id.unwrap_or(0),
        assignee_id: t.assignee_id.unwrap_or(0),
        language: t.language.clone(),
        intent: t.intent.clone().unwrap_or_default(),
        tier,
        status: t.status.as_str().into(),
        created_at: t.created_at,
        created_day: metrics::local_day(zone, t.created_at),
        first_reply_at: f.first_reply.map(|(at, _)| at),
        first_reply_day: f.first_reply.map(|(at, _)| metrics::local_day(zone, at)),
        first_reply_ms: f.first_reply.map(|(_, s)| s.calendar),
        first_reply_bh_ms: f.first_reply.map(|(_, s)| s.business),
        first_reply_met: None,
        assignment_ms: f.first_assignment,
        solved_at: f.resolution.map(|(at, _)| at),
        solved_day: f.resolution.map(|(at, _)| metrics::local_day(zone, at)),
        resolution_ms: f.resolution.map(|(_, s)| s.calendar),
        resolution_bh_ms: f.resolution.map(|(_, s)| s.business),
        resolution_met: None,
        wait_ms: f.requester_wait.map(|s| s.calendar),
        wait_bh_ms: f.requester_wait.map(|s| s.business),
        reopens: i64::from(f.reopens),
        agent_replies: i64::from(f.agent_replies),
    }
}
