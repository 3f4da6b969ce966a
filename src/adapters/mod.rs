//! Adapters: implementations of the ports for real infrastructure and for tests, and the
//! driving edges (HTTP, CLI) that call the use cases.
//!
//! An adapter imports `app`, `ports` and `domain`, never another adapter (the one shared
//! module is `stripe_webhook::signature`) and never `bootstrap`, which picks and wires them.
//!
//! - `http`: the JSON API (poem-openapi), Swagger UI, dashboard files.
//! - `sql`: accounts, billing state and the webhook event log in SQLite or PostgreSQL (sqlx).
//! - `redis`: counters, cache and idempotency claims shared across instances (bb8-redis).
//! - `memory`: in-memory fakes of every storage port; the embedded default and the test double.
//! - `stripe`: the production payment gateway (Stripe via async-stripe).
//! - `simulated_stripe`: an offline stand-in for Stripe: gateway, events, checkout and portal
//!   pages and their routes.
//! - `stripe_webhook`: signature verification and parsing of Stripe events; its `signature`
//!   module (Stripe's signing scheme) is shared with `simulated_stripe`.
//! - `auth`: argon2id password hashing and JWT access tokens.
//! - `mail`: outgoing mail over SMTP, or the development outbox behind `GET /dev/mailbox`.
//! - `market`: candle sources (the market simulator, CSV files, a public candle API).
//! - `web_push`: browser push messages (RFC 8291 encryption, VAPID) to the browsers' push services.
//! - `clock`: the system clock, a settable test clock, and a scaled clock for demos.
//! - `cli`: operator commands (`signalbox webhooks …`).

pub mod auth;
pub mod cli;
pub mod clock;
pub mod http;
pub mod mail;
pub mod market;
pub mod memory;
pub mod redis;
pub mod simulated_stripe;
pub mod sql;
pub mod stripe;
pub mod stripe_webhook;
pub mod telegram;
pub mod web_push;
