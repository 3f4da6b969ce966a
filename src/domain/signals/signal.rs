//! The published result of the model for one symbol.
//!
//! In the API a signal's `action` is its `type` and `generated_at` its `timestamp`.
//!
//! The published `action` is the stance of the trade calls ([`Position`]): BUY while a long
//! call is open, SELL while a short one is, HOLD while flat — so every BUY or SELL comes with
//! the entry, stop-loss and target of a call in the record. The model computes its raw read of
//! the indicators first ([`generate_signal`](super::generate_signal)); [`Signal::standing`]
//! replaces it with the position before the signal is published. `reason`, `confidence` and
//! `indicators` stay the indicators' read on this candle.
//!
//! A signal also says where its candles came from (`source`, `simulated`) and when it became
//! available (`published_at`): a trader can tell a simulated price from a real one, and
//! `published_at − generated_at` is how late the signal was.

use chrono::{DateTime, Utc};

use super::Symbol;
use crate::domain::calls::Position;
use crate::domain::market::{Provenance, SourceName};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    Buy,
    Sell,
    Hold,
}

impl Action {
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Buy => "BUY",
            Action::Sell => "SELL",
            Action::Hold => "HOLD",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        match raw {
            "BUY" => Some(Action::Buy),
            "SELL" => Some(Action::Sell),
            "HOLD" => Some(Action::Hold),
            _ => None,
        }
    }
}

/// The indicator values a signal was read from, in index points (RSI 0–100), rounded to
/// 0.01 so they can be shown as they are. Each is `None` when it could not be computed (not
/// a finite number), so a reader never sees a made-up value.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Indicators {
    pub fast_ma: Option<f64>,
    pub slow_ma: Option<f64>,
    pub rsi: Option<f64>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Signal {
    pub symbol: Symbol,
    pub action: Action,
    /// Close of the candle the signal was computed on, in index points, on the 0.05 tick.
    pub price: f64,
    /// 0.0 ..= 1.0
    pub confidence: f64,
    /// The close time of the candle the signal was computed on (the API's `timestamp`), not
    /// the moment it was computed: every instance computing the same candle agrees on it,
    /// and it is the signal's identity together with `symbol`.
    pub generated_at: DateTime<Utc>,
    /// One line a trader can check against a chart ("Up-trend: SMA9 … above SMA21 …").
    pub reason: String,
    pub indicators: Indicators,
    /// The market-data source the candles came from.
    pub source: SourceName,
    /// Whether those candles were simulated rather than the real market's.
    pub simulated: bool,
    /// When the signal was first computed: at or after `generated_at`.
    pub published_at: DateTime<Utc>,
    /// The call open at the candle's close, or flat, and since when.
    pub position: Position,
}

impl Signal {
    /// This signal published as `position`'s stance: its `action` becomes BUY, SELL or HOLD
    /// as the position is long, short or flat.
    pub fn standing(mut self, position: Position) -> Self {
        self.action = position.stance();
        self.position = position;
        self
    }

    /// Where the signal's candles came from.
    pub fn provenance(&self) -> Provenance {
        Provenance { source: self.source.clone(), simulated: self.simulated }
    }
}
