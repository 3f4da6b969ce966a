//! Which calls are alike enough to learn each other's odds: the same symbol and the same side.
//!
//! Long and short calls are kept apart because a market that drifts (up for years, in the
//! NSE's case) makes one side's targets easier to reach than the other's; NIFTY and BANKNIFTY
//! because their volatility and trends differ. A finer kind (an RSI band, the trend's
//! strength, the time of day) can be added here; each split needs its own few dozen calls
//! before it says more than the pooled rate, which is why there are no more yet.

use super::{Call, Direction};
use crate::domain::signals::Symbol;

/// Calls whose outcomes are pooled to estimate each other's confidence.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct CallKind {
    pub symbol: Symbol,
    pub direction: Direction,
}

impl CallKind {
    pub fn of(call: &Call) -> Self {
        Self { symbol: call.symbol, direction: call.direction }
    }
}
