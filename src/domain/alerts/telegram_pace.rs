//! Keeping within Telegram's limits: about one message per second to one chat, and about
//! thirty per second overall.
//!
//! [`TelegramPace::reserve`] hands out send instants: never sooner than a second after the
//! chat's previous message, and never closer than 1/30 s to the previous reservation, so no
//! second ever holds more than thirty. Reservations only move forward, which keeps the rule
//! simple to check; a chat waiting out its own second therefore also delays the messages
//! reserved after it — rare, since one event sends each chat one message. The pace is per
//! dispatcher; Telegram's own 429 `retry_after` (honoured by the retry rule) is the backstop
//! when several instances send at once.

use std::collections::HashMap;

use chrono::{DateTime, Duration, Utc};

use super::telegram_link::ChatId;

/// The least time between two messages to one chat.
pub const PER_CHAT_GAP: Duration = Duration::seconds(1);
/// Messages per second overall.
pub const PER_SECOND_OVERALL: i32 = 30;

#[derive(Debug, Default)]
pub struct TelegramPace {
    last_per_chat: HashMap<ChatId, DateTime<Utc>>,
    next_free: Option<DateTime<Utc>>,
}

impl TelegramPace {
    pub fn new() -> Self {
        Self::default()
    }

    /// The instant a message to `chat` may be sent, at or after `now`; reserved.
    pub fn reserve(&mut self, chat: ChatId, now: DateTime<Utc>) -> DateTime<Utc> {
        // Rounded up, so thirty gaps span more than a second.
        let gap = Duration::nanoseconds(1_000_000_000 / i64::from(PER_SECOND_OVERALL) + 1);
        let mut at = now;
        if let Some(last) = self.last_per_chat.get(&chat) {
            at = at.max(*last + PER_CHAT_GAP);
        }
        if let Some(next) = self.next_free {
            at = at.max(next);
        }
        self.next_free = Some(at + gap);
        self.last_per_chat.insert(chat, at);
        // Forget chats whose gap is long over, so the map stays as small as a second's sends.
        if self.last_per_chat.len() > 4 * PER_SECOND_OVERALL as usize {
            self.last_per_chat.retain(|_, last| *last + PER_CHAT_GAP > now);
        }
        at
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    #[test]
    fn no_second_holds_more_than_thirty_messages() {
        let start = Utc.timestamp_opt(1_000, 0).unwrap();
        let mut pace = TelegramPace::new();
        let slots: Vec<_> = (0..300).map(|chat| pace.reserve(ChatId(chat), start)).collect();
        for (i, slot) in slots.iter().enumerate() {
            let in_window = slots[i..].iter().filter(|s| **s < *slot + Duration::seconds(1)).count();
            assert!(in_window <= 30, "{in_window} messages in the second from slot {i}");
        }
        assert!(slots[299] < start + Duration::seconds(10));
    }

    #[test]
    fn one_chat_gets_at_most_one_message_a_second() {
        let start = Utc.timestamp_opt(1_000, 0).unwrap();
        let mut pace = TelegramPace::new();
        let first = pace.reserve(ChatId(7), start);
        let second = pace.reserve(ChatId(7), start);
        assert!(second - first >= PER_CHAT_GAP);
    }
}
