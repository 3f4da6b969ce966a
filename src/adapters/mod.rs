//! Adapters: implementations of the ports for real infrastructure and for tests.
//!
//! - `memory`: in-memory fakes of every storage port; the embedded default and the test double.
//! - `clock`: the system clock and a settable test clock.

pub mod auth;
pub mod clock;
pub mod http;
pub mod memory;
pub mod simulated_stripe;
pub mod stripe_webhook;
