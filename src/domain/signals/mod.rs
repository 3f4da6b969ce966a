//! Mock trading signals for NIFTY and BANKNIFTY.
//!
//! The "model" is real technical analysis over a synthetic market: a deterministic intraday
//! price series ([`price_series`]), a parameter sweep that back-tests moving-average
//! crossovers to pick the best pair ([`indicators`], [`model`]), and an RSI filter. The sweep
//! is what makes it expensive (tens of milliseconds of CPU per symbol in a release build),
//! standing in for a real model; callers run it off the async runtime and cache the result.

pub mod indicators;
pub mod model;
pub mod outcome;
pub mod price_series;
pub mod signal;
pub mod symbol;
pub mod track_record;

pub use model::generate_signal;
pub use outcome::{OUTCOME_HORIZON_CANDLES, Outcome};
pub use signal::{Action, Signal};
pub use symbol::Symbol;
pub use track_record::TrackRecord;
