//! [`TelegramBot`] over the Bot API: `POST {api_base}/bot{token}/sendMessage`.
//!
//! Telegram answers `{"ok":true,"result":{…}}`, or `{"ok":false,"error_code","description",
//! "parameters":{"retry_after"}}`. 403 is a blocked bot, 429 carries `retry_after` (seconds),
//! 5xx, timeouts and unreachable servers are transient, any other error is a refusal. The
//! token is part of the URL, so no URL or request error text is ever logged or returned: only
//! Telegram's own `description`.

use std::time::Duration;

use async_trait::async_trait;
use http_body_util::{BodyExt, Full, Limited};
use hyper::Request;
use hyper::body::Bytes;
use hyper_rustls::HttpsConnector;
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;

use crate::domain::alerts::ChatId;
use crate::ports::{MAX_TELEGRAM_TEXT_CHARS as MAX_TEXT_CHARS, TelegramBot, TelegramError};

/// Telegram's answers are small; anything larger is not one.
const MAX_ANSWER_BYTES: usize = 64 * 1024;

#[derive(Clone, Debug)]
pub struct TelegramSettings {
    pub token: SecretString,
    /// `https://api.telegram.org`, or a fake in tests.
    pub api_base: String,
    /// For the whole request.
    pub timeout: Duration,
}

pub struct HttpTelegramBot {
    settings: TelegramSettings,
    client: Client<HttpsConnector<HttpConnector>, Full<Bytes>>,
}

#[derive(Deserialize)]
struct Answer {
    ok: bool,
    error_code: Option<u16>,
    description: Option<String>,
    parameters: Option<Parameters>,
}

#[derive(Deserialize)]
struct Parameters {
    retry_after: Option<u64>,
}

impl HttpTelegramBot {
    pub fn new(settings: TelegramSettings) -> Self {
        let connector =
            hyper_rustls::HttpsConnectorBuilder::new().with_webpki_roots().https_or_http().enable_http1().build();
        let client = Client::builder(TokioExecutor::new()).build(connector);
        Self { settings, client }
    }

    async fn post(&self, body: Vec<u8>) -> Result<(u16, Bytes), TelegramError> {
        let url = format!(
            "{}/bot{}/sendMessage",
            self.settings.api_base.trim_end_matches('/'),
            self.settings.token.expose_secret()
        );
        let request = Request::post(url)
            .header("content-type", "application/json")
            .body(Full::new(Bytes::from(body)))
            .map_err(|_| TelegramError::Rejected("the Telegram request could not be built".into()))?;
        let exchange = async {
            let response = self
                .client
                .request(request)
                .await
                .map_err(|_| TelegramError::Transient("Telegram unreachable".into()))?;
            let status = response.status().as_u16();
            let body = Limited::new(response.into_body(), MAX_ANSWER_BYTES)
                .collect()
                .await
                .map_err(|_| TelegramError::Transient("Telegram's answer could not be read".into()))?;
            Ok((status, body.to_bytes()))
        };
        tokio::time::timeout(self.settings.timeout, exchange)
            .await
            .unwrap_or_else(|_| Err(TelegramError::Transient("Telegram did not answer in time".into())))
    }
}

/// What Telegram's answer means.
fn outcome(status: u16, body: &[u8]) -> Result<(), TelegramError> {
    let answer: Option<Answer> = serde_json::from_slice(body).ok();
    if status == 200 && answer.as_ref().is_some_and(|a| a.ok) {
        return Ok(());
    }
    let code = answer.as_ref().and_then(|a| a.error_code).unwrap_or(status);
    let description = answer.as_ref().and_then(|a| a.description.clone()).unwrap_or_else(|| format!("HTTP {status}"));
    let retry_after = answer.as_ref().and_then(|a| a.parameters.as_ref()).and_then(|p| p.retry_after);
    match code {
        403 => Err(TelegramError::Blocked),
        429 => Err(TelegramError::RetryAfter(Duration::from_secs(retry_after.unwrap_or(1)))),
        500..=599 => Err(TelegramError::Transient(description)),
        _ => Err(TelegramError::Rejected(description)),
    }
}

#[async_trait]
impl TelegramBot for HttpTelegramBot {
    async fn send_message(&self, chat: ChatId, text: &str) -> Result<(), TelegramError> {
        let text: String = text.chars().take(MAX_TEXT_CHARS).collect();
        let body = serde_json::json!({ "chat_id": chat.0, "text": text, "disable_web_page_preview": true });
        let (status, answer) = self.post(body.to_string().into_bytes()).await?;
        outcome(status, &answer)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn telegram_answers_map_to_port_meanings() {
        assert!(outcome(200, br#"{"ok":true,"result":{"message_id":1}}"#).is_ok());
        let limited =
            br#"{"ok":false,"error_code":429,"description":"Too Many Requests","parameters":{"retry_after":7}}"#;
        assert!(matches!(outcome(429, limited), Err(TelegramError::RetryAfter(d)) if d == Duration::from_secs(7)));
        let blocked = br#"{"ok":false,"error_code":403,"description":"Forbidden: bot was blocked by the user"}"#;
        assert!(matches!(outcome(403, blocked), Err(TelegramError::Blocked)));
        assert!(matches!(outcome(502, b"<html>"), Err(TelegramError::Transient(_))));
        let bad = br#"{"ok":false,"error_code":400,"description":"Bad Request: chat not found"}"#;
        assert!(matches!(outcome(400, bad), Err(TelegramError::Rejected(d)) if d.contains("chat not found")));
    }
}
