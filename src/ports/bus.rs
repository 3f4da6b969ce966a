//! A bus: each message announced to every subscription open on any instance sharing it.
//!
//! Two buses run on it today — [`AccessChange`](crate::domain::access::AccessChange)s (so each
//! instance drops what it cached of a user and ends the streams a change takes away) and new
//! [`Signal`](crate::domain::signals::Signal)s (the paid live stream) — with one in-process
//! implementation and one Redis pub/sub implementation, and one contract suite for both.
//!
//! Delivery is at most once and only to subscriptions open when the message is published, like
//! any pub/sub. A subscriber that may have missed messages (it fell behind, or the bus's
//! connection dropped and came back) is told so when its message type says how
//! ([`BusMessage::maybe_missed`]); otherwise it skips to the newest.

use async_trait::async_trait;
use tokio::sync::broadcast;

use crate::ports::StoreError;

/// What a bus can carry.
pub trait BusMessage: Clone + Send + Sync + 'static {
    /// Messages a subscriber may fall behind by before it loses some: every bus's in-process
    /// fan-out channel has this capacity.
    const BACKLOG: usize;

    /// What a subscriber is told when messages may have been lost; `None` to skip silently to
    /// the newest (live news, where the history is the place to read back what was missed).
    fn maybe_missed() -> Option<Self>;
}

#[async_trait]
pub trait Bus<T: BusMessage>: Send + Sync {
    /// Announces `message` to every subscription open on any instance sharing the bus
    /// (including this one).
    ///
    /// # Errors
    /// [`StoreError::Unavailable`] when the bus (e.g. Redis) cannot be reached: the other
    /// instances then do not hear it.
    async fn publish(&self, message: &T) -> Result<(), StoreError>;

    /// Hands `message` to the subscriptions open on this instance only; no other instance
    /// hears it. For a message this instance knows first-hand but may not be told by the bus
    /// (another instance announced it, or was about to and died), so that its own subscribers
    /// do not depend on someone else's announcement. Never fails: there is no network.
    fn deliver_here(&self, message: &T);

    /// A subscription receiving every message published after this call returns, from any
    /// instance, plus [`BusMessage::maybe_missed`] whenever some may have been lost.
    ///
    /// # Errors
    /// [`StoreError::Unavailable`] when the bus is not connected, so messages published now
    /// would not arrive.
    async fn subscribe(&self) -> Result<BusSubscription<T>, StoreError>;
}

/// One subscriber's view of a bus: a receiver of the instance's fan-out channel.
pub struct BusSubscription<T> {
    receiver: broadcast::Receiver<T>,
}

impl<T: BusMessage> BusSubscription<T> {
    pub fn new(receiver: broadcast::Receiver<T>) -> Self {
        Self { receiver }
    }

    /// The next message; `None` once the bus is gone. Falling behind yields
    /// [`BusMessage::maybe_missed`], or skips to the oldest message still held.
    pub async fn next(&mut self) -> Option<T> {
        loop {
            match self.receiver.recv().await {
                Ok(message) => return Some(message),
                Err(broadcast::error::RecvError::Lagged(missed)) => match T::maybe_missed() {
                    Some(notice) => return Some(notice),
                    None => tracing::warn!(missed, "a bus subscriber fell behind; skipping to the newest messages"),
                },
                Err(broadcast::error::RecvError::Closed) => return None,
            }
        }
    }
}
