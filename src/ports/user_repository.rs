//! Where accounts live.

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use super::StoreError;
use crate::domain::{Email, PasswordHash, StripeCustomerId, User, UserId};

/// Everything needed to create an account; the id is chosen by the caller.
#[derive(Clone, Debug)]
pub struct NewUser {
    pub id: UserId,
    pub email: Email,
    pub password_hash: PasswordHash,
    pub created_at: DateTime<Utc>,
}

/// A user together with their password hash, for login only.
#[derive(Clone, Debug)]
pub struct UserCredentials {
    pub user: User,
    pub password_hash: PasswordHash,
}

#[derive(Debug, thiserror::Error)]
pub enum CreateUserError {
    #[error("an account with this email already exists")]
    EmailTaken,
    #[error(transparent)]
    Store(#[from] StoreError),
}

#[async_trait]
pub trait UserRepository: Send + Sync {
    /// Stores a new account and returns it.
    ///
    /// # Errors
    /// MUST return [`CreateUserError::EmailTaken`] when an account with the same email exists
    /// (emails are normalised by [`Email`], so this is case-insensitive), also when two creates
    /// for one email race: exactly one of them succeeds. Nothing is stored on error.
    async fn create(&self, new_user: NewUser) -> Result<User, CreateUserError>;

    /// The account with this email and its password hash, if any.
    async fn find_credentials_by_email(&self, email: &Email) -> Result<Option<UserCredentials>, StoreError>;

    async fn find_by_id(&self, id: UserId) -> Result<Option<User>, StoreError>;

    /// The account whose Stripe customer is `customer`, if any.
    async fn find_by_customer(&self, customer: &StripeCustomerId) -> Result<Option<User>, StoreError>;

    /// Links a Stripe customer to the account unless one is already linked, and returns the
    /// customer that is linked afterwards (first writer wins, atomically).
    ///
    /// # Errors
    /// MUST return [`StoreError::NotFound`] when no such user exists, and
    /// [`StoreError::Conflict`] when `customer` is already linked to another user (a customer
    /// belongs to one user); nothing changes then. [`StoreError::Unavailable`] on backend
    /// failure.
    async fn link_customer(&self, id: UserId, customer: &StripeCustomerId) -> Result<StripeCustomerId, StoreError>;

    /// Replaces the user's linked customer `from` with `to`, but only while `from` is still the
    /// one linked (compare-and-swap, atomically), and moves `from`'s subscriptions to `to`, so
    /// whatever they grant stays the user's. Returns the customer linked afterwards: `to`, or
    /// whichever customer replaced `from` first. Events of `to` that were unmatched now count,
    /// as after [`Self::link_customer`].
    ///
    /// For a customer that exists only here (one made for a local grant) when the user first
    /// meets the payment provider, which must never be sent the local one.
    ///
    /// # Errors
    /// MUST return [`StoreError::NotFound`] when no such user exists, and
    /// [`StoreError::Conflict`] when `to` is linked to another user; nothing changes then.
    /// [`StoreError::Unavailable`] on backend failure.
    async fn replace_customer(
        &self,
        id: UserId,
        from: &StripeCustomerId,
        to: &StripeCustomerId,
    ) -> Result<StripeCustomerId, StoreError>;

    /// Replaces the user's password hash with `new`, but only while it is still `current`
    /// (compare-and-swap, atomically). Returns whether it was replaced.
    ///
    /// Used to upgrade a hash to stronger parameters after a successful login. The guard
    /// means such an upgrade can never overwrite a hash that changed in the meantime (a
    /// password change racing a login with the old password must win).
    ///
    /// # Errors
    /// `StoreError` on backend failure. An unknown user is not an error: nothing matches,
    /// so `Ok(false)`.
    async fn update_password_hash(
        &self,
        id: UserId,
        current: &PasswordHash,
        new: &PasswordHash,
    ) -> Result<bool, StoreError>;

    /// Deletes the account and the subscriptions of its Stripe customer, atomically. The
    /// webhook log is kept (it is Stripe's record, purged by age). Sessions and reset tokens
    /// live behind other ports: the caller revokes them first (the SQL tables also cascade).
    /// Returns whether the account existed.
    ///
    /// # Errors
    /// `StoreError` on backend failure; then nothing was deleted.
    async fn delete(&self, id: UserId) -> Result<bool, StoreError>;
}
