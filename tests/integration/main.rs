//! All integration tests, in one binary so it links once.
//!
//! - `api`: the HTTP contract, end to end through the real routes on in-memory adapters.
//! - `architecture`: the layers import each other only in the allowed directions, inner layers
//!   use no infrastructure crate, and contexts name each other only through declared interfaces.
//! - `candle_import`: CSV candle files into the SQL store and back out as candles.
//! - `cli`: the operator commands, run as the real binary on a temporary SQLite database.
//! - `compose`: `docker-compose.yml` sets only settings the server reads, with health checks.
//! - `connection_budget`: the listener's connection caps and write timeout on real sockets.
//! - `contracts`: one suite per port, run against the in-memory fake and every real adapter.
//! - `deployment`: the deployment files and docs agree with the settings the server reads.
//! - `docs`: the docs' lists of ports, contexts, operations, commands, settings and dependencies
//!   follow the code; the README stays a short front door; relative links lead to files.
//! - `health_under_attack`: `/health` still answers another client while one client attacks
//!   the real binary under a low descriptor limit (slow headers, unread answers, many streams).
//! - `failures`: the whole application while PostgreSQL or Redis is away, and after; the Redis
//!   adapters under faults.
//! - `ledger_verify`: `signalbox ledger verify` catches an entry edited in SQLite and PostgreSQL.
//! - `properties`: property tests of parsers and time arithmetic over generated input.
//! - `signals`: the signal cache, recorder and use cases (history, stream, candle clock).
//! - `smtp_mailer`: the SMTP mail adapter against a local SMTP sink.
//! - `simulated_stripe`: the offline Stripe's events read like Stripe's own.
//! - `slow_clients`: the listener closes connections that send headers too slowly or idle.
//! - `stripe_gateway`: the Stripe adapter against a local fake Stripe server.
//! - `support`: shared helpers (real-service URLs, test apps, fixtures).
//! - `two_instances`: two server processes sharing PostgreSQL and Redis.
//! - `web_push`: the Web Push adapter against a local push service that verifies and decrypts.
//! - `yahoo_chart`: the HTTP candle adapter against a local fake of the Yahoo chart API.
#![allow(clippy::unwrap_used, reason = "a test that unwraps fails with the error, which is the point")]
// The whole route table (CORS, host redirect, security headers, compression, tracing around
// the API) is one deeply nested endpoint type; laying out the futures of tests that build it
// takes more than the default 128 levels.
#![recursion_limit = "256"]

mod alerts;
mod api;
mod architecture;
mod candle_import;
mod cli;
mod compose;
mod connection_budget;
mod contracts;
mod deployment;
mod docs;
mod failures;
mod health_under_attack;
mod ledger_verify;
mod properties;
mod signals;
mod simulated_stripe;
mod slow_clients;
mod smtp_mailer;
mod stripe_gateway;
mod support;
mod two_instances;
mod web_push;
mod yahoo_chart;
