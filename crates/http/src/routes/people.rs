use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use marketdesk_service::ErrorCode;
use marketdesk_service::accounts::{
    AuditView, MacroView, NewMacro, NewTeam, NewToken, NewTokenView, NewUser, StaffUpdate,
    TagCount, TeamView, TokenView,
};
use marketdesk_service::after_sales::StoreCreditView;
use marketdesk_service::commerce::PayoutView;
use marketdesk_service::kernel::identity::PersonView;
use marketdesk_service::kernel::page::{Page, PageRequest};
use serde::Deserialize;

use crate::AppState;
use crate::extract::{ApiJson, ApiPath, ApiQuery, Auth};
use crate::problem::{ApiError, ApiResult, Problem};

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct PageQuery {
    /// Page size, 1 to 100 (default 25).
    pub limit: Option<u32>,
    pub cursor: Option<String>,
}

impl PageQuery {
    fn page(&self) -> ApiResult<PageRequest> {
        Ok(PageRequest::parse(self.limit, self.cursor.as_deref())?)
    }
}

fn id(text: &str, what: &str) -> ApiResult<i64> {
    text.parse().map_err(|_| ApiError::not_found(what))
}

/// Customers and sellers, newest first.
#[utoipa::path(get, path = "/api/v1/customers", tag = "people", params(PageQuery), security(("bearer" = [])),
    responses((status = 200, body = Page<PersonView>), (status = 403, body = Problem)))]
pub async fn list_customers(
    State(s): State<AppState>,
    Auth(v): Auth,
    ApiQuery(q): ApiQuery<PageQuery>,
) -> ApiResult<Json<Page<PersonView>>> {
    Ok(Json(s.services.list_people(&v, false, q.page()?).await?))
}

/// Creates a customer or seller (`role` customer or seller).
#[utoipa::path(post, path = "/api/v1/customers", tag = "people", request_body = NewUser, security(("bearer" = [])),
    responses((status = 201, body = PersonView), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn create_customer(
    State(s): State<AppState>,
    Auth(v): Auth,
    ApiJson(body): ApiJson<NewUser>,
) -> ApiResult<(StatusCode, Json<PersonView>)> {
    if body.role.is_staff() {
        return Err(ApiError::new(
            ErrorCode::InvalidValue,
            "role: use /api/v1/agents for staff",
        ));
    }
    Ok((
        StatusCode::CREATED,
        Json(s.services.create_user(&v, body).await?),
    ))
}

/// A person by id.
#[utoipa::path(get, path = "/api/v1/customers/{id}", tag = "people", params(("id" = i64, Path)), security(("bearer" = [])),
    responses((status = 200, body = PersonView), (status = 404, body = Problem)))]
pub async fn get_person(
    State(s): State<AppState>,
    Auth(v): Auth,
    ApiPath(raw): ApiPath<String>,
) -> ApiResult<Json<PersonView>> {
    Ok(Json(s.services.get_person(&v, id(&raw, "person")?).await?))
}

/// A staff member by id (the same record as under `/customers/{id}`).
#[utoipa::path(get, path = "/api/v1/agents/{id}", tag = "people", params(("id" = i64, Path)), security(("bearer" = [])),
    responses((status = 200, body = PersonView), (status = 404, body = Problem)))]
pub async fn get_agent(
    state: State<AppState>,
    auth: Auth,
    raw: ApiPath<String>,
) -> ApiResult<Json<PersonView>> {
    get_person(state, auth, raw).await
}

/// Changes a staff member's role or disables the account (admins only; not
/// one's own, so an admin always remains).
#[utoipa::path(patch, path = "/api/v1/agents/{id}", tag = "people", params(("id" = i64, Path)), request_body = StaffUpdate, security(("bearer" = [])),
    responses((status = 200, body = PersonView), (status = 403, body = Problem), (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn update_agent(
    State(s): State<AppState>,
    Auth(v): Auth,
    ApiPath(raw): ApiPath<String>,
    ApiJson(body): ApiJson<StaffUpdate>,
) -> ApiResult<Json<PersonView>> {
    let person_id = id(&raw, "person")?;
    Ok(Json(s.services.update_staff(&v, person_id, body).await?))
}

/// Agents, supervisors and admins.
#[utoipa::path(get, path = "/api/v1/agents", tag = "people", params(PageQuery), security(("bearer" = [])),
    responses((status = 200, body = Page<PersonView>), (status = 403, body = Problem)))]
pub async fn list_agents(
    State(s): State<AppState>,
    Auth(v): Auth,
    ApiQuery(q): ApiQuery<PageQuery>,
) -> ApiResult<Json<Page<PersonView>>> {
    Ok(Json(s.services.list_people(&v, true, q.page()?).await?))
}

/// Creates a staff account (admins only).
#[utoipa::path(post, path = "/api/v1/agents", tag = "people", request_body = NewUser, security(("bearer" = [])),
    responses((status = 201, body = PersonView), (status = 403, body = Problem), (status = 422, body = Problem)))]
pub async fn create_agent(
    State(s): State<AppState>,
    Auth(v): Auth,
    ApiJson(body): ApiJson<NewUser>,
) -> ApiResult<(StatusCode, Json<PersonView>)> {
    if !body.role.is_staff() {
        return Err(ApiError::new(
            ErrorCode::InvalidValue,
            format!(
                "role: {} is not a staff role; use agent, supervisor or admin",
                body.role
            ),
        ));
    }
    Ok((
        StatusCode::CREATED,
        Json(s.services.create_user(&v, body).await?),
    ))
}

#[utoipa::path(get, path = "/api/v1/teams", tag = "people", security(("bearer" = [])),
    responses((status = 200, body = Vec<TeamView>), (status = 403, body = Problem)))]
pub async fn list_teams(
    State(s): State<AppState>,
    Auth(v): Auth,
) -> ApiResult<Json<Vec<TeamView>>> {
    Ok(Json(s.services.list_teams(&v).await?))
}

#[utoipa::path(post, path = "/api/v1/teams", tag = "people", request_body = NewTeam, security(("bearer" = [])),
    responses((status = 201, body = TeamView), (status = 409, body = Problem)))]
pub async fn create_team(
    State(s): State<AppState>,
    Auth(v): Auth,
    ApiJson(body): ApiJson<NewTeam>,
) -> ApiResult<(StatusCode, Json<TeamView>)> {
    Ok((
        StatusCode::CREATED,
        Json(s.services.create_team(&v, body).await?),
    ))
}

/// Adds a staff member to a team.
#[utoipa::path(put, path = "/api/v1/teams/{id}/members/{person_id}", tag = "people", security(("bearer" = [])),
    params(("id" = i64, Path), ("person_id" = i64, Path)), responses((status = 200, body = TeamView), (status = 404, body = Problem)))]
pub async fn add_member(
    State(s): State<AppState>,
    Auth(v): Auth,
    ApiPath((team, person)): ApiPath<(String, String)>,
) -> ApiResult<Json<TeamView>> {
    Ok(Json(
        s.services
            .set_team_member(&v, id(&team, "team")?, id(&person, "person")?, true)
            .await?,
    ))
}

/// Removes a staff member from a team.
#[utoipa::path(delete, path = "/api/v1/teams/{id}/members/{person_id}", tag = "people", security(("bearer" = [])),
    params(("id" = i64, Path), ("person_id" = i64, Path)), responses((status = 200, body = TeamView), (status = 404, body = Problem)))]
pub async fn remove_member(
    State(s): State<AppState>,
    Auth(v): Auth,
    ApiPath((team, person)): ApiPath<(String, String)>,
) -> ApiResult<Json<TeamView>> {
    Ok(Json(
        s.services
            .set_team_member(&v, id(&team, "team")?, id(&person, "person")?, false)
            .await?,
    ))
}

/// Tags in use with their ticket counts.
#[utoipa::path(get, path = "/api/v1/tags", tag = "tickets", security(("bearer" = [])),
    responses((status = 200, body = Vec<TagCount>), (status = 403, body = Problem)))]
pub async fn tags(State(s): State<AppState>, Auth(v): Auth) -> ApiResult<Json<Vec<TagCount>>> {
    Ok(Json(s.services.list_tags(&v).await?))
}

#[utoipa::path(get, path = "/api/v1/tokens", tag = "admin", security(("bearer" = [])),
    responses((status = 200, body = Vec<TokenView>), (status = 403, body = Problem)))]
pub async fn list_tokens(
    State(s): State<AppState>,
    Auth(v): Auth,
) -> ApiResult<Json<Vec<TokenView>>> {
    Ok(Json(s.services.list_tokens(&v).await?))
}

/// Creates an API token; its secret is shown once.
#[utoipa::path(post, path = "/api/v1/tokens", tag = "admin", request_body = NewToken, security(("bearer" = [])),
    responses((status = 201, body = NewTokenView), (status = 403, body = Problem)))]
pub async fn create_token(
    State(s): State<AppState>,
    Auth(v): Auth,
    ApiJson(body): ApiJson<NewToken>,
) -> ApiResult<(
    StatusCode,
    axum::Extension<crate::idempotency::CarriesSecret>,
    Json<NewTokenView>,
)> {
    Ok((
        StatusCode::CREATED,
        axum::Extension(crate::idempotency::CarriesSecret),
        Json(s.services.create_token(&v, body).await?),
    ))
}

#[utoipa::path(delete, path = "/api/v1/tokens/{id}", tag = "admin", params(("id" = i64, Path)), security(("bearer" = [])),
    responses((status = 204), (status = 404, body = Problem)))]
pub async fn revoke_token(
    State(s): State<AppState>,
    Auth(v): Auth,
    ApiPath(raw): ApiPath<String>,
) -> ApiResult<StatusCode> {
    s.services.revoke_token(&v, id(&raw, "token")?).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The instance's audit log, newest first.
#[utoipa::path(get, path = "/api/v1/audit", tag = "admin", params(PageQuery), security(("bearer" = [])),
    responses((status = 200, body = Page<AuditView>), (status = 403, body = Problem)))]
pub async fn audit_log(
    State(s): State<AppState>,
    Auth(v): Auth,
    ApiQuery(q): ApiQuery<PageQuery>,
) -> ApiResult<Json<Page<AuditView>>> {
    Ok(Json(s.services.list_audit(&v, q.page()?).await?))
}

/// Canned replies (staff).
#[utoipa::path(get, path = "/api/v1/macros", tag = "tickets", security(("bearer" = [])),
    responses((status = 200, body = Vec<MacroView>), (status = 403, body = Problem)))]
pub async fn list_macros(
    State(s): State<AppState>,
    Auth(v): Auth,
) -> ApiResult<Json<Vec<MacroView>>> {
    Ok(Json(s.services.list_macros(&v).await?))
}

/// Adds a canned reply (supervisors, admins).
#[utoipa::path(post, path = "/api/v1/macros", tag = "tickets", request_body = NewMacro, security(("bearer" = [])),
    responses((status = 201, body = MacroView), (status = 403, body = Problem), (status = 409, body = Problem)))]
pub async fn create_macro(
    State(s): State<AppState>,
    Auth(v): Auth,
    ApiJson(body): ApiJson<NewMacro>,
) -> ApiResult<(StatusCode, Json<MacroView>)> {
    Ok((
        StatusCode::CREATED,
        Json(s.services.create_macro(&v, body).await?),
    ))
}

/// A customer's store credit: balance per currency (with the next expiry),
/// the code to spend it at checkout, and the ledger's newest lines. The
/// customer themself, or staff.
#[utoipa::path(get, path = "/api/v1/customers/{id}/store-credit", tag = "people", params(("id" = i64, Path)), security(("bearer" = [])),
    responses((status = 200, body = StoreCreditView), (status = 404, body = Problem)))]
pub async fn store_credit(
    State(s): State<AppState>,
    Auth(v): Auth,
    ApiPath(raw): ApiPath<String>,
) -> ApiResult<Json<StoreCreditView>> {
    Ok(Json(
        s.services.store_credit(&v, id(&raw, "person")?).await?,
    ))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct PayoutQuery {
    /// Language of the explanations (`en`, `zh`, `es`); the seller's by default.
    pub lang: Option<String>,
}

/// A seller's payouts, newest first, each with its holds and what happens
/// next. The seller themself, or staff.
#[utoipa::path(get, path = "/api/v1/sellers/{id}/payouts", tag = "people", params(("id" = i64, Path), PayoutQuery), security(("bearer" = [])),
    responses((status = 200, body = Vec<PayoutView>), (status = 404, body = Problem)))]
pub async fn payouts(
    State(s): State<AppState>,
    Auth(v): Auth,
    ApiPath(raw): ApiPath<String>,
    ApiQuery(q): ApiQuery<PayoutQuery>,
) -> ApiResult<Json<Vec<PayoutView>>> {
    Ok(Json(
        s.services
            .payouts(&v, id(&raw, "seller")?, q.lang.as_deref())
            .await?,
    ))
}
