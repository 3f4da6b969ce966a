//! Accounts and billing in process memory: [`UserRepository`] and [`BillingStore`] over one
//! mutex-protected state, the fake counterpart of the SQL adapter.
//!
//! One lock for users, billing and the event log is what makes `record_event` atomic (dedupe,
//! read, decide, write happen under it) and serialises concurrent events for one user. A
//! `std` mutex suffices: it is never held across an `.await`.
//!
//! It mirrors the SQL schema's behaviour, not just the port's words: billing state lives on
//! the user (so an event for an unknown user is recorded but changes nothing), a Stripe
//! customer belongs to at most one user, timestamps are kept in whole seconds, and the event
//! log keeps what `webhook_events` keeps (a failed entry is taken over by the next delivery).

use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard};

use async_trait::async_trait;
use chrono::{DateTime, SubsecRound, Utc};

use crate::domain::{BillingState, Email, PasswordHash, StripeCustomerId, StripeEventId, Transition, User, UserId};
use crate::ports::billing_store::Decide;
use crate::ports::{
    BillingStore, CreateUserError, NewUser, RecordOutcome, StoreError, StoredWebhookEvent, UserCredentials,
    UserRepository, WebhookEventRecord, WebhookEventStatus,
};

#[derive(Debug, Default)]
pub struct InMemoryAccounts {
    state: Mutex<State>,
}

#[derive(Debug, Default)]
struct State {
    users: HashMap<UserId, Account>,
    by_email: HashMap<Email, UserId>,
    /// The event log, as the SQL `webhook_events` table holds it.
    events: HashMap<StripeEventId, StoredWebhookEvent>,
}

/// One user row: the account and its billing state. `billing.customer_id` is the user's
/// Stripe customer (one field, as in the SQL table).
#[derive(Debug)]
struct Account {
    email: Email,
    password_hash: PasswordHash,
    created_at: DateTime<Utc>,
    billing: BillingState,
}

impl InMemoryAccounts {
    pub fn new() -> Self {
        Self::default()
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        // A panic while holding the lock cannot leave a half-written account (every write is
        // a single insert or assignment), so the data is still consistent.
        self.state.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

impl Account {
    fn user(&self, id: UserId) -> User {
        User {
            id,
            email: self.email.clone(),
            created_at: self.created_at,
            stripe_customer_id: self.billing.customer_id.clone(),
        }
    }
}

impl State {
    /// Like the SQL `UNIQUE` on `stripe_customer_id`: refuse to give one customer to two users.
    fn ensure_customer_free(&self, customer: &StripeCustomerId, for_user: UserId) -> Result<(), StoreError> {
        let taken = self
            .users
            .iter()
            .any(|(id, account)| *id != for_user && account.billing.customer_id.as_ref() == Some(customer));
        if taken { Err(StoreError::Conflict(format!("customer {customer} is linked to another user"))) } else { Ok(()) }
    }

    /// Recorded with any status but `failed`: a failure does not count as processing.
    fn is_processed(&self, id: &StripeEventId) -> bool {
        self.events.get(id).is_some_and(|e| e.status != WebhookEventStatus::Failed)
    }
}

#[async_trait]
impl UserRepository for InMemoryAccounts {
    async fn create(&self, new_user: NewUser) -> Result<User, CreateUserError> {
        let mut state = self.lock();
        if state.by_email.contains_key(&new_user.email) {
            return Err(CreateUserError::EmailTaken);
        }
        let account = Account {
            email: new_user.email.clone(),
            password_hash: new_user.password_hash,
            created_at: new_user.created_at.trunc_subsecs(0),
            billing: BillingState::default(),
        };
        let user = account.user(new_user.id);
        state.by_email.insert(new_user.email, new_user.id);
        state.users.insert(new_user.id, account);
        Ok(user)
    }

    async fn find_credentials_by_email(&self, email: &Email) -> Result<Option<UserCredentials>, StoreError> {
        let state = self.lock();
        let found = state.by_email.get(email).and_then(|id| state.users.get(id).map(|account| (*id, account)));
        Ok(found.map(|(id, account)| UserCredentials {
            user: account.user(id),
            password_hash: account.password_hash.clone(),
        }))
    }

    async fn find_by_id(&self, id: UserId) -> Result<Option<User>, StoreError> {
        Ok(self.lock().users.get(&id).map(|account| account.user(id)))
    }

    async fn find_by_customer(&self, customer: &StripeCustomerId) -> Result<Option<User>, StoreError> {
        let state = self.lock();
        let found = state.users.iter().find(|(_, account)| account.billing.customer_id.as_ref() == Some(customer));
        Ok(found.map(|(id, account)| account.user(*id)))
    }

    async fn link_customer(&self, id: UserId, customer: &StripeCustomerId) -> Result<StripeCustomerId, StoreError> {
        let mut state = self.lock();
        let linked = state.users.get(&id).ok_or_else(|| StoreError::NotFound(format!("no user {id}")))?;
        if let Some(existing) = &linked.billing.customer_id {
            return Ok(existing.clone());
        }
        state.ensure_customer_free(customer, id)?;
        let account = state.users.get_mut(&id).expect("checked above, under the same lock");
        account.billing.customer_id = Some(customer.clone());
        Ok(customer.clone())
    }

    async fn update_password_hash(
        &self,
        id: UserId,
        current: &PasswordHash,
        new: &PasswordHash,
    ) -> Result<bool, StoreError> {
        let mut state = self.lock();
        match state.users.get_mut(&id) {
            Some(account) if account.password_hash == *current => {
                account.password_hash = new.clone();
                Ok(true)
            }
            _ => Ok(false),
        }
    }
}

#[async_trait]
impl BillingStore for InMemoryAccounts {
    async fn billing_state(&self, user: UserId) -> Result<BillingState, StoreError> {
        Ok(self.lock().users.get(&user).map(|account| account.billing.clone()).unwrap_or_default())
    }

    async fn record_event(
        &self,
        event: &WebhookEventRecord,
        user: Option<UserId>,
        decide: Decide<'_>,
    ) -> Result<RecordOutcome, StoreError> {
        let mut state = self.lock();
        if state.is_processed(&event.id) {
            return Ok(RecordOutcome::AlreadyProcessed);
        }
        let current = user.and_then(|id| state.users.get(&id).map(|account| (id, account.billing.clone())));
        let transition = current.map(|(id, current)| (id, decide(&current)));
        // Check everything that can fail before changing anything: all or nothing.
        if let Some((id, Transition::Apply(next))) = &transition {
            if let Some(customer) = &next.customer_id {
                state.ensure_customer_free(customer, *id)?;
            }
            let account = state.users.get_mut(id).expect("read above, under the same lock");
            account.billing = whole_seconds(next.clone());
        }
        let transition = transition.map(|(_, transition)| transition);
        let status = WebhookEventStatus::of(transition.as_ref());
        // Taking over a failed entry keeps its first receipt, as the SQL upsert does.
        let record = match state.events.remove(&event.id) {
            Some(failed) => failed.record,
            None => whole_seconds_record(event.clone()),
        };
        state.events.insert(event.id.clone(), StoredWebhookEvent { record, status, error: None });
        Ok(RecordOutcome::Recorded(transition))
    }

    async fn is_recorded(&self, id: &StripeEventId) -> Result<bool, StoreError> {
        Ok(self.lock().is_processed(id))
    }

    async fn record_failure(&self, event: &WebhookEventRecord, error: &str) -> Result<(), StoreError> {
        let mut state = self.lock();
        match state.events.get_mut(&event.id) {
            Some(stored) if stored.status == WebhookEventStatus::Failed => stored.error = Some(error.to_owned()),
            Some(_) => {}
            None => {
                let failed = StoredWebhookEvent {
                    record: whole_seconds_record(event.clone()),
                    status: WebhookEventStatus::Failed,
                    error: Some(error.to_owned()),
                };
                state.events.insert(event.id.clone(), failed);
            }
        }
        Ok(())
    }

    async fn list_events(
        &self,
        status: Option<WebhookEventStatus>,
        limit: usize,
    ) -> Result<Vec<StoredWebhookEvent>, StoreError> {
        let state = self.lock();
        let mut found: Vec<StoredWebhookEvent> =
            state.events.values().filter(|e| status.is_none_or(|s| e.status == s)).cloned().collect();
        found.sort_by(|a, b| {
            b.record.received_at.cmp(&a.record.received_at).then_with(|| a.record.id.as_str().cmp(b.record.id.as_str()))
        });
        found.truncate(limit);
        Ok(found)
    }

    async fn find_event(&self, id: &StripeEventId) -> Result<Option<StoredWebhookEvent>, StoreError> {
        Ok(self.lock().events.get(id).cloned())
    }
}

fn whole_seconds_record(mut record: WebhookEventRecord) -> WebhookEventRecord {
    record.created = record.created.trunc_subsecs(0);
    record.received_at = record.received_at.trunc_subsecs(0);
    record
}

/// What the SQL store keeps of a state: timestamps to the second.
fn whole_seconds(mut state: BillingState) -> BillingState {
    state.current_period_end = state.current_period_end.map(|at| at.trunc_subsecs(0));
    state.last_event_at = state.last_event_at.map(|at| at.trunc_subsecs(0));
    state
}
