//! Indexing yields the cores to requests.
//!
//! Under a burst of writes the index follows the database while requests
//! wait for the same two cores; indexing a little later costs nobody
//! anything, answering a request later does. So the writer's threads run at
//! a lowered priority (a higher nice value): tantivy starts its indexing and
//! merge threads from the thread that creates the writer or commits, and on
//! Linux a new thread inherits its creator's nice value. When the cores are
//! idle the priority makes no difference.

/// The nice value of indexing threads (0 is normal, 19 the lowest).
const INDEXING_NICE: i32 = 10;

/// Runs `work` on a thread of its own at the indexing priority and waits for
/// it. `None` if the work panicked.
pub(crate) fn at_low_priority<T: Send>(work: impl FnOnce() -> T + Send) -> crate::Result<T> {
    std::thread::scope(|scope| {
        std::thread::Builder::new()
            .name("search-writer".into())
            .spawn_scoped(scope, || {
                lower_this_thread();
                work()
            })
            .map_err(crate::SearchError::Io)?
            .join()
            .map_err(|_| crate::SearchError::Poisoned)
    })
}

#[cfg(target_os = "linux")]
fn lower_this_thread() {
    // SAFETY: plain system calls on the calling thread's own id; a failure
    // (not expected: lowering needs no privilege) leaves the priority as is.
    unsafe {
        let tid = libc::gettid();
        libc::setpriority(libc::PRIO_PROCESS, tid as libc::id_t, INDEXING_NICE);
    }
}

#[cfg(not(target_os = "linux"))]
fn lower_this_thread() {}
