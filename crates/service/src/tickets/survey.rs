//! Satisfaction surveys (docs/METRICS.md, "CSAT"). When a ticket is first
//! solved — by anyone, through any path, in the same transaction — the
//! customer is asked once, by email in their language, with one link per
//! rating. A link only shows the choice: mail scanners fetch every link,
//! so the rating counts when the customer confirms it on the page. A
//! rating at or below the policy's `reopen_at_or_below` reopens the ticket
//! with the team's lead and a note.

use serde::Serialize;
use utoipa::ToSchema;

use marketdesk_domain::access::Permission;
use marketdesk_domain::i18n::Lang;
use marketdesk_domain::text::required_text;
use marketdesk_domain::{Channel, DAY_MS, MessageKind, TicketRef, TicketStatus};
use marketdesk_store::tickets::TicketRow;
use marketdesk_store::{Conn, outbox, people, surveys};

use crate::kernel::auth::{hash_secret, new_secret, system_viewer};
use crate::tickets::{NewMessage, TicketUpdate};
use crate::{Result, ServiceError, Services, Viewer, now_ms, rfc3339};

/// A survey as its page shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SurveyPage {
    pub reference: String,
    pub subject: String,
    pub language: String,
    /// The rating given, once answered.
    pub rating: Option<u8>,
    pub expired: bool,
}

/// What answering a survey came to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SurveyAnswer {
    /// Recorded; a low rating reopened the ticket.
    Recorded {
        reopened: bool,
    },
    AlreadyAnswered,
    Expired,
}

/// The survey of a customer's own ticket, as the portal shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OwnSurvey {
    pub rating: Option<u8>,
    pub comment: Option<String>,
    /// Still waiting for an answer.
    pub open: bool,
}

/// A ticket's rating, for the API.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RatingView {
    /// 1 (very poor) to 5 (very good); none while unanswered.
    pub rating: Option<i64>,
    pub comment: Option<String>,
    pub asked_at: String,
    pub expires_at: String,
    pub answered_at: Option<String>,
}

impl Services {
    /// Asks for the rating of a ticket that has just been solved, unless
    /// its channel is not asked, its customer has no email address, or it
    /// was asked before (a reopened and solved-again ticket is asked once).
    pub(crate) async fn ask_for_rating(&self, conn: &mut Conn, t: &TicketRow) -> Result<()> {
        let policy = &self.policy().csat;
        if !policy.asks(t.channel) {
            return Ok(());
        }
        let Some(requester) = people::get(conn, t.requester_id).await? else {
            return Ok(());
        };
        if requester.role.is_staff() {
            return Ok(());
        }
        // A chat is asked in the chat, while its conversation is there to
        // show it; everything else (and a chat without one) by email.
        let chat = match t.channel {
            Channel::Chat => marketdesk_store::chat::session_of_ticket(conn, t.id).await?,
            _ => None,
        };
        let email = marketdesk_domain::phone::deliverable(&requester.email);
        if chat.is_none() && !email {
            return Ok(());
        }
        let token = new_secret("mds_");
        let now = now_ms();
        let expires = now + i64::from(policy.expires_days) * DAY_MS;
        let lang = Lang::from_tag(&t.language);
        if surveys::insert_unless_asked(
            conn,
            t.id,
            &hash_secret(&token),
            t.channel.as_str(),
            lang.code(),
            now,
            expires,
        )
        .await?
        .is_none()
        {
            return Ok(());
        }
        let reference = TicketRef::from_id(t.id).to_string();
        let base = self.settings.public_url.trim_end_matches('/');
        if let Some(session) = chat {
            let ask = self.settings.mail_texts.text_with(
                lang,
                "csat-chat-ask",
                &[
                    ("reference", reference.as_str().into()),
                    ("link", format!("{base}/survey/{token}").into()),
                ],
            );
            marketdesk_store::chat::add_message(conn, session, "assistant", &ask, now).await?;
            return Ok(());
        }
        let links = (1..=5)
            .rev()
            .map(|rating| {
                let label =
                    self.settings
                        .mail_texts
                        .text_with(lang, &format!("csat-rating-{rating}"), &[]);
                format!("{rating} — {label}: {base}/survey/{token}?rating={rating}")
            })
            .collect::<Vec<_>>()
            .join("\n");
        let subject = self.settings.mail_texts.text_with(
            lang,
            "csat-mail-subject",
            &[("reference", reference.as_str().into())],
        );
        let body = self.settings.mail_texts.text_with(
            lang,
            "csat-mail-body",
            &[
                ("name", requester.name.as_str().into()),
                ("reference", reference.as_str().into()),
                ("subject", t.subject.as_str().into()),
                ("links", links.as_str().into()),
                ("days", i64::from(policy.expires_days).into()),
            ],
        );
        outbox::enqueue(conn, &requester.email, &subject, &body, "csat_survey", now).await?;
        Ok(())
    }

    /// The survey a link names (an unknown link: not found, revealing nothing).
    pub async fn survey_page(&self, token: &str) -> Result<SurveyPage> {
        let mut conn = self.store.reader().await?;
        let survey = surveys::by_token_hash(&mut conn, &hash_secret(token))
            .await?
            .ok_or(ServiceError::NotFound("survey"))?;
        let ticket = marketdesk_store::tickets::get(&mut conn, survey.ticket_id)
            .await?
            .ok_or(ServiceError::NotFound("survey"))?;
        Ok(SurveyPage {
            reference: TicketRef::from_id(ticket.id).to_string(),
            subject: ticket.subject,
            language: survey.language,
            rating: survey.rating.and_then(marketdesk_domain::csat::rating),
            expired: survey.answered_at.is_none() && survey.expires_at < now_ms(),
        })
    }

    /// The customer confirms a rating (1–5) with an optional comment.
    pub async fn answer_survey(
        &self,
        token: &str,
        rating: i64,
        comment: &str,
    ) -> Result<SurveyAnswer> {
        let rating = marketdesk_domain::csat::rating(rating)
            .ok_or_else(|| ServiceError::field("rating", "1 to 5"))?;
        let comment = match comment.trim() {
            "" => None,
            text => Some(required_text("comment", text, 2000)?),
        };
        let survey = {
            let mut conn = self.store.reader().await?;
            surveys::by_token_hash(&mut conn, &hash_secret(token))
                .await?
                .ok_or(ServiceError::NotFound("survey"))?
        };
        self.record_rating(&survey, rating, comment).await
    }

    /// Records a rating once, unless expired; a poor one reopens.
    async fn record_rating(
        &self,
        survey: &surveys::SurveyRow,
        rating: u8,
        comment: Option<String>,
    ) -> Result<SurveyAnswer> {
        let now = now_ms();
        if survey.answered_at.is_some() {
            return Ok(SurveyAnswer::AlreadyAnswered);
        }
        if survey.expires_at < now {
            return Ok(SurveyAnswer::Expired);
        }
        let mut tx = self.store.begin().await?;
        let recorded = surveys::answer(
            &mut tx,
            survey.id,
            i64::from(rating),
            comment.as_deref(),
            now,
        )
        .await?;
        tx.commit().await?;
        if !recorded {
            return Ok(SurveyAnswer::AlreadyAnswered);
        }
        let reopened = self.policy().csat.reopens(rating)
            && self
                .reopen_for_rating(survey.ticket_id, rating, comment.as_deref())
                .await?;
        self.search_wake();
        Ok(SurveyAnswer::Recorded { reopened })
    }

    /// A poor rating: the ticket opens again, with its team's lead, and a
    /// note says why. A ticket closed meanwhile stays closed.
    async fn reopen_for_rating(
        &self,
        ticket_id: i64,
        rating: u8,
        comment: Option<&str>,
    ) -> Result<bool> {
        let system = system_viewer();
        let ticket = {
            let mut conn = self.store.reader().await?;
            marketdesk_store::tickets::get(&mut conn, ticket_id)
                .await?
                .ok_or(ServiceError::NotFound("ticket"))?
        };
        if ticket.status != TicketStatus::Solved {
            return Ok(false);
        }
        let lead = match ticket.team_id {
            Some(team) => {
                let mut conn = self.store.reader().await?;
                people::get_team(&mut conn, team)
                    .await?
                    .and_then(|t| t.lead_id)
            }
            None => None,
        };
        let update = TicketUpdate {
            status: Some(TicketStatus::Open),
            assignee_id: lead.map(Some),
            ..Default::default()
        };
        self.update_ticket(&system, ticket_id, update).await?;
        let note = marketdesk_messages::text_with(
            Lang::En,
            "csat-reopened-note",
            &[
                ("rating", i64::from(rating).into()),
                ("comment", comment.unwrap_or("—").into()),
            ],
        );
        self.add_message(
            &system,
            ticket_id,
            NewMessage {
                body: note,
                html: None,
                kind: Some(MessageKind::Note),
                channel: None,
                attachments: vec![],
                status: None,
                cc: None,
                email: None,
            },
        )
        .await?;
        Ok(true)
    }

    /// The survey of a customer's own ticket, for the portal: `None` when
    /// it was never asked (or the viewer is not its requester).
    pub async fn own_survey(&self, viewer: &Viewer, ticket_id: i64) -> Result<Option<OwnSurvey>> {
        let mut conn = self.store.reader().await?;
        let ticket = super::read::load_visible(&mut conn, viewer, ticket_id).await?;
        if ticket.requester_id != viewer.person_id {
            return Ok(None);
        }
        let now = now_ms();
        Ok(surveys::of_ticket(&mut conn, ticket_id)
            .await?
            .map(|s| OwnSurvey {
                rating: s.rating.and_then(marketdesk_domain::csat::rating),
                comment: s.comment.clone(),
                open: s.answered_at.is_none() && s.expires_at >= now,
            }))
    }

    /// The requester rates their own ticket (the portal, the API): the same
    /// survey the email links to, answered once.
    pub async fn rate_own_ticket(
        &self,
        viewer: &Viewer,
        ticket_id: i64,
        rating: i64,
        comment: &str,
    ) -> Result<SurveyAnswer> {
        if !viewer.may(Permission::ReplyToTicket) {
            return Err(ServiceError::forbidden("rate tickets"));
        }
        let rating = marketdesk_domain::csat::rating(rating)
            .ok_or_else(|| ServiceError::field("rating", "1 to 5"))?;
        let comment = match comment.trim() {
            "" => None,
            text => Some(required_text("comment", text, 2000)?),
        };
        let survey = {
            let mut conn = self.store.reader().await?;
            let ticket = super::read::load_visible(&mut conn, viewer, ticket_id).await?;
            if ticket.requester_id != viewer.person_id {
                return Err(ServiceError::forbidden("rate another customer's ticket"));
            }
            surveys::of_ticket(&mut conn, ticket_id)
                .await?
                .ok_or(ServiceError::NotFound("survey"))?
        };
        self.record_rating(&survey, rating, comment).await
    }

    /// A ticket's rating, for whoever may read the ticket.
    pub async fn ticket_rating(&self, viewer: &Viewer, ticket_id: i64) -> Result<RatingView> {
        if !viewer.may(Permission::ReadTickets) {
            return Err(ServiceError::forbidden("read tickets"));
        }
        let mut conn = self.store.reader().await?;
        super::read::load_visible(&mut conn, viewer, ticket_id).await?;
        let survey = surveys::of_ticket(&mut conn, ticket_id)
            .await?
            .ok_or(ServiceError::NotFound("rating"))?;
        Ok(RatingView {
            rating: survey.rating,
            comment: survey.comment,
            asked_at: rfc3339(survey.created_at),
            expires_at: rfc3339(survey.expires_at),
            answered_at: survey.answered_at.map(rfc3339),
        })
    }
}
