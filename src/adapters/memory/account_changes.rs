//! [`AccountChanges`] within one process: a Tokio broadcast channel. The embedded default,
//! where there is one instance and so nothing to cross.

use async_trait::async_trait;
use tokio::sync::broadcast;

use crate::domain::access::AccessChange;
use crate::ports::{AccountChangeSubscription, AccountChanges, CHANGE_BACKLOG, StoreError};

pub struct MemoryAccountChanges {
    sender: broadcast::Sender<AccessChange>,
}

impl Default for MemoryAccountChanges {
    fn default() -> Self {
        Self { sender: broadcast::channel(CHANGE_BACKLOG).0 }
    }
}

impl MemoryAccountChanges {
    pub fn new() -> Self {
        Self::default()
    }
}

#[async_trait]
impl AccountChanges for MemoryAccountChanges {
    async fn publish(&self, change: AccessChange) -> Result<(), StoreError> {
        // No subscriber is not a failure: nothing is cached where nobody listens.
        let _ = self.sender.send(change);
        Ok(())
    }

    async fn subscribe(&self) -> Result<AccountChangeSubscription, StoreError> {
        Ok(AccountChangeSubscription::new(self.sender.subscribe()))
    }
}
