//! Where a call is wrong (stop-loss) and where it takes profit (target): multiples of the
//! market's recent volatility, the average true range over [`ATR_PERIOD`] candles.
//!
//! Why ATR multiples: a fixed number of points would be too tight on a wild day and out of
//! reach on a quiet one; ATR scales both levels to what the market is doing now.
//!
//! Why 1.5 × ATR for the stop: one or two ordinary candles routinely move about one ATR
//! against any entry, so a 1-ATR stop is mostly hit by noise; 1.5 ATR sits outside that noise
//! yet still caps the loss of one call at a fraction of a typical session's range.
//!
//! Why 2 × ATR for the target: a reward of 2 for a risk of 1.5 (1.33 : 1) is reachable within
//! the session — a driftless walk leaves a band from −1.5 to +2 ATR after about `1.5 × 2 = 3`
//! (ATR/σ)² steps, some five 5-minute candles — and it makes the break-even plain: on a
//! driftless walk the target comes first with probability `1.5 / (1.5 + 2) ≈ 0.43`, exactly
//! the rate at which calls ending at a level earn nothing gross. An edge must show as more
//! than 43 % of those reaching the target, and costs make calls without one lose (see
//! [`confidence`](super::confidence)).
//!
//! ATR here is the simple mean of the last 14 true ranges, not Wilder's smoothing: a mean over
//! a fixed window depends only on the last 15 candles, so two instances (or a backtest and the
//! live feed) that started at different points agree on every level after 15 candles. A
//! session's first candle measures its own high − low: the overnight gap is not intraday risk,
//! and calls never hold overnight.

use super::Direction;
use crate::domain::market::Candle;

/// Candles in the average true range.
pub const ATR_PERIOD: usize = 14;
/// The stop-loss sits this many ATRs against the entry.
pub const STOP_ATR: f64 = 1.5;
/// The target sits this many ATRs in the call's favour.
pub const TARGET_ATR: f64 = 2.0;
/// The NSE's price step for index futures, in points: levels are rounded to it.
pub const TICK: f64 = 0.05;

/// The range a candle covered, counting a jump from the previous close *of the same session*:
/// `max(high − low, |high − prev_close|, |low − prev_close|)`, or `high − low` at the open.
pub fn true_range(candle: &Candle, previous_close_in_session: Option<f64>) -> f64 {
    let range = candle.high() - candle.low();
    match previous_close_in_session {
        Some(prev) => range.max((candle.high() - prev).abs()).max((candle.low() - prev).abs()),
        None => range,
    }
}

/// The mean of the last [`ATR_PERIOD`] true ranges (oldest first); `None` with fewer.
pub fn average_true_range(true_ranges: &[f64]) -> Option<f64> {
    let recent = true_ranges.get(true_ranges.len().checked_sub(ATR_PERIOD)?..)?;
    Some(recent.iter().sum::<f64>() / ATR_PERIOD as f64)
}

/// A call's stop-loss and target.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Levels {
    pub stop_loss: f64,
    pub target: f64,
}

impl Levels {
    /// [`STOP_ATR`] × `atr` against `entry` and [`TARGET_ATR`] × `atr` for it, each on the
    /// tick and at least one tick away from the entry (a flat market still has levels).
    pub fn around(direction: Direction, entry: f64, atr: f64) -> Self {
        let away = |multiple: f64| (multiple * atr).max(TICK);
        let sign = direction.sign();
        Self { stop_loss: on_tick(entry - sign * away(STOP_ATR)), target: on_tick(entry + sign * away(TARGET_ATR)) }
    }
}

/// `price` rounded to the nearest [`TICK`].
pub fn on_tick(price: f64) -> f64 {
    (price / TICK).round() * TICK
}

#[cfg(test)]
mod tests {
    use chrono::{TimeZone, Utc};

    use super::*;
    use crate::domain::market::Interval;
    use crate::domain::signals::Symbol;

    fn candle(high: f64, low: f64) -> Candle {
        let at = Utc.with_ymd_and_hms(2026, 11, 25, 4, 0, 0).unwrap();
        Candle::new(Symbol::Nifty, Interval::FiveMinutes, at, low, high, low, high, None).unwrap()
    }

    #[test]
    fn a_long_stops_one_and_a_half_atr_below_and_targets_two_above_and_a_short_the_reverse() {
        assert_eq!(Levels::around(Direction::Long, 26_000.0, 20.0), Levels { stop_loss: 25_970.0, target: 26_040.0 });
        assert_eq!(Levels::around(Direction::Short, 26_000.0, 20.0), Levels { stop_loss: 26_030.0, target: 25_960.0 });
        let flat = Levels::around(Direction::Long, 100.0, 0.0);
        assert!(flat.stop_loss < 100.0 && flat.target > 100.0, "{flat:?}");
    }

    #[test]
    fn the_true_range_counts_a_jump_from_the_previous_close_only_within_the_session() {
        assert_eq!(true_range(&candle(105.0, 100.0), Some(110.0)), 10.0);
        assert_eq!(true_range(&candle(105.0, 100.0), None), 5.0);
    }

    #[test]
    fn the_atr_is_the_mean_of_the_last_fourteen_true_ranges() {
        assert_eq!(average_true_range(&[1.0; 13]), None);
        let mut ranges = vec![100.0];
        ranges.extend([2.0; 14]);
        assert_eq!(average_true_range(&ranges), Some(2.0));
    }
}
