//! In-memory [`PasswordResetStore`]: the fake counterpart of the SQL `password_reset_tokens`
//! table. One mutex makes `spend`'s check-and-spend a single step; times are whole seconds,
//! like the SQL columns, so expiry lands on the same second in both.

use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard};

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use crate::domain::{ResetTokenHash, UserId};
use crate::ports::{NewResetToken, PasswordResetStore, SpendOutcome, StoreError};

#[derive(Debug, Default)]
pub struct InMemoryPasswordResets {
    tokens: Mutex<HashMap<ResetTokenHash, Token>>,
}

#[derive(Debug)]
struct Token {
    user: UserId,
    expires_at: i64,
    used_at: Option<i64>,
}

impl InMemoryPasswordResets {
    pub fn new() -> Self {
        Self::default()
    }

    fn lock(&self) -> MutexGuard<'_, HashMap<ResetTokenHash, Token>> {
        // Every write is a single insert or assignment: a poisoned lock still guards
        // consistent data.
        self.tokens.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

#[async_trait]
impl PasswordResetStore for InMemoryPasswordResets {
    async fn issue(&self, token: &NewResetToken) -> Result<(), StoreError> {
        let mut tokens = self.lock();
        if tokens.contains_key(&token.hash) {
            return Err(StoreError::unavailable(anyhow::anyhow!("duplicate reset token hash")));
        }
        let stored = Token { user: token.user, expires_at: token.expires_at.timestamp(), used_at: None };
        tokens.insert(token.hash, stored);
        Ok(())
    }

    async fn spend(&self, presented: &ResetTokenHash, now: DateTime<Utc>) -> Result<SpendOutcome, StoreError> {
        let mut tokens = self.lock();
        let Some(token) = tokens.get_mut(presented) else { return Ok(SpendOutcome::Unknown) };
        if token.used_at.is_some() {
            return Ok(SpendOutcome::AlreadyUsed);
        }
        if token.expires_at <= now.timestamp() {
            return Ok(SpendOutcome::Expired);
        }
        token.used_at = Some(now.timestamp());
        Ok(SpendOutcome::Spent { user: token.user })
    }

    async fn revoke_all(&self, user: UserId, now: DateTime<Utc>) -> Result<u64, StoreError> {
        let mut revoked = 0;
        for token in self.lock().values_mut().filter(|t| t.user == user && t.used_at.is_none()) {
            token.used_at = Some(now.timestamp());
            revoked += 1;
        }
        Ok(revoked)
    }
}
