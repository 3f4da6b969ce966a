//! Keeping cached plans and profiles honest: whoever changes a user's billing state (or
//! deletes the account) announces it, and every instance (this one included) drops what it
//! cached of that user.
//!
//! The announcing instance drops its own entry at once, before publishing, so its next
//! request reads the new state even if the bus is down. The others rely on the bus; a
//! lost announcement is covered by the cache's TTL backstop.

use std::time::Duration;

use crate::app::Signalbox;
use crate::domain::UserId;
use crate::ports::BillingChange;

/// Pause before subscribing again when the bus is unreachable.
const RESUBSCRIBE_AFTER: Duration = Duration::from_secs(1);

impl Signalbox {
    /// Announces that `user`'s billing state changed. Best effort: the change itself is
    /// already stored, so a bus failure is logged, not returned.
    pub(crate) async fn billing_changed(&self, user: UserId) {
        self.forget_cached(user);
        if let Err(err) = self.deps.billing_changes.publish(user).await {
            tracing::warn!(user_id = %user, error = %err, "could not announce a billing change; other instances keep the old plan until their cache expires");
        }
    }

    fn forget_cached(&self, user: UserId) {
        self.plans.forget(user);
        self.profiles.forget(user);
    }

    fn forget_all_cached(&self) {
        self.plans.forget_all();
        self.profiles.forget_all();
    }

    /// Drops cached plans and profiles as changes are announced, for as long as the process runs (the
    /// composition root spawns it). Whenever it (re)subscribes or may have missed changes,
    /// it drops everything: what was cached meanwhile cannot be trusted.
    pub async fn follow_billing_changes(&self) {
        loop {
            match self.deps.billing_changes.subscribe().await {
                Ok(mut changes) => {
                    self.forget_all_cached();
                    while let Some(change) = changes.next().await {
                        match change {
                            BillingChange::User(user) => self.forget_cached(user),
                            BillingChange::MaybeMissed => {
                                tracing::info!("billing changes may have been missed; dropping every cached plan");
                                self.forget_all_cached();
                            }
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
