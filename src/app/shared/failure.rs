//! The two failures every use case shares besides its business outcomes.
//!
//! Each use-case error has an `Unavailable(StoreError)` variant (a backing service is down:
//! retrying may help, HTTP answers 503) and an `Unexpected(anyhow::Error)` one (a bug, or a
//! storage answer the use case did not expect: 500). They are told apart where the store
//! answers, so the HTTP edge picks a status from the variant instead of searching a cause
//! chain.

/// `From<StoreError>` for use-case errors with `Unavailable(StoreError)` and
/// `Unexpected(anyhow::Error)` variants: an outage stays an outage; a not-found or conflict
/// that reaches this far was not expected by the use case, so it is a bug.
macro_rules! store_failures {
    ($($error:ty),+ $(,)?) => {$(
        impl From<$crate::ports::StoreError> for $error {
            fn from(err: $crate::ports::StoreError) -> Self {
                if err.is_unavailable() { Self::Unavailable(err) } else { Self::Unexpected(err.into()) }
            }
        }
    )+};
}

pub(crate) use store_failures;

/// What a client is told to wait when password hashing is at capacity: the queue drains in
/// about a second, so two is enough for a retry to find room.
pub(crate) const HASHING_BUSY_RETRY_AFTER_SECS: u64 = 2;

/// `From<HashError>` for use-case errors with `Busy { retry_after_secs }` and
/// `Unexpected(anyhow::Error)` variants.
macro_rules! hashing_failures {
    ($($error:ty),+ $(,)?) => {$(
        impl From<$crate::ports::HashError> for $error {
            fn from(err: $crate::ports::HashError) -> Self {
                match err {
                    $crate::ports::HashError::Busy => Self::Busy {
                        retry_after_secs: $crate::app::shared::failure::HASHING_BUSY_RETRY_AFTER_SECS,
                    },
                    $crate::ports::HashError::Failed(err) => Self::Unexpected(err),
                }
            }
        }
    )+};
}

pub(crate) use hashing_failures;
