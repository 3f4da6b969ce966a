//! The signals context: current signals within the free quota, the history and its outcomes,
//! the last answer re-read without spending a request, the paid live stream, and the background work on the market's clock that computes, stores,
//! announces and judges them.
//!
//! [`SignalsService`] holds exactly the ports these reach; a user's plan comes from billing
//! through [`crate::app::shared::PlanLookup`]. It owns its caches (`signal_cache`,
//! `history_pages`, `exhausted_quotas`) and loops ([`candle_clock`], [`history_backfill`],
//! [`outcomes`]). Each candle close also feeds the trade calls ([`call_recorder`]) recorded in
//! the call ledger.

mod backtest;
mod cached_signal;
pub mod call_recorder;
pub mod candle_clock;
mod exhausted_quotas;
mod get_signals;
pub mod history_backfill;
mod history_pages;
mod last_signals;
pub mod live_signals;
#[cfg(test)]
mod live_signals_tests;
mod live_streams;
mod model_parameters;
mod open_live_stream;
pub mod outcomes;
mod quota_status;
mod service;
pub mod signal_cache;
mod signal_history;
pub mod signal_recorder;
pub mod standing_signal;
mod subscribe_signals;
mod trade_calls;

pub use backtest::BacktestResult;
pub use get_signals::{GetSignalsError, MarketView, SignalsResult};
pub use last_signals::LastSignalsError;
pub use live_streams::STREAMS_PER_USER;
pub use model_parameters::ModelParameters;
pub use open_live_stream::OpenLiveStream;
pub use quota_status::QuotaStatusError;
pub use service::{SignalsPolicies, SignalsPorts, SignalsService};
pub use signal_history::{SignalHistoryError, SignalHistoryResult};
pub use subscribe_signals::SubscribeSignalsError;
pub use trade_calls::{TrackRecordResult, TradeCallsError};
