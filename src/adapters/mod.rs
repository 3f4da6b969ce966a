//! Adapters: implementations of the ports for real infrastructure and for tests.
//!
//! - `http`: the JSON API (poem-openapi), Swagger UI, simulated checkout page, dashboard files.
//! - `sql`: accounts, billing state and the webhook event log in SQLite or PostgreSQL (sqlx).
//! - `redis`: counters, cache and idempotency claims shared across instances (bb8-redis).
//! - `memory`: in-memory fakes of every storage port; the embedded default and the test double.
//! - `stripe`: the production payment gateway (Stripe via async-stripe).
//! - `simulated_stripe`: an offline stand-in for Stripe Checkout.
//! - `stripe_webhook`: signature verification and parsing of Stripe events.
//! - `auth`: argon2id password hashing and JWT access tokens.
//! - `market`: candle sources (the market simulator, CSV files, a public candle API).
//! - `clock`: the system clock and a settable test clock.
//! - `cli`: operator commands (`signalbox webhooks …`).

pub mod auth;
pub mod cli;
pub mod clock;
pub mod http;
pub mod market;
pub mod memory;
pub mod redis;
pub mod simulated_stripe;
pub mod sql;
pub mod stripe;
pub mod stripe_webhook;
