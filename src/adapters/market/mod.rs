//! Candle sources behind the [`MarketData`](crate::ports::MarketData) port.
//!
//! - `simulator`: the offline default, a deterministic market calibrated to NIFTY and BANKNIFTY.
//! - `csv`: parsing a file of historical candles for import into the SQL store.
//! - `yahoo`: the Yahoo Finance v8 chart API (or anything that speaks its JSON).
//! - `random`: the small fixed PRNG the simulator draws from.

pub mod csv;
mod random;
pub mod simulator;
pub mod yahoo;

pub use csv::{CSV_HEADER, CsvError, CsvImportError, CsvProblem, parse_candles_csv};
pub use simulator::MarketSimulator;
pub use yahoo::{YahooChart, YahooSettings};
