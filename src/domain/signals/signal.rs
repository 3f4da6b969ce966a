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

#[derive(Clone, Debug, PartialEq)]
pub struct Signal {
    pub symbol: Symbol,
    pub action: Action,
    /// Last price of the series, in rupees, rounded to the exchange tick (0.05).
    pub price: f64,
    /// 0.0 ..= 1.0
    pub confidence: f64,
    pub generated_at: DateTime<Utc>,
}
