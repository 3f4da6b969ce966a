//! The application layer: use cases over the ports, plus configuration and wiring.
//!
//! - [`signalbox::Signalbox`]: the service object every use case hangs off.
//! - [`use_cases`]: one file per use case, each with its own error enum.
//! - [`signal_cache`], [`signal_recorder`], [`outcomes`], [`candle_clock`]: signals on the
//!   market's clock — computed once per candle, stored, announced, judged.
//! - [`config`]: typed, layered settings (defaults → `signalbox.toml` → environment).
//! - [`wiring`]: picks adapters from the settings. The only place concrete adapter types meet.
//! - [`startup`]: binds the listener and runs the HTTP server with graceful shutdown.

pub mod candle_clock;
pub mod config;
pub mod outcomes;
pub mod signal_cache;
pub mod signal_recorder;
pub mod signalbox;
pub mod startup;
pub mod telemetry;
pub mod use_cases;
pub mod wiring;

pub use signalbox::{Dependencies, Policies, Signalbox};
