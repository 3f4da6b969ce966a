//! What is left of today's free quota, without spending any of it.

use super::SignalsService;
use crate::app::shared::failure::store_failures;
use crate::app::shared::keys;
use crate::domain::{QuotaDecision, UserId};

#[derive(Debug, thiserror::Error)]
pub enum QuotaStatusError {
    /// A backing service is unavailable; retrying may help.
    #[error(transparent)]
    Unavailable(crate::ports::StoreError),
    #[error(transparent)]
    Unexpected(#[from] anyhow::Error),
}

store_failures!(QuotaStatusError);

impl SignalsService {
    pub async fn quota_status(&self, user: UserId) -> Result<QuotaDecision, QuotaStatusError> {
        let now = self.now();
        let plan = self.plans.plan_of(user).await?;
        let policy = self.policies.quota;
        if !policy.counts(plan) {
            return Ok(QuotaDecision::Unlimited);
        }
        let day = policy.day_of(now);
        let used = self.counters.get(&keys::quota(user, day.date)).await?;
        Ok(policy.peek(used, day))
    }
}
