//! Refresh: exchange a refresh token for a new access token and the token's successor.
//!
//! Each refresh token works once. Presenting a spent one means two parties hold it (a
//! stolen cookie, or a client bug); we cannot tell which is legitimate, so the store revokes
//! the whole family and both must log in again.

use super::failure::store_failures;
use crate::app::Signalbox;
use crate::domain::RefreshToken;
use crate::ports::RotateOutcome;

use super::Session;

#[derive(Debug, thiserror::Error)]
pub enum RefreshError {
    /// Malformed, unknown, or from a family that was revoked (logged out).
    #[error("invalid refresh token")]
    Invalid,
    #[error("refresh token expired")]
    Expired,
    /// The token had been used before; its session is now ended everywhere.
    #[error("refresh token was already used; the session has been ended")]
    Reused,
    /// A backing service is unavailable; retrying may help.
    #[error(transparent)]
    Unavailable(crate::ports::StoreError),
    #[error(transparent)]
    Unexpected(#[from] anyhow::Error),
}

store_failures!(RefreshError);

impl Signalbox {
    pub async fn refresh(&self, presented: &str) -> Result<Session, RefreshError> {
        let presented = RefreshToken::parse(presented).map_err(|_| RefreshError::Invalid)?;
        let now = self.now();
        let (successor, record) = self.new_refresh_token(now);
        let outcome = self.deps.refresh_tokens.rotate(&presented.hash(), &record, now).await?;
        match outcome {
            RotateOutcome::Rotated { user, .. } => Ok(self.session(user, successor, now)?),
            RotateOutcome::Reused { user, family } => {
                tracing::warn!(user_id = %user, family = %family, "refresh token reused; session family revoked");
                Err(RefreshError::Reused)
            }
            RotateOutcome::Expired => Err(RefreshError::Expired),
            RotateOutcome::Revoked | RotateOutcome::Unknown => Err(RefreshError::Invalid),
        }
    }
}
