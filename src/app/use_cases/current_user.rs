//! The signed-in user's profile and plan.

use super::failure::store_failures;
use crate::app::Signalbox;
use crate::domain::{Plan, User, UserId};

pub struct CurrentUser {
    pub user: User,
    pub plan: Plan,
}

#[derive(Debug, thiserror::Error)]
pub enum CurrentUserError {
    /// The token was valid but its account no longer exists.
    #[error("account not found")]
    NotFound,
    /// A backing service is unavailable; retrying may help.
    #[error(transparent)]
    Unavailable(crate::ports::StoreError),
    #[error(transparent)]
    Unexpected(#[from] anyhow::Error),
}

store_failures!(CurrentUserError);

impl Signalbox {
    pub async fn current_user(&self, id: UserId) -> Result<CurrentUser, CurrentUserError> {
        let user = self.deps.users.find_by_id(id).await?.ok_or(CurrentUserError::NotFound)?;
        let plan = self.plan_of(id).await?;
        Ok(CurrentUser { user, plan })
    }
}
