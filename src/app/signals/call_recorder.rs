//! Live trade calls: on each candle close, the symbol's [`CallBook`] is fed and every call it
//! opens or closes is recorded in the ledger.
//!
//! The book is rebuilt for each close rather than kept in memory, from a first candle every
//! instance agrees on: the first candle of the session before the one that just closed a
//! candle, with [`STANCE_CLOSES`] candles before it so each stance is read as the live signal
//! reads it, and the confidence model as of that candle from the stored closed calls. Calls
//! never carry overnight, so the previous session only warms the book up (its volatility, its
//! stance, what it learnt); what it replays there is not recorded again. The current session's
//! events are all recorded, and the ledger's insert-if-absent makes the ones already stored —
//! by an earlier close, another instance, or before a restart — `AlreadyRecorded`. So an
//! instance that missed closes (it started late, or another instance computed them) still
//! records what it missed, and no in-memory state can drift between instances.
//!
//! One approximation follows: the replayed previous session teaches the confidence model its
//! own calls, which differ from the stored ones only where that session's replay started
//! colder than its live run did (its first candles, before the volatility window fills).
//!
//! When the candle that closed is its session's last, the session's summary is queued for
//! alerts: keyed by symbol and session date, so every instance may try and one row results.
//!
//! The cost, one candle read and one read of the symbol's closed calls per symbol per candle
//! close, is paid once per instance every five minutes. Like the history, the ledger is an
//! extra on top of `/signals`: a failure is logged, never returned.

use std::sync::Arc;

use chrono::{DateTime, Utc};

use super::standing_signal::SIGNAL_INTERVAL;
use crate::domain::alerts::SessionSummary;
use crate::domain::calls::{
    BookError, Call, CallEvent, CostBps, STANCE_CLOSES, replay_first, replay_session, session_close,
};
use crate::domain::market::calendar::ist;
use crate::domain::market::{Candle, MarketCalendar};
use crate::domain::signals::Symbol;
use crate::ports::{AlertOutbox, CallLedger, CallPageQuery, CallRecorded, MAX_CALLS_PAGE, MarketData};

/// Five-minute candles in one full NSE session (09:15–15:30).
const SESSION_CANDLES: usize = 75;
/// Candles read per close: the two sessions replayed, and the stance window before them.
pub const CANDLES_READ: usize = STANCE_CLOSES + 2 * SESSION_CANDLES;

#[derive(Clone)]
pub struct CallRecorder {
    ledger: Arc<dyn CallLedger>,
    market: Arc<dyn MarketData>,
    calendar: MarketCalendar,
    cost: CostBps,
    summaries: Option<Arc<dyn AlertOutbox>>,
}

impl CallRecorder {
    pub fn new(
        ledger: Arc<dyn CallLedger>,
        market: Arc<dyn MarketData>,
        calendar: MarketCalendar,
        cost: CostBps,
    ) -> Self {
        Self { ledger, market, calendar, cost, summaries: None }
    }

    /// Also queues each symbol's end-of-session summary in `outbox`.
    pub fn with_summaries(mut self, outbox: Arc<dyn AlertOutbox>) -> Self {
        self.summaries = Some(outbox);
        self
    }

    /// Records the calls of `symbol` up to the candle closing at `candle_close`; returns how
    /// many events were new. Failures are logged, never returned.
    pub async fn on_close(&self, symbol: Symbol, candle_close: DateTime<Utc>) -> usize {
        match self.record(symbol, candle_close).await {
            Ok(new) => new,
            Err(err) => {
                tracing::warn!(error = %err, symbol = symbol.as_str(), "trade calls could not be recorded");
                0
            }
        }
    }

    async fn record(&self, symbol: Symbol, candle_close: DateTime<Utc>) -> anyhow::Result<usize> {
        let candles = self.market.latest(symbol, SIGNAL_INTERVAL, CANDLES_READ, candle_close).await?;
        let events = self.current_session_events(symbol, &candles).await?;
        let mut new = 0;
        for event in &events {
            if let CallRecorded::New(_) = self.ledger.record(event).await? {
                new += 1;
            }
        }
        if let (Some(outbox), Some(last)) = (&self.summaries, candles.last())
            && last.close_time() >= session_close(&self.calendar, last)
        {
            self.queue_summary(outbox.as_ref(), symbol, last).await?;
        }
        Ok(new)
    }

    /// Queues the summary of `last`'s session (insert-if-absent by symbol and date).
    async fn queue_summary(&self, outbox: &dyn AlertOutbox, symbol: Symbol, last: &Candle) -> anyhow::Result<()> {
        let session = last.open_time().with_timezone(&ist()).date_naive();
        let query = CallPageQuery { symbol, limit: MAX_CALLS_PAGE, cursor: None, opened_before: None };
        let calls = self.ledger.page(&query).await?.calls.into_iter().map(|stored| stored.call);
        let summary = SessionSummary::of(symbol, session, calls);
        outbox.add_event(&summary.event(last.close_time())).await?;
        Ok(())
    }

    /// Replays the previous session and the current one up to the last candle; returns the
    /// current session's events.
    async fn current_session_events(&self, symbol: Symbol, candles: &[Candle]) -> anyhow::Result<Vec<CallEvent>> {
        let Some(start) = replay_start(candles) else { return Ok(Vec::new()) };
        let prior: Vec<Call> =
            self.ledger.closed_calls(symbol, Some(start)).await?.into_iter().map(|stored| stored.call).collect();
        Ok(session_events(symbol, candles, &self.calendar, self.cost, &prior)?)
    }
}

/// Where the replay of `candles` starts: the first candle of the session before the last
/// candle's, when enough candles come before it to read each stance as the live signal does.
pub fn replay_start(candles: &[Candle]) -> Option<DateTime<Utc>> {
    let first = replay_first(candles)?;
    Some(candles[first].open_time())
}

/// The events of the last candle's session, the book replayed from [`replay_start`] with its
/// confidence model as of then from `prior` (closed calls; later ones are ignored). Empty when
/// `candles` are too few. The live path, the backtest and each signal's stance
/// ([`replay_position`](crate::domain::calls::replay_position)) replay alike, so they agree.
///
/// # Errors
/// [`BookError`] when the candles are another symbol's or out of order.
pub fn session_events(
    symbol: Symbol,
    candles: &[Candle],
    calendar: &MarketCalendar,
    cost: CostBps,
    prior: &[Call],
) -> Result<Vec<CallEvent>, BookError> {
    Ok(replay_session(symbol, candles, calendar, cost, prior)?.map(|(events, _)| events).unwrap_or_default())
}
