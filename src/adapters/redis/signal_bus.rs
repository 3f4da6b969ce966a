//! [`SignalBus`] over Redis pub/sub, so a signal computed on one instance reaches the stream
//! subscribers of every instance.
//!
//! Publishing is a `PUBLISH` on the shared pool. Receiving is one [`ChannelListener`] (a
//! connection of its own) forwarding every message into an in-process broadcast channel;
//! subscribers (one per open stream) read that channel, so a thousand streams cost one Redis
//! connection, not a thousand. Signals published while the listener reconnects are missed,
//! which the history makes up for. [`SignalBus::subscribe`] waits, briefly, for the listener
//! to be subscribed, so a subscription it returns is really listening.

use std::time::Duration;

use anyhow::anyhow;
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use tokio::sync::broadcast;

use super::pubsub::{ChannelListener, Heard};
use super::{RedisPool, RedisSettings};
use crate::domain::calls::{CallId, Direction, OpenCall, Position};
use crate::domain::market::SourceName;
use crate::domain::signals::{Action, Indicators, Signal, Symbol};
use crate::ports::{SUBSCRIBER_BACKLOG, SignalBus, SignalSubscription, StoreError};

pub struct RedisSignalBus {
    pool: RedisPool,
    channel: String,
    local: broadcast::Sender<Signal>,
    wait: Duration,
    listener: ChannelListener,
}

impl RedisSignalBus {
    /// Starts the listener (it connects in the background; a Redis that is down at boot
    /// does not stop the app). Must be called inside a Tokio runtime.
    ///
    /// # Errors
    /// On a malformed Redis URL.
    pub fn start(pool: RedisPool, settings: &RedisSettings) -> anyhow::Result<Self> {
        let channel = pool.key("bus", "signals");
        let local = broadcast::channel(SUBSCRIBER_BACKLOG).0;
        let forward = local.clone();
        let listener = ChannelListener::start(settings, channel.clone(), move |heard| {
            if let Heard::Message(raw) = heard {
                match decode(&raw) {
                    // No local subscriber is fine: nobody is streaming on this instance.
                    Ok(signal) => drop(forward.send(signal)),
                    Err(err) => tracing::warn!(error = %err, "ignoring an unreadable signal on the bus"),
                }
            }
        })?;
        Ok(Self { pool, channel, local, wait: settings.command_timeout, listener })
    }
}

#[async_trait]
impl SignalBus for RedisSignalBus {
    async fn publish(&self, signal: &Signal) -> Result<(), StoreError> {
        let payload = serde_json::to_string(&WireSignal::from(signal)).map_err(StoreError::unavailable)?;
        // Retried once on a dead connection like an idempotent command: publishing a signal
        // twice is harmless, since every subscription drops a repeat.
        let publish = redis::cmd("PUBLISH").arg(&self.channel).arg(&payload).to_owned();
        self.pool.run::<i64>("publish signal", publish).await?;
        Ok(())
    }

    async fn subscribe(&self) -> Result<SignalSubscription, StoreError> {
        // Receive from now on, then make sure the listener is there to feed us.
        let subscription = SignalSubscription::new(self.local.subscribe());
        if self.listener.is_listening_within(self.wait).await {
            Ok(subscription)
        } else {
            Err(StoreError::unavailable(anyhow!("the Redis signal listener is not connected")))
        }
    }
}

/// A signal on the wire (the domain type stays free of serde).
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
