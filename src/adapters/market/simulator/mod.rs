//! The simulated market: NIFTY and BANKNIFTY candles that look like the real indices, offline.
//!
//! Every number is a pure function of (seed, symbol, trading date) and the calendar, so every
//! instance, every restart and every test with the same seed sees the same market without
//! sharing any state ([`model`] says how the indices move and why):
//! - each trading day draws an overnight gap and an open-to-close move for both indices from a
//!   common market shock plus each index's own;
//! - closes are chained from an anchor (the index's level on [`ANCHOR`]), forwards and
//!   backwards, so levels near today's are near the real ones;
//! - inside a session the price follows a one-minute walk with fat-tailed, U-shaped shocks,
//!   pinned to the day's open and close (a bridge in variance time), from which candles of
//!   any interval are cut.
//!
//! Candles exist only in NSE sessions, and a request never receives a candle that had not
//! closed by the end of its range: the simulator knows the rest of the day but never tells.

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};

use crate::domain::market::{Candle, CandleRange, Interval, MarketCalendar, Provenance, Session};
use crate::domain::signals::Symbol;
use crate::ports::market_data::latest_from_range;
use crate::ports::{MarketData, MarketDataError};

mod model;

pub use model::Calibration;
use model::{DayMoves, intraday_profile, minute_shocks};

/// The trading day whose close is each index's anchor level.
pub const ANCHOR: (i32, u32, u32) = (2026, 11, 27);
/// The longest range one request may span, in days: a year of candles plus slack.
const MAX_RANGE_DAYS: i64 = 400;

/// The simulated [`MarketData`] source. Cheap to construct and clone.
#[derive(Clone, Debug, Default)]
pub struct MarketSimulator {
    calendar: MarketCalendar,
    seed: u64,
}

impl MarketSimulator {
    /// The default market (seed 0): what every deployment and demo shows.
    pub fn new(calendar: MarketCalendar) -> Self {
        Self::with_seed(calendar, 0)
    }

    /// Another market with the same statistics: each seed is a different, equally realistic
    /// history, identical wherever the same seed is used.
    pub fn with_seed(calendar: MarketCalendar, seed: u64) -> Self {
        Self { calendar, seed }
    }

    /// Every candle of `interval` in `session`, closed or not.
    pub fn session_candles(&self, symbol: Symbol, interval: Interval, session: &Session) -> Vec<Candle> {
        let path = self.minute_path(symbol, session);
        let step = interval.minutes() as usize;
        session
            .candle_opens(interval)
            .enumerate()
            .map(|(n, open_time)| {
                let minutes = &path[n * step..=(n + 1) * step];
                let high = minutes.iter().copied().fold(f64::MIN, f64::max);
                let low = minutes.iter().copied().fold(f64::MAX, f64::min);
                Candle::new(symbol, interval, open_time, minutes[0], high, low, minutes[step], None)
                    .expect("a simulated path is positive and its high/low bound it")
            })
            .collect()
    }

    /// `symbol`'s gap and move on `date` (a trading day).
    fn day(&self, symbol: Symbol, date: NaiveDate) -> DayMoves {
        let minutes = self.calendar.session_on(date).map_or(model::REGULAR_MINUTES, |s| session_minutes(&s));
        DayMoves::draw(self.seed, symbol, date, minutes)
    }

    /// The close of `date`'s session (a trading day), chained from the anchor.
    fn close_on(&self, symbol: Symbol, date: NaiveDate) -> f64 {
        let anchor = anchor_date();
        let mut log_change = 0.0;
        let (mut day, forwards) = if date >= anchor { (anchor, true) } else { (date, false) };
        let end = if forwards { date } else { anchor };
        while day < end {
            day = day.succ_opt().expect("simulated dates are near today");
            if self.calendar.is_trading_day(day) {
                let moves = self.day(symbol, day);
                log_change += moves.gap + moves.intraday;
            }
        }
        let signed = if forwards { log_change } else { -log_change };
        Calibration::of(symbol).anchor_level * signed.exp()
    }

    /// The session's open, then the close of each of its minutes, rounded to the index's
    /// 0.01 point (rounding keeps the order, so highs and lows stay consistent).
    fn minute_path(&self, symbol: Symbol, session: &Session) -> Vec<f64> {
        let minutes = session_minutes(session);
        let previous_close = self.close_on(symbol, self.calendar.previous_session(session).date);
        let close = self.close_on(symbol, session.date);
        let moves = self.day(symbol, session.date);
        let open = previous_close * moves.gap.exp();

        let profile = intraday_profile(minutes);
        let shocks = minute_shocks(self.seed, symbol, session.date, minutes);
        let minute_sigma = moves.intraday_volatility / (minutes as f64).sqrt();
        let (mut walk, mut variance) = (vec![0.0], vec![0.0]);
        for (shock, scale) in shocks.iter().zip(&profile) {
            walk.push(walk[walk.len() - 1] + minute_sigma * scale * shock);
            variance.push(variance[variance.len() - 1] + scale * scale);
        }
        // Pinning in variance time spreads the correction like the shocks, keeping the U shape.
        let miss = walk[minutes] - (close / open).ln();
        walk.iter()
            .zip(&variance)
            .map(|(w, v)| {
                let pinned = w - miss * v / variance[minutes];
                (open * pinned.exp() * 100.0).round() / 100.0
            })
            .collect()
    }

    fn sessions_in(&self, range: &CandleRange) -> impl Iterator<Item = Session> + '_ {
        let first = self.calendar.day_of(range.from());
        let last = self.calendar.day_of(range.to());
        first.iter_days().take_while(move |day| *day <= last).filter_map(|day| self.calendar.session_on(day))
    }
}

fn session_minutes(session: &Session) -> usize {
    (session.closes_at - session.opens_at).num_minutes().max(1) as usize
}

#[async_trait]
impl MarketData for MarketSimulator {
    fn provenance(&self) -> Provenance {
        Provenance::simulator()
    }

    async fn candles(
        &self,
        symbol: Symbol,
        interval: Interval,
        range: CandleRange,
    ) -> Result<Vec<Candle>, MarketDataError> {
        if (range.to() - range.from()).num_days() > MAX_RANGE_DAYS {
            return Err(MarketDataError::InvalidRequest("the simulator serves at most 400 days per request"));
        }
        Ok(self
            .sessions_in(&range)
            .flat_map(|session| self.session_candles(symbol, interval, &session))
            .filter(|candle| range.contains(candle))
            .collect())
    }

    async fn latest(
        &self,
        symbol: Symbol,
        interval: Interval,
        count: usize,
        as_of: DateTime<Utc>,
    ) -> Result<Vec<Candle>, MarketDataError> {
        latest_from_range(self, &self.calendar, symbol, interval, count, as_of).await
    }
}

fn anchor_date() -> NaiveDate {
    let (y, m, d) = ANCHOR;
    NaiveDate::from_ymd_opt(y, m, d).expect("the anchor is a valid date")
}

#[cfg(test)]
mod statistics;
#[cfg(test)]
mod tests;
