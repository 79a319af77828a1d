//! What a page does when the service cannot give it something.
//!
//! "Not there", "not yours" and "not like that" are answers: the page shows
//! nothing (or "not found"). An internal error — a database outage, a bug —
//! is a failure: it is logged with its cause and the page says that
//! something could not be loaded, instead of passing the outage off as an
//! empty list or a missing ticket.

use marketdesk_service::{ErrorCode, ServiceError};

use crate::i18n::Tr;
use crate::session::Notice;

/// How a page reads a failed load.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Missing {
    /// It does not exist, or the viewer may not see it (which must not
    /// reveal that it exists).
    NotFound,
    /// Refused for another reason the service explains (a bad value, a limit).
    Refused,
    /// Something went wrong inside; the viewer should try again later.
    Failed,
}

impl Missing {
    pub(crate) fn of(err: &ServiceError) -> Missing {
        match err.code() {
            ErrorCode::NotFound | ErrorCode::Forbidden => Missing::NotFound,
            ErrorCode::Internal => Missing::Failed,
            _ => Missing::Refused,
        }
    }
}

/// The secondary parts of one page (lists beside the main content). A part
/// that fails is logged and left empty, and the page gets a notice saying so.
#[derive(Debug, Default)]
pub(crate) struct Parts {
    failed: bool,
}

impl Parts {
    /// The part's value; empty when it is not there, not the viewer's, refused, or failed.
    pub(crate) fn take<T: Default>(
        &mut self,
        part: &'static str,
        result: Result<T, ServiceError>,
    ) -> T {
        match result {
            Ok(value) => value,
            Err(err) => {
                if Missing::of(&err) == Missing::Failed {
                    tracing::warn!(error = %err, part, "a part of the page could not be loaded");
                    self.failed = true;
                }
                T::default()
            }
        }
    }

    /// The notice to show: the one left by the previous request, and a
    /// warning when a part of this page could not be loaded.
    pub(crate) fn notice(&self, t: Tr, left: Option<Notice>) -> Option<Notice> {
        if !self.failed {
            return left;
        }
        let warning = t.s("error-part-failed");
        Some(Notice::error(match left {
            Some(left) => format!("{} — {warning}", left.text),
            None => warning.to_string(),
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_absence_reads_as_not_found() {
        assert_eq!(
            Missing::of(&ServiceError::NotFound("ticket")),
            Missing::NotFound
        );
        assert_eq!(
            Missing::of(&ServiceError::Forbidden("no".into())),
            Missing::NotFound
        );
        let outage = ServiceError::Unexpected(anyhow::anyhow!("database unreachable"));
        assert_eq!(Missing::of(&outage), Missing::Failed);
        let bad_value = ServiceError::field("q", "too short");
        assert_eq!(Missing::of(&bad_value), Missing::Refused);
    }

    #[test]
    fn a_failed_part_is_empty_and_announced_while_a_forbidden_one_is_quiet() {
        let t = Tr {
            lang: marketdesk_domain::i18n::Lang::Es,
        };
        let mut parts = Parts::default();
        let hidden: Vec<i64> = parts.take("macros", Err(ServiceError::forbidden("see macros")));
        assert!(hidden.is_empty());
        assert_eq!(parts.notice(t, None), None);
        let lost: Vec<i64> = parts.take(
            "orders",
            Err(ServiceError::Unexpected(anyhow::anyhow!("down"))),
        );
        assert!(lost.is_empty());
        assert_eq!(
            parts.notice(t, None),
            Some(Notice::error(t.s("error-part-failed")))
        );
    }
}
