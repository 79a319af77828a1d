//! `Idempotency-Key` bookkeeping for the HTTP layer.

use marketdesk_domain::DAY_MS;
use marketdesk_store::idempotency as store;
pub use marketdesk_store::idempotency::{Claim, WITHHELD};

use crate::{Result, Services, now_ms};

/// Saved responses are kept this long; a retry after that acts again.
pub const RETENTION_MS: i64 = DAY_MS;

/// How long a request holds its key by default: far longer than any request
/// runs, short enough that a client retrying after a node died gets through.
/// A retry that runs again still acts once: order actions save their outcome
/// in their own transaction and replay it.
pub const DEFAULT_LEASE_MS: i64 = 30_000;

impl Services {
    pub async fn claim_idempotency_key(
        &self,
        scope: &str,
        key: &str,
        fingerprint: &str,
    ) -> Result<Claim> {
        let mut tx = self.store.begin().await?;
        let claim = store::claim(
            &mut tx,
            scope,
            key,
            fingerprint,
            now_ms(),
            self.settings.idempotency_lease,
        )
        .await?;
        tx.commit().await?;
        Ok(claim)
    }

    pub async fn complete_idempotency_key(
        &self,
        scope: &str,
        key: &str,
        status: u16,
        content_type: &str,
        body: &str,
    ) -> Result<()> {
        let mut tx = self.store.begin().await?;
        store::complete(&mut tx, scope, key, status, content_type, body).await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn abandon_idempotency_key(&self, scope: &str, key: &str) -> Result<()> {
        let mut tx = self.store.begin().await?;
        store::abandon(&mut tx, scope, key).await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn expire_idempotency_keys(&self) -> Result<u64> {
        let mut tx = self.store.begin().await?;
        let n = store::expire(&mut tx, now_ms() - RETENTION_MS).await?;
        tx.commit().await?;
        Ok(n)
    }
}
