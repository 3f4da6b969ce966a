//! What happens to a freshly computed signal: it is stored in the history, and announced on
//! the bus if this computation was the first to store it.
//!
//! The history's idempotent insert doubles as the cross-instance "who announces" decision:
//! two instances computing the same candle both try to store it, one gets `New` and
//! publishes. When the history cannot answer, the signal is published anyway — a duplicate,
//! which subscribers drop, is better than a silent stream. Neither failure keeps a signal
//! from being served: history and stream are extras on top of `/signals`.

use std::sync::Arc;

use crate::domain::signals::Signal;
use crate::ports::{Recorded, SignalBus, SignalHistory};

#[derive(Clone)]
pub struct SignalRecorder {
    history: Arc<dyn SignalHistory>,
    bus: Arc<dyn SignalBus>,
}

impl SignalRecorder {
    pub fn new(history: Arc<dyn SignalHistory>, bus: Arc<dyn SignalBus>) -> Self {
        Self { history, bus }
    }

    /// Stores `signal` and announces it when new; failures are logged, never returned.
    pub async fn record(&self, signal: &Signal) {
        let announce = match self.history.record(signal).await {
            Ok(Recorded::New) => true,
            Ok(Recorded::AlreadyStored) => false,
            Err(err) => {
                tracing::warn!(error = %err, symbol = signal.symbol.as_str(), "signal history write failed");
                true
            }
        };
        if announce && let Err(err) = self.bus.publish(signal).await {
            tracing::warn!(error = %err, symbol = signal.symbol.as_str(), "signal could not be announced");
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Mutex;

    use async_trait::async_trait;
    use chrono::{TimeZone, Utc};

    use super::*;
    use crate::adapters::memory::MemorySignalHistory;
    use crate::domain::signals::{Action, Indicators, Symbol};
    use crate::ports::{SignalSubscription, StoreError};

    /// A bus that only counts what is published to it.
    #[derive(Default)]
    struct CountingBus(Mutex<Vec<Signal>>);

    #[async_trait]
    impl SignalBus for CountingBus {
        async fn publish(&self, signal: &Signal) -> Result<(), StoreError> {
            self.0.lock().unwrap().push(signal.clone());
            Ok(())
        }

        async fn subscribe(&self) -> Result<SignalSubscription, StoreError> {
            unreachable!("not used here")
        }
    }

    /// A history that is down.
    struct DownHistory;

    #[async_trait]
    impl SignalHistory for DownHistory {
        async fn record(&self, _: &Signal) -> Result<Recorded, StoreError> {
            Err(StoreError::unavailable(anyhow::anyhow!("down")))
        }
        async fn recent(&self, _: crate::ports::HistoryQuery) -> Result<Vec<crate::ports::HistoryEntry>, StoreError> {
            unreachable!()
        }
        async fn unsettled(&self, _: Symbol, _: chrono::DateTime<Utc>, _: usize) -> Result<Vec<Signal>, StoreError> {
            unreachable!()
        }
        async fn settle(
            &self,
            _: Symbol,
            _: chrono::DateTime<Utc>,
            _: &crate::domain::signals::Outcome,
        ) -> Result<(), StoreError> {
            unreachable!()
        }
        async fn track_record(
            &self,
            _: Symbol,
            _: Option<chrono::DateTime<Utc>>,
        ) -> Result<crate::domain::signals::TrackRecord, StoreError> {
            unreachable!()
        }
    }

    fn signal() -> Signal {
        Signal {
            symbol: Symbol::Nifty,
            action: Action::Buy,
            price: 26_000.0,
            confidence: 0.7,
            generated_at: Utc.with_ymd_and_hms(2026, 11, 25, 4, 35, 0).unwrap(),
            reason: "up".into(),
            indicators: Indicators { fast_ma: None, slow_ma: None, rsi: None },
        }
    }

    #[tokio::test]
    async fn of_two_instances_recording_one_candle_only_the_first_announces_it() {
        let history = Arc::new(MemorySignalHistory::new());
        let bus = Arc::new(CountingBus::default());
        let a = SignalRecorder::new(history.clone(), bus.clone());
        let b = SignalRecorder::new(history, bus.clone());

        a.record(&signal()).await;
        b.record(&signal()).await;

        assert_eq!(bus.0.lock().unwrap().len(), 1);
    }

    #[tokio::test]
    async fn with_the_history_down_the_signal_is_still_announced() {
        let bus = Arc::new(CountingBus::default());
        SignalRecorder::new(Arc::new(DownHistory), bus.clone()).record(&signal()).await;
        assert_eq!(bus.0.lock().unwrap().len(), 1);
    }
}
