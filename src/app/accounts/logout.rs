//! Log-out: end the session the refresh token belongs to, on every device its family
//! reached. Access tokens already issued stay valid until they expire (at most the access
//! token lifetime); they cannot be renewed.

use super::AccountsService;
use crate::app::shared::failure::store_failures;
use crate::domain::RefreshToken;
use crate::domain::access::AccessChange;

#[derive(Debug, thiserror::Error)]
pub enum LogoutError {
    /// A backing service is unavailable; retrying may help.
    #[error(transparent)]
    Unavailable(crate::ports::StoreError),
    #[error(transparent)]
    Unexpected(#[from] anyhow::Error),
}

store_failures!(LogoutError);

impl AccountsService {
    /// Revokes the family of `presented`. A malformed or unknown token has no session to end,
    /// which is not an error: logging out twice is fine.
    pub async fn logout(&self, presented: &str) -> Result<(), LogoutError> {
        let Ok(token) = RefreshToken::parse(presented) else { return Ok(()) };
        let store = &self.refresh_tokens;
        if let Some(family) = store.family_of(&token.hash()).await? {
            store.revoke_family(family, self.now()).await?;
            tracing::info!(family = %family, "logged out; session family revoked");
            self.announce(AccessChange::SessionEnded { session: family }).await;
        }
        Ok(())
    }
}
