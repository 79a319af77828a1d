//! Staff accounts' security on pages (docs/SECURITY.md): the sign-in's
//! second step (the app's code or a recovery code), a lost password reset
//! by mail, and "Security" in the workspace — the second factor set up
//! (the secret and its app address, then ten recovery codes shown once),
//! turned off or given new codes, one's sessions ended, and for admins the
//! roles that must use a second factor.

use askama::Template;
use axum::Router;
use axum::extract::{Form, Path, Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use marketdesk_domain::Role;
use marketdesk_domain::access::Permission;
use marketdesk_service::ServiceError;
use marketdesk_service::accounts::{CodeInput, SecondFactorRoles, SecondFactorStatus, SessionView};
use serde::Deserialize;

use crate::WebState;
use crate::agent::{Staff, agent_meta};
use crate::errors::error_text;
use crate::format::when;
use crate::i18n::Tr;
use crate::portal::{LangParam, Meta, page};
use crate::session;

pub fn routes() -> Router<WebState> {
    Router::new()
        .route("/agent/login/second-factor", post(second_step))
        .route("/agent/password/forgot", get(forgot_form).post(forgot))
        .route("/agent/password/reset", get(reset_form).post(reset))
        .route("/agent/security", get(security))
        .route("/agent/security/second-factor", post(begin))
        .route("/agent/security/second-factor/confirm", post(confirm))
        .route("/agent/security/recovery-codes", post(renew_codes))
        .route("/agent/security/second-factor/off", post(turn_off))
        .route("/agent/security/sessions/{id}/end", post(end_session))
        .route("/agent/security/sessions/end-others", post(end_others))
        .route("/agent/security/roles", post(set_roles))
}

/// A page outside the workspace's sign-in (agent look, no name).
fn public_meta(title: &str) -> Meta {
    let mut meta = Meta::new(title, None);
    meta.agent = true;
    meta
}

#[derive(Template)]
#[template(path = "agent/second_factor.html")]
struct SecondStep {
    t: Tr,
    meta: Meta,
    csrf: String,
    challenge: String,
    wrong: bool,
}

/// The sign-in's second step, asking for the code.
pub(crate) fn second_factor_page(
    state: &WebState,
    headers: &HeaderMap,
    t: Tr,
    challenge: String,
    wrong: bool,
) -> Response {
    let (csrf, fresh) = session::form_token(headers);
    let mut response = page(
        state,
        &SecondStep {
            t,
            meta: public_meta(t.s("security-second-step")),
            csrf: csrf.clone(),
            challenge,
            wrong,
        },
        &LangParam::default(),
        false,
    );
    if fresh {
        session::set_form_token(&mut response, state, &csrf);
    }
    response
}

#[derive(Deserialize)]
struct SecondStepForm {
    #[serde(rename = "_csrf", default)]
    csrf: String,
    #[serde(default)]
    challenge: String,
    #[serde(default)]
    code: String,
}

async fn second_step(
    State(state): State<WebState>,
    headers: HeaderMap,
    Form(form): Form<SecondStepForm>,
) -> Response {
    let t = session::language(&headers, None);
    if !session::form_token_ok(&headers, &form.csrf) {
        return Redirect::to("/agent/login").into_response();
    }
    match state
        .services
        .complete_second_factor(&form.challenge, &form.code)
        .await
    {
        Ok(grant) => {
            let mut response = Redirect::to("/agent").into_response();
            session::set_session(&mut response, &state, &grant.token, grant.expires_in_secs);
            response
        }
        Err(ServiceError::InvalidField { field: "code", .. }) => {
            second_factor_page(&state, &headers, t, form.challenge, true)
        }
        Err(ServiceError::AccountFrozen) => {
            session::redirect_with_error(&state, "/agent/login", t.s("account-frozen"))
        }
        Err(_) => {
            session::redirect_with_error(&state, "/agent/login", t.s("security-step-expired"))
        }
    }
}

#[derive(Template)]
#[template(path = "agent/password_forgot.html")]
struct Forgot {
    t: Tr,
    meta: Meta,
    csrf: String,
}

async fn forgot_form(
    State(state): State<WebState>,
    headers: HeaderMap,
    Query(lang): Query<LangParam>,
) -> Response {
    let t = session::language(&headers, lang.lang.as_deref());
    let (csrf, fresh) = session::form_token(&headers);
    let notice = session::notice(&headers);
    let had = notice.is_some();
    let mut meta = public_meta(t.s("security-forgot-heading"));
    meta.notice = notice;
    let mut response = page(
        &state,
        &Forgot {
            t,
            meta,
            csrf: csrf.clone(),
        },
        &lang,
        had,
    );
    if fresh {
        session::set_form_token(&mut response, &state, &csrf);
    }
    response
}

#[derive(Deserialize)]
struct EmailForm {
    #[serde(rename = "_csrf", default)]
    csrf: String,
    #[serde(default)]
    email: String,
}

async fn forgot(
    State(state): State<WebState>,
    headers: HeaderMap,
    crate::ClientAddr(client): crate::ClientAddr,
    Form(form): Form<EmailForm>,
) -> Response {
    let t = session::language(&headers, None);
    if !session::form_token_ok(&headers, &form.csrf) {
        return Redirect::to("/agent/password/forgot").into_response();
    }
    match state
        .services
        .request_password_reset(&form.email, client)
        .await
    {
        // The same words whether or not the address has an account.
        Ok(()) => session::redirect_with_notice(&state, "/agent/login", t.s("security-reset-sent")),
        Err(err) => {
            session::redirect_with_error(&state, "/agent/password/forgot", &error_text(t, &err))
        }
    }
}

#[derive(Template)]
#[template(path = "agent/password_reset.html")]
struct Reset {
    t: Tr,
    meta: Meta,
    csrf: String,
    token: String,
    usable: bool,
}

#[derive(Deserialize)]
struct TokenParam {
    #[serde(default)]
    token: String,
    lang: Option<String>,
}

async fn reset_form(
    State(state): State<WebState>,
    headers: HeaderMap,
    Query(params): Query<TokenParam>,
) -> Response {
    let lang = LangParam {
        lang: params.lang.clone(),
    };
    let t = session::language(&headers, lang.lang.as_deref());
    // Opening the link changes nothing (mail scanners open links too):
    // only the form's post sets the password.
    let usable = state
        .services
        .password_reset_usable(&params.token)
        .await
        .unwrap_or(false);
    let (csrf, fresh) = session::form_token(&headers);
    let notice = session::notice(&headers);
    let had = notice.is_some();
    let mut meta = public_meta(t.s("security-reset-heading"));
    meta.notice = notice;
    let mut response = page(
        &state,
        &Reset {
            t,
            meta,
            csrf: csrf.clone(),
            token: params.token,
            usable,
        },
        &lang,
        had,
    );
    if fresh {
        session::set_form_token(&mut response, &state, &csrf);
    }
    response
}

#[derive(Deserialize)]
struct ResetForm {
    #[serde(rename = "_csrf", default)]
    csrf: String,
    #[serde(default)]
    token: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    again: String,
}

async fn reset(
    State(state): State<WebState>,
    headers: HeaderMap,
    Form(form): Form<ResetForm>,
) -> Response {
    let t = session::language(&headers, None);
    let back = format!(
        "/agent/password/reset?token={}",
        session::link_token(&form.token)
    );
    if !session::form_token_ok(&headers, &form.csrf) {
        return Redirect::to(&back).into_response();
    }
    if form.password != form.again {
        return session::redirect_with_error(&state, &back, t.s("security-passwords-differ"));
    }
    match state
        .services
        .reset_password(&form.token, &form.password)
        .await
    {
        Ok(()) => {
            session::redirect_with_notice(&state, "/agent/login", t.s("security-password-reset"))
        }
        Err(ServiceError::InvalidField {
            field: "password", ..
        }) => session::redirect_with_error(&state, &back, t.s("security-password-rules")),
        Err(err) => session::redirect_with_error(&state, &back, &error_text(t, &err)),
    }
}

struct SessionLine {
    id: String,
    client: String,
    since: String,
    current: bool,
}

#[derive(Template)]
#[template(path = "agent/security.html")]
struct Security {
    t: Tr,
    meta: Meta,
    csrf: String,
    status: SecondFactorStatus,
    /// Shown once, right after they were made.
    codes: Vec<String>,
    sessions: Vec<SessionLine>,
    /// For admins: (role, its name, required now).
    roles: Option<Vec<(&'static str, String, bool)>>,
}

impl Security {
    fn has_setup(&self) -> bool {
        self.status.setup.is_some()
    }

    fn setup_secret(&self) -> String {
        self.status
            .setup
            .as_ref()
            .map(|s| {
                // In groups of four, as authenticator apps show secrets.
                s.secret
                    .as_bytes()
                    .chunks(4)
                    .map(|c| String::from_utf8_lossy(c).into_owned())
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .unwrap_or_default()
    }

    fn setup_uri(&self) -> String {
        self.status
            .setup
            .as_ref()
            .map(|s| s.otpauth_uri.clone())
            .unwrap_or_default()
    }
}

async fn render_security(
    state: &WebState,
    staff: Staff,
    headers: &HeaderMap,
    lang: &LangParam,
    codes: Vec<String>,
) -> Response {
    let Staff {
        viewer, csrf, name, ..
    } = staff;
    let t = session::language(headers, lang.lang.as_deref());
    let status = match state.services.second_factor_status(&viewer).await {
        Ok(s) => s,
        Err(err) => return session::redirect_with_error(state, "/agent", &error_text(t, &err)),
    };
    let current = session::cookie(headers, session::SESSION);
    let sessions: Vec<SessionView> = state
        .services
        .my_sessions(&viewer, current.as_deref())
        .await
        .unwrap_or_default();
    let roles = if viewer.may(Permission::ManageUsers) {
        let required = state
            .services
            .second_factor_roles(&viewer)
            .await
            .map(|r| r.roles)
            .unwrap_or_default();
        Some(
            [Role::Agent, Role::Supervisor, Role::Admin]
                .into_iter()
                .map(|r| {
                    (
                        r.as_str(),
                        t.s(&format!("role-{}", r.as_str())).to_string(),
                        required.contains(&r),
                    )
                })
                .collect(),
        )
    } else {
        None
    };
    let notice = session::notice(headers);
    let had = notice.is_some();
    let template = Security {
        t,
        meta: agent_meta(t, t.s("security-heading"), notice, name, csrf.clone()),
        csrf,
        status,
        codes,
        sessions: sessions
            .into_iter()
            .map(|s| SessionLine {
                id: s.id,
                client: s.client.unwrap_or_default(),
                since: when(&s.created_at),
                current: s.current,
            })
            .collect(),
        roles,
    };
    page(state, &template, lang, had)
}

async fn security(
    State(state): State<WebState>,
    staff: Staff,
    headers: HeaderMap,
    Query(lang): Query<LangParam>,
) -> Response {
    render_security(&state, staff, &headers, &lang, vec![]).await
}

#[derive(Deserialize)]
struct CodeForm {
    #[serde(rename = "_csrf", default)]
    csrf: String,
    #[serde(default)]
    code: String,
}

async fn begin(
    State(state): State<WebState>,
    staff: Staff,
    Form(form): Form<CodeForm>,
) -> Response {
    if form.csrf != staff.csrf {
        return Redirect::to("/agent/security").into_response();
    }
    match state.services.begin_second_factor(&staff.viewer).await {
        Ok(_) => Redirect::to("/agent/security").into_response(),
        Err(err) => {
            session::redirect_with_error(&state, "/agent/security", &error_text(staff.t, &err))
        }
    }
}

/// Which use case makes new recovery codes from a code of the app.
#[derive(Clone, Copy)]
enum CodesFrom {
    /// Turning the second factor on.
    Confirm,
    /// New codes for the old ones.
    Renew,
}

/// Turns the factor on or renews the codes; the codes are shown on this
/// answer only, never again.
async fn show_new_codes(
    state: &WebState,
    staff: Staff,
    headers: &HeaderMap,
    form: CodeForm,
    from: CodesFrom,
) -> Response {
    let t = staff.t;
    if form.csrf != staff.csrf {
        return Redirect::to("/agent/security").into_response();
    }
    let input = CodeInput { code: form.code };
    let made = match from {
        CodesFrom::Confirm => {
            state
                .services
                .confirm_second_factor(&staff.viewer, input)
                .await
        }
        CodesFrom::Renew => {
            state
                .services
                .renew_recovery_codes(&staff.viewer, input)
                .await
        }
    };
    match made {
        Ok(codes) => {
            render_security(
                state,
                staff,
                headers,
                &LangParam::default(),
                codes.recovery_codes,
            )
            .await
        }
        Err(ServiceError::InvalidField { .. }) => {
            session::redirect_with_error(state, "/agent/security", t.s("security-code-wrong"))
        }
        Err(err) => session::redirect_with_error(state, "/agent/security", &error_text(t, &err)),
    }
}

async fn confirm(
    State(state): State<WebState>,
    staff: Staff,
    headers: HeaderMap,
    Form(form): Form<CodeForm>,
) -> Response {
    show_new_codes(&state, staff, &headers, form, CodesFrom::Confirm).await
}

async fn renew_codes(
    State(state): State<WebState>,
    staff: Staff,
    headers: HeaderMap,
    Form(form): Form<CodeForm>,
) -> Response {
    show_new_codes(&state, staff, &headers, form, CodesFrom::Renew).await
}

async fn turn_off(
    State(state): State<WebState>,
    staff: Staff,
    Form(form): Form<CodeForm>,
) -> Response {
    let t = staff.t;
    if form.csrf != staff.csrf {
        return Redirect::to("/agent/security").into_response();
    }
    match state
        .services
        .remove_second_factor(&staff.viewer, CodeInput { code: form.code })
        .await
    {
        Ok(()) => {
            session::redirect_with_notice(&state, "/agent/security", t.s("security-factor-off"))
        }
        Err(ServiceError::InvalidField { .. }) => {
            session::redirect_with_error(&state, "/agent/security", t.s("security-code-wrong"))
        }
        Err(ServiceError::Conflict(_)) => {
            session::redirect_with_error(&state, "/agent/security", t.s("security-factor-required"))
        }
        Err(err) => session::redirect_with_error(&state, "/agent/security", &error_text(t, &err)),
    }
}

async fn end_session(
    State(state): State<WebState>,
    staff: Staff,
    Path(id): Path<String>,
    Form(form): Form<CodeForm>,
) -> Response {
    let t = staff.t;
    if form.csrf != staff.csrf {
        return Redirect::to("/agent/security").into_response();
    }
    match state.services.end_my_session(&staff.viewer, &id).await {
        Ok(()) => {
            session::redirect_with_notice(&state, "/agent/security", t.s("security-session-ended"))
        }
        Err(err) => session::redirect_with_error(&state, "/agent/security", &error_text(t, &err)),
    }
}

async fn end_others(
    State(state): State<WebState>,
    staff: Staff,
    headers: HeaderMap,
    Form(form): Form<CodeForm>,
) -> Response {
    let t = staff.t;
    if form.csrf != staff.csrf {
        return Redirect::to("/agent/security").into_response();
    }
    let current = session::cookie(&headers, session::SESSION);
    match state
        .services
        .end_my_other_sessions(&staff.viewer, current.as_deref())
        .await
    {
        Ok(_) => {
            session::redirect_with_notice(&state, "/agent/security", t.s("security-others-ended"))
        }
        Err(err) => session::redirect_with_error(&state, "/agent/security", &error_text(t, &err)),
    }
}

async fn set_roles(
    State(state): State<WebState>,
    staff: Staff,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    let t = staff.t;
    let csrf = form
        .iter()
        .find(|(k, _)| k == "_csrf")
        .map(|(_, v)| v.as_str())
        .unwrap_or("");
    if csrf != staff.csrf {
        return Redirect::to("/agent/security").into_response();
    }
    let roles: Vec<Role> = form
        .iter()
        .filter(|(k, _)| k == "role")
        .filter_map(|(_, v)| Role::parse(v).ok())
        .collect();
    match state
        .services
        .set_second_factor_roles(&staff.viewer, SecondFactorRoles { roles })
        .await
    {
        Ok(_) => {
            session::redirect_with_notice(&state, "/agent/security", t.s("security-roles-saved"))
        }
        Err(err) => session::redirect_with_error(&state, "/agent/security", &error_text(t, &err)),
    }
}
