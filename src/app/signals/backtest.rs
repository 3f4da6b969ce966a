//! The backtest: the live call rules run over stored or imported candles, day by day.
//!
//! Each session is computed exactly as the live recorder computes it at that session's last
//! close ([`session_events`]: the same candles read, the same replay start, the confidence
//! model from the calls closed before it — stored ones and the backtest's own), so a backtest
//! over days the live ledger covered yields the identical calls and outcomes.

use std::collections::BTreeMap;

use chrono::{Duration, NaiveDate};

use super::SignalsService;
use super::call_recorder::{CANDLES_READ, replay_start, session_events};
use super::standing_signal::SIGNAL_INTERVAL;
use super::trade_calls::TradeCallsError;
use crate::domain::calls::{Call, CallEvent, CallId, TrackRecord};
use crate::domain::market::calendar::ist;
use crate::domain::signals::Symbol;

/// What a backtest found: every call, oldest first, and their track record.
pub struct BacktestResult {
    pub calls: Vec<Call>,
    pub record: TrackRecord,
}

impl SignalsService {
    /// The calls the live rules make for `symbol` over the sessions from `from` to `to`
    /// (IST dates, inclusive).
    ///
    /// # Errors
    /// [`TradeCallsError::Unavailable`] when the ledger cannot be read; a market failure or
    /// candles out of order are [`TradeCallsError::Unexpected`].
    pub async fn backtest(
        &self,
        symbol: Symbol,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<BacktestResult, TradeCallsError> {
        let stored: Vec<Call> =
            self.call_ledger.closed_calls(symbol, None).await?.into_iter().map(|stored| stored.call).collect();
        let mut calls: BTreeMap<CallId, Call> = BTreeMap::new();
        let mut day = from;
        while day <= to {
            let end_of_day = day.succ_opt().and_then(|next| next.and_hms_opt(0, 0, 0)).and_then(|midnight| {
                midnight.and_local_timezone(ist()).single().map(|at| at.to_utc() - Duration::seconds(1))
            });
            let Some(end_of_day) = end_of_day else { break };
            let candles = self
                .market
                .latest(symbol, SIGNAL_INTERVAL, CANDLES_READ, end_of_day)
                .await
                .map_err(|err| TradeCallsError::Unexpected(err.into()))?;
            let is_session =
                candles.last().is_some_and(|last| last.open_time().with_timezone(&ist()).date_naive() == day);
            if is_session && let Some(start) = replay_start(&candles) {
                let prior: Vec<Call> = stored
                    .iter()
                    .filter(|call| !calls.contains_key(&call.id))
                    .chain(calls.values())
                    .filter(|call| call.opened_at < start)
                    .cloned()
                    .collect();
                let events = session_events(symbol, &candles, &self.calendar, self.policies.cost, &prior)
                    .map_err(|err| TradeCallsError::Unexpected(err.into()))?;
                for event in events {
                    let (CallEvent::Opened(call) | CallEvent::Closed(call)) = event;
                    calls.insert(call.id.clone(), call);
                }
            }
            day += Duration::days(1);
        }
        let calls: Vec<Call> = calls.into_values().collect();
        let mut sessions = Vec::new();
        let dates: std::collections::BTreeSet<NaiveDate> =
            calls.iter().map(|call| call.opened_at.with_timezone(&ist()).date_naive()).collect();
        for date in dates {
            if let Some(session) = self.session_move(symbol, date).await {
                sessions.push(session);
            }
        }
        let record = TrackRecord::of(&calls, &sessions, self.policies.cost);
        Ok(BacktestResult { calls, record })
    }
}
