use super::*;
use figment::providers::Serialized;

fn figment(pairs: &[(&str, &str)]) -> Figment {
    pairs.iter().fold(Figment::new(), |f, (k, v)| f.merge(Serialized::default(k, v)))
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
fn production_refuses_the_default_secret_key() {
    let err = Settings::from_figment(figment(&[("app_env", "production"), ("stripe_webhook_secret", "whsec_x")]));
    assert!(matches!(err, Err(ConfigError::UnsafeForProduction(_))));
}

#[test]
fn production_refuses_to_start_without_a_webhook_secret() {
    let key = "k".repeat(40);
    let err = Settings::from_figment(figment(&[("app_env", "production"), ("secret_key", &key)]));
    assert!(matches!(err, Err(ConfigError::UnsafeForProduction(m)) if m.contains("STRIPE_WEBHOOK_SECRET")));
}

#[test]
fn production_starts_with_real_secrets() {
    let key = "k".repeat(40);
    let ok = Settings::from_figment(figment(&[
        ("app_env", "production"),
        ("secret_key", &key),
        ("stripe_webhook_secret", "whsec_a, whsec_b"),
        ("stripe_secret_key", "sk_live_x"),
    ]));
    assert_eq!(ok.unwrap().webhook_secrets().len(), 2);
}

#[test]
fn production_refuses_the_simulated_checkout() {
    let key = "k".repeat(40);
    let err = Settings::from_figment(figment(&[
        ("app_env", "production"),
        ("secret_key", &key),
        ("stripe_webhook_secret", "whsec_a"),
    ]));
    assert!(matches!(err, Err(ConfigError::UnsafeForProduction(m)) if m.contains("STRIPE_SECRET_KEY")));
}

#[test]
fn an_unknown_time_zone_is_rejected_at_startup() {
    assert!(matches!(
        Settings::from_figment(figment(&[("quota_timezone", "Mars/Olympus")])),
        Err(ConfigError::Invalid(_))
    ));
}

#[test]
fn sessions_last_thirty_days_and_five_failed_logins_lock_an_account_for_fifteen_minutes() {
    let s = Settings::from_figment(Figment::new()).unwrap();
    assert_eq!(s.refresh_token_days, 30);
    assert_eq!((s.login_failures_per_account, s.login_failure_window_minutes), (5, 15));
    assert_eq!((s.argon2_memory_kib, s.argon2_iterations, s.argon2_parallelism), (19_456, 2, 1));
}

#[test]
fn impossible_argon2_parameters_are_rejected_at_startup() {
    for (key, value) in [("argon2_iterations", 0), ("argon2_parallelism", 0), ("argon2_memory_kib", 7)] {
        let result = Settings::from_figment(Figment::new().merge(Serialized::default(key, value)));
        assert!(matches!(result, Err(ConfigError::Invalid(_))), "{key} = {value}");
    }
}

#[test]
fn secrets_do_not_appear_in_debug_output() {
    let s = Settings::from_figment(figment(&[("secret_key", "super-secret-value")])).unwrap();
    assert!(!format!("{s:?}").contains("super-secret-value"));
}
