//! In-memory `IdempotencyClaims`: exclusive, expiring claims within one process.
//!
//! Check-and-take happens under one `std::sync::Mutex`, so of any number of concurrent
//! claimants exactly one sees the key free. Like Redis's `SET NX PX`, a claim that outlives
//! its TTL (its holder crashed or hung) frees itself, so a retry is never blocked forever.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use async_trait::async_trait;

use super::expiring::{ExpiringMap, deadline_after};
use crate::ports::{Clock, IdempotencyClaims, StoreError};

pub struct MemoryClaims {
    clock: Arc<dyn Clock>,
    held: Mutex<ExpiringMap<()>>,
}

impl MemoryClaims {
    /// Expiry is judged by `clock`, so tests can advance a `ManualClock` instead of sleeping.
    pub fn new(clock: Arc<dyn Clock>) -> Self {
        Self { clock, held: Mutex::new(ExpiringMap::new()) }
    }
}

#[async_trait]
impl IdempotencyClaims for MemoryClaims {
    async fn claim(&self, key: &str, ttl: Duration) -> Result<bool, StoreError> {
        let now = self.clock.now();
        let mut held = self.held.lock().expect("claims mutex poisoned");
        if held.get(key, now).is_some() {
            return Ok(false);
        }
        held.insert(key, (), deadline_after(now, ttl), now);
        Ok(true)
    }

    async fn release(&self, key: &str) -> Result<(), StoreError> {
        self.held.lock().expect("claims mutex poisoned").remove(key);
        Ok(())
    }
}
