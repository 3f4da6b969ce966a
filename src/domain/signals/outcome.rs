//! How a signal turned out: the market's move over a fixed horizon after it.
//!
//! The horizon is counted in candles of the signal's interval (3 by default: 15 minutes on
//! 5-minute candles), measured from the close of the candle the signal was computed on to the
//! close of the candle `horizon` later. A BUY is a hit when the market rose, a SELL when it
//! fell; a flat market is a hit for neither. HOLD makes no claim, so it has no hit.

use super::Action;

/// Candles after the signal's candle at which its outcome is read.
pub const OUTCOME_HORIZON_CANDLES: usize = 3;

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Outcome {
    /// Minutes from the signal's candle close to the close the move is measured at.
    pub after_minutes: u32,
    /// `(exit - entry) / entry`, in percent.
    pub move_pct: f64,
    /// Whether the call was right; `None` for HOLD.
    pub hit: Option<bool>,
}

impl Outcome {
    /// The outcome of `action` called at `entry` (the signal candle's close), given the closes
    /// of the candles that followed it, each `interval_minutes` long. `None` until
    /// [`OUTCOME_HORIZON_CANDLES`] candles have closed: an outcome is never guessed.
    pub fn after(action: Action, entry: f64, later_closes: &[f64], interval_minutes: u32) -> Option<Self> {
        let exit = *later_closes.get(OUTCOME_HORIZON_CANDLES - 1)?;
        if !(entry.is_finite() && entry > 0.0 && exit.is_finite()) {
            return None;
        }
        let move_pct = (exit - entry) / entry * 100.0;
        let hit = match action {
            Action::Buy => Some(move_pct > 0.0),
            Action::Sell => Some(move_pct < 0.0),
            Action::Hold => None,
        };
        Some(Self { after_minutes: interval_minutes * OUTCOME_HORIZON_CANDLES as u32, move_pct, hit })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_buy_is_a_hit_when_the_market_rose_over_the_horizon() {
        let outcome = Outcome::after(Action::Buy, 26_000.0, &[25_990.0, 26_010.0, 26_026.0], 5).unwrap();
        assert_eq!(outcome.hit, Some(true));
        assert!((outcome.move_pct - 0.1).abs() < 1e-9, "{}", outcome.move_pct);
        assert_eq!(outcome.after_minutes, 15);
    }

    #[test]
    fn only_the_close_at_the_horizon_counts_not_the_path() {
        let outcome = Outcome::after(Action::Buy, 100.0, &[110.0, 105.0, 99.0, 120.0], 5).unwrap();
        assert_eq!(outcome.hit, Some(false));
        assert!((outcome.move_pct + 1.0).abs() < 1e-9);
    }

    #[test]
    fn a_sell_is_a_hit_when_the_market_fell_and_a_miss_when_it_rose() {
        assert_eq!(Outcome::after(Action::Sell, 100.0, &[100.0, 100.0, 99.5], 5).unwrap().hit, Some(true));
        assert_eq!(Outcome::after(Action::Sell, 100.0, &[100.0, 100.0, 100.5], 5).unwrap().hit, Some(false));
    }

    #[test]
    fn a_flat_market_is_a_hit_for_neither_side() {
        assert_eq!(Outcome::after(Action::Buy, 100.0, &[1.0, 1.0, 100.0], 5).unwrap().hit, Some(false));
        assert_eq!(Outcome::after(Action::Sell, 100.0, &[1.0, 1.0, 100.0], 5).unwrap().hit, Some(false));
    }

    #[test]
    fn hold_has_a_move_but_no_hit() {
        let outcome = Outcome::after(Action::Hold, 100.0, &[100.0, 100.0, 102.0], 5).unwrap();
        assert_eq!(outcome.hit, None);
        assert!((outcome.move_pct - 2.0).abs() < 1e-9);
    }

    #[test]
    fn there_is_no_outcome_before_the_horizon_has_passed() {
        assert_eq!(Outcome::after(Action::Buy, 100.0, &[101.0, 102.0], 5), None);
        assert_eq!(Outcome::after(Action::Buy, 0.0, &[1.0, 1.0, 1.0], 5), None, "no move from a zero entry");
    }
}
