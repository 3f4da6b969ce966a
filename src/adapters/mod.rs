//! Adapters: implementations of the ports for real infrastructure and for tests.
//!
//! - `memory`: in-memory fakes of every storage port; the embedded default and the test double.
//! - `clock`: the system clock and a settable test clock.
//! - `stripe`: the production payment gateway (Stripe via async-stripe).

pub mod clock;
pub mod memory;
pub mod stripe;
