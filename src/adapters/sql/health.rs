//! Readiness of the database: a trivial query through the pool.

use async_trait::async_trait;

use super::{SqlStore, unavailable};
use crate::ports::{HealthCheck, StoreError};

#[async_trait]
impl HealthCheck for SqlStore {
    fn name(&self) -> &'static str {
        "database"
    }

    async fn check(&self) -> Result<(), StoreError> {
        sqlx::query("SELECT 1").execute(&self.pool).await.map_err(unavailable)?;
        Ok(())
    }
}
