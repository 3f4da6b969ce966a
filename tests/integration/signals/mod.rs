//! Signals below the HTTP edge: the cache on the market's clock, what happens to a computed
//! signal, and the history and stream use cases with the candle clock.
//!
//! - `cache`: computed once per candle, fresh until the next close, served while the cache is down.
//! - `calls`: live trade calls recorded once per candle close, the same on every instance.
//! - `recorder`: stored once and announced by one instance.
//! - `use_cases`: history cut-off and track record, the paid stream, the candle clock.
//! - `unknown_year`: a year without a market calendar computes, stores and serves nothing.

mod cache;
mod calls;
mod recorder;
mod unknown_year;
mod use_cases;
