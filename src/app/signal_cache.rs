//! Signals, computed at most once per symbol per cache period.
//!
//! A computation reads the latest 5-minute candles from the [`MarketData`] port and runs the
//! model over their closes; with a remote candle source the read is a network round trip,
//! which is what the layers below save.
//!
//! Two layers: the shared [`Cache`] port (Redis in production) holds results for the TTL so
//! every instance reuses them; an in-process single-flight gate makes concurrent misses in one
//! process wait for a single computation instead of each starting their own. With N instances
//! a cold key costs at most N computations; a cross-instance lock in Redis could make that 1,
//! but it adds a round trip to every miss and a failure mode (a lock holder dying) for a saving
//! of a few tens of milliseconds of CPU per instance every five minutes.
//!
//! In front of both sits a copy in this process of each signal it has already read or
//! computed, kept until the moment its shared entry expires (`generated_at` + TTL): a cached
//! `/signals` then costs no cache round trip at all — two Redis GETs per request were half the
//! cost of the paid path in the benchmark. The copy never outlives the shared entry, so an
//! instance serves nothing another instance would not.
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
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};
use tokio::sync::OnceCell;

use super::keys;
use crate::domain::market::{Candle, Interval};
use crate::domain::signals::{Action, Indicators, Signal, Symbol, generate_signal};
use crate::ports::{Cache, MarketData};

/// Candles the model reads: its slow average and RSI warm-up, with room to spare.
const SIGNAL_CANDLES: usize = 150;

type Flight = Arc<OnceCell<Signal>>;

pub struct SignalCache {
    cache: Arc<dyn Cache>,
    market: Arc<dyn MarketData>,
    ttl: Duration,
    zone: Tz,
    in_flight: Mutex<HashMap<String, Flight>>,
    /// This process's copies, by cache key; see the module docs.
    local: Mutex<HashMap<String, Signal>>,
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
    fast_ma: f64,
    slow_ma: f64,
    rsi: f64,
}

impl SignalCache {
    pub fn new(cache: Arc<dyn Cache>, market: Arc<dyn MarketData>, ttl: Duration, zone: Tz) -> Self {
        Self {
            cache,
            market,
            ttl,
            zone,
            in_flight: Mutex::new(HashMap::new()),
            local: Mutex::new(HashMap::new()),
            computations: AtomicU64::new(0),
        }
    }

    pub fn computations(&self) -> u64 {
        self.computations.load(Ordering::Relaxed)
    }

    /// Signals for every symbol, from the cache where possible.
    pub async fn all(&self, now: DateTime<Utc>) -> anyhow::Result<Vec<Signal>> {
        let mut signals = Vec::with_capacity(Symbol::ALL.len());
        for symbol in Symbol::ALL {
            signals.push(self.get(symbol, now).await?);
        }
        Ok(signals)
    }

    async fn get(&self, symbol: Symbol, now: DateTime<Utc>) -> anyhow::Result<Signal> {
        // The date keeps yesterday's entry from ever being served today.
        let key = keys::signal(symbol, now.with_timezone(&self.zone).date_naive());
        if let Some(copy) = self.local_copy(&key, now) {
            metrics::counter!("signalbox_signal_cache_total", "result" => "hit").increment(1);
            return Ok(copy);
        }
        let cache_answered = match self.read(&key, symbol).await {
            Lookup::Hit(hit) => {
                metrics::counter!("signalbox_signal_cache_total", "result" => "hit").increment(1);
                return Ok(self.keep(&key, hit, now));
            }
            Lookup::Miss => true,
            Lookup::Failed => false,
        };
        metrics::counter!("signalbox_signal_cache_total", "result" => "miss").increment(1);
        let flight = self.in_flight.lock().expect("in-flight map poisoned").entry(key.clone()).or_default().clone();
        let result =
            flight.get_or_try_init(|| self.compute_and_store(&key, symbol, now, cache_answered)).await.cloned();
        let mut in_flight = self.in_flight.lock().expect("in-flight map poisoned");
        if in_flight.get(&key).is_some_and(|current| Arc::ptr_eq(current, &flight)) {
            in_flight.remove(&key);
        }
        drop(in_flight);
        result.map(|signal| self.keep(&key, signal, now))
    }

    /// When this signal's shared entry expires, and so must the process's copy.
    fn expires_at(&self, signal: &Signal) -> DateTime<Utc> {
        let ttl = chrono::Duration::from_std(self.ttl).unwrap_or(chrono::Duration::MAX);
        signal.generated_at.checked_add_signed(ttl).unwrap_or(DateTime::<Utc>::MAX_UTC)
    }

    fn local_copy(&self, key: &str, now: DateTime<Utc>) -> Option<Signal> {
        let local = self.local.lock().expect("local copies poisoned");
        local.get(key).filter(|signal| now < self.expires_at(signal)).cloned()
    }

    /// Keeps a copy of `signal` (dropping expired ones: at most one per symbol survives).
    fn keep(&self, key: &str, signal: Signal, now: DateTime<Utc>) -> Signal {
        let mut local = self.local.lock().expect("local copies poisoned");
        local.retain(|_, kept| now < self.expires_at(kept));
        if now < self.expires_at(&signal) {
            local.insert(key.to_owned(), signal.clone());
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
        now: DateTime<Utc>,
        use_cache: bool,
    ) -> anyhow::Result<Signal> {
        // A waiter that arrives after another flight filled the cache must not recompute.
        if use_cache && let Lookup::Hit(hit) = self.read(key, symbol).await {
            return Ok(hit);
        }
        self.computations.fetch_add(1, Ordering::Relaxed);
        let started = std::time::Instant::now();
        let candles = self.market.latest(symbol, Interval::FiveMinutes, SIGNAL_CANDLES, now).await?;
        let closes: Vec<f64> = candles.iter().map(Candle::close).collect();
        let signal = generate_signal(symbol, &closes, now)?;
        // One line per computation: how the benchmark counts a stampede's computations.
        let elapsed_ms = started.elapsed().as_secs_f64() * 1e3;
        tracing::info!(symbol = symbol.as_str(), elapsed_ms, "signal computed");
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
        if use_cache && let Err(err) = self.cache.set(key, &json, self.ttl).await {
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
    use crate::ports::StoreError;

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

    fn noon() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 25, 6, 30, 0).unwrap()
    }

    #[tokio::test]
    async fn each_signal_is_read_from_the_last_closed_candle_of_the_market() {
        let market = simulator();
        let signals = SignalCache::new(
            Arc::new(CountingCache::default()),
            market.clone(),
            Duration::from_secs(300),
            chrono_tz::Asia::Kolkata,
        );
        let served = signals.all(noon()).await.unwrap();
        for signal in served {
            let last = market.latest(signal.symbol, Interval::FiveMinutes, 1, noon()).await.unwrap();
            assert_eq!(signal.price, (last[0].close() * 20.0).round() / 20.0, "{signal:?}");
            assert!(!signal.reason.is_empty());
        }
    }

    #[tokio::test]
    async fn signals_are_served_from_the_process_copy_until_the_shared_entry_expires() {
        let cache = Arc::new(CountingCache::default());
        let signals = SignalCache::new(cache.clone(), simulator(), Duration::from_secs(300), chrono_tz::Asia::Kolkata);
        let first = signals.all(noon()).await.unwrap();
        let reads_to_fill = cache.gets.load(Ordering::SeqCst);

        let again = signals.all(noon() + chrono::Duration::seconds(299)).await.unwrap();
        assert_eq!(cache.gets.load(Ordering::SeqCst), reads_to_fill, "no cache round trip");
        assert_eq!(again, first);

        signals.all(noon() + chrono::Duration::seconds(300)).await.unwrap();
        assert_eq!(cache.gets.load(Ordering::SeqCst), reads_to_fill + Symbol::ALL.len(), "read again at expiry");
        assert_eq!(signals.computations(), Symbol::ALL.len() as u64);
    }

    #[tokio::test]
    async fn another_instances_entry_is_kept_only_until_it_expires() {
        let cache = Arc::new(CountingCache::default());
        let other = SignalCache::new(cache.clone(), simulator(), Duration::from_secs(300), chrono_tz::Asia::Kolkata);
        other.all(noon()).await.unwrap();
        let ours = SignalCache::new(cache.clone(), simulator(), Duration::from_secs(300), chrono_tz::Asia::Kolkata);
        let before = cache.gets.load(Ordering::SeqCst);

        ours.all(noon() + chrono::Duration::seconds(290)).await.unwrap();
        ours.all(noon() + chrono::Duration::seconds(295)).await.unwrap();
        assert_eq!(cache.gets.load(Ordering::SeqCst), before + Symbol::ALL.len(), "copied once");

        ours.all(noon() + chrono::Duration::seconds(300)).await.unwrap();
        assert_eq!(cache.gets.load(Ordering::SeqCst), before + 2 * Symbol::ALL.len(), "expired with the entry");
        assert_eq!(ours.computations(), 0, "the other instance's entries were used");
    }

    #[tokio::test]
    async fn with_the_cache_down_signals_are_served_after_one_cache_call_per_symbol() {
        let cache = Arc::new(DownCache::default());
        let signals = SignalCache::new(cache.clone(), simulator(), Duration::from_secs(300), chrono_tz::Asia::Kolkata);
        let noon = Utc.with_ymd_and_hms(2026, 11, 25, 6, 30, 0).unwrap();

        let served = signals.all(noon).await.expect("served without the cache");

        assert_eq!(served.len(), Symbol::ALL.len());
        assert_eq!(signals.computations(), Symbol::ALL.len() as u64);
        assert_eq!(cache.calls.load(Ordering::SeqCst), Symbol::ALL.len(), "no second read and no write");
    }
}
