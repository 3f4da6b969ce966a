//! Redis pools for tests: each gets a random key prefix, so parallel tests and reruns share
//! one server without ever seeing each other's keys.

use std::time::Duration;

use signalbox::adapters::redis::{RedisPool, RedisSettings};

use super::real_services::{redis_url, unique_suffix};

/// Settings for `url` with a fresh key prefix and timeouts generous enough for a loaded CI
/// machine yet short enough that a broken test fails quickly.
pub fn test_settings(url: &str) -> RedisSettings {
    RedisSettings {
        url: url.into(),
        key_prefix: format!("signalbox-test-{}:", unique_suffix()),
        pool_size: 8,
        connect_timeout: Duration::from_secs(2),
        command_timeout: Duration::from_secs(2),
    }
}

/// A pool on the test Redis, or `None` (skipped) when `TEST_REDIS_URL` is unset.
pub fn redis_pool() -> Option<RedisPool> {
    let url = redis_url()?;
    Some(RedisPool::connect(&test_settings(&url)).expect("TEST_REDIS_URL is a valid Redis URL"))
}
