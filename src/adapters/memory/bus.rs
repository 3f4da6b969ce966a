//! A [`Bus`] within one process: a Tokio broadcast channel. The embedded default, where there
//! is one instance and so nothing to cross.

use async_trait::async_trait;
use tokio::sync::broadcast;

use crate::domain::access::AccessChange;
use crate::domain::signals::Signal;
use crate::ports::{Bus, BusMessage, BusSubscription, StoreError};

pub struct MemoryBus<T> {
    sender: broadcast::Sender<T>,
}

/// The in-process account-change bus.
pub type MemoryAccountChanges = MemoryBus<AccessChange>;
/// The in-process signal bus.
pub type MemorySignalBus = MemoryBus<Signal>;

impl<T: BusMessage> Default for MemoryBus<T> {
    fn default() -> Self {
        Self { sender: broadcast::channel(T::BACKLOG).0 }
    }
}

impl<T: BusMessage> MemoryBus<T> {
    pub fn new() -> Self {
        Self::default()
    }
}

#[async_trait]
impl<T: BusMessage> Bus<T> for MemoryBus<T> {
    async fn publish(&self, message: &T) -> Result<(), StoreError> {
        // No subscriber is not a failure: nothing is cached where nobody listens.
        let _ = self.sender.send(message.clone());
        Ok(())
    }

    fn deliver_here(&self, message: &T) {
        // One process is one instance: the same as publishing.
        let _ = self.sender.send(message.clone());
    }

    async fn subscribe(&self) -> Result<BusSubscription<T>, StoreError> {
        Ok(BusSubscription::new(self.sender.subscribe()))
    }
}
