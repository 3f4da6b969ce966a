//! Turning a bearer token into the user it was issued to.

use super::AccountsService;
use crate::domain::UserId;
use crate::ports::TokenError;

#[derive(Debug, thiserror::Error)]
pub enum AuthenticateError {
    #[error("token is expired")]
    Expired,
    #[error("token is invalid")]
    Invalid,
}

impl AccountsService {
    pub fn authenticate(&self, token: &str) -> Result<UserId, AuthenticateError> {
        self.tokens.verify(token, self.now()).map(|access| access.user).map_err(|err| match err {
            TokenError::Expired => AuthenticateError::Expired,
            TokenError::Invalid => AuthenticateError::Invalid,
        })
    }
}
