//! Startup checks on loaded settings: ranges that must hold everywhere, and what production refuses.

use chrono::{DateTime, Utc};
use secrecy::{ExposeSecret, SecretString};

use super::secret_strength::{Weakness, weakness};
use super::{AppEnv, ConfigError, DEV_SECRET_KEY, DEV_WEBHOOK_SECRET, MarketDataSource, Settings};
use crate::domain::market::MarketCalendar;

impl Settings {
    pub(super) fn validate(&self) -> Result<(), ConfigError> {
        self.quota_zone()?;
        self.holidays()?;
        self.market_clock()?;
        self.trusted_proxies()?;
        self.vapid_key()?;
        self.vapid_subject()?;
        if self.connections_per_network == 0 {
            return Err(ConfigError::Invalid("CONNECTIONS_PER_NETWORK must be positive".into()));
        }
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
        if !(1..=60).contains(&self.webhook_claim_lease_seconds) || self.webhook_log_retention_days <= 0 {
            return Err(ConfigError::Invalid(
                "WEBHOOK_CLAIM_LEASE_SECONDS must be 1–60 and WEBHOOK_LOG_RETENTION_DAYS positive".into(),
            ));
        }
        if self.argon2_memory_kib < self.argon2_parallelism.saturating_mul(8)
            || self.argon2_iterations == 0
            || self.argon2_parallelism == 0
        {
            return Err(ConfigError::Invalid(
                "ARGON2_ITERATIONS and ARGON2_PARALLELISM must be positive and ARGON2_MEMORY_KIB at least 8 × ARGON2_PARALLELISM"
                    .into(),
            ));
        }
        if self.app_env == AppEnv::Production {
            self.refuse_unsafe_production()?;
        }
        Ok(())
    }

    /// What a careless deployment gets wrong and an attacker then exploits. Each refusal names
    /// the variable to set, so the operator's first log line says how to fix it.
    fn refuse_unsafe_production(&self) -> Result<(), ConfigError> {
        self.refuse_market_clock_in_production()?;
        let key = self.secret_key.expose_secret();
        // Anyone who can guess it signs access tokens for every account.
        match (key == DEV_SECRET_KEY, weakness(key, 32)) {
            (true, _) | (_, Some(Weakness::TooShort)) => {
                return Err(ConfigError::UnsafeForProduction(
                    "SECRET_KEY must be set to a random value of 32+ characters (e.g. `openssl rand -hex 32`)",
                ));
            }
            (_, Some(Weakness::Repetitive)) => {
                return Err(ConfigError::UnsafeForProduction(
                    "SECRET_KEY is a repeated pattern, not a random value: generate one with `openssl rand -hex 32`",
                ));
            }
            (_, Some(Weakness::Placeholder)) => {
                return Err(ConfigError::UnsafeForProduction(
                    "SECRET_KEY contains a well-known placeholder word: generate one with `openssl rand -hex 32`",
                ));
            }
            (false, None) => {}
        }
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
        // Over plain http the refresh cookie loses `Secure`, and an unset URL sends customers
        // back from Stripe to localhost.
        if !self.public_url.as_deref().is_some_and(is_https_url) {
            return Err(ConfigError::UnsafeForProduction(
                "PUBLIC_URL must be set to the https:// address customers use (e.g. https://signals.example.com)",
            ));
        }
        // Without SMTP, reset links would sit in the development outbox: a customer who
        // forgot the password could never get back in.
        if self.smtp_url.is_none() {
            return Err(ConfigError::UnsafeForProduction(
                "SMTP_URL must be set (e.g. smtps://user:password@smtp.example.com) so password-reset mail is sent",
            ));
        }
        // Metrics name routes, volumes and failure rates: not for the public internet.
        if self.metrics_token.as_ref().is_none_or(|token| weakness(token.expose_secret(), 16).is_some()) {
            return Err(ConfigError::UnsafeForProduction(
                "METRICS_TOKEN must be set to a random value of 16+ characters, not a pattern or placeholder (e.g. `openssl rand -hex 16`); scrapers send it as a Bearer token",
            ));
        }
        self.refuse_half_configured_telegram()?;
        self.refuse_simulated_prices_for_sale()
    }

    /// A trader pays for signals on the real market: simulated prices run in production only
    /// as a declared demo, and a demo never takes real money.
    fn refuse_simulated_prices_for_sale(&self) -> Result<(), ConfigError> {
        if self.market_data == MarketDataSource::Simulator && !self.demo_mode {
            return Err(ConfigError::UnsafeForProduction(
                "MARKET_DATA is the simulator (the default): set MARKET_DATA=database (licensed candles imported with \
                 `signalbox market import`) or another real source, or DEMO_MODE=true for a demo that says its \
                 prices are simulated",
            ));
        }
        let live_key = self.stripe_secret_key.as_ref().is_some_and(|key| key.expose_secret().starts_with("sk_live_"));
        if self.demo_mode && live_key {
            return Err(ConfigError::UnsafeForProduction(
                "DEMO_MODE must not be true with a live STRIPE_SECRET_KEY (sk_live_…): a demo never takes real money; use an \
                 sk_test_… key for the demo, or unset DEMO_MODE and use a real MARKET_DATA source",
            ));
        }
        Ok(())
    }

    /// At `now`, production refuses a calendar missing the current IST year or, in the last
    /// days of a year, the next one; elsewhere a missing year is only the `Unknown` status.
    ///
    /// # Errors
    /// [`ConfigError::MissingCalendar`] naming the years to add.
    pub fn refuse_missing_calendar(&self, calendar: &MarketCalendar, now: DateTime<Utc>) -> Result<(), ConfigError> {
        let missing = calendar.missing_years(now);
        if self.app_env != AppEnv::Production || missing.is_empty() {
            return Ok(());
        }
        let years = missing.iter().map(i32::to_string).collect::<Vec<_>>().join(" and ");
        Err(ConfigError::MissingCalendar { years })
    }
}

/// `https://` followed by a host.
pub(super) fn is_https_url(url: &str) -> bool {
    url.trim().strip_prefix("https://").is_some_and(|rest| !rest.trim_start_matches('/').is_empty())
}
