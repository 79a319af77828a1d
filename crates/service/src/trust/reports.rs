//! Filing a report and deciding it.

use std::net::IpAddr;

use marketdesk_domain::access::Permission;
use marketdesk_domain::i18n::Lang;
use marketdesk_domain::moderation::{ModerationDecision, ReportReason, ReportSubject, links_in};
use marketdesk_domain::{EmailAddress, HOUR_MS, Millis};
use marketdesk_messages::tr;
use marketdesk_store::moderation::{self as store, ItemRow, NewReport};
use marketdesk_store::{audit, outbox, people};
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::ToSchema;

use crate::kernel::auth::{actor_id, hash_secret};
use crate::kernel::limits::{self, Limit};
use crate::{Recovery, Result, ServiceError, Services, Viewer, now_ms, rfc3339};

/// Reports one client address may file an hour.
const REPORTS_PER_CLIENT: Limit = Limit {
    name: "report_client",
    max: 20,
    window: HOUR_MS,
};
/// Reports one email may file an hour.
const REPORTS_PER_EMAIL: Limit = Limit {
    name: "report_email",
    max: 20,
    window: HOUR_MS,
};
/// Longest reference (a listing's address or id, a user name, a message's
/// reference).
const MAX_REFERENCE: usize = 500;
/// Longest details, and the message's words quoted.
const MAX_DETAILS: usize = 2_000;
/// Items a queue shows.
const LISTED: i64 = 200;

/// A report of a listing, a user or a message.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewReportInput {
    pub subject: ReportSubject,
    /// The listing's address or id, the user's name or id, the message's
    /// reference (a ticket's `MD-…`, a chat, a forum post).
    pub reference: String,
    pub reason: ReportReason,
    /// What is wrong, in the reporter's words.
    #[serde(default)]
    pub details: String,
    /// For a message: its words as received (their links are checked).
    #[serde(default)]
    pub message_text: String,
    /// Who to tell the outcome (taken from the session when signed in).
    #[serde(default)]
    pub email: Option<String>,
    /// The reporter's language for the outcome (`en`, `es`, `zh`).
    #[serde(default)]
    pub language: Option<String>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ReportReceipt {
    pub item_id: i64,
    /// False when this person had reported it already: counted once.
    pub counted: bool,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ModerationItem {
    pub id: i64,
    pub subject: String,
    pub reference: String,
    /// The most severe reason reported.
    pub reason: String,
    /// 3 (money or safety at stake), 2, 1.
    pub severity: i64,
    pub reports: i64,
    pub excerpt: String,
    /// `open` or `decided`.
    pub status: String,
    pub decision: Option<String>,
    pub note: Option<String>,
    pub first_reported_at: String,
    pub decided_at: Option<String>,
    /// What each reporter said (for staff), oldest first.
    pub details: Vec<String>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ModerationQueue {
    /// Open items: most severe, most reported, oldest first.
    pub open: Vec<ModerationItem>,
    /// The latest decisions.
    pub decided: Vec<ModerationItem>,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DecisionInput {
    pub decision: ModerationDecision,
    /// Why, for the record (the reporters get the outcome, not the note).
    #[serde(default)]
    pub note: String,
}

fn bounded(field: &'static str, text: &str, max: usize, required: bool) -> Result<String> {
    let text = text.trim();
    if required && text.is_empty() {
        return Err(ServiceError::field(field, "must not be empty"));
    }
    if text.chars().count() > max {
        return Err(ServiceError::field(
            field,
            format!("at most {max} characters"),
        ));
    }
    Ok(text.to_owned())
}

fn view(row: ItemRow, details: Vec<String>) -> ModerationItem {
    ModerationItem {
        id: row.id,
        subject: row.subject,
        reference: row.subject_ref,
        reason: row.reason,
        severity: row.severity,
        reports: row.reports,
        excerpt: row.excerpt,
        status: row.status,
        decision: row.decision,
        note: row.note,
        first_reported_at: rfc3339(row.first_reported_at),
        decided_at: row.decided_at.map(rfc3339),
        details,
    }
}

impl Services {
    /// Files a report from anyone: signed in (their account's email) or not
    /// (an email to tell the outcome to). A second report of the same thing
    /// by the same person is counted once.
    pub async fn file_report(
        &self,
        viewer: Option<&Viewer>,
        input: NewReportInput,
        client: Option<IpAddr>,
    ) -> Result<ReportReceipt> {
        if !input.reason.fits(input.subject) {
            return Err(ServiceError::field(
                "reason",
                format!("not a reason to report a {}", input.subject),
            ));
        }
        let reference = bounded("reference", &input.reference, MAX_REFERENCE, true)?;
        let details = bounded("details", &input.details, MAX_DETAILS, false)?;
        let message_text = bounded("message_text", &input.message_text, MAX_DETAILS, false)?;
        let signed = match viewer {
            Some(v) if v.person_id != 0 => {
                let mut conn = self.store.reader().await?;
                people::get(&mut conn, v.person_id).await?
            }
            _ => None,
        };
        let email = match (&signed, input.email.as_deref()) {
            (Some(person), _) => person.email.clone(),
            (None, Some(email)) => EmailAddress::parse(email)
                .map_err(|e| ServiceError::field("email", e.to_string()))?
                .as_str()
                .to_owned(),
            (None, None) => {
                return Err(ServiceError::field(
                    "email",
                    "an address to tell you the outcome",
                ));
            }
        };
        if let Some(client) = client {
            self.take_limit(
                REPORTS_PER_CLIENT,
                &limits::client_key(client),
                Recovery::Wait,
            )
            .await?;
        }
        self.take_limit(REPORTS_PER_EMAIL, &email, Recovery::Wait)
            .await?;
        let language = Lang::from_tag(
            input
                .language
                .as_deref()
                .or(signed.as_ref().map(|p| p.language.as_str()))
                .unwrap_or("en"),
        );
        let excerpt = if message_text.is_empty() {
            details.clone()
        } else {
            message_text.clone()
        };
        let now = now_ms();
        let report = NewReport {
            subject: input.subject.as_str(),
            subject_ref: &reference,
            reason: input.reason.as_str(),
            severity: i64::from(input.reason.severity()),
            excerpt: &excerpt,
            reporter_key: &hash_secret(&email.to_lowercase()),
            reporter_email: &email,
            reporter_id: signed.as_ref().map(|p| p.id),
            language: language.code(),
            details: &details,
            now,
        };
        // Two first reports of one thing at once: the loser files again on
        // the winner's item.
        let mut attempt = 0;
        let filed = loop {
            let mut tx = self.store.begin().await?;
            match store::file_report(&mut tx, &report).await {
                Ok(filed) => {
                    if matches!(input.subject, ReportSubject::Message | ReportSubject::Post)
                        && input.reason.flags_links()
                    {
                        store::keep_links(&mut tx, filed.item_id, &links_in(&message_text), now)
                            .await?;
                    }
                    if filed.new_item {
                        self.queue_webhook(
                            &mut tx,
                            "moderation.reported",
                            json!({"item": {"id": filed.item_id, "subject": input.subject, "reference": reference, "reason": input.reason}}),
                            now,
                        )
                        .await?;
                    }
                    tx.commit().await?;
                    break filed;
                }
                Err(err) if store::is_race(&err) && attempt == 0 => {
                    attempt += 1;
                    continue;
                }
                Err(err) => return Err(err.into()),
            }
        };
        Ok(ReportReceipt {
            item_id: filed.item_id,
            counted: filed.counted,
        })
    }

    /// The moderation queue and the latest decisions (staff).
    pub async fn moderation_queue(&self, viewer: &Viewer) -> Result<ModerationQueue> {
        if !viewer.may(Permission::Moderate) {
            return Err(ServiceError::forbidden("moderate reports"));
        }
        let mut conn = self.store.reader().await?;
        let mut open = vec![];
        for row in store::queue(&mut conn, LISTED).await? {
            let details = store::reports_of(&mut conn, row.id, 20)
                .await?
                .into_iter()
                .map(|(_, d, _)| d)
                .filter(|d| !d.is_empty())
                .collect();
            open.push(view(row, details));
        }
        let decided = store::decided(&mut conn, 50)
            .await?
            .into_iter()
            .map(|row| view(row, vec![]))
            .collect();
        Ok(ModerationQueue { open, decided })
    }

    /// Decides an item, once: the platform gets the event (it takes the
    /// listing, account or message down), every reporter the outcome in
    /// their language; a dismissed message's links are forgotten.
    pub async fn decide_report(
        &self,
        viewer: &Viewer,
        item_id: i64,
        input: DecisionInput,
    ) -> Result<ModerationItem> {
        if !viewer.may(Permission::Moderate) {
            return Err(ServiceError::forbidden("moderate reports"));
        }
        let note = bounded("note", &input.note, MAX_DETAILS, false)?;
        let now = now_ms();
        let mut tx = self.store.begin().await?;
        let item = store::get_item(&mut tx, item_id)
            .await?
            .ok_or(ServiceError::NotFound("report"))?;
        if !store::decide(
            &mut tx,
            item_id,
            input.decision.as_str(),
            viewer.person_id,
            &note,
            now,
        )
        .await?
        {
            return Err(ServiceError::Conflict(
                "this report was decided already".into(),
            ));
        }
        if input.decision == ModerationDecision::Dismiss {
            store::forget_links(&mut tx, item_id).await?;
        }
        if input.decision == ModerationDecision::Takedown
            && item.subject == ReportSubject::Post.as_str()
        {
            self.take_down_post(&mut tx, &item.subject_ref, now).await?;
        }
        audit::record(
            &mut tx,
            &audit::AuditEntry {
                id: 0,
                subject_type: "moderation".into(),
                subject_id: item_id,
                ticket_id: None,
                actor_id: actor_id(viewer),
                action: "report_decided".into(),
                field: Some("decision".into()),
                old_value: None,
                new_value: Some(input.decision.as_str().into()),
                created_at: now,
            },
        )
        .await?;
        self.queue_webhook(
            &mut tx,
            "moderation.decided",
            json!({"item": {"id": item_id, "subject": item.subject, "reference": item.subject_ref,
                   "reason": item.reason, "reports": item.reports, "decision": input.decision}}),
            now,
        )
        .await?;
        for (email, language) in store::reporters(&mut tx, item_id).await? {
            self.tell_reporter(&mut tx, &email, &language, &item, input.decision, now)
                .await?;
        }
        let decided = store::get_item(&mut tx, item_id)
            .await?
            .ok_or(ServiceError::NotFound("report"))?;
        tx.commit().await?;
        Ok(view(decided, vec![]))
    }

    async fn tell_reporter(
        &self,
        conn: &mut marketdesk_store::Conn,
        email: &str,
        language: &str,
        item: &ItemRow,
        decision: ModerationDecision,
        now: Millis,
    ) -> Result<()> {
        let lang = Lang::from_tag(language);
        let what = match ReportSubject::parse(&item.subject) {
            Ok(ReportSubject::Listing) => tr!(lang, "report-subject-listing"),
            Ok(ReportSubject::User) => tr!(lang, "report-subject-user"),
            Ok(ReportSubject::Post) => tr!(lang, "report-subject-post"),
            _ => tr!(lang, "report-subject-message"),
        };
        let outcome = match decision {
            ModerationDecision::Takedown => tr!(lang, "report-outcome-takedown"),
            ModerationDecision::Warning => tr!(lang, "report-outcome-warning"),
            ModerationDecision::Dismiss => tr!(lang, "report-outcome-dismiss"),
        };
        let subject = tr!(
            lang,
            "report-mail-subject",
            what = what,
            reference = item.subject_ref.clone()
        );
        let body = tr!(
            lang,
            "report-mail-body",
            what = what,
            reference = item.subject_ref.clone(),
            outcome = outcome
        );
        outbox::enqueue(conn, email, &subject, &body, "report_outcome", now).await?;
        Ok(())
    }
}
