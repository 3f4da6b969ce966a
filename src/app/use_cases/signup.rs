//! Sign-up: create an account from a valid email and password.

use super::failure::store_failures;
use crate::app::Signalbox;
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
    /// A backing service is unavailable; retrying may help.
    #[error(transparent)]
    Unavailable(crate::ports::StoreError),
    #[error(transparent)]
    Unexpected(#[from] anyhow::Error),
}

store_failures!(SignupError);

impl Signalbox {
    pub async fn signup(&self, command: SignupCommand) -> Result<User, SignupError> {
        let password_hash = self.deps.hasher.hash(&command.password).await?;
        let new_user =
            NewUser { id: UserId::new_random(), email: command.email, password_hash, created_at: self.now() };
        match self.deps.users.create(new_user).await {
            Ok(user) => {
                tracing::info!(user_id = %user.id, "account created");
                Ok(user)
            }
            Err(CreateUserError::EmailTaken) => Err(SignupError::EmailTaken),
            Err(CreateUserError::Store(err)) => Err(err.into()),
        }
    }
}
