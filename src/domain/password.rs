//! A candidate password that meets the policy.
//!
//! The policy follows NIST SP 800-63B: a length floor, a generous ceiling (argon2 cost grows
//! with input, so an unbounded password is a denial-of-service lever), and no composition rules.
//! The value never appears in `Debug` output, so it cannot leak through a log line.

use secrecy::{ExposeSecret, SecretString};

pub const MIN_PASSWORD_CHARS: usize = 8;
pub const MAX_PASSWORD_CHARS: usize = 128;

#[derive(Clone)]
pub struct Password(SecretString);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PasswordError {
    #[error("password must be at least {MIN_PASSWORD_CHARS} characters")]
    TooShort,
    #[error("password must be at most {MAX_PASSWORD_CHARS} characters")]
    TooLong,
}

impl Password {
    pub fn parse(raw: &str) -> Result<Self, PasswordError> {
        let chars = raw.chars().count();
        if chars < MIN_PASSWORD_CHARS {
            return Err(PasswordError::TooShort);
        }
        if chars > MAX_PASSWORD_CHARS {
            return Err(PasswordError::TooLong);
        }
        Ok(Self(SecretString::from(raw.to_owned())))
    }

    pub fn expose(&self) -> &str {
        self.0.expose_secret()
    }
}

impl std::fmt::Debug for Password {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Password([REDACTED])")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_eight_characters_and_rejects_seven() {
        assert!(Password::parse("12345678").is_ok());
        assert_eq!(Password::parse("1234567").unwrap_err(), PasswordError::TooShort);
    }

    #[test]
    fn counts_characters_not_bytes() {
        // Seven rupee signs are 21 bytes but still too short.
        assert_eq!(Password::parse("₹₹₹₹₹₹₹").unwrap_err(), PasswordError::TooShort);
    }

    #[test]
    fn rejects_passwords_longer_than_the_ceiling() {
        assert_eq!(Password::parse(&"x".repeat(129)).unwrap_err(), PasswordError::TooLong);
    }

    #[test]
    fn debug_output_never_shows_the_secret() {
        let password = Password::parse("hunter2hunter2").unwrap();
        assert!(!format!("{password:?}").contains("hunter2"));
    }
}

/// A stored password hash in PHC string format (`$argon2id$v=19$…`). Opaque to the domain:
/// only the password-hasher adapter creates or reads one.
#[derive(Clone, PartialEq, Eq)]
pub struct PasswordHash(String);

impl PasswordHash {
    pub fn from_phc(phc: String) -> Self {
        Self(phc)
    }

    pub fn as_phc(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for PasswordHash {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PasswordHash([REDACTED])")
    }
}
