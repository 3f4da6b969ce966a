//! A billing store that fails on command: the in-memory fake, with `record_event` answering
//! `StoreError::Unavailable` while switched on — what a dropped database connection in the
//! middle of applying a webhook looks like to the use case. Everything else (including
//! `record_failure`, which runs in its own transaction afterwards) keeps working, as it would
//! once the connection is back. It also counts billing-state reads, for the tests that show
//! a cached plan is not read again.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use signalbox::adapters::auth::Argon2Hasher;
use signalbox::adapters::clock::ManualClock;
use signalbox::adapters::memory::InMemoryAccounts;
use signalbox::bootstrap::config::Settings;
use signalbox::bootstrap::wiring::Wired;
use signalbox::domain::{
    BillingState, CheckoutSessionId, StripeCustomerId, StripeEventId, StripeSubscriptionId, Transition, UserId,
};
use signalbox::ports::billing_store::Decide;
use signalbox::ports::{
    BillingStore, EventToApply, RecordOutcome, StoreError, StoredWebhookEvent, WebhookEventRecord, WebhookEventStatus,
};

use super::in_memory::{MemoryStores, with_billing};

pub const INJECTED_FAILURE: &str = "injected: connection reset while applying";

pub struct FaultyBilling {
    inner: Arc<InMemoryAccounts>,
    failing: AtomicBool,
    state_reads: AtomicUsize,
}

impl FaultyBilling {
    /// From now on `record_event` fails (`true`) or works (`false`).
    pub fn set_failing(&self, failing: bool) {
        self.failing.store(failing, Ordering::SeqCst);
    }

    /// How many times a user's billing state has been read so far.
    pub fn state_reads(&self) -> usize {
        self.state_reads.load(Ordering::SeqCst)
    }
}

#[async_trait]
impl BillingStore for FaultyBilling {
    async fn billing_state(&self, user: UserId) -> Result<BillingState, StoreError> {
        self.state_reads.fetch_add(1, Ordering::SeqCst);
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

/// The in-memory app, with the billing port behind a [`FaultyBilling`].
pub fn in_memory(
    settings: &Settings,
    clock: Arc<ManualClock>,
    hasher: Argon2Hasher,
    stores: MemoryStores,
) -> (Wired, Arc<FaultyBilling>) {
    let faulty = Arc::new(FaultyBilling {
        inner: stores.accounts.clone(),
        failing: AtomicBool::new(false),
        state_reads: AtomicUsize::new(0),
    });
    (with_billing(settings, clock, Arc::new(hasher), stores, faulty.clone()), faulty)
}
