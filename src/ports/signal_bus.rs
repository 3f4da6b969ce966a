//! Live signals: each newly computed signal is announced to every subscriber, on every
//! instance sharing the bus (the paid `/signals/stream`).
//!
//! Delivery is at most once and only to subscribers listening when the signal is published:
//! the stream is live news, and the history is where missed signals are read back. A
//! subscriber may receive the same signal twice (two instances computing one candle both
//! announce it when the history could not tell them apart), so [`SignalSubscription`] drops
//! any signal no newer than the last one it delivered for that symbol.

use std::collections::HashMap;

use chrono::{DateTime, Utc};

use crate::domain::signals::{Signal, Symbol};
use crate::ports::{Bus, BusMessage, BusSubscription};

/// The bus carrying new signals.
pub trait SignalBus: Bus<Signal> {}
impl<B: Bus<Signal> + ?Sized> SignalBus for B {}

impl BusMessage for Signal {
    /// Two symbols, over hours of 5-minute candles.
    const BACKLOG: usize = 256;

    /// Live news: a subscriber that fell behind skips to the newest signals.
    fn maybe_missed() -> Option<Self> {
        None
    }
}

/// One subscriber's view of the bus: a receiver of the instance's fan-out channel that skips
/// duplicates and stale signals.
pub struct SignalSubscription {
    messages: BusSubscription<Signal>,
    delivered: HashMap<Symbol, DateTime<Utc>>,
}

impl SignalSubscription {
    pub fn new(messages: BusSubscription<Signal>) -> Self {
        Self { messages, delivered: HashMap::new() }
    }

    /// The next signal newer than any delivered for its symbol; `None` once the bus is gone.
    /// A subscriber too slow to keep up loses the oldest signals it missed, not the stream.
    pub async fn next(&mut self) -> Option<Signal> {
        loop {
            let signal = self.messages.next().await?;
            if self.delivered.get(&signal.symbol).is_some_and(|last| signal.generated_at <= *last) {
                continue;
            }
            self.delivered.insert(signal.symbol, signal.generated_at);
            return Some(signal);
        }
    }
}
