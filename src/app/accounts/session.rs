//! A session: a short-lived access token for API calls plus the refresh token that renews
//! it. Log-in starts one (a new token family); refresh continues it.

use chrono::{DateTime, Utc};

use super::AccountsService;
use crate::domain::{RefreshToken, TokenFamilyId, UserId};
use crate::ports::{AccessToken, NewRefreshToken, StoreError};

#[derive(Debug)]
pub struct Session {
    pub access: AccessToken,
    pub refresh: RefreshToken,
    /// Seconds until the refresh token expires (the cookie's `Max-Age`).
    pub refresh_expires_in_secs: u64,
}

impl AccountsService {
    /// Starts a new token family for `user` and returns its first tokens. Generic over the
    /// caller's error, so a store outage reaches it as an outage.
    pub(crate) async fn start_session<E>(&self, user: UserId) -> Result<Session, E>
    where
        E: From<StoreError> + From<anyhow::Error>,
    {
        let now = self.now();
        let (refresh, record) = self.new_refresh_token(now);
        let family = TokenFamilyId::new_random();
        self.refresh_tokens.start_family(user, family, &record).await?;
        Ok(self.session(user, family, refresh, now)?)
    }

    /// A fresh random token and what the store keeps of it.
    pub(crate) fn new_refresh_token(&self, now: DateTime<Utc>) -> (RefreshToken, NewRefreshToken) {
        let token = RefreshToken::generate();
        let record =
            NewRefreshToken { hash: token.hash(), issued_at: now, expires_at: now + self.policies.refresh_token_ttl };
        (token, record)
    }

    pub(crate) fn session(
        &self,
        user: UserId,
        family: TokenFamilyId,
        refresh: RefreshToken,
        now: DateTime<Utc>,
    ) -> anyhow::Result<Session> {
        Ok(Session {
            access: self.tokens.issue(user, family, now)?,
            refresh,
            refresh_expires_in_secs: self.policies.refresh_token_ttl.num_seconds().max(0) as u64,
        })
    }
}
