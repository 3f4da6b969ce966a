//! [`SignalBus`] within one process: a Tokio broadcast channel. The embedded default, where
//! there is one instance and so nothing to cross.

use async_trait::async_trait;
use tokio::sync::broadcast;

use crate::domain::signals::Signal;
use crate::ports::{SUBSCRIBER_BACKLOG, SignalBus, SignalSubscription, StoreError};

pub struct MemorySignalBus {
    sender: broadcast::Sender<Signal>,
}

impl Default for MemorySignalBus {
    fn default() -> Self {
        Self { sender: broadcast::channel(SUBSCRIBER_BACKLOG).0 }
    }
}

impl MemorySignalBus {
    pub fn new() -> Self {
        Self::default()
    }
}

#[async_trait]
impl SignalBus for MemorySignalBus {
    async fn publish(&self, signal: &Signal) -> Result<(), StoreError> {
        // No subscriber is not a failure: nobody is listening, so nobody misses it.
        let _ = self.sender.send(signal.clone());
        Ok(())
    }

    async fn subscribe(&self) -> Result<SignalSubscription, StoreError> {
        Ok(SignalSubscription::new(self.sender.subscribe()))
    }
}
