//! "Something about this user's access changed", as announced to every instance.

use crate::domain::{TokenFamilyId, UserId};

/// One announcement on the account-change bus. Every instance drops what it cached of the
/// user and ends the streams the change takes away.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AccessChange {
    /// The user's billing state changed: the plan may now be different.
    Billing(UserId),
    /// One session (refresh-token family) ended: a logout, or a replayed refresh token. Session
    /// ids are random and never reused, so the session alone says whose it was.
    SessionEnded { session: TokenFamilyId },
    /// Sessions were revoked: every one of the user's, or all but `kept` (the session that
    /// changed the password keeps going).
    SessionsRevoked { user: UserId, kept: Option<TokenFamilyId>, password_changed: bool },
    /// The account no longer exists.
    AccountDeleted(UserId),
    /// Announcements may have been lost (the bus reconnected, or a subscriber fell behind):
    /// trust nothing cached and check again.
    MaybeMissed,
}

impl AccessChange {
    /// The user the change is about, where it names one.
    pub fn user(&self) -> Option<UserId> {
        match *self {
            Self::Billing(user) | Self::SessionsRevoked { user, .. } | Self::AccountDeleted(user) => Some(user),
            Self::SessionEnded { .. } | Self::MaybeMissed => None,
        }
    }
}
