//! `signalbox users show EMAIL`: an operator's look at one account — who, which plan, every
//! subscription (a local grant marked as such).

use super::OperationsService;
use crate::app::shared::SubscriptionAccess;
use crate::app::shared::failure::store_failures;
use crate::domain::{Email, Plan, User};

pub struct UserOverview {
    pub user: User,
    pub plan: Plan,
    /// Every subscription, with the end of the access it gives.
    pub subscriptions: Vec<SubscriptionAccess>,
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

impl OperationsService {
    pub async fn user_overview(&self, email: &Email) -> Result<UserOverview, UserOverviewError> {
        let found = self.users.find_credentials_by_email(email).await?;
        let user = found.ok_or_else(|| UserOverviewError::NoSuchUser(email.clone()))?.user;
        let billing = self.billing.billing_summary(user.id).await?;
        Ok(UserOverview { user, plan: billing.plan, subscriptions: billing.subscriptions })
    }
}
