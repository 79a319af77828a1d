//! Reports of listings, users and messages (docs/TRUST.md): which reasons
//! fit which subject, how severe each is, the order of the moderation
//! queue, and the links a message carries (checked against the links of
//! messages reported as phishing or off-platform payment).

use crate::Millis;

crate::wire_enum! {
    /// What is reported.
    pub enum ReportSubject {
        Listing => "listing",
        User => "user",
        Message => "message",
        /// A forum post (reference `post-<id>`).
        Post => "post",
    }
}

crate::wire_enum! {
    /// Why.
    pub enum ReportReason {
        Counterfeit => "counterfeit",
        Prohibited => "prohibited",
        Misleading => "misleading",
        StolenPhotos => "stolen_photos",
        OffPlatformPayment => "off_platform_payment",
        Phishing => "phishing",
        Harassment => "harassment",
        Spam => "spam",
        Other => "other",
    }
}

crate::wire_enum! {
    /// What the moderator decided.
    pub enum ModerationDecision {
        /// The listing, account or message comes down (the platform acts).
        Takedown => "takedown",
        /// The seller or user is warned; the item stays.
        Warning => "warning",
        /// Nothing wrong found.
        Dismiss => "dismiss",
    }
}

impl ReportReason {
    /// Whether the reason fits what is reported.
    pub fn fits(self, subject: ReportSubject) -> bool {
        use ReportReason::*;
        match subject {
            ReportSubject::Listing => matches!(
                self,
                Counterfeit | Prohibited | Misleading | StolenPhotos | Other
            ),
            ReportSubject::User => matches!(
                self,
                Counterfeit | OffPlatformPayment | Phishing | Harassment | Spam | Other
            ),
            ReportSubject::Message | ReportSubject::Post => {
                matches!(
                    self,
                    OffPlatformPayment | Phishing | Harassment | Spam | Other
                )
            }
        }
    }

    /// 3: money or safety at stake now; 2: a rule broken; 1: the rest.
    pub fn severity(self) -> u8 {
        use ReportReason::*;
        match self {
            Phishing | OffPlatformPayment | Counterfeit => 3,
            Prohibited | StolenPhotos | Harassment => 2,
            Misleading | Spam | Other => 1,
        }
    }

    /// Reasons whose message's links are kept, to catch them elsewhere.
    pub fn flags_links(self) -> bool {
        matches!(
            self,
            ReportReason::Phishing | ReportReason::OffPlatformPayment
        )
    }
}

/// What the queue orders an open item by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QueueKey {
    pub severity: u8,
    pub reports: u32,
    pub first_reported_at: Millis,
}

/// The queue's order: most severe first, then the most reported, then the
/// oldest.
pub fn queue_order(a: &QueueKey, b: &QueueKey) -> std::cmp::Ordering {
    b.severity
        .cmp(&a.severity)
        .then(b.reports.cmp(&a.reports))
        .then(a.first_reported_at.cmp(&b.first_reported_at))
}

/// The links in a text, each reduced to host and path (lower-case host,
/// no scheme, query or fragment, no trailing slash): what a reported link
/// is recognised by, however it is written again.
pub fn links_in(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    for word in text.split(|c: char| c.is_whitespace() || "<>\"'()[]".contains(c)) {
        let lower = word.to_ascii_lowercase();
        let rest = if let Some(r) = lower.strip_prefix("https://") {
            r
        } else if let Some(r) = lower.strip_prefix("http://") {
            r
        } else if let Some(r) = lower.strip_prefix("www.") {
            r
        } else {
            continue;
        };
        let start = word.len() - rest.len();
        let original = &word[start..];
        let cut = original
            .find(['?', '#'])
            .map_or(original, |i| &original[..i]);
        let cut = cut.trim_end_matches(['.', ',', ';', ':', '!', '/']);
        let (host, path) = cut.split_once('/').unwrap_or((cut, ""));
        let host = host.to_ascii_lowercase();
        let host = host.strip_prefix("www.").unwrap_or(&host).to_owned();
        if host.is_empty() || !host.contains('.') || host.len() > 253 {
            continue;
        }
        let key = if path.is_empty() {
            host
        } else {
            format!("{host}/{}", path.trim_end_matches('/'))
        };
        let key: String = key.chars().take(500).collect();
        if !found.contains(&key) {
            found.push(key);
        }
        if found.len() == 20 {
            break;
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reasons_fit_their_subjects() {
        assert!(ReportReason::Counterfeit.fits(ReportSubject::Listing));
        assert!(!ReportReason::Phishing.fits(ReportSubject::Listing));
        assert!(ReportReason::Phishing.fits(ReportSubject::Message));
        assert!(!ReportReason::StolenPhotos.fits(ReportSubject::Message));
        assert!(ReportReason::OffPlatformPayment.fits(ReportSubject::User));
        for subject in ReportSubject::ALL {
            assert!(ReportReason::Other.fits(*subject));
        }
    }

    #[test]
    fn the_queue_puts_severe_then_repeated_then_old_first() {
        let key = |severity, reports, at| QueueKey {
            severity,
            reports,
            first_reported_at: at,
        };
        let mut items = [
            key(1, 9, 1),
            key(3, 1, 5),
            key(3, 4, 9),
            key(2, 1, 2),
            key(3, 4, 3),
        ];
        items.sort_by(queue_order);
        assert_eq!(
            items,
            [
                key(3, 4, 3),
                key(3, 4, 9),
                key(3, 1, 5),
                key(2, 1, 2),
                key(1, 9, 1)
            ]
        );
    }

    #[test]
    fn links_are_recognised_however_written() {
        let text = "Pay here: HTTPS://Www.Pay-Secure.example/checkout?id=9 or http://pay-secure.example/checkout/. Not a link: example.";
        assert_eq!(links_in(text), vec!["pay-secure.example/checkout"]);
        assert_eq!(
            links_in("see www.scam.example, thanks"),
            vec!["scam.example"]
        );
        assert_eq!(links_in("(https://a.example/x/y)"), vec!["a.example/x/y"]);
        assert!(links_in("no links at all, just 3.5 kg").is_empty());
        assert!(links_in("https://localhost/x").is_empty());
    }
}
