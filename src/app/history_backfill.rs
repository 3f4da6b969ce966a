//! Filling in the signal history of recent sessions that no instance was running for.
//!
//! History is otherwise written as candles close, so a fresh deployment (or one that was down
//! over a weekend) would show an empty track record. At start every instance computes the
//! signals of the last few sessions from the market data and stores those the history lacks;
//! the insert is idempotent, so instances starting together cannot duplicate a row. Nothing
//! is announced on the bus: these signals are not news.

use chrono::{DateTime, Utc};

use super::Signalbox;
use super::signal_cache::{SIGNAL_CANDLES, SIGNAL_INTERVAL};
use crate::domain::market::Candle;
use crate::domain::signals::{Symbol, generate_signal};
use crate::ports::Recorded;

/// Enough for a week of track record without slowing a start noticeably (2 × 75 signals a
/// session, each microseconds of model time plus one candle read).
pub const BACKFILL_SESSIONS: usize = 5;

impl Signalbox {
    /// Stores the signals of every candle of the last `sessions` closed sessions (and of the
    /// current one up to `now`) that the history lacks, then settles their outcomes. Returns
    /// how many were new.
    pub async fn backfill_history(&self, now: DateTime<Utc>, sessions: usize) -> anyhow::Result<usize> {
        let mut closes = Vec::new();
        let mut at = now;
        if let Some(today) = self.deps.calendar.session_at(now) {
            closes.extend(today.candle_opens(SIGNAL_INTERVAL).map(|open| open + SIGNAL_INTERVAL.duration()));
            at = today.opens_at;
        }
        for _ in 0..sessions {
            let session = self.deps.calendar.last_closed_session(at);
            closes.extend(session.candle_opens(SIGNAL_INTERVAL).map(|open| open + SIGNAL_INTERVAL.duration()));
            at = session.opens_at;
        }
        closes.retain(|close| *close <= now);
        let mut stored = 0;
        for symbol in Symbol::ALL {
            for close in &closes {
                let candles = self.deps.market.latest(symbol, SIGNAL_INTERVAL, SIGNAL_CANDLES, *close).await?;
                let Some(last) = candles.last() else { continue };
                let closes_only: Vec<f64> = candles.iter().map(Candle::close).collect();
                let signal = generate_signal(symbol, &closes_only, last.close_time())?;
                if self.deps.signal_history.record(&signal).await? == Recorded::New {
                    stored += 1;
                }
            }
            // Settling works in batches; a backfill leaves several to do, and a reader should
            // not find them pending.
            for _ in 0..(closes.len() / 50 + 2) {
                if self.settle_outcomes(symbol, now).await? == 0 {
                    break;
                }
            }
        }
        if stored > 0 {
            tracing::info!(stored, sessions, "signal history backfilled");
        }
        Ok(stored)
    }
}
