//! Signalbox: a trading-signals SaaS.
//!
//! Hexagonal layout, each layer importing only the ones below it (checked by
//! `tests/integration/architecture.rs`):
//!
//! - [`domain`]: the rules, pure and synchronous.
//! - [`ports`]: the traits the use cases need from the world, in domain types.
//! - [`app`]: the use cases, over the ports.
//! - [`adapters`]: implementations of the ports and the driving edges (HTTP, CLI).
//! - [`bootstrap`]: configuration, wiring, startup — the only code naming concrete adapters.
// The HTTP stack is one deeply nested endpoint type (each middleware wraps the one before);
// the compiler needs more than its default depth to lay it out in optimised builds.
#![recursion_limit = "256"]

pub mod adapters;
pub mod app;
pub mod bootstrap;
pub mod domain;
pub mod ports;
