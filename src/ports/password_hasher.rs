//! Password hashing. Slow on purpose; implementations must not block the async runtime, and
//! must bound the work they accept (a flood of logins must not queue minutes of hashing).

use async_trait::async_trait;

use crate::domain::{Password, PasswordHash};

#[derive(Debug, thiserror::Error)]
pub enum HashError {
    /// Hashing is at capacity: the request was refused at once, nothing was queued. Retrying
    /// shortly may succeed.
    #[error("password hashing is at capacity")]
    Busy,
    #[error(transparent)]
    Failed(#[from] anyhow::Error),
}

#[async_trait]
pub trait PasswordHasher: Send + Sync {
    /// A fresh salted hash of `password`.
    ///
    /// # Errors
    /// [`HashError::Busy`] when hashing is at capacity; `Failed` on anything else.
    async fn hash(&self, password: &Password) -> Result<PasswordHash, HashError>;

    /// Whether `password` matches `hash`, in time independent of where they differ.
    ///
    /// # Errors
    /// [`HashError::Busy`] when hashing is at capacity; `Failed` when `hash` is unreadable.
    async fn verify(&self, password: &Password, hash: &PasswordHash) -> Result<bool, HashError>;

    /// A hash of no real password, verified against on logins for unknown emails so that they
    /// take as long as logins for known ones (no account enumeration by timing).
    fn dummy_hash(&self) -> PasswordHash;

    /// Whether `hash` was made with other parameters (algorithm, version, cost) than this
    /// hasher uses now, so it should be replaced after the next successful verification.
    /// `false` for a hash this hasher cannot read (there is nothing to upgrade it from).
    fn needs_rehash(&self, hash: &PasswordHash) -> bool;
}
