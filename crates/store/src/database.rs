use std::borrow::Cow;
use std::path::{Path, PathBuf};
use std::time::Duration;

use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::migrate::{Migration, MigrationSource, MigrationType, Migrator};
use sqlx::{Any, AnyPool, Executor};

use crate::{Result, StoreError};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// A write transaction. Dropped without `commit`, it rolls back.
pub type Tx = sqlx::Transaction<'static, Any>;

#[derive(Debug, Clone)]
pub struct StoreOptions {
    /// `postgres://…`; when absent, SQLite in `data_dir`.
    pub database_url: Option<String>,
    pub data_dir: PathBuf,
    pub max_connections: u32,
}

/// The database, with separate pools for reading and writing.
///
/// SQLite allows one writer at a time; giving writes a pool of one connection
/// queues them in-process instead of failing with `SQLITE_BUSY`, while reads
/// run in parallel on the WAL snapshot. On PostgreSQL both are the same pool.
#[derive(Debug, Clone)]
pub struct Store {
    read: AnyPool,
    write: AnyPool,
    backend: Backend,
    /// PostgreSQL's URL, for the LISTEN connection (none on SQLite).
    listen_url: Option<std::sync::Arc<str>>,
    /// SQLite: a background task checkpoints, not the writer's commits.
    checkpoints_taken_over: std::sync::Arc<std::sync::atomic::AtomicBool>,
}

/// Past this many pages in the write-ahead log (about 64 MB), a checkpoint
/// waits for readers to move on instead of copying what it can.
const WAL_RESTART_PAGES: i64 = 16_000;

/// The channel nodes wake each other on after a change others watch.
pub const CHANGES_CHANNEL: &str = "marketdesk_changes";
/// The payload of a change live pages show (a ticket, a chat).
pub const CHANGE_LIVE: &str = "";
/// The payload of a change that may end or narrow a credential.
pub const CHANGE_CREDENTIALS: &str = "credentials";

/// `mmap_size`: connections read the database file through one shared
/// mapping instead of copying each page into their own cache (inbox pages
/// twice as fast). The pages read show in the node's resident memory as
/// shared file pages — the same file cache the kernel keeps without the
/// map, and reclaims alike. Mapping only part of the file bounded them but
/// lost the gain at a million tickets (the newest pages are at its end).
const NO_AUTOMATIC_CHECKPOINTS: &str = "PRAGMA wal_autocheckpoint = 0;";

const SQLITE_PRAGMAS: &str = "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; \
     PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 10000; PRAGMA mmap_size = 1073741824;";

/// SQLite counts every allocation under one process-wide mutex (memory
/// statistics, on by default), which every reading thread took in turn for
/// each value it allocated; marketdesk reads no such statistics. Set before
/// the process's first connection: later SQLite refuses the change
/// (`SQLITE_MISUSE`), harmlessly.
fn sqlite_process_settings() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        // SAFETY: a documented start-up option of the linked SQLite, passed
        // by value; SQLite checks itself whether it may still be changed.
        unsafe {
            libsqlite3_sys::sqlite3_config(libsqlite3_sys::SQLITE_CONFIG_MEMSTATUS, 0);
        }
    });
}

impl Store {
    pub async fn open(options: &StoreOptions) -> Result<Store> {
        sqlx::any::install_default_drivers();
        match &options.database_url {
            Some(url) if url.starts_with("postgres://") || url.starts_with("postgresql://") => {
                let connect: AnyConnectOptions = url.parse()?;
                let pool = AnyPoolOptions::new()
                    .max_connections(options.max_connections.max(2))
                    .acquire_timeout(Duration::from_secs(10))
                    .connect_with(connect)
                    .await?;
                Ok(Store {
                    read: pool.clone(),
                    write: pool,
                    backend: Backend::Postgres,
                    listen_url: Some(url.as_str().into()),
                    checkpoints_taken_over: Default::default(),
                })
            }
            Some(url) if url.starts_with("sqlite:") => Self::open_sqlite(url, options).await,
            Some(url) => Err(StoreError::Database(sqlx::Error::Configuration(
                format!(
                    "unsupported database URL '{}': use postgres://… or sqlite://…",
                    url.split(':').next().unwrap_or_default()
                )
                .into(),
            ))),
            None => {
                let path = sqlite_file(&options.data_dir)?;
                let url = format!("sqlite://{}?mode=rwc", path.display());
                Self::open_sqlite(&url, options).await
            }
        }
    }

    async fn open_sqlite(url: &str, options: &StoreOptions) -> Result<Store> {
        sqlite_process_settings();
        let connect: AnyConnectOptions = url.parse()?;
        let checkpoints_taken_over = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let pool = |max: u32| {
            let taken_over = checkpoints_taken_over.clone();
            AnyPoolOptions::new()
                .max_connections(max)
                .acquire_timeout(Duration::from_secs(30))
                // A connection is a file handle of this process, which no
                // network or server restart can break: testing it with a
                // round trip to its thread before every use doubled a read's
                // hand-overs between threads.
                .test_before_acquire(false)
                .after_connect(move |conn, _meta| {
                    let taken_over = taken_over.load(std::sync::atomic::Ordering::Relaxed);
                    Box::pin(async move {
                        conn.execute(SQLITE_PRAGMAS).await?;
                        if taken_over {
                            conn.execute(NO_AUTOMATIC_CHECKPOINTS).await?;
                        }
                        Ok(())
                    })
                })
        };
        let write = pool(1).connect_with(connect.clone()).await?;
        // Each read runs on its connection's thread with a page cache of its
        // own (up to 2 MB): more connections than twice the cores only add
        // thread switches and resident memory.
        let cores = std::thread::available_parallelism().map_or(2, std::num::NonZeroUsize::get);
        let readers = options
            .max_connections
            .min(u32::try_from(cores * 2).unwrap_or(u32::MAX))
            .max(1);
        let read = pool(readers).connect_with(connect).await?;
        Ok(Store {
            read,
            write,
            backend: Backend::Sqlite,
            listen_url: None,
            checkpoints_taken_over,
        })
    }

    /// From now on the write-ahead log is copied into the database file by
    /// [`Store::checkpoint`], called by a background task, instead of by
    /// whichever commit crosses SQLite's threshold (1,000 pages): that
    /// commit waited for the copy, the writes queued behind it — the tail
    /// of a create's latency, longer as the file grows. On PostgreSQL: nothing.
    ///
    /// # Errors
    ///
    /// When the writer's connection cannot be reached.
    pub async fn take_over_checkpoints(&self) -> Result<()> {
        if self.backend != Backend::Sqlite {
            return Ok(());
        }
        self.checkpoints_taken_over
            .store(true, std::sync::atomic::Ordering::Relaxed);
        sqlx::query(NO_AUTOMATIC_CHECKPOINTS)
            .execute(&self.write)
            .await?;
        Ok(())
    }

    /// Copies what it can of the write-ahead log into the database file
    /// without making the writer or readers wait (`PASSIVE`); once it is all
    /// copied the next commit starts the log over. Only when the log has
    /// grown past [`WAL_RESTART_PAGES`] and could not all be copied (readers
    /// kept old snapshots) does it wait for them (`RESTART`, holding the
    /// writer's connection, so commits wait too) to keep the log bounded:
    /// restarting whenever the log was long held the writer at every large
    /// burst, the longer the larger the file. Answers the pages in the log.
    ///
    /// # Errors
    ///
    /// When the database fails.
    pub async fn checkpoint(&self) -> Result<i64> {
        if self.backend != Backend::Sqlite {
            return Ok(0);
        }
        let (_busy, log, copied): (i64, i64, i64) =
            sqlx::query_as("PRAGMA wal_checkpoint(PASSIVE)")
                .fetch_one(&self.read)
                .await?;
        if log > WAL_RESTART_PAGES && copied < log {
            sqlx::query("PRAGMA wal_checkpoint(RESTART)")
                .execute(&self.write)
                .await?;
        }
        Ok(log)
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Applies the migrations of this backend that have not run yet.
    pub async fn migrate(&self) -> Result<()> {
        let migrator = Migrator::new(Embedded(self.backend)).await?;
        migrator.run(&self.write).await?;
        Ok(())
    }

    /// Starts a write transaction. On SQLite it takes the write lock at once
    /// (`BEGIN IMMEDIATE`) so that a transaction that read first can still write.
    pub async fn begin(&self) -> Result<Tx> {
        let tx = match self.backend {
            Backend::Sqlite => self.write.begin_with("BEGIN IMMEDIATE").await?,
            Backend::Postgres => self.write.begin().await?,
        };
        Ok(tx)
    }

    /// A connection for reads outside a transaction.
    pub async fn reader(&self) -> Result<sqlx::pool::PoolConnection<Any>> {
        Ok(self.read.acquire().await?)
    }

    /// Connections of the two pools: (open, idle) for reads and for writes.
    pub fn pool_use(&self) -> PoolUse {
        PoolUse {
            read_open: self.read.size(),
            read_idle: u32::try_from(self.read.num_idle()).unwrap_or(u32::MAX),
            write_open: self.write.size(),
            write_idle: u32::try_from(self.write.num_idle()).unwrap_or(u32::MAX),
        }
    }

    /// Tells the other nodes that something they watch changed (PostgreSQL
    /// `NOTIFY`; nothing to do on SQLite, where one node is all there is).
    pub async fn notify_change(&self) -> Result<()> {
        self.notify(CHANGE_LIVE).await
    }

    /// Tells the other nodes a change of the given kind (`CHANGE_*`).
    pub async fn notify(&self, kind: &str) -> Result<()> {
        if self.backend == Backend::Postgres {
            sqlx::query("SELECT pg_notify($1, $2)")
                .bind(CHANGES_CHANNEL)
                .bind(kind)
                .execute(&self.write)
                .await?;
        }
        Ok(())
    }

    /// A `LISTEN` connection on the changes channel (PostgreSQL only).
    pub async fn listen_changes(&self) -> Result<Option<sqlx::postgres::PgListener>> {
        let Some(url) = &self.listen_url else {
            return Ok(None);
        };
        let mut listener = sqlx::postgres::PgListener::connect(url).await?;
        listener.listen(CHANGES_CHANNEL).await?;
        Ok(Some(listener))
    }

    /// Whether the database answers.
    pub async fn ping(&self) -> Result<()> {
        sqlx::query("SELECT 1").execute(&self.read).await?;
        Ok(())
    }

    pub async fn close(&self) {
        self.read.close().await;
        self.write.close().await;
    }
}

fn sqlite_file(data_dir: &Path) -> Result<PathBuf> {
    std::fs::create_dir_all(data_dir).map_err(|source| StoreError::DataDir {
        path: data_dir.display().to_string(),
        source,
    })?;
    Ok(data_dir.join("marketdesk.db"))
}

/// Migrations compiled into the binary, so a release needs no files beside it.
#[derive(Debug)]
struct Embedded(Backend);

// `SQLITE_MIGRATIONS` and `POSTGRES_MIGRATIONS`: (version, name, SQL) of every
// file in `migrations/{sqlite,postgres}`, listed by build.rs.
include!(concat!(env!("OUT_DIR"), "/migrations.rs"));

impl<'s> MigrationSource<'s> for Embedded {
    fn resolve(
        self,
    ) -> futures_core::future::BoxFuture<
        's,
        std::result::Result<Vec<Migration>, sqlx::error::BoxDynError>,
    > {
        let list = match self.0 {
            Backend::Sqlite => SQLITE_MIGRATIONS,
            Backend::Postgres => POSTGRES_MIGRATIONS,
        };
        let migrations = list
            .iter()
            .map(|(version, description, sql)| {
                Migration::new(
                    *version,
                    Cow::Borrowed(*description),
                    MigrationType::Simple,
                    Cow::Borrowed(*sql),
                    false,
                )
            })
            .collect();
        Box::pin(async move { Ok(migrations) })
    }
}

/// How many connections each pool holds, and how many of them wait idle.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PoolUse {
    pub read_open: u32,
    pub read_idle: u32,
    pub write_open: u32,
    pub write_idle: u32,
}
