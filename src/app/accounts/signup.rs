//! Sign-up: create an account from a valid email and password, within the per-client limit
//! on attempts.

use super::AccountsService;
use super::auth_throttle::{Admitted, Attempt};
use crate::app::shared::failure::{hashing_failures, store_failures};
use crate::domain::{Email, Password, User, UserId};
use crate::ports::{CreateUserError, NewUser};

#[derive(Debug)]
pub struct SignupCommand {
    pub email: Email,
    pub password: Password,
}

#[derive(Debug, thiserror::Error)]
pub enum SignupError {
    #[error("an account with this email already exists")]
    EmailTaken,
    /// Password hashing is at capacity; retry after this many seconds.
    #[error("the server is busy; try again in {retry_after_secs} seconds")]
    Busy { retry_after_secs: u64 },
    /// A backing service is unavailable; retrying may help.
    #[error(transparent)]
    Unavailable(crate::ports::StoreError),
    #[error(transparent)]
    Unexpected(#[from] anyhow::Error),
}

store_failures!(SignupError);
hashing_failures!(SignupError);

impl AccountsService {
    /// Creates the account, for a client already admitted ([`Attempt::Signup`]).
    pub async fn signup(&self, admitted: Admitted, command: SignupCommand) -> Result<User, SignupError> {
        debug_assert!(admitted.is_for(Attempt::Signup), "admitted for {admitted:?}");
        let password_hash = self.hasher.hash(&command.password).await?;
        let new_user =
            NewUser { id: UserId::new_random(), email: command.email, password_hash, created_at: self.now() };
        match self.users.create(new_user).await {
            Ok(user) => {
                tracing::info!(user_id = %user.id, "account created");
                Ok(user)
            }
            Err(CreateUserError::EmailTaken) => Err(SignupError::EmailTaken),
            Err(CreateUserError::Store(err)) => Err(err.into()),
        }
    }
}
