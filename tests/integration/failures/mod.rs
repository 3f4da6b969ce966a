//! The application (not one adapter) when PostgreSQL or Redis fails: what each endpoint
//! answers while a dependency is away, that nothing is counted or written twice or by half,
//! and that everything recovers without a restart once the dependency is back.
//!
//! - `redis_faults`: the Redis adapters themselves when Redis is unreachable, silent or
//!   restarting.
//! - `redis_flushed`: Redis loses its data between duplicate webhook deliveries.
//! - `redis_down` / `postgres_down`: the dependency stops answering (a proxy the test
//!   controls), then comes back.
//! - `killed_mid_webhook`: a server process killed between claiming and committing a webhook.
//! - `running_app`: the application served in-process, and `ServiceBehindProxy`, the one
//!   harness that puts PostgreSQL or Redis behind a proxy the test switches off and on.

mod killed_mid_webhook;
mod postgres_down;
mod redis_down;
mod redis_faults;
mod redis_flushed;
pub mod running_app;
