//! Recently checked bearer credentials, so that a request does not look its
//! token up in the database again a moment after the last one did.
//!
//! Bounded three ways: an entry lives at most [`TTL`] (and never past the
//! credential's own expiry), the map holds at most [`CAPACITY`] entries, and
//! every change that could end or narrow a credential (a token revoked, a
//! sign-out, sessions ended, an account disabled, frozen or given another
//! role) empties it — on this node at once, on the others through
//! PostgreSQL's NOTIFY. A lookup that raced with such a change is not
//! cached: each fill carries the epoch it started in, and a change bumps it.

use std::collections::HashMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use marketdesk_domain::Millis;
use marketdesk_store::auth::Credential;

/// The longest a checked credential is trusted without asking the database.
pub const TTL: Duration = Duration::from_secs(5);
/// The most credentials kept.
pub const CAPACITY: usize = 10_000;

#[derive(Debug, Default)]
pub struct CredentialCache {
    entries: Mutex<HashMap<String, Entry>>,
    epoch: AtomicU64,
}

#[derive(Debug, Clone)]
struct Entry {
    credential: Credential,
    until: Instant,
}

impl CredentialCache {
    /// The credential of this secret hash, if checked recently and still
    /// within its own expiry at `now`.
    pub fn get(&self, hash: &str, now: Millis) -> Option<Credential> {
        let entries = self.entries.lock().ok()?;
        let entry = entries.get(hash)?;
        let live =
            entry.until > Instant::now() && entry.credential.expires_at.is_none_or(|at| at > now);
        live.then(|| entry.credential.clone())
    }

    /// The epoch to pass to [`CredentialCache::put`] after a lookup started now.
    pub fn epoch(&self) -> u64 {
        self.epoch.load(Ordering::Acquire)
    }

    /// Keeps a credential looked up since `epoch`, unless a change came between.
    pub fn put(&self, hash: String, credential: Credential, epoch: u64) {
        let Ok(mut entries) = self.entries.lock() else {
            return;
        };
        if self.epoch.load(Ordering::Acquire) != epoch {
            return;
        }
        if entries.len() >= CAPACITY {
            let now = Instant::now();
            entries.retain(|_, e| e.until > now);
            if entries.len() >= CAPACITY {
                entries.clear();
            }
        }
        entries.insert(
            hash,
            Entry {
                credential,
                until: Instant::now() + TTL,
            },
        );
    }

    /// Forgets every credential (something that could end one changed).
    pub fn clear(&self) {
        self.epoch.fetch_add(1, Ordering::AcqRel);
        if let Ok(mut entries) = self.entries.lock() {
            entries.clear();
        }
    }

    pub fn len(&self) -> usize {
        self.entries.lock().map_or(0, |e| e.len())
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use marketdesk_domain::Role;

    fn credential(expires_at: Option<Millis>) -> Credential {
        Credential {
            person_id: 7,
            role: Role::Agent,
            disabled: false,
            scopes: None,
            token_id: Some(1),
            csrf_token: None,
            order_id: None,
            expires_at,
        }
    }

    #[test]
    fn a_credential_is_kept_until_cleared() {
        let cache = CredentialCache::default();
        cache.put("h".into(), credential(None), cache.epoch());
        assert_eq!(cache.get("h", 0).map(|c| c.person_id), Some(7));
        cache.clear();
        assert!(cache.get("h", 0).is_none());
    }

    #[test]
    fn a_lookup_that_raced_with_a_change_is_not_kept() {
        let cache = CredentialCache::default();
        let started = cache.epoch();
        cache.clear();
        cache.put("h".into(), credential(None), started);
        assert!(cache.get("h", 0).is_none());
    }

    #[test]
    fn an_expired_session_is_not_served_from_the_cache() {
        let cache = CredentialCache::default();
        cache.put("h".into(), credential(Some(1_000)), cache.epoch());
        assert!(cache.get("h", 999).is_some());
        assert!(cache.get("h", 1_000).is_none());
    }

    #[test]
    fn the_cache_never_grows_past_its_capacity() {
        let cache = CredentialCache::default();
        for n in 0..CAPACITY + 10 {
            cache.put(format!("h{n}"), credential(None), cache.epoch());
        }
        assert!(cache.len() <= CAPACITY);
        assert!(cache.get(&format!("h{}", CAPACITY + 9), 0).is_some());
    }
}
