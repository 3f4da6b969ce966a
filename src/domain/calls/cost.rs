//! What one round trip (open and close a call) costs, in basis points of the entry price.
//!
//! A call's record is only honest net of what a trader would have paid to follow it, so every
//! call is judged net of a [`CostBps`]: `result_pct_net = result_pct − cost_bps / 100`.
//!
//! The default, [`CostBps::DEFAULT`] = 7 bps, is one lot of an NSE index future (NIFTY
//! 65 × ~26,000 ≈ ₹16.9 lakh notional; BANKNIFTY 30 × ~58,000 is about the same) bought and
//! sold once, at the charges in force since 1 April 2026:
//!
//! | charge                                    | rule                             | bps of notional |
//! |-------------------------------------------|----------------------------------|----------------:|
//! | STT, sell side only                       | 0.05 % (0.02 % until March 2026) |           5.000 |
//! | NSE transaction charge, both legs         | 0.00173 % × 2                    |           0.346 |
//! | SEBI turnover fee, both legs              | ₹10 per crore × 2                |           0.020 |
//! | stamp duty, buy side only                 | 0.002 %                          |           0.200 |
//! | brokerage, flat ₹20 per order             | ₹40 / ₹16.9 lakh                 |           0.237 |
//! | GST on brokerage + exchange + SEBI fees   | 18 % × (0.237 + 0.346 + 0.020)   |           0.109 |
//! | **charges**                               |                                  |        **5.91** |
//! | slippage: half a ~1-point spread each way | 2 × 0.5 / 26,000                 |            ~0.4 |
//! | slippage on stop orders filling late      | allowance                        |            ~0.6 |
//! | **round trip**                            |                                  |   **≈ 6.9 → 7** |
//!
//! Before the April 2026 STT rise the same sum came to about 6 bps. The operator overrides the
//! default (configuration `SIGNAL_COST_BPS`), parsed at the edge with [`CostBps::parse`].

use std::fmt;

/// A round-trip cost in basis points (1 bp = 0.01 %), finite and within `0..=MAX`.
#[derive(Clone, Copy, Debug, PartialEq, PartialOrd)]
pub struct CostBps(f64);

#[derive(Debug, Clone, Copy, PartialEq, thiserror::Error)]
#[error("a round-trip cost must be a number of basis points from 0 to {max}", max = CostBps::MAX)]
pub struct CostError;

impl CostBps {
    /// NSE index futures, one lot, round trip (the arithmetic is in the module docs).
    pub const DEFAULT: CostBps = CostBps(7.0);
    /// 1 %: anything above is a typo (percent for basis points), not a real cost.
    pub const MAX: f64 = 100.0;
    pub const ZERO: CostBps = CostBps(0.0);

    /// # Errors
    /// [`CostError`] unless `bps` is finite and within `0..=100`.
    pub fn parse(bps: f64) -> Result<Self, CostError> {
        if bps.is_finite() && (0.0..=Self::MAX).contains(&bps) { Ok(Self(bps + 0.0)) } else { Err(CostError) }
    }

    pub fn bps(self) -> f64 {
        self.0
    }

    /// The cost as a percentage of the entry price: what is taken off a call's `result_pct`.
    pub fn pct(self) -> f64 {
        self.0 / 100.0
    }
}

impl Default for CostBps {
    fn default() -> Self {
        Self::DEFAULT
    }
}

impl fmt::Display for CostBps {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} bps", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cost_is_a_finite_number_of_basis_points_up_to_one_percent() {
        assert_eq!(CostBps::parse(7.0).unwrap().pct(), 0.07);
        assert_eq!(CostBps::parse(0.0), Ok(CostBps::ZERO));
        assert_eq!(CostBps::parse(100.0).unwrap().bps(), 100.0);
        assert_eq!(CostBps::parse(-0.5), Err(CostError));
        assert_eq!(CostBps::parse(100.5), Err(CostError));
        assert_eq!(CostBps::parse(f64::NAN), Err(CostError));
    }

    #[test]
    fn the_default_is_the_documented_round_trip_of_an_index_future() {
        let charges: f64 = 5.0 + 0.346 + 0.020 + 0.200 + 0.237 + 0.18 * (0.237 + 0.346 + 0.020);
        assert!((charges - 5.91).abs() < 0.01, "{charges}");
        assert_eq!(CostBps::default().bps(), (charges + 1.0).round());
    }
}
