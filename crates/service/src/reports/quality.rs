//! The quality programme (docs/METRICS.md, "Quality"): the admin's
//! scorecard, a sample of each agent's solved conversations drawn every
//! week, reviewers scoring them with comments, agents reading their own
//! reviews; the scores join the reports.

use std::collections::BTreeMap;

use marketdesk_domain::TicketRef;
use marketdesk_domain::access::Permission;
use marketdesk_domain::quality::{self, score_percent};
use marketdesk_domain::text::required_text;
use marketdesk_store::{people, quality as store};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::{Result, ServiceError, Services, Viewer, now_ms, rfc3339};

/// Conversations drawn per agent each week.
pub const SAMPLE_PER_AGENT: usize = 3;

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CriterionView {
    pub id: i64,
    pub name: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ReviewRating {
    pub criterion_id: i64,
    pub criterion: String,
    /// 1 (poor) to 5 (excellent).
    pub rating: i64,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ReviewView {
    pub id: i64,
    pub ticket_id: i64,
    pub reference: String,
    pub subject: String,
    pub agent_id: i64,
    pub agent_name: String,
    /// The Monday of the week the conversation was solved in.
    pub week_start: String,
    pub reviewer_id: Option<i64>,
    pub reviewer_name: Option<String>,
    /// The mean rating as a percentage (1 → 0, 5 → 100); none while pending.
    pub score_percent: Option<i64>,
    pub comment: Option<String>,
    pub ratings: Vec<ReviewRating>,
    pub drawn_at: String,
    pub reviewed_at: Option<String>,
}

/// A reviewer's scores.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReviewScores {
    /// One rating (1–5) per criterion of the scorecard.
    pub ratings: Vec<CriterionRating>,
    #[serde(default)]
    pub comment: String,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CriterionRating {
    pub criterion_id: i64,
    pub rating: i64,
}

/// A stable shuffle: the sample is drawn the same on every node.
fn draw_order(ticket_id: i64, week: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    (ticket_id, week).hash(&mut h);
    h.finish()
}

impl Services {
    /// The scorecard, for the staff.
    pub async fn quality_criteria(&self, viewer: &Viewer) -> Result<Vec<CriterionView>> {
        if !viewer.may(Permission::ReadOwnReports) {
            return Err(ServiceError::forbidden("read the scorecard"));
        }
        let mut conn = self.store.reader().await?;
        Ok(store::criteria(&mut conn)
            .await?
            .into_iter()
            .map(|c| CriterionView {
                id: c.id,
                name: c.name,
            })
            .collect())
    }

    /// The admin sets the scorecard's criteria, in order.
    pub async fn set_quality_criteria(
        &self,
        viewer: &Viewer,
        names: &[String],
    ) -> Result<Vec<CriterionView>> {
        if !viewer.may(Permission::ManageQuality) {
            return Err(ServiceError::forbidden("set the scorecard"));
        }
        let names = quality::parse_criteria(&names.join("\n"))
            .map_err(|e| ServiceError::field("criteria", e))?;
        let mut tx = self.store.begin().await?;
        store::set_criteria(&mut tx, &names, now_ms()).await?;
        tx.commit().await?;
        self.quality_criteria(viewer).await
    }

    /// Draws last week's sample unless some node did: up to
    /// [`SAMPLE_PER_AGENT`] conversations each agent solved that week.
    /// Answers how many were drawn (0 when the week was drawn before).
    pub async fn draw_quality_sample(&self, now: marketdesk_domain::Millis) -> Result<usize> {
        let schedule = self.business_hours();
        let (monday, sunday) = quality::sample_week(schedule.local_date(now));
        let week = monday.to_string();
        {
            // A read first: the minute job asks every minute.
            let mut conn = self.store.reader().await?;
            if store::week_drawn(&mut conn, &week).await? {
                return Ok(0);
            }
        }
        let range = marketdesk_domain::metrics::DateRange {
            from: monday,
            to: sunday,
        };
        let (from, to) = range.instants(schedule.time_zone());
        let mut tx = self.store.begin().await?;
        if !store::claim_week(&mut tx, &week, now).await? {
            tx.rollback().await?;
            return Ok(0);
        }
        let mut by_agent: BTreeMap<i64, Vec<i64>> = BTreeMap::new();
        for (ticket, agent) in store::candidates(&mut tx, from, to).await? {
            by_agent.entry(agent).or_default().push(ticket);
        }
        let mut drawn = 0;
        for (agent, mut tickets) in by_agent {
            tickets.sort_by_key(|t| draw_order(*t, &week));
            for ticket in tickets.into_iter().take(SAMPLE_PER_AGENT) {
                if store::insert_review(&mut tx, ticket, agent, &week, now).await? {
                    drawn += 1;
                }
            }
        }
        tx.commit().await?;
        Ok(drawn)
    }

    /// A reviewer draws last week's sample now (it is drawn once a week
    /// by itself).
    pub async fn draw_quality_sample_now(&self, viewer: &Viewer) -> Result<usize> {
        if !viewer.may(Permission::ReviewQuality) {
            return Err(ServiceError::forbidden("draw quality samples"));
        }
        self.draw_quality_sample(now_ms()).await
    }

    /// Reviews: a reviewer sees everyone's (pending or done), an agent
    /// their own finished ones.
    pub async fn quality_reviews(
        &self,
        viewer: &Viewer,
        done: Option<bool>,
        agent: Option<i64>,
    ) -> Result<Vec<ReviewView>> {
        if !viewer.may(Permission::ReadOwnReports) {
            return Err(ServiceError::forbidden("read quality reviews"));
        }
        let (done, agent) = if viewer.may(Permission::ReviewQuality) {
            (done, agent)
        } else {
            if agent.is_some_and(|a| a != viewer.person_id) {
                return Err(ServiceError::forbidden("read another agent's reviews"));
            }
            (Some(true), Some(viewer.person_id))
        };
        let mut conn = self.store.reader().await?;
        let rows = store::reviews(&mut conn, done, agent, 500).await?;
        let mut ids: Vec<i64> = rows
            .iter()
            .flat_map(|r| std::iter::once(r.agent_id).chain(r.reviewer_id))
            .collect();
        ids.sort_unstable();
        ids.dedup();
        let names: BTreeMap<i64, String> = people::get_many(&mut conn, &ids)
            .await?
            .into_iter()
            .map(|p| (p.id, p.name))
            .collect();
        let mut out = Vec::with_capacity(rows.len());
        for r in rows {
            let ratings = if r.reviewed_at.is_some() {
                store::ratings(&mut conn, r.id).await?
            } else {
                vec![]
            };
            out.push(view(r, ratings, &names));
        }
        Ok(out)
    }

    /// One review, for a reviewer or its agent (once done).
    pub async fn quality_review(&self, viewer: &Viewer, id: i64) -> Result<ReviewView> {
        if !viewer.may(Permission::ReadOwnReports) {
            return Err(ServiceError::forbidden("read quality reviews"));
        }
        let mut conn = self.store.reader().await?;
        let row = store::get_review(&mut conn, id)
            .await?
            .ok_or(ServiceError::NotFound("review"))?;
        let own = row.agent_id == viewer.person_id
            && row.reviewed_at.is_some()
            && viewer.may(Permission::ReadOwnReports);
        if !own && !viewer.may(Permission::ReviewQuality) {
            return Err(ServiceError::NotFound("review"));
        }
        let ratings = store::ratings(&mut conn, id).await?;
        let ids: Vec<i64> = std::iter::once(row.agent_id)
            .chain(row.reviewer_id)
            .collect();
        let names: BTreeMap<i64, String> = people::get_many(&mut conn, &ids)
            .await?
            .into_iter()
            .map(|p| (p.id, p.name))
            .collect();
        Ok(view(row, ratings, &names))
    }

    /// A reviewer scores a drawn conversation: every criterion 1–5, an
    /// optional comment; once (a second score is refused), never their own.
    pub async fn score_review(
        &self,
        viewer: &Viewer,
        id: i64,
        scores: ReviewScores,
    ) -> Result<ReviewView> {
        if !viewer.may(Permission::ReviewQuality) {
            return Err(ServiceError::forbidden("score quality reviews"));
        }
        let comment = match scores.comment.trim() {
            "" => None,
            text => Some(required_text("comment", text, 4000)?),
        };
        let (row, criteria) = {
            let mut conn = self.store.reader().await?;
            let row = store::get_review(&mut conn, id)
                .await?
                .ok_or(ServiceError::NotFound("review"))?;
            (row, store::criteria(&mut conn).await?)
        };
        if row.agent_id == viewer.person_id {
            return Err(ServiceError::forbidden("score your own conversation"));
        }
        if row.reviewed_at.is_some() {
            return Err(ServiceError::Conflict(
                "this review was scored already".into(),
            ));
        }
        let mut ratings = Vec::with_capacity(criteria.len());
        for c in &criteria {
            let given: Vec<&CriterionRating> = scores
                .ratings
                .iter()
                .filter(|r| r.criterion_id == c.id)
                .collect();
            let rating = match given.as_slice() {
                [one] => u8::try_from(one.rating)
                    .ok()
                    .filter(|r| (1..=5).contains(r)),
                _ => None,
            }
            .ok_or_else(|| {
                ServiceError::field(
                    "ratings",
                    format!("`{}` needs one rating from 1 to 5", c.name),
                )
            })?;
            ratings.push((c.id, rating));
        }
        if scores.ratings.len() != criteria.len() {
            return Err(ServiceError::field(
                "ratings",
                "one rating per criterion of the scorecard",
            ));
        }
        let values: Vec<u8> = ratings.iter().map(|(_, r)| *r).collect();
        let score = score_percent(&values)
            .ok_or_else(|| ServiceError::field("ratings", "ratings from 1 to 5"))?;
        let mut tx = self.store.begin().await?;
        let recorded = store::record(
            &mut tx,
            id,
            viewer.person_id,
            &ratings,
            score,
            comment.as_deref(),
            now_ms(),
        )
        .await?;
        if !recorded {
            tx.rollback().await?;
            return Err(ServiceError::Conflict(
                "this review was scored already".into(),
            ));
        }
        tx.commit().await?;
        self.quality_review(viewer, id).await
    }
}

fn view(
    r: store::ReviewRow,
    ratings: Vec<(i64, String, i64)>,
    names: &BTreeMap<i64, String>,
) -> ReviewView {
    ReviewView {
        id: r.id,
        ticket_id: r.ticket_id,
        reference: TicketRef::from_id(r.ticket_id).to_string(),
        subject: r.subject,
        agent_name: names.get(&r.agent_id).cloned().unwrap_or_default(),
        agent_id: r.agent_id,
        week_start: r.week_start,
        reviewer_name: r.reviewer_id.and_then(|id| names.get(&id).cloned()),
        reviewer_id: r.reviewer_id,
        score_percent: r.score_percent,
        comment: r.comment,
        ratings: ratings
            .into_iter()
            .map(|(criterion_id, criterion, rating)| ReviewRating {
                criterion_id,
                criterion,
                rating,
            })
            .collect(),
        drawn_at: rfc3339(r.created_at),
        reviewed_at: r.reviewed_at.map(rfc3339),
    }
}
