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

    /// `lease`, each row read with `read`, oldest first.
    pub async fn lease_as<T>(
        &self,
        conn: &mut Conn,
        backend: Backend,
        lease: (Millis, Millis, i64),
        read: fn(&AnyRow) -> Result<T>,
        id_of: fn(&T) -> i64,
    ) -> Result<Vec<T>> {
        let (now, lease_ms, limit) = lease;
        let rows = self.lease(conn, backend, now, lease_ms, limit).await?;
        let mut items: Vec<T> = rows.iter().map(read).collect::<Result<_>>()?;
        items.sort_by_key(id_of);
        Ok(items)
    }

    /// Records a failed attempt of row `id`, releases it, and says when to
    /// try again.
    pub async fn fail(
        &self,
        conn: &mut Conn,
        id: i64,
        error: &str,
        retry_at: Millis,
    ) -> Result<()> {
        let sql = format!(
            "UPDATE {} SET attempts = attempts + 1, last_error = $1, next_attempt_at = $2, locked_until = 0 WHERE id = $3",
            self.table
        );
        sqlx::query(&sql)
            .bind(error)
            .bind(retry_at)
            .bind(id)
            .execute(&mut *conn)
            .await?;
        Ok(())
    }
}
