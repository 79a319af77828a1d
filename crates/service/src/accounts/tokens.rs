//! API tokens (scopes bounded by the role) and the `MARKETDESK_ADMIN_TOKEN`
//! provisioning.

use marketdesk_domain::access::Permission;
use marketdesk_domain::text::required_line;
use marketdesk_domain::{Role, Scope};
use marketdesk_store::audit::{self};
use marketdesk_store::auth as store_auth;
use marketdesk_store::people::{self, NewPerson, PersonRow};
use serde::Deserialize;
use utoipa::ToSchema;

use super::people::{audit_entry, require};
use super::views::{NewTokenView, TokenView};
use crate::kernel::auth::{API_TOKEN_PREFIX, hash_secret, new_secret};
use crate::{Result, ServiceError, Services, Viewer, now_ms, rfc3339};

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewToken {
    /// The person the token acts as.
    pub person_id: i64,
    pub name: String,
    /// Defaults to everything the person's role allows.
    #[serde(default)]
    pub scopes: Option<Vec<Scope>>,
    /// Days until the token expires; never when absent.
    #[serde(default)]
    pub expires_in_days: Option<u32>,
}

impl Services {
    /// Creates an API token; the secret is in the answer and nowhere else.
    pub async fn create_token(&self, viewer: &Viewer, new: NewToken) -> Result<NewTokenView> {
        require(viewer, Permission::ManageTokens, "create API tokens")?;
        let name = required_line("name", &new.name, 100)?;
        let now = now_ms();
        let secret = new_secret(API_TOKEN_PREFIX);
        let mut tx = self.store.begin().await?;
        let person = people::get(&mut tx, new.person_id)
            .await?
            .ok_or(ServiceError::NotFound("person"))?;
        let role_scopes = person.role.default_scopes();
        let scopes = match new.scopes {
            Some(asked) => {
                if let Some(bad) = asked.iter().find(|s| !role_scopes.contains(s)) {
                    return Err(ServiceError::field(
                        "scopes",
                        format!("a {} cannot hold the scope {bad}", person.role),
                    ));
                }
                // A token never gives more than the credential making it holds.
                if let Some(bad) = asked.iter().find(|s| !viewer.scopes.contains(s)) {
                    return Err(ServiceError::field(
                        "scopes",
                        format!(
                            "you cannot give the scope {bad}: your own credential does not hold it"
                        ),
                    ));
                }
                asked
            }
            None => role_scopes
                .into_iter()
                .filter(|s| viewer.scopes.contains(s))
                .collect(),
        };
        let scope_text = scopes
            .iter()
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        let expires_at = new
            .expires_in_days
            .map(|d| now + i64::from(d.min(3650)) * marketdesk_domain::DAY_MS);
        let id = store_auth::insert_token(
            &mut tx,
            person.id,
            &name,
            &hash_secret(&secret),
            &scope_text,
            expires_at,
            now,
        )
        .await?;
        let mut entry = audit_entry(viewer, "token", id, "created", now);
        entry.new_value = Some(format!("{name} for person {} ({scope_text})", person.id));
        audit::record(&mut tx, &entry).await?;
        tx.commit().await?;
        Ok(NewTokenView {
            token: TokenView {
                id,
                person_id: person.id,
                name,
                scopes: scopes.iter().map(|s| s.as_str().to_string()).collect(),
                created_at: rfc3339(now),
                expires_at: expires_at.map(rfc3339),
                revoked_at: None,
            },
            secret,
        })
    }

    pub async fn list_tokens(&self, viewer: &Viewer) -> Result<Vec<TokenView>> {
        require(viewer, Permission::ManageTokens, "list API tokens")?;
        let mut conn = self.store.reader().await?;
        let rows = store_auth::list_tokens(&mut conn).await?;
        Ok(rows
            .iter()
            .map(|t| TokenView {
                id: t.id,
                person_id: t.person_id,
                name: t.name.clone(),
                scopes: t.scopes.split_whitespace().map(String::from).collect(),
                created_at: rfc3339(t.created_at),
                expires_at: t.expires_at.map(rfc3339),
                revoked_at: t.revoked_at.map(rfc3339),
            })
            .collect())
    }

    pub async fn revoke_token(&self, viewer: &Viewer, id: i64) -> Result<()> {
        require(viewer, Permission::ManageTokens, "revoke API tokens")?;
        let now = now_ms();
        let mut tx = self.store.begin().await?;
        if !store_auth::revoke_token(&mut tx, id, now).await? {
            return Err(ServiceError::NotFound("token"));
        }
        audit::record(&mut tx, &audit_entry(viewer, "token", id, "revoked", now)).await?;
        tx.commit().await?;
        self.credentials_changed();
        Ok(())
    }

    /// Makes sure an admin token with exactly this value exists
    /// (`MARKETDESK_ADMIN_TOKEN`), creating an admin account when there is none.
    pub async fn provision_admin_token(&self, secret: &str) -> Result<()> {
        if secret.len() < 16 {
            return Err(ServiceError::field(
                "MARKETDESK_ADMIN_TOKEN",
                "must be at least 16 characters",
            ));
        }
        let hash = hash_secret(secret);
        let now = now_ms();
        let mut tx = self.store.begin().await?;
        if store_auth::token_hash_exists(&mut tx, &hash).await? {
            return Ok(());
        }
        let admin = match people::list(&mut tx, &[Role::Admin], None, 1)
            .await?
            .into_iter()
            .next()
        {
            Some(admin) => admin,
            None => provision_admin_person(&mut tx, now).await?,
        };
        let scopes = Role::Admin
            .default_scopes()
            .iter()
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        let id = store_auth::insert_token(
            &mut tx,
            admin.id,
            "provisioned (MARKETDESK_ADMIN_TOKEN)",
            &hash,
            &scopes,
            None,
            now,
        )
        .await?;
        audit::record(
            &mut tx,
            &audit_entry(
                &crate::kernel::auth::system_viewer(),
                "token",
                id,
                "provisioned",
                now,
            ),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}

async fn provision_admin_person(conn: &mut marketdesk_store::Conn, now: i64) -> Result<PersonRow> {
    let id = people::insert(
        conn,
        &NewPerson {
            role: Role::Admin,
            email: "admin@marketdesk.localhost",
            name: "Administrator",
            language: "en",
            time_zone: "UTC",
            phone: None,
            password_hash: None,
            external_id: None,
            now,
        },
    )
    .await?;
    people::get(conn, id)
        .await?
        .ok_or(ServiceError::NotFound("person"))
}
