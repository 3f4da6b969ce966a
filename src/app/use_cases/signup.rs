//! Sign-up: create an account from a valid email and password, within the per-client limit
//! on attempts.

use super::auth_throttle::{AuthBucket, MalformedInput, throttled_by};
use super::failure::{hashing_failures, store_failures};
use crate::app::Signalbox;
use crate::domain::{ClientNetwork, Email, Password, User, UserId};
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
    /// The email or password is not valid.
    #[error(transparent)]
    Invalid(#[from] MalformedInput),
    /// Too many attempts from this client address.
    #[error("too many attempts; try again in {retry_after_secs} seconds")]
    TooManyAttempts { retry_after_secs: u64 },
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
throttled_by!(SignupError);

impl Signalbox {
    /// Counts the attempt against `client`, then creates the account.
    pub async fn signup(
        &self,
        client: &ClientNetwork,
        command: Result<SignupCommand, MalformedInput>,
    ) -> Result<User, SignupError> {
        self.throttle_auth(AuthBucket::Signup, client).await?;
        let command = command?;
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
