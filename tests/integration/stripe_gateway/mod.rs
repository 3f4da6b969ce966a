//! The Stripe gateway against a local fake Stripe (wiremock), never the internet.
//!
//! These tests pin the wire contract: the exact form parameters and headers Stripe receives,
//! how its answers (good, refused, failing, slow, malformed) become port results, and that
//! the secret key never leaks into an error.

mod cancellation;
mod checkout;
mod customers;
mod failures;
pub mod fake_stripe;
mod frontend_url;
mod portal;
mod reconciliation;
mod secret_key;
