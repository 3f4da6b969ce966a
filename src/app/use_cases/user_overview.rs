//! `signalbox users show EMAIL`: an operator's look at one account — who, which plan, every
//! subscription (a local grant marked as such).

use super::failure::store_failures;
use crate::app::Signalbox;
use crate::domain::{Email, Plan, Subscription, User};

pub struct UserOverview {
    pub user: User,
    pub plan: Plan,
    pub subscriptions: Vec<Subscription>,
}

#[derive(Debug, thiserror::Error)]
pub enum UserOverviewError {
    #[error("no account has the email {0}")]
    NoSuchUser(Email),
    #[error(transparent)]
    Unavailable(crate::ports::StoreError),
    #[error(transparent)]
    Unexpected(#[from] anyhow::Error),
}

store_failures!(UserOverviewError);

impl Signalbox {
    pub async fn user_overview(&self, email: &Email) -> Result<UserOverview, UserOverviewError> {
        let found = self.deps.users.find_credentials_by_email(email).await?;
        let user = found.ok_or_else(|| UserOverviewError::NoSuchUser(email.clone()))?.user;
        let billing = self.deps.billing.billing_state(user.id).await?;
        let plan = self.policies.entitlement.plan_at(&billing, self.now());
        Ok(UserOverview { user, plan, subscriptions: billing.subscriptions })
    }
}
