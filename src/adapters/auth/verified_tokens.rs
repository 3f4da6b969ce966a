//! Access tokens this process has already verified, with the claims read from them.
//!
//! A client sends the same token with every request for up to 30 minutes; checking its
//! signature and parsing its JSON each time was a tenth of a cached `/signals` request. A
//! token's signature and claims cannot change, so the answer is remembered by the token's
//! exact text; what depends on the time (expiry, issued-in-the-future) is checked again on
//! every use. Only tokens that passed verification are kept, so a stranger cannot fill this:
//! forged tokens are never entries. The size is bounded all the same (expired entries go
//! first, then everything), which costs at most a re-verification.

use std::collections::HashMap;
use std::sync::Mutex;

use chrono::{DateTime, Utc};

use crate::domain::{TokenFamilyId, UserId};
use crate::ports::VerifiedAccess;

/// What a verified token says, minus what must be checked against the clock each time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct VerifiedClaims {
    pub user: UserId,
    pub session: Option<TokenFamilyId>,
    pub issued_at: i64,
    pub expires_at: i64,
}

impl VerifiedClaims {
    pub(super) fn access(&self) -> VerifiedAccess {
        VerifiedAccess {
            user: self.user,
            session: self.session,
            expires_at: DateTime::<Utc>::from_timestamp(self.expires_at, 0).unwrap_or(DateTime::<Utc>::MAX_UTC),
        }
    }
}

pub(super) struct VerifiedTokens {
    entries: Mutex<HashMap<Box<str>, VerifiedClaims>>,
    capacity: usize,
}

impl VerifiedTokens {
    pub(super) fn with_capacity(capacity: usize) -> Self {
        Self { entries: Mutex::new(HashMap::new()), capacity: capacity.max(1) }
    }

    pub(super) fn get(&self, token: &str) -> Option<VerifiedClaims> {
        self.entries.lock().expect("verified tokens poisoned").get(token).copied()
    }

    /// Remembers `claims` for `token`. When full, entries that `still_valid` rejects go
    /// first; if none do, all of them.
    pub(super) fn insert(&self, token: &str, claims: VerifiedClaims, still_valid: impl Fn(&VerifiedClaims) -> bool) {
        let mut entries = self.entries.lock().expect("verified tokens poisoned");
        if entries.len() >= self.capacity {
            entries.retain(|_, claims| still_valid(claims));
            if entries.len() >= self.capacity {
                entries.clear();
            }
        }
        entries.insert(token.into(), claims);
    }

    #[cfg(test)]
    pub(super) fn len(&self) -> usize {
        self.entries.lock().unwrap().len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claims(expires_at: i64) -> VerifiedClaims {
        VerifiedClaims { user: UserId::new_random(), session: None, issued_at: 0, expires_at }
    }

    #[test]
    fn a_remembered_token_is_found_by_its_exact_text_only() {
        let tokens = VerifiedTokens::with_capacity(10);
        let remembered = claims(100);
        tokens.insert("a.b.c", remembered, |_| true);

        assert_eq!(tokens.get("a.b.c"), Some(remembered));
        assert_eq!(tokens.get("a.b.C"), None);
        assert_eq!(tokens.get("a.b.c "), None);
    }

    #[test]
    fn when_full_expired_entries_go_first_then_everything() {
        let tokens = VerifiedTokens::with_capacity(3);
        tokens.insert("old", claims(10), |_| true);
        tokens.insert("live-1", claims(100), |_| true);
        tokens.insert("live-2", claims(100), |_| true);

        tokens.insert("new", claims(100), |c| c.expires_at > 50);
        assert_eq!(tokens.len(), 3);
        assert!(tokens.get("old").is_none() && tokens.get("live-1").is_some() && tokens.get("new").is_some());

        tokens.insert("newer", claims(100), |c| c.expires_at > 50);
        assert_eq!(tokens.len(), 1, "nothing expired: start over");
        assert!(tokens.get("newer").is_some());
    }
}
