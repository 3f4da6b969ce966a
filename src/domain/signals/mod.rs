//! Trading signals for NIFTY and BANKNIFTY, and how they turned out.
//!
//! The model ([`model`]) reads a moving-average crossover and RSI ([`indicators`]) from a
//! slice of candle closes — wherever the candles came from (see `ports::MarketData`) — and
//! says why in one line. [`outcome`] shows how the market moved after a signal (the record to
//! judge the model by is the trade calls', `domain::calls`); [`visibility`] says how much of
//! the history each plan sees.

pub mod history_limit;
pub mod indicators;
pub mod model;
pub mod outcome;
pub mod signal;
pub mod stream_event_id;
pub mod symbol;
pub mod visibility;

pub use history_limit::{HistoryLimit, HistoryLimitError};
pub use model::{SignalError, generate_signal};
pub use outcome::{OUTCOME_HORIZON_CANDLES, Outcome};
pub use signal::{Action, Indicators, Signal};
pub use stream_event_id::{MalformedEventId, StreamEventId};
pub use symbol::Symbol;
pub use visibility::history_visible_until;
