//! The one error shape (`{"detail": "..."}`) and the 500/503 answers every operation shares.
//!
//! It knows nothing of authentication: request-parsing failures (a refused token among them)
//! are mapped in [`super::request_error`], which builds on this module and on
//! [`super::security`].

use poem_openapi::Object;
use poem_openapi::payload::Json;

use crate::ports::StoreError;

#[derive(Object, Debug, Clone)]
pub struct ErrorBody {
    /// What went wrong, for a human.
    pub detail: String,
}

impl ErrorBody {
    pub fn new(detail: impl Into<String>) -> Self {
        Self { detail: detail.into() }
    }
}

/// One wording for every 429, per client network or per account.
pub fn too_many_attempts(retry_after_secs: u64) -> Json<ErrorBody> {
    Json(ErrorBody::new(format!("too many attempts; try again in {retry_after_secs} seconds")))
}

/// The detail of every 500: the cause is logged, never sent.
pub const INTERNAL_DETAIL: &str = "internal server error";
pub const UNAVAILABLE_DETAIL: &str = "a backing service is temporarily unavailable; please retry shortly";
pub const BEARER_CHALLENGE: &str = "Bearer";
pub const INVALID_TOKEN_CHALLENGE: &str = "Bearer error=\"invalid_token\"";

/// The 503 and 500 answers every operation shares, for failures that are not its business:
/// a backing service that is down, and everything unexpected. Both log the cause; neither
/// sends it.
pub trait ServerFailure: Sized {
    fn unavailable(body: Json<ErrorBody>) -> Self;
    fn internal(body: Json<ErrorBody>) -> Self;

    /// A backing service is down: 503, so the client (or Stripe) retries.
    fn outage(err: StoreError) -> Self {
        tracing::error!(error = format!("{:#}", anyhow::Error::from(err)), unavailable = true, "request failed");
        Self::unavailable(Json(ErrorBody::new(UNAVAILABLE_DETAIL)))
    }

    /// Anything else: 500.
    fn bug(err: anyhow::Error) -> Self {
        tracing::error!(error = format!("{err:#}"), unavailable = false, "request failed");
        Self::internal(Json(ErrorBody::new(INTERNAL_DETAIL)))
    }
}

/// [`ServerFailure`] for a response enum with `Unavailable` (503) and `Internal` (500) variants.
macro_rules! server_failures {
    ($($response:ty),+ $(,)?) => {$(
        impl $crate::adapters::http::error_body::ServerFailure for $response {
            fn unavailable(body: poem_openapi::payload::Json<$crate::adapters::http::error_body::ErrorBody>) -> Self {
                Self::Unavailable(body)
            }
            fn internal(body: poem_openapi::payload::Json<$crate::adapters::http::error_body::ErrorBody>) -> Self {
                Self::Internal(body)
            }
        }
    )+};
}

pub(crate) use server_failures;
