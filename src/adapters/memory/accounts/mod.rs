//! Accounts and billing in process memory: [`UserRepository`](crate::ports::UserRepository) and
//! [`BillingStore`](crate::ports::BillingStore) over one mutex-protected state, the fake
//! counterpart of the SQL adapter.
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

use chrono::{DateTime, Utc};

use crate::domain::{
    CheckoutSessionId, Email, PasswordHash, StripeCustomerId, StripeEventId, StripeSubscriptionId, Subscription, User,
    UserId,
};
use crate::ports::{StoreError, StoredWebhookEvent, WebhookEventStatus};

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

mod billing;
mod users;
