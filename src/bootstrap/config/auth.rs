//! Accounts' settings: the key access tokens are signed with, how long tokens and sessions
//! last, what a password hash costs, and how failed logins are throttled.
//!
//! Lifetimes, limits and hashing costs must be positive everywhere: zero would make every
//! token expire at once or every login fail. Production also refuses a signing key anyone could
//! guess, since it signs access tokens for every account.

use secrecy::ExposeSecret;

use super::secret_strength::{Weakness, weakness};
use super::{ConfigError, Settings};

/// Used when `SECRET_KEY` is not set; refused in production.
pub const DEV_SECRET_KEY: &str = "signalbox-dev-secret-do-not-use-in-production";

impl Settings {
    /// Token, session and login-throttle lifetimes and limits are positive.
    pub(super) fn validate_token_lifetimes(&self) -> Result<(), ConfigError> {
        if self.access_token_minutes <= 0 || self.auth_rate_limit_per_minute == 0 {
            return Err(ConfigError::Invalid(
                "ACCESS_TOKEN_MINUTES and AUTH_RATE_LIMIT_PER_MINUTE must be positive".into(),
            ));
        }
        if self.refresh_token_days <= 0
            || self.session_max_days <= 0
            || self.login_failures_per_account == 0
            || self.login_failure_window_minutes <= 0
        {
            return Err(ConfigError::Invalid(
                "REFRESH_TOKEN_DAYS, SESSION_MAX_DAYS, LOGIN_FAILURES_PER_ACCOUNT and LOGIN_FAILURE_WINDOW_MINUTES must be positive"
                    .into(),
            ));
        }
        Ok(())
    }

    /// argon2id parameters the hasher accepts.
    pub(super) fn validate_password_hashing(&self) -> Result<(), ConfigError> {
        if self.argon2_memory_kib < self.argon2_parallelism.saturating_mul(8)
            || self.argon2_iterations == 0
            || self.argon2_parallelism == 0
        {
            return Err(ConfigError::Invalid(
                "ARGON2_ITERATIONS and ARGON2_PARALLELISM must be positive and ARGON2_MEMORY_KIB at least 8 × ARGON2_PARALLELISM"
                    .into(),
            ));
        }
        Ok(())
    }

    /// Production: a `SECRET_KEY` that is not the development one, nor short, patterned or a
    /// placeholder.
    pub(super) fn refuse_guessable_secret_key(&self) -> Result<(), ConfigError> {
        let key = self.secret_key.expose_secret();
        // Anyone who can guess it signs access tokens for every account.
        match (key == DEV_SECRET_KEY, weakness(key, 32)) {
            (true, _) | (_, Some(Weakness::TooShort)) => Err(ConfigError::UnsafeForProduction(
                "SECRET_KEY must be set to a random value of 32+ characters (e.g. `openssl rand -hex 32`)",
            )),
            (_, Some(Weakness::Repetitive)) => Err(ConfigError::UnsafeForProduction(
                "SECRET_KEY is a repeated pattern, not a random value: generate one with `openssl rand -hex 32`",
            )),
            (_, Some(Weakness::Placeholder)) => Err(ConfigError::UnsafeForProduction(
                "SECRET_KEY contains a well-known placeholder word: generate one with `openssl rand -hex 32`",
            )),
            (false, None) => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use figment::Figment;
    use figment::providers::Serialized;

    use super::DEV_SECRET_KEY;
    use crate::bootstrap::config::tests::{figment, production, refusal};
    use crate::bootstrap::config::{ConfigError, Settings};

    #[test]
    fn production_refuses_the_default_secret_key() {
        let err = Settings::from_figment(figment(&[("app_env", "production"), ("stripe_webhook_secret", "whsec_x")]));
        assert!(matches!(err, Err(ConfigError::UnsafeForProduction(_))));
    }

    #[test]
    fn production_refuses_the_development_secret_key_by_name() {
        assert!(refusal(production(&[("secret_key", DEV_SECRET_KEY)])).contains("SECRET_KEY must be set"));
        assert!(refusal(production(&[("secret_key", &" ".repeat(40))])).contains("SECRET_KEY"));
    }

    #[test]
    fn production_refuses_a_secret_key_that_is_short_repetitive_or_a_placeholder() {
        let refusals = [
            ("q8J0vXr2T5mB1nWc", "32+ characters"),
            ("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "repeated pattern"),
            ("changemechangemechangemechangeme", "placeholder"),
            ("your-secret-key-for-signing-tokens-91b7", "placeholder"),
            ("example-9f3a2c7e1b5d4a6c8e0f2b4d6a8c0e2f", "placeholder"),
        ];
        for (key, why) in refusals {
            let message = refusal(production(&[("secret_key", key)]));
            assert!(message.contains("SECRET_KEY") && message.contains(why), "{key}: {message}");
            assert!(message.contains("openssl rand -hex 32"), "{message}");
            assert!(!message.contains(key), "the refused value is never printed: {message}");
        }
    }

    #[test]
    fn sessions_last_thirty_days_at_most_and_five_failed_logins_throttle_for_fifteen_minutes() {
        let s = Settings::from_figment(Figment::new()).unwrap();
        assert_eq!((s.refresh_token_days, s.session_max_days), (30, 30));
        assert_eq!((s.login_failures_per_account, s.login_failure_window_minutes), (5, 15));
        assert_eq!((s.argon2_memory_kib, s.argon2_iterations, s.argon2_parallelism), (19_456, 2, 1));
    }

    #[test]
    fn a_session_lifetime_that_is_not_positive_is_rejected_at_startup() {
        for days in [0, -1] {
            let result = Settings::from_figment(Figment::new().merge(Serialized::default("session_max_days", days)));
            assert!(matches!(result, Err(ConfigError::Invalid(m)) if m.contains("SESSION_MAX_DAYS")), "{days}");
        }
    }

    #[test]
    fn impossible_argon2_parameters_are_rejected_at_startup() {
        for (key, value) in [("argon2_iterations", 0), ("argon2_parallelism", 0), ("argon2_memory_kib", 7)] {
            let result = Settings::from_figment(Figment::new().merge(Serialized::default(key, value)));
            assert!(matches!(result, Err(ConfigError::Invalid(_))), "{key} = {value}");
        }
    }
}
