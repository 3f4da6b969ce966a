//! The pool's connection manager: bb8-redis's, plus a way to tell the pool that a connection
//! is dead.
//!
//! bb8-redis cannot tell that a multiplexed connection died (its `has_broken` is always
//! false), so the only way it had to notice was a PING on every checkout — one extra round
//! trip per operation. Instead, an operation that fails with a connection-level error marks
//! its connection broken, and the pool drops it when it comes back: a dead connection is
//! detected on use, at no cost to healthy ones.

use bb8::ManageConnection;
use bb8_redis::RedisConnectionManager;
use redis::RedisError;
use redis::aio::MultiplexedConnection;

pub(super) struct Manager(pub(super) RedisConnectionManager);

pub(super) struct Connection {
    pub(super) inner: MultiplexedConnection,
    broken: bool,
}

impl Connection {
    /// The pool will drop this connection instead of handing it out again.
    pub(super) fn mark_broken(&mut self) {
        self.broken = true;
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
        Ok(Connection { inner: self.0.connect().await?, broken: false })
    }

    async fn is_valid(&self, conn: &mut Connection) -> Result<(), RedisError> {
        self.0.is_valid(&mut conn.inner).await
    }

    fn has_broken(&self, conn: &mut Connection) -> bool {
        conn.broken
    }
}
