//! What is left of today's free quota, without spending any of it.

use crate::app::Signalbox;
use crate::domain::{QuotaDecision, UserId};

#[derive(Debug, thiserror::Error)]
pub enum QuotaStatusError {
    #[error(transparent)]
    Unexpected(#[from] anyhow::Error),
}

impl Signalbox {
    pub async fn quota_status(&self, user: UserId) -> Result<QuotaDecision, QuotaStatusError> {
        let now = self.now();
        let plan = self.plan_of(user).await.map_err(anyhow::Error::from)?;
        let policy = self.policies.quota;
        if !policy.counts(plan) {
            return Ok(QuotaDecision::Unlimited);
        }
        let day = policy.day_of(now);
        let used = self.deps.counters.get(&format!("quota:{user}:{}", day.date)).await.map_err(anyhow::Error::from)?;
        Ok(policy.peek(used, day))
    }
}
