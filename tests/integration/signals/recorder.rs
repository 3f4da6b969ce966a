//! What happens to a computed signal: stored once, announced by the first instance to store
//! it, announced anyway when the history is down, and handed to the instance's own
//! subscribers by an instance that finds it already stored (the announcer may have died).

use std::sync::{Arc, Mutex};

use async_trait::async_trait;
use chrono::{TimeZone, Utc};
use signalbox::adapters::memory::MemorySignalHistory;
use signalbox::app::signals::signal_recorder::SignalRecorder;
use signalbox::domain::signals::{Action, Indicators, Signal, Symbol};
use signalbox::ports::{Bus, BusSubscription, Recorded, SignalHistory, StoreError};

/// A bus that only counts what is published to it, and what is delivered on this instance only.
#[derive(Default)]
struct CountingBus(Mutex<Vec<Signal>>, Mutex<Vec<Signal>>);

#[async_trait]
impl Bus<Signal> for CountingBus {
    async fn publish(&self, signal: &Signal) -> Result<(), StoreError> {
        self.0.lock().unwrap().push(signal.clone());
        Ok(())
    }

    fn deliver_here(&self, signal: &Signal) {
        self.1.lock().unwrap().push(signal.clone());
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
    assert_eq!(bus.1.lock().unwrap().len(), 1, "the second instance hands it to its own subscribers");
}

#[tokio::test]
async fn with_the_history_down_the_signal_is_still_announced() {
    let bus = Arc::new(CountingBus::default());
    SignalRecorder::new(Arc::new(DownHistory), bus.clone()).record(&signal()).await;
    assert_eq!(bus.0.lock().unwrap().len(), 1);
}

#[tokio::test]
async fn an_instance_that_finds_the_signal_stored_still_hands_it_to_its_own_subscribers() {
    // Instance A stored the candle's signal and died before announcing it.
    let history = Arc::new(MemorySignalHistory::new());
    assert_eq!(history.record(&signal()).await.unwrap(), Recorded::New);
    let bus = Arc::new(CountingBus::default());

    SignalRecorder::new(history, bus.clone()).record(&signal()).await;

    assert!(bus.0.lock().unwrap().is_empty(), "not announced to every instance a second time");
    assert_eq!(*bus.1.lock().unwrap(), vec![signal()], "but this instance's streams get it");
}

#[tokio::test]
async fn a_signal_recomputed_long_after_its_candle_is_not_handed_on_as_news() {
    let history = Arc::new(MemorySignalHistory::new());
    let mut after_hours = signal();
    after_hours.published_at = after_hours.generated_at + chrono::Duration::hours(3);
    history.record(&after_hours).await.unwrap();
    let bus = Arc::new(CountingBus::default());

    SignalRecorder::new(history, bus.clone()).record(&after_hours).await;

    assert!(bus.0.lock().unwrap().is_empty() && bus.1.lock().unwrap().is_empty());
}
