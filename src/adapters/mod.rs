//! Adapters: implementations of the ports for real infrastructure and for tests.
//!
//! - `memory`: in-memory fakes of every storage port; the embedded default and the test double.
//! - `clock`: the system clock and a settable test clock.
//! - `redis`: counters, cache and idempotency claims shared across instances, via bb8-redis.

pub mod clock;
pub mod memory;
pub mod redis;
