//! The one error shape (`{"detail": "..."}`) and the mapping of request-parsing failures.
//!
//! poem-openapi answers malformed requests with a plain-text 400 by default; our contract is a
//! JSON 422 (or 401 for a missing token). Each response enum names [`request_error`] as its
//! `bad_request_handler` and says how to build those variants via [`FromRequestError`].

use poem_openapi::Object;
use poem_openapi::error::{AuthorizationError, ContentTypeError};
use poem_openapi::payload::Json;

use super::security::{TokenRejected, Unauthenticated};
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

/// The detail of every 500: the cause is logged, never sent.
pub const INTERNAL_DETAIL: &str = "internal server error";
pub const UNAVAILABLE_DETAIL: &str = "a backing service is temporarily unavailable; please retry shortly";
pub const BEARER_CHALLENGE: &str = "Bearer";
pub const INVALID_TOKEN_CHALLENGE: &str = "Bearer error=\"invalid_token\"";

pub enum RequestError {
    /// No usable bearer token: missing, malformed, expired or forged.
    Unauthorized(Unauthenticated),
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
    let error = if let Some(rejected) = err.downcast_ref::<TokenRejected>() {
        RequestError::Unauthorized(Unauthenticated::invalid(rejected.detail()))
    } else if err.is::<AuthorizationError>() {
        RequestError::Unauthorized(Unauthenticated::missing_token())
    } else if err.is::<ContentTypeError>() {
        RequestError::UnsupportedMediaType(err.to_string())
    } else {
        RequestError::Unprocessable(err.to_string())
    };
    R::from_request_error(error)
}

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

/// [`FromRequestError`] for an operation that needs no token, whose response has
/// `UnsupportedMediaType` (415) and `Invalid` (422) variants: a token sent anyway is not an
/// error of its own, and a malformed body is 422.
macro_rules! request_errors_without_auth {
    ($ty:ident) => {
        impl $crate::adapters::http::error_body::FromRequestError for $ty {
            fn from_request_error(error: $crate::adapters::http::error_body::RequestError) -> Self {
                use poem_openapi::payload::Json;
                use $crate::adapters::http::error_body::{ErrorBody, RequestError};
                match error {
                    RequestError::UnsupportedMediaType(d) => Self::UnsupportedMediaType(Json(ErrorBody::new(d))),
                    RequestError::Unauthorized(_) => Self::Invalid(Json(ErrorBody::new("unexpected credentials"))),
                    RequestError::Unprocessable(d) => Self::Invalid(Json(ErrorBody::new(d))),
                }
            }
        }
    };
}

pub(crate) use request_errors_without_auth;
