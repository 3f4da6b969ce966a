//! The `Counters` contract: atomic increments whose window ends at a fixed deadline.

use std::sync::Arc;

use signalbox::adapters::memory::MemoryCounters;
use signalbox::adapters::redis::RedisCounters;
use signalbox::ports::Counters;
use tokio::task::JoinSet;

use super::Case;
use crate::support::passing_time::{LONG_TTL, SHORT_TTL, TestTime};
use crate::support::redis::redis_pool;

/// The port, and the time its entries expire by: a manual clock for the fake, real time for Redis.
type Subject = (Arc<dyn Counters>, TestTime);

async fn memory_subject(case: impl Case<Subject>) {
    let (time, clock) = TestTime::manual();
    case((Arc::new(MemoryCounters::new(clock)), time)).await;
}

async fn redis_subject(case: impl Case<Subject>) {
    let Some(pool) = redis_pool() else { return };
    case((Arc::new(RedisCounters::new(pool)), TestTime::Real)).await;
}

contract_tests!(memory => memory_subject, redis => redis_subject; [
    sequential_increments_count_one_two_three,
    fifty_concurrent_increments_on_a_fresh_key_return_exactly_one_to_fifty,
    separate_keys_count_independently,
    an_unknown_key_reads_as_zero_and_reading_does_not_create_it,
    after_expiry_the_count_restarts_at_one_and_reads_as_zero,
    later_increments_do_not_extend_the_expiry_of_an_existing_key,
]);

pub async fn sequential_increments_count_one_two_three((counters, time): Subject) {
    let expires_at = time.deadline_in(LONG_TTL);

    let mut counts = Vec::new();
    for _ in 0..3 {
        counts.push(counters.increment("quota:alice", expires_at).await.unwrap());
    }

    assert_eq!(counts, [1, 2, 3]);
    assert_eq!(counters.get("quota:alice").await.unwrap(), 3);
}

pub async fn fifty_concurrent_increments_on_a_fresh_key_return_exactly_one_to_fifty((counters, time): Subject) {
    let expires_at = time.deadline_in(LONG_TTL);
    let mut increments = JoinSet::new();
    for _ in 0..50 {
        let counters = counters.clone();
        increments.spawn(async move { counters.increment("quota:race", expires_at).await });
    }

    let mut counts: Vec<u64> = increments.join_all().await.into_iter().map(|count| count.unwrap()).collect();
    counts.sort_unstable();

    assert_eq!(counts, (1..=50).collect::<Vec<u64>>());
    assert_eq!(counters.get("quota:race").await.unwrap(), 50);
}

pub async fn separate_keys_count_independently((counters, time): Subject) {
    let expires_at = time.deadline_in(LONG_TTL);

    counters.increment("quota:alice", expires_at).await.unwrap();
    counters.increment("quota:alice", expires_at).await.unwrap();
    let bob_first = counters.increment("quota:bob", expires_at).await.unwrap();

    assert_eq!(bob_first, 1);
    assert_eq!(counters.get("quota:alice").await.unwrap(), 2);
    assert_eq!(counters.get("quota:bob").await.unwrap(), 1);
}

pub async fn an_unknown_key_reads_as_zero_and_reading_does_not_create_it((counters, time): Subject) {
    assert_eq!(counters.get("quota:nobody").await.unwrap(), 0);

    let first = counters.increment("quota:nobody", time.deadline_in(LONG_TTL)).await;

    assert_eq!(first.unwrap(), 1);
}

pub async fn after_expiry_the_count_restarts_at_one_and_reads_as_zero((counters, time): Subject) {
    let window_end = time.deadline_in(SHORT_TTL);
    counters.increment("login:carol", window_end).await.unwrap();
    counters.increment("login:carol", window_end).await.unwrap();

    time.wait_out(SHORT_TTL).await;

    assert_eq!(counters.get("login:carol").await.unwrap(), 0);
    let next_window = counters.increment("login:carol", time.deadline_in(LONG_TTL)).await;
    assert_eq!(next_window.unwrap(), 1);
}

pub async fn later_increments_do_not_extend_the_expiry_of_an_existing_key((counters, time): Subject) {
    let first = counters.increment("login:dave", time.deadline_in(SHORT_TTL)).await;
    // A later caller asks for a far deadline; the window must still end at the first one.
    let second = counters.increment("login:dave", time.deadline_in(LONG_TTL)).await;
    assert_eq!((first.unwrap(), second.unwrap()), (1, 2), "both fell in one window");

    time.wait_out(SHORT_TTL).await;

    assert_eq!(counters.get("login:dave").await.unwrap(), 0);
}
