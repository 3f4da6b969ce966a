//! Turning a bearer token into who holds it: the user, the session and the token's expiry —
//! and only while the account still exists.
//!
//! A token outlives nothing it stands for: once the account is deleted, every endpoint answers
//! 401 at once instead of until the token expires. The check reads the profile cache (dropped
//! on every instance when a deletion is announced), so it costs a map lookup per request.

use super::AccountsService;
use super::current_user::CurrentUserError;
use crate::ports::{TokenError, VerifiedAccess};

#[derive(Debug, thiserror::Error)]
pub enum AuthenticateError {
    #[error("token is expired")]
    Expired,
    #[error("token is invalid")]
    Invalid,
    #[error("account no longer exists")]
    AccountGone,
}

impl AccountsService {
    pub async fn authenticate(&self, token: &str) -> Result<VerifiedAccess, AuthenticateError> {
        let access = self.tokens.verify(token, self.now()).map_err(|err| match err {
            TokenError::Expired => AuthenticateError::Expired,
            TokenError::Invalid => AuthenticateError::Invalid,
        })?;
        match self.profile_of(access.user).await {
            Ok(_) => Ok(access),
            Err(CurrentUserError::NotFound) => Err(AuthenticateError::AccountGone),
            // The user store is away: every endpoint behind this reads a store too and answers
            // 503 itself; refusing here would turn an outage into a wave of logouts.
            Err(err) => {
                tracing::warn!(error = %err, "could not check that the account exists; letting the request through");
                Ok(access)
            }
        }
    }
}
