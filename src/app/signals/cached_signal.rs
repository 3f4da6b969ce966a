//! The form a signal is kept in outside the process: the shared cache's entries and a user's
//! last answer (`last_signals`). The domain type stays free of serde; an entry written by
//! another version that no longer parses reads as absent, and is computed again.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::domain::calls::{CallId, Direction, OpenCall, Position};
use crate::domain::market::SourceName;
use crate::domain::signals::{Action, Indicators, Signal, Symbol};

/// The cached form of a signal (the domain type stays free of serde); also how a user's last
/// answer is kept (`last_signals`).
#[derive(Serialize, Deserialize)]
pub(super) struct CachedSignal {
    action: String,
    price: f64,
    confidence: f64,
    generated_at: DateTime<Utc>,
    reason: String,
    fast_ma: Option<f64>,
    slow_ma: Option<f64>,
    rsi: Option<f64>,
    source: String,
    simulated: bool,
    published_at: DateTime<Utc>,
    call_id: Option<String>,
    stop_loss: Option<f64>,
    target: Option<f64>,
    since: Option<DateTime<Utc>>,
}

/// The signal of `symbol` in a cache entry; `None` when it does not parse.
pub(super) fn decode(raw: &str, symbol: Symbol) -> Option<Signal> {
    serde_json::from_str::<CachedSignal>(raw).ok()?.into_signal(symbol)
}

impl CachedSignal {
    pub(super) fn of(signal: &Signal) -> Self {
        Self {
            action: signal.action.as_str().to_owned(),
            price: signal.price,
            confidence: signal.confidence,
            generated_at: signal.generated_at,
            reason: signal.reason.clone(),
            fast_ma: signal.indicators.fast_ma,
            slow_ma: signal.indicators.slow_ma,
            rsi: signal.indicators.rsi,
            source: signal.source.as_str().to_owned(),
            simulated: signal.simulated,
            published_at: signal.published_at,
            call_id: signal.position.call.as_ref().map(|call| call.id.as_str().to_owned()),
            stop_loss: signal.position.call.as_ref().map(|call| call.stop_loss),
            target: signal.position.call.as_ref().map(|call| call.target),
            since: signal.position.since,
        }
    }

    /// `None` when a field no longer parses (written by another version).
    pub(super) fn into_signal(self, symbol: Symbol) -> Option<Signal> {
        let action = Action::parse(&self.action)?;
        let call = match Direction::of(action) {
            Some(direction) => Some(OpenCall {
                id: CallId::parse(self.call_id.as_deref()?).ok()?,
                direction,
                stop_loss: self.stop_loss?,
                target: self.target?,
            }),
            None => None,
        };
        Some(Signal {
            symbol,
            action,
            price: self.price,
            confidence: self.confidence,
            generated_at: self.generated_at,
            reason: self.reason,
            indicators: Indicators { fast_ma: self.fast_ma, slow_ma: self.slow_ma, rsi: self.rsi },
            source: SourceName::parse(&self.source).ok()?,
            simulated: self.simulated,
            published_at: self.published_at,
            position: Position { call, since: self.since },
        })
    }
}
