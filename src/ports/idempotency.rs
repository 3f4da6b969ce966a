//! Short-lived exclusive claims: the fast path that stops two instances (or two threads)
//! from handling the same Stripe event at the same time.

use std::time::Duration;

use async_trait::async_trait;

use super::StoreError;

#[async_trait]
pub trait IdempotencyClaims: Send + Sync {
    /// Tries to take the claim `key` for `ttl`. Returns `true` to exactly one of any number of
    /// concurrent callers; `false` while the claim is held and not expired.
    async fn claim(&self, key: &str, ttl: Duration) -> Result<bool, StoreError>;

    /// Gives the claim up so a retry can take it. Releasing an absent claim is not an error.
    async fn release(&self, key: &str) -> Result<(), StoreError>;
}
