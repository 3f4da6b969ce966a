//! Filling in the signal history of recent sessions that no instance was running for.
//!
//! History is otherwise written as candles close, so a fresh deployment (or one that was down
//! over a weekend) would show an empty track record. At start every instance computes the
//! signals of the last few sessions from the market data and stores those the history lacks;
//! the insert is idempotent, so instances starting together cannot duplicate a row. Nothing
//! is announced on the bus: these signals are not news. Candles in a year without a market
//! calendar are skipped: that they traded at all is a guess.

use chrono::{DateTime, Datelike, Utc};

use super::SignalsService;
use super::call_recorder::CANDLES_READ;
use super::standing_signal::{SIGNAL_INTERVAL, standing_signal};
use crate::domain::signals::Symbol;
use crate::ports::Recorded;

/// Enough for a week of track record without slowing a start noticeably (2 × 75 signals a
/// session, each microseconds of model time plus one candle read).
pub const BACKFILL_SESSIONS: usize = 5;

/// Catch-up passes after the backfill at start; each is shorter than the one before, so a
/// few reach the present.
const CATCH_UP_PASSES: usize = 4;

impl SignalsService {
    /// What an instance does before its candle clock starts: the recent sessions, then the
    /// candles that closed while that ran. A backfill takes seconds (more on a slow machine,
    /// many candles on a fast demo clock), and the clock only handles closes after it starts:
    /// without the catch-up those candles were missing from the history for good.
    pub async fn backfill_at_start(&self) -> anyhow::Result<usize> {
        let mut since = self.market_now();
        let mut stored = self.backfill_history(since, BACKFILL_SESSIONS).await?;
        for _ in 0..CATCH_UP_PASSES {
            let now = self.market_now();
            let closes: Vec<_> = self.recent_closes(now, 1).into_iter().filter(|close| *close > since).collect();
            if closes.is_empty() {
                break;
            }
            stored += self.store_history(&closes, now).await?;
            since = now;
        }
        Ok(stored)
    }

    /// Stores the signals of every candle of the last `sessions` closed sessions (and of the
    /// current one up to `now`) that the history lacks, then settles their outcomes. Returns
    /// how many were new.
    pub async fn backfill_history(&self, now: DateTime<Utc>, sessions: usize) -> anyhow::Result<usize> {
        let closes = self.recent_closes(now, sessions);
        let stored = self.store_history(&closes, now).await?;
        if stored > 0 {
            tracing::info!(stored, sessions, "signal history backfilled");
        }
        Ok(stored)
    }

    /// The candle closes of the current session up to `now` and of the `sessions` closed
    /// sessions before it.
    fn recent_closes(&self, now: DateTime<Utc>, sessions: usize) -> Vec<DateTime<Utc>> {
        let mut closes = Vec::new();
        let mut at = now;
        if let Some(today) = self.calendar.session_at(now) {
            closes.extend(today.candle_opens(SIGNAL_INTERVAL).map(|open| open + SIGNAL_INTERVAL.duration()));
            at = today.opens_at;
        }
        for _ in 0..sessions {
            let session = self.calendar.last_closed_session(at);
            closes.extend(session.candle_opens(SIGNAL_INTERVAL).map(|open| open + SIGNAL_INTERVAL.duration()));
            at = session.opens_at;
        }
        closes.retain(|close| *close <= now && self.calendar.covers(self.calendar.day_of(*close).year()));
        closes
    }

    /// Stores the signals of the candles closed at `closes` that the history lacks, then
    /// settles outcomes as of `now`. Returns how many were new.
    async fn store_history(&self, closes: &[DateTime<Utc>], now: DateTime<Utc>) -> anyhow::Result<usize> {
        let mut stored = 0;
        for symbol in Symbol::ALL {
            for close in closes {
                let candles = self.market.latest(symbol, SIGNAL_INTERVAL, CANDLES_READ, *close).await?;
                let Some(last) = candles.last() else { continue };
                let provenance = self.market.provenance();
                let signal = standing_signal(symbol, &candles, last.close_time(), &self.calendar, &provenance, now)?;
                if self.signal_history.record(&signal).await? == Recorded::New {
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
        Ok(stored)
    }
}
