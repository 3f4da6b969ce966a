//! Billing changes: "user X's billing state changed", announced to every instance sharing the
//! bus, so each drops what it cached of that user's plan (see `app::shared::per_user_cache`).
//!
//! Delivery is at most once and only to subscriptions open when the change is published, like
//! any pub/sub. A subscriber that may have missed changes (it fell behind, or the bus's
//! connection dropped and came back) is told so with [`BillingChange::MaybeMissed`] and must
//! then forget everything it cached; the cache's short lifetime bounds the damage of a change
//! lost without that notice.

use async_trait::async_trait;
use tokio::sync::broadcast;

use crate::domain::UserId;
use crate::ports::StoreError;

/// Changes a subscriber may fall behind by before it is told it missed some.
pub const CHANGE_BACKLOG: usize = 1024;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BillingChange {
    /// This user's billing state changed.
    User(UserId),
    /// Changes may have been lost (a reconnect, a slow subscriber): trust nothing cached.
    MaybeMissed,
}

#[async_trait]
pub trait BillingChanges: Send + Sync {
    /// Announces that `user`'s billing state changed, to every subscription open on any
    /// instance sharing the bus (including this one).
    ///
    /// # Errors
    /// [`StoreError::Unavailable`] when the bus (e.g. Redis) cannot be reached: the other
    /// instances then keep their cached plan until it expires.
    async fn publish(&self, user: UserId) -> Result<(), StoreError>;

    /// A subscription receiving every change published after this call returns, from any
    /// instance, plus [`BillingChange::MaybeMissed`] whenever some may have been lost.
    ///
    /// # Errors
    /// [`StoreError::Unavailable`] when the bus is not connected yet.
    async fn subscribe(&self) -> Result<BillingChangeSubscription, StoreError>;
}

/// One subscriber's view of the bus: a receiver of the instance's fan-out channel.
pub struct BillingChangeSubscription {
    receiver: broadcast::Receiver<BillingChange>,
}

impl BillingChangeSubscription {
    pub fn new(receiver: broadcast::Receiver<BillingChange>) -> Self {
        Self { receiver }
    }

    /// The next change; `None` once the bus is gone. Falling behind yields `MaybeMissed`.
    pub async fn next(&mut self) -> Option<BillingChange> {
        match self.receiver.recv().await {
            Ok(change) => Some(change),
            Err(broadcast::error::RecvError::Lagged(_)) => Some(BillingChange::MaybeMissed),
            Err(broadcast::error::RecvError::Closed) => None,
        }
    }
}
