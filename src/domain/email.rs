//! An email address that is valid by construction.
//!
//! We normalise (trim, lowercase) once here so that "Alice@X.com " and "alice@x.com" are the
//! same account everywhere downstream: uniqueness, login and the Stripe customer.

use std::fmt;

/// A syntactically plausible, normalised email address.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Email(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EmailError {
    #[error("email must not be empty")]
    Empty,
    #[error("email is too long (at most 254 characters)")]
    TooLong,
    #[error("email must look like name@example.com")]
    Malformed,
}

impl Email {
    /// Parses user input. Deliberately not a full RFC 5322 parser: we accept what mail
    /// providers accept in practice and reject what is clearly not an address.
    pub fn parse(raw: &str) -> Result<Self, EmailError> {
        let normalised = raw.trim().to_lowercase();
        if normalised.is_empty() {
            return Err(EmailError::Empty);
        }
        if normalised.len() > 254 {
            return Err(EmailError::TooLong);
        }
        let (local, domain) = normalised.split_once('@').ok_or(EmailError::Malformed)?;
        let domain_ok = domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !domain.contains("..")
            && domain.chars().all(|c| c.is_alphanumeric() || c == '.' || c == '-');
        let local_ok = !local.is_empty()
            && local.len() <= 64
            && !local.chars().any(|c| c.is_whitespace() || c == '@' || c.is_control());
        if !domain_ok || !local_ok {
            return Err(EmailError::Malformed);
        }
        Ok(Self(normalised))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trims_and_lowercases_so_one_person_has_one_account() {
        let email = Email::parse("  Trader@Example.COM ").unwrap();
        assert_eq!(email.as_str(), "trader@example.com");
    }

    #[test]
    fn rejects_strings_that_are_not_addresses() {
        for bad in
            ["", "   ", "no-at-sign", "@example.com", "a@", "a@nodot", "a@.com", "a@b..com", "a b@c.com", "a@b@c.com"]
        {
            assert!(Email::parse(bad).is_err(), "{bad:?} should be rejected");
        }
    }

    #[test]
    fn rejects_overlong_addresses() {
        let long = format!("{}@example.com", "a".repeat(250));
        assert_eq!(Email::parse(&long), Err(EmailError::TooLong));
    }
}
