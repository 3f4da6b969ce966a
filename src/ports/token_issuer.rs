//! Access tokens: issue one for a user, and turn a presented one back into a user id.

use chrono::{DateTime, Utc};
use secrecy::SecretString;

use crate::domain::UserId;

#[derive(Debug)]
pub struct AccessToken {
    pub token: SecretString,
    pub expires_in_secs: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TokenError {
    #[error("token is expired")]
    Expired,
    #[error("token is invalid")]
    Invalid,
}

pub trait TokenIssuer: Send + Sync {
    fn issue(&self, user: UserId, now: DateTime<Utc>) -> anyhow::Result<AccessToken>;

    /// The user the token was issued to.
    ///
    /// # Errors
    /// [`TokenError::Expired`] past its expiry, [`TokenError::Invalid`] for anything not signed
    /// by us with the pinned algorithm.
    fn verify(&self, token: &str, now: DateTime<Utc>) -> Result<UserId, TokenError>;
}
