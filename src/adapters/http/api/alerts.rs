//! `/alerts/*`: alert preferences, linking Telegram, test alerts, and Telegram's webhook.
//!
//! The webhook is the one operation here without a bearer token: Telegram proves itself with
//! the secret it echoes in `X-Telegram-Bot-Api-Secret-Token`, and anything else is 401 before
//! the body is looked at. Its body is bounded like every request's (64 KiB), and only a
//! message's chat and text are read from it.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use poem_openapi::param::Header;
use poem_openapi::payload::{Binary, Json};
use poem_openapi::{ApiRequest, ApiResponse, Object, OpenApi};

use super::ApiTags;
use super::alert_bodies::{PreferencesBody, PreferencesInput};
use super::authenticated_failures::authenticated_failures;
use super::telegram_update::parse_update;
use crate::adapters::http::error_body::*;
use crate::adapters::http::request_error::*;
use crate::adapters::http::security::BearerAuth;
use crate::app::alerts::{
    AlertsService, CreateLinkError, SendTestError, TelegramWebhookError, UpdatePreferencesError, WebhookOutcome,
};

pub struct AlertsApi {
    pub alerts: Arc<AlertsService>,
}

#[derive(Object)]
pub struct TelegramLinkBody {
    /// `https://t.me/<bot>?start=<code>`: open it (or scan it) to link the chat. One use.
    url: String,
    /// The link stops working at this instant (15 minutes after it was made).
    expires_at: DateTime<Utc>,
}

#[derive(Object)]
pub struct TestAlertBody {
    /// Channels that accepted the test alert: `telegram`, `email`, `push`.
    sent: Vec<String>,
    /// Enabled channels that did not.
    failed: Vec<String>,
}

#[derive(Object)]
pub struct TelegramWebhookAck {
    /// `linked`, `link_refused` (unknown, used or expired code), `unlinked` or `ignored`.
    status: String,
}

/// A Telegram update, as Telegram sent it.
#[derive(ApiRequest)]
pub enum TelegramUpdateBody {
    #[oai(content_type = "application/json")]
    Json(Binary<Vec<u8>>),
}

macro_rules! authenticated_response {
    ($name:ident, $ok:ty) => {
        #[derive(ApiResponse)]
        #[oai(bad_request_handler = "request_error")]
        pub enum $name {
            #[oai(status = 200)]
            Ok(Json<$ok>),
            /// Missing, malformed, expired or forged token.
            #[oai(status = 401)]
            Unauthorized(Json<ErrorBody>, #[oai(header = "WWW-Authenticate")] String),
            /// A malformed request, an unknown symbol or a bad time; nothing was changed.
            #[oai(status = 422)]
            Invalid(Json<ErrorBody>),
            #[oai(status = 500)]
            Internal(Json<ErrorBody>),
            /// A backing service is unavailable; retry shortly.
            #[oai(status = 503)]
            Unavailable(Json<ErrorBody>),
        }
        authenticated_failures!($name);
    };
}

authenticated_response!(PreferencesResponse, PreferencesBody);
authenticated_response!(UpdatePreferencesResponse, PreferencesBody);

#[derive(ApiResponse)]
#[oai(bad_request_handler = "request_error")]
pub enum TelegramLinkResponse {
    #[oai(status = 200)]
    Ok(Json<TelegramLinkBody>),
    /// Telegram is not configured on this server.
    #[oai(status = 409)]
    NotConfigured(Json<ErrorBody>),
    /// Missing, malformed, expired or forged token.
    #[oai(status = 401)]
    Unauthorized(Json<ErrorBody>, #[oai(header = "WWW-Authenticate")] String),
    #[oai(status = 422)]
    Invalid(Json<ErrorBody>),
    #[oai(status = 500)]
    Internal(Json<ErrorBody>),
    #[oai(status = 503)]
    Unavailable(Json<ErrorBody>),
}
authenticated_failures!(TelegramLinkResponse);

#[derive(ApiResponse)]
#[oai(bad_request_handler = "request_error")]
pub enum TestAlertResponse {
    #[oai(status = 200)]
    Ok(Json<TestAlertBody>),
    /// Too many test alerts this hour; retry after `Retry-After` seconds.
    #[oai(status = 429)]
    TooMany(Json<ErrorBody>, #[oai(header = "Retry-After")] u64),
    /// Missing, malformed, expired or forged token.
    #[oai(status = 401)]
    Unauthorized(Json<ErrorBody>, #[oai(header = "WWW-Authenticate")] String),
    #[oai(status = 422)]
    Invalid(Json<ErrorBody>),
    #[oai(status = 500)]
    Internal(Json<ErrorBody>),
    #[oai(status = 503)]
    Unavailable(Json<ErrorBody>),
}
authenticated_failures!(TestAlertResponse);

#[derive(ApiResponse)]
#[oai(bad_request_handler = "request_error")]
pub enum TelegramWebhookResponse {
    #[oai(status = 200)]
    Ok(Json<TelegramWebhookAck>),
    /// Missing or wrong `X-Telegram-Bot-Api-Secret-Token`. Nothing changed.
    #[oai(status = 401)]
    Unauthorized(Json<ErrorBody>),
    #[oai(status = 415)]
    UnsupportedMediaType(Json<ErrorBody>),
    #[oai(status = 500)]
    Internal(Json<ErrorBody>),
    #[oai(status = 503)]
    Unavailable(Json<ErrorBody>),
}

impl FromRequestError for TelegramWebhookResponse {
    fn from_request_error(error: RequestError) -> Self {
        match error {
            RequestError::UnsupportedMediaType(d) => Self::UnsupportedMediaType(Json(ErrorBody::new(d))),
            RequestError::Unauthorized(_) | RequestError::Unprocessable(_) => {
                Self::Unauthorized(Json(ErrorBody::new(TelegramWebhookError::Forbidden.to_string())))
            }
        }
    }
}
server_failures!(TelegramWebhookResponse);

impl From<UpdatePreferencesError> for PreferencesResponse {
    fn from(err: UpdatePreferencesError) -> Self {
        match err {
            UpdatePreferencesError::Unavailable(err) => Self::outage(err),
            UpdatePreferencesError::Unexpected(err) => Self::bug(err),
        }
    }
}

impl From<UpdatePreferencesError> for UpdatePreferencesResponse {
    fn from(err: UpdatePreferencesError) -> Self {
        match err {
            UpdatePreferencesError::Unavailable(err) => Self::outage(err),
            UpdatePreferencesError::Unexpected(err) => Self::bug(err),
        }
    }
}

impl From<CreateLinkError> for TelegramLinkResponse {
    fn from(err: CreateLinkError) -> Self {
        match err {
            err @ CreateLinkError::NotConfigured => Self::NotConfigured(Json(ErrorBody::new(err.to_string()))),
            CreateLinkError::Unavailable(err) => Self::outage(err),
            CreateLinkError::Unexpected(err) => Self::bug(err),
        }
    }
}

impl From<SendTestError> for TestAlertResponse {
    fn from(err: SendTestError) -> Self {
        match err {
            SendTestError::TooMany { retry_after_secs } => {
                Self::TooMany(too_many_attempts(retry_after_secs), retry_after_secs)
            }
            SendTestError::Unavailable(err) => Self::outage(err),
            SendTestError::Unexpected(err) => Self::bug(err),
        }
    }
}

impl From<TelegramWebhookError> for TelegramWebhookResponse {
    fn from(err: TelegramWebhookError) -> Self {
        match err {
            err @ TelegramWebhookError::Forbidden => Self::Unauthorized(Json(ErrorBody::new(err.to_string()))),
            TelegramWebhookError::Unavailable(err) => Self::outage(err),
            TelegramWebhookError::Unexpected(err) => Self::bug(err),
        }
    }
}

fn outcome_name(outcome: WebhookOutcome) -> &'static str {
    match outcome {
        WebhookOutcome::Linked => "linked",
        WebhookOutcome::LinkRefused => "link_refused",
        WebhookOutcome::Unlinked => "unlinked",
        WebhookOutcome::Ignored => "ignored",
    }
}

#[OpenApi(tag = "ApiTags::Alerts")]
impl AlertsApi {
    /// Your alert preferences
    ///
    /// Channels (Telegram, email, browser push), symbols, events and quiet hours. A new
    /// account has Telegram and push on (they send nothing until linked), email off, every
    /// symbol and event, no quiet hours. Paid members get calls opened and closed; every plan
    /// gets the end-of-session summary.
    #[oai(path = "/alerts/preferences", method = "get")]
    async fn preferences(&self, bearer: BearerAuth) -> PreferencesResponse {
        match self.alerts.preferences(bearer.0.user).await {
            Ok(view) => PreferencesResponse::Ok(Json(view.into())),
            Err(err) => err.into(),
        }
    }

    /// Save your alert preferences
    ///
    /// Replaces them whole. An unknown symbol or a time that is not "HH:MM" is 422 and
    /// nothing is changed.
    #[oai(path = "/alerts/preferences", method = "put")]
    async fn update_preferences(&self, bearer: BearerAuth, body: Json<PreferencesInput>) -> UpdatePreferencesResponse {
        let preferences = match body.0.into_domain() {
            Ok(preferences) => preferences,
            Err(err) => return UpdatePreferencesResponse::Invalid(Json(ErrorBody::new(err.to_string()))),
        };
        match self.alerts.update_preferences(bearer.0.user, preferences).await {
            Ok(view) => UpdatePreferencesResponse::Ok(Json(view.into())),
            Err(err) => err.into(),
        }
    }

    /// Link Telegram
    ///
    /// A one-time link to our bot, good for 15 minutes: opening it and pressing Start links
    /// the chat to this account.
    #[oai(path = "/alerts/telegram/link", method = "post")]
    async fn telegram_link(&self, bearer: BearerAuth) -> TelegramLinkResponse {
        match self.alerts.create_telegram_link(bearer.0.user).await {
            Ok(link) => TelegramLinkResponse::Ok(Json(TelegramLinkBody { url: link.url, expires_at: link.expires_at })),
            Err(err) => err.into(),
        }
    }

    /// Send a test alert
    ///
    /// One test alert to every channel that is enabled and reachable, at once. A few per hour.
    #[oai(path = "/alerts/test", method = "post")]
    async fn test_alert(&self, bearer: BearerAuth) -> TestAlertResponse {
        match self.alerts.send_test_alert(bearer.0.user).await {
            Ok(report) => TestAlertResponse::Ok(Json(TestAlertBody {
                sent: report.sent.iter().map(|c| c.as_str().to_owned()).collect(),
                failed: report.failed.iter().map(|c| c.as_str().to_owned()).collect(),
            })),
            Err(err) => err.into(),
        }
    }

    /// Telegram webhook
    ///
    /// Called by Telegram, not by users: `/start <code>` links the chat, `/stop` unlinks it.
    /// Requires the `X-Telegram-Bot-Api-Secret-Token` set with `setWebhook`.
    #[oai(path = "/alerts/telegram/webhook", method = "post")]
    async fn telegram_webhook(
        &self,
        #[oai(name = "X-Telegram-Bot-Api-Secret-Token")] secret: Header<Option<String>>,
        body: TelegramUpdateBody,
    ) -> TelegramWebhookResponse {
        if let Err(err) = self.alerts.verify_telegram_secret(secret.0.as_deref()) {
            return err.into();
        }
        let TelegramUpdateBody::Json(payload) = body;
        match self.alerts.handle_telegram_update(parse_update(&payload)).await {
            Ok(outcome) => {
                TelegramWebhookResponse::Ok(Json(TelegramWebhookAck { status: outcome_name(outcome).to_owned() }))
            }
            Err(err) => err.into(),
        }
    }
}
