//! Request-parsing failures, mapped onto each operation's own response enum.
//!
//! poem-openapi answers malformed requests with a plain-text 400 by default; our contract is a
//! JSON 422 (or 401 for a missing or refused token). Each response enum names
//! [`request_error`] as its `bad_request_handler` and says how to build those variants via
//! [`FromRequestError`].

use poem_openapi::error::{AuthorizationError, ContentTypeError};

use super::security::{TokenRejected, Unauthenticated};

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

/// [`FromRequestError`] for an operation that needs no token, whose response has
/// `UnsupportedMediaType` (415) and `Invalid` (422) variants: a token sent anyway is not an
/// error of its own, and a malformed body is 422.
macro_rules! request_errors_without_auth {
    ($ty:ident) => {
        impl $crate::adapters::http::request_error::FromRequestError for $ty {
            fn from_request_error(error: $crate::adapters::http::request_error::RequestError) -> Self {
                use poem_openapi::payload::Json;
                use $crate::adapters::http::error_body::ErrorBody;
                use $crate::adapters::http::request_error::RequestError;
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
