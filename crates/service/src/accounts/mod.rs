//! People, teams, API tokens, tags and the audit log.

mod views;

pub use views::*;

use marketdesk_domain::access::Permission;
use marketdesk_domain::text::required_line;
use marketdesk_domain::{EmailAddress, LanguageTag, Role, Scope};
use marketdesk_store::audit::{self, AuditEntry};
use marketdesk_store::auth as store_auth;
use marketdesk_store::people::{self, NewPerson, PersonRow};
use marketdesk_store::tickets;
use serde::Deserialize;
use utoipa::ToSchema;

use crate::kernel::auth::{
    API_TOKEN_PREFIX, actor_id, hash_password, hash_secret, new_secret, validate_password,
};
use crate::kernel::identity::PersonView;
use crate::kernel::page::{Page, PageRequest};
use crate::{Result, ServiceError, Services, Viewer, now_ms, rfc3339};

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewUser {
    pub email: String,
    pub name: String,
    pub role: Role,
    /// Required for staff, who sign in with a password.
    #[serde(default)]
    pub password: Option<String>,
    #[serde(default)]
    pub language: Option<String>,
    #[serde(default)]
    pub time_zone: Option<String>,
    #[serde(default)]
    pub phone: Option<String>,
    #[serde(default)]
    pub external_id: Option<String>,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewMacro {
    pub name: String,
    pub body: String,
    #[serde(default)]
    pub language: Option<String>,
}

#[derive(Debug, Clone, serde::Serialize, ToSchema)]
pub struct MacroView {
    pub id: i64,
    pub name: String,
    pub body: String,
    pub language: String,
}

/// A change to a staff account: its role, or whether it may sign in.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StaffUpdate {
    /// `agent`, `supervisor` or `admin`.
    pub role: Option<Role>,
    /// A disabled account cannot sign in; its tokens stop working.
    pub disabled: Option<bool>,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewTeam {
    pub name: String,
    #[serde(default)]
    pub description: String,
}

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

fn require(viewer: &Viewer, permission: Permission, what: &str) -> Result<()> {
    if viewer.may(permission) {
        Ok(())
    } else {
        Err(ServiceError::forbidden(what))
    }
}

fn audit_entry(
    viewer: &Viewer,
    subject_type: &str,
    subject_id: i64,
    action: &str,
    now: i64,
) -> AuditEntry {
    AuditEntry {
        id: 0,
        subject_type: subject_type.into(),
        subject_id,
        ticket_id: None,
        actor_id: actor_id(viewer),
        action: action.into(),
        field: None,
        old_value: None,
        new_value: None,
        created_at: now,
    }
}

impl Services {
    /// Creates a person. Staff accounts need a password; only admins create
    /// staff, staff create customers and sellers.
    pub async fn create_user(&self, viewer: &Viewer, new: NewUser) -> Result<PersonView> {
        let needed = if new.role.is_staff() {
            Permission::ManageUsers
        } else {
            Permission::WriteCustomers
        };
        require(viewer, needed, &format!("create a {}", new.role))?;
        let email = EmailAddress::parse(&new.email)?;
        let name = required_line("name", &new.name, 200)?;
        let language = LanguageTag::parse(new.language.as_deref().unwrap_or("en"))?;
        let time_zone = required_line("time_zone", new.time_zone.as_deref().unwrap_or("UTC"), 64)?;
        let phone = new
            .phone
            .as_deref()
            .map(|p| required_line("phone", p, 32))
            .transpose()?;
        let external_id = new
            .external_id
            .as_deref()
            .map(|e| required_line("external_id", e, 128))
            .transpose()?;
        let password_hash = match (&new.password, new.role.is_staff()) {
            (Some(p), _) => {
                validate_password(p)?;
                Some(hash_password(p)?)
            }
            (None, true) => {
                return Err(ServiceError::field(
                    "password",
                    "staff accounts need a password",
                ));
            }
            (None, false) => None,
        };
        let now = now_ms();
        let mut tx = self.store.begin().await?;
        let id = people::insert(
            &mut tx,
            &NewPerson {
                role: new.role,
                email: email.as_str(),
                name: &name,
                language: language.as_str(),
                time_zone: &time_zone,
                phone: phone.as_deref(),
                password_hash: password_hash.as_deref(),
                external_id: external_id.as_deref(),
                now,
            },
        )
        .await?;
        let mut entry = audit_entry(viewer, "person", id, "created", now);
        entry.new_value = Some(format!("{} {}", new.role, email));
        audit::record(&mut tx, &entry).await?;
        let person = people::get(&mut tx, id)
            .await?
            .ok_or(ServiceError::NotFound("person"))?;
        tx.commit().await?;
        Ok(PersonView::from(&person))
    }

    /// Changes a staff member's role or disables the account (admins only).
    /// Nobody changes their own account this way, so the admin making the
    /// change stays one: the shop can never lock itself out.
    pub async fn update_staff(
        &self,
        viewer: &Viewer,
        person_id: i64,
        update: StaffUpdate,
    ) -> Result<PersonView> {
        require(viewer, Permission::ManageUsers, "change staff accounts")?;
        if person_id == viewer.person_id {
            return Err(ServiceError::field(
                "person_id",
                "you cannot change your own role or disable yourself; ask another admin",
            ));
        }
        if let Some(role) = update.role
            && !role.is_staff()
        {
            return Err(ServiceError::field(
                "role",
                format!("{role} is not a staff role; use agent, supervisor or admin"),
            ));
        }
        let now = now_ms();
        let mut tx = self.store.begin().await?;
        let mut person = people::get(&mut tx, person_id)
            .await?
            .filter(|p| p.role.is_staff())
            .ok_or(ServiceError::NotFound("staff member"))?;
        let before = (person.role, person.disabled);
        person.role = update.role.unwrap_or(person.role);
        person.disabled = update.disabled.unwrap_or(person.disabled);
        if (person.role, person.disabled) != before {
            people::update_profile(&mut tx, &person, now).await?;
            if person.disabled && !before.1 {
                // Disabling ends the sessions for good: enabling the account
                // again must not bring them back (API tokens are kept; they
                // answer 401 while the account is disabled).
                store_auth::delete_sessions_of(&mut tx, person_id).await?;
            }
            for (field, old, new) in [
                ("role", before.0.to_string(), person.role.to_string()),
                (
                    "disabled",
                    before.1.to_string(),
                    person.disabled.to_string(),
                ),
            ] {
                if old != new {
                    let mut entry = audit_entry(viewer, "person", person_id, "updated", now);
                    entry.field = Some(field.into());
                    entry.old_value = Some(old);
                    entry.new_value = Some(new);
                    audit::record(&mut tx, &entry).await?;
                }
            }
        }
        tx.commit().await?;
        Ok(PersonView::from(&person))
    }

    /// Sets a staff member's password (CLI `admin set-password`).
    pub async fn set_password(&self, viewer: &Viewer, email: &str, password: &str) -> Result<()> {
        require(viewer, Permission::ManageUsers, "set passwords")?;
        validate_password(password)?;
        let email = EmailAddress::parse(email)?;
        let hash = hash_password(password)?;
        let now = now_ms();
        let mut tx = self.store.begin().await?;
        let person = people::find_by_email(&mut tx, email.as_str())
            .await?
            .ok_or(ServiceError::NotFound("person"))?;
        people::set_password_hash(&mut tx, person.id, &hash, now).await?;
        audit::record(
            &mut tx,
            &audit_entry(viewer, "person", person.id, "password_set", now),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn me(&self, viewer: &Viewer) -> Result<PersonView> {
        let mut conn = self.store.reader().await?;
        let person = people::get(&mut conn, viewer.person_id)
            .await?
            .ok_or(ServiceError::NotFound("person"))?;
        Ok(PersonView::from(&person))
    }

    pub async fn get_person(&self, viewer: &Viewer, id: i64) -> Result<PersonView> {
        let mut conn = self.store.reader().await?;
        let person = people::get(&mut conn, id)
            .await?
            .ok_or(ServiceError::NotFound("person"))?;
        let permission = if person.role.is_staff() {
            Permission::ReadStaff
        } else {
            Permission::ReadCustomers
        };
        if viewer.person_id != id && !viewer.may(permission) {
            // Someone else's record: as if it did not exist.
            return Err(ServiceError::NotFound("person"));
        }
        Ok(PersonView::from(&person))
    }

    /// Customers and sellers (`staff: false`) or agents, supervisors and admins.
    pub async fn list_people(
        &self,
        viewer: &Viewer,
        staff: bool,
        page: PageRequest,
    ) -> Result<Page<PersonView>> {
        let (permission, roles): (Permission, &[Role]) = if staff {
            (
                Permission::ReadStaff,
                &[Role::Agent, Role::Supervisor, Role::Admin],
            )
        } else {
            (Permission::ReadCustomers, &[Role::Customer, Role::Seller])
        };
        require(viewer, permission, "list people")?;
        let mut conn = self.store.reader().await?;
        let rows = people::list(&mut conn, roles, page.before_id, page.fetch_limit()).await?;
        let views: Vec<PersonView> = rows.iter().map(PersonView::from).collect();
        Ok(page.finish(views, |p| p.id))
    }

    pub async fn create_team(&self, viewer: &Viewer, new: NewTeam) -> Result<TeamView> {
        require(viewer, Permission::ManageTeams, "create teams")?;
        let name = required_line("name", &new.name, 100)?;
        if new.description.chars().count() > 1000 {
            return Err(ServiceError::field(
                "description",
                "at most 1000 characters",
            ));
        }
        let now = now_ms();
        let mut tx = self.store.begin().await?;
        let id = people::insert_team(&mut tx, &name, new.description.trim(), now).await?;
        let mut entry = audit_entry(viewer, "team", id, "created", now);
        entry.new_value = Some(name);
        audit::record(&mut tx, &entry).await?;
        let team = people::get_team(&mut tx, id)
            .await?
            .ok_or(ServiceError::NotFound("team"))?;
        tx.commit().await?;
        Ok(TeamView::from(&team))
    }

    pub async fn list_teams(&self, viewer: &Viewer) -> Result<Vec<TeamView>> {
        require(viewer, Permission::ReadStaff, "list teams")?;
        let mut conn = self.store.reader().await?;
        Ok(people::list_teams(&mut conn)
            .await?
            .iter()
            .map(TeamView::from)
            .collect())
    }

    /// Adds (or with `member: false` removes) a staff member to a team.
    pub async fn set_team_member(
        &self,
        viewer: &Viewer,
        team_id: i64,
        person_id: i64,
        member: bool,
    ) -> Result<TeamView> {
        require(viewer, Permission::ManageTeams, "change teams")?;
        let now = now_ms();
        let mut tx = self.store.begin().await?;
        people::get_team(&mut tx, team_id)
            .await?
            .ok_or(ServiceError::NotFound("team"))?;
        let person = people::get(&mut tx, person_id)
            .await?
            .ok_or(ServiceError::NotFound("person"))?;
        if !person.role.is_staff() {
            return Err(ServiceError::field(
                "person_id",
                "only agents, supervisors and admins join teams",
            ));
        }
        let changed = if member {
            people::add_team_member(&mut tx, team_id, person_id).await?;
            true
        } else {
            people::remove_team_member(&mut tx, team_id, person_id).await?
        };
        if changed {
            let mut entry = audit_entry(
                viewer,
                "team",
                team_id,
                if member {
                    "member_added"
                } else {
                    "member_removed"
                },
                now,
            );
            entry.new_value = Some(person_id.to_string());
            audit::record(&mut tx, &entry).await?;
        }
        let team = people::get_team(&mut tx, team_id)
            .await?
            .ok_or(ServiceError::NotFound("team"))?;
        tx.commit().await?;
        Ok(TeamView::from(&team))
    }

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
                asked
            }
            None => role_scopes,
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

    /// Canned replies (staff).
    pub async fn list_macros(&self, viewer: &Viewer) -> Result<Vec<MacroView>> {
        require(viewer, Permission::WorkTickets, "list macros")?;
        let mut conn = self.store.reader().await?;
        Ok(people::list_macros(&mut conn)
            .await?
            .into_iter()
            .map(|m| MacroView {
                id: m.id,
                name: m.name,
                body: m.body,
                language: m.language,
            })
            .collect())
    }

    /// Adds a canned reply (supervisors, admins).
    pub async fn create_macro(&self, viewer: &Viewer, new: NewMacro) -> Result<MacroView> {
        require(viewer, Permission::ManageTeams, "create macros")?;
        let name = required_line("name", &new.name, 100)?;
        let body = marketdesk_domain::text::required_text("body", &new.body, 10_000)?;
        let language = LanguageTag::parse(new.language.as_deref().unwrap_or("en"))?;
        let now = now_ms();
        let mut tx = self.store.begin().await?;
        let id = people::insert_macro(&mut tx, &name, &body, language.as_str(), now).await?;
        audit::record(&mut tx, &audit_entry(viewer, "macro", id, "created", now)).await?;
        tx.commit().await?;
        Ok(MacroView {
            id,
            name,
            body,
            language: language.as_str().to_string(),
        })
    }

    pub async fn list_tags(&self, viewer: &Viewer) -> Result<Vec<TagCount>> {
        require(viewer, Permission::WorkTickets, "list tags")?;
        let mut conn = self.store.reader().await?;
        Ok(tickets::tag_counts(&mut conn)
            .await?
            .into_iter()
            .map(|(tag, count)| TagCount { tag, count })
            .collect())
    }

    pub async fn list_audit(&self, viewer: &Viewer, page: PageRequest) -> Result<Page<AuditView>> {
        require(viewer, Permission::ReadAudit, "read the audit log")?;
        let mut conn = self.store.reader().await?;
        let rows = audit::list(&mut conn, page.before_id, page.fetch_limit()).await?;
        Ok(page.finish(rows.iter().map(AuditView::from).collect(), |a| a.id))
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
