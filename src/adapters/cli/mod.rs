//! The operator command line: a driving adapter like HTTP, turning arguments into use-case
//! calls and their results into text. `src/main.rs` only dispatches here.
//!
//! - `billing`: `signalbox billing sync` (reconciliation with Stripe).
//! - `market`: `signalbox market import FILE` loads historical candles from CSV.
//! - `webhooks`: `signalbox webhooks list|reprocess` over the webhook event log.

pub mod billing;
pub mod market;
pub mod webhooks;
