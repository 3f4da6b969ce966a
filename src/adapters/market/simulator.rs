//! The simulated market: NIFTY and BANKNIFTY candles that look like the real indices, offline.
//!
//! Every number is a pure function of (symbol, trading date) and the calendar, so every
//! instance, every restart and every test sees the same market without sharing any state:
//! - each trading day's close-to-close log return is `σ·z` with `z` drawn from a stream
//!   seeded by (symbol, date), σ the index's daily volatility (≈1 % NIFTY, ≈1.3 % BANKNIFTY);
//! - closes are chained from an anchor (the index's level on [`ANCHOR`]), forwards and
//!   backwards, so each day opens near the previous day's close (plus a small overnight gap)
//!   and levels near today's are near the real ones;
//! - inside a session the price follows a one-minute random walk pinned to the day's open
//!   and close (a Brownian bridge), from which candles of any interval are cut.
//!
//! Candles exist only in NSE sessions, and a request never receives a candle that had not
//! closed by the end of its range: the simulator knows the rest of the day but never tells.

use async_trait::async_trait;
use chrono::{DateTime, Datelike, NaiveDate, Utc};

use super::random::SplitMix64;
use crate::domain::market::{Candle, CandleRange, Interval, MarketCalendar, Session};
use crate::domain::signals::Symbol;
use crate::ports::market_data::latest_from_range;
use crate::ports::{MarketData, MarketDataError};

/// The trading day whose close is each index's anchor level.
pub const ANCHOR: (i32, u32, u32) = (2026, 11, 27);
/// The longest range one request may span, in days: a year of candles plus slack.
const MAX_RANGE_DAYS: i64 = 400;
const SESSION_MINUTES: usize = 375;
/// The overnight gap's share of a day's volatility.
const GAP_SHARE: f64 = 0.25;

/// How one index behaves.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Calibration {
    /// Close on the anchor day, in points.
    pub anchor_level: f64,
    /// Standard deviation of the daily close-to-close log return.
    pub daily_volatility: f64,
}

impl Calibration {
    pub fn of(symbol: Symbol) -> Self {
        match symbol {
            Symbol::Nifty => Self { anchor_level: 26_000.0, daily_volatility: 0.010 },
            Symbol::BankNifty => Self { anchor_level: 59_000.0, daily_volatility: 0.013 },
        }
    }
}

/// The simulated [`MarketData`] source. Cheap to construct and clone.
#[derive(Clone, Debug, Default)]
pub struct MarketSimulator {
    calendar: MarketCalendar,
}

impl MarketSimulator {
    pub fn new(calendar: MarketCalendar) -> Self {
        Self { calendar }
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

    /// The close of `date`'s session (a trading day), chained from the anchor.
    fn close_on(&self, symbol: Symbol, date: NaiveDate) -> f64 {
        let calibration = Calibration::of(symbol);
        let anchor = anchor_date();
        let mut log_change = 0.0;
        let (mut day, forwards) = if date >= anchor { (anchor, true) } else { (date, false) };
        let end = if forwards { date } else { anchor };
        while day < end {
            day = day.succ_opt().expect("simulated dates are near today");
            if self.calendar.is_trading_day(day) {
                log_change += daily_return(symbol, day, calibration.daily_volatility);
            }
        }
        let signed = if forwards { log_change } else { -log_change };
        calibration.anchor_level * signed.exp()
    }

    /// 376 levels: the session's open, then the close of each of its minutes, rounded to
    /// the index's 0.01 point (rounding keeps the order, so highs and lows stay consistent).
    fn minute_path(&self, symbol: Symbol, session: &Session) -> Vec<f64> {
        let sigma = Calibration::of(symbol).daily_volatility;
        let previous_close = self.close_on(symbol, self.calendar.previous_session(session).date);
        let close = self.close_on(symbol, session.date);
        let mut rng = SplitMix64::for_stream(&[salt(symbol), day_number(session.date), 1]);
        let open = previous_close * (GAP_SHARE * sigma * rng.next_gaussian()).exp();

        let minute_sigma = sigma / (SESSION_MINUTES as f64).sqrt();
        let mut walk = Vec::with_capacity(SESSION_MINUTES + 1);
        walk.push(0.0);
        for _ in 0..SESSION_MINUTES {
            let last = walk[walk.len() - 1];
            walk.push(last + minute_sigma * rng.next_gaussian());
        }
        let miss = walk[SESSION_MINUTES] - (close / open).ln();
        walk.iter()
            .enumerate()
            .map(|(k, w)| {
                let pinned = w - miss * k as f64 / SESSION_MINUTES as f64;
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

#[async_trait]
impl MarketData for MarketSimulator {
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

fn daily_return(symbol: Symbol, date: NaiveDate, sigma: f64) -> f64 {
    sigma * SplitMix64::for_stream(&[salt(symbol), day_number(date), 0]).next_gaussian()
}

fn salt(symbol: Symbol) -> u64 {
    match symbol {
        Symbol::Nifty => 0x4E49_4654_5900_0000,
        Symbol::BankNifty => 0x4241_4E4B_4E49_4654,
    }
}

fn day_number(date: NaiveDate) -> u64 {
    u64::from(date.num_days_from_ce().unsigned_abs())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn simulator() -> MarketSimulator {
        MarketSimulator::default()
    }

    fn trading_sessions(days: usize) -> Vec<Session> {
        let calendar = MarketCalendar::default();
        let mut session = calendar.session_on(anchor_date()).unwrap();
        let mut sessions = vec![session];
        while sessions.len() < days {
            session = calendar.previous_session(&session);
            sessions.push(session);
        }
        sessions.reverse();
        sessions
    }

    fn stdev(xs: &[f64]) -> f64 {
        let mean = xs.iter().sum::<f64>() / xs.len() as f64;
        (xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (xs.len() - 1) as f64).sqrt()
    }

    /// Over two years of simulated days, the daily log-return stdev is within ±30 % of the
    /// calibration, and no 5-minute candle moves more than 3 % (open to close, or its range).
    #[test]
    fn daily_volatility_is_calibrated_and_five_minute_moves_stay_small() {
        let sessions = trading_sessions(500);
        for symbol in Symbol::ALL {
            let target = Calibration::of(symbol).daily_volatility;
            let mut closes = Vec::new();
            for session in &sessions {
                let candles = simulator().session_candles(symbol, Interval::FiveMinutes, session);
                assert_eq!(candles.len(), 75);
                for c in &candles {
                    assert!((c.close() / c.open()).ln().abs() < 0.03, "{symbol} moved over 3 % in {c:?}");
                    assert!(c.high() / c.low() < 1.03, "{symbol} ranged over 3 % in {c:?}");
                }
                closes.push(candles.last().unwrap().close());
            }
            let returns: Vec<f64> = closes.windows(2).map(|w| (w[1] / w[0]).ln()).collect();
            let measured = stdev(&returns);
            eprintln!("{symbol}: daily log-return stdev {measured:.5} over {} days (target {target})", returns.len());
            assert!((measured / target - 1.0).abs() <= 0.3, "{symbol}: daily stdev {measured:.5} vs {target}");
        }
    }

    #[test]
    fn levels_near_the_anchor_are_near_the_real_indices() {
        let anchor = MarketCalendar::default().session_on(anchor_date()).unwrap();
        let nifty = simulator().session_candles(Symbol::Nifty, Interval::FiveMinutes, &anchor);
        let bank = simulator().session_candles(Symbol::BankNifty, Interval::FiveMinutes, &anchor);
        assert!((nifty.last().unwrap().close() - 26_000.0).abs() < 0.01);
        assert!((bank.last().unwrap().close() - 59_000.0).abs() < 0.01);
    }

    #[test]
    fn each_day_opens_near_the_previous_close() {
        let sessions = trading_sessions(60);
        for pair in sessions.windows(2) {
            let yesterday = simulator().session_candles(Symbol::Nifty, Interval::FiveMinutes, &pair[0]);
            let today = simulator().session_candles(Symbol::Nifty, Interval::FiveMinutes, &pair[1]);
            let gap = today[0].open() / yesterday.last().unwrap().close() - 1.0;
            assert!(gap.abs() < 0.015, "{} opened {:.2} % away", pair[1].date, gap * 100.0);
        }
    }

    #[test]
    fn two_simulators_agree_and_intervals_are_cut_from_one_path() {
        let session = trading_sessions(3)[0];
        let a = MarketSimulator::default().session_candles(Symbol::BankNifty, Interval::FiveMinutes, &session);
        let b = MarketSimulator::default().session_candles(Symbol::BankNifty, Interval::FiveMinutes, &session);
        assert_eq!(a, b);
        let fifteen = simulator().session_candles(Symbol::BankNifty, Interval::FifteenMinutes, &session);
        assert_eq!(fifteen.len(), 25);
        assert_eq!(fifteen[0].close(), a[2].close());
        assert_eq!(fifteen[0].high(), a[..3].iter().map(Candle::high).fold(f64::MIN, f64::max));
    }

    #[tokio::test]
    async fn the_latest_candles_never_include_one_still_open() {
        let calendar = MarketCalendar::default();
        let session = calendar.session_on(anchor_date()).unwrap();
        let as_of = session.opens_at + chrono::Duration::minutes(12);
        let latest = simulator().latest(Symbol::Nifty, Interval::FiveMinutes, 5, as_of).await.unwrap();
        assert_eq!(latest.len(), 5);
        assert_eq!(latest.last().unwrap().close_time(), session.opens_at + chrono::Duration::minutes(10));
        assert_eq!(latest[2].close_time(), calendar.previous_session(&session).closes_at);
    }
}
