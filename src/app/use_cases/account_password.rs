//! Checking the signed-in user's password again before a sensitive change (a new password,
//! deleting the account). Counted by the same per-account limit as logins, so these endpoints
//! are no side door for guessing a password with a stolen access token.

use super::account_throttle::AccountThrottle;
use crate::app::Signalbox;
use crate::domain::{Password, UserId};
use crate::ports::StoreError;

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

impl From<anyhow::Error> for Failure {
    fn from(err: anyhow::Error) -> Self {
        Self::Unexpected(err)
    }
}

/// `From<Failure>` for a use-case error with `Unavailable(StoreError)` and
/// `Unexpected(anyhow::Error)` variants.
macro_rules! helper_failures {
    ($($error:ty),+ $(,)?) => {$(
        impl From<$crate::app::use_cases::account_password::Failure> for $error {
            fn from(err: $crate::app::use_cases::account_password::Failure) -> Self {
                use $crate::app::use_cases::account_password::Failure;
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

impl Signalbox {
    /// Whether `presented` is `user`'s password (`None`: a string that cannot be a password).
    pub(crate) async fn check_own_password(
        &self,
        user: UserId,
        presented: Option<&Password>,
    ) -> Result<PasswordCheck, Failure> {
        let Some(found) = self.deps.users.find_by_id(user).await? else {
            return Ok(PasswordCheck::Gone);
        };
        let attempt = match self.admit_login_attempt(&found.email).await? {
            AccountThrottle::Admitted(attempt) => attempt,
            AccountThrottle::Limited { retry_after_secs } => return Ok(PasswordCheck::Limited { retry_after_secs }),
        };
        let Some(credentials) = self.deps.users.find_credentials_by_email(&found.email).await? else {
            return Ok(PasswordCheck::Gone);
        };
        let Some(password) = presented else { return Ok(PasswordCheck::Wrong) };
        if !self.deps.hasher.verify(password, &credentials.password_hash).await? {
            return Ok(PasswordCheck::Wrong);
        }
        self.record_login_success(attempt).await;
        Ok(PasswordCheck::Correct)
    }

    /// Replaces `user`'s password hash with one of `new`, whatever it was (compare-and-swap on
    /// the hash just read, retried if a concurrent change won; the last writer wins).
    pub(crate) async fn set_password(&self, user: UserId, new: &Password) -> Result<bool, Failure> {
        let hash = self.deps.hasher.hash(new).await?;
        for _ in 0..3 {
            let Some(found) = self.deps.users.find_by_id(user).await? else { return Ok(false) };
            let Some(current) = self.deps.users.find_credentials_by_email(&found.email).await? else {
                return Ok(false);
            };
            if self.deps.users.update_password_hash(user, &current.password_hash, &hash).await? {
                return Ok(true);
            }
        }
        Err(anyhow::anyhow!("the password of user {user} kept changing while it was being set").into())
    }
}
