//! Access tokens: issue one for a user's session, and turn a presented one back into who holds
//! it, which session it belongs to and until when it is good.

use chrono::{DateTime, Utc};
use secrecy::SecretString;

use crate::domain::{TokenFamilyId, UserId};

#[derive(Debug)]
pub struct AccessToken {
    pub token: SecretString,
    pub expires_in_secs: u64,
}

/// What a valid access token says about its holder.
///
/// Long-lived uses of a token (the live stream) need more than "who": the session names which
/// logout or revocation ends them, and the expiry says when the holder must show a fresh token.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct VerifiedAccess {
    pub user: UserId,
    /// The session (refresh-token family) the token was issued in. `None` for tokens issued
    /// before sessions were named in them; they expire within the token lifetime all the same.
    pub session: Option<TokenFamilyId>,
    pub expires_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TokenError {
    #[error("token is expired")]
    Expired,
    #[error("token is invalid")]
    Invalid,
}

pub trait TokenIssuer: Send + Sync {
    /// A token for `user` in `session`, valid from `now` for the configured lifetime.
    fn issue(&self, user: UserId, session: TokenFamilyId, now: DateTime<Utc>) -> anyhow::Result<AccessToken>;

    /// Who the token was issued to, in which session, and until when.
    ///
    /// # Errors
    /// [`TokenError::Expired`] past its expiry, [`TokenError::Invalid`] for anything not signed
    /// by us with the pinned algorithm.
    fn verify(&self, token: &str, now: DateTime<Utc>) -> Result<VerifiedAccess, TokenError>;
}
