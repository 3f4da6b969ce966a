//! A key/value cache with per-entry time to live, for computed signals.

use std::time::Duration;

use async_trait::async_trait;

use super::StoreError;

#[async_trait]
pub trait Cache: Send + Sync {
    /// The value stored under `key`, or `None` when absent or older than its TTL.
    async fn get(&self, key: &str) -> Result<Option<String>, StoreError>;

    /// Stores `value` under `key`, replacing any previous value; it expires after `ttl`.
    async fn set(&self, key: &str, value: &str, ttl: Duration) -> Result<(), StoreError>;
}
