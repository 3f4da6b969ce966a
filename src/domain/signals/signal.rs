//! The published result of the model for one symbol.

use chrono::{DateTime, Utc};

use super::Symbol;

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
/// 0.01 so they can be shown as they are.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Indicators {
    pub fast_ma: f64,
    pub slow_ma: f64,
    pub rsi: f64,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Signal {
    pub symbol: Symbol,
    pub action: Action,
    /// Close of the candle the signal was computed on, in index points, on the 0.05 tick.
    pub price: f64,
    /// 0.0 ..= 1.0
    pub confidence: f64,
    pub generated_at: DateTime<Utc>,
    /// One line a trader can check against a chart ("Up-trend: SMA9 … above SMA21 …").
    pub reason: String,
    pub indicators: Indicators,
}
