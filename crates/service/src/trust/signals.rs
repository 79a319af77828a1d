//! Suspicious activity (docs/TRUST.md): the platform reports what happened
//! on a customer's marketplace account (a sign-in from a new country or
//! device, a changed email, phone, password or payout details); the
//! customer is asked "was this you?" by mail, in their language, with a
//! link that shows the question (mail scanners open links) and records
//! only the customer's click. "No" freezes the account through the
//! platform, opens an urgent ticket with the signals and starts an
//! identity check; a supervisor gives the account back once it passes.

use marketdesk_domain::access::Permission;
use marketdesk_domain::account_security::{IdentityStep, SignalKind, check_passes};
use marketdesk_domain::i18n::Lang;
use marketdesk_domain::ticket::Priority;
use marketdesk_domain::{DAY_MS, EmailAddress, Millis};
use marketdesk_messages::tr;
use marketdesk_store::account_signals::{self as store, CheckRow};
use marketdesk_store::{audit, outbox, people, requests};
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::ToSchema;

use crate::kernel::auth::{actor_id, hash_secret, new_secret, system_viewer};
use crate::tickets::{MessageInput, NewTicket, RequesterInput};
use crate::{Result, ServiceError, Services, Viewer, now_ms, rfc3339};

/// Days a "was this you?" link works.
const LINK_DAYS: i64 = 7;
/// Signals one person may get a day (a platform in a loop is bounded).
const SIGNALS_PER_DAY: i64 = 20;
/// Longest detail of a signal, and an agent's note.
const MAX_TEXT: usize = 500;

/// A signal the platform reports.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SignalInput {
    /// The customer's email on file.
    pub email: String,
    pub kind: SignalKind,
    /// What the platform saw ("Lagos, Nigeria — Chrome on Windows").
    #[serde(default)]
    pub detail: String,
    /// When (RFC 3339); now when absent.
    #[serde(default)]
    pub occurred_at: Option<String>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SignalView {
    pub id: i64,
    pub kind: SignalKind,
    pub detail: String,
    pub occurred_at: String,
    /// `yes`, `no`, or none yet.
    pub answer: Option<String>,
    pub ticket_id: Option<i64>,
    /// The link still works.
    pub open: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct CheckStepRecord {
    pub step: IdentityStep,
    pub passed: bool,
    pub note: String,
    pub by: Option<i64>,
    pub at: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct IdentityCheckView {
    pub id: i64,
    pub person_id: i64,
    pub person_name: String,
    pub ticket_id: Option<i64>,
    pub reason: String,
    /// `open`, `passed`, `failed`.
    pub status: String,
    pub steps: Vec<CheckStepRecord>,
    /// The steps passed so far would pass the check.
    pub passes: bool,
    pub started_at: String,
    /// The identity document asked for, if any (never its contents).
    pub document: Option<crate::trust::DocumentState>,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CheckStepInput {
    pub step: IdentityStep,
    /// The answer matched what the orders say (or the document did).
    pub passed: bool,
    #[serde(default)]
    pub note: String,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CheckDecisionInput {
    /// True gives the account back (only when the steps pass).
    pub passed: bool,
}

fn signal_view(r: store::SignalRow, now: Millis) -> SignalView {
    SignalView {
        id: r.id,
        kind: SignalKind::parse(&r.kind).unwrap_or(SignalKind::NewDevice),
        detail: r.detail,
        occurred_at: rfc3339(r.occurred_at),
        open: r.answer.is_none() && r.expires_at > now,
        answer: r.answer,
        ticket_id: r.ticket_id,
    }
}

fn steps_of(row: &CheckRow) -> Vec<CheckStepRecord> {
    serde_json::from_str(&row.steps).unwrap_or_default()
}

fn signal_words(lang: Lang, kind: SignalKind) -> &'static str {
    match kind {
        SignalKind::NewCountry => tr!(lang, "signal-new_country"),
        SignalKind::NewDevice => tr!(lang, "signal-new_device"),
        SignalKind::EmailChanged => tr!(lang, "signal-email_changed"),
        SignalKind::PhoneChanged => tr!(lang, "signal-phone_changed"),
        SignalKind::PasswordChanged => tr!(lang, "signal-password_changed"),
        SignalKind::PayoutChanged => tr!(lang, "signal-payout_changed"),
    }
}

impl Services {
    /// The platform reports a signal: the customer is asked by mail.
    pub async fn ingest_signal(&self, viewer: &Viewer, input: SignalInput) -> Result<SignalView> {
        if !viewer.may(Permission::IngestCommerce) {
            return Err(ServiceError::forbidden("report account signals"));
        }
        let email = EmailAddress::parse(&input.email)
            .map_err(|e| ServiceError::field("email", e.to_string()))?;
        let detail = input.detail.trim();
        if detail.chars().count() > MAX_TEXT {
            return Err(ServiceError::field(
                "detail",
                format!("at most {MAX_TEXT} characters"),
            ));
        }
        let now = now_ms();
        let occurred_at = match input.occurred_at.as_deref() {
            Some(at) => crate::commerce::time("occurred_at", at)?,
            None => now,
        };
        let mut tx = self.store.begin().await?;
        let person = people::find_by_email(&mut tx, email.as_str())
            .await?
            .filter(|p| !p.role.is_staff())
            .ok_or(ServiceError::NotFound("customer"))?;
        if store::signals_since(&mut tx, person.id, now - DAY_MS).await? >= SIGNALS_PER_DAY {
            return Err(ServiceError::Conflict(format!(
                "at most {SIGNALS_PER_DAY} signals a day for one person"
            )));
        }
        let token = new_secret("");
        let id = store::insert_signal(
            &mut tx,
            person.id,
            input.kind.as_str(),
            detail,
            occurred_at,
            &hash_secret(&token),
            now,
            now + LINK_DAYS * DAY_MS,
        )
        .await?;
        let lang = Lang::from_tag(&person.language);
        let link = format!(
            "{}/account/signal?token={token}",
            self.settings.public_url.trim_end_matches('/')
        );
        let what = signal_words(lang, input.kind);
        let body = tr!(
            lang,
            "signal-mail-body",
            name = person.name.clone(),
            what = what,
            detail = detail.to_owned(),
            when = rfc3339(occurred_at),
            link = link
        );
        outbox::enqueue(
            &mut tx,
            &person.email,
            tr!(lang, "signal-mail-subject"),
            &body,
            "account_signal",
            now,
        )
        .await?;
        self.audit_signal(
            &mut tx,
            &system_viewer(),
            person.id,
            "account_signal",
            input.kind.as_str(),
            now,
        )
        .await?;
        let row = store::signal_by_token(&mut tx, &hash_secret(&token))
            .await?
            .filter(|r| r.id == id)
            .ok_or(ServiceError::NotFound("signal"))?;
        tx.commit().await?;
        Ok(signal_view(row, now))
    }

    async fn signal_by_id(&self, id: i64) -> Result<SignalView> {
        let mut conn = self.store.reader().await?;
        let row = store::signal_by_id(&mut conn, id)
            .await?
            .ok_or(ServiceError::NotFound("signal"))?;
        Ok(signal_view(row, now_ms()))
    }

    /// What a "was this you?" link shows (nothing is recorded by opening it).
    pub async fn signal_by_link(&self, token: &str) -> Result<SignalView> {
        let mut conn = self.store.reader().await?;
        let row = store::signal_by_token(&mut conn, &hash_secret(token))
            .await?
            .ok_or(ServiceError::NotFound("link"))?;
        Ok(signal_view(row, now_ms()))
    }

    /// The customer answers. "No": the account is frozen through the
    /// platform, an urgent ticket holds the signals, an identity check opens.
    pub async fn answer_signal(&self, token: &str, it_was_me: bool) -> Result<SignalView> {
        let row = {
            let mut conn = self.store.reader().await?;
            store::signal_by_token(&mut conn, &hash_secret(token))
                .await?
                .ok_or(ServiceError::NotFound("link"))?
        };
        self.answer_signal_row(row.id, it_was_me).await
    }

    /// The person's newest signal waiting for an answer (the chat asks it
    /// too, once the customer is known there).
    pub async fn waiting_signal(&self, person_id: i64) -> Result<Option<SignalView>> {
        let now = now_ms();
        let mut conn = self.store.reader().await?;
        Ok(store::waiting_signal(&mut conn, person_id, now)
            .await?
            .map(|row| signal_view(row, now)))
    }

    /// The customer answers in the chat, about one of their own signals.
    pub async fn answer_own_signal(
        &self,
        person_id: i64,
        signal_id: i64,
        it_was_me: bool,
    ) -> Result<SignalView> {
        {
            let mut conn = self.store.reader().await?;
            store::signal_by_id(&mut conn, signal_id)
                .await?
                .filter(|r| r.person_id == person_id)
                .ok_or(ServiceError::NotFound("signal"))?;
        }
        self.answer_signal_row(signal_id, it_was_me).await
    }

    /// Records the answer once; "no" locks the account.
    async fn answer_signal_row(&self, signal_id: i64, it_was_me: bool) -> Result<SignalView> {
        let now = now_ms();
        let mut tx = self.store.begin().await?;
        let row = store::signal_by_id(&mut tx, signal_id)
            .await?
            .ok_or(ServiceError::NotFound("signal"))?;
        let answer = if it_was_me { "yes" } else { "no" };
        if !store::answer_signal(&mut tx, row.id, answer, now).await? {
            return Err(ServiceError::Conflict(
                "this link was answered already or has expired".into(),
            ));
        }
        let person = people::get(&mut tx, row.person_id)
            .await?
            .ok_or(ServiceError::NotFound("customer"))?;
        self.audit_signal(
            &mut tx,
            &system_viewer(),
            person.id,
            "account_signal_answered",
            answer,
            now,
        )
        .await?;
        if it_was_me {
            tx.commit().await?;
            return self.signal_by_id(signal_id).await;
        }
        requests::set_frozen(&mut tx, person.id, Some(now)).await?;
        self.audit_signal(
            &mut tx,
            &system_viewer(),
            person.id,
            "frozen",
            "suspicious_activity",
            now,
        )
        .await?;
        self.queue_webhook(
            &mut tx,
            "account.freeze_requested",
            json!({"person_id": person.id, "external_id": person.external_id, "signal": {"kind": row.kind, "detail": row.detail}}),
            now,
        )
        .await?;
        tx.commit().await?;
        self.credentials_changed();

        // The urgent ticket, with every recent signal, for a person to verify.
        let lang = Lang::from_tag(&person.language);
        let signals = {
            let mut conn = self.store.reader().await?;
            store::signals_of(&mut conn, person.id, 20).await?
        };
        let lines: Vec<String> = signals
            .iter()
            .map(|s| {
                format!(
                    "{} — {} — {} — {}",
                    rfc3339(s.occurred_at),
                    s.kind,
                    s.detail,
                    s.answer.as_deref().unwrap_or("?")
                )
            })
            .collect();
        // The lock holds whatever happens next: the check opens even when
        // the ticket could not be made (the error is logged).
        let ticket = self
            .create_ticket(
                &system_viewer(),
                NewTicket {
                    subject: tr!(lang, "signal-ticket-subject").to_owned(),
                    requester: Some(RequesterInput {
                        email: person.email.clone(),
                        name: Some(person.name.clone()),
                        language: Some(person.language.clone()),
                    }),
                    message: MessageInput {
                        body: tr!(lang, "signal-ticket-body", signals = lines.join("\n")),
                        html: None,
                        attachments: vec![],
                        email: None,
                    },
                    channel: None,
                    priority: Some(Priority::Urgent),
                    language: Some(person.language.clone()),
                    tags: vec!["security".into(), "suspicious_activity".into()],
                    custom_fields: None,
                    order_numbers: vec![],
                    assignee_id: None,
                    team_id: None,
                    intent: Some("security_concern".into()),
                },
            )
            .await;
        let ticket_id = match ticket {
            Ok(t) => Some(t.ticket.id),
            Err(err) => {
                tracing::warn!(person = person.id, error = %err, "the suspicious-activity ticket could not be made");
                None
            }
        };
        let mut tx = self.store.begin().await?;
        if let Some(ticket_id) = ticket_id {
            store::set_signal_ticket(&mut tx, row.id, ticket_id).await?;
        }
        store::open_check(&mut tx, person.id, ticket_id, "suspicious_activity", now).await?;
        let body = tr!(lang, "signal-frozen-body", name = person.name.clone());
        outbox::enqueue(
            &mut tx,
            &person.email,
            tr!(lang, "signal-frozen-subject"),
            &body,
            "security_freeze",
            now,
        )
        .await?;
        tx.commit().await?;
        self.signal_by_id(signal_id).await
    }

    /// Open identity checks, the oldest first (staff).
    pub async fn identity_checks(&self, viewer: &Viewer) -> Result<Vec<IdentityCheckView>> {
        if !viewer.may(Permission::WorkTickets) {
            return Err(ServiceError::forbidden("run identity checks"));
        }
        let mut conn = self.store.reader().await?;
        let mut views = vec![];
        for row in store::open_checks(&mut conn, 200).await? {
            let name = people::get(&mut conn, row.person_id)
                .await?
                .map(|p| p.name)
                .unwrap_or_default();
            views.push(self.check_view(row, name).await?);
        }
        Ok(views)
    }

    pub(crate) fn check_view_with(
        &self,
        row: CheckRow,
        person_name: String,
        document: Option<&marketdesk_store::account_help::DocumentRow>,
        now: Millis,
    ) -> IdentityCheckView {
        let steps = steps_of(&row);
        let passed: Vec<IdentityStep> = steps.iter().filter(|s| s.passed).map(|s| s.step).collect();
        IdentityCheckView {
            id: row.id,
            person_id: row.person_id,
            person_name,
            ticket_id: row.ticket_id,
            reason: row.reason,
            status: row.status,
            passes: check_passes(&passed),
            steps,
            started_at: rfc3339(row.started_at),
            document: document.map(|d| crate::trust::account_help::document_state(d, now)),
        }
    }

    async fn check_view(&self, row: CheckRow, person_name: String) -> Result<IdentityCheckView> {
        let document = {
            let mut conn = self.store.reader().await?;
            marketdesk_store::account_help::document_of_check(&mut conn, row.id).await?
        };
        Ok(self.check_view_with(row, person_name, document.as_ref(), now_ms()))
    }

    /// An agent records one step of the check (each step is logged). An
    /// identity document is looked at, never kept: the step says so.
    pub async fn identity_check_step(
        &self,
        viewer: &Viewer,
        id: i64,
        input: CheckStepInput,
    ) -> Result<IdentityCheckView> {
        if !viewer.may(Permission::WorkTickets) {
            return Err(ServiceError::forbidden("run identity checks"));
        }
        let note = input.note.trim();
        if note.chars().count() > MAX_TEXT {
            return Err(ServiceError::field(
                "note",
                format!("at most {MAX_TEXT} characters"),
            ));
        }
        let now = now_ms();
        let mut tx = self.store.begin().await?;
        let row = store::get_check(&mut tx, id)
            .await?
            .ok_or(ServiceError::NotFound("identity check"))?;
        if row.status != "open" {
            return Err(ServiceError::Conflict(
                "this identity check is decided".into(),
            ));
        }
        let mut steps = steps_of(&row);
        if steps.len() >= 20 {
            return Err(ServiceError::Conflict(
                "an identity check takes at most 20 steps".into(),
            ));
        }
        steps.push(CheckStepRecord {
            step: input.step,
            passed: input.passed,
            note: note.to_owned(),
            by: actor_id(viewer),
            at: rfc3339(now),
        });
        let text = serde_json::to_string(&steps).map_err(|e| ServiceError::Unexpected(e.into()))?;
        if !store::set_steps(&mut tx, id, &text, &row.steps).await? {
            return Err(ServiceError::Conflict(
                "the check changed meanwhile: read it again".into(),
            ));
        }
        self.audit_signal(
            &mut tx,
            viewer,
            row.person_id,
            "identity_check_step",
            &format!(
                "{}:{}",
                input.step,
                if input.passed { "passed" } else { "failed" }
            ),
            now,
        )
        .await?;
        let name = people::get(&mut tx, row.person_id)
            .await?
            .map(|p| p.name)
            .unwrap_or_default();
        let row = store::get_check(&mut tx, id)
            .await?
            .ok_or(ServiceError::NotFound("identity check"))?;
        tx.commit().await?;
        self.check_view(row, name).await
    }

    /// A supervisor decides the check: passed gives the account back (and
    /// asks the platform to unfreeze it); failed keeps it frozen.
    pub async fn decide_identity_check(
        &self,
        viewer: &Viewer,
        id: i64,
        input: CheckDecisionInput,
    ) -> Result<IdentityCheckView> {
        if !viewer.may(Permission::UnfreezeAccounts) {
            return Err(ServiceError::forbidden("decide identity checks"));
        }
        let now = now_ms();
        let mut tx = self.store.begin().await?;
        let row = store::get_check(&mut tx, id)
            .await?
            .ok_or(ServiceError::NotFound("identity check"))?;
        let passed: Vec<IdentityStep> = steps_of(&row)
            .iter()
            .filter(|s| s.passed)
            .map(|s| s.step)
            .collect();
        if input.passed && !check_passes(&passed) {
            return Err(ServiceError::field(
                "passed",
                "the check passes with two different steps answered right, one about the person's orders",
            ));
        }
        let status = if input.passed { "passed" } else { "failed" };
        if !store::decide_check(&mut tx, id, status, viewer.person_id, now).await? {
            return Err(ServiceError::Conflict(
                "this identity check is decided".into(),
            ));
        }
        if input.passed {
            requests::set_frozen(&mut tx, row.person_id, None).await?;
            self.queue_webhook(
                &mut tx,
                "account.unfreeze_requested",
                json!({"person_id": row.person_id, "identity_check": id}),
                now,
            )
            .await?;
        }
        self.audit_signal(
            &mut tx,
            viewer,
            row.person_id,
            "identity_check_decided",
            status,
            now,
        )
        .await?;
        let name = people::get(&mut tx, row.person_id)
            .await?
            .map(|p| p.name)
            .unwrap_or_default();
        let row = store::get_check(&mut tx, id)
            .await?
            .ok_or(ServiceError::NotFound("identity check"))?;
        tx.commit().await?;
        self.credentials_changed();
        self.check_view(row, name).await
    }

    pub(crate) async fn audit_signal(
        &self,
        conn: &mut marketdesk_store::Conn,
        viewer: &Viewer,
        person_id: i64,
        action: &str,
        value: &str,
        now: Millis,
    ) -> Result<()> {
        audit::record(
            conn,
            &audit::AuditEntry {
                id: 0,
                subject_type: "person".into(),
                subject_id: person_id,
                ticket_id: None,
                actor_id: actor_id(viewer),
                action: action.into(),
                field: None,
                old_value: None,
                new_value: Some(value.into()),
                created_at: now,
            },
        )
        .await?;
        Ok(())
    }
}
