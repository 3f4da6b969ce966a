//! The operator command line: a driving adapter like HTTP, turning arguments into use-case
//! calls and their results into text. `src/main.rs` only dispatches here.
//!
//! - `alerts`: `signalbox alerts status` shows the alert queues per channel.
//! - `args`: the grammar (clap derive), with `--help` on every command.
//! - `backtest`: `signalbox backtest` runs the live call rules over past candles.
//! - `billing`: `signalbox billing sync` (reconciliation with Stripe).
//! - `demo`: `signalbox demo seed`.
//! - `ledger`: `signalbox ledger verify` recomputes the call ledger's hash chain.
//! - `market`: `signalbox market import FILE` loads historical candles from CSV.
//! - `users`: `signalbox users show|grant-paid|revoke-sessions`.
//! - `webhooks`: `signalbox webhooks list|reprocess` over the webhook event log.

pub mod alerts;
pub mod args;
pub mod backtest;
pub mod billing;
pub mod demo;
pub mod ledger;
pub mod market;
pub mod users;
pub mod webhooks;
