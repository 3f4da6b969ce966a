//! The response enum of an operation that needs a bearer token.
//!
//! Every such operation answers 401 (with its `WWW-Authenticate` challenge), 422, 500 and 503
//! the same way; [`authenticated_response!`] adds those variants to the operation's own, wires
//! request-parsing errors (a refused token among them) to them, and gives it the shared 503/500
//! answers. Each operation still has its own enum, so `openapi.json` lists exactly what it can
//! answer.

macro_rules! authenticated_response {
    ($(#[$meta:meta])* pub enum $name:ident { $($variants:tt)* }) => {
        $(#[$meta])*
        #[derive(poem_openapi::ApiResponse)]
        #[oai(bad_request_handler = "crate::adapters::http::error_body::request_error")]
        pub enum $name {
            $($variants)*
            /// Missing, malformed, expired or forged token.
            #[oai(status = 401)]
            Unauthorized(
                poem_openapi::payload::Json<$crate::adapters::http::error_body::ErrorBody>,
                #[oai(header = "WWW-Authenticate")] String,
            ),
            /// A malformed request.
            #[oai(status = 422)]
            Invalid(poem_openapi::payload::Json<$crate::adapters::http::error_body::ErrorBody>),
            #[oai(status = 500)]
            Internal(poem_openapi::payload::Json<$crate::adapters::http::error_body::ErrorBody>),
            /// A backing service is unavailable; retry shortly.
            #[oai(status = 503)]
            Unavailable(poem_openapi::payload::Json<$crate::adapters::http::error_body::ErrorBody>),
        }

        impl $crate::adapters::http::error_body::FromRequestError for $name {
            fn from_request_error(error: $crate::adapters::http::error_body::RequestError) -> Self {
                use $crate::adapters::http::error_body::{ErrorBody, RequestError};
                match error {
                    RequestError::Unauthorized(unauthenticated) => unauthenticated.into(),
                    RequestError::UnsupportedMediaType(d) | RequestError::Unprocessable(d) => {
                        Self::Invalid(poem_openapi::payload::Json(ErrorBody::new(d)))
                    }
                }
            }
        }

        $crate::adapters::http::error_body::server_failures!($name);

        impl From<$crate::adapters::http::security::Unauthenticated> for $name {
            fn from(e: $crate::adapters::http::security::Unauthenticated) -> Self {
                Self::Unauthorized(e.body, e.challenge)
            }
        }
    };
}

pub(crate) use authenticated_response;
