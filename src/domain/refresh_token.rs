//! Refresh tokens: the long-lived half of a session, kept by the browser in an `HttpOnly`
//! cookie and exchanged for a fresh access token.
//!
//! A token is 256 random bits, shown to the client once as hex. We only ever keep its
//! SHA-256 ([`RefreshTokenHash`]): a leaked database row cannot be replayed, and because the
//! token is uniformly random a plain fast hash is enough (no salt or slow hash is needed,
//! unlike passwords, which are guessable).
//!
//! Tokens belong to a [`TokenFamilyId`]: one login's chain of rotated tokens. Each refresh
//! spends the presented token and issues its successor in the same family; presenting a
//! spent token again means someone else holds a copy, so the whole family is revoked.
//!
//! Except within [`RETRY_GRACE_SECS`] of its spending: a client whose answer was lost (a page
//! reloaded mid-refresh, a phone dropping off the network) presents the same token again a
//! moment later, and ending its session for that would log owners out for nothing. Such a
//! retry supersedes the successor it never received (spent, unused) with a new one, so the
//! family still has exactly one live token; a thief who raced in within that window still
//! gets caught, at the owner's next refresh with a token the retry superseded.

use std::fmt;
use std::str::FromStr;

use sha2::{Digest, Sha256};

use super::IdError;

const TOKEN_BYTES: usize = 32;

/// How long after a token was spent presenting it again counts as the same client retrying
/// (see the module comment), not as reuse. Long enough for a reload or a retried request; far
/// shorter than the 30-minute access token, so a thief's window is no wider than the owner's.
pub const RETRY_GRACE_SECS: i64 = 10;

/// Whether presenting again, at `now`, a token spent at `spent_at` (both in whole Unix
/// seconds, as the stores keep them) is the same client retrying rather than reuse.
pub fn is_retry(spent_at: i64, now: i64) -> bool {
    spent_at >= now - RETRY_GRACE_SECS
}

/// One login's chain of refresh tokens; revoking it ends that session on every device the
/// chain reached.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct TokenFamilyId(uuid::Uuid);

impl TokenFamilyId {
    pub fn new_random() -> Self {
        Self(uuid::Uuid::new_v4())
    }
}

impl FromStr for TokenFamilyId {
    type Err = IdError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        uuid::Uuid::parse_str(s.trim()).map(Self).map_err(|_| IdError::Malformed { kind: "token family id" })
    }
}

impl fmt::Display for TokenFamilyId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// The secret itself. Never stored, never in `Debug` output.
#[derive(Clone, PartialEq, Eq)]
pub struct RefreshToken([u8; TOKEN_BYTES]);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("refresh token is malformed")]
pub struct MalformedRefreshToken;

impl RefreshToken {
    /// 256 bits from the thread-local CSPRNG (ChaCha, seeded by the OS).
    pub fn generate() -> Self {
        Self(rand::random())
    }

    /// A token as the client presents it: exactly 64 hex digits.
    pub fn parse(raw: &str) -> Result<Self, MalformedRefreshToken> {
        let mut bytes = [0u8; TOKEN_BYTES];
        hex::decode_to_slice(raw.trim(), &mut bytes).map_err(|_| MalformedRefreshToken)?;
        Ok(Self(bytes))
    }

    /// The text sent to the client.
    pub fn expose(&self) -> String {
        hex::encode(self.0)
    }

    pub fn hash(&self) -> RefreshTokenHash {
        RefreshTokenHash(Sha256::digest(self.0).into())
    }
}

impl fmt::Debug for RefreshToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("RefreshToken([REDACTED])")
    }
}

/// SHA-256 of a refresh token: what storage keeps and looks tokens up by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct RefreshTokenHash([u8; 32]);

impl RefreshTokenHash {
    pub fn to_hex(&self) -> String {
        hex::encode(self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_presented_again_within_the_grace_is_a_retry_and_one_second_later_is_not() {
        let spent_at = 1_764_000_000;
        assert!(is_retry(spent_at, spent_at));
        assert!(is_retry(spent_at, spent_at + RETRY_GRACE_SECS));
        assert!(!is_retry(spent_at, spent_at + RETRY_GRACE_SECS + 1));
    }

    #[test]
    fn a_token_round_trips_through_its_text_and_hashes_the_same() {
        let token = RefreshToken::generate();
        let text = token.expose();

        let parsed = RefreshToken::parse(&text).unwrap();

        assert_eq!(text.len(), 64);
        assert_eq!(parsed.hash(), token.hash());
    }

    #[test]
    fn two_generated_tokens_differ() {
        assert_ne!(RefreshToken::generate().hash(), RefreshToken::generate().hash());
    }

    #[test]
    fn anything_but_sixty_four_hex_digits_is_malformed() {
        for bad in ["", "abc", &"g".repeat(64), &"a".repeat(63), &"a".repeat(66)] {
            assert_eq!(RefreshToken::parse(bad), Err(MalformedRefreshToken), "{bad:?}");
        }
    }

    #[test]
    fn the_hash_is_sha256_of_the_raw_bytes() {
        let token = RefreshToken::parse(&"00".repeat(32)).unwrap();
        // SHA-256 of 32 zero bytes.
        assert_eq!(token.hash().to_hex(), "66687aadf862bd776c8fc18b8e9f8e20089714856ee233b3902a591d0d5f2925");
    }

    #[test]
    fn debug_output_never_shows_the_token() {
        let token = RefreshToken::generate();
        assert!(!format!("{token:?}").contains(&token.expose()));
    }
}
