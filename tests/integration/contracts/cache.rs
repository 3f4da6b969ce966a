//! The `Cache` contract: values come back until their TTL runs out, and a write replaces
//! both the value and its TTL.

use std::sync::Arc;

use signalbox::adapters::memory::MemoryCache;
use signalbox::adapters::redis::RedisCache;
use signalbox::ports::Cache;

use super::Case;
use crate::support::passing_time::{LONG_TTL, SHORT_TTL, TestTime};
use crate::support::redis::redis_pool;

/// The port, and the time its entries expire by: a manual clock for the fake, real time for Redis.
type Subject = (Arc<dyn Cache>, TestTime);

async fn memory_subject(case: impl Case<Subject>) {
    let (time, clock) = TestTime::manual();
    case((Arc::new(MemoryCache::new(clock)), time)).await;
}

async fn redis_subject(case: impl Case<Subject>) {
    let Some(pool) = redis_pool() else { return };
    case((Arc::new(RedisCache::new(pool)), TestTime::Real)).await;
}

contract_tests!(memory => memory_subject, redis => redis_subject; [
    a_key_never_set_is_a_miss,
    a_stored_value_is_returned_under_its_own_key_only,
    setting_a_key_again_replaces_its_value_and_its_ttl,
    a_value_is_gone_once_its_ttl_has_passed,
]);

pub async fn a_key_never_set_is_a_miss((cache, _time): Subject) {
    assert_eq!(cache.get("signal:AAPL").await.unwrap(), None);
}

pub async fn a_stored_value_is_returned_under_its_own_key_only((cache, _time): Subject) {
    cache.set("signal:AAPL", r#"{"side":"buy"}"#, LONG_TTL).await.unwrap();

    assert_eq!(cache.get("signal:AAPL").await.unwrap().as_deref(), Some(r#"{"side":"buy"}"#));
    assert_eq!(cache.get("signal:MSFT").await.unwrap(), None);
}

pub async fn setting_a_key_again_replaces_its_value_and_its_ttl((cache, time): Subject) {
    cache.set("signal:AAPL", "old", SHORT_TTL).await.unwrap();
    cache.set("signal:AAPL", "new", LONG_TTL).await.unwrap();

    time.wait_out(SHORT_TTL).await;

    assert_eq!(cache.get("signal:AAPL").await.unwrap().as_deref(), Some("new"));
}

pub async fn a_value_is_gone_once_its_ttl_has_passed((cache, time): Subject) {
    cache.set("signal:AAPL", "buy", SHORT_TTL).await.unwrap();

    time.wait_out(SHORT_TTL).await;

    assert_eq!(cache.get("signal:AAPL").await.unwrap(), None);
}
