//! A billing store that fails on command: the in-memory fake, with `record_event` answering
//! `StoreError::Unavailable` while switched on — what a dropped database connection in the
//! middle of applying a webhook looks like to the use case. Everything else (including
//! `record_failure`, which runs in its own transaction afterwards) keeps working, as it would
//! once the connection is back.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use signalbox::adapters::auth::{Argon2Hasher, JwtIssuer, JwtSettings};
use signalbox::adapters::clock::ManualClock;
use signalbox::adapters::memory::{InMemoryAccounts, MemoryCache, MemoryClaims, MemoryCounters};
use signalbox::adapters::simulated_stripe::SimulatedStripe;
use signalbox::adapters::stripe_webhook::StripeWebhookVerifier;
use signalbox::app::config::Settings;
use signalbox::app::wiring::{MemoryStores, Wired, policies};
use signalbox::app::{Dependencies, Signalbox};
use signalbox::domain::{
    BillingState, CheckoutSessionId, StripeCustomerId, StripeEventId, StripeSubscriptionId, Transition, UserId,
};
use signalbox::ports::billing_store::Decide;
use signalbox::ports::{
    BillingStore, EventToApply, RecordOutcome, StoreError, StoredWebhookEvent, WebhookEventRecord, WebhookEventStatus,
};

pub const INJECTED_FAILURE: &str = "injected: connection reset while applying";

pub struct FaultyBilling {
    inner: Arc<InMemoryAccounts>,
    failing: AtomicBool,
}

impl FaultyBilling {
    /// From now on `record_event` fails (`true`) or works (`false`).
    pub fn set_failing(&self, failing: bool) {
        self.failing.store(failing, Ordering::SeqCst);
    }
}

#[async_trait]
impl BillingStore for FaultyBilling {
    async fn billing_state(&self, user: UserId) -> Result<BillingState, StoreError> {
        self.inner.billing_state(user).await
    }

    async fn record_event(&self, event: EventToApply<'_>) -> Result<RecordOutcome, StoreError> {
        if self.failing.load(Ordering::SeqCst) {
            return Err(StoreError::unavailable(anyhow::anyhow!(INJECTED_FAILURE)));
        }
        self.inner.record_event(event).await
    }

    async fn reconcile_subscription(
        &self,
        subscription: &StripeSubscriptionId,
        decide: Decide<'_>,
    ) -> Result<Transition, StoreError> {
        self.inner.reconcile_subscription(subscription, decide).await
    }

    async fn purge_events(&self, before: DateTime<Utc>) -> Result<u64, StoreError> {
        self.inner.purge_events(before).await
    }

    async fn swap_open_checkout(
        &self,
        user: UserId,
        session: &CheckoutSessionId,
    ) -> Result<Option<CheckoutSessionId>, StoreError> {
        self.inner.swap_open_checkout(user, session).await
    }

    async fn linked_customers(&self) -> Result<Vec<(UserId, StripeCustomerId)>, StoreError> {
        self.inner.linked_customers().await
    }

    async fn is_recorded(&self, id: &StripeEventId) -> Result<bool, StoreError> {
        self.inner.is_recorded(id).await
    }

    async fn record_failure(&self, event: &WebhookEventRecord, error: &str) -> Result<(), StoreError> {
        self.inner.record_failure(event, error).await
    }

    async fn list_events(
        &self,
        status: Option<WebhookEventStatus>,
        limit: usize,
    ) -> Result<Vec<StoredWebhookEvent>, StoreError> {
        self.inner.list_events(status, limit).await
    }

    async fn find_event(&self, id: &StripeEventId) -> Result<Option<StoredWebhookEvent>, StoreError> {
        self.inner.find_event(id).await
    }
}

/// `wiring::in_memory`, with the billing port behind a [`FaultyBilling`].
pub fn in_memory(
    settings: &Settings,
    clock: Arc<ManualClock>,
    hasher: Argon2Hasher,
    stores: MemoryStores,
) -> (Wired, Arc<FaultyBilling>) {
    let accounts = stores.accounts;
    let faulty = Arc::new(FaultyBilling { inner: accounts.clone(), failing: AtomicBool::new(false) });
    let simulated = Arc::new(SimulatedStripe::new(settings.public_url()));
    let deps = Dependencies {
        users: accounts,
        billing: faulty.clone(),
        refresh_tokens: stores.refresh_tokens,
        counters: Arc::new(MemoryCounters::new(clock.clone())),
        cache: Arc::new(MemoryCache::new(clock.clone())),
        claims: Arc::new(MemoryClaims::new(clock.clone())),
        gateway: simulated.clone(),
        hasher: Arc::new(hasher),
        tokens: Arc::new(JwtIssuer::new(&JwtSettings {
            secret: settings.secret_key.clone(),
            ttl: chrono::Duration::minutes(settings.access_token_minutes),
        })),
        webhooks: Arc::new(StripeWebhookVerifier::new(settings.webhook_secrets())),
        clock,
        health_checks: Vec::new(),
        market: Arc::new(signalbox::adapters::market::MarketSimulator::default()),
        calendar: signalbox::domain::market::MarketCalendar::default(),
        signal_history: Arc::new(signalbox::adapters::memory::MemorySignalHistory::new()),
        signal_bus: Arc::new(signalbox::adapters::memory::MemorySignalBus::new()),
    };
    let app = Arc::new(Signalbox::new(deps, policies(settings).expect("valid policies")));
    (Wired { app, simulated_stripe: Some(simulated) }, faulty)
}
