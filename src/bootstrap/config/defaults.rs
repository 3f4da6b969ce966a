//! Built-in defaults: the embedded product (SQLite, in-process stores, simulated Stripe) on
//! port 8000, with the business numbers from the product brief.

use secrecy::SecretString;

use super::{AppEnv, DEV_SECRET_KEY};

pub fn app_env() -> AppEnv {
    AppEnv::Development
}

pub fn host() -> String {
    "127.0.0.1".into()
}

pub fn port() -> u16 {
    8000
}

pub fn database_url() -> SecretString {
    SecretString::from("sqlite://data/signalbox.db")
}

pub fn database_max_connections() -> u32 {
    10
}

pub fn redis_pool_size() -> u32 {
    32
}

pub fn redis_key_prefix() -> String {
    "signalbox:".into()
}

pub fn secret_key() -> SecretString {
    SecretString::from(DEV_SECRET_KEY)
}

pub fn access_token_minutes() -> i64 {
    30
}

pub fn refresh_token_days() -> i64 {
    30
}

pub fn session_max_days() -> i64 {
    30
}

// OWASP's first argon2id recommendation.
pub fn argon2_memory_kib() -> u32 {
    19 * 1024
}

pub fn argon2_iterations() -> u32 {
    2
}

pub fn argon2_parallelism() -> u32 {
    1
}

pub fn login_failures_per_account() -> u32 {
    5
}

pub fn login_failure_window_minutes() -> i64 {
    15
}

pub fn stripe_price_id() -> String {
    "price_signalbox_inr_499".into()
}

pub fn auth_rate_limit_per_minute() -> u32 {
    10
}

pub fn free_signals_per_day() -> u32 {
    3
}

/// The domain's documented NSE index-futures round trip.
pub fn signal_cost_bps() -> f64 {
    crate::domain::calls::CostBps::DEFAULT.bps()
}

pub fn entitlement_cache_seconds() -> u64 {
    30
}

pub fn quota_timezone() -> String {
    "Asia/Kolkata".into()
}

pub fn billing_grace_hours() -> i64 {
    72
}

pub fn webhook_claim_lease_seconds() -> u64 {
    60
}

pub fn webhook_log_retention_days() -> i64 {
    30
}

pub fn market_data_url() -> String {
    "https://query1.finance.yahoo.com".into()
}

pub fn static_dir() -> String {
    "frontend/dist".into()
}

pub fn mail_from() -> String {
    "Signalbox <no-reply@localhost>".into()
}

pub fn connections_per_network() -> u32 {
    64
}

pub fn telegram_api_base() -> String {
    "https://api.telegram.org".into()
}

pub fn alerts_lease_seconds() -> u64 {
    60
}
