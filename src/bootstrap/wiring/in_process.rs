//! One application held in this process, with no backing service: for the spec export and tests.

use std::sync::Arc;

use super::adapter_settings::jwt;
use super::assemble::{Adapters, assemble};
use super::policies::policies;
use super::push::web_push;
use crate::adapters::market::MarketSimulator;
use crate::adapters::memory::{
    MemoryAccountChanges, MemoryAlertOutbox, MemoryAlertSubscribers, MemoryCache, MemoryCallLedger, MemoryClaims,
    MemoryCounters, MemoryPushDevices, MemorySignalBus, MemorySignalHistory, MemoryTelegramBot,
};
use crate::adapters::stripe_webhook::StripeWebhookVerifier;
use crate::app::Services;
use crate::bootstrap::config::Settings;
use crate::domain::market::MarketCalendar;
use crate::ports::{
    BillingStore, Clock, Mailer, PasswordHasher, PasswordResetStore, PaymentGateway, RefreshTokenStore, UserRepository,
};

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
pub fn in_process(settings: &Settings, parts: InProcess) -> anyhow::Result<Services> {
    let clock = parts.clock;
    let outbox = Arc::new(MemoryAlertOutbox::new());
    let adapters = Adapters {
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
        call_ledger: Arc::new(MemoryCallLedger::with_outbox(outbox.clone())),
        signal_bus: Arc::new(MemorySignalBus::new()),
        billing_changes: Arc::new(MemoryAccountChanges::new()),
        alert_outbox: outbox,
        alert_subscribers: Arc::new(MemoryAlertSubscribers::new()),
        telegram: Arc::new(MemoryTelegramBot::new()),
        push_devices: Arc::new(MemoryPushDevices::default()),
        web_push: web_push(settings)?,
    };
    Ok(assemble(adapters, policies(settings)?))
}
