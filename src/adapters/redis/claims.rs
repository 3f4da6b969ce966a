//! Redis `IdempotencyClaims`: one claim per Stripe event across every app instance.
//!
//! `SET key 1 NX PX ttl` takes the claim only if nobody holds it, in one atomic command; the
//! TTL frees a claim whose holder crashed, so a retry is never blocked for good.

use std::time::Duration;

use async_trait::async_trait;

use super::pool::{RedisPool, ttl_millis};
use crate::ports::{IdempotencyClaims, StoreError};

const NAMESPACE: &str = "claim";

pub struct RedisClaims {
    pool: RedisPool,
}

impl RedisClaims {
    pub fn new(pool: RedisPool) -> Self {
        Self { pool }
    }
}

#[async_trait]
impl IdempotencyClaims for RedisClaims {
    async fn claim(&self, key: &str, ttl: Duration) -> Result<bool, StoreError> {
        let key = self.pool.key(NAMESPACE, key);
        let ttl_ms = ttl_millis(ttl);
        // Redis answers OK when it set the key and nil when NX refused.
        // Retried once on a dead connection: if the first SET did land, the retry sees our own
        // claim and answers "held"; the delivery then gets 409 and Stripe's retry comes after
        // the lease. Never a double apply.
        let reply: Option<String> = self
            .pool
            .run("claim", redis::cmd("SET").arg(&key).arg(1).arg("NX").arg("PX").arg(ttl_ms).to_owned())
            .await?;
        Ok(reply.is_some())
    }

    async fn release(&self, key: &str) -> Result<(), StoreError> {
        let key = self.pool.key(NAMESPACE, key);
        self.pool.run("claim release", redis::cmd("DEL").arg(&key).to_owned()).await
    }
}
