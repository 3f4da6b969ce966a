//! Checking the signed-in user's password again before a sensitive change (a new password,
//! deleting the account). Counted by the same per-account limit as logins, so these endpoints
//! are no side door for guessing a password with a stolen access token.

use super::AccountsService;
use crate::domain::{ClientNetwork, LoginAdmission, Password, UserId};
use crate::ports::{HashError, StoreError};

/// A failure of these helpers: an outage (503) or anything else (500), told apart where the
/// store answers, like every use case's `Unavailable`/`Unexpected`.
#[derive(Debug)]
pub(crate) enum Failure {
    Unavailable(StoreError),
    Unexpected(anyhow::Error),
}

impl From<StoreError> for Failure {
    fn from(err: StoreError) -> Self {
        if err.is_unavailable() { Self::Unavailable(err) } else { Self::Unexpected(err.into()) }
    }
}

impl From<HashError> for Failure {
    fn from(err: HashError) -> Self {
        match err {
            // At capacity: an outage as far as the caller is concerned (503, retry shortly).
            HashError::Busy => {
                Self::Unavailable(StoreError::unavailable(anyhow::anyhow!("password hashing is at capacity")))
            }
            HashError::Failed(err) => Self::Unexpected(err),
        }
    }
}

impl From<anyhow::Error> for Failure {
    fn from(err: anyhow::Error) -> Self {
        Self::Unexpected(err)
    }
}

/// `From<Failure>` for a use-case error with `Unavailable(StoreError)` and
/// `Unexpected(anyhow::Error)` variants.
macro_rules! helper_failures {
    ($($error:ty),+ $(,)?) => {$(
        impl From<$crate::app::accounts::account_password::Failure> for $error {
            fn from(err: $crate::app::accounts::account_password::Failure) -> Self {
                use $crate::app::accounts::account_password::Failure;
                match err {
                    Failure::Unavailable(err) => Self::Unavailable(err),
                    Failure::Unexpected(err) => Self::Unexpected(err),
                }
            }
        }
    )+};
}

pub(crate) use helper_failures;

pub(crate) enum PasswordCheck {
    Correct,
    Wrong,
    /// Too many failed attempts for this account.
    Limited {
        retry_after_secs: u64,
    },
    /// The token's account no longer exists.
    Gone,
}

impl AccountsService {
    /// Whether `presented` is `user`'s password (`None`: a string that cannot be a password).
    pub(crate) async fn check_own_password(
        &self,
        user: UserId,
        client: &ClientNetwork,
        presented: Option<&Password>,
    ) -> Result<PasswordCheck, Failure> {
        let Some(found) = self.users.find_by_id(user).await? else {
            return Ok(PasswordCheck::Gone);
        };
        let (admission, attempt) = self.admit_login(&found.email, client).await?;
        match admission {
            LoginAdmission::Refused { retry_after_secs } => return Ok(PasswordCheck::Limited { retry_after_secs }),
            LoginAdmission::Check { delay } => {
                if let Ok(delay) = delay.to_std()
                    && !delay.is_zero()
                {
                    self.clock.pause(delay).await;
                }
            }
        }
        let Some(credentials) = self.users.find_credentials_by_email(&found.email).await? else {
            return Ok(PasswordCheck::Gone);
        };
        let Some(password) = presented else {
            self.record_login_failure(&attempt).await?;
            return Ok(PasswordCheck::Wrong);
        };
        if !self.hasher.verify(password, &credentials.password_hash).await? {
            self.record_login_failure(&attempt).await?;
            return Ok(PasswordCheck::Wrong);
        }
        self.record_login_success(&attempt).await;
        Ok(PasswordCheck::Correct)
    }

    /// Replaces `user`'s password hash with one of `new`, whatever it was (compare-and-swap on
    /// the hash just read, retried if a concurrent change won; the last writer wins).
    pub(crate) async fn set_password(&self, user: UserId, new: &Password) -> Result<bool, Failure> {
        let hash = self.hasher.hash(new).await?;
        for _ in 0..3 {
            let Some(found) = self.users.find_by_id(user).await? else { return Ok(false) };
            let Some(current) = self.users.find_credentials_by_email(&found.email).await? else {
                return Ok(false);
            };
            if self.users.update_password_hash(user, &current.password_hash, &hash).await? {
                return Ok(true);
            }
        }
        Err(anyhow::anyhow!("the password of user {user} kept changing while it was being set").into())
    }
}
