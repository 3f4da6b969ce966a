//! The alerts context: calls and session summaries announced on Telegram, by email and by
//! browser push, each (event, user, channel) once, across instances.
//!
//! - [`service`]: the ports it holds and its policy.
//! - `preferences`: reading and saving what a user chose (`GET`/`PUT /alerts/preferences`).
//! - `telegram_link` / `telegram_webhook`: the one-time deep link, and the bot's webhook that
//!   links (`/start <code>`) and unlinks (`/stop`) a chat.
//! - `send_test`: one test alert to every enabled channel, rate-limited per user.
//! - `fan_out`: an outbox event becomes one delivery per (user, channel) that wants it.
//! - `deliver`: one channel's claimed deliveries handed to the channel, and settled.
//! - `dispatcher`: the loops that run fan-out and each channel's delivery on every instance.
//! - `status`: the counts operators see (`/metrics`, `signalbox alerts status`).
//! - [`push_devices`]: the browsers a user registered for push, and the key they subscribe with.

mod deliver;
mod dispatcher;
mod fan_out;
mod preferences;
pub mod push_devices;
mod send_test;
pub mod service;
mod status;
mod telegram_link;
mod telegram_webhook;

pub use dispatcher::DispatcherHandle;
pub use preferences::{PreferencesView, UpdatePreferencesError};
pub use push_devices::{PushDeviceRegistry, RegisterPushDeviceError, UnregisterPushDeviceError};
pub use send_test::{SendTestError, TestReport};
pub use service::{AlertsNeighbours, AlertsPolicy, AlertsPorts, AlertsService};
pub use telegram_link::{CreateLinkError, TelegramLink};
pub use telegram_webhook::{TelegramUpdate, TelegramWebhookError, WebhookOutcome};
