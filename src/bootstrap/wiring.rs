//! Composition root: picks an adapter for every port from the settings.
//!
//! | port                          | embedded default (no env)       | production                      |
//! |-------------------------------|---------------------------------|---------------------------------|
//! | users, billing, sessions      | SQLite file `data/signalbox.db` | PostgreSQL (`DATABASE_URL`)     |
//! | counters, cache, claims       | in-process memory               | Redis (`REDIS_URL`)             |
//! | payment gateway               | simulated Stripe                | Stripe (`STRIPE_SECRET_KEY`)    |
//! | signal history                | the SQL store                   | the SQL store                   |
//! | signal bus (live stream)      | in-process broadcast            | Redis pub/sub (`REDIS_URL`)     |
//! | market data                   | simulator                       | simulator (no setting yet)      |
//! | market clock                  | real time, or `MARKET_CLOCK_*`  | real time                       |
//! | mail                          | outbox at `GET /dev/mailbox`    | SMTP (`SMTP_URL`)               |

use std::sync::Arc;
use std::time::Duration;

use poem::Route;
use secrecy::SecretString;

use super::config::{AppEnv, DEV_WEBHOOK_SECRET, MarketDataSource, Settings};
use crate::adapters::auth::{Argon2Hasher, Argon2Settings, JwtIssuer, JwtSettings};
use crate::adapters::clock::{ScaledClock, SystemClock};
use crate::adapters::mail::{DevOutbox, MailSettled, SmtpMailer, SmtpSettings};
use crate::adapters::market::{MarketSimulator, YahooChart, YahooSettings};
use crate::adapters::memory::{
    MemoryBillingChanges, MemoryCache, MemoryClaims, MemoryCounters, MemorySignalBus, MemorySignalHistory,
};
use crate::adapters::redis::{
    RedisBillingChanges, RedisCache, RedisClaims, RedisCounters, RedisHealth, RedisPool, RedisSettings, RedisSignalBus,
};
use crate::adapters::simulated_stripe::{SimulatedPages, SimulatedStripe};
use crate::adapters::sql::{DatabaseSettings, SqlStore};
use crate::adapters::stripe::{StripeGateway, StripeSettings};
use crate::adapters::stripe_webhook::StripeWebhookVerifier;
use crate::app::{Dependencies, Policies, Signalbox};
use crate::domain::market::MarketCalendar;
use crate::domain::{EntitlementPolicy, LoginThrottlePolicy, QuotaPolicy, RateLimitPolicy};
use crate::ports::{
    BillingChanges, BillingStore, Clock, HealthCheck, Mailer, PasswordHasher, PasswordResetStore, PaymentGateway,
    RefreshTokenStore, SignalBus, UserRepository,
};

/// The wired application plus the routes its adapters bring along.
pub struct Wired {
    pub app: Arc<Signalbox>,
    /// Adds the pages of the chosen adapters to the route table: the simulated Stripe's
    /// checkout and portal when checkout is simulated, nothing otherwise.
    pub pages: Pages,
}

pub type Pages = Box<dyn FnOnce(Route) -> Route + Send>;

/// No pages beyond the API's.
pub fn no_pages() -> Pages {
    Box::new(|routes| routes)
}

/// `first`'s pages, then `second`'s.
pub fn both_pages(first: Pages, second: Pages) -> Pages {
    Box::new(move |routes| second(first(routes)))
}

/// `GET /dev/mailbox`, listing `outbox` once the reset mails `app` is still sending are in it
/// (development only: see [`mailer`]).
pub fn mailbox_page(outbox: Arc<DevOutbox>, app: Arc<Signalbox>) -> Pages {
    let settled: MailSettled = Arc::new(move || {
        let app = app.clone();
        Box::pin(async move { app.reset_mails_idle().await })
    });
    Box::new(move |routes| DevOutbox::mount(outbox, settled, routes))
}

/// The mailer, and the development outbox again when [`mailbox_page`] should list it.
pub type MailerChoice = (Arc<dyn Mailer>, Option<Arc<DevOutbox>>);

/// SMTP when `SMTP_URL` is set. Otherwise the development outbox, returned a second time when
/// [`mailbox_page`] should list it: in development only — production refuses to start without
/// SMTP, and there the page is never mounted (it answers 404).
pub fn mailer(settings: &Settings, clock: Arc<dyn Clock>) -> anyhow::Result<MailerChoice> {
    match &settings.smtp_url {
        Some(url) => {
            let smtp = SmtpMailer::new(&SmtpSettings {
                url: url.clone(),
                from: settings.mail_from.clone(),
                timeout: Duration::from_secs(10),
            })?;
            Ok((Arc::new(smtp), None))
        }
        None => {
            let outbox = Arc::new(DevOutbox::new(clock));
            let listed = (settings.app_env == AppEnv::Development).then(|| outbox.clone());
            Ok((outbox, listed))
        }
    }
}

/// The simulated Stripe's checkout and portal pages, signing their events with `settings`'
/// first webhook secret.
pub fn simulated_pages(settings: &Settings, app: Arc<Signalbox>, stripe: Arc<SimulatedStripe>) -> Pages {
    let pages = SimulatedPages { app, stripe, signing_secret: signing_secret(settings) };
    Box::new(move |routes| pages.mount(routes))
}

/// The wait before checking a password once an account has had `LOGIN_FAILURES_PER_ACCOUNT`
/// failures; it doubles with each further failure, up to [`LOGIN_MAX_DELAY`]. The cap keeps
/// the owner's login under a quarter of a minute while still holding a guesser spread over
/// many networks to a few guesses per minute per connection.
const LOGIN_FIRST_DELAY: chrono::Duration = chrono::Duration::seconds(1);
const LOGIN_MAX_DELAY: chrono::Duration = chrono::Duration::seconds(16);

/// Every page load refreshes (the access token lives in memory only), so one network may
/// refresh this many times as often as it may attempt a login: cheap, but not unbounded,
/// since each refresh writes a row.
const REFRESHES_PER_LOGIN_ATTEMPT: u32 = 6;
/// One session is one browser: ten page loads a minute is more than a person makes.
const REFRESHES_PER_SESSION_PER_MINUTE: u32 = 10;

/// Enough for a person who mistypes, loses a mail or asks again later; few enough that nobody
/// can use us to fill an inbox.
const RESET_MAILS_PER_EMAIL_PER_HOUR: u32 = 3;

pub fn policies(settings: &Settings) -> anyhow::Result<Policies> {
    Ok(Policies {
        quota: QuotaPolicy { free_requests_per_day: settings.free_signals_per_day, zone: settings.quota_zone()? },
        entitlement: EntitlementPolicy { grace: chrono::Duration::hours(settings.billing_grace_hours) },
        auth_rate_limit: RateLimitPolicy {
            limit: settings.auth_rate_limit_per_minute,
            window: chrono::Duration::minutes(1),
        },
        reset_mails_per_email: RateLimitPolicy {
            limit: RESET_MAILS_PER_EMAIL_PER_HOUR,
            window: chrono::Duration::hours(1),
        },
        login_throttle: LoginThrottlePolicy {
            failures_per_network: settings.login_failures_per_account,
            failures_before_delay: settings.login_failures_per_account,
            window: chrono::Duration::minutes(settings.login_failure_window_minutes),
            first_delay: LOGIN_FIRST_DELAY,
            max_delay: LOGIN_MAX_DELAY,
        },
        refresh_token_ttl: chrono::Duration::days(settings.refresh_token_days),
        session_max_age: chrono::Duration::days(settings.session_max_days),
        refresh_rate_limit: RateLimitPolicy {
            limit: settings.auth_rate_limit_per_minute.saturating_mul(REFRESHES_PER_LOGIN_ATTEMPT),
            window: chrono::Duration::minutes(1),
        },
        session_refresh_limit: RateLimitPolicy {
            limit: REFRESHES_PER_SESSION_PER_MINUTE,
            window: chrono::Duration::minutes(1),
        },
        signal_cache_ttl: Duration::from_secs(settings.signal_cache_ttl_seconds),
        entitlement_cache_ttl: Duration::from_secs(settings.entitlement_cache_seconds),
        webhook_claim_lease: Duration::from_secs(settings.webhook_claim_lease_seconds),
        webhook_log_retention: chrono::Duration::days(settings.webhook_log_retention_days),
        public_url: settings.public_url(),
    })
}

/// The ports kept in Redis when it is configured, else in process memory.
type SharedState = (
    Arc<dyn crate::ports::Counters>,
    Arc<dyn crate::ports::Cache>,
    Arc<dyn crate::ports::IdempotencyClaims>,
    Arc<dyn SignalBus>,
    Arc<dyn BillingChanges>,
);

/// Connects every adapter the settings ask for and runs database migrations.
pub async fn wire(settings: &Settings) -> anyhow::Result<Wired> {
    let clock: Arc<dyn Clock> = Arc::new(SystemClock);
    let mut health_checks: Vec<Arc<dyn HealthCheck>> = Vec::new();

    let store = Arc::new(SqlStore::connect(&database_settings(settings)).await?);
    store.migrate().await?;
    health_checks.push(store.clone());
    let mut redis_pool = None;

    let (counters, cache, claims, signal_bus, billing_changes): SharedState = match &settings.redis_url {
        Some(url) => {
            let redis_settings = RedisSettings {
                url: url.clone(),
                key_prefix: settings.redis_key_prefix.clone(),
                pool_size: settings.redis_pool_size,
                connect_timeout: Duration::from_secs(2),
                command_timeout: Duration::from_millis(500),
            };
            let pool = RedisPool::connect(&redis_settings)?;
            health_checks.push(Arc::new(RedisHealth::new(pool.clone())));
            redis_pool = Some(pool.clone());
            (
                Arc::new(RedisCounters::new(pool.clone())),
                Arc::new(RedisCache::new(pool.clone())),
                Arc::new(RedisClaims::new(pool.clone())),
                Arc::new(RedisSignalBus::start(pool.clone(), &redis_settings)?),
                Arc::new(RedisBillingChanges::start(pool, &redis_settings)?),
            )
        }
        None => (
            Arc::new(MemoryCounters::new(clock.clone())),
            Arc::new(MemoryCache::new(clock.clone())),
            Arc::new(MemoryClaims::new(clock.clone())),
            Arc::new(MemorySignalBus::new()),
            Arc::new(MemoryBillingChanges::new()),
        ),
    };

    let (gateway, simulated_stripe): (Arc<dyn PaymentGateway>, _) = match &settings.stripe_secret_key {
        Some(secret_key) => {
            let stripe = StripeGateway::new(&StripeSettings {
                secret_key: secret_key.clone(),
                price_id: settings.stripe_price_id.clone(),
                public_url: settings.public_url(),
                api_base: settings.stripe_api_base.clone(),
            })?;
            (Arc::new(stripe), None)
        }
        None => {
            let simulated = Arc::new(SimulatedStripe::new(settings.public_url()));
            (simulated.clone(), Some(simulated))
        }
    };

    spawn_pool_gauges(store.clone(), redis_pool);
    let (mailer, listed_outbox) = mailer(settings, clock.clone())?;
    let deps = Dependencies {
        users: store.clone(),
        billing: store.clone(),
        refresh_tokens: store.clone(),
        password_resets: store.clone(),
        mailer,
        counters,
        cache,
        claims,
        gateway,
        hasher: Arc::new(Argon2Hasher::new(argon2_settings(settings))?),
        tokens: Arc::new(jwt(settings)),
        webhooks: Arc::new(StripeWebhookVerifier::new(settings.webhook_secrets())),
        market_clock: market_clock(settings, &clock)?,
        clock,
        health_checks,
        market: market_data(settings, &store)?,
        calendar: calendar(settings)?,
        signal_history: store,
        signal_bus,
        billing_changes,
    };
    let app = Arc::new(Signalbox::new(deps, policies(settings)?));
    let stripe_pages = match simulated_stripe {
        Some(stripe) => simulated_pages(settings, app.clone(), stripe),
        None => no_pages(),
    };
    let mail_pages = match listed_outbox {
        Some(outbox) => mailbox_page(outbox, app.clone()),
        None => no_pages(),
    };
    Ok(Wired { app, pages: both_pages(stripe_pages, mail_pages) })
}

/// The market's clock: `real` unless `MARKET_CLOCK_START` sets one of its own (development
/// and demos; production refuses it).
fn market_clock(settings: &Settings, real: &Arc<dyn Clock>) -> anyhow::Result<Arc<dyn Clock>> {
    Ok(match settings.market_clock()? {
        Some(market) => {
            tracing::warn!(
                start = %market.start,
                speed = market.speed,
                "the market runs on its own clock (MARKET_CLOCK_START): signals are not the real market's"
            );
            Arc::new(ScaledClock::new(market.start, market.speed))
        }
        None => real.clone(),
    })
}

/// The NSE calendar: the built-in holidays, or `MARKET_HOLIDAYS`.
fn calendar(settings: &Settings) -> anyhow::Result<MarketCalendar> {
    Ok(match settings.holidays()? {
        Some(holidays) => MarketCalendar::nse(holidays),
        None => MarketCalendar::default(),
    })
}

/// Where candles come from (`MARKET_DATA`).
fn market_data(settings: &Settings, store: &Arc<SqlStore>) -> anyhow::Result<Arc<dyn crate::ports::MarketData>> {
    Ok(match settings.market_data {
        MarketDataSource::Simulator => Arc::new(MarketSimulator::new(calendar(settings)?)),
        MarketDataSource::Database => store.clone(),
        MarketDataSource::Yahoo => Arc::new(YahooChart::new(
            YahooSettings { base_url: settings.market_data_url.clone(), ..YahooSettings::default() },
            calendar(settings)?,
        )),
    })
}

pub fn database_settings(settings: &Settings) -> DatabaseSettings {
    DatabaseSettings {
        url: settings.database_url.clone(),
        max_connections: settings.database_max_connections,
        acquire_timeout: Duration::from_secs(5),
    }
}

pub fn argon2_settings(settings: &Settings) -> Argon2Settings {
    Argon2Settings {
        memory_kib: settings.argon2_memory_kib,
        iterations: settings.argon2_iterations,
        parallelism: settings.argon2_parallelism,
    }
}

fn jwt(settings: &Settings) -> JwtIssuer {
    JwtIssuer::new(&JwtSettings {
        secret: settings.secret_key.clone(),
        ttl: chrono::Duration::minutes(settings.access_token_minutes),
    })
}

/// The ports that differ between one application held in this process and another; the
/// rest (counters, cache, claims) are in memory, and nothing is health-checked.
pub struct InProcess {
    pub users: Arc<dyn UserRepository>,
    pub billing: Arc<dyn BillingStore>,
    pub refresh_tokens: Arc<dyn RefreshTokenStore>,
    pub password_resets: Arc<dyn PasswordResetStore>,
    pub mailer: Arc<dyn Mailer>,
    pub gateway: Arc<dyn PaymentGateway>,
    pub hasher: Arc<dyn PasswordHasher>,
    pub clock: Arc<dyn Clock>,
    /// The market's clock (often `clock` itself).
    pub market_clock: Arc<dyn Clock>,
}

/// An application with no backing service: the spec export uses it (its handlers never run),
/// and so do tests, with fakes of their choice.
pub fn in_process(settings: &Settings, parts: InProcess) -> anyhow::Result<Arc<Signalbox>> {
    let clock = parts.clock;
    let deps = Dependencies {
        users: parts.users,
        billing: parts.billing,
        refresh_tokens: parts.refresh_tokens,
        password_resets: parts.password_resets,
        mailer: parts.mailer,
        counters: Arc::new(MemoryCounters::new(clock.clone())),
        cache: Arc::new(MemoryCache::new(clock.clone())),
        claims: Arc::new(MemoryClaims::new(clock.clone())),
        gateway: parts.gateway,
        hasher: parts.hasher,
        tokens: Arc::new(jwt(settings)),
        webhooks: Arc::new(StripeWebhookVerifier::new(settings.webhook_secrets())),
        clock,
        market_clock: parts.market_clock,
        health_checks: Vec::new(),
        market: Arc::new(MarketSimulator::default()),
        calendar: MarketCalendar::default(),
        signal_history: Arc::new(MemorySignalHistory::new()),
        signal_bus: Arc::new(MemorySignalBus::new()),
        billing_changes: Arc::new(MemoryBillingChanges::new()),
    };
    Ok(Arc::new(Signalbox::new(deps, policies(settings)?)))
}

/// The secret the simulated checkout signs its events with: the first configured one.
fn signing_secret(settings: &Settings) -> SecretString {
    settings.webhook_secrets().into_iter().next().unwrap_or_else(|| SecretString::from(DEV_WEBHOOK_SECRET))
}

/// Publishes database and Redis pool use as gauges every few seconds (pools have no events
/// to hook; a scrape sees values at most this old).
fn spawn_pool_gauges(store: Arc<SqlStore>, redis: Option<RedisPool>) {
    tokio::spawn(async move {
        let mut every = tokio::time::interval(Duration::from_secs(5));
        loop {
            every.tick().await;
            let (open, idle) = store.pool_usage();
            metrics::gauge!("signalbox_db_pool_connections", "state" => "open").set(f64::from(open));
            metrics::gauge!("signalbox_db_pool_connections", "state" => "idle").set(idle as f64);
            if let Some(redis) = &redis {
                let (open, idle) = redis.usage();
                metrics::gauge!("signalbox_redis_pool_connections", "state" => "open").set(f64::from(open));
                metrics::gauge!("signalbox_redis_pool_connections", "state" => "idle").set(f64::from(idle));
            }
        }
    });
}
