//! The signed-in user's subscription as we know it.

use super::failure::store_failures;
use crate::app::Signalbox;
use crate::domain::{BillingState, Plan, UserId};

pub struct BillingStatus {
    pub plan: Plan,
    pub state: BillingState,
}

#[derive(Debug, thiserror::Error)]
pub enum BillingStatusError {
    /// A backing service is unavailable; retrying may help.
    #[error(transparent)]
    Unavailable(crate::ports::StoreError),
    #[error(transparent)]
    Unexpected(#[from] anyhow::Error),
}

store_failures!(BillingStatusError);

impl Signalbox {
    pub async fn billing_status(&self, user: UserId) -> Result<BillingStatus, BillingStatusError> {
        let state = self.deps.billing.billing_state(user).await?;
        let plan = self.policies.entitlement.plan_at(&state, self.now());
        Ok(BillingStatus { plan, state })
    }
}
