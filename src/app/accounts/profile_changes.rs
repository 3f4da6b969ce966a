//! Keeping cached profiles honest: a deleted account is announced on the user-change bus, and
//! every instance (this one included) drops the profile it cached.

use std::time::Duration;

use super::AccountsService;
use crate::ports::BillingChange;

/// Pause before subscribing again when the bus is unreachable.
const RESUBSCRIBE_AFTER: Duration = Duration::from_secs(1);

impl AccountsService {
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
                            BillingChange::User(user) => self.profiles.forget(user),
                            BillingChange::MaybeMissed => self.profiles.forget_all(),
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
