//! Privacy requests (docs/TRUST.md, "Privacy"): a customer or seller asks
//! for their data — the export is made at once and can be downloaded for a
//! week — or for its erasure, which an admin carries out before the
//! deadline (30 days, as the GDPR's "one month"): personal data removed or
//! replaced everywhere, the accounting records kept and named.

use marketdesk_domain::access::Permission;
use marketdesk_domain::{DAY_MS, Millis, Role};
use marketdesk_store::privacy::{self as store, RequestRow};
use marketdesk_store::{audit, people};
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::ToSchema;

use crate::kernel::auth::actor_id;
use crate::{Result, ServiceError, Services, Viewer, now_ms, rfc3339};

/// Days a request may take to answer.
pub const ANSWER_DAYS: i64 = 30;
/// Days an export can be downloaded.
pub const DOWNLOAD_DAYS: i64 = 7;
/// What an erasure leaves in place of personal words.
pub const ERASED: &str = "[erased at the person's request]";
/// What an erasure keeps, and why.
pub const KEPT: &str = "kept for the shop's accounting: orders with their lines, totals and invoice addresses, payments, refunds, store credit";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum PrivacyKind {
    Export,
    Erasure,
}

impl PrivacyKind {
    fn as_str(self) -> &'static str {
        match self {
            PrivacyKind::Export => "export",
            PrivacyKind::Erasure => "erasure",
        }
    }
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PrivacyRequestInput {
    pub kind: PrivacyKind,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PrivacyRequestView {
    pub id: i64,
    pub person_id: i64,
    /// `export` or `erasure`.
    pub kind: String,
    /// `pending` or `done`.
    pub status: String,
    pub requested_at: String,
    /// Answered by then.
    pub due_at: String,
    pub overdue: bool,
    pub completed_at: Option<String>,
    /// An export: where to download it, while it can be.
    pub download: Option<String>,
    pub download_until: Option<String>,
    /// An erasure: what was removed and what was kept.
    pub note: Option<String>,
}

fn view(r: RequestRow, now: Millis) -> PrivacyRequestView {
    let downloadable = r.kind == "export" && r.download_until.is_some_and(|u| u > now);
    PrivacyRequestView {
        id: r.id,
        person_id: r.person_id,
        download: downloadable.then(|| format!("/api/v1/me/privacy-requests/{}/export", r.id)),
        download_until: r.download_until.map(rfc3339),
        overdue: r.status == "pending" && now > r.due_at,
        kind: r.kind,
        status: r.status,
        requested_at: rfc3339(r.requested_at),
        due_at: rfc3339(r.due_at),
        completed_at: r.completed_at.map(rfc3339),
        note: r.note,
    }
}

fn customer_or_seller(viewer: &Viewer) -> Result<()> {
    if matches!(viewer.role, Role::Customer | Role::Seller)
        && viewer.order_scope.is_none()
        && viewer.person_id != 0
    {
        Ok(())
    } else {
        Err(ServiceError::forbidden(
            "ask for one's data here (sign in with your email's link)",
        ))
    }
}

impl Services {
    /// A customer or seller asks for their data or its erasure. An export
    /// is made at once; an erasure waits for an admin, by its deadline.
    pub async fn request_privacy(
        &self,
        viewer: &Viewer,
        input: PrivacyRequestInput,
    ) -> Result<PrivacyRequestView> {
        customer_or_seller(viewer)?;
        let now = now_ms();
        let mut tx = self.store.begin().await?;
        let id = store::insert_request(
            &mut tx,
            viewer.person_id,
            input.kind.as_str(),
            now,
            now + ANSWER_DAYS * DAY_MS,
        )
        .await
        .map_err(|err| match err {
            marketdesk_store::StoreError::Conflict(_) => ServiceError::Conflict(format!(
                "a {} request is already pending",
                input.kind.as_str()
            )),
            other => other.into(),
        })?;
        if input.kind == PrivacyKind::Export {
            let data = store::gather(&mut tx, viewer.person_id).await?;
            let document = json!({"generated_at": rfc3339(now), "data": data});
            let text = serde_json::to_string_pretty(&document)
                .map_err(|e| ServiceError::Unexpected(e.into()))?;
            store::complete(
                &mut tx,
                id,
                None,
                now,
                Some(&text),
                Some(now + DOWNLOAD_DAYS * DAY_MS),
                "",
            )
            .await?;
        }
        self.audit_privacy(
            &mut tx,
            viewer,
            id,
            &format!("privacy_{}_requested", input.kind.as_str()),
            now,
        )
        .await?;
        self.queue_webhook(
            &mut tx,
            "privacy.requested",
            json!({"request": {"id": id, "person_id": viewer.person_id, "kind": input.kind}}),
            now,
        )
        .await?;
        let row = store::get_request(&mut tx, id)
            .await?
            .ok_or(ServiceError::NotFound("request"))?;
        tx.commit().await?;
        Ok(view(row, now))
    }

    /// The viewer's own requests, newest first.
    pub async fn my_privacy_requests(&self, viewer: &Viewer) -> Result<Vec<PrivacyRequestView>> {
        customer_or_seller(viewer)?;
        let now = now_ms();
        let mut conn = self.store.reader().await?;
        Ok(store::requests_of(&mut conn, viewer.person_id, 50)
            .await?
            .into_iter()
            .map(|r| view(r, now))
            .collect())
    }

    /// The export's JSON, for its owner, within its download days.
    pub async fn privacy_export(&self, viewer: &Viewer, id: i64) -> Result<Vec<u8>> {
        customer_or_seller(viewer)?;
        let now = now_ms();
        let mut conn = self.store.reader().await?;
        let request = store::get_request(&mut conn, id)
            .await?
            .filter(|r| r.person_id == viewer.person_id && r.kind == "export")
            .ok_or(ServiceError::NotFound("export"))?;
        store::export_json(&mut conn, request.id, now)
            .await?
            .map(String::into_bytes)
            .ok_or(ServiceError::NotFound(
                "export (its download time has passed: ask again)",
            ))
    }

    /// Pending requests, the nearest deadline first (admins).
    pub async fn privacy_queue(&self, viewer: &Viewer) -> Result<Vec<PrivacyRequestView>> {
        if !viewer.may(Permission::ManageUsers) {
            return Err(ServiceError::forbidden("handle privacy requests"));
        }
        let now = now_ms();
        let mut conn = self.store.reader().await?;
        Ok(store::pending(&mut conn, 200)
            .await?
            .into_iter()
            .map(|r| view(r, now))
            .collect())
    }

    /// An admin carries out an erasure, once: the person's personal data is
    /// removed or replaced; the accounting records stay; the platform is
    /// told to erase its copy.
    pub async fn carry_out_erasure(&self, viewer: &Viewer, id: i64) -> Result<PrivacyRequestView> {
        if !viewer.may(Permission::ManageUsers) {
            return Err(ServiceError::forbidden("handle privacy requests"));
        }
        let now = now_ms();
        let mut tx = self.store.begin().await?;
        let request = store::get_request(&mut tx, id)
            .await?
            .filter(|r| r.kind == "erasure")
            .ok_or(ServiceError::NotFound("erasure request"))?;
        if request.status != "pending" {
            return Err(ServiceError::Conflict(
                "this erasure was carried out already".into(),
            ));
        }
        let person = people::get(&mut tx, request.person_id)
            .await?
            .ok_or(ServiceError::NotFound("person"))?;
        if person.role.is_staff() {
            return Err(ServiceError::Conflict(
                "staff accounts are closed by an admin, not erased here".into(),
            ));
        }
        let erased = store::erase(&mut tx, person.id, ERASED, now).await?;
        let note = format!(
            "removed: name, email, phone, {} messages, {} attachments, {} chat lines, {} case messages, {} forum posts, the subjects of their tickets, survey comments, mail sent to them; {KEPT}",
            erased.messages,
            erased.attachments,
            erased.chat_lines,
            erased.case_messages,
            erased.forum_posts
        );
        if !store::complete(&mut tx, id, Some(viewer.person_id), now, None, None, &note).await? {
            return Err(ServiceError::Conflict(
                "this erasure was carried out already".into(),
            ));
        }
        self.audit_privacy(&mut tx, viewer, id, "privacy_erasure_done", now)
            .await?;
        self.queue_webhook(
            &mut tx,
            "privacy.erased",
            json!({"request": {"id": id, "person_id": person.id, "external_id": person.external_id}}),
            now,
        )
        .await?;
        let row = store::get_request(&mut tx, id)
            .await?
            .ok_or(ServiceError::NotFound("request"))?;
        tx.commit().await?;
        self.credentials_changed();
        self.search_wake();
        Ok(view(row, now))
    }

    async fn audit_privacy(
        &self,
        conn: &mut marketdesk_store::Conn,
        viewer: &Viewer,
        id: i64,
        action: &str,
        now: Millis,
    ) -> Result<()> {
        audit::record(
            conn,
            &audit::AuditEntry {
                id: 0,
                subject_type: "privacy_request".into(),
                subject_id: id,
                ticket_id: None,
                actor_id: actor_id(viewer),
                action: action.into(),
                field: None,
                old_value: None,
                new_value: None,
                created_at: now,
            },
        )
        .await?;
        Ok(())
    }
}
