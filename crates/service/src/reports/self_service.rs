//! Honest self-service figures: a chat counts as resolved by the assistant
//! only when it did not end with a hand-over, the customer did not rate it
//! 1 or 2, and did not come back about anything within 72 hours. CSAT is
//! the share of ratings of 4 or 5 among the automated conversations rated.

use std::collections::BTreeMap;

use marketdesk_domain::access::Permission;
use marketdesk_domain::{DAY_MS, HOUR_MS};
use marketdesk_store::chat as store;
use serde::Serialize;
use utoipa::ToSchema;

use crate::{Result, ServiceError, Services, Viewer, now_ms};

#[derive(Debug, Clone, Default, Serialize, ToSchema)]
pub struct FlowFigures {
    pub conversations: u64,
    /// Ended without a person and without the customer coming back in 72 h.
    pub resolved: u64,
    pub handed_over: u64,
    /// Too recent to know (less than 72 h ago, no hand-over).
    pub pending: u64,
    /// Automated conversations the customer rated (1–5), and how many 4 or 5.
    pub rated: u64,
    pub satisfied: u64,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SelfServiceReport {
    pub days: u32,
    pub conversations: u64,
    pub resolution_rate: f64,
    pub handover_rate: f64,
    /// By what the assistant did: `track`, `address`, `return`, `help_article`, …
    pub by_flow: BTreeMap<String, FlowFigures>,
    /// Share of ratings of 4 or 5 among rated automated conversations;
    /// absent while none was rated.
    pub csat: Option<f64>,
    pub rated: u64,
}

/// What the assistant can do, as recorded in a chat's "tried" list; the
/// first one a conversation tried is the flow it is counted under.
const FLOWS: &[&str] = &[
    "track",
    "address",
    "variant",
    "return",
    "cancel",
    "refund",
    "reschedule",
    "discount",
    "dispute",
    "password",
    "help_article",
];

impl Services {
    pub async fn self_service_report(
        &self,
        viewer: &Viewer,
        days: u32,
    ) -> Result<SelfServiceReport> {
        if !viewer.may(Permission::ReadReports) {
            return Err(ServiceError::forbidden("read reports"));
        }
        let days = days.clamp(1, 365);
        let now = now_ms();
        let window = 72 * HOUR_MS;
        let mut conn = self.store.reader().await?;
        let sessions = store::sessions_since(&mut conn, now - i64::from(days) * DAY_MS).await?;
        let mut by_flow: BTreeMap<String, FlowFigures> = BTreeMap::new();
        let (mut total, mut resolved, mut handed) = (0u64, 0u64, 0u64);
        let (mut rated, mut satisfied) = (0u64, 0u64);
        for s in &sessions {
            let tried: Vec<String> = s
                .state
                .get("tried")
                .and_then(|v| v.as_array())
                .map(|a| {
                    a.iter()
                        .filter_map(|x| x.as_str().map(String::from))
                        .collect()
                })
                .unwrap_or_default();
            let flow = tried
                .iter()
                .find(|t| FLOWS.contains(&t.as_str()))
                .cloned()
                .unwrap_or_else(|| "other".into());
            if tried.is_empty() {
                continue; // a greeting and nothing else is no conversation
            }
            total += 1;
            let figures = by_flow.entry(flow).or_default();
            figures.conversations += 1;
            let rating = s.state.get("csat").and_then(|v| v.as_u64());
            if let (Some(r), None) = (rating, s.ticket_id) {
                rated += 1;
                figures.rated += 1;
                if r >= 4 {
                    satisfied += 1;
                    figures.satisfied += 1;
                }
            }
            if s.ticket_id.is_some() {
                handed += 1;
                figures.handed_over += 1;
            } else if rating.is_some_and(|r| r <= 2) {
                // Rated badly: not resolved, whatever happens next.
            } else if now - s.updated_at < window {
                figures.pending += 1;
            } else {
                let back = match s.person_id {
                    Some(person) => {
                        store::came_back(&mut conn, person, s.updated_at, s.updated_at + window)
                            .await?
                    }
                    None => false,
                };
                if !back {
                    resolved += 1;
                    figures.resolved += 1;
                }
            }
        }
        let rate = |n: u64| {
            if total == 0 {
                0.0
            } else {
                n as f64 / total as f64
            }
        };
        Ok(SelfServiceReport {
            days,
            conversations: total,
            resolution_rate: rate(resolved),
            handover_rate: rate(handed),
            by_flow,
            csat: (rated > 0).then(|| satisfied as f64 / rated as f64),
            rated,
        })
    }
}
