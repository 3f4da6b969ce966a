//! The failures every storage port shares, by what the caller can do about them.
//!
//! An outage ([`StoreError::Unavailable`]) is worth retrying; a missing record or a conflict
//! with what is stored is not, so use cases turn those into their own business errors instead
//! of answering "try again later" (a 503 that makes Stripe retry a webhook for days).

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The backing service (database, Redis) failed or is unreachable: retrying may help.
    #[error("storage backend unavailable")]
    Unavailable(#[source] anyhow::Error),
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
