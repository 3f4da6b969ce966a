//! [`SignalBus`] over Redis pub/sub, so a signal computed on one instance reaches the stream
//! subscribers of every instance.
//!
//! Publishing is a `PUBLISH` on the shared pool. Receiving needs a connection of its own: a
//! connection in SUBSCRIBE mode can do nothing else, so it cannot be a pooled one. Each bus
//! holds exactly one, in a listener task that forwards every message into an in-process
//! broadcast channel; subscribers (one per open stream) read that channel, so a thousand
//! streams cost one Redis connection, not a thousand. When the connection drops the listener
//! reconnects with a capped backoff; signals published meanwhile are missed (pub/sub keeps
//! nothing), which the history makes up for. [`SignalBus::subscribe`] waits, briefly, for the
//! listener to be subscribed, so a subscription it returns is really listening.

use std::time::Duration;

use anyhow::{Context, anyhow};
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use futures_util::StreamExt;
use secrecy::ExposeSecret;
use serde::{Deserialize, Serialize};
use tokio::sync::{broadcast, watch};
use tokio::task::JoinHandle;

use super::{RedisPool, RedisSettings};
use crate::domain::signals::{Action, Indicators, Signal, Symbol};
use crate::ports::{SUBSCRIBER_BACKLOG, SignalBus, SignalSubscription, StoreError};

const FIRST_RETRY: Duration = Duration::from_millis(100);
const LAST_RETRY: Duration = Duration::from_secs(5);

pub struct RedisSignalBus {
    pool: RedisPool,
    channel: String,
    local: broadcast::Sender<Signal>,
    listening: watch::Receiver<bool>,
    wait: Duration,
    listener: JoinHandle<()>,
}

impl RedisSignalBus {
    /// Starts the listener (it connects in the background; a Redis that is down at boot
    /// does not stop the app). Must be called inside a Tokio runtime.
    ///
    /// # Errors
    /// On a malformed Redis URL.
    pub fn start(pool: RedisPool, settings: &RedisSettings) -> anyhow::Result<Self> {
        let client = redis::Client::open(settings.url.expose_secret()).context("invalid Redis URL")?;
        let channel = pool.key("bus", "signals");
        let local = broadcast::channel(SUBSCRIBER_BACKLOG).0;
        let (listening_tx, listening) = watch::channel(false);
        let listener =
            tokio::spawn(listen(client, channel.clone(), local.clone(), listening_tx, settings.connect_timeout));
        Ok(Self { pool, channel, local, listening, wait: settings.command_timeout, listener })
    }
}

impl Drop for RedisSignalBus {
    fn drop(&mut self) {
        self.listener.abort();
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
        let mut listening = self.listening.clone();
        match tokio::time::timeout(self.wait, listening.wait_for(|up| *up)).await {
            Ok(Ok(_)) => Ok(subscription),
            _ => Err(StoreError::unavailable(anyhow!("the Redis signal listener is not connected"))),
        }
    }
}

/// The listener task: connect, subscribe, forward; on any failure, wait and start over.
async fn listen(
    client: redis::Client,
    channel: String,
    local: broadcast::Sender<Signal>,
    listening: watch::Sender<bool>,
    connect_timeout: Duration,
) {
    let mut retry = FIRST_RETRY;
    loop {
        match subscribed(&client, &channel, connect_timeout).await {
            Ok(mut pubsub) => {
                retry = FIRST_RETRY;
                listening.send_replace(true);
                let mut messages = pubsub.on_message();
                while let Some(message) = messages.next().await {
                    match message.get_payload::<String>().map_err(anyhow::Error::from).and_then(|raw| decode(&raw)) {
                        // No local subscriber is fine: nobody is streaming on this instance.
                        Ok(signal) => drop(local.send(signal)),
                        Err(err) => tracing::warn!(error = %err, "ignoring an unreadable signal on the bus"),
                    }
                }
                listening.send_replace(false);
                tracing::warn!("Redis signal listener disconnected; reconnecting");
            }
            Err(err) => tracing::warn!(error = format!("{err:#}"), "Redis signal listener could not subscribe"),
        }
        tokio::time::sleep(retry).await;
        retry = (retry * 2).min(LAST_RETRY);
    }
}

async fn subscribed(client: &redis::Client, channel: &str, timeout: Duration) -> anyhow::Result<redis::aio::PubSub> {
    let attempt = async {
        let mut pubsub = client.get_async_pubsub().await?;
        pubsub.subscribe(channel).await?;
        Ok::<_, redis::RedisError>(pubsub)
    };
    Ok(tokio::time::timeout(timeout, attempt).await.map_err(|_| anyhow!("no answer from Redis"))??)
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
        }
    }
}

fn decode(raw: &str) -> anyhow::Result<Signal> {
    let wire: WireSignal = serde_json::from_str(raw)?;
    Ok(Signal {
        symbol: Symbol::parse(&wire.symbol).ok_or_else(|| anyhow!("unknown symbol {:?}", wire.symbol))?,
        action: Action::parse(&wire.action).ok_or_else(|| anyhow!("unknown signal type {:?}", wire.action))?,
        price: wire.price,
        confidence: wire.confidence,
        generated_at: wire.timestamp,
        reason: wire.reason,
        indicators: Indicators { fast_ma: wire.fast_ma, slow_ma: wire.slow_ma, rsi: wire.rsi },
    })
}
