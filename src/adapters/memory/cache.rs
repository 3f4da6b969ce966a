//! In-memory `Cache`: computed signals kept for their TTL within one process.
//!
//! A single `std::sync::Mutex<HashMap>` (inside `ExpiringMap`) is enough: every operation is
//! one lookup or insert with no `.await` under the lock, so contention costs nanoseconds next
//! to the signal computation a hit saves. A sharded map would add a dependency for a gain no
//! one has measured.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use async_trait::async_trait;

use super::expiring::{ExpiringMap, deadline_after};
use crate::ports::{Cache, Clock, StoreError};

pub struct MemoryCache {
    clock: Arc<dyn Clock>,
    entries: Mutex<ExpiringMap<String>>,
}

impl MemoryCache {
    /// Expiry is judged by `clock`, so tests can advance a `ManualClock` instead of sleeping.
    pub fn new(clock: Arc<dyn Clock>) -> Self {
        Self { clock, entries: Mutex::new(ExpiringMap::new()) }
    }
}

#[async_trait]
impl Cache for MemoryCache {
    async fn get(&self, key: &str) -> Result<Option<String>, StoreError> {
        let now = self.clock.now();
        let entries = self.entries.lock().expect("cache mutex poisoned");
        Ok(entries.get(key, now).cloned())
    }

    async fn set(&self, key: &str, value: &str, ttl: Duration) -> Result<(), StoreError> {
        let now = self.clock.now();
        let mut entries = self.entries.lock().expect("cache mutex poisoned");
        entries.insert(key, value.to_owned(), deadline_after(now, ttl), now);
        Ok(())
    }
}
