//! `POST /alerts/telegram/webhook`: what Telegram tells us about our bot's chats.
//!
//! Only calls carrying our secret in `X-Telegram-Bot-Api-Secret-Token` (set with
//! `setWebhook`'s `secret_token`) are believed; the comparison takes the same time however
//! much of a forged secret is right. `/start <code>` links the chat, `/stop` unlinks it;
//! anything else is acknowledged and ignored (Telegram retries anything but a 2xx, so a
//! message we do not understand must still be answered 200).

use super::AlertsService;
use crate::app::shared::failure::store_failures;
use crate::domain::alerts::{ChatId, LinkCode, constant_time_eq};
use crate::ports::{Redeemed, StoreError};
use secrecy::ExposeSecret;

/// The part of a Telegram update this bot reads: a private message's chat and text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TelegramUpdate {
    pub chat: ChatId,
    pub text: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WebhookOutcome {
    Linked,
    /// `/start` with a code that is unknown, used or expired.
    LinkRefused,
    Unlinked,
    Ignored,
}

#[derive(Debug, thiserror::Error)]
pub enum TelegramWebhookError {
    #[error("missing or wrong webhook secret")]
    Forbidden,
    #[error("alert storage is unavailable")]
    Unavailable(#[source] StoreError),
    #[error(transparent)]
    Unexpected(#[from] anyhow::Error),
}

store_failures!(TelegramWebhookError);

impl AlertsService {
    /// Checks `presented` against the webhook secret; nothing else runs when it is wrong.
    ///
    /// # Errors
    /// [`TelegramWebhookError::Forbidden`] when the secret is missing or wrong, or none is
    /// configured.
    pub fn verify_telegram_secret(&self, presented: Option<&str>) -> Result<(), TelegramWebhookError> {
        let (Some(expected), Some(presented)) = (&self.policy.webhook_secret, presented) else {
            return Err(TelegramWebhookError::Forbidden);
        };
        if constant_time_eq(expected.expose_secret().as_bytes(), presented.as_bytes()) {
            Ok(())
        } else {
            Err(TelegramWebhookError::Forbidden)
        }
    }

    /// Applies one update whose secret [`verify_telegram_secret`](Self::verify_telegram_secret)
    /// accepted; `None` for updates that are not a message with text.
    ///
    /// # Errors
    /// An outage; then nothing changed (Telegram retries).
    pub async fn handle_telegram_update(
        &self,
        update: Option<TelegramUpdate>,
    ) -> Result<WebhookOutcome, TelegramWebhookError> {
        let Some(update) = update else { return Ok(WebhookOutcome::Ignored) };
        let mut words = update.text.split_whitespace();
        // "/start@OurBot" is how the command looks in a group; private chats send "/start".
        let command = words.next().unwrap_or_default().split('@').next().unwrap_or_default();
        match command {
            "/start" => {
                let Some(code) = words.next().and_then(LinkCode::parse) else { return Ok(WebhookOutcome::LinkRefused) };
                match self.subscribers.redeem_link_code(&code.hash(), update.chat, self.now()).await? {
                    Redeemed::Linked(_) => Ok(WebhookOutcome::Linked),
                    Redeemed::Unknown | Redeemed::Used | Redeemed::Expired => Ok(WebhookOutcome::LinkRefused),
                }
            }
            "/stop" => {
                self.subscribers.unlink_chat(update.chat).await?;
                Ok(WebhookOutcome::Unlinked)
            }
            _ => Ok(WebhookOutcome::Ignored),
        }
    }
}
