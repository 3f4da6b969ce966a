//! Where password-reset tokens live: hashed, spent at most once, for a limited time.
//!
//! The store decides "is this token still good?" and spends it in one atomic step, so two
//! concurrent confirmations with one link cannot both set a password.

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use super::StoreError;
use crate::domain::{ResetTokenHash, UserId};

/// A token to store: whose it is and its lifetime (kept in whole seconds).
#[derive(Clone, Debug)]
pub struct NewResetToken {
    pub hash: ResetTokenHash,
    pub user: UserId,
    pub issued_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
}

/// What presenting a token did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SpendOutcome {
    /// The token was live and is now spent: the caller may set `user`'s password.
    Spent { user: UserId },
    /// Spent before (or revoked): a link works once.
    AlreadyUsed,
    /// Past its expiry (`expires_at <= now`, in whole seconds).
    Expired,
    /// No such token.
    Unknown,
}

#[async_trait]
pub trait PasswordResetStore: Send + Sync {
    /// Stores a new live token.
    ///
    /// # Errors
    /// `StoreError` on backend failure, and when `user` does not exist (the SQL adapter has a
    /// foreign key; callers only issue tokens for users they found).
    async fn issue(&self, token: &NewResetToken) -> Result<(), StoreError>;

    /// Spends `presented` at `now` if it is live, as ONE atomic step; see [`SpendOutcome`].
    /// Of N concurrent calls with one live token exactly one returns `Spent`.
    ///
    /// # Errors
    /// `StoreError` on backend failure; then nothing changed.
    async fn spend(&self, presented: &ResetTokenHash, now: DateTime<Utc>) -> Result<SpendOutcome, StoreError>;

    /// Spends every live token of `user` at `now` (the password just changed: older links must
    /// not change it again). Returns how many were live.
    ///
    /// # Errors
    /// `StoreError` on backend failure.
    async fn revoke_all(&self, user: UserId, now: DateTime<Utc>) -> Result<u64, StoreError>;
}
