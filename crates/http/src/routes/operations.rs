//! Routing: presence, agents' skills and capacity, teams' methods, and why
//! a ticket went to its agent.

use axum::Json;
use axum::extract::State;
use marketdesk_domain::rules::Rule;
use marketdesk_service::accounts::TeamView;
use marketdesk_service::operations::{
    AgentRouting, AgentRoutingInput, AppliedMacro, DryRun, EscalationHistory, EscalationView,
    MacroForTicket, NewEscalation, NewSavedView, PresenceView, RoutingView, RuleView, SavedView,
    ScheduleInput, ScheduleView, TeamRoutingInput,
};
use serde::Deserialize;
use utoipa::ToSchema;

use crate::AppState;
use crate::extract::{ApiJson, ApiPath, Auth};
use crate::problem::{ApiError, ApiResult, Problem};

fn id(text: &str, what: &str) -> ApiResult<i64> {
    text.parse().map_err(|_| ApiError::not_found(what))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PresenceInput {
    /// online, away or offline.
    pub status: String,
}

/// Your presence: what you set and what routing sees.
#[utoipa::path(get, path = "/api/v1/me/presence", tag = "routing", security(("bearer" = [])),
    responses((status = 200, body = PresenceView), (status = 401, body = Problem)))]
pub async fn my_presence(
    State(s): State<AppState>,
    Auth(v): Auth,
) -> ApiResult<Json<PresenceView>> {
    Ok(Json(s.services.presence(&v, v.person_id).await?))
}

/// Sets your presence; coming online routes waiting tickets to you.
#[utoipa::path(put, path = "/api/v1/me/presence", tag = "routing", request_body = PresenceInput, security(("bearer" = [])),
    responses((status = 200, body = PresenceView), (status = 403, body = Problem), (status = 422, body = Problem)))]
pub async fn set_my_presence(
    State(s): State<AppState>,
    Auth(v): Auth,
    ApiJson(body): ApiJson<PresenceInput>,
) -> ApiResult<Json<PresenceView>> {
    Ok(Json(
        s.services
            .set_presence(&v, v.person_id, &body.status)
            .await?,
    ))
}

/// Sets an agent's presence (supervisors).
#[utoipa::path(put, path = "/api/v1/agents/{id}/presence", tag = "routing", request_body = PresenceInput, security(("bearer" = [])),
    params(("id" = i64, Path)), responses((status = 200, body = PresenceView), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn set_agent_presence(
    State(s): State<AppState>,
    Auth(v): Auth,
    ApiPath(raw): ApiPath<String>,
    ApiJson(body): ApiJson<PresenceInput>,
) -> ApiResult<Json<PresenceView>> {
    // Someone else's presence is a supervisor's; your own is /me/presence.
    if !v.may(marketdesk_domain::access::Permission::ManageTeams) {
        return Err(marketdesk_service::ServiceError::forbidden("set agents' presence").into());
    }
    Ok(Json(
        s.services
            .set_presence(&v, id(&raw, "person")?, &body.status)
            .await?,
    ))
}

/// An agent's presence, skills, capacity and open load.
#[utoipa::path(get, path = "/api/v1/agents/{id}/routing", tag = "routing", security(("bearer" = [])),
    params(("id" = i64, Path)), responses((status = 200, body = AgentRouting), (status = 404, body = Problem)))]
pub async fn agent_routing(
    State(s): State<AppState>,
    Auth(v): Auth,
    ApiPath(raw): ApiPath<String>,
) -> ApiResult<Json<AgentRouting>> {
    Ok(Json(
        s.services.agent_routing(&v, id(&raw, "person")?).await?,
    ))
}

/// Sets an agent's skills (languages, topics, tiers, channels; levels 1–3)
/// and capacity per channel (supervisors).
#[utoipa::path(put, path = "/api/v1/agents/{id}/routing", tag = "routing", request_body = AgentRoutingInput, security(("bearer" = [])),
    params(("id" = i64, Path)), responses((status = 200, body = AgentRouting), (status = 403, body = Problem), (status = 422, body = Problem)))]
pub async fn set_agent_routing(
    State(s): State<AppState>,
    Auth(v): Auth,
    ApiPath(raw): ApiPath<String>,
    ApiJson(body): ApiJson<AgentRoutingInput>,
) -> ApiResult<Json<AgentRouting>> {
    Ok(Json(
        s.services
            .set_agent_routing(&v, id(&raw, "person")?, body)
            .await?,
    ))
}

/// Sets a team's routing method, lead and overflow (supervisors).
#[utoipa::path(put, path = "/api/v1/teams/{id}/routing", tag = "routing", request_body = TeamRoutingInput, security(("bearer" = [])),
    params(("id" = i64, Path)), responses((status = 200, body = TeamView), (status = 403, body = Problem), (status = 422, body = Problem)))]
pub async fn set_team_routing(
    State(s): State<AppState>,
    Auth(v): Auth,
    ApiPath(raw): ApiPath<String>,
    ApiJson(body): ApiJson<TeamRoutingInput>,
) -> ApiResult<Json<TeamView>> {
    Ok(Json(
        s.services
            .set_team_routing(&v, id(&raw, "team")?, body)
            .await?,
    ))
}

/// Why the ticket is with its agent (null when routing did not put it there).
#[utoipa::path(get, path = "/api/v1/tickets/{id}/routing", tag = "routing", security(("bearer" = [])),
    params(("id" = i64, Path)), responses((status = 200, body = Option<RoutingView>), (status = 404, body = Problem)))]
pub async fn ticket_routing(
    State(s): State<AppState>,
    Auth(v): Auth,
    ApiPath(raw): ApiPath<String>,
) -> ApiResult<Json<Option<RoutingView>>> {
    Ok(Json(
        s.services.ticket_routing(&v, id(&raw, "ticket")?).await?,
    ))
}

/// Escalates a ticket to the second line or a supervisor, with a note.
#[utoipa::path(post, path = "/api/v1/tickets/{id}/escalations", tag = "routing", request_body = NewEscalation, security(("bearer" = [])),
    params(("id" = i64, Path)), responses((status = 201, body = EscalationView), (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn escalate(
    State(s): State<AppState>,
    Auth(v): Auth,
    ApiPath(raw): ApiPath<String>,
    ApiJson(body): ApiJson<NewEscalation>,
) -> ApiResult<(axum::http::StatusCode, Json<EscalationView>)> {
    Ok((
        axum::http::StatusCode::CREATED,
        Json(s.services.escalate(&v, id(&raw, "ticket")?, body).await?),
    ))
}

/// A ticket's tier, escalations and service-level history.
#[utoipa::path(get, path = "/api/v1/tickets/{id}/escalations", tag = "routing", security(("bearer" = [])),
    params(("id" = i64, Path)), responses((status = 200, body = EscalationHistory), (status = 404, body = Problem)))]
pub async fn escalations(
    State(s): State<AppState>,
    Auth(v): Auth,
    ApiPath(raw): ApiPath<String>,
) -> ApiResult<Json<EscalationHistory>> {
    Ok(Json(
        s.services
            .ticket_escalations(&v, id(&raw, "ticket")?)
            .await?,
    ))
}

/// Triggers and automations, in the order they run.
#[utoipa::path(get, path = "/api/v1/rules", tag = "routing", security(("bearer" = [])),
    responses((status = 200, body = Vec<RuleView>), (status = 403, body = Problem)))]
pub async fn list_rules(
    State(s): State<AppState>,
    Auth(v): Auth,
) -> ApiResult<Json<Vec<RuleView>>> {
    Ok(Json(s.services.list_rules(&v).await?))
}

/// Saves a trigger or an automation, refused when it would loop, lacks a
/// condition it needs, or names an unknown template variable, team or person.
#[utoipa::path(post, path = "/api/v1/rules", tag = "routing", request_body = Rule, security(("bearer" = [])),
    responses((status = 201, body = RuleView), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn create_rule(
    State(s): State<AppState>,
    Auth(v): Auth,
    ApiJson(body): ApiJson<Rule>,
) -> ApiResult<(axum::http::StatusCode, Json<RuleView>)> {
    Ok((
        axum::http::StatusCode::CREATED,
        Json(s.services.create_rule(&v, body).await?),
    ))
}

/// Replaces a rule.
#[utoipa::path(put, path = "/api/v1/rules/{id}", tag = "routing", request_body = Rule, security(("bearer" = [])),
    params(("id" = i64, Path)), responses((status = 200, body = RuleView), (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn update_rule(
    State(s): State<AppState>,
    Auth(v): Auth,
    ApiPath(raw): ApiPath<String>,
    ApiJson(body): ApiJson<Rule>,
) -> ApiResult<Json<RuleView>> {
    Ok(Json(
        s.services.update_rule(&v, id(&raw, "rule")?, body).await?,
    ))
}

/// Deletes a rule.
#[utoipa::path(delete, path = "/api/v1/rules/{id}", tag = "routing", security(("bearer" = [])),
    params(("id" = i64, Path)), responses((status = 204), (status = 404, body = Problem)))]
pub async fn delete_rule(
    State(s): State<AppState>,
    Auth(v): Auth,
    ApiPath(raw): ApiPath<String>,
) -> ApiResult<axum::http::StatusCode> {
    s.services.delete_rule(&v, id(&raw, "rule")?).await?;
    Ok(axum::http::StatusCode::NO_CONTENT)
}

/// Which tickets a rule (saved or not) would act on now, and how.
#[utoipa::path(post, path = "/api/v1/rules/dry-run", tag = "routing", request_body = Rule, security(("bearer" = [])),
    responses((status = 200, body = DryRun), (status = 422, body = Problem)))]
pub async fn dry_run_rule(
    State(s): State<AppState>,
    Auth(v): Auth,
    ApiJson(body): ApiJson<Rule>,
) -> ApiResult<Json<DryRun>> {
    Ok(Json(s.services.dry_run_rule(&v, body).await?))
}

/// Your saved inbox views and the shared ones.
#[utoipa::path(get, path = "/api/v1/views", tag = "routing", security(("bearer" = [])),
    responses((status = 200, body = Vec<SavedView>), (status = 403, body = Problem)))]
pub async fn list_views(
    State(s): State<AppState>,
    Auth(v): Auth,
) -> ApiResult<Json<Vec<SavedView>>> {
    Ok(Json(s.services.saved_views(&v).await?))
}

/// Saves an inbox view (`shared`: for every agent; supervisors only).
#[utoipa::path(post, path = "/api/v1/views", tag = "routing", request_body = NewSavedView, security(("bearer" = [])),
    responses((status = 201, body = SavedView), (status = 403, body = Problem), (status = 422, body = Problem)))]
pub async fn save_view(
    State(s): State<AppState>,
    Auth(v): Auth,
    ApiJson(body): ApiJson<NewSavedView>,
) -> ApiResult<(axum::http::StatusCode, Json<SavedView>)> {
    Ok((
        axum::http::StatusCode::CREATED,
        Json(s.services.save_view(&v, body).await?),
    ))
}

/// Deletes your saved view, or (supervisors) a shared one.
#[utoipa::path(delete, path = "/api/v1/views/{id}", tag = "routing", security(("bearer" = [])),
    params(("id" = i64, Path)), responses((status = 204), (status = 404, body = Problem)))]
pub async fn delete_view(
    State(s): State<AppState>,
    Auth(v): Auth,
    ApiPath(raw): ApiPath<String>,
) -> ApiResult<axum::http::StatusCode> {
    s.services.delete_view(&v, id(&raw, "view")?).await?;
    Ok(axum::http::StatusCode::NO_CONTENT)
}

/// The macros as they read on this ticket: in its language, filled in.
#[utoipa::path(get, path = "/api/v1/tickets/{id}/macros", tag = "routing", security(("bearer" = [])),
    params(("id" = i64, Path)), responses((status = 200, body = Vec<MacroForTicket>), (status = 404, body = Problem)))]
pub async fn ticket_macros(
    State(s): State<AppState>,
    Auth(v): Auth,
    ApiPath(raw): ApiPath<String>,
) -> ApiResult<Json<Vec<MacroForTicket>>> {
    Ok(Json(
        s.services
            .macros_for_ticket(&v, id(&raw, "ticket")?)
            .await?,
    ))
}

/// Applies a macro's fields to the ticket and answers its text for the reply.
#[utoipa::path(post, path = "/api/v1/tickets/{id}/macros/{macro_id}", tag = "routing", security(("bearer" = [])),
    params(("id" = i64, Path), ("macro_id" = i64, Path)), responses((status = 200, body = AppliedMacro), (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn apply_macro(
    State(s): State<AppState>,
    Auth(v): Auth,
    ApiPath((ticket, macro_id)): ApiPath<(String, String)>,
) -> ApiResult<Json<AppliedMacro>> {
    Ok(Json(
        s.services
            .apply_macro(&v, id(&ticket, "ticket")?, id(&macro_id, "macro")?)
            .await?,
    ))
}

/// Business-hour schedules and the teams that work them.
#[utoipa::path(get, path = "/api/v1/schedules", tag = "routing", security(("bearer" = [])),
    responses((status = 200, body = Vec<ScheduleView>), (status = 403, body = Problem)))]
pub async fn list_schedules(
    State(s): State<AppState>,
    Auth(v): Auth,
) -> ApiResult<Json<Vec<ScheduleView>>> {
    Ok(Json(s.services.list_schedules(&v).await?))
}

/// Saves a schedule and moves its teams to it; refused when the time zone
/// is unknown, hours overlap or a holiday is not a date.
#[utoipa::path(post, path = "/api/v1/schedules", tag = "routing", request_body = ScheduleInput, security(("bearer" = [])),
    responses((status = 201, body = ScheduleView), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn create_schedule(
    State(s): State<AppState>,
    Auth(v): Auth,
    ApiJson(body): ApiJson<ScheduleInput>,
) -> ApiResult<(axum::http::StatusCode, Json<ScheduleView>)> {
    Ok((
        axum::http::StatusCode::CREATED,
        Json(s.services.create_schedule(&v, body).await?),
    ))
}

#[utoipa::path(get, path = "/api/v1/schedules/{id}", tag = "routing", security(("bearer" = [])),
    params(("id" = i64, Path)), responses((status = 200, body = ScheduleView), (status = 404, body = Problem)))]
pub async fn get_schedule(
    State(s): State<AppState>,
    Auth(v): Auth,
    ApiPath(raw): ApiPath<String>,
) -> ApiResult<Json<ScheduleView>> {
    Ok(Json(s.services.schedule(&v, id(&raw, "schedule")?).await?))
}

/// Replaces a schedule and its teams.
#[utoipa::path(put, path = "/api/v1/schedules/{id}", tag = "routing", request_body = ScheduleInput, security(("bearer" = [])),
    params(("id" = i64, Path)), responses((status = 200, body = ScheduleView), (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn update_schedule(
    State(s): State<AppState>,
    Auth(v): Auth,
    ApiPath(raw): ApiPath<String>,
    ApiJson(body): ApiJson<ScheduleInput>,
) -> ApiResult<Json<ScheduleView>> {
    Ok(Json(
        s.services
            .update_schedule(&v, id(&raw, "schedule")?, body)
            .await?,
    ))
}

/// Deletes a schedule; its teams work the default hours again.
#[utoipa::path(delete, path = "/api/v1/schedules/{id}", tag = "routing", security(("bearer" = [])),
    params(("id" = i64, Path)), responses((status = 204), (status = 404, body = Problem)))]
pub async fn delete_schedule(
    State(s): State<AppState>,
    Auth(v): Auth,
    ApiPath(raw): ApiPath<String>,
) -> ApiResult<axum::http::StatusCode> {
    s.services
        .delete_schedule(&v, id(&raw, "schedule")?)
        .await?;
    Ok(axum::http::StatusCode::NO_CONTENT)
}

/// Adds the days of an iCalendar file (`Content-Type: text/calendar`) to a
/// schedule's holidays; a file that is not iCalendar changes nothing.
#[utoipa::path(post, path = "/api/v1/schedules/{id}/holidays", tag = "routing",
    request_body(content = String, content_type = "text/calendar"), security(("bearer" = [])),
    params(("id" = i64, Path)),
    responses((status = 200, body = ScheduleView), (status = 404, body = Problem), (status = 415, body = Problem), (status = 422, body = Problem)))]
pub async fn import_holidays(
    State(s): State<AppState>,
    Auth(v): Auth,
    ApiPath(raw): ApiPath<String>,
    headers: axum::http::HeaderMap,
    body: axum::body::Bytes,
) -> ApiResult<Json<ScheduleView>> {
    s.services.may_change_schedules(&v)?;
    let calendar_type = headers
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|v| v.trim().eq_ignore_ascii_case("text/calendar"));
    if !calendar_type {
        return Err(ApiError::new(
            marketdesk_service::ErrorCode::UnsupportedMediaType,
            "send the iCalendar file with Content-Type: text/calendar",
        ));
    }
    let text = std::str::from_utf8(&body)
        .map_err(|_| ApiError::bad_request("the iCalendar file is not UTF-8 text"))?;
    Ok(Json(
        s.services
            .import_holidays(&v, id(&raw, "schedule")?, text)
            .await?,
    ))
}
