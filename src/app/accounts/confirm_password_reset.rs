//! Following a reset link: set a new password with a live token, once.
//!
//! Everything that proved the old password stops working: every session (refresh-token
//! family) is revoked, and every other reset link of the account is spent. Access tokens
//! already issued run out by themselves (at most the access-token lifetime).

use super::AccountsService;
use super::account_password::helper_failures;
use super::auth_throttle::{Admitted, Attempt};
use crate::app::shared::failure::store_failures;
use crate::domain::access::AccessChange;
use crate::domain::{Password, ResetToken};
use crate::ports::SpendOutcome;

#[derive(Debug)]
pub struct ConfirmPasswordResetCommand {
    pub token: ResetToken,
    /// Already checked by [`Password::parse_new`].
    pub password: Password,
}

#[derive(Debug, thiserror::Error)]
pub enum ConfirmPasswordResetError {
    /// Unknown, malformed, used or expired: one answer, so a token's state is not revealed.
    #[error("the reset link is invalid, used or expired; ask for a new one")]
    InvalidToken,
    /// A backing service is unavailable; retrying may help.
    #[error(transparent)]
    Unavailable(crate::ports::StoreError),
    #[error(transparent)]
    Unexpected(#[from] anyhow::Error),
}

store_failures!(ConfirmPasswordResetError);
helper_failures!(ConfirmPasswordResetError);

impl AccountsService {
    pub async fn confirm_password_reset(
        &self,
        admitted: Admitted,
        command: ConfirmPasswordResetCommand,
    ) -> Result<(), ConfirmPasswordResetError> {
        debug_assert!(admitted.is_for(Attempt::PasswordResetConfirm), "admitted for another attempt");
        let now = self.now();
        let user = match self.password_resets.spend(&command.token.hash(), now).await? {
            SpendOutcome::Spent { user } => user,
            outcome => {
                tracing::info!(?outcome, "password reset refused");
                return Err(ConfirmPasswordResetError::InvalidToken);
            }
        };
        if !self.set_password(user, &command.password).await? {
            // The account was deleted after the link was sent.
            return Err(ConfirmPasswordResetError::InvalidToken);
        }
        let sessions = self.refresh_tokens.revoke_user_families(user, None, now).await?;
        self.announce(AccessChange::SessionsRevoked { user, kept: None, password_changed: true }).await;
        self.password_resets.revoke_all(user, now).await?;
        tracing::info!(user_id = %user, sessions, "password reset; every session revoked");
        Ok(())
    }
}
