//! The failures every storage port shares, by what the caller can do about them.
//!
//! An outage ([`StoreError::Unavailable`]) is worth retrying; a missing record or a conflict
//! with what is stored is not, so use cases turn those into their own business errors instead
//! of answering "try again later" (a 503 that makes Stripe retry a webhook for days).

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The backing service (database, Redis) failed or is unreachable: retrying may help.
    /// The message carries the cause (`storage backend unavailable: pool timed out`): the
    /// background loops log errors with `%err`, which shows no source, and an operator
    /// reading "unavailable" alone cannot tell a full pool from a refused connection.
    #[error("storage backend unavailable: {0:#}")]
    Unavailable(anyhow::Error),
    /// The record the operation needs does not exist.
    #[error("not found: {0}")]
    NotFound(String),
    /// The operation contradicts what is stored (e.g. a Stripe customer already linked to
    /// another user); retrying cannot help.
    #[error("conflict: {0}")]
    Conflict(String),
}

impl StoreError {
    pub fn unavailable(err: impl Into<anyhow::Error>) -> Self {
        Self::Unavailable(err.into())
    }

    /// An outage, as opposed to a business outcome.
    pub fn is_unavailable(&self) -> bool {
        matches!(self, Self::Unavailable(_))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_outage_says_its_cause_once_however_it_is_printed() {
        let err = StoreError::unavailable(anyhow::anyhow!("pool timed out").context("reading the plan"));

        assert_eq!(err.to_string(), "storage backend unavailable: reading the plan: pool timed out");
        assert_eq!(
            format!("{:#}", anyhow::Error::from(err)),
            "storage backend unavailable: reading the plan: pool timed out"
        );
    }
}
