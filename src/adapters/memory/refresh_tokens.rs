//! In-memory [`RefreshTokenStore`]: the fake counterpart of the SQL tables.
//!
//! One `std::sync::Mutex` over families and tokens makes `rotate`'s check-spend-insert a
//! single step, so of concurrent rotations with one token exactly one wins. Like the SQL
//! adapter it keeps times in whole seconds, so expiry lands on the same second in both.
//! Unlike SQL it cannot check that a family's user exists (users live in another fake); the
//! port leaves that case to the caller.

use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard};

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use crate::domain::{RefreshTokenHash, TokenFamilyId, UserId, is_retry};
use crate::ports::{NewRefreshToken, RefreshTokenStore, RotateOutcome, StoreError};

#[derive(Debug, Default)]
pub struct InMemoryRefreshTokens {
    state: Mutex<State>,
}

#[derive(Debug, Default)]
struct State {
    families: HashMap<TokenFamilyId, Family>,
    tokens: HashMap<RefreshTokenHash, Token>,
}

#[derive(Debug)]
struct Family {
    user: UserId,
    created_at: i64,
    revoked_at: Option<i64>,
}

#[derive(Debug)]
struct Token {
    family: TokenFamilyId,
    expires_at: i64,
    used_at: Option<i64>,
}

impl InMemoryRefreshTokens {
    pub fn new() -> Self {
        Self::default()
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        // Every write is a single insert or assignment, so a poisoned lock still guards
        // consistent data.
        self.state.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

impl State {
    fn insert(&mut self, family: TokenFamilyId, token: &NewRefreshToken) -> Result<(), StoreError> {
        if self.tokens.contains_key(&token.hash) {
            // The SQL primary key refuses a duplicate hash the same way.
            return Err(StoreError::unavailable(anyhow::anyhow!("duplicate refresh token hash")));
        }
        let stored = Token { family, expires_at: token.expires_at.timestamp(), used_at: None };
        self.tokens.insert(token.hash, stored);
        Ok(())
    }

    fn revoke(&mut self, family: TokenFamilyId, now: DateTime<Utc>) {
        if let Some(family) = self.families.get_mut(&family) {
            family.revoked_at.get_or_insert(now.timestamp());
        }
    }
}

#[async_trait]
impl RefreshTokenStore for InMemoryRefreshTokens {
    async fn start_family(
        &self,
        user: UserId,
        family: TokenFamilyId,
        first: &NewRefreshToken,
    ) -> Result<(), StoreError> {
        let mut state = self.lock();
        if state.families.contains_key(&family) {
            return Err(StoreError::unavailable(anyhow::anyhow!("duplicate token family id")));
        }
        state.insert(family, first)?;
        state.families.insert(family, Family { user, created_at: first.issued_at.timestamp(), revoked_at: None });
        Ok(())
    }

    async fn rotate(
        &self,
        presented: &RefreshTokenHash,
        successor: &NewRefreshToken,
        now: DateTime<Utc>,
        started_after: DateTime<Utc>,
    ) -> Result<RotateOutcome, StoreError> {
        let mut state = self.lock();
        let Some(token) = state.tokens.get(presented) else { return Ok(RotateOutcome::Unknown) };
        let (family_id, used_at, expires_at) = (token.family, token.used_at, token.expires_at);
        let family = state.families.get(&family_id).expect("tokens are only inserted into existing families");
        let (user, created_at) = (family.user, family.created_at);
        if family.revoked_at.is_some() {
            return Ok(RotateOutcome::Revoked);
        }
        if let Some(used_at) = used_at {
            if is_retry(used_at, now.timestamp()) && created_at > started_after.timestamp() {
                for token in state.tokens.values_mut().filter(|t| t.family == family_id && t.used_at.is_none()) {
                    token.used_at = Some(now.timestamp());
                }
                state.insert(family_id, successor)?;
                return Ok(RotateOutcome::Retried { user, family: family_id });
            }
            state.revoke(family_id, now);
            return Ok(RotateOutcome::Reused { user, family: family_id });
        }
        if created_at <= started_after.timestamp() {
            return Ok(RotateOutcome::SessionEnded);
        }
        if expires_at <= now.timestamp() {
            return Ok(RotateOutcome::Expired);
        }
        state.insert(family_id, successor)?;
        state.tokens.get_mut(presented).expect("read above, under the same lock").used_at = Some(now.timestamp());
        Ok(RotateOutcome::Rotated { user, family: family_id })
    }

    async fn family_of(&self, token: &RefreshTokenHash) -> Result<Option<TokenFamilyId>, StoreError> {
        Ok(self.lock().tokens.get(token).map(|t| t.family))
    }

    async fn revoke_family(&self, family: TokenFamilyId, now: DateTime<Utc>) -> Result<(), StoreError> {
        self.lock().revoke(family, now);
        Ok(())
    }

    async fn purge(&self, now: DateTime<Utc>, started_before: DateTime<Utc>) -> Result<u64, StoreError> {
        let mut state = self.lock();
        let (now, started_before) = (now.timestamp(), started_before.timestamp());
        let state = &mut *state;
        let ended = |f: &Family| f.revoked_at.is_some() || f.created_at <= started_before;
        let before = state.tokens.len();
        let families = &state.families;
        state.tokens.retain(|_, t| t.expires_at > now && !families.get(&t.family).is_some_and(ended));
        let deleted = before - state.tokens.len();
        let alive: std::collections::HashSet<TokenFamilyId> = state.tokens.values().map(|t| t.family).collect();
        state.families.retain(|id, f| !ended(f) && alive.contains(id));
        Ok(deleted as u64)
    }

    async fn revoke_user_families(
        &self,
        user: UserId,
        keep: Option<TokenFamilyId>,
        now: DateTime<Utc>,
    ) -> Result<u64, StoreError> {
        let mut state = self.lock();
        let mut revoked = 0;
        for (id, family) in state.families.iter_mut() {
            if family.user == user && family.revoked_at.is_none() && Some(*id) != keep {
                family.revoked_at = Some(now.timestamp());
                revoked += 1;
            }
        }
        Ok(revoked)
    }
}
