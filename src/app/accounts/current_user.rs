//! The signed-in user's profile and plan.
//!
//! Both come from this process's caches when it has them (see `app::shared::per_user_cache`), so a
//! repeated `/auth/me` reads nothing: the token proves who is asking, the profile is fixed
//! for the account's lifetime, and deleting the account or changing its billing drops both
//! entries on every instance.

use super::AccountsService;
use crate::app::shared::failure::store_failures;
use crate::domain::{Plan, UserId, UserProfile};

pub struct CurrentUser {
    pub profile: UserProfile,
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

impl AccountsService {
    pub async fn current_user(&self, id: UserId) -> Result<CurrentUser, CurrentUserError> {
        let profile = self.profile_of(id).await?;
        let plan = self.plans.plan_of(id).await?;
        Ok(CurrentUser { profile, plan })
    }

    pub(super) async fn profile_of(&self, id: UserId) -> Result<UserProfile, CurrentUserError> {
        let now = self.now();
        if let Some(profile) = self.profiles.get(id, now) {
            return Ok(profile);
        }
        // Taken before the read, so a deletion announced meanwhile keeps this read uncached.
        let ticket = self.profiles.ticket();
        let profile = self.users.find_by_id(id).await?.ok_or(CurrentUserError::NotFound)?.profile();
        self.profiles.store(ticket, id, profile.clone(), now, None);
        Ok(profile)
    }
}
