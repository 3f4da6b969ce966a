//! Hand-made markets for the call book's tests: candles placed by their slot in a November
//! 2026 NSE session, and a [`Feed`] that pushes them through one book and keeps every event.

use chrono::{DateTime, Duration, NaiveDate, Utc};

use super::*;
use crate::domain::market::{Candle, Interval, MarketCalendar};
use crate::domain::signals::{Action, Symbol};

pub(super) const B: Action = Action::Buy;
pub(super) const S: Action = Action::Sell;
pub(super) const H: Action = Action::Hold;

/// The open of the `k`-th 5-minute candle of the NSE session on `day` November 2026.
pub(super) fn slot(day: u32, k: i32) -> DateTime<Utc> {
    let date = NaiveDate::from_ymd_opt(2026, 11, day).unwrap();
    MarketCalendar::default().session_on(date).unwrap().opens_at + Duration::minutes(5) * k
}

pub(super) fn candle(open_time: DateTime<Utc>, open: f64, high: f64, low: f64, close: f64) -> Candle {
    Candle::new(Symbol::Nifty, Interval::FiveMinutes, open_time, open, high, low, close, None).unwrap()
}

/// A candle moving a point around 100: after fourteen of them the ATR is 1, so a long opened
/// at 100 has its stop at 98.5 and its target at 102.
pub(super) fn quiet(open_time: DateTime<Utc>) -> Candle {
    candle(open_time, 100.0, 100.5, 99.5, 100.0)
}

pub(super) struct Feed {
    pub(super) book: CallBook,
    calendar: MarketCalendar,
    events: Vec<CallEvent>,
}

impl Feed {
    pub(super) fn new(cost: CostBps) -> Self {
        Self {
            book: CallBook::new(Symbol::Nifty, cost, ConfidenceModel::default()),
            calendar: MarketCalendar::default(),
            events: Vec::new(),
        }
    }

    pub(super) fn push(&mut self, candle: Candle, stance: Action) -> Vec<CallEvent> {
        let close = session_close(&self.calendar, &candle);
        let events = self.book.on_candle(&candle, stance, close).unwrap();
        self.events.extend(events.clone());
        events
    }

    /// Fourteen quiet HOLD candles from the session's `k`-th: volatility known, stance flat.
    pub(super) fn warm(&mut self, day: u32, k: i32) {
        for i in 0..14 {
            self.push(quiet(slot(day, k + i)), H);
        }
    }

    pub(super) fn opened(&self) -> Vec<&Call> {
        self.events.iter().filter_map(|e| if let CallEvent::Opened(c) = e { Some(c) } else { None }).collect()
    }

    pub(super) fn closed(&self) -> Vec<&Call> {
        self.events.iter().filter_map(|e| if let CallEvent::Closed(c) = e { Some(c) } else { None }).collect()
    }
}
