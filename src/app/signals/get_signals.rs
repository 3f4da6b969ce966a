//! Reading the latest signals, counted against the free quota.
//!
//! The signals are those of the latest closed 5-minute candle; outside market hours, those of
//! the last session's final candle, with the market reported closed and its next open. Each
//! answer is kept as the user's last of the day (`last_signals`).

use std::sync::Arc;

use chrono::{DateTime, Utc};

use super::SignalsService;
use super::signal_cache::MarketSignals;
use crate::app::shared::failure::store_failures;
use crate::app::shared::keys;
use crate::domain::market::MarketStatus;
use crate::domain::{QuotaDecision, UserId};
use crate::ports::StoreError;

pub struct SignalsResult {
    /// One signal per symbol (NIFTY, BANKNIFTY), each stamped with its candle's close; the
    /// same shared answer for every request until the market's answer changes.
    pub current: Arc<MarketSignals>,
    pub quota: QuotaDecision,
    pub market: MarketView,
}

/// The API's `market` object.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MarketView {
    pub status: MarketStatus,
    /// The close of the latest closed candle, the one the signals are computed on.
    pub as_of: DateTime<Utc>,
    /// The next session's open while the market is closed; `None` while it is open.
    pub next_open: Option<DateTime<Utc>>,
    /// Whether the configured market data is simulated.
    pub simulated: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum GetSignalsError {
    #[error("free plan limit reached: {limit} signal requests per day; subscribe for unlimited access")]
    QuotaExceeded { limit: u32, decision: QuotaDecision },
    /// The quota store is down. Free requests fail closed (we cannot count them); paid users
    /// are not counted and keep working.
    #[error("quota service unavailable")]
    QuotaUnavailable(#[source] StoreError),
    /// A backing service is unavailable; retrying may help.
    #[error(transparent)]
    Unavailable(crate::ports::StoreError),
    #[error(transparent)]
    Unexpected(#[from] anyhow::Error),
}

store_failures!(GetSignalsError);

impl SignalsService {
    pub async fn get_signals(&self, user: UserId) -> Result<SignalsResult, GetSignalsError> {
        let now = self.now();
        let plan = self.plans.plan_of(user).await?;
        let policy = self.policies.quota;
        let day = policy.day_of(now);
        let quota = if !policy.counts(plan) {
            QuotaDecision::Unlimited
        } else if self.exhausted_quotas.contains(user, day.date) {
            // Already refused today in this process: the count can only have grown.
            policy.decide(plan, u64::from(policy.free_requests_per_day) + 1, day)
        } else {
            let key = keys::quota(user, day.date);
            let count =
                self.counters.increment(&key, day.resets_at).await.map_err(GetSignalsError::QuotaUnavailable)?;
            let decision = policy.decide(plan, count, day);
            if !decision.is_allowed() {
                self.exhausted_quotas.insert(user, day.date);
            }
            decision
        };
        if !quota.is_allowed() {
            metrics::counter!("signalbox_quota_denials_total").increment(1);
            return Err(GetSignalsError::QuotaExceeded { limit: policy.free_requests_per_day, decision: quota });
        }
        // The quota day is real time; which candle has closed is the market's.
        let current = self.signals.at(self.market_now()).await?;
        let moment = current.moment;
        let market = MarketView {
            status: moment.status,
            as_of: moment.as_of(),
            next_open: moment.next_open,
            simulated: self.market.provenance().simulated,
        };
        let result = SignalsResult { current, quota, market };
        self.keep_last(user, day, now, &result).await;
        Ok(result)
    }
}
