//! The backtest: the live model and the same [`CallBook`] run over stored or imported candles.
//!
//! Nothing here is a second implementation of the rules: [`run_calls`] computes the model's
//! stance on each candle exactly as the live path does ([`stance_at`] over the same window of
//! closes) and feeds the candles one by one into a [`CallBook`], asking the calendar which
//! session a candle ends and when ([`session_close`]) just as the live path must. A backtest over days
//! the live book covered, started from the same candle, therefore yields the identical calls.

use chrono::{DateTime, Utc};

use super::book::{BookError, CallBook, CallEvent, session_close};
use super::confidence::ConfidenceModel;
use super::{Call, CostBps};
use crate::domain::market::{Candle, MarketCalendar, Provenance};
use crate::domain::signals::model::RSI_PERIOD;
use crate::domain::signals::{Action, Symbol, generate_signal};

/// Closes the stance is read from: the model reads at most the last `10 × RSI_PERIOD` (140)
/// closes, so any window at least that long — this one, and the live signal's 150 candles —
/// gives the same stance.
pub const STANCE_CLOSES: usize = 150;
const _: () = assert!(STANCE_CLOSES >= 10 * RSI_PERIOD);

/// The model's stance on the candle closing at `at`, from the closes up to and including it
/// (oldest first; only the last [`STANCE_CLOSES`] are read). HOLD while there are too few
/// closes for the model: no history, no claim.
pub fn stance_at(symbol: Symbol, closes: &[f64], at: DateTime<Utc>) -> Action {
    let window = &closes[closes.len().saturating_sub(STANCE_CLOSES)..];
    // Only the stance is read: where the closes came from and when the signal would be
    // published do not change it, so any provenance serves.
    generate_signal(symbol, window, at, &Provenance::simulator(), at).map_or(Action::Hold, |signal| signal.action)
}

/// Every call the live rules open over `candles` (one symbol, time order, gaps allowed),
/// oldest first; the last may still be open when the candles end mid-session.
///
/// `prior` are calls stored before the run: those closed by the first candle's open seed the
/// confidence estimates, so a backtest continuing a record estimates as the live book did.
///
/// # Errors
/// [`BookError`] when a candle is another symbol's or out of time order.
pub fn run_calls(
    symbol: Symbol,
    candles: &[Candle],
    calendar: &MarketCalendar,
    cost: CostBps,
    prior: &[Call],
) -> Result<Vec<Call>, BookError> {
    let start = candles.first().map_or(DateTime::<Utc>::MIN_UTC, Candle::open_time);
    let mut book = CallBook::new(symbol, cost, ConfidenceModel::as_of(prior, start));
    let closes: Vec<f64> = candles.iter().map(Candle::close).collect();
    let mut calls: Vec<Call> = Vec::new();
    for (i, candle) in candles.iter().enumerate() {
        let stance = stance_at(symbol, &closes[..=i], candle.close_time());
        for event in book.on_candle(candle, stance, session_close(calendar, candle))? {
            match event {
                CallEvent::Opened(call) => calls.push(call),
                CallEvent::Closed(closed) => {
                    if let Some(call) = calls.iter_mut().rev().find(|call| call.id == closed.id) {
                        *call = closed;
                    }
                }
            }
        }
    }
    Ok(calls)
}
