//! What happens to a computed signal: stored once, announced by the first instance to store
//! it, and announced anyway when the history is down.

use std::sync::{Arc, Mutex};

use async_trait::async_trait;
use chrono::{TimeZone, Utc};
use signalbox::adapters::memory::MemorySignalHistory;
use signalbox::app::signals::signal_recorder::SignalRecorder;
use signalbox::domain::signals::{Action, Indicators, Signal, Symbol};
use signalbox::ports::{Bus, BusSubscription, Recorded, SignalHistory, StoreError};

/// A bus that only counts what is published to it.
#[derive(Default)]
struct CountingBus(Mutex<Vec<Signal>>);

#[async_trait]
impl Bus<Signal> for CountingBus {
    async fn publish(&self, signal: &Signal) -> Result<(), StoreError> {
        self.0.lock().unwrap().push(signal.clone());
        Ok(())
    }

    async fn subscribe(&self) -> Result<BusSubscription<Signal>, StoreError> {
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
    async fn recent(
        &self,
        _: signalbox::ports::HistoryQuery,
    ) -> Result<Vec<signalbox::ports::HistoryEntry>, StoreError> {
        unreachable!()
    }
    async fn unsettled(&self, _: Symbol, _: chrono::DateTime<Utc>, _: usize) -> Result<Vec<Signal>, StoreError> {
        unreachable!()
    }
    async fn settle(
        &self,
        _: Symbol,
        _: chrono::DateTime<Utc>,
        _: &signalbox::domain::signals::Outcome,
    ) -> Result<(), StoreError> {
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
        source: signalbox::domain::market::SourceName::parse("simulator").unwrap(),
        simulated: true,
        published_at: Utc.with_ymd_and_hms(2026, 11, 25, 4, 35, 1).unwrap(),
        position: signalbox::domain::calls::Position::flat(None),
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
