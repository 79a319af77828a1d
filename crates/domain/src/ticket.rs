//! Ticket status, priority and channel, and the rules for moving between statuses.

use crate::{DAY_MS, Millis, wire_enum};
use thiserror::Error;

wire_enum! {
    /// Where a conversation stands.
    ///
    /// `pending` waits on the customer, `on_hold` on a third party (carrier,
    /// seller, warehouse). `closed` is final.
    pub enum TicketStatus {
        New => "new",
        Open => "open",
        Pending => "pending",
        OnHold => "on_hold",
        Solved => "solved",
        Closed => "closed",
    }
}

wire_enum! {
    pub enum Priority {
        Low => "low",
        Normal => "normal",
        High => "high",
        Urgent => "urgent",
    }
}

wire_enum! {
    /// The channel a ticket or a message arrived through.
    pub enum Channel {
        Email => "email",
        Chat => "chat",
        Phone => "phone",
        Web => "web",
        Api => "api",
        Community => "community",
    }
}

wire_enum! {
    /// A public reply is seen by the customer; a note only by staff.
    pub enum MessageKind {
        Public => "public",
        Note => "note",
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum StatusError {
    #[error("a ticket never returns to new")]
    BackToNew,
    #[error("the ticket is closed; closed tickets are final, a follow-up creates a linked ticket")]
    Closed,
    #[error(
        "a ticket is closed by the system after it has been solved, not set to closed directly from {0}"
    )]
    CloseUnsolved(TicketStatus),
}

/// A validated change of status, to be written with its audit entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StatusChange {
    pub from: TicketStatus,
    pub to: TicketStatus,
}

impl TicketStatus {
    /// Whether a staff member may move a ticket from `self` to `to`.
    ///
    /// Closing by hand is allowed only from solved (staff may close early rather
    /// than wait for the timer). Nothing leaves closed; nothing returns to new.
    pub fn change_to(self, to: TicketStatus) -> Result<Option<StatusChange>, StatusError> {
        if self == to {
            return Ok(None);
        }
        match (self, to) {
            (TicketStatus::Closed, _) => Err(StatusError::Closed),
            (_, TicketStatus::New) => Err(StatusError::BackToNew),
            (from, TicketStatus::Closed) if from != TicketStatus::Solved => {
                Err(StatusError::CloseUnsolved(from))
            }
            (from, to) => Ok(Some(StatusChange { from, to })),
        }
    }

    /// The status after a public reply from the customer.
    ///
    /// Pending, on-hold and solved tickets reopen; a new ticket stays new until
    /// staff touch it. A closed ticket does not change: the caller must create
    /// a follow-up ticket instead (see [`CustomerReply::FollowUp`]).
    pub fn after_customer_reply(self) -> CustomerReply {
        match self {
            TicketStatus::Closed => CustomerReply::FollowUp,
            TicketStatus::Pending | TicketStatus::OnHold | TicketStatus::Solved => {
                CustomerReply::Reopen(StatusChange {
                    from: self,
                    to: TicketStatus::Open,
                })
            }
            TicketStatus::New | TicketStatus::Open => CustomerReply::Unchanged,
        }
    }

    /// The status after a public reply from staff, unless they chose one.
    /// Answering a new ticket opens it: it has been seen.
    pub fn after_staff_reply(self) -> Option<StatusChange> {
        match self {
            TicketStatus::New => Some(StatusChange {
                from: self,
                to: TicketStatus::Open,
            }),
            _ => None,
        }
    }

    pub fn is_final(self) -> bool {
        self == TicketStatus::Closed
    }

    /// Unresolved statuses count as work in queues and SLA clocks.
    pub fn is_unresolved(self) -> bool {
        matches!(
            self,
            TicketStatus::New | TicketStatus::Open | TicketStatus::Pending | TicketStatus::OnHold
        )
    }
}

/// What a customer's reply does to a ticket.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CustomerReply {
    Unchanged,
    Reopen(StatusChange),
    /// The ticket is closed: the reply starts a new ticket linked to it.
    FollowUp,
}

/// How long a solved ticket waits before the system closes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AutoClosePolicy {
    pub after: Millis,
}

impl Default for AutoClosePolicy {
    fn default() -> Self {
        AutoClosePolicy { after: 4 * DAY_MS }
    }
}

impl AutoClosePolicy {
    /// The latest `solved_at` that is due for closing at `now`.
    pub fn solved_before(&self, now: Millis) -> Millis {
        now.saturating_sub(self.after)
    }

    pub fn is_due(&self, solved_at: Millis, now: Millis) -> bool {
        solved_at <= self.solved_before(now)
    }
}

/// The human-readable reference of a ticket, such as `MD-1042`.
///
/// It is derived from the ticket's id, so it needs no storage of its own and
/// can be parsed back to find the ticket.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TicketRef(pub i64);

impl TicketRef {
    const PREFIX: &'static str = "MD-";
    /// References start at four digits so they never look like a quantity.
    const OFFSET: i64 = 1000;

    pub fn from_id(id: i64) -> Self {
        TicketRef(id)
    }

    pub fn id(self) -> i64 {
        self.0
    }

    /// Accepts `MD-1042`, `md-1042` and `#MD-1042`.
    pub fn parse(text: &str) -> Option<Self> {
        let text = text.trim().trim_start_matches('#');
        let digits = text
            .get(..Self::PREFIX.len())
            .filter(|p| p.eq_ignore_ascii_case(Self::PREFIX))
            .map(|_| &text[Self::PREFIX.len()..])?;
        if digits.is_empty() || digits.len() > 18 || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let number: i64 = digits.parse().ok()?;
        let id = number.checked_sub(Self::OFFSET)?;
        (id > 0).then_some(TicketRef(id))
    }
}

impl std::fmt::Display for TicketRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}{}", Self::PREFIX, self.0 + Self::OFFSET)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use TicketStatus::*;

    #[test]
    fn nothing_returns_to_new() {
        for from in [Open, Pending, OnHold, Solved] {
            assert_eq!(from.change_to(New), Err(StatusError::BackToNew));
        }
    }

    #[test]
    fn closed_is_final() {
        for to in TicketStatus::ALL {
            if *to != Closed {
                assert_eq!(Closed.change_to(*to), Err(StatusError::Closed));
            }
        }
        assert_eq!(Closed.after_customer_reply(), CustomerReply::FollowUp);
    }

    #[test]
    fn only_solved_tickets_can_be_closed() {
        assert!(Solved.change_to(Closed).unwrap().is_some());
        for from in [New, Open, Pending, OnHold] {
            assert_eq!(
                from.change_to(Closed),
                Err(StatusError::CloseUnsolved(from))
            );
        }
    }

    #[test]
    fn customer_reply_reopens_waiting_and_solved() {
        for from in [Pending, OnHold, Solved] {
            assert_eq!(
                from.after_customer_reply(),
                CustomerReply::Reopen(StatusChange { from, to: Open })
            );
        }
        assert_eq!(New.after_customer_reply(), CustomerReply::Unchanged);
        assert_eq!(Open.after_customer_reply(), CustomerReply::Unchanged);
    }

    #[test]
    fn staff_reply_opens_new_tickets_only() {
        assert_eq!(
            New.after_staff_reply(),
            Some(StatusChange {
                from: New,
                to: Open
            })
        );
        for from in [Open, Pending, OnHold, Solved] {
            assert_eq!(from.after_staff_reply(), None);
        }
    }

    #[test]
    fn same_status_is_no_change() {
        for s in TicketStatus::ALL {
            if *s != Closed {
                assert_eq!(s.change_to(*s), Ok(None));
            }
        }
    }

    #[test]
    fn auto_close_after_four_days_by_default() {
        let policy = AutoClosePolicy::default();
        let solved = 1_000_000;
        assert!(!policy.is_due(solved, solved + 4 * DAY_MS - 1));
        assert!(policy.is_due(solved, solved + 4 * DAY_MS));
    }

    #[test]
    fn ticket_reference_round_trips() {
        let r = TicketRef::from_id(42);
        assert_eq!(r.to_string(), "MD-1042");
        assert_eq!(TicketRef::parse("MD-1042"), Some(r));
        assert_eq!(TicketRef::parse("#md-1042"), Some(r));
        for bad in [
            "",
            "MD-",
            "MD-12",
            "MD-1000",
            "XX-1042",
            "MD-10a2",
            "MD-99999999999999999999",
            "M",
        ] {
            assert_eq!(TicketRef::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn enums_parse_their_wire_names_only() {
        for s in TicketStatus::ALL {
            assert_eq!(TicketStatus::parse(s.as_str()), Ok(*s));
        }
        assert!(TicketStatus::parse("reopened").is_err());
        assert!(Priority::parse("URGENT").is_err());
    }

    proptest::proptest! {
        #[test]
        fn reference_parse_never_panics(text in ".{0,40}") {
            let _ = TicketRef::parse(&text);
        }

        #[test]
        fn reference_round_trips_for_any_id(id in 1i64..1_000_000_000_000) {
            let r = TicketRef::from_id(id);
            proptest::prop_assert_eq!(TicketRef::parse(&r.to_string()), Some(r));
        }
    }
}
