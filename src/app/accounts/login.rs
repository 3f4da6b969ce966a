//! Log-in: exchange email and password for a session (access and refresh token).
//!
//! Order matters: the per-client limit counts every attempt, malformed ones included (the
//! caller is [`Admitted`] before its input is parsed); the failed-login throttle ([`super::login_throttle`]) decides next, before any password work,
//! whether this network may try this account and how long to wait first; exactly one hash
//! verification runs for every admitted attempt, known email or not; its outcome is recorded
//! afterwards (only failures count, a success clears them); and a hash made with weaker
//! parameters than configured is replaced while the password is at hand.
//!
//! The wait is served here, through the clock port, rather than handed to the client as a
//! `Retry-After`: the point is that the owner's correct password gets in (later), where a
//! 429 would refuse it. It runs before the password is checked, for right and wrong
//! passwords alike, so its length reveals nothing about the password.

use super::AccountsService;
use super::Session;
use super::auth_throttle::{Admitted, Attempt};
use crate::app::shared::failure::{hashing_failures, store_failures};
use crate::domain::{Email, LoginAdmission, Password, PasswordHash, UserId};

#[derive(Debug)]
pub struct LoginCommand {
    pub email: Email,
    /// `None` when the presented password could not be a valid one (e.g. too short): it is
    /// still "wrong credentials", answered exactly like any other wrong password.
    pub password: Option<Password>,
}

#[derive(Debug, thiserror::Error)]
pub enum LoginError {
    /// Unknown email and wrong password are one error, so the answer reveals nothing about
    /// which accounts exist.
    #[error("incorrect email or password")]
    InvalidCredentials,
    /// Too many attempts from this client network, or too many failed ones for this email
    /// from this network (answered the same whether or not the account exists).
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

store_failures!(LoginError);
hashing_failures!(LoginError);

impl AccountsService {
    /// Checks the credentials, for a client already admitted ([`Attempt::Login`]).
    pub async fn login(&self, admitted: Admitted, command: LoginCommand) -> Result<Session, LoginError> {
        debug_assert!(admitted.is_for(Attempt::Login), "admitted for {admitted:?}");
        let (admission, attempt) = self.admit_login(&command.email, admitted.client()).await?;
        match admission {
            LoginAdmission::Refused { retry_after_secs } => {
                return Err(LoginError::TooManyAttempts { retry_after_secs });
            }
            LoginAdmission::Check { delay } => {
                if let Ok(delay) = delay.to_std()
                    && !delay.is_zero()
                {
                    self.clock.pause(delay).await;
                }
            }
        }
        let credentials = self.users.find_credentials_by_email(&command.email).await?;
        // Always run one hash verification, so unknown emails take as long as known ones.
        let (hash, user) = match &credentials {
            Some(c) => (c.password_hash.clone(), Some(&c.user)),
            None => (self.hasher.dummy_hash(), None),
        };
        let verified = match &command.password {
            Some(password) => self.hasher.verify(password, &hash).await?,
            None => {
                let filler = Password::parse("not-the-password").expect("valid filler");
                let _ = self.hasher.verify(&filler, &hash).await?;
                false
            }
        };
        let (Some(user), Some(password), true) = (user, &command.password, verified) else {
            self.record_login_failure(&attempt).await?;
            return Err(LoginError::InvalidCredentials);
        };
        self.record_login_success(&attempt).await;
        if self.hasher.needs_rehash(&hash) {
            self.upgrade_hash(user.id, &hash, password).await;
        }
        self.start_session(user.id).await
    }

    /// Replaces `old` with a hash under the configured parameters. Best effort: a failure
    /// only means the upgrade waits for the next login, so it is logged, not returned.
    async fn upgrade_hash(&self, user: UserId, old: &PasswordHash, password: &Password) {
        let upgraded = async {
            let new = self.hasher.hash(password).await?;
            anyhow::Ok(self.users.update_password_hash(user, old, &new).await?)
        };
        match upgraded.await {
            Ok(true) => tracing::info!(user_id = %user, "password hash upgraded to the configured parameters"),
            // Someone else changed the hash first (a concurrent login's upgrade): keep theirs.
            Ok(false) => {}
            Err(err) => tracing::warn!(user_id = %user, error = format!("{err:#}"), "password hash upgrade failed"),
        }
    }
}
