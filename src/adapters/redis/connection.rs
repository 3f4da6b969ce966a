//! The pool's connection manager: bb8-redis's, plus a way to tell the pool that a connection
//! is dead.
//!
//! bb8-redis cannot tell that a multiplexed connection died (its `has_broken` is always
//! false), so the only way it had to notice was a PING on every checkout — one extra round
//! trip per operation. Instead, an operation that fails with a connection-level error marks
//! its connection broken, and the pool drops it the next time it passes through: a dead
//! connection is detected on use, at no cost to healthy ones.
//!
//! The mark is shared by every clone of the connection ([`SharedConnection`]), because
//! operations do not hold the pooled connection while they run: they take a clone of the
//! multiplexed handle and give the pooled one straight back (see `pool`).

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use bb8::ManageConnection;
use bb8_redis::RedisConnectionManager;
use redis::RedisError;
use redis::aio::MultiplexedConnection;

pub(super) struct Manager(pub(super) RedisConnectionManager);

pub(super) struct Connection {
    shared: SharedConnection,
}

impl Connection {
    /// A handle for running commands without holding this pooled connection: clones share
    /// the socket (commands sent at once go out together) and the broken mark.
    pub(super) fn share(&self) -> SharedConnection {
        self.shared.clone()
    }

    pub(super) fn is_broken(&self) -> bool {
        self.shared.broken.load(Ordering::Relaxed)
    }
}

/// A clone of a pooled multiplexed connection.
#[derive(Clone)]
pub(super) struct SharedConnection {
    pub(super) inner: MultiplexedConnection,
    broken: Arc<AtomicBool>,
}

impl SharedConnection {
    /// The pool will drop this connection instead of handing it out again.
    pub(super) fn mark_broken(&self) {
        self.broken.store(true, Ordering::Relaxed);
    }
}

/// A failure that says the connection (not the command) is at fault.
pub(super) fn is_connection_failure(err: &RedisError) -> bool {
    err.is_io_error() || err.is_connection_dropped() || err.is_connection_refusal() || err.is_unrecoverable_error()
}

impl ManageConnection for Manager {
    type Connection = Connection;
    type Error = RedisError;

    async fn connect(&self) -> Result<Connection, RedisError> {
        let inner = self.0.connect().await?;
        Ok(Connection { shared: SharedConnection { inner, broken: Arc::new(AtomicBool::new(false)) } })
    }

    async fn is_valid(&self, conn: &mut Connection) -> Result<(), RedisError> {
        self.0.is_valid(&mut conn.shared.inner).await
    }

    fn has_broken(&self, conn: &mut Connection) -> bool {
        conn.is_broken()
    }
}
