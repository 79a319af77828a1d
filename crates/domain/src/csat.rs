//! Satisfaction surveys (docs/METRICS.md, "CSAT"): which solved tickets are
//! asked, for how long a link answers, and which ratings reopen the
//! conversation.

use serde::{Deserialize, Serialize};

use crate::ticket::Channel;

/// The `[csat]` policy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields, default)]
pub struct CsatPolicy {
    /// Ask at all.
    pub enabled: bool,
    /// The channels whose solved tickets are asked (`email`, `chat`,
    /// `web`, `phone`, `api`, `social`).
    pub channels: Vec<String>,
    /// Days a survey link answers.
    pub expires_days: u32,
    /// Ratings at or below this reopen the ticket with the team's lead.
    pub reopen_at_or_below: u8,
}

impl Default for CsatPolicy {
    fn default() -> Self {
        CsatPolicy {
            enabled: true,
            channels: ["email", "chat", "web", "phone", "api"]
                .map(String::from)
                .to_vec(),
            expires_days: 14,
            reopen_at_or_below: 2,
        }
    }
}

impl CsatPolicy {
    /// Whether a ticket of `channel` is asked when solved.
    pub fn asks(&self, channel: Channel) -> bool {
        self.enabled && self.channels.iter().any(|c| c == channel.as_str())
    }

    /// Whether `rating` (1–5) reopens the conversation.
    pub fn reopens(&self, rating: u8) -> bool {
        rating <= self.reopen_at_or_below
    }

    /// The first bad value, as (key, what is wrong).
    pub fn problem(&self) -> Option<(String, String)> {
        if let Some(bad) = self.channels.iter().find(|c| Channel::parse(c).is_err()) {
            return Some(("csat.channels".into(), format!("`{bad}` is not a channel")));
        }
        if !(1..=90).contains(&self.expires_days) {
            return Some(("csat.expires_days".into(), "between 1 and 90".into()));
        }
        if self.reopen_at_or_below > 4 {
            return Some(("csat.reopen_at_or_below".into(), "0 (never) to 4".into()));
        }
        None
    }
}

/// A rating as given: 1 to 5.
pub fn rating(value: i64) -> Option<u8> {
    u8::try_from(value).ok().filter(|r| (1..=5).contains(r))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_asks_every_channel_and_reopens_on_one_or_two() {
        let policy = CsatPolicy::default();
        assert_eq!(policy.problem(), None);
        assert!(policy.asks(Channel::Email) && policy.asks(Channel::Chat));
        assert!(policy.reopens(1) && policy.reopens(2) && !policy.reopens(3));
        let off = CsatPolicy {
            enabled: false,
            ..CsatPolicy::default()
        };
        assert!(!off.asks(Channel::Email));
        let bad = CsatPolicy {
            channels: vec!["fax".into()],
            ..CsatPolicy::default()
        };
        assert_eq!(bad.problem().map(|(k, _)| k), Some("csat.channels".into()));
        assert_eq!(rating(0), None);
        assert_eq!(rating(5), Some(5));
        assert_eq!(rating(6), None);
    }
}
