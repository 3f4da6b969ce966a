//! Atomic counters that expire: the storage behind daily quotas and login rate limits.

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use super::StoreError;

#[async_trait]
pub trait Counters: Send + Sync {
    /// Adds one to `key` and returns the new value, as one atomic step: N concurrent calls on
    /// a fresh key return exactly 1..=N. A key created by this call expires at `expires_at`;
    /// an expired key counts as absent (the next increment returns 1). The expiry of an
    /// existing key is never extended.
    async fn increment(&self, key: &str, expires_at: DateTime<Utc>) -> Result<u64, StoreError>;

    /// The current value without changing it; 0 when absent or expired.
    async fn get(&self, key: &str) -> Result<u64, StoreError>;
}
