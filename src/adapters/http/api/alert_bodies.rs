//! The JSON shapes of `/alerts/*`: preferences, read and written, and their conversion to the
//! domain's [`AlertPreferences`] (which is where a symbol or a time is judged valid); the
//! Telegram link, the test alert's report, and Telegram's webhook update and its answer.

use chrono::{DateTime, Utc};
use poem_openapi::payload::Binary;
use poem_openapi::{ApiRequest, Object};

use crate::app::alerts::{PreferencesView, TelegramLink, TestReport, WebhookOutcome};
use crate::domain::alerts::{AlertPreferences, EventSwitches, PreferencesError, QuietHours};

#[derive(Object)]
pub struct TelegramChannelBody {
    /// A Telegram chat is linked (read-only: link with `POST /alerts/telegram/link`).
    pub linked: bool,
    pub enabled: bool,
}

#[derive(Object)]
pub struct EmailChannelBody {
    pub enabled: bool,
}

#[derive(Object)]
pub struct PushChannelBody {
    /// Browsers registered for push (read-only).
    pub devices: u32,
    pub enabled: bool,
}

#[derive(Object)]
pub struct ChannelsBody {
    pub telegram: TelegramChannelBody,
    pub email: EmailChannelBody,
    pub push: PushChannelBody,
}

#[derive(Object, Clone, Copy)]
pub struct EventsBody {
    /// A paid call opened (paid plan only).
    pub call_opened: bool,
    /// A paid call closed, with its result (paid plan only).
    pub call_closed: bool,
    /// The end-of-session summary (every plan).
    pub session_summary: bool,
}

#[derive(Object)]
pub struct QuietHoursBody {
    /// "HH:MM", IST.
    #[oai(validator(max_length = 5))]
    pub from: String,
    /// "HH:MM", IST; earlier than `from` for a window across midnight.
    #[oai(validator(max_length = 5))]
    pub to: String,
}

/// A user's alert preferences. Every field is always present; `quiet_hours` is `null` when none.
#[derive(Object)]
pub struct PreferencesBody {
    pub channels: ChannelsBody,
    /// The symbols alerted on: `NIFTY`, `BANKNIFTY`.
    pub symbols: Vec<String>,
    pub events: EventsBody,
    #[oai(nullable)]
    pub quiet_hours: Option<QuietHoursBody>,
}

#[derive(Object)]
pub struct EnabledInput {
    pub enabled: bool,
}

#[derive(Object)]
pub struct ChannelsInput {
    pub telegram: EnabledInput,
    pub email: EnabledInput,
    pub push: EnabledInput,
}

/// The preferences to save, whole: the shape of `GET /alerts/preferences` without its
/// read-only fields (`channels.telegram.linked`, `channels.push.devices`; sent anyway, they
/// are ignored). `quiet_hours` `null` or absent means none.
#[derive(Object)]
pub struct PreferencesInput {
    pub channels: ChannelsInput,
    #[oai(validator(max_items = 8, unique_items = false))]
    pub symbols: Vec<String>,
    pub events: EventsBody,
    pub quiet_hours: Option<QuietHoursBody>,
}

impl PreferencesInput {
    /// # Errors
    /// [`PreferencesError`] for an unknown symbol or a bad time.
    pub fn into_domain(self) -> Result<AlertPreferences, PreferencesError> {
        let symbols = AlertPreferences::parse_symbols(&self.symbols)?;
        let quiet_hours = self.quiet_hours.map(|quiet| QuietHours::parse(&quiet.from, &quiet.to)).transpose()?;
        Ok(AlertPreferences {
            telegram_enabled: self.channels.telegram.enabled,
            email_enabled: self.channels.email.enabled,
            push_enabled: self.channels.push.enabled,
            symbols,
            events: EventSwitches {
                call_opened: self.events.call_opened,
                call_closed: self.events.call_closed,
                session_summary: self.events.session_summary,
            },
            quiet_hours,
        })
    }
}

impl From<PreferencesView> for PreferencesBody {
    fn from(view: PreferencesView) -> Self {
        let prefs = view.preferences;
        Self {
            channels: ChannelsBody {
                telegram: TelegramChannelBody { linked: view.telegram_linked, enabled: prefs.telegram_enabled },
                email: EmailChannelBody { enabled: prefs.email_enabled },
                push: PushChannelBody {
                    devices: u32::try_from(view.push_devices).unwrap_or(u32::MAX),
                    enabled: prefs.push_enabled,
                },
            },
            symbols: prefs.symbols.iter().map(|symbol| symbol.as_str().to_owned()).collect(),
            events: EventsBody {
                call_opened: prefs.events.call_opened,
                call_closed: prefs.events.call_closed,
                session_summary: prefs.events.session_summary,
            },
            quiet_hours: prefs.quiet_hours.map(|quiet| QuietHoursBody { from: quiet.from_text(), to: quiet.to_text() }),
        }
    }
}

#[derive(Object)]
pub struct TelegramLinkBody {
    /// `https://t.me/<bot>?start=<code>`: open it (or scan it) to link the chat. One use.
    url: String,
    /// The link stops working at this instant (15 minutes after it was made).
    expires_at: DateTime<Utc>,
}

impl From<TelegramLink> for TelegramLinkBody {
    fn from(link: TelegramLink) -> Self {
        Self { url: link.url, expires_at: link.expires_at }
    }
}

#[derive(Object)]
pub struct TestAlertBody {
    /// Channels that accepted the test alert: `telegram`, `email`, `push`.
    sent: Vec<String>,
    /// Enabled channels that did not.
    failed: Vec<String>,
}

impl From<TestReport> for TestAlertBody {
    fn from(report: TestReport) -> Self {
        Self {
            sent: report.sent.iter().map(|c| c.as_str().to_owned()).collect(),
            failed: report.failed.iter().map(|c| c.as_str().to_owned()).collect(),
        }
    }
}

/// A Telegram update, as Telegram sent it.
#[derive(ApiRequest)]
pub enum TelegramUpdateBody {
    #[oai(content_type = "application/json")]
    Json(Binary<Vec<u8>>),
}

#[derive(Object)]
pub struct TelegramWebhookAck {
    /// `linked`, `link_refused` (unknown, used or expired code), `unlinked` or `ignored`.
    status: String,
}

impl From<WebhookOutcome> for TelegramWebhookAck {
    fn from(outcome: WebhookOutcome) -> Self {
        let status = match outcome {
            WebhookOutcome::Linked => "linked",
            WebhookOutcome::LinkRefused => "link_refused",
            WebhookOutcome::Unlinked => "unlinked",
            WebhookOutcome::Ignored => "ignored",
        };
        Self { status: status.to_owned() }
    }
}
