//! A [`TelegramBot`] that keeps what it was asked to send: the fake for tests and the bench,
//! and the bot of an installation without `TELEGRAM_BOT_TOKEN` (where it refuses, see
//! [`UnconfiguredTelegram`]). Chats can be told to answer as Telegram would (blocked, 429).

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Duration;

use async_trait::async_trait;

use crate::domain::alerts::ChatId;
use crate::ports::{MAX_TELEGRAM_TEXT_CHARS as MAX_TEXT_CHARS, TelegramBot, TelegramError};

/// How a chat answers.
#[derive(Clone, Copy, Debug)]
pub enum ChatBehaviour {
    /// 403: the user blocked the bot.
    Blocked,
    /// 429 with `retry_after` for the next `times` messages, then accepted.
    RateLimited { retry_after: Duration, times: u32 },
}

#[derive(Default)]
struct State {
    sent: Vec<(ChatId, String)>,
    behaviours: HashMap<ChatId, ChatBehaviour>,
}

#[derive(Default)]
pub struct MemoryTelegramBot {
    state: Mutex<State>,
}

impl MemoryTelegramBot {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn set_behaviour(&self, chat: ChatId, behaviour: ChatBehaviour) {
        self.state.lock().expect("telegram fake poisoned").behaviours.insert(chat, behaviour);
    }

    /// Every accepted message, in order.
    pub fn sent(&self) -> Vec<(ChatId, String)> {
        self.state.lock().expect("telegram fake poisoned").sent.clone()
    }
}

#[async_trait]
impl TelegramBot for MemoryTelegramBot {
    async fn send_message(&self, chat: ChatId, text: &str) -> Result<(), TelegramError> {
        let mut state = self.state.lock().expect("telegram fake poisoned");
        match state.behaviours.get_mut(&chat) {
            Some(ChatBehaviour::Blocked) => return Err(TelegramError::Blocked),
            Some(ChatBehaviour::RateLimited { retry_after, times }) if *times > 0 => {
                *times -= 1;
                return Err(TelegramError::RetryAfter(*retry_after));
            }
            _ => {}
        }
        // As the real bot does: Telegram refuses longer texts, so the end is cut, not the message.
        state.sent.push((chat, text.chars().take(MAX_TEXT_CHARS).collect()));
        Ok(())
    }
}

/// The bot of an installation without a bot token: every message is refused, so alerts for
/// Telegram are recorded failed instead of retried.
pub struct UnconfiguredTelegram;

#[async_trait]
impl TelegramBot for UnconfiguredTelegram {
    async fn send_message(&self, _chat: ChatId, _text: &str) -> Result<(), TelegramError> {
        Err(TelegramError::Rejected("Telegram is not configured (TELEGRAM_BOT_TOKEN)".into()))
    }
}
