//! In-memory `Counters`: quota and rate-limit counts for a single process.
//!
//! One `std::sync::Mutex` around the map makes read-increment-write a single step, so N
//! concurrent increments of a fresh key return exactly 1..=N. The lock is never held across
//! an `.await` and each critical section is a hash lookup, so an async mutex would only add
//! cost (the reasoning of mini-redis's `db.rs`).

use std::sync::{Arc, Mutex};

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use super::expiring::ExpiringMap;
use crate::ports::{Clock, Counters, StoreError};

pub struct MemoryCounters {
    clock: Arc<dyn Clock>,
    counts: Mutex<ExpiringMap<u64>>,
}

impl MemoryCounters {
    /// Expiry is judged by `clock`, so tests can advance a `ManualClock` instead of sleeping.
    pub fn new(clock: Arc<dyn Clock>) -> Self {
        Self { clock, counts: Mutex::new(ExpiringMap::new()) }
    }
}

#[async_trait]
impl Counters for MemoryCounters {
    async fn increment(&self, key: &str, expires_at: DateTime<Utc>) -> Result<u64, StoreError> {
        let now = self.clock.now();
        let mut counts = self.counts.lock().expect("counters mutex poisoned");
        if let Some(count) = counts.get_mut(key, now) {
            *count = count.saturating_add(1);
            return Ok(*count);
        }
        // Absent or expired: this increment starts a new window, with the caller's deadline.
        counts.insert(key, 1, expires_at, now);
        Ok(1)
    }

    async fn get(&self, key: &str) -> Result<u64, StoreError> {
        let now = self.clock.now();
        let counts = self.counts.lock().expect("counters mutex poisoned");
        Ok(counts.get(key, now).copied().unwrap_or(0))
    }
}
