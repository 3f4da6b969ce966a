//! The Telegram Bot API over HTTPS: `sendMessage` for alerts. (The updates Telegram posts to
//! our webhook are read by the HTTP adapter, `http::api::telegram_update`.)

mod bot;

pub use bot::{HttpTelegramBot, TelegramSettings};
