//! Routing in the workspace: an agent sets their presence from the inbox,
//! sees why a ticket came to them, and supervisors give agents skills and
//! capacity and teams their method, lead and overflow (admin → Routing).

use askama::Template;
use axum::Router;
use axum::extract::{Form, Path, Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use marketdesk_domain::routing::{Reason, Skill, SkillKind};
use marketdesk_service::kernel::page::PageRequest;
use marketdesk_service::operations::{AgentRoutingInput, TeamRoutingInput};
use std::collections::HashMap;

use crate::WebState;
use crate::admin::SECTIONS;
use crate::agent::{Staff, agent_meta};
use crate::errors::staff_error_text as error_text;
use crate::i18n::Tr;
use crate::order_forms::field;
use crate::parts::{Missing, Parts};
use crate::portal::{LangParam, Meta, page};
use crate::session::{self, Notice};

const BACK: &str = "/agent/admin/routing";
pub(crate) const PRESENCES: [&str; 3] = ["online", "away", "offline"];
const METHODS: [&str; 3] = ["least_loaded", "round_robin", "best_skill"];

pub fn routes() -> Router<WebState> {
    Router::new()
        .route("/agent/presence", post(set_presence))
        .route(BACK, get(admin))
        .route("/agent/admin/routing/agents/{id}", post(set_agent))
        .route("/agent/admin/routing/teams/{id}", post(set_team))
        .route("/agent/tickets/{id}/escalate", post(escalate))
}

/// A reason routing gave, in the reader's language.
pub(crate) fn reason_text(t: Tr, reason: &Reason) -> String {
    match reason {
        Reason::Online => t.s("routing-online").into(),
        Reason::Speaks { language, level } => t.with(
            "routing-speaks",
            &[
                ("language", language.as_str().into()),
                ("level", (*level).into()),
            ],
        ),
        Reason::Handles { topic, level } => t.with(
            "routing-handles",
            &[("topic", topic.as_str().into()), ("level", (*level).into())],
        ),
        Reason::ServesTier { tier, level } => t.with(
            "routing-tier",
            &[("tier", tier.as_str().into()), ("level", (*level).into())],
        ),
        Reason::WorksChannel { channel, level } => t.with(
            "routing-channel",
            &[
                ("channel", channel.as_str().into()),
                ("level", (*level).into()),
            ],
        ),
        Reason::HasRoom {
            open,
            capacity,
            channel,
        } => t.with(
            "routing-room",
            &[
                ("open", (*open).into()),
                ("capacity", (*capacity).into()),
                ("channel", channel.as_str().into()),
            ],
        ),
        Reason::LeastLoaded => t.s("routing-least-loaded").into(),
        Reason::LongestWithoutTicket => t.s("routing-round-robin").into(),
        Reason::BestSkillMatch { score } => {
            t.with("routing-best-skill", &[("score", (*score).into())])
        }
    }
}

async fn set_presence(
    State(state): State<WebState>,
    staff: Staff,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    let t = staff.t;
    let (viewer, csrf, _) = staff.into_parts();
    if field(&form, "_csrf") != csrf {
        return Redirect::to("/agent").into_response();
    }
    let notice = match state
        .services
        .set_presence(&viewer, viewer.person_id, field(&form, "status"))
        .await
    {
        Ok(p) => Notice::done(format!("✓ {}", t.s(&format!("presence-{}", p.status)))),
        Err(err) => Notice::error(error_text(t, &err)),
    };
    session::redirect_after(&state, "/agent", &notice)
}

struct AgentRow {
    id: i64,
    name: String,
    presence: String,
    /// `kind:value:level`, space-separated: what the form edits.
    skills: String,
    capacity: [(&'static str, u32); 4],
    open: String,
}

struct TeamRow {
    id: i64,
    name: String,
    routing: String,
    lead_id: Option<i64>,
    overflow_team_id: Option<i64>,
    overflow_after: String,
    escalation_team_id: Option<i64>,
}

#[derive(Template)]
#[template(path = "agent/admin_routing.html")]
struct RoutingPage {
    t: Tr,
    meta: Meta,
    sections: &'static [(&'static str, &'static str)],
    section: &'static str,
    forbidden: bool,
    agents: Vec<AgentRow>,
    teams: Vec<TeamRow>,
    methods: [&'static str; 3],
    /// Everyone who may lead a team: (id, name).
    staff: Vec<(i64, String)>,
}

async fn admin(
    State(state): State<WebState>,
    staff: Staff,
    headers: HeaderMap,
    Query(lang): Query<LangParam>,
) -> Response {
    let (viewer, csrf, who) = staff.into_parts();
    let t = session::language(&headers, lang.lang.as_deref());
    let mut parts = Parts::default();
    let listed = state
        .services
        .list_people(
            &viewer,
            true,
            PageRequest {
                limit: 100,
                before_id: None,
            },
        )
        .await;
    let forbidden = listed
        .as_ref()
        .is_err_and(|err| Missing::of(err) == Missing::NotFound);
    let people = parts.take("people", listed.map(|p| p.items));
    let mut agents = Vec::new();
    for p in people.iter().filter(|p| p.role.as_str() != "admin") {
        let Some(r) = parts.take(
            "routing",
            state.services.agent_routing(&viewer, p.id).await.map(Some),
        ) else {
            continue;
        };
        let mut open: Vec<_> = r.open.iter().map(|(k, v)| format!("{k} {v}")).collect();
        open.sort();
        agents.push(AgentRow {
            id: p.id,
            name: p.name.clone(),
            presence: r.presence.effective.clone(),
            skills: r
                .skills
                .iter()
                .map(|s| format!("{}:{}:{}", s.kind.as_str(), s.value, s.level))
                .collect::<Vec<_>>()
                .join(" "),
            capacity: [
                ("chat", r.capacity.chat),
                ("email", r.capacity.email),
                ("phone", r.capacity.phone),
                ("other", r.capacity.other),
            ],
            open: open.join(", "),
        });
    }
    let teams = parts
        .take("teams", state.services.list_teams(&viewer).await)
        .into_iter()
        .map(|team| TeamRow {
            id: team.id,
            name: team.name,
            routing: team.routing,
            lead_id: team.lead_id,
            overflow_team_id: team.overflow_team_id,
            escalation_team_id: team.escalation_team_id,
            overflow_after: team
                .overflow_after_minutes
                .map(|m| m.to_string())
                .unwrap_or_default(),
        })
        .collect();
    let template = RoutingPage {
        t,
        meta: agent_meta(
            t,
            t.s("admin-routing"),
            parts.notice(t, session::notice(&headers)),
            who,
            csrf,
        ),
        sections: SECTIONS,
        section: "routing",
        forbidden,
        agents,
        teams,
        methods: METHODS,
        staff: people.iter().map(|p| (p.id, p.name.clone())).collect(),
    };
    page(&state, &template, &lang, true)
}

/// `language:zh:3 topic:refund_status:2` → skills; the bad word is named.
fn parse_skills(text: &str) -> Result<Vec<Skill>, String> {
    text.split_whitespace()
        .map(|word| {
            let mut bits = word.splitn(3, ':');
            let (Some(kind), Some(value), level) = (bits.next(), bits.next(), bits.next()) else {
                return Err(word.to_string());
            };
            let kind = SkillKind::parse(kind).map_err(|_| word.to_string())?;
            let level = match level {
                Some(l) => l.parse().map_err(|_| word.to_string())?,
                None => 1,
            };
            Ok(Skill {
                kind,
                value: value.to_string(),
                level,
            })
        })
        .collect()
}

async fn set_agent(
    State(state): State<WebState>,
    staff: Staff,
    Path(id): Path<i64>,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    let t = staff.t;
    let (viewer, csrf, _) = staff.into_parts();
    if field(&form, "_csrf") != csrf {
        return Redirect::to(BACK).into_response();
    }
    let skills = match parse_skills(field(&form, "skills")) {
        Ok(s) => s,
        Err(word) => {
            return session::redirect_with_error(
                &state,
                BACK,
                &format!("{}: {word}", t.s("routing-skills-bad")),
            );
        }
    };
    let mut capacity = HashMap::new();
    for bucket in ["chat", "email", "phone", "other"] {
        let raw = field(&form, bucket).trim();
        match raw.parse::<u32>() {
            Ok(n) => {
                capacity.insert(bucket.to_string(), n);
            }
            Err(_) => {
                return session::redirect_with_error(
                    &state,
                    BACK,
                    &format!("{}: {bucket} = {raw}", t.s("routing-capacity-bad")),
                );
            }
        }
    }
    let input = AgentRoutingInput {
        skills: Some(skills),
        capacity: Some(capacity),
    };
    let notice = match state.services.set_agent_routing(&viewer, id, input).await {
        Ok(_) => Notice::done(t.s("admin-saved").to_string()),
        Err(err) => Notice::error(error_text(t, &err)),
    };
    session::redirect_after(&state, BACK, &notice)
}

async fn set_team(
    State(state): State<WebState>,
    staff: Staff,
    Path(id): Path<i64>,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    let t = staff.t;
    let (viewer, csrf, _) = staff.into_parts();
    if field(&form, "_csrf") != csrf {
        return Redirect::to(BACK).into_response();
    }
    let number = |key: &str| field(&form, key).trim().parse::<i64>().ok();
    let input = TeamRoutingInput {
        routing: field(&form, "routing").to_string(),
        lead_id: number("lead_id"),
        overflow_team_id: number("overflow_team_id"),
        overflow_after_minutes: number("overflow_after_minutes"),
        escalation_team_id: number("escalation_team_id"),
    };
    let notice = match state.services.set_team_routing(&viewer, id, input).await {
        Ok(_) => Notice::done(t.s("admin-saved").to_string()),
        Err(err) => Notice::error(error_text(t, &err)),
    };
    session::redirect_after(&state, BACK, &notice)
}

async fn escalate(
    State(state): State<WebState>,
    staff: Staff,
    Path(id): Path<i64>,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    let t = staff.t;
    let (viewer, csrf, _) = staff.into_parts();
    let back = format!("/agent/tickets/{id}");
    if field(&form, "_csrf") != csrf {
        return Redirect::to(&back).into_response();
    }
    let new = marketdesk_service::operations::NewEscalation {
        tier: field(&form, "tier").to_string(),
        note: field(&form, "note").to_string(),
    };
    let notice = match state.services.escalate(&viewer, id, new).await {
        Ok(e) => Notice::done(format!("✓ {}", t.s(&format!("tier-{}", e.tier)))),
        Err(err) => Notice::error(error_text(t, &err)),
    };
    session::redirect_after(&state, &back, &notice)
}
