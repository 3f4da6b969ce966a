//! Browser push settings: which VAPID key signs, and the contact push services see.
//!
//! Without `VAPID_PRIVATE_KEY`, development derives a key from `SECRET_KEY` (the same on every
//! restart and every instance, so browsers' subscriptions keep working); production switches
//! push off instead of refusing to start: a deployment without alerts in the browser is still
//! a working product, and the startup log says how to turn them on.

use secrecy::ExposeSecret;

use super::{AppEnv, ConfigError, Settings};
use crate::adapters::web_push::VapidKey;

/// Where this process's VAPID key comes from.
#[derive(Debug)]
pub enum VapidKeyChoice {
    /// `VAPID_PRIVATE_KEY`.
    Configured(VapidKey),
    /// Development without a key: derived from `SECRET_KEY`.
    DerivedForDevelopment(VapidKey),
    /// Production without a key: browser push is off.
    Off,
}

/// Used when `VAPID_SUBJECT` is unset and `PUBLIC_URL` is not https.
const FALLBACK_SUBJECT: &str = "mailto:push@signalbox.invalid";

impl Settings {
    /// The VAPID key to sign with, if any.
    ///
    /// # Errors
    /// `VAPID_PRIVATE_KEY` set but not a key (the message does not repeat it).
    pub fn vapid_key(&self) -> Result<VapidKeyChoice, ConfigError> {
        // A blank value (a platform's empty secret field) is no key, not a malformed one.
        let key = self.vapid_private_key.as_ref().filter(|key| !key.expose_secret().trim().is_empty());
        match (key, self.app_env) {
            (Some(key), _) => VapidKey::parse(key.expose_secret())
                .map(VapidKeyChoice::Configured)
                .map_err(|err| ConfigError::Invalid(format!("VAPID_PRIVATE_KEY: {err}"))),
            (None, AppEnv::Development) => Ok(VapidKeyChoice::DerivedForDevelopment(VapidKey::derived_from(
                self.secret_key.expose_secret().as_bytes(),
            ))),
            (None, AppEnv::Production) => Ok(VapidKeyChoice::Off),
        }
    }

    /// `VAPID_SUBJECT`, else `PUBLIC_URL` when it is https (RFC 8292 wants a `mailto:` or an
    /// `https:` URL that reaches the operator).
    ///
    /// # Errors
    /// A `VAPID_SUBJECT` that is neither.
    pub fn vapid_subject(&self) -> Result<String, ConfigError> {
        match self.vapid_subject.as_deref().map(str::trim) {
            Some(subject) if is_contact(subject) => Ok(subject.to_owned()),
            Some(_) => Err(ConfigError::Invalid(
                "VAPID_SUBJECT must be a mailto: address or an https:// URL (e.g. mailto:ops@example.com)".into(),
            )),
            None if self.public_url().starts_with("https://") => Ok(self.public_url()),
            None => Ok(FALLBACK_SUBJECT.to_owned()),
        }
    }
}

fn is_contact(subject: &str) -> bool {
    let rest = subject.strip_prefix("mailto:").or_else(|| subject.strip_prefix("https://"));
    rest.is_some_and(|rest| !rest.is_empty() && !rest.chars().any(char::is_whitespace))
}

#[cfg(test)]
mod tests {
    use super::VapidKeyChoice;
    use crate::bootstrap::config::Settings;
    use crate::bootstrap::config::tests::{figment, production};

    #[test]
    fn development_without_a_vapid_key_derives_one_from_the_secret_key() {
        let choice =
            |secret: &str| match Settings::from_figment(figment(&[("secret_key", secret)])).unwrap().vapid_key() {
                Ok(VapidKeyChoice::DerivedForDevelopment(key)) => key.public_key(),
                other => panic!("expected a derived key, got {other:?}"),
            };
        assert_eq!(choice("one secret"), choice("one secret"));
        assert_ne!(choice("one secret"), choice("another secret"));
    }

    #[test]
    fn production_without_a_vapid_key_starts_with_push_off() {
        let settings = production(&[]).unwrap();
        assert!(matches!(settings.vapid_key(), Ok(VapidKeyChoice::Off)));
        let blank = production(&[("vapid_private_key", " ")]).unwrap();
        assert!(matches!(blank.vapid_key(), Ok(VapidKeyChoice::Off)), "an empty platform secret is no key");
    }

    #[test]
    fn a_configured_vapid_key_is_used_and_a_malformed_one_refused_without_repeating_it() {
        let key = crate::adapters::web_push::VapidKey::generate();
        let settings = production(&[("vapid_private_key", &key.private_key())]).unwrap();
        assert!(
            matches!(settings.vapid_key(), Ok(VapidKeyChoice::Configured(k)) if k.public_key() == key.public_key())
        );

        let err = production(&[("vapid_private_key", "not-a-key-but-secret-looking")]).unwrap_err().to_string();
        assert!(err.contains("VAPID_PRIVATE_KEY") && !err.contains("secret-looking"), "{err}");
    }

    #[test]
    fn the_vapid_subject_is_a_mailto_or_https_contact() {
        let subject =
            |pairs: &[(&str, &str)]| Settings::from_figment(figment(pairs)).map(|s| s.vapid_subject().unwrap());
        assert_eq!(subject(&[("vapid_subject", "mailto:ops@example.com")]).unwrap(), "mailto:ops@example.com");
        assert_eq!(subject(&[("public_url", "https://app.example.com/")]).unwrap(), "https://app.example.com");
        assert!(subject(&[]).unwrap().starts_with("mailto:"));
        assert!(Settings::from_figment(figment(&[("vapid_subject", "ops@example.com")])).is_err());
        assert!(Settings::from_figment(figment(&[("vapid_subject", "http://example.com")])).is_err());
    }
}
