//! How many signals one history page may hold: 1 to 200, 50 when not given.

/// A page size for the signal history, parsed at the edge.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HistoryLimit(usize);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("limit must be between {min} and {max}", min = HistoryLimit::MIN, max = HistoryLimit::MAX)]
pub struct HistoryLimitError;

impl HistoryLimit {
    pub const MIN: usize = 1;
    pub const MAX: usize = 200;
    pub const DEFAULT: HistoryLimit = HistoryLimit(50);

    /// # Errors
    /// [`HistoryLimitError`] outside `1..=200`.
    pub fn parse(raw: i64) -> Result<Self, HistoryLimitError> {
        usize::try_from(raw).ok().filter(|n| (Self::MIN..=Self::MAX).contains(n)).map(Self).ok_or(HistoryLimitError)
    }

    pub fn get(self) -> usize {
        self.0
    }
}

impl Default for HistoryLimit {
    fn default() -> Self {
        Self::DEFAULT
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_limit_is_between_1_and_200_and_50_by_default() {
        assert_eq!(HistoryLimit::parse(1).unwrap().get(), 1);
        assert_eq!(HistoryLimit::parse(200).unwrap().get(), 200);
        assert_eq!(HistoryLimit::parse(0), Err(HistoryLimitError));
        assert_eq!(HistoryLimit::parse(201), Err(HistoryLimitError));
        assert_eq!(HistoryLimit::parse(-5), Err(HistoryLimitError));
        assert_eq!(HistoryLimit::default().get(), 50);
    }
}
