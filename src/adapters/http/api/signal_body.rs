//! The signal object every `/signals*` answer shares, and the `market` object.
//!
//! Every documented field is always present; `null` when unknown (indicators that could not be
//! computed, `next_open` while the market is open).
//!
//! Each signal says where its candles came from (`source`, `simulated`) and when it became
//! available (`published_at`), so a trader never mistakes a simulated price for the NSE's and
//! can see how late a signal is (`published_at − timestamp`).

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
    /// The stance at this candle's close, read from the trade calls: `BUY` while a long call
    /// is open, `SELL` while a short call is open, `HOLD` while flat.
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
    /// The market-data source the candles came from: `simulator`, `database` (imported
    /// candles), `yahoo`, or another adapter's name.
    source: String,
    /// Whether the candles were simulated rather than the real market's.
    simulated: bool,
    /// When the signal became available; `published_at − timestamp` is its delay.
    published_at: DateTime<Utc>,
    /// The open call's stop-loss, in index points; `null` for HOLD.
    #[oai(nullable)]
    stop_loss: Option<f64>,
    /// The open call's target, in index points; `null` for HOLD.
    #[oai(nullable)]
    target: Option<f64>,
    /// The open call's id (as in `/signals/calls`); `null` for HOLD.
    #[oai(nullable)]
    call_id: Option<String>,
    /// When this stance began: the open call's `opened_at`; for HOLD, when the session's last
    /// call ended, or the session's first candle opened when none has. `null` only when not
    /// known (too little history, or a signal recorded before stances were read from calls).
    #[oai(nullable)]
    since: Option<DateTime<Utc>>,
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
            source: s.source.as_str().to_owned(),
            simulated: s.simulated,
            published_at: s.published_at,
            stop_loss: s.position.call.as_ref().map(|call| call.stop_loss),
            target: s.position.call.as_ref().map(|call| call.target),
            call_id: s.position.call.as_ref().map(|call| call.id.as_str().to_owned()),
            since: s.position.since,
        }
    }
}

#[derive(Enum)]
#[oai(rename_all = "lowercase")]
pub enum MarketStatusName {
    Open,
    Closed,
    /// The date's year has no market calendar: whether the exchange trades is not known, and
    /// no signal is computed.
    Unknown,
}

#[derive(Object)]
pub struct MarketBody {
    status: MarketStatusName,
    /// The close of the latest closed candle: the one the signals are computed on.
    as_of: DateTime<Utc>,
    /// When the market opens next; `null` while it is open.
    #[oai(nullable)]
    next_open: Option<DateTime<Utc>>,
    /// Whether the market data behind these signals is simulated (a demo market).
    simulated: bool,
}

impl From<MarketView> for MarketBody {
    fn from(view: MarketView) -> Self {
        Self {
            status: match view.status {
                MarketStatus::Open => MarketStatusName::Open,
                MarketStatus::Closed => MarketStatusName::Closed,
                MarketStatus::Unknown => MarketStatusName::Unknown,
            },
            as_of: view.as_of,
            next_open: view.next_open,
            simulated: view.simulated,
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
