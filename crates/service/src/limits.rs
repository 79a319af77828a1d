//! Limits on how often the public doors may be knocked on: password
//! sign-in, order-number sign-in, sign-in links by email, and chat lines.
//! They stop guessing and mail bombing; an honest person never meets them.
//!
//! Counts live in this node's memory, in fixed windows per key (an email,
//! an order number, a chat). Several nodes each count on their own, which
//! multiplies a limit by the number of nodes but never blocks wrongly.

use std::collections::HashMap;
use std::sync::Mutex;

use marketdesk_domain::{HOUR_MS, Millis};

use crate::{Result, ServiceError};

/// One kind of limit: at most `max` in `window`.
#[derive(Debug, Clone, Copy)]
pub struct Limit {
    pub name: &'static str,
    pub max: u32,
    pub window: Millis,
}

/// Wrong passwords for one email.
pub const FAILED_LOGINS: Limit = Limit {
    name: "login",
    max: 10,
    window: HOUR_MS / 4,
};
/// Wrong emails for one order number.
pub const FAILED_ORDER_SIGN_INS: Limit = Limit {
    name: "order",
    max: 10,
    window: HOUR_MS / 4,
};
/// Sign-in links mailed to one address.
pub const SIGN_IN_LINKS: Limit = Limit {
    name: "link",
    max: 5,
    window: HOUR_MS,
};
/// Lines written in one chat.
pub const CHAT_LINES: Limit = Limit {
    name: "chat",
    max: 30,
    window: HOUR_MS / 60,
};

/// Forget windows that ended once this many keys are kept.
const PRUNE_AT: usize = 10_000;

/// (limit name, key) → (window start, count).
type Windows = HashMap<(&'static str, String), (Millis, u32)>;

#[derive(Debug, Default)]
pub struct Limiter {
    windows: Mutex<Windows>,
}

impl Limiter {
    /// Refuses when `key` has used up `limit` in the current window.
    pub fn check(&self, limit: Limit, key: &str, now: Millis) -> Result<()> {
        let windows = self.windows.lock().unwrap_or_else(|e| e.into_inner());
        match windows.get(&(limit.name, key.to_string())) {
            Some((start, count)) if now - start < limit.window && *count >= limit.max => {
                Err(ServiceError::RateLimited {
                    retry_after_secs: ((start + limit.window - now) / 1000).max(1) as u64,
                })
            }
            _ => Ok(()),
        }
    }

    /// Counts one use of `limit` by `key`.
    pub fn count(&self, limit: Limit, key: &str, now: Millis) {
        let mut windows = self.windows.lock().unwrap_or_else(|e| e.into_inner());
        if windows.len() >= PRUNE_AT {
            windows.retain(|(name, _), (start, _)| {
                let window = [
                    FAILED_LOGINS,
                    FAILED_ORDER_SIGN_INS,
                    SIGN_IN_LINKS,
                    CHAT_LINES,
                ]
                .iter()
                .find(|l| l.name == *name)
                .map_or(HOUR_MS, |l| l.window);
                now - *start < window
            });
        }
        let entry = windows
            .entry((limit.name, key.to_string()))
            .or_insert((now, 0));
        if now - entry.0 >= limit.window {
            *entry = (now, 0);
        }
        entry.1 += 1;
    }

    /// Checks, then counts: for uses that count whether or not they succeed.
    pub fn take(&self, limit: Limit, key: &str, now: Millis) -> Result<()> {
        self.check(limit, key, now)?;
        self.count(limit, key, now);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_window_allows_max_then_refuses_until_it_ends() {
        let limiter = Limiter::default();
        let t0 = 1_000_000;
        for _ in 0..SIGN_IN_LINKS.max {
            limiter.take(SIGN_IN_LINKS, "a@example.com", t0).unwrap();
        }
        let refused = limiter.take(SIGN_IN_LINKS, "a@example.com", t0 + 1_000);
        assert!(
            matches!(refused, Err(ServiceError::RateLimited { retry_after_secs }) if retry_after_secs == 3599),
            "{refused:?}"
        );
        // Other keys and other limits are not affected.
        limiter.take(SIGN_IN_LINKS, "b@example.com", t0).unwrap();
        limiter.take(CHAT_LINES, "a@example.com", t0).unwrap();
        // A new window starts afresh.
        limiter
            .take(SIGN_IN_LINKS, "a@example.com", t0 + HOUR_MS)
            .unwrap();
    }

    #[test]
    fn failures_only_count_when_counted() {
        let limiter = Limiter::default();
        for _ in 0..100 {
            limiter.check(FAILED_LOGINS, "ana@example.com", 0).unwrap();
        }
        for _ in 0..FAILED_LOGINS.max {
            limiter.count(FAILED_LOGINS, "ana@example.com", 0);
        }
        assert!(limiter.check(FAILED_LOGINS, "ana@example.com", 0).is_err());
    }
}
