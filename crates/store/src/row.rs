//! Reading typed values out of `Any` rows.

use marketdesk_domain::ValidationError;
use sqlx::Row;
use sqlx::any::AnyRow;

use crate::{Result, StoreError};

pub(crate) fn int(row: &AnyRow, column: &'static str) -> Result<i64> {
    Ok(row.try_get::<i64, _>(column)?)
}

pub(crate) fn opt_int(row: &AnyRow, column: &'static str) -> Result<Option<i64>> {
    Ok(row.try_get::<Option<i64>, _>(column)?)
}

pub(crate) fn text(row: &AnyRow, column: &'static str) -> Result<String> {
    Ok(row.try_get::<String, _>(column)?)
}

pub(crate) fn opt_text(row: &AnyRow, column: &'static str) -> Result<Option<String>> {
    Ok(row.try_get::<Option<String>, _>(column)?)
}

pub(crate) fn flag(row: &AnyRow, column: &'static str) -> Result<bool> {
    Ok(int(row, column)? != 0)
}

/// A column holding a wire name of a domain enum.
pub(crate) fn parsed<T>(
    row: &AnyRow,
    column: &'static str,
    parse: fn(&str) -> Result<T, ValidationError>,
) -> Result<T> {
    let value = text(row, column)?;
    parse(&value).map_err(|e| StoreError::Corrupt {
        column,
        detail: e.to_string(),
    })
}

pub(crate) fn json(row: &AnyRow, column: &'static str) -> Result<serde_json::Value> {
    let value = text(row, column)?;
    serde_json::from_str(&value).map_err(|e| StoreError::Corrupt {
        column,
        detail: e.to_string(),
    })
}
