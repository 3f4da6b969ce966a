//! The signed-in user's profile and plan.

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
    #[error(transparent)]
    Unexpected(#[from] anyhow::Error),
}

impl Signalbox {
    pub async fn current_user(&self, id: UserId) -> Result<CurrentUser, CurrentUserError> {
        let user =
            self.deps.users.find_by_id(id).await.map_err(anyhow::Error::from)?.ok_or(CurrentUserError::NotFound)?;
        let plan = self.plan_of(id).await.map_err(anyhow::Error::from)?;
        Ok(CurrentUser { user, plan })
    }
}
