//! The composition root: the one layer that names concrete adapters.
//!
//! Everything below it is wired from here — `app` sees only ports, adapters see only `app`,
//! `ports` and `domain` — so choosing PostgreSQL over SQLite, Redis over memory or Stripe over
//! the simulated checkout is a decision made in one place, from configuration.
//!
//! - [`commands`]: each `signalbox` command, run (the binary only parses the command line).
//! - [`config`]: typed, layered settings (defaults → `signalbox.toml` → environment).
//! - [`wiring`]: picks an adapter for every port from the settings.
//! - [`startup`]: binds the listener and runs the HTTP server with graceful shutdown.
//! - [`fd_limit`]: raises the file-descriptor limit the connection budget is derived from.
//! - [`telemetry`]: log format and level.
//! - [`spec`]: the OpenAPI document, as committed in `openapi.json`.

pub mod commands;
pub mod config;
pub mod fd_limit;
pub mod spec;
pub mod startup;
pub mod telemetry;
pub mod wiring;
