//! Cursor pagination: `limit` and an opaque `cursor` naming where to go on.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::Serialize;

use crate::{Result, ServiceError};

pub const DEFAULT_LIMIT: u32 = 25;
pub const MAX_LIMIT: u32 = 100;

/// A page request, validated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageRequest {
    pub limit: u32,
    /// Return items with ids below this.
    pub before_id: Option<i64>,
}

impl PageRequest {
    pub fn parse(limit: Option<u32>, cursor: Option<&str>) -> Result<Self> {
        let limit = limit.unwrap_or(DEFAULT_LIMIT);
        if !(1..=MAX_LIMIT).contains(&limit) {
            return Err(ServiceError::field(
                "limit",
                format!("must be between 1 and {MAX_LIMIT}, got {limit}"),
            ));
        }
        let before_id = cursor.map(decode_cursor).transpose()?;
        Ok(PageRequest { limit, before_id })
    }

    /// Asks the store for one more than the page, to know whether there is a next.
    pub fn fetch_limit(&self) -> i64 {
        i64::from(self.limit) + 1
    }

    /// Cuts `items` (newest first, `fetch_limit` at most) to the page.
    pub fn finish<T>(&self, mut items: Vec<T>, id_of: impl Fn(&T) -> i64) -> Page<T> {
        let has_more = items.len() > self.limit as usize;
        items.truncate(self.limit as usize);
        let next_cursor = if has_more {
            items.last().map(|i| encode_cursor(id_of(i)))
        } else {
            None
        };
        Page { items, next_cursor }
    }
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Page<T> {
    pub items: Vec<T>,
    /// Pass as `cursor` for the next page; absent on the last page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_cursor: Option<String>,
}

fn encode_cursor(id: i64) -> String {
    URL_SAFE_NO_PAD.encode(format!("v1:{id}"))
}

fn decode_cursor(cursor: &str) -> Result<i64> {
    let bytes = URL_SAFE_NO_PAD
        .decode(cursor)
        .map_err(|_| ServiceError::InvalidCursor)?;
    let text = String::from_utf8(bytes).map_err(|_| ServiceError::InvalidCursor)?;
    text.strip_prefix("v1:")
        .and_then(|id| id.parse::<i64>().ok())
        .filter(|id| *id > 0)
        .ok_or(ServiceError::InvalidCursor)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursor_round_trips_and_rejects_garbage() {
        assert_eq!(decode_cursor(&encode_cursor(42)).unwrap(), 42);
        for bad in ["", "!!", "djE6", "djE6LTE", "eHg6MQ"] {
            assert!(decode_cursor(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn limits_are_bounded() {
        assert!(PageRequest::parse(Some(0), None).is_err());
        assert!(PageRequest::parse(Some(101), None).is_err());
        assert!(PageRequest::parse(Some(u32::MAX), None).is_err());
        assert_eq!(PageRequest::parse(None, None).unwrap().limit, DEFAULT_LIMIT);
    }

    #[test]
    fn finish_gives_a_cursor_only_when_more_remain() {
        let page = PageRequest::parse(Some(2), None).unwrap();
        let p = page.finish(vec![5, 4, 3], |i| *i);
        assert_eq!(p.items, vec![5, 4]);
        assert_eq!(decode_cursor(p.next_cursor.as_deref().unwrap()).unwrap(), 4);
        assert!(page.finish(vec![5, 4], |i| *i).next_cursor.is_none());
    }

    proptest::proptest! {
        #[test]
        fn decode_never_panics(text in ".{0,64}") {
            let _ = decode_cursor(&text);
        }
    }
}
