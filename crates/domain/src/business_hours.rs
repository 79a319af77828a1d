//! Business hours: when people are at work, in a time zone with its
//! daylight-saving rules and holidays, and the arithmetic built on them —
//! whether it is open now, when it next opens, and how much working time
//! lies between two instants or after one.
//!
//! The policy holds [`BusinessHours`] as written (strings, so that a bad
//! value is reported with its key); [`BusinessHours::schedule`] checks it and
//! answers a [`Schedule`] to compute with. Spans are half-open local times
//! (`09:00-17:00` is open at 09:00 and closed at 17:00; `24:00` ends a day)
//! and do not cross midnight: a night shift is two spans on two days. A local
//! time that does not exist (skipped by a daylight-saving change) moves
//! forward by the change (02:30 becomes 03:30), as calendars do; a local
//! time that happens twice counts from its first occurrence.

use std::collections::BTreeMap;

use jiff::Timestamp;
use jiff::civil::{Date, Time};
use jiff::tz::TimeZone;
use serde::{Deserialize, Serialize};

use crate::{DAY_MS, MINUTE_MS, Millis};

/// How far the arithmetic looks for open time before answering that there
/// is none (a schedule open one hour a year still answers).
const HORIZON_DAYS: i32 = 800;
/// At most this many holidays (a few years of a country's list).
pub const MAX_HOLIDAYS: usize = 1_000;
/// At most this many spans on one day.
pub const MAX_SPANS_PER_DAY: usize = 12;
/// A holiday's name, at most this many characters.
pub const MAX_HOLIDAY_NAME: usize = 200;

/// When people are at work, as written in the policy file and the API.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields, default)]
pub struct BusinessHours {
    /// An IANA time zone name, such as `Europe/Madrid` or `Asia/Shanghai`.
    pub time_zone: String,
    /// Opening spans per weekday, local time: `["09:00-14:00", "15:00-19:00"]`.
    pub monday: Vec<String>,
    pub tuesday: Vec<String>,
    pub wednesday: Vec<String>,
    pub thursday: Vec<String>,
    pub friday: Vec<String>,
    pub saturday: Vec<String>,
    pub sunday: Vec<String>,
    /// Days closed whatever the weekday.
    pub holidays: Vec<Holiday>,
    /// An iCalendar file of holidays (a path relative to the policy file),
    /// read when the policy is loaded: its days join `holidays`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub holidays_file: Option<String>,
}

/// A day without business hours.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Holiday {
    /// `YYYY-MM-DD`, local to the schedule's time zone.
    pub date: String,
    #[serde(default)]
    pub name: String,
}

/// Spain's national holidays of 2026 and 2027: the default policy
/// describes the demo shop, a marketplace in Madrid.
const DEMO_HOLIDAYS: [(&str, &str); 19] = [
    ("2026-01-01", "Año Nuevo"),
    ("2026-01-06", "Epifanía del Señor"),
    ("2026-04-03", "Viernes Santo"),
    ("2026-05-01", "Fiesta del Trabajo"),
    ("2026-08-15", "Asunción de la Virgen"),
    ("2026-10-12", "Fiesta Nacional de España"),
    ("2026-12-06", "Día de la Constitución"),
    ("2026-12-08", "Inmaculada Concepción"),
    ("2026-12-25", "Natividad del Señor"),
    ("2027-01-01", "Año Nuevo"),
    ("2027-01-06", "Epifanía del Señor"),
    ("2027-03-26", "Viernes Santo"),
    ("2027-05-01", "Fiesta del Trabajo"),
    ("2027-08-15", "Asunción de la Virgen"),
    ("2027-10-12", "Fiesta Nacional de España"),
    ("2027-11-01", "Todos los Santos"),
    ("2027-12-06", "Día de la Constitución"),
    ("2027-12-08", "Inmaculada Concepción"),
    ("2027-12-25", "Natividad del Señor"),
];

impl Default for BusinessHours {
    /// Monday to Friday 09:00–20:00 and Saturday 10:00–14:00, Madrid time,
    /// closed on Spain's national holidays.
    fn default() -> Self {
        let weekday = || vec!["09:00-20:00".to_owned()];
        BusinessHours {
            time_zone: "Europe/Madrid".into(),
            monday: weekday(),
            tuesday: weekday(),
            wednesday: weekday(),
            thursday: weekday(),
            friday: weekday(),
            saturday: vec!["10:00-14:00".into()],
            sunday: Vec::new(),
            holidays_file: None,
            holidays: DEMO_HOLIDAYS
                .iter()
                .map(|(date, name)| Holiday {
                    date: (*date).into(),
                    name: (*name).into(),
                })
                .collect(),
        }
    }
}

/// What is wrong with business hours as written.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ScheduleError {
    #[error("`{0}` is not a time zone of the tz database (such as Europe/Madrid)")]
    UnknownTimeZone(String),
    #[error("{day}: `{span}` is not a span of local time such as 09:00-17:00")]
    BadSpan { day: &'static str, span: String },
    #[error("{day}: `{span}` ends before it starts")]
    EmptySpan { day: &'static str, span: String },
    #[error("{day}: `{first}` and `{second}` overlap")]
    Overlap {
        day: &'static str,
        first: String,
        second: String,
    },
    #[error("{day}: more than {MAX_SPANS_PER_DAY} spans")]
    TooManySpans { day: &'static str },
    #[error("holiday `{0}` is not a date such as 2026-12-25")]
    BadHoliday(String),
    #[error("holiday {0}: the name is longer than {MAX_HOLIDAY_NAME} characters")]
    LongHolidayName(String),
    #[error("more than {MAX_HOLIDAYS} holidays")]
    TooManyHolidays,
}

impl ScheduleError {
    /// The key of the policy value at fault, below the business hours' own.
    pub fn key(&self) -> &'static str {
        match self {
            ScheduleError::UnknownTimeZone(_) => "time_zone",
            ScheduleError::BadSpan { day, .. }
            | ScheduleError::EmptySpan { day, .. }
            | ScheduleError::Overlap { day, .. }
            | ScheduleError::TooManySpans { day } => day,
            ScheduleError::BadHoliday(_)
            | ScheduleError::LongHolidayName(_)
            | ScheduleError::TooManyHolidays => "holidays",
        }
    }
}

const DAY_NAMES: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

impl BusinessHours {
    /// Open all day every day in `time_zone` (tests, round-the-clock desks).
    pub fn always_open(time_zone: &str) -> Self {
        let all_day = || vec!["00:00-24:00".to_owned()];
        BusinessHours {
            time_zone: time_zone.into(),
            monday: all_day(),
            tuesday: all_day(),
            wednesday: all_day(),
            thursday: all_day(),
            friday: all_day(),
            saturday: all_day(),
            sunday: all_day(),
            holidays: Vec::new(),
            holidays_file: None,
        }
    }

    /// The spans of ISO weekday `day` (1 = Monday … 7 = Sunday) as written.
    pub fn day(&self, day: u8) -> &[String] {
        match day {
            1 => &self.monday,
            2 => &self.tuesday,
            3 => &self.wednesday,
            4 => &self.thursday,
            5 => &self.friday,
            6 => &self.saturday,
            _ => &self.sunday,
        }
    }

    /// The spans of ISO weekday `day` (1–7), for building schedules in code.
    pub fn day_mut(&mut self, day: u8) -> &mut Vec<String> {
        match day {
            1 => &mut self.monday,
            2 => &mut self.tuesday,
            3 => &mut self.wednesday,
            4 => &mut self.thursday,
            5 => &mut self.friday,
            6 => &mut self.saturday,
            _ => &mut self.sunday,
        }
    }

    /// Checks the hours and answers them ready to compute with.
    ///
    /// # Errors
    ///
    /// The first value that is not valid: an unknown time zone, a span that
    /// is not `HH:MM-HH:MM`, ends before it starts or overlaps another, a
    /// holiday that is not a date.
    pub fn schedule(&self) -> Result<Schedule, ScheduleError> {
        let time_zone = TimeZone::get(&self.time_zone)
            .map_err(|_| ScheduleError::UnknownTimeZone(self.time_zone.clone()))?;
        let mut week: [Vec<(u16, u16)>; 7] = Default::default();
        for (index, spans) in week.iter_mut().enumerate() {
            let name = DAY_NAMES[index];
            let written = self.day(index as u8 + 1);
            if written.len() > MAX_SPANS_PER_DAY {
                return Err(ScheduleError::TooManySpans { day: name });
            }
            let mut parsed: Vec<((u16, u16), &String)> = Vec::with_capacity(written.len());
            for span in written {
                let (start, end) = parse_span(span).ok_or_else(|| ScheduleError::BadSpan {
                    day: name,
                    span: span.clone(),
                })?;
                if start >= end {
                    return Err(ScheduleError::EmptySpan {
                        day: name,
                        span: span.clone(),
                    });
                }
                parsed.push(((start, end), span));
            }
            parsed.sort_by_key(|((start, _), _)| *start);
            for pair in parsed.windows(2) {
                if pair[1].0.0 < pair[0].0.1 {
                    return Err(ScheduleError::Overlap {
                        day: name,
                        first: pair[0].1.clone(),
                        second: pair[1].1.clone(),
                    });
                }
            }
            *spans = parsed.into_iter().map(|(span, _)| span).collect();
        }
        if self.holidays.len() > MAX_HOLIDAYS {
            return Err(ScheduleError::TooManyHolidays);
        }
        let mut holidays = BTreeMap::new();
        for holiday in &self.holidays {
            let date: Date = holiday
                .date
                .trim()
                .parse()
                .map_err(|_| ScheduleError::BadHoliday(holiday.date.clone()))?;
            if holiday.name.chars().count() > MAX_HOLIDAY_NAME {
                return Err(ScheduleError::LongHolidayName(holiday.date.clone()));
            }
            holidays.insert(date, holiday.name.trim().to_owned());
        }
        Ok(Schedule {
            time_zone,
            week,
            holidays,
        })
    }

    /// Weekdays with the same hours as runs, Monday first, closed days left
    /// out: `[(1, 5, ["09:00-20:00"]), (6, 6, ["10:00-14:00"])]`.
    pub fn weekly_runs(&self) -> Vec<(u8, u8, Vec<String>)> {
        let mut runs: Vec<(u8, u8, Vec<String>)> = Vec::new();
        for day in 1..=7u8 {
            let spans: Vec<String> = self.day(day).iter().map(|s| s.trim().to_owned()).collect();
            if spans.is_empty() {
                continue;
            }
            match runs.last_mut() {
                Some((_, last, same)) if *last + 1 == day && *same == spans => *last = day,
                _ => runs.push((day, day, spans)),
            }
        }
        runs
    }
}

/// `HH:MM-HH:MM` as minutes of the day; `24:00` only as an end.
fn parse_span(span: &str) -> Option<(u16, u16)> {
    let (start, end) = span.trim().split_once('-')?;
    let start = parse_minute(start.trim())?;
    let end = parse_minute(end.trim())?;
    (start < 24 * 60).then_some((start, end))
}

fn parse_minute(text: &str) -> Option<u16> {
    let (hours, minutes) = text.split_once(':')?;
    if hours.is_empty() || hours.len() > 2 || minutes.len() != 2 {
        return None;
    }
    let hours: u16 = hours.parse().ok()?;
    let minutes: u16 = minutes.parse().ok()?;
    let total = hours.checked_mul(60)?.checked_add(minutes)?;
    (minutes < 60 && total <= 24 * 60).then_some(total)
}

/// Checked business hours to compute with.
#[derive(Debug, Clone)]
pub struct Schedule {
    time_zone: TimeZone,
    /// Per weekday (Monday first), sorted non-overlapping minute spans.
    week: [Vec<(u16, u16)>; 7],
    /// Closed dates and their names.
    holidays: BTreeMap<Date, String>,
}

impl Schedule {
    /// Whether people are at work at `at`.
    pub fn is_open(&self, at: Millis) -> bool {
        let date = self.local_date(at);
        self.spans_of(date, &mut None)
            .any(|(start, end)| start <= at && at < end)
    }

    /// `at` if open then, else the start of the next opening; `None` when
    /// the schedule has no open time within its horizon.
    pub fn next_opening(&self, at: Millis) -> Option<Millis> {
        self.open_spans_from(at)
            .next()
            .map(|(start, _)| start.max(at))
    }

    /// The instant by which `duration` of open time has passed since
    /// `start` (`start` itself for no time); `None` beyond the horizon.
    pub fn add(&self, start: Millis, duration: Millis) -> Option<Millis> {
        if duration <= 0 {
            return Some(start);
        }
        let mut left = duration;
        for (span_start, span_end) in self.open_spans_from(start) {
            let from = span_start.max(start);
            let available = span_end - from;
            if left <= available {
                return Some(from + left);
            }
            left -= available;
        }
        None
    }

    /// The latest instant before `end` with `duration` of open time between
    /// it and `end` (`end` itself for no time); `None` beyond the horizon.
    pub fn subtract(&self, end: Millis, duration: Millis) -> Option<Millis> {
        if duration <= 0 {
            return Some(end);
        }
        let mut left = duration;
        let last = self.local_date(end);
        let mut date = last;
        let mut period = None;
        for _ in 0..HORIZON_DAYS {
            let spans: Vec<(Millis, Millis)> = self.spans_of(date, &mut period).collect();
            for (span_start, span_end) in spans.into_iter().rev() {
                if span_start >= end {
                    continue;
                }
                let to = span_end.min(end);
                let available = to - span_start;
                if left <= available {
                    return Some(to - left);
                }
                left -= available;
            }
            date = date.yesterday().ok()?;
        }
        None
    }

    /// Open time between `from` and `to` (0 when `to` is not later),
    /// counted up to the horizon.
    pub fn open_between(&self, from: Millis, to: Millis) -> Millis {
        if to <= from {
            return 0;
        }
        let mut total = 0;
        for (start, end) in self.open_spans_from(from) {
            if start >= to {
                break;
            }
            total += end.min(to) - start.max(from);
        }
        total
    }

    /// The holidays from the local date of `now` to that of `now + within`,
    /// as (`YYYY-MM-DD`, name), in date order.
    pub fn upcoming_holidays(&self, now: Millis, within: Millis) -> Vec<(String, String)> {
        let (first, last) = (self.local_date(now), self.local_date(now + within));
        self.holidays
            .range(first..=last)
            .map(|(date, name)| (date.to_string(), name.clone()))
            .collect()
    }

    /// The zone its days and hours are in.
    pub fn time_zone(&self) -> &TimeZone {
        &self.time_zone
    }

    /// The local calendar date of `at`.
    pub fn local_date(&self, at: Millis) -> Date {
        self.time_zone.to_datetime(timestamp(at)).date()
    }

    /// ISO weekday (1 = Monday) and local time of `at`, for messages.
    pub fn local_weekday_time(&self, at: Millis) -> (u8, Time) {
        let zoned = timestamp(at).to_zoned(self.time_zone.clone());
        let weekday = zoned.weekday().to_monday_one_offset();
        (u8::try_from(weekday).unwrap_or(1), zoned.time())
    }

    /// ISO weekday and time of `at` in `zone` (an IANA name, such as a
    /// customer's browser reports), if it is one of the tz database.
    pub fn weekday_time_in(zone: &str, at: Millis) -> Option<(u8, Time)> {
        let zone = TimeZone::get(zone).ok()?;
        let zoned = timestamp(at).to_zoned(zone);
        let weekday = zoned.weekday().to_monday_one_offset();
        Some((u8::try_from(weekday).unwrap_or(1), zoned.time()))
    }

    /// Open spans as instants, from the one containing or following `from`
    /// onwards, up to the horizon.
    fn open_spans_from(&self, from: Millis) -> impl Iterator<Item = (Millis, Millis)> + '_ {
        let first = self.local_date(from);
        let period = std::cell::Cell::new(None);
        std::iter::successors(Some(first), |date| date.tomorrow().ok())
            .take(HORIZON_DAYS as usize)
            .flat_map(move |date| {
                let mut known = period.get();
                let spans: Vec<(Millis, Millis)> = self.spans_of(date, &mut known).collect();
                period.set(known);
                spans
            })
            .filter(move |(_, end)| *end > from)
    }

    /// The open spans of a local date as instants (none on a holiday).
    /// `period` carries the last offset period found from one day to the
    /// next.
    fn spans_of(
        &self,
        date: Date,
        period: &mut Option<OffsetPeriod>,
    ) -> impl Iterator<Item = (Millis, Millis)> + '_ {
        let weekday = usize::try_from(date.weekday().to_monday_zero_offset()).unwrap_or(0);
        let spans: &[(u16, u16)] =
            if self.week[weekday].is_empty() || self.holidays.contains_key(&date) {
                &[]
            } else {
                &self.week[weekday]
            };
        // On a day without an offset change (all but two a year, if any) a
        // local minute is midnight plus that many minutes: two time zone
        // lookups a day instead of two per span.
        let steady_midnight = if spans.is_empty() {
            None
        } else {
            self.steady_midnight(date, period)
        };
        spans.iter().filter_map(move |&(start, end)| {
            let (start, end) = match steady_midnight {
                Some(midnight) => (
                    midnight + Millis::from(start) * MINUTE_MS,
                    midnight + Millis::from(end) * MINUTE_MS,
                ),
                None => (self.instant(date, start)?, self.instant(date, end)?),
            };
            // A span wholly inside a skipped hour has no time.
            (start < end).then_some((start, end))
        })
    }

    /// The instant of the local midnight starting `date`, when the whole
    /// day lies in one offset period (no change that day). Found by
    /// arithmetic while `period` (the last one found) covers the day.
    fn steady_midnight(&self, date: Date, period: &mut Option<OffsetPeriod>) -> Option<Millis> {
        let local = days_from_civil(date) * DAY_MS;
        for _ in 0..2 {
            let current = match *period {
                Some(current) => current,
                None => {
                    let found = self.offset_period(local)?;
                    *period = Some(found);
                    found
                }
            };
            let midnight = local - current.offset;
            if current.from <= midnight && midnight + DAY_MS <= current.until {
                return Some(midnight);
            }
            // Another period: look it up at this day's midnight once.
            *period = self.offset_period(midnight);
        }
        None
    }

    /// The offset in force at `at` and the instants it is in force between.
    fn offset_period(&self, at: Millis) -> Option<OffsetPeriod> {
        let ts = Timestamp::from_millisecond(at).ok()?;
        let offset = Millis::from(self.time_zone.to_offset(ts).seconds()) * 1_000;
        let after = Timestamp::from_millisecond(at + 1).ok()?;
        let from = self
            .time_zone
            .preceding(after)
            .next()
            .map_or(Millis::MIN, |t| t.timestamp().as_millisecond());
        let until = self
            .time_zone
            .following(ts)
            .next()
            .map_or(Millis::MAX, |t| t.timestamp().as_millisecond());
        Some(OffsetPeriod {
            offset,
            from,
            until,
        })
    }

    /// The instant of `minute` of the local `date` (`1440`: the next day's
    /// midnight). A skipped local time moves forward by the gap, a
    /// repeated one resolves to its first occurrence.
    fn instant(&self, date: Date, minute: u16) -> Option<Millis> {
        let (date, minute) = if minute >= 24 * 60 {
            (date.tomorrow().ok()?, 0)
        } else {
            (date, minute)
        };
        let time = Time::new(
            i8::try_from(minute / 60).ok()?,
            i8::try_from(minute % 60).ok()?,
            0,
            0,
        )
        .ok()?;
        let instant = self
            .time_zone
            .to_ambiguous_timestamp(date.to_datetime(time))
            .compatible()
            .ok()?;
        Some(instant.as_millisecond())
    }
}

/// A stretch of time with one offset from UTC.
#[derive(Debug, Clone, Copy)]
struct OffsetPeriod {
    offset: Millis,
    /// The change that began it (inclusive).
    from: Millis,
    /// The next change (exclusive).
    until: Millis,
}

/// Days from 1970-01-01 to `date` (Howard Hinnant's days-from-civil).
fn days_from_civil(date: Date) -> Millis {
    let (month, day) = (Millis::from(date.month()), Millis::from(date.day()));
    let year = Millis::from(date.year()) - Millis::from(month <= 2);
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let day_of_year = (153 * (month + if month > 2 { -3 } else { 9 }) + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

fn timestamp(at: Millis) -> Timestamp {
    Timestamp::from_millisecond(at).unwrap_or(Timestamp::UNIX_EPOCH)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::HOUR_MS;
    use proptest::prelude::*;

    /// Milliseconds of a Madrid local time.
    fn madrid(text: &str) -> Millis {
        let dt: jiff::civil::DateTime = text.parse().unwrap();
        dt.to_zoned(TimeZone::get("Europe/Madrid").unwrap())
            .unwrap()
            .timestamp()
            .as_millisecond()
    }

    fn shop() -> Schedule {
        let mut hours = BusinessHours::default();
        hours.holidays.clear();
        hours.holidays.push(Holiday {
            date: "2026-12-08".into(),
            name: "Inmaculada Concepción".into(),
        });
        hours.schedule().unwrap()
    }

    #[test]
    fn upcoming_holidays_are_those_of_the_coming_days() {
        let s = shop();
        let now = madrid("2026-12-01T12:00");
        assert_eq!(
            s.upcoming_holidays(now, 30 * crate::DAY_MS),
            vec![("2026-12-08".to_owned(), "Inmaculada Concepción".to_owned())]
        );
        assert!(s.upcoming_holidays(now, 6 * crate::DAY_MS).is_empty());
        assert!(
            s.upcoming_holidays(madrid("2026-12-09T00:00"), 30 * crate::DAY_MS)
                .is_empty()
        );
    }

    #[test]
    fn open_and_closed_in_the_shops_time_zone() {
        let s = shop();
        // Friday 2026-12-04: 09:00–20:00 Madrid, that is 08:00–19:00 UTC.
        assert!(!s.is_open(madrid("2026-12-04T08:59:59")));
        assert!(s.is_open(madrid("2026-12-04T09:00")));
        assert!(s.is_open(madrid("2026-12-04T19:59:59")));
        assert!(!s.is_open(madrid("2026-12-04T20:00")));
        // Saturday mornings only; Sunday closed.
        assert!(s.is_open(madrid("2026-12-05T13:00")));
        assert!(!s.is_open(madrid("2026-12-05T15:00")));
        assert!(!s.is_open(madrid("2026-12-06T12:00")));
    }

    #[test]
    fn a_holiday_evening_waits_for_the_next_opening() {
        let s = shop();
        // 23:00 on Monday 7th; Tuesday 8th is a holiday: Wednesday 09:00.
        let email = madrid("2026-12-07T23:00");
        assert_eq!(s.next_opening(email), Some(madrid("2026-12-09T09:00")));
        assert!(!s.is_open(madrid("2026-12-08T12:00")));
        // An eight-hour first-reply target in business hours.
        assert_eq!(s.add(email, 8 * HOUR_MS), Some(madrid("2026-12-09T17:00")));
        // Friday 19:00 + 3 h: one hour Friday, Saturday 10:00–12:00.
        assert_eq!(
            s.add(madrid("2026-12-04T19:00"), 3 * HOUR_MS),
            Some(madrid("2026-12-05T12:00"))
        );
    }

    #[test]
    fn daylight_saving_days_have_23_and_25_hours() {
        let mut hours = BusinessHours::always_open("Europe/Madrid");
        hours.holidays.clear();
        let s = hours.schedule().unwrap();
        // 2026-03-29: clocks go 02:00 → 03:00; 2026-10-25: 03:00 → 02:00.
        let day = |date: &str, next: &str| {
            s.open_between(
                madrid(&format!("{date}T00:00")),
                madrid(&format!("{next}T00:00")),
            )
        };
        assert_eq!(day("2026-03-29", "2026-03-30"), 23 * HOUR_MS);
        assert_eq!(day("2026-10-25", "2026-10-26"), 25 * HOUR_MS);
        // Calendar arithmetic across the change: 09:00 + 24 h open time
        // on a round-the-clock desk is 10:00 the next day in spring.
        assert_eq!(
            s.add(madrid("2026-03-28T09:00"), 24 * HOUR_MS),
            Some(madrid("2026-03-29T10:00"))
        );
    }

    #[test]
    fn a_span_across_a_skipped_hour_is_an_hour_shorter() {
        let mut hours = BusinessHours::always_open("Europe/Madrid");
        for day in 1..=7 {
            *hours.day_mut(day) = vec!["01:00-04:00".into()];
        }
        let s = hours.schedule().unwrap();
        // Sunday 2026-03-29 01:00–04:00 local is two hours long.
        assert_eq!(
            s.open_between(madrid("2026-03-29T00:00"), madrid("2026-03-29T12:00")),
            2 * HOUR_MS
        );
        // A local time in the gap (02:30) moves forward by the gap.
        let mut gap = BusinessHours::always_open("Europe/Madrid");
        for day in 1..=7 {
            *gap.day_mut(day) = vec!["02:30-05:00".into()];
        }
        let gap = gap.schedule().unwrap();
        assert_eq!(
            gap.next_opening(madrid("2026-03-29T00:00")),
            Some(madrid("2026-03-29T03:30"))
        );
    }

    #[test]
    fn bad_hours_are_refused_with_their_key() {
        let hours = BusinessHours {
            time_zone: "Mars/Olympus".into(),
            ..BusinessHours::default()
        };
        assert_eq!(hours.schedule().unwrap_err().key(), "time_zone");

        let hours = BusinessHours {
            tuesday: vec!["09:00-13:00".into(), "12:00-18:00".into()],
            ..BusinessHours::default()
        };
        let error = hours.schedule().unwrap_err();
        assert_eq!(error.key(), "tuesday");
        assert!(error.to_string().contains("overlap"), "{error}");

        for bad in [
            "9-17",
            "09:00-25:00",
            "17:00-09:00",
            "24:00-24:00",
            "09:60-10:00",
            "",
        ] {
            let hours = BusinessHours {
                friday: vec![bad.into()],
                ..BusinessHours::default()
            };
            assert_eq!(hours.schedule().unwrap_err().key(), "friday", "{bad}");
        }

        let mut hours = BusinessHours::default();
        hours.holidays.push(Holiday {
            date: "25/12/2026".into(),
            name: String::new(),
        });
        assert_eq!(hours.schedule().unwrap_err().key(), "holidays");
    }

    #[test]
    fn a_schedule_without_hours_never_opens() {
        let hours = BusinessHours {
            time_zone: "UTC".into(),
            monday: vec![],
            tuesday: vec![],
            wednesday: vec![],
            thursday: vec![],
            friday: vec![],
            saturday: vec![],
            sunday: vec![],
            holidays: vec![],
            holidays_file: None,
        };
        let s = hours.schedule().unwrap();
        assert_eq!(s.next_opening(0), None);
        assert_eq!(s.add(0, MINUTE_MS), None);
        assert_eq!(s.subtract(0, MINUTE_MS), None);
        assert_eq!(s.open_between(0, 100 * HOUR_MS), 0);
    }

    #[test]
    fn days_from_civil_counts_from_the_epoch() {
        let days = |text: &str| days_from_civil(text.parse().unwrap());
        assert_eq!(days("1970-01-01"), 0);
        assert_eq!(days("1969-12-31"), -1);
        assert_eq!(days("2000-03-01"), 11_017);
        assert_eq!(days("2026-12-05"), 20_792);
    }

    #[test]
    fn the_default_hours_are_valid() {
        let s = BusinessHours::default().schedule().unwrap();
        assert!(!s.is_open(madrid("2026-12-25T12:00")), "Christmas Day");
        assert!(s.is_open(madrid("2026-12-24T12:00")));
    }

    #[test]
    fn weekly_runs_group_days_with_the_same_hours() {
        let runs = BusinessHours::default().weekly_runs();
        assert_eq!(
            runs,
            vec![
                (1, 5, vec!["09:00-20:00".to_owned()]),
                (6, 6, vec!["10:00-14:00".to_owned()]),
            ]
        );
    }

    /// Schedules in zones with and without daylight saving, some with a
    /// lunch break, and times around the 2026 changes.
    fn schedules() -> impl Strategy<Value = Schedule> {
        let zones = prop::sample::select(vec![
            "Europe/Madrid",
            "America/New_York",
            "Asia/Shanghai",
            "Australia/Sydney",
            "UTC",
        ]);
        (zones, 0u16..12, 1u16..12, any::<bool>(), 0u8..8).prop_map(
            |(zone, open, length, lunch, closed_day)| {
                let start = open * 60;
                let end = (start + length * 60).min(24 * 60);
                let spans = if lunch && end - start > 120 {
                    let middle = start + (end - start) / 2;
                    vec![
                        format!(
                            "{:02}:{:02}-{:02}:{:02}",
                            start / 60,
                            start % 60,
                            middle / 60,
                            middle % 60
                        ),
                        format!(
                            "{:02}:{:02}-{:02}:{:02}",
                            (middle + 30) / 60,
                            (middle + 30) % 60,
                            end / 60,
                            end % 60
                        ),
                    ]
                } else {
                    vec![format!(
                        "{:02}:00-{:02}:{:02}",
                        start / 60,
                        end / 60,
                        end % 60
                    )]
                };
                let mut hours = BusinessHours::always_open(zone);
                for day in 1..=7 {
                    *hours.day_mut(day) = if day == closed_day {
                        vec![]
                    } else {
                        spans.clone()
                    };
                }
                hours.holidays.push(Holiday {
                    date: "2026-03-30".into(),
                    name: String::new(),
                });
                hours.schedule().expect("generated hours are valid")
            },
        )
    }

    /// Instants from mid-March to mid-November 2026 (both changes).
    fn instants() -> impl Strategy<Value = Millis> {
        1_773_532_800_000i64..1_794_700_800_000
    }

    proptest! {
        #[test]
        fn adding_open_time_adds_exactly_that_much(
            s in schedules(), start in instants(), minutes in 0i64..10_000
        ) {
            let duration = minutes * MINUTE_MS;
            let end = s.add(start, duration).expect("open every week");
            prop_assert!(end >= start);
            prop_assert_eq!(s.open_between(start, end), duration);
        }

        #[test]
        fn subtracting_undoes_adding(
            s in schedules(), start in instants(), minutes in 1i64..10_000
        ) {
            let duration = minutes * MINUTE_MS;
            let end = s.add(start, duration).expect("open every week");
            let back = s.subtract(end, duration).expect("open every week");
            prop_assert!(back >= start);
            prop_assert_eq!(s.open_between(back, end), duration);
            prop_assert_eq!(s.open_between(start, back), 0);
        }

        #[test]
        fn the_next_opening_is_open_and_nothing_before_it_is(
            s in schedules(), at in instants()
        ) {
            let next = s.next_opening(at).expect("open every week");
            prop_assert!(next >= at);
            prop_assert!(s.is_open(next));
            prop_assert_eq!(s.open_between(at, next), 0);
            prop_assert_eq!(s.is_open(at), next == at);
        }

        #[test]
        fn open_time_adds_up_over_a_split(
            s in schedules(), a in instants(), b in 0i64..(30 * 24 * 60), c in 0i64..(30 * 24 * 60)
        ) {
            let (b, c) = (a + b.min(c) * MINUTE_MS, a + b.max(c) * MINUTE_MS);
            prop_assert_eq!(s.open_between(a, b) + s.open_between(b, c), s.open_between(a, c));
        }
    }
}
