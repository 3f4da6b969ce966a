//! Sending a message through our Telegram bot (the Bot API's `sendMessage`).

use std::time::Duration;

use async_trait::async_trait;

use crate::domain::alerts::ChatId;

#[derive(Debug, thiserror::Error)]
pub enum TelegramError {
    /// 403: the user blocked the bot or deleted the chat; their chat must be unlinked.
    #[error("the chat blocked the bot")]
    Blocked,
    /// 429: too many messages; Telegram says when to try again.
    #[error("rate limited by Telegram")]
    RetryAfter(Duration),
    /// 5xx, timeouts, network: a later attempt may succeed.
    #[error("Telegram unavailable: {0}")]
    Transient(String),
    /// Any other refusal (400 …), or the bot is not configured: retrying will not help.
    #[error("Telegram refused: {0}")]
    Rejected(String),
}

/// Telegram's limit on a message's text, in characters: a bot sends the first this many.
pub const MAX_TELEGRAM_TEXT_CHARS: usize = 4096;

#[async_trait]
pub trait TelegramBot: Send + Sync {
    /// Sends `text` (plain text; beyond [`MAX_TELEGRAM_TEXT_CHARS`] it is cut) to `chat`. `Ok`
    /// means Telegram answered `ok: true`.
    ///
    /// # Errors
    /// See [`TelegramError`].
    async fn send_message(&self, chat: ChatId, text: &str) -> Result<(), TelegramError>;
}
