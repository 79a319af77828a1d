//! Telling the other nodes that something changed without a `NOTIFY` per
//! write: under load a node wrote thousands of tickets a second and sent as
//! many notifications, each a round trip and a transaction for PostgreSQL.
//! Now at most one is in flight; changes announced meanwhile are covered by
//! one more, sent when it returns. Every change is still followed by a
//! notification sent after it was announced.

use std::sync::atomic::{AtomicU8, Ordering};

const IDLE: u8 = 0;
const SENDING: u8 = 1;
const SENDING_AND_AGAIN: u8 = 2;

/// Whether a notification is being sent, and whether another is owed.
#[derive(Debug, Default)]
pub struct ChangeNotices {
    state: AtomicU8,
}

impl ChangeNotices {
    /// A change was announced: true when the caller is to start sending
    /// (nothing was in flight), false when the one in flight will send
    /// again for it.
    pub fn wanted(&self) -> bool {
        let mut now = self.state.load(Ordering::Acquire);
        loop {
            let next = if now == IDLE {
                SENDING
            } else {
                SENDING_AND_AGAIN
            };
            match self
                .state
                .compare_exchange_weak(now, next, Ordering::AcqRel, Ordering::Acquire)
            {
                Ok(_) => return now == IDLE,
                Err(seen) => now = seen,
            }
        }
    }

    /// The sender's notification went out: true when changes came in
    /// meanwhile and it is to send once more, false when it is done.
    pub fn sent(&self) -> bool {
        match self
            .state
            .compare_exchange(SENDING, IDLE, Ordering::AcqRel, Ordering::Acquire)
        {
            Ok(_) => false,
            Err(_) => {
                // Changes came in while sending: one more covers them all.
                self.state.store(SENDING, Ordering::Release);
                true
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_sender_at_a_time_and_one_more_for_what_came_meanwhile() {
        let notices = ChangeNotices::default();
        assert!(notices.wanted(), "the first change starts a sender");
        assert!(!notices.wanted(), "the sender in flight covers the next");
        assert!(!notices.wanted());
        assert!(notices.sent(), "changes came in meanwhile: once more");
        assert!(!notices.sent(), "nothing came in during the second send");
        assert!(notices.wanted(), "idle again: a new change starts a sender");
        assert!(!notices.sent());
    }
}
