//! A candidate password that meets the policy.
//!
//! The policy follows NIST SP 800-63B: a length floor, a generous ceiling (argon2 cost grows
//! with input, so an unbounded password is a denial-of-service lever), and no composition rules.
//! The value never appears in `Debug` output, so it cannot leak through a log line.
//!
//! A password being *chosen* (sign-up) must also not be one attackers try first: SP 800-63B
//! asks for a check against lists of common and compromised passwords. We use zxcvbn's
//! estimate, which covers the common-password lists plus the patterns they miss (keyboard rows,
//! repeats, dates, the user's own email), and refuse anything it expects to fall within a
//! million guesses. Logging in parses with [`Password::parse`] only, so an account created
//! before this rule can still sign in.

use secrecy::{ExposeSecret, SecretString};

pub const MIN_PASSWORD_CHARS: usize = 8;
pub const MAX_PASSWORD_CHARS: usize = 128;

/// A password zxcvbn expects to be guessed within 10^6 attempts (its scores 0 and 1: "too
/// guessable", "very guessable") is refused at sign-up. At 10 guesses per minute per address,
/// that is what a modest botnet gets through in a day.
const MIN_STRENGTH: zxcvbn::Score = zxcvbn::Score::Two;

#[derive(Clone)]
pub struct Password(SecretString);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PasswordError {
    #[error("password must be at least {MIN_PASSWORD_CHARS} characters")]
    TooShort,
    #[error("password must be at most {MAX_PASSWORD_CHARS} characters")]
    TooLong,
    /// The hint is zxcvbn's reason ("This is a top-100 common password."), when it gives one.
    #[error("password is too easy to guess{}; choose a longer, less predictable one", hint.as_deref().map(|h| format!(" ({})", h.trim_end_matches('.'))).unwrap_or_default())]
    TooCommon { hint: Option<String> },
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

    /// A password someone is choosing now: [`Password::parse`]'s rules, and it must not be
    /// easy to guess. `user_inputs` are words an attacker would try for this user (the email).
    pub fn parse_new(raw: &str, user_inputs: &[&str]) -> Result<Self, PasswordError> {
        let password = Self::parse(raw)?;
        // zxcvbn reads at most the first 100 characters, so this is bounded like the length.
        let estimate = zxcvbn::zxcvbn(raw, user_inputs);
        if estimate.score() < MIN_STRENGTH {
            let hint = estimate.feedback().and_then(|f| f.warning()).map(|w| w.to_string());
            return Err(PasswordError::TooCommon { hint });
        }
        Ok(password)
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
    fn very_common_passwords_are_refused_when_chosen() {
        for common in ["password", "password1", "12345678", "qwertyuiop", "iloveyou", "aaaaaaaaaa", "abcdefgh1"] {
            assert!(
                matches!(Password::parse_new(common, &[]), Err(PasswordError::TooCommon { .. })),
                "{common:?} was accepted"
            );
        }
    }

    #[test]
    fn the_refusal_says_why_in_words_a_user_understands() {
        let err = Password::parse_new("password", &[]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "password is too easy to guess (This is a top-10 common password); choose a longer, less predictable one"
        );
    }

    #[test]
    fn the_users_own_email_does_not_make_a_password() {
        assert!(Password::parse_new("trader.kumar", &[]).is_ok());
        assert!(matches!(
            Password::parse_new("trader.kumar", &["trader.kumar@example.com", "trader.kumar"]),
            Err(PasswordError::TooCommon { .. })
        ));
    }

    #[test]
    fn ordinary_passphrases_are_accepted() {
        // Including those the README, the e2e walk, the benchmark and the API fuzzing sign up with.
        for fine in [
            "correct-horse",
            "correct-horse-battery",
            "bench-password-123",
            "fuzz-password-123",
            "Monsoon rides to Pune",
        ] {
            assert!(Password::parse_new(fine, &[]).is_ok(), "{fine:?} was refused");
        }
    }

    #[test]
    fn length_rules_come_first() {
        assert_eq!(Password::parse_new("1234567", &[]).unwrap_err(), PasswordError::TooShort);
        assert_eq!(Password::parse_new(&"a".repeat(129), &[]).unwrap_err(), PasswordError::TooLong);
    }

    #[test]
    fn logging_in_with_an_old_common_password_still_parses() {
        assert!(Password::parse("password1").is_ok());
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
