//! [`BillingChanges`] over Redis pub/sub, so a billing change applied on one instance makes
//! every instance drop its cached plan for that user.
//!
//! Publishing is a `PUBLISH` of the user id on the shared pool (retried once on a dead
//! connection: dropping a cache entry twice is harmless). Receiving is one
//! [`ChannelListener`] forwarding into an in-process broadcast channel. When the listener
//! subscribes again after losing its connection, changes published meanwhile are gone, so it
//! announces [`BillingChange::MaybeMissed`] and the subscriber forgets everything it cached.

use std::time::Duration;

use anyhow::anyhow;
use async_trait::async_trait;
use tokio::sync::broadcast;

use super::pubsub::{ChannelListener, Heard};
use super::{RedisPool, RedisSettings};
use crate::domain::UserId;
use crate::ports::{BillingChange, BillingChangeSubscription, BillingChanges, CHANGE_BACKLOG, StoreError};

pub struct RedisBillingChanges {
    pool: RedisPool,
    channel: String,
    local: broadcast::Sender<BillingChange>,
    wait: Duration,
    listener: ChannelListener,
}

impl RedisBillingChanges {
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
                Heard::Subscribed { again: true } => BillingChange::MaybeMissed,
                Heard::Message(raw) => match raw.parse::<UserId>() {
                    Ok(user) => BillingChange::User(user),
                    Err(err) => {
                        tracing::warn!(error = %err, "ignoring an unreadable billing change on the bus");
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
impl BillingChanges for RedisBillingChanges {
    async fn publish(&self, user: UserId) -> Result<(), StoreError> {
        let publish = redis::cmd("PUBLISH").arg(&self.channel).arg(user.to_string()).to_owned();
        self.pool.run::<i64>("publish billing change", publish).await?;
        Ok(())
    }

    async fn subscribe(&self) -> Result<BillingChangeSubscription, StoreError> {
        let subscription = BillingChangeSubscription::new(self.local.subscribe());
        if self.listener.is_listening_within(self.wait).await {
            Ok(subscription)
        } else {
            Err(StoreError::unavailable(anyhow!("the Redis billing-change listener is not connected")))
        }
    }
}
