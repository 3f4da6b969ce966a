//! Redis `Cache`: computed signals shared by every app instance, expired by Redis itself.

use std::time::Duration;

use async_trait::async_trait;

use super::pool::{RedisPool, ttl_millis};
use crate::ports::{Cache, StoreError};

const NAMESPACE: &str = "cache";

pub struct RedisCache {
    pool: RedisPool,
}

impl RedisCache {
    pub fn new(pool: RedisPool) -> Self {
        Self { pool }
    }
}

#[async_trait]
impl Cache for RedisCache {
    async fn get(&self, key: &str) -> Result<Option<String>, StoreError> {
        let key = self.pool.key(NAMESPACE, key);
        self.pool.run("cache get", redis::cmd("GET").arg(&key).to_owned()).await
    }

    async fn set(&self, key: &str, value: &str, ttl: Duration) -> Result<(), StoreError> {
        let key = self.pool.key(NAMESPACE, key);
        let ttl_ms = ttl_millis(ttl);
        self.pool.run("cache set", redis::cmd("SET").arg(&key).arg(value).arg("PX").arg(ttl_ms).to_owned()).await
    }
}
