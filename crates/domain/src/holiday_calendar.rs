//! Holidays read from an iCalendar file (RFC 5545), as public holiday
//! calendars are published (government sites, calendar apps' exports):
//! every event is a closed day — an all-day event each day from its start
//! to its (exclusive) end, a timed event the day it starts — and a yearly
//! recurrence repeats on the same date for the years asked for. Other
//! recurrences ("the last Monday of May") are refused by name rather than
//! guessed: such calendars can be exported with each occurrence written
//! out.

use std::collections::BTreeMap;
use std::ops::RangeInclusive;

use jiff::civil::Date;

use crate::business_hours::{Holiday, MAX_HOLIDAY_NAME, MAX_HOLIDAYS};

/// The longest event taken as a run of holidays (a closing over the
/// year's end, a summer break), in days.
const MAX_EVENT_DAYS: i32 = 62;

/// Why an iCalendar file gives no holidays.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HolidayFileError {
    #[error("not an iCalendar file: {0}")]
    NotICalendar(String),
    #[error("event `{0}` has no start date (DTSTART)")]
    NoStart(String),
    #[error("event `{event}`: `{value}` is not a date")]
    BadDate { event: String, value: String },
    #[error(
        "event `{event}`: the recurrence `{rule}` is not supported (only yearly on the same date); \
         export the calendar with each occurrence written out"
    )]
    UnsupportedRecurrence { event: String, rule: String },
    #[error("more than {MAX_HOLIDAYS} holidays")]
    TooMany,
}

/// The years a yearly holiday is repeated for when read at `now`: last
/// year to five years ahead.
pub fn years_around(now: crate::Millis) -> RangeInclusive<i16> {
    let year = jiff::Timestamp::from_millisecond(now)
        .map_or(1970, |ts| ts.to_zoned(jiff::tz::TimeZone::UTC).year());
    year.saturating_sub(1)..=year.saturating_add(5)
}

/// The holidays of `text`, one per date (the first event's name wins),
/// yearly recurrences repeated for the `years` asked for (and not before
/// their start or after their end).
///
/// # Errors
///
/// When `text` is not iCalendar, an event has no start or a date that is
/// not one, a recurrence is not yearly on a date, or there are more than
/// [`MAX_HOLIDAYS`] days.
pub fn holidays_from_ical(
    text: &str,
    years: RangeInclusive<i16>,
) -> Result<Vec<Holiday>, HolidayFileError> {
    if !text
        .trim_start_matches('\u{feff}')
        .trim_start()
        .to_ascii_uppercase()
        .starts_with("BEGIN:VCALENDAR")
    {
        return Err(HolidayFileError::NotICalendar(
            "it does not begin with BEGIN:VCALENDAR".into(),
        ));
    }
    let mut calendars = 0;
    let mut days: BTreeMap<Date, String> = BTreeMap::new();
    for calendar in ical::IcalParser::new(text.as_bytes()) {
        let calendar = calendar.map_err(|e| HolidayFileError::NotICalendar(e.to_string()))?;
        calendars += 1;
        for event in &calendar.events {
            let event = Event::of(&event.properties);
            if event.cancelled {
                continue;
            }
            for date in event.dates(&years)? {
                days.entry(date).or_insert_with(|| event.name.clone());
                if days.len() > MAX_HOLIDAYS {
                    return Err(HolidayFileError::TooMany);
                }
            }
        }
    }
    if calendars == 0 {
        return Err(HolidayFileError::NotICalendar("no calendar in it".into()));
    }
    Ok(days
        .into_iter()
        .map(|(date, name)| Holiday {
            date: date.to_string(),
            name,
        })
        .collect())
}

/// What an event says about its dates.
struct Event {
    name: String,
    start: Option<String>,
    end: Option<String>,
    all_day: bool,
    rule: Option<String>,
    cancelled: bool,
}

impl Event {
    fn of(properties: &[ical::property::Property]) -> Self {
        let value = |name: &str| {
            properties
                .iter()
                .find(|p| p.name.eq_ignore_ascii_case(name))
                .and_then(|p| p.value.clone())
        };
        let all_day = properties
            .iter()
            .find(|p| p.name.eq_ignore_ascii_case("DTSTART"))
            .and_then(|p| p.params.as_ref())
            .is_some_and(|params| {
                params.iter().any(|(key, values)| {
                    key.eq_ignore_ascii_case("VALUE")
                        && values.iter().any(|v| v.eq_ignore_ascii_case("DATE"))
                })
            })
            || value("DTSTART").is_some_and(|v| v.trim().len() == 8);
        let name: String = unescape(&value("SUMMARY").unwrap_or_default())
            .chars()
            .take(MAX_HOLIDAY_NAME)
            .collect();
        Event {
            name,
            start: value("DTSTART"),
            end: value("DTEND"),
            all_day,
            rule: value("RRULE"),
            cancelled: value("STATUS").is_some_and(|s| s.eq_ignore_ascii_case("CANCELLED")),
        }
    }

    /// The closed dates of the event.
    fn dates(&self, years: &RangeInclusive<i16>) -> Result<Vec<Date>, HolidayFileError> {
        let start_text = self
            .start
            .as_deref()
            .ok_or_else(|| HolidayFileError::NoStart(self.name.clone()))?;
        let start = self.date(start_text)?;
        let length = match (&self.end, self.all_day) {
            (Some(end), true) => {
                let end = self.date(end)?;
                let days = (end - start).get_days();
                days.clamp(1, MAX_EVENT_DAYS)
            }
            _ => 1,
        };
        let firsts = match &self.rule {
            None => vec![start],
            Some(rule) => self.yearly(start, rule, years)?,
        };
        Ok(firsts
            .into_iter()
            .flat_map(|first| {
                std::iter::successors(Some(first), |d| d.tomorrow().ok()).take(length as usize)
            })
            .collect())
    }

    /// The starts of a yearly recurrence in `years`.
    fn yearly(
        &self,
        start: Date,
        rule: &str,
        years: &RangeInclusive<i16>,
    ) -> Result<Vec<Date>, HolidayFileError> {
        let unsupported = || HolidayFileError::UnsupportedRecurrence {
            event: self.name.clone(),
            rule: rule.to_owned(),
        };
        let mut yearly = false;
        let mut count: Option<i16> = None;
        let mut until: Option<Date> = None;
        for part in rule.split(';').filter(|p| !p.is_empty()) {
            let (key, value) = part.split_once('=').ok_or_else(unsupported)?;
            match key.to_ascii_uppercase().as_str() {
                "FREQ" => yearly = value.eq_ignore_ascii_case("YEARLY"),
                "COUNT" => count = Some(value.parse().map_err(|_| unsupported())?),
                "UNTIL" => until = Some(self.date(value)?),
                "INTERVAL" if value == "1" => {}
                "WKST" => {}
                "BYMONTH" if value.parse::<i8>().ok() == Some(start.month()) => {}
                "BYMONTHDAY" if value.parse::<i8>().ok() == Some(start.day()) => {}
                _ => return Err(unsupported()),
            }
        }
        if !yearly {
            return Err(unsupported());
        }
        let last_by_count = count.map(|n| start.year().saturating_add(n.saturating_sub(1)));
        Ok(years
            .clone()
            .filter(|year| *year >= start.year())
            .filter(|year| last_by_count.is_none_or(|last| *year <= last))
            // 29 February recurs in leap years only.
            .filter_map(|year| Date::new(year, start.month(), start.day()).ok())
            .filter(|date| until.is_none_or(|until| *date <= until))
            .collect())
    }

    /// The date of an iCalendar `DATE` or `DATE-TIME` value (its first
    /// eight digits: the date as written).
    fn date(&self, value: &str) -> Result<Date, HolidayFileError> {
        let bad = || HolidayFileError::BadDate {
            event: self.name.clone(),
            value: value.to_owned(),
        };
        let digits = value.trim().get(..8).ok_or_else(bad)?;
        if !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        let number =
            |range: std::ops::Range<usize>| digits[range].parse::<i16>().map_err(|_| bad());
        let (year, month, day) = (number(0..4)?, number(4..6)?, number(6..8)?);
        Date::new(
            year,
            i8::try_from(month).map_err(|_| bad())?,
            i8::try_from(day).map_err(|_| bad())?,
        )
        .map_err(|_| bad())
    }
}

/// An iCalendar TEXT value as written (`\,` `\;` `\n` `\\` escapes undone).
fn unescape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('n' | 'N') => out.push(' '),
                Some(other) => out.push(other),
                None => {}
            }
        } else {
            out.push(c);
        }
    }
    out.trim().to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Shaped like a national calendar export: all-day events, one with a
    /// folded long line and escapes, one over two days, one yearly, one
    /// cancelled, CRLF line ends.
    const CALENDAR: &str = "BEGIN:VCALENDAR\r\n\
VERSION:2.0\r\n\
PRODID:-//Example Gov//Holidays//EN\r\n\
BEGIN:VEVENT\r\n\
UID:1@example\r\n\
DTSTART;VALUE=DATE:20261208\r\n\
DTEND;VALUE=DATE:20261209\r\n\
SUMMARY:Inmaculada Concepci\u{f3}n\r\n\
END:VEVENT\r\n\
BEGIN:VEVENT\r\n\
UID:2@example\r\n\
DTSTART;VALUE=DATE:20261224\r\n\
DTEND;VALUE=DATE:20261226\r\n\
SUMMARY:Christmas Eve\\, and Christmas Day\r\n  (two days)\r\n\
END:VEVENT\r\n\
BEGIN:VEVENT\r\n\
UID:3@example\r\n\
DTSTART;VALUE=DATE:20000101\r\n\
RRULE:FREQ=YEARLY\r\n\
SUMMARY:New Year's Day\r\n\
END:VEVENT\r\n\
BEGIN:VEVENT\r\n\
UID:4@example\r\n\
DTSTART;VALUE=DATE:20261231\r\n\
STATUS:CANCELLED\r\n\
SUMMARY:Not a holiday after all\r\n\
END:VEVENT\r\n\
END:VCALENDAR\r\n";

    #[test]
    fn a_national_calendar_gives_its_closed_days() {
        let days = holidays_from_ical(CALENDAR, 2026..=2027).unwrap();
        let dates: Vec<&str> = days.iter().map(|h| h.date.as_str()).collect();
        assert_eq!(
            dates,
            [
                "2026-01-01",
                "2026-12-08",
                "2026-12-24",
                "2026-12-25",
                "2027-01-01"
            ]
        );
        assert_eq!(days[1].name, "Inmaculada Concepción");
        assert_eq!(days[2].name, "Christmas Eve, and Christmas Day (two days)");
    }

    #[test]
    fn what_is_not_a_calendar_is_refused() {
        for text in [
            "date,name\n2026-12-25,Christmas\n",
            "",
            "{\"holidays\": []}",
        ] {
            assert!(
                matches!(
                    holidays_from_ical(text, 2026..=2026),
                    Err(HolidayFileError::NotICalendar(_))
                ),
                "{text}"
            );
        }
        let broken = "BEGIN:VCALENDAR\nBEGIN:VEVENT\nSUMMARY:x\n";
        assert!(holidays_from_ical(broken, 2026..=2026).is_err());
    }

    #[test]
    fn recurrences_other_than_yearly_on_a_date_are_named() {
        let memorial = "BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:20260525\n\
RRULE:FREQ=YEARLY;BYMONTH=5;BYDAY=-1MO\nSUMMARY:Memorial Day\nEND:VEVENT\nEND:VCALENDAR\n";
        let error = holidays_from_ical(memorial, 2026..=2027).unwrap_err();
        assert!(error.to_string().contains("Memorial Day"), "{error}");
        assert!(error.to_string().contains("BYDAY=-1MO"), "{error}");
    }

    #[test]
    fn yearly_events_stop_at_their_count_and_skip_missing_leap_days() {
        let text = "BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:20250101\n\
RRULE:FREQ=YEARLY;COUNT=2\nSUMMARY:Twice\nEND:VEVENT\nBEGIN:VEVENT\n\
DTSTART;VALUE=DATE:20240229\nRRULE:FREQ=YEARLY\nSUMMARY:Leap\nEND:VEVENT\nEND:VCALENDAR\n";
        let days = holidays_from_ical(text, 2024..=2028).unwrap();
        let dates: Vec<&str> = days.iter().map(|h| h.date.as_str()).collect();
        assert_eq!(
            dates,
            ["2024-02-29", "2025-01-01", "2026-01-01", "2028-02-29"]
        );
    }

    #[test]
    fn a_bad_date_names_its_event() {
        let text = "BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:20261332\n\
SUMMARY:Nowhere\nEND:VEVENT\nEND:VCALENDAR\n";
        let error = holidays_from_ical(text, 2026..=2026).unwrap_err();
        assert_eq!(
            error,
            HolidayFileError::BadDate {
                event: "Nowhere".into(),
                value: "20261332".into()
            }
        );
    }
}
