//! The in-memory accounts store, counting reads of a user by id: for the tests that show a
//! cached profile is not read again.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use async_trait::async_trait;
use signalbox::adapters::memory::InMemoryAccounts;
use signalbox::domain::{Email, PasswordHash, StripeCustomerId, User, UserId};
use signalbox::ports::{CreateUserError, NewUser, StoreError, UserCredentials, UserRepository};

pub struct CountingUsers {
    inner: Arc<InMemoryAccounts>,
    reads_by_id: AtomicUsize,
}

impl CountingUsers {
    pub fn new(inner: Arc<InMemoryAccounts>) -> Self {
        Self { inner, reads_by_id: AtomicUsize::new(0) }
    }

    /// How many times a user has been read by id so far.
    pub fn reads_by_id(&self) -> usize {
        self.reads_by_id.load(Ordering::SeqCst)
    }
}

#[async_trait]
impl UserRepository for CountingUsers {
    async fn create(&self, new_user: NewUser) -> Result<User, CreateUserError> {
        self.inner.create(new_user).await
    }

    async fn find_credentials_by_email(&self, email: &Email) -> Result<Option<UserCredentials>, StoreError> {
        self.inner.find_credentials_by_email(email).await
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
