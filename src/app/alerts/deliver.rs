//! Delivery: one channel's due deliveries handed to the channel, and each settled.
//!
//! A delivery is marked sent only after the channel accepted it. That leaves one honest
//! window: an instance that dies after the channel accepted and before the mark is stored
//! leaves the row leased; when the lease ends another instance sends it again. The window is
//! one store write long (milliseconds), against a lease of a minute; closing it would need
//! the channel to deduplicate, which Telegram's `sendMessage` and SMTP do not.
//!
//! Telegram deliveries are paced ([`TelegramPace`]) inside the Telegram loop only; email and
//! push are claimed and sent by loops of their own, so Telegram's limits never delay them.

use std::time::Duration;

use futures_util::future::join_all;

use super::AlertsService;
use crate::domain::UserId;
use crate::domain::alerts::{AlertChannel, AlertKind, MAX_ATTEMPTS, TelegramPace, backoff, message};
use crate::ports::{Delivery, Mail, MailError, PushError, Settlement, StoreError, TelegramError};

/// Telegram deliveries claimed per round: one second of Telegram's overall limit.
const TELEGRAM_PER_CLAIM: usize = 30;
/// Email and push deliveries claimed (and sent concurrently) per round.
const OTHERS_PER_CLAIM: usize = 200;
/// How long a push service may keep an alert for an offline browser.
const PUSH_TTL: Duration = Duration::from_secs(6 * 3600);

/// What handing one alert to a channel came to.
#[derive(Debug)]
pub(super) enum Handoff {
    Sent,
    /// Transient: try again (after the channel's own wait when it named one).
    Retry {
        retry_after: Option<Duration>,
        error: String,
    },
    Failed(String),
    /// Nothing to send to (no chat, no browser, no account any more).
    Dropped(String),
}

impl AlertsService {
    /// Sends `channel`'s due deliveries; how many were settled. `pace` is the Telegram loop's.
    ///
    /// # Errors
    /// [`StoreError::Unavailable`]: claimed rows come back when their lease ends.
    pub async fn deliver_due(&self, channel: AlertChannel, pace: &mut TelegramPace) -> Result<usize, StoreError> {
        let limit = if channel == AlertChannel::Telegram { TELEGRAM_PER_CLAIM } else { OTHERS_PER_CLAIM };
        let claimed =
            self.outbox.claim_deliveries(channel, &self.policy.instance, self.now(), self.lease_until(), limit).await?;
        let count = claimed.len();
        let mut sends = Vec::with_capacity(count);
        for delivery in claimed {
            if delivery.held && self.outlived_by_quiet_hours(&delivery).await? {
                self.settle(&delivery, Handoff::Dropped("quiet hours outlasted the call".into())).await?;
                metrics::counter!("signalbox_alerts_dropped_quiet_hours_total", "channel" => channel.as_str())
                    .increment(1);
                continue;
            }
            let text = message::with_link(&delivery.event.text, &self.policy.dashboard_url);
            let chat = if channel == AlertChannel::Telegram {
                self.subscribers.subscriber(delivery.user).await?.and_then(|s| s.telegram_chat)
            } else {
                None
            };
            let slot = chat.map(|chat| pace.reserve(chat, self.now()));
            sends.push(async move {
                if let Some(slot) = slot
                    && let Ok(wait) = (slot - self.now()).to_std()
                {
                    self.clock.pause(wait).await;
                }
                let outcome = match (channel, chat) {
                    (AlertChannel::Telegram, None) => Handoff::Dropped("no Telegram chat is linked".into()),
                    _ => self.hand_off(delivery.user, channel, &text, chat).await,
                };
                (delivery, outcome)
            });
        }
        for (delivery, outcome) in join_all(sends).await {
            self.settle(&delivery, outcome).await?;
        }
        Ok(count)
    }

    /// A held call alert whose call closed before its quiet hours ended is not worth sending.
    async fn outlived_by_quiet_hours(&self, delivery: &Delivery) -> Result<bool, StoreError> {
        match (&delivery.event.call, delivery.event.kind) {
            (_, AlertKind::SessionSummary) | (None, _) => Ok(false),
            (Some(call), _) => self.outbox.call_closed(call).await,
        }
    }

    /// Hands `text` to `channel` for `user` once, no retry: deliveries and test alerts.
    pub(super) async fn hand_off(
        &self,
        user: UserId,
        channel: AlertChannel,
        text: &str,
        chat: Option<crate::domain::alerts::ChatId>,
    ) -> Handoff {
        match channel {
            AlertChannel::Telegram => self.to_telegram(chat, text).await,
            AlertChannel::Email => self.to_email(user, text).await,
            AlertChannel::Push => self.to_push(user, text).await,
        }
    }

    async fn to_telegram(&self, chat: Option<crate::domain::alerts::ChatId>, text: &str) -> Handoff {
        let Some(chat) = chat else { return Handoff::Dropped("no Telegram chat is linked".into()) };
        match self.telegram.send_message(chat, text).await {
            Ok(()) => Handoff::Sent,
            Err(TelegramError::Blocked) => {
                // The user blocked the bot: unlink, so no later alert tries this chat again.
                if let Err(err) = self.subscribers.unlink_chat(chat).await {
                    tracing::warn!(error = %err, "a blocked Telegram chat could not be unlinked");
                }
                Handoff::Failed("the chat blocked the bot; unlinked".into())
            }
            Err(TelegramError::RetryAfter(wait)) => {
                Handoff::Retry { retry_after: Some(wait), error: "Telegram asked to retry later".into() }
            }
            Err(TelegramError::Transient(error)) => Handoff::Retry { retry_after: None, error },
            Err(TelegramError::Rejected(error)) => Handoff::Failed(error),
        }
    }

    async fn to_email(&self, user: UserId, text: &str) -> Handoff {
        let to = match self.contacts.email_of(user).await {
            Ok(Some(email)) => email,
            Ok(None) => return Handoff::Dropped("the account is gone".into()),
            Err(err) => return Handoff::Retry { retry_after: None, error: err.to_string() },
        };
        let mail = Mail { to, subject: message::subject(text), body: text.to_owned() };
        match self.mailer.send(&mail).await {
            Ok(()) => Handoff::Sent,
            Err(MailError::Unavailable(err)) => Handoff::Retry { retry_after: None, error: err.to_string() },
            Err(MailError::Rejected(error)) => Handoff::Failed(error),
        }
    }

    /// To every browser of the user: sent when one accepted; gone browsers are removed.
    async fn to_push(&self, user: UserId, text: &str) -> Handoff {
        let devices = match self.push_devices.of_user(user).await {
            Ok(devices) => devices,
            Err(err) => return Handoff::Retry { retry_after: None, error: err.to_string() },
        };
        if devices.is_empty() {
            return Handoff::Dropped("no browser is registered".into());
        }
        let payload = serde_json::json!({ "title": "Signalbox", "body": text, "url": self.policy.dashboard_url });
        let payload = payload.to_string();
        let (mut accepted, mut transient, mut refused) = (false, None, None);
        for device in &devices {
            match self.web_push.send(device, payload.as_bytes(), PUSH_TTL).await {
                Ok(()) => accepted = true,
                Err(PushError::Gone) => {
                    if let Err(err) = self.push_devices.remove_endpoint(&device.endpoint).await {
                        tracing::warn!(error = %err, "a gone push device could not be removed");
                    }
                }
                Err(PushError::Transient { retry_after }) => transient = Some(retry_after),
                Err(PushError::Rejected(error)) => refused = Some(error),
            }
        }
        match (accepted, transient, refused) {
            (true, _, _) => Handoff::Sent,
            (false, Some(retry_after), _) => Handoff::Retry { retry_after, error: "push service unavailable".into() },
            (false, None, Some(error)) => Handoff::Failed(error),
            (false, None, None) => Handoff::Dropped("every browser is gone".into()),
        }
    }

    async fn settle(&self, delivery: &Delivery, outcome: Handoff) -> Result<(), StoreError> {
        let channel = delivery.channel.as_str();
        let settlement = match outcome {
            Handoff::Sent => {
                metrics::counter!("signalbox_alerts_sent_total", "channel" => channel).increment(1);
                Settlement::Sent { at: self.now() }
            }
            Handoff::Retry { retry_after, error } if delivery.attempts + 1 < MAX_ATTEMPTS => {
                metrics::counter!("signalbox_alerts_retried_total", "channel" => channel).increment(1);
                let attempts = delivery.attempts + 1;
                let wait = chrono::Duration::from_std(backoff(attempts, retry_after)).unwrap_or(chrono::Duration::MAX);
                Settlement::Retry { not_before: self.now() + wait, attempts, error }
            }
            Handoff::Retry { error, .. } | Handoff::Failed(error) => {
                metrics::counter!("signalbox_alerts_failed_total", "channel" => channel).increment(1);
                tracing::warn!(channel, event = %delivery.event.key, error = %error, "alert not delivered");
                Settlement::Failed { error }
            }
            Handoff::Dropped(reason) => {
                metrics::counter!("signalbox_alerts_dropped_total", "channel" => channel).increment(1);
                Settlement::Dropped { reason }
            }
        };
        self.outbox.settle(&delivery.event.key, delivery.user, delivery.channel, &settlement).await
    }
}
