//! The signal model: a moving-average crossover on candle closes, vetoed by RSI when the move
//! is already overextended.
//!
//! Deliberately small and explainable: a trader can check every number in the `reason`
//! against a chart. Fast SMA(9) above slow SMA(21) reads as an up-trend (BUY), below as a
//! down-trend (SELL); RSI(14) above 70 vetoes a BUY and below 30 a SELL (HOLD). It runs in
//! microseconds over a few hundred closes, so callers need no thread of its own for it.

use chrono::{DateTime, Utc};

use super::indicators::{rsi, sma};
use super::{Action, Indicators, Signal, Symbol};
use crate::domain::calls::Position;
use crate::domain::market::Provenance;

pub const FAST_WINDOW: usize = 9;
pub const SLOW_WINDOW: usize = 21;
pub const RSI_PERIOD: usize = 14;
/// Fewer closes than this and the slow average does not exist yet.
pub const MIN_CLOSES: usize = SLOW_WINDOW;
/// RSI smooths over its whole input; this much history makes it stable.
const RSI_LOOKBACK: usize = 10 * RSI_PERIOD;
/// RSI above this vetoes a BUY, below [`OVERSOLD`] a SELL.
pub const OVERBOUGHT: f64 = 70.0;
pub const OVERSOLD: f64 = 30.0;
/// A fast/slow spread of this many percent is as strong as a trend gets for confidence.
const FULL_SPREAD_PCT: f64 = 0.2;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SignalError {
    #[error("not enough candles for a signal: {got} closes, at least {MIN_CLOSES} needed")]
    NotEnoughCandles { got: usize },
    #[error("candle closes must be finite and above zero")]
    BadClose,
}

/// The signal for `symbol` from its candle `closes` (oldest first; the last is the candle
/// the signal is computed on), stamped `at`, from candles of `provenance`, published at
/// `published_at`. Pure and deterministic.
///
/// # Errors
/// [`SignalError`] with fewer than [`MIN_CLOSES`] closes, or a close that is not a positive
/// finite number.
pub fn generate_signal(
    symbol: Symbol,
    closes: &[f64],
    at: DateTime<Utc>,
    provenance: &Provenance,
    published_at: DateTime<Utc>,
) -> Result<Signal, SignalError> {
    if closes.len() < MIN_CLOSES {
        return Err(SignalError::NotEnoughCandles { got: closes.len() });
    }
    if !closes.iter().all(|c| c.is_finite() && *c > 0.0) {
        return Err(SignalError::BadClose);
    }
    let recent = &closes[closes.len() - SLOW_WINDOW..];
    let fast = sma(&recent[SLOW_WINDOW - FAST_WINDOW..], FAST_WINDOW)[FAST_WINDOW - 1];
    let slow = sma(recent, SLOW_WINDOW)[SLOW_WINDOW - 1];
    let rsi_now = rsi(&closes[closes.len().saturating_sub(RSI_LOOKBACK)..], RSI_PERIOD);
    let indicators = Indicators { fast_ma: shown(fast), slow_ma: shown(slow), rsi: shown(rsi_now) };

    let action = decide(fast, slow, rsi_now);
    let spread_pct = (fast - slow) / slow * 100.0;
    let confidence = match action {
        Action::Hold => 0.5 - (rsi_now - 50.0).abs() / 200.0,
        Action::Buy | Action::Sell => {
            let strength = (spread_pct.abs() / FULL_SPREAD_PCT).min(1.0);
            let momentum = match action {
                Action::Buy => (rsi_now - 50.0) / 20.0,
                _ => (50.0 - rsi_now) / 20.0,
            };
            0.4 + 0.4 * strength + 0.2 * momentum.clamp(0.0, 1.0)
        }
    };

    Ok(Signal {
        symbol,
        action,
        price: (closes[closes.len() - 1] * 20.0).round() / 20.0,
        confidence: (confidence.clamp(0.0, 1.0) * 1000.0).round() / 1000.0,
        generated_at: at,
        reason: reason(action, fast, slow, rsi_now, spread_pct),
        indicators,
        source: provenance.source.clone(),
        simulated: provenance.simulated,
        published_at: published_at.max(at),
        position: Position::flat(None),
    })
}

/// Trend from the crossover, vetoed when RSI says the move is already overextended.
fn decide(fast: f64, slow: f64, rsi: f64) -> Action {
    if fast > slow && rsi < OVERBOUGHT {
        Action::Buy
    } else if fast < slow && rsi > OVERSOLD {
        Action::Sell
    } else {
        Action::Hold
    }
}

fn reason(action: Action, fast: f64, slow: f64, rsi: f64, spread_pct: f64) -> String {
    let side = if spread_pct > 0.0 { "above" } else { "below" };
    let crossover = format!("SMA{FAST_WINDOW} {fast:.2} {side} SMA{SLOW_WINDOW} {slow:.2} ({spread_pct:+.2} %)");
    match action {
        Action::Buy => format!("Up-trend: {crossover}; RSI{RSI_PERIOD} {rsi:.0} not overbought"),
        Action::Sell => format!("Down-trend: {crossover}; RSI{RSI_PERIOD} {rsi:.0} not oversold"),
        Action::Hold if spread_pct == 0.0 => format!("No trend: SMA{FAST_WINDOW} equals SMA{SLOW_WINDOW} at {slow:.2}"),
        Action::Hold if spread_pct > 0.0 => format!("Up-trend but RSI{RSI_PERIOD} {rsi:.0} is overbought: {crossover}"),
        Action::Hold => format!("Down-trend but RSI{RSI_PERIOD} {rsi:.0} is oversold: {crossover}"),
    }
}

/// An indicator as shown: rounded to 0.01, or `None` when it is not a finite number.
fn shown(x: f64) -> Option<f64> {
    x.is_finite().then(|| (x * 100.0).round() / 100.0)
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    #[test]
    fn a_signal_says_where_its_candles_came_from_and_when_it_was_published() {
        let published = close_time() + chrono::Duration::seconds(42);
        let real = Provenance::real(crate::domain::market::SourceName::DATABASE);
        let s = generate_signal(Symbol::Nifty, &rising(), close_time(), &real, published).unwrap();
        assert_eq!((s.source.as_str(), s.simulated), ("database", false));
        assert_eq!((s.generated_at, s.published_at), (close_time(), published));
        let simulated = generate_signal(Symbol::Nifty, &rising(), close_time(), &Provenance::simulator(), published);
        assert!(simulated.unwrap().simulated);
    }

    fn close_time() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 25, 6, 30, 0).unwrap()
    }

    /// A gentle rise with pullbacks: an up-trend that is not overbought.
    fn rising() -> Vec<f64> {
        (0..120).map(|i| 26_000.0 + f64::from(i) * 2.0 + if i % 2 == 0 { 6.0 } else { -6.0 }).collect()
    }

    #[test]
    fn an_up_trend_that_is_not_overbought_is_a_buy_with_its_reason_and_indicators() {
        let s =
            generate_signal(Symbol::Nifty, &rising(), close_time(), &Provenance::simulator(), close_time()).unwrap();
        assert_eq!(s.action, Action::Buy, "{s:?}");
        assert!(s.indicators.fast_ma.unwrap() > s.indicators.slow_ma.unwrap());
        assert!(s.indicators.rsi.unwrap() < OVERBOUGHT);
        assert!(s.reason.starts_with("Up-trend: SMA9"), "{}", s.reason);
        assert!((0.4..=1.0).contains(&s.confidence));
        assert_eq!(s.price, 26_232.0, "the last close, on the 0.05 tick");
        assert_eq!(s.generated_at, close_time());
    }

    #[test]
    fn a_falling_market_is_a_sell_and_the_same_input_gives_the_same_signal() {
        let falling: Vec<f64> = rising().into_iter().rev().collect();
        let s =
            generate_signal(Symbol::BankNifty, &falling, close_time(), &Provenance::simulator(), close_time()).unwrap();
        assert_eq!(s.action, Action::Sell, "{s:?}");
        assert!(s.reason.starts_with("Down-trend"), "{}", s.reason);
        assert_eq!(
            s,
            generate_signal(Symbol::BankNifty, &falling, close_time(), &Provenance::simulator(), close_time()).unwrap()
        );
    }

    #[test]
    fn a_straight_rise_is_overbought_so_the_buy_is_vetoed() {
        let straight: Vec<f64> = (0..60).map(|i| 100.0 + f64::from(i)).collect();
        let s =
            generate_signal(Symbol::Nifty, &straight, close_time(), &Provenance::simulator(), close_time()).unwrap();
        assert_eq!(s.action, Action::Hold);
        assert!(s.reason.contains("overbought"), "{}", s.reason);
        assert!((0.0..=0.5).contains(&s.confidence));
    }

    #[test]
    fn rsi_vetoes_buying_into_an_overbought_market() {
        assert_eq!(decide(101.0, 100.0, 50.0), Action::Buy);
        assert_eq!(decide(101.0, 100.0, 75.0), Action::Hold);
        assert_eq!(decide(99.0, 100.0, 50.0), Action::Sell);
        assert_eq!(decide(99.0, 100.0, 25.0), Action::Hold);
    }

    #[test]
    fn too_few_or_impossible_closes_are_refused() {
        assert_eq!(
            generate_signal(Symbol::Nifty, &rising()[..20], close_time(), &Provenance::simulator(), close_time()),
            Err(SignalError::NotEnoughCandles { got: 20 })
        );
        let mut bad = rising();
        bad[50] = f64::NAN;
        assert_eq!(
            generate_signal(Symbol::Nifty, &bad, close_time(), &Provenance::simulator(), close_time()),
            Err(SignalError::BadClose)
        );
    }

    #[test]
    fn a_signal_over_a_week_of_candles_takes_well_under_a_millisecond() {
        let week: Vec<f64> = (0..375).map(|i| 26_000.0 + (f64::from(i) * 0.3).sin() * 40.0).collect();
        let started = std::time::Instant::now();
        for _ in 0..100 {
            generate_signal(Symbol::Nifty, &week, close_time(), &Provenance::simulator(), close_time()).unwrap();
        }
        assert!(started.elapsed() < std::time::Duration::from_millis(100), "{:?} for 100", started.elapsed());
    }
}
