//! When password hashing is at capacity, log-in and sign-up are refused at once with 503 and
//! `Retry-After` instead of queueing (the queue itself is tested in
//! `adapters::auth::hashing_threads`).

use std::sync::Arc;

use async_trait::async_trait;
use poem::http::StatusCode;
use signalbox::domain::{Password, PasswordHash};
use signalbox::ports::{HashError, PasswordHasher};

use crate::support::test_app::{PASSWORD, TestApp};

/// A hasher whose queue is always full.
struct AtCapacity;

#[async_trait]
impl PasswordHasher for AtCapacity {
    async fn hash(&self, _: &Password) -> Result<PasswordHash, HashError> {
        Err(HashError::Busy)
    }

    async fn verify(&self, _: &Password, _: &PasswordHash) -> Result<bool, HashError> {
        Err(HashError::Busy)
    }

    fn dummy_hash(&self) -> PasswordHash {
        PasswordHash::from_phc("$argon2id$v=19$m=64,t=1,p=1$c2FsdHNhbHQ$aGFzaGhhc2g".into())
    }

    fn needs_rehash(&self, _: &PasswordHash) -> bool {
        false
    }
}

#[tokio::test]
async fn login_and_signup_get_503_with_retry_after_when_the_hashing_queue_is_full() {
    let app = TestApp::with_hasher(Arc::new(AtCapacity));

    let signup = app.signup("trader@example.com", PASSWORD).await;
    let login = app.login("trader@example.com", PASSWORD).await;

    for reply in [&signup, &login] {
        assert_eq!(reply.status, StatusCode::SERVICE_UNAVAILABLE, "{}", reply.text);
        assert_eq!(reply.header("retry-after"), Some("2"));
        assert!(reply.detail().contains("busy"), "{}", reply.detail());
    }
}
