//! `/alerts/*`: alert preferences, linking Telegram, test alerts, and Telegram's webhook.
//!
//! The webhook is the one operation here without a bearer token: Telegram proves itself with
//! the secret it echoes in `X-Telegram-Bot-Api-Secret-Token`, and anything else is 401 before
//! the body is looked at. Its body is bounded like every request's (64 KiB), and only a
//! message's chat and text are read from it.
//!
//! The bodies are in [`super::alert_bodies`], the statuses of each operation in
//! [`super::alert_responses`].

use std::sync::Arc;

use poem_openapi::OpenApi;
use poem_openapi::param::Header;
use poem_openapi::payload::Json;

use super::ApiTags;
use super::alert_bodies::{PreferencesInput, TelegramLinkBody, TelegramUpdateBody, TestAlertBody};
use super::alert_responses::{
    PreferencesResponse, TelegramLinkResponse, TelegramWebhookResponse, TestAlertResponse, UpdatePreferencesResponse,
};
use super::telegram_update::parse_update;
use crate::adapters::http::error_body::ErrorBody;
use crate::adapters::http::security::BearerAuth;
use crate::app::alerts::AlertsService;

pub struct AlertsApi {
    pub alerts: Arc<AlertsService>,
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
            Ok(outcome) => TelegramWebhookResponse::Ok(Json(outcome.into())),
            Err(err) => err.into(),
        }
    }
}
