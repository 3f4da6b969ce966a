//! [`AccountChanges`] over Redis pub/sub, so a change applied on one instance (billing, a
//! logout, a deletion) reaches every instance: cached plans are dropped, streams ended.
//!
//! Publishing is a `PUBLISH` of the user id on the shared pool (retried once on a dead
//! connection: dropping a cache entry twice is harmless). Receiving is one
//! [`ChannelListener`] forwarding into an in-process broadcast channel. When the listener
//! subscribes again after losing its connection, changes published meanwhile are gone, so it
//! announces [`AccessChange::MaybeMissed`] and the subscriber forgets everything it cached.

use std::time::Duration;

use anyhow::anyhow;
use async_trait::async_trait;
use tokio::sync::broadcast;

use super::account_change_codec::{decode, encode};
use super::pubsub::{ChannelListener, Heard};
use super::{RedisPool, RedisSettings};
use crate::domain::access::AccessChange;
use crate::ports::{AccountChangeSubscription, AccountChanges, CHANGE_BACKLOG, StoreError};

pub struct RedisAccountChanges {
    pool: RedisPool,
    channel: String,
    local: broadcast::Sender<AccessChange>,
    wait: Duration,
    listener: ChannelListener,
}

impl RedisAccountChanges {
    /// Starts the listener (it connects in the background). Must be called inside a Tokio
    /// runtime.
    ///
    /// # Errors
    /// On a malformed Redis URL.
    pub fn start(pool: RedisPool, settings: &RedisSettings) -> anyhow::Result<Self> {
        let channel = pool.key("bus", "billing-changes");
        let local = broadcast::channel(CHANGE_BACKLOG).0;
        let forward = local.clone();
        let listener = ChannelListener::start(settings, channel.clone(), move |heard| {
            let change = match heard {
                Heard::Subscribed { again: false } => return,
                Heard::Subscribed { again: true } => AccessChange::MaybeMissed,
                Heard::Message(raw) => match decode(&raw) {
                    Some(change) => change,
                    None => {
                        tracing::warn!("ignoring an unreadable account change on the bus");
                        return;
                    }
                },
            };
            // No local subscriber is fine: nothing to forget.
            let _ = forward.send(change);
        })?;
        Ok(Self { pool, channel, local, wait: settings.command_timeout, listener })
    }
}

#[async_trait]
impl AccountChanges for RedisAccountChanges {
    async fn publish(&self, change: AccessChange) -> Result<(), StoreError> {
        let publish = redis::cmd("PUBLISH").arg(&self.channel).arg(encode(&change)).to_owned();
        self.pool.run::<i64>("publish account change", publish).await?;
        Ok(())
    }

    async fn subscribe(&self) -> Result<AccountChangeSubscription, StoreError> {
        let subscription = AccountChangeSubscription::new(self.local.subscribe());
        if self.listener.is_listening_within(self.wait).await {
            Ok(subscription)
        } else {
            Err(StoreError::unavailable(anyhow!("the Redis billing-change listener is not connected")))
        }
    }
}
