//! The one failure every storage port shares: the backend did not answer as it should.

/// The backing service (database, Redis) failed or is unreachable. Business outcomes such as
/// "email taken" are never reported this way; they have their own variants.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("storage backend unavailable")]
    Unavailable(#[source] anyhow::Error),
}

impl StoreError {
    pub fn unavailable(err: impl Into<anyhow::Error>) -> Self {
        Self::Unavailable(err.into())
    }
}
