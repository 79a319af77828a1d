//! People: staff created and changed (disabling one deletes their
//! sessions), passwords, and who is who.

use marketdesk_domain::access::Permission;
use marketdesk_domain::text::required_line;
use marketdesk_domain::{EmailAddress, LanguageTag, Role};
use marketdesk_store::audit::{self, AuditEntry};
use marketdesk_store::auth as store_auth;
use marketdesk_store::people::{self, NewPerson};
use serde::Deserialize;
use utoipa::ToSchema;

use crate::kernel::auth::{actor_id, hash_password, validate_password};
use crate::kernel::error::NotAllowed;
use crate::kernel::identity::PersonView;
use crate::kernel::page::{Page, PageRequest};
use crate::{Result, ServiceError, Services, Viewer, now_ms};

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

/// A change to a staff account: its role, or whether it may sign in.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StaffUpdate {
    /// `agent`, `supervisor` or `admin`.
    pub role: Option<Role>,
    /// A disabled account cannot sign in; its tokens stop working.
    pub disabled: Option<bool>,
}

pub(crate) fn require(viewer: &Viewer, permission: Permission, what: &str) -> Result<()> {
    if viewer.may(permission) {
        Ok(())
    } else {
        Err(ServiceError::forbidden(what))
    }
}

pub(crate) fn audit_entry(
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
            return Err(ServiceError::NotAllowed(NotAllowed::OwnAccount));
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
        self.credentials_changed();
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

    /// The person with this email address, under the same rules as `get_person`.
    pub async fn person_by_email(&self, viewer: &Viewer, email: &str) -> Result<PersonView> {
        let email = EmailAddress::parse(email)?;
        let mut conn = self.store.reader().await?;
        let person = people::find_by_email(&mut conn, email.as_str())
            .await?
            .ok_or(ServiceError::NotFound("person"))?;
        drop(conn);
        self.get_person(viewer, person.id).await
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
}
