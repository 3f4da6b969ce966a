//! Password hashing. Slow on purpose; implementations must not block the async runtime.

use async_trait::async_trait;

use crate::domain::{Password, PasswordHash};

#[async_trait]
pub trait PasswordHasher: Send + Sync {
    /// A fresh salted hash of `password`.
    async fn hash(&self, password: &Password) -> anyhow::Result<PasswordHash>;

    /// Whether `password` matches `hash`, in time independent of where they differ.
    async fn verify(&self, password: &Password, hash: &PasswordHash) -> anyhow::Result<bool>;

    /// A hash of no real password, verified against on logins for unknown emails so that they
    /// take as long as logins for known ones (no account enumeration by timing).
    fn dummy_hash(&self) -> PasswordHash;

    /// Whether `hash` was made with other parameters (algorithm, version, cost) than this
    /// hasher uses now, so it should be replaced after the next successful verification.
    /// `false` for a hash this hasher cannot read (there is nothing to upgrade it from).
    fn needs_rehash(&self, hash: &PasswordHash) -> bool;
}
