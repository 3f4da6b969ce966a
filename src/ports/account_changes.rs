//! Account changes: "something about user X's access changed" — their billing, a session
//! ended, sessions revoked, the account deleted — announced to every instance sharing the bus,
//! so each drops what it cached of that user (plans, profiles) and ends the live streams the
//! change takes away.
//!
//! Delivery is at most once and only to subscriptions open when the change is published, like
//! any pub/sub. A subscriber that may have missed changes (it fell behind, or the bus's
//! connection dropped and came back) is told so with [`AccessChange::MaybeMissed`] and must
//! then forget everything it cached and check again what it holds; the caches' short lifetime
//! bounds the damage of a change lost without that notice.

use async_trait::async_trait;
use tokio::sync::broadcast;

use crate::domain::access::AccessChange;
use crate::ports::StoreError;

/// Changes a subscriber may fall behind by before it is told it missed some.
pub const CHANGE_BACKLOG: usize = 1024;

#[async_trait]
pub trait AccountChanges: Send + Sync {
    /// Announces `change` to every subscription open on any instance sharing the bus
    /// (including this one). Publishing [`AccessChange::MaybeMissed`] is allowed and means
    /// "everyone, check again".
    ///
    /// # Errors
    /// [`StoreError::Unavailable`] when the bus (e.g. Redis) cannot be reached: the other
    /// instances then keep what they cached until it expires.
    async fn publish(&self, change: AccessChange) -> Result<(), StoreError>;

    /// A subscription receiving every change published after this call returns, from any
    /// instance, plus [`AccessChange::MaybeMissed`] whenever some may have been lost.
    ///
    /// # Errors
    /// [`StoreError::Unavailable`] when the bus is not connected yet.
    async fn subscribe(&self) -> Result<AccountChangeSubscription, StoreError>;
}

/// One subscriber's view of the bus: a receiver of the instance's fan-out channel.
pub struct AccountChangeSubscription {
    receiver: broadcast::Receiver<AccessChange>,
}

impl AccountChangeSubscription {
    pub fn new(receiver: broadcast::Receiver<AccessChange>) -> Self {
        Self { receiver }
    }

    /// The next change; `None` once the bus is gone. Falling behind yields `MaybeMissed`.
    pub async fn next(&mut self) -> Option<AccessChange> {
        match self.receiver.recv().await {
            Ok(change) => Some(change),
            Err(broadcast::error::RecvError::Lagged(_)) => Some(AccessChange::MaybeMissed),
            Err(broadcast::error::RecvError::Closed) => None,
        }
    }
}
