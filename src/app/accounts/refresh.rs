//! Refresh: exchange a refresh token for a new access token and the token's successor.
//!
//! Each refresh token works once. Presenting a spent one means two parties hold it (a
//! stolen cookie, or a client bug); we cannot tell which is legitimate, so the store revokes
//! the whole family and both must log in again — unless it was spent seconds ago, which is
//! the same client retrying after losing the answer (see `domain::refresh_token`).
//!
//! Each refresh writes a row, so it is limited: per client network (every presentation,
//! valid or not, counts) and per session (token family). And a session has an absolute end
//! (`SESSION_MAX_DAYS` after its login): however often it is refreshed, after that the user
//! logs in again, so a stolen cookie cannot be kept alive for ever.

use super::AccountsService;
use super::auth_throttle::{AuthBucket, throttled_by};
use crate::app::shared::failure::store_failures;
use crate::domain::access::AccessChange;
use crate::domain::{ClientNetwork, RefreshToken};
use crate::ports::RotateOutcome;

use super::Session;

#[derive(Debug, thiserror::Error)]
pub enum RefreshError {
    /// Malformed, unknown, or from a family that was revoked (logged out).
    #[error("invalid refresh token")]
    Invalid,
    #[error("refresh token expired")]
    Expired,
    /// The session reached its absolute lifetime; the user must log in again.
    #[error("the session has ended; please log in again")]
    SessionEnded,
    /// The token had been used before; its session is now ended everywhere.
    #[error("refresh token was already used; the session has been ended")]
    Reused,
    /// Too many refreshes from this client network or of this session.
    #[error("too many attempts; try again in {retry_after_secs} seconds")]
    TooManyAttempts { retry_after_secs: u64 },
    /// A backing service is unavailable; retrying may help.
    #[error(transparent)]
    Unavailable(crate::ports::StoreError),
    #[error(transparent)]
    Unexpected(#[from] anyhow::Error),
}

store_failures!(RefreshError);
throttled_by!(RefreshError);

impl AccountsService {
    /// Counts the attempt against `client` and, for a known token, its session; then rotates.
    pub async fn refresh(&self, client: &ClientNetwork, presented: &str) -> Result<Session, RefreshError> {
        self.throttle_auth(AuthBucket::Refresh, client).await?;
        let presented = RefreshToken::parse(presented).map_err(|_| RefreshError::Invalid)?.hash();
        if let Some(family) = self.refresh_tokens.family_of(&presented).await? {
            self.throttle_session(family).await?;
        }
        let now = self.now();
        let (successor, record) = self.new_refresh_token(now);
        let started_after = now - self.policies.session_max_age;
        let outcome = self.refresh_tokens.rotate(&presented, &record, now, started_after).await?;
        match outcome {
            RotateOutcome::Rotated { user, family } => Ok(self.session(user, family, successor, now)?),
            RotateOutcome::Retried { user, family } => {
                tracing::info!(user_id = %user, family = %family, "refresh retried with the token just spent; successor reissued");
                Ok(self.session(user, family, successor, now)?)
            }
            RotateOutcome::Reused { user, family } => {
                tracing::warn!(user_id = %user, family = %family, "refresh token reused; session family revoked");
                self.announce(AccessChange::SessionEnded { session: family }).await;
                Err(RefreshError::Reused)
            }
            RotateOutcome::Expired => Err(RefreshError::Expired),
            RotateOutcome::SessionEnded => Err(RefreshError::SessionEnded),
            RotateOutcome::Revoked | RotateOutcome::Unknown => Err(RefreshError::Invalid),
        }
    }
}
