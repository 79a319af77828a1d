//! Help with customers' marketplace accounts (docs/TRUST.md, "Account
//! help"): marketdesk never sees or sets a shopper's password; it asks the
//! platform (signed webhooks) to mail a reset link, unlock, resend the
//! verification mail, change the email, reset the second factor or close
//! the account, and takes the platform's answer back through ingest. What
//! could hand the account to a stranger waits for a passed identity check,
//! and a check may include a document the customer uploads, which is
//! deleted once an agent has looked at it.

use marketdesk_domain::access::Permission;
use marketdesk_domain::account_security::{
    AccountAction, IdentityStep, MAX_DOCUMENT_BYTES, check_passes, document_type,
};
use marketdesk_domain::i18n::Lang;
use marketdesk_domain::{DAY_MS, EmailAddress, HOUR_MS, Millis};
use marketdesk_messages::tr;
use marketdesk_store::account_help::{self as store, ActionRow, DocumentRow, NewAction};
use marketdesk_store::account_signals as checks;
use marketdesk_store::{outbox, people, requests};
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::ToSchema;

use crate::kernel::auth::{hash_secret, new_secret, system_viewer};
use crate::trust::{CheckStepInput, IdentityCheckView};
use crate::{Result, ServiceError, Services, Viewer, now_ms, rfc3339};

/// How long a passed check lets agents act on the account.
const CHECK_VALID_FOR: Millis = 7 * DAY_MS;
/// Actions one person's account may get a day.
const ACTIONS_PER_DAY: i64 = 10;
/// How long an upload link works.
const UPLOAD_LINK_FOR: Millis = 48 * HOUR_MS;
/// How long an uploaded document waits for its review before it is deleted.
const DOCUMENT_KEPT_FOR: Millis = 7 * DAY_MS;

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AccountActionInput {
    pub action: AccountAction,
    /// The new sign-in email (`change_email` only).
    #[serde(default)]
    pub new_email: Option<String>,
    /// Why, for the record.
    #[serde(default)]
    pub note: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AccountActionView {
    pub id: i64,
    pub person_id: i64,
    pub person_name: String,
    pub action: AccountAction,
    pub new_email: Option<String>,
    pub note: String,
    /// `requested` (sent to the platform), `done`, `failed`.
    pub status: String,
    pub identity_check: Option<i64>,
    pub requested_at: String,
    pub result_note: Option<String>,
    pub result_at: Option<String>,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AccountActionResult {
    /// `done` or `failed`.
    pub status: String,
    #[serde(default)]
    pub note: String,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewCheckInput {
    /// The customer, by id or by their email.
    #[serde(default)]
    pub person_id: Option<i64>,
    #[serde(default)]
    pub email: Option<String>,
    /// Why the check is run ("asks to change the email", "locked out").
    pub reason: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DocumentState {
    /// `requested` (link mailed), `uploaded` (waiting for review),
    /// `deleted` (reviewed, or not reviewed in time), `expired` (the link).
    pub status: String,
    pub content_type: Option<String>,
    pub size: Option<i64>,
    pub requested_at: String,
    pub uploaded_at: Option<String>,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DocumentReviewInput {
    /// The document matched the account's owner.
    pub passed: bool,
    #[serde(default)]
    pub note: String,
}

/// What an upload link shows the customer.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct UploadLink {
    pub name: String,
    pub language: String,
    /// The link still takes a file.
    pub open: bool,
    pub uploaded: bool,
}

fn action_view(r: ActionRow, person_name: String) -> AccountActionView {
    AccountActionView {
        id: r.id,
        person_id: r.person_id,
        person_name,
        action: AccountAction::parse(&r.action).unwrap_or(AccountAction::PasswordResetLink),
        new_email: r.new_email,
        note: r.note,
        status: r.status,
        identity_check: r.check_id,
        requested_at: rfc3339(r.requested_at),
        result_note: r.result_note,
        result_at: r.result_at.map(rfc3339),
    }
}

pub(crate) fn document_state(d: &DocumentRow, now: Millis) -> DocumentState {
    let status = if d.deleted_at.is_some() {
        "deleted"
    } else if d.uploaded_at.is_some() {
        "uploaded"
    } else if d.link_expires_at <= now {
        "expired"
    } else {
        "requested"
    };
    DocumentState {
        status: status.into(),
        content_type: d.content_type.clone(),
        size: d.size,
        requested_at: rfc3339(d.requested_at),
        uploaded_at: d.uploaded_at.map(rfc3339),
    }
}

fn action_words(lang: Lang, action: AccountAction) -> &'static str {
    match action {
        AccountAction::PasswordResetLink => tr!(lang, "account-action-password_reset_link"),
        AccountAction::Unlock => tr!(lang, "account-action-unlock"),
        AccountAction::ResendVerification => tr!(lang, "account-action-resend_verification"),
        AccountAction::ChangeEmail => tr!(lang, "account-action-change_email"),
        AccountAction::ResetSecondFactor => tr!(lang, "account-action-reset_second_factor"),
        AccountAction::CloseAccount => tr!(lang, "account-action-close_account"),
    }
}

impl Services {
    /// An agent opens an identity check for a customer (before an action
    /// that needs one); answers the open one if there is one.
    pub async fn open_identity_check(
        &self,
        viewer: &Viewer,
        input: NewCheckInput,
    ) -> Result<IdentityCheckView> {
        if !viewer.may(Permission::WorkTickets) {
            return Err(ServiceError::forbidden("run identity checks"));
        }
        let reason: String = input.reason.trim().chars().take(200).collect();
        if reason.is_empty() {
            return Err(ServiceError::field("reason", "must not be empty"));
        }
        let now = now_ms();
        let mut tx = self.store.begin().await?;
        let person = match (input.person_id, input.email.as_deref()) {
            (Some(id), _) => people::get(&mut tx, id).await?,
            (None, Some(email)) => people::find_by_email(&mut tx, email.trim()).await?,
            (None, None) => {
                return Err(ServiceError::field(
                    "person_id",
                    "the customer, by id or email",
                ));
            }
        }
        .filter(|p| !p.role.is_staff())
        .ok_or(ServiceError::NotFound("customer"))?;
        let id = checks::open_check(&mut tx, person.id, None, &reason, now).await?;
        self.audit_signal(
            &mut tx,
            viewer,
            person.id,
            "identity_check_opened",
            &reason,
            now,
        )
        .await?;
        let row = checks::get_check(&mut tx, id)
            .await?
            .ok_or(ServiceError::NotFound("identity check"))?;
        let document = store::document_of_check(&mut tx, id).await?;
        tx.commit().await?;
        Ok(self.check_view_with(row, person.name, document.as_ref(), now))
    }

    /// Asks the platform to act on a customer's account. What needs it
    /// waits for a passed identity check; each is logged and one of a kind
    /// waits at a time.
    pub async fn request_account_action(
        &self,
        viewer: &Viewer,
        person_id: i64,
        input: AccountActionInput,
    ) -> Result<AccountActionView> {
        if !viewer.may(Permission::WorkTickets) {
            return Err(ServiceError::forbidden("help with customers' accounts"));
        }
        let note: String = input.note.trim().chars().take(500).collect();
        let new_email = match (input.action, input.new_email.as_deref()) {
            (AccountAction::ChangeEmail, Some(email)) => Some(
                EmailAddress::parse(email)
                    .map_err(|e| ServiceError::field("new_email", e.to_string()))?
                    .as_str()
                    .to_owned(),
            ),
            (AccountAction::ChangeEmail, None) => {
                return Err(ServiceError::field(
                    "new_email",
                    "the new address to sign in with",
                ));
            }
            (_, Some(_)) => {
                return Err(ServiceError::field("new_email", "only to change the email"));
            }
            (_, None) => None,
        };
        let now = now_ms();
        let mut tx = self.store.begin().await?;
        let person = people::get(&mut tx, person_id)
            .await?
            .filter(|p| !p.role.is_staff())
            .ok_or(ServiceError::NotFound("customer"))?;
        let frozen = requests::frozen_at(&mut tx, person.id).await?.is_some() || person.disabled;
        let check = store::latest_check(&mut tx, person.id)
            .await?
            .filter(|c| c.started_at >= now - CHECK_VALID_FOR);
        let passed_check = check.as_ref().filter(|c| {
            let passed: Vec<IdentityStep> =
                serde_json::from_str::<Vec<crate::trust::CheckStepRecord>>(&c.steps)
                    .unwrap_or_default()
                    .iter()
                    .filter(|s| s.passed)
                    .map(|s| s.step)
                    .collect();
            c.status == "passed" || check_passes(&passed)
        });
        if input.action.needs_identity_check(frozen) && passed_check.is_none() {
            return Err(ServiceError::Conflict(format!(
                "{} needs a passed identity check first (two steps answered right, one about the orders)",
                input.action
            )));
        }
        if store::actions_since(&mut tx, person.id, now - DAY_MS).await? >= ACTIONS_PER_DAY {
            return Err(ServiceError::Conflict(format!(
                "at most {ACTIONS_PER_DAY} account actions a day for one person"
            )));
        }
        if let Some(email) = &new_email
            && people::find_by_email(&mut tx, email).await?.is_some()
        {
            return Err(ServiceError::field(
                "new_email",
                "another account uses this address",
            ));
        }
        let id = store::insert_action(
            &mut tx,
            &NewAction {
                person_id: person.id,
                check_id: passed_check.map(|c| c.id),
                action: input.action.as_str(),
                new_email: new_email.as_deref(),
                note: &note,
                requested_by: viewer.person_id,
                now,
            },
        )
        .await?;
        self.queue_webhook(
            &mut tx,
            "account.action_requested",
            json!({"action": {"id": id, "kind": input.action, "new_email": new_email,
                   "identity_check": passed_check.map(|c| c.id)},
                   "person": {"id": person.id, "external_id": person.external_id, "email": person.email}}),
            now,
        )
        .await?;
        self.audit_signal(
            &mut tx,
            viewer,
            person.id,
            "account_action_requested",
            input.action.as_str(),
            now,
        )
        .await?;
        let row = store::get_action(&mut tx, id)
            .await?
            .ok_or(ServiceError::NotFound("account action"))?;
        tx.commit().await?;
        Ok(action_view(row, person.name))
    }

    /// A customer's account actions, the newest first (staff).
    pub async fn account_actions(
        &self,
        viewer: &Viewer,
        person_id: Option<i64>,
    ) -> Result<Vec<AccountActionView>> {
        if !viewer.may(Permission::WorkTickets) {
            return Err(ServiceError::forbidden("help with customers' accounts"));
        }
        let mut conn = self.store.reader().await?;
        let rows = match person_id {
            Some(id) => store::actions_of(&mut conn, id, 100).await?,
            None => store::recent_actions(&mut conn, 50).await?,
        };
        let mut views = Vec::with_capacity(rows.len());
        for row in rows {
            let name = people::get(&mut conn, row.person_id)
                .await?
                .map(|p| p.name)
                .unwrap_or_default();
            views.push(action_view(row, name));
        }
        Ok(views)
    }

    /// The platform answers an action, once: a new email is taken on here
    /// too, a closed account can no longer sign in here, and the customer
    /// is told in their language.
    pub async fn account_action_result(
        &self,
        viewer: &Viewer,
        id: i64,
        input: AccountActionResult,
    ) -> Result<AccountActionView> {
        if !viewer.may(Permission::IngestCommerce) {
            return Err(ServiceError::forbidden("report account action results"));
        }
        if !matches!(input.status.as_str(), "done" | "failed") {
            return Err(ServiceError::field("status", "done or failed"));
        }
        let note: String = input.note.trim().chars().take(500).collect();
        let done = input.status == "done";
        let now = now_ms();
        let mut tx = self.store.begin().await?;
        let row = store::get_action(&mut tx, id)
            .await?
            .ok_or(ServiceError::NotFound("account action"))?;
        if !store::finish_action(&mut tx, id, &input.status, &note, now).await? {
            return Err(ServiceError::Conflict(
                "this action was answered already".into(),
            ));
        }
        let person = people::get(&mut tx, row.person_id)
            .await?
            .ok_or(ServiceError::NotFound("customer"))?;
        let action = AccountAction::parse(&row.action).unwrap_or(AccountAction::PasswordResetLink);
        let mut tell = vec![person.email.clone()];
        if done {
            match action {
                AccountAction::ChangeEmail => {
                    if let Some(email) = &row.new_email {
                        people::set_email(&mut tx, person.id, email, now).await?;
                        // Both addresses hear of it: the old one can object.
                        tell.push(email.clone());
                    }
                }
                AccountAction::CloseAccount => {
                    let mut closed = person.clone();
                    closed.disabled = true;
                    people::update_profile(&mut tx, &closed, now).await?;
                }
                _ => {}
            }
        }
        let lang = Lang::from_tag(&person.language);
        let what = action_words(lang, action);
        let (subject, body) = if done {
            (
                tr!(lang, "account-action-done-subject"),
                tr!(
                    lang,
                    "account-action-done-body",
                    name = person.name.clone(),
                    what = what
                ),
            )
        } else {
            (
                tr!(lang, "account-action-failed-subject"),
                tr!(
                    lang,
                    "account-action-failed-body",
                    name = person.name.clone(),
                    what = what
                ),
            )
        };
        for to in &tell {
            outbox::enqueue(&mut tx, to, subject, &body, "account_action", now).await?;
        }
        self.audit_signal(
            &mut tx,
            &system_viewer(),
            person.id,
            "account_action_result",
            &format!("{}:{}", row.action, input.status),
            now,
        )
        .await?;
        let row = store::get_action(&mut tx, id)
            .await?
            .ok_or(ServiceError::NotFound("account action"))?;
        tx.commit().await?;
        if done
            && matches!(
                action,
                AccountAction::ChangeEmail | AccountAction::CloseAccount
            )
        {
            self.credentials_changed();
        }
        Ok(action_view(row, person.name))
    }

    /// Mails the customer a link to upload an identity document for an
    /// open check (48 hours; a new request replaces the old link).
    pub async fn request_identity_document(
        &self,
        viewer: &Viewer,
        check_id: i64,
    ) -> Result<IdentityCheckView> {
        if !viewer.may(Permission::WorkTickets) {
            return Err(ServiceError::forbidden("run identity checks"));
        }
        let now = now_ms();
        let mut tx = self.store.begin().await?;
        let row = checks::get_check(&mut tx, check_id)
            .await?
            .ok_or(ServiceError::NotFound("identity check"))?;
        if row.status != "open" {
            return Err(ServiceError::Conflict(
                "this identity check is decided".into(),
            ));
        }
        let person = people::get(&mut tx, row.person_id)
            .await?
            .ok_or(ServiceError::NotFound("customer"))?;
        let token = new_secret("");
        store::request_document(
            &mut tx,
            check_id,
            person.id,
            &hash_secret(&token),
            now,
            now + UPLOAD_LINK_FOR,
        )
        .await?;
        let lang = Lang::from_tag(&person.language);
        let link = format!(
            "{}/account/identity-document?token={token}",
            self.settings.public_url.trim_end_matches('/')
        );
        let body = tr!(
            lang,
            "identity-document-mail-body",
            name = person.name.clone(),
            link = link
        );
        outbox::enqueue(
            &mut tx,
            &person.email,
            tr!(lang, "identity-document-mail-subject"),
            &body,
            "identity_document",
            now,
        )
        .await?;
        self.audit_signal(
            &mut tx,
            viewer,
            person.id,
            "identity_document_requested",
            "",
            now,
        )
        .await?;
        let document = store::document_of_check(&mut tx, check_id).await?;
        tx.commit().await?;
        Ok(self.check_view_with(row, person.name, document.as_ref(), now))
    }

    /// What an upload link shows (nothing is recorded by opening it).
    pub async fn identity_upload_link(&self, token: &str) -> Result<UploadLink> {
        let now = now_ms();
        let mut conn = self.store.reader().await?;
        let doc = store::document_by_token(&mut conn, &hash_secret(token))
            .await?
            .ok_or(ServiceError::NotFound("link"))?;
        let person = people::get(&mut conn, doc.person_id)
            .await?
            .ok_or(ServiceError::NotFound("link"))?;
        Ok(UploadLink {
            name: person.name,
            language: person.language,
            open: doc.uploaded_at.is_none() && doc.link_expires_at > now,
            uploaded: doc.uploaded_at.is_some(),
        })
    }

    /// The customer uploads the document: a photo (JPEG, PNG) or a PDF of
    /// at most 5 MiB, told by its bytes; once per link.
    pub async fn upload_identity_document(&self, token: &str, bytes: &[u8]) -> Result<UploadLink> {
        if bytes.len() > MAX_DOCUMENT_BYTES {
            return Err(ServiceError::TooLarge(format!(
                "an identity document is at most {} MiB",
                MAX_DOCUMENT_BYTES / 1024 / 1024
            )));
        }
        let content_type = document_type(bytes).ok_or_else(|| {
            ServiceError::field(
                "document",
                "a photo (JPEG or PNG) or a PDF of the identity document",
            )
        })?;
        let now = now_ms();
        let mut tx = self.store.begin().await?;
        let doc = store::document_by_token(&mut tx, &hash_secret(token))
            .await?
            .ok_or(ServiceError::NotFound("link"))?;
        if !store::store_document(&mut tx, doc.id, content_type, bytes, now).await? {
            return Err(ServiceError::Conflict(
                "this link took a document already or has expired".into(),
            ));
        }
        self.audit_signal(
            &mut tx,
            &system_viewer(),
            doc.person_id,
            "identity_document_uploaded",
            content_type,
            now,
        )
        .await?;
        tx.commit().await?;
        self.identity_upload_link(token).await
    }

    /// The uploaded document of a check, for the agent reviewing it (each
    /// look is logged).
    pub async fn identity_document(
        &self,
        viewer: &Viewer,
        check_id: i64,
    ) -> Result<(String, Vec<u8>)> {
        if !viewer.may(Permission::WorkTickets) {
            return Err(ServiceError::forbidden("run identity checks"));
        }
        let now = now_ms();
        let mut tx = self.store.begin().await?;
        let doc = store::document_of_check(&mut tx, check_id)
            .await?
            .ok_or(ServiceError::NotFound("identity document"))?;
        let file = store::document_bytes(&mut tx, doc.id)
            .await?
            .ok_or(ServiceError::NotFound("identity document"))?;
        self.audit_signal(
            &mut tx,
            viewer,
            doc.person_id,
            "identity_document_viewed",
            "",
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(file)
    }

    /// The agent records what the document showed; the file is deleted
    /// then and there.
    pub async fn review_identity_document(
        &self,
        viewer: &Viewer,
        check_id: i64,
        input: DocumentReviewInput,
    ) -> Result<IdentityCheckView> {
        if !viewer.may(Permission::WorkTickets) {
            return Err(ServiceError::forbidden("run identity checks"));
        }
        let doc = {
            let mut conn = self.store.reader().await?;
            store::document_of_check(&mut conn, check_id)
                .await?
                .filter(|d| d.uploaded_at.is_some() && d.deleted_at.is_none())
                .ok_or(ServiceError::NotFound("identity document"))?
        };
        let note = format!(
            "uploaded document reviewed and deleted{}{}",
            if input.note.trim().is_empty() {
                ""
            } else {
                ": "
            },
            input.note.trim().chars().take(400).collect::<String>()
        );
        self.identity_check_step(
            viewer,
            check_id,
            CheckStepInput {
                step: IdentityStep::DocumentSeen,
                passed: input.passed,
                note,
            },
        )
        .await?;
        let now = now_ms();
        let mut tx = self.store.begin().await?;
        store::review_document(&mut tx, doc.id, now).await?;
        self.audit_signal(
            &mut tx,
            viewer,
            doc.person_id,
            "identity_document_deleted",
            "reviewed",
            now,
        )
        .await?;
        let row = checks::get_check(&mut tx, check_id)
            .await?
            .ok_or(ServiceError::NotFound("identity check"))?;
        let name = people::get(&mut tx, row.person_id)
            .await?
            .map(|p| p.name)
            .unwrap_or_default();
        let document = store::document_of_check(&mut tx, check_id).await?;
        tx.commit().await?;
        Ok(self.check_view_with(row, name, document.as_ref(), now))
    }

    /// Checks passed in the last week, the newest first: their accounts
    /// may be helped (staff).
    pub async fn passed_identity_checks(&self, viewer: &Viewer) -> Result<Vec<IdentityCheckView>> {
        if !viewer.may(Permission::WorkTickets) {
            return Err(ServiceError::forbidden("run identity checks"));
        }
        let now = now_ms();
        let mut conn = self.store.reader().await?;
        let mut views = vec![];
        for row in store::passed_checks(&mut conn, now - CHECK_VALID_FOR, 50).await? {
            let name = people::get(&mut conn, row.person_id)
                .await?
                .map(|p| p.name)
                .unwrap_or_default();
            let document = store::document_of_check(&mut conn, row.id).await?;
            views.push(self.check_view_with(row, name, document.as_ref(), now));
        }
        Ok(views)
    }

    /// A customer's id by their email (staff helping with an account).
    pub async fn customer_id_by_email(&self, viewer: &Viewer, email: &str) -> Result<i64> {
        if !viewer.may(Permission::WorkTickets) {
            return Err(ServiceError::forbidden("help with customers' accounts"));
        }
        let mut conn = self.store.reader().await?;
        people::find_by_email(&mut conn, email.trim())
            .await?
            .filter(|p| !p.role.is_staff())
            .map(|p| p.id)
            .ok_or(ServiceError::NotFound("customer"))
    }

    /// Deletes documents nobody reviewed within a week (periodic job).
    pub async fn sweep_identity_documents(&self) -> Result<u64> {
        let now = now_ms();
        let mut tx = self.store.begin().await?;
        let deleted = store::delete_unreviewed(&mut tx, now - DOCUMENT_KEPT_FOR, now).await?;
        tx.commit().await?;
        Ok(deleted)
    }
}
