//! Accounts and billing in process memory: [`UserRepository`] and [`BillingStore`] over one
//! mutex-protected state, the fake counterpart of the SQL adapter.
//!
//! One lock for users, subscriptions and the event log is what makes `record_event` atomic
//! (dedupe, link, read, decide, write happen under it) and serialises concurrent events for one
//! subscription. A `std` mutex suffices: it is never held across an `.await`.
//!
//! It mirrors the SQL schema's behaviour, not just the port's words: subscriptions are keyed by
//! their Stripe id and belong to a customer, a Stripe customer belongs to at most one user,
//! timestamps are kept in whole seconds, and the event log keeps what `webhook_events` keeps
//! (a failed entry is taken over by the next delivery; unmatched ones turn processed when their
//! customer is linked).

use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard};

use async_trait::async_trait;
use chrono::{DateTime, SubsecRound, Utc};

use crate::domain::{
    BillingState, CheckoutSessionId, Email, PasswordHash, StripeCustomerId, StripeEventId, StripeSubscriptionId,
    Subscription, Transition, User, UserId,
};
use crate::ports::billing_store::Decide;
use crate::ports::{
    BillingStore, CreateUserError, EventToApply, NewUser, RecordOutcome, StoreError, StoredWebhookEvent,
    UserCredentials, UserRepository, WebhookEventRecord, WebhookEventStatus,
};

#[derive(Debug, Default)]
pub struct InMemoryAccounts {
    state: Mutex<State>,
}

#[derive(Clone, Debug, Default)]
struct State {
    users: HashMap<UserId, Account>,
    by_email: HashMap<Email, UserId>,
    subscriptions: HashMap<StripeSubscriptionId, Subscription>,
    /// The event log, as the SQL `webhook_events` table holds it, with each event's customer.
    events: HashMap<StripeEventId, (StoredWebhookEvent, Option<StripeCustomerId>)>,
}

/// One user row.
#[derive(Clone, Debug)]
struct Account {
    email: Email,
    password_hash: PasswordHash,
    created_at: DateTime<Utc>,
    customer_id: Option<StripeCustomerId>,
    open_checkout: Option<CheckoutSessionId>,
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
            stripe_customer_id: self.customer_id.clone(),
        }
    }
}

impl State {
    /// Like the SQL `UNIQUE` on `stripe_customer_id`: refuse to give one customer to two users.
    fn ensure_customer_free(&self, customer: &StripeCustomerId, for_user: UserId) -> Result<(), StoreError> {
        let taken =
            self.users.iter().any(|(id, account)| *id != for_user && account.customer_id.as_ref() == Some(customer));
        if taken { Err(StoreError::Conflict(format!("customer {customer} is linked to another user"))) } else { Ok(()) }
    }

    /// Recorded with any status but `failed`: a failure does not count as processing.
    fn is_processed(&self, id: &StripeEventId) -> bool {
        self.events.get(id).is_some_and(|(e, _)| e.status != WebhookEventStatus::Failed)
    }

    fn is_linked(&self, customer: &StripeCustomerId) -> bool {
        self.users.values().any(|account| account.customer_id.as_ref() == Some(customer))
    }

    /// The customer now has a user: its unmatched events were applied already, so they are
    /// processed from here on.
    fn match_events_of(&mut self, customer: &StripeCustomerId) {
        for (event, event_customer) in self.events.values_mut() {
            if event.status == WebhookEventStatus::Unmatched && event_customer.as_ref() == Some(customer) {
                event.status = WebhookEventStatus::Processed;
            }
        }
    }

    /// Links `customer` to `user` as `record_event` step 2 describes; `Err` names the conflict.
    fn link(&mut self, user: UserId, customer: &StripeCustomerId) -> Result<(), String> {
        let Some(account) = self.users.get(&user) else {
            return Err(format!("user {user} does not exist"));
        };
        match &account.customer_id {
            Some(existing) if existing == customer => return Ok(()),
            Some(existing) => return Err(format!("user {user} is linked to customer {existing}, not {customer}")),
            None => {}
        }
        if self.is_linked(customer) {
            return Err(format!("customer {customer} is linked to another user than {user}"));
        }
        self.users.get_mut(&user).expect("checked above, under the same lock").customer_id = Some(customer.clone());
        self.match_events_of(customer);
        Ok(())
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
            customer_id: None,
            open_checkout: None,
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
        let found = state.users.iter().find(|(_, account)| account.customer_id.as_ref() == Some(customer));
        Ok(found.map(|(id, account)| account.user(*id)))
    }

    async fn link_customer(&self, id: UserId, customer: &StripeCustomerId) -> Result<StripeCustomerId, StoreError> {
        let mut state = self.lock();
        let linked = state.users.get(&id).ok_or_else(|| StoreError::NotFound(format!("no user {id}")))?;
        if let Some(existing) = &linked.customer_id {
            return Ok(existing.clone());
        }
        state.ensure_customer_free(customer, id)?;
        let account = state.users.get_mut(&id).expect("checked above, under the same lock");
        account.customer_id = Some(customer.clone());
        state.match_events_of(customer);
        Ok(customer.clone())
    }

    async fn replace_customer(
        &self,
        id: UserId,
        from: &StripeCustomerId,
        to: &StripeCustomerId,
    ) -> Result<StripeCustomerId, StoreError> {
        let mut state = self.lock();
        let linked = state.users.get(&id).ok_or_else(|| StoreError::NotFound(format!("no user {id}")))?;
        match &linked.customer_id {
            Some(current) if current == from => {}
            Some(current) => return Ok(current.clone()),
            None => return Err(StoreError::Conflict(format!("user {id} has no customer to replace"))),
        }
        state.ensure_customer_free(to, id)?;
        state.users.get_mut(&id).expect("checked above, under the same lock").customer_id = Some(to.clone());
        for subscription in state.subscriptions.values_mut().filter(|s| s.customer == *from) {
            subscription.customer = to.clone();
        }
        state.match_events_of(to);
        Ok(to.clone())
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

    async fn delete(&self, id: UserId) -> Result<bool, StoreError> {
        let mut state = self.lock();
        let Some(account) = state.users.remove(&id) else { return Ok(false) };
        state.by_email.remove(&account.email);
        if let Some(customer) = account.customer_id {
            state.subscriptions.retain(|_, s| s.customer != customer);
        }
        Ok(true)
    }
}

#[async_trait]
impl BillingStore for InMemoryAccounts {
    async fn billing_state(&self, user: UserId) -> Result<BillingState, StoreError> {
        let state = self.lock();
        let Some(customer) = state.users.get(&user).and_then(|account| account.customer_id.clone()) else {
            return Ok(BillingState::default());
        };
        let mut subscriptions: Vec<Subscription> =
            state.subscriptions.values().filter(|s| s.customer == customer).cloned().collect();
        subscriptions.sort_by(|a, b| a.id.as_str().cmp(b.id.as_str()));
        Ok(BillingState { customer_id: Some(customer), subscriptions })
    }

    async fn record_event(&self, event: EventToApply<'_>) -> Result<RecordOutcome, StoreError> {
        let mut guard = self.lock();
        if guard.is_processed(&event.record.id) {
            return Ok(RecordOutcome::AlreadyProcessed);
        }
        // Work on a copy and swap it in at the end: all or nothing, like the SQL transaction.
        let mut state = guard.clone();
        if let (Some(user), Some(customer)) = (event.link_user, event.customer)
            && let Err(conflict) = state.link(user, customer)
        {
            return Ok(RecordOutcome::LinkConflict(conflict));
        }
        let transition = match event.subscription {
            Some(id) => {
                let transition = (event.decide)(state.subscriptions.get(id));
                if let Transition::Apply(next) = &transition {
                    state.subscriptions.insert(id.clone(), whole_seconds(next.clone()));
                }
                transition
            }
            None => Transition::Ignored,
        };
        let customer = match event.subscription.and_then(|id| state.subscriptions.get(id)) {
            Some(subscription) => Some(subscription.customer.clone()),
            None => event.customer.cloned(),
        };
        let matched = customer.as_ref().is_some_and(|c| state.is_linked(c));
        let status = WebhookEventStatus::of(&transition, matched);
        // Taking over a failed entry keeps its first receipt, as the SQL upsert does.
        let record = match state.events.remove(&event.record.id) {
            Some((failed, _)) => failed.record,
            None => whole_seconds_record(event.record.clone()),
        };
        state.events.insert(event.record.id.clone(), (StoredWebhookEvent { record, status, error: None }, customer));
        *guard = state;
        Ok(RecordOutcome::Recorded { transition, status })
    }

    async fn reconcile_subscription(
        &self,
        subscription: &StripeSubscriptionId,
        decide: Decide<'_>,
    ) -> Result<Transition, StoreError> {
        let mut state = self.lock();
        let transition = decide(state.subscriptions.get(subscription));
        if let Transition::Apply(next) = &transition {
            state.subscriptions.insert(subscription.clone(), whole_seconds(next.clone()));
        }
        Ok(transition)
    }

    async fn is_recorded(&self, id: &StripeEventId) -> Result<bool, StoreError> {
        Ok(self.lock().is_processed(id))
    }

    async fn record_failure(&self, event: &WebhookEventRecord, error: &str) -> Result<(), StoreError> {
        let mut state = self.lock();
        match state.events.get_mut(&event.id) {
            Some((stored, _)) if stored.status == WebhookEventStatus::Failed => stored.error = Some(error.to_owned()),
            Some(_) => {}
            None => {
                let failed = StoredWebhookEvent {
                    record: whole_seconds_record(event.clone()),
                    status: WebhookEventStatus::Failed,
                    error: Some(error.to_owned()),
                };
                state.events.insert(event.id.clone(), (failed, None));
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
            state.events.values().map(|(e, _)| e).filter(|e| status.is_none_or(|s| e.status == s)).cloned().collect();
        found.sort_by(|a, b| {
            b.record.received_at.cmp(&a.record.received_at).then_with(|| a.record.id.as_str().cmp(b.record.id.as_str()))
        });
        found.truncate(limit);
        Ok(found)
    }

    async fn find_event(&self, id: &StripeEventId) -> Result<Option<StoredWebhookEvent>, StoreError> {
        Ok(self.lock().events.get(id).map(|(e, _)| e.clone()))
    }

    async fn swap_open_checkout(
        &self,
        user: UserId,
        session: &CheckoutSessionId,
    ) -> Result<Option<CheckoutSessionId>, StoreError> {
        let mut state = self.lock();
        let account = state.users.get_mut(&user).ok_or_else(|| StoreError::NotFound(format!("no user {user}")))?;
        Ok(account.open_checkout.replace(session.clone()))
    }

    async fn linked_customers(&self) -> Result<Vec<(UserId, StripeCustomerId)>, StoreError> {
        let state = self.lock();
        let mut linked: Vec<(UserId, StripeCustomerId)> =
            state.users.iter().filter_map(|(id, a)| a.customer_id.clone().map(|c| (*id, c))).collect();
        linked.sort_by_key(|(id, _)| *id);
        Ok(linked)
    }

    async fn purge_events(&self, before: DateTime<Utc>) -> Result<u64, StoreError> {
        let mut state = self.lock();
        let count = state.events.len();
        state.events.retain(|_, (e, _)| {
            e.record.received_at >= before
                || matches!(e.status, WebhookEventStatus::Failed | WebhookEventStatus::Unmatched)
        });
        Ok((count - state.events.len()) as u64)
    }
}

fn whole_seconds_record(mut record: WebhookEventRecord) -> WebhookEventRecord {
    record.created = record.created.trunc_subsecs(0);
    record.received_at = record.received_at.trunc_subsecs(0);
    record
}

/// What the SQL store keeps of a subscription: timestamps to the second.
fn whole_seconds(mut s: Subscription) -> Subscription {
    s.status_at = s.status_at.trunc_subsecs(0);
    s.current_period_end = s.current_period_end.map(|at| at.trunc_subsecs(0));
    s.details_at = s.details_at.map(|at| at.trunc_subsecs(0));
    s.paid_through = s.paid_through.map(|at| at.trunc_subsecs(0));
    s.last_event_at = s.last_event_at.trunc_subsecs(0);
    s
}
