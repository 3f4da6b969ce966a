//! All integration tests, in one binary so it links once.
//!
//! - `contracts`: one suite per port, run against the in-memory fake and every real adapter.
//! - `stripe_gateway`: the Stripe adapter against a local fake Stripe.
//! - `support`: shared helpers (real-service URLs, test apps).

mod contracts;
mod stripe_gateway;
mod support;
