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

pub mod adapters;
pub mod app;
pub mod bootstrap;
pub mod domain;
pub mod ports;
