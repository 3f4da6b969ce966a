//! Readiness of Redis: a PING through the shared pool, under the same deadline as any
//! command, so `/ready` tells the truth about what requests will see.

use async_trait::async_trait;

use super::pool::RedisPool;
use crate::ports::{HealthCheck, StoreError};

pub struct RedisHealth {
    pool: RedisPool,
}

impl RedisHealth {
    pub fn new(pool: RedisPool) -> Self {
        Self { pool }
    }
}

#[async_trait]
impl HealthCheck for RedisHealth {
    fn name(&self) -> &'static str {
        "redis"
    }

    async fn check(&self) -> Result<(), StoreError> {
        let pong: String = self.pool.run("ping", redis::cmd("PING")).await?;
        if pong == "PONG" {
            Ok(())
        } else {
            Err(StoreError::unavailable(anyhow::anyhow!("Redis answered PING with something other than PONG")))
        }
    }
}
