//! The real (cheap) argon2 hasher, counted: how many hashes and verifications a request
//! caused, to show a refused request caused none.

use std::sync::atomic::{AtomicUsize, Ordering};

use async_trait::async_trait;
use signalbox::adapters::auth::Argon2Hasher;
use signalbox::domain::{Password, PasswordHash};
use signalbox::ports::{HashError, PasswordHasher};

use super::test_app::cheap_hasher;

pub struct CountingHasher {
    inner: Argon2Hasher,
    calls: AtomicUsize,
}

impl CountingHasher {
    pub fn new() -> Self {
        Self { inner: cheap_hasher(), calls: AtomicUsize::new(0) }
    }

    /// Hashes and verifications so far.
    pub fn calls(&self) -> usize {
        self.calls.load(Ordering::SeqCst)
    }
}

#[async_trait]
impl PasswordHasher for CountingHasher {
    async fn hash(&self, password: &Password) -> Result<PasswordHash, HashError> {
        self.calls.fetch_add(1, Ordering::SeqCst);
        self.inner.hash(password).await
    }

    async fn verify(&self, password: &Password, hash: &PasswordHash) -> Result<bool, HashError> {
        self.calls.fetch_add(1, Ordering::SeqCst);
        self.inner.verify(password, hash).await
    }

    fn dummy_hash(&self) -> PasswordHash {
        self.inner.dummy_hash()
    }

    fn needs_rehash(&self, hash: &PasswordHash) -> bool {
        self.inner.needs_rehash(hash)
    }
}
