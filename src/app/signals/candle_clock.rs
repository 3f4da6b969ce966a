//! The candle clock: a background loop that, at each candle close during market hours,
//! computes the signals (so the live stream emits even when nobody asks for `/signals`) and
//! settles the outcomes whose horizon has just passed.
//!
//! It runs on the market's clock: it waits, through that [`Clock`], for the span it says
//! remains until the next close — real time for the real clock, that span divided by the
//! speed for a scaled demo clock — so a test pauses Tokio's time and drives it with a clock
//! that follows Tokio's (see the tests) instead of sleeping. Every instance runs one unless
//! told not to (`SIGNAL_CLOCK=off`); the single-flight cache and the history's idempotent
//! insert keep that to one stored and announced signal per candle. A failed pass is logged
//! and the loop carries on at the next close.
//!
//! In a year without a market calendar a tick does nothing but warn: whether the exchange
//! trades that day is not known, so no signal is computed, stored or announced (the operator
//! sees the same reason on `/ready`).
//!
//! [`Clock`]: crate::ports::Clock

use std::sync::Arc;

use chrono::{DateTime, Utc};

use super::SignalsService;
use super::standing_signal::SIGNAL_INTERVAL;
use crate::domain::market::MarketStatus;
use crate::domain::signals::Symbol;

impl SignalsService {
    /// Runs the candle clock until the future is dropped. Spawn it once per instance.
    pub async fn run_candle_clock(self: Arc<Self>) {
        loop {
            let now = self.market_now();
            let next = self.calendar.next_candle_close(now, SIGNAL_INTERVAL);
            self.market_clock.pause((next - now).to_std().unwrap_or_default()).await;
            self.candle_closed(self.market_now()).await;
        }
    }

    /// One tick of the clock: the signals of the candle closed at `now`, then outcomes.
    pub async fn candle_closed(&self, now: DateTime<Utc>) {
        if self.calendar.status_at(now) == MarketStatus::Unknown {
            tracing::warn!(%now, "candle clock: no market calendar for this year; no signals computed");
            return;
        }
        if let Err(err) = self.signals.at(now).await {
            tracing::warn!(error = format!("{err:#}"), "candle clock: signals could not be computed");
        }
        for symbol in Symbol::ALL {
            if let Err(err) = self.settle_outcomes(symbol, now).await {
                tracing::warn!(error = format!("{err:#}"), symbol = symbol.as_str(), "candle clock: settling failed");
            }
        }
    }
}
