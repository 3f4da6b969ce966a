//! Retention of refresh tokens: without it every refresh and every login adds a row for good.
//! Run hourly in the background by every instance (the delete is idempotent).

use super::AccountsService;

impl AccountsService {
    /// Deletes expired tokens, revoked sessions and sessions past `SESSION_MAX_DAYS` (see
    /// [`crate::ports::RefreshTokenStore::purge`]). Returns how many tokens went.
    pub async fn purge_sessions(&self) -> anyhow::Result<u64> {
        let now = self.now();
        let purged = self.refresh_tokens.purge(now, now - self.policies.session_max_age).await?;
        if purged > 0 {
            tracing::info!(purged, "expired and revoked refresh tokens purged");
        }
        Ok(purged)
    }
}
