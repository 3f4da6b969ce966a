//! Accounts, billing and imported candles in a SQL database: SQLite (the embedded default) or PostgreSQL.
//!
//! One adapter, [`SqlStore`], implements [`UserRepository`](crate::ports::UserRepository),
//! [`BillingStore`](crate::ports::BillingStore),
//! [`RefreshTokenStore`](crate::ports::RefreshTokenStore),
//! [`PasswordResetStore`](crate::ports::PasswordResetStore) and [`HealthCheck`](crate::ports::HealthCheck)
//! over sqlx's `Any` driver, so both databases run the same queries (`$n` placeholders, which
//! SQLite accepts too). To keep within the types `Any` can carry, timestamps are stored as
//! unix seconds, ids as text and booleans as 0/1. The only SQL that differs by backend is
//! row locking (`FOR UPDATE`, Postgres only), chosen in `billing`.
//!
//! - `pool`: settings, connecting, migrations
//! - `users` / `billing` / `refresh_tokens` / `password_resets` / `health`: the port implementations
//! - `candles`: imported candles, served through the market-data port
//! - `signal_history`: every computed signal once, with its outcome once settled
//! - `call_ledger`: trade calls once each, with their hash-chained ledger entries
//! - `push_devices`: browsers' Web Push subscriptions, at most ten per user
//! - `call_ledger`: trade calls once each, with their hash-chained ledger entries (and their
//!   alert events, in the same transaction)
//! - `alert_outbox` / `alert_subscribers`: the alerts outbox, preferences and Telegram links
//! - `event_log`: the operators' side of the webhook log (failures, listing, one event)
//! - `rows`: conversions between columns and domain values

mod alert_outbox;
mod alert_subscribers;
mod billing;
mod call_ledger;
mod candles;
mod event_log;
mod health;
mod password_resets;
mod pool;
mod push_devices;
mod refresh_tokens;
mod rows;
mod signal_history;
mod users;

use sqlx::{Any, AnyPool, Transaction};

pub use pool::{Backend, DatabaseSettings};

use crate::ports::StoreError;

/// The SQL adapter. Cheap to clone (the pool is shared).
#[derive(Clone, Debug)]
pub struct SqlStore {
    pool: AnyPool,
    backend: Backend,
}

impl SqlStore {
    /// Opens a pool to `settings.url`. A SQLite file and its directory are created when
    /// missing. Does not migrate: call [`SqlStore::migrate`].
    ///
    /// # Errors
    /// When the URL is not `sqlite:`/`postgres:`, or the database cannot be reached. The
    /// message never contains the URL.
    pub async fn connect(settings: &DatabaseSettings) -> anyhow::Result<Self> {
        let (pool, backend) = pool::open(settings).await?;
        Ok(Self { pool, backend })
    }

    /// Brings the schema up to date with the migrations embedded in this binary.
    pub async fn migrate(&self) -> anyhow::Result<()> {
        self.backend.migrator().run(&self.pool).await?;
        Ok(())
    }

    /// Connections open and, of those, idle (for the pool-use metrics).
    pub fn pool_usage(&self) -> (u32, usize) {
        (self.pool.size(), self.pool.num_idle())
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Starts a transaction that writes. SQLite's is `BEGIN IMMEDIATE`, taking the database's
    /// write lock at once and waiting its busy timeout while another connection holds it: a
    /// plain (deferred) transaction that reads and then writes is refused at once, without
    /// waiting, when another connection wrote in between — and with the candle clock and the
    /// call ledger writing every few seconds, that happens. PostgreSQL locks what it writes,
    /// and the transactions that need more lock it explicitly, so a plain `BEGIN` serves.
    async fn begin_write(&self) -> Result<Transaction<'static, Any>, StoreError> {
        let begin = match self.backend {
            Backend::Sqlite => "BEGIN IMMEDIATE",
            Backend::Postgres => "BEGIN",
        };
        self.pool.begin_with(begin).await.map_err(unavailable)
    }

    /// Closes every connection; later calls fail with [`StoreError::Unavailable`]. For a
    /// graceful shutdown (and for tests of the failure path).
    pub async fn close(&self) {
        self.pool.close().await;
    }
}

/// Any database failure that has no business meaning.
fn unavailable(err: sqlx::Error) -> StoreError {
    StoreError::unavailable(err)
}
