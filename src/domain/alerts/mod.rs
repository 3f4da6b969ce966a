//! Alerts: calls and their outcomes announced where traders are (Telegram, email, browser push).
//!
//! Pure rules only: who wants which alert ([`eligibility`]), what a user chose
//! ([`preferences`], [`quiet_hours`]), what an alert says ([`message`]), the one-time Telegram
//! link code ([`telegram_link`]), which endpoints and addresses a push may go to
//! ([`push_endpoint`], [`push_address`]), how a failed hand-off is retried ([`retry`]) and
//! how Telegram's rate limits are kept ([`telegram_pace`]). Storage, the dispatcher loop and the channels'
//! adapters live in the ports, the alerts context and the adapters.

pub mod alert_event;
pub mod channel;
pub mod eligibility;
pub mod message;
pub mod preferences;
pub mod push_address;
pub mod push_device;
pub mod push_endpoint;
pub mod quiet_hours;
pub mod retry;
pub mod summary;
pub mod telegram_link;
pub mod telegram_pace;

pub use alert_event::{AlertEvent, AlertEventKey, AlertKind};
pub use channel::AlertChannel;
pub use eligibility::{channels_for, wants};
pub use preferences::{AlertPreferences, EventSwitches, PreferencesError};
pub use push_address::is_public_address;
pub use push_device::{PushDevice, PushDeviceError, PushDeviceId, PushKeys};
pub use push_endpoint::{MAX_ENDPOINT_CHARS, check_endpoint};
pub use quiet_hours::{QuietHours, QuietHoursError};
pub use retry::{MAX_ATTEMPTS, backoff};
pub use summary::SessionSummary;
pub use telegram_link::{ChatId, LINK_CODE_LIFETIME, LinkCode, LinkCodeHash, constant_time_eq};
pub use telegram_pace::{PER_CHAT_GAP, PER_SECOND_OVERALL, TelegramPace};
