//! Where refresh tokens live: hashed, grouped in families, spent exactly once.
//!
//! The store decides reuse, not the caller: "is this token unspent?" and "spend it and
//! insert its successor" must be one atomic step, or two concurrent refreshes with one
//! token could both succeed and fork the family into two live chains.

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use super::StoreError;
use crate::domain::{RefreshTokenHash, TokenFamilyId, UserId};

/// A token to store: its hash and its lifetime (kept in whole seconds).
#[derive(Clone, Debug)]
pub struct NewRefreshToken {
    pub hash: RefreshTokenHash,
    pub issued_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
}

/// What presenting a token at refresh time did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RotateOutcome {
    /// The token was live; it is now spent and the successor is the family's live token.
    Rotated { user: UserId, family: TokenFamilyId },
    /// The token was spent less than [`RETRY_GRACE_SECS`](crate::domain::RETRY_GRACE_SECS)
    /// ago: the same client retrying. Every unspent token of the family (the successor the
    /// client never received) is now spent and the new successor is the family's live token.
    Retried { user: UserId, family: TokenFamilyId },
    /// The token had been spent before: someone replayed it. The family is now revoked, so
    /// its newest token stops working too. Nothing was inserted.
    Reused { user: UserId, family: TokenFamilyId },
    /// The token's family was revoked earlier (logout or an earlier reuse).
    Revoked,
    /// The token is unspent but past its expiry.
    Expired,
    /// The token is live but its family (the session) started too long ago: the session has
    /// reached its absolute end. Nothing was spent or inserted.
    SessionEnded,
    /// No such token.
    Unknown,
}

#[async_trait]
pub trait RefreshTokenStore: Send + Sync {
    /// Starts a new family for `user` whose only token is `first`.
    ///
    /// # Errors
    /// `StoreError` on backend failure, and when `user` does not exist (the SQL adapter
    /// enforces that with a foreign key; callers only start families for users they found).
    async fn start_family(
        &self,
        user: UserId,
        family: TokenFamilyId,
        first: &NewRefreshToken,
    ) -> Result<(), StoreError>;

    /// Spends `presented` and stores `successor` in its family, as ONE atomic step:
    /// - unknown hash → [`RotateOutcome::Unknown`];
    /// - family revoked → [`RotateOutcome::Revoked`];
    /// - spent at or after `now − RETRY_GRACE_SECS` (whole seconds), in a family that has not
    ///   reached `started_after` → spend the family's unspent tokens, insert `successor`,
    ///   [`RotateOutcome::Retried`];
    /// - already spent (longer ago) → revoke the family, [`RotateOutcome::Reused`];
    /// - family started at or before `started_after` (in whole seconds) →
    ///   [`RotateOutcome::SessionEnded`];
    /// - `expires_at <= now` (in whole seconds) → [`RotateOutcome::Expired`];
    /// - otherwise mark it spent at `now`, insert `successor`, [`RotateOutcome::Rotated`].
    ///
    /// Only `Rotated` and `Retried` insert anything. Of N concurrent calls presenting one live
    /// token, exactly one returns `Rotated` and the others `Retried`, one after another, so
    /// the family ends with exactly one live token (the last one inserted).
    ///
    /// # Errors
    /// `StoreError` on backend failure; then nothing changed.
    async fn rotate(
        &self,
        presented: &RefreshTokenHash,
        successor: &NewRefreshToken,
        now: DateTime<Utc>,
        started_after: DateTime<Utc>,
    ) -> Result<RotateOutcome, StoreError>;

    /// The family `token` belongs to, whatever its state (spent, expired, revoked).
    async fn family_of(&self, token: &RefreshTokenHash) -> Result<Option<TokenFamilyId>, StoreError>;

    /// Revokes `family` at `now`: none of its tokens can be rotated afterwards. Revoking an
    /// unknown or already revoked family is not an error and keeps the first revocation time.
    async fn revoke_family(&self, family: TokenFamilyId, now: DateTime<Utc>) -> Result<(), StoreError>;

    /// Retention: deletes every token with `expires_at <= now`, every token of a revoked
    /// family or of a family started at or before `started_before`, and then every family
    /// that is revoked, started at or before `started_before`, or has no token left. Returns
    /// how many tokens were deleted. Spent tokens that have not expired are kept: presenting
    /// one again must still be recognised as reuse.
    ///
    /// Idempotent, so every instance may run it without coordination. A deleted token
    /// presented later is [`RotateOutcome::Unknown`], refused like any other dead token.
    ///
    /// # Errors
    /// `StoreError` on backend failure.
    async fn purge(&self, now: DateTime<Utc>, started_before: DateTime<Utc>) -> Result<u64, StoreError>;

    /// Revokes, at `now`, every live family of `user` except `keep` (the session making the
    /// request, when it should survive). Returns how many families were revoked.
    ///
    /// # Errors
    /// `StoreError` on backend failure.
    async fn revoke_user_families(
        &self,
        user: UserId,
        keep: Option<TokenFamilyId>,
        now: DateTime<Utc>,
    ) -> Result<u64, StoreError>;
}
