//! Live signals: each newly computed signal is announced to every subscriber, on every
//! instance sharing the bus (the paid `/signals/stream`).
//!
//! Delivery is at most once and only to subscribers listening when the signal is published:
//! the stream is live news, and the history is where missed signals are read back. A
//! subscriber may receive the same signal twice (two instances computing one candle both
//! announce it when the history could not tell them apart), so [`SignalSubscription`] drops
//! any signal no newer than the last one it delivered for that symbol.

use std::collections::HashMap;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use tokio::sync::broadcast;

use crate::domain::signals::{Signal, Symbol};
use crate::ports::StoreError;

/// Signals a subscriber may fall behind by before it loses the oldest: two symbols, over
/// hours of 5-minute candles. Every bus's in-process fan-out channel has this capacity.
pub const SUBSCRIBER_BACKLOG: usize = 256;

#[async_trait]
pub trait SignalBus: Send + Sync {
    /// Announces `signal` to every subscription open on any instance sharing the bus.
    ///
    /// # Errors
    /// [`StoreError::Unavailable`] when the bus (e.g. Redis) cannot be reached.
    async fn publish(&self, signal: &Signal) -> Result<(), StoreError>;

    /// A subscription that receives every signal published after this call returns, from
    /// any instance.
    ///
    /// # Errors
    /// [`StoreError::Unavailable`] when the bus is not connected, so signals published now
    /// would not arrive.
    async fn subscribe(&self) -> Result<SignalSubscription, StoreError>;
}

/// One subscriber's view of the bus: a receiver of the instance's fan-out channel that skips
/// duplicates and stale signals.
pub struct SignalSubscription {
    receiver: broadcast::Receiver<Signal>,
    delivered: HashMap<Symbol, DateTime<Utc>>,
}

impl SignalSubscription {
    pub fn new(receiver: broadcast::Receiver<Signal>) -> Self {
        Self { receiver, delivered: HashMap::new() }
    }

    /// The next signal newer than any delivered for its symbol; `None` once the bus is gone.
    /// A subscriber too slow to keep up loses the oldest signals it missed, not the stream.
    pub async fn next(&mut self) -> Option<Signal> {
        loop {
            match self.receiver.recv().await {
                Ok(signal) => {
                    if self.delivered.get(&signal.symbol).is_some_and(|last| signal.generated_at <= *last) {
                        continue;
                    }
                    self.delivered.insert(signal.symbol, signal.generated_at);
                    return Some(signal);
                }
                Err(broadcast::error::RecvError::Lagged(missed)) => {
                    tracing::warn!(missed, "a signal subscriber fell behind; skipping to the newest signals");
                }
                Err(broadcast::error::RecvError::Closed) => return None,
            }
        }
    }
}
