//! The in-memory accounts store, observed: it counts reads of a user by id (to show a cached
//! profile is not read again) and can hold every lookup by email at a gate (to show an answer
//! does not wait on the account lookup), counting the lookups that got through.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use async_trait::async_trait;
use signalbox::adapters::memory::InMemoryAccounts;
use signalbox::domain::{Email, PasswordHash, StripeCustomerId, User, UserId};
use signalbox::ports::{CreateUserError, NewUser, StoreError, UserCredentials, UserRepository};
use tokio::sync::watch;

pub struct ObservedUsers {
    inner: Arc<InMemoryAccounts>,
    reads_by_id: AtomicUsize,
    /// `true` while lookups by email may go through.
    email_gate: watch::Sender<bool>,
    email_lookups_done: AtomicUsize,
}

impl ObservedUsers {
    /// Observes `inner`, with lookups by email going through.
    pub fn new(inner: Arc<InMemoryAccounts>) -> Self {
        Self {
            inner,
            reads_by_id: AtomicUsize::new(0),
            email_gate: watch::Sender::new(true),
            email_lookups_done: AtomicUsize::new(0),
        }
    }

    /// How many times a user has been read by id so far.
    pub fn reads_by_id(&self) -> usize {
        self.reads_by_id.load(Ordering::SeqCst)
    }

    /// How many lookups by email have finished so far.
    pub fn email_lookups_done(&self) -> usize {
        self.email_lookups_done.load(Ordering::SeqCst)
    }

    /// From now on lookups by email wait until [`Self::release_email_lookups`].
    pub fn hold_email_lookups(&self) {
        self.email_gate.send_replace(false);
    }

    pub fn release_email_lookups(&self) {
        self.email_gate.send_replace(true);
    }
}

#[async_trait]
impl UserRepository for ObservedUsers {
    async fn create(&self, new_user: NewUser) -> Result<User, CreateUserError> {
        self.inner.create(new_user).await
    }

    async fn find_credentials_by_email(&self, email: &Email) -> Result<Option<UserCredentials>, StoreError> {
        let _ = self.email_gate.subscribe().wait_for(|open| *open).await;
        let found = self.inner.find_credentials_by_email(email).await;
        self.email_lookups_done.fetch_add(1, Ordering::SeqCst);
        found
    }

    async fn find_by_id(&self, id: UserId) -> Result<Option<User>, StoreError> {
        self.reads_by_id.fetch_add(1, Ordering::SeqCst);
        self.inner.find_by_id(id).await
    }

    async fn find_by_customer(&self, customer: &StripeCustomerId) -> Result<Option<User>, StoreError> {
        self.inner.find_by_customer(customer).await
    }

    async fn link_customer(&self, id: UserId, customer: &StripeCustomerId) -> Result<StripeCustomerId, StoreError> {
        self.inner.link_customer(id, customer).await
    }

    async fn replace_customer(
        &self,
        id: UserId,
        from: &StripeCustomerId,
        to: &StripeCustomerId,
    ) -> Result<StripeCustomerId, StoreError> {
        self.inner.replace_customer(id, from, to).await
    }

    async fn update_password_hash(
        &self,
        id: UserId,
        current: &PasswordHash,
        new: &PasswordHash,
    ) -> Result<bool, StoreError> {
        self.inner.update_password_hash(id, current, new).await
    }

    async fn delete(&self, id: UserId) -> Result<bool, StoreError> {
        self.inner.delete(id).await
    }
}
