//! Writing many rows of one table with one statement.
//!
//! Every statement on a connection is a hand-over to the database's thread
//! and back (sqlx runs SQLite on a thread of its own) or a round trip
//! (PostgreSQL); a batch of new tickets written row by row spent most of its
//! time in those. Rows whose ids the caller needs get them up front
//! ([`new_ids`]), so one multi-row `INSERT` can carry them without relying
//! on the order in which a database hands back generated keys.

use sqlx::Row;
use sqlx::any::AnyArguments;
use sqlx::query::Query;

use crate::{Conn, Result};

/// Rows per statement: far below either database's limit on bound values
/// (32,766 on SQLite, 65,535 on PostgreSQL) for tables of up to 20 columns.
pub(crate) const ROWS_PER_STATEMENT: usize = 100;

pub(crate) type AnyQuery<'q> = Query<'q, sqlx::Any, AnyArguments<'q>>;

/// `count` unused ids of each of `tables`' `id` columns, in ascending
/// order, for rows written in the current write transaction: on SQLite the
/// next rowids (its one writer holds the write lock, and they are the ids
/// SQLite would give), on PostgreSQL taken from the columns' identity
/// sequences, all tables in one query.
pub(crate) async fn new_ids(
    conn: &mut Conn,
    tables: &[&str],
    count: usize,
) -> Result<Vec<Vec<i64>>> {
    if count == 0 || tables.is_empty() {
        return Ok(vec![Vec::new(); tables.len()]);
    }
    if is_postgres(conn) {
        let columns: Vec<String> = tables
            .iter()
            .map(|t| format!("nextval(pg_get_serial_sequence('{t}', 'id'))"))
            .collect();
        let rows = sqlx::query(&format!(
            "SELECT {} FROM generate_series(1, $1)",
            columns.join(", ")
        ))
        .bind(i64::try_from(count).unwrap_or(i64::MAX))
        .fetch_all(&mut *conn)
        .await?;
        let mut ids = Vec::with_capacity(tables.len());
        for column in 0..tables.len() {
            let mut of_table = rows
                .iter()
                .map(|row| row.try_get::<i64, _>(column))
                .collect::<std::result::Result<Vec<i64>, _>>()?;
            of_table.sort_unstable();
            ids.push(of_table);
        }
        Ok(ids)
    } else {
        let mut ids = Vec::with_capacity(tables.len());
        for table in tables {
            let last: i64 =
                sqlx::query_scalar(&format!("SELECT COALESCE(MAX(id), 0) FROM {table}"))
                    .fetch_one(&mut *conn)
                    .await?;
            ids.push((1..=count as i64).map(|i| last + i).collect());
        }
        Ok(ids)
    }
}

/// `rows` parenthesised groups of `width` placeholders: numbered from
/// `first` for PostgreSQL (`($1, $2), ($3, $4)`), anonymous for SQLite
/// (`(?, ?), (?, ?)`): SQLite keeps numbered and named parameters in a list
/// it scans for each one, at parse and again at bind time, which for a
/// thousand bound values made those scans most of the statement's cost.
pub(crate) fn value_rows(first: usize, rows: usize, width: usize, sqlite: bool) -> String {
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
                sql.push_str(&(first + r * width + c).to_string());
            }
        }
        sql.push(')');
    }
    sql
}

/// Rows of one table to insert: `into` is the table and its column list
/// (`width` columns), `tail` what follows the values (a conflict clause),
/// `bind` binds one row's values in column order.
pub(crate) struct Insert<'r, T> {
    pub into: &'static str,
    pub width: usize,
    pub tail: &'static str,
    pub rows: &'r [T],
    pub bind: for<'q> fn(AnyQuery<'q>, &'q T) -> AnyQuery<'q>,
}

/// An [`Insert`] of any row type, so that inserts into several tables can
/// go in one statement.
pub(crate) trait InsertPart: Sync {
    fn rows(&self) -> usize;
    /// `INSERT INTO … VALUES …` for rows `range`, placeholders from `first`.
    fn sql(&self, range: std::ops::Range<usize>, first: usize, sqlite: bool) -> String;
    fn bind<'q>(&'q self, range: std::ops::Range<usize>, query: AnyQuery<'q>) -> AnyQuery<'q>;
    fn width(&self) -> usize;
}

impl<T: Sync> InsertPart for Insert<'_, T> {
    fn rows(&self) -> usize {
        self.rows.len()
    }

    fn sql(&self, range: std::ops::Range<usize>, first: usize, sqlite: bool) -> String {
        format!(
            "INSERT INTO {} VALUES {} {}",
            self.into,
            value_rows(first, range.len(), self.width, sqlite),
            self.tail
        )
    }

    fn bind<'q>(&'q self, range: std::ops::Range<usize>, mut query: AnyQuery<'q>) -> AnyQuery<'q> {
        for row in &self.rows[range] {
            query = (self.bind)(query, row);
        }
        query
    }

    fn width(&self) -> usize {
        self.width
    }
}

/// Runs `part`'s insert, [`ROWS_PER_STATEMENT`] rows at a time. On
/// PostgreSQL every statement is kept prepared (parsing and planning a long
/// insert costs the server more than running it; a batch's size varies over
/// a few dozen values); on SQLite, whose one write connection holds every
/// writing statement in its cache, only the one-row form is, so batch-sized
/// texts do not push the hot statements out.
pub(crate) async fn insert_rows(conn: &mut Conn, part: &dyn InsertPart) -> Result<()> {
    let sqlite = !is_postgres(conn);
    let mut start = 0;
    while start < part.rows() {
        let range = start..part.rows().min(start + ROWS_PER_STATEMENT);
        start = range.end;
        let sql = part.sql(range.clone(), 1, sqlite);
        let query = sqlx::query(&sql).persistent(!sqlite || range.len() == 1);
        part.bind(range, query).execute(&mut *conn).await?;
    }
    Ok(())
}

/// Runs the inserts of several tables, in order: on PostgreSQL as one
/// statement (each but the last a data-modifying `WITH` part; foreign keys
/// are checked at the statement's end, so later parts may name rows of
/// earlier ones), one round trip instead of one per table; on SQLite one
/// after the other (there a statement is a call into the library, and
/// SQLite has no inserts inside `WITH`).
pub(crate) async fn insert_together(conn: &mut Conn, parts: &[&dyn InsertPart]) -> Result<()> {
    let parts: Vec<&dyn InsertPart> = parts.iter().copied().filter(|p| p.rows() > 0).collect();
    let fits = parts.iter().all(|p| p.rows() <= ROWS_PER_STATEMENT);
    if !is_postgres(conn) || !fits || parts.len() < 2 {
        for part in parts {
            insert_rows(conn, part).await?;
        }
        return Ok(());
    }
    let mut sql = String::new();
    let mut first = 1;
    let last = parts.len() - 1;
    for (i, part) in parts.iter().enumerate() {
        let insert = part.sql(0..part.rows(), first, false);
        first += part.rows() * part.width();
        if i < last {
            sql.push_str(if i == 0 { "WITH " } else { ", " });
            sql.push_str(&format!("part{i} AS ({insert})"));
        } else {
            sql.push(' ');
            sql.push_str(&insert);
        }
    }
    let mut query = sqlx::query(&sql);
    for part in &parts {
        query = part.bind(0..part.rows(), query);
    }
    query.execute(&mut *conn).await?;
    Ok(())
}

fn is_postgres(conn: &Conn) -> bool {
    conn.backend_name().eq_ignore_ascii_case("postgresql")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn value_rows_number_every_placeholder_once() {
        assert_eq!(value_rows(1, 1, 2, false), "($1, $2)");
        assert_eq!(value_rows(1, 3, 2, false), "($1, $2), ($3, $4), ($5, $6)");
        assert_eq!(value_rows(7, 1, 2, false), "($7, $8)");
        assert_eq!(value_rows(1, 2, 3, true), "(?, ?, ?), (?, ?, ?)");
    }
}
