//! Mail settings: where mail goes (`SMTP_URL`) and who sends it (`MAIL_FROM`).
//!
//! Development keeps mail in memory (listed at `GET /dev/mailbox`); production refuses to
//! start without SMTP, because password-reset links are mail and a lost one locks a customer out.

use super::{ConfigError, Settings};

impl Settings {
    pub(super) fn refuse_missing_smtp(&self) -> Result<(), ConfigError> {
        // Without SMTP, reset links would sit in the development outbox: a customer who
        // forgot the password could never get back in.
        if self.smtp_url.is_none() {
            return Err(ConfigError::UnsafeForProduction(
                "SMTP_URL must be set (e.g. smtps://user:password@smtp.example.com) so password-reset mail is sent",
            ));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use crate::bootstrap::config::Settings;
    use crate::bootstrap::config::tests::{STRONG_KEY, STRONG_WEBHOOK_SECRET, figment, production, refusal};

    #[test]
    fn production_refuses_to_start_without_smtp_so_reset_mail_is_never_lost() {
        let err = Settings::from_figment(figment(&[
            ("app_env", "production"),
            ("secret_key", STRONG_KEY),
            ("stripe_webhook_secret", STRONG_WEBHOOK_SECRET),
            ("stripe_secret_key", "sk_live_x"),
            ("public_url", "https://signals.example.com"),
        ]));
        assert!(refusal(err).contains("SMTP_URL must be set"));
    }

    #[test]
    fn the_smtp_url_never_prints() {
        let settings = production(&[]).unwrap();
        assert!(!format!("{settings:?}").contains("secret@smtp"));
    }
}
