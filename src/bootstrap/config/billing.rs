//! Stripe's settings: the API key, the webhook signing secrets (several while rotating), and
//! how webhook deliveries are leased and their log kept.
//!
//! Without Stripe keys, development runs a simulated checkout that signs its events with
//! [`DEV_WEBHOOK_SECRET`], exactly as Stripe would with the real one. Production refuses that:
//! the simulated "Pay" button grants the paid plan for free, and whoever knows or guesses the
//! webhook secret signs subscriptions for themselves.

use secrecy::{ExposeSecret, SecretString};

use super::secret_strength::weakness;
use super::{ConfigError, Settings};

/// Used when `STRIPE_WEBHOOK_SECRET` is not set; refused in production. The simulated checkout
/// signs its events with it, exactly as Stripe would with the real one.
pub const DEV_WEBHOOK_SECRET: &str = "whsec_signalbox_dev_only";

impl Settings {
    /// Every configured webhook secret (several while rotating).
    pub fn webhook_secrets(&self) -> Vec<SecretString> {
        let raw = self.stripe_webhook_secret.as_ref().map_or(DEV_WEBHOOK_SECRET, |s| s.expose_secret());
        raw.split(',').map(str::trim).filter(|s| !s.is_empty()).map(|s| SecretString::from(s.to_owned())).collect()
    }

    /// A webhook lease of 1–60 s and a positive log retention.
    pub(super) fn validate_webhook_log(&self) -> Result<(), ConfigError> {
        if !(1..=60).contains(&self.webhook_claim_lease_seconds) || self.webhook_log_retention_days <= 0 {
            return Err(ConfigError::Invalid(
                "WEBHOOK_CLAIM_LEASE_SECONDS must be 1–60 and WEBHOOK_LOG_RETENTION_DAYS positive".into(),
            ));
        }
        Ok(())
    }

    /// Production: Stripe's own webhook signing secrets, and a real Stripe key.
    pub(super) fn refuse_unsafe_stripe(&self) -> Result<(), ConfigError> {
        if self.stripe_webhook_secret.is_none() {
            return Err(ConfigError::UnsafeForProduction("STRIPE_WEBHOOK_SECRET must be set"));
        }
        let secrets = self.webhook_secrets();
        // A blank value or a lone comma leaves no secret: every real webhook would be refused.
        if secrets.is_empty() {
            return Err(ConfigError::UnsafeForProduction(
                "STRIPE_WEBHOOK_SECRET holds no secret (it is blank or only commas): set it to the endpoint's whsec_… signing secret",
            ));
        }
        // The development secret is printed in the README: with it anyone can sign events.
        if secrets.iter().any(|s| s.expose_secret() == DEV_WEBHOOK_SECRET) {
            return Err(ConfigError::UnsafeForProduction(
                "STRIPE_WEBHOOK_SECRET contains the public development secret: set it to the endpoint's whsec_… signing secret",
            ));
        }
        // Stripe's signing secrets are `whsec_` and 32 random characters; anything else was
        // typed by hand, and whoever guesses it signs subscriptions for themselves.
        let typed_by_hand = |secret: &SecretString| {
            secret.expose_secret().strip_prefix("whsec_").is_none_or(|random| weakness(random, 24).is_some())
        };
        if secrets.iter().any(typed_by_hand) {
            return Err(ConfigError::UnsafeForProduction(
                "STRIPE_WEBHOOK_SECRET must be the whsec_… signing secret Stripe shows for the endpoint (whsec_ and 24+ random characters), not a typed value",
            ));
        }
        // Without a Stripe key checkout is simulated, and its "Pay" button grants the paid
        // plan for free: fine on a laptop, never in front of customers.
        if self.stripe_secret_key.is_none() {
            return Err(ConfigError::UnsafeForProduction(
                "STRIPE_SECRET_KEY must be set (the simulated checkout gives subscriptions away)",
            ));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::DEV_WEBHOOK_SECRET;
    use crate::bootstrap::config::tests::{STRONG_KEY, STRONG_WEBHOOK_SECRET, figment, production, refusal};
    use crate::bootstrap::config::{ConfigError, Settings};

    #[test]
    fn production_refuses_to_start_without_a_webhook_secret() {
        let err = Settings::from_figment(figment(&[("app_env", "production"), ("secret_key", STRONG_KEY)]));
        assert!(matches!(err, Err(ConfigError::UnsafeForProduction(m)) if m.contains("STRIPE_WEBHOOK_SECRET")));
    }

    #[test]
    fn production_starts_with_real_secrets() {
        assert_eq!(production(&[]).unwrap().webhook_secrets().len(), 2);
    }

    #[test]
    fn production_refuses_the_simulated_checkout() {
        let err = Settings::from_figment(figment(&[
            ("app_env", "production"),
            ("secret_key", STRONG_KEY),
            ("stripe_webhook_secret", STRONG_WEBHOOK_SECRET),
            ("public_url", "https://signals.example.com"),
        ]));
        assert!(matches!(err, Err(ConfigError::UnsafeForProduction(m)) if m.contains("STRIPE_SECRET_KEY")));
    }

    #[test]
    fn production_refuses_the_development_webhook_secret_from_the_readme() {
        for value in [DEV_WEBHOOK_SECRET, "whsec_real, whsec_signalbox_dev_only"] {
            let message = refusal(production(&[("stripe_webhook_secret", value)]));
            assert!(message.contains("STRIPE_WEBHOOK_SECRET") && message.contains("development"), "{value}: {message}");
        }
    }

    #[test]
    fn production_refuses_a_webhook_secret_list_with_no_secret_in_it() {
        for value in ["", "   ", ",", " , ,"] {
            let message = refusal(production(&[("stripe_webhook_secret", value)]));
            assert!(message.contains("STRIPE_WEBHOOK_SECRET holds no secret"), "{value:?}: {message}");
        }
    }

    #[test]
    fn production_refuses_a_webhook_secret_that_is_not_a_long_random_whsec() {
        for value in [
            "x",
            "whsec_short",
            &format!("whsec_{}", "z".repeat(32)),
            "whsec_changemechangemechangeme1",
            "a".repeat(40).as_str(),
        ] {
            let message = refusal(production(&[("stripe_webhook_secret", value)]));
            assert!(message.contains("STRIPE_WEBHOOK_SECRET must be the whsec_"), "{value}: {message}");
            assert!(!message.contains(value), "{message}");
        }
        let rotating = format!("{STRONG_WEBHOOK_SECRET}, whsec_x");
        assert!(refusal(production(&[("stripe_webhook_secret", &rotating)])).contains("STRIPE_WEBHOOK_SECRET"));
    }
}
