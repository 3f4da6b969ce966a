//! Keeping cached plans honest: whoever changes a user's billing state (or deletes the
//! account) announces it, and every instance (this one included) drops the plan it cached.
//!
//! The announcing instance drops its own entry at once, before publishing, so its next
//! request reads the new state even if the bus is down. The others rely on the bus; a
//! lost announcement is covered by the cache's TTL backstop.

use std::time::Duration;

use super::BillingService;
use crate::domain::UserId;
use crate::domain::access::AccessChange;

/// Pause before subscribing again when the bus is unreachable.
const RESUBSCRIBE_AFTER: Duration = Duration::from_secs(1);

impl BillingService {
    /// Announces that `user`'s billing state changed. Best effort: the change itself is
    /// already stored, so a bus failure is logged, not returned.
    pub(crate) async fn billing_changed(&self, user: UserId) {
        self.plans.forget(user);
        if let Err(err) = self.billing_changes.publish(&AccessChange::Billing(user)).await {
            tracing::warn!(user_id = %user, error = %err, "could not announce a billing change; other instances keep the old plan until their cache expires");
        }
    }

    /// Drops cached plans as changes are announced, for as long as the process runs (the
    /// composition root spawns it). Whenever it (re)subscribes or may have missed changes,
    /// it drops everything: what was cached meanwhile cannot be trusted.
    pub async fn follow_billing_changes(&self) {
        loop {
            match self.billing_changes.subscribe().await {
                Ok(mut changes) => {
                    self.plans.forget_all();
                    while let Some(change) = changes.next().await {
                        match change {
                            AccessChange::Billing(user) | AccessChange::AccountDeleted(user) => self.plans.forget(user),
                            AccessChange::MaybeMissed => {
                                tracing::info!("billing changes may have been missed; dropping every cached plan");
                                self.plans.forget_all();
                            }
                            // Sessions do not change a plan.
                            AccessChange::SessionEnded { .. } | AccessChange::SessionsRevoked { .. } => {}
                        }
                    }
                    return;
                }
                Err(err) => {
                    tracing::warn!(error = %err, "cannot follow billing changes yet; retrying");
                    tokio::time::sleep(RESUBSCRIBE_AFTER).await;
                }
            }
        }
    }
}
