//! How a signal travels on the Redis channel: JSON of the signal's fields. Fields added later
//! are optional on the wire, so a rolling upgrade keeps working while old instances publish.

use anyhow::anyhow;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::bus::WireFormat;
use crate::domain::calls::{CallId, Direction, OpenCall, Position};
use crate::domain::market::SourceName;
use crate::domain::signals::{Action, Indicators, Signal, Symbol};

impl WireFormat for Signal {
    const CHANNEL: &'static str = "signals";

    fn encode(&self) -> anyhow::Result<String> {
        Ok(serde_json::to_string(&WireSignal::from(self))?)
    }

    fn decode(raw: &str) -> anyhow::Result<Self> {
        decode(raw)
    }
}

#[derive(Serialize, Deserialize)]
struct WireSignal {
    symbol: String,
    action: String,
    price: f64,
    confidence: f64,
    timestamp: DateTime<Utc>,
    reason: String,
    fast_ma: Option<f64>,
    slow_ma: Option<f64>,
    rsi: Option<f64>,
    /// Absent from an instance older than provenance: read as an unknown, simulated source
    /// published at the candle close, so no price of unknown origin passes for a real one.
    #[serde(default)]
    source: Option<String>,
    #[serde(default)]
    simulated: Option<bool>,
    #[serde(default)]
    published_at: Option<DateTime<Utc>>,
    /// The open call behind a BUY or SELL; absent for HOLD, and from an instance older than
    /// stances read from calls.
    #[serde(default)]
    call_id: Option<String>,
    #[serde(default)]
    stop_loss: Option<f64>,
    #[serde(default)]
    target: Option<f64>,
    #[serde(default)]
    since: Option<DateTime<Utc>>,
}

impl From<&Signal> for WireSignal {
    fn from(s: &Signal) -> Self {
        Self {
            symbol: s.symbol.as_str().to_owned(),
            action: s.action.as_str().to_owned(),
            price: s.price,
            confidence: s.confidence,
            timestamp: s.generated_at,
            reason: s.reason.clone(),
            fast_ma: s.indicators.fast_ma,
            slow_ma: s.indicators.slow_ma,
            rsi: s.indicators.rsi,
            source: Some(s.source.as_str().to_owned()),
            simulated: Some(s.simulated),
            published_at: Some(s.published_at),
            call_id: s.position.call.as_ref().map(|call| call.id.as_str().to_owned()),
            stop_loss: s.position.call.as_ref().map(|call| call.stop_loss),
            target: s.position.call.as_ref().map(|call| call.target),
            since: s.position.since,
        }
    }
}

fn decode(raw: &str) -> anyhow::Result<Signal> {
    let wire: WireSignal = serde_json::from_str(raw)?;
    let action = Action::parse(&wire.action).ok_or_else(|| anyhow!("unknown signal type {:?}", wire.action))?;
    let call = match (Direction::of(action), &wire.call_id, wire.stop_loss, wire.target) {
        (Some(direction), Some(id), Some(stop_loss), Some(target)) => {
            Some(OpenCall { id: CallId::parse(id)?, direction, stop_loss, target })
        }
        _ => None,
    };
    Ok(Signal {
        symbol: Symbol::parse(&wire.symbol).ok_or_else(|| anyhow!("unknown symbol {:?}", wire.symbol))?,
        action,
        price: wire.price,
        confidence: wire.confidence,
        generated_at: wire.timestamp,
        reason: wire.reason,
        indicators: Indicators { fast_ma: wire.fast_ma, slow_ma: wire.slow_ma, rsi: wire.rsi },
        source: SourceName::parse(wire.source.as_deref().unwrap_or("unknown"))?,
        simulated: wire.simulated.unwrap_or(true),
        published_at: wire.published_at.unwrap_or(wire.timestamp),
        position: Position { call, since: wire.since },
    })
}
