//! The signal model: sweep moving-average pairs over the day's synthetic history, keep the
//! pair that back-tested best, and read today's signal from it, filtered by RSI.

use chrono::{DateTime, Utc};

use super::indicators::{crossover_backtest, rsi, sma};
use super::price_series::synthetic_prices;
use super::{Action, Signal, Symbol};

/// Twenty trading days of one-minute bars.
const HISTORY_BARS: usize = 20 * 375;
const FAST_WINDOWS: std::ops::RangeInclusive<usize> = 3..=30;
const SLOW_WINDOWS: std::ops::RangeInclusive<usize> = 35..=120;
const RSI_PERIOD: usize = 14;
/// The series advances every five minutes, so a recomputation after the cache expires sees
/// a moved market while two computations in the same bucket agree exactly.
const BUCKET_SECONDS: i64 = 300;

/// Computes the signal for `symbol` as of `now`. Pure and deterministic in its inputs; costs
/// tens of milliseconds of CPU (the parameter sweep), so call it from a blocking thread.
pub fn generate_signal(symbol: Symbol, now: DateTime<Utc>) -> Signal {
    let bucket = now.timestamp().div_euclid(BUCKET_SECONDS);
    let prices = synthetic_prices(symbol, bucket as u64, HISTORY_BARS);

    let slow_cache: Vec<(usize, Vec<f64>)> = SLOW_WINDOWS.step_by(5).map(|w| (w, sma(&prices, w))).collect();
    let mut best = None::<(f64, f64, usize, usize)>;
    for fast_w in FAST_WINDOWS {
        let fast = sma(&prices, fast_w);
        for (slow_w, slow) in &slow_cache {
            let bt = crossover_backtest(&prices, &fast, slow);
            if best.is_none_or(|(score, ..)| bt.total_return > score) {
                best = Some((bt.total_return, bt.hit_rate, fast_w, *slow_w));
            }
        }
    }
    let (_, hit_rate, fast_w, slow_w) = best.expect("the sweep is never empty");

    let last = prices.len() - 1;
    let fast_now = sma(&prices[last + 1 - slow_w..], fast_w)[slow_w - 1];
    let slow_now = sma(&prices[last + 1 - slow_w..], slow_w)[slow_w - 1];
    let rsi_now = rsi(&prices[last.saturating_sub(10 * RSI_PERIOD)..], RSI_PERIOD);

    let action = decide(fast_now, slow_now, rsi_now);
    let spread = ((fast_now - slow_now) / slow_now).abs();
    let confidence = match action {
        Action::Hold => 0.5 - (rsi_now - 50.0).abs() / 200.0,
        _ => (0.5 * hit_rate + 0.3 * (spread * 500.0).min(1.0) + 0.2 * ((rsi_now - 50.0).abs() / 50.0)).clamp(0.0, 1.0),
    };

    Signal {
        symbol,
        action,
        price: (prices[last] * 20.0).round() / 20.0,
        confidence: (confidence * 1000.0).round() / 1000.0,
        generated_at: now,
    }
}

/// Trend from the crossover, vetoed when RSI says the move is already overextended.
fn decide(fast: f64, slow: f64, rsi: f64) -> Action {
    if fast > slow && rsi < 70.0 {
        Action::Buy
    } else if fast < slow && rsi > 30.0 {
        Action::Sell
    } else {
        Action::Hold
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn noon() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 25, 6, 30, 0).unwrap()
    }

    #[test]
    fn the_same_inputs_give_the_same_signal() {
        assert_eq!(generate_signal(Symbol::Nifty, noon()), generate_signal(Symbol::Nifty, noon()));
    }

    #[test]
    fn signals_are_well_formed_for_every_symbol() {
        for symbol in Symbol::ALL {
            let s = generate_signal(symbol, noon());
            assert_eq!(s.symbol, symbol);
            assert!((0.0..=1.0).contains(&s.confidence), "{s:?}");
            assert!(s.price > 0.0);
            assert_eq!(s.generated_at, noon());
            assert_eq!((s.price * 20.0).round(), s.price * 20.0, "price is on the 0.05 tick");
        }
    }

    #[test]
    fn rsi_vetoes_buying_into_an_overbought_market() {
        assert_eq!(decide(101.0, 100.0, 50.0), Action::Buy);
        assert_eq!(decide(101.0, 100.0, 75.0), Action::Hold);
        assert_eq!(decide(99.0, 100.0, 50.0), Action::Sell);
        assert_eq!(decide(99.0, 100.0, 25.0), Action::Hold);
    }

    #[test]
    fn the_market_moves_between_five_minute_buckets() {
        let later = noon() + chrono::Duration::minutes(5);
        assert_ne!(generate_signal(Symbol::Nifty, noon()).price, generate_signal(Symbol::Nifty, later).price);
    }
}
