//! Readiness: each adapter that talks to a service says whether it answers.

use async_trait::async_trait;

use super::StoreError;

#[async_trait]
pub trait HealthCheck: Send + Sync {
    /// A short name for `/ready` output, e.g. `"database"` or `"redis"`.
    fn name(&self) -> &'static str;

    /// Succeeds when the backing service answers a trivial request.
    async fn check(&self) -> Result<(), StoreError>;
}
