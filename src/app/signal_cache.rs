//! Signals on the market's clock: computed at most once per symbol per closed candle.
//!
//! A signal is computed on the latest closed 5-minute candle ([`MarketMoment::as_of`]) and
//! stamped with that candle's close, so every instance computing it agrees on it, and the
//! cache key names the candle. A cached signal stays fresh until the market's answer can next
//! change ([`MarketMoment::fresh_until`]): the next candle close while the market is open,
//! the next open while it is closed (outside hours the last session's signal is served).
//! A computation reads the latest candles from the [`MarketData`] port; with a remote candle
//! source that is a network round trip, which is what the layers below save.
//!
//! Two layers: the shared [`Cache`] port (Redis in production) holds results until they go
//! stale so every instance reuses them; an in-process single-flight gate makes concurrent
//! misses in one process wait for a single computation instead of each starting their own.
//! With N instances a cold key costs at most N computations; a cross-instance lock in Redis
//! could make that 1, but it adds a round trip to every miss and a failure mode (a lock holder
//! dying) for a saving of a few tens of milliseconds of CPU per instance every five minutes.
//! Each computation hands its signal to the [`SignalRecorder`] (history, live stream), whose
//! idempotent history insert makes one instance announce it.
//!
//! In front of both sits a copy in this process of each signal it has already read or
//! computed, kept until the moment its shared entry expires: a cached `/signals` then costs
//! no cache round trip at all — two Redis GETs per request were half the cost of the paid
//! path in the benchmark. The copy never outlives the shared entry, so an instance serves
//! nothing another instance would not.
//!
//! The cache is an optimisation, never a dependency: when it fails, signals are computed and
//! served anyway. A request whose cache read failed does not touch the cache again (no second
//! read, no write): each call to a Redis that is down costs its full command timeout, and
//! with three calls per symbol a paid user waited over three seconds for signals.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use tokio::sync::OnceCell;

use super::signal_recorder::SignalRecorder;
use crate::domain::market::{Candle, Interval, MarketCalendar, MarketMoment};
use crate::domain::signals::{Action, Indicators, Signal, Symbol, generate_signal};
use crate::ports::{Cache, MarketData};

/// The candles signals are computed on.
pub const SIGNAL_INTERVAL: Interval = Interval::FiveMinutes;
/// Candles the model reads: its slow average and RSI warm-up, with room to spare.
const SIGNAL_CANDLES: usize = 150;

type Flight = Arc<OnceCell<Signal>>;

/// Every symbol's signal at one instant, and the market's clock they were read on.
#[derive(Clone, Debug, PartialEq)]
pub struct MarketSignals {
    /// Status, `as_of` (the candle close the signals are computed on) and `next_open`.
    pub moment: MarketMoment,
    /// One per symbol, in [`Symbol::ALL`] order.
    pub signals: Vec<Signal>,
}

pub struct SignalCache {
    cache: Arc<dyn Cache>,
    market: Arc<dyn MarketData>,
    calendar: MarketCalendar,
    recorder: SignalRecorder,
    in_flight: Mutex<HashMap<String, Flight>>,
    /// This process's copies by cache key, each with the instant it goes stale.
    local: Mutex<HashMap<String, (Signal, DateTime<Utc>)>>,
    computations: AtomicU64,
}

/// The cached form of a signal (the domain type stays free of serde).
#[derive(Serialize, Deserialize)]
struct CachedSignal {
    action: String,
    price: f64,
    confidence: f64,
    generated_at: DateTime<Utc>,
    reason: String,
    fast_ma: Option<f64>,
    slow_ma: Option<f64>,
    rsi: Option<f64>,
}

impl SignalCache {
    pub fn new(
        cache: Arc<dyn Cache>,
        market: Arc<dyn MarketData>,
        calendar: MarketCalendar,
        recorder: SignalRecorder,
    ) -> Self {
        Self {
            cache,
            market,
            calendar,
            recorder,
            in_flight: Mutex::new(HashMap::new()),
            local: Mutex::new(HashMap::new()),
            computations: AtomicU64::new(0),
        }
    }

    pub fn computations(&self) -> u64 {
        self.computations.load(Ordering::Relaxed)
    }

    /// Signals for every symbol on the latest candle closed at `now`, from the cache where
    /// possible.
    pub async fn at(&self, now: DateTime<Utc>) -> anyhow::Result<MarketSignals> {
        let moment = self.calendar.moment_at(now, SIGNAL_INTERVAL);
        let mut signals = Vec::with_capacity(Symbol::ALL.len());
        for symbol in Symbol::ALL {
            signals.push(self.get(symbol, &moment, now).await?);
        }
        Ok(MarketSignals { moment, signals })
    }

    async fn get(&self, symbol: Symbol, moment: &MarketMoment, now: DateTime<Utc>) -> anyhow::Result<Signal> {
        // The candle in the key keeps a stale entry from ever being served for a newer one.
        let key = format!("signals:{}:{}", symbol.as_str(), moment.as_of().timestamp());
        if let Some(copy) = self.local_copy(&key, now) {
            return Ok(copy);
        }
        let cache_answered = match self.read(&key, symbol).await {
            Lookup::Hit(hit) => return Ok(self.keep(&key, hit, moment, now)),
            Lookup::Miss => true,
            Lookup::Failed => false,
        };
        let flight = self.in_flight.lock().expect("in-flight map poisoned").entry(key.clone()).or_default().clone();
        let result =
            flight.get_or_try_init(|| self.compute_and_store(&key, symbol, moment, now, cache_answered)).await.cloned();
        let mut in_flight = self.in_flight.lock().expect("in-flight map poisoned");
        if in_flight.get(&key).is_some_and(|current| Arc::ptr_eq(current, &flight)) {
            in_flight.remove(&key);
        }
        drop(in_flight);
        result.map(|signal| self.keep(&key, signal, moment, now))
    }

    fn local_copy(&self, key: &str, now: DateTime<Utc>) -> Option<Signal> {
        let local = self.local.lock().expect("local copies poisoned");
        local.get(key).filter(|(_, stale_at)| now < *stale_at).map(|(signal, _)| signal.clone())
    }

    /// Keeps a copy of `signal` until the moment goes stale, dropping stale copies.
    fn keep(&self, key: &str, signal: Signal, moment: &MarketMoment, now: DateTime<Utc>) -> Signal {
        let mut local = self.local.lock().expect("local copies poisoned");
        local.retain(|_, (_, stale_at)| now < *stale_at);
        if now < moment.fresh_until {
            local.insert(key.to_owned(), (signal.clone(), moment.fresh_until));
        }
        signal
    }

    async fn read(&self, key: &str, symbol: Symbol) -> Lookup {
        match self.cache.get(key).await {
            Ok(Some(raw)) => decode(&raw, symbol).map_or(Lookup::Miss, Lookup::Hit),
            Ok(None) => Lookup::Miss,
            Err(err) => {
                tracing::warn!(error = %err, "signal cache read failed; computing instead");
                Lookup::Failed
            }
        }
    }

    /// `use_cache`: whether the cache answered this request's first read; if not, it is
    /// neither read again nor written.
    async fn compute_and_store(
        &self,
        key: &str,
        symbol: Symbol,
        moment: &MarketMoment,
        now: DateTime<Utc>,
        use_cache: bool,
    ) -> anyhow::Result<Signal> {
        // A waiter that arrives after another flight filled the cache must not recompute.
        if use_cache && let Lookup::Hit(hit) = self.read(key, symbol).await {
            return Ok(hit);
        }
        self.computations.fetch_add(1, Ordering::Relaxed);
        let started = std::time::Instant::now();
        let candles = self.market.latest(symbol, SIGNAL_INTERVAL, SIGNAL_CANDLES, moment.as_of()).await?;
        let closes: Vec<f64> = candles.iter().map(Candle::close).collect();
        // Stamped with the candle it was computed on: the moment's, unless the source has
        // nothing that recent (an import ending earlier).
        let candle_close = candles.last().map_or(moment.as_of(), Candle::close_time);
        let signal = generate_signal(symbol, &closes, candle_close)?;
        // One line per computation: how the benchmark counts a stampede's computations.
        let elapsed_ms = started.elapsed().as_secs_f64() * 1e3;
        tracing::info!(symbol = symbol.as_str(), elapsed_ms, "signal computed");
        self.recorder.record(&signal).await;
        let cached = CachedSignal {
            action: signal.action.as_str().to_owned(),
            price: signal.price,
            confidence: signal.confidence,
            generated_at: signal.generated_at,
            reason: signal.reason.clone(),
            fast_ma: signal.indicators.fast_ma,
            slow_ma: signal.indicators.slow_ma,
            rsi: signal.indicators.rsi,
        };
        let json = serde_json::to_string(&cached)?;
        let ttl = (moment.fresh_until - now).to_std().unwrap_or(Duration::ZERO);
        if use_cache
            && !ttl.is_zero()
            && let Err(err) = self.cache.set(key, &json, ttl).await
        {
            tracing::warn!(error = %err, "signal cache write failed; serving the fresh signal uncached");
        }
        Ok(signal)
    }
}

enum Lookup {
    Hit(Signal),
    /// Absent, or unreadable (written by another version): compute it.
    Miss,
    /// The cache did not answer.
    Failed,
}

fn decode(raw: &str, symbol: Symbol) -> Option<Signal> {
    let cached: CachedSignal = serde_json::from_str(raw).ok()?;
    Some(Signal {
        symbol,
        action: Action::parse(&cached.action)?,
        price: cached.price,
        confidence: cached.confidence,
        generated_at: cached.generated_at,
        reason: cached.reason,
        indicators: Indicators { fast_ma: cached.fast_ma, slow_ma: cached.slow_ma, rsi: cached.rsi },
    })
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::AtomicUsize;

    use async_trait::async_trait;
    use chrono::TimeZone;

    use super::*;
    use crate::adapters::memory::{MemorySignalBus, MemorySignalHistory};
    use crate::domain::market::MarketStatus;
    use crate::ports::{HistoryQuery, SignalHistory, StoreError};

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
        Arc::new(crate::adapters::market::MarketSimulator::default())
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
        crate::domain::market::calendar::ist().with_ymd_and_hms(2026, 11, d, h, m, 0).unwrap().to_utc()
    }

    #[tokio::test]
    async fn each_signal_is_read_from_the_last_closed_candle_of_the_market() {
        let market = simulator();
        let signals = signal_cache(Arc::new(CountingCache::default()));
        let served = signals.at(noon() + chrono::Duration::seconds(100)).await.unwrap();
        assert_eq!(served.moment.as_of(), noon());
        assert_eq!(served.moment.status, MarketStatus::Open);
        for signal in served.signals {
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
}
