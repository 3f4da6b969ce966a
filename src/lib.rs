//! Signalbox: a trading-signals SaaS.
//!
//! Hexagonal layout: [`domain`] holds the rules, [`ports`] the traits the rules' use cases
//! need from the world, [`adapters`] the implementations of those traits (HTTP, SQL, Redis,
//! Stripe, in-memory fakes), and [`app`] the use cases, configuration and wiring.

pub mod adapters;
pub mod app;
pub mod domain;
pub mod ports;
