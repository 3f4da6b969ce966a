//! The signals service: signals on the market's clock, computed once per candle, stored,
//! announced and judged, and served within each user's plan.
//!
//! A user's plan is asked of billing through [`PlanLookup`]; this context holds no billing
//! port.

use std::sync::Arc;

use chrono::{DateTime, Utc};

use super::call_recorder::CallRecorder;
use super::exhausted_quotas::ExhaustedQuotas;
use super::history_pages::HistoryPages;
use super::last_signals::KeptAnswers;
use super::live_streams::LiveStreams;
use super::signal_cache::SignalCache;
use super::signal_history::SignalHistoryResult;
use super::signal_recorder::SignalRecorder;
use super::trade_calls::TrackRecordResult;
use crate::app::shared::PlanLookup;
use crate::domain::QuotaPolicy;
use crate::domain::calls::CostBps;
use crate::domain::market::MarketCalendar;
use crate::ports::{
    AccountChanges, AlertOutbox, Cache, CallLedger, CallPage, Clock, Counters, MarketData, SignalBus, SignalHistory,
};

/// The ports the signals context talks through.
#[derive(Clone)]
pub struct SignalsPorts {
    /// Free users' daily quotas.
    pub counters: Arc<dyn Counters>,
    /// Computed signals shared between instances.
    pub cache: Arc<dyn Cache>,
    /// Where candles come from (the simulator by default).
    pub market: Arc<dyn MarketData>,
    /// The exchange's sessions and holidays: when candles close and the market opens.
    pub calendar: MarketCalendar,
    /// Every computed signal, with its outcome once known.
    pub signal_history: Arc<dyn SignalHistory>,
    /// Trade calls and their hash-chained ledger.
    pub call_ledger: Arc<dyn CallLedger>,
    /// Where each symbol's end-of-session summary is queued for alerts (call alerts are
    /// queued by the ledger itself).
    pub alert_outbox: Arc<dyn AlertOutbox>,
    /// Live signals across instances (the paid stream).
    pub signal_bus: Arc<dyn SignalBus>,
    /// Logouts, revocations, deletions and billing changes from every instance: what ends a
    /// live stream early.
    pub account_changes: Arc<dyn AccountChanges>,
    /// Real time: quotas.
    pub clock: Arc<dyn Clock>,
    /// The market's time: candle closes, signals, outcomes, history visibility. The real
    /// clock in production; a scaled one in development and demos (`MARKET_CLOCK_*`).
    pub market_clock: Arc<dyn Clock>,
}

/// The signals numbers, from configuration.
#[derive(Clone, Debug)]
pub struct SignalsPolicies {
    pub quota: QuotaPolicy,
    /// The round trip every trade call is judged net of (`SIGNAL_COST_BPS`).
    pub cost: CostBps,
}

pub struct SignalsService {
    pub(super) counters: Arc<dyn Counters>,
    pub(super) market: Arc<dyn MarketData>,
    pub(super) calendar: MarketCalendar,
    pub(super) signal_history: Arc<dyn SignalHistory>,
    pub(super) call_ledger: Arc<dyn CallLedger>,
    pub(super) signal_bus: Arc<dyn SignalBus>,
    pub(super) account_changes: Arc<dyn AccountChanges>,
    pub(super) live_streams: LiveStreams,
    pub(super) clock: Arc<dyn Clock>,
    pub(super) market_clock: Arc<dyn Clock>,
    pub(super) plans: Arc<dyn PlanLookup>,
    pub(super) policies: SignalsPolicies,
    pub(super) signals: SignalCache,
    pub(super) exhausted_quotas: ExhaustedQuotas,
    /// Users' last answers (see `last_signals`).
    pub(super) cache: Arc<dyn Cache>,
    pub(super) kept_answers: KeptAnswers,
    pub(super) history_pages: HistoryPages<SignalHistoryResult>,
    /// Track records and first pages of calls just read, reused like history pages (see
    /// `trade_calls`).
    pub(super) track_records: HistoryPages<TrackRecordResult>,
    pub(super) first_call_pages: HistoryPages<CallPage>,
}

impl SignalsService {
    pub fn new(ports: SignalsPorts, plans: Arc<dyn PlanLookup>, policies: SignalsPolicies) -> Self {
        let calls =
            CallRecorder::new(ports.call_ledger.clone(), ports.market.clone(), ports.calendar.clone(), policies.cost)
                .with_summaries(ports.alert_outbox);
        let recorder = SignalRecorder::new(ports.signal_history.clone(), ports.signal_bus.clone()).with_calls(calls);
        let signals = SignalCache::new(ports.cache.clone(), ports.market.clone(), ports.calendar.clone(), recorder);
        Self {
            counters: ports.counters,
            market: ports.market,
            calendar: ports.calendar,
            signal_history: ports.signal_history,
            call_ledger: ports.call_ledger,
            signal_bus: ports.signal_bus,
            account_changes: ports.account_changes,
            live_streams: LiveStreams::default(),
            clock: ports.clock,
            market_clock: ports.market_clock,
            plans,
            policies,
            signals,
            exhausted_quotas: ExhaustedQuotas::default(),
            cache: ports.cache,
            kept_answers: KeptAnswers::default(),
            history_pages: HistoryPages::default(),
            track_records: HistoryPages::default(),
            first_call_pages: HistoryPages::default(),
        }
    }

    /// Real time: quota days.
    pub(super) fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }

    /// The market's time: which candle has closed, whether the market is open.
    pub fn market_now(&self) -> DateTime<Utc> {
        self.market_clock.now()
    }

    /// How many times the expensive signal model has run in this process (for tests and
    /// benchmarks of the cache's single-flight behaviour).
    pub fn signal_computations(&self) -> u64 {
        self.signals.computations()
    }
}
