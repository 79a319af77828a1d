//! Leasing rows of a work queue table (the mail outbox, webhook deliveries).

use marketdesk_domain::Millis;
use sqlx::any::AnyRow;

use crate::{Backend, Conn, Result};

/// A table worked through by leases: it has `id`, `attempts`,
/// `next_attempt_at`, `locked_until` and a column that is set when done.
pub(crate) struct Queue {
    pub table: &'static str,
    pub done_column: &'static str,
    pub max_attempts: i64,
}

impl Queue {
    /// Leases up to `limit` due rows for `lease_ms`. A row leased by one node
    /// is invisible to the others until it is done, fails, or the lease runs
    /// out (the node died), so each item is handled once.
    pub async fn lease(
        &self,
        conn: &mut Conn,
        backend: Backend,
        now: Millis,
        lease_ms: Millis,
        limit: i64,
    ) -> Result<Vec<AnyRow>> {
        // On PostgreSQL, SKIP LOCKED keeps nodes from waiting on each other;
        // the outer `locked_until` check drops a row claimed meanwhile.
        let skip_locked = match backend {
            Backend::Postgres => " FOR UPDATE SKIP LOCKED",
            Backend::Sqlite => "",
        };
        let (table, done) = (self.table, self.done_column);
        let sql = format!(
            "UPDATE {table} SET locked_until = $1 WHERE {done} IS NULL AND locked_until <= $2 AND id IN \
             (SELECT id FROM {table} WHERE {done} IS NULL AND next_attempt_at <= $2 AND locked_until <= $2 \
             AND attempts < $4 ORDER BY id LIMIT $3{skip_locked}) RETURNING *"
        );
        Ok(sqlx::query(&sql)
            .bind(now + lease_ms)
            .bind(now)
            .bind(limit)
            .bind(self.max_attempts)
            .fetch_all(&mut *conn)
            .await?)
    }
}
