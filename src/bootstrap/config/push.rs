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
