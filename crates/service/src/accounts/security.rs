//! Staff accounts' security (docs/SECURITY.md): a lost password reset by a
//! link mailed to the account (hashed, single use, one hour; every session
//! ends), the second factor set up with an authenticator app and ten
//! recovery codes, the roles the admin requires it of, and the sessions a
//! person can see and end. The sign-in steps themselves are in
//! `kernel/auth.rs`.

use std::net::IpAddr;

use marketdesk_domain::access::Permission;
use marketdesk_domain::i18n::Lang;
use marketdesk_domain::{EmailAddress, HOUR_MS, Millis, Role};
use marketdesk_messages::tr;
use marketdesk_store::staff_security as store;
use marketdesk_store::{audit, outbox, people};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::people::{audit_entry, require};
use crate::kernel::auth::{hash_password, hash_secret, new_secret, validate_password};
use crate::kernel::limits;
use crate::kernel::second_factor;
use crate::{Recovery, Result, ServiceError, Services, Viewer, now_ms, rfc3339};

/// How long a password reset link works.
const RESET_TTL: Millis = HOUR_MS;
/// Sessions listed at most.
const SESSIONS_LISTED: i64 = 100;

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SecondFactorStatus {
    pub enabled: bool,
    /// The admin requires it of this person's role.
    pub required: bool,
    pub recovery_codes_left: i64,
    /// Being set up: the secret to enter in the app, and its address.
    pub setup: Option<SecondFactorSetup>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SecondFactorSetup {
    /// Base32, for typing into the app.
    pub secret: String,
    /// `otpauth://totp/…`, for an app that reads it (or a QR code).
    pub otpauth_uri: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RecoveryCodes {
    /// Shown once: each signs in once when the phone is lost.
    pub recovery_codes: Vec<String>,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CodeInput {
    /// The six digits the authenticator app shows.
    pub code: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SecondFactorRoles {
    /// Roles that must sign in with a second factor (`agent`,
    /// `supervisor`, `admin`).
    pub roles: Vec<Role>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SessionView {
    /// Names the session (never its token).
    pub id: String,
    pub kind: String,
    /// The address it began from.
    pub client: Option<String>,
    pub created_at: String,
    pub expires_at: String,
    /// The session this request came with.
    pub current: bool,
}

/// Fresh recovery codes for a person, stored hashed in place of the old.
async fn new_recovery_codes(
    conn: &mut marketdesk_store::Conn,
    person_id: i64,
) -> Result<Vec<String>> {
    let codes = second_factor::new_recovery_codes();
    let hashes: Vec<String> = codes
        .iter()
        .map(|c| hash_secret(&second_factor::recovery_code_key(c)))
        .collect();
    store::set_recovery_codes(conn, person_id, &hashes).await?;
    Ok(codes)
}

fn staff_only(viewer: &Viewer) -> Result<()> {
    if viewer.is_staff() && viewer.person_id != 0 {
        Ok(())
    } else {
        Err(ServiceError::forbidden("manage a staff account's security"))
    }
}

impl Services {
    /// Mails a password reset link to a staff account. Answers the same
    /// whether or not the address has one; a client asking too often is
    /// slowed down, an address gets at most three links an hour.
    pub async fn request_password_reset(&self, email: &str, client: Option<IpAddr>) -> Result<()> {
        if let Some(client) = client {
            self.take_limit(
                limits::PASSWORD_RESETS_PER_CLIENT,
                &limits::client_key(client),
                Recovery::Wait,
            )
            .await?;
        }
        let Ok(email) = EmailAddress::parse(email) else {
            return Ok(());
        };
        match self
            .take_limit(limits::PASSWORD_RESETS, email.as_str(), Recovery::Wait)
            .await
        {
            Err(ServiceError::RateLimited { .. }) => return Ok(()),
            other => other?,
        }
        let now = now_ms();
        let mut tx = self.store.begin().await?;
        let Some(person) = people::find_by_email(&mut tx, email.as_str()).await? else {
            return Ok(());
        };
        if person.disabled || !person.role.is_staff() {
            return Ok(());
        }
        let token = new_secret("");
        store::insert_password_reset(
            &mut tx,
            &hash_secret(&token),
            person.id,
            now,
            now + RESET_TTL,
        )
        .await?;
        let link = format!(
            "{}/agent/password/reset?token={token}",
            self.settings.public_url.trim_end_matches('/')
        );
        let lang = Lang::from_tag(&person.language);
        let subject = tr!(lang, "mail-reset-subject");
        let body = tr!(
            lang,
            "mail-reset-body",
            name = person.name.clone(),
            link = link
        );
        outbox::enqueue(
            &mut tx,
            email.as_str(),
            subject,
            &body,
            "password_reset",
            now,
        )
        .await?;
        let system = crate::kernel::auth::system_viewer();
        audit::record(
            &mut tx,
            &audit_entry(
                &system,
                "person",
                person.id,
                "password_reset_requested",
                now,
            ),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Whether a reset link can still be used (its page shows the form).
    pub async fn password_reset_usable(&self, token: &str) -> Result<bool> {
        let mut conn = self.store.reader().await?;
        Ok(
            store::find_password_reset(&mut conn, &hash_secret(token), now_ms())
                .await?
                .is_some(),
        )
    }

    /// Sets a new password with a reset link, once: every session of the
    /// account ends, a wrong-password lock lifts, and the owner is told by
    /// mail. A second factor stays as it was.
    pub async fn reset_password(&self, token: &str, password: &str) -> Result<()> {
        validate_password(password)?;
        let hash = hash_password(password)?;
        let now = now_ms();
        let mut tx = self.store.begin().await?;
        let person_id = store::consume_password_reset(&mut tx, &hash_secret(token), now)
            .await?
            .ok_or_else(|| {
                ServiceError::field("token", "this reset link is unknown, used or expired")
            })?;
        let person = people::get(&mut tx, person_id)
            .await?
            .ok_or(ServiceError::NotFound("person"))?;
        people::set_password_hash(&mut tx, person_id, &hash, now).await?;
        store::end_other_sessions(&mut tx, person_id, None).await?;
        let system = crate::kernel::auth::system_viewer();
        audit::record(
            &mut tx,
            &audit_entry(&system, "person", person_id, "password_reset", now),
        )
        .await?;
        let lang = Lang::from_tag(&person.language);
        let body = tr!(
            lang,
            "mail-password-changed-body",
            name = person.name.clone()
        );
        outbox::enqueue(
            &mut tx,
            &person.email,
            tr!(lang, "mail-password-changed-subject"),
            &body,
            "password_changed",
            now,
        )
        .await?;
        tx.commit().await?;
        self.credentials_changed();
        self.clear_limit(limits::FAILED_LOGINS, &person.email)
            .await?;
        self.clear_limit(limits::UNLOCK_LINKS, &person.email).await
    }

    /// The viewer's second factor, and whether their role requires it.
    pub async fn second_factor_status(&self, viewer: &Viewer) -> Result<SecondFactorStatus> {
        staff_only(viewer)?;
        let mut conn = self.store.reader().await?;
        let factor = store::second_factor(&mut conn, viewer.person_id).await?;
        let required = store::required_roles(&mut conn)
            .await?
            .iter()
            .any(|r| r == viewer.role.as_str());
        let email = people::get(&mut conn, viewer.person_id)
            .await?
            .map(|p| p.email)
            .unwrap_or_default();
        Ok(SecondFactorStatus {
            enabled: factor.as_ref().is_some_and(|f| f.confirmed_at.is_some()),
            required,
            recovery_codes_left: store::recovery_codes_left(&mut conn, viewer.person_id).await?,
            setup: factor
                .filter(|f| f.confirmed_at.is_none())
                .map(|f| SecondFactorSetup {
                    otpauth_uri: second_factor::otpauth_uri(&f.secret, &self.issuer(), &email),
                    secret: f.secret,
                }),
        })
    }

    fn issuer(&self) -> String {
        let name = self.policy().shop.name.trim().to_owned();
        if name.is_empty() {
            "marketdesk".into()
        } else {
            name
        }
    }

    /// Whether the viewer's role must use a second factor they have not
    /// set up yet (the workspace then shows only the page to set it up).
    pub async fn second_factor_missing(&self, viewer: &Viewer) -> Result<bool> {
        if !viewer.is_staff() || viewer.person_id == 0 {
            return Ok(false);
        }
        let mut conn = self.store.reader().await?;
        let required = store::required_roles(&mut conn)
            .await?
            .iter()
            .any(|r| r == viewer.role.as_str());
        if !required {
            return Ok(false);
        }
        Ok(store::second_factor(&mut conn, viewer.person_id)
            .await?
            .is_none_or(|f| f.confirmed_at.is_none()))
    }

    /// Starts setting up a second factor: a new secret for the app.
    pub async fn begin_second_factor(&self, viewer: &Viewer) -> Result<SecondFactorStatus> {
        staff_only(viewer)?;
        let mut tx = self.store.begin().await?;
        if !store::begin_second_factor(
            &mut tx,
            viewer.person_id,
            &second_factor::new_secret(),
            now_ms(),
        )
        .await?
        {
            return Err(ServiceError::Conflict(
                "a second factor is set up already: turn it off first to set up another".into(),
            ));
        }
        tx.commit().await?;
        self.second_factor_status(viewer).await
    }

    /// Confirms the second factor being set up with a code from the app;
    /// answers the recovery codes, shown this once.
    pub async fn confirm_second_factor(
        &self,
        viewer: &Viewer,
        input: CodeInput,
    ) -> Result<RecoveryCodes> {
        staff_only(viewer)?;
        let now = now_ms();
        let mut tx = self.store.begin().await?;
        let factor = store::second_factor(&mut tx, viewer.person_id)
            .await?
            .filter(|f| f.confirmed_at.is_none())
            .ok_or_else(|| {
                ServiceError::Conflict("start setting up a second factor first".into())
            })?;
        let step = second_factor::matching_step(&factor.secret, &input.code, (now / 1000) as u64)
            .ok_or_else(|| {
            ServiceError::field(
                "code",
                "this code is wrong: check the app's clock and try the next one",
            )
        })?;
        if !store::accept_step(&mut tx, viewer.person_id, step, now).await? {
            return Err(ServiceError::field(
                "code",
                "this code was used already: wait for the next one",
            ));
        }
        let codes = new_recovery_codes(&mut tx, viewer.person_id).await?;
        audit::record(
            &mut tx,
            &audit_entry(
                viewer,
                "person",
                viewer.person_id,
                "second_factor_enabled",
                now,
            ),
        )
        .await?;
        tx.commit().await?;
        Ok(RecoveryCodes {
            recovery_codes: codes,
        })
    }

    /// New recovery codes for the old ones, with a code from the app.
    pub async fn renew_recovery_codes(
        &self,
        viewer: &Viewer,
        input: CodeInput,
    ) -> Result<RecoveryCodes> {
        staff_only(viewer)?;
        let now = now_ms();
        let mut tx = self.store.begin().await?;
        self.check_current_code(&mut tx, viewer.person_id, &input.code, now)
            .await?;
        let codes = new_recovery_codes(&mut tx, viewer.person_id).await?;
        audit::record(
            &mut tx,
            &audit_entry(
                viewer,
                "person",
                viewer.person_id,
                "recovery_codes_renewed",
                now,
            ),
        )
        .await?;
        tx.commit().await?;
        Ok(RecoveryCodes {
            recovery_codes: codes,
        })
    }

    /// Turns the viewer's second factor off, with a code from the app —
    /// not while their role requires one.
    pub async fn remove_second_factor(&self, viewer: &Viewer, input: CodeInput) -> Result<()> {
        staff_only(viewer)?;
        if self.second_factor_status(viewer).await?.required {
            return Err(ServiceError::Conflict(
                "your role must use a second factor: it cannot be turned off".into(),
            ));
        }
        let now = now_ms();
        let mut tx = self.store.begin().await?;
        self.check_current_code(&mut tx, viewer.person_id, &input.code, now)
            .await?;
        store::remove_second_factor(&mut tx, viewer.person_id).await?;
        audit::record(
            &mut tx,
            &audit_entry(
                viewer,
                "person",
                viewer.person_id,
                "second_factor_disabled",
                now,
            ),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn check_current_code(
        &self,
        conn: &mut marketdesk_store::Conn,
        person_id: i64,
        code: &str,
        now: Millis,
    ) -> Result<()> {
        let factor = store::second_factor(conn, person_id)
            .await?
            .filter(|f| f.confirmed_at.is_some())
            .ok_or_else(|| ServiceError::Conflict("no second factor is set up".into()))?;
        let accepted = match second_factor::matching_step(&factor.secret, code, (now / 1000) as u64)
        {
            Some(step) => store::accept_step(conn, person_id, step, now).await?,
            None => false,
        };
        if accepted {
            Ok(())
        } else {
            Err(ServiceError::field(
                "code",
                "this code is wrong or was used already",
            ))
        }
    }

    /// An admin removes someone's second factor (phone and recovery codes
    /// lost): their sessions end, they set it up again at next sign-in.
    pub async fn reset_second_factor_of(&self, viewer: &Viewer, person_id: i64) -> Result<()> {
        require(viewer, Permission::ManageUsers, "reset second factors")?;
        let now = now_ms();
        let mut tx = self.store.begin().await?;
        people::get(&mut tx, person_id)
            .await?
            .filter(|p| p.role.is_staff())
            .ok_or(ServiceError::NotFound("staff member"))?;
        if !store::remove_second_factor(&mut tx, person_id).await? {
            return Err(ServiceError::Conflict(
                "this person has no second factor".into(),
            ));
        }
        store::end_other_sessions(&mut tx, person_id, None).await?;
        audit::record(
            &mut tx,
            &audit_entry(viewer, "person", person_id, "second_factor_reset", now),
        )
        .await?;
        tx.commit().await?;
        self.credentials_changed();
        Ok(())
    }

    /// The roles that must use a second factor.
    pub async fn second_factor_roles(&self, viewer: &Viewer) -> Result<SecondFactorRoles> {
        require(
            viewer,
            Permission::ManageUsers,
            "read who must use a second factor",
        )?;
        let mut conn = self.store.reader().await?;
        Ok(SecondFactorRoles {
            roles: store::required_roles(&mut conn)
                .await?
                .iter()
                .filter_map(|r| Role::parse(r).ok())
                .collect(),
        })
    }

    /// The admin sets the roles that must use a second factor.
    pub async fn set_second_factor_roles(
        &self,
        viewer: &Viewer,
        input: SecondFactorRoles,
    ) -> Result<SecondFactorRoles> {
        require(viewer, Permission::ManageUsers, "require second factors")?;
        if let Some(role) = input.roles.iter().find(|r| !r.is_staff()) {
            return Err(ServiceError::field(
                "roles",
                format!("{role} is not a staff role: agent, supervisor or admin"),
            ));
        }
        let mut roles: Vec<&str> = input.roles.iter().map(|r| r.as_str()).collect();
        roles.sort_unstable();
        roles.dedup();
        let now = now_ms();
        let mut tx = self.store.begin().await?;
        store::set_required_roles(&mut tx, &roles).await?;
        let mut entry = audit_entry(viewer, "security", 0, "second_factor_roles", now);
        entry.new_value = Some(roles.join(" "));
        audit::record(&mut tx, &entry).await?;
        tx.commit().await?;
        self.second_factor_roles(viewer).await
    }

    /// The viewer's live sessions, newest first; `current` is the token
    /// this request came with.
    pub async fn my_sessions(
        &self,
        viewer: &Viewer,
        current: Option<&str>,
    ) -> Result<Vec<SessionView>> {
        staff_only(viewer)?;
        let current = current.map(hash_secret);
        let mut conn = self.store.reader().await?;
        Ok(
            store::sessions_of(&mut conn, viewer.person_id, now_ms(), SESSIONS_LISTED)
                .await?
                .into_iter()
                .map(|(hash, s)| SessionView {
                    current: current.as_deref() == Some(hash.as_str()),
                    id: s.handle,
                    kind: s.kind,
                    client: s.client,
                    created_at: rfc3339(s.created_at),
                    expires_at: rfc3339(s.expires_at),
                })
                .collect(),
        )
    }

    /// Ends one of the viewer's sessions.
    pub async fn end_my_session(&self, viewer: &Viewer, id: &str) -> Result<()> {
        staff_only(viewer)?;
        let mut tx = self.store.begin().await?;
        if store::end_session(&mut tx, viewer.person_id, id).await? == 0 {
            return Err(ServiceError::NotFound("session"));
        }
        audit::record(
            &mut tx,
            &audit_entry(
                viewer,
                "person",
                viewer.person_id,
                "session_ended",
                now_ms(),
            ),
        )
        .await?;
        tx.commit().await?;
        self.credentials_changed();
        Ok(())
    }

    /// Ends every session of the viewer but the current one.
    pub async fn end_my_other_sessions(
        &self,
        viewer: &Viewer,
        current: Option<&str>,
    ) -> Result<u64> {
        staff_only(viewer)?;
        let keep = current.map(hash_secret);
        let mut tx = self.store.begin().await?;
        let ended = store::end_other_sessions(&mut tx, viewer.person_id, keep.as_deref()).await?;
        audit::record(
            &mut tx,
            &audit_entry(
                viewer,
                "person",
                viewer.person_id,
                "other_sessions_ended",
                now_ms(),
            ),
        )
        .await?;
        tx.commit().await?;
        self.credentials_changed();
        Ok(ended)
    }
}
