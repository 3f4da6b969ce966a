//! One Redis pub/sub channel listened to on a connection of its own, shared by the buses
//! built on pub/sub (live signals, billing changes).
//!
//! A connection in SUBSCRIBE mode can do nothing else, so it cannot be a pooled one. Each
//! listener holds exactly one, in a task that hands every message to the bus (which fans it
//! out in process), so any number of local subscribers cost one Redis connection. When the
//! connection drops the task reconnects with a capped backoff; messages published meanwhile
//! are missed (pub/sub keeps nothing), and the bus is told when it is subscribed again so it
//! can make up for that in its own way.

use std::time::Duration;

use anyhow::{Context, anyhow};
use futures_util::StreamExt;
use secrecy::ExposeSecret;
use tokio::sync::watch;
use tokio::task::JoinHandle;

use super::RedisSettings;

const FIRST_RETRY: Duration = Duration::from_millis(100);
const LAST_RETRY: Duration = Duration::from_secs(5);

/// What the listener tells its bus.
pub(super) enum Heard {
    /// Subscribed; `again` when an earlier connection was lost, so messages may have been.
    Subscribed { again: bool },
    /// A message's payload, in order of arrival.
    Message(String),
}

pub(super) struct ChannelListener {
    listening: watch::Receiver<bool>,
    task: JoinHandle<()>,
}

impl ChannelListener {
    /// Starts listening to `channel` in the background (a Redis that is down at boot does not
    /// stop the app) and calls `on` for everything heard. Must be called inside a Tokio runtime.
    ///
    /// # Errors
    /// On a malformed Redis URL.
    pub(super) fn start(
        settings: &RedisSettings,
        channel: String,
        on: impl FnMut(Heard) + Send + 'static,
    ) -> anyhow::Result<Self> {
        let client = redis::Client::open(settings.url.expose_secret()).context("invalid Redis URL")?;
        let (listening_tx, listening) = watch::channel(false);
        let task = tokio::spawn(listen(client, channel, on, listening_tx, settings.connect_timeout));
        Ok(Self { listening, task })
    }

    /// Waits up to `wait` for the listener to be subscribed; whether it is.
    pub(super) async fn is_listening_within(&self, wait: Duration) -> bool {
        let mut listening = self.listening.clone();
        matches!(tokio::time::timeout(wait, listening.wait_for(|up| *up)).await, Ok(Ok(_)))
    }
}

impl Drop for ChannelListener {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// The listener task: connect, subscribe, hand over; on any failure, wait and start over.
async fn listen(
    client: redis::Client,
    channel: String,
    mut on: impl FnMut(Heard) + Send,
    listening: watch::Sender<bool>,
    connect_timeout: Duration,
) {
    let mut retry = FIRST_RETRY;
    let mut again = false;
    loop {
        match subscribed(&client, &channel, connect_timeout).await {
            Ok(mut pubsub) => {
                retry = FIRST_RETRY;
                on(Heard::Subscribed { again });
                again = true;
                listening.send_replace(true);
                let mut messages = pubsub.on_message();
                while let Some(message) = messages.next().await {
                    match message.get_payload::<String>() {
                        Ok(payload) => on(Heard::Message(payload)),
                        Err(err) => tracing::warn!(%channel, error = %err, "ignoring an unreadable pub/sub message"),
                    }
                }
                listening.send_replace(false);
                tracing::warn!(%channel, "Redis pub/sub listener disconnected; reconnecting");
            }
            Err(err) => {
                tracing::warn!(%channel, error = format!("{err:#}"), "Redis pub/sub listener could not subscribe");
            }
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
