//! The failures every operation that needs a bearer token answers the same way.
//!
//! Each such operation lists its 401 (with its `WWW-Authenticate` challenge), 422, 500 and
//! 503 variants on its own response enum, so `openapi.json` and a reader both see every
//! status. [`authenticated_failures!`] only implements, once, how those variants are built:
//! from request-parsing errors (a refused token among them), from input that did not parse
//! into a command ([`InvalidInput`](super::input::InvalidInput)), from a backing-service
//! outage or a bug, and from [`Unauthenticated`](crate::adapters::http::security::Unauthenticated).

macro_rules! authenticated_failures {
    ($name:ident) => {
        impl $crate::adapters::http::request_error::FromRequestError for $name {
            fn from_request_error(error: $crate::adapters::http::request_error::RequestError) -> Self {
                use $crate::adapters::http::error_body::ErrorBody;
                use $crate::adapters::http::request_error::RequestError;
                match error {
                    RequestError::Unauthorized(unauthenticated) => unauthenticated.into(),
                    RequestError::UnsupportedMediaType(d) | RequestError::Unprocessable(d) => {
                        Self::Invalid(poem_openapi::payload::Json(ErrorBody::new(d)))
                    }
                }
            }
        }

        $crate::adapters::http::error_body::server_failures!($name);

        impl From<$crate::adapters::http::api::input::InvalidInput> for $name {
            fn from($crate::adapters::http::api::input::InvalidInput(detail): $crate::adapters::http::api::input::InvalidInput) -> Self {
                Self::Invalid(poem_openapi::payload::Json($crate::adapters::http::error_body::ErrorBody::new(detail)))
            }
        }

        impl From<$crate::adapters::http::security::Unauthenticated> for $name {
            fn from(e: $crate::adapters::http::security::Unauthenticated) -> Self {
                Self::Unauthorized(e.body, e.challenge)
            }
        }
    };
}

pub(crate) use authenticated_failures;
