//! Reading the trade calls and their ledger: a page of a symbol's calls, every closed call
//! (the CSV export), the track record over them, and the ledger's head. None of these count
//! against the free quota: they are the public record, not the live signal.
//!
//! Paid users see every stored call; free users those opened before the end of the previous
//! trading session (the same line as the signal history), so the current session's calls stay
//! the paid product. The track record is [`TrackRecord::of`] over exactly the closed calls the
//! CSV lists, so the CSV's net results add up to its total; its baseline reads each session's
//! candles from the market, one read per session that had a call.
//!
//! Calls open and close only at candle closes, so a track record or a first page of calls read
//! within one market moment is handed to the next readers of the same view until the moment
//! ends, for at most a minute (`history_pages`, which the history uses for the same reason):
//! without it the record cost a read of every closed call and of each session's candles per
//! request. The minute bounds what a close recorded a moment late by another instance hides.

use std::collections::BTreeSet;
use std::sync::Arc;

use chrono::{DateTime, Duration, NaiveDate, Utc};

use super::SignalsService;
use super::history_pages::PageKey;
use super::standing_signal::SIGNAL_INTERVAL;
use crate::app::shared::failure::store_failures;
use crate::domain::UserId;
use crate::domain::calls::{Call, CallId, SessionMove, TrackRecord};
use crate::domain::market::CandleRange;
use crate::domain::market::calendar::ist;
use crate::domain::signals::{Symbol, history_visible_until};
use crate::ports::{CallPage, CallPageQuery, LedgerHead, StoreError, StoredCall};

#[derive(Debug, thiserror::Error)]
pub enum TradeCallsError {
    /// The billing store or the ledger is unavailable; retrying may help.
    #[error(transparent)]
    Unavailable(StoreError),
    #[error(transparent)]
    Unexpected(#[from] anyhow::Error),
}

store_failures!(TradeCallsError);

/// A symbol's track record as one user may see it.
pub struct TrackRecordResult {
    pub symbol: Symbol,
    pub record: TrackRecord,
}

impl SignalsService {
    /// The latest instant a user's visible calls may open before; `None` for every call.
    async fn calls_visible_before(&self, user: UserId) -> Result<Option<DateTime<Utc>>, TradeCallsError> {
        let plan = self.plans.plan_of(user).await?;
        Ok(history_visible_until(plan, &self.calendar, self.market_now()))
    }

    /// One page of `symbol`'s calls, newest first, after `cursor` (the previous page's
    /// `next_cursor`). `limit` is checked at the edge (1..=200).
    ///
    /// # Errors
    /// [`TradeCallsError::Unavailable`] when billing or the ledger cannot be reached.
    pub async fn call_page(
        &self,
        user: UserId,
        symbol: Symbol,
        limit: usize,
        cursor: Option<CallId>,
    ) -> Result<Arc<CallPage>, TradeCallsError> {
        let opened_before = self.calls_visible_before(user).await?;
        let first = cursor.is_none();
        let key = PageKey { symbol, visible_until: opened_before, limit };
        let now = self.market_now();
        // The first page is what every open dashboard reads at each candle close: one shared
        // answer per market moment (the edge serialises it once, by pointer).
        if first && let Some(page) = self.first_call_pages.get(&key, now) {
            return Ok(page);
        }
        let page = Arc::new(self.call_ledger.page(&CallPageQuery { symbol, limit, cursor, opened_before }).await?);
        if first {
            let moment_ends = self.calendar.moment_at(now, SIGNAL_INTERVAL).fresh_until;
            self.first_call_pages.keep(key, page.clone(), now, moment_ends);
        }
        Ok(page)
    }

    /// Every closed call of `symbol` the user may see, oldest first.
    ///
    /// # Errors
    /// As [`SignalsService::call_page`].
    pub async fn closed_calls(&self, user: UserId, symbol: Symbol) -> Result<Vec<StoredCall>, TradeCallsError> {
        let opened_before = self.calls_visible_before(user).await?;
        Ok(self.call_ledger.closed_calls(symbol, opened_before).await?)
    }

    /// The track record of the closed calls [`SignalsService::closed_calls`] returns.
    ///
    /// # Errors
    /// As [`SignalsService::call_page`]; a market that cannot give a session's candles only
    /// leaves that session out of the baseline.
    pub async fn call_track_record(
        &self,
        user: UserId,
        symbol: Symbol,
    ) -> Result<Arc<TrackRecordResult>, TradeCallsError> {
        let opened_before = self.calls_visible_before(user).await?;
        // Limit 0: no call page has it, and the key says "the whole record".
        let key = PageKey { symbol, visible_until: opened_before, limit: 0 };
        let now = self.market_now();
        if let Some(record) = self.track_records.get(&key, now) {
            return Ok(record);
        }
        let calls: Vec<Call> =
            self.call_ledger.closed_calls(symbol, opened_before).await?.into_iter().map(|stored| stored.call).collect();
        let dates: BTreeSet<NaiveDate> =
            calls.iter().map(|call| call.opened_at.with_timezone(&ist()).date_naive()).collect();
        let mut sessions = Vec::with_capacity(dates.len());
        for date in dates {
            if let Some(session) = self.session_move(symbol, date).await {
                sessions.push(session);
            }
        }
        let record = TrackRecord::of(&calls, &sessions, self.policies.cost);
        let result = Arc::new(TrackRecordResult { symbol, record });
        let moment_ends = self.calendar.moment_at(now, SIGNAL_INTERVAL).fresh_until;
        self.track_records.keep(key, result.clone(), now, moment_ends);
        Ok(result)
    }

    pub(super) async fn session_move(&self, symbol: Symbol, date: NaiveDate) -> Option<SessionMove> {
        let midnight = date.and_hms_opt(0, 0, 0)?.and_local_timezone(ist()).single()?.to_utc();
        let range = CandleRange::new(midnight, midnight + Duration::days(1)).ok()?;
        match self.market.candles(symbol, SIGNAL_INTERVAL, range).await {
            Ok(candles) => SessionMove::of(&candles),
            Err(err) => {
                tracing::warn!(error = %err, %date, "a session's candles are missing from the baseline");
                None
            }
        }
    }

    /// The ledger's last entry; `None` while no call has been recorded.
    ///
    /// # Errors
    /// [`TradeCallsError::Unavailable`] when the ledger cannot be reached.
    pub async fn ledger_head(&self) -> Result<Option<LedgerHead>, TradeCallsError> {
        Ok(self.call_ledger.head().await?)
    }
}
