//! Staff, teams and roles in the admin console: admins add staff members,
//! change roles and disable accounts; supervisors and admins make teams and
//! change who is in them. Roles are fixed sets of permissions, shown as a
//! matrix so nobody has to guess what a role may do.

use askama::Template;
use axum::Router;
use axum::extract::{Form, Path, Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use marketdesk_domain::Role;
use marketdesk_domain::access::Permission;
use marketdesk_service::accounts::{NewTeam, NewUser, StaffUpdate};
use marketdesk_service::kernel::page::PageRequest;

use crate::WebState;
use crate::admin::SECTIONS;
use crate::agent::{Staff, agent_meta};
use crate::errors::error_text;
use crate::i18n::Tr;
use crate::order_forms::field;
use crate::parts::{Missing, Parts};
use crate::portal::{LangParam, Meta, page};
use crate::session::{self, Notice};

const BACK: &str = "/agent/admin/people";
const STAFF_ROLES: [Role; 3] = [Role::Agent, Role::Supervisor, Role::Admin];

pub fn routes() -> Router<WebState> {
    Router::new()
        .route(BACK, get(people))
        .route("/agent/admin/people/new", post(add_staff))
        .route("/agent/admin/people/{id}", post(change_staff))
        .route("/agent/admin/teams/new", post(add_team))
        .route("/agent/admin/teams/{id}/members", post(change_member))
}

struct PersonRow {
    id: i64,
    name: String,
    email: String,
    role: String,
    disabled: bool,
    is_me: bool,
    teams: String,
}

struct TeamRow {
    id: i64,
    name: String,
    description: String,
    /// (person id, name)
    members: Vec<(i64, String)>,
}

#[derive(Template)]
#[template(path = "agent/admin_people.html")]
struct PeoplePage {
    t: Tr,
    meta: Meta,
    sections: &'static [(&'static str, &'static str)],
    section: &'static str,
    forbidden: bool,
    can_manage: bool,
    can_manage_teams: bool,
    people: Vec<PersonRow>,
    teams: Vec<TeamRow>,
    roles: Vec<String>,
    /// (UI key of a permission, whether agent, supervisor, admin have it)
    matrix: Vec<(String, Vec<bool>)>,
}

async fn people(
    State(state): State<WebState>,
    staff: Staff,
    headers: HeaderMap,
    Query(lang): Query<LangParam>,
) -> Response {
    let (viewer, csrf, who) = staff.into_parts();
    let t = session::language(&headers, lang.lang.as_deref());
    let all = PageRequest {
        limit: 100,
        before_id: None,
    };
    let mut parts = Parts::default();
    let listed = state.services.list_people(&viewer, true, all).await;
    let teams = parts.take("teams", state.services.list_teams(&viewer).await);
    let forbidden = listed
        .as_ref()
        .is_err_and(|err| Missing::of(err) == Missing::NotFound);
    let people: Vec<PersonRow> = parts
        .take("people", listed.map(|p| p.items))
        .into_iter()
        .map(|p| PersonRow {
            teams: teams
                .iter()
                .filter(|team| team.member_ids.contains(&p.id))
                .map(|team| team.name.as_str())
                .collect::<Vec<_>>()
                .join(", "),
            is_me: p.id == viewer.person_id,
            id: p.id,
            name: p.name,
            email: p.email,
            role: p.role.to_string(),
            disabled: p.disabled,
        })
        .collect();
    let name_of = |id: i64| {
        people
            .iter()
            .find(|p| p.id == id)
            .map(|p| p.name.clone())
            .unwrap_or_else(|| format!("#{id}"))
    };
    let team_rows = teams
        .iter()
        .map(|team| TeamRow {
            id: team.id,
            name: team.name.clone(),
            description: team.description.clone(),
            members: team
                .member_ids
                .iter()
                .map(|id| (*id, name_of(*id)))
                .collect(),
        })
        .collect();
    let template = PeoplePage {
        t,
        meta: agent_meta(
            t,
            t.s("admin-people"),
            parts.notice(t, session::notice(&headers)),
            who,
            csrf,
        ),
        sections: SECTIONS,
        section: "people",
        forbidden,
        can_manage: viewer.may(Permission::ManageUsers),
        can_manage_teams: viewer.may(Permission::ManageTeams),
        people,
        teams: team_rows,
        roles: STAFF_ROLES.iter().map(|r| r.to_string()).collect(),
        matrix: Permission::ALL
            .iter()
            .map(|p| {
                (
                    format!("perm-{}", p.as_str().replace('_', "-")),
                    STAFF_ROLES.iter().map(|r| r.grants(*p)).collect(),
                )
            })
            .collect(),
    };
    page(&state, &template, &lang, true)
}

/// Checks the session and the form's CSRF token.
async fn admin_form(
    staff: Staff,
    form: &[(String, String)],
) -> Result<marketdesk_service::Viewer, Response> {
    let (viewer, csrf, _) = staff.into_parts();
    if field(form, "_csrf") != csrf {
        return Err(Redirect::to(BACK).into_response());
    }
    Ok(viewer)
}

fn role(form: &[(String, String)]) -> Option<Role> {
    Role::parse(field(form, "role")).ok()
}

async fn add_staff(
    State(state): State<WebState>,
    staff: Staff,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    let t = staff.t;
    let viewer = match admin_form(staff, &form).await {
        Ok(v) => v,
        Err(r) => return r,
    };
    let Some(role) = role(&form).filter(|r| r.is_staff()) else {
        return session::redirect_with_error(&state, BACK, t.s("error-role"));
    };
    let new = NewUser {
        email: field(&form, "email").to_string(),
        name: field(&form, "name").to_string(),
        role,
        password: Some(field(&form, "password").to_string()),
        language: None,
        time_zone: None,
        phone: None,
        external_id: None,
    };
    let notice = match state.services.create_user(&viewer, new).await {
        Ok(p) => Notice::done(format!("✓ {} ({})", p.name, p.role)),
        Err(err) => Notice::error(error_text(t, &err)),
    };
    session::redirect_after(&state, BACK, &notice)
}

async fn change_staff(
    State(state): State<WebState>,
    staff: Staff,
    Path(id): Path<i64>,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    let t = staff.t;
    let viewer = match admin_form(staff, &form).await {
        Ok(v) => v,
        Err(r) => return r,
    };
    let update = StaffUpdate {
        role: role(&form),
        // An unchecked box sends nothing.
        disabled: Some(field(&form, "disabled") == "1"),
    };
    let notice = match state.services.update_staff(&viewer, id, update).await {
        Ok(p) => Notice::done(format!("✓ {} ({})", p.name, p.role)),
        Err(err) => Notice::error(error_text(t, &err)),
    };
    session::redirect_after(&state, BACK, &notice)
}

async fn add_team(
    State(state): State<WebState>,
    staff: Staff,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    let t = staff.t;
    let viewer = match admin_form(staff, &form).await {
        Ok(v) => v,
        Err(r) => return r,
    };
    let new = NewTeam {
        name: field(&form, "name").to_string(),
        description: field(&form, "description").to_string(),
    };
    let notice = match state.services.create_team(&viewer, new).await {
        Ok(team) => Notice::done(format!("✓ {}", team.name)),
        Err(err) => Notice::error(error_text(t, &err)),
    };
    session::redirect_after(&state, BACK, &notice)
}

async fn change_member(
    State(state): State<WebState>,
    staff: Staff,
    Path(team_id): Path<i64>,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    let t = staff.t;
    let viewer = match admin_form(staff, &form).await {
        Ok(v) => v,
        Err(r) => return r,
    };
    let Ok(person_id) = field(&form, "person_id").parse::<i64>() else {
        return session::redirect_with_error(&state, BACK, t.s("error-choose-person"));
    };
    let member = field(&form, "member") == "1";
    let notice = match state
        .services
        .set_team_member(&viewer, team_id, person_id, member)
        .await
    {
        Ok(team) => Notice::done(format!("✓ {}", team.name)),
        Err(err) => Notice::error(error_text(t, &err)),
    };
    session::redirect_after(&state, BACK, &notice)
}
