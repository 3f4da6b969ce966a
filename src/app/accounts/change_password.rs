//! Changing the password while signed in. The current password is asked for again (counted
//! like a login attempt); every other session is revoked, the one making the request is kept.

use super::AccountsService;
use super::account_password::{PasswordCheck, helper_failures};
use crate::app::shared::failure::store_failures;
use crate::domain::access::AccessChange;
use crate::domain::{Password, RefreshToken, UserId};

#[derive(Debug)]
pub struct ChangePasswordCommand {
    /// `None` when the presented string cannot be a password: simply wrong.
    pub current: Option<Password>,
    /// Already checked by [`Password::parse_new`].
    pub new: Password,
}

#[derive(Debug, thiserror::Error)]
pub enum ChangePasswordError {
    #[error("the current password is incorrect")]
    WrongPassword,
    #[error("too many attempts; try again in {retry_after_secs} seconds")]
    TooManyAttempts { retry_after_secs: u64 },
    /// The token's account no longer exists.
    #[error("account not found")]
    AccountGone,
    #[error(transparent)]
    Unavailable(crate::ports::StoreError),
    #[error(transparent)]
    Unexpected(#[from] anyhow::Error),
}

store_failures!(ChangePasswordError);
helper_failures!(ChangePasswordError);

impl AccountsService {
    /// `session` is the refresh token the request carried, if any: its session survives.
    pub async fn change_password(
        &self,
        user: UserId,
        client: &crate::domain::ClientNetwork,
        session: Option<&str>,
        command: ChangePasswordCommand,
    ) -> Result<(), ChangePasswordError> {
        match self.check_own_password(user, client, command.current.as_ref()).await? {
            PasswordCheck::Correct => {}
            PasswordCheck::Wrong => return Err(ChangePasswordError::WrongPassword),
            PasswordCheck::Limited { retry_after_secs } => {
                return Err(ChangePasswordError::TooManyAttempts { retry_after_secs });
            }
            PasswordCheck::Gone => return Err(ChangePasswordError::AccountGone),
        }
        if !self.set_password(user, &command.new).await? {
            return Err(ChangePasswordError::AccountGone);
        }
        let keep = match session.and_then(|raw| RefreshToken::parse(raw).ok()) {
            Some(token) => self.refresh_tokens.family_of(&token.hash()).await?,
            None => None,
        };
        let now = self.now();
        let revoked = self.refresh_tokens.revoke_user_families(user, keep, now).await?;
        self.announce(AccessChange::SessionsRevoked { user, kept: keep, password_changed: true }).await;
        self.password_resets.revoke_all(user, now).await?;
        tracing::info!(user_id = %user, revoked, "password changed; other sessions revoked");
        Ok(())
    }
}
