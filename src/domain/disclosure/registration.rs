//! A SEBI research-analyst registration number: `INH` and nine digits (`INH000012345`), the
//! shape SEBI's register prints. A typo here would put a wrong number in every page's footer,
//! so a value of any other shape is refused at startup rather than shown.

use std::fmt;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RaRegistrationNo(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("a SEBI research-analyst registration number is INH followed by 9 digits (e.g. INH000012345)")]
pub struct RaRegistrationError;

impl RaRegistrationNo {
    /// Surrounding spaces are dropped and the prefix may be typed in lower case; nothing else
    /// is forgiven.
    ///
    /// # Errors
    /// [`RaRegistrationError`] for anything but `INH` + 9 ASCII digits.
    pub fn parse(raw: &str) -> Result<Self, RaRegistrationError> {
        let upper = raw.trim().to_ascii_uppercase();
        let digits = upper.strip_prefix("INH").ok_or(RaRegistrationError)?;
        if digits.len() == 9 && digits.bytes().all(|b| b.is_ascii_digit()) {
            Ok(Self(upper))
        } else {
            Err(RaRegistrationError)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for RaRegistrationNo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inh_and_nine_digits_is_a_registration_number() {
        assert_eq!(RaRegistrationNo::parse("INH000012345").unwrap().as_str(), "INH000012345");
        assert_eq!(RaRegistrationNo::parse(" inh000012345 ").unwrap().as_str(), "INH000012345");
    }

    #[test]
    fn any_other_shape_is_refused() {
        for bad in
            ["", "INH", "INH00001234", "INH0000123456", "INA000012345", "INH00001234X", "INH 000012345", "000012345"]
        {
            assert_eq!(RaRegistrationNo::parse(bad), Err(RaRegistrationError), "{bad:?}");
        }
    }
}
