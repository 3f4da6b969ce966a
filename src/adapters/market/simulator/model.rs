//! How the simulated indices move, as numbers drawn from fixed streams.
//!
//! The shape follows what traders see on the real NSE indices, so a demo does not teach
//! false lessons:
//! - **one market, two indices**: banks are a large part of NIFTY, so both indices load on a
//!   common market shock and BANKNIFTY adds its own (5-minute returns correlate about 0.78);
//! - **overnight gaps**: a day opens away from the previous close (half of the day's
//!   volatility happens overnight, about 0.5 % for NIFTY);
//! - **fat tails**: shocks are Student-t rather than normal, and each day draws a market-wide
//!   volatility level, so calm days and violent days both occur;
//! - **a U-shaped day**: volatility is highest in the opening minutes, lowest at midday and
//!   rises again into the close.
//!
//! Every draw comes from a stream named by (seed, symbol or "market", date), so a number
//! never depends on which other numbers were asked for first.

use chrono::{Datelike, NaiveDate};

use super::super::random::SplitMix64;
use crate::domain::signals::Symbol;

/// The regular session's length: day-level volatility is spread over this many minutes.
pub(super) const REGULAR_MINUTES: usize = 375;
/// The overnight gap's share of a day's standard deviation (its variance share squared).
const GAP_SHARE: f64 = 0.5;
/// Standard deviation of the log of a day's market-wide volatility level.
const VOLATILITY_OF_VOLATILITY: f64 = 0.25;
/// Opening burst: extra volatility at the open and how fast it decays, in minutes.
const OPEN_BURST: (f64, f64) = (2.0, 20.0);
/// Closing pick-up: extra volatility at the close and how far before it it builds, in minutes.
const CLOSE_BURST: (f64, f64) = (0.6, 30.0);
/// The stream shared by both indices.
const MARKET: u64 = 0x4D41_524B_4554_0000; // "MARKET"

/// How one index behaves.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Calibration {
    /// Close on the anchor day, in points.
    pub anchor_level: f64,
    /// Standard deviation of the daily close-to-close log return.
    pub daily_volatility: f64,
    /// How much of the index's shock is the market's: its correlation with the common factor.
    pub market_loading: f64,
}

impl Calibration {
    pub fn of(symbol: Symbol) -> Self {
        match symbol {
            Symbol::Nifty => Self { anchor_level: 26_000.0, daily_volatility: 0.010, market_loading: 0.95 },
            Symbol::BankNifty => Self { anchor_level: 59_000.0, daily_volatility: 0.013, market_loading: 0.82 },
        }
    }

    fn own_loading(self) -> f64 {
        (1.0 - self.market_loading.powi(2)).sqrt()
    }
}

/// One index's day, as log returns.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct DayMoves {
    /// From the previous close to today's open.
    pub gap: f64,
    /// From today's open to today's close.
    pub intraday: f64,
    /// Standard deviation of the intraday log return, for the minute path.
    pub intraday_volatility: f64,
}

impl DayMoves {
    /// `symbol`'s moves on `date`, whose session lasts `minutes`.
    pub(super) fn draw(seed: u64, symbol: Symbol, date: NaiveDate, minutes: usize) -> Self {
        let calibration = Calibration::of(symbol);
        let mut market = SplitMix64::for_stream(&[seed, MARKET, day_number(date), 0]);
        let mut own = SplitMix64::for_stream(&[seed, salt(symbol), day_number(date), 0]);
        // E[level²] = 1: the volatility level changes the tails, not the average variance.
        let level = (VOLATILITY_OF_VOLATILITY * market.next_gaussian() - VOLATILITY_OF_VOLATILITY.powi(2)).exp();
        let (market_gap, market_trend) = (market.next_gaussian(), market.next_fat_tailed());
        let (own_gap, own_trend) = (own.next_gaussian(), own.next_fat_tailed());
        let (m, o) = (calibration.market_loading, calibration.own_loading());
        let sigma = level * calibration.daily_volatility;
        let session_share = (minutes as f64 / REGULAR_MINUTES as f64).sqrt();
        let intraday_volatility = sigma * (1.0 - GAP_SHARE.powi(2)).sqrt() * session_share;
        Self {
            gap: sigma * GAP_SHARE * (m * market_gap + o * own_gap),
            intraday: intraday_volatility * (m * market_trend + o * own_trend),
            intraday_volatility,
        }
    }
}

/// `minutes` standardised one-minute shocks of `symbol` on `date`: the market's shock and the
/// index's own, mixed by its loading.
pub(super) fn minute_shocks(seed: u64, symbol: Symbol, date: NaiveDate, minutes: usize) -> Vec<f64> {
    let calibration = Calibration::of(symbol);
    let mut market = SplitMix64::for_stream(&[seed, MARKET, day_number(date), 1]);
    let mut own = SplitMix64::for_stream(&[seed, salt(symbol), day_number(date), 1]);
    let (m, o) = (calibration.market_loading, calibration.own_loading());
    (0..minutes).map(|_| m * market.next_fat_tailed() + o * own.next_fat_tailed()).collect()
}

/// Each minute's standard deviation relative to the session's average (mean square 1): high
/// after the open, flat at midday, rising into the close.
pub(super) fn intraday_profile(minutes: usize) -> Vec<f64> {
    let (open_extra, open_decay) = OPEN_BURST;
    let (close_extra, close_build) = CLOSE_BURST;
    let raw: Vec<f64> = (0..minutes)
        .map(|k| {
            let since_open = k as f64 + 0.5;
            let to_close = minutes as f64 - since_open;
            1.0 + open_extra * (-since_open / open_decay).exp() + close_extra * (-to_close / close_build).exp()
        })
        .collect();
    let mean_square = raw.iter().map(|s| s * s).sum::<f64>() / minutes.max(1) as f64;
    raw.iter().map(|s| s / mean_square.sqrt()).collect()
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

    #[test]
    fn the_profile_is_loudest_at_the_open_quietest_at_midday_and_averages_one() {
        let profile = intraday_profile(REGULAR_MINUTES);
        let mean_square = profile.iter().map(|s| s * s).sum::<f64>() / REGULAR_MINUTES as f64;
        assert!((mean_square - 1.0).abs() < 1e-9);
        assert!(profile[0] > 2.0 * profile[180], "open {} vs midday {}", profile[0], profile[180]);
        assert!(profile[374] > profile[180] && profile[374] < profile[0]);
    }

    #[test]
    fn the_same_seed_and_date_give_the_same_day_and_another_seed_another() {
        let date = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
        let day = |seed| DayMoves::draw(seed, Symbol::Nifty, date, REGULAR_MINUTES);
        assert_eq!(day(7), day(7));
        assert_ne!(day(7), day(8));
    }
}
