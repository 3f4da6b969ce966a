//! Redis `Counters`: quota and rate-limit counts shared by every app instance.
//!
//! Increment and expiry are one Lua script, so Redis runs them as one atomic step: there is
//! no moment where a counter exists without its deadline, and no get-then-set race between
//! instances. Deadlines are absolute (`PEXPIREAT`), so a quota window ends when the caller
//! says, however late the first request of the window arrives.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use redis::Script;

use super::pool::RedisPool;
use crate::ports::{Counters, StoreError};

/// INCR, and give the key its deadline when this increment created it. A key found without
/// any deadline (PTTL -1: written by hand or by an older version) gets one too, since a
/// counter that never expires would lock its user out for good.
const INCREMENT: &str = r"
local count = redis.call('INCR', KEYS[1])
if count == 1 or redis.call('PTTL', KEYS[1]) == -1 then
  redis.call('PEXPIREAT', KEYS[1], ARGV[1])
end
return count
";

const NAMESPACE: &str = "counter";

pub struct RedisCounters {
    pool: RedisPool,
    increment: Script,
}

impl RedisCounters {
    pub fn new(pool: RedisPool) -> Self {
        Self { pool, increment: Script::new(INCREMENT) }
    }
}

#[async_trait]
impl Counters for RedisCounters {
    async fn increment(&self, key: &str, expires_at: DateTime<Utc>) -> Result<u64, StoreError> {
        let key = self.pool.key(NAMESPACE, key);
        // A deadline already past makes PEXPIREAT delete the key at once: the count is 1
        // and nothing is left behind, as the port asks.
        let deadline_ms = expires_at.timestamp_millis();
        self.pool
            .run_once("counter increment", async |conn| {
                self.increment.key(&key).arg(deadline_ms).invoke_async(conn).await
            })
            .await
    }

    async fn get(&self, key: &str) -> Result<u64, StoreError> {
        let key = self.pool.key(NAMESPACE, key);
        let count: Option<u64> = self.pool.run("counter get", redis::cmd("GET").arg(&key).to_owned()).await?;
        Ok(count.unwrap_or(0))
    }
}
