//! Typed, layered configuration: built-in defaults → optional `signalbox.toml` → environment
//! variables (`PORT`, `DATABASE_URL`, … as documented in docs/configuration.md).
//!
//! Everything is validated here, at startup, so a bad value stops the server with a clear
//! message instead of failing on the first request. Secrets are `SecretString`s: they never
//! print in `Debug` output or logs.
//!
//! This file holds the settings and their loading, and runs every check in order; each
//! concept's own accessors and checks live in the file named for it (`auth`, `billing`,
//! `server`, `market_data`, `telegram`, …), with that concept's tests.

use figment::Figment;
use figment::providers::{Env, Format, Toml};
use secrecy::SecretString;
use serde::Deserialize;

mod auth;
mod billing;
mod compliance;
mod cross_origin;
mod defaults;
mod mail;
mod market_clock;
mod market_data;
mod push;
mod secret_strength;
mod server;
mod signals;
mod telegram;

pub use auth::DEV_SECRET_KEY;
pub use billing::DEV_WEBHOOK_SECRET;
pub use compliance::{
    PLACEHOLDER_BUSINESS_NAME, PLACEHOLDER_CONTACT_EMAIL, PLACEHOLDER_GRIEVANCE_EMAIL, PLACEHOLDER_RA_NAME,
};
pub use market_clock::{MarketClockSettings, SignalClock};
pub use market_data::MarketDataSource;
pub use push::VapidKeyChoice;
pub use server::LogFormat;
pub use telegram::{DEV_TELEGRAM_BOT, DEV_TELEGRAM_WEBHOOK_SECRET};

const ENV_KEYS: &[&str] = &[
    "APP_ENV",
    "HOST",
    "PORT",
    "PUBLIC_URL",
    "DATABASE_URL",
    "DATABASE_MAX_CONNECTIONS",
    "REDIS_URL",
    "REDIS_POOL_SIZE",
    "REDIS_KEY_PREFIX",
    "SECRET_KEY",
    "ACCESS_TOKEN_MINUTES",
    "REFRESH_TOKEN_DAYS",
    "SESSION_MAX_DAYS",
    "ARGON2_MEMORY_KIB",
    "ARGON2_ITERATIONS",
    "ARGON2_PARALLELISM",
    "LOGIN_FAILURES_PER_ACCOUNT",
    "LOGIN_FAILURE_WINDOW_MINUTES",
    "STRIPE_SECRET_KEY",
    "STRIPE_WEBHOOK_SECRET",
    "STRIPE_PRICE_ID",
    "STRIPE_API_BASE",
    "AUTH_RATE_LIMIT_PER_MINUTE",
    "FREE_SIGNALS_PER_DAY",
    "SIGNAL_COST_BPS",
    "ENTITLEMENT_CACHE_SECONDS",
    "QUOTA_TIMEZONE",
    "BILLING_GRACE_HOURS",
    "WEBHOOK_CLAIM_LEASE_SECONDS",
    "WEBHOOK_LOG_RETENTION_DAYS",
    "TRUST_PROXY_HEADERS",
    "TRUSTED_PROXIES",
    "CONNECTIONS_PER_NETWORK",
    "STATIC_DIR",
    "LOG_FORMAT",
    "MARKET_DATA",
    "MARKET_DATA_URL",
    "MARKET_HOLIDAYS",
    "MARKET_CALENDAR_FILE",
    "DEMO_MODE",
    "MARKET_CLOCK_START",
    "MARKET_CLOCK_SPEED",
    "SIGNAL_CLOCK",
    "SMTP_URL",
    "MAIL_FROM",
    "METRICS_TOKEN",
    "CORS_ALLOWED_ORIGINS",
    "COOKIE_CROSS_SITE",
    "FRONTEND_URL",
    "BUSINESS_NAME",
    "RA_NAME",
    "RA_REGISTRATION_NO",
    "CONTACT_EMAIL",
    "GRIEVANCE_EMAIL",
    "VAPID_PRIVATE_KEY",
    "VAPID_SUBJECT",
    "TELEGRAM_BOT_TOKEN",
    "TELEGRAM_BOT_USERNAME",
    "TELEGRAM_API_BASE",
    "TELEGRAM_WEBHOOK_SECRET",
    "ALERTS_LEASE_SECONDS",
];

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AppEnv {
    Development,
    Production,
}

#[derive(Clone, Debug, Deserialize)]
pub struct Settings {
    #[serde(default = "defaults::app_env")]
    pub app_env: AppEnv,
    #[serde(default = "defaults::host")]
    pub host: String,
    #[serde(default = "defaults::port")]
    pub port: u16,
    /// Where browsers reach us; checkout return URLs are built from it.
    #[serde(default)]
    pub public_url: Option<String>,
    #[serde(default = "defaults::database_url")]
    pub database_url: SecretString,
    #[serde(default = "defaults::database_max_connections")]
    pub database_max_connections: u32,
    #[serde(default)]
    pub redis_url: Option<SecretString>,
    #[serde(default = "defaults::redis_pool_size")]
    pub redis_pool_size: u32,
    /// Put in front of every Redis key, so several deployments (or test runs) can share one
    /// Redis. Every instance of one deployment must use the same prefix.
    #[serde(default = "defaults::redis_key_prefix")]
    pub redis_key_prefix: String,
    #[serde(default = "defaults::secret_key")]
    pub secret_key: SecretString,
    #[serde(default = "defaults::access_token_minutes")]
    pub access_token_minutes: i64,
    /// How long an unused refresh token (the session cookie) stays valid; each refresh
    /// issues a new one with a fresh lifetime.
    #[serde(default = "defaults::refresh_token_days")]
    pub refresh_token_days: i64,
    /// The absolute end of a session: this long after logging in, refreshing stops working
    /// however recently it was used, and the user logs in again.
    #[serde(default = "defaults::session_max_days")]
    pub session_max_days: i64,
    /// argon2id cost for new password hashes. Raising it upgrades existing hashes as their
    /// owners log in.
    #[serde(default = "defaults::argon2_memory_kib")]
    pub argon2_memory_kib: u32,
    #[serde(default = "defaults::argon2_iterations")]
    pub argon2_iterations: u32,
    #[serde(default = "defaults::argon2_parallelism")]
    pub argon2_parallelism: u32,
    /// Failed logins one email may have per window before further attempts get 429.
    #[serde(default = "defaults::login_failures_per_account")]
    pub login_failures_per_account: u32,
    #[serde(default = "defaults::login_failure_window_minutes")]
    pub login_failure_window_minutes: i64,
    #[serde(default)]
    pub stripe_secret_key: Option<SecretString>,
    /// One secret, or several separated by commas while rotating.
    #[serde(default)]
    pub stripe_webhook_secret: Option<SecretString>,
    #[serde(default = "defaults::stripe_price_id")]
    pub stripe_price_id: String,
    #[serde(default)]
    pub stripe_api_base: Option<String>,
    #[serde(default = "defaults::auth_rate_limit_per_minute")]
    pub auth_rate_limit_per_minute: u32,
    #[serde(default = "defaults::free_signals_per_day")]
    pub free_signals_per_day: u32,
    /// The round trip, in basis points, every trade call is judged net of.
    #[serde(default = "defaults::signal_cost_bps")]
    pub signal_cost_bps: f64,
    /// The longest a user's plan is kept in process (a backstop for a lost billing-change
    /// announcement); 0 reads it on every request.
    #[serde(default = "defaults::entitlement_cache_seconds")]
    pub entitlement_cache_seconds: u64,
    #[serde(default = "defaults::quota_timezone")]
    pub quota_timezone: String,
    #[serde(default = "defaults::billing_grace_hours")]
    pub billing_grace_hours: i64,
    /// How long one delivery holds a webhook event before another may take it over (1–60 s).
    /// A lease, not the dedupe: the database record is what makes an event apply once.
    #[serde(default = "defaults::webhook_claim_lease_seconds")]
    pub webhook_claim_lease_seconds: u64,
    /// Handled webhook events older than this are purged; failed and unmatched ones are kept.
    #[serde(default = "defaults::webhook_log_retention_days")]
    pub webhook_log_retention_days: i64,
    /// Take the client address from `X-Forwarded-For`/`Forwarded` (only behind a proxy you
    /// control), trusting one hop: the TCP peer.
    #[serde(default)]
    pub trust_proxy_headers: bool,
    /// The proxies in front of us (addresses and CIDRs, comma-separated); setting it reads the
    /// proxy headers through that chain, whatever `TRUST_PROXY_HEADERS` says.
    #[serde(default)]
    trusted_proxies: Option<String>,
    /// Connections one client network (the TCP peer's) may hold open at once; not applied
    /// when the proxy headers are read (every peer is then a proxy).
    #[serde(default = "defaults::connections_per_network")]
    pub connections_per_network: u32,
    #[serde(default = "defaults::static_dir")]
    pub static_dir: String,
    /// Where mail goes (`smtps://user:pass@host`, …). Unset in development: mail is kept in
    /// memory and listed at `GET /dev/mailbox`.
    #[serde(default)]
    pub smtp_url: Option<SecretString>,
    /// The sender of every mail.
    #[serde(default = "defaults::mail_from")]
    pub mail_from: String,
    /// When set, `GET /metrics` wants `Authorization: Bearer <token>`; required in production.
    #[serde(default)]
    pub metrics_token: Option<SecretString>,
    /// The Telegram bot's token (from @BotFather). Unset: Telegram alerts are not sent.
    #[serde(default)]
    pub telegram_bot_token: Option<SecretString>,
    /// The bot's username, for `t.me/<bot>?start=…` links. Development default: see
    /// [`Settings::telegram_bot_username`].
    #[serde(default)]
    pub telegram_bot_username: Option<String>,
    /// The Bot API's address (tests point it at a fake).
    #[serde(default = "defaults::telegram_api_base")]
    pub telegram_api_base: String,
    /// What Telegram must send in `X-Telegram-Bot-Api-Secret-Token` (set with `setWebhook`'s
    /// `secret_token`). Development default: see [`Settings::telegram_webhook_secret`].
    #[serde(default)]
    pub telegram_webhook_secret: Option<SecretString>,
    /// How long a dispatcher holds the alerts it claimed: another instance takes over a dead
    /// one's after this.
    #[serde(default = "defaults::alerts_lease_seconds")]
    pub alerts_lease_seconds: u64,
    /// Unset: chosen by `APP_ENV` (see [`Settings::log_format`]).
    #[serde(default)]
    log_format: Option<LogFormat>,
    /// Where candles come from: `simulator` (default), `database` (imported with
    /// `signalbox market import`), or `yahoo` (the Yahoo Finance chart API at `MARKET_DATA_URL`).
    #[serde(default)]
    pub market_data: MarketDataSource,
    /// Base URL of the chart API for `MARKET_DATA=yahoo`.
    #[serde(default = "defaults::market_data_url")]
    pub market_data_url: String,
    /// NSE holidays (`YYYY-MM-DD`, comma-separated) replacing the built-in 2026 list.
    #[serde(default)]
    pub market_holidays: Option<String>,
    /// A calendar file (see `domain::market::calendar::parse_calendar_file`) whose years are
    /// added to the shipped ones, replacing any the binary ships.
    #[serde(default)]
    pub market_calendar_file: Option<String>,
    /// A demonstration deployment: production may then run on simulated prices (and must not
    /// take real money).
    #[serde(default)]
    pub demo_mode: bool,
    /// The market instant the market's clock starts from (development and demos; see
    /// [`Settings::market_clock`]).
    #[serde(default)]
    pub market_clock_start: Option<String>,
    /// How many times as fast as real time the market's clock runs (default 1).
    #[serde(default)]
    pub market_clock_speed: Option<f64>,
    /// `off` keeps this instance from running the candle clock.
    #[serde(default)]
    pub signal_clock: SignalClock,
    /// Origins (`https://app.example.com`, comma-separated) whose pages may call the API with
    /// credentials: a dashboard served by another host. See [`Settings::cors_allowed_origins`].
    #[serde(default)]
    pub cors_allowed_origins: Option<String>,
    /// The refresh cookie becomes `SameSite=None; Secure`, for a dashboard on another *site*
    /// (not needed for a subdomain of the API's site). Refused unless `PUBLIC_URL` is https.
    #[serde(default)]
    pub cookie_cross_site: bool,
    /// Where the dashboard lives, when another host serves it; unset: `PUBLIC_URL`. Checkout's
    /// return URLs, the billing portal's and password-reset links lead here.
    #[serde(default)]
    frontend_url: Option<String>,
    /// The business's legal name, in every page's footer (see [`Settings::site_identity`]).
    #[serde(default)]
    business_name: Option<String>,
    /// The SEBI-registered research analyst the signals are published under.
    #[serde(default)]
    ra_name: Option<String>,
    /// `INH` + 9 digits.
    #[serde(default)]
    ra_registration_no: Option<String>,
    #[serde(default)]
    contact_email: Option<String>,
    /// The grievance officer's address.
    #[serde(default)]
    grievance_email: Option<String>,
    /// The Web Push (VAPID) private key: a P-256 scalar, 32 bytes of unpadded base64url
    /// (`signalbox vapid generate` prints one). See [`Settings::vapid_key`].
    #[serde(default)]
    pub vapid_private_key: Option<SecretString>,
    /// The contact push services see in every VAPID token (`mailto:` or `https:`).
    #[serde(default)]
    vapid_subject: Option<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("invalid configuration: {0}")]
    Invalid(String),
    #[error("refusing to start in production: {0}")]
    UnsafeForProduction(&'static str),
    /// The NSE calendar for a year production needs is missing.
    #[error(
        "refusing to start in production: MARKET_CALENDAR_FILE must add the NSE calendar for {years} \
         (the exchange's holiday circular, in the format of docs/deploy.md); without it the market's \
         status that year is unknown"
    )]
    MissingCalendar { years: String },
}

impl Settings {
    /// Reads `signalbox.toml` (if present) and the environment, then validates.
    pub fn load() -> Result<Self, ConfigError> {
        Self::from_figment(Figment::new().merge(Toml::file("signalbox.toml")).merge(Env::raw().only(ENV_KEYS)))
    }

    pub fn from_figment(figment: Figment) -> Result<Self, ConfigError> {
        let settings: Settings = figment.extract().map_err(|e| ConfigError::Invalid(e.to_string()))?;
        settings.validate()?;
        settings.validate_cross_origin()?;
        settings.validate_frontend_url()?;
        settings.site_identity()?;
        Ok(settings)
    }

    /// Ranges that must hold everywhere, then, in production, what production refuses.
    fn validate(&self) -> Result<(), ConfigError> {
        self.quota_zone()?;
        self.signal_cost()?;
        self.holidays()?;
        self.market_clock()?;
        self.trusted_proxies()?;
        self.vapid_key()?;
        self.vapid_subject()?;
        self.validate_connection_cap()?;
        self.validate_token_lifetimes()?;
        self.validate_webhook_log()?;
        self.validate_password_hashing()?;
        if self.app_env == AppEnv::Production {
            self.refuse_unsafe_production()?;
        }
        Ok(())
    }

    /// What a careless deployment gets wrong and an attacker then exploits. Each refusal names
    /// the variable to set, so the operator's first log line says how to fix it.
    fn refuse_unsafe_production(&self) -> Result<(), ConfigError> {
        self.refuse_market_clock_in_production()?;
        self.refuse_guessable_secret_key()?;
        self.refuse_unsafe_stripe()?;
        self.refuse_public_url_not_https()?;
        self.refuse_missing_smtp()?;
        self.refuse_open_metrics()?;
        self.refuse_half_configured_telegram()?;
        self.refuse_simulated_prices_for_sale()
    }
}

/// Loads `.env` from the working directory into the environment, unless `APP_ENV` says
/// production: a deployment's settings come from its platform, never from a file that may have
/// been copied along. Variables already set win over the file.
pub fn load_dotenv_in_development() {
    let production = std::env::var("APP_ENV").is_ok_and(|env| env.trim().eq_ignore_ascii_case("production"));
    if !production && let Ok(path) = dotenvy::dotenv() {
        eprintln!("loaded settings from {}", path.display());
    }
}

#[cfg(test)]
mod tests;
