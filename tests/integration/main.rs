//! All integration tests, in one binary so it links once.
//!
//! - `api`: the HTTP contract, end to end through the real routes on in-memory adapters.
//! - `candle_import`: CSV candle files into the SQL store and back out as candles.
//! - `contracts`: one suite per port, run against the in-memory fake and every real adapter.
//! - `deployment`: the deployment files and docs agree with the settings the server reads.
//! - `failures`: the whole application while PostgreSQL or Redis is away, and after.
//! - `properties`: property tests of parsers and time arithmetic over generated input.
//! - `redis_faults`: the Redis adapters when Redis is unreachable, silent or restarting.
//! - `signal_use_cases`: history cut-off and track record, the paid stream, the candle clock.
//! - `stripe_gateway`: the Stripe adapter against a local fake Stripe server.
//! - `support`: shared helpers (real-service URLs, test apps, fixtures).
//! - `two_instances`: two server processes sharing PostgreSQL and Redis.
//! - `yahoo_chart`: the HTTP candle adapter against a local fake of the Yahoo chart API.
//! - `webhook_log`: failed webhook events, their re-processing and the operator commands.

mod api;
mod candle_import;
mod contracts;
mod deployment;
mod failures;
mod properties;
mod redis_faults;
mod signal_use_cases;
mod stripe_gateway;
mod support;
mod two_instances;
mod webhook_log;
mod yahoo_chart;
