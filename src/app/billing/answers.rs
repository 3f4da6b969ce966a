//! Billing's answers to the other contexts: a user's plan (signals, accounts), the billing
//! side of closing an account (accounts) and an operator's look at an account (operations).

use async_trait::async_trait;

use super::BillingService;
use crate::app::shared::contexts::CloseBillingError;
use crate::app::shared::{AccountBilling, BillingSummary, OperatorBilling, PlanLookup, SubscriptionAccess};
use crate::domain::local_grant::is_local_grant;
use crate::domain::{Email, Plan, Subscription, UserId};
use crate::ports::StoreError;

#[async_trait]
impl PlanLookup for BillingService {
    /// From the plan cache, else read and cached (see
    /// [`PerUserCache`](crate::app::shared::per_user_cache::PerUserCache) for how long, and
    /// what drops it sooner).
    async fn plan_of(&self, user: UserId) -> Result<Plan, StoreError> {
        let now = self.now();
        if let Some(plan) = self.plans.get(user, now) {
            return Ok(plan);
        }
        let ticket = self.plans.ticket();
        let state = self.billing.billing_state(user).await?;
        let policy = &self.policies.entitlement;
        let plan = policy.plan_at(&state, now);
        self.plans.store(ticket, user, plan, now, policy.plan_settled_until(&state, now));
        Ok(plan)
    }

    async fn current_plan_of(&self, user: UserId) -> Result<Plan, StoreError> {
        let state = self.billing.billing_state(user).await?;
        Ok(self.policies.entitlement.plan_at(&state, self.now()))
    }
}

#[async_trait]
impl AccountBilling for BillingService {
    async fn cancel_live_subscriptions(&self, user: UserId) -> Result<(), CloseBillingError> {
        let billing = self.billing.billing_state(user).await?;
        for subscription in billing.subscriptions.iter().filter(|s| !s.status.is_terminal() && !is_local_grant(&s.id)) {
            self.gateway.cancel_subscription(&subscription.id).await.map_err(CloseBillingError::PaymentProvider)?;
            tracing::info!(user_id = %user, subscription = %subscription.id, "subscription cancelled for account deletion");
        }
        Ok(())
    }

    async fn account_deleted(&self, user: UserId) {
        self.billing_changed(user).await;
    }
}

#[async_trait]
impl OperatorBilling for BillingService {
    async fn billing_summary(&self, user: UserId) -> Result<BillingSummary, StoreError> {
        let billing = self.billing.billing_state(user).await?;
        let policy = &self.policies.entitlement;
        let plan = policy.plan_at(&billing, self.now());
        let subscriptions = billing
            .subscriptions
            .into_iter()
            .map(|subscription| SubscriptionAccess { access_until: policy.access_until(&subscription), subscription })
            .collect();
        Ok(BillingSummary { plan, subscriptions })
    }

    async fn grant_paid_to(&self, email: &Email, days: u32) -> anyhow::Result<Subscription> {
        self.grant_paid(email, days).await.map_err(|err| anyhow::anyhow!("{err}"))
    }
}
