//! The HTTP server's settings: the address customers reach it at (`PUBLIC_URL`), how it tells
//! clients apart behind proxies and how many connections one network may hold, how it logs,
//! and the token `GET /metrics` wants.
//!
//! Production refuses a public address that is not https (the refresh cookie would lose
//! `Secure`, and Stripe would send customers back to localhost) and metrics without a token
//! nobody can guess.

use secrecy::ExposeSecret;
use serde::Deserialize;

use super::secret_strength::weakness;
use super::{AppEnv, ConfigError, Settings};
use crate::adapters::http::client_ip::TrustedProxies;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    Text,
    Json,
}

impl Settings {
    pub fn public_url(&self) -> String {
        let url = self.public_url.clone().unwrap_or_else(|| format!("http://localhost:{}", self.port));
        url.trim_end_matches('/').to_owned()
    }

    /// The `TRUSTED_PROXIES` list (empty when unset).
    pub fn trusted_proxies(&self) -> Result<TrustedProxies, ConfigError> {
        TrustedProxies::parse(self.trusted_proxies.as_deref().unwrap_or(""))
            .map_err(|err| ConfigError::Invalid(format!("TRUSTED_PROXIES: {err}")))
    }

    /// Whether client addresses come from the proxy headers (see `client_ip`).
    pub fn reads_proxy_headers(&self) -> bool {
        self.trust_proxy_headers || self.trusted_proxies.as_deref().is_some_and(|list| !list.trim().is_empty())
    }

    /// `LOG_FORMAT` when set; otherwise JSON in production (log collectors parse it) and
    /// readable text in development.
    pub fn log_format(&self) -> LogFormat {
        self.log_format.unwrap_or(match self.app_env {
            AppEnv::Production => LogFormat::Json,
            AppEnv::Development => LogFormat::Text,
        })
    }

    pub(super) fn validate_connection_cap(&self) -> Result<(), ConfigError> {
        if self.connections_per_network == 0 {
            return Err(ConfigError::Invalid("CONNECTIONS_PER_NETWORK must be positive".into()));
        }
        Ok(())
    }

    pub(super) fn refuse_public_url_not_https(&self) -> Result<(), ConfigError> {
        // Over plain http the refresh cookie loses `Secure`, and an unset URL sends customers
        // back from Stripe to localhost.
        if !self.public_url.as_deref().is_some_and(is_https_url) {
            return Err(ConfigError::UnsafeForProduction(
                "PUBLIC_URL must be set to the https:// address customers use (e.g. https://signals.example.com)",
            ));
        }
        Ok(())
    }

    pub(super) fn refuse_open_metrics(&self) -> Result<(), ConfigError> {
        // Metrics name routes, volumes and failure rates: not for the public internet.
        if self.metrics_token.as_ref().is_none_or(|token| weakness(token.expose_secret(), 16).is_some()) {
            return Err(ConfigError::UnsafeForProduction(
                "METRICS_TOKEN must be set to a random value of 16+ characters, not a pattern or placeholder (e.g. `openssl rand -hex 16`); scrapers send it as a Bearer token",
            ));
        }
        Ok(())
    }
}

/// `https://` followed by a host.
pub(super) fn is_https_url(url: &str) -> bool {
    url.trim().strip_prefix("https://").is_some_and(|rest| !rest.trim_start_matches('/').is_empty())
}

#[cfg(test)]
mod tests {
    use figment::Figment;

    use super::LogFormat;
    use crate::bootstrap::config::tests::{STRONG_KEY, STRONG_WEBHOOK_SECRET, figment, production, refusal};
    use crate::bootstrap::config::{ConfigError, Settings};

    #[test]
    fn production_refuses_a_public_url_that_is_unset_or_not_https() {
        let unset = Settings::from_figment(figment(&[
            ("app_env", "production"),
            ("secret_key", STRONG_KEY),
            ("stripe_webhook_secret", STRONG_WEBHOOK_SECRET),
            ("stripe_secret_key", "sk_live_x"),
        ]));
        assert!(refusal(unset).contains("PUBLIC_URL must be set to the https:// address"));
        for value in ["", "http://signals.example.com", "signals.example.com", "https://", "ftp://x"] {
            assert!(refusal(production(&[("public_url", value)])).contains("PUBLIC_URL"), "{value:?}");
        }
    }

    #[test]
    fn production_logs_json_unless_told_otherwise_and_development_logs_text() {
        assert_eq!(production(&[]).unwrap().log_format(), LogFormat::Json);
        assert_eq!(production(&[("log_format", "text")]).unwrap().log_format(), LogFormat::Text);
        assert_eq!(Settings::from_figment(Figment::new()).unwrap().log_format(), LogFormat::Text);
        let dev_json = Settings::from_figment(figment(&[("log_format", "json")])).unwrap();
        assert_eq!(dev_json.log_format(), LogFormat::Json);
    }

    #[test]
    fn production_refuses_to_start_without_a_metrics_token() {
        assert!(refusal(production(&[("metrics_token", "short")])).contains("METRICS_TOKEN must be set"));
    }

    #[test]
    fn production_refuses_a_patterned_metrics_token() {
        for token in ["mmmmmmmmmmmmmmmmmmmmmmmm", "metrics-token-0123456789"] {
            assert!(refusal(production(&[("metrics_token", token)])).contains("METRICS_TOKEN"), "{token}");
        }
    }

    #[test]
    fn a_trusted_proxies_list_turns_on_the_proxy_headers_and_a_typo_stops_startup() {
        let listed = Settings::from_figment(figment(&[("trusted_proxies", "10.0.0.0/8, 192.0.2.7")])).unwrap();
        let typo = Settings::from_figment(figment(&[("trusted_proxies", "10.0.0.0/80")]));

        assert!(listed.reads_proxy_headers());
        assert!(!listed.trusted_proxies().unwrap().is_empty());
        assert!(!Settings::from_figment(Figment::new()).unwrap().reads_proxy_headers());
        assert!(
            matches!(typo, Err(ConfigError::Invalid(m)) if m.contains("TRUSTED_PROXIES") && m.contains("10.0.0.0/80"))
        );
    }
}
