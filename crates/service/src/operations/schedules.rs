//! Business hours per team (docs/POLICY.md, "Team schedules"): schedules kept by
//! supervisors, each with a time zone, weekly hours and holidays (typed or
//! imported from an iCalendar file), worked by the teams given. A team's
//! schedule sets the hours its tickets' service-level clocks count and
//! what its chat hand-overs tell customers; every other ticket has the
//! policy file's `[contact.business_hours]`.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use marketdesk_domain::access::Permission;
use marketdesk_domain::business_hours::{BusinessHours, Holiday, Schedule};
use marketdesk_domain::holiday_calendar::{holidays_from_ical, years_around};
use marketdesk_domain::sla::{ClockHours, SlaRules, TeamHours};
use marketdesk_store::audit;
use marketdesk_store::people;
use marketdesk_store::schedules::{self as store, ScheduleRow};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::accounts::{audit_entry, require};
use crate::{Result, ServiceError, Services, Viewer, now_ms};

/// How long a node trusts its copy of the team schedules: a change saved on
/// another node counts here within this time (at once on the node that
/// saved it).
const CACHE_TTL: Duration = Duration::from_secs(5);
/// Schedules the desk keeps.
pub const MAX_SCHEDULES: i64 = 50;
/// A schedule's name, in characters.
const MAX_NAME: usize = 100;
/// The largest iCalendar file imported, in bytes.
pub const MAX_CALENDAR_BYTES: usize = 1024 * 1024;

/// A schedule and the teams that work it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ScheduleView {
    pub id: i64,
    /// Public: the contact page lists it with its hours.
    pub name: String,
    pub hours: BusinessHours,
    pub teams: Vec<ScheduleTeam>,
    pub created_at: String,
    pub updated_at: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ScheduleTeam {
    pub id: i64,
    pub name: String,
}

/// A schedule as written: its teams are moved to it from any other.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ScheduleInput {
    pub name: String,
    pub hours: HoursInput,
    #[serde(default)]
    pub teams: Vec<i64>,
}

/// Weekly hours and holidays as written: a day left out is closed, and
/// there are no holidays unless given (nothing comes from the defaults).
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct HoursInput {
    /// An IANA time zone name, such as `Asia/Shanghai`.
    pub time_zone: String,
    /// Opening spans of local time: `["09:00-14:00", "15:00-19:00"]`.
    #[serde(default)]
    pub monday: Vec<String>,
    #[serde(default)]
    pub tuesday: Vec<String>,
    #[serde(default)]
    pub wednesday: Vec<String>,
    #[serde(default)]
    pub thursday: Vec<String>,
    #[serde(default)]
    pub friday: Vec<String>,
    #[serde(default)]
    pub saturday: Vec<String>,
    #[serde(default)]
    pub sunday: Vec<String>,
    #[serde(default)]
    pub holidays: Vec<Holiday>,
}

impl From<HoursInput> for BusinessHours {
    fn from(input: HoursInput) -> Self {
        BusinessHours {
            time_zone: input.time_zone,
            monday: input.monday,
            tuesday: input.tuesday,
            wednesday: input.wednesday,
            thursday: input.thursday,
            friday: input.friday,
            saturday: input.saturday,
            sunday: input.sunday,
            holidays: input.holidays,
            holidays_file: None,
        }
    }
}

impl From<BusinessHours> for HoursInput {
    fn from(hours: BusinessHours) -> Self {
        HoursInput {
            time_zone: hours.time_zone,
            monday: hours.monday,
            tuesday: hours.tuesday,
            wednesday: hours.wednesday,
            thursday: hours.thursday,
            friday: hours.friday,
            saturday: hours.saturday,
            sunday: hours.sunday,
            holidays: hours.holidays,
        }
    }
}

/// A schedule some team works, as written and compiled (the default
/// hours, unnamed, for a team without one).
#[derive(Debug)]
pub struct TeamSchedule {
    /// Public: the contact page shows it.
    pub name: String,
    pub hours: BusinessHours,
    pub schedule: Schedule,
}

/// The schedules of the teams that have one, ready to compute with.
#[derive(Debug, Default)]
pub(crate) struct TeamSchedules {
    /// Per team on a schedule.
    by_team: HashMap<i64, Arc<TeamSchedule>>,
    /// Each schedule a team works, by name.
    in_use: Vec<Arc<TeamSchedule>>,
    /// The same, as the hours the service-level clocks count.
    clock_hours: TeamHours,
}

/// This node's copy of the team schedules.
#[derive(Debug, Default)]
pub(crate) struct ScheduleCache(RwLock<Option<(Instant, Arc<TeamSchedules>)>>);

impl ScheduleCache {
    fn fresh(&self) -> Option<Arc<TeamSchedules>> {
        let guard = self.0.read().ok()?;
        let (at, schedules) = guard.as_ref()?;
        (at.elapsed() < CACHE_TTL).then(|| schedules.clone())
    }

    fn put(&self, schedules: Arc<TeamSchedules>) {
        if let Ok(mut guard) = self.0.write() {
            *guard = Some((Instant::now(), schedules));
        }
    }

    fn forget(&self) {
        if let Ok(mut guard) = self.0.write() {
            *guard = None;
        }
    }
}

/// The service-level rules with the team schedules of the moment.
pub struct Sla<'a> {
    services: &'a Services,
    teams: Arc<TeamSchedules>,
}

impl Sla<'_> {
    pub fn rules(&self) -> SlaRules<'_> {
        SlaRules {
            policy: &self.services.policy().sla,
            hours: &self.services.clock_hours,
            teams: &self.teams.clock_hours,
        }
    }
}

fn hours_of(row: &ScheduleRow) -> Result<BusinessHours> {
    serde_json::from_str(&row.definition)
        .map_err(|e| ServiceError::Unexpected(anyhow::anyhow!("schedule {}: {e}", row.id)))
}

impl Services {
    /// The service-level rules, with each team's hours.
    pub async fn sla(&self) -> Result<Sla<'_>> {
        Ok(Sla {
            services: self,
            teams: self.team_schedules().await?,
        })
    }

    /// The hours `team` works: its schedule's, or the default.
    pub async fn hours_of_team(&self, team: Option<i64>) -> Result<Arc<TeamSchedule>> {
        let schedules = self.team_schedules().await?;
        Ok(match team.and_then(|id| schedules.by_team.get(&id)) {
            Some(own) => own.clone(),
            None => Arc::new(TeamSchedule {
                name: String::new(),
                hours: self.policy().contact.business_hours.clone(),
                schedule: self.business_hours().clone(),
            }),
        })
    }

    /// The schedules some team works (public: the contact page lists them).
    pub async fn schedules_in_use(&self) -> Result<Vec<Arc<TeamSchedule>>> {
        Ok(self.team_schedules().await?.in_use.clone())
    }

    async fn team_schedules(&self) -> Result<Arc<TeamSchedules>> {
        if let Some(fresh) = self.schedule_cache.fresh() {
            return Ok(fresh);
        }
        let (rows, teams) = {
            let mut conn = self.store.reader().await?;
            (
                store::list(&mut conn).await?,
                store::team_schedules(&mut conn).await?,
            )
        };
        let mut compiled = HashMap::new();
        for row in &rows {
            let hours = hours_of(row)?;
            // Checked when saved; a schedule that no longer holds (a time
            // zone gone from the tz database) leaves its teams on the default.
            match hours.schedule() {
                Ok(schedule) => {
                    let own = TeamSchedule {
                        name: row.name.clone(),
                        hours,
                        schedule,
                    };
                    compiled.insert(row.id, Arc::new(own));
                }
                Err(err) => {
                    tracing::warn!(schedule = row.id, error = %err, "a schedule does not hold; its teams work the default hours");
                }
            }
        }
        let mut by_team = HashMap::new();
        let mut groups: BTreeMap<i64, Vec<i64>> = BTreeMap::new();
        for (team, schedule) in teams {
            if let Some(own) = compiled.get(&schedule) {
                by_team.insert(team, own.clone());
                groups.entry(schedule).or_default().push(team);
            }
        }
        let mut in_use: Vec<Arc<TeamSchedule>> = groups
            .keys()
            .filter_map(|schedule| compiled.get(schedule).cloned())
            .collect();
        in_use.sort_by(|a, b| a.name.cmp(&b.name));
        let clock_hours = TeamHours::new(
            groups
                .into_iter()
                .filter_map(|(schedule, teams)| {
                    let own = compiled.get(&schedule)?;
                    let hours = ClockHours::new(&self.policy().sla, own.schedule.clone());
                    Some((teams, hours))
                })
                .collect(),
        );
        let schedules = Arc::new(TeamSchedules {
            by_team,
            in_use,
            clock_hours,
        });
        self.schedule_cache.put(schedules.clone());
        Ok(schedules)
    }

    /// Refused unless `viewer` may change schedules (checked before a body
    /// is read).
    pub fn may_change_schedules(&self, viewer: &Viewer) -> Result<()> {
        require(viewer, Permission::ManageTeams, "change schedules")
    }

    /// Every schedule with its teams (staff).
    pub async fn list_schedules(&self, viewer: &Viewer) -> Result<Vec<ScheduleView>> {
        require(viewer, Permission::ReadStaff, "see schedules")?;
        let mut conn = self.store.reader().await?;
        let rows = store::list(&mut conn).await?;
        let teams = people::list_teams(&mut conn).await?;
        let assigned = store::team_schedules(&mut conn).await?;
        rows.iter()
            .map(|row| view(row, &teams, &assigned))
            .collect()
    }

    pub async fn schedule(&self, viewer: &Viewer, id: i64) -> Result<ScheduleView> {
        self.list_schedules(viewer)
            .await?
            .into_iter()
            .find(|s| s.id == id)
            .ok_or(ServiceError::NotFound("schedule"))
    }

    /// Saves a new schedule (supervisors), refused when its hours do not
    /// hold or a team is unknown.
    pub async fn create_schedule(
        &self,
        viewer: &Viewer,
        input: ScheduleInput,
    ) -> Result<ScheduleView> {
        self.save_schedule(viewer, None, input).await
    }

    /// Replaces a schedule and its teams.
    pub async fn update_schedule(
        &self,
        viewer: &Viewer,
        id: i64,
        input: ScheduleInput,
    ) -> Result<ScheduleView> {
        self.save_schedule(viewer, Some(id), input).await
    }

    async fn save_schedule(
        &self,
        viewer: &Viewer,
        id: Option<i64>,
        input: ScheduleInput,
    ) -> Result<ScheduleView> {
        require(viewer, Permission::ManageTeams, "change schedules")?;
        let name = input.name.trim();
        if name.is_empty() || name.chars().count() > MAX_NAME {
            return Err(ServiceError::field(
                "name",
                format!("between 1 and {MAX_NAME} characters"),
            ));
        }
        let hours = tidy(input.hours.into());
        hours
            .schedule()
            .map_err(|err| ServiceError::field(err.key(), err.to_string()))?;
        let definition = serde_json::to_string(&hours)
            .map_err(|e| ServiceError::Unexpected(anyhow::anyhow!("schedule: {e}")))?;
        let now = now_ms();
        let mut tx = self.store.begin().await?;
        let teams = people::list_teams(&mut tx).await?;
        if let Some(unknown) = input
            .teams
            .iter()
            .find(|id| !teams.iter().any(|t| t.id == **id))
        {
            return Err(ServiceError::field(
                "teams",
                format!("there is no team {unknown}"),
            ));
        }
        let id = match id {
            Some(id) => {
                if !store::update(&mut tx, id, name, &definition, now).await? {
                    return Err(ServiceError::NotFound("schedule"));
                }
                id
            }
            None => {
                if store::count(&mut tx).await? >= MAX_SCHEDULES {
                    return Err(ServiceError::Conflict(format!(
                        "the desk keeps at most {MAX_SCHEDULES} schedules; change one instead"
                    )));
                }
                store::insert(&mut tx, name, &definition, now).await?
            }
        };
        store::set_teams(&mut tx, id, &input.teams).await?;
        let mut entry = audit_entry(viewer, "schedule", id, "saved", now);
        entry.new_value = Some(format!("{name} teams={:?} {definition}", input.teams));
        audit::record(&mut tx, &entry).await?;
        let row = store::get(&mut tx, id)
            .await?
            .ok_or(ServiceError::NotFound("schedule"))?;
        let assigned = store::team_schedules(&mut tx).await?;
        let saved = view(&row, &teams, &assigned)?;
        tx.commit().await?;
        self.schedule_cache.forget();
        Ok(saved)
    }

    /// Deletes a schedule; its teams work the default hours again.
    pub async fn delete_schedule(&self, viewer: &Viewer, id: i64) -> Result<()> {
        require(viewer, Permission::ManageTeams, "change schedules")?;
        let mut tx = self.store.begin().await?;
        if !store::delete(&mut tx, id).await? {
            return Err(ServiceError::NotFound("schedule"));
        }
        let entry = audit_entry(viewer, "schedule", id, "deleted", now_ms());
        audit::record(&mut tx, &entry).await?;
        tx.commit().await?;
        self.schedule_cache.forget();
        Ok(())
    }

    /// Adds the days of an iCalendar file to a schedule's holidays (a date
    /// already there keeps its name); refused whole when the file is not
    /// iCalendar or an event cannot be read.
    pub async fn import_holidays(
        &self,
        viewer: &Viewer,
        id: i64,
        calendar: &str,
    ) -> Result<ScheduleView> {
        require(viewer, Permission::ManageTeams, "change schedules")?;
        if calendar.len() > MAX_CALENDAR_BYTES {
            return Err(ServiceError::TooLarge(format!(
                "an iCalendar file of at most {} KiB",
                MAX_CALENDAR_BYTES / 1024
            )));
        }
        let imported = holidays_from_ical(calendar, years_around(now_ms()))
            .map_err(|err| ServiceError::field("calendar", err.to_string()))?;
        let current = self.schedule(viewer, id).await?;
        let mut hours = current.hours;
        for holiday in imported {
            if !hours.holidays.iter().any(|h| h.date == holiday.date) {
                hours.holidays.push(holiday);
            }
        }
        let input = ScheduleInput {
            name: current.name,
            hours: hours.into(),
            teams: current.teams.iter().map(|t| t.id).collect(),
        };
        self.save_schedule(viewer, Some(id), input).await
    }
}

/// Spans and holidays trimmed, holidays by date.
fn tidy(mut hours: BusinessHours) -> BusinessHours {
    hours.time_zone = hours.time_zone.trim().to_owned();
    for day in 1..=7 {
        for span in hours.day_mut(day).iter_mut() {
            *span = span.trim().to_owned();
        }
    }
    hours.holidays = hours
        .holidays
        .into_iter()
        .map(|h| Holiday {
            date: h.date.trim().to_owned(),
            name: h.name.trim().to_owned(),
        })
        .collect();
    hours.holidays.sort_by(|a, b| a.date.cmp(&b.date));
    hours
}

fn view(
    row: &ScheduleRow,
    teams: &[people::TeamRow],
    assigned: &[(i64, i64)],
) -> Result<ScheduleView> {
    Ok(ScheduleView {
        id: row.id,
        name: row.name.clone(),
        hours: hours_of(row)?,
        teams: assigned
            .iter()
            .filter(|(_, schedule)| *schedule == row.id)
            .filter_map(|(team, _)| teams.iter().find(|t| t.id == *team))
            .map(|t| ScheduleTeam {
                id: t.id,
                name: t.name.clone(),
            })
            .collect(),
        created_at: crate::rfc3339(row.created_at),
        updated_at: crate::rfc3339(row.updated_at),
    })
}
