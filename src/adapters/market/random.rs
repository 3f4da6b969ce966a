//! A tiny, fully specified PRNG, so the simulated market is the same on every machine, build
//! and release: `rand`'s `StdRng` may change algorithm between versions, SplitMix64 cannot.

/// SplitMix64 (Steele, Lea, Flood 2014).
pub(super) struct SplitMix64(u64);

impl SplitMix64 {
    /// A generator for one named stream: mixing the parts keeps nearby seeds (consecutive
    /// dates) from giving correlated streams.
    pub(super) fn for_stream(parts: &[u64]) -> Self {
        let mut state = 0x5349_474E_414C_424F; // "SIGNALBO"
        for part in parts {
            state = Self(state ^ part).next_u64();
        }
        Self(state)
    }

    pub(super) fn next_u64(&mut self) -> u64 {
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

    /// Standard normal, by Box–Muller.
    pub(super) fn next_gaussian(&mut self) -> f64 {
        let (u1, u2) = (self.next_unit(), self.next_unit());
        (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
    }

    /// Student's t with 5 degrees of freedom, scaled to unit variance: the fat tails of real
    /// returns (excess kurtosis 6) with the spread of a standard normal.
    pub(super) fn next_fat_tailed(&mut self) -> f64 {
        const DEGREES: u32 = 5;
        let z = self.next_gaussian();
        let chi_square: f64 = (0..DEGREES).map(|_| self.next_gaussian().powi(2)).sum();
        let t = z / (chi_square / f64::from(DEGREES)).sqrt();
        t * ((f64::from(DEGREES) - 2.0) / f64::from(DEGREES)).sqrt()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_stream_gives_the_same_numbers_and_neighbours_differ() {
        let draw = |parts: &[u64]| SplitMix64::for_stream(parts).next_u64();
        assert_eq!(draw(&[1, 2]), draw(&[1, 2]));
        assert_ne!(draw(&[1, 2]), draw(&[1, 3]));
        assert_ne!(draw(&[1, 2]), draw(&[2, 1]));
    }

    #[test]
    fn gaussians_have_unit_spread() {
        let mut rng = SplitMix64::for_stream(&[7]);
        let draws: Vec<f64> = (0..20_000).map(|_| rng.next_gaussian()).collect();
        let mean = draws.iter().sum::<f64>() / draws.len() as f64;
        let var = draws.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / draws.len() as f64;
        assert!(mean.abs() < 0.05 && (var - 1.0).abs() < 0.05, "mean {mean}, variance {var}");
    }

    #[test]
    fn fat_tailed_draws_have_unit_spread_and_heavy_tails() {
        let mut rng = SplitMix64::for_stream(&[11]);
        let draws: Vec<f64> = (0..50_000).map(|_| rng.next_fat_tailed()).collect();
        let n = draws.len() as f64;
        let var = draws.iter().map(|x| x * x).sum::<f64>() / n;
        let kurtosis = draws.iter().map(|x| x.powi(4)).sum::<f64>() / n / (var * var) - 3.0;
        assert!((var - 1.0).abs() < 0.1, "variance {var}");
        assert!(kurtosis > 2.0, "excess kurtosis {kurtosis}");
    }
}
