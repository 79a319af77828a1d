//! Writing many rows of one table with one statement.
//!
//! Every statement on a connection is a hand-over to the database's thread
//! and back (sqlx runs SQLite on a thread of its own) or a round trip
//! (PostgreSQL); a batch of new tickets written row by row spent most of its
//! time in those. Rows whose ids the caller needs get them up front
//! ([`new_ids`]), so one multi-row `INSERT` can carry them without relying
//! on the order in which a database hands back generated keys.

use sqlx::any::AnyArguments;
use sqlx::query::Query;

use crate::{Conn, Result};

/// Rows per statement: far below either database's limit on bound values
/// (32,766 on SQLite, 65,535 on PostgreSQL) for tables of up to 20 columns.
pub(crate) const ROWS_PER_STATEMENT: usize = 100;

pub(crate) type AnyQuery<'q> = Query<'q, sqlx::Any, AnyArguments<'q>>;

/// `count` unused ids of `table`'s `id` column, in ascending order, for rows
/// written in the current write transaction: on SQLite the next rowids (its
/// one writer holds the write lock, and they are the ids SQLite would give),
/// on PostgreSQL taken from the column's identity sequence.
pub(crate) async fn new_ids(conn: &mut Conn, table: &str, count: usize) -> Result<Vec<i64>> {
    if count == 0 {
        return Ok(Vec::new());
    }
    if conn.backend_name().eq_ignore_ascii_case("postgresql") {
        let ids: Vec<i64> = sqlx::query_scalar(&format!(
            "SELECT nextval(pg_get_serial_sequence('{table}', 'id')) FROM generate_series(1, $1)"
        ))
        .bind(i64::try_from(count).unwrap_or(i64::MAX))
        .fetch_all(&mut *conn)
        .await?;
        let mut ids = ids;
        ids.sort_unstable();
        Ok(ids)
    } else {
        let last: i64 = sqlx::query_scalar(&format!("SELECT COALESCE(MAX(id), 0) FROM {table}"))
            .fetch_one(&mut *conn)
            .await?;
        Ok((1..=count as i64).map(|i| last + i).collect())
    }
}

/// `rows` parenthesised groups of `width` placeholders: numbered for
/// PostgreSQL (`($1, $2), ($3, $4)`), anonymous for SQLite (`(?, ?), (?, ?)`):
/// SQLite keeps numbered and named parameters in a list it scans for each
/// one, at parse and again at bind time, which for a thousand bound values
/// made those scans most of the statement's cost.
pub(crate) fn value_rows(rows: usize, width: usize, sqlite: bool) -> String {
    let mut sql = String::with_capacity(rows * width * 6);
    for r in 0..rows {
        sql.push_str(if r == 0 { "(" } else { ", (" });
        for c in 0..width {
            if c > 0 {
                sql.push_str(", ");
            }
            if sqlite {
                sql.push('?');
            } else {
                sql.push('$');
                sql.push_str(&(r * width + c + 1).to_string());
            }
        }
        sql.push(')');
    }
    sql
}

/// Runs `INSERT INTO {into} VALUES …` for `rows`, [`ROWS_PER_STATEMENT`] at
/// a time, binding each row with `bind`; `into` is the table and its column
/// list (`width` columns), `tail` what follows the values (a conflict
/// clause). A statement for one row is kept prepared; longer ones, whose
/// text varies with the batch, are not, so they do not push the hot
/// statements out of the connection's cache.
pub(crate) async fn insert_rows<T>(
    conn: &mut Conn,
    into: &str,
    width: usize,
    tail: &str,
    rows: &[T],
    bind: for<'q> fn(AnyQuery<'q>, &'q T) -> AnyQuery<'q>,
) -> Result<()> {
    let sqlite = !conn.backend_name().eq_ignore_ascii_case("postgresql");
    for chunk in rows.chunks(ROWS_PER_STATEMENT) {
        let sql = format!(
            "INSERT INTO {into} VALUES {} {tail}",
            value_rows(chunk.len(), width, sqlite)
        );
        let mut query = sqlx::query(&sql).persistent(chunk.len() == 1);
        for row in chunk {
            query = bind(query, row);
        }
        query.execute(&mut *conn).await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn value_rows_number_every_placeholder_once() {
        assert_eq!(value_rows(1, 2, false), "($1, $2)");
        assert_eq!(value_rows(3, 2, false), "($1, $2), ($3, $4), ($5, $6)");
        assert_eq!(value_rows(2, 3, true), "(?, ?, ?), (?, ?, ?)");
    }
}
