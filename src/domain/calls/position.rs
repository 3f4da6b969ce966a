//! Where a symbol stands at a candle's close: in the call open then, or flat — and since when.
//!
//! This is what a signal's `type` means to a trader: BUY while a long call is open, SELL while a
//! short one is, HOLD while flat. Reading the stance off the open call (rather than off the
//! indicators on one candle) keeps the signal and the calls from ever disagreeing: a BUY
//! always comes with the entry, stop-loss and target of a call that is in the record.
//!
//! A position is read by replaying the same [`CallBook`] the ledger is recorded from
//! ([`replay_position`]), over the previous session and the current one up to the candle.
//! Calls never carry overnight, so every session starts flat: a HOLD is flat *since* the
//! last call of the session ended, or since the session's first candle opened when none has.

use chrono::{DateTime, Utc};

use super::book::{BookError, CallBook, CallEvent, session_close};
use super::confidence::ConfidenceModel;
use super::{Call, CallId, CostBps, Direction, STANCE_CLOSES, stance_at};
use crate::domain::market::calendar::ist;
use crate::domain::market::{Candle, MarketCalendar};
use crate::domain::signals::{Action, Symbol};

/// The call a BUY or SELL stance stands on.
#[derive(Clone, Debug, PartialEq)]
pub struct OpenCall {
    pub id: CallId,
    pub direction: Direction,
    pub stop_loss: f64,
    pub target: f64,
}

/// A symbol's stance at a candle's close, and when it began.
#[derive(Clone, Debug, PartialEq)]
pub struct Position {
    /// The call open at the candle's close; `None` while flat (HOLD).
    pub call: Option<OpenCall>,
    /// When this stance began: the open call's `opened_at`, or when the book went flat.
    /// `None` only for signals stored before stances were read from calls.
    pub since: Option<DateTime<Utc>>,
}

impl Position {
    /// Flat since `since`.
    pub fn flat(since: Option<DateTime<Utc>>) -> Self {
        Self { call: None, since }
    }

    /// In `call` since it opened.
    pub fn of(call: &Call) -> Self {
        let open =
            OpenCall { id: call.id.clone(), direction: call.direction, stop_loss: call.stop_loss, target: call.target };
        Self { call: Some(open), since: Some(call.opened_at) }
    }

    /// BUY for a long call, SELL for a short one, HOLD when flat.
    pub fn stance(&self) -> Action {
        match self.call.as_ref().map(|call| call.direction) {
            Some(Direction::Long) => Action::Buy,
            Some(Direction::Short) => Action::Sell,
            None => Action::Hold,
        }
    }
}

fn session_of(candle: &Candle) -> chrono::NaiveDate {
    candle.open_time().with_timezone(&ist()).date_naive()
}

/// Index of the first candle of the session before the last candle's, when at least
/// [`STANCE_CLOSES`] candles lead up to it so each stance is read as the live signal reads it.
/// The live recorder and [`replay_position`] start here, so they replay the same calls.
pub fn replay_first(candles: &[Candle]) -> Option<usize> {
    let current = session_of(candles.last()?);
    let previous = candles.iter().rev().map(session_of).find(|session| *session < current)?;
    let first = candles.iter().position(|candle| session_of(candle) == previous)?;
    (first + 1 >= STANCE_CLOSES).then_some(first)
}

/// The events of the last candle's session and the position at its close, from the book
/// replayed from [`replay_first`] with its confidence model as of then from `prior`.
/// `None` when `candles` are too few to replay.
///
/// # Errors
/// [`BookError`] when the candles are another symbol's or out of order.
pub fn replay_session(
    symbol: Symbol,
    candles: &[Candle],
    calendar: &MarketCalendar,
    cost: CostBps,
    prior: &[Call],
) -> Result<Option<(Vec<CallEvent>, Position)>, BookError> {
    let (Some(first), Some(last)) = (replay_first(candles), candles.last()) else { return Ok(None) };
    let current = session_of(last);
    let mut book = CallBook::new(symbol, cost, ConfidenceModel::as_of(prior, candles[first].open_time()));
    let closes: Vec<f64> = candles.iter().map(Candle::close).collect();
    let mut events = Vec::new();
    let mut flat_since = None;
    for (i, candle) in candles.iter().enumerate().skip(first) {
        let stance = stance_at(symbol, &closes[..=i], candle.close_time());
        let happened = book.on_candle(candle, stance, session_close(calendar, candle))?;
        if session_of(candle) == current {
            if flat_since.is_none() {
                flat_since = Some(candle.open_time());
            }
            for event in &happened {
                if let CallEvent::Closed(call) = event {
                    flat_since = call.exit.map(|exit| exit.closed_at);
                }
            }
            events.extend(happened);
        }
    }
    let position = book.open_call().map_or_else(|| Position::flat(flat_since), Position::of);
    Ok(Some((events, position)))
}

/// The position at the last candle's close (see [`replay_session`]); the confidence model
/// does not move levels, ids or exits, so none is needed.
///
/// # Errors
/// As [`replay_session`].
pub fn replay_position(
    symbol: Symbol,
    candles: &[Candle],
    calendar: &MarketCalendar,
) -> Result<Option<Position>, BookError> {
    Ok(replay_session(symbol, candles, calendar, CostBps::DEFAULT, &[])?.map(|(_, position)| position))
}
