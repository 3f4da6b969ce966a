//! All integration tests, in one binary so it links once.
//!
//! - `contracts`: one suite per port, run against the in-memory fake and every real adapter.
//! - `redis_faults`: the Redis adapters when Redis is unreachable, silent or restarting.
//! - `support`: shared helpers (real-service URLs, test apps).

mod contracts;
mod redis_faults;
mod support;
