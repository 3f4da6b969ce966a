//! A fake Telegram Bot API that counts: `POST /bot<token>/sendMessage` answers as Telegram
//! does, and keeps every message it accepted. Requests made with the held token are never
//! answered (as if Telegram were slow), so a test can kill the instance that sent them
//! mid-dispatch. Until a held request has arrived, other tokens are told to wait
//! (`429`, `retry_after: 1`), so the held instance is the one that claims the work first.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use serde_json::{Value, json};
use wiremock::matchers::{method, path_regex};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

#[derive(Default)]
pub struct Seen {
    /// (chat, text) of every message answered `ok: true`.
    pub accepted: Vec<(i64, String)>,
    /// (chat, text) of every request held unanswered.
    pub held: Vec<(i64, String)>,
}

struct Answer {
    held_token: String,
    seen: Arc<Mutex<Seen>>,
}

impl Respond for Answer {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let body: Value = serde_json::from_slice(&request.body).unwrap_or_default();
        let chat = body["chat_id"].as_i64().unwrap_or_default();
        let text = body["text"].as_str().unwrap_or_default().to_owned();
        let mut seen = self.seen.lock().unwrap();
        if request.url.path().starts_with(&format!("/bot{}/", self.held_token)) {
            seen.held.push((chat, text));
            return ResponseTemplate::new(200).set_delay(std::time::Duration::from_secs(3600));
        }
        if seen.held.is_empty() {
            return ResponseTemplate::new(429).set_body_json(json!({
                "ok": false, "error_code": 429, "description": "Too Many Requests: retry after 1",
                "parameters": {"retry_after": 1}
            }));
        }
        seen.accepted.push((chat, text));
        ResponseTemplate::new(200).set_body_json(json!({"ok": true, "result": {"message_id": seen.accepted.len()}}))
    }
}

pub struct FakeTelegram {
    pub server: MockServer,
    pub seen: Arc<Mutex<Seen>>,
}

impl FakeTelegram {
    /// A fake that holds every request made with `held_token`.
    pub async fn start(held_token: &str) -> Self {
        let server = MockServer::start().await;
        let seen = Arc::new(Mutex::new(Seen::default()));
        Mock::given(method("POST"))
            .and(path_regex("^/bot[^/]+/sendMessage$"))
            .respond_with(Answer { held_token: held_token.to_owned(), seen: seen.clone() })
            .mount(&server)
            .await;
        Self { server, seen }
    }

    pub fn address(&self) -> SocketAddr {
        *self.server.address()
    }
}
