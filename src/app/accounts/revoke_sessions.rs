//! `signalbox users revoke-sessions EMAIL`: sign an account out everywhere (a lost laptop, a
//! suspected break-in). Access tokens already issued run out within their lifetime.

use super::AccountsService;
use crate::app::shared::failure::store_failures;
use crate::domain::Email;
use crate::domain::access::AccessChange;

#[derive(Debug, thiserror::Error)]
pub enum RevokeSessionsError {
    #[error("no account has the email {0}")]
    NoSuchUser(Email),
    #[error(transparent)]
    Unavailable(crate::ports::StoreError),
    #[error(transparent)]
    Unexpected(#[from] anyhow::Error),
}

store_failures!(RevokeSessionsError);

impl AccountsService {
    /// Revokes every session of the account; returns how many were live.
    pub async fn revoke_sessions(&self, email: &Email) -> Result<u64, RevokeSessionsError> {
        let found = self.users.find_credentials_by_email(email).await?;
        let user = found.ok_or_else(|| RevokeSessionsError::NoSuchUser(email.clone()))?.user;
        let revoked = self.refresh_tokens.revoke_user_families(user.id, None, self.now()).await?;
        self.announce(AccessChange::SessionsRevoked { user: user.id, kept: None, password_changed: false }).await;
        tracing::info!(user_id = %user.id, revoked, "sessions revoked by an operator");
        Ok(revoked)
    }
}
