//! One OHLC candle of an index, and the time range candles are asked for in.
//!
//! Index levels are points, not rupees, so prices are plain `f64`s; a candle is only built
//! through [`Candle::new`], which refuses what no exchange would print (a high below the
//! close, a negative level, NaN), so code that holds a `Candle` need not re-check it.

use chrono::{DateTime, Utc};

use super::Interval;
use crate::domain::signals::Symbol;

/// Open, high, low and close of one symbol over one interval. `close_time` is
/// `open_time + interval`: the instant the candle is final.
#[derive(Clone, Debug, PartialEq)]
pub struct Candle {
    symbol: Symbol,
    interval: Interval,
    open_time: DateTime<Utc>,
    open: f64,
    high: f64,
    low: f64,
    close: f64,
    volume: Option<f64>,
}

/// Why a candle was refused.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum CandleError {
    #[error("prices must be finite and above zero")]
    NotPositive,
    #[error("high must be at least open, close and low; low at most open and close")]
    Inconsistent,
    #[error("volume must be finite and not negative")]
    BadVolume,
}

impl Candle {
    /// # Errors
    /// [`CandleError`] when a price is not a positive finite number, `high`/`low` do not
    /// bound `open` and `close`, or the volume is negative.
    #[allow(clippy::too_many_arguments, reason = "a candle is its eight fields; a builder would only rename them")]
    pub fn new(
        symbol: Symbol,
        interval: Interval,
        open_time: DateTime<Utc>,
        open: f64,
        high: f64,
        low: f64,
        close: f64,
        volume: Option<f64>,
    ) -> Result<Self, CandleError> {
        if ![open, high, low, close].iter().all(|p| p.is_finite() && *p > 0.0) {
            return Err(CandleError::NotPositive);
        }
        if high < open.max(close) || low > open.min(close) {
            return Err(CandleError::Inconsistent);
        }
        if volume.is_some_and(|v| !v.is_finite() || v < 0.0) {
            return Err(CandleError::BadVolume);
        }
        Ok(Self { symbol, interval, open_time, open, high, low, close, volume })
    }

    pub fn symbol(&self) -> Symbol {
        self.symbol
    }
    pub fn interval(&self) -> Interval {
        self.interval
    }
    pub fn open_time(&self) -> DateTime<Utc> {
        self.open_time
    }
    pub fn close_time(&self) -> DateTime<Utc> {
        self.open_time + self.interval.duration()
    }
    pub fn open(&self) -> f64 {
        self.open
    }
    pub fn high(&self) -> f64 {
        self.high
    }
    pub fn low(&self) -> f64 {
        self.low
    }
    pub fn close(&self) -> f64 {
        self.close
    }
    /// Indices have no traded volume of their own; sources that report one (often 0) keep it.
    pub fn volume(&self) -> Option<f64> {
        self.volume
    }
}

/// A half-open span of time `[from, to)`: a candle is in it when it opened at or after
/// `from` and had closed by `to`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CandleRange {
    from: DateTime<Utc>,
    to: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("a candle range must end after it starts")]
pub struct RangeError;

impl CandleRange {
    /// # Errors
    /// [`RangeError`] unless `from < to`.
    pub fn new(from: DateTime<Utc>, to: DateTime<Utc>) -> Result<Self, RangeError> {
        if from < to { Ok(Self { from, to }) } else { Err(RangeError) }
    }

    pub fn from(&self) -> DateTime<Utc> {
        self.from
    }
    pub fn to(&self) -> DateTime<Utc> {
        self.to
    }

    pub fn contains(&self, candle: &Candle) -> bool {
        self.from <= candle.open_time() && candle.close_time() <= self.to
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    fn at(h: u32, m: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 27, h, m, 0).unwrap()
    }

    fn candle(open: f64, high: f64, low: f64, close: f64) -> Result<Candle, CandleError> {
        Candle::new(Symbol::Nifty, Interval::FiveMinutes, at(4, 0), open, high, low, close, None)
    }

    #[test]
    fn a_candle_closes_one_interval_after_it_opens() {
        let c = candle(100.0, 101.0, 99.0, 100.5).unwrap();
        assert_eq!(c.close_time(), at(4, 5));
    }

    #[test]
    fn a_high_below_the_close_or_a_low_above_the_open_is_refused() {
        assert_eq!(candle(100.0, 100.2, 99.0, 100.5), Err(CandleError::Inconsistent));
        assert_eq!(candle(100.0, 101.0, 100.1, 100.5), Err(CandleError::Inconsistent));
    }

    #[test]
    fn zero_negative_and_nan_prices_are_refused() {
        assert_eq!(candle(0.0, 1.0, 0.0, 1.0), Err(CandleError::NotPositive));
        assert_eq!(candle(f64::NAN, 1.0, 1.0, 1.0), Err(CandleError::NotPositive));
        let negative_volume = Candle::new(Symbol::Nifty, Interval::OneMinute, at(4, 0), 1.0, 1.0, 1.0, 1.0, Some(-1.0));
        assert_eq!(negative_volume, Err(CandleError::BadVolume));
    }

    #[test]
    fn a_range_holds_candles_that_opened_in_it_and_closed_by_its_end() {
        let c = candle(100.0, 101.0, 99.0, 100.5).unwrap();
        assert!(CandleRange::new(at(4, 0), at(4, 5)).unwrap().contains(&c));
        assert!(!CandleRange::new(at(4, 0), at(4, 4)).unwrap().contains(&c), "not closed by the end");
        assert!(!CandleRange::new(at(4, 1), at(4, 10)).unwrap().contains(&c), "opened before the start");
        assert_eq!(CandleRange::new(at(4, 0), at(4, 0)), Err(RangeError));
    }
}
