//! Reading a Telegram update: only `message.chat.id` and `message.text` are used; every other
//! field (and there are many) is ignored, and an update without them is not an error — it is
//! simply nothing for this bot to do.

use serde::Deserialize;

use crate::app::alerts::TelegramUpdate;
use crate::domain::alerts::ChatId;

#[derive(Deserialize)]
struct Update {
    message: Option<Message>,
}

#[derive(Deserialize)]
struct Message {
    chat: Chat,
    text: Option<String>,
}

#[derive(Deserialize)]
struct Chat {
    id: i64,
}

/// The message's chat and text; `None` for anything else (edited messages, callbacks, junk).
pub fn parse_update(body: &[u8]) -> Option<TelegramUpdate> {
    let update: Update = serde_json::from_slice(body).ok()?;
    let message = update.message?;
    Some(TelegramUpdate { chat: ChatId(message.chat.id), text: message.text? })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_start_message_is_read_and_other_updates_are_nothing() {
        let start =
            br#"{"update_id":1,"message":{"message_id":5,"chat":{"id":42,"type":"private"},"text":"/start abc"}}"#;
        assert_eq!(parse_update(start), Some(TelegramUpdate { chat: ChatId(42), text: "/start abc".into() }));
        assert_eq!(parse_update(br#"{"update_id":2,"edited_message":{}}"#), None);
        assert_eq!(parse_update(b"not json"), None);
    }
}
