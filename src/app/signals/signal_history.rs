//! Reading a symbol's signal history with outcomes. Never counted against the free quota.
//!
//! Paid users see every stored signal; free users only those up to the end of the previous
//! trading session (`history_visible_until`). The record to judge the signals by is the trade
//! calls' (`trade_calls`: `/signals/track-record`), not a hit rate over single signals: a
//! signal's 15-minute move is no trade anyone could have made. Outcomes due by now are settled first (see `app::signals::outcomes`);
//! if that fails the history is still served, with those outcomes still `None`. A page just
//! read is reused by the next readers of the same page until the market can have changed it
//! (see `app::signals::history_pages`).

use std::sync::Arc;

use chrono::{DateTime, Utc};

use super::SignalsService;
use super::history_pages::PageKey;
use super::standing_signal::SIGNAL_INTERVAL;
use crate::app::shared::failure::store_failures;
use crate::domain::UserId;
use crate::domain::signals::{HistoryLimit, Symbol, history_visible_until};
use crate::ports::{HistoryEntry, HistoryQuery, StoreError};

pub struct SignalHistoryResult {
    pub symbol: Symbol,
    /// Newest first, at most the limit; each with its outcome once 3 candles have closed.
    pub entries: Vec<HistoryEntry>,
    /// The latest timestamp the user may see; `None` for everything (paid).
    pub visible_until: Option<DateTime<Utc>>,
}

#[derive(Debug, thiserror::Error)]
pub enum SignalHistoryError {
    /// The billing store or the history is unavailable; retrying may help.
    #[error(transparent)]
    Unavailable(StoreError),
    #[error(transparent)]
    Unexpected(#[from] anyhow::Error),
}

store_failures!(SignalHistoryError);

impl SignalsService {
    pub async fn signal_history(
        &self,
        user: UserId,
        symbol: Symbol,
        limit: HistoryLimit,
    ) -> Result<Arc<SignalHistoryResult>, SignalHistoryError> {
        // The plan is real time's; what has happened in the market is the market clock's.
        let now = self.market_now();
        let plan = self.plans.plan_of(user).await?;
        let visible_until = history_visible_until(plan, &self.calendar, now);
        let key = PageKey { symbol, visible_until, limit: limit.get() };
        if let Some(page) = self.history_pages.get(&key, now) {
            return Ok(page);
        }
        let settled = match self.settle_outcomes(symbol, now).await {
            Ok(_) => true,
            Err(err) => {
                tracing::warn!(
                    error = format!("{err:#}"),
                    "outcomes could not be settled; serving the history as stored"
                );
                false
            }
        };
        let history = &self.signal_history;
        let query = HistoryQuery { symbol, up_to: visible_until, limit: limit.get() };
        let entries = history.recent(query).await?;
        let page = Arc::new(SignalHistoryResult { symbol, entries, visible_until });

        let moment = self.calendar.moment_at(now, SIGNAL_INTERVAL);
        // A page of the newest signals must hold the current candle's before it is reused.
        let complete = visible_until.is_some()
            || page.entries.first().is_some_and(|newest| newest.signal.generated_at >= moment.as_of());
        if settled && complete {
            self.history_pages.keep(key, page.clone(), now, moment.fresh_until);
        }
        Ok(page)
    }
}
