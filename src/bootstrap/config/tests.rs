use super::*;
use figment::providers::Serialized;

/// What `openssl rand -hex 24` and Stripe's dashboard give.
const STRONG_KEY: &str = "3f9c1b7e2a5d8c0f4e6a9b1d3c5e7f80a2b4c6d8e0f1a3b5";
const STRONG_WEBHOOK_SECRET: &str = "whsec_4eC39HqLyjWDarjtT1zdp7dcLq0RAzpk";

pub(super) fn figment(pairs: &[(&str, &str)]) -> Figment {
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
    let err = Settings::from_figment(figment(&[("app_env", "production"), ("secret_key", STRONG_KEY)]));
    assert!(matches!(err, Err(ConfigError::UnsafeForProduction(m)) if m.contains("STRIPE_WEBHOOK_SECRET")));
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
fn production_refuses_the_development_secret_key_by_name() {
    assert!(refusal(production(&[("secret_key", DEV_SECRET_KEY)])).contains("SECRET_KEY must be set"));
    assert!(refusal(production(&[("secret_key", &" ".repeat(40))])).contains("SECRET_KEY"));
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
fn development_accepts_what_production_refuses() {
    let s =
        Settings::from_figment(figment(&[("stripe_webhook_secret", DEV_WEBHOOK_SECRET), ("public_url", "http://x")]));
    assert!(s.is_ok());
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
fn an_unknown_time_zone_is_rejected_at_startup() {
    assert!(matches!(
        Settings::from_figment(figment(&[("quota_timezone", "Mars/Olympus")])),
        Err(ConfigError::Invalid(_))
    ));
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

#[test]
fn secrets_do_not_appear_in_debug_output() {
    let s = Settings::from_figment(figment(&[("secret_key", "super-secret-value")])).unwrap();
    assert!(!format!("{s:?}").contains("super-secret-value"));
}

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

#[test]
fn production_refuses_to_start_without_a_metrics_token() {
    assert!(refusal(production(&[("metrics_token", "short")])).contains("METRICS_TOKEN must be set"));
}

#[test]
fn the_market_data_source_and_holidays_are_read_and_checked() {
    let defaults = Settings::from_figment(figment(&[])).unwrap();
    assert_eq!(defaults.market_data, super::MarketDataSource::Simulator);
    assert_eq!(defaults.holidays().unwrap(), None);
    let yahoo =
        Settings::from_figment(figment(&[("market_data", "yahoo"), ("market_holidays", "2027-01-26, 2027-03-22")]))
            .unwrap();
    assert_eq!(yahoo.market_data, super::MarketDataSource::Yahoo);
    assert_eq!(yahoo.holidays().unwrap().map(|h| h.len()), Some(2));
    let err = Settings::from_figment(figment(&[("market_holidays", "26/01/2027")])).unwrap_err();
    assert!(err.to_string().contains("MARKET_HOLIDAYS"), "{err}");
    assert!(Settings::from_figment(figment(&[("market_data", "bloomberg")])).is_err());
}

#[test]
fn the_market_runs_on_the_real_clock_and_every_instance_runs_the_candle_clock_by_default() {
    let s = Settings::from_figment(Figment::new()).unwrap();
    assert_eq!(s.market_clock().unwrap(), None);
    assert_eq!(s.signal_clock, SignalClock::On);
}

#[test]
fn a_market_clock_starts_at_its_rfc_3339_instant_and_runs_at_its_speed() {
    let s = Settings::from_figment(
        figment(&[("market_clock_start", "2026-11-27T10:00:00+05:30")])
            .merge(Serialized::default("market_clock_speed", 60)),
    )
    .unwrap();
    let clock = s.market_clock().unwrap().expect("a market clock");
    assert_eq!(clock.start, "2026-11-27T04:30:00Z".parse::<chrono::DateTime<chrono::Utc>>().unwrap());
    assert_eq!(clock.speed, 60.0);
    let real_speed = Settings::from_figment(figment(&[("market_clock_start", "2026-11-27T04:30:00Z")])).unwrap();
    assert_eq!(real_speed.market_clock().unwrap().map(|c| c.speed), Some(1.0));
}

#[test]
fn a_market_clock_start_that_is_not_rfc_3339_is_rejected_at_startup() {
    for value in ["2026-11-27 10:00", "tomorrow", "2026-11-27T10:00:00"] {
        let err = Settings::from_figment(figment(&[("market_clock_start", value)])).unwrap_err();
        assert!(matches!(&err, ConfigError::Invalid(m) if m.contains("MARKET_CLOCK_START")), "{value}: {err}");
    }
}

#[test]
fn a_market_clock_speed_that_is_not_positive_or_has_no_start_is_rejected_at_startup() {
    for speed in [0.0, -2.0] {
        let err = Settings::from_figment(
            figment(&[("market_clock_start", "2026-11-27T10:00:00+05:30")])
                .merge(Serialized::default("market_clock_speed", speed)),
        )
        .unwrap_err();
        assert!(matches!(&err, ConfigError::Invalid(m) if m.contains("MARKET_CLOCK_SPEED")), "{speed}: {err}");
    }
    let alone =
        Settings::from_figment(Figment::new().merge(Serialized::default("market_clock_speed", 60))).unwrap_err();
    assert!(matches!(&alone, ConfigError::Invalid(m) if m.contains("needs MARKET_CLOCK_START")), "{alone}");
}

#[test]
fn production_refuses_a_market_clock() {
    let start = refusal(production(&[("market_clock_start", "2026-11-27T10:00:00+05:30")]));
    assert!(start.contains("MARKET_CLOCK_START") && start.contains("development"), "{start}");
}

#[test]
fn the_candle_clock_can_be_turned_off_on_an_instance() {
    let s = Settings::from_figment(figment(&[("signal_clock", "off")])).unwrap();
    assert_eq!(s.signal_clock, SignalClock::Off);
    assert!(Settings::from_figment(figment(&[("signal_clock", "sometimes")])).is_err());
}

#[test]
fn production_refuses_to_sell_simulated_prices_unless_it_is_a_declared_demo() {
    let message = refusal(production(&[("market_data", "simulator")]));
    assert!(message.contains("MARKET_DATA") && message.contains("DEMO_MODE=true"), "{message}");
    let declared = demo(&[("market_data", "simulator"), ("stripe_secret_key", "sk_test_x")]);
    assert!(declared.unwrap().demo_mode);
}

#[test]
fn production_refuses_a_demo_that_could_take_real_money() {
    let message = refusal(demo(&[("market_data", "simulator")]));
    assert!(message.contains("DEMO_MODE") && message.contains("sk_live_"), "{message}");
    let real_market = demo(&[("stripe_secret_key", "sk_live_y")]);
    assert!(matches!(real_market, Err(ConfigError::UnsafeForProduction(m)) if m.starts_with("DEMO_MODE")));
}

#[test]
fn production_refuses_a_calendar_missing_this_year_or_late_in_december_the_next() {
    use chrono::TimeZone;
    let calendar = crate::domain::market::MarketCalendar::default();
    let settings = production(&[]).unwrap();
    let ist = |y, m, d| chrono::FixedOffset::east_opt(19_800).unwrap().with_ymd_and_hms(y, m, d, 12, 0, 0).unwrap();
    assert!(settings.refuse_missing_calendar(&calendar, ist(2026, 6, 1).to_utc()).is_ok());
    let december = settings.refuse_missing_calendar(&calendar, ist(2026, 12, 3).to_utc()).unwrap_err();
    assert!(matches!(december, ConfigError::MissingCalendar { ref years } if years == "2027"), "{december}");
    let message = december.to_string();
    assert!(message.contains("MARKET_CALENDAR_FILE") && message.contains("2027"), "{message}");
    let next_year = settings.refuse_missing_calendar(&calendar, ist(2027, 3, 1).to_utc()).unwrap_err();
    assert!(next_year.to_string().contains("2027"), "{next_year}");
    let development = Settings::from_figment(figment(&[])).unwrap();
    assert!(development.refuse_missing_calendar(&calendar, ist(2027, 3, 1).to_utc()).is_ok());
}

#[test]
fn a_trusted_proxies_list_turns_on_the_proxy_headers_and_a_typo_stops_startup() {
    let listed = Settings::from_figment(figment(&[("trusted_proxies", "10.0.0.0/8, 192.0.2.7")])).unwrap();
    let typo = Settings::from_figment(figment(&[("trusted_proxies", "10.0.0.0/80")]));

    assert!(listed.reads_proxy_headers());
    assert!(!listed.trusted_proxies().unwrap().is_empty());
    assert!(!Settings::from_figment(Figment::new()).unwrap().reads_proxy_headers());
    assert!(matches!(typo, Err(ConfigError::Invalid(m)) if m.contains("TRUSTED_PROXIES") && m.contains("10.0.0.0/80")));
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

#[test]
fn production_refuses_a_patterned_metrics_token() {
    for token in ["mmmmmmmmmmmmmmmmmmmmmmmm", "metrics-token-0123456789"] {
        assert!(refusal(production(&[("metrics_token", token)])).contains("METRICS_TOKEN"), "{token}");
    }
}

#[test]
fn the_dashboard_lives_at_the_public_url_unless_frontend_url_says_otherwise() {
    let same = Settings::from_figment(figment(&[("public_url", "https://api.example.com/")])).unwrap();
    assert_eq!(same.frontend_url(), "https://api.example.com");
    let split = production(&[("frontend_url", "https://app.example.com/")]).unwrap();
    assert_eq!(split.frontend_url(), "https://app.example.com");
}

#[test]
fn production_refuses_a_frontend_url_that_is_not_https_and_development_refuses_one_that_is_not_a_url() {
    for value in ["http://app.example.com", "app.example.com", "https://"] {
        assert!(
            refusal(production(&[("frontend_url", value)])).contains("FRONTEND_URL must be the https://"),
            "{value}"
        );
    }
    let dev = Settings::from_figment(figment(&[("frontend_url", "app.example.com")]));
    assert!(matches!(dev, Err(ConfigError::Invalid(m)) if m.contains("FRONTEND_URL")));
    assert!(Settings::from_figment(figment(&[("frontend_url", "http://localhost:5173")])).is_ok());
}

#[test]
fn development_without_a_vapid_key_derives_one_from_the_secret_key() {
    let choice = |secret: &str| match Settings::from_figment(figment(&[("secret_key", secret)])).unwrap().vapid_key() {
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
    assert!(matches!(settings.vapid_key(), Ok(VapidKeyChoice::Configured(k)) if k.public_key() == key.public_key()));

    let err = production(&[("vapid_private_key", "not-a-key-but-secret-looking")]).unwrap_err().to_string();
    assert!(err.contains("VAPID_PRIVATE_KEY") && !err.contains("secret-looking"), "{err}");
}

#[test]
fn the_vapid_subject_is_a_mailto_or_https_contact() {
    let subject = |pairs: &[(&str, &str)]| Settings::from_figment(figment(pairs)).map(|s| s.vapid_subject().unwrap());
    assert_eq!(subject(&[("vapid_subject", "mailto:ops@example.com")]).unwrap(), "mailto:ops@example.com");
    assert_eq!(subject(&[("public_url", "https://app.example.com/")]).unwrap(), "https://app.example.com");
    assert!(subject(&[]).unwrap().starts_with("mailto:"));
    assert!(Settings::from_figment(figment(&[("vapid_subject", "ops@example.com")])).is_err());
    assert!(Settings::from_figment(figment(&[("vapid_subject", "http://example.com")])).is_err());
}
