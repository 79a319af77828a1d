//! Who is asking: passwords, API tokens, sessions, magic links and
//! order-number sign-in, all turned into a [`Viewer`].

use marketdesk_messages::tr;
use std::net::IpAddr;

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use marketdesk_domain::{EmailAddress, HOUR_MS, Millis, Role, Scope};
use marketdesk_store::auth::{self as store_auth, Credential, NewSession, SessionKind};
use marketdesk_store::limits as store_limits;
use marketdesk_store::staff_security as store_security;
use marketdesk_store::{commerce, outbox, people, requests};
use rand::RngCore;
use rand::rngs::OsRng;
use sha2::{Digest, Sha256};

use crate::kernel::identity::{PersonView, SessionGrant};
use crate::kernel::limits;
use crate::kernel::second_factor;
use crate::{Recovery, Result, ServiceError, Services, Viewer, now_ms, rfc3339};

/// Prefix of API tokens, so a leaked one is recognisable (and greppable).
pub const API_TOKEN_PREFIX: &str = "mdt_";
/// Prefix of session tokens.
pub const SESSION_PREFIX: &str = "mds_";
/// Prefix of the step between password and second factor.
const CHALLENGE_PREFIX: &str = "mdc_";
/// How long the second step of a sign-in waits for its code.
const CHALLENGE_TTL: Millis = 5 * 60 * 1000;
/// Codes tried on one sign-in before it must start again.
const CHALLENGE_ATTEMPTS: i64 = 5;

/// What a right password leads to.
#[derive(Debug)]
pub enum LoginOutcome {
    Signed(Box<SessionGrant>),
    /// The account has a second factor: its code completes the sign-in
    /// with this challenge.
    SecondFactor {
        challenge: String,
    },
}

pub fn hash_password(password: &str) -> Result<String> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| ServiceError::Unexpected(anyhow::anyhow!("hashing a password failed: {e}")))
}

fn verify_password(hash: &str, password: &str) -> bool {
    PasswordHash::new(hash)
        .map(|parsed| {
            Argon2::default()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok()
        })
        .unwrap_or(false)
}

/// Checks a new password: long enough to resist guessing, short enough to hash.
pub fn validate_password(password: &str) -> Result<()> {
    let len = password.chars().count();
    if !(10..=256).contains(&len) {
        return Err(ServiceError::field(
            "password",
            "must be 10 to 256 characters long",
        ));
    }
    Ok(())
}

/// A fresh random secret with a prefix.
pub fn new_secret(prefix: &str) -> String {
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    format!("{prefix}{}", URL_SAFE_NO_PAD.encode(bytes))
}

/// Secrets are stored as SHA-256: they are random, so no salt or slow hash is needed.
pub fn hash_secret(secret: &str) -> String {
    hex::encode(Sha256::digest(secret.as_bytes()))
}

/// The identity behind a credential, with the session's CSRF token if any.
#[derive(Debug, Clone)]
pub struct Authenticated {
    pub viewer: Viewer,
    pub csrf_token: Option<String>,
}

/// The identity the CLI and background jobs act as. Audit entries record no person.
pub fn system_viewer() -> Viewer {
    Viewer {
        person_id: 0,
        role: Role::Admin,
        scopes: Scope::ALL.to_vec(),
        order_scope: None,
    }
}

/// The person to record in the audit log for a viewer.
pub fn actor_id(viewer: &Viewer) -> Option<i64> {
    (viewer.person_id != 0).then_some(viewer.person_id)
}

fn parse_scopes(text: &str) -> Vec<Scope> {
    text.split_whitespace()
        .filter_map(|s| Scope::parse(s).ok())
        .collect()
}

impl Services {
    /// Resolves a bearer token (API token or session token).
    pub async fn authenticate(&self, secret: &str) -> Result<Authenticated> {
        let hash = hash_secret(secret);
        let now = now_ms();
        if let Some(credential) = self.credentials.get(&hash, now) {
            return Self::authenticated(credential);
        }
        let epoch = self.credentials.epoch();
        let mut conn = self.store.reader().await?;
        let credential = if secret.starts_with(SESSION_PREFIX) {
            store_auth::find_session(&mut conn, &hash, now).await?
        } else {
            store_auth::find_token(&mut conn, &hash, now).await?
        };
        drop(conn);
        let credential = credential.ok_or(ServiceError::Unauthenticated)?;
        self.credentials.put(hash, credential.clone(), epoch);
        Self::authenticated(credential)
    }

    fn authenticated(c: Credential) -> Result<Authenticated> {
        if c.disabled {
            return Err(ServiceError::Unauthenticated);
        }
        let role_scopes = c.role.default_scopes();
        let scopes = match &c.scopes {
            Some(text) => parse_scopes(text)
                .into_iter()
                .filter(|s| role_scopes.contains(s))
                .collect(),
            None => role_scopes,
        };
        Ok(Authenticated {
            viewer: Viewer {
                person_id: c.person_id,
                role: c.role,
                scopes,
                order_scope: c.order_id,
            },
            csrf_token: c.csrf_token,
        })
    }

    /// Staff sign-in with email and password: a session, or — when the
    /// account has a second factor — the step that asks for its code.
    /// `workspace`: the sign-in is the workspace's, which walks a person
    /// whose role must use a second factor through setting one up; an API
    /// sign-in without it is refused.
    pub async fn login(
        &self,
        email: &str,
        password: &str,
        client: Option<IpAddr>,
        workspace: bool,
    ) -> Result<LoginOutcome> {
        let client_ip = client.map(|c| c.to_string());
        let email = EmailAddress::parse(email).map_err(|_| ServiceError::InvalidCredentials)?;
        // Wrong passwords are counted per email and per client address:
        // guessing stops, people do not — a locked account's owner gets a
        // link that lifts the lock.
        let client = client.map(limits::client_key);
        let mut key = vec![(limits::FAILED_LOGINS, email.as_str())];
        if let Some(client) = &client {
            key.push((limits::FAILED_LOGINS_PER_CLIENT, client.as_str()));
        }
        // A locked email is refused before anything is written; otherwise
        // this attempt is counted first, so parallel guesses cannot pass together.
        let reserved = match self.check_limits(&key, Recovery::UnlockLinkMailed).await {
            Ok(()) => self.reserve_limits(&key, Recovery::UnlockLinkMailed).await,
            Err(locked) => Err(locked),
        };
        let counts = match reserved {
            Err(locked @ ServiceError::RateLimited { .. }) => {
                self.mail_unlock_link(&email).await?;
                return Err(locked);
            }
            other => other?,
        };
        let mut conn = self.store.reader().await?;
        let person = people::find_by_email(&mut conn, email.as_str()).await?;
        drop(conn);
        let ok = match &person {
            Some(p) if !p.disabled && p.role.is_staff() => p
                .password_hash
                .as_deref()
                .is_some_and(|h| verify_password(h, password)),
            _ => {
                // Spend the same time as a real check, so timing does not reveal accounts.
                let _ = verify_password(DUMMY_HASH, password);
                false
            }
        };
        let (true, Some(person)) = (ok, person) else {
            if counts
                .first()
                .is_some_and(|&n| n >= limits::FAILED_LOGINS.max)
            {
                self.mail_unlock_link(&email).await?;
            }
            return Err(ServiceError::InvalidCredentials);
        };
        self.release_limits(&key).await?;
        self.refuse_frozen(person.id).await?;
        let now = now_ms();
        let mut tx = self.store.begin().await?;
        let factor = store_security::second_factor(&mut tx, person.id).await?;
        if factor.is_some_and(|f| f.confirmed_at.is_some()) {
            let challenge = new_secret(CHALLENGE_PREFIX);
            store_security::insert_challenge(
                &mut tx,
                &hash_secret(&challenge),
                person.id,
                client_ip.as_deref(),
                now,
                now + CHALLENGE_TTL,
            )
            .await?;
            store_security::purge_challenges(&mut tx, now - CHALLENGE_TTL).await?;
            tx.commit().await?;
            return Ok(LoginOutcome::SecondFactor { challenge });
        }
        let required = store_security::required_roles(&mut tx).await?;
        drop(tx);
        if !workspace && required.iter().any(|r| r == person.role.as_str()) {
            return Err(ServiceError::Forbidden(
                "your role must use a second factor: set it up in the workspace (/agent/security) first"
                    .into(),
            ));
        }
        let grant = self
            .start_session(
                &person,
                SessionKind::Staff,
                None,
                self.settings.staff_session_ttl,
            )
            .await?;
        self.note_session_client(&grant, client_ip.as_deref())
            .await?;
        Ok(LoginOutcome::Signed(Box::new(grant)))
    }

    /// The second step of a sign-in: the code of the authenticator app or
    /// a recovery code, within five minutes and five tries of the password.
    pub async fn complete_second_factor(
        &self,
        challenge: &str,
        code: &str,
    ) -> Result<SessionGrant> {
        let now = now_ms();
        let mut tx = self.store.begin().await?;
        let Some((person_id, client)) = store_security::attempt_challenge(
            &mut tx,
            &hash_secret(challenge),
            now,
            CHALLENGE_ATTEMPTS,
        )
        .await?
        else {
            return Err(ServiceError::field(
                "challenge",
                "this sign-in has expired or had too many wrong codes: sign in again",
            ));
        };
        tx.commit().await?;
        let mut tx = self.store.begin().await?;
        let accepted = match store_security::second_factor(&mut tx, person_id).await? {
            Some(factor) if factor.confirmed_at.is_some() => {
                if second_factor::is_recovery_code(code) {
                    let key = hash_secret(&second_factor::recovery_code_key(code));
                    store_security::use_recovery_code(&mut tx, person_id, &key, now).await?
                } else {
                    match second_factor::matching_step(&factor.secret, code, (now / 1000) as u64) {
                        Some(step) => {
                            store_security::accept_step(&mut tx, person_id, step, now).await?
                        }
                        None => false,
                    }
                }
            }
            _ => false,
        };
        if !accepted {
            return Err(ServiceError::field(
                "code",
                "this code is wrong or was used already",
            ));
        }
        store_security::delete_challenge(&mut tx, &hash_secret(challenge)).await?;
        tx.commit().await?;
        let mut conn = self.store.reader().await?;
        let person = people::get(&mut conn, person_id)
            .await?
            .filter(|p| !p.disabled && p.role.is_staff())
            .ok_or(ServiceError::InvalidCredentials)?;
        drop(conn);
        self.refuse_frozen(person.id).await?;
        let grant = self
            .start_session(
                &person,
                SessionKind::Staff,
                None,
                self.settings.staff_session_ttl,
            )
            .await?;
        self.note_session_client(&grant, client.as_deref()).await?;
        Ok(grant)
    }

    /// Keeps where a session began, for its owner's list of sessions.
    async fn note_session_client(&self, grant: &SessionGrant, client: Option<&str>) -> Result<()> {
        let Some(client) = client else {
            return Ok(());
        };
        let mut tx = self.store.begin().await?;
        store_security::set_session_client(&mut tx, &hash_secret(&grant.token), client).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Mails a one-time link that lifts the wrong-password lock of a staff
    /// account, at most once per lock; nothing for other addresses (the
    /// caller answers the same either way).
    async fn mail_unlock_link(&self, email: &EmailAddress) -> Result<()> {
        match self
            .take_limit(limits::UNLOCK_LINKS, email.as_str(), Recovery::Wait)
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
        store_limits::insert_unlock_link(
            &mut tx,
            &hash_secret(&token),
            email.as_str(),
            now,
            now + UNLOCK_LINK_TTL,
        )
        .await?;
        let link = format!(
            "{}/auth/unlock?token={token}",
            self.settings.public_url.trim_end_matches('/')
        );
        let (subject, body) = unlock_mail(&person.language, &person.name, &link);
        outbox::enqueue(&mut tx, email.as_str(), subject, &body, "unlock_link", now).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Whether an unlock link can still be used (the page shows its button).
    pub async fn unlock_link_usable(&self, token: &str) -> Result<bool> {
        let mut conn = self.store.reader().await?;
        Ok(
            store_limits::find_unlock_link(&mut conn, &hash_secret(token), now_ms())
                .await?
                .is_some(),
        )
    }

    /// Uses an unlock link once: the wrong-password count of its email is
    /// forgotten, so the owner can sign in with their password at once.
    pub async fn redeem_unlock_link(&self, token: &str, client: Option<IpAddr>) -> Result<()> {
        let mut tx = self.store.begin().await?;
        let email = store_limits::consume_unlock_link(&mut tx, &hash_secret(token), now_ms())
            .await?
            .ok_or_else(|| {
                ServiceError::field("token", "this unlock link is unknown, used or expired")
            })?;
        tx.commit().await?;
        self.clear_limit(limits::FAILED_LOGINS, &email).await?;
        // Someone else's guessing from the owner's address (a shared
        // network) must not keep them out either.
        if let Some(client) = client {
            self.clear_limit(
                limits::FAILED_LOGINS_PER_CLIENT,
                &limits::client_key(client),
            )
            .await?;
        }
        // The next lock may mail a new link.
        self.clear_limit(limits::UNLOCK_LINKS, &email).await
    }

    /// Refuses to sign in an account frozen for a security review: a token
    /// it got would only answer 401.
    async fn refuse_frozen(&self, person_id: i64) -> Result<()> {
        let mut conn = self.store.reader().await?;
        match requests::frozen_at(&mut conn, person_id).await? {
            Some(_) => Err(ServiceError::AccountFrozen),
            None => Ok(()),
        }
    }

    async fn start_session(
        &self,
        person: &people::PersonRow,
        kind: SessionKind,
        order_id: Option<i64>,
        ttl: Millis,
    ) -> Result<SessionGrant> {
        let token = new_secret(SESSION_PREFIX);
        let csrf_token = new_secret("");
        let now = now_ms();
        let mut tx = self.store.begin().await?;
        store_auth::insert_session(
            &mut tx,
            &NewSession {
                token_hash: &hash_secret(&token),
                person_id: person.id,
                csrf_token: &csrf_token,
                kind,
                order_id,
                now,
                expires_at: now + ttl,
            },
        )
        .await?;
        tx.commit().await?;
        Ok(SessionGrant {
            token,
            csrf_token,
            expires_at: rfc3339(now + ttl),
            expires_in_secs: ttl / 1000,
            person: PersonView::from(person),
            order_id,
        })
    }

    pub async fn logout(&self, secret: &str) -> Result<()> {
        let mut tx = self.store.begin().await?;
        store_auth::delete_session(&mut tx, &hash_secret(secret)).await?;
        tx.commit().await?;
        self.credentials_changed();
        Ok(())
    }

    /// Sends a sign-in link to a customer or seller. Answers the same whether
    /// or not the address is known, so it cannot be used to probe for accounts.
    pub async fn request_magic_link(&self, email: &str) -> Result<()> {
        let email = EmailAddress::parse(email)?;
        let now = now_ms();
        // Counted for every address, known or not: the limit reveals nothing.
        self.take_limit(limits::SIGN_IN_LINKS, email.as_str(), Recovery::Wait)
            .await?;
        let mut tx = self.store.begin().await?;
        let Some(person) = people::find_by_email(&mut tx, email.as_str()).await? else {
            return Ok(());
        };
        if person.disabled || person.role.is_staff() {
            return Ok(());
        }
        let token = new_secret("");
        store_auth::insert_magic_link(
            &mut tx,
            &hash_secret(&token),
            person.id,
            now,
            now + self.settings.magic_link_ttl,
        )
        .await?;
        let link = format!(
            "{}/auth/magic?token={token}",
            self.settings.public_url.trim_end_matches('/')
        );
        let (subject, body) = magic_link_mail(&person.language, &person.name, &link);
        outbox::enqueue(&mut tx, email.as_str(), subject, &body, "magic_link", now).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Exchanges a magic link's token for a session; each link works once.
    pub async fn redeem_magic_link(&self, token: &str) -> Result<SessionGrant> {
        let mut tx = self.store.begin().await?;
        let person_id = store_auth::consume_magic_link(&mut tx, &hash_secret(token), now_ms())
            .await?
            .ok_or_else(|| {
                ServiceError::field("token", "this sign-in link is unknown, used or expired")
            })?;
        let person = people::get(&mut tx, person_id)
            .await?
            .ok_or(ServiceError::NotFound("person"))?;
        // Refused before the commit: the link still works once the freeze is lifted.
        if requests::frozen_at(&mut tx, person_id).await?.is_some() {
            return Err(ServiceError::AccountFrozen);
        }
        tx.commit().await?;
        self.start_session(
            &person,
            SessionKind::Customer,
            None,
            self.settings.customer_session_ttl,
        )
        .await
    }

    /// Signs a customer in to one order by its number and their email, as shops do.
    pub async fn order_access(
        &self,
        order_number: &str,
        email: &str,
        client: Option<IpAddr>,
    ) -> Result<SessionGrant> {
        let (person, order_id) = self
            .match_order_sign_in(order_number, email, client)
            .await?;
        self.refuse_frozen(person.id).await?;
        self.start_session(
            &person,
            SessionKind::OrderAccess,
            Some(order_id),
            self.settings.customer_session_ttl,
        )
        .await
    }

    /// The customer and order an order number + email name, for every door
    /// (API, portal, chat). Failures are counted per order number, per email
    /// and per client address in one set of counters in the database; past
    /// any of them even the right pair waits (so guesses learn nothing), and
    /// the refusal offers a sign-in link by email instead. "No such order" and
    /// "wrong email" answer the same. Inputs are bounded before anything is
    /// counted.
    pub(crate) async fn match_order_sign_in(
        &self,
        order_number: &str,
        email: &str,
        client: Option<IpAddr>,
    ) -> Result<(people::PersonRow, i64)> {
        self.match_order_party(order_number, email, client, false)
            .await
    }

    /// Like `match_order_sign_in`, for a seller of one of the order's lines
    /// (their sale's number and their own email), under the same limits.
    pub(crate) async fn match_sale_sign_in(
        &self,
        order_number: &str,
        email: &str,
        client: Option<IpAddr>,
    ) -> Result<(people::PersonRow, i64)> {
        self.match_order_party(order_number, email, client, true)
            .await
    }

    async fn match_order_party(
        &self,
        order_number: &str,
        email: &str,
        client: Option<IpAddr>,
        seller: bool,
    ) -> Result<(people::PersonRow, i64)> {
        let number = limits::order_number_key(order_number)?;
        let email = EmailAddress::parse(email)?;
        let client = client.map(limits::client_key);
        let mut keys = vec![
            (limits::FAILED_ORDER_SIGN_INS, number.as_str()),
            (limits::FAILED_ORDER_SIGN_INS_PER_EMAIL, email.as_str()),
        ];
        if let Some(client) = &client {
            keys.push((limits::FAILED_ORDER_SIGN_INS_PER_CLIENT, client.as_str()));
        }
        // Already past a limit: refused before anything is written. Otherwise
        // the attempt is counted first (so a burst cannot pass together) and
        // given back when it succeeds.
        self.check_limits(&keys, Recovery::SignInLink).await?;
        self.reserve_limits(&keys, Recovery::SignInLink).await?;
        let mut conn = self.store.reader().await?;
        let order = commerce::find_order_by_number(&mut conn, order_number.trim()).await?;
        let person = match &order {
            Some(o) if seller => {
                let sellers: Vec<i64> = commerce::lines_of(&mut conn, o.id)
                    .await?
                    .iter()
                    .filter_map(|l| l.seller_id)
                    .collect();
                people::find_by_email(&mut conn, email.as_str())
                    .await?
                    .filter(|p| sellers.contains(&p.id))
            }
            Some(o) => people::get(&mut conn, o.customer_id).await?,
            None => None,
        };
        drop(conn);
        match (order, person) {
            (Some(order), Some(person)) if person.email == email.as_str() && !person.disabled => {
                self.release_limits(&keys).await?;
                Ok((person, order.id))
            }
            _ => Err(ServiceError::InvalidCredentials),
        }
    }

    /// The newest mail queued for an address (for the demo and tests; delivery
    /// goes through the mail channel).
    pub async fn outbox_for(&self, address: &str) -> Result<Vec<outbox::MailRow>> {
        let mut conn = self.store.reader().await?;
        Ok(outbox::to_address(&mut conn, address).await?)
    }
}

fn magic_link_mail(language: &str, name: &str, link: &str) -> (&'static str, String) {
    let lang = marketdesk_domain::i18n::Lang::from_tag(language);
    (
        tr!(lang, "mail-sign-in-link-subject"),
        tr!(lang, "mail-sign-in-link-body", name = name, link = link),
    )
}

/// How long an unlock link works.
const UNLOCK_LINK_TTL: Millis = HOUR_MS;

fn unlock_mail(language: &str, name: &str, link: &str) -> (&'static str, String) {
    let lang = marketdesk_domain::i18n::Lang::from_tag(language);
    (
        tr!(lang, "mail-unlock-subject"),
        tr!(lang, "mail-unlock-body", name = name, link = link),
    )
}

/// An argon2id hash of a random string, checked against when the account is unknown.
const DUMMY_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$2S6Yb3p3m3dIuLR2tB+m1PxKDIxrAKpU2oBpd7r9xvY";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_verify_only_themselves() {
        let hash = hash_password("correct horse battery").unwrap();
        assert!(verify_password(&hash, "correct horse battery"));
        assert!(!verify_password(&hash, "correct horse batterx"));
        assert!(!verify_password("not a hash", "x"));
    }

    #[test]
    fn secrets_are_random_and_prefixed() {
        let a = new_secret(API_TOKEN_PREFIX);
        let b = new_secret(API_TOKEN_PREFIX);
        assert_ne!(a, b);
        assert!(a.starts_with("mdt_") && a.len() > 40);
        assert_eq!(hash_secret(&a).len(), 64);
    }

    #[test]
    fn password_length_is_checked() {
        assert!(validate_password("short").is_err());
        assert!(validate_password("long enough pass").is_ok());
    }
}
