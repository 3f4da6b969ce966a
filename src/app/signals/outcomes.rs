//! Settling outcomes: once the market has moved on by the outcome horizon (3 candles), each
//! stored signal gets its outcome, read from the candles and stored with it.
//!
//! Stored rather than computed on every read: closed candles never change, so an outcome is
//! final once known, and the track record over a symbol's whole history becomes one
//! aggregate in the store instead of a candle read per signal. Settling runs at each candle
//! close (the candle clock) and before each history read, so a history never shows a signal
//! without the outcome its candles already decide. The move is measured from the signal's
//! price (its candle's close on the 0.05 tick, what the trader saw).

use anyhow::Context;
use chrono::{DateTime, Duration, Utc};

use super::SignalsService;
use super::standing_signal::SIGNAL_INTERVAL;
use crate::domain::market::{Candle, CandleRange};
use crate::domain::signals::{OUTCOME_HORIZON_CANDLES, Outcome, Symbol};

/// Signals settled per pass; the candle clock's next pass takes the rest.
const SETTLE_BATCH: usize = 100;
/// How far past a signal its horizon candles are looked for: covers the longest run of
/// holidays and a weekend, so a signal before a long break still settles in one read.
const HORIZON_SEARCH: Duration = Duration::days(10);

impl SignalsService {
    /// Settles every signal of `symbol` whose horizon candles had closed by `now`; returns how
    /// many were settled.
    ///
    /// # Errors
    /// When the history or the market data cannot be read, or an outcome cannot be stored.
    pub async fn settle_outcomes(&self, symbol: Symbol, now: DateTime<Utc>) -> anyhow::Result<usize> {
        // No horizon can have passed for a signal younger than the horizon itself.
        let horizon = SIGNAL_INTERVAL.duration() * OUTCOME_HORIZON_CANDLES as i32;
        let pending = self.signal_history.unsettled(symbol, now - horizon, SETTLE_BATCH).await?;
        // Only those whose horizon candles have closed by the market's clock: a signal at
        // Friday's close waits for Monday, and reading candles for it on every history read
        // until then would cost a market-data query for nothing.
        let pending: Vec<_> =
            pending.into_iter().filter(|signal| self.horizon_closed(signal.generated_at, now)).collect();
        let (Some(first), Some(last)) = (pending.first(), pending.last()) else { return Ok(0) };
        let until = now.min(last.generated_at + HORIZON_SEARCH);
        let range = CandleRange::new(first.generated_at, until).context("settling range")?;
        let candles = self.market.candles(symbol, SIGNAL_INTERVAL, range).await?;
        let minutes = u32::try_from(SIGNAL_INTERVAL.minutes()).expect("an interval is a few minutes");
        let mut settled = 0;
        for signal in &pending {
            let later: Vec<f64> = candles
                .iter()
                .filter(|c| c.open_time() >= signal.generated_at)
                .take(OUTCOME_HORIZON_CANDLES)
                .map(Candle::close)
                .collect();
            if let Some(outcome) = Outcome::after(signal.action, signal.price, &later, minutes) {
                self.signal_history.settle(symbol, signal.generated_at, &outcome).await?;
                settled += 1;
            }
        }
        Ok(settled)
    }

    /// Whether the horizon candles after a signal stamped `at` had all closed by `now`.
    fn horizon_closed(&self, at: DateTime<Utc>, now: DateTime<Utc>) -> bool {
        let mut close = at;
        for _ in 0..OUTCOME_HORIZON_CANDLES {
            close = self.calendar.next_candle_close(close, SIGNAL_INTERVAL);
        }
        close <= now
    }
}
