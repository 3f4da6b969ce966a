//! [`BillingChanges`] within one process: a Tokio broadcast channel. The embedded default,
//! where there is one instance and so nothing to cross.

use async_trait::async_trait;
use tokio::sync::broadcast;

use crate::domain::UserId;
use crate::ports::{BillingChange, BillingChangeSubscription, BillingChanges, CHANGE_BACKLOG, StoreError};

pub struct MemoryBillingChanges {
    sender: broadcast::Sender<BillingChange>,
}

impl Default for MemoryBillingChanges {
    fn default() -> Self {
        Self { sender: broadcast::channel(CHANGE_BACKLOG).0 }
    }
}

impl MemoryBillingChanges {
    pub fn new() -> Self {
        Self::default()
    }
}

#[async_trait]
impl BillingChanges for MemoryBillingChanges {
    async fn publish(&self, user: UserId) -> Result<(), StoreError> {
        // No subscriber is not a failure: nothing is cached where nobody listens.
        let _ = self.sender.send(BillingChange::User(user));
        Ok(())
    }

    async fn subscribe(&self) -> Result<BillingChangeSubscription, StoreError> {
        Ok(BillingChangeSubscription::new(self.sender.subscribe()))
    }
}
