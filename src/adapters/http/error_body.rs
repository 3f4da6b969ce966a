//! The one error shape (`{"detail": "..."}`) and the mapping of request-parsing failures.
//!
//! poem-openapi answers malformed requests with a plain-text 400 by default; our contract is a
//! JSON 422 (or 401 for a missing token). Each response enum names [`request_error`] as its
//! `bad_request_handler` and says how to build those variants via [`FromRequestError`].

use poem_openapi::Object;
use poem_openapi::error::{AuthorizationError, ContentTypeError};

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

/// The detail of every 500: the cause is logged, never sent.
pub const INTERNAL_DETAIL: &str = "internal server error";
pub const UNAVAILABLE_DETAIL: &str = "a backing service is temporarily unavailable; please retry shortly";
pub const BEARER_CHALLENGE: &str = "Bearer";
pub const INVALID_TOKEN_CHALLENGE: &str = "Bearer error=\"invalid_token\"";

pub enum RequestError {
    /// No or unusable `Authorization` header.
    Unauthorized,
    /// Wrong or missing `Content-Type`.
    UnsupportedMediaType(String),
    /// Malformed JSON, wrong field types, missing fields, bad parameters.
    Unprocessable(String),
}

pub trait FromRequestError {
    fn from_request_error(error: RequestError) -> Self;
}

/// The `bad_request_handler` of every operation's response enum.
pub fn request_error<R: FromRequestError>(err: poem::Error) -> R {
    let error = if err.is::<AuthorizationError>() {
        RequestError::Unauthorized
    } else if err.is::<ContentTypeError>() {
        RequestError::UnsupportedMediaType(err.to_string())
    } else {
        RequestError::Unprocessable(err.to_string())
    };
    R::from_request_error(error)
}

/// Logs an unexpected failure with its cause chain and says whether it was a backing service
/// being down (→ 503) rather than a bug (→ 500).
pub fn log_unexpected(err: &anyhow::Error) -> bool {
    let unavailable = err.chain().any(|cause| cause.is::<crate::ports::StoreError>());
    tracing::error!(error = format!("{err:#}"), unavailable, "request failed");
    unavailable
}

/// The 503-or-500 answer for an unexpected failure, built from the caller's variants.
pub fn server_error<R>(
    err: &anyhow::Error,
    unavailable: impl FnOnce(poem_openapi::payload::Json<ErrorBody>) -> R,
    internal: impl FnOnce(poem_openapi::payload::Json<ErrorBody>) -> R,
) -> R {
    if log_unexpected(err) {
        unavailable(poem_openapi::payload::Json(ErrorBody::new(UNAVAILABLE_DETAIL)))
    } else {
        internal(poem_openapi::payload::Json(ErrorBody::new(INTERNAL_DETAIL)))
    }
}
