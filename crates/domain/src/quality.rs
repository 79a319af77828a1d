//! Quality reviews (docs/METRICS.md, "Quality"): a scorecard of criteria
//! the admin sets, each rated 1–5 by a reviewer; a review's score is the
//! mean rating as a percentage (1 → 0 %, 5 → 100 %); the weekly sample is
//! drawn per agent from the conversations they solved the week before.

use jiff::civil::{Date, Weekday};

/// At most this many criteria on the scorecard.
pub const MAX_CRITERIA: usize = 20;
/// A criterion's name, at most this many characters.
pub const MAX_CRITERION_NAME: usize = 80;
/// Conversations drawn per agent per week, at most.
pub const MAX_SAMPLE: u32 = 20;

/// A review's score from its ratings (each 1–5): `None` without ratings.
pub fn score_percent(ratings: &[u8]) -> Option<u8> {
    if ratings.is_empty() || ratings.iter().any(|r| !(1..=5).contains(r)) {
        return None;
    }
    let sum: u32 = ratings.iter().map(|r| u32::from(*r - 1)).sum();
    let max = 4 * ratings.len() as u32;
    Some(((sum * 100 + max / 2) / max) as u8)
}

/// The scorecard's criteria from the admin's text: one per line, blank
/// lines skipped; an error names the first bad line.
pub fn parse_criteria(text: &str) -> Result<Vec<String>, String> {
    let names: Vec<String> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(String::from)
        .collect();
    if names.is_empty() {
        return Err("at least one criterion".into());
    }
    if names.len() > MAX_CRITERIA {
        return Err(format!("at most {MAX_CRITERIA} criteria"));
    }
    if let Some(long) = names
        .iter()
        .find(|n| n.chars().count() > MAX_CRITERION_NAME)
    {
        return Err(format!(
            "`{long}` is longer than {MAX_CRITERION_NAME} characters"
        ));
    }
    let mut seen = std::collections::BTreeSet::new();
    if let Some(twice) = names.iter().find(|n| !seen.insert(n.to_lowercase())) {
        return Err(format!("`{twice}` is listed twice"));
    }
    Ok(names)
}

/// The Monday that starts the week of `date`.
pub fn week_start(date: Date) -> Date {
    let back = i64::from(date.weekday().to_monday_zero_offset());
    date.checked_sub(jiff::Span::new().days(back))
        .unwrap_or(date)
}

/// The week a sample is drawn from on `today`: the last full week, Monday
/// to Sunday.
pub fn sample_week(today: Date) -> (Date, Date) {
    let this_monday = week_start(today);
    let monday = this_monday
        .checked_sub(jiff::Span::new().days(7))
        .unwrap_or(this_monday);
    let sunday = this_monday
        .checked_sub(jiff::Span::new().days(1))
        .unwrap_or(this_monday);
    debug_assert_eq!(monday.weekday(), Weekday::Monday);
    (monday, sunday)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores_are_the_mean_rating_as_a_percentage() {
        assert_eq!(score_percent(&[5, 5, 5, 5]), Some(100));
        assert_eq!(score_percent(&[1, 1]), Some(0));
        assert_eq!(score_percent(&[3]), Some(50));
        assert_eq!(score_percent(&[4, 5, 3, 5]), Some(81));
        assert_eq!(score_percent(&[]), None);
        assert_eq!(score_percent(&[0, 5]), None);
    }

    #[test]
    fn criteria_are_checked() {
        assert_eq!(
            parse_criteria("Greeting\n\n  Correct solution \n"),
            Ok(vec!["Greeting".into(), "Correct solution".into()])
        );
        assert!(parse_criteria("  \n").is_err());
        assert!(parse_criteria("Tone\ntone").unwrap_err().contains("twice"));
        assert!(parse_criteria(&"x".repeat(81)).is_err());
    }

    #[test]
    fn the_sample_week_is_the_last_full_week() {
        let saturday: Date = "2026-12-05".parse().unwrap();
        let (monday, sunday) = sample_week(saturday);
        assert_eq!(
            (monday.to_string(), sunday.to_string()),
            ("2026-11-23".into(), "2026-11-29".into())
        );
        let monday_now: Date = "2026-11-30".parse().unwrap();
        assert_eq!(sample_week(monday_now).0.to_string(), "2026-11-23");
    }
}
