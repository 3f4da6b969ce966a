//! The Redis adapters under failure: an unreachable or silent Redis yields
//! `StoreError::Unavailable` within the command timeout (never a hang or a panic), readiness
//! reports it, and the pool heals by itself once Redis answers again.

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use signalbox::adapters::redis::{RedisCache, RedisClaims, RedisCounters, RedisHealth, RedisPool, RedisSettings};
use signalbox::ports::{Cache, Counters, HealthCheck, IdempotencyClaims, StoreError};
use tokio::net::TcpListener;

use crate::support::flaky_proxy::FlakyProxy;
use crate::support::real_services::redis_url;
use crate::support::redis::test_settings;

const COMMAND_TIMEOUT: Duration = Duration::from_millis(500);
/// Scheduling slack on a loaded machine; far below anything that would count as a hang.
const SLACK: Duration = Duration::from_millis(500);

fn fast_failing_settings(url: &str) -> RedisSettings {
    RedisSettings {
        connect_timeout: Duration::from_millis(300),
        command_timeout: COMMAND_TIMEOUT,
        ..test_settings(url)
    }
}

/// Asserts that `outcome` is `Unavailable` and came within the command timeout.
fn assert_unavailable_in_time<T: std::fmt::Debug>(what: &str, outcome: Result<T, StoreError>, took: Duration) {
    assert!(matches!(outcome, Err(StoreError::Unavailable(_))), "{what}: expected Unavailable, got {outcome:?}");
    assert!(took <= COMMAND_TIMEOUT + SLACK, "{what} took {took:?}");
}

/// Runs every operation of every Redis adapter against `pool`; each must fail in time.
async fn every_operation_is_unavailable(pool: &RedisPool) {
    let counters = RedisCounters::new(pool.clone());
    let cache = RedisCache::new(pool.clone());
    let claims = RedisClaims::new(pool.clone());
    let health = RedisHealth::new(pool.clone());
    let deadline = chrono::Utc::now() + chrono::TimeDelta::minutes(1);
    let ttl = Duration::from_secs(60);

    let start = Instant::now();
    let outcome = counters.increment("k", deadline).await;
    assert_unavailable_in_time("increment", outcome, start.elapsed());
    let start = Instant::now();
    let outcome = counters.get("k").await;
    assert_unavailable_in_time("counter get", outcome, start.elapsed());
    let start = Instant::now();
    let outcome = cache.set("k", "v", ttl).await;
    assert_unavailable_in_time("cache set", outcome, start.elapsed());
    let start = Instant::now();
    let outcome = cache.get("k").await;
    assert_unavailable_in_time("cache get", outcome, start.elapsed());
    let start = Instant::now();
    let outcome = claims.claim("k", ttl).await;
    assert_unavailable_in_time("claim", outcome, start.elapsed());
    let start = Instant::now();
    let outcome = claims.release("k").await;
    assert_unavailable_in_time("release", outcome, start.elapsed());
    let start = Instant::now();
    let outcome = health.check().await;
    assert_unavailable_in_time("health check", outcome, start.elapsed());
    assert_eq!(health.name(), "redis");
}

#[tokio::test]
async fn with_nothing_listening_every_operation_is_unavailable_within_the_timeout() {
    // Port 1 is never served here: connections are refused at once.
    let pool = RedisPool::connect(&fast_failing_settings("redis://127.0.0.1:1"))
        .expect("building the pool must not need Redis");

    every_operation_is_unavailable(&pool).await;
}

#[tokio::test]
async fn a_server_that_accepts_but_never_answers_cannot_hang_an_operation() {
    let silent = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("redis://{}", silent.local_addr().unwrap());
    // Accept connections and hold them open without ever replying.
    let holder = tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((socket, _)) = silent.accept().await {
            held.push(socket);
        }
    });
    let pool = RedisPool::connect(&fast_failing_settings(&url)).unwrap();

    every_operation_is_unavailable(&pool).await;

    holder.abort();
}

#[tokio::test]
async fn a_malformed_url_is_refused_without_echoing_its_password() {
    let settings = test_settings("redis://user:hunter2@[not-a-host/0");

    let error = RedisPool::connect(&settings).expect_err("the URL is malformed");

    assert!(!format!("{error:#}").contains("hunter2"), "{error:#}");
}

async fn proxied_pool() -> Option<(FlakyProxy, RedisPool)> {
    let url = redis_url()?;
    let upstream: SocketAddr = url
        .trim_start_matches("redis://")
        .trim_end_matches('/')
        .parse()
        .expect("these tests need TEST_REDIS_URL as redis://host:port with an IP host");
    let proxy = FlakyProxy::start(upstream).await;
    let pool = RedisPool::connect(&fast_failing_settings(&format!("redis://{}", proxy.addr()))).unwrap();
    Some((proxy, pool))
}

/// Each operation is one round trip: the pool no longer PINGs a connection before every
/// command (which doubled the cost of every Redis step).
#[tokio::test]
async fn an_operation_sends_its_command_and_nothing_else() {
    let Some((proxy, pool)) = proxied_pool().await else {
        return;
    };
    let cache = RedisCache::new(pool.clone());

    for _ in 0..50 {
        cache.get("k").await.unwrap();
    }

    assert_eq!(proxy.sent_count(b"PING"), 0, "no health check per checkout");
    assert_eq!(proxy.sent_count(b"\r\nGET\r\n"), 50);
}

/// Operations in flight together share a connection instead of each taking one: a pooled
/// connection is multiplexed, and holding it for a whole round trip made every concurrent
/// request open (or queue for) a connection of its own.
#[tokio::test]
async fn concurrent_operations_share_one_connection_and_each_is_counted_once() {
    let Some((proxy, pool)) = proxied_pool().await else {
        return;
    };
    let counters = std::sync::Arc::new(RedisCounters::new(pool.clone()));
    let key = format!("shared-{}", uuid::Uuid::new_v4());
    let deadline = chrono::Utc::now() + chrono::TimeDelta::minutes(1);
    counters.increment(&key, deadline).await.unwrap(); // opens the first connection
    assert_eq!(proxy.connections_opened(), 1);

    // Hold Redis's answers back so that all 64 increments are in flight at once.
    proxy.stall();
    let mut increments = tokio::task::JoinSet::new();
    for _ in 0..64 {
        let (counters, key) = (counters.clone(), key.clone());
        increments.spawn(async move { counters.increment(&key, deadline).await });
    }
    tokio::time::sleep(Duration::from_millis(100)).await;
    proxy.resume();

    let mut counts: Vec<u64> = increments.join_all().await.into_iter().map(|count| count.expect("increment")).collect();
    counts.sort_unstable();
    assert_eq!(counts, (2..=65).collect::<Vec<u64>>(), "each increment counted exactly once");
    assert_eq!(proxy.connections_opened(), 1, "no connection opened per concurrent operation");
}

#[tokio::test]
async fn a_connection_dropped_by_a_redis_restart_is_replaced_instead_of_reused() {
    let Some((proxy, pool)) = proxied_pool().await else {
        return;
    };
    let cache = RedisCache::new(pool.clone());
    cache.set("k", "kept", Duration::from_secs(60)).await.unwrap();

    proxy.cut();

    // The pooled connection is dead; the very next operation must not be handed it.
    assert_eq!(cache.get("k").await.unwrap().as_deref(), Some("kept"));
}

#[tokio::test]
async fn operations_fail_fast_while_redis_is_away_and_succeed_once_it_is_back() {
    let Some((proxy, pool)) = proxied_pool().await else {
        return;
    };
    let cache = RedisCache::new(pool.clone());
    let health = RedisHealth::new(pool.clone());
    cache.set("k", "kept", Duration::from_secs(60)).await.unwrap();

    proxy.go_down();
    let start = Instant::now();
    let outcome = cache.get("k").await;
    assert_unavailable_in_time("get while down", outcome, start.elapsed());
    assert!(health.check().await.is_err());

    proxy.come_back();

    health.check().await.expect("ready again once Redis is back");
    assert_eq!(cache.get("k").await.unwrap().as_deref(), Some("kept"));
}
