//! Service-level clocks on pages: a badge per clock with the time left or
//! overdue, which `/assets/sla-clock.js` keeps counting in the browser.

use marketdesk_domain::sla::{ClockKind, ClockState};
use marketdesk_service::tickets::SlaClockView;

use crate::i18n::Tr;

/// One clock as a template shows it.
pub struct SlaBadge {
    /// `ok`, `warning`, `breached`, `met` or `missed` (also the CSS class).
    pub state: &'static str,
    pub running: bool,
    pub due_at: String,
    pub text: String,
    /// For the script: the texts with `{}` where the duration goes.
    pub left_template: String,
    pub over_template: String,
    pub units: &'static str,
    /// When a running clock turns to warning (RFC 3339), for the script.
    pub warn_at: String,
}

/// Badges for each clock of a ticket.
pub fn badges(clocks: &[SlaClockView], t: Tr) -> Vec<SlaBadge> {
    clocks.iter().map(|clock| badge(clock, t)).collect()
}

/// The clock that most needs attention, if one is running (inbox rows).
pub fn most_pressing(badges: Vec<SlaBadge>) -> Option<SlaBadge> {
    let rank = |b: &SlaBadge| match b.state {
        "breached" => 0,
        "warning" => 1,
        _ => 2,
    };
    badges
        .into_iter()
        .filter(|b| b.running)
        .min_by_key(|b| rank(b))
}

fn badge(clock: &SlaClockView, t: Tr) -> SlaBadge {
    let label = t.s(match clock.kind {
        ClockKind::FirstResponse => "sla-first-response",
        ClockKind::NextReply => "sla-next-reply",
        ClockKind::Resolution => "sla-resolution",
    });
    let left_template = format!("{label} · {}", t.with("sla-left", &[("span", "{}".into())]));
    let over_template = format!(
        "{label} · {}",
        t.with("sla-overdue", &[("span", "{}".into())])
    );
    let units = t.s("sla-units");
    let span = duration(clock.remaining_seconds.abs(), units);
    let text = match clock.state {
        ClockState::Ok | ClockState::Warning => left_template.replace("{}", &span),
        ClockState::Breached => over_template.replace("{}", &span),
        ClockState::Met => format!("{label} · {}", t.s("sla-met")),
        ClockState::Missed => format!("{label} · {}", t.s("sla-missed")),
        ClockState::Paused => format!(
            "{label} · {}",
            t.with("sla-paused", &[("span", span.as_str().into())])
        ),
    };
    SlaBadge {
        state: clock.state.as_str(),
        running: clock.state.is_running(),
        due_at: clock.due_at.clone(),
        text,
        left_template,
        over_template,
        units,
        warn_at: clock.warning_at.clone(),
    }
}

/// `2 h 10 min`, `3 d 4 h`, `45 min` with the language's unit words
/// (`units` is "day,hour,minute", such as "d,h,min").
pub fn duration(seconds: i64, units: &str) -> String {
    let mut words = units.split(',');
    let (d, h, m) = (
        words.next().unwrap_or("d"),
        words.next().unwrap_or("h"),
        words.next().unwrap_or("min"),
    );
    let minutes = seconds / 60;
    let (days, hours, mins) = (minutes / 1440, minutes / 60 % 24, minutes % 60);
    if days > 0 {
        format!("{days} {d} {hours} {h}")
    } else if hours > 0 {
        format!("{hours} {h} {mins} {m}")
    } else {
        format!("{mins} {m}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_like_a_person_would_say_them() {
        assert_eq!(duration(45 * 60 + 20, "d,h,min"), "45 min");
        assert_eq!(duration(2 * 3600 + 10 * 60, "d,h,min"), "2 h 10 min");
        assert_eq!(
            duration(3 * 86400 + 4 * 3600 + 59, "天,小时,分钟"),
            "3 天 4 小时"
        );
        assert_eq!(duration(0, "d,h,min"), "0 min");
    }
}
