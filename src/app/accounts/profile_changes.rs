//! Keeping cached profiles honest: a deleted account is announced on the user-change bus, and
//! every instance (this one included) drops the profile it cached.

use std::time::Duration;

use super::AccountsService;
use crate::domain::access::AccessChange;

/// Pause before subscribing again when the bus is unreachable.
const RESUBSCRIBE_AFTER: Duration = Duration::from_secs(1);

impl AccountsService {
    /// Announces an access change to every instance (streams end, caches drop). Best effort:
    /// the change itself is stored already; a lost announcement leaves other instances'
    /// streams running until their token expires (at most its lifetime).
    pub(super) async fn announce(&self, change: AccessChange) {
        if let Err(err) = self.user_changes.publish(&change).await {
            tracing::warn!(error = %err, ?change, "could not announce an access change; streams elsewhere end at their token's expiry");
        }
    }

    /// Drops cached profiles as changes are announced, for as long as the process runs (the
    /// composition root spawns it). Whenever it (re)subscribes or may have missed changes,
    /// it drops everything: what was cached meanwhile cannot be trusted.
    pub async fn follow_user_changes(&self) {
        loop {
            match self.user_changes.subscribe().await {
                Ok(mut changes) => {
                    self.profiles.forget_all();
                    while let Some(change) = changes.next().await {
                        match change {
                            AccessChange::Billing(user) | AccessChange::AccountDeleted(user) => {
                                self.profiles.forget(user)
                            }
                            AccessChange::MaybeMissed => self.profiles.forget_all(),
                            AccessChange::SessionEnded { .. } | AccessChange::SessionsRevoked { .. } => {}
                        }
                    }
                    return;
                }
                Err(err) => {
                    tracing::warn!(error = %err, "cannot follow user changes yet; retrying");
                    tokio::time::sleep(RESUBSCRIBE_AFTER).await;
                }
            }
        }
    }
}
