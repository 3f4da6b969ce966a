//! Telegram settings: the bot, its username for deep links, and the secret its webhook calls carry.
//!
//! Development fills in a placeholder bot and a fixed webhook secret so the link flow can be
//! tried with curl and the browser walk. Production without any of them runs without Telegram
//! alerts (the dashboard says so); with only some of them it refuses to start, because a
//! half-configured bot fails later and quietly: deep links to no bot, a webhook that refuses
//! Telegram, or messages that are never sent.

use secrecy::{ExposeSecret, SecretString};

use super::secret_strength::weakness;
use super::{AppEnv, ConfigError, Settings};

/// The Telegram webhook secret in development (never in production): the browser walk and
/// a developer with curl use it to play Telegram.
pub const DEV_TELEGRAM_WEBHOOK_SECRET: &str = "signalbox-dev-telegram-secret";
/// The bot username development links name (no such bot needs to exist to try the flow).
pub const DEV_TELEGRAM_BOT: &str = "signalbox_dev_bot";

impl Settings {
    /// `TELEGRAM_BOT_USERNAME`; in development, a placeholder so the link flow can be tried.
    pub fn telegram_bot_username(&self) -> Option<String> {
        match (&self.telegram_bot_username, self.app_env) {
            (Some(name), _) => Some(name.trim_start_matches('@').to_owned()),
            (None, AppEnv::Development) => Some(DEV_TELEGRAM_BOT.to_owned()),
            (None, AppEnv::Production) => None,
        }
    }

    /// `TELEGRAM_WEBHOOK_SECRET`; in development a fixed one, so the webhook can be called
    /// by hand (and by the browser walk). Production without one refuses every webhook call.
    pub fn telegram_webhook_secret(&self) -> Option<SecretString> {
        match (&self.telegram_webhook_secret, self.app_env) {
            (Some(secret), _) => Some(secret.clone()),
            (None, AppEnv::Development) => Some(SecretString::from(DEV_TELEGRAM_WEBHOOK_SECRET.to_owned())),
            (None, AppEnv::Production) => None,
        }
    }

    /// Production: all three Telegram settings or none, and a webhook secret nobody can guess
    /// (whoever knows it links any chat to any code and unlinks chats at will).
    pub(super) fn refuse_half_configured_telegram(&self) -> Result<(), ConfigError> {
        let blank = |value: Option<&str>| value.is_none_or(|v| v.trim().is_empty());
        let set = [
            !blank(self.telegram_bot_token.as_ref().map(ExposeSecret::expose_secret)),
            !blank(self.telegram_bot_username.as_deref()),
            !blank(self.telegram_webhook_secret.as_ref().map(ExposeSecret::expose_secret)),
        ];
        match set.iter().filter(|is_set| **is_set).count() {
            0 => return Ok(()),
            3 => {}
            _ => {
                return Err(ConfigError::UnsafeForProduction(
                    "Telegram alerts need TELEGRAM_BOT_TOKEN, TELEGRAM_BOT_USERNAME and TELEGRAM_WEBHOOK_SECRET together: set all three, or none to run without Telegram",
                ));
            }
        }
        let secret = self.telegram_webhook_secret.as_ref().map(ExposeSecret::expose_secret).unwrap_or_default();
        // Telegram accepts 1–256 of A–Z, a–z, 0–9, `_` and `-` in `secret_token`.
        let telegram_accepts =
            secret.len() <= 256 && secret.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
        if !telegram_accepts || weakness(secret, 24).is_some() || secret == DEV_TELEGRAM_WEBHOOK_SECRET {
            return Err(ConfigError::UnsafeForProduction(
                "TELEGRAM_WEBHOOK_SECRET must be a random value of 24+ letters, digits, `_` or `-` (e.g. `openssl rand -hex 24`), as Telegram's setWebhook secret_token",
            ));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{production, refusal};

    const TOKEN: &str = "123456:AAHk3v9yZq1bX7rT5wN2mP8sL4dF6gJ0cE";
    const SECRET: &str = "8f2c1e7a9b4d6f3e0a5c7b9d1e3f5a7c";

    #[test]
    fn production_runs_without_telegram_when_none_of_its_settings_is_set() {
        let settings = production(&[]).unwrap();
        assert_eq!(settings.telegram_bot_username(), None);
        assert!(settings.telegram_webhook_secret().is_none());
    }

    #[test]
    fn production_starts_with_all_three_telegram_settings() {
        let settings = production(&[
            ("telegram_bot_token", TOKEN),
            ("telegram_bot_username", "@signalbox_bot"),
            ("telegram_webhook_secret", SECRET),
        ])
        .unwrap();
        assert_eq!(settings.telegram_bot_username().as_deref(), Some("signalbox_bot"));
    }

    #[test]
    fn production_refuses_a_half_configured_bot() {
        let halves: [&[(&str, &str)]; 3] = [
            &[("telegram_bot_token", TOKEN)],
            &[("telegram_bot_token", TOKEN), ("telegram_bot_username", "signalbox_bot")],
            // A blank value (a platform's empty secret field) is not set.
            &[
                ("telegram_bot_username", "signalbox_bot"),
                ("telegram_webhook_secret", SECRET),
                ("telegram_bot_token", "  "),
            ],
        ];
        for half in halves {
            let message = refusal(production(half));
            assert!(
                message.contains("TELEGRAM_BOT_TOKEN, TELEGRAM_BOT_USERNAME and TELEGRAM_WEBHOOK_SECRET together"),
                "{message}"
            );
            assert!(!message.contains(SECRET) && !message.contains(TOKEN), "the refusal repeats a secret: {message}");
        }
    }

    #[test]
    fn production_refuses_a_guessable_or_malformed_webhook_secret() {
        for secret in [
            "secret",
            "a".repeat(40).as_str(),
            "changeme-changeme-changeme-changeme",
            "signalbox-dev-telegram-secret",
            "has spaces in it and is long enough ok",
            &"x1".repeat(200),
        ] {
            let message = refusal(production(&[
                ("telegram_bot_token", TOKEN),
                ("telegram_bot_username", "signalbox_bot"),
                ("telegram_webhook_secret", secret),
            ]));
            assert!(message.contains("TELEGRAM_WEBHOOK_SECRET must be a random value"), "{secret:?}: {message}");
        }
    }
}
