//! A [`Bus`] on Redis pub/sub: publishing is one `PUBLISH`; each instance listens on one
//! connection of its own ([`ChannelListener`]) and fans what it hears out in process.
//!
//! A message type travels in its own [`WireFormat`] on its own channel; an unreadable message
//! is logged and dropped (the channel is ours, but a reader never trusts its input). When the
//! listener reconnects after losing its connection, subscribers get the type's
//! [`BusMessage::maybe_missed`] notice, since pub/sub keeps nothing for the disconnected.

use std::marker::PhantomData;
use std::time::Duration;

use anyhow::anyhow;
use async_trait::async_trait;
use tokio::sync::broadcast;

use super::pubsub::{ChannelListener, Heard};
use super::{RedisPool, RedisSettings};
use crate::domain::access::AccessChange;
use crate::domain::signals::Signal;
use crate::ports::{Bus, BusMessage, BusSubscription, StoreError};

/// How a message type is written on its Redis channel.
pub trait WireFormat: Sized {
    /// The channel's name within the key prefix's `bus` namespace.
    const CHANNEL: &'static str;

    /// # Errors
    /// When the message cannot be written (it then is not published).
    fn encode(&self) -> anyhow::Result<String>;

    /// # Errors
    /// When `raw` is not a message of this type.
    fn decode(raw: &str) -> anyhow::Result<Self>;
}

pub struct RedisBus<T> {
    pool: RedisPool,
    channel: String,
    local: broadcast::Sender<T>,
    wait: Duration,
    listener: ChannelListener,
    _message: PhantomData<fn() -> T>,
}

/// The account-change bus on Redis.
pub type RedisAccountChanges = RedisBus<AccessChange>;
/// The signal bus on Redis.
pub type RedisSignalBus = RedisBus<Signal>;

impl<T: BusMessage + WireFormat> RedisBus<T> {
    /// Starts listening on the type's channel (in the background: a Redis that is down at
    /// boot does not stop the app).
    ///
    /// # Errors
    /// When the listener cannot be started (outside a Tokio runtime).
    pub fn start(pool: RedisPool, settings: &RedisSettings) -> anyhow::Result<Self> {
        let channel = pool.key("bus", T::CHANNEL);
        let local = broadcast::channel(T::BACKLOG).0;
        let forward = local.clone();
        let listener = ChannelListener::start(settings, channel.clone(), move |heard| {
            let message = match heard {
                Heard::Subscribed { again: false } => return,
                Heard::Subscribed { again: true } => match T::maybe_missed() {
                    Some(notice) => notice,
                    None => return,
                },
                Heard::Message(raw) => match T::decode(&raw) {
                    Ok(message) => message,
                    Err(err) => {
                        tracing::warn!(channel = T::CHANNEL, error = %err, "ignoring an unreadable message on the bus");
                        return;
                    }
                },
            };
            let _ = forward.send(message);
        })?;
        Ok(Self { pool, channel, local, wait: settings.command_timeout, listener, _message: PhantomData })
    }
}

#[async_trait]
impl<T: BusMessage + WireFormat> Bus<T> for RedisBus<T> {
    async fn publish(&self, message: &T) -> Result<(), StoreError> {
        let payload = message.encode().map_err(StoreError::unavailable)?;
        let publish = redis::cmd("PUBLISH").arg(&self.channel).arg(&payload).to_owned();
        self.pool.run::<i64>("publish on the bus", publish).await?;
        Ok(())
    }

    fn deliver_here(&self, message: &T) {
        // Straight into this instance's fan-out channel, where the listener puts what it hears.
        let _ = self.local.send(message.clone());
    }

    async fn subscribe(&self) -> Result<BusSubscription<T>, StoreError> {
        let subscription = BusSubscription::new(self.local.subscribe());
        if self.listener.is_listening_within(self.wait).await {
            Ok(subscription)
        } else {
            Err(StoreError::unavailable(anyhow!("the Redis listener for {} is not connected", T::CHANNEL)))
        }
    }
}
