//! Where candles come from, so every signal can say whether it was computed on the real
//! market: a trader pays for signals on NSE prices, and a simulated price must never pass
//! for one.

/// A market-data source's name (`simulator`, `database`, `yahoo`, …): 1–32 lowercase ASCII
/// letters, digits, `-` or `_`, so it is safe in logs, URLs and storage as it is.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct SourceName(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("a market-data source name is 1–32 lowercase letters, digits, `-` or `_`, not {0:?}")]
pub struct SourceNameError(pub String);

impl SourceName {
    /// The simulated market.
    pub const SIMULATOR: &'static str = "simulator";
    /// Candles imported into the database.
    pub const DATABASE: &'static str = "database";
    /// The Yahoo Finance chart API.
    pub const YAHOO: &'static str = "yahoo";

    /// # Errors
    /// [`SourceNameError`] when `raw` is empty, longer than 32 or has other characters.
    pub fn parse(raw: &str) -> Result<Self, SourceNameError> {
        let valid = (1..=32).contains(&raw.len())
            && raw.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_');
        if valid { Ok(Self(raw.to_owned())) } else { Err(SourceNameError(raw.to_owned())) }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for SourceName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Where a source's candles come from: its name and whether its prices are simulated.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Provenance {
    pub source: SourceName,
    pub simulated: bool,
}

impl Provenance {
    /// A real-market source named `name` (one of the [`SourceName`] constants or a checked name).
    ///
    /// # Panics
    /// When `name` is not a valid source name: call it with constants only.
    pub fn real(name: &str) -> Self {
        Self { source: SourceName::parse(name).expect("a constant source name"), simulated: false }
    }

    /// The simulated market.
    pub fn simulator() -> Self {
        Self { source: SourceName::parse(SourceName::SIMULATOR).expect("a constant source name"), simulated: true }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn source_names_are_short_lowercase_words() {
        assert_eq!(SourceName::parse("yahoo").unwrap().as_str(), "yahoo");
        assert_eq!(SourceName::parse("nse-feed_2").unwrap().to_string(), "nse-feed_2");
        for bad in ["", "Yahoo", "two words", "x".repeat(33).as_str(), "é"] {
            assert!(SourceName::parse(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn only_the_simulator_is_simulated() {
        assert!(Provenance::simulator().simulated);
        assert_eq!(Provenance::simulator().source.as_str(), "simulator");
        assert!(!Provenance::real(SourceName::DATABASE).simulated);
    }
}
