//! The `TelegramBot` contract, run against the in-memory fake and the Bot API adapter talking
//! to a local server that answers as Telegram does (`ok`/`result` on success; `error_code`,
//! `description` and `parameters.retry_after` on refusal). What the alert dispatcher relies
//! on: a delivered message arrives once and whole (cut at Telegram's limit), a chat that
//! blocked the bot is reported as blocked, a 429 says when to try again.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::{Value, json};
use signalbox::adapters::memory::{ChatBehaviour, MemoryTelegramBot};
use signalbox::adapters::telegram::{HttpTelegramBot, TelegramSettings};
use signalbox::domain::alerts::ChatId;
use signalbox::ports::{MAX_TELEGRAM_TEXT_CHARS, TelegramBot, TelegramError};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

use super::Case;

/// A bot, and the means to make a chat answer as Telegram would and to read what arrived.
trait Subject: Send + Sync {
    fn bot(&self) -> &dyn TelegramBot;
    fn block(&self, chat: i64);
    fn rate_limit(&self, chat: i64, retry_after_secs: u64, times: u32);
    fn delivered(&self) -> Vec<(i64, String)>;
}

struct Memory(MemoryTelegramBot);

impl Subject for Memory {
    fn bot(&self) -> &dyn TelegramBot {
        &self.0
    }
    fn block(&self, chat: i64) {
        self.0.set_behaviour(ChatId(chat), ChatBehaviour::Blocked);
    }
    fn rate_limit(&self, chat: i64, retry_after_secs: u64, times: u32) {
        let retry_after = Duration::from_secs(retry_after_secs);
        self.0.set_behaviour(ChatId(chat), ChatBehaviour::RateLimited { retry_after, times });
    }
    fn delivered(&self) -> Vec<(i64, String)> {
        self.0.sent().into_iter().map(|(chat, text)| (chat.0, text)).collect()
    }
}

#[derive(Default)]
struct BotApiState {
    blocked: HashSet<i64>,
    limited: HashMap<i64, (u64, u32)>,
    delivered: Vec<(i64, String)>,
}

/// The Bot API's `sendMessage` as Telegram answers it.
struct BotApi {
    token: &'static str,
    state: Arc<Mutex<BotApiState>>,
}

impl Respond for BotApi {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let refuse = |code: u16, description: &str, parameters: Option<Value>| {
            let mut body = json!({"ok": false, "error_code": code, "description": description});
            if let Some(parameters) = parameters {
                body["parameters"] = parameters;
            }
            ResponseTemplate::new(code).set_body_json(body)
        };
        if request.url.path() != format!("/bot{}/sendMessage", self.token) {
            return refuse(401, "Unauthorized", None);
        }
        let Ok(body) = serde_json::from_slice::<Value>(&request.body) else {
            return refuse(400, "Bad Request: message text is empty", None);
        };
        let (Some(chat), Some(text)) = (body["chat_id"].as_i64(), body["text"].as_str()) else {
            return refuse(400, "Bad Request: chat_id or text missing", None);
        };
        if text.chars().count() > MAX_TELEGRAM_TEXT_CHARS {
            return refuse(400, "Bad Request: message is too long", None);
        }
        let mut state = self.state.lock().unwrap();
        if state.blocked.contains(&chat) {
            return refuse(403, "Forbidden: bot was blocked by the user", None);
        }
        if let Some((retry_after, times)) = state.limited.get_mut(&chat)
            && *times > 0
        {
            *times -= 1;
            let description = format!("Too Many Requests: retry after {retry_after}");
            return refuse(429, &description, Some(json!({"retry_after": *retry_after})));
        }
        state.delivered.push((chat, text.to_owned()));
        let message_id = state.delivered.len();
        ResponseTemplate::new(200).set_body_json(json!({
            "ok": true,
            "result": {
                "message_id": message_id,
                "from": {"id": 7_000_000_001_i64, "is_bot": true, "first_name": "Signalbox", "username": "signalbox_bot"},
                "chat": {"id": chat, "type": "private"},
                "date": 1_796_000_000,
                "text": text
            }
        }))
    }
}

struct Http {
    bot: HttpTelegramBot,
    state: Arc<Mutex<BotApiState>>,
    _server: MockServer,
}

impl Subject for Http {
    fn bot(&self) -> &dyn TelegramBot {
        &self.bot
    }
    fn block(&self, chat: i64) {
        self.state.lock().unwrap().blocked.insert(chat);
    }
    fn rate_limit(&self, chat: i64, retry_after_secs: u64, times: u32) {
        self.state.lock().unwrap().limited.insert(chat, (retry_after_secs, times));
    }
    fn delivered(&self) -> Vec<(i64, String)> {
        self.state.lock().unwrap().delivered.clone()
    }
}

async fn memory(case: impl Case<Box<dyn Subject>>) {
    case(Box::new(Memory(MemoryTelegramBot::new()))).await;
}

async fn http(case: impl Case<Box<dyn Subject>>) {
    const TOKEN: &str = "123456:contract-token";
    let server = MockServer::start().await;
    let state = Arc::new(Mutex::new(BotApiState::default()));
    Mock::given(method("POST"))
        .and(path(format!("/bot{TOKEN}/sendMessage")))
        .respond_with(BotApi { token: TOKEN, state: state.clone() })
        .mount(&server)
        .await;
    let bot = HttpTelegramBot::new(TelegramSettings {
        token: TOKEN.to_owned().into(),
        api_base: server.uri(),
        timeout: Duration::from_secs(5),
    });
    case(Box::new(Http { bot, state, _server: server })).await;
}

async fn a_message_arrives_once_and_whole(subject: Box<dyn Subject>) {
    let text = "NIFTY BUY at 24,551.25 · SL 24,530.50 · Target 24,617.00 (₹499 plan) 📈";
    subject.bot().send_message(ChatId(42), text).await.unwrap();
    assert_eq!(subject.delivered(), vec![(42, text.to_owned())]);
}

async fn a_text_beyond_telegrams_limit_is_cut_not_refused(subject: Box<dyn Subject>) {
    let text = "₹".repeat(MAX_TELEGRAM_TEXT_CHARS + 100);
    subject.bot().send_message(ChatId(42), &text).await.unwrap();
    let delivered = subject.delivered();
    assert_eq!(delivered.len(), 1);
    assert_eq!(delivered[0].1, "₹".repeat(MAX_TELEGRAM_TEXT_CHARS));
}

async fn a_chat_that_blocked_the_bot_is_reported_blocked_and_gets_nothing(subject: Box<dyn Subject>) {
    subject.block(7);
    let answer = subject.bot().send_message(ChatId(7), "hello").await;
    assert!(matches!(answer, Err(TelegramError::Blocked)), "{answer:?}");
    subject.bot().send_message(ChatId(8), "to another chat").await.unwrap();
    assert_eq!(subject.delivered(), vec![(8, "to another chat".to_owned())]);
}

async fn a_rate_limited_chat_is_told_when_to_try_again_and_then_gets_the_message(subject: Box<dyn Subject>) {
    subject.rate_limit(9, 3, 1);
    let answer = subject.bot().send_message(ChatId(9), "call opened").await;
    assert!(matches!(answer, Err(TelegramError::RetryAfter(wait)) if wait == Duration::from_secs(3)), "{answer:?}");
    assert!(subject.delivered().is_empty(), "a refused message was counted as sent");
    subject.bot().send_message(ChatId(9), "call opened").await.unwrap();
    assert_eq!(subject.delivered(), vec![(9, "call opened".to_owned())]);
}

contract_tests!(memory => memory, http => http; [
    a_message_arrives_once_and_whole,
    a_text_beyond_telegrams_limit_is_cut_not_refused,
    a_chat_that_blocked_the_bot_is_reported_blocked_and_gets_nothing,
    a_rate_limited_chat_is_told_when_to_try_again_and_then_gets_the_message,
]);
