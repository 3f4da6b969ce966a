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
//! nothing another instance would not. The latest complete answer (every symbol, one moment)
//! is also kept whole and handed out shared until the moment goes stale, so a request between
//! two candle closes copies nothing, and callers can keep work derived from it (the API
//! keeps the serialised body) for as long as they are handed the same answer.
//!
//! In a year without a market calendar ([`MarketStatus::Unknown`]) nothing is computed: the
//! answer holds the moment and no signals, so a guess about whether the exchange trades never
//! becomes a stored, announced or served signal.
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
use tokio::sync::OnceCell;

use super::cached_signal::{CachedSignal, decode};
use super::call_recorder::CANDLES_READ;
use super::signal_recorder::SignalRecorder;
use super::standing_signal::{SIGNAL_INTERVAL, standing_signal};
use crate::app::shared::keys;
use crate::domain::market::{Candle, MarketCalendar, MarketMoment, MarketStatus};
use crate::domain::signals::{Signal, Symbol};
use crate::ports::{Cache, MarketData};

type Flight = Arc<OnceCell<Signal>>;

/// Every symbol's signal at one instant, and the market's clock they were read on.
#[derive(Clone, Debug, PartialEq)]
pub struct MarketSignals {
    /// Status, `as_of` (the candle close the signals are computed on) and `next_open`.
    pub moment: MarketMoment,
    /// One per symbol, in [`Symbol::ALL`] order; none while the status is `Unknown`.
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
    /// The latest complete answer and the instant it was put together.
    latest: Mutex<Option<(DateTime<Utc>, Arc<MarketSignals>)>>,
    computations: AtomicU64,
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
            latest: Mutex::new(None),
            computations: AtomicU64::new(0),
        }
    }

    pub fn computations(&self) -> u64 {
        self.computations.load(Ordering::Relaxed)
    }

    /// Signals for every symbol on the latest candle closed at `now`, from the cache where
    /// possible. Between two changes of the market's answer every call gets the same shared
    /// answer (compare with [`Arc::ptr_eq`]).
    pub async fn at(&self, now: DateTime<Utc>) -> anyhow::Result<Arc<MarketSignals>> {
        if let Some(latest) = self.latest_at(now) {
            metrics::counter!("signalbox_signal_cache_total", "result" => "hit").increment(Symbol::ALL.len() as u64);
            return Ok(latest);
        }
        let moment = self.calendar.moment_at(now, SIGNAL_INTERVAL);
        if moment.status == MarketStatus::Unknown {
            return Ok(Arc::new(MarketSignals { moment, signals: Vec::new() }));
        }
        let mut signals = Vec::with_capacity(Symbol::ALL.len());
        for symbol in Symbol::ALL {
            signals.push(self.get(symbol, &moment, now).await?);
        }
        let answer = Arc::new(MarketSignals { moment, signals });
        if now < moment.fresh_until {
            let mut latest = self.latest.lock().expect("latest answer poisoned");
            // Concurrent requests across a candle close may finish out of order: keep the newer.
            if latest.as_ref().is_none_or(|(_, kept)| kept.moment.as_of() <= moment.as_of()) {
                *latest = Some((now, answer.clone()));
            }
        }
        Ok(answer)
    }

    /// The kept answer, if it is the answer at `now`: the market's answer does not change
    /// from the instant it was put together until the moment's `fresh_until`. (A clock that
    /// went backwards, before that instant, gets a fresh look.)
    fn latest_at(&self, now: DateTime<Utc>) -> Option<Arc<MarketSignals>> {
        let latest = self.latest.lock().expect("latest answer poisoned");
        let (made_at, answer) = latest.as_ref()?;
        (*made_at <= now && now < answer.moment.fresh_until).then(|| answer.clone())
    }

    async fn get(&self, symbol: Symbol, moment: &MarketMoment, now: DateTime<Utc>) -> anyhow::Result<Signal> {
        // The candle in the key keeps a stale entry from ever being served for a newer one.
        let key = keys::signal(symbol, moment.as_of());
        if let Some(copy) = self.local_copy(&key, now) {
            metrics::counter!("signalbox_signal_cache_total", "result" => "hit").increment(1);
            return Ok(copy);
        }
        let cache_answered = match self.read(&key, symbol).await {
            Lookup::Hit(hit) => {
                metrics::counter!("signalbox_signal_cache_total", "result" => "hit").increment(1);
                return Ok(self.keep(&key, hit, moment, now));
            }
            Lookup::Miss => true,
            Lookup::Failed => false,
        };
        metrics::counter!("signalbox_signal_cache_total", "result" => "miss").increment(1);
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
        let candles = self.market.latest(symbol, SIGNAL_INTERVAL, CANDLES_READ, moment.as_of()).await?;
        // Stamped with the candle it was computed on: the moment's, unless the source has
        // nothing that recent (an import ending earlier).
        let candle_close = candles.last().map_or(moment.as_of(), Candle::close_time);
        let signal = standing_signal(symbol, &candles, candle_close, &self.calendar, &self.market.provenance(), now)?;
        // One line per computation: how the benchmark counts a stampede's computations.
        let elapsed_ms = started.elapsed().as_secs_f64() * 1e3;
        tracing::info!(symbol = symbol.as_str(), elapsed_ms, "signal computed");
        self.recorder.record(&signal).await;
        let json = serde_json::to_string(&CachedSignal::of(&signal))?;
        // Market time, while the cache expires entries in real time: under a scaled demo clock
        // an entry lives longer or shorter than its candle. Harmless either way — the key names
        // the candle, so an entry is never served for a later one, and a short-lived one is
        // recomputed.
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

// Short-lived, one per cache read, and a hit is the common case: boxing would only add an allocation.
#[allow(
    clippy::large_enum_variant,
    reason = "short-lived lookups; the signal variant is the common one, boxing it would allocate for nothing"
)]
enum Lookup {
    Hit(Signal),
    /// Absent, or unreadable (written by another version): compute it.
    Miss,
    /// The cache did not answer.
    Failed,
}
