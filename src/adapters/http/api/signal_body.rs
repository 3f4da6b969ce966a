//! The signal object every `/signals*` answer shares, and the `market` object.
//!
//! Every documented field is always present; `null` when unknown (indicators that could not be
//! computed, `next_open` while the market is open).

use chrono::{DateTime, Utc};
use poem_openapi::{Enum, Object};

use crate::app::signals::MarketView;
use crate::domain::market::MarketStatus;
use crate::domain::signals::{Action, Outcome, Signal, Symbol};

#[derive(Enum, Clone, Copy)]
#[oai(rename_all = "UPPERCASE")]
pub enum SymbolName {
    Nifty,
    Banknifty,
}

impl From<Symbol> for SymbolName {
    fn from(symbol: Symbol) -> Self {
        match symbol {
            Symbol::Nifty => Self::Nifty,
            Symbol::BankNifty => Self::Banknifty,
        }
    }
}

impl From<SymbolName> for Symbol {
    fn from(name: SymbolName) -> Self {
        match name {
            SymbolName::Nifty => Symbol::Nifty,
            SymbolName::Banknifty => Symbol::BankNifty,
        }
    }
}

#[derive(Enum)]
#[oai(rename_all = "UPPERCASE")]
pub enum SignalType {
    Buy,
    Sell,
    Hold,
}

/// The indicator values the signal was read from; each `null` when it could not be computed.
#[derive(Object)]
pub struct IndicatorsBody {
    /// 9-candle simple moving average of closes, in index points.
    #[oai(nullable)]
    fast_ma: Option<f64>,
    /// 21-candle simple moving average of closes, in index points.
    #[oai(nullable)]
    slow_ma: Option<f64>,
    /// 14-candle RSI, 0–100.
    #[oai(nullable)]
    rsi: Option<f64>,
}

#[derive(Object)]
pub struct SignalBody {
    symbol: SymbolName,
    #[oai(rename = "type")]
    kind: SignalType,
    /// The close of the candle the signal was computed on, in index points.
    price: f64,
    /// 0 to 1.
    confidence: f64,
    /// The close time of the 5-minute candle the signal was computed on.
    timestamp: DateTime<Utc>,
    /// Why, in one line.
    reason: String,
    indicators: IndicatorsBody,
}

impl From<&Signal> for SignalBody {
    fn from(s: &Signal) -> Self {
        Self {
            symbol: s.symbol.into(),
            kind: match s.action {
                Action::Buy => SignalType::Buy,
                Action::Sell => SignalType::Sell,
                Action::Hold => SignalType::Hold,
            },
            price: s.price,
            confidence: s.confidence,
            timestamp: s.generated_at,
            reason: s.reason.clone(),
            indicators: IndicatorsBody {
                fast_ma: s.indicators.fast_ma,
                slow_ma: s.indicators.slow_ma,
                rsi: s.indicators.rsi,
            },
        }
    }
}

#[derive(Enum)]
#[oai(rename_all = "lowercase")]
pub enum MarketStatusName {
    Open,
    Closed,
}

#[derive(Object)]
pub struct MarketBody {
    status: MarketStatusName,
    /// The close of the latest closed candle: the one the signals are computed on.
    as_of: DateTime<Utc>,
    /// When the market opens next; `null` while it is open.
    #[oai(nullable)]
    next_open: Option<DateTime<Utc>>,
}

impl From<MarketView> for MarketBody {
    fn from(view: MarketView) -> Self {
        Self {
            status: match view.status {
                MarketStatus::Open => MarketStatusName::Open,
                // `unknown` joins the API's statuses with the signal provenance fields; until
                // then a year without a calendar reads as closed, never as open.
                MarketStatus::Closed | MarketStatus::Unknown => MarketStatusName::Closed,
            },
            as_of: view.as_of,
            next_open: view.next_open,
        }
    }
}

/// How a signal turned out, once 3 candles (15 minutes of market time) have closed after it.
#[derive(Object)]
pub struct OutcomeBody {
    after_minutes: u32,
    /// The move from the signal's price to the close `after_minutes` later, in percent.
    move_pct: f64,
    /// BUY: the market rose; SELL: it fell. `null` for HOLD.
    #[oai(nullable)]
    hit: Option<bool>,
}

impl From<&Outcome> for OutcomeBody {
    fn from(o: &Outcome) -> Self {
        Self { after_minutes: o.after_minutes, move_pct: o.move_pct, hit: o.hit }
    }
}
