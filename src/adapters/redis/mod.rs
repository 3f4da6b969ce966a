//! Redis implementations of the short-lived, shared-state ports: counters (quotas, rate
//! limits), the signal cache and idempotency claims, plus a readiness check and the live
//! signal bus and the billing-change bus (pub/sub, each on a connection of its own).
//!
//! All of them share one `RedisPool` (build it once with `RedisPool::connect`, hand each
//! adapter a clone). Every key carries the configured prefix and a per-port namespace.

mod account_change_codec;
mod bus;
mod cache;
mod claims;
mod connection;
mod counters;
mod health;
mod pool;
mod pubsub;
mod signal_codec;

pub use bus::{RedisAccountChanges, RedisBus, RedisSignalBus, WireFormat};
pub use cache::RedisCache;
pub use claims::RedisClaims;
pub use counters::RedisCounters;
pub use health::RedisHealth;
pub use pool::{RedisPool, RedisSettings};
