//! Password-reset tokens: the secret in the link a forgotten-password mail carries.
//!
//! Like a refresh token it is 256 random bits shown once (as hex) and stored only as its
//! SHA-256, so a leaked table row cannot be used; a fast hash suffices because the token is
//! uniformly random. It is spent on first use and dies [`RESET_TOKEN_LIFETIME`] after issue.

use std::fmt;

use chrono::{DateTime, Duration, Utc};
use sha2::{Digest, Sha256};

const TOKEN_BYTES: usize = 32;

/// How long a reset link works.
pub const RESET_TOKEN_LIFETIME: Duration = Duration::minutes(30);

/// The secret itself. Never stored, never in `Debug` output.
#[derive(Clone, PartialEq, Eq)]
pub struct ResetToken([u8; TOKEN_BYTES]);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the reset link is invalid or has expired; ask for a new one")]
pub struct MalformedResetToken;

impl ResetToken {
    /// 256 bits from the thread-local CSPRNG (ChaCha, seeded by the OS).
    pub fn generate() -> Self {
        Self(rand::random())
    }

    /// A token as the link carries it: exactly 64 hex digits.
    pub fn parse(raw: &str) -> Result<Self, MalformedResetToken> {
        let mut bytes = [0u8; TOKEN_BYTES];
        hex::decode_to_slice(raw.trim(), &mut bytes).map_err(|_| MalformedResetToken)?;
        Ok(Self(bytes))
    }

    pub fn expose(&self) -> String {
        hex::encode(self.0)
    }

    pub fn hash(&self) -> ResetTokenHash {
        ResetTokenHash(Sha256::digest(self.0).into())
    }
}

impl fmt::Debug for ResetToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ResetToken([REDACTED])")
    }
}

/// SHA-256 of a reset token: what storage keeps and looks tokens up by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ResetTokenHash([u8; 32]);

impl ResetTokenHash {
    pub fn to_hex(&self) -> String {
        hex::encode(self.0)
    }
}

/// When a token issued at `issued_at` stops working.
pub fn reset_expires_at(issued_at: DateTime<Utc>) -> DateTime<Utc> {
    issued_at + RESET_TOKEN_LIFETIME
}

/// The page of the dashboard that sets a new password with `token`.
pub fn reset_link(frontend_url: &str, token: &ResetToken) -> String {
    format!("{}/reset-password?token={}", frontend_url.trim_end_matches('/'), token.expose())
}

/// The mail that carries the link.
pub fn reset_mail_body(link: &str) -> String {
    format!(
        "Someone (hopefully you) asked to reset the password of your Signalbox account.\n\n\
         Choose a new password here (the link works once, for 30 minutes):\n{link}\n\n\
         If it was not you, ignore this mail: your password stays as it is.\n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn the_link_points_at_the_reset_page_with_the_token() {
        let token = ResetToken::parse(&"ab".repeat(32)).unwrap();
        assert_eq!(
            reset_link("https://signals.example.com/", &token),
            format!("https://signals.example.com/reset-password?token={}", "ab".repeat(32))
        );
    }

    #[test]
    fn a_token_lives_thirty_minutes() {
        let issued = Utc.with_ymd_and_hms(2026, 11, 28, 10, 0, 0).unwrap();
        assert_eq!(reset_expires_at(issued), Utc.with_ymd_and_hms(2026, 11, 28, 10, 30, 0).unwrap());
    }

    #[test]
    fn a_token_round_trips_and_anything_else_is_malformed() {
        let token = ResetToken::generate();
        assert_eq!(ResetToken::parse(&token.expose()).unwrap().hash(), token.hash());
        for bad in ["", "xyz", &"a".repeat(63)] {
            assert_eq!(ResetToken::parse(bad), Err(MalformedResetToken));
        }
    }

    #[test]
    fn debug_output_never_shows_the_token() {
        let token = ResetToken::generate();
        assert!(!format!("{token:?}").contains(&token.expose()));
    }
}
