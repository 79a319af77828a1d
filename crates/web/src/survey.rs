//! The satisfaction survey's page (docs/METRICS.md, "CSAT"): a rating link
//! from the email shows the choice; only the customer's confirmation (a
//! POST with the form's token) records it, so mail scanners that fetch
//! every link record nothing.

use askama::Template;
use axum::Router;
use axum::extract::{Form, Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde::Deserialize;

use marketdesk_service::tickets::{SurveyAnswer, SurveyPage};

use crate::errors::error_text;
use crate::i18n::Tr;
use crate::portal::{LangParam, Meta, page};
use crate::{WebState, session};

pub fn routes() -> Router<WebState> {
    Router::new().route("/survey/{token}", get(show).post(answer))
}

#[derive(Template)]
#[template(path = "portal/survey.html")]
struct Survey {
    t: Tr,
    meta: Meta,
    csrf: String,
    token: String,
    /// None: the link is unknown (nothing else is said about it).
    survey: Option<SurveyPage>,
    chosen: u8,
    /// What happened: `thanks`, `reopened`, `already`, `expired`.
    outcome: &'static str,
    error: Option<String>,
}

#[derive(Deserialize)]
struct Choice {
    rating: Option<u8>,
}

/// The survey in the customer's language (the survey's, unless the page
/// was switched).
fn reader(headers: &HeaderMap, survey: Option<&SurveyPage>) -> Tr {
    let asked = survey.map(|s| s.language.as_str());
    session::language(headers, asked)
}

async fn show(
    State(state): State<WebState>,
    headers: HeaderMap,
    Path(token): Path<String>,
    Query(choice): Query<Choice>,
) -> Response {
    let survey = state.services.survey_page(&token).await.ok();
    let t = reader(&headers, survey.as_ref());
    let (csrf, fresh) = session::form_token(&headers);
    let outcome = match &survey {
        Some(s) if s.rating.is_some() => "already",
        Some(s) if s.expired => "expired",
        _ => "",
    };
    let status = if survey.is_some() {
        StatusCode::OK
    } else {
        StatusCode::NOT_FOUND
    };
    let template = Survey {
        t,
        meta: Meta::new(t.s("csat-title"), None),
        csrf: csrf.clone(),
        token,
        chosen: choice.rating.filter(|r| (1..=5).contains(r)).unwrap_or(0),
        survey,
        outcome,
        error: None,
    };
    let mut response = page(&state, &template, &LangParam { lang: None }, false);
    *response.status_mut() = status;
    if fresh {
        session::set_form_token(&mut response, &state, &csrf);
    }
    response
}

#[derive(Deserialize)]
struct AnswerForm {
    #[serde(rename = "_csrf", default)]
    csrf: String,
    #[serde(default)]
    rating: String,
    #[serde(default)]
    comment: String,
}

async fn answer(
    State(state): State<WebState>,
    headers: HeaderMap,
    Path(token): Path<String>,
    Form(form): Form<AnswerForm>,
) -> Response {
    let survey = state.services.survey_page(&token).await.ok();
    let t = reader(&headers, survey.as_ref());
    let rating: i64 = form.rating.trim().parse().unwrap_or(0);
    let (outcome, error, status) = if !session::form_token_ok(&headers, &form.csrf) {
        (
            "",
            Some(t.s("csat-expired-form").to_owned()),
            StatusCode::FORBIDDEN,
        )
    } else {
        match state
            .services
            .answer_survey(&token, rating, &form.comment)
            .await
        {
            Ok(SurveyAnswer::Recorded { reopened: true }) => ("reopened", None, StatusCode::OK),
            Ok(SurveyAnswer::Recorded { reopened: false }) => ("thanks", None, StatusCode::OK),
            Ok(SurveyAnswer::AlreadyAnswered) => ("already", None, StatusCode::CONFLICT),
            Ok(SurveyAnswer::Expired) => ("expired", None, StatusCode::GONE),
            Err(marketdesk_service::ServiceError::NotFound(_)) => ("", None, StatusCode::NOT_FOUND),
            Err(err) => (
                "",
                Some(error_text(t, &err)),
                StatusCode::UNPROCESSABLE_ENTITY,
            ),
        }
    };
    let survey = state.services.survey_page(&token).await.ok();
    let (csrf, _) = session::form_token(&headers);
    let template = Survey {
        t,
        meta: Meta::new(t.s("csat-title"), None),
        csrf,
        token,
        chosen: u8::try_from(rating).unwrap_or(0),
        survey,
        outcome,
        error,
    };
    let mut response = page(&state, &template, &LangParam { lang: None }, false);
    *response.status_mut() = status;
    response.into_response()
}
