//! A deterministic simulated market for tests: 5-minute candles of NSE sessions (75 a day)
//! from a seeded random walk with fat-ish tails, so statistical tests are repeatable.
//!
//! Each candle is five one-minute steps; a step's return is normal with the session's
//! volatility, and one step in ten is drawn at 2.5 × that scale — a scale mixture that gives
//! the heavier tails real index returns have. Volatility clusters as it does in real markets:
//! its logarithm drifts from session to session (an AR(1) around a base of about 0.8 % a day),
//! so calm and wild stretches last for days. Sessions open with an overnight gap. There is no drift: no call has an edge, so a calibrated
//! confidence must learn the plain odds of the stop/target/exit rules.

use chrono::NaiveDate;

use crate::domain::market::{Candle, Interval, MarketCalendar};
use crate::domain::signals::Symbol;

/// SplitMix64: tiny, fast, and the same sequence on every platform and Rust version.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Self(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in (0, 1).
    pub fn uniform(&mut self) -> f64 {
        ((self.next_u64() >> 11) as f64 + 0.5) / (1u64 << 53) as f64
    }

    /// Standard normal (Box–Muller).
    pub fn normal(&mut self) -> f64 {
        let (u, v) = (self.uniform(), self.uniform());
        (-2.0 * u.ln()).sqrt() * (std::f64::consts::TAU * v).cos()
    }
}

/// Per-minute volatility for a daily volatility of about 0.8 % over 375 minutes.
const MINUTE_VOL: f64 = 0.008 / 19.36;
const OVERNIGHT_GAP_VOL: f64 = 0.003;
/// Of the session volatility's log, how much carries to the next session, and the spread of
/// each session's change: a stationary spread of about ±25 %.
const VOL_PERSISTENCE: f64 = 0.9;
const VOL_OF_VOL: f64 = 0.1;

fn on_tick(price: f64) -> f64 {
    (price * 20.0).round() / 20.0
}

/// `sessions` consecutive NSE sessions of 5-minute candles for `symbol`, from 2026-01-01,
/// oldest first. The same seed always gives the same candles.
pub fn market(symbol: Symbol, seed: u64, sessions: usize) -> Vec<Candle> {
    let calendar = MarketCalendar::default();
    let mut rng = Rng::new(seed);
    let mut price = match symbol {
        Symbol::Nifty => 26_000.0,
        Symbol::BankNifty => 58_000.0,
    };
    let mut candles = Vec::with_capacity(sessions * 75);
    let mut date = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
    let mut held = 0;
    let mut log_vol = 0.0_f64;
    while held < sessions {
        if let Some(session) = calendar.session_on(date) {
            held += 1;
            price = on_tick(price * (1.0 + OVERNIGHT_GAP_VOL * rng.normal()));
            log_vol = VOL_PERSISTENCE * log_vol + VOL_OF_VOL * rng.normal();
            let vol = MINUTE_VOL * log_vol.exp();
            for open_time in session.candle_opens(Interval::FiveMinutes) {
                let open = price;
                let (mut high, mut low) = (open, open);
                for _ in 0..5 {
                    let scale = if rng.uniform() < 0.1 { 2.5 * vol } else { vol };
                    price = on_tick(price * (1.0 + scale * rng.normal()));
                    high = high.max(price);
                    low = low.min(price);
                }
                candles
                    .push(Candle::new(symbol, Interval::FiveMinutes, open_time, open, high, low, price, None).unwrap());
            }
        }
        date = date.succ_opt().unwrap();
    }
    candles
}
