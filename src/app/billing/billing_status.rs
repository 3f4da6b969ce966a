//! The signed-in user's subscription as we know it.

use chrono::{DateTime, Utc};

use crate::app::shared::failure::store_failures;

use super::BillingService;
use crate::domain::{BillingState, Plan, Subscription, SubscriptionStatus, UserId};

/// What the user sees of their billing: the plan, and the subscription that decides it (the
/// one granting access longest, else the latest heard of).
pub struct BillingStatus {
    pub plan: Plan,
    /// `None` (shown as `none`) when they never subscribed.
    pub subscription: Option<Subscription>,
    pub state: BillingState,
}

impl BillingStatus {
    pub fn subscription_status(&self) -> SubscriptionStatus {
        self.subscription.as_ref().map_or(SubscriptionStatus::None, |s| s.status)
    }

    /// Until when the shown subscription is paid for (or, before any payment, Stripe's
    /// current period end); `None` once it has ended (cancelled, expired): a date there would
    /// read as access the user no longer has.
    pub fn current_period_end(&self) -> Option<DateTime<Utc>> {
        self.subscription
            .as_ref()
            .filter(|s| !s.status.is_terminal())
            .and_then(|s| s.paid_through.or(s.current_period_end))
    }

    pub fn cancel_at_period_end(&self) -> bool {
        self.subscription.as_ref().is_some_and(|s| s.cancel_at_period_end && !s.status.is_terminal())
    }
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

impl BillingService {
    pub async fn billing_status(&self, user: UserId) -> Result<BillingStatus, BillingStatusError> {
        let state = self.billing.billing_state(user).await?;
        let now = self.now();
        let plan = self.policies.entitlement.plan_at(&state, now);
        let subscription = self.policies.entitlement.primary(&state, now).cloned();
        Ok(BillingStatus { plan, subscription, state })
    }
}
