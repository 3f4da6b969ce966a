//! A deterministic synthetic intraday price series.
//!
//! Same (symbol, seed) → same series, on every machine and every build. That is why this uses
//! a tiny fixed PRNG (SplitMix64) instead of `rand`'s `StdRng`, whose algorithm may change
//! between releases.

use super::Symbol;

/// SplitMix64 (Steele, Lea, Flood 2014): small, fast, and fully specified.
struct SplitMix64(u64);

impl SplitMix64 {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in (0, 1].
    fn next_unit(&mut self) -> f64 {
        ((self.next_u64() >> 11) as f64 + 1.0) / (1u64 << 53) as f64
    }

    /// Standard normal via Box–Muller.
    fn next_gaussian(&mut self) -> f64 {
        let (u1, u2) = (self.next_unit(), self.next_unit());
        (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
    }
}

/// A geometric random walk with slowly drifting trend regimes, `bars` long.
pub fn synthetic_prices(symbol: Symbol, seed: u64, bars: usize) -> Vec<f64> {
    let symbol_salt = match symbol {
        Symbol::Nifty => 0x4E49_4654_5900_0000,
        Symbol::BankNifty => 0x4241_4E4B_4E49_4654,
    };
    let mut rng = SplitMix64(seed ^ symbol_salt);
    let vol = symbol.volatility_per_bar();
    let mut price = symbol.base_price();
    let mut drift = 0.0;
    let mut prices = Vec::with_capacity(bars);
    for i in 0..bars {
        if i % 375 == 0 {
            // A new regime roughly once per trading day (375 one-minute bars).
            drift = rng.next_gaussian() * vol * 0.02;
        }
        price *= (drift + vol * rng.next_gaussian()).exp();
        prices.push(price);
    }
    prices
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_seed_gives_the_same_series() {
        assert_eq!(synthetic_prices(Symbol::Nifty, 42, 500), synthetic_prices(Symbol::Nifty, 42, 500));
    }

    #[test]
    fn symbols_and_seeds_give_different_series() {
        assert_ne!(synthetic_prices(Symbol::Nifty, 42, 50), synthetic_prices(Symbol::Nifty, 43, 50));
        assert_ne!(synthetic_prices(Symbol::Nifty, 42, 50), synthetic_prices(Symbol::BankNifty, 42, 50));
    }

    #[test]
    fn prices_stay_positive_and_near_the_index_level() {
        let series = synthetic_prices(Symbol::BankNifty, 7, 5_000);
        assert!(series.iter().all(|p| *p > 0.0));
        let last = *series.last().unwrap();
        assert!((20_000.0..150_000.0).contains(&last), "{last}");
    }
}
