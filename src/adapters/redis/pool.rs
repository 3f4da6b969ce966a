//! Redis settings and the one connection pool the Redis adapters share.
//!
//! Boundary: everything about reaching Redis lives here — connecting, key prefixing,
//! deadlines and the translation of every failure into `StoreError::Unavailable`. The
//! adapters only say which command to run.
//!
//! Failure behaviour, chosen so Redis trouble degrades requests instead of the process:
//! - Building the pool never contacts Redis, so the app boots while Redis is down; readiness
//!   (`RedisHealth`) reports it instead.
//! - Each operation, including the wait for a pooled connection, has one deadline
//!   (`command_timeout`); past it the caller gets `Unavailable`, never a hang.
//! - Operations share connections. Each multiplexed connection carries any number of
//!   commands at once, so an operation holds its pooled connection only long enough to clone
//!   its handle: concurrent operations go out together on one socket (one write and one read
//!   for many commands, on both sides) instead of each taking a connection to itself and
//!   queueing for one when the pool is busy. Few connections are ever opened.
//! - One round trip per operation: no PING on checkout. A connection broken by a Redis
//!   restart is detected when an operation fails on it (see `connection`): it is dropped from
//!   the pool, and an idempotent operation is retried once on a fresh connection, so a restart
//!   costs callers nothing and the pool recovers by itself. A non-idempotent one (a counter
//!   increment) is not retried — its command may have run before the connection died — and
//!   fails with `Unavailable` once.
//! - A failed connection attempt is not retried in the background (bb8's `retry_connection`
//!   is off). bb8's retry sleeps with a growing backoff, and requests arriving meanwhile wait
//!   for that sleeping attempt instead of starting their own: Redis back after an outage
//!   went unnoticed for up to a second, and `/ready` kept saying "unavailable". Without it,
//!   the next operation makes a fresh attempt, so recovery is immediate; while Redis is down
//!   each operation still fails within `command_timeout`.

use std::time::Duration;

use anyhow::{Context, anyhow};
use bb8::{ErrorSink, Pool, RunError};
use bb8_redis::RedisConnectionManager;

use super::connection::{Manager, SharedConnection, is_connection_failure};
use redis::aio::MultiplexedConnection;
use redis::{Cmd, FromRedisValue, RedisError};
use secrecy::{ExposeSecret, SecretString};

use crate::ports::StoreError;

/// How to reach Redis. `url` is secret because it may carry a password.
#[derive(Debug, Clone)]
pub struct RedisSettings {
    /// `redis://[user:password@]host:port[/db]`.
    pub url: SecretString,
    /// Put in front of every key, verbatim (e.g. `"signalbox:"`), so several apps or test
    /// runs can share one Redis.
    pub key_prefix: String,
    /// Most connections open at once. Each is multiplexed, so a few go a long way.
    pub pool_size: u32,
    /// How long the pool keeps retrying to open a connection before giving up on it.
    pub connect_timeout: Duration,
    /// Deadline for one whole operation, including the wait for a connection.
    pub command_timeout: Duration,
}

/// A cheap-to-clone handle on the shared pool; give a clone to each Redis adapter.
#[derive(Debug, Clone)]
pub struct RedisPool {
    pool: Pool<Manager>,
    key_prefix: String,
    command_timeout: Duration,
}

impl RedisPool {
    /// Builds the pool without contacting Redis (connections open on first use), so a Redis
    /// that is down at boot does not stop the app. Fails only on a malformed URL or zero
    /// timeouts. Must be called inside a Tokio runtime: the pool spawns its housekeeping.
    pub fn connect(settings: &RedisSettings) -> anyhow::Result<Self> {
        anyhow::ensure!(
            !settings.connect_timeout.is_zero() && !settings.command_timeout.is_zero(),
            "Redis timeouts must be greater than zero"
        );
        // The parse error names what is wrong with the URL, never the URL itself.
        let manager = Manager(RedisConnectionManager::new(settings.url.expose_secret()).context("invalid Redis URL")?);
        let pool = Pool::builder()
            .max_size(settings.pool_size.max(1))
            .connection_timeout(settings.connect_timeout)
            .test_on_check_out(false)
            .retry_connection(false)
            .error_sink(Box::new(LogConnectErrors))
            .build_unchecked(manager);
        Ok(Self { pool, key_prefix: settings.key_prefix.clone(), command_timeout: settings.command_timeout })
    }

    /// Connections open and, of those, idle (for the pool-use metrics).
    pub fn usage(&self) -> (u32, u32) {
        let state = self.pool.state();
        (state.connections, state.idle_connections)
    }

    /// The Redis key for `key` in `namespace`. Namespaces keep the ports apart: a cache
    /// entry and a counter given the same name by their callers must not collide.
    pub(super) fn key(&self, namespace: &str, key: &str) -> String {
        format!("{}{namespace}:{key}", self.key_prefix)
    }

    /// Runs an idempotent `command` on a pooled connection within the command deadline; when
    /// the connection turns out to be dead, once more on a fresh one. `what` names the operation
    /// in the error; it must not contain keys or values.
    pub(super) async fn run<T: FromRedisValue>(&self, what: &'static str, command: Cmd) -> Result<T, StoreError> {
        self.within_deadline(what, async {
            let mut conn = self.connection().await?;
            match command.query_async(&mut conn.inner).await {
                Err(err) if is_connection_failure(&err) => {
                    conn.mark_broken();
                    // Not from the pool: after a restart every pooled connection may be dead.
                    let fresh = self.pool.dedicated_connection().await.map_err(anyhow::Error::new)?;
                    let mut shared = fresh.share();
                    // Keep it if there is room; a full pool simply drops it.
                    let _ = self.pool.add(fresh);
                    command.query_async(&mut shared.inner).await.map_err(anyhow::Error::new)
                }
                answer => answer.map_err(anyhow::Error::new),
            }
        })
        .await
    }

    /// Like [`Self::run`] but never repeats `op`, for commands that must not run twice (a
    /// counter increment may have been applied before its connection died).
    pub(super) async fn run_once<T>(
        &self,
        what: &'static str,
        op: impl AsyncFnOnce(&mut MultiplexedConnection) -> Result<T, RedisError>,
    ) -> Result<T, StoreError> {
        self.within_deadline(what, async {
            let mut conn = self.connection().await?;
            let answer = op(&mut conn.inner).await;
            if let Err(err) = &answer
                && is_connection_failure(err)
            {
                conn.mark_broken();
            }
            answer.map_err(anyhow::Error::new)
        })
        .await
    }

    /// A handle on a pooled connection not known to be broken; the pooled connection itself
    /// goes straight back, so others can send on it at the same time. A connection marked
    /// broken since it was last handed out is dropped by the pool on its way back, and the
    /// next one is tried (each try removes one, so this ends).
    async fn connection(&self) -> anyhow::Result<SharedConnection> {
        loop {
            let pooled = self.pool.get().await.map_err(|err| match err {
                RunError::User(err) => anyhow::Error::new(err),
                RunError::TimedOut => anyhow!("no Redis connection could be opened"),
            })?;
            if !pooled.is_broken() {
                return Ok(pooled.share());
            }
        }
    }

    async fn within_deadline<T>(
        &self,
        what: &'static str,
        attempt: impl Future<Output = anyhow::Result<T>>,
    ) -> Result<T, StoreError> {
        match tokio::time::timeout(self.command_timeout, attempt).await {
            Ok(Ok(value)) => Ok(value),
            Ok(Err(err)) => Err(StoreError::unavailable(err.context(what))),
            Err(_elapsed) => {
                Err(StoreError::unavailable(anyhow!("{what}: no answer from Redis within {:?}", self.command_timeout)))
            }
        }
    }
}

/// A TTL as Redis's `PX` argument: Redis refuses 0, so anything under a millisecond becomes
/// one, and absurdly long TTLs saturate.
pub(super) fn ttl_millis(ttl: Duration) -> u64 {
    u64::try_from(ttl.as_millis()).unwrap_or(u64::MAX).max(1)
}

/// Logs failed connection attempts, which bb8 otherwise drops silently while it retries.
/// Redis's connection errors name the failure (e.g. "Connection refused"), not the URL.
#[derive(Debug, Clone, Copy)]
struct LogConnectErrors;

impl ErrorSink<RedisError> for LogConnectErrors {
    fn sink(&self, error: RedisError) {
        tracing::warn!(%error, "Redis connection failed; the pool will retry");
    }

    fn boxed_clone(&self) -> Box<dyn ErrorSink<RedisError>> {
        Box::new(*self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_ttl_under_a_millisecond_becomes_one_because_redis_refuses_zero() {
        assert_eq!(ttl_millis(Duration::ZERO), 1);
        assert_eq!(ttl_millis(Duration::from_micros(300)), 1);
        assert_eq!(ttl_millis(Duration::from_millis(1500)), 1500);
        assert_eq!(ttl_millis(Duration::MAX), u64::MAX);
    }
}
