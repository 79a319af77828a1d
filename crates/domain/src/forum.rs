//! The community forum's rules (docs/COMMUNITY.md): the trust levels that
//! limit what new accounts may post (links, images, rate), what a post may
//! hold, and the moderators' actions.

use crate::{DAY_MS, Millis};

/// Longest title of a thread.
pub const MAX_TITLE: usize = 200;
/// Longest post, in characters of its text.
pub const MAX_POST: usize = 10_000;
/// Longest tag, and tags on one thread.
pub const MAX_TAG: usize = 30;
pub const MAX_TAGS: usize = 5;

crate::wire_enum! {
    /// How far the forum trusts an account, earned by taking part without
    /// being moderated.
    pub enum TrustLevel {
        /// A new account: no links but to the help center, no images, a few
        /// posts an hour.
        New => "new",
        /// Has posted a few times over more than a day, nothing hidden lately.
        Member => "member",
        /// Has taken part for a month and more; staff are regulars.
        Regular => "regular",
    }
}

/// What one level may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PostingLimits {
    /// Links to outside the help center in one post.
    pub links: usize,
    pub images: bool,
    /// Posts (threads and replies) an hour.
    pub posts_per_hour: u32,
    /// New threads an hour.
    pub threads_per_hour: u32,
}

/// What the level is earned from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Participation {
    pub staff: bool,
    pub account_created_at: Millis,
    /// Posts still shown.
    pub visible_posts: i64,
    /// Posts moderators hid in the last 90 days.
    pub recently_hidden: i64,
}

impl TrustLevel {
    /// The level an account has now: staff are regulars; a post hidden by a
    /// moderator in the last 90 days sends anyone back to new.
    pub fn of(p: Participation, now: Millis) -> TrustLevel {
        if p.staff {
            return TrustLevel::Regular;
        }
        let age = now - p.account_created_at;
        if p.recently_hidden > 0 || p.visible_posts < 3 || age < DAY_MS {
            TrustLevel::New
        } else if p.visible_posts >= 30 && age >= 30 * DAY_MS {
            TrustLevel::Regular
        } else {
            TrustLevel::Member
        }
    }

    pub fn limits(self) -> PostingLimits {
        match self {
            TrustLevel::New => PostingLimits {
                links: 0,
                images: false,
                posts_per_hour: 5,
                threads_per_hour: 1,
            },
            TrustLevel::Member => PostingLimits {
                links: 3,
                images: true,
                posts_per_hour: 30,
                threads_per_hour: 5,
            },
            TrustLevel::Regular => PostingLimits {
                links: 20,
                images: true,
                posts_per_hour: 120,
                threads_per_hour: 20,
            },
        }
    }
}

/// Why a post is refused by its level.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PostRefusal {
    #[error("new members may not post links yet (links to the help center are fine)")]
    LinksNotYet,
    #[error("at most {0} links in one post")]
    TooManyLinks(usize),
    #[error("new members may not post images yet")]
    ImagesNotYet,
}

/// Checks a post's links (outside the help center) and images against the
/// author's level.
pub fn check_post(
    level: TrustLevel,
    outside_links: usize,
    images: usize,
) -> Result<(), PostRefusal> {
    let limits = level.limits();
    if images > 0 && !limits.images {
        return Err(PostRefusal::ImagesNotYet);
    }
    if outside_links > limits.links {
        return Err(if limits.links == 0 {
            PostRefusal::LinksNotYet
        } else {
            PostRefusal::TooManyLinks(limits.links)
        });
    }
    Ok(())
}

/// Whether a link (host and path, as [`crate::moderation::links_in`] gives
/// it) points into this help desk's own help center or forum.
pub fn is_own_link(link: &str, own_host: &str) -> bool {
    let own_host = own_host.to_ascii_lowercase();
    let own_host = own_host.strip_prefix("www.").unwrap_or(&own_host);
    let Some((host, path)) = link.split_once('/') else {
        return false;
    };
    // The port does not matter: the same host serves the help center.
    let host = host.split(':').next().unwrap_or_default();
    let own_host = own_host.split(':').next().unwrap_or_default();
    !own_host.is_empty()
        && host == own_host
        && (path.starts_with("help") || path.starts_with("community"))
}

/// A tag as kept: lower case, letters, digits and dashes (any script).
pub fn normalize_tag(tag: &str) -> Option<String> {
    let tag: String = tag
        .trim()
        .to_lowercase()
        .chars()
        .map(|c| {
            if c.is_whitespace() || c == '_' {
                '-'
            } else {
                c
            }
        })
        .filter(|c| c.is_alphanumeric() || *c == '-')
        .collect();
    let tag = tag.trim_matches('-').to_owned();
    (!tag.is_empty() && tag.chars().count() <= MAX_TAG).then_some(tag)
}

crate::wire_enum! {
    /// What a moderator does to a thread.
    pub enum ThreadAction {
        Pin => "pin",
        Unpin => "unpin",
        /// Pinned and marked as a warning about a scam going round.
        ScamAlert => "scam_alert",
        Lock => "lock",
        Unlock => "unlock",
        Hide => "hide",
        Show => "show",
        /// To another category (named with the action).
        Move => "move",
    }
}

crate::wire_enum! {
    /// What a moderator does to a reply.
    pub enum PostAction {
        Hide => "hide",
        Show => "show",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(posts: i64, age_days: i64, hidden: i64) -> Participation {
        Participation {
            staff: false,
            account_created_at: 0,
            visible_posts: posts,
            recently_hidden: hidden,
        }
        .at_age(age_days)
    }

    impl Participation {
        fn at_age(mut self, days: i64) -> Self {
            self.account_created_at = 100 * DAY_MS - days * DAY_MS;
            self
        }
    }

    const NOW: Millis = 100 * DAY_MS;

    #[test]
    fn levels_are_earned_and_lost() {
        assert_eq!(TrustLevel::of(p(0, 0, 0), NOW), TrustLevel::New);
        assert_eq!(
            TrustLevel::of(p(10, 0, 0), NOW),
            TrustLevel::New,
            "a day old"
        );
        assert_eq!(
            TrustLevel::of(p(2, 5, 0), NOW),
            TrustLevel::New,
            "two posts"
        );
        assert_eq!(TrustLevel::of(p(3, 2, 0), NOW), TrustLevel::Member);
        assert_eq!(TrustLevel::of(p(30, 29, 0), NOW), TrustLevel::Member);
        assert_eq!(TrustLevel::of(p(30, 30, 0), NOW), TrustLevel::Regular);
        assert_eq!(
            TrustLevel::of(p(300, 300, 1), NOW),
            TrustLevel::New,
            "moderated"
        );
        let staff = Participation {
            staff: true,
            ..p(0, 0, 0)
        };
        assert_eq!(TrustLevel::of(staff, NOW), TrustLevel::Regular);
    }

    #[test]
    fn new_members_post_no_links_or_images() {
        assert_eq!(check_post(TrustLevel::New, 0, 0), Ok(()));
        assert_eq!(
            check_post(TrustLevel::New, 1, 0),
            Err(PostRefusal::LinksNotYet)
        );
        assert_eq!(
            check_post(TrustLevel::New, 0, 1),
            Err(PostRefusal::ImagesNotYet)
        );
        assert_eq!(check_post(TrustLevel::Member, 3, 1), Ok(()));
        assert_eq!(
            check_post(TrustLevel::Member, 4, 0),
            Err(PostRefusal::TooManyLinks(3))
        );
    }

    #[test]
    fn help_center_links_are_own() {
        assert!(is_own_link(
            "support.shop.example/help/articles/returns",
            "support.shop.example"
        ));
        assert!(is_own_link(
            "support.shop.example/community/t/3",
            "www.support.shop.example"
        ));
        assert!(!is_own_link(
            "support.shop.example.evil.test/help/x",
            "support.shop.example"
        ));
        assert!(!is_own_link("pay.example/help", "support.shop.example"));
        assert!(!is_own_link(
            "support.shop.example/agent",
            "support.shop.example"
        ));
    }

    #[test]
    fn tags_are_normalized() {
        assert_eq!(
            normalize_tag(" Late Delivery "),
            Some("late-delivery".into())
        );
        assert_eq!(normalize_tag("退款"), Some("退款".into()));
        assert_eq!(normalize_tag("<b>"), Some("b".into()));
        assert_eq!(normalize_tag("!!!"), None);
        assert_eq!(normalize_tag(&"x".repeat(31)), None);
    }
}
