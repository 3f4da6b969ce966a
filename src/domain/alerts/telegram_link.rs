//! Linking a Telegram chat to an account: a one-time code in a `t.me/<bot>?start=<code>` deep
//! link, which Telegram hands back to our webhook as `/start <code>` from the user's chat.
//!
//! Only the code's SHA-256 is stored, so a read of the database cannot link a chat; the code
//! is 128 random bits, good for [`LINK_CODE_LIFETIME`], spent by its first use.

use std::fmt;

use chrono::Duration;
use rand::RngCore;
use sha2::{Digest, Sha256};

/// How long a link code may be used.
pub const LINK_CODE_LIFETIME: Duration = Duration::minutes(15);

/// A Telegram chat id (a user's private chat with the bot).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ChatId(pub i64);

/// A link code as the user's link carries it: 32 lowercase hex characters (Telegram allows
/// `A-Za-z0-9_-`, at most 64, in a start parameter).
#[derive(Clone, PartialEq, Eq)]
pub struct LinkCode(String);

impl fmt::Debug for LinkCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("LinkCode(<redacted>)")
    }
}

/// What is stored of a code.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct LinkCodeHash(String);

impl LinkCode {
    pub fn new_random() -> Self {
        let mut bytes = [0u8; 16];
        rand::rng().fill_bytes(&mut bytes);
        Self(hex::encode(bytes))
    }

    /// A code as it comes back from Telegram; `None` unless it has a code's shape.
    pub fn parse(raw: &str) -> Option<Self> {
        let raw = raw.trim();
        (raw.len() == 32 && raw.bytes().all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase()))
            .then(|| Self(raw.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn hash(&self) -> LinkCodeHash {
        LinkCodeHash(hex::encode(Sha256::digest(self.0.as_bytes())))
    }
}

impl LinkCodeHash {
    pub fn from_stored(raw: String) -> Self {
        Self(raw)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Compares two secrets in time that depends only on their lengths, so a forger cannot find
/// the webhook secret byte by byte from response times.
pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |diff, (x, y)| diff | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_code_parses_back_and_hashes_the_same() {
        let code = LinkCode::new_random();
        let parsed = LinkCode::parse(code.as_str()).unwrap();
        assert_eq!(parsed.hash(), code.hash());
        assert_ne!(LinkCode::new_random(), code);
    }

    #[test]
    fn codes_of_another_shape_are_refused() {
        assert_eq!(LinkCode::parse("short"), None);
        assert_eq!(LinkCode::parse(&"G".repeat(32)), None);
        assert_eq!(LinkCode::parse(&"A".repeat(32)), None);
    }

    #[test]
    fn secrets_compare_equal_only_when_identical() {
        assert!(constant_time_eq(b"secret", b"secret"));
        assert!(!constant_time_eq(b"secret", b"secreT"));
        assert!(!constant_time_eq(b"secret", b"secret2"));
    }
}
