//! The operator command line: a driving adapter like HTTP, turning arguments into use-case
//! calls and their results into text. `src/main.rs` only dispatches here.
//!
//! - `webhooks`: `signalbox webhooks list|reprocess` over the webhook event log.

pub mod webhooks;
