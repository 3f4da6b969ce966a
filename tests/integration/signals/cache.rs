//! The signal cache on the market's clock, over the simulator and in-memory adapters: the
//! candle in the key, freshness until the next close (the next open when closed), the
//! process copy, the cache being down, and each computed signal recorded once.

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use async_trait::async_trait;
use chrono::{DateTime, TimeZone, Utc};
use signalbox::adapters::memory::{MemorySignalBus, MemorySignalHistory};
use signalbox::app::signals::signal_cache::SignalCache;
use signalbox::app::signals::signal_recorder::SignalRecorder;
use signalbox::domain::market::{Interval, MarketCalendar, MarketStatus};
use signalbox::domain::signals::Symbol;
use signalbox::ports::{Cache, HistoryQuery, MarketData, SignalHistory, StoreError};

/// A cache whose every call fails, as Redis does while it is down; counts the calls,
/// each of which would cost a full command timeout against a real Redis.
#[derive(Default)]
struct DownCache {
    calls: AtomicUsize,
}

#[async_trait]
impl Cache for DownCache {
    async fn get(&self, _key: &str) -> Result<Option<String>, StoreError> {
        self.calls.fetch_add(1, Ordering::SeqCst);
        Err(StoreError::unavailable(anyhow::anyhow!("down")))
    }

    async fn set(&self, _key: &str, _value: &str, _ttl: Duration) -> Result<(), StoreError> {
        self.calls.fetch_add(1, Ordering::SeqCst);
        Err(StoreError::unavailable(anyhow::anyhow!("down")))
    }
}

/// A cache that never expires anything and counts reads.
#[derive(Default)]
struct CountingCache {
    entries: Mutex<HashMap<String, String>>,
    gets: AtomicUsize,
}

#[async_trait]
impl Cache for CountingCache {
    async fn get(&self, key: &str) -> Result<Option<String>, StoreError> {
        self.gets.fetch_add(1, Ordering::SeqCst);
        Ok(self.entries.lock().unwrap().get(key).cloned())
    }

    async fn set(&self, key: &str, value: &str, _ttl: Duration) -> Result<(), StoreError> {
        self.entries.lock().unwrap().insert(key.to_owned(), value.to_owned());
        Ok(())
    }
}

fn simulator() -> Arc<dyn MarketData> {
    Arc::new(signalbox::adapters::market::MarketSimulator::default())
}

fn recorder(history: Arc<MemorySignalHistory>) -> SignalRecorder {
    SignalRecorder::new(history, Arc::new(MemorySignalBus::new()))
}

fn signal_cache(cache: Arc<dyn Cache>) -> SignalCache {
    with_history(cache, Arc::new(MemorySignalHistory::new()))
}

fn with_history(cache: Arc<dyn Cache>, history: Arc<MemorySignalHistory>) -> SignalCache {
    SignalCache::new(cache, simulator(), MarketCalendar::default(), recorder(history))
}

/// Wednesday 25 November 2026, 12:00 IST: the close of the 11:55 candle.
fn noon() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 25, 6, 30, 0).unwrap()
}

fn ist(d: u32, h: u32, m: u32) -> DateTime<Utc> {
    signalbox::domain::market::calendar::ist().with_ymd_and_hms(2026, 11, d, h, m, 0).unwrap().to_utc()
}

#[tokio::test]
async fn each_signal_is_read_from_the_last_closed_candle_of_the_market() {
    let market = simulator();
    let signals = signal_cache(Arc::new(CountingCache::default()));
    let served = signals.at(noon() + chrono::Duration::seconds(100)).await.unwrap();
    assert_eq!(served.moment.as_of(), noon());
    assert_eq!(served.moment.status, MarketStatus::Open);
    for signal in &served.signals {
        assert_eq!(signal.generated_at, noon(), "stamped with the candle's close");
        let last = market.latest(signal.symbol, Interval::FiveMinutes, 1, noon()).await.unwrap();
        assert_eq!(signal.price, (last[0].close() * 20.0).round() / 20.0, "{signal:?}");
        assert!(!signal.reason.is_empty());
    }
}

#[tokio::test]
async fn signals_are_served_from_the_process_copy_until_the_shared_entry_expires() {
    let cache = Arc::new(CountingCache::default());
    let signals = signal_cache(cache.clone());
    let first = signals.at(noon()).await.unwrap();
    let reads_to_fill = cache.gets.load(Ordering::SeqCst);

    let again = signals.at(noon() + chrono::Duration::seconds(299)).await.unwrap();
    assert_eq!(cache.gets.load(Ordering::SeqCst), reads_to_fill, "no cache round trip");
    assert_eq!(again, first);

    let next = signals.at(noon() + chrono::Duration::seconds(300)).await.unwrap();
    assert_eq!(cache.gets.load(Ordering::SeqCst), reads_to_fill + 2 * Symbol::ALL.len(), "a new candle closed");
    assert_eq!(signals.computations(), 2 * Symbol::ALL.len() as u64);
    assert_eq!(next.moment.as_of(), noon() + chrono::Duration::minutes(5));
}

/// Between two candle closes every request is handed the same shared answer (the API keeps
/// the serialised body for as long as it is handed the same one), and a new candle makes a
/// new one.
#[tokio::test]
async fn one_shared_answer_is_handed_out_until_the_market_moves_on() {
    let signals = signal_cache(Arc::new(CountingCache::default()));
    let first = signals.at(noon()).await.unwrap();

    let again = signals.at(noon() + chrono::Duration::seconds(299)).await.unwrap();
    assert!(Arc::ptr_eq(&first, &again), "the same answer, not a copy");

    let next = signals.at(noon() + chrono::Duration::seconds(300)).await.unwrap();
    assert!(!Arc::ptr_eq(&first, &next));
    assert_eq!(next.moment.as_of(), noon() + chrono::Duration::minutes(5));
    assert!(next.signals.iter().all(|s| s.generated_at == next.moment.as_of()));
}

/// The kept answer holds from the instant it was put together: a clock set back (a test
/// clock, a corrected system clock) is not handed a later candle's signals.
#[tokio::test]
async fn a_clock_set_back_is_answered_for_its_own_candle() {
    let signals = signal_cache(Arc::new(CountingCache::default()));
    let later = signals.at(noon() + chrono::Duration::seconds(120)).await.unwrap();
    assert_eq!(later.moment.as_of(), noon());

    let earlier = signals.at(noon() - chrono::Duration::seconds(60)).await.unwrap();
    assert_eq!(earlier.moment.as_of(), noon() - chrono::Duration::minutes(5));
    assert!(earlier.signals.iter().all(|s| s.generated_at == earlier.moment.as_of()));
}

#[tokio::test]
async fn another_instances_entry_is_kept_only_until_it_expires() {
    let cache = Arc::new(CountingCache::default());
    let other = signal_cache(cache.clone());
    other.at(noon()).await.unwrap();
    let ours = signal_cache(cache.clone());
    let before = cache.gets.load(Ordering::SeqCst);

    ours.at(noon() + chrono::Duration::seconds(290)).await.unwrap();
    ours.at(noon() + chrono::Duration::seconds(295)).await.unwrap();
    assert_eq!(cache.gets.load(Ordering::SeqCst), before + Symbol::ALL.len(), "copied once");
    assert_eq!(ours.computations(), 0, "the other instance's entries were used");

    ours.at(noon() + chrono::Duration::seconds(300)).await.unwrap();
    assert!(cache.gets.load(Ordering::SeqCst) > before + Symbol::ALL.len(), "expired with the entry");
    assert_eq!(ours.computations(), Symbol::ALL.len() as u64, "the new candle's signals");
}

#[tokio::test]
async fn with_the_cache_down_signals_are_served_after_one_cache_call_per_symbol() {
    let cache = Arc::new(DownCache::default());
    let signals = signal_cache(cache.clone());

    let served = signals.at(noon()).await.expect("served without the cache");

    assert_eq!(served.signals.len(), Symbol::ALL.len());
    assert_eq!(signals.computations(), Symbol::ALL.len() as u64);
    assert_eq!(cache.calls.load(Ordering::SeqCst), Symbol::ALL.len(), "no second read and no write");
}

#[tokio::test]
async fn outside_market_hours_the_last_sessions_signal_is_served_until_the_next_open() {
    let cache = Arc::new(CountingCache::default());
    let signals = signal_cache(cache.clone());
    let saturday_night = ist(28, 23, 54);

    let served = signals.at(saturday_night).await.unwrap();

    assert_eq!(served.moment.status, MarketStatus::Closed);
    assert_eq!(served.moment.next_open, Some(ist(30, 9, 15)));
    assert!(served.signals.iter().all(|s| s.generated_at == ist(27, 15, 30)), "Friday's last candle");
    let sunday = signals.at(ist(29, 12, 0)).await.unwrap();
    assert_eq!(sunday.signals, served.signals);
    assert_eq!(signals.computations(), Symbol::ALL.len() as u64, "one computation for the whole weekend");
}

#[tokio::test]
async fn a_signal_is_cached_until_the_next_candle_close_not_for_a_fixed_time() {
    let cache = Arc::new(CountingCache::default());
    let signals = signal_cache(cache.clone());
    let late_in_the_candle = noon() + chrono::Duration::seconds(290);

    signals.at(late_in_the_candle).await.unwrap();
    signals.at(noon() + chrono::Duration::seconds(300)).await.unwrap();

    assert_eq!(signals.computations(), 2 * Symbol::ALL.len() as u64, "a new candle 10 s later");
}

#[tokio::test]
async fn each_computed_signal_is_recorded_once_in_the_history() {
    let history = Arc::new(MemorySignalHistory::new());
    let a = with_history(Arc::new(CountingCache::default()), history.clone());
    let b = with_history(Arc::new(CountingCache::default()), history.clone());

    a.at(noon()).await.unwrap();
    b.at(noon() + chrono::Duration::seconds(10)).await.unwrap();
    a.at(noon() + chrono::Duration::seconds(300)).await.unwrap();

    let query = HistoryQuery { symbol: Symbol::Nifty, up_to: None, limit: 10 };
    let stored: Vec<_> = history.recent(query).await.unwrap().into_iter().map(|e| e.signal.generated_at).collect();
    assert_eq!(stored, vec![noon() + chrono::Duration::minutes(5), noon()], "newest first, once each");
}
