//! Limits on how often the public doors may be knocked on: password
//! sign-in, order-number sign-in (API, portal and chat alike), sign-in links
//! by email, unlock links, chat starts and chat lines. They stop guessing and
//! mail bombing; an honest person never meets them, and when someone else's
//! guessing does, the refusal offers a way in by email (`Recovery`).
//!
//! Counters live in the database (`rate_limits`), in fixed windows per
//! (limit, key), so every node and every door shares one count. Keys are
//! stored as SHA-256 hex of the normalized key: a row has a fixed size
//! whatever was submitted, and inputs are bounded before they get here. The
//! expiry job deletes ended windows; new keys are refused past `MAX_ROWS`.

use std::net::IpAddr;

use marketdesk_domain::{HOUR_MS, MINUTE_MS, Millis};
use marketdesk_store::limits as store;
use sha2::{Digest, Sha256};

use crate::{Recovery, Result, ServiceError, Services, now_ms};

/// One kind of limit: at most `max` in `window`.
#[derive(Debug, Clone, Copy)]
pub struct Limit {
    pub name: &'static str,
    pub max: i64,
    pub window: Millis,
}

/// Wrong passwords for one email.
pub const FAILED_LOGINS: Limit = Limit {
    name: "login",
    max: 10,
    window: HOUR_MS / 4,
};
/// Wrong staff passwords from one client address, whatever the email: stops
/// trying one password on many accounts. An unlock link used from that
/// address lifts it, so the rightful owner behind the same address gets in.
pub const FAILED_LOGINS_PER_CLIENT: Limit = Limit {
    name: "login_client",
    max: 30,
    window: HOUR_MS / 4,
};
/// Failed order-number sign-ins naming one order number.
pub const FAILED_ORDER_SIGN_INS: Limit = Limit {
    name: "order",
    max: 10,
    window: HOUR_MS / 4,
};
/// Failed order-number sign-ins naming one email.
pub const FAILED_ORDER_SIGN_INS_PER_EMAIL: Limit = Limit {
    name: "order_email",
    max: 10,
    window: HOUR_MS / 4,
};
/// Failed order-number sign-ins from one client address (an IPv4 address or
/// an IPv6 /64). Higher than the others: several people may share a NAT.
pub const FAILED_ORDER_SIGN_INS_PER_CLIENT: Limit = Limit {
    name: "order_client",
    max: 20,
    window: HOUR_MS / 4,
};
/// Sign-in links mailed to one address.
pub const SIGN_IN_LINKS: Limit = Limit {
    name: "link",
    max: 5,
    window: HOUR_MS,
};
/// Unlock links mailed for one staff email: one per lock.
pub const UNLOCK_LINKS: Limit = Limit {
    name: "unlock",
    max: 1,
    window: HOUR_MS / 4,
};
/// Password reset links mailed per staff email.
pub const PASSWORD_RESETS: Limit = Limit {
    name: "password_reset",
    max: 3,
    window: HOUR_MS,
};

/// Password reset asks per client address (any email).
pub const PASSWORD_RESETS_PER_CLIENT: Limit = Limit {
    name: "password_reset_client",
    max: 20,
    window: HOUR_MS,
};

/// Chats opened from one client address.
pub const CHAT_STARTS: Limit = Limit {
    name: "chat_start",
    max: 30,
    window: 10 * MINUTE_MS,
};
/// Lines written in one chat.
pub const CHAT_LINES: Limit = Limit {
    name: "chat",
    max: 30,
    window: MINUTE_MS,
};

/// Automatic answers (acknowledgements) mailed to one address: two
/// auto-responders cannot answer each other for ever.
pub const AUTO_ANSWERS: Limit = Limit {
    name: "auto_answer",
    max: 5,
    window: HOUR_MS,
};

/// Messages one client (an IP address, IPv6 per /64) may give the SMTP
/// receiver in an hour; the count is `Settings::max_mail_per_client_hour`
/// and trusted relays (`mail_relays`) are not counted.
pub const MAIL_PER_CLIENT: Limit = Limit {
    name: "mail_client",
    max: 300,
    window: HOUR_MS,
};

/// Calls to the support number's greeting from one client (the telephony
/// provider's addresses carry every caller: the count is generous).
pub const PHONE_CALLS: Limit = Limit {
    name: "phone_call",
    max: 600,
    window: MINUTE_MS,
};

/// Callbacks asked for in the help center from one client.
pub const CALLBACK_REQUESTS: Limit = Limit {
    name: "callback_request",
    max: 5,
    window: HOUR_MS,
};

/// Transcripts of one chat sent by email.
pub const CHAT_TRANSCRIPTS: Limit = Limit {
    name: "chat_transcript",
    max: 3,
    window: HOUR_MS,
};

/// No limit counts over a longer window: older counters have all ended.
pub const LONGEST_WINDOW: Millis = 24 * HOUR_MS;

/// Every limit, for the expiry job.
pub const ALL: [Limit; 14] = [
    FAILED_LOGINS,
    FAILED_LOGINS_PER_CLIENT,
    FAILED_ORDER_SIGN_INS,
    FAILED_ORDER_SIGN_INS_PER_EMAIL,
    FAILED_ORDER_SIGN_INS_PER_CLIENT,
    SIGN_IN_LINKS,
    UNLOCK_LINKS,
    CHAT_STARTS,
    CHAT_LINES,
    AUTO_ANSWERS,
    MAIL_PER_CLIENT,
    PHONE_CALLS,
    CALLBACK_REQUESTS,
    CHAT_TRANSCRIPTS,
];

/// Counters kept at most (about 150 bytes each): past it, new keys are
/// refused until the expiry job has deleted ended windows.
pub const MAX_ROWS: i64 = 100_000;

/// The longest order number accepted at a sign-in door.
pub const MAX_ORDER_NUMBER_CHARS: usize = 64;

/// The stored form of a key: SHA-256 hex, 64 characters whatever the input.
fn hashed(key: &str) -> String {
    hex::encode(Sha256::digest(key.as_bytes()))
}

/// The key of a client address. IPv6 clients usually hold a whole /64, so
/// they are counted per /64; IPv4-mapped addresses count as IPv4.
pub fn client_key(ip: IpAddr) -> String {
    match ip {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => v4.to_string(),
            None => {
                let s = v6.segments();
                format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
            }
        },
    }
}

/// The normalized order number of a sign-in, refused before anything is
/// stored when it is empty or longer than any order number.
pub fn order_number_key(order_number: &str) -> Result<String> {
    let trimmed = order_number.trim();
    if trimmed.is_empty() || trimmed.chars().nth(MAX_ORDER_NUMBER_CHARS).is_some() {
        return Err(ServiceError::field(
            "order_number",
            format!("must be 1 to {MAX_ORDER_NUMBER_CHARS} characters long"),
        ));
    }
    Ok(trimmed.to_uppercase())
}

fn retry_after(counter: store::Counter, limit: Limit, now: Millis) -> u64 {
    ((counter.window_start + limit.window - now) / 1000).max(1) as u64
}

fn blocked(counter: Option<store::Counter>, limit: Limit, now: Millis) -> Option<u64> {
    counter
        .filter(|c| now - c.window_start < limit.window && c.count >= limit.max)
        .map(|c| retry_after(c, limit, now))
}

impl Services {
    /// Refuses when any of `keys` has used up its limit in the current window.
    pub(crate) async fn check_limits(
        &self,
        keys: &[(Limit, &str)],
        recovery: Recovery,
    ) -> Result<()> {
        let now = now_ms();
        let mut conn = self.store.reader().await?;
        let mut wait = None;
        for (limit, key) in keys {
            let counter = store::get(&mut conn, limit.name, &hashed(key)).await?;
            if let Some(secs) = blocked(counter, *limit, now) {
                wait = Some(wait.map_or(secs, |w: u64| w.max(secs)));
            }
        }
        match wait {
            Some(retry_after_secs) => Err(ServiceError::RateLimited {
                retry_after_secs,
                recovery,
            }),
            None => Ok(()),
        }
    }

    /// Reserves one attempt on each of `keys` (one transaction) before the
    /// attempt is judged, and refuses it when any key is past its limit: the
    /// count is taken atomically, so a burst of concurrent attempts cannot
    /// all slip under the limit at once. A success gives the attempt back
    /// with [`Services::release_limits`]; a failure keeps it counted. Answers
    /// the counts in the order of `keys`. Refused when the table is full.
    pub(crate) async fn reserve_limits(
        &self,
        keys: &[(Limit, &str)],
        recovery: Recovery,
    ) -> Result<Vec<i64>> {
        let now = now_ms();
        let mut tx = self.store.begin().await?;
        let mut counters = Vec::with_capacity(keys.len());
        for (limit, key) in keys {
            let hit = store::hit(
                &mut tx,
                limit.name,
                &hashed(key),
                now,
                limit.window,
                MAX_ROWS,
            )
            .await?;
            let Some(counter) = hit else {
                tracing::warn!(
                    limit = limit.name,
                    "rate-limit table is full: refusing new keys"
                );
                return Err(ServiceError::RateLimited {
                    retry_after_secs: 60,
                    recovery,
                });
            };
            counters.push(counter);
        }
        tx.commit().await?;
        let wait = keys
            .iter()
            .zip(&counters)
            .filter(|((limit, _), counter)| counter.count > limit.max)
            .map(|((limit, _), counter)| retry_after(*counter, *limit, now))
            .max();
        match wait {
            Some(retry_after_secs) => Err(ServiceError::RateLimited {
                retry_after_secs,
                recovery,
            }),
            None => Ok(counters.iter().map(|c| c.count).collect()),
        }
    }

    /// Gives back the attempts reserved on `keys`: the attempt succeeded.
    pub(crate) async fn release_limits(&self, keys: &[(Limit, &str)]) -> Result<()> {
        let mut tx = self.store.begin().await?;
        for (limit, key) in keys {
            store::release(&mut tx, limit.name, &hashed(key)).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Counts one use of `limit` by `key`, refusing it past the limit: for
    /// uses that count whether or not they succeed.
    pub(crate) async fn take_limit(
        &self,
        limit: Limit,
        key: &str,
        recovery: Recovery,
    ) -> Result<()> {
        let now = now_ms();
        let mut tx = self.store.begin().await?;
        let hit = store::hit(
            &mut tx,
            limit.name,
            &hashed(key),
            now,
            limit.window,
            MAX_ROWS,
        )
        .await?;
        tx.commit().await?;
        match hit {
            Some(counter) if counter.count <= limit.max => Ok(()),
            Some(counter) => Err(ServiceError::RateLimited {
                retry_after_secs: retry_after(counter, limit, now),
                recovery,
            }),
            None => Err(ServiceError::RateLimited {
                retry_after_secs: 60,
                recovery,
            }),
        }
    }

    /// Forgets `key`'s count for `limit`.
    pub(crate) async fn clear_limit(&self, limit: Limit, key: &str) -> Result<()> {
        let mut tx = self.store.begin().await?;
        store::clear(&mut tx, limit.name, &hashed(key)).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Deletes counters whose window ended and unlock links that expired;
    /// run by the periodic jobs on every node (safe concurrently).
    pub async fn expire_rate_limits(&self) -> Result<u64> {
        let now = now_ms();
        let mut tx = self.store.begin().await?;
        let mut deleted = 0;
        for limit in ALL {
            deleted += store::expire(&mut tx, limit.name, now - limit.window).await?;
        }
        // Every other limit (reports, password resets, the forum's) has a
        // window of an hour at most: a day-old counter has ended.
        deleted += store::expire_all(&mut tx, now - LONGEST_WINDOW).await?;
        deleted += store::expire_unlock_links(&mut tx, now).await?;
        tx.commit().await?;
        Ok(deleted)
    }

    /// How many rate-limit counters the database holds (for operators and tests).
    pub async fn rate_limit_rows(&self) -> Result<i64> {
        let mut conn = self.store.reader().await?;
        Ok(store::rows(&mut conn).await?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_hashed_to_a_fixed_length() {
        assert_eq!(hashed("SO-1").len(), 64);
        assert_eq!(hashed(&"X".repeat(1_000_000)).len(), 64);
        assert_ne!(hashed("SO-1"), hashed("SO-2"));
    }

    #[test]
    fn clients_are_counted_per_ipv4_address_and_ipv6_64() {
        let v4: IpAddr = "203.0.113.7".parse().unwrap();
        assert_eq!(client_key(v4), "203.0.113.7");
        let a: IpAddr = "2001:db8:1:2:aaaa::1".parse().unwrap();
        let b: IpAddr = "2001:db8:1:2:bbbb::9".parse().unwrap();
        assert_eq!(client_key(a), client_key(b));
        assert_eq!(client_key(a), "2001:db8:1:2::/64");
        let mapped: IpAddr = "::ffff:203.0.113.7".parse().unwrap();
        assert_eq!(client_key(mapped), "203.0.113.7");
    }

    #[test]
    fn order_numbers_are_bounded_before_use() {
        assert_eq!(order_number_key(" so-240101 ").unwrap(), "SO-240101");
        assert!(order_number_key("").is_err());
        assert!(order_number_key(&"9".repeat(MAX_ORDER_NUMBER_CHARS)).is_ok());
        assert!(order_number_key(&"9".repeat(MAX_ORDER_NUMBER_CHARS + 1)).is_err());
    }

    #[test]
    fn a_full_window_blocks_until_it_ends() {
        let counter = store::Counter {
            count: SIGN_IN_LINKS.max,
            window_start: 1_000_000,
        };
        assert_eq!(blocked(Some(counter), SIGN_IN_LINKS, 1_001_000), Some(3599));
        assert_eq!(
            blocked(Some(counter), SIGN_IN_LINKS, 1_000_000 + HOUR_MS),
            None
        );
        let below = store::Counter {
            count: SIGN_IN_LINKS.max - 1,
            ..counter
        };
        assert_eq!(blocked(Some(below), SIGN_IN_LINKS, 1_001_000), None);
        assert_eq!(blocked(None, SIGN_IN_LINKS, 0), None);
    }
}
