//! Wiring from the settings: connects every adapter they ask for and assembles the application.

use std::sync::Arc;
use std::time::Duration;

use super::adapter_settings::{argon2_settings, database_settings, jwt, stripe_settings};
use super::assemble::{Adapters, assemble};
use super::mail::{mailbox_page, mailer};
use super::market::{calendar, market_clock, market_data};
use super::pages::{Pages, both_pages, no_pages, simulated_pages};
use super::policies::policies;
use super::push::web_push;
use crate::adapters::auth::Argon2Hasher;
use crate::adapters::clock::SystemClock;
use crate::adapters::memory::{
    MemoryAccountChanges, MemoryCache, MemoryClaims, MemoryCounters, MemorySignalBus, UnconfiguredTelegram,
};
use crate::adapters::redis::{
    RedisAccountChanges, RedisCache, RedisClaims, RedisCounters, RedisHealth, RedisPool, RedisSettings, RedisSignalBus,
};
use crate::adapters::simulated_stripe::SimulatedStripe;
use crate::adapters::sql::SqlStore;
use crate::adapters::stripe::StripeGateway;
use crate::adapters::stripe_webhook::StripeWebhookVerifier;
use crate::adapters::telegram::{HttpTelegramBot, TelegramSettings};
use crate::app::Services;
use crate::bootstrap::config::Settings;
use crate::ports::{AccountChanges, Clock, HealthCheck, PaymentGateway, SignalBus, TelegramBot};

/// The wired application plus the routes its adapters bring along.
pub struct Wired {
    pub app: Services,
    /// Adds the pages of the chosen adapters to the route table: the simulated Stripe's
    /// checkout and portal when checkout is simulated, nothing otherwise.
    pub pages: Pages,
}

/// The ports kept in Redis when it is configured, else in process memory.
type SharedState = (
    Arc<dyn crate::ports::Counters>,
    Arc<dyn crate::ports::Cache>,
    Arc<dyn crate::ports::IdempotencyClaims>,
    Arc<dyn SignalBus>,
    Arc<dyn AccountChanges>,
);

/// Connects every adapter the settings ask for and runs database migrations.
pub async fn wire(settings: &Settings) -> anyhow::Result<Wired> {
    let clock: Arc<dyn Clock> = Arc::new(SystemClock);
    let calendar = calendar(settings, clock.now())?;
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
                Arc::new(RedisAccountChanges::start(pool, &redis_settings)?),
            )
        }
        None => (
            Arc::new(MemoryCounters::new(clock.clone())),
            Arc::new(MemoryCache::new(clock.clone())),
            Arc::new(MemoryClaims::new(clock.clone())),
            Arc::new(MemorySignalBus::new()),
            Arc::new(MemoryAccountChanges::new()),
        ),
    };

    let (gateway, simulated_stripe): (Arc<dyn PaymentGateway>, _) = match &settings.stripe_secret_key {
        Some(secret_key) => {
            let stripe = StripeGateway::new(&stripe_settings(settings, secret_key.clone()))?;
            (Arc::new(stripe), None)
        }
        None => {
            let simulated = Arc::new(SimulatedStripe::new(settings.public_url()));
            (simulated.clone(), Some(simulated))
        }
    };

    spawn_pool_gauges(store.clone(), redis_pool);
    let (mailer, listed_outbox) = mailer(settings, clock.clone())?;
    let adapters = Adapters {
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
        market: market_data(settings, &store, &calendar),
        calendar,
        call_ledger: store.clone(),
        alert_outbox: store.clone(),
        alert_subscribers: store.clone(),
        telegram: telegram(settings),
        push_devices: store.clone(),
        web_push: web_push(settings)?,
        signal_history: store,
        signal_bus,
        billing_changes,
    };
    let app = assemble(adapters, policies(settings)?);
    let stripe_pages = match simulated_stripe {
        Some(stripe) => simulated_pages(settings, app.billing.clone(), stripe),
        None => no_pages(),
    };
    let mail_pages = match listed_outbox {
        Some(outbox) => mailbox_page(outbox, app.accounts.clone()),
        None => no_pages(),
    };
    Ok(Wired { app, pages: both_pages(stripe_pages, mail_pages) })
}

/// The Bot API when a token is set; otherwise a bot that refuses (alerts for Telegram are
/// then recorded failed, and nobody can link a chat that would receive them).
fn telegram(settings: &Settings) -> Arc<dyn TelegramBot> {
    match &settings.telegram_bot_token {
        Some(token) => Arc::new(HttpTelegramBot::new(TelegramSettings {
            token: token.clone(),
            api_base: settings.telegram_api_base.clone(),
            timeout: Duration::from_secs(10),
        })),
        None => Arc::new(UnconfiguredTelegram),
    }
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
