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
use super::alert_bodies::{PreferencesInput, TelegramUpdateBody};
use super::alert_responses::{
    PreferencesResponse, TelegramLinkResponse, TelegramWebhookResponse, TestAlertResponse, UpdatePreferencesResponse,
};
use super::answer::answered;
use super::input::InvalidInput;
use super::telegram_update::parse_update;
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
        let user = bearer.0.user;
        answered(
            async {
                let view = self.alerts.preferences(user).await?;
                Ok::<_, PreferencesResponse>(PreferencesResponse::Ok(Json(view.into())))
            }
            .await,
        )
    }

    /// Save your alert preferences
    ///
    /// Replaces them whole. An unknown symbol or a time that is not "HH:MM" is 422 and
    /// nothing is changed.
    #[oai(path = "/alerts/preferences", method = "put")]
    async fn update_preferences(&self, bearer: BearerAuth, body: Json<PreferencesInput>) -> UpdatePreferencesResponse {
        let user = bearer.0.user;
        answered(
            async {
                let preferences = body.0.into_domain().map_err(InvalidInput::from_error)?;
                let view = self.alerts.update_preferences(user, preferences).await?;
                Ok::<_, UpdatePreferencesResponse>(UpdatePreferencesResponse::Ok(Json(view.into())))
            }
            .await,
        )
    }

    /// Link Telegram
    ///
    /// A one-time link to our bot, good for 15 minutes: opening it and pressing Start links
    /// the chat to this account.
    #[oai(path = "/alerts/telegram/link", method = "post")]
    async fn telegram_link(&self, bearer: BearerAuth) -> TelegramLinkResponse {
        let user = bearer.0.user;
        answered(
            async {
                let link = self.alerts.create_telegram_link(user).await?;
                Ok::<_, TelegramLinkResponse>(TelegramLinkResponse::Ok(Json(link.into())))
            }
            .await,
        )
    }

    /// Send a test alert
    ///
    /// One test alert to every channel that is enabled and reachable, at once. A few per hour.
    #[oai(path = "/alerts/test", method = "post")]
    async fn test_alert(&self, bearer: BearerAuth) -> TestAlertResponse {
        let user = bearer.0.user;
        answered(
            async {
                let report = self.alerts.send_test_alert(user).await?;
                Ok::<_, TestAlertResponse>(TestAlertResponse::Ok(Json(report.into())))
            }
            .await,
        )
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
        answered(
            async {
                self.alerts.verify_telegram_secret(secret.0.as_deref())?;
                let TelegramUpdateBody::Json(payload) = body;
                let outcome = self.alerts.handle_telegram_update(parse_update(&payload)).await?;
                Ok::<_, TelegramWebhookResponse>(TelegramWebhookResponse::Ok(Json(outcome.into())))
            }
            .await,
        )
    }
}
