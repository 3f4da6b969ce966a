//! What happens to a freshly computed signal: it is stored in the history, and announced on
//! the bus if this computation was the first to store it.
//!
//! The history's idempotent insert doubles as the cross-instance "who announces" decision:
//! two instances computing the same candle both try to store it, one gets `New` and
//! publishes. The other still hands the signal to its own subscribers: the announcer may have
//! died between storing and publishing, or the bus may have dropped the message (pub/sub keeps
//! nothing across a reconnect), and a stream must not go without a signal its instance
//! computed itself. Subscribers drop the copy they already had. Only news is handed on so: a
//! signal computed a candle or more after its close (a request after hours recomputing the
//! day's last candle) was news long ago.
//!
//! When the history cannot answer, the signal is published anyway — a duplicate, which
//! subscribers drop, is better than a silent stream. Neither failure keeps a signal
//! from being served: history and stream are extras on top of `/signals`.

use std::sync::Arc;

use super::call_recorder::CallRecorder;
use super::standing_signal::SIGNAL_INTERVAL;
use crate::domain::signals::Signal;
use crate::ports::{Recorded, SignalBus, SignalHistory};

#[derive(Clone)]
pub struct SignalRecorder {
    history: Arc<dyn SignalHistory>,
    bus: Arc<dyn SignalBus>,
    calls: Option<CallRecorder>,
}

impl SignalRecorder {
    pub fn new(history: Arc<dyn SignalHistory>, bus: Arc<dyn SignalBus>) -> Self {
        Self { history, bus, calls: None }
    }

    /// Also records the trade calls of each computed signal's candle.
    pub fn with_calls(mut self, calls: CallRecorder) -> Self {
        self.calls = Some(calls);
        self
    }

    /// Stores `signal` and announces it when new; failures are logged, never returned.
    pub async fn record(&self, signal: &Signal) {
        let announce = match self.history.record(signal).await {
            Ok(Recorded::New) => true,
            Ok(Recorded::AlreadyStored) => {
                if is_news(signal) {
                    self.bus.deliver_here(signal);
                }
                false
            }
            Err(err) => {
                tracing::warn!(error = %err, symbol = signal.symbol.as_str(), "signal history write failed");
                true
            }
        };
        if announce && let Err(err) = self.bus.publish(signal).await {
            tracing::warn!(error = %err, symbol = signal.symbol.as_str(), "signal could not be announced");
        }
        if let Some(calls) = &self.calls {
            calls.on_close(signal.symbol, signal.generated_at).await;
        }
    }
}

/// Computed within its own candle's span after the close: what the candle clock computes.
fn is_news(signal: &Signal) -> bool {
    signal.published_at - signal.generated_at < SIGNAL_INTERVAL.duration()
}
