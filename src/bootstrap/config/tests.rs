//! Helpers every concept's tests build settings with, and the tests of the whole: the
//! defaults, secrets kept out of `Debug`, and development accepting what production refuses.

use figment::Figment;
use figment::providers::Serialized;

use super::*;

/// What `openssl rand -hex 24` and Stripe's dashboard give.
pub(super) const STRONG_KEY: &str = "3f9c1b7e2a5d8c0f4e6a9b1d3c5e7f80a2b4c6d8e0f1a3b5";
pub(super) const STRONG_WEBHOOK_SECRET: &str = "whsec_4eC39HqLyjWDarjtT1zdp7dcLq0RAzpk";

pub(super) fn figment(pairs: &[(&str, &str)]) -> Figment {
    pairs.iter().fold(Figment::new(), |f, (k, v)| f.merge(Serialized::default(k, v)))
}

/// A production configuration that starts, with `overrides` applied on top.
pub(super) fn production(overrides: &[(&str, &str)]) -> Result<Settings, ConfigError> {
    Settings::from_figment(production_figment(overrides))
}

/// [`production`] as a declared demo (`DEMO_MODE=true`).
pub(super) fn demo(overrides: &[(&str, &str)]) -> Result<Settings, ConfigError> {
    Settings::from_figment(production_figment(overrides).merge(Serialized::default("demo_mode", true)))
}

fn production_figment(overrides: &[(&str, &str)]) -> Figment {
    let mut pairs = vec![
        ("app_env", "production"),
        ("secret_key", STRONG_KEY),
        ("stripe_webhook_secret", "whsec_4eC39HqLyjWDarjtT1zdp7dc, whsec_9kP2mXq7Rz4tLw8Vb3Nc6Yd1"),
        ("stripe_secret_key", "sk_live_x"),
        ("public_url", "https://signals.example.com"),
        ("smtp_url", "smtps://mailer:secret@smtp.example.com"),
        ("metrics_token", "5b0e8f3a9c2d7e1f4a6b8c0d2e4f6a8b"),
        ("market_data", "database"),
        ("business_name", "Example Research Pvt Ltd"),
        ("ra_name", "A. Analyst"),
        ("ra_registration_no", "INH000012345"),
        ("contact_email", "support@example.in"),
        ("grievance_email", "grievance@example.in"),
    ];
    pairs.extend_from_slice(overrides);
    figment(&pairs)
}

/// The refusal message, which must name the variable to set.
pub(super) fn refusal(result: Result<Settings, ConfigError>) -> String {
    match result {
        Err(err @ ConfigError::UnsafeForProduction(_)) => err.to_string(),
        other => panic!("expected a production refusal, got {other:?}"),
    }
}

#[test]
fn defaults_run_the_embedded_product_on_port_8000() {
    let s = Settings::from_figment(Figment::new()).unwrap();
    assert_eq!(s.port, 8000);
    assert_eq!(s.free_signals_per_day, 3);
    assert_eq!(s.quota_zone().unwrap(), chrono_tz::Asia::Kolkata);
    assert!(s.redis_url.is_none() && s.stripe_secret_key.is_none());
    assert_eq!(s.redis_key_prefix, "signalbox:");
    assert_eq!(s.public_url(), "http://localhost:8000");
}

#[test]
fn the_redis_key_prefix_can_be_changed_so_deployments_can_share_a_redis() {
    let s = Settings::from_figment(figment(&[("redis_key_prefix", "staging:")])).unwrap();
    assert_eq!(s.redis_key_prefix, "staging:");
}

#[test]
fn development_accepts_what_production_refuses() {
    let s =
        Settings::from_figment(figment(&[("stripe_webhook_secret", DEV_WEBHOOK_SECRET), ("public_url", "http://x")]));
    assert!(s.is_ok());
}

#[test]
fn secrets_do_not_appear_in_debug_output() {
    let s = Settings::from_figment(figment(&[("secret_key", "super-secret-value")])).unwrap();
    assert!(!format!("{s:?}").contains("super-secret-value"));
}
