//! The last `/signals` answer a user received today (IST), read again without spending a
//! request.
//!
//! A free user gets three answers a day, and after the close all three are the same candle.
//! Keeping the last answer lets the dashboard show it on load instead of leading the user to
//! spend a request on what they already have. Paid users get theirs the same way.
//!
//! The answer is kept in the shared [`Cache`](crate::ports::Cache) port under the user and
//! the quota day, until that day ends — so every instance (Redis) and the embedded default
//! serve it, and the next IST day starts with none. It is served with the quota as it is now,
//! never as it was. Keeping it is best effort: a cache that fails costs the user a 404 later,
//! never the `/signals` answer they spent a request on. A process remembers which answer it
//! last kept for a user, so a paid user polling within one candle costs no extra write.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::SignalsService;
use super::cached_signal::CachedSignal;
use super::get_signals::{MarketView, SignalsResult};
use super::quota_status::QuotaStatusError;
use super::signal_cache::MarketSignals;
use crate::app::shared::failure::store_failures;
use crate::app::shared::keys;
use crate::domain::market::{CandleSlot, MarketMoment, MarketStatus};
use crate::domain::signals::Symbol;
use crate::domain::{QuotaDay, UserId};

/// Users remembered at most; past this the memory starts over (a few redundant writes).
const MAX_ENTRIES: usize = 100_000;

#[derive(Debug, thiserror::Error)]
pub enum LastSignalsError {
    #[error("no signals received today yet; GET /signals fetches the latest")]
    NotFound,
    /// A backing service is unavailable; retrying may help.
    #[error(transparent)]
    Unavailable(crate::ports::StoreError),
    #[error(transparent)]
    Unexpected(#[from] anyhow::Error),
}

store_failures!(LastSignalsError);

impl From<QuotaStatusError> for LastSignalsError {
    fn from(err: QuotaStatusError) -> Self {
        match err {
            QuotaStatusError::Unavailable(err) => Self::Unavailable(err),
            QuotaStatusError::Unexpected(err) => Self::Unexpected(err),
        }
    }
}

/// Which answer this process last kept for each user: (quota day, the answer's moment).
#[derive(Default)]
pub(crate) struct KeptAnswers(Mutex<HashMap<UserId, (NaiveDate, MarketMoment)>>);

impl KeptAnswers {
    fn is_kept(&self, user: UserId, day: NaiveDate, moment: &MarketMoment) -> bool {
        self.0.lock().unwrap_or_else(|p| p.into_inner()).get(&user) == Some(&(day, *moment))
    }

    fn remember(&self, user: UserId, day: NaiveDate, moment: MarketMoment) {
        let mut kept = self.0.lock().unwrap_or_else(|p| p.into_inner());
        if kept.len() >= MAX_ENTRIES && !kept.contains_key(&user) {
            kept.clear();
        }
        kept.insert(user, (day, moment));
    }
}

/// The kept form of an answer: the market's moment as the user was told it, and the signals.
#[derive(Serialize, Deserialize)]
struct KeptAnswer {
    status: String,
    candle_open: DateTime<Utc>,
    candle_close: DateTime<Utc>,
    next_open: Option<DateTime<Utc>>,
    fresh_until: DateTime<Utc>,
    simulated: bool,
    signals: Vec<KeptSignal>,
}

#[derive(Serialize, Deserialize)]
struct KeptSignal {
    symbol: String,
    #[serde(flatten)]
    signal: CachedSignal,
}

impl KeptAnswer {
    fn of(result: &SignalsResult) -> Self {
        let moment = result.current.moment;
        Self {
            status: moment.status.as_str().to_owned(),
            candle_open: moment.candle.open_time,
            candle_close: moment.candle.close_time,
            next_open: moment.next_open,
            fresh_until: moment.fresh_until,
            simulated: result.market.simulated,
            signals: result
                .current
                .signals
                .iter()
                .map(|s| KeptSignal { symbol: s.symbol.as_str().to_owned(), signal: CachedSignal::of(s) })
                .collect(),
        }
    }

    /// `None` when it no longer parses (kept by another version): as if nothing was kept.
    fn into_parts(self) -> Option<(MarketSignals, bool)> {
        let status = match self.status.as_str() {
            "open" => MarketStatus::Open,
            "closed" => MarketStatus::Closed,
            "unknown" => MarketStatus::Unknown,
            _ => return None,
        };
        let moment = MarketMoment {
            status,
            candle: CandleSlot { open_time: self.candle_open, close_time: self.candle_close },
            next_open: self.next_open,
            fresh_until: self.fresh_until,
        };
        let signals = self
            .signals
            .into_iter()
            .map(|kept| kept.signal.into_signal(Symbol::parse(&kept.symbol)?))
            .collect::<Option<Vec<_>>>()?;
        Some((MarketSignals { moment, signals }, self.simulated))
    }
}

impl SignalsService {
    /// Keeps `result` as `user`'s last answer of quota day `day`; failures are logged only.
    pub(super) async fn keep_last(&self, user: UserId, day: QuotaDay, now: DateTime<Utc>, result: &SignalsResult) {
        let moment = result.current.moment;
        if self.kept_answers.is_kept(user, day.date, &moment) {
            return;
        }
        let ttl = (day.resets_at - now).to_std().unwrap_or(Duration::ZERO);
        if ttl.is_zero() {
            return;
        }
        let json = match serde_json::to_string(&KeptAnswer::of(result)) {
            Ok(json) => json,
            Err(err) => {
                tracing::warn!(error = %err, "last signals could not be encoded");
                return;
            }
        };
        match self.cache.set(&keys::last_signals(user, day.date), &json, ttl).await {
            Ok(()) => self.kept_answers.remember(user, day.date, moment),
            Err(err) => tracing::warn!(error = %err, "last signals could not be kept"),
        }
    }

    /// The last answer `user` received from `/signals` today, with today's quota as it is now.
    ///
    /// # Errors
    /// [`LastSignalsError::NotFound`] when there is none today; `Unavailable` when the cache
    /// or the quota store does not answer.
    pub async fn last_signals(&self, user: UserId) -> Result<SignalsResult, LastSignalsError> {
        let day = self.policies.quota.day_of(self.now());
        let raw = self.cache.get(&keys::last_signals(user, day.date)).await?.ok_or(LastSignalsError::NotFound)?;
        let kept: KeptAnswer = serde_json::from_str(&raw).map_err(|_| LastSignalsError::NotFound)?;
        let (current, simulated) = kept.into_parts().ok_or(LastSignalsError::NotFound)?;
        let quota = self.quota_status(user).await?;
        let moment = current.moment;
        let market =
            MarketView { status: moment.status, as_of: moment.as_of(), next_open: moment.next_open, simulated };
        Ok(SignalsResult { current: Arc::new(current), quota, market })
    }
}
