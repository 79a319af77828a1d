//! Group commit of new tickets.
//!
//! Tickets created at the same moment are written in one transaction: a
//! writer task takes every creation waiting in its queue (up to
//! [`MAX_BATCH`]), resolves each in turn and writes them all with a few
//! multi-row statements (`Services::write_new_tickets`) in one transaction,
//! and commits once; each request is answered only after that commit, so
//! nothing is acknowledged before it is durable. A batch saves each ticket
//! its own BEGIN and COMMIT (and, on PostgreSQL, its own WAL flush) and most
//! of its statements, and the write connection is not handed from request
//! to request. One quiet request is a batch of one.
//!
//! If a ticket of a batch fails, the batch is rolled back, that ticket is
//! written again in a transaction of its own (and fails with its own error),
//! and the tickets before and after it are tried together again: the others
//! are written as if it had never been there.

use std::collections::VecDeque;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, OnceLock};

use tokio::sync::{Mutex, mpsc, oneshot};

use super::create::{CheckedTicket, Creation};
use super::views::TicketDetail;
use crate::{Result, ServiceError, Services, Viewer};

/// The most tickets written in one transaction.
const MAX_BATCH: usize = 64;
/// Creations waiting for a writer; more wait for room (back-pressure).
const QUEUE: usize = 1024;

pub(super) struct CreateJob {
    viewer: Viewer,
    checked: CheckedTicket,
    triage: marketdesk_assistant::Prediction,
    answer: oneshot::Sender<Result<TicketDetail>>,
}

impl CreateJob {
    fn creation(&self) -> Creation<'_> {
        Creation {
            viewer: &self.viewer,
            checked: &self.checked,
            triage: &self.triage,
        }
    }
}

/// The queue of a node's writer tasks, started at the first creation.
#[derive(Default)]
pub struct CreateQueue {
    sender: OnceLock<mpsc::Sender<CreateJob>>,
    /// New tickets committed in a transaction shared with others.
    together: AtomicU64,
    /// New tickets committed in a transaction of their own.
    alone: AtomicU64,
}

impl CreateQueue {
    /// (committed together, committed alone) since this node started.
    pub fn written(&self) -> (u64, u64) {
        (
            self.together.load(Ordering::Relaxed),
            self.alone.load(Ordering::Relaxed),
        )
    }
}

impl std::fmt::Debug for CreateQueue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CreateQueue").finish_non_exhaustive()
    }
}

impl Services {
    /// Writes a checked ticket with whatever other tickets are being
    /// created now, and answers once it is committed.
    pub(super) async fn write_batched(
        &self,
        viewer: &Viewer,
        checked: CheckedTicket,
        triage: marketdesk_assistant::Prediction,
    ) -> Result<TicketDetail> {
        let sender = self
            .create_queue
            .sender
            .get_or_init(|| self.start_create_writers());
        let (answer, answered) = oneshot::channel();
        let job = CreateJob {
            viewer: viewer.clone(),
            checked,
            triage,
            answer,
        };
        if let Err(refused) = sender.send(job).await {
            // The writers are gone (the runtime is shutting down): write alone.
            let job = refused.0;
            return self.write_new_ticket(job.creation()).await;
        }
        answered
            .await
            .map_err(|_| ServiceError::Unexpected(anyhow::anyhow!("the ticket writer stopped")))?
    }

    /// One writer on SQLite (one writes at a time anyway); on PostgreSQL,
    /// which commits several transactions at once, one per core of this
    /// node (2 to 8): fewer writers make larger batches, and the database's
    /// cost is mostly per statement, not per row.
    fn start_create_writers(&self) -> mpsc::Sender<CreateJob> {
        let (sender, receiver) = mpsc::channel(QUEUE);
        let receiver = Arc::new(Mutex::new(receiver));
        let writers = match self.store.backend() {
            marketdesk_store::Backend::Sqlite => 1,
            marketdesk_store::Backend::Postgres => std::thread::available_parallelism()
                .map_or(2, std::num::NonZeroUsize::get)
                .clamp(2, 8),
        };
        for _ in 0..writers {
            let services = self.clone();
            let receiver = Arc::clone(&receiver);
            tokio::spawn(async move {
                loop {
                    let batch = {
                        let mut receiver = receiver.lock().await;
                        let Some(first) = receiver.recv().await else {
                            return;
                        };
                        let mut batch = vec![first];
                        while batch.len() < MAX_BATCH {
                            match receiver.try_recv() {
                                Ok(job) => batch.push(job),
                                Err(_) => break,
                            }
                        }
                        batch
                    };
                    services.write_batch(batch).await;
                }
            });
        }
        sender
    }

    async fn write_batch(&self, batch: Vec<CreateJob>) {
        let mut pending = VecDeque::from([batch]);
        while let Some(mut batch) = pending.pop_front() {
            if batch.len() < 2 {
                for job in batch {
                    self.write_alone(job).await;
                }
                continue;
            }
            match self.write_together(&batch).await {
                Ok(details) => {
                    self.create_queue
                        .together
                        .fetch_add(details.len() as u64, Ordering::Relaxed);
                    for (job, detail) in batch.into_iter().zip(details) {
                        let _ = job.answer.send(Ok(detail));
                    }
                }
                // One ticket failed: it is written alone (and fails with its
                // own error); those before and after it are tried together again.
                Err(Some(failed_at)) => {
                    let mut rest = batch.split_off(failed_at);
                    let failing = rest.remove(0);
                    self.write_alone(failing).await;
                    for part in [batch, rest] {
                        if !part.is_empty() {
                            pending.push_back(part);
                        }
                    }
                }
                // BEGIN or COMMIT failed: each ticket on its own.
                Err(None) => {
                    for job in batch {
                        self.write_alone(job).await;
                    }
                }
            }
        }
    }

    async fn write_alone(&self, job: CreateJob) {
        let outcome = self.write_new_ticket(job.creation()).await;
        if outcome.is_ok() {
            self.create_queue.alone.fetch_add(1, Ordering::Relaxed);
        }
        let _ = job.answer.send(outcome);
    }

    /// The batch in one transaction; on failure, which ticket failed (none:
    /// the transaction itself).
    async fn write_together(
        &self,
        batch: &[CreateJob],
    ) -> std::result::Result<Vec<TicketDetail>, Option<usize>> {
        let mut tx = self.store.begin().await.map_err(|_| None)?;
        let creations: Vec<Creation<'_>> = batch.iter().map(CreateJob::creation).collect();
        let details = self
            .write_new_tickets(&mut tx, &creations)
            .await
            .map_err(|failed| {
                tracing::debug!(error = %failed.error, ticket = ?failed.ticket, "a batch of new tickets failed; written again in parts");
                failed.ticket
            })?;
        tx.commit().await.map_err(|_| None)?;
        Ok(details)
    }
}
